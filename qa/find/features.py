"""Explainable features of one candidate fact for one asked line item and period.

Every feature is a number with a name; :mod:`qa.find.score` weighs them with weights fitted on
development questions (``qa/find/weights.json``, refitted by ``python -m eval.fit_weights``). Nothing
here decides: a feature says how much of the question a fact's line says, whether its unit fits,
whether it is a member row, and so on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import lru_cache

from index.facts import Fact, row_name
from index.parsers.numbers import DATE_RE

from ..lexicon.metrics import BY_KEY, find_metric, metric_in_label, metric_of_concept, phrase_words
from ..lexicon.words import (INCLUDED_CLAUSE, CLASS_MEMBER_WORDS, GENERIC_LABEL_WORDS, MODIFIER_WORDS, NEUTRAL_MEMBER_WORDS, OTHER_KIND,
                             QUALIFIERS, QUESTION_WORDS, SIGN_ASIDE, canonical_tokens, concept_words, implied_words, opposite_direction,
                             without_taken_out)
from ..lexicon.places import COUNTRY_CODES, country_name
from ..plan import LineItem, Output

__all__ = ["MIN_RECALL", "Features", "Coverage", "coverage", "line_features", "unit_fits", "PRIMARY_STATEMENT", "label_tokens", "member_tokens"]

_MEMBER_NOISE = frozenset(canonical_tokens("member axis domain arrangement type"))
_DETAIL = re.compile(r"\([^()]*\d[^()]*\)")  # '($0.01 par value; 100,000 shares authorized)': beside the name
PRIMARY_STATEMENT = re.compile(
    r"^(?:condensed\s+)?(?:consolidated\s+)?(?:condensed\s+)?(?:statements?|balance sheets?)\b(?!.*\bparenthetical\b)|"
    r"\b(?:statements? of (?:operations|income|earnings|financial position|cash flows?|comprehensive (?:income|loss)|"
    r"(?:stockholders|shareholders)['’]? equity)|balance sheets?|income statements?)\b(?!.*\bparenthetical\b)", re.I)
_DETAILS = re.compile(r"\(details|narrative|\(tables?\)|parenthetical", re.I)
_STATEMENT_OF = {
    "income": re.compile(r"\b(?:operations|income|earnings|profit or loss)\b", re.I),
    "balance sheet": re.compile(r"\bbalance sheets?\b|\bfinancial position\b|\bfinancial condition\b", re.I),
    "cash flow": re.compile(r"\bcash flows?\b", re.I),
}
_CHANGE_CONCEPT = re.compile(r"(?:^|:)IncreaseDecrease", re.I)
_SET_ASIDE = re.compile(r"held[- ]for[- ]sale|heldforsale|disposal ?group|discontinued", re.I)
_MOVED = frozenset(canonical_tokens("increase decrease change period net"))
_STANDARD = ("us-gaap:", "ifrs-full:", "dei:", "srt:")


@dataclass(frozen=True)
class Features:
    recall: float = 0.0  # weighted share of the asked words the line says (label, members, column; concept words count 0.75)
    precision: float = 0.0  # share of the label's own words that were asked
    metric_concept: float = 0.0  # 1: the concept is one the lexicon names for the metric asked
    metric_rank: float = 0.0  # that concept's place in the metric's list (1 first, towards 0 last)
    other_metric: float = 0.0  # 1: the printed label names another metric of the lexicon
    extra_members: float = 0.0  # members the question did not ask for (a breakdown row)
    is_part: float = 0.0  # 1: a member row of a line the filing also reports as a total, the member not asked
    asked_members: float = 0.0  # members whose words the question says
    modifiers: float = 0.0  # label words like 'unrecognized', 'deferred' the question does not say
    qualifiers: float = 0.0  # narrowing or other-kind words ('current', 'payable') the question does not say
    unit_mismatch: float = 0.0  # 1: the unit is not the kind asked (an amount for a rate ...)
    primary_statement: float = 0.0  # 1: reported on a primary statement, not a note's detail table
    details: float = 0.0  # 1: a details, narrative or parenthetical table
    statement_hint: float = 0.0  # 1: the statement the question says to use
    change_line: float = 0.0  # 1: a cash-flow 'increase (decrease) in …' line
    flow_balance: float = 0.0  # 1: a flow for a balance asked, or a balance for a flow
    set_aside: float = 0.0  # 1: a held-for-sale or discontinued line, not asked
    label_exact: float = 0.0  # 1: the label says exactly the asked words
    concept_named: float = 0.0  # 1: the question spells the concept's name
    custom_concept: float = 0.0  # 1: a filer's own (extension) concept
    untagged: float = 0.0  # 1: a table cell with no XBRL concept
    period: float = 0.0  # how well its period answers the period asked (0..1)
    period_open: float = 0.0  # 1: the layout leaves its column (period) open
    recency: float = 0.0  # how recent its filing is among the candidates (1 latest)
    latest: float = 0.0  # 1: the latest period among the candidates (what a question naming no period means)

    def as_dict(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@lru_cache(maxsize=65536)  # pure in the label; every gathered line is asked for it, and labels repeat across periods
def label_tokens(text: str) -> frozenset[str]:
    """Words of a label that say what the line is: not the dates in it, not what it deducts (but what
    deducting implies: 'net of current portion' says noncurrent)."""
    kept = _DETAIL.sub(" ", without_taken_out(text))
    return frozenset((set(canonical_tokens(DATE_RE.sub(" ", kept))) - {t for t in canonical_tokens(kept) if t.isdigit() and len(t) == 4})
                     | implied_words(text))


def member_tokens(f: Fact) -> list[frozenset[str]]:
    return [_member_words(m.member) for m in f.dimensions]


@lru_cache(maxsize=16384)
def _sign_aside_words(label: str) -> frozenset[str]:
    return frozenset(t for hit in SIGN_ASIDE.finditer(label or "") for t in canonical_tokens(hit.group(0)))


@lru_cache(maxsize=16384)
def _member_words(member: str) -> frozenset[str]:
    from index.parsers.colheaders import words_period

    if words_period(member)[1] is not None:
        return frozenset()  # a member naming a quarter ('Q4 2019', 'First Quarter 2018') says when, not what
    return (frozenset(canonical_tokens(country_name(member.removesuffix(" Member")))) | implied_words(member)) - _MEMBER_NOISE


def _w(tok: str) -> float:
    return 0.3 if tok in GENERIC_LABEL_WORDS else 1.0


def unit_fits(unit_kind: str | None, unit: str | None) -> bool:
    if unit_kind is None or unit is None:
        return True
    currency = len(unit) == 3 and unit.isupper()
    if unit_kind == "count":
        return unit == "shares" or ("/" not in unit and not currency and unit not in ("pure", "duration"))
    if unit_kind == "money":
        return currency or ("/" in unit and not unit.endswith("shares"))
    if unit_kind == "per_share":
        return "/" in unit or currency
    if unit_kind in ("percent", "ratio"):
        return unit == "pure"
    if unit_kind == "duration":
        return unit in ("duration", "years", "days", "pure")
    return True


MIN_RECALL = 0.6  # a line must say most of what was asked (the finder gathers no line below it)


@dataclass(frozen=True)
class Coverage:
    """What of the asked words a line says: the cheap first half of the features, enough to drop
    most lines (a line that says too little of the question is never scored further)."""
    asked: list
    label: set
    column: set
    members: list
    concept: set
    recall: float
    metric_concept: float
    said_recall: float = -1.0  # the recall of the words the line itself says, when a named row's recall raised it


def coverage(item: LineItem, f: Fact, company_words: frozenset[str] = frozenset()) -> Coverage:
    asked = [w for w in item.words if w not in company_words]
    label = label_tokens(f.label) - company_words
    column = set(canonical_tokens(f.column_label)) if f.column_label and not any(c.isdigit() for c in f.column_label) else set()
    members = member_tokens(f)
    concept = set(canonical_tokens(concept_words(f.concept))) if f.concept else set()
    title = set(canonical_tokens(f.title))
    own = label | column | set().union(*members) if members else label | column
    said_all = item.said_by(own | set(canonical_tokens(f.label)))
    total = sum(_w(t) for t in asked) or 1.0
    recall = sum(_w(t) * (1.0 if t in said_all else 0.75 if t in concept else 0.5 if t in title else 0.0) for t in asked) / total
    said_recall = -1.0
    if (item.names or _PLACE_WORDS.intersection(asked)) and recall < MIN_RECALL and not members:
        said_recall, recall = recall, max(recall, _named_row_recall(item, f, asked, said_all | title))
    metric = BY_KEY.get(item.metric)
    metric_concept = 1.0 if metric is not None and metric.has_concept(f.concept) else 0.0
    if metric_concept:  # the lexicon vouches for the concept: its metric words are said
        covered = set(item.metric_words)
        recall = max(recall, sum(_w(t) * (1.0 if t in covered or t in said_all else 0.75 if t in concept else 0.0)
                                 for t in asked) / total)
    return Coverage(asked, label, column, members, concept, recall, metric_concept, said_recall)


# countries named in one word ('Japan', 'the United States' folded to one): a place the question names
_PLACE_WORDS = frozenset(t for name in COUNTRY_CODES.values() for t in canonical_tokens(name) if len(canonical_tokens(name)) == 1)


def _named_row_recall(item: LineItem, f: Fact, asked: list[str], said_all: set[str]) -> float:
    """A row whose own name is all names the question states, and says every one of them ('Taiwan Dollar' for
    'the weighted-average exchange rate for Taiwan Dollar'): the question's other words are the table's subject,
    which the row need not repeat (its title may say them) - they weigh as the names' qualifiers (0.3), the names as the line (1)."""
    row = set(canonical_tokens(row_name(f.label))) - QUESTION_WORDS
    names = set(item.names) | (_PLACE_WORDS & set(asked))  # ('the United States' folds to one word, never capitalized)
    if not row or not row <= item.said_by(names) | names or not names <= item.said_by(row) | row:
        return 0.0
    weight = {t: 1.0 if t in names else 0.3 * _w(t) for t in asked}
    return sum(w for t, w in weight.items() if t in said_all) / (sum(weight.values()) or 1.0)


