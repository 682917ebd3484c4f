"""The case records in the admin: the administrator edits them through the same forms and rules as
the case pages (a plan change leaves its version there too); nobody else sees them here. Planned
lengths belong to the interventions, which kansli manages."""

from django.contrib import admin

from accounts import access
from accounts.admin import OfficeAdmin
from audit.trail import record

from .forms import ActivityAdminForm, ContactAdminForm, FollowUpAdminForm, PlanAdminForm, PlannedLengthForm
from .models import CaseReminder, Contact, FollowUp, Plan, PlanActivity, PlannedLength, PlanRevision
from .services import activity_change_label, save_plan_change


class AdministratorAdmin(admin.ModelAdmin):
    raw_id_fields = ["participation"]
    list_select_related = ["participation__intervention"]

    def _allowed(self, request) -> bool:
        return access.is_admin(request.user)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, *args):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(
            participation__intervention__in=access.visible_interventions(request.user, personal_data=True)
        )

    @admin.display(description="insats", ordering="participation__intervention__code")
    def intervention(self, obj):
        return obj.participation.intervention.code


class RecordedByAdmin(AdministratorAdmin):
    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Contact)
class ContactAdmin(RecordedByAdmin):
    form = ContactAdminForm
    list_display = ["participation", "intervention", "date", "kind", "outcome", "next_followup", "recorded_by"]
    list_filter = ["kind", "outcome", "participation__intervention"]
    date_hierarchy = "date"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        contact = self.get_object(request, object_id)
        if contact is not None and contact.note:
            record(request, "VIEW", f"Anteckning (kontakt {contact.pk}) i administrationen", obj=contact)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(FollowUp)
class FollowUpAdmin(RecordedByAdmin):
    form = FollowUpAdminForm
    list_display = ["participation", "intervention", "months", "date", "reached", "sysselsattning", "forsorjning"]
    list_filter = ["months", "reached", "participation__intervention"]


class PlanChangeAdmin(AdministratorAdmin):
    """Saves through the plan service: the change leaves a version like one made on the case page."""

    def save_model(self, request, obj, form, change):
        save_plan_change(obj, user=request.user, change=self.change_label(obj, change))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if self.get_object(request, object_id) is not None:
            record(request, "VIEW", f"{self.model._meta.verbose_name} {object_id} i administrationen")
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Plan)
class PlanAdmin(PlanChangeAdmin):
    form = PlanAdminForm
    list_display = ["participation", "intervention", "updated_at", "updated_by"]

    def change_label(self, obj, change):
        return "Mål ändrade (administration)"


@admin.register(PlanActivity)
class PlanActivityAdmin(PlanChangeAdmin):
    form = ActivityAdminForm
    list_display = ["participation", "intervention", "party", "due_date", "status"]
    list_filter = ["status", "party", "participation__intervention"]

    def change_label(self, obj, change):
        before = PlanActivity.objects.filter(pk=obj.pk).first() if change else None
        return activity_change_label(obj, before) + " (administration)"


@admin.register(PlanRevision)
class PlanRevisionAdmin(AdministratorAdmin):
    """The plan's history: read here, never changed."""

    list_display = ["participation", "number", "change", "created_by", "created_at"]
    fields = ["participation", "number", "change", "created_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CaseReminder)
class CaseReminderAdmin(PlanRevisionAdmin):
    list_display = ["participation", "kind", "due", "months", "recipient", "sent_at"]
    fields = ["participation", "kind", "due", "months", "recipient", "sent_at"]
    readonly_fields = fields


@admin.register(PlannedLength)
class PlannedLengthAdmin(OfficeAdmin):
    """The office sees planned lengths; who may change them is who manages interventions."""

    form = PlannedLengthForm
    list_display = ["intervention", "months"]

    def has_add_permission(self, request, *args):
        return access.may_manage_interventions(request.user)

    def has_change_permission(self, request, obj=None):
        return access.may_manage_interventions(request.user)

    def has_delete_permission(self, request, obj=None):
        return access.may_manage_interventions(request.user)
