"""Which period, listed item or member has the highest or lowest value, and which periods are past a bound
the question gives ('In which years was X less than 2,000?')."""

from __future__ import annotations

import re
from decimal import Decimal

from ..lexicon.operations import THRESHOLD
from ..plan import LineItem
from .bounds import bound_of, passes
from .context import Context
from .draft import Draft, Input, Unanswerable
from .members import rank_members
from .operands import pick_all as _pick_all, same_units as _same_units
from .quartercount import count_quarters
from .rows import measure_of, rank_rows

# 'In which year was net income less than 100 million?': a threshold, not the highest or lowest
_THRESHOLD = re.compile(r"\b(?:less|more|greater|fewer|lower|higher|larger|smaller|above|below|under|over|exceed(?:s|ed|ing)?)"
                        r"\b(?:\s+than)?\s+(?:\$|€|£)?\s?\d", re.I)

__all__ = ["rank"]


def rank(ctx: Context) -> Draft:
    """Which period (or listed item, or member of an axis) has the highest or lowest value."""
    plan = ctx.plan
    if plan.rank_over == "member":
        rows = bool(plan.scope and (measure_of(plan.core or plan.text) or plan.periods))
        try:
            draft = rank_members(ctx)
        except Unanswerable:
            if not rows:
                raise
            return rank_rows(ctx)  # a table's rows named by the axis's words ('which segment …'), not tagged members
        facts = [i.fact for i in draft.inputs]
        members = all(len(f.dimensions) == 1 for f in facts) and len({f.dimensions[0].axis for f in facts}) == 1
        return draft if members or not rows else rank_rows(ctx)
    if plan.rank_over == "item" and len(plan.items) < 2 and plan.scope and measure_of(plan.core or plan.text):
        return rank_rows(ctx)  # 'Which contractual obligation has the highest total value?': the rows of one column
    company = plan.companies[0] if plan.companies else None
    if plan.rank_over == "item" and len(plan.items) >= 2:
        ask = plan.periods[0] if plan.periods else None
        slots = [(it, ask, company, i, it.text) for i, it in enumerate(plan.items)]
    else:
        item = plan.item
        periods = plan.periods
        threshold = _threshold(plan.core or plan.text)
        if plan.extreme == "count" and threshold is not None and item is not None and len(periods) < 2:
            counted = count_quarters(ctx, item, company, lambda f: passes(f, threshold))  # quarters printed as members
            if counted is not None:
                return counted
        if item is not None and len(periods) < 2 and (threshold is not None or not _THRESHOLD.search(plan.text)):
            periods = ctx.reported_years(item, company)  # 'In which year was X larger?': the years it is printed for
        if threshold is not None and item is not None and len(periods) >= 2:
            return _over_threshold(ctx, item, periods, company, threshold)
        if item is None or len(periods) < 2:
            raise Unanswerable("The question asks which period is highest, but names fewer than two periods to compare.")
        slots = [(item, a, company, 0, a.describe()) for a in periods]
    inputs, confidence, rivals = _pick_all(ctx, slots)
    unit = _same_units(inputs, "rank")
    pick = (max if plan.extreme != "min" else min)(inputs, key=lambda i: i.fact.value)
    words = pick.slot.label if plan.rank_over != "item" else _item_words(pick)
    return Draft(plan, "which", tuple(inputs), pick.fact.value, unit, operation=f"rank {plan.extreme or 'max'}",
                 name=inputs[0].fact.label, answer_words=words, confidence=confidence, rivals=rivals)


def _threshold(text: str) -> tuple[str, Decimal, str] | None:
    """The bound of 'less than 2,000 thousands' (qa.resolve.bounds), None when the question sets none."""
    m = THRESHOLD.search(text)
    return bound_of(m) if m else None


def _over_threshold(ctx: Context, item: LineItem, periods, company, threshold) -> Draft:
    """'In which years was X less than 2,000 thousands?': every period whose value is past the bound. A bound
    written without a scale is read both as base units and as printed; when the two disagree the draft says so."""
    plan = ctx.plan
    word = threshold[2]  # a bound with no scale word may read differently as printed
    inputs, confidence, rivals = _pick_all(ctx, [(item, a, company, 0, a.describe()) for a in periods])
    unit = _same_units(inputs, "rank")
    if any(i.fact.value is None for i in inputs):
        raise Unanswerable("One of the figures compared is not a number.")
    def chosen(as_printed: bool) -> list[Input]:
        return [i for i in inputs if passes(i.fact, threshold, as_printed)]
    picked = chosen(False)
    notes = ()
    if not word and [i.fact.fact_id for i in chosen(True)] != [i.fact.fact_id for i in picked]:
        confidence = min(confidence, 0.4)  # the bound reads differently as printed and in base units: not certain
        notes = ("The bound has no scale: read in base units, as printed it picks other years.",)
    if not picked and plan.extreme != "count":
        raise Unanswerable("No period asked has a value past the bound the question gives.")
    if not picked:
        return Draft(plan, "which", tuple(inputs), Decimal(0), None, operation="threshold count", name=inputs[0].fact.label,
                     answer_words="0 (none)", confidence=confidence, rivals=rivals, notes=notes)
    words = " and ".join(i.slot.label for i in picked)
    ordered = picked + [i for i in inputs if i not in picked]
    count = plan.extreme == "count"  # 'how many years did X exceed …': the number of them
    if count:
        words = f"{len(picked)} ({words})"
    return Draft(plan, "which", tuple(ordered), Decimal(len(picked)) if count else None, None if count else unit,
                 operation="threshold count" if count else "threshold", name=inputs[0].fact.label,
                 answer_words=words, confidence=confidence, rivals=rivals, notes=notes)


def _item_words(inp: Input) -> str:
    f = inp.fact
    return f"{f.label}" + (f" ({f.member_text})" if f.dimensions else "")
