"""The sign-in audit, read-only, and axes' lockouts (its own admin: a
superuser deletes a row, or uses its "delete" action, to lift a lockout)."""
from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin

from .models import SignInEvent

# Axes keeps neither (AXES_DISABLE_ACCESS_LOG, AXES_ENABLE_ACCESS_FAILURE_LOG
# off): every sign-in and failure is in the audit below instead.
admin.site.unregister(AccessLog)
admin.site.unregister(AccessFailureLog)


@admin.register(SignInEvent)
class SignInEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "username", "ip_address", "detail", "user_agent"]
    list_filter = ["kind"]
    search_fields = ["=username", "=ip_address"]
    # No foreign keys are shown: a page costs the same queries however many rows it lists.
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
