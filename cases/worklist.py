"""The worklist ("Att göra"): what needs doing in the spells a user works with, computed in the
database in one statement whatever the caseload.

Categories, most urgent first (within one, the oldest date first):

1. FOLLOWUP_OVERDUE — an open spell whose latest contact planned a follow-up that has passed;
2. ACTIVITY_OVERDUE — an open spell with a plan activity (planned or under way) past its date;
3. POSTEXIT — a follow-up after exit (6 and 12 months, FINSAM_FOLLOWUP_MONTHS) that may be
   registered now: from 30 days before the date until FINSAM_FOLLOWUP_WINDOW_DAYS after it;
4. NO_CONTACT — an open spell without a contact (or start) for FINSAM_NO_CONTACT_DAYS days;
5. FOLLOWUP_SOON — a planned follow-up within 7 days;
6. OVER_LENGTH — an open spell older than its intervention's planned length;
7. GAP — ended to continued rehabilitation 30–365 days ago with nothing after it: the gap
   worklist's rule (pathways.analysis.worklist), limited to the last year.

Each category is an ORM queryset over the spells in scope (its correlated subqueries use the
indexes on contacts and activities); their union is grouped and paged in SQL.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import DateField, Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from participants.models import Participation
from pathways.analysis import worklist as gap_worklist

from .dates import add_months, latest_start
from .models import EARLY_DAYS, Contact, FollowUp, PlanActivity, PlannedLength

SOON_DAYS = 7
GAP_DAYS = 30
GAP_LOOKBACK_DAYS = 365


@dataclass(frozen=True)
class Category:
    key: str
    rank: int
    label: str
    overdue: bool  # an item of this kind is overdue by definition (the reminders send these)


def categories() -> list[Category]:
    days = settings.FINSAM_NO_CONTACT_DAYS
    months = " och ".join(str(m) for m in settings.FINSAM_FOLLOWUP_MONTHS)
    return [
        Category("FOLLOWUP_OVERDUE", 1, "Uppföljning försenad", True),
        Category("ACTIVITY_OVERDUE", 2, "Aktivitet i planen försenad", True),
        Category("POSTEXIT", 3, f"Uppföljning efter avslut ({months} mån)", False),
        Category("NO_CONTACT", 4, f"Ingen kontakt på {days} dagar", True),
        Category("FOLLOWUP_SOON", 5, f"Uppföljning inom {SOON_DAYS} dagar", False),
        Category("OVER_LENGTH", 6, "Pågår längre än planerat", True),
        Category("GAP", 7, "Avslutad till fortsatt rehabilitering, ingen ny insats", True),
    ]


def category_map() -> dict[str, Category]:
    return {c.key: c for c in categories()}


@dataclass
class Item:
    kind: str
    ref: datetime.date  # the date the item is about (planned follow-up, due date, last contact, …)
    months: int | None = None

    @property
    def category(self) -> Category:
        return category_map()[self.kind]


@dataclass
class Row:
    participation_id: int
    items: list[Item] = field(default_factory=list)
    spell: Participation | None = None


@dataclass
class Worklist:
    rows: list[Row]
    counts: dict[str, int]  # per category key
    total: int  # spells with anything to do
    by_intervention: dict[int, dict[str, int]] = field(default_factory=dict)


def _date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def due_date(item: Item, spell: Participation, planned_months: int | None = None) -> datetime.date:
    """The day the item fell (or falls) due, for display and for the reminders."""
    if item.kind == "POSTEXIT":
        return add_months(spell.slutdatum, item.months)
    if item.kind == "NO_CONTACT":
        return item.ref + datetime.timedelta(days=settings.FINSAM_NO_CONTACT_DAYS)
    if item.kind == "OVER_LENGTH" and planned_months:
        return add_months(item.ref, planned_months)
    if item.kind == "GAP":
        return item.ref + datetime.timedelta(days=GAP_DAYS)
    return item.ref


def _scope(interventions, ansvarig):
    spells = Participation.objects.countable().filter(intervention__in=interventions)
    return spells if ansvarig is None else spells.filter(ansvarig=ansvarig)


def _open_state(spells, today: datetime.date):
    """Every open spell in scope once, with what the open categories are judged on: the latest
    contact's planned follow-up and date (or the start), the earliest pending activity past its
    date. A CTE: each correlated subquery runs once per open spell, whatever the categories."""
    latest = Contact.objects.filter(participation=OuterRef("pk")).order_by("-date", "-pk")
    overdue_activity = (
        PlanActivity.objects.pending().filter(participation=OuterRef("pk"), due_date__lt=today).order_by("due_date")
    )
    return spells.filter(slutdatum__isnull=True).annotate(
        next_fu=Subquery(latest.values("next_followup")[:1], output_field=DateField()),
        seen=Coalesce(Subquery(latest.values("date")[:1], output_field=DateField()), F("startdatum")),
        act_due=Subquery(overdue_activity.values("due_date")[:1], output_field=DateField()),
    ).order_by().values("pk", "intervention_id", "startdatum", "next_fu", "seen", "act_due")


def _open_items(today: datetime.date, lengths: dict[int, int]) -> list[tuple[str, str, str, list]]:
    """(kind, ref column, condition, params) on the open_state rows `o`."""
    no_contact = today - datetime.timedelta(days=settings.FINSAM_NO_CONTACT_DAYS)
    items = [
        ("FOLLOWUP_OVERDUE", "o.next_fu", "o.next_fu < %s", [today]),
        ("ACTIVITY_OVERDUE", "o.act_due", "o.act_due IS NOT NULL", []),
        ("NO_CONTACT", "o.seen", "o.seen <= %s", [no_contact]),
        ("FOLLOWUP_SOON", "o.next_fu", "o.next_fu >= %s AND o.next_fu <= %s",
         [today, today + datetime.timedelta(days=SOON_DAYS)]),
    ]
    if lengths:  # started on or before the last start that is still within the planned length
        cutoffs = [(pk, latest_start(today - datetime.timedelta(days=1), months)) for pk, months in lengths.items()]
        items.append(("OVER_LENGTH", "o.startdatum", " OR ".join(
            ["(o.intervention_id = %s AND o.startdatum <= %s)"] * len(cutoffs)),
            [value for pair in cutoffs for value in pair]))
    return items


def _closed_parts(spells, interventions, ansvarig, today: datetime.date) -> list[tuple]:
    """(kind, months, queryset of values(pk, ref)) for the categories about ended spells."""
    parts = []
    window = settings.FINSAM_FOLLOWUP_WINDOW_DAYS
    for months in settings.FINSAM_FOLLOWUP_MONTHS:
        done = FollowUp.objects.filter(participation=OuterRef("pk"), months=months)
        parts.append(("POSTEXIT", months, spells.filter(
            slutdatum__lte=latest_start(today + datetime.timedelta(days=EARLY_DAYS), months),
            slutdatum__gt=latest_start(today - datetime.timedelta(days=window + 1), months),
        ).filter(~Exists(done)).annotate(ref=F("slutdatum"))))
    gaps = gap_worklist(interventions, days=GAP_DAYS, today=today).filter(
        slutdatum__gte=today - datetime.timedelta(days=GAP_LOOKBACK_DAYS)
    )
    if ansvarig is not None:
        gaps = gaps.filter(ansvarig=ansvarig)
    parts.append(("GAP", None, gaps.annotate(ref=F("slutdatum"))))
    return [(kind, months, qs.order_by().values("pk", "ref")) for kind, months, qs in parts]


# typed: PostgreSQL's UNION needs to know what the parameters are
ITEM = "SELECT {pid} AS pid, %s AS kind, CAST(%s AS INTEGER) AS rnk, {ref} AS ref, CAST(%s AS INTEGER) AS months"


def _items_sql(interventions, ansvarig, today, lengths) -> tuple[str, list]:
    """The CTEs `open_state` and `items` (pid, kind, rnk, ref, months), for a WITH clause."""
    ranks = {c.key: c.rank for c in categories()}
    spells = _scope(interventions, ansvarig)
    open_sql, params = _open_state(spells, today).query.sql_with_params()
    params = list(params)
    selects = []
    for kind, ref, condition, values in _open_items(today, lengths):
        selects.append(ITEM.format(pid="o.pk", ref=ref) + f" FROM open_state o WHERE {condition}")
        params += [kind, ranks[kind], None, *values]
    for kind, months, qs in _closed_parts(spells, interventions, ansvarig, today):
        sql, inner = qs.query.sql_with_params()
        selects.append(ITEM.format(pid="q.pk", ref="q.ref") + f" FROM ({sql}) q")
        params += [kind, ranks[kind], months, *inner]
    return f"open_state AS ({open_sql}), items AS ({' UNION ALL '.join(selects)})", params


def compute(interventions, *, today: datetime.date, ansvarig=None, page: int = 1, per_page: int = 50,
            kind: str | None = None, lengths: dict[int, int] | None = None,
            by_intervention: bool = False) -> Worklist:
    """The worklist of the spells in `interventions` (a queryset or ids; with `ansvarig`, only
    that staff member's): one page of spells sorted by their most urgent item, counts per
    category. One statement; `lengths` (intervention id → planned months) is read when not given."""
    if lengths is None:
        lengths = dict(PlannedLength.objects.values_list("intervention_id", "months"))
    items, params = _items_sql(interventions, ansvarig, today, lengths)
    chosen = "items" if not kind else "(SELECT * FROM items WHERE pid IN (SELECT pid FROM items WHERE kind = %s))"
    chosen_params = [kind] if kind else []
    table = Participation._meta.db_table
    per_intervention = (
        f" UNION ALL SELECT 'iv', p.intervention_id, items.kind, COUNT(*), NULL, NULL FROM items "
        f"JOIN {table} p ON p.id = items.pid GROUP BY p.intervention_id, items.kind"
        if by_intervention else ""
    )
    sql = (
        f"WITH {items}, "
        f"ranked AS (SELECT c.pid, c.rnk, c.ref, ROW_NUMBER() OVER (PARTITION BY c.pid ORDER BY c.rnk, c.ref) AS rn "
        f"FROM {chosen} c), "
        "page AS (SELECT pid, rnk, ref FROM ranked WHERE rn = 1 ORDER BY rnk, ref, pid LIMIT %s OFFSET %s) "
        "SELECT 'row', page.pid, items.kind, items.rnk, items.ref, items.months FROM page "
        "JOIN items ON items.pid = page.pid "
        "UNION ALL SELECT 'count', NULL, items.kind, COUNT(*), NULL, NULL FROM items GROUP BY items.kind "
        "UNION ALL SELECT 'total', NULL, NULL, COUNT(*), NULL, NULL FROM ranked WHERE rn = 1"
        + per_intervention
    )
    all_params = params + chosen_params + [per_page, (max(page, 1) - 1) * per_page]
    with connection.cursor() as cursor:
        cursor.execute(sql, all_params)
        fetched = cursor.fetchall()
    rows: dict[int, Row] = {}
    order: dict[int, tuple] = {}
    counts = {c.key: 0 for c in categories()}
    total, per = 0, {}
    for level, pid, item_kind, number, ref, months in fetched:
        if level == "row":
            row = rows.setdefault(pid, Row(pid))
            row.items.append(Item(item_kind, _date(ref), months))
            key = (number, _date(ref), pid)
            order[pid] = min(order.get(pid, key), key)
        elif level == "count":
            counts[item_kind] = number
        elif level == "total":
            total = number
        else:
            per.setdefault(pid, {})[item_kind] = number
    ranked_rows = sorted(rows.values(), key=lambda r: order[r.participation_id])
    for row in ranked_rows:
        row.items.sort(key=lambda i: (category_map()[i.kind].rank, i.ref))
    return Worklist(rows=ranked_rows, counts=counts, total=total, by_intervention=per)


def attach_spells(worklist: Worklist) -> None:
    """The page's spells with person, intervention and ansvarig, in one query."""
    ids = [row.participation_id for row in worklist.rows]
    spells = Participation.objects.select_related("participant", "intervention", "ansvarig").in_bulk(ids)
    for row in worklist.rows:
        row.spell = spells.get(row.participation_id)


def all_items(interventions, *, today: datetime.date, lengths: dict[int, int] | None = None) -> list[tuple]:
    """Every item over `interventions`, unpaged: (participation id, Item). For the daily reminders."""
    if lengths is None:
        lengths = dict(PlannedLength.objects.values_list("intervention_id", "months"))
    items, params = _items_sql(interventions, None, today, lengths)
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {items} SELECT pid, kind, ref, months FROM items ORDER BY pid", params)
        return [(pid, Item(kind, _date(ref), months)) for pid, kind, ref, months in cursor.fetchall()]
