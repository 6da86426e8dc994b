"""Other facts of the cited filing that tell whether a cited line is the one asked: another line
that fits the question as well with another value (a rival), the total reported beside a member row,
and whether a member splits a line. Read from the store by the judge itself, never from the finder."""

from __future__ import annotations

import re

from index.facts import Fact
from index.parsers.tablerows import part_of_total
from index.store import IndexReader

from ..lexicon.metrics import BY_KEY
from ..lexicon.words import canonical_tokens, content_words, without_taken_out
from ..plan import LineItem
from .lines import line_problem

__all__ = ["company_words", "rival", "printed_as_asked", "is_breakdown", "total_beside"]


_TOTAL = re.compile(r"\btotal\b", re.I)


def company_words(entity: str) -> frozenset[str]:
    return frozenset(canonical_tokens(entity)) - {"inc", "corp", "co", "group"}


def rival(item: LineItem, f: Fact, reader: IndexReader, cited: frozenset[str] = frozenset()) -> Fact | None:
    """Another fact of the same filing, period and unit that is also the line asked, with another value.
    A fact the answer cites for another operand ('total costs' beside 'termination costs') is named by the
    question as that operand, not a rival of this one."""
    if f.value is None:
        return None
    if f.period is not None:
        others = reader.filing_facts(f.filing_id, limit=3000, unit=f.unit, period_end=f.period.end)
    elif f.year_period is not None and not f.candidate_periods:  # a bare-year column: the same fiscal year
        others = reader.filing_facts(f.filing_id, limit=3000, unit=f.unit, period_year=f.year_period.year)
    else:
        return None
    words = company_words(f.entity)
    # 'total fees' answered by the line printed 'Total fees': a line that does not say 'total' fits it less well
    total_said = bool(_TOTAL.search(item.text)) and bool(_TOTAL.search(f.label or ""))
    judged: dict[tuple, bool] = {}  # a line's rows (one per column) are the same line: judge it once
    for g in others:
        if g.fact_id == f.fact_id or g.fact_id in cited or g.value is None or g.value == f.value or g.period != f.period or (
                g.period is None and (g.candidate_periods or g.year_period is None or g.year_period.year != f.year_period.year)):
            continue
        if (g.concept or g.label) == (f.concept or f.label) and g.dimensions == f.dimensions:
            continue
        if part_of_total(g, f):
            continue  # a row of the table named by the cited line, the total its rows add up to: a part, not a rival
        if total_said and not _TOTAL.search(g.label or ""):
            continue
        if g.concept and g.concept == f.concept and set(f.dimensions) < set(g.dimensions):
            continue  # a part of the cited total
        line = (g.label, g.concept, g.dimensions, g.column_label, g.title, tuple(p.kind for p in g.periods))
        if line not in judged:
            judged[line] = line_problem(item, g, words) == ""
        if judged[line] and line_problem(item, f, words) == "":
            metric = BY_KEY.get(item.metric)
            if metric is not None and metric.has_concept(f.concept) and (
                    not metric.has_concept(g.concept) or _rank(metric, f.concept) < _rank(metric, g.concept)) and not (
                    printed_as_asked(item, g) and not printed_as_asked(item, f)):
                continue  # the metric's own concept, first in the lexicon's declared order, beats the other line ...
            return g  # ... unless only the other line is printed in the question's own words ('Segment operating expenses')
    return None


def printed_as_asked(item: LineItem, f: Fact) -> bool:
    """The line's printed label says exactly the words asked, no more and no fewer."""
    return bool(item.words) and set(item.words) == set(content_words(without_taken_out(f.label))) - company_words(f.entity)
    return None


def is_breakdown(f: Fact, member, reader: IndexReader) -> bool:
    """A member splits a line when the filing also reports, for the same line and an overlapping period,
    the fact without that member (the total) or with a sibling member in its place."""
    others = set(f.dimensions) - {member}
    same_line = {"concept": f.concept} if f.concept else {"label": f.label}  # (untagged: the same printed line)
    for g in reader.filing_facts(f.filing_id, limit=500, **same_line):
        if g.fact_id == f.fact_id or not set(g.periods) & set(f.periods):
            continue
        dims = set(g.dimensions)
        if dims == others:
            return True
        swapped = dims - others
        if len(dims) == len(f.dimensions) and others <= dims and member not in dims and all(
                x.axis == member.axis for x in swapped):
            return True
    return False


def total_beside(f: Fact, reader: IndexReader) -> Fact | None:
    """The same line and period reported without members, with another value (the total of a member row)."""
    if not f.concept or f.period is None or f.value is None:
        return None
    for g in reader.filing_facts(f.filing_id, limit=200, concept=f.concept, period_end=f.period.end):
        if not g.dimensions and g.period == f.period and g.value is not None and g.value != f.value and g.unit == f.unit:
            return g
    return None


def _rank(metric, concept: str) -> int:
    local = concept.split(":")[-1].split("_")[-1].lower()
    order = [c.lower() for c in metric.concepts]
    return order.index(local) if local in order else len(order)
