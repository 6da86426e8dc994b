"""From a question to the facts that answer it.

1. Candidate line items (fact groups) come from BM25 over labels/members/concepts, widened by the
   facts of the passages dense search finds.
2. Each candidate is scored on how much of the question its label and members say (recall),
   how much of its label the question asks for (precision), whether it carries members the
   question did not ask for (a breakdown, not the total), and whether its unit fits.
3. Facts of the best line items are filtered by the periods asked, keeping track of whether a
   period is certain or only one of the candidates the layout allows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from index.facts import Fact, Period
from index.parsers.numbers import DATE_RE as _DATES
from index.store import IndexReader

from .metrics import BY_KEY, find_metric, fit_factor, unit_kind_for, verb_tokens
from .question import PeriodAsk, Question
from .vocabulary import GENERIC_LABEL_WORDS, MODIFIER_WORDS, QUESTION_WORDS, canonical_tokens, concept_words, search_terms, without_taken_out

__all__ = ["ScoredFact", "LineItemScore", "score_line_item", "find_facts", "label_says_exactly", "names_concept", "MIN_RECALL", "MIN_PRECISION"]

MIN_RECALL = 0.6
MIN_PRECISION = 0.3
_VERBS = verb_tokens()
_MEMBER_NOISE = frozenset(canonical_tokens("member axis domain arrangement type")) | {"sbc"}


def _w(tok: str) -> float:
    return 0.3 if tok in GENERIC_LABEL_WORDS else 1.0


@dataclass(frozen=True)
class LineItemScore:
    score: float
    recall: float
    precision: float
    extra_members: tuple[str, ...]  # members the question did not ask for
    unit_ok: bool


@dataclass
class ScoredFact:
    fact: Fact
    item: LineItemScore
    period_score: float = 1.0
    period_certain: bool = True
    matching_periods: tuple[Period, ...] = ()
    notes: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return self.item.score * self.period_score * (1.0 if self.period_certain else 0.75)


def _unit_fits(unit_kind: str | None, unit: str | None) -> bool:
    if unit_kind is None or unit is None:
        return True
    if unit_kind == "count":
        return unit in ("shares",) or "/" not in unit and not (len(unit) == 3 and unit.isupper()) and unit not in ("pure", "duration")
    if unit_kind == "money":
        return len(unit) == 3 and unit.isupper() or "/" in unit
    if unit_kind == "per_share":
        return "/" in unit or (len(unit) == 3 and unit.isupper())
    if unit_kind == "percent":
        return unit == "pure"
    if unit_kind == "duration":
        return unit in ("duration", "years")
    return True


# a parenthesis with figures in it ('($0.01 par value; 100,000 shares authorized …)', a footnote '(1)'):
# detail printed beside the line's name, not words of it
_DETAIL = re.compile(r"\([^()]*\d[^()]*\)")


def _label_tokens(text: str) -> set[str]:
    """Metric words of a label: dates and years in it ('Outstanding as of December 31, 2022') are periods."""
    text = _DETAIL.sub(" ", without_taken_out(text))
    return set(canonical_tokens(_DATES.sub(" ", text))) - {t for t in canonical_tokens(text) if t.isdigit() and len(t) == 4}


def _concept_tokens(fact: Fact) -> set[str]:
    """The words of the fact's concept name ('NetIncomeLoss' -> net income loss): the taxonomy's own
    name for the line, as good as its printed label when a question is worded by it."""
    return set(canonical_tokens(concept_words(fact.concept))) if fact.concept else set()


def _is_pointer(fact: Fact) -> bool:
    """A taxonomy pointer ('…StatementOfFinancialPositionExtensibleList'): which line another fact sits on, never an answer."""
    return fact.value is None and fact.concept.endswith(("ExtensibleList", "ExtensibleEnumeration"))


def _recall(q: list[str], own: set[str], concept: set[str], title: set[str], named: float = 0.9) -> float:
    """Weighted share of the question's words the line says. Its concept name counts nearly in full
    when it says every word (the question is worded by the concept), less otherwise: a printed label
    or member saying a word ('Services' cost of sales, 'Net deferred tax asset') beats a concept
    name that merely contains it."""
    total = sum(_w(t) for t in q) or 1.0
    by_concept = named if concept and set(q) <= concept else 0.75
    return sum(_w(t) * (1.0 if t in own else by_concept if t in concept else 0.5 if t in title else 0.0) for t in q) / total


def _asked_member_words(members: list[set[str]], asked: set[str], label: set[str], concept: set[str] = frozenset()) -> int:
    """How many of the question's words the fact's members say (a member named is the row asked;
    'Automotive sales' says more of 'automotive sales revenue' than the segment 'Automotive'). A
    question worded by the concept ('cost of goods and services sold') names no member 'Services'."""
    worded = bool(concept) and asked <= concept
    said = [toks for toks in members if toks and toks <= asked and not toks <= label and not (worded and toks <= concept)]
    # distinct words only, and none the label says: 'Devices and Consumer Other' beside 'Devices and Consumer'
    # says no more of 'Devices and Consumer goodwill, other changes' than the one member alone
    return len(set().union(*said) - label) if said else 0


def _precision(words: set[str], q_tokens: tuple[str, ...]) -> float:
    return sum(_w(t) for t in words if t in q_tokens) / (sum(_w(t) for t in words) or 1.0)


_PLAIN_STOP = frozenset("""a an the of and or for in on at to by as is are was were what how much many did does do its their
tell me give show reported report s year years end ended ending fiscal quarter months during period cik""".split())


def _plain_words(text: str) -> tuple[str, ...]:
    return tuple(w for w in re.findall(r"[a-z]+", text.lower()) if w not in _PLAIN_STOP)


def names_concept(metric_text: str, fact: Fact) -> bool:
    """The question spells the fact's concept name, word for word, in order and unstemmed ('profit
    loss' is ProfitLoss, not NetIncomeLoss, though both read as net income; 'accrued and other current
    liabilities' is not OtherAccruedLiabilitiesCurrent)."""
    words = _plain_words(metric_text)
    return bool(fact.concept) and len(words) >= 2 and words == _plain_words(concept_words(fact.concept))


