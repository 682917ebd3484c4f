"""Pathways, gaps, cycling, step progress, effects, coverage and implementation pages.

Aggregated pages are open to everyone who may see figures for some intervention (with the
board's small-cell suppression); person-level pages (people's pathways, the worklist, the
measurement form) only to those who may see personal data, for their own interventions.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from accounts import access
from accounts.decorators import role_required
from audit.trail import record
from interventions.models import Intervention
from participants.models import Participant, Participation
from stats.disclosure import BOARD_NOTE, PROTECTED, PROTECTED_NOTE, Release, legend, protect_tables
from stats.downloads import download
from stats.pdf import tables_pdf
from stats.publication import cycling_tables as published_cycling
from stats.publication import for_board, stored, stored_tables
from stats.releases import board_form, board_year, board_years
from stats.tables import rendered
from stats.writers import tables_xlsx

from . import analysis, figures, sankey
from .forms import MeasurementForm, PeriodForm, WorklistForm
from .models import Instrument
from .services import record_measurement

DEFAULT_WORKLIST_DAYS = 30


# --- helpers ---------------------------------------------------------------------------------

def _default_year() -> int:
    latest = Participation.objects.countable().aggregate(latest=Max("slutdatum"))["latest"]
    return (latest or datetime.date.today()).year


def _filters(request, *, personal_data=False) -> tuple[PeriodForm, figures.Scope]:
    """The period form and the interventions the page covers, within what the user may see."""
    visible = list(access.visible_interventions(request.user, personal_data=personal_data).order_by("name"))
    by_id = {i.pk: i for i in visible}
    if access.suppress_below(request.user):  # the board: a fixed period, every intervention (stats.releases)
        span = Participation.objects.data_span()
        return board_form(request.GET, timezone.localdate(), span), figures.Scope(ids=None, interventions=by_id)
    form = PeriodForm(request.GET, interventions=visible, default_year=_default_year())
    form.is_valid()
    codes = set(form.codes())
    if codes:
        ids = [i.pk for i in visible if i.code in codes]
    elif len(visible) == Intervention.objects.count():
        ids = None  # everything: no restriction needed
    else:
        ids = list(by_id)
    return form, figures.Scope(ids=ids, interventions=by_id)


def _tab_query(request) -> str:
    """The period and intervention filters, carried along when moving between the tabs."""
    kept = request.GET.copy()
    for key in list(kept):
        if key not in ("year", "from", "to", "date_from", "date_to", "intervention", "period"):
            del kept[key]
    return kept.urlencode()


def person_url(participant) -> str:
    return reverse("participants:person", args=[participant.pk])


def _release(request, form, scope: figures.Scope) -> Release:
    """Whom the page's figures go to and what they cover (for disclosure control and the audit)."""
    period = form.period() if form is not None else None
    codes = None if scope.ids is None else tuple(sorted(scope.interventions[i].code for i in scope.ids))
    return Release(access.suppress_below(request.user), period, codes)


def _published(request, form):
    """The board's publication of the year the page shows (stats.publication), else None: the
    board's pages read their tables from it, already protected with every other board output."""
    if form is None or not access.suppress_below(request.user):
        return None
    return for_board(form.chosen.year if hasattr(form, "chosen") else form.year)


def _render_report(request, *, page: str, title: str, form, scope, tables, extra=None, protected=False):
    release = _release(request, form, scope)
    if not protected:
        protect_tables(tables, release)
    date_from, date_to = release.period or (None, None)
    subtitle = f"Period {date_from} – {date_to}" if date_from else ""
    fmt = request.GET.get("format", "html")
    if fmt in ("xlsx", "pdf"):
        write = tables_xlsx if fmt == "xlsx" else tables_pdf
        body = write(title, subtitle, tables, legend=legend(release.below))
        filename = f"{slugify(title)}-{date_from or datetime.date.today()}.{fmt}"
        return download(request, body, fmt=fmt, filename=filename, what=title, release=release)
    query = request.GET.copy()
    query.pop("format", None)
    context = {
        "tab_query": _tab_query(request),
        "page": page,
        "title": title,
        "form": form,
        "period": (date_from, date_to),
        "tables": rendered(tables, notes={PROTECTED: PROTECTED_NOTE}),
        "below": release.below,
        "board_note": BOARD_NOTE if release.below else "",
        "board": access.suppress_below(request.user) is not None and form is not None and hasattr(form, "chosen"),
        "query": query.urlencode(),
        "may_see_personal_data": access.may_see_personal_data(request.user),
        **(extra or {}),
    }
    return render(request, f"pathways/{page}.html", context)


