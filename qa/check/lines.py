"""Is a cited fact the line item asked? The judge's own test, from the plan's words and the fact as
stored - never the finder's scores.

A line answers an item when (1) it is the metric asked - one of the concepts the lexicon names for
it, or a printed label that names that metric and no other - or, for words no metric names, it says
every one of them; (2) every word beyond the metric (a member, a qualifier) is said by its label or
members; (3) it is not a member row of a total the question asked for, nor narrowed by a word the
question does not say ('current', 'deferred', 'payable'); (4) its kind fits: a flow for a flow, a
balance for a balance, per share for per share.
"""

from __future__ import annotations

import re
from functools import lru_cache

from index.facts import Fact, row_name

from ..lexicon.metrics import BY_KEY, find_metric, metric_in_label, phrase_words
from ..lexicon.words import (INCLUDED_CLAUSE, CLASS_MEMBER_WORDS, GENERIC_LABEL_WORDS, MODIFIER_WORDS, NEUTRAL_MEMBER_WORDS, OTHER_KIND, QUALIFIERS,
                             QUESTION_VERBS, QUESTION_WORDS, TAKEN_OUT, canonical_tokens, concept_words, implied_words, opposite_direction,
                             without_taken_out)
from ..lexicon.places import country_name
from ..plan import LineItem

__all__ = ["line_problem", "unit_problem", "another_metric", "unasked_members", "says_a_member", "PART"]

# A financial statement's name heading a block of lines ('Consolidated Statements of Operations: Revenue'): the
# judge's own spelling of it (the finder has another), so the check shares nothing with the matcher.
_STATEMENT_HEAD = re.compile(r"\b(?:statements? of (?:operations|income|earnings|financial position|cash flows?|comprehensive "
                             r"(?:income|loss)|(?:stockholders|shareholders)['’]? equity)|balance sheets?|income statements?|"
                             r"adjustments to reconcile)\b", re.I)  # (the cash-flow statement's block of reconciling lines)
_IGNORED = GENERIC_LABEL_WORDS | QUESTION_WORDS | QUESTION_VERBS | frozenset(canonical_tokens(
    "segment segments reportable total net amount balance reported report consolidated"))
_FILLER_MEMBER = frozenset(canonical_tokens("member axis domain"))


@lru_cache(maxsize=65536)  # pure in the text; the rival scan asks it of every line of a filing's period
def _words(text: str) -> frozenset[str]:
    return frozenset(t for t in canonical_tokens(text) if not t.isdigit())


def _members(f: Fact) -> list[str]:
    return [country_name(m.member.removesuffix(" Member")) for m in f.dimensions]


def _said(f: Fact, item: LineItem) -> set[str]:
    """Every word the line says of itself: label, members, concept name, column, and what its deduction implies.
    What the label deducts ('excluding current installments') it says only to a question that deducts it too:
    to one asking for the current installments, it says the opposite."""
    column = f.column_label if f.column_label and not re.search(r"\d", f.column_label) else ""
    label = f.label if TAKEN_OUT.search(item.text) else without_taken_out(f.label)
    return _words(f"{label} {' '.join(_members(f))} {concept_words(f.concept)} {column} {f.title}") | implied_words(f.label) \
        | frozenset().union(*(implied_words(m) for m in _members(f)))


def _member_words(f: Fact) -> list[tuple[str, set[str]]]:
    """Each member's words that narrow the line; a member naming a quarter ('First Quarter 2018') narrows nothing."""
    from index.parsers.colheaders import words_period

    neutral = NEUTRAL_MEMBER_WORDS | (CLASS_MEMBER_WORDS if f.unit == "shares" else frozenset())
    return [(m.member, frozenset() if words_period(m.member)[1] is not None else _words(name) - _FILLER_MEMBER - neutral)
            for m, name in zip(f.dimensions, _members(f))]


PART = "A part, not the whole"


