from django.contrib import admin

from .models import Reminder, TertialReport, Transition


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    fields = ("at", "from_status", "to_status", "user", "comment")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TertialReport)
class TertialReportAdmin(admin.ModelAdmin):
    """Read-only here: the workflow (and its history) goes through the tertial pages."""

    list_display = ("intervention", "year", "tertial", "status", "submitted_at", "updated_at")
    list_filter = ("year", "tertial", "status", "intervention")
    search_fields = ("intervention__name", "intervention__code")
    inlines = [TransitionInline]
    readonly_fields = ("intervention", "year", "tertial", "status", "done", "deviations", "goal_fulfilment", "plan",
                       "outcome_sek", "snapshot", "submitted_at", "created_at", "updated_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the history must stay


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("report", "kind", "recipients", "sent_at")
    list_filter = ("kind",)
    readonly_fields = ("report", "kind", "transition", "recipients", "sent_at")

    def has_add_permission(self, request):
        return False
