"""Passages and sentences for questions answered in words ("How do the options vest?").

Passages come from hybrid retrieval routed by what the question holds (numbers, years and names
lean on BM25, plain-language questions on dense search); the answer quotes the best sentences.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from index.facts import Chunk
from index.parsers.numbers import DATE_RE
from index.parsers.prose import sentences
from index.store import IndexReader

from ..answer import Citation
from ..lexicon.prose import COUNT_CONTEXT, FILING_WORDS as SYNONYMS
from ..lexicon.words import GENERIC_LABEL_WORDS, QUESTION_WORDS, canonical_tokens
from ..plan import PeriodAsk, QueryPlan
from ..present import chunk_citation, fact_citation
from .periods import period_score
from .wordsasked import FRAME_WORDS, REASON_WORDS, asks_amount, asks_in_words


@dataclass(frozen=True)
class Asked:
    """What the text search reads of a plan: the question, its content words, its companies and periods."""

    text: str
    tokens: tuple[str, ...]
    metric_text: str
    entities: tuple[str, ...]
    periods: tuple[PeriodAsk, ...]


def asked_of(plan: QueryPlan) -> Asked:
    named = {t for c in plan.companies for t in canonical_tokens(c.name)}  # who is asked about, not what
    words = tuple(dict.fromkeys(w for item in plan.items for w in item.words)) or tuple(
        t for t in canonical_tokens(plan.core) if t not in QUESTION_WORDS and not t.isdigit() and t not in named)
    return Asked(plan.core or plan.text, words, " ".join(i.text for i in plan.items) or plan.core,
                 tuple(c.name for c in plan.companies), plan.periods)


Question = Asked  # the text search's view of a question

__all__ = ["footnote_for", "asks_amount", "asks_in_words", "holds_most_words", "Passage", "Intent", "retrieve", "best_sentences", "narrative_intent", "counted_number",
           "prose_count", "word_overlap", "asked_of", "Asked", "passage_citation", "company_spellings", "states_quantity"]

_NAMED = re.compile(r"\b(?:LLP|LLC|L\.L\.P\.|Inc\.|Ltd\.|Mr\.|Ms\.|Dr\.)|[A-Z][a-z]+ (?:&|and) [A-Z][a-z]+")


@dataclass(frozen=True)
class Passage:
    chunk: Chunk
    score: float
    bm25_rank: int | None
    dense_rank: int | None


def retrieve(reader: IndexReader, question: Question, vector: np.ndarray | Callable[[], np.ndarray] | None, k: int = 8,
             kinds: tuple[str, ...] | None = None, extra_terms: str = "",
             companies: tuple[str, ...] | None = None) -> list[Passage]:
    """Hybrid retrieval. Reciprocal-rank fusion, with the weight moved toward BM25 when the
    question holds exact tokens (numbers, years, names) that dense search blurs, and ties
    broken by the BM25 rank, not the dense one (plain RRF let ties fall to dense and lost).
    ``vector``: the question's embedding, or a function giving it (a question whose answer needs
    no passage is never embedded)."""
    if callable(vector):
        vector = vector()
    text = f"{question.text} {extra_terms}".strip()  # the filing's own words for what the question asks
    exactish = any(ch.isdigit() for ch in question.text) or any(w[:1].isupper() for w in question.text.split()[1:])
    w_bm25, w_dense = (0.65, 0.35) if exactish else (0.5, 0.5)
    # A named company restricts the passages to its filings, inside both searches.
    # (``companies``: every spelling the named companies file under, when the caller knows them)
    companies = tuple(companies or question.entities) or None
    wanted = {e.lower() for e in companies or ()}
    depth = 4 * k
    bm = reader.bm25_chunks(text, k=depth, entities=companies)
    de = reader.dense_chunks(vector, k=depth, entities=companies) if vector is not None else []
    scores: dict[str, float] = {}
    ranks_b: dict[str, int] = {}
    ranks_d: dict[str, int] = {}
    for r, h in enumerate(bm):
        scores[h.chunk_id] = scores.get(h.chunk_id, 0.0) + w_bm25 / (10 + r)
        ranks_b[h.chunk_id] = r
    for r, h in enumerate(de):
        scores[h.chunk_id] = scores.get(h.chunk_id, 0.0) + w_dense / (10 + r)
        ranks_d[h.chunk_id] = r
    order = sorted(scores, key=lambda c: (-scores[c], ranks_b.get(c, 10**6)))
    # kind and company first (cheap), then the text of the k passages kept
    keep = [b.chunk_id for b in reader.chunk_briefs(order)
            if not (kinds and b.kind not in kinds) and not (wanted and b.entity.lower() not in wanted)][:k]
    chunks = {c.chunk_id: c for c in reader.chunks_by_id(keep)}
    return [Passage(chunks[cid], scores[cid], ranks_b.get(cid), ranks_d.get(cid)) for cid in keep if cid in chunks]


def word_overlap(q: set[str], sent: str) -> float:
    """The share of the question's words (generic label words weigh less) that the sentence holds."""
    st = set(canonical_tokens(sent))
    w = {t: (0.3 if t in GENERIC_LABEL_WORDS else 1.0) for t in q}
    total = sum(w.values()) or 1.0
    return sum(w[t] for t in q if t in st) / total


