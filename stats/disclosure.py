"""Disclosure control: the one way aggregated figures reach a user with suppression (the board).

Every board output — the SUS summary (page, files, JSON), the pathway pages and their files,
the interventions list, the tertial year view — hands the figures it publishes together to
`protect` as one `Figures` set, with the request's period and intervention set (a stronger
method can then compare what other requests give; see `Release`). What comes back says, for
every count, whether it is shown, and if not, why:

- `SMALL` (`<5`): the count itself is 1..N−1 (N = 5 for the board);
- `PROTECTED` (`×`): the count is hidden so that a hidden small count cannot be worked out
  from a total and the other visible counts of a line that adds up (it is ≥ N, or a small
  count *lifted* so that small counts do not pin each other);
- `DERIVED` (`–`): a percentage, share or amount worked out from a hidden count.

The method: (1) every count 1..N−1 is hidden, wherever the same quantity is published
(`Figures.link`); (2) whenever a line that adds up (`Figures.line`: inner counts and their
total) has exactly one hidden value, its smallest positive visible inner count is hidden
too (its total only when no inner count is left); (3) the attacker's audit (`stats.auditor`):
with every published number as a constraint (shown exact, `<N` in [1, N−1], `×` ≥ N, every
line an equation) integer programming bounds each hidden small count; while one is narrower
than [1, N−1], one more count of its lines is hidden and the audit repeats. Where small
counts pin each other whatever is hidden (small parts of a small total), the fewest of them
are *lifted*: shown as `×`, with no upper bound for the attacker. Zeros are shown (0 reveals
nobody). The audit credits the attacker with knowing that every other `×` is ≥ N.
"""

from __future__ import annotations

import datetime
import hashlib
import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from django.core.cache import cache

from .auditor import System, best_possible
from .tables import Cell, Table

AUDIT_CACHE_SECONDS = 24 * 3600
PROTECTED = "×"
DERIVED = "–"
PROTECTED_NOTE = f"{PROTECTED} = dold så att ett litet antal inte kan räknas fram (kan själv vara ett litet antal)."
BOARD_NOTE = ("Siffrorna är skyddade för att ingen enskild ska kunna identifieras och kan skilja sig något "
              "från kansliets.")


def small_mark(below: int) -> str:
    return f"<{below}"


def legend(below: int | None) -> str:
    """One line saying how hidden figures are shown ('' without suppression)."""
    if not below:
        return ""
    return (f"{BOARD_NOTE} Värden 1–{below - 1} visas som {small_mark(below)}; andelar och belopp som bygger "
            f"på dem som {DERIVED}; {PROTECTED_NOTE}")


def is_small(value, below: int | None) -> bool:
    return bool(below) and isinstance(value, int) and not isinstance(value, bool) and 0 < value < below


@dataclass(frozen=True)
class Release:
    """Who gets the figures and for what: the suppression limit (None: shown whole), the
    period and the interventions the request covers (codes; None when the request is not
    about a period or a selection)."""

    below: int | None
    period: tuple[datetime.date, datetime.date] | None = None
    interventions: tuple[str, ...] | None = None


