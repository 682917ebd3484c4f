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
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts import access
from accounts.decorators import role_required
from participants.codes import STUDIES, WORK
from stats.disclosure import BOARD_NOTE, Release, protect_tables
from stats.releases import board_year
from stats.tables import Table, count, pct, share, text

from .forms import AssignmentForm, DescriptionForm
from .models import Assignment, Intervention


def _year(request) -> int:
    if access.suppress_below(request.user):  # the board: an ended year only (stats.releases)
        from participants.models import Participation

        return board_year(request.GET.get("ar"), timezone.localdate(), Participation.objects.data_span())
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


FIGURES = ("active", "started", "ended", "work_studies", "open")


def _published(interventions, year: int) -> list[dict]:
    """The board's figures: the year's published SUS summary, per intervention (the same counts
    and marks as its SUS page, stats.publication); "open today" is not shown to the board."""
    from reports.presentation import per_intervention_rows
    from stats.publication import for_board, summary

    data = summary(for_board(year))
    rows = {row["item"]["code"]: row for row in per_intervention_rows(data, data.below)}
    result = []
    for item in interventions:
        row = rows.get(item.code)
        cells = [row[name] for name in ("active", "started", "ended", "work_or_studies")] if row else []
        work_share = row["item"]["share_work_or_studies"] if row else None
        goal = item.mal_andel_arbete_studier
        result.append({
            **{name: "–" for name in FIGURES},
            **{name: cell.mark or cell.value for name, cell in zip(FIGURES, cells, strict=False)},
            "share": work_share, "goal": goal,
            "goal_met": None if work_share is None or goal is None else work_share >= goal, "fill": None,
        })
    return result


def _figures(interventions, below, year: int) -> list[dict]:
    """Each intervention's counts for the year as shown to the user: the rows go through
    disclosure control together (the board sees small counts as '<5', and no share that
    would give one back)."""
    if below:
        return _published(interventions, year)
    table = Table("interventions", "Insatser", ["Insats", *FIGURES, "share"])
    for item in interventions:
        values = [item.n_active, item.n_started, item.n_ended, item.n_work_studies, item.n_open]
        table.rows.append([text(item.code), *map(count, values), pct(item.n_work_studies, item.n_ended)])
    period = (datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    protect_tables([table], Release(below, period, tuple(item.code for item in interventions)))
    result = []
    for item, (_code, *cells, share_cell) in zip(interventions, table.rows, strict=True):
        work_share = None if share_cell.hidden else share_cell.value
        goal, places = item.mal_andel_arbete_studier, item.arsplatser
        result.append({
            **{name: cell.mark or cell.value for name, cell in zip(FIGURES, cells, strict=True)},
            "share": work_share,
            "goal": goal,
            "goal_met": None if work_share is None or goal is None else work_share >= goal,
            "fill": int(share(item.n_active, places, places=0)) if places and not below else None,
        })
        if below:  # "open today" changes with each registration: no fixed period, not for the board
            result[-1]["open"] = "–"
    return result


@role_required(access.has_any_role)
def intervention_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    below = access.suppress_below(request.user)
    visible = access.visible_interventions(request.user).select_related("huvudman").order_by("code")
    rows = list(visible) if below else with_year_counts(visible, year)  # the board: the published figures
    return render(request, "interventions/list.html", {
        "rows": list(zip(rows, _figures(rows, below, year), strict=True)), "year": year, "years": _years(year),
        "board_note": BOARD_NOTE if below else "",
        "may_manage": access.may_manage_interventions(request.user),
    })


def _visible(request, code) -> Intervention:
    return get_object_or_404(access.visible_interventions(request.user), code=code)


@login_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    year = _year(request)
    intervention = _visible(request, code)
    user = request.user
    counted = intervention if access.suppress_below(user) else with_year_counts(
        Intervention.objects.filter(pk=intervention.pk).select_related("huvudman"), year)[0]
    may_manage = access.may_manage_interventions(user)
    sees_people = access.visible_interventions(user, personal_data=True).filter(pk=intervention.pk).exists()
    context = {
        "intervention": counted, "figures": _figures([counted], access.suppress_below(user), year)[0], "year": year,
        "board_note": BOARD_NOTE if access.suppress_below(user) else "",
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
