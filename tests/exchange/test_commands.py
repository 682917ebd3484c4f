"""import_sus and export_sus at the command boundary: every failure is a CommandError; on the
command line it is the contract's line(s) on stderr, exit status 1, never a traceback."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from participants.models import Participation

from .conftest import participation_file, participation_row, pnr, run_command

ROOT = Path(__file__).resolve().parents[2]


def manage(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("args,line", [
    (["import_sus", "/nonexistent/file.csv", "--kind", "volume"],
     "Filen /nonexistent/file.csv kan inte öppnas: No such file or directory."),
    (["import_sus", "manage.py", "--kind", "people"],
     "Okänd typ ”people” för --kind (tillåtna: interventions, participations, anonymous, volume)."),
    (["export_sus", "--out", "/tmp/unused", "--from", "2016-01-01", "--to", "2016-13-01"],
     "Ogiltigt datum ”2016-13-01” för --to: ange ÅÅÅÅ-MM-DD."),
    (["export_sus", "--out", "/tmp/unused", "--format", "pdf"],
     "Okänt format ”pdf” för --format (tillåtna: csv, xlsx)."),
])
def test_on_the_command_line_bad_input_is_one_swedish_line_and_exit_1(args, line):
    completed = manage(*args)
    assert (completed.returncode, completed.stderr, completed.stdout) == (1, line + "\n", "")


def test_a_caller_of_call_command_gets_the_command_error_itself(db):
    with pytest.raises(CommandError, match="kan inte öppnas") as error:
        call_command("import_sus", "/nonexistent/file.csv", "--kind", "volume")
    assert error.value.returncode == 1


def test_row_errors_are_the_contracts_lines_and_exit_1(tmp_path, intervention):
    path = tmp_path / "file.csv"
    path.write_text(participation_file(participation_row(pnr()), participation_row("12"), participation_row("13")))
    outcome = run_command("import_sus", str(path), "--kind", "participations")
    assert outcome.code == 1 and outcome.out == ""
    assert [line.split(": ")[:2] for line in outcome.err_lines] == [["row 3", "personnummer"],
                                                                     ["row 4", "personnummer"]]
    assert not Participation.objects.exists()


@pytest.mark.parametrize("args", [
    ["--kind", "participations"],
    ["--kind", "participations", "--dry-run"],
])
def test_an_unexpected_failure_is_one_line_and_nothing_is_written(tmp_path, intervention, monkeypatch, args):
    from exchange.management.commands import import_sus

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(import_sus, "import_file", broken)
    path = tmp_path / "file.csv"
    path.write_text(participation_file(participation_row(pnr())))
    outcome = run_command("import_sus", str(path), *args)
    assert (outcome.code, outcome.err_lines) == (
        1, ["Importen avbröts av ett oväntat fel (RuntimeError: disk full); inget sparades."]
    )
    assert not Participation.objects.exists()


def test_unknown_kind_and_format_are_refused_before_anything_is_read(db, tmp_path):
    outcome = run_command("import_sus", "/nonexistent/file.csv", "--kind", "people")
    assert (outcome.code, len(outcome.err_lines)) == (1, 1) and "Okänd typ ”people”" in outcome.err
    outcome = run_command("export_sus", "--out", str(tmp_path / "out"), "--format", "ods")
    assert (outcome.code, len(outcome.err_lines)) == (1, 1) and "Okänt format ”ods”" in outcome.err
    assert not (tmp_path / "out").exists()


def test_a_period_from_after_to_is_refused(db, tmp_path):
    outcome = run_command("export_sus", "--out", str(tmp_path), "--from", "2016-02-01", "--to", "2016-01-01")
    assert (outcome.code, outcome.err_lines) == (1, ["--from måste vara samma dag som eller före --to."])
