"""Candidates: the facts that could answer one line item for one period, each with its features and score.

Facts are gathered from the store three ways - by the concepts the lexicon names for the metric, by
BM25 over line-item words (labels, members, concepts), and from the passages dense search finds -
then kept when they are eligible (they say enough of the asked words, their period can be the one
asked) and ranked by :func:`qa.find.score.score`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from index.facts import Fact, Period, row_name
from index.store import IndexReader

from ..lexicon.metrics import BY_KEY
from ..lexicon.words import (CHARGE_OF, GENERIC_LABEL_WORDS, NEUTRAL_MEMBER_WORDS, QUESTION_WORDS, canonical_tokens, concept_words,
                             search_terms)
from ..plan import LineItem, PeriodAsk, QueryPlan
from .features import MIN_RECALL, Features, coverage, label_tokens, line_features, member_tokens
from .periods import fiscal_year_score, named_period_score, period_score
from .score import score as weighted

__all__ = ["Candidate", "Finder", "MIN_RECALL", "MIN_PRECISION"]

MIN_PRECISION = 0.25  # a line must say most of what was asked (MIN_RECALL), and what it says must be mostly what was asked


@dataclass(frozen=True)
class Candidate:
    fact: Fact
    features: Features
    score: float
    periods: tuple[Period, ...]  # the fact's periods that answer the ask (all of them when none is asked)

    @property
    def period_certain(self) -> bool:
        return self.fact.period is not None


def _is_pointer(f: Fact) -> bool:
    """A taxonomy pointer ('…ExtensibleList'): which line another fact sits on, never an answer."""
    return f.value is None and f.concept.endswith(("ExtensibleList", "ExtensibleEnumeration"))


class Finder:
    def __init__(self, reader: IndexReader, vector_of=None):
        self.reader = reader
        self._vector_of = vector_of  # text -> query vector (None: no dense search)
        self._company_words: dict[str, frozenset[str]] = {}

    # --- gathering ------------------------------------------------------------------------------
    def facts_for(self, item: LineItem, entities: tuple[str, ...] | None) -> list[Fact]:
        """Every fact that might be this line item, of these companies (all when None): the lines of
        the concepts the lexicon names for its metric and the line items BM25 finds for its words,
        read from the store at once."""
        metric = BY_KEY.get(item.metric)
        concepts = metric.concepts if metric is not None else ()
        terms = search_terms(item.text)
        groups = [g.group_key for g in self.reader.bm25_groups(terms, k=60, entities=entities)] if terms else []
        return [f for f in self.reader.facts_of_lines(concepts, groups, entities=entities) if not _is_pointer(f)]

    def facts_near(self, query: str, entities: tuple[str, ...] | None, seen: list[Fact]) -> list[Fact]:
        """The facts of the passages dense search finds for the question that ``seen`` does not hold:
        line items whose words the question does not share (embedding the question costs more than
        the rest of a lookup, so this runs only when the line item's own words found nothing)."""
        if self._vector_of is None or not query:
            return []
        hits = [h.chunk_id for h in self.reader.dense_chunks(self._vector_of(query), k=8, entities=entities)]
        held = {f.fact_id for f in seen}
        return [f for f in self.reader.facts_of_lines((), self.reader.group_keys_in_chunks(hits), entities=entities)
                if f.fact_id not in held and not _is_pointer(f)]

    def company_words(self, entity: str) -> frozenset[str]:
        """Words of a company's own name: never line-item words when a label repeats them."""
        if entity not in self._company_words:
            self._company_words[entity] = frozenset(canonical_tokens(entity)) - {"inc", "corp", "co", "group"}
        return self._company_words[entity]

    # --- ranking --------------------------------------------------------------------------------
    def candidates(self, item: LineItem, ask: PeriodAsk | None, plan: QueryPlan, *, entities: tuple[str, ...] | None,
                   balance: bool | None = None, unit_kind: str | None = "") -> list[Candidate]:
        """Eligible candidates for ``item`` in period ``ask``, best first. ``unit_kind``: the kind of number this
        input must be ('' = what the plan's answer is; an operand of a ratio is an amount, not a ratio)."""
        output = plan.output if unit_kind == "" else replace(plan.output, unit_kind=unit_kind)
        facts = self.facts_for(item, entities)
        found = self._fitting(item, ask, plan, output, balance, facts)
        if not found:
            found = self._fitting(item, ask, plan, output, balance, self.facts_near(plan.core, entities, facts))
        if not found and plan.scope:
            found = self._total_rows(item, ask, plan, output, balance)
        return self._ranked(found, ask)

    def _total_rows(self, item: LineItem, ask: PeriodAsk | None, plan: QueryPlan, output, balance: bool | None) -> list[Candidate]:
        """Within one document, a table's bare 'Total' row for 'total accrued liabilities': the row names no
        line of its own, so it is read as the total of what its heading, table title and column say. Only when
        no line says the words asked (the same figure printed as 'Total accrued liabilities' is preferred)."""
        bare = [f for f in self.reader.query_facts(limit=5000) if f.value is not None and is_bare_total(f.label)]
        asked = item if item.words else replace(item, words=("total",))  # 'the total': the total row, if one
        found = []
        for f in bare:
            named = replace(f, label=total_label(f)) if item.words else f
            cover = coverage(asked, named, self.company_words(f.entity))
            periods, pscore = _period_fit(f, ask)
            if cover.recall < MIN_RECALL or pscore <= 0:
                continue
            feats = line_features(asked, named, output, self.company_words(f.entity), plan.statement, balance, cover)
            # the row's own name says nothing but 'total': its title's other words do not make it another line
            feats = replace(feats, precision=1.0, period=pscore, period_open=0.0 if f.period is not None else 1.0)
            found.append(Candidate(f, feats, 0.0, periods))
        return found

    def _fitting(self, item: LineItem, ask: PeriodAsk | None, plan: QueryPlan, output, balance: bool | None,
                 facts: list[Fact]) -> list[Candidate]:
        """The facts that can be the line item asked for the period asked, with their features (unscored)."""
        # lines the filing reports as a total: a member row of one is a part, unless its member is asked
        totals = {(f.filing_id, f.concept, f.period) for f in facts if f.concept and not f.dimensions and f.value is not None}
        asked = set(item.words)
        found: list[Candidate] = []
        cache: dict[tuple, Features] = {}
        for f in facts:
            if f.value is None and not f.text_value:
                continue
            key = (f.label, f.dimensions, f.column_label if f.column_index is not None else "", f.title, f.unit, f.concept,
                   bool(f.periods) and all(p.kind == "duration" for p in f.periods))
            if key not in cache:
                cover = coverage(item, f, self.company_words(f.entity))
                # most gathered lines say too little of the question: drop them before the costly features
                says_enough = cover.metric_concept or cover.recall >= MIN_RECALL
                cache[key] = line_features(item, f, output, self.company_words(f.entity), plan.statement, balance,
                                           cover) if says_enough else None
            feats = cache[key]
            if feats is None or not _eligible(item, f, feats):
                continue
            periods, pscore = _period_fit(f, ask)
            if pscore <= 0:
                continue
            part = bool(f.dimensions) and (f.filing_id, f.concept, f.period) in totals and not any(
                toks and toks <= asked for toks in member_tokens(f))
            feats = replace(feats, period=pscore, period_open=0.0 if f.period is not None else 1.0, is_part=1.0 if part else 0.0)
            found.append(Candidate(f, feats, 0.0, periods))
        return found

    @staticmethod
    def _ranked(found: list[Candidate], ask: PeriodAsk | None) -> list[Candidate]:
        """Candidates scored (with the features that compare them with each other) and sorted, best first."""
        if not found:
            return []
        latest = max((c.fact.report_date.toordinal() for c in found if c.fact.report_date), default=0)
        wants_latest = ask is None or ask.wants_latest
        last_end = max((p.end for c in found for p in c.periods), default=None)
        ranked = []
        for c in found:
            recent = 1.0 if c.fact.report_date and c.fact.report_date.toordinal() == latest else 0.0
            newest = 1.0 if wants_latest and c.periods and max(p.end for p in c.periods) == last_end else 0.0
            feats = replace(c.features, recency=recent, latest=newest)
            ranked.append(Candidate(c.fact, feats, weighted(feats), c.periods))
        ranked.sort(key=lambda c: (-c.score, -(c.fact.report_date.toordinal() if c.fact.report_date else 0), c.fact.source,
                                   c.fact.row_index, c.fact.fact_id))
        return ranked


_BARE_TOTAL = re.compile(r"^\s*(?:total|grand total)\s*:?\s*$", re.I)


def is_bare_total(label: str) -> bool:
    """'Total', 'Deferred tax assets: Total': a sum row whose own name says only that it is a total."""
    return bool(_BARE_TOTAL.match(row_name(label)))


def total_label(f: Fact) -> str:
    """The name a bare total row stands for: its heading (if any) and its table's title, 'Total' kept."""
    head = f.label.rsplit(": ", 1)[0] if ": " in f.label else ""
    return " ".join(p for p in ("Total", head, f.title) if p)


_NOT_NARROWING = NEUTRAL_MEMBER_WORDS | GENERIC_LABEL_WORDS | QUESTION_WORDS


_ATTRIBUTED = frozenset(canonical_tokens("attributable available"))  # one holder's part of a line
_PORTION_NOUNS = frozenset(canonical_tokens("portion part share amount"))


_REST_OF = re.compile(r"^\s*(?:all\s+|total\s+)?other\b", re.I)  # 'Other comprehensive income': what is left of it


def _eligible(item: LineItem, f: Fact, feats: Features) -> bool:
    # (the row's own name: a heading carried onto it, 'Other income (expense): Interest income', is not the line)
    if not feats.metric_concept and _REST_OF.match(row_name(f.label)) and not re.search(r"\bother\b", item.text, re.I):
        return False  # the remainder of a line is not the line, unless the lexicon vouches for its concept
    if item.including:  # 'including the noncontrolling interest's portion': not a line attributed to one holder only
        line = set(canonical_tokens(f"{f.label} {concept_words(f.concept)}"))
        extra = set(item.including) - _ATTRIBUTED - _PORTION_NOUNS
        if line & _ATTRIBUTED and not (extra <= line and "includ" in line):  # a holder's part, not the whole
            return False
    if feats.metric_concept:  # the metric is the fact's concept: what the question adds must be said by its members or label
        rest = [w for w in item.rest if w not in _NOT_NARROWING]
        if not rest:
            return True
        said = item.said_by(label_tokens(f.label) | set().union(*member_tokens(f)) | set(canonical_tokens(f.label))
                            | set(canonical_tokens(concept_words(f.concept))))
        weight = {w: 1.0 if w in item.names else 0.3 for w in rest}
        return sum(weight[w] for w in rest if w in said) / sum(weight.values()) >= MIN_RECALL
    if feats.recall < MIN_RECALL or (feats.precision < MIN_PRECISION and not _own_name_precise(item, f)):
        return False
    own = label_tokens(f.label) | set(canonical_tokens(concept_words(f.concept))) | set(canonical_tokens(f.label))
    charges = {w for w in item.words if w in CHARGE_OF}
    if charges and not charges <= item.said_by(own | set().union(*member_tokens(f)) | set(canonical_tokens(f.title))
                                                | set(canonical_tokens(f.column_label))):
        return False  # 'amortization related to transition costs' is not the transition costs' balance
    asked = {w for w in item.words if w not in _NOT_NARROWING}
    return not asked or bool(item.said_by(own) & asked)  # a member or a title alone does not make a line the one asked


def _own_name_precise(item: LineItem, f: Fact) -> bool:
    """A row under a long heading ('Adjustments to reconcile net loss to net cash …: Share based compensation')
    says little but its heading's words; its own name, all of it asked, is what it is."""
    if row_name(f.label) == f.label:
        return False
    own = label_tokens(row_name(f.label)) - QUESTION_WORDS
    return bool(own) and own <= set(item.words)


def _period_fit(f: Fact, ask: PeriodAsk | None) -> tuple[tuple[Period, ...], float]:
    periods = f.periods
    if ask is None:
        return periods, 1.0
    if not periods and f.year_period is not None:  # an untagged table's bare-year column ('2019', 'Fiscal 2019')
        return (), fiscal_year_score(ask, f.year_period)
    if not periods:  # a column or row that names its period in words only ('2020' of a maturity table, 'Q4 2019')
        return (), named_period_score(ask, f)
    matching = [(p, period_score(ask, p, f)) for p in periods]
    good = [(p, s) for p, s in matching if s > 0]
    if not good:
        return (), 0.0
    return tuple(p for p, _ in good), max(s for _, s in good)
