from django.contrib import admin

from accounts import access

from .models import NationalReference


@admin.register(NationalReference)
class NationalReferenceAdmin(admin.ModelAdmin):
    list_display = ("year", "share_work_or_studies", "young_adult_share", "source", "updated_at")
    ordering = ("-year",)
    fieldsets = (
        (None, {"fields": ("year", "share_work_or_studies", "young_adult_share", "source")}),
        ("Ålder (valfritt)", {"fields": [name for _code, name in NationalReference.AGE_FIELDS]}),
        ("Tid i offentlig försörjning (valfritt)",
         {"fields": [name for _code, name in NationalReference.SUPPORT_FIELDS]}),
    )

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
