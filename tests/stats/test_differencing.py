"""Issue 12 item 2, acceptance: an attacker with the board's outputs over the demo data
(seed_demo) recovers no participation's attribute combination — by one-day-apart periods,
by pairs of intervention sets, by nested periods — and the same for `sus_report
--suppress-below 5`. The same attacker against exact figures does recover people (so the
attacker is not blind)."""

import datetime
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from accounts import roles
from participants.models import Participation
from reports.summary import sus_summary
from reports.suppression import family_figures
from stats.releases import BoardPeriod
from tests.world import shared_per_module

from . import attacker

pytestmark = pytest.mark.django_db
BY_START = ("time_in_support", "support_before")  # the started population's tables (by kön)


def _seed():
    call_command("seed_demo", people=80, password="demo-test-only", stdout=io.StringIO())
    years = sorted({d.year for d in Participation.objects.values_list("startdatum", flat=True)})
    return {"years": years}


demo = shared_per_module(_seed)


def _inferred(before: dict, after: dict) -> dict | None:
    """Differencing two summaries: for each started-population table the (row, kön) of its one
    count that grew by exactly 1 while nothing else in it changed; None unless the whole
    individual count grew by exactly 1 and every such table names one cell."""
    def total(data):
        return data["counts"]["individual"]["total"]

    if total(before) is None or total(after) is None or total(after) - total(before) != 1:
        return None
    found = {}
    for key in BY_START:
        cells = []
        for old, new in zip(before[key]["rows"], after[key]["rows"], strict=True):
            for kon in ("K", "M"):
                if old[kon] is None or new[kon] is None:
                    continue
                if new[kon] != old[kon]:
                    cells.append((old["code"], kon, new[kon] - old[kon]))
        if len(cells) != 1 or cells[0][2] != 1:
            return None
        found[key] = cells[0][:2]
    return found


def _truth(participation) -> dict:
    kon = participation.participant.kon
    return {"time_in_support": (participation.tid_offentlig_forsorjning, kon),
            "support_before": (participation.forsorjning_fore, kon)}


def _single_starts(years, limit=12):
    """Days on which exactly one participation started, as (day, participation)."""
    starts = {}
    for spell in Participation.objects.countable().select_related("participant").order_by("startdatum"):
        starts.setdefault(spell.startdatum, []).append(spell)
    days = [(day, spells[0]) for day, spells in starts.items() if len(spells) == 1 and day.month > 1]
    return days[:limit]


def _board(client):
    client.force_login(get_user_model().objects.get(username=roles.STYRELSE))


def test_one_day_apart_periods_give_the_board_nothing_and_would_give_exact_figures_away(demo, client):
    days = _single_starts(demo["years"])
    assert days
    recovered_exact = 0
    for day, spell in days:
        start = datetime.date(day.year, 1, 1)
        before, after = sus_summary(start, day - datetime.timedelta(days=1)), sus_summary(start, day)
        recovered_exact += _inferred(before, after) == _truth(spell)
    assert recovered_exact > 0  # the attacker works against free, exact periods
    _board(client)
    recovered = 0
    for day, spell in days:
        start = datetime.date(day.year, 1, 1)
        files = [client.get("/reports/sus/fil/csv/", {"from": start, "to": end}).content
                 for end in (day - datetime.timedelta(days=1), day)]
        assert files[0] == files[1]  # both snap to the same fixed release
        recovered += _inferred(*[_parsed(client, start, end) for end in (day - datetime.timedelta(days=1), day)]) \
            == _truth(spell)
    assert recovered == 0


def _parsed(client, start, end):
    """The board's figures for a requested period, as the page's context holds them."""
    return client.get("/reports/sus/", {"from": start, "to": end}).context["data"]


def test_pairs_of_intervention_sets_give_the_board_the_same_figures(demo, client):
    codes = list(Participation.objects.values_list("intervention__code", flat=True).distinct().order_by())
    _board(client)
    outputs = {client.get("/reports/sus/fil/csv/", {"intervention": code}).content for code in codes}
    outputs.add(client.get("/reports/sus/fil/csv/", {"intervention": codes[:2]}).content)
    outputs.add(client.get("/reports/sus/fil/csv/").content)
    assert len(outputs) == 1


def _family(year, today):
    members = BoardPeriod(year).family(today)
    return {m.key: sus_summary(*m.dates, suppress_below=5) for m in members}, \
        {m.key: sus_summary(*m.dates) for m in members}


def _published(released: dict, exact: dict) -> dict:
    figures = family_figures(exact)
    out = {}
    for key, value in figures.values.items():
        member, *path = key
        shown = released[member]
        for part in path:
            shown = shown[part]
        out[key] = value if shown is not None else released[member].mark(tuple(path))
        if shown is None and tuple(path) in released[member].lifted:
            out[key] = attacker.LIFTED
    return out


def _lines(figures):
    lines = [(inner, total) for inner, total in figures.lines if total is not None]
    for group in set(figures.links.values()):
        first, *rest = sorted(group, key=repr)
        lines += [([first], other) for other in rest]
    return lines


def test_the_board_is_offered_no_nested_periods(demo):
    today = datetime.date.today()
    for year in demo["years"]:
        assert BoardPeriod(year).family(today) in ([BoardPeriod(year)], [])


def test_the_integer_attacker_narrows_no_hidden_count_of_any_years_release(demo):
    """Every ended year of the demo, all its SUS tables together: an attacker who also knows which
    × hide a count ≥ 5 (more than the board is told) still finds every `<5` anywhere in 1–4."""
    today = datetime.date.today()
    audited = 0
    for year in demo["years"]:
        released, exact = _family(year, today)
        if not released:
            continue
        figures = family_figures(exact)
        published = _published(released, exact)
        small = [key for key, value in published.items() if value == "<5"]
        assert small
        ranges = attacker.bounds(published, _lines(figures), 5, small)
        assert {key: span for key, span in ranges.items() if span != (1, 4)} == {}, year
        audited += 1
    assert audited >= 3


def test_sus_report_with_suppression_gives_the_same_as_the_board_and_nothing_by_subtraction(demo, tmp_path):
    year = demo["years"][0]
    outputs = {}
    for member in BoardPeriod(year).family(datetime.date.today()):
        out = io.StringIO()
        first, last = member.dates
        call_command("sus_report", "--from", str(first), "--to", str(last), "--suppress-below", "5",
                     "--format", "json", stdout=out)
        outputs[member.key] = json.loads(out.getvalue())
    released, _exact = _family(year, datetime.date.today())
    for key, data in outputs.items():
        assert data["support_flow"] == json.loads(json.dumps(released[key]["support_flow"])), key
    if {f"{year}-T1", f"{year}-T2", f"{year}-T3", str(year)} <= set(outputs):
        recovered = 0
        for table in ("end_reason", "time_in_support"):
            for index, row in enumerate(outputs[str(year)][table]["rows"]):
                for kon in ("K", "M"):
                    parts = [outputs[f"{year}-T{t}"][table]["rows"][index][kon] for t in (1, 2, 3)]
                    hidden = [p for p in parts if p is None]
                    if row[kon] is not None and len(hidden) == 1:
                        value = row[kon] - sum(p for p in parts if p is not None)
                        recovered += 0 < value < 5
        assert recovered == 0
