"""Reading a question: what is asked (metric words), for when (periods), in what form (unit,
scale), and whether it asks for a lookup, a computation or a passage of text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from index.errors import InvalidQuestion
from index.facts import Period
from index.parsers.numbers import DATE_RE, parse_date

from .vocabulary import (
    COUNT_INTENT, DURATION_INTENT, MONEY_INTENT, PER_SHARE_INTENT, PERCENT_INTENT, QUESTION_WORDS, canonical_tokens,
)

__all__ = ["PeriodAsk", "Question", "parse_question", "MAX_QUESTION_CHARS"]

MAX_QUESTION_CHARS = 2000

_NARRATIVE = re.compile(
    r"^\s*(?:how (?:do|does|did|are|is|will|were|was)\b(?! .*\b(?:much|many)\b)|why\b|describe\b|explain\b|"
    r"what (?:is|was|are) the (?:policy|method|model|basis|approach|terms?|vesting|schedule|reason|purpose)\b|"
    r"what (?:method|model|approach|assumptions?|happens?|does|do)\b|when (?:do|does|did|will)\b|who\b|"
    r"summari[sz]e\b|tell me about\b)",
    re.I,
)
_SUM = re.compile(r"\b(?:total|sum|combined|altogether|in aggregate|together|add(?:ed)? up)\b", re.I)
_DIFF = re.compile(r"\bdifference between\b|\bhow much (?:more|less|higher|lower)\b|\bminus\b", re.I)
_CHANGE = re.compile(r"\b(?:chang\w*|increas\w*|decreas\w*|declin\w*|gr[eo]w\w*|rise|rose|fall|fell|drop\w*)\b", re.I)
_GROWTH = re.compile(r"\b(?:percent(?:age)?|%|rate)\b.*\b(?:chang\w*|increas\w*|decreas\w*|gr[eo]w\w*|declin\w*)\b|"
                     r"\b(?:chang\w*|increas\w*|decreas\w*|gr[eo]w\w*|declin\w*)\b.*\b(?:percent(?:age)?|%)|\bgrowth rate\b|"
                     r"\byear[- ]over[- ]year\b|\byoy\b", re.I)
_RATIO = re.compile(r"\bratio of\b|\bas a (?:percent(?:age)?|share|fraction|proportion) of\b|\bwhat (?:percent(?:age)?|share|fraction|proportion) of\b|"
                    r"\bdivided by\b", re.I)
_COMPARE = re.compile(r"\bwhich\b.*\b(?:higher|larger|greater|more|bigger|lower|smaller|less|fewer)\b|\bwas .* (?:higher|larger|greater|lower|smaller) than\b", re.I)
_SCALE = {"thousand": 3, "thousands": 3, "million": 6, "millions": 6, "billion": 9, "billions": 9}
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"


@dataclass(frozen=True)
class PeriodAsk:
    """A period the question names. ``relation``: in (a year), end (a year's closing balance),
    on (an exact date), after (after the fiscal year end: subsequent events), latest."""

    relation: str
    year: int | None = None
    day: date | None = None
    text: str = ""

    def score(self, p: Period) -> float:
        """How well a reported period answers this ask: 1 exact, (0,1) plausible, 0 no."""
        if self.relation == "on" and self.day is not None:
            if p.end == self.day:
                return 1.0
            if p.start is not None and p.start <= self.day <= p.end:
                return 0.5
            return 0.0
        if self.relation == "end" and self.year is not None:
            if p.end.year != self.year:
                return 0.0
            if p.kind == "duration":
                return 0.55
            return 1.0 if (p.end.month, p.end.day) == (12, 31) else 0.7
        if self.relation == "in" and self.year is not None:
            if p.end.year != self.year:
                return 0.0
            if p.kind == "duration" and p.start is not None:
                months = (p.end - p.start).days / 30.4
                return 1.0 if months > 11 else 0.75
            return 0.85 if (p.end.month, p.end.day) == (12, 31) else 0.8
        if self.relation == "after":
            return 1.0
        if self.relation == "latest":
            return 1.0
        return 0.0

    def describe(self) -> str:
        if self.relation == "on" and self.day:
            return self.day.strftime("%b. %d, %Y")
        if self.relation == "end" and self.year:
            return f"the end of {self.year}"
        if self.relation == "in" and self.year:
            return str(self.year)
        if self.relation == "after":
            return "after the fiscal year end"
        return "the latest period"


@dataclass(frozen=True)
class Question:
    text: str
    tokens: tuple[str, ...]  # canonical content tokens (metric + member words), periods removed
    periods: tuple[PeriodAsk, ...] = ()
    unit_kind: str | None = None  # 'count' | 'money' | 'per_share' | 'percent' | 'duration'
    scale: int | None = None  # 'in millions' -> 6: how to display, never what to look up
    operation: str | None = None  # 'sum' | 'difference' | 'change' | 'growth' | 'ratio' | 'compare'
    narrative: bool = False
    entity_words: tuple[str, ...] = ()
    operands: tuple[tuple[str, ...], ...] = ()  # token sets of two things compared/summed ('options' and 'RSUs')
    metric_text: str = ""  # the question with period words removed, for retrieval
    extra: dict = field(default_factory=dict)

    def with_context(self, previous: "Question") -> "Question":
        """A follow-up ('and in 2022?') keeps the previous metric when it names none of its own."""
        if len(self.tokens) >= 1 and not set(self.tokens) <= {"and", "what", "about"}:
            return self
        return replace(
            previous,
            text=self.text,
            periods=self.periods or previous.periods,
            scale=self.scale or previous.scale,
            metric_text=previous.metric_text,
        )


def _periods(text: str) -> tuple[list[PeriodAsk], list[tuple[int, int]]]:
    asks: list[PeriodAsk] = []
    spans: list[tuple[int, int]] = []
    for m in DATE_RE.finditer(text):
        d = parse_date(m.group(0))
        if d:
            asks.append(PeriodAsk("on", d.year, d, m.group(0)))
            spans.append(m.span())
    for m in re.finditer(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", text):
        try:
            d = date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
        except ValueError:
            continue
        asks.append(PeriodAsk("on", d.year, d, m.group(0)))
        spans.append(m.span())
    if re.search(r"\b(?:after|subsequent to|following) (?:the )?(?:fiscal )?year[- ]end\b|\bsubsequent(?:ly)?\b|\bafter (?:the )?balance sheet date\b", text, re.I):
        asks.append(PeriodAsk("after", text="after year end"))
    for m in re.finditer(r"\b(?:(FY|fiscal(?: year)?)\s*'?)?((?:19|20)\d{2})\b", text, re.I):
        if any(a <= m.start(2) < b for a, b in spans):
            continue
        y = int(m.group(2))
        before = text[max(0, m.start() - 40): m.start()].lower()
        if re.search(r"(?:end of|ending|year[- ]end|as of|at|balance (?:at|as of)|outstanding (?:at|as of))\s*(?:the\s+)?(?:fiscal\s+)?(?:year\s+)?$", before):
            rel = "end"
        else:
            rel = "in"
        if re.search(r"\b(?:the )?" + str(y) + r" (?:plan|share incentive plan)\b", text[m.start():m.start() + 30], re.I):
            continue  # '2019 Plan' names a plan, not a period
        asks.append(PeriodAsk(rel, y, None, m.group(0)))
        spans.append(m.span())
    if not asks and re.search(r"\b(?:latest|most recent|last reported|current)\b", text, re.I):
        asks.append(PeriodAsk("latest", text="latest"))
    return asks, spans


def _unit_kind(text: str) -> str | None:
    if DURATION_INTENT.search(text):
        return "duration"
    if PERCENT_INTENT.search(text) and not re.search(r"\binterest rate\b", text, re.I):
        return "percent"
    if PER_SHARE_INTENT.search(text):
        return "per_share"
    if re.search(r"\bhow many\b", text, re.I):
        return "count"
    if MONEY_INTENT.search(text):
        return "money"
    if COUNT_INTENT.search(text):
        return "count"
    return None


def _operands(text: str) -> tuple[tuple[str, ...], ...]:
    """'options and RSUs', 'A vs B', 'A or B', 'A compared to B' -> the two sides' tokens."""
    m = re.search(r"\b(?:between|of|for|was|were|did|had|in)?\s*([\w\s\-,'’()]+?)\s+(?:and|vs\.?|versus|or|compared (?:to|with))\s+([\w\s\-'’()]+?)(?:\?|$|,| in \d| for | during | at | on | combined| together| higher| lower| larger| smaller| greater)", text, re.I)
    if not m:
        return ()
    a, b = canonical_tokens(m.group(1)), canonical_tokens(m.group(2))
    a = tuple(t for t in a if t not in QUESTION_WORDS and not t.isdigit())
    b = tuple(t for t in b if t not in QUESTION_WORDS and not t.isdigit())
    if not a or not b:
        return ()
    return (a[-2:], b[:2])


def parse_question(text: str) -> Question:
    if not isinstance(text, str):
        raise InvalidQuestion(f"the question must be text, not {type(text).__name__}.")
    q = " ".join(text.replace("\x00", " ").split())
    if not q:
        raise InvalidQuestion("the question is empty.")
    if len(q) > MAX_QUESTION_CHARS:
        raise InvalidQuestion(
            f"the question is {len(q):,} characters long; the limit is {MAX_QUESTION_CHARS:,}.",
            "Ask one question at a time, in a sentence or two.",
        )
    if not re.search(r"[A-Za-z]{2,}", q):
        raise InvalidQuestion("the question has no words in it.")
    periods, spans = _periods(q)
    stripped = q
    for a, b in sorted(spans, reverse=True):
        stripped = stripped[:a] + " " + stripped[b:]
    stripped = re.sub(rf"\b(?:{_MONTHS})\b\.?", " ", stripped, flags=re.I)
    scale = None
    m = re.search(r"\bin (thousands?|millions?|billions?)\b", q, re.I)
    if m:
        scale = _SCALE[m.group(1).lower()]
        stripped = stripped.replace(m.group(0), " ")
    tokens = tuple(t for t in canonical_tokens(stripped) if t not in QUESTION_WORDS and not t.isdigit())
    op = None
    if _COMPARE.search(q):
        op = "compare"
    elif _RATIO.search(q):
        op = "ratio"
    elif _GROWTH.search(q):
        op = "growth"
    elif _DIFF.search(q):
        op = "difference"
    elif _CHANGE.search(q) and len(periods) >= 2:
        op = "change"
    elif _SUM.search(q) and _operands(stripped):
        op = "sum"  # 'total X for A and B'; a bare 'total X' is a label word ('Total assets')
    narrative = bool(_NARRATIVE.search(q)) and op is None
    return Question(
        text=q,
        tokens=tokens,
        periods=tuple(periods),
        unit_kind=None if narrative else _unit_kind(q),
        scale=scale,
        operation=op,
        narrative=narrative,
        operands=_operands(stripped) if op in ("sum", "difference", "ratio", "compare") else (),
        metric_text=stripped,
    )