_BUSINESS_ASK = re.compile(
    r"^\s*what (?:does|do) .*\b(?:do|make|sell|produce|offer|provide)\b\s*\??$|\bwhat (?:kind of |type of )?business\b|"
    r"\b(?:describe|summari[sz]e|explain|overview of)\b.*\bbusiness\b|\bline of business\b|\bnature of (?:the |its )?business\b|"
    r"\bwhat (?:is|are) .*\b(?:main |core |principal )?business(?:es)?\b|\bwhat (?:does|do) .* (?:company|business) do\b", re.I)
_BUSINESS_SENTENCE = re.compile(
    r"\b(?:is|are)(?: now)? (?:a|an|the|one of the)\b[^.]{0,160}\b(?:company|leader|provider|retailer|manufacturer|developer|"
    r"designer|maker|business|platform|corporation|organization|enterprise|pioneer|supplier|distributor|insurer|bank|firm)\b|"
    r"\b(?:we|company|corporation)\b[^.]{0,40}\b(?:design|develop|manufactur|market|sell|provid|offer|operat|pioneer|serv)\w*\b",
    re.I)
_BUSINESS_FORM = frozenset(canonical_tokens("do does sell sells make makes produce offer provide business businesses "
                                             "company describe summarize explain line nature kind type main core principal"))
_BUSINESS_TITLE = re.compile(r"\bbusiness\b|\boverview\b|\bnature of\b|\borgani[sz]ation\b|\bdescription\b", re.I)
_PERSON = re.compile(r"\b(?:Mr|Ms|Mrs|Dr)\.\s?[A-Z][a-z]+|\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?: [A-Z]\.)? [A-Z][a-z]{2,}\b")
# Capitalised words that are titles, bodies or places, not a person's name ('Chief Executive Officer')
_NOT_NAMES = frozenset("""Chief Executive Officer Financial Operating Vice President Senior General Counsel Board Directors
Director Company Corporation Court Chancery State States United Annual Meeting Performance Award Stock Exchange Commission
Securities Plan Committee Audit Compensation Nominating Governance Supreme District Circuit Appeals Delaware Nevada
New York Trust Fund Group Holdings Global Market Markets Street Report Form Item Part Note Notes Total Net Fiscal
Year Quarter January February March April May June July August September October November December The This Our We
Accounting Officers Legal Proceedings Litigation Relating Related Risk Factors Management Discussion Analysis""".split())
_ROLE = frozenset(canonical_tokens("ceo cfo coo chief executive officer president chairman chair founder director "
                                   "officer general counsel secretary treasurer"))