class Figures:
    """The counts published together: each under a key, with the lines that add up and the
    keys that publish the same quantity."""

    def __init__(self):
        self.values: dict[Hashable, int] = {}
        self.order: dict[Hashable, object] = {}  # tie-break between equal counts of a line
        self.lines: list[tuple[tuple, Hashable | None]] = []
        self.unions: list[tuple[tuple, Hashable]] = []  # total ≤ Σ inner, total ≥ each inner
        self.headline: set = set()  # the figures readers look for first: hidden only when nothing else helps
        self.links: dict[Hashable, frozenset] = {}

    def count(self, key, value: int, *, order=None) -> None:
        self.values[key] = value
        self.order[key] = key if order is None else order

    def line(self, inner: Iterable, total=None) -> None:
        """The counts under `inner` add up to the count under `total` (None: no total is published)."""
        self.lines.append((tuple(inner), total))

    def prefer_shown(self, *keys) -> None:
        """Headline figures (the year's started, ended, people): the audit hides other counts
        first and these only when nothing else widens a small count."""
        for key in keys:
            self.headline.update(self.links.get(key, (key,)))

    def union(self, inner: Iterable, total) -> None:
        """The count under `total` holds the people of the counts under `inner`, each once."""
        self.unions.append((tuple(inner), total))

    def link(self, *keys) -> None:
        """The same quantity is published under each of `keys`: hidden in one, hidden in all."""
        group = frozenset().union(*(self.links.get(key, {key}) for key in keys))
        for key in group:
            self.links[key] = group

    def add_table(self, prefix, table: Table) -> None:
        """Every count of `table` under (prefix, row, column), rows + footer, with its lines."""
        grid = table.grid
        for r, row in enumerate(grid):
            for c, cell in enumerate(row):
                if cell.kind == "count":
                    self.count((prefix, r, c), cell.value, order=(r, c))

        def key(position):
            r, c = position
            if r < len(grid) and c < len(grid[r]) and grid[r][c].kind == "count":
                return (prefix, r, c)
            return None

        for inner, total in table.lines:
            self.line([k for k in map(key, inner) if k is not None], key(total))
        for inner, total in table.unions:
            if key(total) is not None:
                self.union([k for k in map(key, inner) if k is not None], key(total))

    def include(self, prefix, other: Figures) -> None:
        """Every count, line and link of `other`, each key under (prefix, *key) (a key that is
        a tuple is spread out: ("sus", "age", "total", "K"))."""
        def key(k):
            return (prefix, *k) if isinstance(k, tuple) else (prefix, k)

        for k, value in other.values.items():
            self.count(key(k), value, order=(prefix, other.order[k]))
        for inner, total in other.lines:
            self.line([key(k) for k in inner], None if total is None else key(total))
        for inner, total in other.unions:
            self.union([key(k) for k in inner], key(total))
        for group in set(other.links.values()):
            self.link(*[key(k) for k in group])
        self.prefer_shown(*[key(k) for k in other.headline])


class Protection:
    """What `protect` decided: the keys hidden because small, and those hidden to protect them."""

    def __init__(self, release: Release, small: set, protecting: set, lifted: set = frozenset()):
        self.release = release
        self.small = frozenset(small)
        self.protecting = frozenset(protecting)
        self.lifted = frozenset(lifted)  # of `protecting`: small totals shown as × (see _audit)

    def hides(self, key) -> bool:
        return key in self.small or key in self.protecting

    def within(self, prefix) -> Protection:
        """The part about keys (prefix, *rest), keyed by rest (a one-part rest by itself)."""
        def part(keys):
            rest = [key[1:] for key in keys if isinstance(key, tuple) and key and key[0] == prefix]
            return {r[0] if len(r) == 1 else r for r in rest}

        return Protection(self.release, part(self.small), part(self.protecting), part(self.lifted))

    def mark(self, key) -> str | None:
        """SMALL, PROTECTED or None (shown)."""
        if key in self.small:
            return small_mark(self.release.below)
        return PROTECTED if key in self.protecting else None


def protect(figures: Figures, release: Release) -> Protection:
    """The single entry point: which counts of `figures` the user of `release` may not see."""
    below = release.below
    if not below:
        return Protection(release, set(), set())
    values = figures.values
    hidden: set = set()

    def hide(key):
        hidden.update(figures.links.get(key, (key,)))

    for key, value in values.items():
        if is_small(value, below):
            hide(key)
    small = set(hidden)
    # The cheap rule first (no line with exactly one hidden count), then the attacker's audit.
    changed = True
    while changed:
        changed = False
        for inner, total in figures.lines + figures.unions:
            members = [*inner, total] if total is not None else list(inner)
            if sum(key in hidden for key in members) != 1:
                continue
            key = _next_to_hide(figures, [(inner, total)], hidden)
            if key is not None:
                hide(key)
                changed = True
    digest = _digest(figures, below)
    audited = cache.get(digest)
    lifted: set = set()
    if audited is None:  # the audit is deterministic in the figures: the same figures, the same answer
        _audit(figures, below, small, hidden, hide, lifted)
        cache.set(digest, ([key for key in figures.values if key in hidden],
                           [key for key in figures.values if key in lifted]), AUDIT_CACHE_SECONDS)
    else:
        hidden.update(audited[0])
        lifted.update(audited[1])
    return Protection(release, small - lifted, (hidden - small) | lifted, lifted)


