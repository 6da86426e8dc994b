"""Which row of one table is the largest or smallest: 'Which contractual obligation has the highest total
value?', 'In which currency was the total amount of financial assets the smallest?'. The rows compared
are the lines printed in the same column of the same table as the figure that best fits the measure
asked; a total row is the sum of the others, never one of them. Which rows are peers is read from the
table's layout, so the answer is never said to be verified (qa.check)."""

from __future__ import annotations

import re

from ..plan import LineItem
from ..read.items import strip_scaffolding
from .context import Context
from .draft import Draft, Input, Slot, Unanswerable
from .rowcolumns import rank_columns_of_row

__all__ = ["rank_rows", "measure_of", "ROW_RANK"]

_EXTREME = r"(?:highest|largest|greatest|biggest|most|maximum|lowest|smallest|least|minimum)"
_VERB = r"(?:had|has|have|was|were|is|are|contributed|generated|brought in|earned|made|accounted for|recorded|reported)"
# 'which X has the highest Y', 'what is the X that contributed the most to Y', 'which X is the greatest in Y'
_NOUN_FIRST = re.compile(rf"(?:^|,)\W*(?:in |for )?(?:which|what(?: is| was)? the) (?:[\w&/-]+ ){{0,3}}?(?:that |which )?{_VERB}(?: the)? "
                         rf"{_EXTREME}(?: (?:amount|value|share|part|portion))?(?: (?:of|in|to|for))?\s+(?P<measure>.+)$", re.I)
# 'in which segment was the Y the largest'
_MEASURE_FIRST = re.compile(rf"(?:^|,)\W*(?:in |for )?which (?:[\w&/-]+ ){{1,3}}?(?:was|were|is|are|had|has)\s+(?P<measure>.+?)\s+(?:the )?"
                            rf"{_EXTREME}(?:\s+(?:in|for|during|at|as of|on)\s+[^,]+)?\s*$", re.I)
ROW_RANK = re.compile(_NOUN_FIRST.pattern + "|" + _MEASURE_FIRST.pattern.replace("(?P<measure>", "(?:"), re.I)
_TOTAL_ROW = re.compile(r"^\s*(?:[^:]*:\s*)?(?:total|net total|grand total|sum)\b|\btotal\s*$|^\s*$", re.I)
_PERIOD_WORDS = re.compile(r"\b(?:in |for |during |at |as of |on )?(?:the )?(?:fiscal )?(?:years?|quarters?|periods?) end(?:ed|ing)\b", re.I)
_MIN = re.compile(r"\b(?:lowest|smallest|least|minimum)\b", re.I)


def measure_of(text: str) -> str:
    """The measure a 'which row' question ranks by ('total value'), without its question words."""
    t = " ".join(text.replace("?", " ").split())
    m = _NOUN_FIRST.search(t) or _MEASURE_FIRST.search(t)
    return strip_scaffolding(m.group("measure")) if m else ""


