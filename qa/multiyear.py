"""An average over several fiscal years: "the FY2020 - FY2022 3 year average of capex as a % of
revenue", "3-year average net profit margin from FY2013 to FY2015".

The measure is answered for each fiscal year on its own (a lookup or a derived metric, exactly as a
one-year question would be), and the answer is the mean of those answers: every year's inputs are
cited and the whole arithmetic is one expression over the citations, so the verifier recomputes it.
A year that cannot be answered makes the average unanswerable: it is never averaged over fewer years.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from index.parsers.numbers import canonical

from .answer import Answer, AnswerStatus, Computation
from .expression import ExpressionError, evaluate
from .periods import PeriodAsk
from .present import format_value
from .question import Question

__all__ = ["N_YEAR_AVERAGE", "years_averaged", "average_over_years"]

_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
N_YEAR_AVERAGE = re.compile(r"\b(two|three|four|five|[2-5])[- ](?:fiscal[- ])?years?[- ]average\b(?:\s+of\b)?"
                            r"|\baverage\b(?:\s+\w+){0,6}?\s+over\s+(?:the\s+)?(?:past|last|prior)\s+(two|three|four|five|[2-5])\s+(?:fiscal\s+)?years\b",
                            re.I)


def years_averaged(text: str, asks: tuple[PeriodAsk, ...] | list[PeriodAsk]) -> list[int] | None:
    """The fiscal years an 'n year average' question spans, oldest first (None when it asks none).
    Two years named bound the span ('FY2020 - FY2022'); one year named ends it."""
    m = N_YEAR_AVERAGE.search(text)
    if not m:
        return None
    n = _NUMBERS[(m.group(1) or m.group(2)).lower()]
    years = sorted({a.year for a in asks if a.year is not None and a.relation in ("fy", "in", "end", "calendar")})
    if len(years) >= 2:
        span = list(range(years[0], years[-1] + 1))
        return span if len(span) == n else None  # 'FY2020 - FY2022 4 year average': the words disagree
    if len(years) == 1:
        return list(range(years[0] - n + 1, years[0] + 1))
    return None


def average_over_years(q: Question, answer_for: Callable[[Question], Answer],
                       abstain: Callable[[Question, str], Answer]) -> Answer | None:
    """The mean of the measure over the years the question spans; None when it asks no such average."""
    years = years_averaged(q.text, q.periods)
    if years is None:
        return None
    strip = lambda t: " ".join(N_YEAR_AVERAGE.sub(" ", t).split())
    relation = next((a.relation for a in q.periods if a.year is not None), "fy")
    parts: list[Answer] = []
    for year in years:
        one = replace(q, text=strip(q.text), core=strip(q.core or q.text), metric_text=strip(q.metric_text),
                      periods=(PeriodAsk(relation, year, text=f"FY{year}"),), operation=None, operands=(),
                      operand_texts=())
        part = answer_for(one)
        if part.abstained or part.value is None:
            return abstain(q, f"The {len(years)}-year average needs fiscal {year}, which cannot be answered: "
                              f"{part.reason or part.text}")
        parts.append(part)
    units = {p.unit for p in parts}
    if len(units) > 1:
        return abstain(q, "The years' answers are in different units, so they cannot be averaged.")
    cites, exprs = [], []
    for part in parts:
        n = len(cites)
        expr = _expression_of(part)
        if expr is None:
            return abstain(q, "A year's answer does not rest on one cited figure or computation, so it cannot be averaged.")
        exprs.append(re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + n}]", expr))
        cites.extend(part.citations)
    expr = "(" + " + ".join(f"({e})" for e in exprs) + f") / {len(parts)}"
    try:
        value = canonical(evaluate(expr, {i + 1: Decimal(c.value) for i, c in enumerate(cites) if c.value is not None}).value)
    except ExpressionError as e:
        return abstain(q, f"The average cannot be computed from the cited values ({e}).")
    unit = parts[0].unit
    percent = unit == "pure" and parts[0].computation is not None and "%" in parts[0].text
    shown = (f"{(value * 100).quantize(Decimal('0.1'))}%" if percent
             else format_value(value, unit, scale=q.scale) if unit and unit != "pure" else _plain(value))
    renumbered, n = [], 0
    for y, p in zip(years, parts):
        renumbered.append(re.sub(r"\[(\d+)\]", lambda m, n=n: f"[{int(m.group(1)) + n}]", f"Fiscal {y}: {p.text}"))
        n += len(p.citations)
    text = (f"The {len(years)}-year average from fiscal {years[0]} to fiscal {years[-1]} is {shown}, the mean of the "
            f"{len(years)} years' values. " + " ".join(renumbered))
    human = expr.replace(" - ", " − ").replace(" * ", " × ").replace(" / ", " ÷ ")
    comp = Computation(operation="average over years", formula=human, inputs=tuple(range(len(cites))), result=value,
                       expression=expr)
    return Answer(question=q.text, status=AnswerStatus.ANSWERED, text=text, value=value, unit=unit,
                  citations=tuple(cites), kind="arith", computation=comp,
                  period=" | ".join(p.period for p in parts if p.period))


def _expression_of(part: Answer) -> str | None:
    """The arithmetic a one-year answer rests on, over its own citation markers."""
    if part.computation is not None and part.computation.expression:
        return part.computation.expression
    for i, c in enumerate(part.citations, 1):
        if c.kind == "fact" and c.value is not None and Decimal(c.value) == part.value:
            return f"[{i}]"
    return None


def _plain(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):,}" if abs(value) < 1000 else f"{value.quantize(Decimal(1)):,}"
