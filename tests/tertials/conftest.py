import datetime

import pytest

from accounts import roles
from interventions.models import Assignment, InterventionBudget
from tertials.models import Status, TertialReport, Transition
from tests.world import (
    make_intervention,
    make_other_intervention,
    make_role_groups,
    make_user,
    make_users,
)

TEXTS = {
    "done": "Gruppverksamhet tre dagar i veckan.",
    "deviations": "Inga större avvikelser.",
    "goal_fulfilment": "Nära målet.",
    "plan": "Fler informationsträffar.",
    "outcome_sek": 1_200_000,
}


def make_people(users, role_groups, other_intervention) -> dict:
    """The root fixture's users with e-mail addresses, plus the insatsansvarig of another intervention."""
    other_lead = make_user("other_lead", roles.INSATSANSVARIG, role_groups)
    Assignment.objects.create(user=other_lead, intervention=other_intervention, role=Assignment.Role.INSATSANSVARIG)
    made = {**users, "other_lead": other_lead}
    for name, user in made.items():
        user.email = f"{name}@example.org"
        user.save(update_fields=["email"])
    return made


@pytest.fixture
def people(users, role_groups, other_intervention):
    return make_people(users, role_groups, other_intervention)


def make_everyone_with_people() -> dict:
    """Both interventions and the people, for `shared_per_module`."""
    intervention, other = make_intervention(), make_other_intervention()
    groups = make_role_groups()
    return {"intervention": intervention, "other_intervention": other,
            "people": make_people(make_users(groups, intervention), groups, other)}


@pytest.fixture
def budget(intervention):
    return InterventionBudget.objects.create(intervention=intervention, year=2015, amount=5_000_000)


def make_report(intervention, *, year=2015, tertial=1, status=Status.UTKAST, filled=True, snapshot=None):
    """A report put straight into `status` (the workflow itself is tested through services)."""
    report = TertialReport.objects.create(
        intervention=intervention, year=year, tertial=tertial, status=status, snapshot=snapshot,
        **(TEXTS if filled else {}),
    )
    if status != Status.UTKAST:
        Transition.objects.create(
            report=report, from_status=Status.UTKAST, to_status=status,
            at=datetime.datetime(2015, 5, 1, tzinfo=datetime.UTC),
        )
    return report
