"""Numbers that only the prose states, tied by their sentence to the periods asked: a note's
"expenses of RMB 52,870, RMB 20,782 and RMB 1,828 ... for the years ended 2020, 2021 and 2022,
respectively" gives one number per year.

The index reads these sentences too (``index.parsers.prose``, stored as mentions); here they are
found for a question: among retrieved text passages, sentences that hold the question's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from index.facts import Chunk, Mention
from index.parsers.prose import names_only_a_year, sentence_numbers, sentences

from ..fiscal import FiscalCalendar
from ..lexicon.words import canonical_tokens
from .passages import Asked, Passage, word_overlap
from .periods import period_score

__all__ = ["CalendarOf", "ProseNumber", "ProseSeries", "prose_numbers", "prose_series", "mention_for", "stated_figure", "as_said",
           "printed_number"]

_MIN_OVERLAP = 0.6  # most of the question's words must be in the sentence that states the number

# the fiscal calendar of a passage's filing (None: unknown, read as the calendar year). A date a sentence
# states is placed in the filer's fiscal year: 'at February 2, 2025' ends Home Depot's fiscal 2024
CalendarOf = Callable[[Chunk], FiscalCalendar | None]


def _no_calendar(chunk: Chunk) -> None:
    return None


def _dated(ask, stated, calendar: FiscalCalendar | None) -> bool:
    """Does a period the sentence states answer the one asked? A day it states falls in the filer's fiscal year; a year
    it names alone ('fiscal 2015', 'in 2015') is that year, whatever the calendar."""
    return period_score(ask, stated, calendar=None if names_only_a_year(stated) else calendar) > 0


@dataclass(frozen=True)
class ProseNumber:
    chunk: Chunk
    sentence: str
    number_text: str
    value: Decimal
    currency: str
    overlap: float
    siblings: tuple[tuple[str, Decimal, str], ...]  # other numbers of the same list in the sentence


@dataclass(frozen=True)
class ProseSeries:
    """One sentence's numbers for each asked period, in the order the periods were asked."""

    chunk: Chunk
    sentence: str
    numbers: tuple[ProseNumber, ...]
    overlap: float


def _candidate_sentences(passages: list[Passage], question: Asked):
    q = set(question.tokens)
    for p in passages:
        if p.chunk.kind != "text":
            continue
        for s in sentences(p.chunk.display):
            ov = word_overlap(q, s)
            if ov >= _MIN_OVERLAP:
                yield p.chunk, s, ov


def prose_numbers(passages: list[Passage], question: Asked, calendar_of: CalendarOf = _no_calendar) -> list[ProseNumber]:
    """Numbers in retrieved prose whose sentence ties them to a period the question asks for."""
    out: list[ProseNumber] = []
    for chunk, s, ov in _candidate_sentences(passages, question):
        sn = sentence_numbers(s)
        cal = calendar_of(chunk)
        for text, value, cur, dates in sn.numbers:
            if not dates:
                continue
            if question.periods and not any(_dated(a, d, cal) for a in question.periods for d in dates):
                continue
            sib = tuple((t, v, c) for t, v, c, _ in sn.numbers if t != text and c == cur)
            out.append(ProseNumber(chunk, s, text, value, cur, ov, sib))
    out.sort(key=lambda pn: -pn.overlap)
    return out


def prose_series(passages: list[Passage], question: Asked, calendar_of: CalendarOf = _no_calendar) -> list[ProseSeries]:
    """Sentences that state exactly one number of one kind (currency, %, count) for every asked period.

    A sentence with two candidates for a period (a list of options and one of RSUs) is not read: which
    one was meant is the question's to say, and it did not."""
    out: list[ProseSeries] = []
    for chunk, s, ov in _candidate_sentences(passages, question):
        numbers = sentence_numbers(s).numbers
        cal = calendar_of(chunk)
        for kind in dict.fromkeys(c for _, _, c, _ in numbers):
            same = [(t, v, c, d) for t, v, c, d in numbers if c == kind and d]
            per_period = []
            for ask in question.periods:
                hits = [n for n in same if any(_dated(ask, d, cal) for d in n[3])]
                if len(hits) != 1:
                    break
                per_period.append(hits[0])
            else:
                if len({n[0] for n in per_period}) < len(per_period):
                    continue  # one number standing for two periods is not a series
                siblings = tuple((t, v, c) for t, v, c, _ in same)
                picked = tuple(ProseNumber(chunk, s, t, v, c, ov, tuple(x for x in siblings if x[0] != t))
                               for t, v, c, _ in per_period)
                out.append(ProseSeries(chunk, s, picked, ov))
    out.sort(key=lambda ps: -ps.overlap)
    return out


def mention_for(pn: ProseNumber, mentions: list[Mention]) -> Mention | None:
    for m in mentions:
        if m.chunk_id == pn.chunk.chunk_id and m.value == pn.value:
            return m
    return None


_SCALE_WORD = {3: "thousand", 6: "million", 9: "billion"}


