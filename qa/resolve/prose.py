"""Numbers only the prose states, quoted and never verified: one number tied by its sentence to the
period asked ("RMB 2,573 as of December 31, 2021"), a count ("approximately 470,100 associates"), or
the change between two periods one sentence states ("RMB 52,870, RMB 20,782 and RMB 1,828 for the
years ended 2020, 2021 and 2022, respectively").

Prose rarely states its scale. A number of the same list printed as a table cell at a known scale
settles it; failing that, a filing whose every table amount in that currency shares one scale
(financial statements "in thousands of RMB") lends it, and the answer says so; otherwise the answer
says the scale is unknown.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from ..answer import Answer, AnswerStatus, Citation, Computation
from ..find.passages import asked_of, company_spellings, narrative_intent, prose_count, retrieve
from ..find.prosenumbers import CalendarOf, ProseNumber, as_said, mention_for, printed_number, prose_numbers, prose_series
from ..fiscal import FiscalCalendar, calendar_of
from ..lexicon.words import canonical_tokens, content_words
from ..plan import Op
from ..present import fact_citation, format_value, mention_citation
from .context import Context
from .draft import Draft, Unanswerable
from .text import answer_draft, count_draft, text, years_asked

__all__ = ["prose_number", "prose_change", "asks_figure", "passages_for", "cite_mention", "prose_answer"]

_STATES_SCALE = re.compile(r"\b(?:thousand|million|billion|trillion|bn|mm|mn)s?\b", re.I)
_SCALE_WORDS = {3: "thousands", 6: "millions", 9: "billions"}


@dataclass(frozen=True)
class ProseScale:
    """How a prose number's scale was settled: its power of ten, the cell that shows it, and in words."""

    scale: int | None
    cell: object | None = None
    words: str = ""


def _printed_as(reader, number: Decimal, currency: str) -> list:
    """Table cells that print this number at some scale (¥ 20,782 in thousands prints 20782)."""
    targets = [float(abs(number).scaleb(s)) for s in (3, 6, 9)]
    return reader.query_facts(f"unit = ? AND scale > 0 AND value_num IN ({', '.join('?' for _ in targets)})",
                              [currency or "CNY", *targets], limit=20)


def _printed_in_full(reader, pn: ProseNumber) -> bool:
    """'$25,153,000': the sentence writes the amount out in full (its last three digits printed as 000, or a table
    of the filing prints it at a scale: 25,153 in thousands), so the tables' scale is not lent to it."""
    if not pn.currency or not pn.chunk.filing_id or abs(pn.value) < 1000:
        return False
    if re.search(r"\d,(?:\d{3},)?000$", pn.number_text.rstrip(")")):  # '$64,000', '$25,153,000': written out
        return True
    return bool(reader.query_facts("filing_id = ? AND unit = ? AND scale > 0 AND abs(value_num) = ?",
                                   [pn.chunk.filing_id, pn.currency, float(abs(pn.value))], limit=1))


def _filing_scale(reader, pn: ProseNumber) -> int | None:
    """The one scale every table amount of the passage's filing in this currency is reported in, if one."""
    if not pn.currency or not pn.chunk.filing_id:
        return None
    facts = reader.query_facts("filing_id = ? AND unit = ?", [pn.chunk.filing_id, pn.currency], limit=2000)
    scales = Counter(f.scale for f in facts)
    return next(iter(scales)) if len(scales) == 1 and next(iter(scales)) > 0 else None


def prose_scale(reader, pn: ProseNumber) -> ProseScale:
    if _STATES_SCALE.search(pn.number_text):
        return ProseScale(0)  # 'RMB 1.6 billion': the reader already scaled it
    printed = printed_number(pn.number_text)
    if printed is not None and abs(pn.value) != printed:
        return ProseScale(0)  # the sentence's own words ('$568 million', 'in millions') scaled it already
    for _, sibling, _ in (pn.siblings + ((pn.number_text, pn.value, pn.currency),)):
        cell = next(iter(_printed_as(reader, sibling, pn.currency)), None)
        if cell is not None:
            return ProseScale(cell.scale, cell, f"the same sentence's {cell.raw} matches a table cell reported {cell.scale_text}")
    if _printed_in_full(reader, pn):
        return ProseScale(0, None, "")
    scale = _filing_scale(reader, pn)
    if scale is not None:
        return ProseScale(scale, None, f"every {pn.currency} table amount of this filing is reported in {_SCALE_WORDS.get(scale, f'10^{scale}')}, "
                                       "so the note's amounts are read at that scale")
    return ProseScale(None, None, "the text does not state the scale of this amount")