# --- pathways and gaps -----------------------------------------------------------------------

@role_required(access.sees_any_intervention)
def index(request):
    """Flows between interventions: heat table, Sankey diagram, and where FORTSATT_REHAB went."""
    form, scope = _filters(request)
    publication = _published(request, form)
    if publication is not None:
        tables, links = stored_tables(publication, "flows"), stored(publication, "flows", "links", [])
    else:
        date_from, date_to = form.period()
        result = analysis.gaps_and_flows(date_from, date_to, scope.ids)
        _mask_other(result, scope)
        tables, links = figures.flow_tables(result, scope)
        release = _release(request, form, scope)
        hidden = protect_tables(tables, release)[0].hidden_positions()  # the diagram must not show them either
        links = [link for link in links if tuple(link["cell"]) not in hidden]
    diagram = sankey.layout(links, none_label=figures.NONE_LABEL)
    return _render_report(request, page="index", title="Vägar mellan insatser", form=form, scope=scope,
                          tables=tables, extra={"diagram": diagram}, protected=True)


def _mask_other(result: analysis.GapResult, scope: figures.Scope) -> None:
    """Next interventions the user may not see are merged into one 'Annan insats' column."""
    merged: dict[tuple, dict] = {}
    for row in result.pairs:
        target = row["target"]
        if target is not None and target not in scope.interventions:
            target = -1
        key = (row["source"], target)
        if key in merged:
            for name, value in row.items():
                if name not in ("source", "target"):
                    merged[key][name] = (merged[key][name] or 0) + (value or 0)
        else:
            merged[key] = {**row, "target": target}
    result.pairs = list(merged.values())


@role_required(access.sees_any_intervention)
def gaps(request):
    form, scope = _filters(request)
    publication = _published(request, form)
    if publication is not None:
        tables = stored_tables(publication, "gaps")
    else:
        date_from, date_to = form.period()
        result = analysis.gaps_and_flows(date_from, date_to, scope.ids)
        _mask_other(result, scope)
        tables = figures.gap_tables(result, scope)
    return _render_report(request, page="gaps", title="Glapp mellan insatser", form=form, scope=scope,
                          tables=tables, extra={"bands": analysis.GAP_BANDS}, protected=publication is not None)


@role_required(access.may_see_personal_data)
def worklist(request):
    """People who ended to continued rehabilitation in the user's interventions and have no next spell."""
    form = WorklistForm(request.GET)
    days = DEFAULT_WORKLIST_DAYS
    if form.is_valid() and form.cleaned_data["days"]:
        days = form.cleaned_data["days"]
    elif not form.is_valid():
        messages.error(request, "Antal dagar måste vara ett heltal mellan 1 och 3650. Visar 30 dagar.")
    interventions = access.visible_interventions(request.user, personal_data=True)
    paginator = Paginator(analysis.worklist(interventions, days=days), 50)
    page_obj = paginator.get_page(request.GET.get("page"))
    today = datetime.date.today()
    rows = [
        {"spell": spell, "days_since": (today - spell.slutdatum).days, "url": person_url(spell.participant)}
        for spell in page_obj
    ]
    record(request, "VIEW", f"Arbetslista glapp ({days} dagar)", rows=len(rows), page=page_obj.number)
    return render(request, "pathways/worklist.html", {
        "page": "worklist", "title": "Arbetslista: utan ny insats", "form": form, "days": days,
        "rows": rows, "page_obj": page_obj, "may_see_personal_data": True,
    })