def another_metric(item: LineItem, f: Fact) -> str:
    """The cited line is, by its own label or concept, another metric of the lexicon than the one asked
    ('Cost of sales' for sales, 'Stockholders' equity' for net income): not an answer at all."""
    metric = BY_KEY.get(item.metric)
    if metric is None or metric.has_concept(f.concept):
        return ""
    head, _, own = without_taken_out(f.label).rpartition(": ")  # ('Statements of Operations:' heads a block: no qualifier)
    label = own if head and (_STATEMENT_HEAD.search(head) or _own_section(head, metric)) else without_taken_out(f.label)
    printed = metric_in_label(label)
    if printed is not None and printed.key != metric.key and not phrase_words(printed) <= set(item.words):
        return f"The cited line “{f.label}” is {printed.phrase}, not the {metric.phrase} asked for."
    hit = find_metric(label)
    if printed is not None and hit is not None:  # 'Minimum standard requirements in total revenue' is not revenue
        rest = _words(label.replace(hit[1].group(0), " ")) - _IGNORED - set(item.words) - set(item.including) \
            - _words(item.text)  # the question's own words ('increase (decrease) in inventories')
        if len(rest) >= 2:
            return f"The cited line “{f.label}” is another line than the {metric.phrase} asked for (it says {', '.join(sorted(rest))})."
    return ""


def _own_section(head: str, metric) -> bool:
    """Does a block heading name only the section the metric always sits in ('CURRENT ASSETS:' over inventory)?"""
    return metric is not None and bool(metric.section) and _words(head) - _IGNORED <= _words(metric.section)


def _without_own_section(label: str, metric) -> str:
    head, _, own = label.rpartition(": ")
    return own if head and _own_section(head, metric) else label


def headed_line(item: LineItem, f: Fact) -> bool:
    """Is the line's own name, under a heading ('Deferred tax assets: Inventories'), said whole by the question?"""
    head, _, own = without_taken_out(f.label).rpartition(": ")
    words = _words(own) - _IGNORED
    return bool(head and words) and words <= set(item.words)


def says_a_member(item: LineItem, f: Fact) -> bool:
    """The question names one of the fact's members ('in the United States' for member 'US')."""
    asked = set(item.words)
    return any(words and item.said_by(words) & asked for _, words in _member_words(f))


def unasked_members(item: LineItem, f: Fact) -> list:
    """The fact's members whose words the question does not say."""
    asked = set(item.words)
    return [m for m, (_, words) in zip(f.dimensions, _member_words(f)) if words and not item.said_by(words) & asked]


_PORTION = frozenset(canonical_tokens("attributable available"))  # 'attributable to parent', 'available to common stockholders'
_WHOLE = frozenset(canonical_tokens("including"))
_PORTION_WORDS = _PORTION | frozenset(canonical_tokens("portion part share amount"))


def _portion_without(item: LineItem, own: set[str]) -> list[str]:
    """What of the question's 'including …' a line attributed to one holder leaves out. 'Comprehensive income
    including the portion attributable to noncontrolling interest' is the whole: not the part attributable to the
    parent, nor the noncontrolling interest's own part - only a line that says it includes that portion."""
    wanted = [w for w in item.including if w not in _PORTION_WORDS]
    if not wanted or not (own & _PORTION):
        return []
    if not own & _WHOLE:
        return wanted
    return [w for w in wanted if w not in own]


_REMAINDER = re.compile(r"^\s*(?:all\s+|total\s+)?other\b", re.I)
_REMAINDER_ASKED = re.compile(r"\bother\b", re.I)


