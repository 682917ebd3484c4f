"""Secondary suppression in the pathways tables: where a table adds up, no hidden small count
can be worked back from a total and the visible cells (the rule of stats.disclosure)."""

import pytest

from pathways import views
from stats.disclosure import PROTECTED as SECONDARY
from stats.disclosure import Release, protect_tables
from stats.tables import Table, count, pct, rendered, text

from .test_pages import PAGES


def row_table(*values, total=None):
    table = Table("t", "T", ["Insats", "Summa", *[f"c{i}" for i in range(len(values))], "Andel"])
    table.rows.append([text("A"), count(sum(values) if total is None else total), *[count(v) for v in values],
                       pct(values[0], sum(values))])
    return table.row_sums(range(2, 2 + len(values)), 1)


def texts(table, below=5):
    shown = rendered(protect_tables([table], Release(below)))[0]
    return [[cell["text"] for cell in row] for row in shown["rows"] + shown["footer"]]


def test_one_small_count_in_a_row_with_its_total_takes_the_smallest_other_count_with_it():
    assert texts(row_table(3, 9, 7, 0)) == [["A", "19", "<5", "9", SECONDARY, "0", "–"]]


def test_two_small_counts_in_a_row_need_nothing_more():
    assert texts(row_table(3, 2, 9)) == [["A", "14", "<5", "<5", "9", "–"]]


def test_a_row_without_small_counts_is_shown_whole_and_staff_see_everything():
    assert texts(row_table(6, 9)) == [["A", "15", "6", "9", "40,0 %"]]
    assert texts(row_table(3, 9), below=None) == [["A", "12", "3", "9", "25,0 %"]]


def test_a_small_total_with_nothing_else_to_hide_hides_the_total_alone():
    # 3 = 3 + 0: the total is small itself; zeros reveal nobody
    assert texts(row_table(3, 0)) == [["A", "<5", "<5", "0", "–"]]


def test_column_sums_spread_the_hiding_over_rows_until_no_line_gives_a_count_back():
    table = Table("t", "T", ["Rad", "K", "M", "Totalt"])
    for label, (k, m) in {"a": (3, 20), "b": (8, 30), "c": (9, 11)}.items():
        table.rows.append([text(label), count(k), count(m), count(k + m)])
    table.footer.append([text("Totalt"), count(20), count(61), count(81)])
    table.row_sums([1, 2], 3).column_sums([1, 2, 3])
    hidden = protect_tables([table], Release(5))[0].hidden_positions()
    for inner, total in table.lines:
        assert sum(position in hidden for position in (*inner, total)) != 1
    assert (0, 1) in hidden and len(hidden) >= 4


@pytest.mark.parametrize("url", PAGES)
def test_no_line_of_any_board_table_has_exactly_one_hidden_count(client, users, world, url, monkeypatch):
    seen = []

    def capture(tables, **options):
        seen.extend(tables)
        return rendered(tables, **options)

    monkeypatch.setattr(views, "rendered", capture)
    client.force_login(users["styrelse"])
    response = client.get(url, {"year": 2015, "period": "2015"})
    assert response.status_code == 200 and response.context["below"] == 5
    for table in seen:
        hidden = table.hidden_positions()
        for inner, total in table.lines:
            assert sum(position in hidden for position in (*inner, total)) != 1, (table.key, inner, total)


def test_a_figure_that_names_its_columns_stays_when_only_other_columns_are_hidden():
    table = Table("t", "T", ["Insats", "Summa", "a", "b", "c", "d", "Andel a+b"])
    table.rows.append([text("A"), count(39), count(20), count(10), count(3), count(6),
                       pct(30, 39).from_columns(1, 2, 3)])
    table.rows.append([text("B"), count(39), count(20), count(3), count(10), count(6),
                       pct(23, 39).from_columns(1, 2, 3)])
    table.row_sums([2, 3, 4, 5], 1)
    rows = texts(table)
    assert rows[0] == ["A", "39", "20", "10", "<5", SECONDARY, "76,9 %"]  # made of visible columns only
    assert rows[1] == ["B", "39", "20", "<5", "10", SECONDARY, "–"]  # 23 − 20 would give the hidden 3 back


def test_the_board_diagram_leaves_out_every_flow_the_table_hides(client, users, world, monkeypatch):
    from pathways import figures

    real = figures.flow_tables

    def bigger(result, scope):
        # Each intervention's first flow made 9, its second 1, the rest dropped: the table hides
        # the 9 beside the 1 as well (×), so the diagram may not draw it either (the row's
        # total − 9 would give the 1 back).
        kept, per_source = [], {}
        for row in result.pairs:
            place = per_source.setdefault(row["source"], 0)
            if place < 2:
                kept.append({**row, "n": 9 if place == 0 else 1})
            per_source[row["source"]] = place + 1
        result.pairs[:] = kept
        return real(result, scope)

    monkeypatch.setattr(figures, "flow_tables", bigger)
    client.force_login(users["styrelse"])
    response = client.get("/reports/pathways/", {"year": 2015, "period": "2015"})
    flows = {t["key"]: t for t in response.context["tables"]}["flows"]
    shown = {(row[0]["text"], column["label"]) for row in flows["rows"]
             for column, cell in zip(flows["columns"][:-1], row[:-1], strict=True) if cell["text"] == "9"}
    hidden_nines = sum(cell["text"] == SECONDARY for row in flows["rows"] for cell in row)
    assert hidden_nines, "the world should give a row with a 9 beside a small flow"
    diagram = response.context["diagram"]
    drawn = {(p["title"].split(" → ")[0], p["title"].split(" → ")[1].rsplit(":", 1)[0]) for p in diagram["paths"]}
    assert drawn == shown
