"""The board's start page: key figures from known data, disclosure control on every count, who
gets it, a bounded number of queries, and the print layout."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reports.board import board_overview, focus_tertial
from reports.models import NationalReference
from tertials.models import Status, TertialReport
from tests.factories import AssignmentFactory, InterventionFactory

from .conftest import D, bulk_spells

pytestmark = pytest.mark.django_db
TODAY = D(2026, 6, 15)
NEXT_YEAR = D(2027, 3, 15)  # the board sees published years only: 2026 once its grace (60 days) has passed


def rows(n, start, end=None, *, kon="K", **fields):
    return [{"kon": kon, "startdatum": start, "slutdatum": end, **fields} for _ in range(n)]


@pytest.fixture
def registry(db):
    """Two interventions with årsplatser and goals, spells in 2024–2026, Sverige for 2025."""
    a = InterventionFactory(code="A", name="Arbetsträning", arsplatser=20, mal_andel_arbete_studier=50)
    b = InterventionFactory(code="B", name="Bryggan", arsplatser=10, mal_andel_arbete_studier=20)
    # A, 2026: 6 carried over from 2025 (4 of them ended in 2026: 2 to work), 6 started in 2026 (open).
    bulk_spells(a, rows(2, D(2025, 9, 1), D(2026, 3, 1), sysselsattning_efter="ARBETE"))
    bulk_spells(a, rows(2, D(2025, 9, 1), D(2026, 4, 1), kon="M"))
    bulk_spells(a, rows(2, D(2025, 10, 1)))
    bulk_spells(a, rows(6, D(2026, 2, 1), kon="M"))
    # B, 2026: 5 started, 5 ended, 1 to studies.
    bulk_spells(b, rows(1, D(2026, 1, 10), D(2026, 5, 1), sysselsattning_efter="STUDIER"))
    bulk_spells(b, rows(4, D(2026, 1, 10), D(2026, 5, 1), kon="M"))
    # Earlier years: 2024 10 ended (3 to work), 2025 10 ended (5 to work).
    bulk_spells(a, rows(3, D(2024, 1, 1), D(2024, 6, 1), sysselsattning_efter="ARBETE"))
    bulk_spells(a, rows(7, D(2024, 1, 1), D(2024, 6, 1), kon="M"))
    bulk_spells(b, rows(5, D(2025, 1, 1), D(2025, 6, 1), sysselsattning_efter="ARBETE_SUBV"))
    bulk_spells(b, rows(5, D(2025, 1, 1), D(2025, 6, 1), kon="M"))
    NationalReference.objects.create(year=2025, share_work_or_studies=33)
    TertialReport.objects.create(intervention=a, year=2026, tertial=1, status=Status.GODKAND)
    TertialReport.objects.create(intervention=b, year=2026, tertial=1, status=Status.ATERSKICKAD)
    return a, b


def tiles(overview):
    return {tile.key: tile for tile in overview["tiles"]}


def test_the_tiles_show_the_year_so_far_from_known_data(registry):
    overview = board_overview(TODAY, None)
    assert overview["period"] == (D(2026, 1, 1), TODAY)
    shown = tiles(overview)
    assert len(shown) in range(4, 7)
    # 12 in A and 5 in B; 30 places, 17 active in them.
    assert shown["participants"].value == "17"
    assert shown["participants"].details == ["deltaganden, 17 olika personer",
                                             "17 av 30 årsplatser (57\u00a0%) i de 2 insatser som har årsplatser"]
    assert shown["flow"].value == "11 / 9"  # started 6 + 5; ended 4 + 5
    # 3 of 9 ended to work or studies; Sverige 2025; A 2/4 = 50 % meets 50, B 1/5 = 20 % meets 20.
    assert shown["work_studies"].value == "33,3\u00a0%"
    assert shown["work_studies"].details == ["av 9 avslutade deltaganden", "Sverige 2025: 33,0\u00a0%",
                                             "2 av 2 insatser når sitt mål"]
    # 2024 30 %, 2025 50 %, 2026 33.3 %.
    assert [(row["year"], row["local"]) for row in overview["trend"]][-3:] == [
        (2024, 30.0), (2025, 50.0), (2026, 33.3)]
    assert shown["trend"].label == "Utveckling 2024–2026"
    assert shown["trend"].value == "+3,3 p.e."
    # T1 has ended on 15 June: A approved, B returned.
    assert focus_tertial(TODAY) == 1
    assert shown["tertials"].label == "Tertialrapporter T1 2026"
    assert shown["tertials"].value == "1 av 2"
    assert shown["tertials"].details == ["godkända", "1 återskickade", "1 försenade (senast 2026-05-15)"]
    assert shown["tertials"].tone == "warn"


def test_the_places_chart_and_its_table_agree(registry):
    overview = board_overview(TODAY, None)
    assert [(item["code"], item["active"].value, item["places"], item["share"]) for item in overview["places"]] == [
        ("A", 12, 20, 60.0), ("B", 5, 10, 50.0)]
    chart = str(overview["places_chart"])
    assert 'role="img"' in chart and "<title>" in chart
    assert "12 av 20" in chart and "5 av 10" in chart


def test_the_latest_ended_tertial_is_in_focus():
    assert focus_tertial(D(2026, 3, 1)) == 1
    assert focus_tertial(D(2026, 5, 1)) == 1
    assert focus_tertial(D(2026, 9, 1)) == 2
    assert focus_tertial(D(2027, 1, 1)) == 1


@pytest.fixture
def small(registry):
    """C: three participants this year, a count the board must never see."""
    c = InterventionFactory(code="C", name="Cirkeln", arsplatser=8)
    bulk_spells(c, rows(3, D(2026, 2, 1)))
    return c


def test_the_board_sees_no_small_count_and_no_share_built_on_one(small):
    overview = board_overview(TODAY, 5)
    by_code = {row["item"]["code"]: row for row in overview["rows"]}
    assert by_code["C"]["active"].mark == "<5"
    # The line of interventions adds up to the total: the next smallest (B, 5) protects C, and
    # the auditor hides as many more as it takes that no total pins C.
    assert by_code["B"]["active"].mark == "×"
    assert by_code["A"]["active"].mark == "×" or by_code["A"]["active"].value == 12
    places = {item["code"]: item for item in overview["places"]}
    assert places["C"]["share"] is None and places["B"]["share"] is None
    assert tiles(overview)["participants"].details[1] == "38 årsplatser; andelen kan inte visas (dolda antal)"
    chart = str(overview["places_chart"])
    assert "&lt;5 av 8" in chart and "× av 10" in chart and " 3 av 8" not in chart


def visible_counts(html: str) -> list[str]:
    """Every figure in a tile, a count column of a table or a chart label (the tertial tile counts
    reports, not people)."""
    html = re.sub(r'<li class="tile[^"]*" id="tile-tertials">.*?</li>', "", html, flags=re.S)
    texts = re.findall(r'<p class="tile-value">(.*?)</p>', html)
    texts += re.findall(r'<td class="num">(.*?)</td>', html)
    texts += re.findall(r'<text [^>]*>(.*?)</text>', html)
    return texts


def test_no_count_from_1_to_4_reaches_the_board_page(small, client, users, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: NEXT_YEAR)
    client.force_login(users["styrelse"])
    html = client.get("/").content.decode()
    figures = visible_counts(html)
    assert "&lt;5" in figures and "×" in figures
    for text in figures:
        if "%" in text or "p.e." in text:
            continue  # shares and points, not counts
        for number in re.findall(r"(?<![\d<;,])\d+(?![\d,])", text):
            assert not 1 <= int(number) <= 4 or re.fullmatch(r"20\d\d", number), (text, html)
    assert "Antal under 5 visas som &lt;5" in html


def test_the_board_page_hides_what_the_sus_page_hides_for_the_same_period(small, client, users, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: NEXT_YEAR)
    client.force_login(users["styrelse"])
    board = client.get("/").context
    assert board["period"] == (D(2026, 1, 1), D(2026, 12, 31))
    sus = client.get("/reports/sus/", {"period": "2026"}).context
    marks = {row["item"]["code"]: (row["active"].mark, row["ended"].mark) for row in sus["per_intervention"]}
    assert {row["item"]["code"]: (row["active"].mark, row["ended"].mark) for row in board["rows"]} == marks
    assert board["data"]["outcome"] == sus["data"]["outcome"]


def test_the_board_sees_the_latest_ended_year_not_the_running_one(registry, client, users, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)
    client.force_login(users["styrelse"])
    context = client.get("/").context
    assert context["period"] == (D(2025, 1, 1), D(2025, 12, 31))
    assert "Siffrorna är skyddade" in context["board_note"]


@pytest.mark.parametrize("role", ["administrator", "kansli", "insatsansvarig", "deltagaransvarig"])
def test_other_roles_keep_their_start_page(registry, client, users, role):
    client.force_login(users[role])
    response = client.get("/")
    assert [t.name for t in response.templates][0] == "accounts/home.html"


def test_the_board_gets_the_dashboard(registry, client, users):
    client.force_login(users["styrelse"])
    response = client.get("/")
    assert [t.name for t in response.templates][0] == "reports/board.html"
    html = response.content.decode()
    assert 'id="tiles"' in html and 'id="board-tertials"' in html
    assert "Visa som tabell" in html  # tables on demand, behind the charts
    assert html.index('class="chart"') < html.index("Visa som tabell")


def test_a_board_member_who_also_registers_keeps_the_staff_start_page(registry, client, users, role_groups):
    member = users["styrelse"]
    member.groups.add(role_groups["deltagaransvarig"])
    AssignmentFactory(user=member, intervention=registry[0])
    client.force_login(member)
    assert [t.name for t in client.get("/").templates][0] == "accounts/home.html"


def count_queries(client, user) -> int:
    client.force_login(user)
    client.get("/")  # warm the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_the_dashboard_runs_a_fixed_number_of_queries(registry, client, users, django_assert_max_num_queries):
    client.force_login(users["styrelse"])
    client.get("/")
    # Session, user and roles (5), the summary (4), the trend (2), the tertial grid (2), the
    # interventions (1); the registry's span for the board's release, its latest ended year (1);
    # the session's idle-timeout update (3); on PostgreSQL the summary's tuning statement in a
    # savepoint (3).
    with django_assert_max_num_queries(20):
        client.get("/")
    few = count_queries(client, users["styrelse"])
    for index in range(8):
        intervention = InterventionFactory(code=f"X{index}", arsplatser=5)
        bulk_spells(intervention, rows(6, D(2020, 1, 1)))
        TertialReport.objects.create(intervention=intervention, year=timezone.localdate().year, tertial=1)
    assert count_queries(client, users["styrelse"]) == few


def test_the_page_has_a_print_layout_for_one_a4_page(registry, client, users):
    client.force_login(users["styrelse"])
    html = client.get("/").content.decode()
    assert "css/board.css" in html and 'id="print-board"' in html
    css = (Path(settings.BASE_DIR) / "static/css/board.css").read_text()
    print_css = css[css.index("@media print"):]
    assert "size: A4" in print_css and ".on-demand { display: none; }" in print_css


def test_the_year_so_far_follows_today(registry):
    overview = board_overview(D(2026, 1, 31), None)
    assert overview["period"] == (D(2026, 1, 1), D(2026, 1, 31))
    assert tiles(overview)["participants"].value == "11"  # A's 6 carried over, B's 5; not A's 6 from February


# --- the SUS page for the board: matrices that would be mostly hidden are folded away --------

def sus_sections(client, user, year):
    client.force_login(user)
    html = client.get("/reports/sus/", {"year": year}).content.decode()
    return {key: html.split(f'id="table-{key}"')[1].split("</section>")[0]
            for key in ("support_flow", "occupation_by_education", "age")}


def test_the_board_gets_mostly_hidden_matrices_folded_and_told_why(client, users, intervention):
    # 12 ended: 9 from försörjningsstöd to försörjningsstöd (shown), 3 scattered (each <5).
    bulk_spells(intervention, rows(9, D(2025, 1, 1), D(2025, 6, 1)))
    for code in ("SJUKPENNING", "LON", "STUDIEMEDEL"):
        bulk_spells(intervention, rows(1, D(2025, 1, 1), D(2025, 6, 1), forsorjning_fore=code,
                                       utbildning="HOGSKOLA"))
    board = sus_sections(client, users["styrelse"], 2025)
    # support_flow: 4 cells with people, 3 of them hidden (<5): folded, closed.
    assert '<details class="folded-matrix">' in board["support_flow"]
    assert re.search(r"[34] av 4 rutor med deltagare är dolda", board["support_flow"])
    assert "<details class=\"folded-matrix\" open" not in board["support_flow"]
    assert "folded-matrix" not in board["age"]  # only the matrices
    kansli = sus_sections(client, users["kansli"], 2025)
    assert all("folded-matrix" not in section for section in kansli.values())


def test_a_matrix_the_board_can_read_stays_open(client, users, intervention):
    bulk_spells(intervention, rows(20, D(2025, 1, 1), D(2025, 6, 1)))
    board = sus_sections(client, users["styrelse"], 2025)
    assert "folded-matrix" not in board["support_flow"] and "heat-" in board["support_flow"]


def test_the_tertial_tile_before_the_deadline_and_with_nothing_running(registry):
    TertialReport.objects.all().delete()
    tile = tiles(board_overview(D(2026, 3, 1), None))["tertials"]
    assert (tile.value, tile.details) == ("0 av 2", ["godkända", "2 inte inskickade (senast 2026-05-15)"])
    assert tile.tone == "ok"
    tile = tiles(board_overview(D(2031, 6, 1), 5))["tertials"]  # still running
    assert tile.value == "0 av 2"
    type(registry[0]).objects.update(slutdatum=D(2030, 12, 31))
    tile = tiles(board_overview(D(2031, 6, 1), 5))["tertials"]
    assert (tile.value, tile.details) == ("–", ["Ingen insats pågick under tertialen"])
