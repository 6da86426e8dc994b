"""One line item over periods: its change or growth between two periods, and its average over several."""

from __future__ import annotations

from dataclasses import replace

from index.facts import row_name

from ..lexicon.operations import AVERAGE_WORDS
from ..read.yearforms import LABEL_AVERAGE
from ..plan import Company, LineItem, Op, PeriodAsk
from .arithmetic import two_sided
from .beforeafter import before_after
from .context import Context
from .draft import Draft, Input, Unanswerable
from .lookup import lookup
from .tabletotal import pick_or_total
from .operands import evaluate_over as _evaluate, in_sizes as _in_sizes, same_units as _same_units

__all__ = ["change", "average"]


def change(ctx: Context) -> Draft:
    """CHANGE and GROWTH of one line item between two periods (earlier first)."""
    plan = ctx.plan
    item = plan.item
    company = plan.companies[0] if plan.companies else None
    periods, certain = plan.periods, True
    if not periods and item is not None:  # 'the percentage change in total emissions' within one document
        years = ctx.reported_years(item, company)  # the line's years, latest first: its two latest years
        periods, certain = tuple(reversed(years[:2])), len(years) == 2
    sides = before_after(ctx, item, company) if len(periods) < 2 and item is not None else None
    if len(periods) < 2 and sides is None:
        raise Unanswerable("A change needs two periods; the question names one.")
    if item is None:
        raise Unanswerable("The question names no line item whose change to compute.")
    if sides is not None:  # 'the increase in X after adoption': the row's before and after columns (a guess)
        inputs, confidence, rivals = sides, 0.45, ()
    else:
        early, late = periods[0], periods[1]
        inputs, confidence, rivals, item = pick_or_total(
            ctx, item, lambda it: [(it, early, company, 0, early.describe()), (it, late, company, 0, late.describe())])
    if not certain:  # the line is printed for more years than two: which two were meant is a guess
        confidence = min(confidence, 0.45)
    if sides is None and _line(inputs[0].fact) != _line(inputs[1].fact):
        inputs = _one_line_for_both(ctx, item, early, late, company or Company(inputs[1].fact.entity), inputs)
    if sides is None and plan.output.points and plan.operation is Op.CHANGE:
        inputs = _rate_column(ctx, item, (early, late), company, inputs)
    _same_units(inputs, "change")
    growth = plan.operation is Op.GROWTH
    if growth:
        expr, op = "([2] - [1]) / [1]", "growth"
    elif plan.output.magnitude:
        expr, op = "[1] - [2]", "decrease"
    else:
        expr, op = "[2] - [1]", "change"
    expr = _in_sizes(expr, inputs, op)
    value = _evaluate(expr, inputs)
    if plan.output.gap and not growth and value is not None and value < 0:  # 'the difference between 2018 and 2019'
        expr, op = _in_sizes("[1] - [2]", inputs, "difference"), "difference"
        value = _evaluate(expr, inputs)
    unit = "pure" if growth else inputs[0].fact.unit
    return Draft(plan, "arith", tuple(inputs), value, unit, expression=expr, operation=op, name=inputs[1].fact.label,
                 confidence=confidence, rivals=rivals)


def _one_line_for_both(ctx: Context, item: LineItem, early: PeriodAsk, late: PeriodAsk, company: Company,
                       picked: list[Input]) -> list[Input]:
    """A change compares one line with itself: the line reported for both periods that fits best for both
    (its weaker period's score decides), when the two periods' own best picks are different lines."""
    a = ctx.candidates(item, early, company)
    b = ctx.candidates(item, late, company)
    best_a: dict[str, object] = {}
    best_b: dict[str, object] = {}
    for found, best in ((a, best_a), (b, best_b)):
        for c in found:
            best.setdefault(_line(c.fact), c)
    both = [k for k in best_a if k in best_b]
    if not both:
        return picked
    key = max(both, key=lambda k: min(best_a[k].score, best_b[k].score))
    return [Input(best_a[key].fact, picked[0].slot), Input(best_b[key].fact, picked[1].slot)]


def _rate_column(ctx: Context, item: LineItem, periods, company: Company | None, picked: list[Input]) -> list[Input]:
    """A change in points of a line printed both as an amount and as a rate ('APAC': 'Net Sales' and '% of Total'):
    the same row's rate in each period, when the amounts were picked."""
    if all(i.fact.unit in (None, "pure") for i in picked):
        return picked
    out = []
    for ask, inp in zip(periods, picked):
        row = row_name(inp.fact.label)
        rate = next((c for c in ctx.candidates(item, ask, company) if c.fact.unit == "pure" and row_name(c.fact.label) == row
                     and c.fact.entity == inp.fact.entity), None)
        if rate is None:
            return picked
        out.append(Input(rate.fact, inp.slot))
    return out


def _line(f) -> str:
    return (f.concept or f.label).lower() + "|" + f.member_text.lower()


def average(ctx: Context) -> Draft:
    """The mean of one line item over the periods asked."""
    plan = ctx.plan
    item = plan.item
    company = plan.companies[0] if plan.companies else None
    periods = plan.periods
    if len(plan.items) == 2 and len(periods) == 1:  # 'the average of A and B in 2019': their sum halved
        both = two_sided(replace(ctx, plan=plan.with_(operation=Op.SUM)))
        expr = f"({both.expression}) / 2"
        return replace(both, plan=plan, expression=expr, value=_evaluate(expr, list(both.inputs)), operation="average",
                       name="the average")
    if item is not None and len(periods) < 2 and not periods:
        found = ctx.candidates(item, None, company)
        if found and AVERAGE_WORDS.search(found[0].fact.label):  # 'the average price': a line that is an average
            return lookup(replace(ctx, plan=plan.with_(operation=Op.LOOKUP)))
        periods = ctx.reported_years(item, company)  # 'the average X' within one document: over the years it prints
        if len(periods) < 2 and LABEL_AVERAGE.search(plan.text):  # 'the average fair value of X', printed once
            return lookup(replace(ctx, plan=plan.with_(operation=Op.LOOKUP)))
    if item is None or len(periods) < 2:
        raise Unanswerable("An average needs a line item and at least two periods.")
    inputs, confidence, rivals, item = pick_or_total(ctx, item, lambda it: [(it, a, company, 0, a.describe()) for a in periods])
    unit = _same_units(inputs, "average")
    n = len(inputs)
    expr = _in_sizes("(" + " + ".join(f"[{i + 1}]" for i in range(n)) + f") / {n}", inputs, "average")
    return Draft(plan, "arith", tuple(inputs), _evaluate(expr, inputs), unit, expression=expr, operation="average",
                 name=inputs[0].fact.label, confidence=confidence, rivals=rivals)
