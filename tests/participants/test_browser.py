"""The acceptance walk-throughs in a real Chromium (Playwright)."""

import datetime
import re

import pytest

from participants.models import Participant, Participation
from tests.factories import ParticipantFactory, ParticipationFactory, make_personnummer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_register_a_participant_at_start_and_end_and_find_it_in_the_list(page, login, live_server, users,
                                                                                intervention):
    number = make_personnummer(datetime.date(1983, 4, 12), female=True)
    login("staff_user")
    page.click("text=+ Registrera start")
    page.fill("#id_p-personnummer", f"{number[:8]}-{number[8:]}")
    page.click("button[name=lookup]")
    page.wait_for_selector("#new-person")
    page.fill("#id_p-first_name", "Karin")
    page.fill("#id_s-startdatum", "2016-02-01")
    page.fill("#id_s-samtycke_datum", "2016-01-25")
    page.select_option("#id_s-utbildning", label="Gymnasium")
    page.select_option("#id_s-tid_offentlig_forsorjning", label="Upp till 3 år")
    page.select_option("#id_s-forsorjning_fore", label="Försörjningsstöd")
    page.click("button[name=save]")
    page.wait_for_selector("#full-pnr")
    assert "Registrerat" in page.inner_text(".messages")
    assert page.inner_text("#full-pnr") == f"{number[:8]}-{number[8:]}"

    page.get_by_role("link", name="Avsluta", exact=True).click()
    page.fill("#id_slutdatum", "2016-09-30")
    page.select_option("#id_avslutsorsak", label="Arbete, studier eller arbetssökande")
    page.select_option("#id_sysselsattning_efter", label="Studier")
    page.select_option("#id_forsorjning_efter", label="Studiemedel")
    page.click("text=Spara avslut")
    page.wait_for_url(re.compile(r".*/deltagare/$"))
    assert "Avslut registrerat" in page.inner_text(".messages")

    page.select_option("#id_status", label="Avslutade")
    page.click("text=Visa")
    row = page.locator("table tbody tr", has_text=f"{number[:8]}-****")
    assert row.count() == 1
    assert "2016-09-30" in row.inner_text() and "Arbete, studier eller arbetssökande" in row.inner_text()
    assert number not in page.content() and number[8:] not in page.content().replace("****", "")
    spell = Participation.objects.get(participant=Participant.objects.with_personnummer(number).get())
    assert spell.sysselsattning_efter == "STUDIER"


def test_a_bad_registration_shows_what_is_wrong_where(page, login, live_server, users, intervention):
    login("staff_user")
    page.goto(f"{live_server.url}/deltagare/ny/")
    page.fill("#id_p-personnummer", "19121212-1213")
    page.fill("#id_s-startdatum", "2016-02-01")
    page.fill("#id_s-samtycke_datum", "2016-02-05")
    page.click("button[name=save]")
    assert "kontrollsiffran" in page.inner_text("#id_p-personnummer_error")
    assert "senast på startdatum" in page.inner_text("#id_s-samtycke_datum_error")
    assert "inget är sparat" in page.inner_text(".errorbox >> nth=0")
    assert not Participant.objects.exists()


def test_staff_cannot_open_a_participant_of_another_intervention(page, login, live_server, users,
                                                                   other_intervention):
    stranger = ParticipationFactory(intervention=other_intervention)
    login("staff_user")
    response = page.goto(f"{live_server.url}/deltagare/person/{stranger.participant_id}/")
    assert response.status == 404
    response = page.goto(f"{live_server.url}/deltagare/deltagande/{stranger.pk}/avsluta/")
    assert response.status == 404


def test_the_board_sees_no_personnummer_anywhere(page, login, live_server, users, intervention):
    number = make_personnummer(datetime.date(1979, 7, 7))
    ParticipationFactory(participant=ParticipantFactory(personnummer=number), intervention=intervention,
                         startdatum=datetime.date.today().replace(month=1, day=3))
    login("board_user")
    seen = []
    for link in ["/"] + [a.get_attribute("href") for a in page.locator("nav.mainnav a").all()]:
        page.goto(link if link.startswith("http") else live_server.url + link)
        seen.append(page.url)
        text = page.content()
        assert number not in text and f"{number[:8]}-" not in text and number[2:8] not in text
    assert any("/insatser/" in url for url in seen)
    assert page.goto(f"{live_server.url}/deltagare/").status == 403


def test_a_stale_edit_in_two_tabs_is_refused(page, login, live_server, users, intervention):
    spell = ParticipationFactory(intervention=intervention, startdatum=datetime.date(2016, 1, 1))
    login("staff_user")
    url = f"{live_server.url}/deltagare/deltagande/{spell.pk}/"
    page.goto(url)
    second = page.context.new_page()
    second.goto(url)
    page.select_option("#id_utbildning", label="Högskola/Universitet")
    page.click("text=Spara ändringen")
    page.wait_for_selector(".messages")
    second.select_option("#id_utbildning", label="Grundskola")
    second.click("text=Spara ändringen")
    assert "ändrats av någon annan" in second.inner_text(".errorbox")
    spell.refresh_from_db()
    assert spell.utbildning == "HOGSKOLA" and spell.version == 2
