"""After the retention purge nothing in the database names a purged person: no number, no birth
date, no name, in any table — the change log, the admin's history, the access log and the case
records (notes, plan texts, decrypted as well as raw) included,
also entries written before the logs referred to people by id (the purge relabels those).
Read as raw rows of every table, and on SQLite as the bytes of the database file itself."""

import datetime
import sqlite3
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.contrib.admin.models import CHANGE
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from audit.models import AccessEvent
from audit.trail import record
from cases.models import Contact, Plan, PlanActivity, PlanRevision
from participants.models import Participant, Participation
from tests.factories import make_personnummer

BIRTH = datetime.date(1961, 7, 23)
FIRST, LAST = "Gunnhild", "Purgesson"


def raw_rows() -> bytes:
    """Every value of every table, as the database returns it."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        chunks.append(bytes(value))
                    elif value is not None:
                        chunks.append(str(value).encode())
    return b"\n".join(chunks)


def traces(number: str) -> list[bytes]:
    return [text.encode() for text in (
        number, number[2:], f"{number[:8]}-{number[8:]}", f"{number[2:8]}-{number[8:]}",
        BIRTH.strftime("%Y%m%d"), BIRTH.isoformat(), FIRST, LAST,
    )]


def build_history(client, users, intervention, *, legacy: bool) -> dict:
    """A person registered, looked up, viewed, ended and corrected in the admin years ago; with
    `legacy`, log entries of the old kind (labelled by the masked number) beside the new ones."""
    number = make_personnummer(BIRTH, female=True)
    client.force_login(users["deltagaransvarig"])
    start = {
        "p-personnummer": number, "p-first_name": FIRST, "p-last_name": "Purg",
        "s-intervention": intervention.pk, "s-startdatum": "2010-02-01", "s-samtycke_datum": "2010-01-28",
        "s-utbildning": "GYMNASIUM", "s-tid_offentlig_forsorjning": "UPP_TILL_3", "s-forsorjning_fore": "LON",
    }
    assert client.post(reverse("participants:register"), {**start, "lookup": "1"}).status_code == 200
    assert client.post(reverse("participants:register"), start).status_code == 302
    person = Participant.objects.with_personnummer(number).get()
    spell = Participation.objects.get(participant=person)
    client.post(reverse("participants:list"), {"personnummer": number})
    client.get(reverse("participants:person", args=[person.pk]))
    # The case: a contact whose note names her, a plan goal, an activity, the case page read.
    for url, data in (
        ("cases:contact_new", {"date": "2010-03-01", "kind": "TELEFON", "outcome": "ENLIGT_PLAN",
                               "note": f"{FIRST} {LAST} ringde"}),
        ("cases:plan_goals", {"goals": f"{FIRST} ska börja arbetsträna"}),
        ("cases:activity_new", {"description": f"Möte med {LAST}", "party": "AF", "due_date": "2010-04-01",
                                "status": "PLANERAD"}),
    ):
        assert client.post(reverse(url, args=[spell.pk]), data).status_code == 302, url
    assert client.get(reverse("cases:case", args=[spell.pk])).status_code == 200
    assert client.post(reverse("participants:end", args=[spell.pk]), {
        "slutdatum": "2012-03-14", "avslutsorsak": "ARBETSMARKNAD", "sysselsattning_efter": "ARBETE",
        "forsorjning_efter": "LON", "expected_version": 1}).status_code == 302
    client.force_login(users["administrator"])
    url = reverse("admin:participants_participant_change", args=[person.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"personnummer_input": number, "first_name": FIRST, "last_name": LAST, "kon": ""})
    assert response.status_code == 302
    if not legacy:
        return {"number": number, "person": person, "spell": spell}
    # Entries as they were written before logs named people by id.
    masked = f"{BIRTH:%Y%m%d}-****"
    for model, obj, label in ((Participant, person, masked),
                              (Participation, spell, f"{masked} i Aktivitetscenter från 2010-02-01")):
        content_type = ContentType.objects.get_for_model(model)
        LogEntry.objects.create(content_type=content_type, object_pk=str(obj.pk), object_id=obj.pk,
                                object_repr=label, action=LogEntry.Action.UPDATE, changes={})
        AdminLogEntry.objects.create(user=users["administrator"], content_type=content_type,
                                     object_id=str(obj.pk), object_repr=label, action_flag=CHANGE)
    record(users["kansli"], "VIEW", f"Deltagare {masked}", obj=person)
    record(users["kansli"], "VIEW", f"Mätningar {masked}", obj=spell)
    return {"number": number, "person": person, "spell": spell}


def log_text() -> str:
    return "\n".join(
        [f"{e.object_repr} {e.changes} {e.changes_text} {e.additional_data}" for e in LogEntry.objects.all()]
        + [f"{e.object_repr} {e.change_message}" for e in AdminLogEntry.objects.all()]
        + [f"{e.target} {e.details}" for e in AccessEvent.objects.all()]
    )


@pytest.mark.django_db
def test_the_logs_name_people_by_id_only(client, users, intervention):
    history = build_history(client, users, intervention, legacy=False)
    text = log_text()
    assert f"Deltagare {history['person'].pk}" in text and f"Deltagande {history['spell'].pk}" in text
    assert [t for t in traces(history["number"]) if t.decode() in text] == []


def case_texts() -> list[str]:
    """The case records' values decrypted, as the site reads them."""
    return [str(value) for model in (Contact, Plan, PlanActivity, PlanRevision)
            for row in model.objects.values_list() for value in row]


def database_file(path) -> bytes:
    """The bytes of the (SQLite) database as a file: every page, free ones included."""
    target = sqlite3.connect(path)
    connection.ensure_connection()
    connection.connection.backup(target)
    target.close()
    return path.read_bytes()


@pytest.mark.django_db(transaction=True)
def test_after_the_purge_no_table_holds_a_purged_number_birth_date_or_name(client, users, intervention, tmp_path):
    history = build_history(client, users, intervention, legacy=True)
    sqlite = connection.vendor == "sqlite"
    assert [text for text in case_texts() if FIRST in text or LAST in text]
    before = raw_rows()
    assert BIRTH.strftime("%Y%m%d").encode() in before and BIRTH.isoformat().encode() in before
    if sqlite:
        assert BIRTH.strftime("%Y%m%d").encode() in database_file(tmp_path / "before.sqlite3")
    call_command("purge_personal_data", stdout=StringIO())
    assert Participant.objects.get(pk=history["person"].pk).identity_removed_at is not None
    after = raw_rows()
    assert [t for t in traces(history["number"]) if t in after] == []
    assert not [text for text in case_texts() if FIRST in text or LAST in text]
    assert str(BIRTH.year).encode() in after  # the birth year stays (reports are unchanged)
    if sqlite:
        data = database_file(tmp_path / "after.sqlite3")
        assert [t for t in traces(history["number"]) if t in data] == []
