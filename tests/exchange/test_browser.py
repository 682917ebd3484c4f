"""In a real browser: upload a file with one bad row, see the error on that row, fix it, confirm."""

from __future__ import annotations

import pytest

from participants.models import Participation

from .conftest import participation_file, participation_row, pnr

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_see_the_bad_row_fix_it_and_confirm(page, login, live_server, users):
    good, other = pnr(1980), pnr(1990)
    bad_file = participation_file(
        participation_row(good), participation_row("19900101-0000"), participation_row(other, start="2016-01-01")
    )
    fixed_file = participation_file(
        participation_row(good), participation_row(pnr(1991)), participation_row(other, start="2016-01-01")
    )
    login("kansli_user")
    page.click("nav >> text=Filer")
    page.wait_for_url(f"{live_server.url}/filer/")

    def upload(content: str):
        page.goto(f"{live_server.url}/filer/")
        page.select_option("#id_kind", "participations")
        page.set_input_files("#id_file", files=[{"name": "deltagare.csv", "mimeType": "text/csv",
                                                  "buffer": content.encode("utf-8")}])
        page.click("text=Ladda upp och kontrollera")
        page.wait_for_selector("h1:has-text('deltagare.csv')")

    upload(bad_file)
    bad_row = page.locator("tr#rad-3")
    assert bad_row.get_attribute("class") == "row-error"
    bad_cell = bad_row.locator("td.has-error")
    assert bad_cell.get_attribute("data-column") == "personnummer"
    assert "Ogiltigt personnummer" in bad_cell.inner_text()
    assert page.locator("tr#rad-2").get_attribute("class") == "row-new"
    assert page.locator("#confirm-import").count() == 0
    assert not Participation.objects.exists()

    upload(fixed_file)
    assert page.locator("tr.row-new").count() == 3
    assert page.locator("td.has-error").count() == 0
    page.click("#confirm-import")
    page.wait_for_selector("text=Sparad i registret.")
    assert "3 nya, 0 ändrade, 0 oförändrade" in page.inner_text(".messages")
    assert Participation.objects.count() == 3
