"""What the admin pages share about who may use them (the rule itself is in accounts.access)."""

from django.contrib import admin

from . import access


class OfficeAdmin(admin.ModelAdmin):
    """Administrator and kansli enter and change these; nobody else sees them in the admin."""

    def has_module_permission(self, request):
        return access.is_office(request.user)

    def has_view_permission(self, request, obj=None):
        return access.is_office(request.user)

    def has_add_permission(self, request, *args):
        return access.is_office(request.user)

    def has_change_permission(self, request, obj=None):
        return access.is_office(request.user)

    def has_delete_permission(self, request, obj=None):
        return access.is_office(request.user)
