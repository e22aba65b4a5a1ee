"""The admin's side of editing: history, compare, restore and recover pages,
the soft lock's notice and heartbeat, and revisions kept on every save.

HistoryAdminMixin goes before ModelAdmin in a model admin's bases; the model
needs a History (editing/history.py) and a Versioned row, its form
VersionCheckedForm (editing/forms.py).
"""
import reversion
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from . import presence
from .conf import conf
from .history import RestoreRefused, history_of, model_of, when

HISTORY_PER_PAGE = 50


class HistoryAdminMixin:
    change_form_template = "admin/editing/change_form.html"

    @property
    def history(self):
        return history_of(self.model)

    @property
    def media(self):
        return super().media + forms.Media(
            js=["editing/admin/editing.js"], css={"all": ["editing/admin/editing.css"]}
        )

    def _url(self, name, *args):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=args)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("recover/", wrap(self.recover_list_view), name=f"{prefix}_recoverlist"),
            path("recover/<int:version_id>/", wrap(self.recover_view), name=f"{prefix}_recover"),
            path("<path:object_id>/history/compare/", wrap(self.compare_view), name=f"{prefix}_compare"),
            path("<path:object_id>/history/<int:version_id>/restore/", wrap(self.restore_view), name=f"{prefix}_restore"),
            path("<path:object_id>/editing/", wrap(require_POST(self.presence_view)), name=f"{prefix}_presence"),
            *super().get_urls(),
        ]

    def _context(self, request, obj, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": title,
            "history_url": self._url("history", obj.pk) if obj is not None and obj.pk else None,
            **extra,
        }

    def _object_or_404(self, request, object_id, allowed):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with that id.")
        if not allowed(request, obj):
            raise PermissionDenied
        return obj

    def _version(self, pk, version_id):
        version = self.history.versions(pk).filter(pk=version_id).first()
        if version is None:
            raise Http404("This revision does not belong here.")
        return version

    # -- saving keeps revisions -----------------------------------------------------------
    def save_model(self, request, obj, form, change):
        if change:
            self.history.catch_up(obj.pk)
        super().save_model(request, obj, form, change)

    # The admin logs an addition or a change once the row and its related rows are saved.
    def log_addition(self, request, obj, message):
        self.history.record(obj.pk, request.user)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self.history.record(obj.pk, request.user)
        return super().log_change(request, obj, message)

    def delete_model(self, request, obj):
        self.history.record_deletion(obj, request.user)
        super().delete_model(request, obj)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # Rows kept with the deletion come back with it (an article's comments):
        # deleting them with it needs no permission of their own.
        kept = {str(model._meta.verbose_name) for model in reversion.get_registered_models()}
        return deleted, counts, perms_needed - kept, protected

    def delete_queryset(self, request, queryset):
        # One by one: each deletion is its own revision, recovered on its own.
        for obj in queryset:
            self.delete_model(request, obj)

    # -- the change form: who else is editing ----------------------------------------------
    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk and self.has_change_permission(request, obj):
            presence.touch(obj, request.user)
            context["editing_notice"] = presence.notice(obj, presence.others(obj, request.user))
            context["presence_url"] = self._url("presence", obj.pk)
            context["heartbeat_seconds"] = max(1, conf.EDITING_LOCK_SECONDS // 4)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def presence_view(self, request, object_id):
        """The open form's heartbeat (and its goodbye, `leave`): who else is editing."""
        obj = self._object_or_404(request, object_id, self.has_change_permission)
        if request.POST.get("leave"):
            presence.leave(obj, request.user)
            return JsonResponse({"notice": ""})
        presence.touch(obj, request.user)
        return JsonResponse({"notice": presence.notice(obj, presence.others(obj, request.user))})

    # -- history, compare, restore -----------------------------------------------------------
    def history_view(self, request, object_id, extra_context=None):
        obj = self._object_or_404(request, object_id, self.has_view_or_change_permission)
        versions = list(self.history.versions(obj.pk))
        entries = [
            {
                "version": version,
                "older": versions[n + 1] if n + 1 < len(versions) else None,
                "current": n == 0,
                "restore_url": self._url("restore", obj.pk, version.pk),
            }
            for n, version in enumerate(versions)
        ]
        page = Paginator(entries, HISTORY_PER_PAGE).get_page(request.GET.get("page"))
        return TemplateResponse(request, "admin/editing/history.html", self._context(
            request, obj, f"History: {obj}",
            page_obj=page, is_history=True,
            may_restore=self.has_change_permission(request, obj),
            compare_url=self._url("compare", obj.pk),
            **(extra_context or {}),
        ))

    def compare_view(self, request, object_id):
        obj = self._object_or_404(request, object_id, self.has_view_or_change_permission)
        try:
            ids = sorted({int(request.GET["from"]), int(request.GET["to"])})
        except (KeyError, ValueError):
            return redirect(self._url("history", obj.pk))
        older, newer = self._version(obj.pk, ids[0]), self._version(obj.pk, ids[-1])
        rows, same = self.history.compare(self.history.revision_state(older), self.history.revision_state(newer))
        latest = self.history.versions(obj.pk).values_list("pk", flat=True).first()
        restore_urls = [
            (f"Restore the {which} version", self._url("restore", obj.pk, version.pk))
            for which, version in [("earlier", older), ("later", newer)]
            if version.pk != latest and self.has_change_permission(request, obj)
        ]
        return TemplateResponse(request, "admin/editing/compare.html", self._context(
            request, obj, f"Compare revisions: {obj}",
            older=older, newer=newer, rows=rows, same=same, restore_urls=restore_urls,
        ))

    def restore_view(self, request, object_id, version_id):
        obj = self._object_or_404(request, object_id, self.has_change_permission)
        version = self._version(obj.pk, version_id)
        if request.method == "POST":
            try:
                notes = self.history.restore(obj, version, request.user)
            except RestoreRefused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
                return redirect(self._url("history", obj.pk))
            self.message_user(request, f"Restored the version of {when(version.revision.date_created)}.", messages.SUCCESS)
            for note in notes:
                self.message_user(request, note, messages.WARNING)
            return redirect(self._url("change", obj.pk))
        state = self.history.revision_state(version)
        rows, same = self.history.compare(self.history.state(obj), state)
        return TemplateResponse(request, "admin/editing/restore.html", self._context(
            request, obj, f"Restore an earlier version: {obj}",
            version=version, rows=rows, same=same,
            warnings=self.history.restore_warnings(obj, state, request.user),
        ))

    # -- recovering deleted rows ------------------------------------------------------------------
    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if self.history.may_recover(request.user):
            extra_context["recover_url"] = self._url("recoverlist")
        return super().changelist_view(request, extra_context)

    def _may_recover(self, request):
        if not self.history.may_recover(request.user):
            raise PermissionDenied

    def recover_list_view(self, request):
        self._may_recover(request)
        page = Paginator(self.history.deleted(), HISTORY_PER_PAGE).get_page(request.GET.get("page"))
        return TemplateResponse(request, "admin/editing/recover_list.html", self._context(
            request, None, f"Recover deleted {self.opts.verbose_name_plural}", page_obj=page,
            deleted=[(version, self._url("recover", version.pk)) for version in page],
        ))

    def recover_view(self, request, version_id):
        self._may_recover(request)
        version = self.history.deleted().filter(pk=version_id).first()
        if version is None:
            raise Http404(f"No deleted {self.opts.verbose_name} to recover there.")
        if request.method == "POST":
            try:
                obj, notes = self.history.recover(version, request.user)
            except RestoreRefused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
                return redirect(self._url("recoverlist"))
            self.message_user(request, f"Recovered “{obj}”.", messages.SUCCESS)
            for note in notes:
                self.message_user(request, note, messages.WARNING)
            return redirect(self._url("change", obj.pk))
        siblings = self.history.siblings(version)
        state = self.history.revision_state(version, siblings)
        rows, _same = self.history.compare({}, state)
        others = {}
        for sibling in self.history.others_in(siblings, version):
            opts = model_of(sibling)._meta
            others[opts.verbose_name_plural] = others.get(opts.verbose_name_plural, 0) + 1
        return TemplateResponse(request, "admin/editing/recover.html", self._context(
            request, None, f"Recover “{version.object_repr}”", version=version, rows=rows,
            others=sorted(others.items()), recover_list_url=self._url("recoverlist"),
        ))
