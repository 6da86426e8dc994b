"""Which column of one row is the largest or smallest, when the measure asked is a row, not a column: 'In which
business segment was the net balances at September 30, 2018 the largest?' over a table whose columns are the
segments (and a Total) and whose rows are 'Net balances at September 30, 2017', '… 2018', '… 2019'. The row is the
one line whose label holds every word of the measure and whose label or cells say the year asked; its cells in
the columns that are not a total are the peers. Which columns are peers is read from the layout: never verified."""

from __future__ import annotations

import re

from ..plan import LineItem
from .context import Context
from .draft import Draft, Input, Slot

__all__ = ["rank_columns_of_row"]

_TOTAL = re.compile(r"^\s*(?:total|grand total|sum)\b|\btotal\s*$", re.I)


def _column_name(f) -> str:
    return (f.dimensions[-1].member if f.dimensions else f.column_label or "").strip()


def rank_columns_of_row(ctx: Context, asked: set[str], words_of, year_of, ask, lowest: bool) -> Draft | None:
    """The draft naming the extreme column of the one row the measure's words name, or None when not exactly one
    row of a table with two or more non-total columns fits."""
    if not asked:
        return None
    rows: dict[tuple, list] = {}
    for g in ctx.reader.query_facts(limit=5000):
        if g.value is not None and g.dimensions:
            rows.setdefault((g.filing_id, g.source, g.title, g.row_index), []).append(g)
    fitting = []
    for cells in rows.values():
        label = (cells[0].row_label or cells[0].label or "").strip()
        if not asked <= words_of(label):
            continue
        if ask is not None and ask.year and str(ask.year) not in label and not all(year_of(g) == ask.year for g in cells):
            continue
        peers = [g for g in sorted(cells, key=lambda g: (g.column_index or 0, g.fact_id))
                 if _column_name(g) and not _TOTAL.search(_column_name(g))]
        if len(peers) >= 2 and len({g.unit for g in peers}) == 1 and len({_column_name(g) for g in peers}) == len(peers):
            fitting.append(peers)
    if len(fitting) != 1:
        return None
    peers = fitting[0]
    pick = (min if lowest else max)(peers, key=lambda g: g.value)
    if [g.value for g in peers].count(pick.value) > 1:
        return None
    ordered = [pick] + [g for g in peers if g is not pick]
    inputs = tuple(Input(g, Slot(period=ask, label=_column_name(g), asked=ask)) for g in ordered)
    measure = (pick.row_label or pick.label).strip()
    return Draft(ctx.plan, "which", inputs, pick.value, pick.unit, operation=f"rank columns {'min' if lowest else 'max'}",
                 name=LineItem(measure, tuple(sorted(asked))).text, answer_words=_column_name(pick), confidence=0.4)