_DATEISH = re.compile(DATE_RE.pattern + r"|\b(?:january|february|march|april|may|june|july|august|september|october|"
                      r"november|december)\s+(?:of\s+)?(?:19|20)\d{2}\b|\b(?:in|since|during|on|from) (?:early |late |mid-)?(?:19|20)\d{2}\b",
                      re.I)
_WHEN = re.compile(r"^\s*(?:when|on what date|in what year|what year|what date|since when)\b", re.I)
_WHO = re.compile(r"^\s*(?:who|whom|(?:which|what) (?:[\w-]+ ){0,2}(?:person|firm|company|executive|officer|auditor|bank|"
                  r"lender|underwriter|counsel|trustee|agent))\b", re.I)
_WHERE = re.compile(r"^\s*where\b", re.I)
_HOW_LONG, _LONG = re.compile(r"^\s*how long\b", re.I), frozenset(canonical_tokens("long"))  # 'how long': a duration asked
_HOW_MANY = re.compile(r"\bhow many\s+((?:[\w-]+\s+){0,2}?[\w-]+?)(?:\s+(?:does|do|did|is|are|was|were|has|have|had|will)\b|\?|$)", re.I)
_PLACE = re.compile(r"\b(?:located|based|headquartered) in\b|\bin [A-Z][a-z]+, [A-Z]", re.I)
_COUNT_CONTEXT = re.compile(r"\b(?:" + "|".join(COUNT_CONTEXT) + r")\s*$", re.I)


_CHANGE_ASK = re.compile(r"^\s*how (?:did|has|have|does|do|will)\b.*\b(?:change|changed|move|moved|evolve|evolved|trend|trended|"
                         r"perform|performed|develop|developed)\b", re.I)
_MOVED = re.compile(r"\b(?:increas|decreas|grew|grow|declin|rose|fell|dropp|improv|up|down)\w*\b[^.]{0,60}?\d[\d,.]*\s*(?:%|percent|"
                    r"basis points|million|billion)|\d[\d,.]*\s*(?:%|percent)\s+(?:increase|decrease|decline|growth|rise|drop)", re.I)
_HOW_METHOD = re.compile(r"^\s*how (?:is|are|was|were|do|does|did|will|should|can)\b(?! .*\b(?:much|many|long)\b)", re.I)
_DEFINE_ASK = re.compile(r"\bdefin(?:e|es|ed|ition)\b|\bwhat does .* mean\b|\bmeaning of\b", re.I)
_DEFINES = re.compile(r"\b(?:is|are|means?|refers? to)\s+(?:the|a|an|defined as)\b|\bis defined as\b", re.I)
_AMOUNT = re.compile(r"(?:RMB|US\$|HK\$|USD|CNY|EUR|\$|€|£|¥)\s?\d")
_LIST_ASK = re.compile(r"^\s*(?:what|which) (?:are|were)\b.*\b\w{3,}s\s*\??$|\b(?:list|name) (?:the|its|all)\b", re.I)
_ENUMERATION = re.compile(r"\b(?:consist(?:s|ed)? of|include[sd]?|including|are|were|comprise[sd]?|compris\w+)\b[^.]*,[^.]*\band\b")
# Words of the question's form (never what it is about), and verbs that only frame it.
_FORM_WORDS = frozenset(canonical_tokens(
    "how many much what which who whom whose when where why was were is are did does do the a an company company's "
    "its their it they tell me give please about there any"))
_SOFT_WORDS = frozenset(canonical_tokens("define defined definition describe explain mean means happen happened "
                                         "occur occurred report reported disclose disclosed state stated"))


