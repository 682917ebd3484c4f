"""Tertial report pages: small views; the workflow is in services, the rules in permissions."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts import access
from accounts.decorators import role_required
from interventions.models import Intervention
from participants.models import Participation
from stats.disclosure import BOARD_NOTE, Release
from stats.downloads import download
from stats.releases import board_year, board_years

from . import dashboard, permissions, services
from .forms import TertialReportForm, TransitionForm
from .models import Status, TertialReport
from .pdf import render_reports_pdf
from .periods import TERTIAL_LABELS, tertial_period


def _report_for(request: HttpRequest, code: str, year: int, tertial: int) -> TertialReport:
    """The report (or an unsaved draft) if the user may see it; 404/403 otherwise."""
    if tertial not in TERTIAL_LABELS or not 2000 <= year <= 2100:
        raise Http404("Ingen sådan tertial.")
    intervention = get_object_or_404(Intervention, code=code)
    if not permissions.may_view_report(request.user, intervention):
        raise PermissionDenied("Du har inte behörighet till den här tertialrapporten.")
    report = TertialReport.objects.select_related("intervention").filter(
        intervention=intervention, year=year, tertial=tertial
    ).first()
    return report or TertialReport(intervention=intervention, year=year, tertial=tertial)


@role_required(access.sees_tertial_reports, message="Du har inte behörighet till tertialrapporterna.")
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.may_view_dashboard(user):
        return redirect("tertials:year")  # the board: the year view is theirs
    today = timezone.localdate()
    year, problem = dashboard.parse_year(request.GET.get("ar"), today)
    if problem:
        messages.warning(request, problem)
    office = access.is_office(user)
    interventions = Intervention.objects.all() if office else access.led_interventions(user)
    rows = dashboard.grid(interventions, year, today)
    return render(
        request,
        "tertials/index.html",
        {
            "year": year,
            "years": dashboard.year_choices(today),
            "rows": rows,
            "counts": dashboard.state_counts(rows),
            "office": office,
            "tertials": TERTIAL_LABELS,
            "may_view_year": permissions.may_view_year(user),
            "may_print": permissions.may_print_tertial(user),
            "deadline_days": settings.FINSAM_TERTIAL_DEADLINE_DAYS,
        },
    )


@role_required(permissions.may_view_year, message="Årsöversikten är för kansliet och styrelsen.")
def year_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    suppress = access.suppress_below(request.user)
    if suppress:  # the board: an ended year only (stats.releases), no message for a free one
        span = Participation.objects.data_span()
        year = board_year(request.GET.get("ar"), today, span)
        years = board_years(today, span)
    else:
        year, problem = dashboard.parse_year(request.GET.get("ar"), today)
        if problem:
            messages.warning(request, problem)
        years = dashboard.year_choices(today)
    overview = dashboard.year_overview(year, today, suppress_below=suppress)
    return render(
        request,
        "tertials/year.html",
        {"year": year, "years": years, "overview": overview, "suppress": suppress,
         "board_note": BOARD_NOTE if suppress else "",
         "office": access.is_office(request.user)},
    )


@login_required
def report_view(request: HttpRequest, code: str, year: int, tertial: int) -> HttpResponse:
    user = request.user
    report = _report_for(request, code, year, tertial)
    editable = permissions.may_edit(user, report)
    form = TertialReportForm(instance=report) if editable else None
    draft_saved = False
    if request.method == "POST":
        if not editable:
            messages.error(request, services_refusal(user, report))
            return redirect(request.path)
        form = TertialReportForm(request.POST, instance=report)
        if form.is_valid():
            try:
                services.save_draft(form.instance, user=user)
            except services.TransitionError as error:
                messages.error(request, error.message)
                return redirect(request.path)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                missing = form.instance.submission_errors() if "submit" in request.POST else {}
                if not missing:
                    return _submit_or_done(request, form.instance, submit="submit" in request.POST)
                # The text is kept as a draft; what is missing is marked at each field.
                form = _form_with_missing(request.POST, form.instance, missing)
                draft_saved = True
    today = timezone.localdate()
    transitions = list(report.transitions.select_related("user")) if report.pk else []
    # The comment (or reopening reason) the insatsansvarig has to act on.
    latest = transitions[-1] if transitions and report.status == Status.ATERSKICKAD else None
    start, end = tertial_period(year, tertial)
    return render(
        request,
        "tertials/report.html",
        {
            "report": report,
            "form": form,
            "figures": report.figures(),
            "transitions": transitions,
            "latest": latest,
            "actions": [action for action in permissions.allowed_actions(user, report) if action != permissions.SUBMIT]
            if report.pk else [],
            "overdue": report.is_overdue(today),
            "period": (start, end),
            "office": access.is_office(user),
            "Status": Status,
            "draft_saved": draft_saved,
        },
    )


def _submit_or_done(request, report, *, submit: bool) -> HttpResponse:
    if not submit:
        messages.success(request, "Utkastet är sparat.")
    else:
        try:
            services.submit(report, user=request.user)
        except services.TransitionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Rapporten är inskickad till kansliet. Siffrorna är nu låsta.")
    return redirect(request.path)


def _form_with_missing(data, report, missing: dict[str, str]) -> TertialReportForm:
    """The posted text again, at the version just saved, with each missing part as a field error."""
    data = data.copy()
    data["expected_version"] = report.version
    form = TertialReportForm(data, instance=report)
    form.is_valid()
    for name, message in missing.items():
        form.add_error(name, message)
    return form


def services_refusal(user, report) -> str:
    if not permissions.leads(user, report.intervention):
        return "Bara insatsens insatsansvarig får skriva i tertialrapporten."
    return f"Rapporten är {report.get_status_display().lower()} och kan inte ändras."


ACTION_DONE = {
    permissions.SUBMIT: "Rapporten är inskickad till kansliet.",
    permissions.APPROVE: "Rapporten är godkänd.",
    permissions.RETURN: "Rapporten är återskickad till insatsansvarig med din kommentar.",
    permissions.REOPEN: "Rapporten är öppnad igen; skälet står i historiken.",
}


@login_required
@require_POST
def transition_view(request: HttpRequest, code: str, year: int, tertial: int) -> HttpResponse:
    report = _report_for(request, code, year, tertial)
    back = redirect("tertials:report", code, year, tertial)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Okänd åtgärd eller för lång kommentar (högst 4000 tecken).")
        return back
    if report.pk is None:
        messages.error(request, "Rapporten är inte påbörjad ännu.")
        return back
    action = form.cleaned_data["action"]
    try:
        services.perform(action, report, user=request.user, comment=form.cleaned_data["comment"])
    except services.TransitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, ACTION_DONE[action])
    return back


def _pdf_response(request, content: bytes, filename: str, *, title: str, period, codes=None) -> HttpResponse:
    """The PDF as an attachment, logged like every aggregated download."""
    return download(request, content, fmt="pdf", filename=filename, what=title, release=Release(None, period, codes))


@login_required
def report_pdf(request: HttpRequest, code: str, year: int, tertial: int) -> HttpResponse:
    report = _report_for(request, code, year, tertial)
    title = f"Tertialrapport {report.intervention.name} {report.label}"
    content = render_reports_pdf([report], title=title, today=timezone.localdate())
    return _pdf_response(request, content, f"tertialrapport-{code}-{year}-T{tertial}.pdf", title=title,
                         period=tertial_period(year, tertial), codes=(code,))


@role_required(permissions.may_print_tertial, message="Samlade tertialrapporter tas fram av kansliet.")
def tertial_pdf(request: HttpRequest, year: int, tertial: int) -> HttpResponse:
    if tertial not in TERTIAL_LABELS or not 2000 <= year <= 2100:
        raise Http404("Ingen sådan tertial.")
    interventions = Intervention.objects.overlapping(*tertial_period(year, tertial)).order_by("name")
    existing = {
        report.intervention_id: report
        for report in TertialReport.objects.filter(year=year, tertial=tertial).select_related("intervention")
    }
    reports = [
        existing.get(i.pk) or TertialReport(intervention=i, year=year, tertial=tertial) for i in interventions
    ]
    title = f"Tertialrapporter {year} {TERTIAL_LABELS[tertial]}"
    content = render_reports_pdf(reports, title=title, today=timezone.localdate())
    return _pdf_response(request, content, f"tertialrapporter-{year}-T{tertial}.pdf", title=title,
                         period=tertial_period(year, tertial))
