from django.contrib import admin

from accounts import access

from .models import Assignment, Intervention, InterventionBudget, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class BudgetInline(admin.TabularInline):
    model = InterventionBudget
    extra = 0


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Intervention)
class InterventionAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "inriktning",
        "registration_modes_display",
        "huvudman",
        "startdatum",
        "slutdatum",
        "arsplatser",
        "mal_andel_arbete_studier",
    ]
    list_filter = ["inriktning", "allows_person", "allows_anonymous", "allows_volume", "huvudman"]
    search_fields = ["code", "name"]
    list_select_related = ["huvudman"]
    inlines = [BudgetInline, AssignmentInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "inriktning", "huvudman", "startdatum", "slutdatum"]}),
        ("Registrering", {"fields": ["allows_person", "allows_anonymous", "allows_volume"]}),
        ("Mål", {"fields": ["malgrupp", "effektmal", "mal_andel_arbete_studier", "arsplatser"]}),
    ]

    @admin.display(description="registrering")
    def registration_modes_display(self, obj):
        return " | ".join(obj.registration_modes)

    def get_queryset(self, request):
        return access.visible_interventions(request.user)


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "intervention", "role"]
    list_filter = ["role", "intervention"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "intervention__code"]
    autocomplete_fields = ["user", "intervention"]
    list_select_related = ["user", "intervention"]