@dataclass(frozen=True)
class Intent:
    """What kind of sentence answers the question: a person, a firm, a date, a count of something,
    a description of the business, a place; and the filing's words for the question's words."""

    want: str | None  # 'person' | 'org' | 'who' | 'date' | 'count' | 'business' | 'place' | None
    groups: tuple[tuple[tuple[str, ...], ...], ...]  # per question word: it, or one of its synonym phrases
    weights: tuple[float, ...]
    count_nouns: frozenset[str] = frozenset()  # 'how many employees': the counted thing and its synonyms
    extra_terms: str = ""  # words to add to the search
    main: int = 0  # the first ``main`` groups are the question's own content words; the rest only support them


def narrative_intent(question: Question) -> Intent:
    text = question.text
    groups, weights, extra = [], [], []
    main = 0
    business = bool(_BUSINESS_ASK.search(text))
    frame = FRAME_WORDS | (REASON_WORDS if asks_in_words(text) else frozenset()) | (_LONG if _HOW_LONG.match(text) else frozenset())
    for t in dict.fromkeys(question.tokens):
        if t in _SOFT_WORDS or t in frame or (business and t in _BUSINESS_FORM):
            continue  # 'define', 'describe': how the question is put, added below with a small weight
        syn = SYNONYMS.get(t, "")
        alts = [(t,)] + [canonical_tokens(ph) for ph in syn.split(",") if canonical_tokens(ph)]
        groups.append(tuple(dict.fromkeys(alts)))
        weights.append(0.3 if t in GENERIC_LABEL_WORDS else 1.0)
        main += 1
        if syn:
            extra.append(syn.replace(",", " "))
    # words the metric parse drops as question words ('fiscal year') still say what a passage is about
    for t in dict.fromkeys(canonical_tokens(question.metric_text)):
        if (t in question.tokens and t not in _SOFT_WORDS) or t in _FORM_WORDS or t.isdigit():
            continue
        if business and t in _BUSINESS_FORM:
            continue
        syn = SYNONYMS.get(t, "")
        groups.append(tuple(dict.fromkeys([(t,)] + [canonical_tokens(ph) for ph in syn.split(",") if canonical_tokens(ph)])))
        weights.append(0.2 if t in _SOFT_WORDS else 0.5)
    want, nouns = None, frozenset()
    m = _HOW_MANY.search(text)
    if business:
        want = "business"
        extra.append("business company designs develops provides offers sells products services customers")
    elif m:
        want = "count"
        noun = canonical_tokens(m.group(1))
        # the counted thing and its one-word synonyms ('associates'); not the words of longer phrases
        single = [x.strip() for n in noun for x in SYNONYMS.get(n, "").split(",") if len(canonical_tokens(x)) == 1]
        nouns = frozenset((*noun, *(canonical_tokens(x)[0] for x in single)))
        # a count is written 'approximately 36,000 employees': search for that, not for every synonym's phrase
        extra = [" ".join(single), "approximately"]
    elif _WHEN.search(text):
        want = "date"
    elif _WHO.search(text):
        want = "person" if set(question.tokens) & _ROLE else "org" if {"auditor", "firm", "lawyer", "counsel"} & set(question.tokens) else "who"
    elif _WHERE.search(text):
        want = "place"
    elif _LIST_ASK.search(text):
        want = "list"
    elif _DEFINE_ASK.search(text):
        want = "definition"
    elif _CHANGE_ASK.search(text):
        want = "change"
    elif _HOW_METHOD.search(text):
        want = "method"
    return Intent(want, tuple(groups), tuple(weights), nouns, " ".join(extra), main)


def _covered(intent: Intent, tokens: tuple[str, ...]) -> float:
    """The weighted share of the question's words the sentence holds (a synonym phrase counts
    only with its words side by side: 'Chief Financial Officer' does not hold 'chief executive officer')."""
    total = sum(intent.weights) or 1.0
    words, line = set(tokens), " " + " ".join(tokens) + " "

    def has(alt: tuple[str, ...]) -> bool:
        return alt[0] in words if len(alt) == 1 else f" {' '.join(alt)} " in line

    held = [any(has(a) for a in g) for g in intent.groups]
    if intent.main and not any(held[: intent.main]):
        return 0.0  # supporting words alone ('total', 'end') do not make a sentence about the question
    return sum(w for h, w in zip(held, intent.weights) if h) / total


