"""The figures of Försäkringskassan's "Uppföljning Finsam" for one year, in the order they are
keyed into its form: (1) participants in individinriktade insatser by kön, (2) participants in
strukturövergripande insatser, (3) per insats budget, utfall, budgeted and actual participants,
(4) the förbund's tilldelade medel, eget kapital and administrativa kostnader.

Computed from the registry: every participant figure. A participant is counted as in SUS
(reports.md): a participation active some day of the year (FELREGISTRERING never), the `antal`
of an anonymous registration active in the year, the `antal` of a volume registration dated in
the year; a person in two interventions counts in each. Volume registrations without kön count
in the total under "kön ej angivet". An intervention's kind is its `inriktning`.

Entered by people: the budgets (InterventionBudget, admin), the utfall (CostOutcome, entered by
kansli; else the latest tertial report's outcome so far that year), budgeted participants (the
intervention's årsplatser) and the förbund's economy (AssociationYear).

Aggregated in the database: four GROUP BY queries for the participants, one each for the
interventions, budgets, outcomes, tertial outcomes and the förbund's year.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from interventions.models import Intervention, InterventionBudget
from participants.codes import Inriktning
from participants.models import AnonymousRegistration, Participation, VolumeRegistration
from pathways.models import CostOutcome
from stats.tables import Cell, Table, count, money, text
from tertials.models import TertialReport
from tertials.periods import TERTIAL_LABELS

from .models import AssociationYear

KINDS = (("person", "Med personnummer (deltaganden)"), ("anonymous", "Anonyma registreringar"),
         ("volume", "Volymregistreringar"))
KON_COLUMNS = ["Kvinnor", "Män", "Kön ej angivet", "Totalt"]


@dataclass
class KonCounts:
    K: int = 0
    M: int = 0
    unknown: int = 0

    @property
    def total(self) -> int:
        return self.K + self.M + self.unknown

    def add(self, other: KonCounts) -> None:
        self.K += other.K
        self.M += other.M
        self.unknown += other.unknown

    def add_kon(self, kon: str, n: int) -> None:
        if kon in ("K", "M"):
            setattr(self, kon, getattr(self, kon) + n)
        else:
            self.unknown += n


@dataclass
class Group:
    """The participants of one kind of intervention (individinriktade or strukturövergripande)."""

    by_kind: dict[str, KonCounts] = field(default_factory=lambda: {key: KonCounts() for key, _ in KINDS})
    persons: int = 0  # distinct people among the participations

    @property
    def total(self) -> KonCounts:
        result = KonCounts()
        for counts in self.by_kind.values():
            result.add(counts)
        return result


@dataclass
class InterventionRow:
    intervention: Intervention
    participants: KonCounts
    budget: int | None
    outcome: int | None
    outcome_source: str
    budgeted_participants: int | None


@dataclass
class FollowUpFigures:
    year: int
    groups: dict[str, Group]
    interventions: list[InterventionRow]
    association: AssociationYear | None

    @property
    def individual(self) -> Group:
        return self.groups[Inriktning.INDIVID]

    @property
    def structural(self) -> Group:
        return self.groups[Inriktning.STRUKTUR]


def _counts_per_intervention(date_from: datetime.date, date_to: datetime.date) -> dict[int, dict[str, KonCounts]]:
    result: dict[int, dict[str, KonCounts]] = {}

    def slot(intervention_id, kind) -> KonCounts:
        return result.setdefault(intervention_id, {key: KonCounts() for key, _ in KINDS})[kind]

    spells = Participation.objects.active_in(date_from, date_to)
    for row in spells.values("intervention_id", "kon").annotate(n=Count("pk")).order_by():
        slot(row["intervention_id"], "person").add_kon(row["kon"], row["n"])
    anonymous = AnonymousRegistration.objects.active_in(date_from, date_to)
    for row in anonymous.values("intervention_id", "kon").annotate(n=Sum("antal")).order_by():
        slot(row["intervention_id"], "anonymous").add_kon(row["kon"], row["n"] or 0)
    volume = VolumeRegistration.objects.dated_in(date_from, date_to)
    for row in volume.values("intervention_id").annotate(total=Sum("antal"), K=Sum("antal_kvinnor"),
                                                         M=Sum("antal_man")).order_by():
        women, men = row["K"] or 0, row["M"] or 0
        slot(row["intervention_id"], "volume").add(KonCounts(women, men, (row["total"] or 0) - women - men))
    return result


def _outcomes(year: int) -> dict[int, tuple[int, str]]:
    """The utfall per intervention: kansli's cost outcome for the year, else the latest tertial
    report's outcome so far that year."""
    result: dict[int, tuple[int, str]] = {}
    reports = (TertialReport.objects.filter(year=year, outcome_sek__isnull=False)
               .order_by("intervention_id", "tertial").values_list("intervention_id", "tertial", "outcome_sek"))
    for intervention_id, tertial, amount in reports:  # the later tertial overwrites the earlier
        result[intervention_id] = (amount, f"Tertialrapport {TERTIAL_LABELS[tertial]} (hittills i år)")
    for intervention_id, amount in CostOutcome.objects.filter(year=year).values_list("intervention_id", "amount"):
        result[intervention_id] = (amount, "Kostnadsutfall för året")
    return result


