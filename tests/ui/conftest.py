"""Fixtures for the staff UI: one spell in the user's intervention and one in another."""

import datetime

import pytest

from tests.factories import (
    AnonymousRegistrationFactory,
    ParticipantFactory,
    ParticipationFactory,
    VolumeRegistrationFactory,
    make_personnummer,
)


@pytest.fixture
def world(users, intervention, other_intervention):
    """`own` spell in AKTIVITETSCENTER (the assigned staff's), `other` in PTSD."""
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