def rank_rows(ctx: Context) -> Draft:
    plan = ctx.plan
    if not plan.scope:
        raise Unanswerable("Ranking the rows of a table needs the question asked within one document.")
    words = measure_of(plan.core or plan.text)
    for a in plan.periods:  # the periods are read already: what is left names the measure
        words = words.replace(a.text, " ") if a.text else words
    words = strip_scaffolding(_PERIOD_WORDS.sub(" ", words))
    ask = plan.periods[0] if plan.periods else None
    if not words and ask is None:
        raise Unanswerable("The question names no measure to rank the rows by.")
    facts = ctx.reader.query_facts(limit=5000)
    columns: dict[tuple, list] = {}
    for g in facts:
        if g.value is not None:
            columns.setdefault((g.filing_id, g.source, g.title, g.column_index, g.period, g.year_period, g.dimensions, g.unit),
                               []).append(g)
    asked = _words(words)
    best, best_score, best_own, confidence = None, 0, (False, 0), 1.0
    for key, column in columns.items():
        if ask is not None and ask.year and not any(_year_of(g) == ask.year for g in column[:1]):
            continue
        peers = _rows(column)
        if len(peers) < 2:
            continue
        head = column[0]
        said = _words(f"{head.column_label} {head.member_text} {head.title}") | set().union(
            *(_words(g.label) for g in column if _TOTAL_ROW.search(g.label or "")))
        score = len(asked & said)
        heading = _words(head.column_label)  # a tie goes to the total column asked, else the one whose heading says more
        own = ("total" in asked and "total" in heading, len(asked & heading))
        if score > best_score or (score == best_score and score and own > best_own):
            best, best_score, best_own, confidence = peers, score, own, 1.0 if score > best_score else 0.4
        elif score == best_score and score and best is not None and [g.value for g in peers] != [g.value for g in best]:
            confidence = 0.4  # another column fits the measure's words as well
    if not asked:  # 'which fee was the highest in 2020': the one column of that year, when there is one
        fitting = [_rows(c) for c in columns.values() if len(_rows(c)) >= 2 and _year_of(c[0]) == ask.year]
        best, best_score = (fitting[0], 1) if len(fitting) == 1 else (None, 0)
    if (best is None or best_score * 2 < len(asked)) and ask is not None and ask.year and _said_in_text(ctx, asked):
        # no column's own words say the measure, the text introducing the table does ('The following table presents
        # total external revenues by …'): the one column of the year asked, when the document prints one (a guess)
        fitting = [_rows(c) for c in columns.values() if len(_rows(c)) >= 2 and _year_of(c[0]) == ask.year]
        if len(fitting) == 1:
            best, best_score, confidence = fitting[0], len(asked), 0.4
    lowest = bool(_MIN.search(plan.core or plan.text))
    if best is None or best_score * 2 < len(asked):
        across = rank_columns_of_row(ctx, asked, _words, _year_of, ask, lowest)  # the measure is a row: rank its columns
        if across is not None:
            return across
        raise Unanswerable(f"No column of a table in this document fits “{words or ask.describe()}”.")
    peers = best
    measure = LineItem(words, tuple(sorted(asked)))
    pick = (min if lowest else max)(peers, key=lambda g: g.value)
    if [g.value for g in peers].count(pick.value) > 1:
        raise Unanswerable("Two rows share the extreme value; the question has no single answer.")
    ordered = [pick] + [g for g in peers if g is not pick]
    inputs = tuple(Input(g, Slot(period=ask, label=g.label, asked=ask)) for g in ordered)
    words = (pick.row_label or pick.label).strip()  # the row (as printed) is the answer; its column (a member, a date) is the measure's, shared by all
    return Draft(plan, "which", inputs, pick.value, pick.unit, operation=f"rank rows {'min' if lowest else 'max'}",
                 name=measure.text, answer_words=words, confidence=confidence)


def _said_in_text(ctx: Context, asked: set[str]) -> bool:
    """Does one passage of the document's text say at least two thirds of the measure's words?"""
    return bool(asked) and any(len(asked & _words(p.chunk.text)) * 3 >= 2 * len(asked) for p in ctx.passages(k=4))


_STOP = frozenset("the of in to a an and for by at on as is was were are amount value values".split())


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z]+", (text or "").lower()) if w not in _STOP}


def _year_of(f) -> int | None:
    if f.period is not None:
        return f.period.end.year
    if f.year_period is not None:
        return f.year_period.year
    return f.candidate_periods[0].end.year if len(f.candidate_periods) == 1 else None


def _rows(column: list) -> list:
    """The rows of one column that are peers: each printed line once, no total row."""
    peers, seen = [], set()
    for g in sorted(column, key=lambda g: (g.row_index, g.fact_id)):
        if _TOTAL_ROW.search(g.label or "") or g.row_index in seen:
            continue
        seen.add(g.row_index)
        peers.append(g)
    return peers