def filing_calendars(reader) -> CalendarOf:
    """Each passage's filer's fiscal calendar, as its filing's facts carry it (None when they do not say)."""
    known: dict[str, FiscalCalendar | None] = {}

    def of(chunk) -> FiscalCalendar | None:
        if chunk.filing_id not in known:
            facts = reader.filing_facts(chunk.filing_id, limit=1) if chunk.filing_id else []
            cal = calendar_of(facts[0]) if facts else None
            known[chunk.filing_id] = cal if cal is not None and cal.known else None
        return known[chunk.filing_id]

    return of


def passages_for(ctx: Context, vector, k: int = 8):
    asked = asked_of(ctx.plan)
    return asked, retrieve(ctx.reader, asked, vector, k=k, kinds=("text",), companies=company_spellings(ctx.reader, asked.entities))


def cite_mention(ctx: Context, pn: ProseNumber, value: Decimal, unit: str | None) -> Citation | None:
    m = mention_for(pn, ctx.reader.mentions_of([pn.value] + [v for _, v, _ in pn.siblings]))
    return mention_citation(m, title=pn.chunk.title, value=value, unit=unit) if m is not None else None


def prose_answer(ctx: Context, words: str, value, unit, cites, kind: str, computation: Computation | None = None) -> Draft:
    answer = Answer(question=ctx.plan.text, status=AnswerStatus.ANSWERED, text=words, value=value, unit=unit,
                    citations=tuple(cites), kind=kind, computation=computation, notes=("Numbers taken from the note text, not tagged table cells.",),
                    extra={"quoted_prose": True})
    return answer_draft(ctx, "prose", answer)


def asks_figure(plan) -> bool:
    """Does the question ask for a figure (a unit, or a line item the lexicon knows), not for words?"""
    return plan.output.unit_kind is not None or bool(plan.item and plan.item.metric)


def prose_number(ctx: Context, vector) -> Draft | None:
    """A number only the note text states, tied by its sentence to the period asked, or a count the
    text states ('we employed approximately 470,100 associates'); failing both, when a figure is asked,
    the sentence that states one for the years asked ('an increase of $53.1 million as a result of
    write-downs in 2018'), quoted whole. Never a reported fact."""
    found = _dated_number(ctx, vector)
    # a count ('how many employees') is stated only as counts are ('approximately 36,000 employees'): not quoted loosely
    if found is None and asks_figure(ctx.plan) and ctx.plan.operation is not Op.TEXT \
            and narrative_intent(asked_of(ctx.plan)).want != "count":
        try:
            return text(ctx, vector, figure=True)
        except Unanswerable:
            return None
    return found


def _dated_number(ctx: Context, vector) -> Draft | None:
    plan = ctx.plan
    asked = asked_of(plan)
    intent = narrative_intent(asked)
    if not plan.periods or intent.want == "count":
        if intent.want != "count":
            return None
        passages = retrieve(ctx.reader, asked, vector, k=30, kinds=("text",), extra_terms=intent.extra_terms,
                            companies=company_spellings(ctx.reader, asked.entities))
        hit = prose_count(passages, intent, years_asked(plan))
        return count_draft(ctx, hit) if hit is not None else None
    asked, passages = passages_for(ctx, vector)
    found = prose_numbers(passages, asked, filing_calendars(ctx.reader))
    if plan.output.unit_kind == "money":
        found = [p for p in found if p.currency]
    if not found:
        return None
    pn = found[0]
    how = prose_scale(ctx.reader, pn)
    value = pn.value.scaleb(how.scale) if how.scale else pn.value
    unit = pn.currency or None
    first = cite_mention(ctx, pn, value, unit)
    if first is None:
        return None
    cites = [first]
    words = f"The note states {as_said(pn.number_text, pn.value)} for {', '.join(a.describe() for a in plan.periods)} [1]"
    if how.cell is not None:
        cites.append(fact_citation(how.cell))
        words += f"; {how.words} [2], so this is {format_value(value, unit, scale=plan.output.scale)}"
    elif how.scale:
        words += f"; {how.words}: {format_value(value, unit, scale=plan.output.scale)}"
    elif how.scale is None:
        words += f". {how.words[0].upper()}{how.words[1:]}"
    return prose_answer(ctx, f"{words}. “{pn.sentence}”", value, unit, cites, "lookup")


