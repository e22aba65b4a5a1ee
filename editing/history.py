"""Revisions: every save of an article or a page kept, compared and put back.

django-reversion stores them (a Revision per save, with who and when, and a
Version of the row and of the rows it follows: an article's bylines and
tags). A History per model (articles/history.py, pages/history.py) says
what a revision holds, as parts: read from a saved row (state()) or from a
revision (revision_state()), compared part by part, and put back (apply()).

- record() keeps a revision after a save, unless nothing changed; what it
  did (published, unpublished…) is read from the states it goes between,
  so the admin's form, its bulk actions and a restore are told apart alike.
- catch_up() keeps a row as saved, before a change, when its last revision
  does not hold it (saved before revisions were kept, or by an import):
  every change then has a "before", and is that of the person it names.
- record_deletion() runs before a row is deleted: its last revision holds it
  and every versioned row deleted with it (another app registers its rows
  with reversion to have them come back, as comments do), and recover()
  puts them all back under the same ids.
"""
from dataclasses import dataclass
from datetime import datetime

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import router, transaction
from django.db.models.deletion import Collector
from django.db.models.signals import pre_delete
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import escape, format_html
from django.utils.text import get_text_list
from reversion.models import Version

from .diff import html_text, list_diff, paragraph_diff
from .models import RevisionNote

_histories = {}


def history_of(model):
    """The History registered for `model`, or None."""
    return _histories.get(model._meta.concrete_model)


class RestoreRefused(Exception):
    """A revision cannot be put back; the message says why, for the editor."""


@dataclass(frozen=True)
class Part:
    """One part of a row's state. `kind` says how two states' parts compare:
    "text" word by word, "html" as the words of its text, "list" item by
    item, "photo" as thumbnails, "value" as a before and an after."""

    name: str
    label: str
    kind: str = "value"


@dataclass(frozen=True)
class Row:
    """One changed part in a comparison, each side as safe HTML."""

    part: Part
    before: str
    after: str


def to_the_second(value):
    """Times as forms give them: a form cannot say a fraction of a second, so a
    save through one is no change of time."""
    return value.replace(microsecond=0) if isinstance(value, datetime) else value


def when(moment):
    return localize(timezone.localtime(moment))


def sentence(action, changed):
    """"Published. Changed the headline and the tags." """
    said = [f"{action}." if action else ""]
    if changed:
        said.append(f"Changed {get_text_list([label.lower() for label in changed], 'and')}.")
    return " ".join(filter(None, said))


def what_it_did(revision):
    """The sentence a revision's note makes ("" for a revision kept without one)."""
    note = getattr(revision, "note", None)
    return sentence(note.action, note.changed) if note else ""


