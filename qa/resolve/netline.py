"""'The net X' asked, 'Total X' or 'X, gross' found: the table's 'Net X' ('X, net') beside it is the line meant.

The finder reads 'net' as no word of the line ('net deferred tax assets' is deferred tax assets), so it may
pick a table's 'Total deferred tax assets' (before the valuation allowance and the liabilities are taken off)
or 'Land, property and equipment, gross' when the same table, for the same period and column, prints
'Net deferred tax assets' or 'Land, property and equipment, net'. The judge already refuses such a pick ("the
question asks for a net figure; the cited line is a total or a gross figure"); this finds the line it asks for:
a row of the same table, period, column and unit whose name says 'net' and, that word and 'total'/'gross'
aside, exactly what the picked row says."""

from __future__ import annotations

import re

from index.facts import Fact, row_name

from ..find.features import label_tokens
from ..lexicon.words import canonical_tokens
from ..plan import LineItem

__all__ = ["net_line_meant", "NET_ASKED"]

NET_ASKED = re.compile(r"\bnet\b(?!\s+of\b)", re.I)  # 'net deferred tax assets' ('net of tax' qualifies, it names nothing)
_WHOLE = re.compile(r"\b(?:total|gross)\b", re.I)
_KIND_WORDS = frozenset(canonical_tokens("net total gross"))


def _rest(label: str) -> frozenset[str]:
    return frozenset(label_tokens(label) - _KIND_WORDS)


def net_line_meant(item: LineItem, f: Fact, reader) -> Fact | None:
    """The 'net' row beside a picked total or gross row, when the question asks for the net figure; else None."""
    own = row_name(f.label or "")
    if reader is None or not NET_ASKED.search(item.text) or NET_ASKED.search(own) or not _WHOLE.search(own):
        return None
    rest = _rest(own)
    if not rest:
        return None
    for g in reader.filing_facts(f.filing_id, limit=2000, title=f.title):
        if (g.fact_id == f.fact_id or g.value is None or g.source != f.source or g.period != f.period or g.unit != f.unit
                or (g.year_period and g.year_period.year) != (f.year_period and f.year_period.year)
                or g.column_index != f.column_index or g.dimensions != f.dimensions):
            continue
        name = row_name(g.label or "")
        if NET_ASKED.search(name) and not _WHOLE.search(name) and _rest(name) == rest:
            return g
    return None
