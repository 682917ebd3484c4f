"""The audit trail: actor and address on every change, no identifier in it, never editable."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from audit.models import AccessEvent
from audit.trail import record
from tests.factories import ParticipationFactory, make_personnummer

pytestmark = pytest.mark.django_db


def test_a_change_through_the_ui_is_logged_with_actor_and_address(client, users, intervention):
    spell = ParticipationFactory(intervention=intervention, startdatum=datetime.date(2016, 1, 1))
    client.force_login(users["deltagaransvarig"])
    client.post(reverse("participants:end", args=[spell.pk]), {
        "slutdatum": "2016-06-30", "avslutsorsak": "OHALSA", "sysselsattning_efter": "INGEN",
        "forsorjning_efter": "SJUKPENNING", "expected_version": 1}, REMOTE_ADDR="10.1.2.3")
    entry = LogEntry.objects.get_for_object(spell).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == users["deltagaransvarig"] and entry.remote_addr == "10.1.2.3"
    assert "slutdatum" in entry.changes_dict


def test_no_identifier_ever_reaches_the_change_log(client, users, intervention):
    number = make_personnummer(datetime.date(1970, 1, 2))
    client.force_login(users["deltagaransvarig"])
    client.post(reverse("participants:register"), {
        "p-personnummer": number, "p-first_name": "Hemlig", "p-last_name": "Person",
        "s-intervention": intervention.pk, "s-startdatum": "2016-02-01", "s-samtycke_datum": "2016-01-28",
        "s-utbildning": "GYMNASIUM", "s-tid_offentlig_forsorjning": "UPP_TILL_3", "s-forsorjning_fore": "LON"})
    dump = " ".join(f"{e.object_repr} {e.changes}" for e in LogEntry.objects.all())
    assert LogEntry.objects.exists()
    assert number not in dump and number[2:] not in dump and "Hemlig" not in dump


def test_nobody_can_change_or_delete_audit_rows(client, users):
    event = record(users["kansli"], "VIEW", "Deltagare 19800517-****")
    with pytest.raises(PermissionError):
        event.target = "ändrat"
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AccessEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AccessEvent.objects.update(target="x")
    client.force_login(users["administrator"])
    change = client.get(reverse("admin:audit_accessevent_change", args=[event.pk]))
    assert change.status_code == 200 and b'type="submit"' not in change.content.split(b"<main")[-1]
    assert client.post(reverse("admin:audit_accessevent_delete", args=[event.pk])).status_code == 403
    assert AccessEvent.objects.filter(pk=event.pk, target__startswith="Deltagare").exists()


def test_nobody_can_change_or_delete_change_log_rows_in_the_admin(client, users, intervention):
    ParticipationFactory(intervention=intervention)
    entry = LogEntry.objects.first()
    client.force_login(users["administrator"])
    assert client.post(reverse("admin:auditlog_logentry_delete", args=[entry.pk])).status_code == 403
    assert client.post(reverse("admin:auditlog_logentry_change", args=[entry.pk]), {}).status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()
