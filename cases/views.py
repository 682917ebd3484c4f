"""The case pages: the case of a participation, its plan, contacts and follow-ups after exit.

Who sees what is `accounts.access` alone, exactly as for participations: a spell outside the
user's interventions is a 404, a role that may see no personal data gets a 403 (the board never
sees a case). Changes need an intervention the user may change; reads of notes are logged.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts import access
from audit.trail import record
from participants.models import Participation, StaleEditError

from .extract import build_extract
from .forms import ActivityForm, ContactForm, FollowUpForm, PlanGoalsForm
from .models import Contact, FollowUp, Plan, PlanActivity, PlannedLength
from .pdf import render as render_pdf
from .services import activity_change_label, save_plan_change, save_recorded
from .timeline import load_cases, revision_content


def _spells(user, *, change: bool = False):
    if not access.may_see_personal_data(user):
        raise PermissionDenied
    rows = Participation.objects.select_related("participant", "intervention", "ansvarig")
    return access.changeable_registrations(user, rows) if change else access.registrations(user, rows)


def visible_spell(request, pk: int) -> Participation:
    return get_object_or_404(_spells(request.user), pk=pk)


def changeable_spell(request, pk: int) -> Participation:
    return get_object_or_404(_spells(request.user, change=True), pk=pk)


def case_url(spell_or_pk) -> str:
    return reverse("cases:case", args=[getattr(spell_or_pk, "pk", spell_or_pk)])


@login_required
def case(request: HttpRequest, pk: int) -> HttpResponse:
    spell = visible_spell(request, pk)
    may_change = (
        not spell.is_registration_error
        and access.changeable_interventions(request.user).filter(pk=spell.intervention_id).exists()
    )
    urls = {}
    if may_change:
        urls = {"contact": lambda c: reverse("cases:contact_edit", args=[spell.pk, c.pk]),
                "followup": lambda f: reverse("cases:followup", args=[spell.pk, f.months])}
    (the_case,) = load_cases([spell], urls=urls)
    record(request, "VIEW", f"Ärende (deltagande {spell.pk})", obj=spell, notes=the_case.notes_shown)
    planned = PlannedLength.objects.filter(intervention_id=spell.intervention_id).values_list("months", flat=True)
    return render(request, "cases/case.html", {
        "case": the_case, "spell": spell, "may_change": may_change, "today": timezone.localdate(),
        "planned_months": planned.first(),
        "revisions": [(r, revision_content(r)) for r in the_case.revisions[1:]],
    })


def _save(request, form, save) -> bool:
    """Run a save of a validated form; a concurrent change or a rule broken in between is shown on
    the form, nothing written."""
    try:
        save(form)
    except StaleEditError as error:
        form.add_error(None, error)
        return False
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


def _form_page(request, spell, form, *, title: str, template: str = "cases/form.html", **extra):
    return render(request, template, {"spell": spell, "form": form, "title": title, **extra})


@login_required
def contact_form(request: HttpRequest, pk: int, contact_pk: int | None = None) -> HttpResponse:
    spell = changeable_spell(request, pk)
    contact = (Contact(participation=spell) if contact_pk is None
               else get_object_or_404(Contact, pk=contact_pk, participation=spell))
    if contact_pk is not None and contact.note:
        record(request, "VIEW", f"Anteckning (kontakt {contact.pk})", obj=contact)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid() and _save(
        request, form, lambda f: save_recorded(f.instance, user=request.user)
    ):
        messages.success(request, f"{contact.get_kind_display()} {contact.date:%Y-%m-%d} är sparad.")
        return redirect(case_url(spell))
    title = "Ny kontakt eller uppföljning" if contact_pk is None else "Ändra kontakt"
    return _form_page(request, spell, form, title=title, template="cases/contact_form.html")


@login_required
def plan_goals(request: HttpRequest, pk: int) -> HttpResponse:
    spell = changeable_spell(request, pk)
    plan = Plan.objects.filter(participation=spell).first() or Plan(participation=spell)
    form = PlanGoalsForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid() and _save(
        request, form, lambda f: save_plan_change(f.instance, user=request.user, change="Mål ändrade")
    ):
        messages.success(request, "Målen i handlingsplanen är sparade.")
        return redirect(case_url(spell))
    return _form_page(request, spell, form, title="Mål i handlingsplanen")


@login_required
def activity_form(request: HttpRequest, pk: int, activity_pk: int | None = None) -> HttpResponse:
    spell = changeable_spell(request, pk)
    if activity_pk is None:
        activity, before = PlanActivity(participation=spell), None
    else:
        activity = get_object_or_404(PlanActivity, pk=activity_pk, participation=spell)
        before = PlanActivity.objects.get(pk=activity.pk)
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid() and _save(
        request, form, lambda f: save_plan_change(
            f.instance, user=request.user, change=activity_change_label(f.instance, before)
        )
    ):
        messages.success(request, "Aktiviteten är sparad i handlingsplanen.")
        return redirect(case_url(spell))
    title = "Ny aktivitet i handlingsplanen" if activity_pk is None else "Ändra aktivitet"
    return _form_page(request, spell, form, title=title)


@login_required
def followup_form(request: HttpRequest, pk: int, months: int) -> HttpResponse:
    if months not in settings.FINSAM_FOLLOWUP_MONTHS:
        raise Http404("Ingen sådan uppföljning.")
    spell = changeable_spell(request, pk)
    followup = FollowUp.objects.filter(participation=spell, months=months).first() or FollowUp(
        participation=spell, months=months
    )
    form = FollowUpForm(request.POST or None, instance=followup)
    if request.method == "POST" and form.is_valid() and _save(
        request, form, lambda f: save_recorded(f.instance, user=request.user)
    ):
        messages.success(request, f"Uppföljningen efter {months} månader är sparad.")
        return redirect(case_url(spell))
    return _form_page(request, spell, form, title=f"Uppföljning {months} månader efter avslut",
                      template="cases/followup_form.html", due=followup.due_date)


@login_required
def registerutdrag(request: HttpRequest, person_pk: int) -> HttpResponse:
    """GDPR article 15: everything about the person as a PDF, for kansli and the administrator; the
    act is logged like every other disclosure."""
    if not access.is_office(request.user):
        raise PermissionDenied
    person = get_object_or_404(access.participants(request.user), pk=person_pk)
    document = build_extract(person, produced_by=request.user)
    body = render_pdf(document)
    record(request, "EXPORT", f"Registerutdrag (deltagare {person.pk})", obj=person, bytes=len(body))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="registerutdrag-{person.pk}-{timezone.localdate()}.pdf"'
    return response
