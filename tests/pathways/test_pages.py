import io
import re

import pytest
from openpyxl import load_workbook

from stats.disclosure import Release, protect_tables
from stats.tables import Cell, Table, display

PAGES = ["/reports/pathways/", "/reports/gaps/", "/reports/cycling/", "/reports/steps/", "/reports/effects/",
         "/reports/coverage/", "/reports/implementation/"]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("role", ["administrator", "kansli", "insatsansvarig", "deltagaransvarig", "styrelse"])
def test_every_role_with_figures_can_open_the_aggregated_pages(client, users, world, url, role):
    client.force_login(users[role])
    assert client.get(url, {"year": 2015, "period": "2015"}).status_code == 200


@pytest.mark.parametrize("url", PAGES + ["/reports/pathways/persons/", "/reports/gaps/worklist/"])
def test_outsiders_see_nothing(client, users, world, url):
    client.force_login(users["outsider"])
    assert client.get(url).status_code == 403


def test_anonymous_users_are_sent_to_login(client, world):
    response = client.get("/reports/pathways/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_board_sees_small_counts_as_below_five(client, users, world):
    client.force_login(users["styrelse"])
    html = client.get("/reports/gaps/", {"year": 2015, "period": "2015"}).content.decode()
    assert "&lt;5" in html
    table = {t["key"]: t for t in client.get("/reports/gaps/", {"year": 2015, "period": "2015"}).context["tables"]}
    a_row = next(r for r in table["gaps_by_intervention"]["rows"] if r[0]["text"] == "Aktivitetscenter")
    # 7 and the footer's 10 and 5 hidden too: with them the attacker's sums narrow the <5 cells
    # of the "Avslutade" and "Ingen ny insats" columns (stats.auditor).
    assert [c["text"] for c in a_row[1:8]] == ["×", "0", "<5", "<5", "0", "<5", "<5"]
    assert a_row[8]["text"] == "–"  # 2 of 7 within 30 days would give the count away
    assert table["gaps_by_intervention"]["footer"][0][1]["text"] == "×"


def test_staff_see_exact_small_counts(client, users, world):
    client.force_login(users["deltagaransvarig"])
    table = {t["key"]: t for t in client.get("/reports/gaps/", {"year": 2015, "period": "2015"}).context["tables"]}
    a_row = table["gaps_by_intervention"]["rows"][0]
    assert [c["text"] for c in a_row] == ["Aktivitetscenter", "7", "0", "2", "1", "0", "1", "3", "28,6 %"]


def test_staff_see_other_interventions_as_one_other_column(client, users, world):
    client.force_login(users["deltagaransvarig"])
    tables = client.get("/reports/pathways/", {"year": 2015, "period": "2015"}).context["tables"]
    flows = {t["key"]: t for t in tables}["flows"]
    assert [c["label"] for c in flows["columns"]] == [
        "Från ↓ / till →", "Aktivitetscenter", "Annan insats", "Ingen ny insats", "Summa"]
    assert [c["text"] for c in flows["rows"][0]] == ["Aktivitetscenter", "1", "3", "3", "7"]
    assert "PTSD-center" not in client.get("/reports/pathways/", {"year": 2015, "period": "2015"}).content.decode()


def test_pathways_page_draws_the_flow_diagram_without_inline_script_or_style(client, users, world):
    client.force_login(users["kansli"])
    html = client.get("/reports/pathways/", {"year": 2015, "period": "2015"}).content.decode()
    assert "<svg" in html and "<path" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and 'style="' not in html


def test_board_diagram_leaves_out_small_flows(client, users, world):
    client.force_login(users["styrelse"])
    response = client.get("/reports/pathways/", {"year": 2015, "period": "2015"})
    assert response.context["diagram"] is None  # every flow in the small world is under 5


def test_board_gets_no_person_level_pathways(client, users, world):
    client.force_login(users["styrelse"])
    assert client.get("/reports/pathways/persons/").status_code == 403
    html = client.get("/reports/pathways/", {"year": 2015, "period": "2015"}).content.decode()
    assert "/reports/pathways/persons/" not in html


def test_person_pathways_show_each_spell_and_gap_masked(client, users, world):
    client.force_login(users["deltagaransvarig"])
    response = client.get("/reports/pathways/persons/", {"year": 2015, "period": "2015"})
    rows = {row["person"].pk: row for row in response.context["rows"]}
    p4 = rows[world["people"][4].pk]
    assert [(s["name"], s["gap"]) for s in p4["steps"]] == [("Aktivitetscenter", None), ("Aktivitetscenter", 215)]
    assert world["people"][6].pk in rows
    assert [s["spell"].pk for s in rows[world["people"][6].pk]["steps"]] == [
        world["spells"]["p6a"].pk]  # no FELREGISTRERING, nothing of B
    assert world["people"][10].pk not in rows  # only in B, in 2014


def test_a_bad_period_shows_a_message_and_the_default(client, users, world):
    client.force_login(users["kansli"])
    response = client.get("/reports/gaps/", {"from": "2015-13-01", "to": "2015-01-01"})
    assert response.status_code == 200
    assert "errorbox" in response.content.decode()
    response = client.get("/reports/gaps/", {"from": "2015-06-01", "to": "2015-01-01"})
    assert "Till-datum får inte vara före från-datum" in response.content.decode()


def test_free_dates_select_the_period(client, users, world):
    client.force_login(users["kansli"])
    response = client.get("/reports/gaps/", {"from": "2015-03-01", "to": "2015-04-30"})
    footer = {t["key"]: t for t in response.context["tables"]}["gaps_by_intervention"]["footer"][0]
    assert footer[1]["text"] == "4"  # P1 A, P7 A2, P8 A (31 March) and P4 A (30 April)


def test_xlsx_download_applies_the_same_suppression(client, users, world):
    client.force_login(users["styrelse"])
    response = client.get("/reports/gaps/", {"year": 2015, "period": "2015", "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=5, values_only=True) if r[0]}
    assert rows["Aktivitetscenter"][1:8] == ("×", 0, "<5", "<5", 0, "<5", "<5")
    assert rows["Alla valda insatser"][1] == "×"


def test_xlsx_download_for_staff_has_the_numbers(client, users, world):
    client.force_login(users["kansli"])
    response = client.get("/reports/cycling/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content))["Rundgång totalt"]
    values = {r[0]: r[1] for r in sheet.iter_rows(min_row=5, values_only=True) if r[0]}
    assert values["Med minst två deltaganden"] == 7


@pytest.mark.parametrize("url", PAGES)
def test_pdf_download_of_every_page(client, users, world, url):
    client.force_login(users["styrelse"])
    response = client.get(url, {"year": 2015, "period": "2015", "format": "pdf"})
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_every_download_is_logged_with_its_period_interventions_and_suppression(client, users, world):
    from audit.models import AccessEvent

    client.force_login(users["styrelse"])
    for fmt in ("xlsx", "pdf"):
        client.get("/reports/gaps/", {"year": 2015, "period": "2015", "format": fmt})
    events = AccessEvent.objects.filter(action="EXPORT").order_by("pk")
    assert [e.target for e in events] == ["Glapp mellan insatser (XLSX)", "Glapp mellan insatser (PDF)"]
    assert events[0].details == {"period": "2015-01-01 – 2015-12-31", "interventions": "alla", "suppressed_below": 5}
    client.get("/reports/gaps/", {"year": 2015, "period": "2015"})
    assert AccessEvent.objects.filter(action="EXPORT").count() == 2  # the page itself is no download


def shown_text(cell: Cell, below: int | None) -> str:
    table = Table("t", "T", ["Värde"], rows=[[cell]])
    return display(protect_tables([table], Release(below))[0].rows[0][0])


def test_display_of_cells():
    assert shown_text(Cell(3, "count"), 5) == "<5"
    assert shown_text(Cell(0, "count"), 5) == "0"
    assert shown_text(Cell(12345, "count"), None) == "12\u00a0345"
    assert shown_text(Cell(28.6, "pct", depends=(2, 7)), 5) == "–"
    assert shown_text(Cell(28.6, "pct", depends=(2, 7)), None) == "28,6 %"


def test_person_pathways_show_staff_no_spell_outside_their_interventions(client, users, world):
    """As on the person page: dates and end reasons of spells in interventions the user is not
    assigned to are not shown, not even as 'Annan insats'."""
    client.force_login(users["deltagaransvarig"])
    response = client.get("/reports/pathways/persons/", {"year": 2015, "period": "2015"})
    shown = {step["spell"].pk for row in response.context["rows"] for step in row["steps"]}
    outside = {spell.pk for spell in world["spells"].values() if spell.intervention_id != world["A"].pk}
    assert shown and not shown & outside
    body = response.content.decode()
    assert "2015-04-10" not in body and "Annan insats" not in body  # P1's spell in B
    client.force_login(users["kansli"])
    response = client.get("/reports/pathways/persons/", {"year": 2015, "period": "2015"})
    assert world["spells"]["p1b"].pk in {s["spell"].pk for row in response.context["rows"] for s in row["steps"]}
