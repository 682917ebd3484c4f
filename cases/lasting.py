"""The lasting-effect table the seed asks for: of the spells that ended in a period, how many were
in work or studies at exit, and at each follow-up after exit (6 and 12 months), per intervention
and by kön, with how many were followed up. One query (GROUP BY intervention and kön over the
spells with their follow-ups); the totals are sums of those disjoint groups.

The tables are `stats.tables.Table`s: stats.disclosure hides what the board may not see (small
counts as <5, a count that would give one back as ×, shares built on them as –) and the stats
writers make the XLSX and PDF, as for the pathway pages.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, FilteredRelation, Q

from participants.codes import STUDIES, WORK, Kon
from participants.models import Participation
from stats.tables import Table, count, pct, text

WORK_OR_STUDIES = tuple(str(code) for code in (*WORK, *STUDIES))


@dataclass
class LastingResult:
    rows: list[dict]  # per intervention and kön: ended, work_exit, and per month f{m}, r{m}, w{m}
    months: tuple[int, ...]


def lasting_effects(date_from: datetime.date, date_to: datetime.date, intervention_ids=None) -> LastingResult:
    """Per (intervention, kön): spells ended in the period (countable), in work or studies at exit,
    and for each follow-up month: registered (f), reached (r), in work or studies (w). One query."""
    months = tuple(settings.FINSAM_FOLLOWUP_MONTHS)
    spells = Participation.objects.ended_in(date_from, date_to)
    if intervention_ids is not None:
        spells = spells.filter(intervention_id__in=list(intervention_ids))
    # One LEFT JOIN per follow-up month, each at most one row per spell (unique per spell and
    # month): the spells are not multiplied, so plain COUNTs suffice (no COUNT DISTINCT sort).
    spells = spells.annotate(**{f"at{m}": FilteredRelation("followups", condition=Q(followups__months=m))
                                for m in months})
    figures = {
        "ended": Count("pk"),
        "work_exit": Count("pk", filter=Q(sysselsattning_efter__in=WORK_OR_STUDIES)),
    }
    for m in months:
        figures[f"f{m}"] = Count(f"at{m}__id")
        figures[f"r{m}"] = Count(f"at{m}__id", filter=Q(**{f"at{m}__reached": True}))
        figures[f"w{m}"] = Count(f"at{m}__id", filter=Q(**{f"at{m}__reached": True,
                                                            f"at{m}__sysselsattning__in": WORK_OR_STUDIES}))
    # The spell's own copy of kön (kept equal to the person's by triggers): no join to the person.
    rows = spells.order_by().values("intervention_id", "kon").annotate(**figures).order_by("intervention_id", "kon")
    return LastingResult(rows=list(rows), months=months)


def _sum(rows: list[dict], keys) -> dict:
    return {key: sum(row[key] for row in rows) for key in keys}


def _columns(months) -> list[str]:
    columns = ["Avslutade", "Arbete/studier vid avslut", "Andel vid avslut"]
    for m in months:
        columns += [f"Uppföljda {m} mån", f"Ej nådda {m} mån", f"Arbete/studier {m} mån", f"Andel {m} mån"]
    return columns


def _cells(label: str, figures: dict, months) -> list:
    cells = [text(label), count(figures["ended"]), count(figures["work_exit"]),
             pct(figures["work_exit"], figures["ended"]).from_columns(1, 2)]
    for index, m in enumerate(months):
        base = 4 + 4 * index  # followed up (reached), not reached, in work or studies, share
        cells += [count(figures[f"r{m}"]), count(figures[f"f{m}"] - figures[f"r{m}"]), count(figures[f"w{m}"]),
                  pct(figures[f"w{m}"], figures[f"r{m}"]).from_columns(base, base + 2)]
    return cells


NOTE = ("Deltaganden som avslutades i perioden (felregistreringar räknas inte). Arbete/studier: osubventionerat "
        "arbete, arbete med subvention eller studier. Uppföljda: deltagare som nåddes vid uppföljningen {m_text} "
        "efter slutdatum; andelen räknas på dem. Ej nådda: uppföljning registrerad men deltagaren gick inte att nå. "
        "De som ännu inte följts upp räknas inte – jämför Uppföljda med Avslutade.")


def lasting_tables(result: LastingResult, names: dict[int, str]) -> list[Table]:
    """Per intervention (footer: all selected) and by kön (footer: all); every count column adds up."""
    months = result.months
    keys = ["ended", "work_exit"] + [f"{p}{m}" for m in months for p in "frw"]
    m_text = " och ".join(f"{m}" for m in months) + " månader"
    count_cols = [1, 2] + [4 + 4 * i + j for i in range(len(months)) for j in (0, 1, 2)]
    by_intervention = Table("lasting_by_intervention", "Varaktig effekt per insats",
                            ["Insats", *_columns(months)], note=NOTE.format(m_text=m_text))
    per = {}
    for row in result.rows:
        per.setdefault(row["intervention_id"], []).append(row)
    by_intervention.extra = {"row_ids": sorted(per, key=lambda pk: names.get(pk, ""))}
    for intervention_id in by_intervention.extra["row_ids"]:
        by_intervention.rows.append(_cells(names.get(intervention_id, "Annan insats"),
                                           _sum(per[intervention_id], keys), months))
    everything = _sum(result.rows, keys)
    by_intervention.footer.append(_cells("Alla valda insatser", everything, months))
    by_intervention.column_sums(count_cols)

    by_kon = Table("lasting_by_kon", "Varaktig effekt per kön", ["Kön", *_columns(months)],
                   note=NOTE.format(m_text=m_text))
    by_kon.extra = {"row_ids": list(Kon.values)}
    for code, label in Kon.choices:
        by_kon.rows.append(_cells(label, _sum([r for r in result.rows if r["kon"] == code], keys), months))
    by_kon.footer.append(_cells("Alla", everything, months))
    by_kon.column_sums(count_cols)
    return [by_intervention, by_kon]
