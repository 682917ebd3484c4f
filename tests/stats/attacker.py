"""The board's attacker: everything it can work out from what the board was given.

Written apart from stats.auditor on purpose (no components, no witnesses, one integer program
per bound) so that the tests check the auditor rather than repeat it.

`bounds` takes published figures — each key shown as an int, `<N`, `×` or `×?` — and the equations
between them (lines that add up: inner keys summing to a total key; two keys of one quantity
are the line ([a], b); `unions`: a total counting the people of its inner keys, each once)
and returns, for every hidden key, the smallest and largest integer value consistent with all
of it. `narrowed` lists the `<N` keys the attacker pins closer than
[1, N−1]; `pinned` those it works out exactly.

The board is told that `×` is a hidden count (≥ 1, zeros are shown). The tests give this
attacker more: an insider's knowledge that a `×` hiding a count ≥ N is ≥ N, so `×` means
[N, ∞) here and only `×?` (a small total shown as ×, stats.disclosure's lifted counts) [1, ∞).
"""


from __future__ import annotations

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

LIFTED = "×?"


def _program(published: dict, lines, below: int, unions=()):
    hidden = sorted((k for k, v in published.items() if not isinstance(v, int)), key=repr)
    index = {k: i for i, k in enumerate(hidden)}
    rows, least, most = [], [], []

    def add(terms, exact):  # Σ sign·key = 0 (exact) or ≥ 0
        row, constant = np.zeros(len(hidden)), 0
        for key, sign in terms:
            if key not in published:
                return
            if key in index:
                row[index[key]] += sign
            else:
                constant -= sign * published[key]
        if row.any():
            rows.append(row)
            least.append(constant)
            most.append(constant if exact else np.inf)

    for inner, total in lines:
        add([*((k, 1) for k in inner), (total, -1)], True)
    for inner, total in unions:  # a count of the people of several counts, each once
        add([*((k, 1) for k in inner), (total, -1)], False)
        for key in inner:
            add([(total, 1), (key, -1)], False)
    low = [1 if published[k] in (f"<{below}", LIFTED) else below for k in hidden]
    high = [below - 1 if published[k] == f"<{below}" else np.inf for k in hidden]
    return hidden, index, np.array(rows), (np.array(least, dtype=float), np.array(most, dtype=float)), \
        Bounds(low, high)


def bounds(published: dict, lines, below: int, keys=None, unions=()) -> dict:
    """{hidden key: (min, max)} over `keys` (default: every hidden key; a × is unbounded above)."""
    hidden, index, matrix, (least, most), box = _program(published, lines, below, unions)
    out = {}
    for key in hidden if keys is None else keys:
        found = []
        for sign in (1, -1):
            objective = np.zeros(len(hidden))
            objective[index[key]] = sign
            constraints = [LinearConstraint(matrix, least, most)] if len(matrix) else []
            result = milp(objective, constraints=constraints, bounds=box, integrality=np.ones(len(hidden)))
            if sign < 0 and not result.success and published[key] != f"<{below}":  # a × is unbounded above
                found.append(float("inf"))
                continue
            assert result.success, result.message
            found.append(round(result.x[index[key]]))
        out[key] = tuple(found)
    return out


def narrowed(published: dict, lines, below: int) -> dict:
    """The `<N` keys whose range the attacker narrows beyond what the small counts' own lines
    say (two `<5` adding up to a third `<5` bound each other whatever else is hidden), with
    that range. The bar is [1, N−1] unless even hiding every positive count leaves less."""
    small = f"<{below}"
    keys = [key for key, value in published.items() if value == small]
    found = bounds(published, lines, below, keys)
    narrow = {key: span for key, span in found.items() if span != (1, below - 1)}
    if narrow:
        everything = {key: "×" if isinstance(value, int) and value else value for key, value in published.items()}
        best = bounds(everything, lines, below, list(narrow))
        narrow = {key: span for key, span in narrow.items() if span != best[key]}
    return narrow


def pinned(published: dict, lines, below: int) -> dict:
    """The `<N` keys the attacker works out exactly, with their value."""
    small = f"<{below}"
    keys = [key for key, value in published.items() if value == small]
    return {key: low for key, (low, high) in bounds(published, lines, below, keys).items() if low == high}
