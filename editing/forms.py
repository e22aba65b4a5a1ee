"""No lost edits: a form that refuses to save over a save made since it was opened.

The form carries the row's `version` (editing.models.Versioned) as it was
when the form was shown. On saving, the row is locked and its version read
again: if someone saved meanwhile, the form is refused with who did what
(the Conflict), the person's own text stays in the form, and the form now
carries the newer version, so saving again, once they have looked, is a
choice made knowing what it replaces.
"""
from dataclasses import dataclass

from django import forms
from django.utils.text import get_text_list

from .history import history_of, what_it_did, when
from .presence import display_name


@dataclass
class Conflict:
    message: str
    rows: list  # history Rows: what the others changed, from the opened version to the saved one


def describe_conflict(model, obj, opened_version):
    """Who saved `obj` since `opened_version` and what they changed."""
    history = history_of(model)
    base, later = history.saves_since(obj.pk, opened_version)
    verbose = model._meta.verbose_name
    if later:
        who = get_text_list(list(dict.fromkeys(
            display_name(kept.revision.user) if kept.revision.user else "someone" for kept in later
        )), "and")
        done = " ".join(filter(None, (what_it_did(kept.revision) for kept in later)))
        saved = f"{who} saved this {verbose} at {when(later[-1].revision.date_created)}, after you opened it"
        saved += f": {done}" if done else "."
    else:
        saved = f"Someone saved this {verbose} after you opened it."
    message = (
        f"{saved} Nothing of yours was saved, so nothing of theirs was lost: your version is still in the form "
        f"below, and what they changed is shown above it. Bring in what you need, then save again to replace theirs."
    )
    rows = history.compare(history.revision_state(base), history.state(obj))[0] if base else []
    return Conflict(message, rows)


class VersionCheckedForm(forms.ModelForm):
    """A ModelForm mixin for Versioned rows (articles, pages)."""

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    conflict = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["edit_version"].initial = self.instance.version
            self.fields["edit_version"].required = True

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get("edit_version")
        if self.instance.pk is None or opened is None:
            return cleaned
        model = type(self.instance)
        # Locked until this save commits: a save at the same moment waits, then finds this one.
        saved = model._default_manager.select_for_update().get(pk=self.instance.pk)
        if saved.version != opened:
            self.conflict = describe_conflict(model, saved, opened)
            self.data = self.data.copy()
            self.data[self.add_prefix("edit_version")] = saved.version
            raise forms.ValidationError(self.conflict.message, code="edit_conflict")
        return cleaned
