"""The staff pages: registration at start and end, lists, the person page.

Who sees what is decided by `accounts.access` alone: a record outside the user's reach
is a 404 (loaded through an access queryset), a page the role may not use at all is a 403
(`role_required`).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django_tables2 import RequestConfig

from accounts import access
from accounts.decorators import role_required
from audit.trail import record
from finsam.redirects import safe_next

from .filters import AnonymousFilter, ParticipationFilter, VolumeFilter
from .forms import (
    AnonymousForm,
    ParticipationEditForm,
    ParticipationEndForm,
    ParticipationStartForm,
    PersonLookupForm,
    PersonnummerSearchForm,
    VolumeForm,
)
from .models import AnonymousRegistration, Participant, Participation, StaleEditError, VolumeRegistration
from .tables import AnonymousTable, CappedPaginator, ParticipationTable, VolumeTable

PER_PAGE = 50


def _changeable_ids(user) -> frozenset[int]:
    return frozenset(access.changeable_interventions(user).values_list("pk", flat=True))


def _list_rows(queryset):
    """Only what the list shows: no encrypted column is read (nor decrypted) for a list."""
    return queryset.select_related("participant", "intervention", "ansvarig").only(
        "pk", "version", "startdatum", "slutdatum", "avslutsorsak", "intervention_id", "participant_id",
        "participant__kon", "participant__birth_date", "participant__birth_year",
        "participant__is_coordination_number", "participant__identity_removed_at",
        "intervention__code", "ansvarig__username", "ansvarig__first_name", "ansvarig__last_name",
    )


def _save_versioned(request, form) -> bool:
    """Save a versioned form; a concurrent change wins nothing over the other person's edit."""
    try:
        with transaction.atomic():
            form.save()
    except StaleEditError as error:
        form.add_error(None, error)
        return False
    return True


# --- participations --------------------------------------------------------------------


@role_required(access.may_see_personal_data)
def participation_list(request: HttpRequest) -> HttpResponse:
    base = access.registrations(request.user, Participation)
    filterset = ParticipationFilter(request.GET or None, queryset=base, user=request.user)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    # The number comes by POST and is answered in place: no redirect, so no URL ever holds it.
    search = PersonnummerSearchForm(request.POST or None)
    if search.is_bound:
        if search.is_valid():
            rows = rows.filter(participant__pnr_hash=search.cleaned_data["personnummer"])
            record(request, "SEARCH", "Sökning på personnummer i deltagarlistan")
        else:
            rows = rows.none()
    changeable_ids = _changeable_ids(request.user)
    table = ParticipationTable(_list_rows(rows), changeable_ids=changeable_ids)
    RequestConfig(request, paginate={"per_page": PER_PAGE, "paginator_class": CappedPaginator}).configure(table)
    return render(request, "participants/list.html", {
        "filter": filterset, "search": search, "table": table, "may_register": bool(changeable_ids),
    })


@role_required(access.may_register, "PERSON")
def register(request: HttpRequest) -> HttpResponse:
    """Find or create the person by personnummer and register a spell at start, in one form."""
    user = request.user
    known = None
    person_form = PersonLookupForm(request.POST or None, prefix="p")
    start_form = ParticipationStartForm(
        request.POST or None, prefix="s", user=user, initial={"ansvarig": user.pk}
    )
    lookup = request.method == "POST" and "lookup" in request.POST
    if lookup:
        # "Sök person" checks only the person: the spell's part keeps what was typed, unjudged.
        start_form = ParticipationStartForm(prefix="s", user=user, initial={
            name: request.POST.get(f"s-{name}") for name in start_form.fields if request.POST.get(f"s-{name}")
        } or {"ansvarig": user.pk})
    if request.method == "GET" and request.GET.get("deltagare"):
        person_id = request.GET["deltagare"]
        if not person_id.isdigit() or len(person_id) > 18:  # a link's id, never free text
            raise Http404
        known = get_object_or_404(access.participants(user), pk=int(person_id))
        person_form = PersonLookupForm(prefix="p", initial={"personnummer": known.personnummer})
    if request.method == "POST" and person_form.is_valid():
        existing = person_form.existing()
        record(request, "SEARCH", "Sökning på personnummer vid registrering", obj=existing)
        # Only a person the user already sees is shown as known: saying that someone exists
        # elsewhere in the registry would tell who is in other interventions.
        known = existing if existing and access.participants(user).filter(pk=existing.pk).exists() else None
        if not lookup:
            participation = _register_start(person_form, start_form, existing)
            if participation is not None:
                messages.success(
                    request, f"Registrerat: {participation.participant.masked_personnummer} i "
                    f"{participation.intervention.code} från {participation.startdatum:%Y-%m-%d}."
                )
                if "another" in request.POST:
                    return redirect("participants:register")
                return redirect("participants:person", participation.participant_id)
    return render(request, "participants/register.html", {
        "person_form": person_form, "form": start_form, "known": known,
        "lookup": lookup,
        "known_spells": (
            access.registrations(user, Participation).filter(participant=known).select_related("intervention")
            if known else []
        ),
    })


