from django.contrib import admin

from accounts import access

from .models import AssociationYear


@admin.register(AssociationYear)
class AssociationYearAdmin(admin.ModelAdmin):
    list_display = ("year", "allocated_funds", "equity", "administrative_costs", "updated_at")
    fields = ("year", "allocated_funds", "equity", "administrative_costs", "comment")
    ordering = ("-year",)

    def has_module_permission(self, request):
        return access.is_office(request.user)

    def has_view_permission(self, request, obj=None):
        return access.is_office(request.user)

    def has_add_permission(self, request):
        return access.is_office(request.user)

    def has_change_permission(self, request, obj=None):
        return access.is_office(request.user)

    def has_delete_permission(self, request, obj=None):
        return access.is_office(request.user)
