"""The operands of an arithmetic answer: the slots a question names (two items, companies or periods), each
picked like a lookup, and the expression evaluated over their markers, in sizes for untagged outflows."""

from __future__ import annotations

import re
from decimal import Decimal

from index.facts import row_name
from index.parsers.numbers import canonical

from ..expression import ExpressionError, evaluate
from ..lexicon.operations import ALL_YEARS
from ..plan import Company, LineItem, Op, PeriodAsk
from .context import Context
from .draft import Input, Unanswerable

__all__ = ["slots", "pick_all", "evaluate_over", "in_sizes", "same_units"]


def slots(ctx: Context) -> list[tuple[LineItem, PeriodAsk | None, Company | None, int, str]]:
    """(item, period, company, item index, label) for each side of a two-sided question: two items, two
    companies, or two periods - whichever the question names twice."""
    plan = ctx.plan
    items, periods, companies = plan.items, list(plan.periods), list(plan.companies)
    if len(items) >= 2:
        ask = periods[0] if periods else None
        company = companies[0] if companies else None
        return [(items[i], ask, company, i, items[i].text) for i in range(2)]
    item = items[0] if items else None
    if item is None:
        raise Unanswerable("The question names no line item to compute with.")
    if len(companies) >= 2:
        asks = periods[:2] if len(periods) >= 2 else [periods[0] if periods else None] * 2
        return [(item, asks[i], companies[i], 0, companies[i].name) for i in range(2)]
    if len(periods) >= 2:
        company = companies[0] if companies else None
        n = len(periods) if plan.operation is Op.SUM else 2  # a total over 2017 to 2019 adds every year of it
        return [(item, periods[i], company, 0, periods[i].describe()) for i in range(n)]
    every = ALL_YEARS.search(plan.core or plan.text) if plan.operation is Op.SUM and not periods else None
    if every is not None:  # 'the total X across all 3 years': each year X is printed for, as many as the question says
        company = companies[0] if companies else None
        years = ctx.reported_years(item, company)
        said = every.group(1) or every.group(2)
        n = int(said) if said and said.isdigit() else _NUMBER_WORDS.get((said or "").lower())
        if len(years) >= 2 and (n is None or n == len(years)):
            return [(item, a, company, 0, a.describe()) for a in years]
    raise Unanswerable("The question asks for a computation over two things, but names only one.")


_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5}


def pick_all(ctx: Context, slots) -> tuple[list[Input], float, tuple]:
    inputs, confidence, rivals = [], 1.0, ()
    same_company = None
    for item, ask, company, index, label in slots:
        if company is None and same_company is not None:
            company = same_company  # the other side of a computation comes from the same company
        try:
            inp, choice = ctx.choose(item, ask, company, item_index=index, label=label)
        except Unanswerable:
            raise ctx.missing(item, ask, company) from None
        if company is None:
            same_company = Company(inp.fact.entity)
        inputs.append(inp)
        confidence = min(confidence, choice.confidence)
        rivals += tuple(c.fact for c in choice.rivals)
    return inputs, confidence, rivals


def evaluate_over(expr: str, inputs: list[Input]) -> Decimal:
    values = {i + 1: inp.fact.value for i, inp in enumerate(inputs)}
    if any(v is None for v in values.values()):
        raise Unanswerable("One of the inputs is not a number, so nothing can be computed.")
    try:
        return canonical(evaluate(expr, values).value)
    except ExpressionError as e:
        raise Unanswerable(f"The computation is undefined for these inputs ({e}).") from None


# a line named for what goes out ('Interest expense', 'Net cash used in financing activities', 'Less voyage costs'):
# an untagged table prints it in parentheses as a deduction; its expense, average or change is said in sizes
_OUTFLOW = re.compile(r"\b(?:expenses?|costs?|loss(?:es)?|used in|allowances?|deductions?|purchases?|repurchases?|"
                      r"depreciation|amorti[sz]ation|impairments?|charges?|write-?(?:offs?|downs?)|outflows?|paid)\b", re.I)
_OUTFLOW_FIRST = re.compile(r"^\s*(?:less\s*:?\s+)?(?:[\w-]+\s+){0,2}?(?:expenses?|costs?|loss(?:es)?|charges?)\b|^\s*less\b", re.I)
# 'Other income (expense), net', 'provided by (used in)', '(loss) gain': a line of either sign
_EITHER = re.compile(r"\b(?:income|gains?|provided by|increase|profit|benefit|earnings|inflows?)\s*\(\s*(?:expenses?|loss(?:es)?|"
                     r"used in|decrease|costs?)\s*\)|\(\s*(?:loss|expense|decrease)\s*\)\s*,?\s*(?:income|gain|increase|profit)", re.I)


def _outflow(label: str) -> bool:
    name = row_name(label)
    return bool(_OUTFLOW_FIRST.search(name)) or (bool(_OUTFLOW.search(name)) and not _EITHER.search(name))


def in_sizes(expr: str, inputs: list[Input], op: str) -> str:
    """The expression over the figures' sizes when every figure is an untagged outflow printed as a negative
    ('(17,334)' of 'Interest expense'): the average interest expense is an amount spent, not a negative one.
    (qa.check.asked still says the sign is a convention: such an answer is never marked verified.)"""
    facts = [i.fact for i in inputs]
    if op not in ("sum", "average", "change", "decrease", "difference") or not facts or any(
            f.concept or f.value is None or f.value >= 0 or not _outflow(f.label) for f in facts):
        return expr
    return re.sub(r"\[(\d+)\]", r"(-[\1])", expr)


def share_in_size(expr: str, inputs: list[Input], sides: list[list[int]]) -> str:
    """A share whose part is printed as a negative of a positive whole ('Forfeited (12,632)' of the shares outstanding):
    the part's size over the whole, as a deduction's share of a total is said. (qa.check.asked says the sign is a
    convention: such an answer is never marked verified.)"""
    if len(sides) != 2:
        return expr
    part, whole = ([inputs[i - 1].fact for i in side] for side in sides)
    if any(f.concept or f.value is None or f.value >= 0 for f in part) or any(f.value is None or f.value <= 0 for f in whole):
        return expr
    marks = {f"[{i}]" for i in sides[0]}
    return re.sub(r"\[\d+\]", lambda m: f"(-{m.group(0)})" if m.group(0) in marks else m.group(0), expr)


def same_units(inputs: list[Input], op: str) -> str | None:
    units = {i.fact.unit for i in inputs if i.fact.unit}
    if op in ("sum", "difference", "change", "average", "compare", "rank") and len(units) > 1:
        raise Unanswerable(f"The figures are in different units ({', '.join(sorted(units))}); they cannot be combined.")
    return next(iter(units), None)
