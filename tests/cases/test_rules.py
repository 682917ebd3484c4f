"""The case rules (model clean), with the Swedish message naming the field, for web, admin and demo alike."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.dates import add_months
from cases.models import Contact, FollowUp, Plan, PlanActivity

TODAY = timezone.localdate


def errors_of(record) -> dict:
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    return caught.value.message_dict


def contact(spell, **fields):
    return Contact(participation=spell, **{"date": TODAY(), "kind": "MOTE", "outcome": "ENLIGT_PLAN", **fields})


def test_a_contact_cannot_be_before_the_start_or_in_the_future(caseload):
    spell = caseload["no_contact"]
    before = errors_of(contact(spell, date=spell.startdatum - datetime.timedelta(days=1)))
    assert before["date"] == [f"Datum får inte vara före deltagandets startdatum ({spell.startdatum})."]
    future = errors_of(contact(spell, date=TODAY() + datetime.timedelta(days=1)))
    assert future["date"] == ["Datum får inte ligga i framtiden."]


def test_the_next_follow_up_comes_after_the_contact(caseload):
    same_day = errors_of(contact(caseload["no_contact"], next_followup=TODAY()))
    assert same_day["next_followup"] == ["Nästa uppföljning måste ligga efter kontaktens datum."]


def test_a_contact_after_the_end_is_allowed_but_plans_no_follow_up(caseload):
    spell = caseload["postexit"]
    contact(spell).full_clean()  # post-exit contact: fine
    planned = errors_of(contact(spell, next_followup=TODAY() + datetime.timedelta(days=10)))
    assert "uppföljningarna efter 6 och 12 månader" in planned["next_followup"][0]


def test_nothing_is_added_to_a_registration_error(caseload):
    spell = caseload["error"]
    message = "kan inte registreras på ett deltagande som är en felregistrering."
    assert message in errors_of(contact(spell, date=spell.startdatum))["__all__"][0]
    assert message in errors_of(Plan(participation=spell, goals="x"))["__all__"][0]
    activity = PlanActivity(participation=spell, description="x", party="INSATS", due_date=spell.startdatum)
    assert message in errors_of(activity)["__all__"][0]


def test_an_unknown_party_is_named(caseload):
    assert errors_of(contact(caseload["no_contact"], parties=["DELTAGARE", "NASA"]))["parties"] == [
        "Okänd part: NASA"
    ]


def test_an_activity_needs_a_text_and_a_date_within_the_spell(caseload):
    spell = caseload["no_contact"]
    errors = errors_of(PlanActivity(participation=spell, description="  ", party="AF",
                                    due_date=spell.startdatum - datetime.timedelta(days=1)))
    assert errors["description"] == ["Beskriv aktiviteten."]
    assert "före deltagandets startdatum" in errors["due_date"][0]


def followup(spell, **fields):
    return FollowUp(participation=spell, **{"months": 6, "date": TODAY(), "reached": True,
                                            "sysselsattning": "ARBETE", "forsorjning": "LON", **fields})


def test_a_follow_up_after_exit_needs_an_ended_spell(caseload):
    assert errors_of(followup(caseload["no_contact"]))["__all__"] == [
        "Uppföljning efter avslut kan registreras först när deltagandet är avslutat."
    ]


def test_a_six_month_follow_up_opens_30_days_before_it_falls_due(caseload):
    spell = caseload["gap"]  # ended 60 days ago: 6 months fall due in about four months
    due = add_months(spell.slutdatum, 6)
    errors = errors_of(followup(spell, date=TODAY()))
    earliest = due - datetime.timedelta(days=30)
    assert errors["date"] == [f"Uppföljningen efter 6 månader faller ut {due} och kan registreras tidigast {earliest}."]
    ended = caseload["postexit"]  # falls due today
    followup(ended, date=add_months(ended.slutdatum, 6) - datetime.timedelta(days=30)).full_clean()


def test_only_the_configured_months(caseload):
    assert errors_of(followup(caseload["postexit"], months=7))["months"] == [
        "Uppföljning görs efter 6 eller 12 månader."
    ]


def test_reached_needs_both_codes_and_not_reached_keeps_none(caseload):
    errors = errors_of(followup(caseload["postexit"], sysselsattning="", forsorjning=""))
    assert errors["sysselsattning"] == ["Måste anges när deltagaren nåddes."]
    assert errors["forsorjning"] == ["Måste anges när deltagaren nåddes."]
    not_reached = followup(caseload["postexit"], reached=False)
    not_reached.full_clean()
    assert (not_reached.sysselsattning, not_reached.forsorjning) == ("", "")


def test_a_follow_up_date_cannot_be_in_the_future(caseload):
    errors = errors_of(followup(caseload["postexit"], date=TODAY() + datetime.timedelta(days=1)))
    assert errors["date"] == ["Datum får inte ligga i framtiden."]