def _names_only_the_metric(f: Fact, hit, metric) -> bool:
    """The whole printed label is the metric asked in the lexicon's words ('Net earnings attributable to
    UnitedHealth Group common shareholders' is net income, said exactly), with no member beside it."""
    if metric is None or hit is None or hit[0].key != metric.key or f.dimensions:
        return False
    return not without_taken_out(f.label).replace(hit[1].group(0), " ").strip(" ,.;:()")


# a line's short name printed after it: '(Scope 1)', '(“Apple”)', '(EBITDA)' - a figure, a quoted name or an acronym
_ALIAS = re.compile(r"\(\s*(?:[“\"]([^”\"()]+)[”\"]|([^()]*\d[^()]*)|([A-Z]{2,}[A-Za-z]*))\s*\)\s*$")


def _alias_asked(label: str, asked: set[str], text: str) -> bool:
    """Does the question say all of the short name a row label defines for itself (and figures in it)?"""
    m = _ALIAS.search(label)
    if not m:
        return False
    toks = set(canonical_tokens(next(g for g in m.groups() if g)))
    words = {t for t in toks if not t.isdigit()}
    return bool(words) and words <= asked and toks - words <= set(re.findall(r"\d+", text))


def line_features(item: LineItem, f: Fact, output: Output, company_words: frozenset[str] = frozenset(),
                  statement: str = "", balance_asked: bool | None = None, cover: Coverage | None = None) -> Features:
    """How well ``f``'s line answers ``item`` (the period features are added by the finder).
    ``company_words``: the words of the company's own names, never line-item words ('attributable to
    shareowners of The Coca-Cola Company'). ``cover``: its :func:`coverage`, when already computed."""
    cover = cover or coverage(item, f, company_words)
    asked, label, column, members, concept = cover.asked, cover.label, cover.column, cover.members, cover.concept
    recall, metric_concept = cover.recall, cover.metric_concept
    if cover.said_recall >= 0 and not unit_fits(output.unit_kind, f.unit):
        recall = cover.said_recall  # a named row of another kind of number ('Taiwan' in dollars, a share asked) is not it
    qs = set(asked)
    metric = BY_KEY.get(item.metric)
    included = INCLUDED_CLAUSE.search(f.label)  # what a label says it includes does not narrow it
    lc = {t for t in (label - label_tokens(included.group(0)) if included else label) | column if t not in QUESTION_WORDS}
    lcm = lc | {t for toks in members for t in toks if t not in QUESTION_WORDS}  # a member row says its member too
    printed_hit = find_metric(without_taken_out(f.label))
    if metric is not None and printed_hit is not None and printed_hit[0].key == metric.key:
        qs_label = qs | set(canonical_tokens(printed_hit[1].group(0)))  # the label names the metric asked in its own words
    else:
        qs_label = qs
    qs_label = qs_label | set(item.including)  # a label may say what 'including …' adds (a member row is still a part)
    qs_label = qs_label | _sign_aside_words(f.label)  # 'Other comprehensive income (loss)' for 'other comprehensive income'
    if output.movement:  # 'decrease in cash': the line that says it moved ('Period increase (decrease)') is the one asked
        qs_label = qs_label | _MOVED
    precision = max(sum(_w(t) for t in lc if t in qs_label) / (sum(_w(t) for t in lc) or 1.0),
                    sum(_w(t) for t in lcm if t in qs_label) / (sum(_w(t) for t in lcm) or 1.0) if members else 0.0)
    if concept and qs and qs <= concept:
        precision = max(precision, sum(_w(t) for t in concept if t in qs) / (sum(_w(t) for t in concept) or 1.0))
    if _alias_asked(f.label, qs, item.text):  # 'Combustion of fuel (Scope 1)' for 'Scope 1 emissions': its short name
        precision = 1.0
    rank = 0.0
    if metric_concept:
        local = f.concept.split(":")[-1].split("_")[-1].lower()
        order = [c.lower() for c in metric.concepts]
        rank = 1.0 - order.index(local) / max(len(order), 1) if local in order else 0.0
    printed = metric_in_label(without_taken_out(f.label))
    tagged = metric_of_concept(f.concept)
    other_metric = 1.0 if metric is not None and not metric_concept and any(
        m is not None and m.key != metric.key and not phrase_words(m) <= qs for m in (printed, tagged)) else 0.0
    if metric is None and tagged is not None and not phrase_words(tagged) & qs:
        other_metric = 1.0  # a line of another known metric ('share-based compensation' by location) for words no metric names
    neutral = NEUTRAL_MEMBER_WORDS | (CLASS_MEMBER_WORDS if f.unit == "shares" else frozenset())
    # a number the question prints is asked too ('without the adoption of ASC 606': the column 'Without ASC 606 Adoption')
    numbers = set(re.findall(r"\d+", item.text))
    extra = [m for m, toks in zip(f.dimensions, members) if toks and not toks <= (qs | label | column | neutral | numbers)]
    asked_members = len(set().union(*[toks for toks in members if toks and toks <= qs and not toks <= label])) if members else 0
    modifiers = len([t for t in lc if t in MODIFIER_WORDS and t not in qs])
    qualifiers = len([t for t in lc if (t in QUALIFIERS or t in OTHER_KIND) and t not in qs]) + opposite_direction(item.text, f.label)
    flow = bool(f.periods) and all(p.kind == "duration" for p in f.periods)
    instant_asked = balance_asked if balance_asked is not None else (metric.instant if metric is not None else None)
    unknown_kind = any(p.kind == "date" for p in f.periods)  # a flattened table's date: balance or flow, it does not say
    flow_balance = 1.0 if instant_asked is not None and (instant_asked == flow) and f.periods and not unknown_kind else 0.0
    local = f.concept.split(":")[-1]
    change_line = 1.0 if (_CHANGE_CONCEPT.search(local) or re.match(r"^(?:increase|decrease)", f.label, re.I)) \
        and not ({"chang", "increas", "decreas"} & qs) and not output.movement else 0.0
    set_aside = 1.0 if (_SET_ASIDE.search(f.concept) or _SET_ASIDE.search(f.label)) and not ({"discontinu", "sale", "dispos"} & qs) else 0.0
    said_exactly = {t for t in set(canonical_tokens(f.label)) | set().union(*members) if t not in GENERIC_LABEL_WORDS - {"total", "other"}}
    wanted = {t for t in qs if t not in GENERIC_LABEL_WORDS - {"total", "other"}}
    hint = _STATEMENT_OF.get(statement)
    return Features(
        recall=recall,
        precision=precision,
        metric_concept=metric_concept,
        metric_rank=rank,
        other_metric=other_metric,
        extra_members=float(len(extra)),
        asked_members=float(asked_members),
        modifiers=float(modifiers),
        qualifiers=float(qualifiers),
        unit_mismatch=0.0 if unit_fits(output.unit_kind, f.unit) else 1.0,
        primary_statement=1.0 if PRIMARY_STATEMENT.search(f.title or "") and not _DETAILS.search(f.title or "") else 0.0,
        details=1.0 if _DETAILS.search(f.title or "") else 0.0,
        statement_hint=1.0 if hint is not None and hint.search(f.title or "") else 0.0,
        change_line=change_line,
        flow_balance=flow_balance,
        set_aside=set_aside,
        label_exact=1.0 if wanted and (said_exactly == wanted or _names_only_the_metric(f, printed_hit, metric)) else 0.0,
        concept_named=1.0 if item.concept_named and concept and qs and qs <= concept and len(concept - qs) <= 1 else 0.0,
        custom_concept=1.0 if f.concept and not f.concept.startswith(_STANDARD) else 0.0,
        untagged=0.0 if f.concept else 1.0,
    )
