"""The daily case reminders: to whoever has something overdue, each item once, no person named."""

import pytest
from django.core import mail
from django.core.management import call_command

from cases.models import CaseReminder
from cases.reminders import send_case_reminders


@pytest.fixture
def with_email(users):
    for name in ("deltagaransvarig", "insatsansvarig"):
        users[name].email = f"{name}@example.org"
        users[name].save()
    return users


def test_the_ansvarig_gets_one_email_with_every_overdue_item(with_email, caseload):
    sent = send_case_reminders()
    staff_mail = [m for m in mail.outbox if m.to == ["deltagaransvarig@example.org"]]
    assert len(staff_mail) == 1
    body = staff_mail[0].body
    for name in ("followup_overdue", "activity", "no_contact", "over_length", "gap"):
        assert f"/deltagare/arende/{caseload[name].pk}/" in body
    # not overdue (yet): a follow-up in five days, the 6-month follow-up falling due today
    assert f"/deltagare/arende/{caseload['soon'].pk}/" not in body
    assert f"/deltagare/arende/{caseload['postexit'].pk}/" not in body
    assert sent["emails"] == 2  # and the insatsansvarig's own spell


def test_a_second_run_sends_nothing(with_email, caseload):
    first = send_case_reminders()
    count = CaseReminder.objects.count()
    assert send_case_reminders()["emails"] == 0
    assert len(mail.outbox) == first["emails"] and CaseReminder.objects.count() == count


def test_a_spell_without_ansvarig_goes_to_the_interventions_lead(with_email, caseload):
    spell = caseload["no_contact"]
    spell.ansvarig = None
    spell.save()
    send_case_reminders()
    lead_mail = next(m for m in mail.outbox if m.to == ["insatsansvarig@example.org"])
    assert f"/deltagare/arende/{spell.pk}/" in lead_mail.body


def test_the_email_names_nobody(with_email, caseload):
    send_case_reminders()
    text = "\n".join(m.subject + m.body for m in mail.outbox)
    for spell in caseload.values():
        assert spell.participant.masked_personnummer not in text
        assert spell.participant.personnummer not in text


def test_a_failed_send_records_nothing_and_is_tried_again(with_email, caseload, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr("cases.reminders.send_mail", broken)
    assert send_case_reminders()["failed"] == 2
    assert not CaseReminder.objects.exists()
    monkeypatch.undo()
    assert send_case_reminders()["emails"] == 2


def test_nobody_to_send_to_is_counted(users, caseload):
    assert send_case_reminders()["no_recipient"] > 0
    assert not mail.outbox


def test_the_command_reports_and_refuses_a_bad_date(with_email, caseload, capsys):
    call_command("send_case_reminders")
    assert "E-post: 2" in capsys.readouterr().out
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ogiltigt datum"):
        call_command("send_case_reminders", "--today", "igår")
