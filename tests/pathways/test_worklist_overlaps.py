"""The gap worklist's rule as its page states it: a spell ended to continued rehabilitation is
listed when the person has nothing after it — no spell ending later and none still open —
whatever other spells started on or after its start and ended before its end."""

import datetime

import pytest

from pathways.analysis import worklist
from tests.factories import ParticipantFactory
from tests.pathways.conftest import spell

D = datetime.date
URL = "/reports/gaps/worklist/"


@pytest.fixture
def shp_utsikt(db, world):
    """SHP 2015-01-01–06-30 with Utsikt 03-01–04-30 inside it, both to continued rehabilitation."""
    from tests.factories import InterventionFactory

    utsikt = InterventionFactory(code="UTSIKT", name="Utsikt")
    person = ParticipantFactory(birth=D(1981, 2, 3))
    outer = spell(person, world["C"], D(2015, 1, 1), D(2015, 6, 30))
    inner = spell(person, utsikt, D(2015, 3, 1), D(2015, 4, 30))
    return outer, inner


def test_a_spell_with_another_spell_inside_it_is_listed(world, shp_utsikt):
    outer, inner = shp_utsikt
    listed = set(worklist([world["C"].pk, inner.intervention_id]).values_list("pk", flat=True))
    assert outer.pk in listed  # nothing after 30 June
    assert inner.pk not in listed  # SHP was still running when Utsikt ended


def test_of_two_spells_starting_the_same_day_the_one_ending_later_is_listed(world):
    person = ParticipantFactory(birth=D(1982, 3, 4))
    short = spell(person, world["A"], D(2015, 1, 1), D(2015, 3, 31))
    long = spell(person, world["C"], D(2015, 1, 1), D(2015, 6, 30))
    listed = set(worklist([world["A"].pk, world["C"].pk]).values_list("pk", flat=True))
    assert long.pk in listed
    assert short.pk not in listed


def test_two_spells_starting_and_ending_the_same_days_are_both_listed(world):
    person = ParticipantFactory(birth=D(1983, 4, 5))
    first = spell(person, world["A"], D(2015, 1, 1), D(2015, 3, 31))
    second = spell(person, world["C"], D(2015, 1, 1), D(2015, 3, 31))
    listed = set(worklist([world["A"].pk, world["C"].pk]).values_list("pk", flat=True))
    assert {first.pk, second.pk} <= listed


def test_the_page_lists_the_spell_with_one_inside_for_kansli(client, users, world, shp_utsikt):
    outer, inner = shp_utsikt
    client.force_login(users["kansli"])
    listed = {row["spell"].pk for row in client.get(URL).context["rows"]}
    assert outer.pk in listed and inner.pk not in listed
