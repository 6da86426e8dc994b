"""Which column can each value of a flattened R-page row sit in?

The flattened text drops empty cells, so a row printed as ``|Vested |1,587,950 |10,326,250`` under
twenty dated columns does not say which two columns hold the numbers. What we do know, and use:

* order: a row's values keep the left-to-right order of their columns;
* units: a "¥ 616" cell sits in a column whose header lists CNY (¥), a "$ / shares" row in a
  column that lists $ / shares, and so on (``compatible`` sets, built by the caller);
* coverage: the EDGAR renderer only makes a column for a context that has a value in the table,
  so every column holds at least one cell.

From these constraints we compute, for every value, the exact set of columns it can occupy in
*some* arrangement that satisfies all of them: nothing is guessed, only the impossible is removed.
Coverage is a small integer program (scipy's HiGHS); when the constraints cannot all hold (the
page breaks an assumption) we fall back to order and units alone, and say so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["ColumnDomains", "solve_domains"]

# Above this many (value, column) pairs the coverage program is skipped: order and units still apply.
_MAX_PAIRS = 6000


@dataclass(frozen=True)
class ColumnDomains:
    domains: list[list[frozenset[int]]]  # per row, per value: the columns it may occupy
    coverage_used: bool  # False when the coverage step was skipped or infeasible
    note: str = ""


def _chain_domains(compat: list[frozenset[int]]) -> list[frozenset[int]] | None:
    """Exact domains for one row under 'strictly increasing columns'; None if no placement exists."""
    k = len(compat)
    if k == 0:
        return []
    lo: list[int] = []
    prev = -1
    for s in compat:
        cands = [c for c in s if c > prev]
        if not cands:
            return None
        prev = min(cands)
        lo.append(prev)
    hi = [0] * k
    nxt = 10**9
    for j in range(k - 1, -1, -1):
        cands = [c for c in compat[j] if c < nxt]
        if not cands:
            return None
        nxt = max(cands)
        hi[j] = nxt
    out = []
    for j, s in enumerate(compat):
        low = lo[j - 1] if j > 0 else -1
        high = hi[j + 1] if j + 1 < k else 10**9
        out.append(frozenset(c for c in s if low < c < high))
    return out


def solve_domains(rows: list[list[frozenset[int]]], n_columns: int) -> ColumnDomains:
    """Narrow each value's compatible columns by order, then by coverage of every column."""
    ordered: list[list[frozenset[int]]] = []
    broken: set[int] = set()
    for i, compat in enumerate(rows):
        d = _chain_domains(compat)
        if d is None:  # the row cannot be laid out in order: keep what the units allow
            broken.add(i)
            d = list(compat)
        ordered.append(d)
    note = f"{len(broken)} row(s) could not be placed in column order" if broken else ""

    pairs = [(i, j, c) for i, row in enumerate(ordered) for j, dom in enumerate(row) for c in sorted(dom)]
    if not pairs or n_columns == 0:
        return ColumnDomains(ordered, False, note)
    if len(pairs) > _MAX_PAIRS:
        return ColumnDomains(ordered, False, (note + "; " if note else "") + "table too large for the coverage check")

    try:
        from scipy.optimize import Bounds, LinearConstraint, milp
    except ImportError:  # pragma: no cover - scipy is a pinned dependency
        return ColumnDomains(ordered, False, note)

    index = {p: n for n, p in enumerate(pairs)}
    nvar = len(pairs)
    a_rows: list[np.ndarray] = []
    lower: list[float] = []
    upper: list[float] = []

    def add(coeffs: dict[int, float], lo: float, hi: float) -> None:
        row = np.zeros(nvar)
        for k, v in coeffs.items():
            row[k] += v
        a_rows.append(row)
        lower.append(lo)
        upper.append(hi)

    for i, row in enumerate(ordered):
        for j, dom in enumerate(row):
            add({index[(i, j, c)]: 1.0 for c in dom}, 1, 1)  # each value sits in exactly one column
            if j + 1 < len(row) and i not in broken:  # ...left of the next value of its row
                coeffs = {index[(i, j, c)]: float(c) for c in dom}
                for c in row[j + 1]:
                    coeffs[index[(i, j + 1, c)]] = coeffs.get(index[(i, j + 1, c)], 0.0) - float(c)
                add(coeffs, -np.inf, -1)
    for c in range(n_columns):
        coeffs = {index[p]: 1.0 for p in pairs if p[2] == c}
        if not coeffs:
            return ColumnDomains(ordered, False, (note + "; " if note else "") + f"column {c + 1} can hold no value")
        add(coeffs, 1, np.inf)  # every column holds at least one value
    constraint = LinearConstraint(np.vstack(a_rows), np.array(lower), np.array(upper))
    integrality = np.ones(nvar)

    def solve(objective: np.ndarray, fixed: int | None = None, time_limit: float | None = None) -> np.ndarray | None:
        lb = np.zeros(nvar)
        if fixed is not None:
            lb[fixed] = 1
        options = {"time_limit": time_limit} if time_limit else {}
        res = milp(objective, constraints=constraint, integrality=integrality, bounds=Bounds(lb, np.ones(nvar)), options=options)
        # a time-limited search may stop early: any integer-feasible point it found still witnesses pairs
        return res.x if res.x is not None and res.status in (0, 1) else None

    witnessed: set[int] = set()
    pool: list[dict[tuple[int, int], int]] = []  # known solutions: (row, value) -> column

    def record(x: np.ndarray) -> None:
        ks = [int(k) for k in np.flatnonzero(x > 0.5)]
        witnessed.update(ks)
        if len(pool) < 24:
            pool.append({(pairs[k][0], pairs[k][1]): pairs[k][2] for k in ks})

    def by_local_move(i: int, j: int, c: int) -> bool:
        """Move one value of a known solution to column c: still ordered, old column still covered?"""
        for sol in pool:
            old = sol[(i, j)]
            if old == c:
                return True
            if (i, j - 1) in sol and i not in broken and sol[(i, j - 1)] >= c:
                continue
            if (i, j + 1) in sol and i not in broken and sol[(i, j + 1)] <= c:
                continue
            if sum(1 for v in sol.values() if v == old) > 1:
                moved = dict(sol)
                moved[(i, j)] = c
                if len(pool) < 24:
                    pool.append(moved)
                return True
        return False

    first = solve(np.zeros(nvar))
    if first is None:
        return ColumnDomains(ordered, False, (note + "; " if note else "") + "coverage constraints cannot all hold")
    record(first)
    for k in range(nvar):
        if k in witnessed:
            continue
        i, j, c = pairs[k]
        if by_local_move(i, j, c):
            witnessed.add(k)
            continue
        x = solve(np.zeros(nvar), fixed=k)  # the exact test, for the few a cheap move cannot show
        if x is not None:
            record(x)

    narrowed = [
        [frozenset(c for c in dom if index[(i, j, c)] in witnessed) for j, dom in enumerate(row)]
        for i, row in enumerate(ordered)
    ]
    return ColumnDomains(narrowed, True, note)
