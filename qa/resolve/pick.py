"""Choosing one fact among ranked candidates, with the confidence of the choice and the rivals left open.

Candidates that report the same value (the same figure on the statement and in a note) pool their
probability; the chosen value's share of the softmax over all candidates is the confidence. A
rival is another value whose line scores nearly as well for an overlapping period: the answer
names it, and is not certain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from index.parsers.tablerows import part_of_total

from ..find.candidates import Candidate
from ..find.score import softmax
from ..plan import LineItem, PeriodAsk
from .draft import Unanswerable

__all__ = ["Choice", "choose", "RIVAL_ODDS"]

RIVAL_ODDS = 0.35  # a line at least this likely relative to the chosen one, with another value, is a rival


@dataclass(frozen=True)
class Choice:
    chosen: Candidate
    confidence: float
    same: tuple[Candidate, ...]  # other lines reporting the same value (cited beside it)
    rivals: tuple[Candidate, ...]
    restated: tuple[Candidate, ...] = ()  # the same line and period in an earlier filing, with another value

    @property
    def fact(self):
        return self.chosen.fact


def _key(c: Candidate) -> tuple:
    f = c.fact
    return (f.value, f.unit) if f.value is not None else (f.text_value, None)


def _ends(c: Candidate) -> set:
    """Where a candidate's periods end; a bare fiscal year (no dates printed) by its year."""
    y = c.fact.year_period
    return {p.end for p in c.periods} or ({("fiscal", y.year)} if y is not None and not c.fact.candidate_periods else set())


def _overlap(a: Candidate, b: Candidate) -> bool:
    return bool(_ends(a) & _ends(b))


def choose(candidates: list[Candidate], item: LineItem, ask: PeriodAsk | None, *, one_company: bool) -> Choice:
    if not candidates:
        raise Unanswerable(f"No reported fact matches “{item.text}”" + (f" for {ask.describe()}." if ask else "."))
    pool = candidates
    if one_company:  # the question names no company: the best-fitting company's facts only
        entity = pool[0].fact.entity
        pool = [c for c in pool if c.fact.entity == entity]
    probs = softmax([c.score for c in pool])
    mass: dict[tuple, float] = {}
    for c, p in zip(pool, probs):
        mass[_key(c)] = mass.get(_key(c), 0.0) + p
    top = pool[0]
    # a flattened table that does not say which column a cell sits in: when the best line's cell is
    # open and another open cell of the same line has another value, the layout cannot tell which is asked
    if top.fact.period is None and top.fact.candidate_periods and ask is not None:
        same_line = [c for c in pool if c.fact.period is None and (c.fact.label, c.fact.dimensions) == (top.fact.label, top.fact.dimensions)
                     and _key(c) != _key(top)]
        if same_line:
            near = (top.fact,) + tuple(c.fact for c in same_line[:3])
            values = ", ".join(dict.fromkeys(c.raw or f"{c.value:,}" for c in near if c.value is not None or c.raw))
            raise Unanswerable(
                f"The filing reports several values for “{top.fact.label}” ({values}), but its flattened table does not "
                f"say which column each sits in, and more than one could be {ask.describe()}.", near=near)
    same = tuple(c for c in pool[1:] if _key(c) == _key(top) and (c.fact.source, c.fact.title) != (top.fact.source, top.fact.title))
    rivals, restated = [], []
    for c in pool[1:]:
        if _key(c) == _key(top) or c.fact.entity != top.fact.entity or c.fact.unit != top.fact.unit:
            continue
        if c.fact.concept and c.fact.concept == top.fact.concept and c.fact.dimensions == top.fact.dimensions:
            if c.fact.filing_id != top.fact.filing_id and c.fact.period == top.fact.period and c.fact.value is not None:
                restated.append(c)  # the same line in an earlier filing: a restatement, said as such
            continue
        if not _overlap(c, top) or (top.fact.period is not None and c.fact.period is None):
            continue  # an open column that may be this period is no rival of a cell dated for it
        if part_of_total(c.fact, top.fact):
            continue  # a row the chosen total adds up, named by it: a part of the line, not another line
        if math.exp(c.score - top.score) >= RIVAL_ODDS and all(_key(r) != _key(c) for r in rivals):
            rivals.append(c)
    return Choice(top, mass[_key(top)], same[:2], tuple(rivals[:2]), tuple(restated[:1]))
