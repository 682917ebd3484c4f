"""The figures of each pathway page (pathways, gaps, cycling, steps, effects and cost, coverage,
implementation) as `stats.tables.Table`s: the same tables go to the page, the XLSX and the PDF."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Min, OuterRef, Q, Subquery, Sum

from interventions.models import Intervention, InterventionBudget
from participants.codes import STUDIES, WORK, Kon
from participants.models import Participation
from reports.models import NationalReference
from stats.tables import Cell, Table, count, half_up, money, number, pct, per, text

from . import analysis
from .analysis import GAP_BANDS, WITHIN_DAYS, _compiled, _fetch, _in_list
from .models import (
    CostOutcome,
    EffectRecord,
    FinancingPlan,
    Instrument,
    ItemScore,
    Measurement,
    NeedEstimate,
)

NONE_LABEL = "Ingen ny insats"


def short_name(name: str) -> str:
    """'Unga vuxna – ett nytt sätt att tänka' → 'Unga vuxna', 'Utsikt: Utvecklat …' → 'Utsikt'."""
    for separator in (" – ", ": "):
        if separator in name:
            return name.split(separator, 1)[0]
    return name if len(name) <= 28 else name[:27] + "…"


@dataclass
class Scope:
    """The interventions a page covers: ids (None = all) and their names by id."""

    ids: list[int] | None
    interventions: dict[int, Intervention] = field(default_factory=dict)

    def name(self, pk) -> str:
        if pk is None:
            return NONE_LABEL
        intervention = self.interventions.get(pk)
        return intervention.name if intervention else "Annan insats"

    def label(self, pk) -> str:
        """The short name, unless another intervention has the same short name."""
        name = self.name(pk)
        short = short_name(name)
        if short != name and sum(short_name(i.name) == short for i in self.interventions.values()) > 1:
            return name
        return short

    def ordered(self) -> list[Intervention]:
        chosen = self.interventions.values() if self.ids is None else [
            self.interventions[i] for i in self.ids if i in self.interventions
        ]
        return sorted(chosen, key=lambda i: i.name)


# --- pathways and gaps -----------------------------------------------------------------------

def flow_tables(result: analysis.GapResult, scope: Scope) -> tuple[list[Table], list[dict]]:
    sources = sorted({row["source"] for row in result.pairs}, key=scope.name)
    targets = sorted({row["target"] for row in result.pairs if row["target"] is not None}, key=scope.name)
    cells = {(row["source"], row["target"]): row for row in result.pairs}
    cols = [*targets, None]

    def matrix(key: str, title: str, note: str) -> Table:
        table = Table(key, title, ["Från ↓ / till →", *[scope.label(t) for t in cols], "Summa"],
                      note=note)
        for source in sources:
            values = [(cells.get((source, t)) or {}).get("n" if key == "flows" else "rehab", 0) or 0 for t in cols]
            table.rows.append([text(scope.label(source)), *[count(v) for v in values],
                               count(sum(values))])
        table.row_sums(range(1, 1 + len(cols)), 1 + len(cols))
        table.apply_heat(skip_last=True)
        table.extra = {"row_ids": sources, "col_ids": cols}  # what each row and column is (stats.publication)
        return table

    flows = matrix(
        "flows", "Flöden mellan insatser",
        "Avslutade deltaganden i perioden (rad) och personens nästa insats (kolumn), oavsett när den startade.",
    )
    rehab = matrix(
        "rehab_flows", "Vart gick de som avslutades till fortsatt rehabilitering?",
        "Bara deltaganden avslutade med orsak Fortsatt arbetslivsinriktad rehabilitering.",
    )
    links = [
        {"source": scope.label(row["source"]), "target": scope.label(row["target"]),
         "value": row["n"], "cell": (sources.index(row["source"]), 1 + cols.index(row["target"]))}
        for row in result.pairs
    ]
    return [flows, rehab], links


def gap_tables(result: analysis.GapResult, scope: Scope) -> list[Table]:
    band_cols = [label for _key, label in GAP_BANDS]
    per_ending = Table(
        "gaps_by_intervention", "Glapp efter avslut, per insats",
        ["Avslutad insats", "Avslutade", *band_cols, "Andel ny insats inom 30 d"],
        note="Dagar från slutdatum till nästa deltagandes startdatum. Överlapp: nästa insats startade "
        "senast samma dag som avslutet.",
    )
    ending = sorted(result.ending, key=lambda r: scope.name(r["source"]))
    per_ending.extra = {"row_ids": [row["source"] for row in ending]}
    for row in ending:
        within = (row["overlap"] or 0) + (row["d1_30"] or 0)
        per_ending.rows.append([
            text(scope.label(row["source"])), count(row["ended"]),
            *[count(row[k]) for k, _ in GAP_BANDS],
            pct(within, row["ended"]).from_columns(1, 2, 3),  # ended, overlap, 1–30 days
        ])
    t = result.total
    per_ending.footer.append([
        text("Alla valda insatser"), count(t["ended"]), *[count(t[k]) for k, _ in GAP_BANDS],
        pct((t["overlap"] or 0) + (t["d1_30"] or 0), t["ended"]).from_columns(1, 2, 3),
    ])
    per_ending.row_sums(range(2, 2 + len(GAP_BANDS)), 1).column_sums(range(1, 2 + len(GAP_BANDS)))

    pairs = Table(
        "gaps_by_pair", "Glapp per insatspar (från → till)", ["Från", "Till", "Antal", *band_cols[:-1]],
        note="Varje övergång från ett avslutat deltagande till personens nästa deltagande.",
    )
    pair_rows = sorted((r for r in result.pairs if r["target"] is not None),
                       key=lambda r: (scope.name(r["source"]), scope.name(r["target"])))
    pairs.extra = {"row_ids": [[row["source"], row["target"]] for row in pair_rows]}
    for row in pair_rows:
        pairs.rows.append([
            text(scope.label(row["source"])), text(scope.label(row["target"])),
            count(row["n"]),
            *[count(row[k]) for k, _ in GAP_BANDS[:-1]],
        ])
    pairs.row_sums(range(3, 3 + len(GAP_BANDS) - 1), 2)

    rehab = Table(
        "rehab_within", "Avslutade till fortsatt rehabilitering: ny insats inom 30, 90 och 180 dagar",
        ["Avslutad insats", "Personer", *[f"Inom {d} d" for d in WITHIN_DAYS],
         *[f"Andel inom {d} d" for d in WITHIN_DAYS]],
        note="Personer (inte deltaganden). I andelen räknas bara de vars avslut ligger minst så många dagar "
        "bakåt i tiden att det går att bedöma.",
    )

    def rehab_row(label, row):
        return [
            text(label), count(row["rehab_persons"]),
            *[count(row[f"rehab_within_{d}"]) for d in WITHIN_DAYS],
            *[pct(row[f"rehab_within_{d}"], row[f"rehab_observable_{d}"]) for d in WITHIN_DAYS],
        ]

    for row in sorted(result.ending, key=lambda r: scope.name(r["source"])):
        if row["rehab_persons"]:
            rehab.rows.append(rehab_row(scope.label(row["source"]), row))
    rehab.footer.append(rehab_row("Alla valda insatser", t))
    rehab.column_unions(range(1, 2 + len(WITHIN_DAYS)))  # a person ending in two interventions is one
    return [per_ending, rehab, pairs]


# --- cycling ---------------------------------------------------------------------------------

def cycling_tables(data: dict) -> list[Table]:
    starts = Table(
        "cycling_starts", "Återkommande deltagare per år (efter startår)",
        ["År", "Personer som startade", "Med tidigare insats", "Andel", "Tillbaka i samma insats", "Andel"],
        note="Med tidigare insats: personen hade ett tidigare deltagande (i vilken insats som helst). "
        "Tillbaka i samma insats: personen hade redan avslutat ett deltagande i samma insats.",
    )
    for row in data["starts"]:
        starts.rows.append([
            text(row["year"]), count(row["persons"]), count(row["returners"]),
            pct(row["returners"], row["persons"]), count(row["same_intervention"]),
            pct(row["same_intervention"], row["persons"]),
        ])
    ends = Table(
        "cycling_support", "Tillbaka till samma försörjning (efter slutår)",
        ["År", "Personer som avslutade", "Samma offentliga försörjning som före", "Andel",
         "Efter minst två insatser tillbaka till försörjningen före första insatsen", "Andel"],
        note="Samma offentliga försörjning: försörjning efter = försörjning före (Lön och Ingen offentlig "
        "försörjning räknas inte). Tillbaka: ett senare deltagande avslutades med samma försörjning som "
        "personen hade före sitt första.",
    )
    for row in data["ends"]:
        ends.rows.append([
            text(row["year"]), count(row["persons"]), count(row["same_support"]),
            pct(row["same_support"], row["persons"]), count(row["back_to_first_support"]),
            pct(row["back_to_first_support"], row["persons"]),
        ])
    total = data["total"]
    overall = Table("cycling_total", "Rundgång totalt", ["Mått", "Personer", "Andel"])
    overall.rows = [
        [text("Personer med deltagande"), count(total["persons"]), pct(total["persons"], total["persons"])],
        [text("Med minst två deltaganden"), count(total["repeated"]), pct(total["repeated"], total["persons"])],
        [text("Tillbaka i en insats de tidigare avslutat"), count(total["same_intervention"]),
         pct(total["same_intervention"], total["persons"])],
    ]
    return [overall, starts, ends]


# --- step progress ---------------------------------------------------------------------------

CHANGE_BANDS = [
    ("worse", "Försämring", "c.change < 0"),
    ("same", "Oförändrad", "c.change = 0"),
    ("up1", "+1 steg", "c.change = 1"),
    ("up2", "+2 steg", "c.change = 2"),
    ("up3", "+3 steg", "c.change = 3"),
    ("up4", "+4 steg el. mer", "c.change >= 4"),
]


def step_progress(instrument: Instrument, date_from, date_to, scope_ids) -> list[dict]:
    """Per intervention: participations active in the period with at least two measurements of the
    instrument; change = total score of the last measurement − total of the first. 1 query."""
    totals = (
        ItemScore.objects.filter(measurement=OuterRef("pk")).order_by().values("measurement")
        .annotate(total=Sum("score")).values("total")
    )
    measurements = (
        Measurement.objects.filter(
            instrument=instrument,
            participation__in=Participation.objects.active_in(date_from, date_to),
        )
        .order_by()
        .annotate(total=Subquery(totals), intervention_ref=F("participation__intervention_id"))
        .values("id", "participation_id", "intervention_ref", "date", "total")
    )
    inner, params = _compiled(measurements)
    scope, scope_params = _in_list("m.intervention_id", scope_ids)
    first_last = (
        "SELECT m.participation_id, m.intervention_id, COUNT(*) AS n, "
        "MAX(CASE WHEN m.rn_first = 1 THEN m.total END) AS first_total, "
        "MAX(CASE WHEN m.rn_last = 1 THEN m.total END) AS last_total "
        "FROM (SELECT i.participation_id, i.intervention_ref AS intervention_id, i.total, "
        "ROW_NUMBER() OVER (PARTITION BY i.participation_id ORDER BY i.date, i.id) AS rn_first, "
        "ROW_NUMBER() OVER (PARTITION BY i.participation_id ORDER BY i.date DESC, i.id DESC) AS rn_last "
        f"FROM ({inner}) i) m WHERE 1 = 1{scope} GROUP BY m.participation_id, m.intervention_id"
    )
    bands = ", ".join(f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS {key}" for key, _l, cond in CHANGE_BANDS)
    return _fetch(
        f"SELECT c.intervention_id, COUNT(*) AS measured, {bands}, "
        "SUM(CASE WHEN c.change >= 1 THEN 1 ELSE 0 END) AS moved, "
        "AVG(c.first_total * 1.0) AS mean_first, AVG(c.last_total * 1.0) AS mean_last "
        f"FROM (SELECT f.*, f.last_total - f.first_total AS change FROM ({first_last}) f WHERE f.n >= 2) c "
        "GROUP BY c.intervention_id",
        params + scope_params,
    )


def step_tables(rows: list[dict], scope: Scope, instrument: Instrument) -> list[Table]:
    table = Table(
        "steps", f"Stegförflyttning: {instrument.name} (version {instrument.version})",
        ["Insats", "Mätta deltaganden", *[label for _k, label, _c in CHANGE_BANDS],
         "Minst ett steg", "Andel minst ett steg", "Medel första", "Medel sista"],
        note="Mätta deltaganden: aktiva i perioden med minst två mätningar. Förändring = summan av frågornas "
        "värden vid sista mätningen minus vid första; ett steg = ett skalsteg netto. "
        + ("Instrumentet är ett EXEMPEL." if instrument.is_example else ""),
    )
    for row in sorted(rows, key=lambda r: scope.name(r["intervention_id"])):
        table.rows.append([
            text(scope.label(row["intervention_id"])), count(row["measured"]),
            *[count(row[k]) for k, _l, _c in CHANGE_BANDS], count(row["moved"]),
            pct(row["moved"], row["measured"]),
            number(half_up(row["mean_first"]), row["measured"]),
            number(half_up(row["mean_last"]), row["measured"]),
        ])
    first_band, moved = 2, 2 + len(CHANGE_BANDS)
    table.row_sums(range(first_band, moved), 1)  # the bands add up to the measured
    table.row_sums(range(first_band + 2, moved), moved)  # the +1…+4 bands to "at least one step"
    return [table]


# --- effects and cost ------------------------------------------------------------------------

def cost_rows(year: int, scope: Scope) -> list[dict]:
    """Per intervention in scope: budget, outcome and participation counts for the year. 3 queries."""
    date_from, date_to = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    ended = Q(slutdatum__gte=date_from, slutdatum__lte=date_to)
    spells = Participation.objects.active_in(date_from, date_to)
    if scope.ids is not None:
        spells = spells.filter(intervention_id__in=scope.ids)
    counts = {
        row["intervention_id"]: row
        for row in spells.order_by().values("intervention_id").annotate(
            active=Count("id"),
            ended=Count("id", filter=ended),
            work_or_studies=Count("id", filter=ended & Q(sysselsattning_efter__in=[*WORK, *STUDIES])),
        )
    }
    budgets = dict(InterventionBudget.objects.filter(year=year).values_list("intervention_id", "amount"))
    costs = dict(CostOutcome.objects.filter(year=year).values_list("intervention_id", "amount"))
    rows = []
    for intervention in scope.ordered():
        c = counts.get(intervention.pk, {})
        rows.append({
            "intervention": intervention,
            "budget": budgets.get(intervention.pk),
            "cost": costs.get(intervention.pk),
            "active": c.get("active", 0),
            "ended": c.get("ended", 0),
            "work_or_studies": c.get("work_or_studies", 0),
        })
    return rows


def cost_tables(year: int, rows: list[dict]) -> list[Table]:
    table = Table(
        "cost", f"Budget och utfall per deltagare {year}",
        ["Insats", "Budget", "Utfall", "Deltaganden", "Avslutade", "Till arbete/ studier",
         "Budget per deltagande", "Utfall per deltagande", "Utfall per avslutat",
         "Utfall per arbete/ studier"],
        note="Deltaganden: aktiva under året. Arbete = Arbete osubventionerat + med subvention, studier = "
        "Studier. Utfall (faktisk kostnad) registreras av kansliet.",
    )
    table.extra = {"row_ids": [r["intervention"].pk for r in rows]}
    for r in rows:
        table.rows.append([
            text(short_name(r["intervention"].name)), money(r["budget"]), money(r["cost"]), count(r["active"]),
            count(r["ended"]), count(r["work_or_studies"]), per(r["budget"], r["active"]),
            per(r["cost"], r["active"]), per(r["cost"], r["ended"]), per(r["cost"], r["work_or_studies"]),
        ])
    return [table]


def effect_tables(scope: Scope) -> list[Table]:
    records = EffectRecord.objects.select_related("intervention").order_by("level", "intervention__name", "-year")
    if scope.ids is not None:
        records = records.filter(intervention_id__in=scope.ids)
    tables = []
    by_level: dict[int, list] = {level: [] for level in EffectRecord.Level.values}
    for record in records:
        by_level[record.level].append(record)
    for level, label in EffectRecord.Level.choices:
        table = Table(f"effects_{level}", label, ["Insats", "År", "Effekt", "Underlag"])
        table.rows = [
            [text(short_name(r.intervention.name)), text(r.year), text(r.title), text(r.evidence)]
            for r in by_level[level]
        ]
        if not table.rows:
            table.note = "Inga effekter registrerade på denna nivå."
        tables.append(table)
    return tables


# --- coverage against need -------------------------------------------------------------------

AGE_BANDS = [
    ("age_16_29", "16–29 år (unga vuxna)", "p.age <= 29"),
    ("age_30_44", "30–44 år", "p.age BETWEEN 30 AND 44"),
    ("age_45_59", "45–59 år", "p.age BETWEEN 45 AND 59"),
    ("age_60_plus", "60 år –", "p.age >= 60"),
]


def coverage(year: int, scope_ids) -> list[dict]:
    """Distinct people active in the year by kön and age band (age at the start of their first spell
    active in the year). 1 query."""
    spells = Participation.objects.active_in(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    if scope_ids is not None:
        spells = spells.filter(intervention_id__in=scope_ids)
    people = spells.order_by().values("participant_id").annotate(
        age=Min("alder_vid_start"), kon=Max("participant__kon")
    ).values("participant_id", "age", "kon")
    inner, params = _compiled(people)
    bands = ", ".join(f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS {key}" for key, _l, cond in AGE_BANDS)
    return _fetch(f"SELECT p.kon, COUNT(*) AS persons, {bands} FROM ({inner}) p GROUP BY p.kon", params)


def coverage_tables(year: int, rows: list[dict]) -> tuple[list[Table], dict]:
    by_kon = {row["kon"]: row for row in rows}
    total = {key: sum((r[key] or 0) for r in rows) for key in ["persons", *[k for k, _l, _c in AGE_BANDS]]}
    need = NeedEstimate.objects.filter(year=year).first()
    national = NationalReference.objects.young_adults_until(year)
    table = Table(
        "coverage", f"Nådda personer {year} efter ålder och kön",
        ["Ålder", *[label for _c, label in Kon.choices], "Totalt", "Andel"],
        note="Personer (inte deltaganden) med minst ett deltagande under året; ålder vid start.",
    )
    for key, label, _c in AGE_BANDS:
        values = [(by_kon.get(kon) or {}).get(key) or 0 for kon in Kon.values]
        table.rows.append([text(label), *[count(v) for v in values], count(total[key]),
                           pct(total[key], total["persons"])])
    kon_totals = [(by_kon.get(kon) or {}).get("persons") or 0 for kon in Kon.values]
    table.footer.append([text("Totalt"), *[count(v) for v in kon_totals], count(total["persons"]),
                         pct(total["persons"], total["persons"])])
    table.row_sums(range(1, 1 + len(Kon.values)), 1 + len(Kon.values))
    table.column_sums(range(1, 2 + len(Kon.values)))
    summary = Table("need", f"Behov och täckning {year}", ["Mått", "Värde"])
    summary.rows = [
        [text("Uppskattat antal personer i behov"), count(need.people_in_need) if need else text("Ej angivet")],
        [text("Nådda personer"), count(total["persons"])],
        [text("Andel av behovet som nåtts"),
         pct(total["persons"], need.people_in_need) if need else text("–")],
        [text("Andel unga vuxna 16–29 år"), pct(total["age_16_29"], total["persons"])],
        [text(f"Andel unga vuxna nationellt{f' ({national.year})' if national else ''}"),
         Cell(float(national.young_adult_share), "pct") if national else text("Ej angivet")],
    ]
    if need and need.method:
        summary.note = f"Behovet: {need.method}"
    # The page's headline figures are read from the tables (after disclosure control), not from here.
    return [summary, table], {"need": need, "national": national}


# --- implementation tracking -----------------------------------------------------------------

def implementation_tables(scope: Scope) -> list[Table]:
    plans = FinancingPlan.objects.select_related("intervention").order_by("intervention__name", "year")
    if scope.ids is not None:
        plans = plans.filter(intervention_id__in=scope.ids)
    table = Table(
        "implementation", "Nedtrappad finansiering och implementering",
        ["Insats", "År", "Planerad andel förbundet", "Planerad andel linjeorganisationerna",
         "Utfall förbundet", "Utfall linjeorganisationerna", "Faktisk andel förbundet", "Status", "Kommentar"],
        note="Andelar i procent av insatsens kostnad. Registreras av kansliet.",
    )
    for plan in plans:
        table.rows.append([
            text(short_name(plan.intervention.name)), text(plan.year),
            Cell(float(plan.planned_association_share), "pct"),
            Cell(float(plan.planned_line_share), "pct"), money(plan.actual_association_amount),
            money(plan.actual_line_amount),
            Cell(plan.actual_association_share, "pct"), text(plan.get_status_display()), text(plan.status_text),
        ])
    if not table.rows:
        table.note = "Inga finansieringsplaner registrerade."
    return [table]
