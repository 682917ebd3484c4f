"""Disclosure control: one entry point, one representation of hidden counts."""

import datetime

from stats.disclosure import DERIVED, PROTECTED, Figures, Release, protect, protect_tables
from stats.tables import Table, count, pct, text

RELEASE = Release(5, (datetime.date(2015, 1, 1), datetime.date(2015, 12, 31)), ("PTSD",))


def test_a_small_count_is_marked_small_and_the_count_that_would_give_it_back_is_marked_protecting():
    figures = Figures()
    for key, value in {"a": 3, "b": 9, "c": 7, "total": 19}.items():
        figures.count(key, value)
    figures.line(["a", "b", "c"], "total")
    protection = protect(figures, RELEASE)
    assert protection.small == {"a"} and protection.protecting == {"c"}
    assert [protection.mark(key) for key in ("a", "b", "c", "total")] == ["<5", None, PROTECTED, None]


def test_a_quantity_published_in_several_places_is_hidden_in_all_of_them():
    figures = Figures()
    figures.count(("counts", "M"), 3)
    figures.count(("age", "M"), 3)
    figures.count(("age", "K"), 20)
    figures.count(("age", "total"), 23)
    figures.link(("counts", "M"), ("age", "M"))
    figures.line([("age", "K"), ("age", "M")], ("age", "total"))
    protection = protect(figures, RELEASE)
    assert protection.small == {("counts", "M"), ("age", "M")}
    assert protection.protecting == {("age", "K")}


def test_without_a_limit_nothing_is_hidden():
    figures = Figures()
    figures.count("a", 1)
    assert not protect(figures, Release(None)).hides("a")


def test_tables_published_together_are_marked_in_place_with_derived_figures_hidden_too():
    first = Table("t1", "T1", ["Insats", "Summa", "a", "b", "Andel"])
    first.rows.append([text("A"), count(12), count(3), count(9), pct(3, 12)])
    first.row_sums([2, 3], 1)
    second = Table("t2", "T2", ["Insats", "Antal"], rows=[[text("B"), count(40)]])
    protect_tables([first, second], RELEASE)
    assert [cell.mark for cell in first.rows[0]] == [None, None, "<5", PROTECTED, DERIVED]
    assert second.rows[0][1].mark is None
    assert first.hidden_positions() == {(0, 2), (0, 3)}
