"""Operations over two or more reported values: sum, difference, change, growth, ratio, share,
average, compare and rank. Each input is picked like a lookup for its own slot (item, period,
company); the answer carries the arithmetic over the inputs' markers for the judge to redo."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from index.facts import row_name
from index.parsers.numbers import canonical

from ..expression import ExpressionError, evaluate
from ..lexicon.operations import ALL_YEARS, AVERAGE_WORDS, RANK_MAX, RANK_MIN, THRESHOLD
from ..plan import Company, LineItem, Op, PeriodAsk
from .beforeafter import before_after
from .conjoined import joined_parts, says_all
from .context import Context
from .draft import Draft, Input, Slot, Unanswerable
from .lookup import lookup
from ..read.items import line_item
from .members import rank_members
from .narrower import GUESSED, narrower_part
from .rows import measure_of, rank_rows

# 'In which year was net income less than 100 million?': a threshold, not the highest or lowest
_THRESHOLD = re.compile(r"\b(?:less|more|greater|fewer|lower|higher|larger|smaller|above|below|under|over|exceed(?:s|ed|ing)?)"
                        r"\b(?:\s+than)?\s+(?:\$|€|£)?\s?\d", re.I)

__all__ = ["two_sided", "change", "average", "rank"]


def _slots(ctx: Context) -> list[tuple[LineItem, PeriodAsk | None, Company | None, int, str]]:
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


def _pick_all(ctx: Context, slots) -> tuple[list[Input], float, tuple]:
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


def _evaluate(expr: str, inputs: list[Input]) -> Decimal:
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


def _in_sizes(expr: str, inputs: list[Input], op: str) -> str:
    """The expression over the figures' sizes when every figure is an untagged outflow printed as a negative
    ('(17,334)' of 'Interest expense'): the average interest expense is an amount spent, not a negative one.
    (qa.check.asked still says the sign is a convention: such an answer is never marked verified.)"""
    facts = [i.fact for i in inputs]
    if op not in ("sum", "average", "change", "decrease", "difference") or not facts or any(
            f.concept or f.value is None or f.value >= 0 or not _outflow(f.label) for f in facts):
        return expr
    return re.sub(r"\[(\d+)\]", r"(-[\1])", expr)


def _same_units(inputs: list[Input], op: str) -> str | None:
    units = {i.fact.unit for i in inputs if i.fact.unit}
    if op in ("sum", "difference", "change", "average", "compare", "rank") and len(units) > 1:
        raise Unanswerable(f"The figures are in different units ({', '.join(sorted(units))}); they cannot be combined.")
    return next(iter(units), None)


_OPS = {Op.SUM: ("{a} + {b}", "sum"), Op.DIFFERENCE: ("{a} - {b}", "difference"), Op.RATIO: ("{a} / {b}", "ratio"),
        Op.SHARE: ("{a} / {b}", "share")}


def _side(indices: list[int]) -> str:
    """One operand over input markers: '[2]', or '([2] + [3])' for a total the filing does not print."""
    refs = [f"[{i}]" for i in indices]
    return refs[0] if len(refs) == 1 else "(" + " + ".join(refs) + ")"


_TOTAL_WORD = re.compile(r"^\s*(?:the\s+)?total\s+(?=\w)", re.I)


def _parts_of(ctx: Context, item: LineItem, ask, company, index: int, label: str):
    """The facts of one side. A sum over periods of 'the total X' may mean X added up, not a line printed
    'Total X': when no such line is reported for the period, X's own line is what is added."""
    try:
        return ctx.choose_parts(item, ask, company, item_index=index, label=label)
    except Unanswerable:
        plan = ctx.plan
        if plan.operation is not Op.SUM or len(plan.items) != 1 or len(plan.periods) < 2 or not _TOTAL_WORD.match(item.text):
            raise
        return ctx.choose_parts(line_item(_TOTAL_WORD.sub("", item.text)), ask, company, item_index=index, label=label)


def _total_chosen_over(item: LineItem, chosen, other) -> bool:
    """'total fees' answered by the line printed 'Total fees': a line that does not say 'total' is no rival."""
    return bool(_TOTAL_WORD.match(item.text) and re.search(r"\btotal\b", chosen.label or "", re.I)
                and not re.search(r"\btotal\b", other.label or "", re.I))