NAMED_BONUS = 1.15  # a concept the question spells out beats one whose words it only shares


def score_line_item(q_tokens: tuple[str, ...], fact: Fact, unit_kind: str | None = None, named: bool = False) -> LineItemScore:
    label = _label_tokens(fact.label)
    column = set(canonical_tokens(fact.column_label)) if fact.column_label and not any(ch.isdigit() for ch in fact.column_label) else set()
    members = [set(canonical_tokens(m.member)) - _MEMBER_NOISE for m in fact.dimensions]
    title = set(canonical_tokens(fact.title))
    concept = _concept_tokens(fact)
    own = label | column | set().union(*members) if members else label | column
    q = [t for t in dict.fromkeys(q_tokens)]
    # what the label takes out ('net of valuation allowance') is still said by it: recall, not precision
    recall = _recall(q, own | set(canonical_tokens(fact.label)), concept, title)
    lc = label | column
    # a label word the question's tokenizer always drops ('during', 'period') cannot count against it
    precision = _precision({t for t in lc if t not in QUESTION_WORDS} or lc, q_tokens)
    if concept and set(q) <= concept:  # worded by the concept itself: how much of the concept it says
        precision = max(precision, _precision(concept, q_tokens))
    qs = set(q_tokens)
    extra = tuple(m.member for m, toks in zip(fact.dimensions, members) if toks and not toks <= (qs | label | column))
    asked_members = _asked_member_words(members, qs, label, concept)
    unit_ok = _unit_fits(unit_kind, fact.unit)
    unasked_modifiers = len([t for t in lc if t in MODIFIER_WORDS and t not in qs])
    if named:  # the question spells the concept: its label's wording and the unit its words suggest are beside the point
        precision, unasked_modifiers, unit_ok = 1.0, 0, True
    score = (recall * recall * (0.4 + 0.6 * precision) * (0.35 ** len(extra)) * (0.6 ** unasked_modifiers)
             * (1.1 ** asked_members) * (0.97 ** len(members)) * (NAMED_BONUS if named else 1.0) * (1.0 if unit_ok else 0.5))
    return LineItemScore(score, recall, precision, extra, unit_ok)


def _period_match(fact: Fact, asks: tuple[PeriodAsk, ...]) -> tuple[float, bool, tuple[Period, ...]]:
    """(best score, certain?, the fact's periods that match) for the periods asked."""
    periods = fact.periods
    if not asks:
        return 1.0, fact.period is not None, periods
    if not periods:
        return 0.0, False, ()
    best = 0.0
    matching: list[Period] = []
    to_date = [a for a in asks if a.relation == "ytd"]
    for p in periods:
        s = max(a.score(p, fact) for a in asks)
        if to_date and p.kind == "duration" and not any(a.score(p, fact) > 0 for a in to_date):
            s = 0.0  # 'year to date through June 30': a flow from the fiscal year's start, whatever else is named
        if s > 0:
            matching.append(p)
            best = max(best, s)
    certain = bool(matching) and len(matching) == len(periods)
    return best, certain, tuple(matching)