class History:
    model = None
    parts = ()  # Part, in the order a comparison shows them
    follow = ()  # relations whose rows each revision keeps too (reversion's follow)
    exclude = ()  # fields a revision leaves out: derived ones, remade on save
    state_models = ()  # followed models whose versions revision_state() reads (not put back as they were)

    def register(self):
        reversion.register(self.model, follow=self.follow, exclude=self.exclude)
        _histories[self.model] = self
        pre_delete.connect(self._deleting, sender=self.model, dispatch_uid=f"editing.deletion.{self.model._meta.label}")

    # -- states --------------------------------------------------------------------------
    def _field(self, part):
        """The column a part is, or None (a part made of other rows: tags, bylines)."""
        try:
            field = self.model._meta.get_field(part.name)
        except FieldDoesNotExist:
            return None
        return field if field.concrete and not field.many_to_many else None

    def field_parts(self):
        return [(part, field) for part in self.parts if (field := self._field(part)) is not None]

    def state(self, obj):
        """{part name: value} of a saved row. Subclasses add the parts that are not fields."""
        return {part.name: to_the_second(getattr(obj, field.attname)) for part, field in self.field_parts()}

    def revision_state(self, version, siblings=None):
        """The same, as `version` (of the row) kept it; `siblings`, the other
        versions of its revision, when the parts need them (loaded if None)."""
        data = version.field_dict
        return {part.name: to_the_second(data.get(field.attname)) for part, field in self.field_parts()}

    def siblings(self, version):
        return list(version.revision.version_set.all())

    def changed(self, before, after):
        return [part for part in self.parts if before.get(part.name) != after.get(part.name)]

    def action(self, before, after, obj):
        """(label, names of the parts it explains) of the publishing action
        that took `obj` from one state to another (before None: the row is
        new); ("", ()) for an edit."""
        return ("Created", ()) if before is None else ("", ())

    def last_saved(self, obj):
        """(who, when) saved `obj` last, for a row saved before revisions were kept."""
        return None, getattr(obj, "updated_at", None)

    # -- keeping revisions ------------------------------------------------------------------
    def versions(self, pk):
        """The row's versions, newest first, with their revisions, who made
        them and what they did."""
        return (
            Version.objects.get_for_object_reference(self.model, pk)
            .select_related("revision__user", "revision__note")
            .order_by("-pk")
        )

    def _keep(self, obj, user, action, changed, date=None, rows=()):
        with reversion.create_revision():
            reversion.add_to_revision(obj)
            for row in rows:
                reversion.add_to_revision(row)
            reversion.set_user(user)
            reversion.set_comment(sentence(action, changed))
            reversion.add_meta(RevisionNote, action=action, changed=changed)
            if date is not None:
                reversion.set_date_created(date)

    def record(self, pk, user, action=None, always=False):
        """Keep row `pk` as saved now, made by `user`, unless it is what its
        last revision holds (`always`: even then). `action` names what was
        done instead of reading it from the change. Returns whether it kept one."""
        obj = self.model._default_manager.get(pk=pk)  # as saved, no prefetched relations
        latest = self.versions(pk).first()
        before = self.revision_state(latest) if latest else None
        after = self.state(obj)
        changed = self.changed(before, after) if before is not None else []
        if before is not None and not changed and not always:
            return False
        label, explained = (action, ()) if action is not None else self.action(before, after, obj)
        self._keep(obj, user, label, [part.label for part in changed if part.name not in explained])
        return True

    def catch_up(self, pk):
        """Before a change of row `pk`, keep it as saved if its last revision
        does not hold that: a row saved before revisions were kept (its
        earliest kept version, by whoever changed it last), or changed since
        by code that keeps none, like an import (by nobody known). So each
        revision's change is that of the person it names."""
        obj = self.model._default_manager.filter(pk=pk).first() if pk is not None else None
        if obj is None:
            return
        latest = self.versions(pk).first()
        if latest is None:
            user, date = self.last_saved(obj)
            self._keep(obj, user, "Earliest kept version", [], date=date)
            return
        changed = self.changed(self.revision_state(latest), self.state(obj))
        if changed:
            self._keep(obj, None, "Saved without a revision", [part.label for part in changed],
                       date=self.last_saved(obj)[1])

    # -- deleting and recovering -------------------------------------------------------------
    def deleted_with(self, obj):
        """The versioned rows deleting `obj` deletes with it (its comments…)."""
        collector = Collector(using=router.db_for_write(self.model))
        collector.collect([obj])
        rows = [row for rows in collector.data.values() for row in rows]
        rows += [row for query in collector.fast_deletes if reversion.is_registered(query.model) for row in query]
        return [row for row in rows if row is not obj and reversion.is_registered(type(row))]

    def record_deletion(self, obj, user=None):
        """Keep `obj` and what goes with it, before it is deleted (saved now:
        reversion keeps only rows that exist when a revision is saved)."""
        self._keep(obj, user, "Deleted", [], rows=self.deleted_with(obj))
        obj._deletion_kept = True

    def _deleting(self, sender, instance, **kwargs):
        # Deleted elsewhere than the admin (the shell, code): kept all the same.
        if not getattr(instance, "_deletion_kept", False):
            self.record_deletion(instance)

    def deleted(self):
        """The last version of each deleted row, the latest deletion first."""
        return Version.objects.get_deleted(self.model).select_related("revision__user").order_by("-pk")

    def may_recover(self, user):
        opts = self.model._meta
        return user.has_perm(f"{opts.app_label}.add_{opts.model_name}") and user.has_perm(
            f"{opts.app_label}.change_{opts.model_name}"
        )

    def others_in(self, siblings, version):
        """The versions of a deletion's revision put back as they were: rows
        of other models deleted with the row (comments), not those its state reads."""
        own = {self.model, *self.state_models}
        return [sibling for sibling in siblings if sibling.pk != version.pk and model_of(sibling) not in own]

    @transaction.atomic
    def recover(self, version, user):
        """Put back a deleted row as its deletion kept it, under its old id,
        with the rows deleted with it. Returns notes on what could not come back."""
        siblings = self.siblings(version)
        state = self.revision_state(version, siblings)
        data = version.field_dict
        obj = self.model(**{
            field.attname: data[field.attname] for field in self.model._meta.concrete_fields if field.attname in data
        })
        notes = self.apply(obj, state, user)
        obj.save(force_insert=True)
        # Dates set on creation are the first creation's.
        first = {field.attname: data[field.attname] for field in self.model._meta.concrete_fields
                 if getattr(field, "auto_now_add", False) and data.get(field.attname)}
        if first:
            self.model._default_manager.filter(pk=obj.pk).update(**first)
        notes += self.apply_related(obj, state)
        for sibling in self.others_in(siblings, version):
            sibling.revert()
        self.record(obj.pk, user, action="Recovered", always=True)
        return obj, notes

    # -- restoring ---------------------------------------------------------------------------
    def apply(self, obj, state, user):
        """Set `obj`'s fields from a state, not saved yet. A related row that
        is gone, or a unique value another row has taken, keeps what `obj`
        has (a new row cannot: RestoreRefused). Returns notes for the editor."""
        notes = []
        for part, field in self.field_parts():
            value, current = state[part.name], getattr(obj, field.attname)
            if value == to_the_second(current) and not obj._state.adding:
                continue
            if field.is_relation and value is not None and not field.related_model._default_manager.filter(pk=value).exists():
                if obj._state.adding:
                    if not field.null:
                        raise RestoreRefused(f"Its {part.label.lower()} no longer exists: create one, then try again.")
                    value = None
                else:
                    notes.append(f"Its {part.label.lower()} then no longer exists, so it keeps the current one.")
                    continue
            if field.unique and self.model._default_manager.filter(**{field.attname: value}).exclude(pk=obj.pk).exists():
                if obj._state.adding:
                    raise RestoreRefused(f"Another {self.model._meta.verbose_name} now has its {part.label.lower()} “{value}”.")
                notes.append(f"Another {self.model._meta.verbose_name} now has the {part.label.lower()} “{value}”, so it keeps “{current}”.")
                continue
            if value != to_the_second(current):  # a time kept to the second stays exact
                setattr(obj, field.attname, value)
        return notes

    def apply_related(self, obj, state):
        """Put back the parts that are other rows (tags, bylines), once `obj`
        is saved. Returns notes."""
        return []

    def restore_warnings(self, obj, state, user):
        """What restoring `state` will not do as it was, said before it is done."""
        return []

    @transaction.atomic
    def restore(self, obj, version, user):
        """Make `obj` what `version` kept, as a new revision. Returns notes."""
        state = self.revision_state(version)
        notes = self.apply(obj, state, user)
        obj.save()
        notes += self.apply_related(obj, state)
        self.record(obj.pk, user, action=f"Restored the version of {when(version.revision.date_created)}")
        return notes

    # -- comparing ---------------------------------------------------------------------------
    def related_labels(self, states):
        """{part name: {id: label or object}} for the parts that are other rows, in one query each."""
        labels = {}
        for part, field in self.field_parts():
            if field.is_relation:
                ids = {state.get(part.name) for state in states} - {None}
                labels[part.name] = field.related_model._default_manager.in_bulk(ids) if ids else {}
        return labels

    def show(self, part, value, labels):
        """A part's value as safe HTML."""
        if value is None or value == "" or value == ():
            return "–"
        field = self._field(part)
        if field is not None and field.is_relation:
            related = labels.get(part.name, {}).get(value)
            if related is None:
                return format_html("#{} (since deleted)", value)
            if part.kind == "photo":
                return format_html('<img src="{}" alt="" width="64" height="64" class="photo-thumbnail"> {}',
                                   related.thumbnail_url, related)
            return escape(related)
        if field is not None and field.choices:
            return escape(dict(field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if hasattr(value, "tzinfo"):
            return escape(when(value))
        return escape(value)

    def compare(self, before, after):
        """(changed Rows, labels of the unchanged parts) from one state to another."""
        labels = self.related_labels([before, after])
        rows, same = [], []
        for part in self.parts:
            old, new = before.get(part.name), after.get(part.name)
            if old == new:
                same.append(part.label)
            elif part.kind == "text":
                rows.append(Row(part, *paragraph_diff(old, new)))
            elif part.kind == "html":
                rows.append(Row(part, *paragraph_diff(html_text(old), html_text(new))))
            elif part.kind == "list":
                rows.append(Row(part, *list_diff(self.listed(part, old, labels), self.listed(part, new, labels))))
            else:
                rows.append(Row(part, self.show(part, old, labels), self.show(part, new, labels)))
        return rows, same

    def listed(self, part, values, labels):
        """A list part's items as text (ids named by subclasses)."""
        return [str(value) for value in values or ()]

    # -- edits that cross -------------------------------------------------------------------
    def saves_since(self, pk, version):
        """(the version kept at the row's `version`-th save or None, the
        versions kept since, oldest first)."""
        later = []
        for kept in self.versions(pk):
            if (kept.field_dict.get("version") or 0) <= version:
                return kept, later[::-1]
            later.append(kept)
        return None, later[::-1]


def model_of(version):
    return ContentType.objects.get_for_id(version.content_type_id).model_class()
