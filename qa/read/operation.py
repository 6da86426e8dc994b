"""What the question does with its facts: the operation, its operands and the periods it needs.

Read once from the text left after companies and periods were taken out (``rest``), with the cues of
:mod:`qa.lexicon.operations`, the formulas of :mod:`qa.lexicon.formulas` (:mod:`qa.read.formulaask`) and
the question's own definitions (:mod:`qa.read.definitions`); the rules, in the order tried, are
:mod:`qa.read.operationrules`.
"""

from __future__ import annotations

import re

from ..lexicon.operations import CUES
from ..plan import Company, Op, PeriodAsk
from .formulaask import formula_asked
from .instructions import Hints
from .items import line_item, strip_scaffolding
from .operationrules import AFTER_THE_ITEM, BEFORE_THE_ITEM, N_YEAR_AVERAGE, lookup, name_the_item, share_asked, years_averaged
from .readings import Asked, Reading, distinct_periods

__all__ = ["Reading", "read_operation", "distinct_periods", "N_YEAR_AVERAGE"]

# the words that ask for adding up, never a line's: 'altogether', 'in total', 'for the years', 'across all 3 years'
_ADDING_WORDS = re.compile(r"\b(?:altogether|in total|combined|together|in aggregate|added up)\b|\b(?:for|in|over|during) (?:the |both |all )?"
                           r"(?:(?:two|three|four|five|\d) )?(?:fiscal )?years?(?: ended)?\b|\bacross (?:all |the |both )?(?:(?:two|three|four|five|\d) )?"
                           r"(?:fiscal )?(?:years?|periods?)\b|\bfor both\b", re.I)


def read_operation(rest: str, core: str, periods: list[PeriodAsk], companies: list[Company], hints: Hints,
                   full: str = "", formulas: bool = True) -> Reading:
    reading = _read_operation(rest, core, periods, companies, hints, full, formulas)
    if reading.op is Op.SUM and len(reading.items) == 1 and reading.items[0].words:
        text = strip_scaffolding(_ADDING_WORDS.sub(" ", reading.items[0].text))
        if text and text != reading.items[0].text:  # 'the total gross profit altogether for years ended …': gross profit's
            return Reading(Op.SUM, (line_item(text),), reading.periods, reading.formula, reading.years_averaged)
    return reading


def _read_operation(rest: str, core: str, periods: list[PeriodAsk], companies: list[Company], hints: Hints,
                    full: str = "", formulas: bool = True) -> Reading:
    text = " ".join(rest.split())
    cue = next((c for c in CUES if c.pattern.search(text)), None)
    q = Asked(text, core, full, distinct_periods(periods), companies, cue, cue.op if cue else Op.LOOKUP)
    q.averaged = years_averaged(core, q.asks)
    q.formula = formula_asked(N_YEAR_AVERAGE.sub(" ", text) if q.averaged else text, core, hints, full) if formulas else None
    q.op = share_asked(q)
    for rule in BEFORE_THE_ITEM:
        reading = rule(q)
        if reading is not None:
            return reading
    name_the_item(q)
    for rule in AFTER_THE_ITEM:
        reading = rule(q)
        if reading is not None:
            return reading
    return lookup(q)
