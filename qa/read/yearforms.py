"""How a question asks about its years: an average over two years ('the 2019 average X'), every year of a span
('from 2017 to 2019'), the years a line is printed for ('for which years is X presented'), the years past a
bound ('which years did X exceed $5 million', 'how many years …') and which year ranks first ('which year had
the higher X'). Read by :mod:`qa.read.operation`."""

from __future__ import annotations

import re

from ..lexicon.operations import CUES, RANK_MAX, RANK_MIN, THRESHOLD
from ..plan import Op, PeriodAsk
from .items import strip_scaffolding

__all__ = ["AVERAGE_WORD", "BELOW", "HOW_MANY_YEARS", "LABEL_AVERAGE", "SUM_OF", "TABLE_YEARS", "WHICH_PERIODS", "WHICH_YEARS", "YEAR_AVERAGE", "bound_out", "every_year_of_range", "only_an_average", "period_rank_item", "sign_as_bound", "years_shown"]


# 'weighted average', 'average price': an average the filing reports, a line's own words
LABEL_AVERAGE = re.compile(r"\bweighted[- ]average\b|\baverage (?:price|cost|rate|balance|life|term|number|shares|"
                            r"remaining|exercise|grant|fair value|interest|exchange|useful|outstanding|daily|monthly)\b", re.I)
# 'the 2019 average total assets': a year written right before 'average' (the average balance of that year)
YEAR_AVERAGE = re.compile(r"\b(?:fy\s*)?(?:19|20)\d{2}\s+average\b", re.I)
AVERAGE_WORD = re.compile(r"\baverage\b", re.I)


def only_an_average(text: str) -> bool:
    """One average and no other operation ('the difference between the 2019 average A and B' is a difference)."""
    others = {c.op for c in CUES if c.pattern.search(text)} - {Op.AVERAGE, Op.COMPARE}
    return (len(AVERAGE_WORD.findall(text)) == 1 and not others and not LABEL_AVERAGE.search(text)
            and not re.search(r"\bthan\b(?! one year)|\bcompared?\b", text, re.I))
# 'from 2017 to 2019', '2017-2019', 'the 3 years from 2017 to 2019': a span of years, each one in it
_YEAR_RANGE = re.compile(r"\b(?:from|between|for|over)?\s*(?:fiscal\s+|fy\s*)?((?:19|20)\d{2})\s*(?:to|through|thru|-|–|—|until)\s*"
                         r"(?:fiscal\s+|fy\s*)?((?:19|20)\d{2})\b", re.I)


def every_year_of_range(text: str, asks: list[PeriodAsk]) -> tuple[PeriodAsk, ...]:
    """An average or a sum over 'from 2017 to 2019' is over 2017, 2018 and 2019, not the two ends
    ('between 2018 and 2019' names both years already; a change keeps the two ends)."""
    m = _YEAR_RANGE.search(text)
    years = [a.year for a in asks]
    if not m or len(asks) != 2 or any(a.year is None or a.day or a.quarter or a.months for a in asks):
        return tuple(asks)
    lo, hi = sorted((int(m.group(1)), int(m.group(2))))
    if sorted(years) != [lo, hi] or hi - lo < 2 or hi - lo > 10 or asks[0].relation != asks[1].relation:
        return tuple(asks)
    rel = asks[0].relation
    return tuple(PeriodAsk(rel, y, text=str(y)) for y in range(lo, hi + 1))


# 'the sum of A and B' is never a label's words (unlike 'total revenue'): unread operands leave it unanswered
SUM_OF = re.compile(r"\bsum of\b|\badd(?:ed)? up\b", re.I)
# 'In which years was the total net sales calculated?' - the years, not one value (no comparison asked)
WHICH_YEARS = re.compile(r"^\W*(?:in |for |during )?(?:which|what) (?:fiscal |financial )?(?:years|periods)\b", re.I)
# 'How many years did X exceed …', 'how many of the years was X more than …': a count of the periods past a bound
HOW_MANY_YEARS = re.compile(r"\bhow many (?:of the )?(?:fiscal )?(?:years|quarters|periods)\b(?:\s+(?:did|was|were|had|has|have))?(?:\s+the)?",
                             re.I)
