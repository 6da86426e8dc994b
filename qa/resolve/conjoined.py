"""One side of a computation named as two lines joined by 'and': 'the proportion of land and leasehold improvements
over the gross cost', 'other foreign borrowings and other domestic borrowings as a percentage of total debt'. When no
one line says what both halves say, each half is picked as a line of its own and the side is their sum - two rows of
the same table, column and period, each saying the words that set its half apart from the other.

Which rows the halves mean is read from their words only, so the draft is never certain (qa.check then finds the
words of the other half unsaid by each cited line, and does not verify it)."""

from __future__ import annotations

import re

from index.facts import row_name

from ..find.features import label_tokens, member_tokens
from ..lexicon.words import GENERIC_LABEL_WORDS, canonical_tokens
from ..plan import Company, LineItem, PeriodAsk
from ..read.items import _free_splits, line_item, operand_texts
from .draft import Input, Unanswerable

__all__ = ["says_all", "joined_parts"]

_AND = re.compile(r"\s+and\s+", re.I)
_NOT_WORDS = GENERIC_LABEL_WORDS | frozenset(canonical_tokens("total the of in"))


def _said(f) -> set[str]:
    """The words a fact's row and member say."""
    return set(label_tokens(row_name(f.label or ""))) | {t for toks in member_tokens(f) for t in toks}


def says_all(item: LineItem, f) -> bool:
    """Does the fact's row say every content word of the item ('Total liabilities and stockholders' equity')?"""
    return set(item.words) - _NOT_WORDS <= item.said_by(_said(f))


def _readings(text: str) -> list[tuple[str, str]]:
    """The two halves of 'A and B' as written, and with a shared head or tail given to both."""
    splits = _free_splits(text, _AND)
    if len(splits) != 1:
        return []
    m = splits[0]
    out = [(text[:m.start()].strip(), text[m.end():].strip())]
    shared = operand_texts(text, "sum")
    if shared is not None and shared not in out:
        out.append(shared)
    return [(a, b) for a, b in out if a and b]


def joined_parts(ctx, item: LineItem, ask: PeriodAsk | None, company: Company | None, index: int,
                 label: str) -> list[Input] | None:
    """The two rows 'A and B' names, when each half picks its own row of one table column; else None."""
    for left, right in _readings(item.text):
        halves = [line_item(left), line_item(right)]
        own = [set(h.words) - set(o.words) - _NOT_WORDS for h, o in (halves, halves[::-1])]
        if not all(own):
            continue
        picked = []
        for half, words in zip(halves, own):
            try:
                found, _ = ctx.choose_parts(half, ask, company, item_index=index, label=label)
            except Unanswerable:
                break
            inp = found[0]
            if len(found) != 1 or not words <= half.said_by(_said(inp.fact)) or inp.fact.value is None:
                break
            picked.append(inp)
        if len(picked) != 2:
            continue
        a, b = (i.fact for i in picked)
        if a.fact_id == b.fact_id or (a.filing_id, a.source, a.title, a.period, a.year_period, a.unit) != (
                b.filing_id, b.source, b.title, b.period, b.year_period, b.unit):
            continue
        if a.column_index != b.column_index and (a.row_index != b.row_index or a.dimensions == b.dimensions):
            continue  # two rows of one column, or two member columns of one row
        return picked
    return None
