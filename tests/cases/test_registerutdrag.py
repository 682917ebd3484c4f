"""Registerutdrag (GDPR article 15): everything about the person, nothing about anyone else, for
kansli and the administrator, and the act itself logged."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessEvent
from audit.trail import record
from cases.extract import Table, build_extract
from cases.models import FollowUp, Plan, PlanActivity
from cases.services import save_plan_change
from pathways.models import Instrument, InstrumentItem
from pathways.services import record_measurement
from tests.cases.conftest import contact
from tests.factories import ParticipantFactory, ParticipationFactory

D = datetime.date


def texts(document) -> str:
    out = [document.title, document.subtitle]
    for section in document.sections:
        out.append(section.title)
        for block in section.blocks:
            if isinstance(block, str):
                out.append(block)
            elif isinstance(block, Table):
                out += [" | ".join(row) for row in [block.headers, *block.rows]]
            else:
                out += [f"{key}: {value}" for key, value in block]
    return "\n".join(out)


@pytest.fixture
def person(db, users, intervention, other_intervention):
    """Two spells in two interventions, with a plan, notes, a measurement, a follow-up and reads."""
    someone = ParticipantFactory(birth=D(1984, 8, 8), first_name="Ylva", last_name="Exempel")
    first = ParticipationFactory(participant=someone, intervention=intervention, startdatum=D(2024, 1, 8),
                                 slutdatum=D(2024, 9, 30), avslutsorsak="ARBETSMARKNAD",
                                 sysselsattning_efter="STUDIER", forsorjning_efter="STUDIEMEDEL")
    second = ParticipationFactory(participant=someone, intervention=other_intervention, startdatum=D(2025, 2, 3))
    contact(first, D(2024, 3, 1), note="Anteckning ett om Ylva")
    contact(second, D(2025, 3, 1), note="Anteckning två om Ylva", next_followup=D(2025, 4, 1))
    save_plan_change(Plan(participation=first, goals="Mål för Ylva"), user=users["deltagaransvarig"],
                     change="Mål ändrade")
    save_plan_change(PlanActivity(participation=first, description="Aktivitet för Ylva", party="AF",
                                  due_date=D(2024, 5, 1)), user=users["deltagaransvarig"], change="Aktivitet tillagd")
    FollowUp.objects.create(participation=first, months=6, date=D(2025, 3, 30), reached=True,
                            sysselsattning="ARBETE", forsorjning="LON")
    instrument = Instrument.objects.create(code="DEMO", name="Vägen till arbete")
    item = InstrumentItem.objects.create(instrument=instrument, order=1, text="Hur går det?")
    record_measurement(participation=first, instrument=instrument, date=D(2024, 4, 1), kind="START",
                       scores={item.pk: 4})
    record(users["kansli"], "VIEW", "Deltagare (läst av kansliet)", obj=someone)
    record(users["deltagaransvarig"], "VIEW", f"Ärende (deltagande {second.pk})", obj=second)
    return {"person": someone, "spells": (first, second)}


@pytest.fixture
def stranger(db, intervention):
    other = ParticipantFactory(birth=D(1990, 9, 9), first_name="Zora", last_name="Annan")
    spell = ParticipationFactory(participant=other, intervention=intervention, startdatum=D(2024, 2, 2))
    contact(spell, D(2024, 3, 3), note="Anteckning om Zora")
    save_plan_change(Plan(participation=spell, goals="Zoras mål"), user=None, change="Mål ändrade")
    record(None, "VIEW", f"Ärende (deltagande {spell.pk})", obj=spell)
    return other


def test_it_holds_every_record_of_the_person(person, users):
    text = texts(build_extract(person["person"], produced_by=users["kansli"]))
    number = person["person"].personnummer
    for expected in (f"{number[:8]}-{number[8:]}", "Ylva", "Exempel", "Aktivitetscenter", "PTSD-center",
                     "2024-01-08", "2025-02-03", "Studier", "Anteckning ett om Ylva", "Anteckning två om Ylva",
                     "Mål för Ylva", "Aktivitet för Ylva", "Version 2", "Vägen till arbete", "fråga 1: 4",
                     "6 månader", "Arbete, osubventionerat", "Deltagare (läst av kansliet)",
                     f"Ärende (deltagande {person['spells'][1].pk})", "kansli_user"):
        assert expected in text, expected


def test_it_holds_nothing_of_anyone_else(person, stranger, users):
    text = texts(build_extract(person["person"], produced_by=users["kansli"]))
    for foreign in ("Zora", "Annan", "Anteckning om Zora", "Zoras mål", stranger.personnummer[:8],
                    f"Ärende (deltagande {stranger.participations.get().pk})"):
        assert foreign not in text, foreign


def test_its_query_count_does_not_grow_with_the_history(person, users, django_assert_max_num_queries):
    with django_assert_max_num_queries(30) as few:
        build_extract(person["person"], produced_by=users["kansli"])
    for n in range(10):
        contact(person["spells"][0], D(2024, 3, 2) + datetime.timedelta(days=n), note=f"Fler {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        build_extract(person["person"], produced_by=users["kansli"])


@pytest.mark.parametrize("role,status", [("administrator", 200), ("kansli", 200), ("insatsansvarig", 403),
                                         ("deltagaransvarig", 403), ("styrelse", 403), ("outsider", 403)])
def test_kansli_and_the_administrator_download_it_and_the_act_is_logged(client, users, person, role, status):
    client.force_login(users[role])
    response = client.get(reverse("cases:registerutdrag", args=[person["person"].pk]))
    assert response.status_code == status
    logged = AccessEvent.objects.filter(action="EXPORT", object_id=str(person["person"].pk),
                                        target__startswith="Registerutdrag")
    if status == 200:
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
        assert logged.count() == 1 and logged.get().user == users[role]
    else:
        assert not logged.exists()


def test_the_person_page_offers_it_to_the_office_only(client, users, person):
    url = reverse("cases:registerutdrag", args=[person["person"].pk])
    page = reverse("participants:person", args=[person["person"].pk])
    client.force_login(users["kansli"])
    assert url in client.get(page).content.decode()
    client.force_login(users["administrator"])
    assert url in client.get(page).content.decode()
    client.force_login(users["deltagaransvarig"])
    assert url not in client.get(page).content.decode()


def test_an_earlier_registerutdrag_shows_in_the_next(client, users, person):
    client.force_login(users["kansli"])
    client.get(reverse("cases:registerutdrag", args=[person["person"].pk]))
    text = texts(build_extract(person["person"], produced_by=users["kansli"], now=timezone.now()))
    assert f"Registerutdrag (deltagare {person['person'].pk})" in text