def compute(year: int) -> FollowUpFigures:
    date_from, date_to = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    counts = _counts_per_intervention(date_from, date_to)
    interventions = list(Intervention.objects.filter(Q(pk__in=counts) | Q(pk__in=Intervention.objects.running_in(
        year).values("pk"))).order_by("inriktning", "name"))
    groups = {Inriktning.INDIVID: Group(), Inriktning.STRUKTUR: Group()}
    persons = (Participation.objects.active_in(date_from, date_to).values("intervention__inriktning")
               .annotate(n=Count("participant_id", distinct=True)).order_by())
    for row in persons:
        groups[row["intervention__inriktning"]].persons = row["n"]
    budgets = dict(InterventionBudget.objects.filter(year=year).values_list("intervention_id", "amount"))
    outcomes = _outcomes(year)
    rows = []
    for intervention in interventions:
        per_kind = counts.get(intervention.pk, {key: KonCounts() for key, _ in KINDS})
        participants = KonCounts()
        for kind, figures in per_kind.items():
            groups[intervention.inriktning].by_kind[kind].add(figures)
            participants.add(figures)
        outcome, source = outcomes.get(intervention.pk, (None, "Inte inlagt"))
        rows.append(InterventionRow(intervention, participants, budgets.get(intervention.pk), outcome, source,
                                    intervention.arsplatser))
    return FollowUpFigures(year, groups, rows, AssociationYear.objects.filter(year=year).first())


# --- as tables, for the page and the files (stats.writers, stats.pdf) ---------------------


def _kon_cells(counts: KonCounts) -> list:
    return [count(counts.K), count(counts.M), count(counts.unknown), count(counts.total)]


def _group_table(key: str, title: str, group: Group, what: str) -> Table:
    table = Table(key=key, title=title, columns=["Registrering", *KON_COLUMNS])
    for kind, label in KINDS:
        table.rows.append([text(label), *_kon_cells(group.by_kind[kind])])
    table.footer.append([text(f"Att föra in: {what}"), *_kon_cells(group.total)])
    table.note = (f"Beräknat ur registret. Unika personer bland deltagandena med personnummer: {group.persons}. "
                  "En person i två insatser räknas i båda, som i SUS.")
    return table.row_sums([1, 2, 3], 4).column_sums([1, 2, 3, 4])


def tables(figures: FollowUpFigures) -> list[Table]:
    """The four parts of the form, in the order they are keyed in."""
    individual = _group_table("individinriktade", "1. Deltagare i individinriktade insatser", figures.individual,
                              "deltagare i individinriktade insatser")
    structural = _group_table("strukturovergripande", "2. Deltagare i strukturövergripande insatser",
                              figures.structural, "deltagare i strukturövergripande insatser")
    per = Table(key="insatser", title="3. Insatserna: budget, utfall och deltagare", columns=[
        "Insats", "Inriktning", "Budget (kr)", "Utfall (kr)", "Utfallet enligt", "Budgeterat antal deltagare",
        "Antal deltagare"])
    for row in figures.interventions:
        per.rows.append([text(row.intervention.name),
                         text(row.intervention.get_inriktning_display()), money(row.budget), money(row.outcome),
                         text(row.outcome_source),
                         Cell(row.budgeted_participants, "count"),
                         count(row.participants.total)])
    per.footer.append([text("Summa"), text(""), money(sum(r.budget or 0 for r in figures.interventions)),
                       money(sum(r.outcome or 0 for r in figures.interventions)), text(""), text(""),
                       count(sum(r.participants.total for r in figures.interventions))])
    per.note = ("Budget: insatsens budget för året (Administration → insatser). Utfall: kansliets kostnadsutfall "
                "för året, annars senaste tertialrapportens utfall hittills i år. Budgeterat antal deltagare: "
                "insatsens årsplatser. Antal deltagare beräknas ur registret som ovan.")
    economy = Table(key="forbundet", title="4. Förbundets ekonomi", columns=["Uppgift", "Belopp (kr)"])
    association = figures.association
    for label, name in (("Tilldelade medel", "allocated_funds"), ("Eget kapital", "equity"),
                        ("Administrativa kostnader", "administrative_costs")):
        economy.rows.append([text(label), money(getattr(association, name) if association else None)])
    economy.note = (f"Inlagt av kansliet (ändrat {association.updated_at:%Y-%m-%d})." if association else
                    f"Inte inlagt för {figures.year}: kansliet lägger in beloppen under Ändra förbundets ekonomi.")
    return [individual, structural, per, economy]