def _digest(figures: Figures, below: int) -> str:
    text = repr((below, sorted(map(repr, figures.values.items())), figures.lines, figures.unions,
                 sorted(map(repr, figures.headline)),
                 sorted(repr(sorted(map(repr, group))) for group in set(figures.links.values()))))
    return "disclosure-audit-v4:" + hashlib.sha256(text.encode()).hexdigest()


def _next_to_hide(figures: Figures, lines, hidden: set, avoid=()):
    """The smallest visible positive inner count of `lines` (a total when no inner count is left):
    hiding it costs the least information. Only counts ≥ N are ever left to hide here. Keys in
    `avoid` are not chosen."""
    values, order = figures.values, figures.order
    inner = {key for keys, _total in lines for key in keys if key not in hidden and key not in avoid and values[key]}
    if inner:
        return min(inner, key=lambda key: (values[key], order[key]))
    totals = {total for _keys, total in lines
              if total is not None and total not in hidden and total not in avoid and values[total]}
    return min(totals, key=lambda key: (values[key], order[key])) if totals else None


def _audit(figures: Figures, below: int, small: set, hidden: set, hide, lifted: set) -> None:
    """Hide more counts until the attacker narrows no hidden small count (stats.auditor). Where
    small counts pin each other whatever is hidden (four `<5` adding up to a `<5` total: each is
    1), the small total is *lifted*: shown as `×`, so nothing says it is under N."""
    lines_of: dict = {}
    for line in figures.lines + figures.unions:
        for key in [*line[0], line[1]]:
            if key is not None:
                lines_of.setdefault(key, []).append(line)
    reference = None  # the attacker's ranges were every count ≥ N hidden (built when first needed)
    targets: dict = {}  # small unknown → the range it must be seen to span (narrower only if unavoidable)
    reach: dict = {}  # lifted unknown → (∞, how high it must be seen to go)
    headline = set().union(*(figures.links.get(key, (key,)) for key in figures.headline))
    seen: dict = {}  # unknown → [lowest, highest] value in the feasible solutions found so far

    def best():
        nonlocal reference
        if reference is None:
            reference = best_possible(figures.values, figures.lines, figures.links, small, below, lifted,
                                      figures.unions)
        return reference

    def target(u):  # an unknown is a key of its link group, and `lifted` holds whole groups
        if u in lifted:  # as high as it could be with every count ≥ N hidden (N at most)
            if u not in reach:
                reach[u] = (math.inf, best().reach(u))
            return reach[u]
        return targets.get(u, (1, below - 1))

    while True:
        system = System(figures.values, figures.lines, figures.links, small, hidden - small, below, lifted,
                        figures.unions)
        keys_of: dict = {}
        for key in figures.values:
            keys_of.setdefault(system.unknown_of[key], []).append(key)
        progress = False
        for members, equations in system.components():
            unsafe = system.unsafe(members, equations, target, seen)
            fresh = [u for u in unsafe if u not in targets and u not in system.lifted]
            if fresh:  # some ranges are narrow whatever is hidden (two small counts adding to a third)
                lift = _to_lift(best(), fresh, keys_of)
                if lift:
                    for key in lift:
                        lifted.update(figures.links.get(key, (key,)))
                    reference = None
                    reach.clear()  # the lifted counts' reach, again with the new lifts
                    progress = True
                    break  # a new system: the lifted counts have no upper bound
                for u in fresh:
                    targets[u] = best().span(u)
                unsafe = system.unsafe(members, equations, target, seen)
            chosen = set()
            for u in unsafe:  # one more count near each unsafe one, then audit again
                near = [line for key in keys_of[u] for line in lines_of.get(key, ())]
                if any(key in chosen for line in near for key in [*line[0], line[1]]):
                    continue  # a line of it already gets one this round
                wide = [line for m in sorted(members, key=repr) for k in keys_of[m] for line in lines_of.get(k, ())]
                key = None  # near it first, then anywhere in its component; a headline figure last
                for lines, avoid in ((near, headline), (wide, headline), (near, ()), (wide, ())):
                    key = _next_to_hide(figures, lines, hidden | chosen, avoid)
                    if key is not None:
                        break
                if key is not None:
                    chosen.add(key)
            for key in chosen:
                hide(key)
                progress = True
        if not progress:
            break

    def safe_without(shown: frozenset) -> bool:
        """The audit passes with the counts `shown` visible again (a fresh search: showing more
        narrows what was feasible, so earlier witnesses do not count)."""
        system = System(figures.values, figures.lines, figures.links, small, hidden - shown - small, below,
                        lifted, figures.unions)
        trial_seen: dict = {}
        return all(not system.unsafe(members, equations, target, trial_seen)
                   for members, equations in system.components())

    # The greedy choice can hide a headline figure that later hiding made unnecessary: show it
    # again if the audit still passes without it.
    for group in sorted({figures.links.get(key, frozenset((key,))) for key in headline
                         if key in hidden and key not in small and key not in lifted}, key=repr):
        if safe_without(frozenset(group)):
            hidden.difference_update(group)


