"""The PostgreSQL reader's searches: BM25 and HNSW over passages, BM25 over line items (a part of
:class:`index.pgstore.PgReader`).

:class:`PgSearches` is a mixin over what :class:`~index.pgstore.PgReader` opens: its connection
(``_rows``), the corpus-wide BM25 statistics, the company filter and the scope of a view made by
``within()``. Ranking equals the embedded store's: candidates by the tsvector index, scores by the
app's own BM25 code (:func:`index.bm25.score_segment`), ties broken by id.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .bm25 import BM25Segment, BM25Stats, score_segment, tokenize
from .pgschema import _halfvec, _lexeme
from .storesearch import ChunkHit, GroupHit


class PgSearches:
    """BM25 and dense searches of :class:`~index.pgstore.PgReader`."""

    def _bm25(self, table: str, key: str, terms: list[str], stats: BM25Stats, extra: str = "",
              params: list | None = None) -> list[tuple[str, float]]:
        """(key, score) of every row of ``table`` holding a query term: candidates by the tsvector
        index, scores by the app's BM25 (index.bm25.score_segment) so both stores rank alike."""
        distinct = sorted(set(terms))
        query = " | ".join(_lexeme(t) for t in distinct)
        dfs = self._rows(
            f"SELECT t.term, (SELECT count(*) FROM {table} WHERE tsv @@ t.q::tsquery) AS df "
            "FROM unnest(%s::text[], %s::text[]) AS t(term, q)", [distinct, [_lexeme(t) for t in distinct]])
        idf = {r["term"]: stats.idf(int(r["df"])) for r in dfs}
        rows = self._rows(f"SELECT {key} AS key, doc_len, tf FROM {table} WHERE tsv @@ %s::tsquery{extra}",
                          [query, *(params or [])])
        if not rows:
            return []
        vocab = {t: i for i, t in enumerate(distinct)}
        postings: list[list[tuple[int, int]]] = [[] for _ in distinct]
        for d, r in enumerate(rows):
            for t, c in r["tf"].items():
                if t in vocab:
                    postings[vocab[t]].append((d, c))
        indptr = np.zeros(len(distinct) + 1, dtype=np.int64)
        for i, p in enumerate(postings):
            indptr[i + 1] = indptr[i] + len(p)
        seg = BM25Segment(vocab, indptr, np.array([d for p in postings for d, _ in p], dtype=np.int32),
                          np.array([c for p in postings for _, c in p], dtype=np.float32),
                          np.array([r["doc_len"] for r in rows], dtype=np.float32))
        scores = score_segment(seg, terms, idf, stats)
        return [(r["key"], float(s)) for r, s in zip(rows, scores) if s > 0]

    def bm25_chunks(self, text: str, k: int = 20, entities: Iterable[str] | None = None) -> list[ChunkHit]:
        terms = tokenize(text)
        if not terms:
            return []
        extra, params = self._scope_and(), self._scope_params()
        if entities is not None:
            more, more_params = self._entity_filter("entity_lc", entities, lower=True)
            extra, params = extra + more, params + more_params
        hits = self._bm25("chunks", "chunk_id", terms, self._chunk_stats, extra, params)
        return [ChunkHit(cid, sc, "bm25") for cid, sc in sorted(hits, key=lambda h: (-h[1], h[0]))[:k]]

    def dense_chunks(self, vector: np.ndarray, k: int = 20, entities: Iterable[str] | None = None) -> list[ChunkHit]:
        q = _halfvec(np.asarray(vector, dtype=np.float32).reshape(-1))
        extra, params = self._scope_and(), self._scope_params()
        if entities is not None:
            more, more_params = self._entity_filter("entity_lc", entities, lower=True)
            extra, params = extra + more, params + more_params
        where = "WHERE" + extra[len(" AND"):] if extra else ""
        rows = self._rows(f"SELECT chunk_id, (embedding <#> %s::halfvec) AS d FROM chunks {where} "
                          f"ORDER BY embedding <#> %s::halfvec LIMIT %s", [q, *params, q, k])
        hits = [(r["chunk_id"], float(-r["d"])) for r in rows]
        return [ChunkHit(cid, sc, "dense") for cid, sc in sorted(hits, key=lambda h: (-h[1], h[0]))]

    def bm25_groups(self, terms: list[str], k: int = 50, entities: Iterable[str] | None = None) -> list[GroupHit]:
        if not terms:
            return []
        # only line items some live fact still reports (a removed filing's groups stay in the table),
        # within the view's scope, and of the companies asked about, when given
        extra = f" AND EXISTS (SELECT 1 FROM facts f WHERE f.group_key = groups.group_key{self._scope_and('f.filing_id')}"
        params = self._scope_params()
        if entities is not None:
            extra += " AND f.entity = ANY(%s)"
            params = [*params, sorted({self.names.canonical(e) for e in entities})]
        hits = self._bm25("groups", "group_key", terms, self._group_stats, extra + ")", params)
        return [GroupHit(g, sc) for g, sc in sorted(hits, key=lambda h: (-h[1], h[0]))[:k]]

