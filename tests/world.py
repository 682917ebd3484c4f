"""The users and records most tests start from, as plain functions: the fixtures in conftest
call them per case, and `shared_per_module` once for a module whose many cases share them."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import override_settings

from accounts import roles
from accounts.setup import ensure_role_groups
from interventions.models import Assignment
from tests.factories import (
    AnonymousRegistrationFactory,
    InterventionFactory,
    ParticipantFactory,
    ParticipationFactory,
    UserFactory,
    VolumeRegistrationFactory,
    make_personnummer,
)

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_role_groups() -> dict[str, Group]:
    ensure_role_groups()
    return {name: Group.objects.get(name=name) for name in roles.ALL}


def make_user(username, role, groups):
    user = UserFactory(username=username, first_name=username.capitalize())
    if role:
        user.groups.add(groups[role])
    if role == roles.ADMINISTRATOR:
        user.is_staff = user.is_superuser = True
        user.save()
    if role == roles.KANSLI:
        user.is_staff = True
        user.save()
    return user


def make_intervention():
    return InterventionFactory(code="AKTIVITETSCENTER", name="Aktivitetscenter")


def make_other_intervention():
    return InterventionFactory(code="PTSD", name="PTSD-center", mal_andel_arbete_studier=50)


def make_users(role_groups, intervention) -> dict:
    """administrator, kansli, insatsansvarig and deltagaransvarig (assigned to `intervention`),
    styrelse, and an outsider in no group."""
    made = {
        "administrator": make_user("admin_user", roles.ADMINISTRATOR, role_groups),
        "kansli": make_user("kansli_user", roles.KANSLI, role_groups),
        "insatsansvarig": make_user("lead_user", roles.INSATSANSVARIG, role_groups),
        "deltagaransvarig": make_user("staff_user", roles.DELTAGARANSVARIG, role_groups),
        "styrelse": make_user("board_user", roles.STYRELSE, role_groups),
        "outsider": make_user("outsider", None, role_groups),
    }
    Assignment.objects.create(
        user=made["insatsansvarig"], intervention=intervention, role=Assignment.Role.INSATSANSVARIG
    )
    Assignment.objects.create(
        user=made["deltagaransvarig"], intervention=intervention, role=Assignment.Role.DELTAGARANSVARIG
    )
    return made


def make_world(users, intervention, other_intervention) -> dict:
    """`own` spell in AKTIVITETSCENTER (the assigned staff's), `other` in PTSD, and an anonymous
    and a volume registration in each."""
    for i in (intervention, other_intervention):
        i.allows_anonymous = i.allows_volume = True
        i.save()
    own_number = make_personnummer(datetime.date(1980, 5, 17), female=True)
    other_number = make_personnummer(datetime.date(1975, 3, 3), female=False)
    own = ParticipationFactory(
        participant=ParticipantFactory(personnummer=own_number, first_name="Anna", last_name="Andersson"),
        intervention=intervention, startdatum=datetime.date(2015, 3, 1), ansvarig=users["deltagaransvarig"],
    )
    other = ParticipationFactory(
        participant=ParticipantFactory(personnummer=other_number, first_name="Otto", last_name="Olsson"),
        intervention=other_intervention, startdatum=datetime.date(2015, 4, 1),
    )
    return {
        "own": own, "other": other, "own_number": own_number, "other_number": other_number,
        "own_anonymous": AnonymousRegistrationFactory(intervention=intervention),
        "other_anonymous": AnonymousRegistrationFactory(intervention=other_intervention),
        "own_volume": VolumeRegistrationFactory(intervention=intervention),
        "other_volume": VolumeRegistrationFactory(intervention=other_intervention),
    }


def shared_per_module(build):
    """A module-scoped fixture with what `build()` writes, made once for the module's cases
    instead of once per case (as Django's setUpTestData): one transaction around the module,
    rolled back after its last case; each case runs in a savepoint inside it (the ordinary
    `django_db` marker), so what a case writes is gone before the next one. Only for modules
    of non-transactional tests whose cases leave the shared objects as they found them."""

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                    data = build()
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                raise
        try:
            yield data
        finally:
            with django_db_blocker.unblock():
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)

    return fixture


def shared_part(key: str):
    """A fixture giving one entry of the module's shared data (the fixture named `everyone`)."""

    @pytest.fixture
    def part(everyone):
        return everyone[key]

    return part


def make_everyone() -> dict:
    """Both interventions, the users and the world, for `shared_per_module`."""
    intervention, other = make_intervention(), make_other_intervention()
    users = make_users(make_role_groups(), intervention)
    return {"intervention": intervention, "other_intervention": other, "users": users,
            "world": make_world(users, intervention, other)}