@role_required(access.may_see_personal_data)
def persons(request):
    """Each person's sequence of spells (person level) for people active in the period."""
    form, scope = _filters(request, personal_data=True)
    date_from, date_to = form.period()
    ids = scope.ids if scope.ids is not None else list(scope.interventions)
    active = Participation.objects.active_in(date_from, date_to).filter(intervention_id__in=ids)
    people = (
        Participant.objects.filter(pk__in=active.values("participant_id"))
        .order_by("pk")
        .prefetch_related(Prefetch(
            "participations",
            # Only the spells the user may see, as on the person page (dates and end reasons of
            # other interventions' spells are theirs to see, not this user's).
            queryset=access.registrations(request.user, Participation.objects.countable())
            .select_related("intervention").order_by("startdatum", "pk"),
            to_attr="spells",
        ))
    )
    page_obj = Paginator(people, 50).get_page(request.GET.get("page"))
    rows = []
    for person in page_obj:
        steps, previous_end = [], None
        for spell in person.spells:
            gap = (spell.startdatum - previous_end).days if previous_end else None
            steps.append({"spell": spell, "name": spell.intervention.name, "gap": gap})
            previous_end = spell.slutdatum
        rows.append({"person": person, "steps": steps, "url": person_url(person)})
    record(request, "VIEW", f"Personers vägar {date_from} – {date_to}", rows=len(rows), page=page_obj.number)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "pathways/persons.html", {
        "tab_query": _tab_query(request), "page": "persons", "title": "Personers vägar", "form": form,
        "rows": rows, "page_obj": page_obj,
        "period": (date_from, date_to), "query": query.urlencode(), "may_see_personal_data": True,
    })


# --- cycling ---------------------------------------------------------------------------------

@role_required(access.sees_any_intervention)
def cycling(request):
    form, scope = _filters(request)
    # The board: each published year's row as published, no all-time total; _published first
    # publishes the year the page shows if it is not yet.
    board = _published(request, form) is not None
    if board:
        tables = published_cycling()
    else:
        tables = figures.cycling_tables(analysis.cycling(scope.ids))
    return _render_report(request, page="cycling", title="Rundgång", form=form, scope=scope, tables=tables,
                          extra={"all_years": True}, protected=board)


# --- step progress ---------------------------------------------------------------------------

def _instrument(request) -> Instrument | None:
    instruments = Instrument.objects.filter(active=True)
    chosen = request.GET.get("instrument")
    if chosen and chosen.isdigit():
        found = instruments.filter(pk=int(chosen)).first()
        if found:
            return found
    return instruments.order_by("code", "-version").first()


@role_required(access.sees_any_intervention)
def steps(request):
    form, scope = _filters(request)
    date_from, date_to = form.period()
    instrument = _instrument(request)
    tables = []
    publication = _published(request, form)
    if instrument is not None and publication is not None:
        tables = stored_tables(publication, f"steps:{instrument.pk}")
    elif instrument is not None:
        rows = figures.step_progress(instrument, date_from, date_to, scope.ids)
        tables = figures.step_tables(rows, scope, instrument)
    return _render_report(request, page="steps", title="Stegförflyttningar", form=form, scope=scope,
                          tables=tables, protected=publication is not None, extra={
        "instrument": instrument, "instruments": Instrument.objects.filter(active=True),
        "may_register": access.may_register(request.user),
    })