def _total_row_of(ctx: Context, item: LineItem, inputs: list[Input], index: int, label: str) -> Input | None:
    """The whole of a share asked as 'the total …' when no line fits its words: the total row of the table
    column the part was read from ('What is the percentage of X in the total liabilities?' over a table whose
    last row is 'Total'). Only a row printed as a total whose other words the question says."""
    plan = ctx.plan
    if plan.operation is not Op.SHARE or index != 1 or not inputs or not _TOTAL_WORD.match(item.text):
        return None
    part = inputs[0].fact
    asked = set(re.findall(r"[a-z]{3,}", item.text.lower())) | {"total"}
    rows = ctx.reader.filing_facts(part.filing_id, limit=3000, title=part.title)
    for g in sorted(rows, key=lambda g: (g.row_index, g.fact_id)):
        if (g.source, g.column_index, g.period, g.year_period, g.dimensions, g.unit) != (
                part.source, part.column_index, part.period, part.year_period, part.dimensions, part.unit):
            continue
        m = re.match(r"^\s*total\b(.*)$", g.label or "", re.I)
        if g.value is not None and g.row_index > part.row_index and m and set(re.findall(r"[a-z]{3,}", m.group(1).lower())) <= asked:
            return Input(g, Slot(item=index, period=inputs[0].slot.period, company=inputs[0].slot.company, label=label))
    return None


def two_sided(ctx: Context) -> Draft:
    """SUM, DIFFERENCE, RATIO, SHARE and COMPARE of two items, companies or periods."""
    plan = ctx.plan
    slots = _slots(ctx)
    if plan.operation is Op.COMPARE:
        inputs, confidence, rivals = _pick_all(ctx, slots)
        unit = _same_units(inputs, "compare")
        a, b = inputs
        lower = bool(RANK_MIN.search(plan.core)) and not RANK_MAX.search(plan.core)
        pick = (min if lower else max)((a, b), key=lambda i: i.fact.value)
        return Draft(plan, "which", tuple(inputs), pick.fact.value, unit, operation="compare", name=a.fact.label,
                     answer_words=pick.slot.label, confidence=confidence, rivals=rivals)
    inputs: list[Input] = []
    sides: list[list[int]] = []
    confidence, rivals, same_company = 1.0, (), None
    for item, ask, company, index, label in slots:
        company = company or same_company  # the other side comes from the same company
        try:
            parts, choice = _parts_of(ctx, item, ask, company, index, label)
        except Unanswerable:
            whole = _total_row_of(ctx, item, inputs, index, label)
            joined = joined_parts(ctx, item, ask, company, index, label) if whole is None and len(slots) == 2 else None
            if whole is None and joined is None:
                raise ctx.missing(item, ask, company) from None
            parts, choice = joined or [whole], None
        if choice is not None and len(slots) == 2 and plan.operation in (Op.SHARE, Op.RATIO) \
                and not any(says_all(item, p.fact) for p in parts):
            joined = joined_parts(ctx, item, ask, company, index, label)  # 'land and leasehold improvements': two rows
            if joined is not None:
                parts, choice = joined, None
        if choice is not None and index == 1 and inputs and {p.fact.fact_id for p in parts} == {i.fact.fact_id for i in inputs}:
            whole = _total_row_of(ctx, item, inputs, index, label)  # 'total costs' read as the part's own line
            if whole is not None:
                parts, choice = [whole], None
        if choice is None:  # a total row taken for the words' whole, or two rows for 'A and B': not certain
            sides.append(list(range(len(inputs) + 1, len(inputs) + len(parts) + 1)))
            inputs.extend(parts)
            confidence = min(confidence, 0.45)
            continue
        same_company = same_company or Company(parts[0].fact.entity)
        sides.append(list(range(len(inputs) + 1, len(inputs) + len(parts) + 1)))
        inputs.extend(parts)
        confidence = min(confidence, choice.confidence)
        rivals += tuple(c.fact for c in choice.rivals if not _total_chosen_over(item, parts[0].fact, c.fact))
    cited = {i.fact.fact_id for i in inputs}
    rivals = tuple(r for r in rivals if r.fact_id not in cited)  # another operand the question names is no rival
    if {i.fact.fact_id for i in inputs[:len(sides[0])]} == {i.fact.fact_id for i in inputs[len(sides[0]):]}:
        narrowed = narrower_part(ctx, slots, inputs)  # 'Swiss income' of 'income before taxes': the row 'Swiss'
        if narrowed is None:
            raise Unanswerable("Both parts of the question resolve to the same reported fact; ask for each part separately.")
        inputs, confidence = narrowed, min(confidence, GUESSED)
    template, op = _OPS[plan.operation]
    expr = template.format(a=_side(sides[0]), b=_side(sides[1])) if len(sides) == 2 else " + ".join(_side(s) for s in sides)
    expr = _in_sizes(expr, inputs, op)
    unit = _same_units(inputs, op)
    value = _evaluate(expr, inputs)
    if op in ("ratio", "share"):
        ua, ub = inputs[0].fact.unit, inputs[-1].fact.unit
        unit = "pure" if ua == ub else f"{ua}/{ub}"
    name = {"sum": "the sum", "difference": "the difference", "ratio": "the ratio", "share": "the share"}[op]
    return Draft(plan, "arith", tuple(inputs), value, unit, expression=expr, operation=op, name=name,
                 confidence=confidence, rivals=rivals, extra={"sides": tuple(tuple(i - 1 for i in s) for s in sides)})


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
        inputs, confidence, rivals = _pick_all(ctx, [(item, early, company, 0, early.describe()), (item, late, company, 0, late.describe())])
    if not certain:  # the line is printed for more years than two: which two were meant is a guess
        confidence = min(confidence, 0.45)
    if sides is None and _line(inputs[0].fact) != _line(inputs[1].fact):
        inputs = _one_line_for_both(ctx, item, early, late, company or Company(inputs[1].fact.entity), inputs)
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


