"""The access module answers for every role, as domain.md's table says."""

import pytest

from accounts import access
from participants.models import Participation
from tests.factories import ParticipationFactory


@pytest.fixture
def spells(users, intervention, other_intervention):
    return {
        "own": ParticipationFactory(intervention=intervention),
        "other": ParticipationFactory(intervention=other_intervention),
    }


@pytest.mark.parametrize(
    "role, visible, personal, changeable, led",
    [
        ("administrator", {"AKTIVITETSCENTER", "PTSD"}, {"AKTIVITETSCENTER", "PTSD"}, {"AKTIVITETSCENTER", "PTSD"},
         {"AKTIVITETSCENTER", "PTSD"}),
        ("kansli", {"AKTIVITETSCENTER", "PTSD"}, {"AKTIVITETSCENTER", "PTSD"}, set(), set()),
        ("insatsansvarig", {"AKTIVITETSCENTER"}, {"AKTIVITETSCENTER"}, {"AKTIVITETSCENTER"}, {"AKTIVITETSCENTER"}),
        ("deltagaransvarig", {"AKTIVITETSCENTER"}, {"AKTIVITETSCENTER"}, {"AKTIVITETSCENTER"}, set()),
        ("styrelse", {"AKTIVITETSCENTER", "PTSD"}, set(), set(), set()),
        ("outsider", set(), set(), set(), set()),
    ],
)
def test_each_role_reaches_exactly_its_interventions(users, spells, role, visible, personal, changeable, led):
    user = users[role]
    assert set(access.visible_interventions(user).values_list("code", flat=True)) == visible
    assert set(access.visible_interventions(user, personal_data=True).values_list("code", flat=True)) == personal
    assert set(access.changeable_interventions(user).values_list("code", flat=True)) == changeable
    assert set(access.led_interventions(user).values_list("code", flat=True)) == led
    assert set(access.registrations(user, Participation).values_list("intervention__code", flat=True)) == personal


@pytest.mark.parametrize(
    "role, sees_people, suppress",
    [("administrator", True, None), ("kansli", True, None), ("insatsansvarig", True, None),
     ("deltagaransvarig", True, None), ("styrelse", False, 5), ("outsider", False, 5)],
)
def test_personal_data_and_suppression_by_role(users, role, sees_people, suppress):
    assert access.may_see_personal_data(users[role]) is sees_people
    assert access.suppress_below(users[role]) == suppress


def test_staff_see_only_people_of_their_interventions(users, spells):
    visible = access.participants(users["deltagaransvarig"])
    assert list(visible) == [spells["own"].participant]
    assert not access.participants(users["styrelse"]).exists()
    assert access.participants(users["kansli"]).count() == 2


def test_an_inactive_user_sees_nothing(users, spells):
    user = users["kansli"]
    user.is_active = False
    user.save()
    assert not access.visible_interventions(user).exists()


def test_only_office_roles_import_and_only_admin_purges(users):
    assert [r for r in users if access.may_import(users[r])] == ["administrator", "kansli"]
    assert [r for r in users if access.may_purge(users[r])] == ["administrator"]
