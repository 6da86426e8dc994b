"""Questions answered with the filing's own sentences ("How do the options vest?"), and numbers
that only the prose states (a note's "RMB 52,870 ... for the year ended 2020").

Passages come from hybrid retrieval routed by what the question holds (numbers, years and names
lean on BM25, plain-language questions on dense search); the answer quotes the best sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from index.facts import Chunk, Mention
from index.parsers.prose import sentence_numbers, sentences
from index.store import IndexReader

from .question import Question
from .vocabulary import GENERIC_LABEL_WORDS, canonical_tokens

__all__ = ["Passage", "retrieve", "best_sentences", "prose_numbers"]

_NAMED = re.compile(r"\b(?:LLP|LLC|L\.L\.P\.|Inc\.|Ltd\.|Mr\.|Ms\.|Dr\.)|[A-Z][a-z]+ (?:&|and) [A-Z][a-z]+")


@dataclass(frozen=True)
class Passage:
    chunk: Chunk
    score: float
    bm25_rank: int | None
    dense_rank: int | None


def retrieve(reader: IndexReader, question: Question, vector: np.ndarray | None, k: int = 8,
             kinds: tuple[str, ...] | None = None) -> list[Passage]:
    """Hybrid retrieval. Reciprocal-rank fusion, with the weight moved toward BM25 when the
    question holds exact tokens (numbers, years, names) that dense search blurs, and ties
    broken by the BM25 rank, not the dense one (plain RRF let ties fall to dense and lost)."""
    text = question.text
    exactish = any(ch.isdigit() for ch in text) or any(w[:1].isupper() for w in text.split()[1:])
    w_bm25, w_dense = (0.65, 0.35) if exactish else (0.5, 0.5)
    # A named company restricts the passages to its filings, inside both searches.
    wanted = {e.lower() for e in question.entities}
    companies = tuple(question.entities) or None
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


def _overlap(q: set[str], sent: str) -> float:
    st = set(canonical_tokens(sent))
    w = {t: (0.3 if t in GENERIC_LABEL_WORDS else 1.0) for t in q}
    total = sum(w.values()) or 1.0
    return sum(w[t] for t in q if t in st) / total


def best_sentences(passages: list[Passage], question: Question, n: int = 2) -> list[tuple[Chunk, str, float]]:
    """The sentences that say most of what the question asks, best first, with their overlap."""
    q = set(question.tokens)
    who = bool(re.match(r"\s*who\b", question.text, re.I))
    scored: list[tuple[float, int, Chunk, str]] = []
    for rank, p in enumerate(passages):
        for s in sentences(p.chunk.display):
            ov = _overlap(q, s)
            if who and _NAMED.search(s):
                ov += 0.25  # 'who' asks for a person or a firm: prefer the sentence that names one
            scored.append((ov - 0.02 * rank, rank, p.chunk, s))
    scored.sort(key=lambda t: (-t[0], t[1]))
    out: list[tuple[Chunk, str, float]] = []
    for sc, _, ch, s in scored:
        if len(out) >= n:
            break
        if any(s == o[1] for o in out):
            continue
        out.append((ch, s, sc))
    return out


@dataclass(frozen=True)
class ProseNumber:
    chunk: Chunk
    sentence: str
    number_text: str
    value: Decimal
    currency: str
    overlap: float
    siblings: tuple[tuple[str, Decimal, str], ...]  # other numbers of the same list in the sentence


def prose_numbers(passages: list[Passage], question: Question) -> list[ProseNumber]:
    """Numbers in retrieved prose whose sentence ties them to a period the question asks for."""
    q = set(question.tokens)
    out: list[ProseNumber] = []
    for p in passages:
        if p.chunk.kind != "text":
            continue
        for s in sentences(p.chunk.display):
            ov = _overlap(q, s)
            if ov < 0.6:
                continue
            sn = sentence_numbers(s)
            for text, value, cur, dates in sn.numbers:
                if not dates:
                    continue
                if question.periods and not any(a.score(d) > 0 for a in question.periods for d in dates):
                    continue
                sib = tuple((t, v, c) for t, v, c, _ in sn.numbers if t != text and c == cur)
                out.append(ProseNumber(p.chunk, s, text, value, cur, ov, sib))
    out.sort(key=lambda pn: -pn.overlap)
    return out


def mention_for(pn: ProseNumber, mentions: list[Mention]) -> Mention | None:
    for m in mentions:
        if m.chunk_id == pn.chunk.chunk_id and m.value == pn.value:
            return m
    return None
