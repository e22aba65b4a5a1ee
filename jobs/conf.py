"""The jobs app's knobs (trillmag/knobs.py explains the pattern)."""
from trillmag.knobs import Knob, Knobs

conf = Knobs(
    JOBS_RETRY_DELAY=Knob(5, "seconds before a failed job is tried again; each later wait doubles"),
    JOBS_RETRY_MAX_DELAY=Knob(
        60, "longest wait between two tries of a failing job, in seconds: how late an email goes out once SMTP is back"
    ),
    JOBS_RETRY_FOR=Knob(
        60 * 60 * 24 * 2, "how long a failing job keeps being retried, in seconds, before it is failed for good",
        shown="2 days",
    ),
)
