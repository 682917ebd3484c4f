"""Retention: identity removed years after the last spell ended; every report unchanged."""

import datetime
import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count

from audit.models import AccessEvent
from participants.models import Participant, Participation
from participants.services import retention_cutoff
from tests.factories import ParticipantFactory, ParticipationFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
RECENT = TODAY - datetime.timedelta(days=200)


@pytest.fixture
def people(intervention, other_intervention):
    old = ParticipantFactory(birth=datetime.date(1970, 2, 3), female=True, first_name="Gammal", last_name="Person")
    ParticipationFactory(participant=old, intervention=intervention, startdatum=datetime.date(2010, 1, 1),
                         slutdatum=datetime.date(2010, 8, 1), avslutsorsak="ARBETSMARKNAD",
                         sysselsattning_efter="ARBETE", forsorjning_efter="LON")
    ParticipationFactory(participant=old, intervention=other_intervention, startdatum=datetime.date(2011, 1, 1),
                         slutdatum=datetime.date(2012, 3, 1))
    still_open = ParticipantFactory(birth=datetime.date(1960, 1, 1), female=False)
    ParticipationFactory(participant=still_open, intervention=intervention, startdatum=datetime.date(2009, 5, 1))
    ParticipationFactory(participant=still_open, intervention=other_intervention,
                         startdatum=datetime.date(2009, 1, 1), slutdatum=datetime.date(2009, 3, 1))
    recent = ParticipantFactory(birth=datetime.date(1985, 6, 6), female=True)
    ParticipationFactory(participant=recent, intervention=intervention, startdatum=datetime.date(2010, 2, 1),
                         slutdatum=datetime.date(2010, 9, 1))
    ParticipationFactory(participant=recent, intervention=other_intervention, startdatum=RECENT - datetime.timedelta(
        days=100), slutdatum=RECENT)
    return {"old": old, "open": still_open, "recent": recent}


def reports(years=range(2008, 2014)):
    from reports.summary import sus_summary

    return json.dumps([sus_summary(datetime.date(y, 1, 1), datetime.date(y, 12, 31)) for y in years], sort_keys=True)


def orm_aggregates():
    return list(
        Participation.objects.values("intervention__code", "participant__kon", "participant__birth_year",
                                     "alder_vid_start", "startdatum", "slutdatum", "avslutsorsak")
        .annotate(n=Count("pk")).order_by("intervention__code", "startdatum", "participant__kon", "slutdatum")
    )


def test_the_purge_removes_identity_of_people_gone_for_years_and_keeps_the_rest(people):
    before_reports, before_rows = reports(), orm_aggregates()
    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "Gallrat: 1 personer" in out.getvalue()
    old = Participant.objects.get(pk=people["old"].pk)
    assert (old.personnummer, old.pnr_hash, old.first_name, old.last_name, old.birth_date) == (None,) * 5
    assert (old.kon, old.birth_year) == ("K", 1970) and old.identity_removed_at is not None
    assert old.masked_personnummer == "1970****-****"
    for key in ("open", "recent"):
        person = Participant.objects.get(pk=people[key].pk)
        assert person.personnummer == people[key].personnummer and person.identity_removed_at is None
    assert reports() == before_reports
    assert orm_aggregates() == before_rows


def test_a_dry_run_writes_nothing(people):
    out = StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert "Provkörning: 1 personer skulle gallras" in out.getvalue()
    assert not Participant.objects.filter(identity_removed_at__isnull=False).exists()
    assert Participant.objects.get(pk=people["old"].pk).personnummer == people["old"].personnummer
    assert not AccessEvent.objects.filter(action="PURGE").exists()


def test_the_purge_is_recorded_in_the_audit_trail_and_runs_once(people):
    call_command("purge_personal_data", stdout=StringIO())
    call_command("purge_personal_data", stdout=StringIO())
    events = list(AccessEvent.objects.filter(action="PURGE").order_by("pk"))
    assert [e.details["count"] for e in events] == [1, 0]
    assert events[0].details["cutoff"] == retention_cutoff().isoformat()


def test_the_retention_period_is_a_setting(people, settings):
    settings.FINSAM_RETENTION_YEARS = 30
    call_command("purge_personal_data", stdout=StringIO())
    assert not Participant.objects.filter(identity_removed_at__isnull=False).exists()


def test_a_purged_person_is_no_longer_found_by_number(people):
    number = people["old"].personnummer
    call_command("purge_personal_data", stdout=StringIO())
    assert not Participant.objects.with_personnummer(number).exists()


def test_the_celery_task_purges_and_is_scheduled(people):
    from participants.tasks import purge_personal_data_task

    assert purge_personal_data_task.delay().get() == 1
    entry = settings.CELERY_BEAT_SCHEDULE["purge-personal-data"]
    assert entry["task"] == purge_personal_data_task.name


def test_the_person_page_of_a_purged_person_shows_no_identity(client, users, people):
    call_command("purge_personal_data", stdout=StringIO())
    client.force_login(users["kansli"])
    response = client.get(f"/deltagare/person/{people['old'].pk}/")
    assert response.status_code == 200
    assert "1970****-****" in response.content.decode() and "Gammal" not in response.content.decode()
