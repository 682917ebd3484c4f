"""python manage.py sus_report: formats, files and one clear line for bad input."""

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from .conftest import D, spell

pytestmark = pytest.mark.django_db

ARGS = ["--from", "2015-01-01", "--to", "2015-12-31"]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def some_data(aktivitetscenter, ptsd):
    spell(aktivitetscenter, D(2015, 2, 1), D(2015, 8, 1), sysselsattning_efter="ARBETE")
    spell(ptsd, D(2015, 3, 1), female=False)


def fail(*args) -> str:
    with pytest.raises(CommandError) as error:
        call_command("sus_report", *args)
    message = str(error.value)
    assert len(message.splitlines()) == 1
    return message


@pytest.mark.parametrize("args,message", [
    (["--from", "2015-02-30", "--to", "2015-12-31"], "--from: ogiltigt datum '2015-02-30'"),
    (["--from", "2015-01-01", "--to", "31/12/2015"], "--to: ogiltigt datum '31/12/2015'"),
    (["--from", "2015-12-31", "--to", "2015-01-01"], "--from (2015-12-31) ligger efter --to (2015-01-01)"),
    ([*ARGS, "--intervention", "NOPE", "--intervention", "PTSD"], "Okänd insatskod: NOPE"),
    ([*ARGS, "--format", "xlsx"], "--format xlsx kräver --output FIL"),
    ([*ARGS, "--format", "pdf"], "--format pdf kräver --output FIL"),
    ([*ARGS, "--suppress-below", "0"], "--suppress-below måste vara ett positivt heltal"),
])
def test_it_refuses_bad_input_with_one_clear_line(some_data, args, message):
    assert message in fail(*args)


def test_from_the_command_line_bad_input_exits_1_with_one_line():
    result = subprocess.run(
        [sys.executable, "manage.py", "sus_report", "--from", "2015-02-30", "--to", "2015-12-31"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip().splitlines() == ["CommandError: --from: ogiltigt datum '2015-02-30', ange ÅÅÅÅ-MM-DD."]


def test_it_prints_readable_text_tables_by_default(some_data, capsys):
    call_command("sus_report", *ARGS)
    out = capsys.readouterr().out
    assert "Period: 2015-01-01 – 2015-12-31" in out
    assert "Utbildning (aktiva under perioden)" in out


def test_it_selects_repeated_interventions(some_data, capsys):
    call_command("sus_report", *ARGS, "--format", "json", "--intervention", "PTSD", "--intervention",
                 "AKTIVITETSCENTER")
    assert '"interventions": [\n    "AKTIVITETSCENTER",\n    "PTSD"\n  ]' in capsys.readouterr().out


def test_it_writes_one_tidy_csv_that_pandas_reads_with_default_options(some_data, tmp_path):
    import pandas

    target = tmp_path / "sus.csv"
    call_command("sus_report", *ARGS, "--format", "csv", "--output", str(target))
    assert target.read_text(encoding="utf-8").startswith("table,row,row_label,column,value\n")
    frame = pandas.read_csv(target)
    assert list(frame.columns) == ["table", "row", "row_label", "column", "value"]
    figures = {(t, r, c): v for t, r, c, v in frame[["table", "row", "column", "value"]].itertuples(index=False)}
    assert figures[("education", "GYMNASIUM", "total")] == 2
    assert figures[("counts", "individual", "K")] == 1 and figures[("counts", "all", "total")] == 2
    assert figures[("support_flow", "FORSORJNINGSSTOD", "total")] == 1
    assert figures[("outcome", "share_work_or_studies", "total")] == 100.0
    assert figures[("per_intervention", "PTSD", "active_M")] == 1
    assert set(frame["table"]) >= {"counts", "age", "education", "support_flow", "occupation_by_education",
                                   "outcome", "per_intervention"}
    assert frame.groupby(["table", "row", "column"]).size().max() == 1  # one line per figure


def test_it_writes_xlsx_with_one_sheet_per_table_and_percentages(some_data, tmp_path):
    target = tmp_path / "sus.xlsx"
    call_command("sus_report", *ARGS, "--format", "xlsx", "--output", str(target))
    workbook = openpyxl.load_workbook(target)
    assert len(workbook.sheetnames) == 14  # overview, twelve tables, trend
    sheet = workbook["Utbildning"]
    assert [cell.value for cell in sheet[4]][:7] == ["Utbildning", "Kvinnor", "Män", "Totalt", "Kvinnor %",
                                                     "Män %", "Totalt %"]
    gymnasium = [cell.value for cell in sheet[6]]
    assert gymnasium[:4] == ["Gymnasium", 1, 1, 2]
    assert gymnasium[4:7] == [1.0, 1.0, 1.0]
    assert sheet.cell(row=6, column=5).number_format == "0.0%"


def test_the_xlsx_has_native_charts_for_the_by_kon_tables_and_the_trend(some_data, tmp_path):
    import pandas

    target = tmp_path / "sus.xlsx"
    call_command("sus_report", *ARGS, "--format", "xlsx", "--output", str(target))
    workbook = openpyxl.load_workbook(target)
    charted = [name for name in workbook.sheetnames if workbook[name]._charts]
    assert charted == ["Ålder", "Utbildning", "Tid i offentlig försörjning", "Försörjning före", "Avslutsanledning",
                       "Sysselsättning efter", "Försörjning efter", "Tid i insats", "Trend"]
    chart = workbook["Utbildning"]._charts[0]
    assert [series.tx.strRef.f for series in chart.series] == ["'Utbildning'!B4", "'Utbildning'!C4"]
    assert chart.series[0].val.numRef.f == "'Utbildning'!$B$5:$B$10"  # six codes; the total row (11) left out
    trend = workbook["Trend"]
    assert [cell.value for cell in trend[4]] == ["År", "Malmö", "Sverige"]
    assert trend._charts[0].series[0].cat.numRef.f == f"'Trend'!$A$5:$A${trend.max_row}"
    # pandas reads it; the period is dates, not text
    overview = pandas.read_excel(target, sheet_name="Översikt", header=None)
    assert list(overview.iloc[1, 1:3]) == [pandas.Timestamp("2015-01-01"), pandas.Timestamp("2015-12-31")]


def test_it_writes_a_pdf(some_data, tmp_path):
    target = tmp_path / "sus.pdf"
    call_command("sus_report", *ARGS, "--format", "pdf", "--output", str(target))
    content = target.read_bytes()
    assert content.startswith(b"%PDF") and len(content) > 5000


def test_xlsx_is_a_valid_zip(some_data, tmp_path):
    target = tmp_path / "sus.xlsx"
    call_command("sus_report", *ARGS, "--format", "xlsx", "--output", str(target))
    assert zipfile.ZipFile(io.BytesIO(target.read_bytes())).testzip() is None