def line_problem(item: LineItem, f: Fact, company_words: frozenset[str] = frozenset()) -> str:
    """'' when ``f`` is the line item ``item`` names; else why not."""
    asked = {w for w in item.words if w not in company_words}
    metric = BY_KEY.get(item.metric)
    said = item.said_by(_said(f, item)) - company_words
    label = _words(INCLUDED_CLAUSE.sub(" ", _without_own_section(without_taken_out(f.label), metric))) \
        - company_words  # what a line includes does not narrow it, nor the heading of the section it always sits in
    if metric is not None:
        printed = metric_in_label(without_taken_out(f.label))
        by_concept = metric.has_concept(f.concept)
        by_label = printed is not None and printed.key == metric.key
        if not by_concept and not by_label:
            if metric.strict or printed is not None:
                what = f" ({printed.phrase})" if printed is not None else ""
                return f"The cited line “{f.label}”{what} is not the {metric.phrase} asked for."
            if not set(item.metric_words) <= said:
                return f"The cited line “{f.label}” is not the {metric.phrase} asked for."
        need = {w for w in asked if w not in item.metric_words and w not in _IGNORED}
    else:
        need = {w for w in asked if w not in _IGNORED}
    missing = sorted(w for w in need if w not in said)
    if missing and not (len(missing) == 1 and len(need) >= 4):
        return f"The cited line “{f.label}” does not say what the question asks for ({', '.join(missing)})."
    own = _words(f"{f.label} {concept_words(f.concept)}") | implied_words(f.label)
    left_out = _portion_without(item, own)
    if left_out:
        return (f"The question asks for the whole, including {' '.join(left_out)}; the cited line “{f.label}” "
                "is only the portion attributable to someone else.")
    if metric is None and need and not (need & item.said_by(own)):
        return f"Only the table around “{f.label}” says what the question asks for, not the line itself."
    for member, words in _member_words(f):
        if words and not item.said_by(words) & asked:
            return f"{PART}: the cited figure is the “{member}” part of “{f.label}”, not the total the question asks for."
    narrowing = sorted(w for w in label if (w in QUALIFIERS or w in OTHER_KIND or w in MODIFIER_WORDS)
                       and w not in asked and w not in item.including)
    if _REMAINDER.match(row_name(without_taken_out(f.label))) and not _REMAINDER_ASKED.search(item.text):
        narrowing.append("other")  # 'Other comprehensive income' is what is left of comprehensive income, not it
    if narrowing and not (metric is not None and metric.has_concept(f.concept)):
        return f"The cited line “{f.label}” is narrower than the line asked for (it says {', '.join(narrowing)})."
    if metric is not None and f.periods:
        flow = all(p.kind == "duration" for p in f.periods)
        if metric.instant and flow:
            return f"The question asks for a balance ({metric.phrase}); the cited “{f.label}” is a flow over a period."
        if not metric.instant and not flow and metric.statement in ("income", "cash flow"):
            return f"The question asks for {metric.phrase} over a period; the cited “{f.label}” is a balance at a date."
    return _direction_problem(item, f)


def _direction_problem(item: LineItem, f: Fact) -> str:
    """A movement line ('Increase (decrease) in inventories', 'Decreases in tax positions') answers only a question
    that says the movement, and in its direction."""
    said = set(canonical_tokens(item.text))  # the question's own words: its line words leave 'increase' out
    if opposite_direction(item.text, f.label):
        return f"The cited line “{f.label}” moves the other way than the question asks."
    local = f.concept.split(":")[-1]
    if (local.startswith("IncreaseDecrease") or re.match(r"^(?:increase|decrease)", f.label, re.I)) \
            and not ({"chang", "increas", "decreas"} & said):
        return f"The cited line “{f.label}” is a change over the period (a cash-flow line), not the figure asked for."
    return ""


def _currency(unit: str | None) -> bool:
    return bool(unit) and len(unit) == 3 and unit.isupper()


def unit_problem(unit_kind: str | None, unit: str | None, computed: bool = False) -> str:
    """'' when the answer's unit is the kind of number asked."""
    if unit_kind is None or unit is None:
        return ""
    if unit_kind == "per_share" and not unit.endswith("/shares"):
        return "The question asks for an amount per share; the answer is not per share."
    if unit_kind in ("percent", "ratio") and unit != "pure":
        return "The question asks for a rate or ratio; the answer is an amount."
    if unit_kind == "money" and not (_currency(unit) or "/" in unit):
        what = "a rate or percentage" if unit == "pure" else "a count" if unit == "shares" else unit
        return f"The question asks for an amount of money; the answer is {what}."
    if unit_kind == "count" and _currency(unit):
        return "The question asks for a number of shares or items; the answer is an amount of money."
    if unit_kind == "duration" and _currency(unit):
        return "The question asks for a length of time; the answer is an amount of money."
    return ""
