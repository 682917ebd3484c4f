"""The pathways and gaps pages in a real Chromium, with the site's CSP in force."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def collect_console(page):
    messages = []
    page.on("console", lambda message: messages.append(message.text) if message.type == "error" else None)
    return messages


def test_kansli_follows_pathways_to_gaps_and_the_worklist(page, login, live_server, users, world):
    errors = collect_console(page)
    login("kansli_user")
    page.click("text=Vägar och glapp")
    page.wait_for_url("**/reports/pathways/")
    page.goto(f"{live_server.url}/reports/pathways/?year=2015")
    assert page.inner_text("h1") == "Vägar mellan insatser"
    assert page.locator("svg.pw-sankey path").count() == 7  # one band per from → to pair
    assert "Ingen ny insats (5)" in page.locator("svg.pw-sankey").text_content()
    flows = page.locator("#flows tbody tr").first.inner_text()
    assert flows.split("\t")[0] == "Aktivitetscenter"

    page.click("nav.pw-tabs >> text=Glapp")
    page.wait_for_url("**/reports/gaps/?year=2015*")
    footer = page.locator("#gaps_by_intervention tfoot td").all_inner_texts()
    assert footer[:8] == ["Alla valda insatser", "10", "1", "2", "1", "0", "1", "5"]

    page.click("nav.pw-tabs >> text=Arbetslista")
    assert page.locator("main table.data tbody tr").count() == 3
    assert not [e for e in errors if "Content Security Policy" in e]


def test_board_sees_suppressed_gaps_and_no_person_level_pages(page, login, live_server, users, world):
    errors = collect_console(page)
    login("board_user")
    page.goto(f"{live_server.url}/reports/gaps/?year=2015&period=2015")
    tabs = page.inner_text("nav.pw-tabs")
    assert "Arbetslista" not in tabs and "Personers vägar" not in tabs
    row = page.locator("#gaps_by_intervention tbody tr").first.inner_text().split("\t")
    assert row[:3] == ["Aktivitetscenter", "×", "0"] and row[3] == "<5"
    # Fixed periods and every intervention for the board (no free dates, no selection).
    assert page.locator("input[name=intervention]").count() == 0
    assert page.locator("input[name=from]").count() == 0
    page.select_option("select[name=period]", "2015")
    page.click("form.pw-filter button[type=submit]")
    page.wait_for_url("**period=2015*")
    assert "Siffrorna är skyddade" in page.inner_text("main")
    assert not [e for e in errors if "Content Security Policy" in e]
