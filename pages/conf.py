"""The pages app's knobs (trillmag/knobs.py explains the pattern)."""
from trillmag.knobs import Knob, Knobs

conf = Knobs(
    PAGES_PRIVACY_POLICY=Knob(
        "privacy-policy", "slug of the page the comment form's privacy note links to (no link while it is unpublished)"
    ),
)
