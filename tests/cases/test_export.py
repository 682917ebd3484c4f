"""The export of follow-up outcomes for kansli: one row per spell ended in the period, no notes, no identity."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessEvent
from cases.exports import columns, followup_rows
from tests.cases.conftest import contact


def rows_of(response) -> list[dict]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_one_row_per_ended_spell_with_each_follow_up(caseload):
    end = caseload["postexit_done"].slutdatum
    rows = {row[0]: dict(zip(columns(), row, strict=True))
            for row in followup_rows(end.replace(month=1, day=1), end.replace(month=12, day=31))}
    done = rows[caseload["postexit_done"].pk]
    assert done["slutdatum"] == end.isoformat()
    assert done["uppfoljning_6_nadd"] == "ja" and done["uppfoljning_6_sysselsattning"] == "ARBETE"
    assert done["uppfoljning_12_datum"] is None and done["uppfoljning_12_nadd"] == ""
    assert caseload["error"].pk not in rows  # a registration error counts nowhere


@pytest.mark.parametrize("role,status", [("administrator", 200), ("kansli", 200), ("insatsansvarig", 403),
                                         ("deltagaransvarig", 403), ("styrelse", 403), ("outsider", 403)])
def test_the_export_is_for_the_office_and_holds_no_note_or_identity(client, users, caseload, role, status):
    contact(caseload["postexit_done"], caseload["postexit_done"].slutdatum, note="Hemlig anteckning")
    client.force_login(users[role])
    end = caseload["postexit_done"].slutdatum
    response = client.get(reverse("cases:followup_export"), {"from": f"{end.year - 1}-01-01", "to": end.isoformat()})
    assert response.status_code == status
    if status != 200:
        return
    text = response.content.decode("utf-8-sig")
    assert "Hemlig" not in text
    for spell in caseload.values():
        assert spell.participant.personnummer not in text and spell.participant.masked_personnummer not in text
    assert str(caseload["postexit_done"].pk) in {row["deltagande_id"] for row in rows_of(response)}
    assert AccessEvent.objects.filter(action="EXPORT", target__startswith="Uppföljningar efter avslut").exists()


def test_xlsx_and_a_bad_period(client, users, caseload):
    client.force_login(users["kansli"])
    response = client.get(reverse("cases:followup_export"), {"format": "xlsx", "from": "2025-13-01", "to": "x"})
    assert response.status_code == 200 and response.content.startswith(b"PK")


def test_pandas_reads_the_xlsx_with_dates_as_datetimes(caseload, tmp_path):
    import pandas

    out = tmp_path / "uppf.xlsx"
    today = timezone.localdate()
    call_command("export_followups", "--from", f"{today.year - 2}-01-01", "--to", today.isoformat(), "--out", str(out),
                 "--format", "xlsx")
    frame = pandas.read_excel(out)
    assert list(frame.columns) == columns()
    for name in ("startdatum", "slutdatum", "uppfoljning_6_datum"):
        assert str(frame[name].dtype).startswith("datetime64"), name
    done = caseload["postexit_done"]
    row = frame[frame["deltagande_id"] == done.pk].iloc[0]
    assert row["slutdatum"] == pandas.Timestamp(done.slutdatum) and row["uppfoljning_6_sysselsattning"] == "ARBETE"


def test_the_command_writes_the_file(caseload, tmp_path):
    out = tmp_path / "uppf.csv"
    today = timezone.localdate()
    call_command("export_followups", "--from", f"{today.year - 2}-01-01", "--to", today.isoformat(), "--out", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert str(caseload["postexit_done"].pk) in {row["deltagande_id"] for row in rows}