@role_required(access.may_register)
def steps_register(request):
    """The user's own participations, to record measurements on."""
    spells = (
        access.changeable_registrations(request.user, Participation.objects.countable())
        .select_related("participant", "intervention")
        .annotate(measurements_count=Count("measurements"))
        .order_by("-startdatum", "pk")
    )
    page_obj = Paginator(spells, 50).get_page(request.GET.get("page"))
    record(request, "VIEW", "Stegförflyttning: deltaganden att mäta", rows=len(page_obj.object_list))
    return render(request, "pathways/steps_register.html", {
        "page": "steps", "title": "Registrera mätning", "page_obj": page_obj,
        "rows": [{"spell": s, "url": person_url(s.participant)} for s in page_obj],
        "may_see_personal_data": True,
    })


@login_required
def measurement_new(request, pk: int):
    spell = get_object_or_404(
        access.changeable_registrations(request.user, Participation).select_related("participant", "intervention"),
        pk=pk,
    )
    instrument = _instrument(request)
    if instrument is None:
        raise Http404("Inget mätinstrument finns.")
    form = MeasurementForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        try:
            record_measurement(participation=spell, instrument=instrument, date=form.cleaned_data["date"],
                               kind=form.cleaned_data["kind"], scores=form.scores(), user=request.user)
        except ValidationError as error:
            for field, errors in getattr(error, "message_dict", {"__all__": error.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "Mätningen är sparad.")
            return redirect(f"{reverse('pathways:measurement_new', args=[spell.pk])}?instrument={instrument.pk}")
    earlier = spell.measurements.filter(instrument=instrument).prefetch_related("scores").order_by("date", "pk")
    record(request, "VIEW", f"Mätningar, {str(spell).lower()}", obj=spell)
    return render(request, "pathways/measurement_form.html", {
        "page": "steps", "title": "Registrera mätning", "spell": spell, "form": form,
        "instrument": instrument, "earlier": earlier, "may_see_personal_data": True,
    })


# --- effects, cost, coverage, implementation -------------------------------------------------

def _year(request) -> int:
    value = request.GET.get("year", "")
    if access.suppress_below(request.user):  # the board: an ended year only
        return board_year(value, timezone.localdate(), Participation.objects.data_span())
    if value.isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    if value:
        messages.error(request, "År måste anges som fyra siffror (2000–2100).")
    return _default_year()


class _YearForm:
    """The single-year filter used by the effects, coverage and implementation pages."""

    def __init__(self, year: int):
        self.year = year

    def period(self):
        return datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31)


@role_required(access.sees_any_intervention)
def effects(request):
    _form, scope = _filters(request)
    year = _year(request)
    publication = _published(request, _YearForm(year))
    if publication is not None:  # the effects are texts, no counts: as they stand
        tables = stored_tables(publication, "cost") + figures.effect_tables(scope)
    else:
        tables = figures.cost_tables(year, figures.cost_rows(year, scope)) + figures.effect_tables(scope)
    return _render_report(request, page="effects", title="Effekter och kostnad", form=_YearForm(year), scope=scope,
                          tables=tables, extra={"year": year, "years": _years(request)},
                          protected=publication is not None)


@role_required(access.sees_any_intervention)
def coverage(request):
    _form, scope = _filters(request)
    year = _year(request)
    publication = _published(request, _YearForm(year))
    if publication is not None:  # the need and the national share as they stand, the counts as published
        tables, summary = stored_tables(publication, "coverage"), figures.coverage_tables(year, [])[1]
    else:
        tables, summary = figures.coverage_tables(year, figures.coverage(year, scope.ids))
    return _render_report(request, page="coverage", title="Täckning mot behov", form=_YearForm(year), scope=scope,
                          tables=tables, extra={"year": year, "years": _years(request), "summary": summary},
                          protected=publication is not None)


@role_required(access.sees_any_intervention)
def implementation(request):
    _form, scope = _filters(request)
    return _render_report(request, page="implementation", title="Implementering", form=None, scope=scope,
                          tables=figures.implementation_tables(scope))


def _years(request) -> list[int]:
    if access.suppress_below(request.user):
        return board_years(timezone.localdate(), Participation.objects.data_span())
    last = _default_year()
    return list(range(last + 2, 2009, -1))
