"""exchange.bulk.insert writes exactly what Model.objects.bulk_create would."""

import datetime

import pytest

from exchange import bulk
from participants.codes import Avslutsorsak, Utbildning
from participants.models import Participant, Participation
from tests.factories import InterventionFactory, make_personnummer

pytestmark = pytest.mark.django_db


def person(year: int) -> Participant:
    return Participant.from_personnummer(make_personnummer(datetime.date(year, 2, 3)), first_name="Åsa",
                                         last_name=None)


def spell(participant, intervention, **extra) -> Participation:
    return Participation(participant=participant, intervention=intervention, samtycke_datum=datetime.date(2015, 1, 2),
                         startdatum=datetime.date(2015, 1, 5), utbildning=Utbildning.GYMNASIUM,
                         tid_offentlig_forsorjning="UPP_TILL_1", forsorjning_fore="FORSORJNINGSSTOD",
                         alder_vid_start=30, **extra)


def stored(model, pk) -> dict:
    """Every column as read back, the time stamps as whether they are set."""
    record = model.objects.get(pk=pk)
    values = {field.attname: getattr(record, field.attname) for field in model._meta.concrete_fields}
    values.pop("id")
    for stamp in ("created_at", "updated_at"):
        if stamp in values:
            values[stamp] = values[stamp] is not None
    return values


def test_insert_stores_every_field_as_bulk_create_does_and_sets_the_ids():
    intervention = InterventionFactory(code="X")
    ours, theirs = [person(1970), person(1971)], [person(1972), person(1973)]
    bulk.insert(Participant, ours)
    Participant.objects.bulk_create(theirs)
    assert all(p.pk and not p._state.adding for p in ours)
    for mine, django in zip(ours, theirs, strict=True):
        a, b = stored(Participant, mine.pk), stored(Participant, django.pk)
        for key in ("personnummer", "pnr_hash", "birth_date", "birth_year"):
            a.pop(key), b.pop(key)  # differ by construction (other numbers)
        assert a == b
    assert Participant.objects.get(pk=ours[0].pk).personnummer == ours[0].personnummer  # decrypts
    assert Participant.objects.get(pk=ours[0].pk).first_name == "Åsa"

    ended = {"slutdatum": datetime.date(2015, 6, 30), "avslutsorsak": Avslutsorsak.ARBETSMARKNAD,
             "sysselsattning_efter": "ARBETE", "forsorjning_efter": "LON"}
    mine = [spell(ours[0], intervention), spell(ours[1], intervention, **ended)]
    django = [spell(theirs[0], intervention), spell(theirs[1], intervention, **ended)]
    bulk.insert(Participation, mine)
    Participation.objects.bulk_create(django)
    for a, b in zip(mine, django, strict=True):
        left, right = stored(Participation, a.pk), stored(Participation, b.pk)
        assert left.pop("participant_id") != right.pop("participant_id")
        assert left == right


def test_without_insert_returning_it_falls_back_to_bulk_create(monkeypatch):
    from django.db import connection

    monkeypatch.setattr(type(connection.features), "can_return_rows_from_bulk_insert", False)
    used = []
    monkeypatch.setattr(bulk, "insert_returning_ids", lambda *args, **kwargs: used.append(args))
    people = [person(1970)]
    bulk.insert(Participant, people)
    assert not used and Participant.objects.filter(pnr_hash=people[0].pnr_hash).exists()


def test_an_over_long_value_is_refused_by_the_bulk_insert_never_cut_short():
    """PostgreSQL refuses a value longer than its column (a cast to varchar(n) would cut it
    short without a word); SQLite has no column lengths and keeps the value whole."""
    from django.db import DataError, connection, transaction

    intervention = InterventionFactory(code="X")
    people = [person(1970)]
    bulk.insert(Participant, people)
    too_long = spell(people[0], intervention)
    too_long.utbildning = "G" * 30  # the column holds 24
    if connection.vendor == "postgresql":
        with pytest.raises(DataError), transaction.atomic():
            bulk.insert(Participation, [too_long])
        assert not Participation.objects.exists()
    else:
        bulk.insert(Participation, [too_long])
        assert Participation.objects.get().utbildning == "G" * 30


def test_an_over_long_value_is_refused_by_the_change_log_copy_never_cut_short():
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db import DataError, connection, transaction
    from django.utils import timezone

    from finsam.sql import copy_rows

    names = ("content_type", "object_pk", "object_repr", "action", "changes_text", "cid", "timestamp")
    fields = [LogEntry._meta.get_field(name) for name in names]
    now = fields[-1].get_db_prep_save(timezone.now(), connection)
    row = (ContentType.objects.get_for_model(Participant).pk, "1", "repr", 0, "", "c" * 300, now)  # cid holds 255
    if connection.vendor == "postgresql":
        with pytest.raises(DataError), transaction.atomic():
            copy_rows(LogEntry, fields, [row])
        assert not LogEntry.objects.exists()
    else:
        copy_rows(LogEntry, fields, [row])
        assert LogEntry.objects.get().cid == "c" * 300
