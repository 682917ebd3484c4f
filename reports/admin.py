from django.contrib import admin

from accounts.admin import OfficeAdmin

from .models import NationalReference


@admin.register(NationalReference)
class NationalReferenceAdmin(OfficeAdmin):
    list_display = ("year", "share_work_or_studies", "young_adult_share", "source", "updated_at")
    ordering = ("-year",)
    fieldsets = (
        (None, {"fields": ("year", "share_work_or_studies", "young_adult_share", "source")}),
        ("Ålder (valfritt)", {"fields": [name for _code, name in NationalReference.AGE_FIELDS]}),
        ("Tid i offentlig försörjning (valfritt)",
         {"fields": [name for _code, name in NationalReference.SUPPORT_FIELDS]}),
    )
