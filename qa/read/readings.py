"""What reading a question's operation gives (:class:`Reading`) and what the reading rules look at
(:class:`Asked`); shared by :mod:`qa.read.operation` and :mod:`qa.read.operationrules`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..lexicon.operations import Cue
from ..plan import Company, FormulaAsk, LineItem, Op, PeriodAsk

__all__ = ["Reading", "Asked", "distinct_periods", "chronological"]


@dataclass(frozen=True)
class Reading:
    op: Op
    items: tuple[LineItem, ...] = ()
    periods: tuple[PeriodAsk, ...] = ()
    formula: FormulaAsk | None = None
    years_averaged: tuple[int, ...] = ()
    extreme: str = ""
    rank_over: str = ""
    points: bool = False


@dataclass
class Asked:
    """The question as the rules read it: its words, periods and companies, the operation its cue names, and
    what earlier rules settled (a rule may change ``op``, ``formula`` or ``asks`` for the rules after it)."""
    text: str  # the words left after companies and periods were taken out, spaces normalised
    core: str  # the question without instructions
    full: str  # the whole question
    asks: list[PeriodAsk]
    companies: list[Company]
    cue: Cue | None
    op: Op
    averaged: tuple[int, ...] = ()
    formula: FormulaAsk | None = None
    item_text: str = ""  # the one line item the words name, once no formula took them
    single: tuple[LineItem, ...] = field(default=())


def distinct_periods(periods: tuple[PeriodAsk, ...] | list[PeriodAsk]) -> list[PeriodAsk]:
    seen, out = set(), []
    for a in periods:
        if a.key not in seen and a.relation not in ("after",):
            seen.add(a.key)
            out.append(a)
    return out


def chronological(periods: list[PeriodAsk]) -> list[PeriodAsk]:
    return sorted(periods, key=lambda a: (a.year or 0, a.day or date(1900, 1, 1), a.quarter or 0, a.months or 0))
