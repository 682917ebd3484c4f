"""In a real browser: write and submit, return with a comment, edit and resubmit, approve;
the dashboard then shows the cell green."""

import pytest

from tertials.models import Status, TertialReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GREEN = "rgb(229, 244, 234)"  # --ok-bg


def switch_user(page, login, username):
    page.context.clear_cookies()
    login(username)


def test_report_round_trip_until_the_dashboard_cell_is_green(page, login, live_server, users, intervention):
    report_path = f"{live_server.url}/tertial/AKTIVITETSCENTER/2015/1/"

    # The insatsansvarig opens the report from their own list, writes and submits.
    login("lead_user")
    page.goto(f"{live_server.url}/tertial/?ar=2015")
    page.click("td.cell[data-tertial='1'] a")
    page.wait_for_url(report_path)
    page.fill("#id_done", "Gruppverksamhet tre dagar i veckan.")
    page.fill("#id_deviations", "Inga.")
    page.fill("#id_goal_fulfilment", "Vi ligger nära målet.")
    page.fill("#id_plan", "Fler informationsträffar.")
    page.fill("#id_outcome_sek", "1200000")
    page.click("button[name=submit]")
    page.wait_for_selector("text=Rapporten är inskickad")
    assert page.inner_text("#report-status") == "Inskickad"

    # Kansli returns it with a comment.
    switch_user(page, login, "kansli_user")
    page.goto(report_path)
    page.fill("#id_comment", "Beskriv avvikelserna mot plan.")
    page.click("button[value=return]")
    page.wait_for_selector("text=Rapporten är återskickad")
    assert page.inner_text("#report-status") == "Återskickad"

    # The insatsansvarig sees the comment, edits and resubmits.
    switch_user(page, login, "lead_user")
    page.goto(report_path)
    assert "Beskriv avvikelserna mot plan." in page.inner_text("#return-comment")
    page.fill("#id_deviations", "Två färre grupptillfällen i april på grund av sjukdom.")
    page.click("button[name=submit]")
    page.wait_for_selector("text=Rapporten är inskickad")

    # Kansli approves; the history shows every step; the dashboard shows green.
    switch_user(page, login, "kansli_user")
    page.goto(report_path)
    page.click("button[value=approve]")
    page.wait_for_selector("text=Rapporten är godkänd")
    assert page.inner_text("#report-status") == "Godkänd"
    assert page.locator("table.history tbody tr").count() == 4
    assert page.locator("button[name=submit]").count() == 0  # read-only now

    page.goto(f"{live_server.url}/tertial/?ar=2015")
    cell = page.locator("tr:has-text('Aktivitetscenter') td.cell[data-tertial='1']")
    assert cell.get_attribute("data-state") == "GODKAND"
    assert cell.evaluate("element => getComputedStyle(element).backgroundColor") == GREEN
    page.screenshot(path="/tmp/shots/tertials-browser-dashboard.png", full_page=True)

    report = TertialReport.objects.get()
    assert report.status == Status.GODKAND
    assert report.deviations.startswith("Två färre")
    assert [t.to_status for t in report.transitions.all()] == [
        Status.INSKICKAD, Status.ATERSKICKAD, Status.INSKICKAD, Status.GODKAND
    ]
