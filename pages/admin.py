from django.contrib import admin

from editing.admin import HistoryAdminMixin
from trillmag.security import NoncedMediaMixin

from .forms import PageAdminForm
from .models import Page


@admin.register(Page)
class PageAdmin(NoncedMediaMixin, HistoryAdminMixin, admin.ModelAdmin):
    """Editors write pages and order the footer menu from the list."""

    list_display = ["title", "slug", "is_published", "in_footer", "footer_position", "updated_at"]
    list_editable = ["is_published", "in_footer", "footer_position"]
    list_filter = ["is_published", "in_footer"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["photo"]
    form = PageAdminForm
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "photo"]}),
        ("Publishing", {"fields": ["is_published", "in_footer", "footer_position"]}),
    ]
