"""'The total X' asked, a part of X found: the total row of the same table and period is the line meant.

The finder reads 'total' as no word of the line ('total revenue' is revenue), so for 'the percentage change
in total revenue' it may pick 'Product' under a 'Revenue' heading, or 'Billed receivables' for 'total
receivables, net' - a part of what was asked. When the picked row says words the question does not (it is
narrower than asked) and its table prints a total row beside it for the same period that says nothing
else ('Total', 'Total receivables, net'), that total row is the answer's line. A picked row that says only
what was asked ('Operating lease expense' for 'total operating lease expense') is kept: the table's grand
total ('Total lease expense') would be more than asked."""

from __future__ import annotations

import re

from index.facts import Fact, row_name

from ..find.features import label_tokens
from ..lexicon.words import GENERIC_LABEL_WORDS, NEUTRAL_MEMBER_WORDS, QUESTION_WORDS, canonical_tokens
from ..plan import LineItem

__all__ = ["total_row_meant", "TOTAL_ASKED"]

TOTAL_ASKED = re.compile(r"^\s*(?:the\s+)?total\b", re.I)  # 'the total X': a whole asked
# 'the average total costs', 'the increase/ (decrease) in total fees': what the operation left of the item is 'total X'
_TOTAL_AFTER_OP = re.compile(r"^\s*(?:the\s+)?(?:average|(?:net\s+)?(?:increase|decrease|change)(?:\s*/\s*\(?(?:increase|decrease)\)?)?"
                             r"\s+in)\s+(?:the\s+)?total\b", re.I)
_TOTAL_ROW = re.compile(r"^\s*total\b(.*)$", re.I)
_NOT_NARROWING = NEUTRAL_MEMBER_WORDS | GENERIC_LABEL_WORDS | QUESTION_WORDS


def total_row_meant(item: LineItem, f: Fact, reader) -> Fact | None:
    if reader is None or not (TOTAL_ASKED.match(item.text) or _TOTAL_AFTER_OP.match(item.text)) \
            or re.search(r"\btotal\b", f.label or "", re.I):
        return None
    asked = set(item.said_by(set(item.words)))
    unasked = {t for t in label_tokens(row_name(f.label)) if t not in asked and t not in _NOT_NARROWING and not t.isdigit()}
    if not unasked:  # the row says only what was asked: it is the line, not a part of it
        return None
    asked_text = set(canonical_tokens(item.text)) | {"total"}
    for g in reader.filing_facts(f.filing_id, limit=2000, title=f.title):
        if (g.fact_id == f.fact_id or g.value is None or g.source != f.source or g.period != f.period or g.unit != f.unit
                or (g.year_period and g.year_period.year) != (f.year_period and f.year_period.year)
                or g.column_index != f.column_index or g.dimensions != f.dimensions):
            continue
        m = _TOTAL_ROW.match(row_name(g.label))
        if m and {t for t in canonical_tokens(m.group(1)) if not t.isdigit()} <= asked_text:  # ('Total (1)': a footnote)
            return g
    return None
