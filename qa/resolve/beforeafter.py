"""A change asked across a table's before and after columns, not across periods: 'What is the percentage increase in
total assets after adoption of the new standard?' over columns 'As Reported' and 'Balances Without Adoption of New
Standard'; 'the percentage difference of total liabilities when comparing after adjustment to before adjustment' over
columns dated August 1 and December 31 of one year. The line's row gives both figures: the column that says it is
without (before) the change, and the one that says it is as reported (after) it - or, when none says so, its two
dated columns, the earlier first. Which column is which is read from their headings, so the answer is never certain."""

from __future__ import annotations

import re

from ..plan import Company, LineItem
from ..read.items import line_item
from .draft import Input, Slot

__all__ = ["before_after"]

_CLAUSE = re.compile(r"\s+(?:when\s+)?(?:comparing\s+|compared\s+)?(?:after|before)\b.*$", re.I)
_ASKS = re.compile(r"\b(?:after|before)\b", re.I)
_BEFORE = re.compile(r"\b(?:without|before|prior to|previously reported|excluding)\b", re.I)
_AFTER = re.compile(r"\b(?:as reported|after|as adjusted|with adoption|including)\b", re.I)
GUESSED = 0.45


def _heading(f) -> str:
    return f"{f.column_label} {f.member_text}"


def before_after(ctx, item: LineItem, company: Company | None) -> list[Input] | None:
    """[before, after] inputs of the line's one row, or None when the question asks no before and after or the
    row's columns do not say which is which."""
    plan = ctx.plan
    if not _ASKS.search(plan.core or plan.text) or not plan.scope:
        return None
    line = _CLAUSE.sub("", item.text).strip()  # 'total assets after adoption of new standard': the line is 'total assets'
    found = ctx.candidates(line_item(line) if line else item, None, company)
    if not found:
        return None
    best = found[0].fact
    row = {}
    for c in found:
        g = c.fact
        if (g.filing_id, g.source, g.title, g.row_index, g.unit) == (best.filing_id, best.source, best.title, best.row_index,
                                                                     best.unit) and g.value is not None:
            row.setdefault(g.column_index, g)
    cells = list(row.values())
    before = [g for g in cells if _BEFORE.search(_heading(g))]
    after = [g for g in cells if _AFTER.search(_heading(g)) and not _BEFORE.search(_heading(g))]
    if not (len(before) == 1 and len(after) == 1):
        dated = sorted((g for g in cells if g.period is not None and g.period.kind == "instant"), key=lambda g: g.period.end)
        if len(dated) != 2 or dated[0].period.end == dated[1].period.end or before or after:
            return None
        before, after = [dated[0]], [dated[1]]
    name = company.name if company else ""
    return [Input(before[0], Slot(company=name, label=before[0].column_label.strip())),
            Input(after[0], Slot(company=name, label=after[0].column_label.strip()))]
