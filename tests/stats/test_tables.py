"""The table model: one rounding rule (half up), shares, and how cells are shown."""

import pytest

from stats.tables import Cell, count, display, half_up, pct, per, share


@pytest.mark.parametrize("value,places,expected", [(0.25, 1, 0.3), (7.25, 1, 7.3), (6.25, 1, 6.3), (12.5, 0, 13),
                                                   (2.5, 0, 3), (0.35, 1, 0.4), (-0.25, 1, -0.3)])
def test_half_up_rounds_halves_away_from_zero_where_round_goes_to_even(value, places, expected):
    assert half_up(value, places) == expected


def test_share_is_a_percentage_rounded_half_up_and_none_without_a_whole_or_a_part():
    assert share(1, 16) == 6.3  # 6.25: round() gives 6.2
    assert share(29, 400) == 7.3  # 7.25
    assert share(1, 8, places=0) == 13.0  # 12.5
    assert share(3, 0) is None and share(None, 10) is None and share(2, None) is None


def test_a_percentage_cell_counts_a_missing_numerator_as_zero_and_shows_a_dash_without_a_denominator():
    assert display(pct(None, 4)) == "0,0 %"
    assert display(pct(1, 0)) == "–"


def test_an_amount_per_count_is_rounded_half_up_to_whole_kronor():
    assert per(5, 2).value == 3 and per(7, 2).value == 4 and per(None, 2).value is None


def test_a_hidden_cell_shows_its_mark_instead_of_its_value():
    cell = count(1234)
    assert display(cell) == "1\u00a0234"
    cell.mark = "×"
    assert display(cell) == "×" and cell.hidden
    assert display(Cell(None, "money")) == "–" and display(Cell(None)) == ""
