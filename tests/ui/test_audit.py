"""The audit trail: actor and address on every change, searchable, and never editable."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from audit.models import AccessEvent
from audit.trail import record
from tests.factories import ParticipationFactory

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
    from tests.factories import make_personnummer

    number = make_personnummer(datetime.date(1970, 1, 2))
    client.force_login(users["deltagaransvarig"])
    client.post(reverse("participants:register"), {
        "p-personnummer": number, "p-first_name": "Hemlig", "p-last_name": "Person",
        "s-intervention": intervention.pk, "s-startdatum": "2016-02-01", "s-samtycke_datum": "2016-01-28",
        "s-utbildning": "GYMNASIUM", "s-tid_offentlig_forsorjning": "UPP_TILL_3", "s-forsorjning_fore": "LON"})
    dump = " ".join(f"{e.object_repr} {e.changes}" for e in LogEntry.objects.all())
    assert LogEntry.objects.exists()
    assert number not in dump and number[2:] not in dump and "Hemlig" not in dump


def test_office_searches_both_logs(client, users, intervention):
    other = users["deltagaransvarig"]
    record(other, "VIEW", "Deltagare 19800517-****")
    record(users["kansli"], "EXPORT", "SUS-export 2015")
    ParticipationFactory(intervention=intervention)
    client.force_login(users["kansli"])
    response = client.get(reverse("audit:index"), {"user": "staff", "action": "VIEW"})
    assert [e.target for e in response.context["access_table"].data] == ["Deltagare 19800517-****"]
    assert list(response.context["change_table"].data) == []
    today = datetime.date.today().isoformat()
    response = client.get(reverse("audit:index"), {"q": "SUS-export", "date_from": today, "date_to": today})
    assert [e.action for e in response.context["access_table"].data] == ["EXPORT"]
    response = client.get(reverse("audit:index"), {"action": "CREATE"})
    assert len(response.context["change_table"].data) >= 1
    bad = client.get(reverse("audit:index"), {"date_from": "2020-01-02", "date_to": "2020-01-01"})
    assert "date_to" in bad.context["form"].errors


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_audit_page_is_read_only(client, users, method):
    client.force_login(users["administrator"])
    assert getattr(client, method)(reverse("audit:index")).status_code == 405


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
