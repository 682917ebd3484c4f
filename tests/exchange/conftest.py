"""Helpers for the exchange tests: run the commands as a user would, build files."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

import pytest
from django.core.management import CommandError, call_command

from tests.factories import InterventionFactory, make_personnummer

PARTICIPATION_HEADER = (
    "insats,personnummer,kon,fornamn,efternamn,samtycke_datum,startdatum,utbildning,"
    "tid_offentlig_forsorjning,forsorjning_fore,slutdatum,avslutsorsak,sysselsattning_efter,forsorjning_efter"
)


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


def run_command(name: str, *args) -> Outcome:
    """Exit status, stdout and stderr as on the command line, where the exchange commands
    print a CommandError's message as it is and exit with its status (test_commands.py runs
    the real command line)."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command(name, *args, stdout=out, stderr=err)
    except CommandError as error:
        err.write(f"{error}\n")
        code = error.returncode
    return Outcome(code, out.getvalue().strip(), err.getvalue())


@pytest.fixture
def import_file(tmp_path):
    """import_file(content, kind, *flags, name=...) -> Outcome; content is str (UTF-8) or bytes."""

    def run(content, kind, *flags, name="file.csv"):
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return run_command("import_sus", str(path), "--kind", kind, *flags)

    return run


def pnr(year=1980, month=5, day=17, *, female=None) -> str:
    return make_personnummer(datetime.date(year, month, day), female=female)


def participation_row(number, *, insats="AKTIVITETSCENTER", kon="", start="2015-03-01", consent=None, end="",
                      reason="", after="", support_after="", fornamn="", efternamn="") -> str:
    return ",".join([
        insats, number, kon, fornamn, efternamn, consent or start, start, "GYMNASIUM", "UPP_TILL_1",
        "FORSORJNINGSSTOD", end, reason, after, support_after,
    ])


def participation_file(*rows: str) -> str:
    return "\n".join([PARTICIPATION_HEADER, *rows]) + "\n"


@pytest.fixture
def anonymous_intervention(db):
    return InterventionFactory(code="ACT", name="ACT-team", allows_person=False, allows_anonymous=True)


@pytest.fixture
def volume_intervention(db):
    return InterventionFactory(code="REKO", name="REKO", allows_person=False, allows_volume=True)
