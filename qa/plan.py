"""The question, read once: a :class:`QueryPlan`.

``qa.read`` turns the text (and, for a follow-up, the previous plan) into one frozen plan; every later
stage - finding candidates, resolving the operation, judging the answer, presenting it - reads the
plan and never the raw text again. That is what keeps the parts from disagreeing about what was asked.

A plan says: which companies (and which names it could not resolve), which line items (each with the
words that name it and, when the lexicon knows it, the metric), which periods, what operation
(lookup, change, ratio, ...), the user's own definitions, and how the answer should look (unit kind,
scale, rounding, magnitude).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import date

__all__ = ["Op", "PeriodAsk", "Company", "LineItem", "Output", "FormulaAsk", "QueryPlan"]


class Op(str, enum.Enum):
    """What the answer does with the facts it finds."""

    LOOKUP = "lookup"  # one reported value
    SERIES = "series"  # one line item over several periods ('in 2019 and 2018 respectively', 'by year')
    SUM = "sum"  # a + b (two line items, two periods or two companies)
    DIFFERENCE = "difference"  # a - b
    CHANGE = "change"  # later - earlier of one line item
    GROWTH = "growth"  # (later - earlier) / earlier
    RATIO = "ratio"  # a / b
    SHARE = "share"  # part / whole, as a percentage
    COMPARE = "compare"  # which of two (companies, periods, items) is higher
    AVERAGE = "average"  # the mean of one line item over periods
    RANK = "rank"  # which period / item is the largest or smallest
    FORMULA = "formula"  # a derived metric of the lexicon, or one the question defines
    TEXT = "text"  # an answer in words: a sentence, a cover fact


@dataclass(frozen=True)
class PeriodAsk:
    """A period the question names.

    ``relation``: ``fy`` (a fiscal year), ``in`` (a bare year: fiscal first, calendar second),
    ``calendar`` (a calendar year), ``end`` (a year's closing balance), ``on`` (a date),
    ``months`` (n months ended a date), ``quarter`` (fiscal quarter; ``calendar`` for a calendar
    quarter), ``ytd`` (the first n months of a fiscal year, n = ``months``; no n: to date),
    ``month`` (a period ending in a month of a year), ``latest`` (the most recent; ``months``
    narrows it: 3 = last quarter, 12 = last year, 0 = the latest year-end balance), ``after``
    (subsequent events), ``h2`` (a second half), ``named`` (a span the page heads a column or row with, in its own
    words, ``text``: '2021-2022' of a maturity table; no dates, no year).
    """

    relation: str
    year: int | None = None
    day: date | None = None
    text: str = ""
    quarter: int | None = None
    months: int | None = None
    month: int | None = None
    calendar: bool = False
    implied: bool = False  # not written: the year before a one-period change, a follow-up's carried period

    @property
    def wants_latest(self) -> bool:
        return self.relation == "latest" or (self.relation == "ytd" and self.year is None)

    @property
    def key(self) -> tuple:
        """Two asks with the same key name the same period."""
        named = (self.text,) if self.relation == "named" else ()  # '2021-2022' and '2023-2024' are two periods
        return (self.relation, self.year, self.day, self.quarter, self.months, self.month, self.calendar, *named)

    def describe(self) -> str:
        r = self.relation
        if r == "on" and self.day:
            return self.day.strftime("%b. %d, %Y")
        if r == "months" and self.day:
            return f"the {_MONTHS_WORD.get(self.months, str(self.months))} months ended {self.day:%b. %d, %Y}"
        if r == "end" and self.year:
            return f"the end of fiscal {self.year}"
        if r == "in" and self.year:
            return str(self.year)
        if r == "fy" and self.year:
            return f"fiscal {self.year}"
        if r == "calendar" and self.year:
            return f"calendar {self.year}"
        if r == "quarter" and self.year:
            return f"{'calendar' if self.calendar else 'fiscal'} Q{self.quarter} {self.year}"
        if r == "quarter" and self.quarter:
            return f"the {('first', 'second', 'third', 'fourth')[self.quarter - 1]} quarter"
        if r == "ytd" and self.day:
            return f"the year to date through {self.day:%b. %d, %Y}"
        if r == "ytd":
            span = f"the first {_MONTHS_WORD.get(self.months, str(self.months))} months" if self.months else "the year to date"
            return f"{span} of fiscal {self.year}" if self.year else span
        if r == "month" and self.year and self.month:
            name = date(self.year, self.month, 1).strftime("%B %Y")
            return f"the {name} quarter" if self.months == 3 else f"{name}"
        if r == "h2" and self.year:
            return f"the second half of fiscal {self.year}"
        if r == "named" and self.text:
            return f"“{self.text}”"
        if r == "after":
            return "after the fiscal year end"
        if r == "latest" and self.months == 3:
            return "the latest quarter"
        if r == "latest" and self.months == 12:
            return "the latest fiscal year"
        if r == "latest" and self.months == 0:
            return "the latest year end"
        return "the latest period"


_MONTHS_WORD = {3: "three", 6: "six", 9: "nine", 12: "twelve"}


@dataclass(frozen=True)
class Company:
    """A company the question names, resolved against the index's directory."""

    name: str  # display name, as the index shows it
    cik: str = ""
    ticker: str = ""
    said: str = ""  # as the question wrote it ('B&N', 'AAPL')


@dataclass(frozen=True)
class LineItem:
    """One thing asked for: 'iPhone net sales', 'operating income', 'restructuring and other charges'.

    ``words`` are the canonical tokens of its content words (lexicon.words.canonical_tokens);
    ``metric`` is the lexicon metric its words name ('revenue'), with ``metric_words`` the tokens
    that named it; what the metric's words leave (``rest``) is a member or qualifier to match.
    """

    text: str
    words: tuple[str, ...]
    metric: str = ""
    metric_words: tuple[str, ...] = ()
    concept_named: bool = False  # the words spell a taxonomy concept name ('net income loss')
    names: tuple[str, ...] = ()  # the words written as names ('iPhone', 'Greater China', 'AWS'): what a member must say
    joined: tuple[tuple[str, str, str], ...] = ()  # two name words also written as one ('optumrx', 'optum', 'rx')
    including: tuple[str, ...] = ()  # what 'including …' adds to the whole asked ('noncontrolling interest')

    def said_by(self, words: set[str]) -> set[str]:
        """``words`` with the parts of any joined name they hold ('Optumrx' says 'optum' and 'rx')."""
        return words | {p for j, a, b in self.joined if j in words for p in (a, b)}

    @property
    def rest(self) -> tuple[str, ...]:
        return tuple(w for w in self.words if w not in self.metric_words)


@dataclass(frozen=True)
class Output:
    """How the answer should look."""

    unit_kind: str | None = None  # 'money' | 'count' | 'per_share' | 'percent' | 'duration' | None
    scale: int | None = None  # display scale asked ('in USD millions' -> 6); never what to look up
    decimals: int | None = None  # 'round to two decimal places'
    percent: bool = False  # 'answer in percentage terms'
    magnitude: bool = False  # 'how much did it fall': the size of a decline, a positive amount
    gap: bool = False  # 'the difference in X between 2018 and 2019': the unsigned size of the change
    points: bool = False  # a change of a rate in percentage points ('how much did the rate decrease')
    movement: bool = False  # how much a line moved over a period, as one reported figure ('decrease in cash for 2020')


@dataclass(frozen=True)
class FormulaAsk:
    """A derived measure: a lexicon formula, or the question's own definition of one."""

    key: str  # lexicon formula key, or 'defined' for the question's own
    name: str
    expressions: tuple[str, ...]  # over metric keys (lexicon.formulas), the first fully reported wins
    unit: str  # 'percent' | 'ratio' | 'times' | 'days' | 'money'
    defined_by_user: bool = False
    x: LineItem | None = None  # the line item the formula's 'x' stands for ('revenue' in 'revenue growth')
    operands: tuple[tuple[str, LineItem], ...] = ()  # 'item_a' -> a line item a user's definition names by words
    qualifier: LineItem | None = None  # words that narrow every input ('AWS segment' operating margin)
    unreadable: str = ""  # an operand of the user's definition that cannot be read: abstain, naming it


@dataclass(frozen=True)
class QueryPlan:
    text: str  # the question as asked
    core: str  # the question without its instruction text (what retrieval embeds)
    operation: Op = Op.LOOKUP
    items: tuple[LineItem, ...] = ()  # one, or the operands (part and whole, a and b)
    companies: tuple[Company, ...] = ()
    unknown_companies: tuple[str, ...] = ()  # companies named (known to the offline table, or by ticker) not indexed
    unresolved_names: tuple[str, ...] = ()  # possessive names ('Acme's') that are no indexed company: maybe one
    periods: tuple[PeriodAsk, ...] = ()
    formula: FormulaAsk | None = None
    definitions: tuple[str, ...] = ()  # the question's own definitions, as written ('ROA is defined as …')
    output: Output = Output()
    statement: str = ""  # 'income' | 'balance sheet' | 'cash flow': where the question says to look
    text_kind: str = ""  # a cover fact asked in words ('auditor', 'incorporation'), lexicon.textfacts
    forward: bool = False  # a target, plan or guidance: stated in the text, never a reported fact
    years_averaged: tuple[int, ...] = ()  # 'the FY2020 - FY2022 3 year average of …'
    extreme: str = ""  # RANK: 'max' | 'min'
    rank_over: str = ""  # RANK: 'period' | 'item' | 'member' (one axis's members: 'which segment …')
    breakdown: bool = False  # 'net sales by segment': one figure for each member of an axis, never the total
    scope: str = ""  # the filing, file or company the question is asked within ('' = the whole index)
    carried: tuple[str, ...] = ()  # what a follow-up took from the previous question, in words
    fixes: tuple[tuple[str, str], ...] = ()  # spelling corrections made ('Aple' -> 'Apple')
    notes: tuple[str, ...] = field(default=())  # what the reading itself wants said
    parts: tuple["QueryPlan", ...] = ()  # two questions in one ('who audits X, and in what currency …?'): each read alone

    @property
    def item(self) -> LineItem | None:
        return self.items[0] if self.items else None

    @property
    def company(self) -> Company | None:
        return self.companies[0] if len(self.companies) == 1 else None

    def with_(self, **changes) -> "QueryPlan":
        return replace(self, **changes)
