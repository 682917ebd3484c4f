"""In a real browser: kansli opens the report, changes the period, and the figures change.
Screenshots of the page and of the PDF's first page go to /tmp/shots/ for a human look."""

import os
import shutil
import subprocess

import pytest

from .conftest import D, spell

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "/tmp/shots"


def test_kansli_changes_the_period_and_sees_the_figures_change(page, live_server, login, users, intervention,
                                                                 other_intervention):
    for day in range(1, 6):
        spell(intervention, D(2015, 2, day), D(2015, 10, day), sysselsattning_efter="ARBETE")
    for day in range(1, 4):
        spell(other_intervention, D(2016, 3, day), female=False)
    login("kansli_user")
    page.click("text=Rapporter")
    page.wait_for_url(f"{live_server.url}/reports/sus/")
    assert page.locator("#report-period").inner_text().startswith("Period 2016-01-01 – 2016-12-31")
    assert page.locator("#stat-individual").inner_text() == "3"

    page.fill("#id_year", "2015")
    page.click("#report-filter button[type=submit]")
    page.wait_for_url("**/reports/sus/?*year=2015*")
    assert page.locator("#stat-individual").inner_text() == "5"
    assert page.locator("#stat-share").inner_text() == "100,0 %"
    assert page.locator("#table-education svg").count() == 1
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/reports-browser-page.png", full_page=False)

    page.select_option("#id_tertial", "T1")
    page.click("#report-filter button[type=submit]")
    page.wait_for_url("**tertial=T1*")
    assert "2015-01-01 – 2015-04-30" in page.locator("#report-period").inner_text()
    assert page.locator("#stat-share").inner_text() == "–"  # nothing ended in T1

    with page.expect_download() as download_info:
        page.click("text=Ladda ner PDF")
    pdf_path = f"{SHOTS}/reports-browser.pdf"
    download_info.value.save_as(pdf_path)
    with open(pdf_path, "rb") as handle:
        assert handle.read(4) == b"%PDF"
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", pdf_path,
                        f"{SHOTS}/reports-browser-pdf"], check=True)