def _to_lift(reference: System, fresh: list, keys_of: dict) -> set:
    """The small counts to show as `×` so that small counts stop pinning each other from above:
    those whose `<N` keeps a count of `fresh` under N−1 even with every count ≥ N hidden (the
    fewest, by `System.bounding`). A range narrowed from below (two small parts: at least 2)
    says no more than that several people are there, and stays."""
    blamed = set()
    for u in fresh:
        if reference.span(u)[1] < reference.below - 1:
            blamed.update(keys_of[v][0] for v in reference.bounding(u))
    return blamed


def _derived_mark(cell: Cell, r: int, hidden: set, hidden_rows: set, hidden_values: set, below) -> str | None:
    """DERIVED when a figure worked out from counts could give a hidden one back."""
    if any(is_small(value, below) for value in cell.depends):
        return DERIVED
    if not cell.depends:
        return None
    if cell.sources is not None:  # it says which columns of its row it is made of
        gives_away = any((r, source) in hidden for source in cell.sources)
    else:  # it may be made of anything in its row, or of a total elsewhere
        gives_away = r in hidden_rows or any(value in hidden_values for value in cell.depends)
    return DERIVED if gives_away else None


def protect_tables(tables: list[Table], release: Release) -> list[Table]:
    """Protect the tables one response publishes together and mark their cells (in place):
    hidden counts get SMALL or PROTECTED, figures derived from them DERIVED."""
    figures = Figures()
    for index, table in enumerate(tables):
        figures.add_table(index, table)
    return mark_tables(tables, protect(figures, release))


def mark_tables(tables: list[Table], protection: Protection, prefix=None) -> list[Table]:
    """Mark the cells of `tables` (in place) as `protection` decided, the table at `index`
    having been added under `index` (or under (prefix, index))."""
    release = protection.release
    if prefix is not None:
        protection = protection.within(prefix)
    # A share in one table may be worked out from a count hidden in another of the same output.
    hidden_values = {cell.value for index, table in enumerate(tables) for r, row in enumerate(table.grid)
                     for c, cell in enumerate(row) if protection.hides((index, r, c))}
    for index, table in enumerate(tables):
        grid = table.grid
        hidden = {(r, c) for r, row in enumerate(grid) for c, _cell in enumerate(row)
                  if protection.hides((index, r, c))}
        hidden_rows = {r for r, _c in hidden}
        for r, row in enumerate(grid):
            for c, cell in enumerate(row):
                if cell.kind == "count":
                    cell.mark = protection.mark((index, r, c))
                else:
                    cell.mark = _derived_mark(cell, r, hidden, hidden_rows, hidden_values, release.below) \
                        if release.below else None
    return tables


class Released(dict):
    """Figures as published: a plain JSON-able dict whose hidden counts are None, and which of
    those Nones hide a small count (the rest protect one)."""

    def __init__(self, data: dict, protection: Protection):
        super().__init__(data)
        self.below = protection.release.below
        self.protecting = protection.protecting
        self.lifted = protection.lifted

    def mark(self, path) -> str | None:
        """The mark for the None at `path` (a tuple of keys into the dict)."""
        if path in self.protecting:
            return PROTECTED
        return small_mark(self.below) if self.below else None
