"""How many quarters a line passes a bound in: 'How many quarters did basic earnings per share exceed $0.30?' over a
quarterly table whose columns (or rows) are the quarters printed as words ('First 2019', 'Fourth Quarter 2018'): the
index keeps them as members, not periods, so the years a threshold count runs over are not there to count. The
quarters of the line are its facts whose one member names a quarter, of the year asked - or, none asked, of the
latest year the members print. Never verified: which quarters a member names is read from its words."""

from __future__ import annotations

import re
from decimal import Decimal

from index.facts import Fact

from ..plan import LineItem
from .context import Context
from .draft import Draft, Input, Slot

__all__ = ["count_quarters"]

_QUARTERS_ASKED = re.compile(r"\bhow many (?:of the )?(?:fiscal )?quarters\b", re.I)
_QUARTER = re.compile(r"\b(?:first|second|third|fourth|1st|2nd|3rd|4th|q[1-4])\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_UNSURE = 0.4  # below the judge's floor: a count read from member words is said, never vouched for


def _quarter_of(f: Fact) -> str | None:
    if f.value is None or len(f.dimensions) != 1:
        return None
    member = f.dimensions[0].member
    return member if _QUARTER.search(member) else None


def count_quarters(ctx: Context, item: LineItem, company, passes) -> Draft | None:
    """The quarters (members) of the line best fitting ``item`` whose value ``passes`` the bound, counted; None when
    the question asks no count of quarters or the line has no quarter members."""
    plan = ctx.plan
    if not _QUARTERS_ASKED.search(plan.text) or not plan.scope:
        return None
    found = ctx.candidates(item, None, company, unit_kind=None)
    quarterly = [c.fact for c in found if _quarter_of(c.fact)]
    if not quarterly:
        return None
    best = quarterly[0].label
    facts = [f for f in quarterly if f.label == best]
    years = {int(y) for f in facts for y in _YEAR.findall(_quarter_of(f))}
    asked = {a.year for a in plan.periods if a.year is not None} or {int(y) for y in _YEAR.findall(plan.core or plan.text)}
    if asked:
        facts = [f for f in facts if asked & {int(y) for y in _YEAR.findall(_quarter_of(f))}]
    elif len(years) > 1:
        facts = [f for f in facts if str(max(years)) in _quarter_of(f)]
    members = list(dict.fromkeys(_quarter_of(f) for f in facts))
    if not 2 <= len(members) <= 4 or len(members) != len(facts):
        return None
    facts.sort(key=lambda f: f.column_index if f.column_index is not None else f.row_index)
    inputs = [Input(f, Slot(label=_quarter_of(f))) for f in facts]
    picked = [i for i in inputs if passes(i.fact)]
    words = f"{len(picked)} ({' and '.join(i.slot.label for i in picked) or 'none'})"
    ordered = picked + [i for i in inputs if i not in picked]
    return Draft(plan, "which", tuple(ordered), Decimal(len(picked)), None, operation="threshold count", name=best,
                 answer_words=words, confidence=_UNSURE,
                 notes=("The quarters counted are the table's columns named in words; their dates are not printed.",))
