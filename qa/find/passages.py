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
from ..lexicon.words import GENERIC_LABEL_WORDS, canonical_tokens
from ..present import chunk_citation, fact_citation
from .intent import (Asked, Intent, Question, _covered, _fits, _main_share, asked_of, counted_number, holds_most_words,
                     narrative_intent)
from .wordsasked import asks_amount, asks_in_words


__all__ = ["footnote_for", "asks_amount", "asks_in_words", "holds_most_words", "Passage", "Intent", "retrieve", "best_sentences", "narrative_intent", "counted_number",
           "prose_count", "word_overlap", "asked_of", "Asked", "passage_citation", "company_spellings", "states_quantity"]


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


# a table line carrying a footnote marker: 'Service delivery costs(1) | 661,214'
_MARKED_LINE = re.compile(r"([A-Za-z][A-Za-z ,&'’/-]*?)\s?\((\d{1,2}|[a-z])\)\s*\|")


def footnote_for(intent: Intent, passages: list[Passage], row: str) -> tuple[Chunk, str] | None:
    """The footnote a table line points to ('(1) Include cost of equipment sold, …'), when the line holds the
    question's words: what a line includes or excludes is said in its footnote, not in its figures. Of several marked
    lines that do, the one whose words hold most of them ('Audit-related fees(2)', not 'Audit fees(1)')."""
    best = None
    for m in _MARKED_LINE.finditer(row):
        mark = re.compile(rf"^\s*\(?{re.escape(m.group(2))}\)\s+[A-Za-z]")
        for p in passages:
            for s in sentences(p.chunk.display):
                both = f"{m.group(1)} {s}"  # the line and its note, together
                if mark.match(s) and holds_most_words(intent, both):
                    held = (_covered(intent, canonical_tokens(m.group(1))), _covered(intent, canonical_tokens(both)))
                    if best is None or held > best[0]:
                        best = (held, p.chunk, s)
    return best[1:] if best else None


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


# a piece ending in a name's initial ('ANDREW R.', 'Leigh R.'): the name runs on into the next piece ('KAISER, Chief
# Financial Officer'); not a note or a class named by a letter ('See Note K.')
_INITIAL = re.compile(r"(?<![\w.])(?!(?:Note|Notes|Schedule|Exhibit|Appendix|Section|Level|Class|Series|Part|Item|Plan|Tier|Phase)\b)"
                      r"[A-Z][A-Za-z]+ [A-Z]\.$")


def named_sentences(display: str) -> list[str]:
    """The sentences of a passage, a person's name split at its middle initial joined again."""
    out: list[str] = []
    for s in sentences(display):
        if out and _INITIAL.search(out[-1]) and s[:1].isupper():
            out[-1] = f"{out[-1]} {s}"
        else:
            out.append(s)
    return out


def best_sentences(passages: list[Passage], question: Question, n: int = 2,
                   intent: Intent | None = None) -> list[tuple[Chunk, str, float]]:
    """The sentences that answer the question best, best first, with their score: the share of
    the question's words (or their synonyms) they hold, plus how well they hold the kind of answer
    asked for (a name for 'who', a date for 'when', a count of the thing for 'how many')."""
    intent = intent or narrative_intent(question)
    scored: list[tuple[float, int, Chunk, str]] = []
    for rank, p in enumerate(passages):
        said = named_sentences(p.chunk.display)
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
