"""The lasting-effect table: work or studies at exit and at the follow-ups after exit, per
intervention and kön, with the number followed up; the board sees it suppressed."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AccessEvent
from cases.lasting import lasting_effects, lasting_tables
from cases.models import FollowUp
from stats.tables import display
from tests.factories import ParticipantFactory, ParticipationFactory

D = datetime.date


@pytest.fixture
def ended_2015(db, users, intervention, other_intervention):
    days = iter(range(1, 29))

    def spell(where, female, occupation, end=None, reason="ARBETSMARKNAD"):
        return ParticipationFactory(
            participant=ParticipantFactory(birth=D(1980, 1, next(days)), female=female), intervention=where,
            startdatum=D(2015, 1, 1), slutdatum=end or D(2015, 6, 30), avslutsorsak=reason,
            sysselsattning_efter=occupation, forsorjning_efter="LON")

    a, b = intervention, other_intervention
    s = {
        "a_work_k": spell(a, True, "ARBETE"), "a_rehab_k": spell(a, True, "REHAB", reason="FORTSATT_REHAB"),
        "a_studies_m": spell(a, False, "STUDIER"), "b_none_m": spell(b, False, "INGEN", reason="OHALSA"),
        "error": spell(a, True, "ARBETE", reason="FELREGISTRERING"), "later": spell(a, True, "ARBETE",
                                                                                    end=D(2016, 1, 5)),
    }

    def follow(spell_, months, reached, occupation=""):
        FollowUp.objects.create(participation=spell_, months=months, date=D(2016, 1, 1), reached=reached,
                                sysselsattning=occupation if reached else "",
                                forsorjning="LON" if reached else "")

    follow(s["a_work_k"], 6, True, "ARBETE")
    follow(s["a_rehab_k"], 6, True, "ARBETSSOKANDE")
    follow(s["a_rehab_k"], 12, False)
    follow(s["a_studies_m"], 12, True, "STUDIER")
    follow(s["error"], 6, True, "ARBETE")
    follow(s["later"], 6, True, "ARBETE")
    return s


def cells(table) -> list[list[str]]:
    return [[display(c) for c in row] for row in table.rows + table.footer]


def test_the_figures_per_intervention_and_kon(ended_2015, intervention, other_intervention):
    result = lasting_effects(D(2015, 1, 1), D(2015, 12, 31))
    names = {intervention.pk: "Aktivitetscenter", other_intervention.pk: "PTSD-center"}
    by_intervention, by_kon = lasting_tables(result, names)
    assert by_intervention.columns[:4] == ["Insats", "Avslutade", "Arbete/studier vid avslut", "Andel vid avslut"]
    assert cells(by_intervention) == [
        # ended, work at exit, share; 6 mån: followed up, not reached, work, share; 12 mån: the same
        ["Aktivitetscenter", "3", "2", "66,7 %", "2", "0", "1", "50,0 %", "1", "1", "1", "100,0 %"],
        ["PTSD-center", "1", "0", "0,0 %", "0", "0", "0", "–", "0", "0", "0", "–"],
        ["Alla valda insatser", "4", "2", "50,0 %", "2", "0", "1", "50,0 %", "1", "1", "1", "100,0 %"],
    ]
    assert cells(by_kon) == [
        ["Kvinna", "2", "1", "50,0 %", "2", "0", "1", "50,0 %", "0", "1", "0", "–"],
        ["Man", "2", "1", "50,0 %", "0", "0", "0", "–", "1", "0", "1", "100,0 %"],
        ["Alla", "4", "2", "50,0 %", "2", "0", "1", "50,0 %", "1", "1", "1", "100,0 %"],
    ]


def test_one_query_whatever_the_number_of_spells(ended_2015, intervention, django_assert_num_queries):
    with django_assert_num_queries(1):
        lasting_effects(D(2015, 1, 1), D(2015, 12, 31))
    for n in range(12):
        ParticipationFactory(participant=ParticipantFactory(birth=D(1970, 2, n + 1)), intervention=intervention,
                             startdatum=D(2015, 2, 1), slutdatum=D(2015, 8, 1))
    with django_assert_num_queries(1):
        lasting_effects(D(2015, 1, 1), D(2015, 12, 31))


@pytest.mark.parametrize("role,status", [("administrator", 200), ("kansli", 200), ("insatsansvarig", 200),
                                         ("deltagaransvarig", 200), ("styrelse", 200), ("outsider", 403)])
def test_everyone_who_sees_figures_sees_the_page(client, users, ended_2015, role, status):
    client.force_login(users[role])
    assert client.get(reverse("cases:lasting"), {"year": 2015}).status_code == status


def test_the_board_sees_small_counts_hidden(client, users, ended_2015):
    client.force_login(users["styrelse"])
    response = client.get(reverse("cases:lasting"), {"year": 2015})
    first = response.context["tables"][0]
    row = [cell["text"] for cell in first["rows"][0]]
    # small counts: `<5`, or × where a `<5` would let small counts pin each other (stats.disclosure)
    assert row[1] == "<5" and row[2] in ("<5", "×") and row[3] == "–"
    assert "&lt;5" in response.content.decode()
    assert reverse("cases:followup_export") not in response.content.decode()


def test_staff_see_their_interventions_only(client, users, ended_2015, other_intervention):
    client.force_login(users["deltagaransvarig"])
    response = client.get(reverse("cases:lasting"), {"year": 2015})
    labels = [row[0]["text"] for row in response.context["tables"][0]["rows"]]
    assert labels == ["Aktivitetscenter"]


@pytest.mark.parametrize("fmt,magic", [("xlsx", b"PK"), ("pdf", b"%PDF")])
def test_the_files_are_suppressed_for_the_board_and_logged(client, users, ended_2015, fmt, magic):
    client.force_login(users["styrelse"])
    response = client.get(reverse("cases:lasting"), {"year": 2015, "format": fmt})
    assert response.status_code == 200 and response.content.startswith(magic)
    event = AccessEvent.objects.get(action="EXPORT", username="board_user")
    assert event.details["suppressed_below"] == 5


def test_the_board_xlsx_holds_no_small_count(client, users, ended_2015):
    import io

    from openpyxl import load_workbook

    client.force_login(users["styrelse"])
    workbook = load_workbook(io.BytesIO(client.get(reverse("cases:lasting"), {"year": 2015, "format": "xlsx"})
                                        .content))
    values = [cell for sheet in workbook for row in sheet.iter_rows(min_row=5, values_only=True) for cell in row]
    assert not any(isinstance(value, int) and 0 < value < 5 for value in values)
