from django.contrib import admin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("file_name", "kind", "status", "created_by", "created_at", "created", "updated", "unchanged",
                    "error_count")
    list_filter = ("kind", "status")
    list_select_related = ("created_by",)
    exclude = ("content",)
    readonly_fields = [field.name for field in ImportJob._meta.fields if field.name != "content"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