# '15%, 18% and 15% of total revenue': percentages of a line are shares of it, not the line's amounts
_PERCENT_OF = re.compile(r"(?:%|\bper\s?cent)\s+of\b", re.I)
_RATE_WORDS = frozenset(canonical_tokens("percent percentage share proportion rate margin ratio portion"))


_INCLUDES = re.compile(r"\b(?:includes?|included|including)\b", re.I)


def _part_of_it(series, plan) -> bool:
    """'Total revenue includes SPVSS revenue of $168 million and $903 million': the numbers are a part the sentence
    names after 'includes', not the line the question asks, when that part has words the question does not say."""
    first = series.sentence.find(series.numbers[0].number_text)
    inc = [m for m in _INCLUDES.finditer(series.sentence) if m.end() <= first]
    if not inc:
        return False
    asked = {w for item in plan.items for w in item.words}
    between = content_words(series.sentence[inc[-1].end():first])
    return any(w not in asked and not w.isdigit() for w in between)


def _share_of_another(series, plan) -> bool:
    """The sentence's numbers are percentages 'of' a line where the question asks a line that is no rate or share."""
    if not all(n.number_text.rstrip().endswith("%") or "cent" in n.number_text for n in series.numbers):
        return False
    if not _PERCENT_OF.search(series.sentence):
        return False
    return not any(w in _RATE_WORDS for item in plan.items for w in item.words)


def prose_change(ctx: Context, vector) -> Draft | None:
    """CHANGE or GROWTH between two periods whose amounts only one sentence of the notes states."""
    plan = ctx.plan
    if plan.operation not in (Op.CHANGE, Op.GROWTH) or len(plan.periods) != 2:
        return None
    asked, passages = passages_for(ctx, vector)
    found = prose_series(passages, asked, filing_calendars(ctx.reader))
    if plan.output.unit_kind == "money":
        found = [s for s in found if s.numbers[0].currency]
    found = [s for s in found if not _share_of_another(s, plan) and not _part_of_it(s, plan)]
    if not found:
        return None
    early, late = found[0].numbers
    growth = plan.operation is Op.GROWTH
    if growth and early.value == 0:
        return None
    how = prose_scale(ctx.reader, late)
    if not growth and how.scale is None:
        return None  # a difference of amounts whose scale is unknown is not a number anyone can use
    unit = None if growth else (late.currency or None)
    scaled = [n.value.scaleb(how.scale or 0) for n in (early, late)]
    cites = [cite_mention(ctx, n, v, unit) for n, v in zip((early, late), scaled)]
    if None in cites:
        return None
    if growth:
        value, op = (late.value - early.value) / early.value, "([2] - [1]) / [1]"
        unit = "pure"
    elif plan.output.magnitude:
        value, op = scaled[0] - scaled[1], "[1] - [2]"
    else:
        value, op = scaled[1] - scaled[0], "[2] - [1]"
    a, b = plan.periods
    words = (f"The note states {early.number_text} for {a.describe()} [1] and {late.number_text} for {b.describe()} [2]"
             + (f"; {how.words}" if how.scale and not growth else "")
             + (" [3]" if how.cell is not None and not growth else "")
             + f"; {op} = {format_value(value, unit, scale=plan.output.scale)}. “{late.sentence}”")
    if how.cell is not None and not growth:
        cites.append(fact_citation(how.cell))
    human = op.replace(" - ", " − ").replace(" / ", " ÷ ")
    computation = Computation(operation="growth" if growth else "change", formula=human, inputs=(0, 1), result=value,
                              expression=op)
    return prose_answer(ctx, words, value, unit, cites, "arith", computation)
