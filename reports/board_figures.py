"""Every output the board can get for one calendar year, computed and protected together.

The same quantity reaches the board in several outputs: an intervention's ended count is a
row of the SUS per-intervention table, the row total of the flows table, the "Avslutade"
of the gap table, of the lasting-effect table and of the cost table; the year's ended total
is the SUS outcome, the gap table's and the lasting table's footer. Protected one output at a
time, a count hidden in one could be shown (or pinned by lines) in another. So `build` puts
every output's counts into ONE `stats.disclosure.Figures` (each under its output's name),
links the keys that publish the same quantity (only when their values agree, so a link never
claims an equality that does not hold), calls `protect` once, and hands each output its marks
from that one `Protection`. `stats.publication` stores the result; the board's pages read it.

Outputs (name → what is stored, plain JSON):
- "sus": the summary as published (hidden counts None), the paths of its `×`, and the
  work/studies share of the year (the trend of later years reads it from here);
- "flows", "gaps", "lasting", "cost", "coverage", "cycling" (the year's row), "steps:<instrument
  id>": tables with their
  marks (`stats.tables.to_json`); "flows" also the Sankey links that stay visible.

The dashboard, the interventions list and page and the tertial year view show the SUS
summary's own per-intervention and total counts (they read "sus"), so they agree with it
by construction.
"""

from __future__ import annotations

import datetime

from interventions.models import Intervention
from participants.codes import Kon
from stats.disclosure import Figures, Release, mark_tables, protect
from stats.tables import Table, to_json

from .summary import sus_summary
from .suppression import released, summary_figures

TABLE_OUTPUTS = ("flows", "gaps", "lasting", "cost", "coverage", "cycling")


def _table_outputs(year: int, interventions: list[Intervention]) -> dict[str, list[Table]]:
    from cases.lasting import lasting_effects, lasting_tables
    from pathways import analysis, figures
    from pathways.models import Instrument

    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    by_id = {item.pk: item for item in sorted(interventions, key=lambda item: item.name)}
    scope = figures.Scope(ids=None, interventions=by_id)
    flows = analysis.gaps_and_flows(first, last, None)
    outputs = {
        "flows": figures.flow_tables(flows, scope),
        "gaps": figures.gap_tables(flows, scope),
        "lasting": lasting_tables(lasting_effects(first, last, list(by_id)), {i.pk: i.name for i in interventions}),
        "cost": figures.cost_tables(year, figures.cost_rows(year, scope)),
        "coverage": figures.coverage_tables(year, figures.coverage(year, None))[0],
    }
    # Cycling counts people by the year they started or ended a spell: the board gets each
    # year's row from that year's publication (stats.publication.cycling_tables), never a
    # recount of an earlier year, and no all-time total (it changes with every registration).
    cycling = analysis.cycling(None)
    empty = {"persons": 0, "returners": 0, "same_intervention": 0, "back_to_first_support": 0, "same_support": 0}
    rows = {name: [next((row for row in cycling[name] if row["year"] == year), {**empty, "year": year})]
            for name in ("starts", "ends")}
    outputs["cycling"] = figures.cycling_tables({**rows, "total": {"persons": 0, "repeated": 0,
                                                                   "same_intervention": 0}})[1:]
    for instrument in Instrument.objects.filter(active=True).order_by("pk"):
        rows = figures.step_progress(instrument, first, last, None)
        outputs[f"steps:{instrument.pk}"] = figures.step_tables(rows, scope, instrument)
    return outputs


class _Keys:
    """Where each output publishes a quantity, to link them: ("sus", *path) or (output, table, row, column)."""

    def __init__(self, figures: Figures, data: dict, tables: dict[str, list[Table]]):
        self.figures = figures
        self.tables = tables
        self.per = {item["code"]: index for index, item in enumerate(data["per_intervention"])}

    def same(self, *keys) -> None:
        keys = [key for key in keys if key is not None and key in self.figures.values]
        if len(keys) > 1 and len({self.figures.values[key] for key in keys}) == 1:
            self.figures.link(*keys)

    def sus(self, code, name):
        index = self.per.get(code)
        return None if index is None else ("sus", "per_intervention", index, name)

    def row(self, output, table, row_id, column):
        ids = self.tables[output][table].extra.get("row_ids", [])
        return (output, table, ids.index(row_id), column) if row_id in ids else None

    def footer(self, output, table, column):
        return (output, table, len(self.tables[output][table].rows), column)


