"""The soft lock: who else has a row's change form open.

Like WordPress's post lock it locks nothing (optimistic concurrency,
editing/forms.py, is what keeps a save from overwriting another); it tells
whoever opens the form that someone is at work in it. The open form says
so every quarter of EDITING_LOCK_SECONDS while its user works in it
(editing/static/editing/admin/editing.js); a form closed or left alone is
forgotten after EDITING_LOCK_SECONDS, with nothing to unlock.
"""
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.text import get_text_list

from .conf import conf
from .models import EditorPresence


def _cutoff():
    return timezone.now() - timedelta(seconds=conf.EDITING_LOCK_SECONDS)


def _rows(obj):
    return EditorPresence.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))


def touch(obj, user):
    """`user` has the form of `obj` open now."""
    EditorPresence.objects.filter(seen_at__lt=_cutoff()).delete()
    EditorPresence.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk), user=user,
        defaults={"seen_at": timezone.now()},
    )


def leave(obj, user):
    """`user` closed the form of `obj`."""
    _rows(obj).filter(user=user).delete()


def others(obj, user):
    """The other people who have the form of `obj` open, first come first."""
    rows = _rows(obj).filter(seen_at__gte=_cutoff()).exclude(user=user).select_related("user").order_by("pk")
    return [row.user for row in rows]


def display_name(user):
    return user.get_full_name() or user.get_username()


def notice(obj, users):
    """"Maya Okafor is editing this article." ("" when nobody else is)."""
    if not users:
        return ""
    names = get_text_list([display_name(user) for user in users], "and")
    verb = "is" if len(users) == 1 else "are"
    return f"{names} {verb} editing this {obj._meta.verbose_name}."
