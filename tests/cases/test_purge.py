"""Notes and plan texts are personal data: encrypted at rest, never in the change log, removed by
the retention purge with every record (and so every count) kept."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.urls import reverse

from audit.models import AccessEvent
from cases.models import Contact, FollowUp, Plan, PlanActivity, PlanRevision
from cases.services import save_plan_change
from participants.services import purge_personal_data
from tests.cases.conftest import contact
from tests.factories import ParticipantFactory, ParticipationFactory

D = datetime.date
SECRET = "Deltagaren berättade om sin sömn"
TABLES = {"cases_contact": "note", "cases_plan": "goals", "cases_planactivity": "description",
          "cases_planrevision": "snapshot"}


def raw_texts() -> dict[str, list]:
    with connection.cursor() as cursor:
        found = {}
        for table, column in TABLES.items():
            cursor.execute(f"SELECT {column} FROM {table}")
            found[table] = [row[0] for row in cursor.fetchall()]
        return found


@pytest.fixture
def old_case(db, users, intervention):
    """A person whose only spell ended in 2015 (long past retention), with notes and a plan."""
    spell = ParticipationFactory(participant=ParticipantFactory(birth=D(1979, 9, 9)), intervention=intervention,
                                 startdatum=D(2015, 1, 10), slutdatum=D(2015, 6, 30))
    contact(spell, D(2015, 2, 1), note=SECRET, next_followup=D(2015, 3, 1))
    contact(spell, D(2015, 3, 1), note=SECRET + " igen")
    save_plan_change(Plan(participation=spell, goals=SECRET + " (mål)"), user=users["deltagaransvarig"],
                     change="Mål ändrade")
    save_plan_change(PlanActivity(participation=spell, description=SECRET + " (aktivitet)", party="INSATS",
                                  due_date=D(2015, 4, 1)), user=users["deltagaransvarig"], change="Aktivitet tillagd")
    FollowUp.objects.create(participation=spell, months=6, date=D(2015, 12, 30), reached=True,
                            sysselsattning="ARBETE", forsorjning="LON")
    return spell


def test_texts_are_encrypted_at_rest(old_case):
    for table, values in raw_texts().items():
        assert values and all(value and "sömn" not in value for value in values), table


def test_the_purge_removes_every_text_and_keeps_every_record(old_case, users, caseload):
    kept_note = contact(caseload["soon"], caseload["soon"].startdatum, note="Pågående ärende")
    counts = [model.objects.count() for model in (Contact, Plan, PlanActivity, PlanRevision, FollowUp)]
    result = purge_personal_data(dry_run=False, actor=users["administrator"])
    assert result.count == 1
    assert [model.objects.count() for model in (Contact, Plan, PlanActivity, PlanRevision, FollowUp)] == counts
    assert list(Contact.objects.filter(participation=old_case).values_list("note", flat=True)) == [None, None]
    assert Plan.objects.get(participation=old_case).goals is None
    assert PlanActivity.objects.get(participation=old_case).description is None
    assert set(PlanRevision.objects.filter(participation=old_case).values_list("snapshot", flat=True)) == {None}
    kept_note.refresh_from_db()
    assert kept_note.note == "Pågående ärende"  # an open case keeps its notes
    event = AccessEvent.objects.get(action="PURGE")
    assert event.details["cleared"] == {"anteckningar": 2, "planmal": 1, "aktiviteter": 1, "planversioner": 2}


def test_nothing_of_the_text_is_left_in_the_raw_tables_after_the_purge(old_case):
    purge_personal_data(dry_run=False)
    texts = raw_texts()
    for table in TABLES:
        assert texts[table] == [None] * len(texts[table]), table


def test_the_purged_case_page_still_shows_the_records(client, users, old_case):
    purge_personal_data(dry_run=False)
    client.force_login(users["kansli"])
    page = client.get(reverse("cases:case", args=[old_case.pk])).content.decode()
    assert "sömn" not in page and "(gallrad)" in page and "Kontakt: Möte" in page


def test_the_change_log_never_holds_a_note(client, users, caseload):
    client.force_login(users["deltagaransvarig"])
    spell = caseload["no_contact"]
    client.post(reverse("cases:contact_new", args=[spell.pk]), {
        "date": spell.startdatum.isoformat(), "kind": "TELEFON", "outcome": "ENLIGT_PLAN", "note": SECRET})
    client.post(reverse("cases:activity_new", args=[spell.pk]), {
        "description": SECRET, "party": "AF", "due_date": spell.startdatum.isoformat(), "status": "PLANERAD"})
    client.post(reverse("cases:plan_goals", args=[spell.pk]), {"goals": SECRET})
    assert Contact.objects.filter(participation=spell).exists()
    logged = " ".join(str(entry.changes) + entry.object_repr for entry in LogEntry.objects.all())
    assert "sömn" not in logged
    assert not AccessEvent.objects.filter(target__contains="sömn").exists()
