from django.contrib import admin

from accounts.admin import OfficeAdmin

from .models import Publication


@admin.register(Publication)
class PublicationAdmin(OfficeAdmin):
    """The office sees the years published for the board and may delete one — the escape hatch
    for a serious error (the change log keeps who did it); nothing is added or changed here."""

    list_display = ("year", "published_at", "published_by", "digest")
    readonly_fields = ("year", "published_at", "published_by", "below", "digest")
    exclude = ("outputs",)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
