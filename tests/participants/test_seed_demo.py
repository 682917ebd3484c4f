"""seed_demo makes a living registry dated from the day it runs (--today here, so that the
test does not depend on the calendar), and a second run the same day changes nothing."""

import datetime

from django.core import mail
from django.core.management import call_command

from accounts import roles
from cases.demo import NUMBERS
from cases.models import Contact, FollowUp
from exchange.models import ImportJob
from interventions.models import Assignment, Intervention, InterventionBudget
from national_followup.models import AssociationYear
from participants.identity import lookup_hash
from participants.models import AnonymousRegistration, Participant, Participation, VolumeRegistration
from tertials.models import Reminder, Status, TertialReport, Transition
from tertials.notices import send_due_reminders

TODAY = datetime.date(2025, 10, 20)  # in T3, after T2's deadline


def seed(today=TODAY, people=60):
    call_command("seed_demo", "--password", "pw-for-test", "--people", str(people), "--today", today.isoformat())


def snapshot():
    from django.contrib.auth import get_user_model

    return (
        sorted(Intervention.objects.values_list("code", "startdatum", "slutdatum", "allows_person",
                                                "allows_anonymous", "allows_volume")),
        sorted(InterventionBudget.objects.values_list("intervention__code", "year", "amount")),
        sorted(Participant.objects.values_list("pk", flat=True)),
        sorted(Participation.objects.values_list("pk", "version", "startdatum", "slutdatum", "avslutsorsak")),
        sorted(AnonymousRegistration.objects.values_list("pk", "version", "startdatum", "slutdatum")),
        sorted(VolumeRegistration.objects.values_list("pk", "version", "datum")),
        sorted(Assignment.objects.values_list("pk", "role")),
        sorted(TertialReport.objects.values_list("pk", "version", "status", "updated_at")),
        sorted(Transition.objects.values_list("pk", flat=True)),
        sorted(Reminder.objects.values_list("pk", flat=True)),
        sorted(ImportJob.objects.values_list("pk", "created_at", "updated_at")),
        sorted(Contact.objects.values_list("pk", flat=True)),
        sorted(FollowUp.objects.values_list("pk", flat=True)),
        sorted(AssociationYear.objects.values_list("pk", "updated_at")),
        sorted(get_user_model().objects.values_list("username", "password")),
    )


def other_spells():
    """The spells of seed_demo's people (cases.demo's own people have their own test)."""
    return Participation.objects.exclude(participant__pnr_hash__in=[lookup_hash(n) for n in NUMBERS])


def test_a_second_run_the_same_day_changes_nothing(db, capsys):
    seed()
    first = snapshot()
    seed()
    assert snapshot() == first
    output = capsys.readouterr().out
    for name in roles.ALL:
        assert name in output
    assert "pw-for-test" in output


def test_the_registry_lives_up_to_the_day_it_is_seeded(db, django_user_model):
    seed(people=120)
    codes = set(Intervention.objects.values_list("code", flat=True))
    assert {"ACT", "AKTIVITETSCENTER", "SHP", "PTSD", "UNGAVUXNA", "UTSIKT", "REKO"} <= codes
    assert Intervention.objects.get(code="ACT").registration_modes == ["ANONYM"]
    assert Intervention.objects.get(code="UTSIKT").registration_modes == ["PERSON", "VOLYM"]
    assert Intervention.objects.get(code="PTSD").mal_andel_arbete_studier == 50
    assert Intervention.objects.get(code="REKO").inriktning == "STRUKTUR"
    for name in roles.ALL:
        assert django_user_model.objects.get(username=name).groups.filter(name=name).exists()
    spells = other_spells()
    starts = sorted(spells.values_list("startdatum", flat=True))
    # from several years back up to the last weeks, none in the future
    assert starts[0].year <= TODAY.year - 3 and TODAY - datetime.timedelta(days=45) <= starts[-1] < TODAY
    assert {d.year for d in starts} >= set(range(TODAY.year - 3, TODAY.year + 1))
    assert not spells.filter(slutdatum__gte=TODAY).exists()
    open_spells = spells.open()
    assert open_spells.count() >= 15
    # open spells of realistic length: none outlives its intervention or runs for years
    assert not open_spells.filter(intervention__slutdatum__lt=TODAY).exists()
    assert not open_spells.filter(startdatum__lt=TODAY - datetime.timedelta(days=730)).exists()
    # this year: people started and ended in the running interventions
    this_year = spells.filter(startdatum__year=TODAY.year)
    assert this_year.count() >= 20 and spells.filter(slutdatum__year=TODAY.year).count() >= 10
    assert AnonymousRegistration.objects.filter(startdatum__year=TODAY.year).exists()
    assert VolumeRegistration.objects.filter(datum__year=TODAY.year).exists()
    assert InterventionBudget.objects.filter(year=TODAY.year, intervention__code="AKTIVITETSCENTER").exists()
    assert AssociationYear.objects.filter(year=TODAY.year - 1).exists()  # the Uppföljning Finsam economy
    # imports in the job list: saved, refused and cancelled, from the last weeks
    jobs = ImportJob.objects.all()
    assert {ImportJob.Status.DONE, ImportJob.Status.INVALID, ImportJob.Status.CANCELLED} <= set(
        jobs.values_list("status", flat=True))
    assert all(TODAY - datetime.timedelta(days=40) < job.created_at.date() <= TODAY for job in jobs)


def test_tertial_reports_in_every_state_this_year_and_reminders_due(db):
    seed()
    reports = TertialReport.objects.filter(year=TODAY.year)
    assert set(reports.values_list("status", flat=True)) == set(Status.values)
    submitted = reports.filter(status__in=[Status.INSKICKAD, Status.GODKAND])
    assert all(report.snapshot and report.submitted_at for report in submitted)
    returned = reports.get(status=Status.ATERSKICKAD)
    assert returned.snapshot is None and returned.transitions.last().comment
    # T2's deadline has passed: a draft, a returned report and one never begun are overdue
    assert sum(report.is_overdue(TODAY) for report in reports) >= 2
    sent = send_due_reminders(today=TODAY)
    assert sent["overdue"] >= 1 and mail.outbox


def test_a_run_on_a_later_day_dates_the_registry_anew(db):
    seed(people=30)
    people = Participant.objects.count()
    later = TODAY + datetime.timedelta(days=200)
    seed(today=later, people=30)
    assert Participant.objects.count() == people  # the same people, re-dated
    starts = sorted(other_spells().values_list("startdatum", flat=True))
    assert starts[-1] > TODAY and not other_spells().filter(slutdatum__gte=later).exists()
    assert TertialReport.objects.filter(year=later.year).exists()
    first = snapshot()
    seed(today=later, people=30)
    assert snapshot() == first
