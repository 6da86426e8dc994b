"""'Cost of revenue as a percentage of revenue' in a common-size table: the table prints every line as a share of
revenue ('Revenue 100%', 'Cost of revenue 55%'), so the share asked is the printed cell, not a quotient of amounts
the document does not give. The table is taken as common-size only when its revenue line reads 100% in the same
column as the cell."""

from __future__ import annotations

import re

from index.facts import row_name

from .context import Context
from .draft import Draft, Unanswerable

__all__ = ["printed_share_of_revenue"]

_REVENUE_ROW = re.compile(r"^\s*(?:total\s+|net\s+)?(?:revenues?|sales|net sales|turnover)\s*$", re.I)


def _common_size(ctx: Context, f) -> bool:
    rows = ctx.reader.filing_facts(f.filing_id, limit=2000, title=f.title)
    return any(g.source == f.source and g.column_index == f.column_index and g.unit == "pure" and g.value == 1
               and _REVENUE_ROW.match(row_name(g.label)) for g in rows)


def printed_share_of_revenue(ctx: Context, formula, asks: list) -> Draft:
    """The printed percentage of the line ``formula.x`` for the period asked, from a common-size table."""
    item = formula.x
    if item is None or not ctx.plan.scope or len(asks) > 1:  # (several years: each is asked on its own, qa.resolve.measures)
        raise Unanswerable("No common-size table to read the share from.")
    ask = asks[0] if asks else None
    company = ctx.plan.companies[0] if ctx.plan.companies else None
    found = [c for c in ctx.candidates(item, ask, company, unit_kind="percent") if c.fact.unit == "pure" and c.fact.value is not None]
    if not found or not _common_size(ctx, found[0].fact):
        raise Unanswerable("No common-size table to read the share from.")
    inp, choice = ctx.choose(item, ask, company, label=item.text, unit_kind="percent")
    f = inp.fact
    if f.fact_id != found[0].fact.fact_id:
        raise Unanswerable("No common-size table to read the share from.")
    return Draft(ctx.plan, "arith", (inp,), f.value, "pure", expression="[1]", operation="share_of_revenue printed",
                 name=f"{f.label} as a share of revenue", confidence=choice.confidence, rivals=tuple(c.fact for c in choice.rivals))
