"""The editing app's knobs (trillmag/knobs.py explains the pattern)."""
from trillmag.knobs import Knob, Knobs

conf = Knobs(
    EDITING_LOCK_SECONDS=Knob(
        120,
        "how long someone counts as editing an article or page after their open form last said so (it says so "
        "every quarter of this while they work in it); others opening it are told meanwhile",
    ),
)
