"""Saying what changed: on commit, the keys of what changed get new versions
and the invalidation listeners (a front cache's purger) hear which."""
import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from ..batches import Batch
from .versions import EPOCH, store

logger = logging.getLogger(__name__)

# Pages that declare no key depend on this one, bumped by every change: a page
# nobody thought about is never stale, only re-rendered more often.
ANY = "any"

_listeners = []
_bulk = Batch(lambda keys: content_changed(*keys))


def add_invalidation_listener(listener):
    """`listener(keys)` is called once the keys' new versions are in place,
    with the set of keys that changed ("*" alone: everything)."""
    _listeners.append(listener)


def bump_now(keys):
    # The epoch makes everything stale: the other keys need no bump then.
    keys = frozenset({EPOCH}) if EPOCH in keys else frozenset(keys) | {ANY}
    store().bump(keys)
    for listener in _listeners:
        try:
            listener(keys)
        except Exception:  # a purger that fails must not fail the commit that caused it
            logger.exception("Page cache invalidation listener %r failed", listener)


def content_changed(*keys, using=None):
    """What `keys` name changes once the current transaction commits; with no
    keys, everything does. Model saves and deletes call this through watch();
    call it yourself after changes that send no signal (`QuerySet.update()`,
    `bulk_create()`)."""
    keys = set(keys) or {EPOCH}
    if _bulk.add(*keys):  # changes_in_bulk() bumps them once, at its end
        return
    transaction.on_commit(lambda: bump_now(keys), using=using)


def changes_in_bulk():
    """Thousands of saves (an import) bump their keys once, when they are over,
    rather than once per row."""
    return _bulk.gathering()


def watch(model, keys):
    """Saving or deleting a `model` row changes what `keys(instance, created)`
    names (an iterable of keys; empty when the change is private). `created`
    is False for a deletion."""

    def on_save(sender, instance, created=False, raw=False, using=None, **kwargs):
        changed = keys(instance, created)
        if changed:
            content_changed(*changed, using=using)

    def on_delete(sender, instance, using=None, **kwargs):
        changed = keys(instance, False)
        if changed:
            content_changed(*changed, using=using)

    uid = f"pagecache:{model._meta.label}"
    post_save.connect(on_save, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(on_delete, sender=model, weak=False, dispatch_uid=uid)


def bump_after_outage(**kwargs):
    """`redis_recovered` receiver: bumps made while Redis was unreachable were
    lost, so anything stored before the outage may no longer be true."""
    bump_now({EPOCH})