MANY_ENTITIES = 8  # above this many companies, an unnamed company is narrowed by retrieval first


def _entity_ok(f: Fact, entities: tuple[str, ...]) -> bool:
    return not entities or f.entity in entities


def find_facts(reader: IndexReader, question: Question, tokens: tuple[str, ...] | None = None,
               dense_fact_ids: list[str] | None = None, *, limit_groups: int = 60,
               entities: tuple[str, ...] | None = None,
               company_hint: list[str] | None = None) -> tuple[list[ScoredFact], list[ScoredFact]]:
    """(facts that fit the line item AND the period, facts of fitting line items regardless of period)."""
    toks = tokens if tokens is not None else question.tokens
    ents = question.entities if entities is None else entities
    # an operand of a formula is named by its metric, not by the question's words
    spelled = (lambda f: names_concept(question.metric_text, f)) if tokens is None else (lambda f: False)
    if not toks:
        return [], []
    scored: dict[str, ScoredFact] = {}
    # Which companies' facts to read: the ones named; with none named in an index of many companies,
    # the ones whose passages best match the question (reading every company's facts does not scale).
    sql_entities: set[str] | None = set(ents) if ents else None
    if sql_entities is None and company_hint and reader.entity_count() > MANY_ENTITIES:
        sql_entities = set(company_hint[:1])  # the company whose passages rank highest

    # 1. a common metric named in words ('revenue', 'diluted EPS'): look it up by XBRL concept
    found = find_metric(question.metric_text) if tokens is None else (find_metric(" ".join(toks)) or find_metric(question.metric_text))
    named = BY_KEY.get(question.extra.get("metric", "")) if question.extra else None
    if named is not None:  # an operand of a derived metric names its metric exactly (qa/formulas.py)
        found = find_metric(named.phrase) if (find_metric(named.phrase) or (None,))[0] is named else None
    if found is not None:
        metric, hit = found
        metric_words = set(canonical_tokens(hit.group(0))) | _VERBS
        residual = tuple(t for t in toks if t not in metric_words)
        if not [t for t in residual if t not in GENERIC_LABEL_WORDS]:
            # the words are wholly a declared metric ('long-term debt'): its concept order decides, not the
            # concept that happens to be spelled the same (LongTermDebt is the total with the current part)
            spelled = lambda f: False  # noqa: E731
        order = {c.lower(): i for i, c in enumerate(metric.concepts)}
        unit_kind = unit_kind_for(metric, question.unit_kind, hit.string, hit)
        for f in reader.facts_with_concepts(metric.concepts, entities=sql_entities):
            if not _entity_ok(f, ents):
                continue
            item = _concept_item(residual, f, unit_kind, order, asked=toks, named=spelled(f))
            if item is not None:
                scored[f.fact_id] = ScoredFact(f, item)
    by_concept = set(scored)

    # 2. line items by their words: BM25 over labels/members/concepts, widened by dense passages
    terms = search_terms(" ".join(toks)) + search_terms(question.metric_text)
    groups = [g.group_key for g in reader.bm25_groups(terms, k=limit_groups)]
    facts = reader.facts_in_groups(groups, entities=sql_entities)
    if dense_fact_ids:
        seen = {f.fact_id for f in facts}
        extra = reader.group_keys_of(i for i in dense_fact_ids if i not in seen)
        if extra:
            facts += reader.facts_in_groups(extra, entities=sql_entities)
    cache: dict[tuple, LineItemScore] = {}
    for f in {f.fact_id: f for f in facts}.values():
        if f.fact_id in scored or not _entity_ok(f, ents) or _is_pointer(f):
            continue
        key = (f.label, f.dimensions, f.column_label if f.column_index is not None else "", f.title, f.unit, f.concept)
        item = cache.get(key)
        if item is None:
            item = cache[key] = score_line_item(toks, f, question.unit_kind, named=spelled(f))
        if item.recall < MIN_RECALL or item.precision < MIN_PRECISION:
            continue
        scored[f.fact_id] = ScoredFact(f, item)

    if found is not None:
        # what the metric's own words cannot say: the total, not a held-for-sale line; the balance, not
        # the cash-flow change in it (these rules apply to line items found by words too)
        asked = question.text or question.metric_text
        asks_more = bool([t for t in residual if t not in GENERIC_LABEL_WORDS])
        for fid, sf in list(scored.items()):
            k = fit_factor(found[0], sf.fact.concept, sf.fact.label,
                           bool(sf.fact.periods) and all(p.kind == "duration" for p in sf.fact.periods), asked,
                           only_metric=not asks_more)
            # ... unless the question spells that row's concept, or asks more than the metric and the row's
            # printed label says exactly that ('total short-term borrowings and long-term debt')
            if by_concept and fid not in by_concept and sf.fact.concept and not spelled(sf.fact) \
                    and not (asks_more and label_says_exactly(toks, sf.fact)):
                k *= 0.6  # the metric's own concepts are reported: a row that only borrows its words is another item
            if k != 1.0:
                scored[fid] = ScoredFact(sf.fact, replace(sf.item, score=sf.item.score * k))

    fitting = list(scored.values())
    if not fitting:
        return [], []
    best = max(sf.item.score for sf in fitting)
    fitting = [sf for sf in fitting if sf.item.score >= 0.5 * best]
    matched: list[ScoredFact] = []
    for sf in fitting:
        ps, certain, periods = _period_match(sf.fact, question.periods)
        if ps > 0:
            matched.append(ScoredFact(sf.fact, sf.item, ps, certain, periods))
    key = lambda sf: (-round(sf.score, 6), -(sf.fact.report_date.toordinal() if sf.fact.report_date else 0),
                      sf.fact.source, sf.fact.row_index)
    matched.sort(key=key)
    fitting.sort(key=lambda sf: (-sf.item.score, sf.fact.source, sf.fact.row_index))
    return matched, fitting


