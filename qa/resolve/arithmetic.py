"""SUM, DIFFERENCE, RATIO, SHARE and COMPARE of two items, companies or periods: each side is one reported
line, or the rows that make it up; the answer carries the arithmetic over the inputs' markers for the judge
to redo. (Change and average over one line's periods are in .acrossperiods, which period is highest in .ranking.)"""

from __future__ import annotations

import re

from ..lexicon.operations import RANK_MAX, RANK_MIN
from ..plan import Company, LineItem, Op
from ..read.items import line_item
from .conjoined import joined_parts, says_all
from .context import Context
from .draft import Draft, Input, Slot, Unanswerable
from .narrower import GUESSED, narrower_part
from .operands import evaluate_over as _evaluate, in_sizes as _in_sizes, pick_all as _pick_all, same_units as _same_units
from .operands import share_in_size as _share_in_size, slots as _slots

__all__ = ["two_sided"]


_OPS = {Op.SUM: ("{a} + {b}", "sum"), Op.DIFFERENCE: ("{a} - {b}", "difference"), Op.RATIO: ("{a} / {b}", "ratio"),
        Op.SHARE: ("{a} / {b}", "share")}


def _side(indices: list[int]) -> str:
    """One operand over input markers: '[2]', or '([2] + [3])' for a total the filing does not print."""
    refs = [f"[{i}]" for i in indices]
    return refs[0] if len(refs) == 1 else "(" + " + ".join(refs) + ")"


_TOTAL_WORD = re.compile(r"^\s*(?:the\s+)?total\s+(?=\w)", re.I)
# the whole named as the table's own total row: 'the Group total', 'the grand total'
_TOTAL_ROW_NAMED = re.compile(r"^\s*(?:the\s+)?(?:group|grand|overall|consolidated)\s+total\s*$", re.I)
_TOTAL_LABEL = re.compile(r"^\s*(?:(?:group|grand|overall|consolidated)\s+)?total\b(.*)$", re.I)


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
    if plan.operation is not Op.SHARE or index != 1 or not inputs or not (
            _TOTAL_WORD.match(item.text) or _TOTAL_ROW_NAMED.match(item.text)):
        return None
    part = inputs[0].fact
    asked = set(re.findall(r"[a-z]{3,}", item.text.lower())) | {"total"}
    rows = ctx.reader.filing_facts(part.filing_id, limit=3000, title=part.title)
    for g in sorted(rows, key=lambda g: (g.row_index, g.fact_id)):
        if (g.source, g.column_index, g.period, g.year_period, g.dimensions, g.unit) != (
                part.source, part.column_index, part.period, part.year_period, part.dimensions, part.unit):
            continue
        m = _TOTAL_LABEL.match(g.label or "")
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
    expr = _in_sizes(expr, inputs, op) if op != "share" else _share_in_size(expr, inputs, sides)
    unit = _same_units(inputs, op)
    value = _evaluate(expr, inputs)
    if op in ("ratio", "share"):
        ua, ub = inputs[0].fact.unit, inputs[-1].fact.unit
        unit = "pure" if ua == ub else f"{ua}/{ub}"
    name = {"sum": "the sum", "difference": "the difference", "ratio": "the ratio", "share": "the share"}[op]
    return Draft(plan, "arith", tuple(inputs), value, unit, expression=expr, operation=op, name=name,
                 confidence=confidence, rivals=rivals, extra={"sides": tuple(tuple(i - 1 for i in s) for s in sides)})
