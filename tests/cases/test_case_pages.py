"""The case page and its forms: what a staff member does in a day, and what it leaves behind."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessEvent
from cases.models import Contact, FollowUp, PlanActivity, PlanRevision
from participants.models import STALE_EDIT_MESSAGE
from tests.cases.conftest import contact

TODAY = timezone.localdate


@pytest.fixture
def staff(client, users):
    client.force_login(users["deltagaransvarig"])
    return client


def test_a_follow_up_meeting_is_registered_and_shown_on_the_case(staff, users, caseload):
    spell = caseload["followup_overdue"]
    next_date = TODAY() + datetime.timedelta(days=21)
    response = staff.post(reverse("cases:contact_new", args=[spell.pk]), {
        "date": TODAY().isoformat(), "kind": "MOTE", "outcome": "ENLIGT_PLAN", "parties": ["DELTAGARE", "AF"],
        "next_followup": next_date.isoformat(), "note": "Praktikplats klar från måndag.",
    })
    assert response.status_code == 302 and response["Location"] == reverse("cases:case", args=[spell.pk])
    saved = Contact.objects.get(participation=spell, date=TODAY())
    assert saved.recorded_by == users["deltagaransvarig"] and saved.parties == ["DELTAGARE", "AF"]
    page = staff.get(response["Location"]).content.decode()
    assert "Praktikplats klar från måndag." in page
    assert next_date.isoformat() in page


def test_a_bad_contact_names_the_field_and_saves_nothing(staff, caseload):
    spell = caseload["soon"]
    before = Contact.objects.count()
    response = staff.post(reverse("cases:contact_new", args=[spell.pk]), {
        "date": "2001-01-01", "kind": "MOTE", "outcome": "ENLIGT_PLAN", "next_followup": "inte ett datum",
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert "inget är sparat" in html and "före deltagandets startdatum" in html and "Nästa uppföljning" in html
    assert Contact.objects.count() == before


def test_a_stale_contact_form_is_refused_and_the_other_edit_kept(staff, caseload):
    spell = caseload["soon"]
    existing = spell.contacts.get()
    url = reverse("cases:contact_edit", args=[spell.pk, existing.pk])
    form = {"date": existing.date.isoformat(), "kind": "MOTE", "outcome": "PLAN_ANDRAD",
            "expected_version": existing.version}
    assert staff.post(url, {**form, "note": "Första"}).status_code == 302
    response = staff.post(url, {**form, "note": "Andra"})
    assert response.status_code == 200 and STALE_EDIT_MESSAGE in response.content.decode()
    existing.refresh_from_db()
    assert existing.note == "Första" and existing.version == 2


def test_plan_changes_keep_every_earlier_version(staff, caseload):
    spell = caseload["no_contact"]
    staff.post(reverse("cases:plan_goals", args=[spell.pk]), {"goals": "Arbete inom handeln."})
    staff.post(reverse("cases:activity_new", args=[spell.pk]), {
        "description": "Praktik två dagar i veckan", "party": "INSATS", "due_date": TODAY().isoformat(),
        "status": "PLANERAD"})
    activity = PlanActivity.objects.get(participation=spell)
    staff.post(reverse("cases:activity_edit", args=[spell.pk, activity.pk]), {
        "description": "Praktik två dagar i veckan", "party": "INSATS", "due_date": TODAY().isoformat(),
        "status": "KLAR", "expected_version": activity.version})
    revisions = list(PlanRevision.objects.filter(participation=spell).order_by("number"))
    assert [r.number for r in revisions] == [1, 2, 3]
    assert revisions[2].change == "Aktivitet ändrad: status klar"
    assert '"status": "PLANERAD"' in revisions[1].snapshot and '"status": "KLAR"' in revisions[2].snapshot
    page = staff.get(reverse("cases:case", args=[spell.pk])).content.decode()
    assert "Tidigare versioner (2)" in page and "Planerad" in page


def test_the_timeline_runs_newest_first_with_who(staff, users, caseload):
    spell = caseload["followup_overdue"]
    response = staff.get(reverse("cases:case", args=[spell.pk]))
    events = response.context["case"].events
    assert [e.date for e in events] == sorted((e.date for e in events), reverse=True)
    assert events[-1].kind == "start"
    assert any(e.kind == "contact" for e in events)


def test_reading_a_case_is_logged_with_its_notes(staff, caseload):
    spell = caseload["soon"]
    contact(spell, TODAY(), note="Hemlig anteckning")
    staff.get(reverse("cases:case", args=[spell.pk]))
    event = AccessEvent.objects.get(action="VIEW", object_id=str(spell.pk), object_type="participants.Participation")
    assert event.details == {"notes": 1}
    assert "Hemlig" not in event.target


def test_a_follow_up_not_reached_is_kept_without_codes(staff, caseload):
    spell = caseload["postexit"]
    response = staff.post(reverse("cases:followup", args=[spell.pk, 6]), {
        "date": TODAY().isoformat(), "reached": "0", "sysselsattning": "ARBETE", "forsorjning": ""})
    assert response.status_code == 302
    saved = FollowUp.objects.get(participation=spell, months=6)
    assert not saved.reached and saved.sysselsattning == "" and saved.forsorjning == ""


def test_an_unknown_follow_up_month_is_not_found(staff, caseload):
    assert staff.get(reverse("cases:followup", args=[caseload["postexit"].pk, 7])).status_code == 404


def test_the_case_page_query_count_does_not_grow_with_the_case(staff, caseload, django_assert_max_num_queries):
    spell = caseload["soon"]
    url = reverse("cases:case", args=[spell.pk])
    staff.get(url)
    with django_assert_max_num_queries(20) as small:
        staff.get(url)
    for n in range(15):
        contact(spell, TODAY() - datetime.timedelta(days=n), note=f"Anteckning {n}")
        PlanActivity.objects.create(participation=spell, description=f"Aktivitet {n}", party="AF", due_date=TODAY())
    with django_assert_max_num_queries(len(small.captured_queries)):
        staff.get(url)


def test_a_bad_worklist_filter_falls_back_with_a_message(staff, caseload):
    response = staff.get(reverse("cases:worklist"), {"kategori": "NONSENSE", "sida": "x"})
    assert response.status_code == 200
    assert "har ersatts med standardvalet" in response.content.decode()


def test_the_worklist_page_query_count_does_not_grow_with_the_caseload(staff, caseload, intervention,
                                                                       django_assert_max_num_queries):
    from tests.factories import ParticipantFactory, ParticipationFactory

    url = reverse("cases:worklist")
    staff.get(url)
    with django_assert_max_num_queries(20) as small:
        staff.get(url)
    for n in range(25):
        ParticipationFactory(participant=ParticipantFactory(birth=datetime.date(1961, 4, n + 1)),
                             intervention=intervention, startdatum=TODAY() - datetime.timedelta(days=90),
                             ansvarig=caseload["soon"].ansvarig)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = staff.get(url)
    assert response.context["result"].total >= 25


def test_a_new_contact_and_follow_up_start_at_today(staff, caseload):
    today = TODAY().isoformat()
    assert f'value="{today}"' in staff.get(reverse("cases:contact_new", args=[caseload["soon"].pk])).content.decode()
    page = staff.get(reverse("cases:followup", args=[caseload["postexit"].pk, 6])).content.decode()
    assert f'value="{today}"' in page
    assert re.search(r'value="1"[^>]*checked', page)  # "Ja, nådd" chosen from the start
