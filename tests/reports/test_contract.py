"""The JSON contract of reports.md: keys, order, every code row, every matrix cell."""

import json

import pytest
from django.core.management import call_command

from participants.codes import Forsorjning, Sysselsattning, TidOffentligForsorjning, Utbildning
from reports.summary import sus_summary

from .conftest import YEAR_2015, D, spell

pytestmark = pytest.mark.django_db

TOP_KEYS = ["period", "interventions", "counts", "age", "education", "time_in_support", "support_before",
            "end_reason", "occupation_after", "support_after", "time_in_intervention", "support_flow",
            "occupation_by_support_before", "occupation_by_time_in_support", "occupation_by_education",
            "outcome", "per_intervention"]


@pytest.fixture
def data(aktivitetscenter, ptsd):
    spell(aktivitetscenter, D(2015, 2, 1), D(2015, 8, 1), sysselsattning_efter="ARBETE")
    return sus_summary(*YEAR_2015)


def test_it_has_exactly_the_contract_keys_in_order(data):
    assert list(data) == TOP_KEYS
    assert data["period"] == {"from": "2015-01-01", "to": "2015-12-31"}
    assert data["interventions"] == ["AKTIVITETSCENTER", "PTSD"]
    assert list(data["counts"]) == ["individual", "persons", "anonymous", "volume", "all"]
    assert list(data["counts"]["volume"]) == ["total", "K", "M"]
    assert list(data["outcome"]) == ["ended", "work", "studies", "work_or_studies", "share_work_or_studies"]
    assert list(data["per_intervention"][0]) == ["code", "name", "active", "started", "ended", "work_or_studies",
                                                 "share_work_or_studies", "goal_share"]


@pytest.mark.parametrize("key,codes", [
    ("age", ["AGE_0_29", "AGE_30_44", "AGE_45_59", "AGE_60_PLUS"]),
    ("education", Utbildning.values),
    ("time_in_support", TidOffentligForsorjning.values),
    ("support_before", Forsorjning.values),
    ("end_reason", ["ARBETSMARKNAD", "FORTSATT_REHAB", "OHALSA", "FLYTT", "AVBROTT", "ANNAT"]),
    ("occupation_after", Sysselsattning.values),
    ("support_after", Forsorjning.values),
    ("time_in_intervention", ["UNDER_3", "M3_6", "M6_12", "M12_18", "M18_24", "M24_PLUS"]),
])
def test_every_by_kon_table_has_every_code_in_code_list_order_with_zeros(data, key, codes):
    table = data[key]
    assert [row["code"] for row in table["rows"]] == list(codes)
    assert all(list(row) == ["code", "label", "K", "M", "total"] for row in table["rows"])
    assert list(table["total"]) == ["K", "M", "total"]
    assert all(row["total"] == row["K"] + row["M"] for row in table["rows"])


@pytest.mark.parametrize("key,rows,cols", [
    ("support_flow", Forsorjning.values, Forsorjning.values),
    ("occupation_by_support_before", Forsorjning.values, Sysselsattning.values),
    ("occupation_by_time_in_support", TidOffentligForsorjning.values, Sysselsattning.values),
    ("occupation_by_education", Utbildning.values, Sysselsattning.values),
])
def test_every_matrix_has_every_cell(data, key, rows, cols):
    matrix = data[key]
    assert list(matrix) == ["rows", "cols", "cells", "row_totals", "col_totals", "total"]
    assert matrix["rows"] == list(rows) and matrix["cols"] == list(cols)
    assert all(list(matrix["cells"][row]) == list(cols) for row in rows)
    assert matrix["total"] == 1


def test_the_json_is_deterministic_and_has_no_timestamps(data, capsys):
    call_command("sus_report", "--from", "2015-01-01", "--to", "2015-12-31", "--format", "json")
    first = capsys.readouterr().out
    call_command("sus_report", "--from", "2015-01-01", "--to", "2015-12-31", "--format", "json")
    assert capsys.readouterr().out == first
    assert json.loads(first) == data


def test_an_empty_selection_of_interventions_counts_nothing(data):
    empty = sus_summary(*YEAR_2015, [])
    assert empty["interventions"] == [] and empty["per_intervention"] == []
    assert empty["counts"]["individual"]["total"] == 0
    assert empty["outcome"]["share_work_or_studies"] is None