# 'Which years did X exceed …', 'In which year was X less than …', 'which of the years had X of greater than …': the periods past a bound
WHICH_PERIODS = re.compile(r"^\W*(?:in |for |during )?(?:which|what) (?:of the )?(?:fiscal )?(?:years?|quarters?|periods?)\b"
                            r"(?:\s+(?:did|was|were|had|has|have|is|are))?(?:\s+the)?", re.I)
BELOW = ("less", "fewer", "lower", "smaller", "below", "under")
# 'In which year was X negative?', 'how many years was X positive': the sign asked is a bound at zero
_SIGN_ASKED = re.compile(r"\s+(negative|positive)\s*(\?\s*)?$", re.I)


def sign_as_bound(text: str) -> str:
    """'In which year was X negative?' -> 'In which year was X less than 0?': the periods past zero (only a
    question over the periods; 'What drove the negative X' keeps its words)."""
    m = _SIGN_ASKED.search(text)
    if not m or not (WHICH_PERIODS.search(text) or HOW_MANY_YEARS.search(text)) or THRESHOLD.search(text):
        return text
    return text[:m.start()] + (" less than 0" if m.group(1).lower() == "negative" else " more than 0") + (m.group(2) or "")


def bound_out(text: str) -> str:
    """The line's words once the bound is taken out ('expected term exceed 0.5 years' -> 'expected term')."""
    t = re.sub(r"^\s*(?:did|was|were|had|has|have|is|are)\b", " ", THRESHOLD.sub(" \x00 ", text), flags=re.I)
    t = re.sub(r"\x00\s*(?:years?|months?|days?|times)\b", " ", t, flags=re.I).replace("\x00", " ")
    return strip_scaffolding(t)
# the table itself asked about: 'which years does the table provide information for …', 'what years are included in the table'
TABLE_YEARS = re.compile(r"\b(?:which|what)\b[^?]*\b(?:years|periods)\b[^?]*\btables?\b(?!\s+\w+\s+(?:was|were)\b)", re.I)

# 'In which years was X calculated', 'For which years is X provided', 'What are the years that X is made available':
# the years a line (or the table) is printed for - no comparison, no bound
_YEARS_ASKED = re.compile(r"^\W*(?:(?:in|for|during) )?(?:which|what)(?: are the)? (?:fiscal |financial )?(?:years|periods)\b"
                          r"(?:\s+(?:that|is|was|were|are|does|do|did|has|had|have))*", re.I)
_SHOWN_VERBS = re.compile(r"\b(?:calculated|computed|provided|presented|recorded|shown|disclosed|given|made available|available|"
                          r"highlighted|included|listed|stated|reported)\b(?:\s+(?:for|in|on))?", re.I)
_TABLE_WORDS = re.compile(r"\b(?:(?:in|from|by)\s+)?the\s+tables?\b(?:\s+provides?\s+information\s+(?:for|on|about))?|"
                          r"\binformation\s+(?:regarding|about|on|for)\b", re.I)


def years_shown(text: str) -> str | None:
    """The line whose years are asked ('' for the table's own), or None when the question is no such ask."""
    m = _YEARS_ASKED.search(text)
    if not m or THRESHOLD.search(text) or RANK_MAX.search(text) or RANK_MIN.search(text):
        return None
    rest = text[m.end():]
    if not _SHOWN_VERBS.search(rest) and not _TABLE_WORDS.search(rest):
        return None
    left = strip_scaffolding(_TABLE_WORDS.sub(" ", _SHOWN_VERBS.sub(" ", rest)))
    return re.sub(r"\s+(?:is|are|was|were)$", "", left, flags=re.I)


_PERIOD_RANK_LEAD = re.compile(r"^(?:.*?\b(?:in |for |during )?which (?:fiscal )?(?:year|period|quarter|fy)s?|\s*fys?)\b(?:\s+(?:was|were|is|are|did|does|"
                               r"had|has|have|saw|showed|recorded|reported))?\s*", re.I)
_RANK_WORDS = re.compile(r"\b(?:the\s+)?(?:higher|highest|larger|largest|greater|greatest|bigger|biggest|lower|lowest|smaller|smallest|"
                         r"more|most|less|least|fewer|maximum|minimum)\b(?:\s+(?:amount|value|figure)\s+of\b)?", re.I)


def period_rank_item(text: str) -> str:
    """The line of 'which year had the higher X' once the question's own words are out."""
    return strip_scaffolding(_RANK_WORDS.sub(" ", _PERIOD_RANK_LEAD.sub("", text, count=1)))
