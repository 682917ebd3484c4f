"""Kansli's entry forms: cost outcome, effects, need estimates, financing plans and measurement
instruments (the national reference figures are in the reports admin). Who may use them is
decided by `accounts.access`."""

from django.contrib import admin

from accounts.admin import OfficeAdmin

from .models import (
    CostOutcome,
    EffectRecord,
    FinancingPlan,
    Instrument,
    InstrumentItem,
    Measurement,
    NeedEstimate,
)


class RecordedByMixin:
    def save_model(self, request, obj, form, change):
        if not change and hasattr(obj, "recorded_by_id") and obj.recorded_by_id is None:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(CostOutcome)
class CostOutcomeAdmin(OfficeAdmin):
    list_display = ["intervention", "year", "amount", "comment"]
    list_filter = ["year", "intervention"]
    list_select_related = ["intervention"]
    search_fields = ["intervention__code", "intervention__name"]


@admin.register(EffectRecord)
class EffectRecordAdmin(RecordedByMixin, OfficeAdmin):
    list_display = ["intervention", "level", "year", "title", "recorded_by", "recorded_at"]
    list_filter = ["level", "year", "intervention"]
    list_select_related = ["intervention", "recorded_by"]
    search_fields = ["title", "evidence", "intervention__code", "intervention__name"]
    exclude = ["recorded_by"]


@admin.register(NeedEstimate)
class NeedEstimateAdmin(OfficeAdmin):
    list_display = ["year", "people_in_need", "method"]


@admin.register(FinancingPlan)
class FinancingPlanAdmin(OfficeAdmin):
    list_display = [
        "intervention", "year", "planned_association_share", "planned_line_share",
        "actual_association_amount", "actual_line_amount", "status",
    ]
    list_filter = ["status", "year", "intervention"]
    list_select_related = ["intervention"]
    fieldsets = [
        (None, {"fields": ["intervention", "year"]}),
        ("Plan (andel av kostnaden, %)", {"fields": ["planned_association_share", "planned_line_share"]}),
        ("Utfall (kr)", {"fields": ["actual_association_amount", "actual_line_amount"]}),
        ("Implementering i ordinarie verksamhet", {"fields": ["status", "status_text"]}),
    ]


class InstrumentItemInline(admin.TabularInline):
    model = InstrumentItem
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(OfficeAdmin):
    list_display = ["code", "name", "version", "is_example", "active"]
    list_filter = ["is_example", "active"]
    inlines = [InstrumentItemInline]

    def get_readonly_fields(self, request, obj=None):
        # An instrument with measurements is frozen: make a new version instead.
        if obj is not None and obj.measurements.exists():
            return ["code", "version"]
        return []


@admin.register(Measurement)
class MeasurementAdmin(OfficeAdmin):
    list_display = ["participation", "instrument", "date", "kind", "recorded_by"]
    list_filter = ["instrument", "kind"]
    list_select_related = ["participation__participant", "participation__intervention", "instrument", "recorded_by"]
    readonly_fields = ["participation", "instrument", "date", "kind", "recorded_by"]

    def has_add_permission(self, request, *args):
        return False