def _main_share(intent: Intent, tokens: tuple[str, ...]) -> float:
    """The share of the question's own content words (not the supporting ones) the sentence holds."""
    main = Intent(intent.want, intent.groups[: intent.main], intent.weights[: intent.main])
    return _covered(main, tokens)


def holds_most_words(intent: Intent, sentence: str) -> bool:
    """Does the quote hold three in four of the question's content words (or their synonyms)? A figure quoted
    from the text must be stated by a sentence about what was asked ('net interest margin', not 'gross margin')."""
    return _main_share(intent, canonical_tokens(sentence)) >= 0.75


# a table line carrying a footnote marker: 'Service delivery costs(1) | 661,214'
_MARKED_LINE = re.compile(r"([A-Za-z][A-Za-z ,&'’/-]*?)\s?\((\d{1,2}|[a-z])\)\s*\|")


def footnote_for(intent: Intent, passages: list[Passage], row: str) -> tuple[Chunk, str] | None:
    """The footnote a table line points to ('(1) Include cost of equipment sold, …'), when the line holds the
    question's words: what a line includes or excludes is said in its footnote, not in its figures."""
    for m in _MARKED_LINE.finditer(row):
        mark = re.compile(rf"^\s*\(?{re.escape(m.group(2))}\)\s+[A-Za-z]")
        for p in passages:
            for s in sentences(p.chunk.display):
                if mark.match(s) and holds_most_words(intent, f"{m.group(1)} {s}"):  # the line and its note, together
                    return p.chunk, s
    return None


def counted_number(sentence: str, nouns: frozenset[str]) -> tuple[str, Decimal] | None:
    """'we employed approximately 470,100 associates' -> ('470,100', 470100): a number written
    right before the counted thing, in a sentence that states a count (not 'granted to 25 employees')."""
    for m in re.finditer(r"(?<![\w.$])(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(\s+(?:thousand|million))?(?=((?:\s+[\w-]+){1,3}))", sentence):
        after = [t for t in canonical_tokens(m.group(3))]
        if not after or not any(t in nouns for t in after[:3]):
            continue
        if after[0] not in nouns and not re.match(r"\s+(?:full-time|part-time|active|total|retail|permanent|regular|"
                                                   r"salaried|hourly|[\w-]+ed)\b", m.group(3), re.I):
            continue  # something else sits between the number and the noun
        if not _COUNT_CONTEXT.search(sentence[: m.start()]):
            continue
        value = Decimal(m.group(1).replace(",", ""))
        if m.group(2):
            value = value.scaleb(3 if "thousand" in m.group(2) else 6)
        words = m.group(3).split()
        upto = next(i for i, w in enumerate(words) if any(t in nouns for t in canonical_tokens(w)))
        return " ".join([m.group(1) + (m.group(2) or "")] + words[: upto + 1]).strip(" ,.;"), value
    return None


