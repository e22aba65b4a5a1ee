"""Content that changes by itself at a known time (an article scheduled to go
live, or to expire). An app registers a source: the keys such a change makes
stale and a function telling when the next one is due. Each process asks that
function once per version of those keys; the first request after the due time
bumps the keys, and CDN lifetimes never reach past it."""
from django.db import DatabaseError
from django.utils import timezone

from .changes import bump_now
from .versions import VersionsUnknown


class Schedule:
    def __init__(self, keys, next_change):
        self.keys = tuple(keys)
        self.next_change = next_change
        # (versions of the keys, when the next change is due) as this process saw
        # them last: one tuple, replaced whole, so a thread never pairs one
        # version's due time with another version (gunicorn runs threads).
        self.seen = (None, None)


_schedules = []


def register_schedule(keys, next_change):
    """`next_change()` returns when the content behind `keys` next changes by
    itself (an aware datetime), or None."""
    _schedules.append(Schedule(keys, next_change))


class DueTimeUnknown(VersionsUnknown):
    """The database could not say when the next change is due."""


def check(reading, keys):
    """Bumps the keys of any source among `keys` whose change has come due, so
    that `reading` holds versions that are current at this moment."""
    for schedule in _schedules:
        if keys and not set(schedule.keys) & set(keys):
            continue
        for _ in range(2):
            reading.read(schedule.keys)
            versions = reading.versions_of(schedule.keys)
            seen, due = schedule.seen
            if seen != versions:
                try:
                    due = schedule.next_change()
                except DatabaseError as error:
                    raise DueTimeUnknown from error
                schedule.seen = (versions, due)
            if due is None or timezone.now() < due:
                break
            bump_now(schedule.keys)
            reading.forget(schedule.keys)


def seconds_until_due(keys):
    """How long what `keys` name stays true, as far as schedules know (None: no end)."""
    due = [
        schedule.seen[1] for schedule in _schedules
        if schedule.seen[1] is not None and set(schedule.keys) & set(keys)
    ]
    return None if not due else max(0, int((min(due) - timezone.now()).total_seconds()))
