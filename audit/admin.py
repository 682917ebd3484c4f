from django.contrib import admin

from accounts import access

from .models import AccessEvent


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    """Read-only: nobody adds, changes or deletes audit rows."""

    list_display = ["at", "username", "action", "target", "ip_address"]
    list_filter = ["action", "at"]
    search_fields = ["username", "target", "object_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return access.is_office(request.user)
