"""The import page: upload an export (and the photos as a .zip), read the dry
run's report, confirm, follow the import. The work runs as jobs, never inside
a request."""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse

from trillmag.middleware import accepts_large_bodies

from .conf import conf
from .models import ImportRun, OldURL
from .report import Report
from .tasks import start


class ImportRunForm(forms.ModelForm):
    class Meta:
        model = ImportRun
        fields = ["export", "photos", "default_author"]
        help_texts = {"export": "The .xml file from WordPress's Tools › Export (all content)."}

    def clean_export(self):
        export = self.cleaned_data["export"]
        head = export.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
        export.seek(0)
        if not head.startswith((b"<?xml", b"<rss", b"<!--")):
            raise forms.ValidationError("This is not a WordPress export: choose the .xml file from Tools › Export.")
        return export

    def clean_photos(self):
        photos = self.cleaned_data.get("photos")
        if photos and photos.read(4) != b"PK\x03\x04":
            raise forms.ValidationError("The photos must be a .zip file of the wp-content/uploads folder.")
        if photos:
            photos.seek(0)
        return photos


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    form = ImportRunForm
    list_display = ["__str__", "state", "created_by", "created_at", "finished_at"]
    readonly_fields = ["state", "progress", "summary", "details", "error", "created_by", "created_at", "finished_at"]
    autocomplete_fields = ["default_author"]
    change_form_template = "admin/wordpress/importrun/change_form.html"

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["export", "photos", "default_author"]
        return ["state", "progress", "summary", "details", "error", "created_by", "created_at", "finished_at"]

    @accepts_large_bodies(lambda: conf.WORDPRESS_UPLOAD_MAX_BYTES)
    def add_view(self, request, form_url="", extra_context=None):
        # An export and its photos can be far larger than an admin form.
        return super().add_view(request, form_url, extra_context)

    def has_change_permission(self, request, obj=None):
        return False  # a run is followed and confirmed, never edited

    def save_model(self, request, obj, form, change):
        obj.created_by = request.user
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            start(obj, confirmed=False)

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(request, "The export is being checked: its report appears below in a moment.")
        return redirect(reverse("admin:wordpress_importrun_change", args=[obj.pk]))

    def get_urls(self):
        confirm = self.admin_site.admin_view(self.confirm_view)
        return [path("<int:pk>/confirm/", confirm, name="wordpress_importrun_confirm"), *super().get_urls()]

    def confirm_view(self, request, pk):
        run = get_object_or_404(ImportRun, pk=pk)
        if request.method != "POST" or not self.has_add_permission(request):
            raise PermissionDenied
        if run.state != ImportRun.State.CHECKED:
            self.message_user(request, "This export is not waiting for confirmation.", messages.WARNING)
        else:
            with transaction.atomic():
                start(run, confirmed=True)
            self.message_user(request, "The import has started.", messages.SUCCESS)
        return redirect(reverse("admin:wordpress_importrun_change", args=[run.pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(
            run=obj,
            working=obj is not None and obj.state in (ImportRun.State.CHECKING, ImportRun.State.IMPORTING),
            can_confirm=obj is not None and obj.state == ImportRun.State.CHECKED and self.has_add_permission(request),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description="progress")
    def progress(self, run):
        return f"{run.done} of {run.total} items ({run.percent}%)" if run.total else "–"

    @admin.display(description="summary")
    def summary(self, run):
        return "\n".join(report_of(run).summary_lines()) if run.report else "–"

    @admin.display(description="not brought over, or in part")
    def details(self, run):
        return "\n".join(report_of(run).detail_lines()) if run.report else "–"


def report_of(run):
    data = run.report
    report = Report(dry_run=data.get("dry_run", False), skipped=data.get("skipped", []), notes=data.get("notes", []))
    for kind, counts in data.get("counts", {}).items():
        for outcome, number in counts.items():
            report.count(kind, outcome, number)
    return report


@admin.register(OldURL)
class OldURLAdmin(admin.ModelAdmin):
    list_display = ["path", "content_type", "object_id"]
    search_fields = ["path"]
    list_filter = ["content_type"]