def _fits(intent: Intent, sentence: str, chunk: Chunk) -> float:
    """How well a sentence has the kind of thing the question asks for (bonus, or a penalty
    when it plainly lacks it)."""
    want = intent.want
    if want is None:
        return 0.0
    if want == "business":
        score = 0.45 if _BUSINESS_SENTENCE.search(sentence) else 0.0
        if _BUSINESS_TITLE.search(chunk.title or chunk.section or ""):
            score += 0.2
        if chunk.entity and chunk.entity.split()[0].strip(",.").lower() in sentence.lower():
            score += 0.1
        return score
    if want == "count":
        return 0.5 if counted_number(sentence, intent.count_nouns) else -0.3
    if want == "date":
        return 0.35 if DATE_RE.search(sentence) else 0.2 if _DATEISH.search(sentence) else -0.25
    if want == "person":
        return 0.3 if _names_person(sentence) else -0.2
    if want == "org":
        return 0.3 if _NAMED.search(sentence) else -0.1
    if want == "who":
        return 0.25 if (_NAMED.search(sentence) or _names_person(sentence)) else 0.0
    if want == "change":  # 'how did comparable sales change': a sentence saying by how much, and which way
        return 0.3 if _MOVED.search(sentence) else -0.1
    if want == "method":  # 'how is it recognized' asks for a way, not for amounts
        return -0.2 if len(_AMOUNT.findall(sentence)) >= 2 else 0.0
    if want == "definition":
        return 0.2 if _DEFINES.search(sentence) else 0.0
    if want == "list":
        return 0.3 if _ENUMERATION.search(sentence) else 0.0
    if want == "place":
        return 0.2 if _PLACE.search(sentence) else 0.0
    return 0.0


def _names_person(sentence: str) -> bool:
    for m in _PERSON.finditer(sentence):
        words = re.findall(r"[A-Z][a-z]+", m.group(0))
        if m.group(0)[:3] in ("Mr.", "Ms.", "Dr.") or m.group(0)[:4] == "Mrs.":
            return True
        if words and not any(w in _NOT_NAMES for w in words):
            return True
    return False


def _shape_penalty(sentence: str) -> float:
    """Headings, link lists and cover-page lines are not answers."""
    words = sentence.split()
    pen = 0.0
    if len(words) < 6:
        pen += 0.35
    if "http" in sentence or "www." in sentence:
        pen += 0.35
    if not sentence.rstrip().endswith((".", "!", "?", ";", ":", "”", ")")) and len(words) < 12:
        pen += 0.1
    return pen


def best_sentences(passages: list[Passage], question: Question, n: int = 2,
                   intent: Intent | None = None) -> list[tuple[Chunk, str, float]]:
    """The sentences that answer the question best, best first, with their score: the share of
    the question's words (or their synonyms) they hold, plus how well they hold the kind of answer
    asked for (a name for 'who', a date for 'when', a count of the thing for 'how many')."""
    intent = intent or narrative_intent(question)
    scored: list[tuple[float, int, Chunk, str]] = []
    for rank, p in enumerate(passages):
        said = sentences(p.chunk.display)
        for i, s in enumerate(said):
            alone = _sentence_score(intent, s, p.chunk)
            scored.append((alone - 0.02 * rank, rank, p.chunk, s))
            # an answer often runs into the next sentence ('The plaintiffs … filed a complaint. The complaint asserted
            # that …'): the two together, when they hold more of the question than the first alone
            if i + 1 < len(said) and len(s) + len(said[i + 1]) <= _PAIR_CHARS:
                pair = f"{s} {said[i + 1]}"
                # a description ('what does X do') is better told in two sentences of that kind than in one
                both = _sentence_score(intent, pair, p.chunk) + (
                    _PAIR_COST if intent.want in _DESCRIBED and min(_fits(intent, x, p.chunk) for x in (s, said[i + 1])) > 0
                    else -_PAIR_COST)
                if both > alone and both > _sentence_score(intent, said[i + 1], p.chunk):
                    scored.append((both - 0.02 * rank, rank, p.chunk, pair))
    scored.sort(key=lambda t: (-t[0], t[1]))
    out: list[tuple[Chunk, str, float]] = []
    for sc, _, ch, s in scored:
        if len(out) >= n:
            break
        if any(_same_words(s, o[1]) for o in out):
            continue  # the same sentence again, or inside a pair already quoted
        out.append((ch, s, sc))
    return out


_PAIR_CHARS = 900
_PAIR_COST = 0.05  # a pair must hold more of the question, not only as much
_DESCRIBED = ("business", "definition")


