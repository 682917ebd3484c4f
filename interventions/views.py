"""Interventions: the overview against årsplatser and goal, one intervention's page, its
description and its staff. Figures are aggregated in the database, one query per page."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts import access
from accounts.decorators import role_required
from participants.codes import STUDIES, WORK

from .forms import AssignmentForm, DescriptionForm
from .models import Assignment, Intervention


def _year(request) -> int:
    try:
        year = int(request.GET.get("ar", ""))
    except ValueError:
        return datetime.date.today().year
    return year if 2000 <= year <= 2100 else datetime.date.today().year


def _years(selected: int) -> range:
    """The year picker: this year and at least ten back (and the selected one), newest first."""
    this_year = datetime.date.today().year
    return range(max(this_year, selected), min(selected, this_year - 10) - 1, -1)


def with_year_counts(queryset, year: int) -> list[Intervention]:
    """The interventions of `queryset`, each with its spells in `year` counted (FELREGISTRERING
    excluded) as n_active, n_started, n_ended, n_work_studies, and n_open (open today).

    Two GROUP BY queries over the spells, whatever the number of interventions; only the
    spells active in the year are read for the year's figures."""
    from participants.models import Participation

    interventions = list(queryset)
    ids = [i.pk for i in interventions]
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    in_year = {
        row["intervention"]: row
        for row in Participation.objects.filter(intervention__in=ids).active_in(first, last)
        .values("intervention").order_by().annotate(
            n_active=Count("pk"),
            n_started=Count("pk", filter=Q(startdatum__gte=first)),
            n_ended=Count("pk", filter=Q(slutdatum__lte=last)),
            n_work_studies=Count("pk", filter=Q(slutdatum__lte=last, sysselsattning_efter__in=[*WORK, *STUDIES])),
        )
    }
    open_now = dict(
        Participation.objects.filter(intervention__in=ids, slutdatum__isnull=True)
        .values("intervention").order_by().annotate(n=Count("pk")).values_list("intervention", "n")
    )
    empty = {"n_active": 0, "n_started": 0, "n_ended": 0, "n_work_studies": 0}
    for intervention in interventions:
        row = in_year.get(intervention.pk, empty)
        for key in empty:
            setattr(intervention, key, row[key])
        intervention.n_open = open_now.get(intervention.pk, 0)
    return interventions


def _suppress(value, below):
    """The board sees small counts as '<5'."""
    if below and value and 0 < value < below:
        return f"<{below}"
    return value


def _figures(intervention, below) -> dict:
    share = round(100 * intervention.n_work_studies / intervention.n_ended, 1) if intervention.n_ended else None
    if below and (0 < intervention.n_ended < below or 0 < intervention.n_work_studies < below):
        share = None  # share × ended would give a hidden count back
    places = intervention.arsplatser
    return {
        "active": _suppress(intervention.n_active, below),
        "started": _suppress(intervention.n_started, below),
        "ended": _suppress(intervention.n_ended, below),
        "work_studies": _suppress(intervention.n_work_studies, below),
        "open": _suppress(intervention.n_open, below),
        "share": share,
        "goal": intervention.mal_andel_arbete_studier,
        "goal_met": None if share is None or intervention.mal_andel_arbete_studier is None
        else share >= intervention.mal_andel_arbete_studier,
        "fill": round(100 * intervention.n_active / places) if places and not below else None,
    }


@role_required(access.has_any_role)
def intervention_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    below = access.suppress_below(request.user)
    visible = access.visible_interventions(request.user).select_related("huvudman").order_by("code")
    rows = with_year_counts(visible, year)
    return render(request, "interventions/list.html", {
        "rows": [(i, _figures(i, below)) for i in rows], "year": year, "years": _years(year),
        "may_manage": access.may_manage_interventions(request.user),
    })


def _visible(request, code) -> Intervention:
    return get_object_or_404(access.visible_interventions(request.user), code=code)


@login_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    year = _year(request)
    intervention = _visible(request, code)
    counted = with_year_counts(Intervention.objects.filter(pk=intervention.pk).select_related("huvudman"), year)[0]
    user = request.user
    may_manage = access.may_manage_interventions(user)
    sees_people = access.visible_interventions(user, personal_data=True).filter(pk=intervention.pk).exists()
    context = {
        "intervention": counted, "figures": _figures(counted, access.suppress_below(user)), "year": year,
        "years": _years(year), "may_manage": may_manage, "sees_people": sees_people,
        "may_edit_description": access.may_edit_description(user, intervention),
        "may_register": access.can_change_intervention_data(user, intervention),
    }
    if sees_people:
        context["assignments"] = intervention.assignments.select_related("user").order_by("role", "user__username")
    if may_manage:
        context["assignment_form"] = AssignmentForm(intervention=intervention)
    return render(request, "interventions/detail.html", context)


def _describable(request, code) -> Intervention:
    """An intervention the user sees (else 404) and writes the description of (else 403)."""
    intervention = _visible(request, code)
    if not access.may_edit_description(request.user, intervention):
        raise PermissionDenied
    return intervention


@login_required
def edit_description(request: HttpRequest, code: str) -> HttpResponse:
    intervention = _describable(request, code)
    form = DescriptionForm(request.POST or None, instance=intervention)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Beskrivningen är sparad.")
        return redirect("interventions:detail", intervention.code)
    return render(request, "interventions/description.html", {"form": form, "intervention": intervention})


@role_required(access.may_manage_interventions)
@require_POST
def staff(request: HttpRequest, code: str) -> HttpResponse:
    """Kansli and administrator add and remove staff (with their role) on an intervention."""
    intervention = _visible(request, code)
    if request.POST.get("remove"):
        assignment = get_object_or_404(Assignment, pk=request.POST["remove"], intervention=intervention)
        assignment.delete()
        messages.success(request, f"{assignment.user} har tagits bort från {intervention.code}.")
        return redirect("interventions:detail", intervention.code)
    form = AssignmentForm(request.POST, intervention=intervention)
    if form.is_valid():
        form.save()
        messages.success(request, f"{form.instance.user} är nu {form.instance.get_role_display().lower()} "
                                  f"i {intervention.code}.")
    else:
        errors = "; ".join(f"{form.fields[f].label if f in form.fields else ''} {' '.join(e)}".strip()
                           for f, e in form.errors.items())
        messages.error(request, f"Kunde inte lägga till: {errors}")
    return redirect("interventions:detail", intervention.code)