def printed_number(text: str) -> Decimal | None:
    """The digits a number is printed with, as a number: '$1.8' -> 1.8, '(9,819)' -> 9819 (no sign, no scale);
    None when there are none."""
    digits = re.sub(r"[^\d.]", "", text or "").strip(".")
    try:
        return Decimal(digits) if digits else None
    except ArithmeticError:
        return None


def as_said(number_text: str, value: Decimal) -> str:
    """A prose number as the sentence says it: '$1.2' read as 1,200,000 is '$1.2 million'."""
    shown = printed_number(number_text)
    if not shown or number_text.endswith("%") or abs(value) == shown or re.search(r"[a-z]{3,}", number_text.lower().replace("rmb", "")):
        return number_text
    power = (abs(value) / shown).adjusted()
    return f"{number_text} {_SCALE_WORD[power]}" if power in _SCALE_WORD else number_text


_KIND_OF = {"percent": "%", "money": "money", "count": "number", "duration": "number"}
_WORD = re.compile(r"[A-Za-z][\w’'-]*")


def stated_figure(sentence: str, words: tuple[str, ...], unit_kind: str | None,
                  moved: bool = False, years: frozenset[int] = frozenset()) -> tuple[str, Decimal, str | None] | None:
    """The figure a sentence states for what the question names: the first number (of the kind asked: an amount,
    a percentage, a count) printed after the longest run of the question's words it holds - 'The hurdle rate has been
    set at 7%' -> ('7%', 0.07, 'pure'); 'A compensation expense of $1,792,000 (compensation expense reduction of
    $181,000 in 2018)' asked 'compensation expense reduction' -> $181,000 - or, when none follows, the first after the
    first of its words, or else an amount printed right before them ('$0.9 million in costs'). (number as printed, value, unit) or None; dates and years
    are not figures. ``moved``: the question asks by how much a line moved, which the text may state as a percentage.
    ``years``: the years asked; a number the sentence dates to another year only ('from $7.79 million in 2023') is not it."""
    runs = _runs(sentence, set(words))
    if not runs:
        return None
    longest, first = max(runs, key=lambda r: r[2])[1], runs[0]  # (the first of the longest)
    kind = _KIND_OF.get(unit_kind or "")
    at, before, after = 0, None, None
    for text, value, currency, dates in sentence_numbers(sentence).numbers:
        tail = text.split(" ")[-1].rstrip("%")
        where = sentence.find(tail, at)
        if where < 0:
            continue
        at = where
        if years and dates and not any(d.end.year in years for d in dates):
            continue
        shown = "%" if text.endswith("%") else ("money" if currency else "number")
        if shown == "number" and _MARKER.match(sentence[max(where - 1, 0): where + len(tail) + 1]):
            continue  # a list's marker ('driven by (1) lower bookings and (2) …'), not a figure
        if kind is not None and shown != kind and not (moved and shown == "%"):
            continue
        said = (text, value / 100, "pure") if shown == "%" else (as_said(text, value), value, currency or None)
        if moved and shown == "%" and _FELL.search(sentence[max(0, where - 40): where]):
            said = (said[0], -said[1], said[2])  # 'decreased 0.7 percent' is a change of -0.7%
        if where >= longest:
            return said
        if where >= first[1]:
            after = after or said
        gap = [w for w in sentence[where + len(tail): first[0]].lower().split() if w not in _SCALE_WORDS
               and not (moved and _MOVEMENT.match(w))]  # ('a $572 million decrease in X bookings': by how much X moved)
        if where < first[0] and len(gap) <= 1 and set(gap) <= _JOINS and shown != "number":  # not a marker ('1 Adjustment')
            before = said
    return after or before


_FELL = re.compile(r"\b(?:decreas\w*|declin\w*|fell|fall\w*|dropp\w*|down|lower\w*|reduc\w*)(?:\s+by)?\s*$", re.I)
_MOVEMENT = re.compile(r"^(?:increases?|decreases?|declines?|rises?|drops?|reductions?|growth|improvements?)$")
_MARKER = re.compile(r"^\(\d{1,2}\)$")
_JOINS = frozenset("of in for on the a an and to from".split())  # words a run of the question's words may hold
_SCALE_WORDS = frozenset(("thousand", "million", "billion"))


def _runs(sentence: str, wanted: set[str]) -> list[tuple[int, int, int]]:
    """(start, end, words) of each run of the question's words in the sentence, one joining word ('of', 'in') allowed
    between two of them, no punctuation."""
    runs, run, last, joined = [], None, 0, False
    for m in _WORD.finditer(sentence):
        hit = bool(set(canonical_tokens(m.group(0))) & wanted)
        together = run is not None and not sentence[last: m.start()].strip()
        if hit:
            if together:
                runs[-1] = run = (run[0], m.end(), run[2] + 1)
            else:
                run = (m.start(), m.end(), 1)
                runs.append(run)
            joined = False
        elif together and not joined and m.group(0).lower() in _JOINS:
            joined = True
        else:
            run = None
        last = m.end()
    return runs