def _concept_item(residual: tuple[str, ...], f: Fact, unit_kind: str | None, order: dict[str, int],
                  asked: tuple[str, ...] = (), named: bool = False) -> LineItemScore | None:
    """Score a fact found by concept: the metric words are matched by the concept itself; what is
    left of the question (members, qualifiers) must be said by its members or label."""
    members = [set(canonical_tokens(m.member)) - _MEMBER_NOISE for m in f.dimensions]
    label = _label_tokens(f.label)
    own = label | (set().union(*members) if members else set())
    # the metric table vouches for the concept: its name says the residual words in full
    recall = _recall(list(dict.fromkeys(residual)), own, _concept_tokens(f), set(), named=1.0) if residual else 1.0
    if recall < MIN_RECALL:
        return None
    qs = set(residual) | set(asked)  # a member may repeat the metric's own words ('Automotive sales' revenue)
    extra = tuple(m.member for m, toks in zip(f.dimensions, members) if toks and not toks <= (qs | label))
    unit_ok = named or _unit_fits(unit_kind, f.unit)
    local = f.concept.split(":")[-1].split("_")[-1].lower()
    rank = order.get(local, len(order))
    concept = _concept_tokens(f)
    asked_members = _asked_member_words(members, qs, label, concept)
    score = (recall * recall * (1.0 - 0.01 * rank) * (0.35 ** len(extra)) * (1.1 ** asked_members) * (NAMED_BONUS if named else 1.0)
             * (0.97 ** len(members)) * (1.0 if unit_ok else 0.5))
    return LineItemScore(score, recall, 1.0, extra, unit_ok)


# generic in a search, yet they make a printed line another one ('Other current liabilities', 'Total …')
_DISTINGUISHING = frozenset(canonical_tokens("total other"))


def label_says_exactly(q_tokens: tuple[str, ...], fact: Fact) -> bool:
    """The fact's printed label (and members) say the question's words, no more and no fewer."""
    said = set(canonical_tokens(fact.label)) | {t for m in fact.dimensions for t in canonical_tokens(m.member)} - _MEMBER_NOISE
    asked = set(q_tokens)
    empty = GENERIC_LABEL_WORDS - _DISTINGUISHING  # 'Total operating costs' is not the line printed 'Operating costs'
    return bool(asked) and {t for t in said if t not in empty} == {t for t in asked if t not in empty}


def same_value(a: Fact, b: Fact) -> bool:
    return a.value is not None and a.value == b.value and (a.unit == b.unit or a.unit is None or b.unit is None)


def latest_first(facts: list[ScoredFact]) -> list[ScoredFact]:
    def end(sf: ScoredFact):
        ps = sf.matching_periods or sf.fact.periods
        return max((p.end for p in ps), default=None) or Period.parse("1900-01-01").end

    return sorted(facts, key=lambda sf: (sf.period_certain, end(sf), sf.score), reverse=True)


def as_decimal(v: Decimal | None) -> Decimal:
    return v if v is not None else Decimal(0)