class _Invalid(Exception):
    pass


def _register_start(person_form, start_form, known: Participant | None) -> Participation | None:
    """Person and spell are written together or not at all."""
    data = person_form.cleaned_data
    try:
        with transaction.atomic():
            participant = known
            if participant is None:
                participant = Participant.from_personnummer(
                    data["personnummer"], first_name=data["first_name"], last_name=data["last_name"]
                )
                try:
                    participant.full_clean()
                except ValidationError as error:  # the form checks these rules too; never a 500
                    for field, messages_ in error.message_dict.items():
                        person_form.add_error(field if field in person_form.fields else None, messages_)
                    raise _Invalid from None
                participant.save()
            start_form.instance.participant = participant
            if not start_form.is_valid():
                raise _Invalid
            return start_form.save()
    except _Invalid:
        return None


def _changeable_participation(request, pk) -> Participation:
    return get_object_or_404(
        access.changeable_registrations(request.user, Participation).select_related("participant", "intervention"),
        pk=pk,
    )


@login_required
def end(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _changeable_participation(request, pk)
    form = ParticipationEndForm(request.POST or None, instance=participation)
    if request.method == "POST" and form.is_valid() and _save_versioned(request, form):
        messages.success(request, f"Avslut registrerat för {participation.participant.masked_personnummer}.")
        return redirect(safe_next(request, request.POST.get("next"), reverse("participants:list")))
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"), "")
    return render(request, "participants/end.html", {"form": form, "participation": participation,
                                                     "next": next_url})


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _changeable_participation(request, pk)
    form = ParticipationEditForm(request.POST or None, instance=participation, user=request.user)
    if request.method == "POST" and form.is_valid() and _save_versioned(request, form):
        messages.success(request, "Ändringen är sparad.")
        return redirect("participants:person", participation.participant_id)
    return render(request, "participants/edit.html", {"form": form, "participation": participation})


@role_required(access.may_see_personal_data)
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """The one page that shows the full personnummer; every visit is recorded."""
    participant = get_object_or_404(access.participants(request.user), pk=pk)
    spells = (
        access.registrations(request.user, Participation).filter(participant=participant)
        .select_related("intervention", "ansvarig").order_by("-startdatum")
    )
    record(request, "VIEW", str(participant), obj=participant)
    changeable_ids = _changeable_ids(request.user)
    return render(request, "participants/person.html", {
        "participant": participant, "spells": spells, "changeable_ids": changeable_ids,
        "may_register": bool(changeable_ids),
    })


# --- anonymous and volume registrations ------------------------------------------------


def _simple_list(request, model, filter_class, table_class, mode, template):
    base = access.registrations(request.user, model).select_related("intervention")
    filterset = filter_class(request.GET or None, queryset=base, user=request.user)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    changeable_ids = _changeable_ids(request.user)
    table = table_class(rows, changeable_ids=changeable_ids)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    may_add = bool(changeable_ids) and access.may_register(request.user, mode)
    return render(request, template, {"filter": filterset, "table": table, "may_add": may_add})


def _simple_form(request, model, form_class, pk, *, title, list_url):
    """A new registration (the view checks the role) or one in the user's interventions (else 404)."""
    instance = None if pk is None else get_object_or_404(access.changeable_registrations(request.user, model), pk=pk)
    form = form_class(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid() and _save_versioned(request, form):
        messages.success(request, "Registreringen är sparad.")
        if "another" in request.POST:
            return redirect(request.path)
        return redirect(list_url)
    return render(request, "participants/simple_form.html", {
        "form": form, "title": title, "list_url": reverse(list_url), "is_new": instance is None,
    })


@role_required(access.may_see_personal_data)
def anonymous_list(request):
    return _simple_list(request, AnonymousRegistration, AnonymousFilter, AnonymousTable, "ANONYM",
                        "participants/anonymous_list.html")


@role_required(access.may_register, "ANONYM")
def anonymous_create(request):
    return _simple_form(request, AnonymousRegistration, AnonymousForm, None, title="Ny anonym registrering",
                        list_url="participants:anonymous_list")


@login_required
def anonymous_edit(request, pk):
    return _simple_form(request, AnonymousRegistration, AnonymousForm, pk, title="Ändra anonym registrering",
                        list_url="participants:anonymous_list")


@role_required(access.may_see_personal_data)
def volume_list(request):
    return _simple_list(request, VolumeRegistration, VolumeFilter, VolumeTable, "VOLYM",
                        "participants/volume_list.html")


@role_required(access.may_register, "VOLYM")
def volume_create(request):
    return _simple_form(request, VolumeRegistration, VolumeForm, None, title="Ny volymregistrering",
                        list_url="participants:volume_list")


@login_required
def volume_edit(request, pk):
    return _simple_form(request, VolumeRegistration, VolumeForm, pk, title="Ändra volymregistrering",
                        list_url="participants:volume_list")
