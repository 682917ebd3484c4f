from django.contrib import admin
from django.db.models import Count

from accounts import access
from audit.trail import record

from .forms import AnonymousRegistrationForm, ParticipantForm, ParticipationForm, VolumeRegistrationForm
from .identity import hash_for_input
from .models import AnonymousRegistration, Participant, Participation, VolumeRegistration


class NoPersonnummerSearchMixin:
    """The admin's search is a GET form, so the search text stays in server logs and browser
    history: it never looks up a personnummer (find a person by number on /deltagare/, a POST)."""

    search_help_text = "Sök på födelseår eller insatskod. Personnummer söks på sidan Deltagare."

    def get_search_results(self, request, queryset, search_term):
        if hash_for_input(search_term):
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(Participant)
class ParticipantAdmin(NoPersonnummerSearchMixin, admin.ModelAdmin):
    form = ParticipantForm
    list_display = ["masked_personnummer", "kon", "birth_year", "spells", "is_coordination_number", "created_at"]
    list_filter = ["kon", "is_coordination_number", "birth_year"]
    search_fields = ["birth_year"]
    readonly_fields = ["birth_date", "birth_year", "is_coordination_number", "identity_removed_at"]

    def get_queryset(self, request):
        queryset = access.participants(request.user, super().get_queryset(request))
        return queryset.annotate(spell_count=Count("participations"))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """The change page shows the full number and the names: a read, logged as on the person page."""
        if obj is not None and obj.pk:
            record(request, "VIEW", str(obj), obj=obj, via="admin")
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    @admin.display(description="personnummer")
    def masked_personnummer(self, obj):
        return obj.masked_personnummer

    @admin.display(description="deltaganden", ordering="spell_count")
    def spells(self, obj):
        return obj.spell_count


@admin.register(Participation)
class ParticipationAdmin(NoPersonnummerSearchMixin, admin.ModelAdmin):
    form = ParticipationForm
    list_display = [
        "intervention",
        "person",
        "kon",
        "startdatum",
        "slutdatum",
        "avslutsorsak",
        "sysselsattning_efter",
    ]
    list_filter = ["intervention", "avslutsorsak", "participant__kon", "utbildning", "sysselsattning_efter"]
    date_hierarchy = "startdatum"
    search_fields = ["intervention__code", "participant__birth_year"]
    list_select_related = ["intervention", "participant"]
    raw_id_fields = ["participant", "ansvarig"]  # an autocomplete would search by number in a URL

    def get_queryset(self, request):
        return access.registrations(request.user, super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "intervention":
            kwargs["queryset"] = access.changeable_interventions(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="deltagare", ordering="participant__birth_year")
    def person(self, obj):
        return obj.participant.masked_personnummer

    @admin.display(description="kön", ordering="participant__kon")
    def kon(self, obj):
        return obj.participant.kon


@admin.register(AnonymousRegistration)
class AnonymousRegistrationAdmin(admin.ModelAdmin):
    form = AnonymousRegistrationForm
    list_display = ["intervention", "kon", "startdatum", "slutdatum", "antal", "extern_id"]
    list_filter = ["intervention", "kon"]
    date_hierarchy = "startdatum"
    search_fields = ["extern_id", "intervention__code"]
    list_select_related = ["intervention"]

    def get_queryset(self, request):
        return access.registrations(request.user, super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "intervention":
            kwargs["queryset"] = access.changeable_interventions(request.user).allowing("ANONYM")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(VolumeRegistration)
class VolumeRegistrationAdmin(admin.ModelAdmin):
    form = VolumeRegistrationForm
    list_display = ["intervention", "datum", "antal", "antal_kvinnor", "antal_man", "beskrivning"]
    list_filter = ["intervention"]
    date_hierarchy = "datum"
    search_fields = ["extern_id", "intervention__code", "beskrivning"]
    list_select_related = ["intervention"]

    def get_queryset(self, request):
        return access.registrations(request.user, super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "intervention":
            kwargs["queryset"] = access.changeable_interventions(request.user).allowing("VOLYM")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
