"""Helpers for hand-built report datasets: every number in the tests is known."""

import datetime

import pytest

from participants.models import Participant, Participation
from tests.factories import InterventionFactory, ParticipantFactory, ParticipationFactory

D = datetime.date
YEAR_2015 = (D(2015, 1, 1), D(2015, 12, 31))


BORN = D(1980, 5, 17)


def spell(intervention, start, end=None, *, female=True, birth=BORN, participant=None, slutdatum=None, **fields):
    """One participation (through the factories, so the model computes age at start)."""
    end = end or slutdatum
    participant = participant or ParticipantFactory(birth=birth, female=female)
    if end is not None:
        fields.setdefault("avslutsorsak", "FORTSATT_REHAB")
        fields.setdefault("sysselsattning_efter", "REHAB")
        fields.setdefault("forsorjning_efter", "FORSORJNINGSSTOD")
    return ParticipationFactory(participant=participant, intervention=intervention, startdatum=start,
                                slutdatum=end, **fields)


def bulk_spells(intervention, rows):
    """Fast: rows of dicts (kon, startdatum, slutdatum, utbildning, tid_offentlig_forsorjning, …)
    bulk-inserted with one new person each (no personnummer needed for reports)."""
    people = Participant.objects.bulk_create(
        [Participant(kon=row["kon"], birth_year=1980) for row in rows]
    )
    spells = []
    for person, row in zip(people, rows, strict=True):
        ended = row.get("slutdatum") is not None
        spells.append(Participation(
            participant=person, intervention=intervention,
            samtycke_datum=row["startdatum"], startdatum=row["startdatum"], slutdatum=row.get("slutdatum"),
            utbildning=row.get("utbildning", "GYMNASIUM"),
            tid_offentlig_forsorjning=row.get("tid_offentlig_forsorjning", "UPP_TILL_1"),
            forsorjning_fore=row.get("forsorjning_fore", "FORSORJNINGSSTOD"),
            avslutsorsak=row.get("avslutsorsak", "FORTSATT_REHAB") if ended else "",
            sysselsattning_efter=row.get("sysselsattning_efter", "REHAB") if ended else "",
            forsorjning_efter=row.get("forsorjning_efter", "FORSORJNINGSSTOD") if ended else "",
            alder_vid_start=row.get("alder_vid_start", 35),
        ))
    return Participation.objects.bulk_create(spells)


@pytest.fixture
def aktivitetscenter(db):
    return InterventionFactory(code="AKTIVITETSCENTER", name="Aktivitetscenter", allows_anonymous=True,
                               allows_volume=True)


@pytest.fixture
def ptsd(db):
    return InterventionFactory(code="PTSD", name="PTSD-center", mal_andel_arbete_studier=50)
