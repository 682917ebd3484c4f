from django.contrib import admin

from accounts.admin import OfficeAdmin

from .models import AssociationYear


@admin.register(AssociationYear)
class AssociationYearAdmin(OfficeAdmin):
    list_display = ("year", "allocated_funds", "equity", "administrative_costs", "updated_at")
    fields = ("year", "allocated_funds", "equity", "administrative_costs", "comment")
    ordering = ("-year",)