def _link(keys: _Keys, interventions: list[Intervention]) -> None:
    """Join the keys that publish the same quantity (read from the code, checked on the demo:
    the ended spells of an intervention are the same population in the SUS summary, the flows,
    the gaps, the lasting-effect and the cost tables)."""
    flows_width = len(keys.tables["flows"][0].columns) - 1
    for item in interventions:
        code, pk = item.code, item.pk
        keys.same(keys.sus(code, "ended"), keys.row("flows", 0, pk, flows_width), keys.row("gaps", 0, pk, 1),
                  keys.row("lasting", 0, pk, 1), keys.row("cost", 0, pk, 4))
        keys.same(keys.sus(code, "work_or_studies"), keys.row("lasting", 0, pk, 2), keys.row("cost", 0, pk, 5))
        if code in keys.per:
            keys.same(("sus", "per_intervention", keys.per[code], "active", "total"), keys.row("cost", 0, pk, 3))
    for column, path in ((1, "ended"), (2, "work_or_studies")):
        for kon_row, kon in enumerate(Kon.values):
            keys.same(("sus", "outcome", path, kon), ("lasting", 1, kon_row, column))
        totals = [keys.footer("lasting", 0, column), keys.footer("lasting", 1, column)]
        if path == "ended":
            totals.append(keys.footer("gaps", 0, 1))
        keys.same(("sus", "outcome", path, "total"), *totals)
    # A move from one intervention to the next: a cell of the flows and a row of the pair table.
    flows = keys.tables["flows"][0]
    for r, source in enumerate(flows.extra["row_ids"]):
        for c, target in enumerate(flows.extra["col_ids"], start=1):
            if target is not None:
                keys.same(("flows", 0, r, c), keys.row("gaps", 2, [source, target], 2))
    # The people reached: the coverage table's total, its summary line and the SUS distinct people.
    coverage = keys.tables["coverage"][1]
    keys.same(("sus", "counts", "persons"), ("coverage", 0, 1, 1),
              ("coverage", 1, len(coverage.rows), len(coverage.columns) - 2))


def gather(year: int):
    """The exact outputs of `year` and their counts as one `Figures` (lines and links):
    (figures, summary, {output: tables}, Sankey links, interventions)."""
    interventions = list(Intervention.objects.order_by("code"))
    data = sus_summary(datetime.date(year, 1, 1), datetime.date(year, 12, 31), interventions)
    tables = _table_outputs(year, interventions)
    tables["flows"], links = tables["flows"]
    figures = Figures()
    figures.include("sus", summary_figures(data))
    for name, output in tables.items():
        part = Figures()
        for index, table in enumerate(output):
            part.add_table(index, table)
        figures.include(name, part)
    if interventions:
        _link(_Keys(figures, data, tables), interventions)
    return figures, data, tables, links, interventions


def build(year: int, below: int) -> dict:
    """The board's outputs of `year` (see the module doc), protected together."""
    figures, data, tables, links, interventions = gather(year)
    period = (datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    protection = protect(figures, Release(below, period, tuple(item.code for item in interventions)))
    summary = released(data, protection.within("sus"))
    outputs = {"sus": {"data": dict(summary), "protecting": sorted(map(list, summary.protecting), key=repr),
                       "share": summary["outcome"]["share_work_or_studies"]}}
    for name, output in tables.items():
        mark_tables(output, protection, prefix=name)
        outputs[name] = {"tables": to_json(output)}
    hidden = tables["flows"][0].hidden_positions()  # the diagram must not show them either
    outputs["flows"]["links"] = [link for link in links if link["cell"] not in hidden]
    return outputs
