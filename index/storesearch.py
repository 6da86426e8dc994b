"""An index reader's searches: BM25 and dense over passages, BM25 over line items (a part of
:class:`index.store.IndexReader`).

:class:`StoredSearches` is a mixin over what :class:`~index.store.IndexReader` opens: its loaded
segments (each with its BM25 indexes, FAISS vectors and which rows are alive), the corpus-wide BM25
statistics, and the scope of a view made by ``within()``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .bm25 import BM25Segment, score_segment, tokenize
from .manifest import SegmentInfo
from .storereads import in_params
from .vectors import VectorSegment


@dataclass(frozen=True)
class ChunkHit:
    chunk_id: str
    score: float
    source: str  # 'bm25' | 'dense'


@dataclass(frozen=True)
class GroupHit:
    group_key: str
    score: float


@dataclass
class LoadedSegment:
    """One open segment: what its searches need in memory, beside its tables attached in DuckDB."""

    info: SegmentInfo
    vectors: VectorSegment
    chunks_bm25: BM25Segment
    groups_bm25: BM25Segment
    chunk_alive: np.ndarray
    chunk_entity: np.ndarray  # per chunk row: its company's code in IndexReader._entity_codes
    chunk_keys: np.ndarray | None  # per chunk row: its id as a uint64 (None if some id is not 16 hex digits)
    chunk_keys_sorted: np.ndarray | None
    fact_keys: np.ndarray | None  # sorted uint64 fact ids, for finding a fact's segment
    group_keys: list[str]
    ordinal: int
    alias: str  # the name its tables are attached under


class StoredSearches:
    """The searches of an index reader; see the module's note."""

    def _chunk_filter(self, seg: LoadedSegment, entities: Iterable[str] | None) -> np.ndarray:
        """Rows a search may return: live ones, of the scope (within()) and of ``entities`` only when given."""
        alive = seg.chunk_alive if self._scope is None else seg.chunk_alive & self._scope_chunks[seg.ordinal]
        if entities is None:
            return alive
        codes = [self._entity_codes[e.lower()] for e in self.names.spellings(entities) if e.lower() in self._entity_codes]
        return alive & np.isin(seg.chunk_entity, codes)

    def _chunk_ids_at(self, hits: list[tuple[int, int, float]]) -> list[tuple[str, float]]:
        """(segment ordinal, row, score) -> (chunk id, score), in the order given."""
        out = []
        for o, r, sc in hits:
            seg = self.segments[o]
            if seg.chunk_keys is not None:
                out.append((f"{int(seg.chunk_keys[r]):016x}", sc))
            else:  # ids that are not 64-bit hex: ask the table
                (cid,) = self.con.execute(f"SELECT chunk_id FROM {seg.alias}.chunks WHERE row = ?", [r]).fetchone()
                out.append((cid, sc))
        return out

    # --- search -----------------------------------------------------------------------------------
    def bm25_chunks(self, text: str, k: int = 20, entities: Iterable[str] | None = None) -> list[ChunkHit]:
        """The k best passages by BM25; of ``entities`` (company names) only, when given."""
        terms = tokenize(text)
        if not terms or not self.segments:
            return []
        idf = {t: self._chunk_stats.idf(sum(s.chunks_bm25.df(t) for s in self.segments)) for t in set(terms)}
        hits: list[tuple[int, int, float]] = []
        for s in self.segments:
            scores = score_segment(s.chunks_bm25, terms, idf, self._chunk_stats, self._chunk_filter(s, entities))
            if not len(scores):
                continue
            kth = -np.partition(-scores, min(k, len(scores)) - 1)[min(k, len(scores)) - 1]
            top = np.flatnonzero(scores >= max(kth, np.nextafter(0, 1)))  # with every row tied at the k-th score
            if len(top) > k + 256:  # a tie among thousands (one common word): any k of them
                top = top[np.argsort(-scores[top], kind="stable")[:k]]
            hits.extend((s.ordinal, int(r), float(scores[r])) for r in top)
        return [ChunkHit(cid, sc, "bm25") for cid, sc in self._best(hits, k)]

    def _best(self, hits: list[tuple[int, int, float]], k: int) -> list[tuple[str, float]]:
        """The k best (chunk id, score), equal scores in id order: the same passages in the same
        order however the index is split into segments (merging must not change an answer)."""
        return sorted(self._chunk_ids_at(hits), key=lambda h: (-h[1], h[0]))[:k]

    def dense_chunks(self, vector: np.ndarray, k: int = 20, entities: Iterable[str] | None = None) -> list[ChunkHit]:
        """The k nearest passages; of ``entities`` only, when given (filtered inside the search)."""
        hits: list[tuple[int, int, float]] = []
        for s in self.segments:
            allowed = self._chunk_filter(s, entities)
            scores, rows = s.vectors.search(vector, k, None if entities is None and allowed.all() else allowed)
            hits.extend((s.ordinal, int(r), float(sc)) for sc, r in zip(scores, rows))
        return [ChunkHit(cid, sc, "dense") for cid, sc in self._best(hits, k)]

    def bm25_groups(self, terms: list[str], k: int = 50, entities: Iterable[str] | None = None) -> list[GroupHit]:
        """Fact groups (line items) ranked by BM25 over label, members, concept and title words; only
        line items ``entities`` (company names) report, when given - among millions of groups, the
        few of one company must not be crowded out by other companies' lines."""
        if not terms or not self.segments:
            return []
        allowed = self._groups_of(entities) if entities is not None else None
        idf = {t: self._group_stats.idf(sum(s.groups_bm25.df(t) for s in self.segments)) for t in set(terms)}
        best: dict[str, float] = {}
        for s in self.segments:
            mask = self._scope_groups.get(s.ordinal)  # the scope's line items (a view within some filings)
            if allowed is not None:  # and those the companies asked about report
                of = self._groups_mask(s, allowed)
                mask = of if mask is None else (mask & of)
            scores = score_segment(s.groups_bm25, terms, idf, self._group_stats, mask)
            if not len(scores):
                continue
            top = np.argpartition(-scores, min(k, len(scores) - 1))[:k]
            for r in top:
                if scores[r] > 0:
                    key = s.group_keys[int(r)]
                    if key in self._live_group_keys:
                        best[key] = max(best.get(key, 0.0), float(scores[r]))
        return [GroupHit(g, sc) for g, sc in sorted(best.items(), key=lambda kv: -kv[1])[:k]]

    def _groups_mask(self, seg: LoadedSegment, groups: frozenset[str]) -> np.ndarray:
        """Which of the segment's line items are among ``groups`` (held with the catalogue, when there is one)."""
        def compute() -> np.ndarray:
            return np.fromiter((g in groups for g in seg.group_keys), dtype=bool, count=len(seg.group_keys))

        cat = self._catalogue()
        if cat is None:
            return compute()
        key = ("groups mask", seg.ordinal, groups)
        mask = cat.derived.get(key)
        if mask is None:
            mask = compute()
            if len(cat.derived) > 1024:  # (bounded: one entry per set of companies asked about)
                cat.derived.clear()
            cat.derived[key] = mask
        return mask

    def _groups_of(self, entities: Iterable[str]) -> frozenset[str]:
        """The line items (group keys) these companies report, remembered per set of companies."""
        ents = tuple(sorted({self.names.canonical(e) for e in entities}))
        if (cat := self._catalogue()) is not None:
            return cat.groups_of(frozenset(ents))

        def read() -> frozenset[str]:
            rows = self._rows(f"SELECT DISTINCT group_key FROM facts WHERE entity IN {in_params(list(ents))}", list(ents)) if ents else []
            return frozenset(r["group_key"] for r in rows)

        return self._memo.get(("groups_of", ents), read)
