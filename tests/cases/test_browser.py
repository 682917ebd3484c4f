"""The acceptance walk-through in a real Chromium: a deltagaransvarig works a case from the
worklist to the follow-up six months after exit, and kansli sees the lasting-effect table move."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone

from cases.dates import add_months
from cases.models import Contact, FollowUp
from tests.factories import ParticipantFactory, ParticipationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def followed_up_at_six_months(page, live_server, year: int) -> tuple[str, str]:
    """(followed up, in work or studies) at 6 months for Aktivitetscenter in the lasting-effect table."""
    page.goto(f"{live_server.url}/reports/lasting/?year={year}")
    row = page.locator("#lasting_by_intervention tbody tr", has_text="Aktivitetscenter")
    if not row.count():
        return "0", "0"
    cells = row.locator("td")
    return cells.nth(3).inner_text(), cells.nth(5).inner_text()


def test_a_case_from_the_worklist_to_the_follow_up_after_exit(page, login, live_server, browser, users,
                                                              intervention):
    today = timezone.localdate()
    spell = ParticipationFactory(participant=ParticipantFactory(birth=datetime.date(1985, 3, 14), female=True),
                                 intervention=intervention, startdatum=today - datetime.timedelta(days=200),
                                 ansvarig=users["deltagaransvarig"])
    Contact.objects.create(participation=spell, date=today - datetime.timedelta(days=40), kind="MOTE",
                           outcome="ENLIGT_PLAN", parties=["DELTAGARE"],
                           next_followup=today - datetime.timedelta(days=3))
    case_url = f"{live_server.url}/deltagare/arende/{spell.pk}/"

    login("staff_user")
    page.click("nav.mainnav >> text=Att göra")
    row = page.locator("#worklist tbody tr", has_text="Uppföljning försenad")
    assert row.count() == 1
    row.locator("text=Öppna").click()
    page.wait_for_url(case_url)
    assert "försenad" in page.inner_text(".case-facts")

    # a follow-up meeting with the next date: the case leaves the worklist
    page.click("#add-contact")
    page.select_option("#id_kind", label="Möte")
    page.select_option("#id_outcome", label="Följer planen")
    page.check("input[name=parties][value=DELTAGARE]")
    page.check("input[name=parties][value=AF]")
    page.fill("#id_next_followup", (today + datetime.timedelta(days=21)).isoformat())
    page.fill("#id_note", "Praktikplats ordnad från måndag.")
    page.click("form.regform button[type=submit]")
    page.wait_for_url(case_url)
    assert "Praktikplats ordnad från måndag." in page.inner_text("#timeline")
    page.click("nav.mainnav >> text=Att göra")
    assert f"/deltagare/arende/{spell.pk}/" not in page.content()

    # a plan activity
    page.goto(case_url)
    page.click("#add-activity")
    page.fill("#id_description", "Praktik på lager två dagar i veckan")
    page.select_option("#id_party", label="Insatsen")
    page.fill("#id_due_date", (today + datetime.timedelta(days=30)).isoformat())
    page.click("form.regform button[type=submit]")
    page.wait_for_url(case_url)
    assert "Praktik på lager två dagar i veckan" in page.inner_text("#plan")

    # the end of the spell, today
    page.click("#end-spell")
    page.fill("#id_slutdatum", today.isoformat())
    page.select_option("#id_avslutsorsak", label="Arbete, studier eller arbetssökande")
    page.select_option("#id_sysselsattning_efter", label="Arbete, osubventionerat")
    page.select_option("#id_forsorjning_efter", label="Lön")
    page.click("text=Spara avslut")
    page.wait_for_url(case_url)
    assert "Utskrivning" in page.inner_text("#timeline")

    # six months later: the follow-up is on the worklist; kansli watches the lasting-effect table
    later = datetime.datetime.combine(add_months(today, 6) + datetime.timedelta(days=1), datetime.time(10))
    with time_machine.travel(timezone.make_aware(later), tick=True):
        office_context = browser.new_context(locale="sv-SE", viewport={"width": 1366, "height": 900})
        office = office_context.new_page()
        office.goto(f"{live_server.url}/accounts/login/")
        office.fill("#id_username", "kansli_user")
        office.fill("#id_password", "secret-password-1")
        office.click("button[type=submit]")
        office.wait_for_url(f"{live_server.url}/")
        before = followed_up_at_six_months(office, live_server, today.year)

        login("staff_user")  # the session ran out meanwhile
        page.click("nav.mainnav >> text=Att göra")
        row = page.locator("#worklist tbody tr", has_text="Uppföljning 6 mån efter avslut")
        assert row.count() == 1 and f"/deltagare/arende/{spell.pk}/" in row.inner_html()
        row.locator("text=Öppna").click()
        page.wait_for_url(case_url)
        page.click("text=Uppföljning 6 mån")
        page.wait_for_url(re.compile(r".*/uppfoljning/6/$"))
        page.select_option("#id_sysselsattning", label="Arbete, osubventionerat")
        page.select_option("#id_forsorjning", label="Lön")
        page.click("text=Spara uppföljningen")
        page.wait_for_url(case_url)
        assert "Uppföljning 6 månader efter avslut" in page.inner_text("#timeline")

        after = followed_up_at_six_months(office, live_server, today.year)
        office_context.close()
    assert FollowUp.objects.get(participation=spell, months=6).sysselsattning == "ARBETE"
    assert before == ("0", "0") and after == ("1", "1")