def _line(f) -> str:
    return (f.concept or f.label).lower() + "|" + f.member_text.lower()


def average(ctx: Context) -> Draft:
    """The mean of one line item over the periods asked."""
    plan = ctx.plan
    item = plan.item
    company = plan.companies[0] if plan.companies else None
    periods = plan.periods
    if item is not None and len(periods) < 2 and not periods:
        found = ctx.candidates(item, None, company)
        if found and AVERAGE_WORDS.search(found[0].fact.label):  # 'the average price': a line that is an average
            return lookup(replace(ctx, plan=plan.with_(operation=Op.LOOKUP)))
        periods = ctx.reported_years(item, company)  # 'the average X' within one document: over the years it prints
    if item is None or len(periods) < 2:
        raise Unanswerable("An average needs a line item and at least two periods.")
    slots = [(item, a, company, 0, a.describe()) for a in periods]
    inputs, confidence, rivals = _pick_all(ctx, slots)
    unit = _same_units(inputs, "average")
    n = len(inputs)
    expr = _in_sizes("(" + " + ".join(f"[{i + 1}]" for i in range(n)) + f") / {n}", inputs, "average")
    return Draft(plan, "arith", tuple(inputs), _evaluate(expr, inputs), unit, expression=expr, operation="average",
                 name=inputs[0].fact.label, confidence=confidence, rivals=rivals)


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


_WORD_POWER = {"thousand": 3, "million": 6, "billion": 9}


def _threshold(text: str) -> tuple[str, Decimal, str] | None:
    """('<' or '>', the number as written, '%' | a scale word | '') of 'less than 2,000 thousands'."""
    m = THRESHOLD.search(text)
    if not m:
        return None
    below = m.group(1).lower() in ("less", "fewer", "lower", "smaller", "below", "under")
    return ("<" if below else ">"), Decimal(m.group(2).replace(",", "").replace("−", "-")), (m.group(3) or "").lower().rstrip("s")


def _meets(value: Decimal, side: str, bound: Decimal) -> bool:
    return value < bound if side == "<" else value > bound


def _over_threshold(ctx: Context, item: LineItem, periods, company, threshold) -> Draft:
    """'In which years was X less than 2,000 thousands?': every period whose value is past the bound. A bound
    written without a scale is read both as base units and as printed; when the two disagree the draft says so."""
    plan = ctx.plan
    side, number, word = threshold
    inputs, confidence, rivals = _pick_all(ctx, [(item, a, company, 0, a.describe()) for a in periods])
    unit = _same_units(inputs, "rank")
    if any(i.fact.value is None for i in inputs):
        raise Unanswerable("One of the figures compared is not a number.")
    def chosen(as_printed: bool) -> list[Input]:
        out = []
        for i in inputs:
            f = i.fact
            if word in ("%", "percent"):
                v = f.value * 100 if f.unit == "pure" else f.value
                bound = number
            elif word:
                v, bound = f.value, number.scaleb(_WORD_POWER[word])
            else:
                v, bound = (f.value.scaleb(-f.scale) if as_printed and f.scale else f.value), number
            if _meets(v, side, bound):
                out.append(i)
        return out
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
