"""Round trips through a real spreadsheet program: the SUS export opened and saved again by
LibreOffice (headless), one cell edited, imported again — exactly one changed row, and no
mojibake ever accepted. scripts/ensure_libreoffice.sh installs LibreOffice (CI requires it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid

import pytest
from openpyxl import load_workbook

from participants.models import Participant, VolumeRegistration

from .conftest import run_command
from .test_roundtrip import KINDS, export, registry  # noqa: F401 (fixture)

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (scripts/ensure_libreoffice.sh)"),
    pytest.mark.usefixtures("registry"),
]
UTF8, WINDOWS_1252 = 76, 1  # LibreOffice's numbers for the character sets (CSV filter, token 3)
UNCHANGED = {"interventions": 3, "participations": 4, "anonymous": 2, "volume": 2}


def soffice(to: str, files, out_dir, *, charset: int | None = None) -> dict:
    """Convert `files` with LibreOffice into `out_dir`; a profile of its own for each call, so
    parallel test runs never share one. Returns {kind: converted path}."""
    profile = f"/tmp/finsam-lo-{uuid.uuid4().hex}"
    command = [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore"]
    if charset is not None:  # separator, quote, character set, first line
        command.append(f"--infilter=CSV:44,34,{charset},1")
    command += ["--convert-to", to, "--outdir", str(out_dir), *map(str, files)]
    env = {**os.environ, "LANG": "C", "LC_ALL": "C"}  # the "default" character set: not the caller's
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=240, env=env)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    extension = to.split(":")[0]
    converted = {path.stem: path for path in map(lambda f: out_dir / f"{f.stem}.{extension}", files)}
    missing = [str(path) for path in converted.values() if not path.exists()]
    assert not missing, (missing, completed.stdout, completed.stderr)
    return converted


def import_counts(paths: dict) -> dict:
    outcomes = {}
    for kind in KINDS:
        outcome = run_command("import_sus", str(paths[kind]), "--kind", kind)
        outcomes[kind] = outcome.out if outcome.code == 0 else outcome.err_lines
    return outcomes


def all_unchanged(**changed) -> dict:
    return {
        kind: f"created 0, updated {changed.get(kind, 0)}, unchanged {count - changed.get(kind, 0)}"
        for kind, count in UNCHANGED.items()
    }


def edit_one_cell(path) -> None:
    """What a person does: change one spell's education (row 2) and save."""
    workbook = load_workbook(path)
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("utbildning") + 1)
    cell.value = "GRUNDSKOLA" if cell.value != "GRUNDSKOLA" else "HOGSKOLA"
    workbook.save(path)


def exported(tmp_path, fmt: str) -> list:
    export(tmp_path / fmt, "--format", fmt)
    return [tmp_path / fmt / f"{kind}.{fmt}" for kind in KINDS]


def test_xlsx_saved_again_by_libreoffice_imports_with_exactly_the_edited_row_changed(tmp_path):
    saved = soffice("xlsx", exported(tmp_path, "xlsx"), tmp_path / "saved")
    assert import_counts(saved) == all_unchanged()
    edit_one_cell(saved["participations"])
    assert import_counts(saved) == all_unchanged(participations=1)
    assert import_counts(saved) == all_unchanged()  # a second import changes nothing


def test_csv_opened_as_utf8_and_saved_as_xlsx_imports_with_exactly_the_edited_row_changed(tmp_path):
    saved = soffice("xlsx", exported(tmp_path, "csv"), tmp_path / "saved", charset=UTF8)
    edit_one_cell(saved["participations"])
    assert import_counts(saved) == all_unchanged(participations=1)


def mojibake_errors(lines) -> list[str]:
    return [line for line in lines if "har fel teckenkodning" in line]


def test_csv_opened_with_a_windows_character_set_is_refused_naming_the_garbled_cells(tmp_path):
    names_before = sorted(map(str, Participant.objects.values_list("last_name", flat=True)))
    saved = soffice("xlsx", exported(tmp_path, "csv"), tmp_path / "saved", charset=WINDOWS_1252)
    outcomes = import_counts(saved)
    assert outcomes["participations"] == mojibake_errors(outcomes["participations"])
    # Anna Åberg's two spells: each row's efternamn cell is named
    assert {line.split(": ")[1] for line in outcomes["participations"]} == {"efternamn"}
    assert len(outcomes["participations"]) == 2 and all("”Ã…berg”" in line for line in outcomes["participations"])
    assert [line.split(": ")[:2] for line in outcomes["volume"]] == [["row 2", "beskrivning"]]
    assert sorted(map(str, Participant.objects.values_list("last_name", flat=True))) == names_before
    assert not VolumeRegistration.objects.filter(beskrivning__contains="Ã").exists()


def test_csv_opened_with_the_default_character_set_never_imports_mojibake(tmp_path):
    """Whatever LibreOffice's default is here: either the file reads back unchanged or the
    import refuses it with mojibake errors only."""
    saved = soffice("xlsx", exported(tmp_path, "csv"), tmp_path / "saved")
    outcomes = import_counts(saved)
    for kind, outcome in outcomes.items():
        if isinstance(outcome, list):
            assert outcome == mojibake_errors(outcome), kind
        else:
            assert outcome == all_unchanged()[kind]
    assert not Participant.objects.filter(last_name__contains="Ã").exists()


def test_ods_saved_by_libreoffice_imports_with_exactly_the_edited_row_changed(tmp_path):
    files = exported(tmp_path, "xlsx")
    edit_one_cell(files[KINDS.index("participations")])
    saved = soffice("ods", files, tmp_path / "ods")
    assert import_counts(saved) == all_unchanged(participations=1)
    assert import_counts(saved) == all_unchanged()


def test_csv_opened_with_a_windows_character_set_and_saved_as_ods_is_refused(tmp_path):
    saved = soffice("ods", exported(tmp_path, "csv"), tmp_path / "ods", charset=WINDOWS_1252)
    outcomes = import_counts(saved)
    assert {line.split(": ")[1] for line in outcomes["participations"]} == {"efternamn"}
    assert mojibake_errors(outcomes["participations"]) == outcomes["participations"]