def _sentence_score(intent: Intent, s: str, chunk: Chunk) -> float:
    tokens = canonical_tokens(s)
    ov = _covered(intent, tokens) if intent.groups else 0.0
    fit = _fits(intent, s, chunk)
    if intent.main and _main_share(intent, tokens) < 0.6:
        # half of what the question is about is missing ('acquire Twitter' vs a 'Twitter post'):
        # having a date or a name does not make up for it
        fit = min(fit, 0.0) - 0.1
    return ov + fit - _shape_penalty(s)


def _same_words(a: str, b: str) -> bool:
    """One quote holds the other (a heading run into a sentence, a pair and its first sentence)."""
    x, y = " ".join(a.split()), " ".join(b.split())
    return x in y or y in x


def prose_count(passages: list[Passage], intent: Intent, years: frozenset[str] = frozenset()) -> tuple[Chunk, str, str, Decimal] | None:
    """The best sentence stating a count of what 'how many' asks for, with the number as printed
    and its value; None when no sentence states one (the question then abstains). When the question
    names years, a sentence naming one of them comes first ('Fiscal 2024 includes 53 weeks')."""
    best = None
    for rank, p in enumerate(passages):
        for s in sentences(p.chunk.display):
            hit = counted_number(s, intent.count_nouns)
            if hit is None:
                continue
            cover = _covered(intent, canonical_tokens(s)) if intent.groups else 1.0
            if cover < 0.5:
                continue
            # the headcount of the whole company is stated 'as of' a date and is the largest such count
            anchored = bool(re.search(r"\b(?:as of|as at|at the end of|at year[- ]end|at (?:january|february|march|april|may|june|"
                                      r"july|august|september|october|november|december))\b", s, re.I))
            dated = bool(years) and any(re.search(rf"\b{y}\b", s) for y in years)
            key = (dated, round(cover, 2), anchored, hit[1], -rank)
            if best is None or key > best[0]:
                best = (key, p.chunk, s, hit)
    if best is None:
        return None
    _, chunk, s, (number_text, value) = best
    return chunk, s, number_text, value


def passage_citation(chunk: Chunk, sentence: str, facts: dict) -> Citation:
    """A quoted sentence cites its passage; a passage that is a tagged text fact's row (a cover
    line, a 'three years' cell) cites that fact instead, as the reported fact it is."""
    for fid in chunk.fact_ids:
        f = facts.get(fid)
        if f is not None and f.value is None and f.text_value and f.text_value[:60] in sentence:
            return fact_citation(f, snippet=chunk.display, chunk_id=chunk.chunk_id)
    return chunk_citation(chunk, sentence)


def states_quantity(sentence: str) -> bool:
    """Does the sentence state a quantity (not only dates, years and footnote markers like '(1)')?"""
    text = re.sub(r"(?<=[\w:])\s?\(\d{1,2}\)", " ", DATE_RE.sub(" ", sentence))
    return bool(re.search(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?!\d)", re.sub(r"\b(?:19|20)\d{2}\b", " ", text)))


_SPELLINGS: dict[int, tuple[object, dict[str, tuple[str, ...]]]] = {}


def company_spellings(reader: IndexReader, names: tuple[str, ...]) -> tuple[str, ...] | None:
    """Every name the named companies file under (one CIK, 'APPLE INC' and 'Apple Inc.'), so
    their text is searched in all their filings; None when the question names no company."""
    if not names:
        return None
    cached = _SPELLINGS.get(id(reader))
    if cached is None or cached[0] is not reader:
        by_cik: dict[str, set[str]] = {}
        for name, cik, _ in reader.entities():
            if cik and name:
                by_cik.setdefault(cik, set()).add(name)
        table = {n: tuple(sorted(group)) for group in by_cik.values() for n in group}
        cached = (reader, table)
        if len(_SPELLINGS) > 16:
            _SPELLINGS.clear()
        _SPELLINGS[id(reader)] = cached
    out: list[str] = []
    for n in names:
        out.extend(cached[1].get(n, (n,)))
        out.append(n)
    return tuple(dict.fromkeys(out))
