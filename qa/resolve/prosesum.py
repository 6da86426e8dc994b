"""SUM over periods of an amount only the notes state: "Amounts capitalized ... for the years ended December 31,
2019 and 2018 were $3,800 and $6,690, respectively" answers "the total amount capitalized ... in 2019 and 2018"
with 3,800 + 6,690. Quoted from the sentence, never verified (a reported fact is what the judge verifies).

One sentence must state exactly one number of one kind for every period asked (``prose_series``: "issuances of
$10.0 billion in fiscal 2018, and $14.0 billion in fiscal 2017"). Amounts whose scale the text does not settle are
added as printed, and the answer says the scale is unknown.
"""

from __future__ import annotations

from ..answer import Computation
from ..find.prosenumbers import ProseNumber, as_said, prose_series
from ..plan import Op
from ..present import fact_citation, format_value
from .context import Context
from .draft import Draft
from .prose import cite_mention, passages_for, prose_answer, filing_calendars, prose_scale

__all__ = ["prose_sum"]


def _kind(pn: ProseNumber) -> str:
    return pn.currency or ("%" if pn.number_text.endswith("%") else "number")


def _fits_output(plan, kind: str) -> bool:
    unit = plan.output.unit_kind
    if unit == "money":
        return kind not in ("%", "number")
    if unit == "percent" or plan.output.percent:
        return kind == "%"
    return True


def prose_sum(ctx: Context, vector) -> Draft | None:
    """The sum of one item's amounts for two or more periods, when one sentence of the notes states them all."""
    plan = ctx.plan
    if plan.operation is not Op.SUM or len(plan.items) != 1 or len(plan.periods) < 2 or plan.companies[1:]:
        return None
    asked, passages = passages_for(ctx, vector)
    found = [s for s in prose_series(passages, asked, filing_calendars(ctx.reader))
             if len({_kind(n) for n in s.numbers}) == 1 and _fits_output(plan, _kind(s.numbers[0]))]
    if not found:
        return None
    series = found[0]
    numbers = series.numbers
    how = prose_scale(ctx.reader, numbers[-1]) if numbers[0].currency else None
    scale = how.scale if how is not None and how.scale else 0  # unknown: summed as printed, and the answer says so
    unit = numbers[0].currency or ("pure" if _kind(numbers[0]) == "%" else None)
    scaled = [n.value.scaleb(scale) if scale else n.value for n in numbers]
    if unit == "pure":
        scaled = [v / 100 for v in scaled]
    cites = [cite_mention(ctx, n, v, unit) for n, v in zip(numbers, scaled)]
    if None in cites:
        return None
    value = sum(scaled)
    op = " + ".join(f"[{i}]" for i in range(1, len(numbers) + 1))
    stated = " and ".join(f"{as_said(n.number_text, n.value)} for {a.describe()} [{i}]"
                          for i, (n, a) in enumerate(zip(numbers, plan.periods), 1))
    words = (f"The note states {stated}" + (f"; {how.words}" if how is not None and how.words else "")
             + (f" [{len(numbers) + 1}]" if how is not None and how.cell is not None else "")
             + f"; {op} = {format_value(value, unit, scale=plan.output.scale)}. “{series.sentence}”")
    if how is not None and how.cell is not None:
        cites.append(fact_citation(how.cell))
    computation = Computation(operation="sum", formula=op, inputs=tuple(range(len(numbers))), result=value, expression=op)
    return prose_answer(ctx, words, value, unit, cites, "arith", computation)
