"""The attacker's audit of a set of published figures (used by `stats.disclosure.protect`).

What an attacker knows of each count: a shown count exactly; a count shown as `<N` lies in
[1, N−1]; a count shown as `×` is at least 1 (zeros are shown). The audit credits the attacker
with more than the board is told: that a `×` hiding a count ≥ N is ≥ N; only a *lifted* count
(a small total shown as `×` because its small parts would otherwise pin each other) is
modelled as [1, ∞). Every line that adds up is an equation, and a quantity published under
several keys is one unknown; a count of the people of several counts (each person once) is at
most their sum and at least each of them. From that system the attacker bounds every hidden small count by integer
linear programming (HiGHS through scipy). A hidden small count is *safe* when the attacker
can still not exclude 1 nor N−1: everything learnt is what `<N` already says.

The system is split into connected components (hidden unknowns joined by lines), so each
program is small, and every solution found is reused as a witness for all its unknowns
(a count seen at 1 and at N−1 in feasible solutions needs no program of its own).
"""

from __future__ import annotations

import random
from collections.abc import Hashable

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

MIXED_PROGRAMS = 6


class System:
    """The equations and bounds an attacker has, over the unknowns (link groups) of `figures`."""

    def __init__(self, values: dict, lines, links: dict, small: set, protecting: set, below: int,
                 lifted: set = frozenset(), unions=()):
        self.below = below
        self.unknown_of: dict[Hashable, Hashable] = {}
        for key in values:
            group = links.get(key, (key,))
            self.unknown_of[key] = min(group, key=repr)
        self.value = {self.unknown_of[key]: value for key, value in values.items()}
        hidden = small | protecting
        self.small = {self.unknown_of[key] for key in small}
        self.hidden = {self.unknown_of[key] for key in hidden}
        self.lifted = {self.unknown_of[key] for key in lifted}  # small, shown as ×: no upper bound
        # ({unknown: coefficient}, low, high) meaning low ≤ Σ coefficient·unknown ≤ high
        self.equations: list[tuple[dict, int, float]] = []
        for inner, total in lines:
            if total is not None:
                self._add([*((key, 1) for key in inner), (total, -1)], exact=True)
        for inner, total in unions:  # the people of several counts, each once
            self._add([*((key, 1) for key in inner), (total, -1)], exact=False)  # total ≤ Σ inner
            for key in inner:
                self._add([(total, 1), (key, -1)], exact=False)  # total ≥ each inner

    def _add(self, pairs: list, *, exact: bool) -> None:
        terms: dict = {}
        for key, coefficient in pairs:
            u = self.unknown_of[key]
            terms[u] = terms.get(u, 0) + coefficient
        known = sum(-coefficient * self.value[u] for u, coefficient in terms.items() if u not in self.hidden)
        terms = {u: c for u, c in terms.items() if u in self.hidden and c}
        if terms:
            self.equations.append((terms, known, known if exact else np.inf))

    def components(self) -> list[tuple[frozenset, list]]:
        """(hidden unknowns, their equations) per connected component holding a small unknown."""
        parent = {u: u for u in self.hidden}

        def root(u):
            while parent[u] != u:
                parent[u] = parent[parent[u]]
                u = parent[u]
            return u

        for terms, _low, _high in self.equations:
            first, *rest = terms
            for other in rest:
                parent[root(other)] = root(first)
        groups: dict = {}
        for u in self.hidden:
            groups.setdefault(root(u), set()).add(u)
        equations: dict = {}
        for equation in self.equations:
            equations.setdefault(root(next(iter(equation[0]))), []).append(equation)
        found = [(frozenset(members), equations.get(r, [])) for r, members in groups.items() if members & self.small]
        return sorted(found, key=lambda component: min(map(repr, component[0])))  # the same order in every process

    def unsafe(self, members: frozenset, equations: list, target, seen: dict, only=None) -> list:
        """The small unknowns of one component whose range the attacker narrows below `target`
        (unknown → (low, high)), sorted. `seen` (unknown → [lowest, highest] value in any
        feasible solution found) is kept across calls: hiding more only widens the feasible
        set, so a value seen once stays feasible."""
        small = sorted((u for u in members if u in self.small), key=repr)
        if not equations:
            return []

        def open_(u):
            low, high = target(u)
            lowest, highest = seen.setdefault(u, [self.value[u], self.value[u]])  # the truth is a solution
            return lowest > low or highest < high

        todo = [u for u in small if open_(u)]
        if not todo:
            return []
        solve, _order, index = self._program(members, equations)

        def witness(solution):
            for u in small:
                value = round(solution[index[u]])
                mark = seen[u]
                mark[0], mark[1] = min(mark[0], value), max(mark[1], value)

        for sign in (1, -1):  # all open ones down, then all up: most witnesses in two programs
            witness(solve({u: sign for u in todo}))
        rng = random.Random(len(todo))  # then mixed directions (seeded: the audit stays deterministic)
        for _ in range(MIXED_PROGRAMS if len(todo) > 4 else 0):
            witness(solve({u: rng.choice((1, -1)) for u in todo}))
        for u in todo if only is None else [u for u in todo if u in only]:
            for sign in (1, -1):
                low, high = target(u)
                if (seen[u][0] > low) if sign > 0 else (seen[u][1] < high):
                    witness(solve({u: sign}))
        return [u for u in todo if open_(u)]

    def _component(self, u):
        if not hasattr(self, "_components"):
            self._components = {}
            for members, equations in self.components():
                for member in members:
                    self._components[member] = (members, equations)
            self._seen: dict = {}
        return self._components.get(u)

    def reach(self, u) -> int:
        """How high the lifted unknown `u` can go, up to N: as high as the audit can ask it to
        be seen (a lifted total of one `<N` and zeros is that count, and can never reach N)."""
        found = self._component(u)
        if found is None:
            return self.below
        solve, _order, index = self._program(*found, cap=self.below)
        return round(solve({u: -1})[index[u]])

    def span(self, u) -> tuple[int, int]:
        """The attacker's integer range of the small unknown `u` (in its component)."""
        found = self._component(u)
        if found is None:
            return (1, self.below - 1)
        members, equations = found
        full = lambda _u: (1, self.below - 1)  # noqa: E731
        if u not in self._seen:  # one pass over the whole component finds most at the full range
            self.unsafe(members, equations, full, self._seen, only=())
        lowest, highest = self._seen[u]
        if lowest <= 1 and highest >= self.below - 1:
            return (1, self.below - 1)
        solve, _order, index = self._program(members, equations)
        return (round(solve({u: 1})[index[u]]), round(solve({u: -1})[index[u]]))

    def bounding(self, u) -> list:
        """The other small unknowns whose `< N` keeps the small unknown `u` below N−1: the fewest
        overshoots (an integer program over slacks: each small unknown may pass N−1 at a cost)
        that let `u` reach N−1. Empty when no upper bound of another small count is to blame."""
        found = self._component(u)
        if found is None:
            return []
        members, equations = found
        order = sorted(members, key=repr)
        index = {m: i for i, m in enumerate(order)}
        loose = [m for m in order if m in self.small and m not in self.lifted and m != u]
        width = len(order) + len(loose)
        matrix, least, most = _rows(equations, index, width)
        rows, low, high = list(matrix), list(least), list(most)
        for j, m in enumerate(loose):  # x_m − s_m ≤ N−1
            row = np.zeros(width)
            row[index[m]], row[len(order) + j] = 1, -1
            rows.append(row), low.append(-np.inf), high.append(self.below - 1)
        lower = [1 if m in self.small else self.below for m in order] + [0] * len(loose)
        upper = [np.inf if m in self.lifted or m not in self.small or m in loose else self.below - 1
                 for m in order] + [np.inf] * len(loose)
        lower[index[u]] = self.below - 1
        cost = np.concatenate([np.zeros(len(order)), np.ones(len(loose))])
        result = milp(cost, constraints=LinearConstraint(np.array(rows), low, high),
                      bounds=Bounds(lower, upper), integrality=np.ones(width))
        if not result.success:
            return []
        return [m for j, m in enumerate(loose) if result.x[len(order) + j] > 0.5]

    def _program(self, members, equations, cap=np.inf):
        order = sorted(members, key=repr)
        index = {u: i for i, u in enumerate(order)}
        matrix, least, most = _rows(equations, index, len(order))
        low = np.array([1 if u in self.small else self.below for u in order], dtype=float)
        high = np.array([cap if u in self.lifted else self.below - 1 if u in self.small else np.inf for u in order],
                        dtype=float)
        constraints = LinearConstraint(matrix, least, most) if len(equations) else ()
        bounds = Bounds(low, high)
        integrality = np.ones(len(order))
        truth = [self.value[u] for u in order]

        def solve(objective: dict):
            vector = np.zeros(len(order))
            for u, sign in objective.items():
                vector[index[u]] = sign
            result = milp(vector, constraints=constraints, bounds=bounds, integrality=integrality)
            return result.x if result.success else truth

        return solve, order, index


def _rows(equations, index: dict, width: int):
    """The equations as a matrix of `width` columns (unknown `u` in column index[u]) with each
    row's lower and upper bound."""
    matrix = np.zeros((len(equations), width))
    least, most = np.zeros(len(equations)), np.zeros(len(equations))
    for row, (terms, known, upper) in enumerate(equations):
        for u, coefficient in terms.items():
            matrix[row, index[u]] = coefficient
        least[row], most[row] = known, upper
    return matrix, least, most


def best_possible(values: dict, lines, links: dict, small: set, below: int, lifted: set = frozenset(),
                  unions=()) -> System:
    """The system the attacker would have if every count ≥ N were hidden (zeros stay shown), with
    the same small counts lifted: no amount of hiding narrows a small count less than this, so it
    is the audit's target."""
    rest = {key for key, value in values.items() if value and key not in small}
    return System(values, lines, links, small, rest, below, lifted, unions)
