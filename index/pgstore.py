"""The index in PostgreSQL + pgvector: the second implementation of :mod:`index.storage`.

For indexes past one machine: point filingqa at a PostgreSQL (or a Citus cluster, see
``index/sql/citus.sql``) with ``--store postgresql://…`` or ``FILINGQA_STORE``.

Tables (every one carries ``cik``, so Citus can distribute facts, passages and mentions on it,
colocated: one filing's rows live on one shard)::

    fq_meta       model, dim, format and the commit generation (readers reload when it moves)
    filings       one row per filing: source, content hash, counts, BM25 length sum
    facts         the fact table's columns (index.tables.FACT_SCHEMA) + concept_local
    chunks        passages + embedding halfvec(384) (HNSW, inner product) + BM25 term counts
                  (jsonb) + a tsvector of the same terms (GIN) for the keyword prefilter
    fact_chunks   fact -> passage it was read from
    mentions      numbers printed in prose
    filing_entities  per filing: the company names (with CIK, ticker) its facts and passages use, and
                  how many rows each; the reader folds them into one name per CIK
                  (:mod:`index.entity_names`) without scanning facts or passages
    groups        one BM25 document per line item (group_key), shared by all companies

Ranking semantics equal the embedded store's: keyword search takes the passages whose tsvector
holds a query term (the app's own tokens: stems and number forms of :func:`index.bm25.tokenize`,
not PostgreSQL's English parser), then scores them with the app's BM25 code on float32, so the
order, ties included, is the one the embedded store gives. Dense search is HNSW over fp16 vectors
with ``hnsw.iterative_scan = strict_order``: a company filter inside the search still returns k
rows in exact distance order. Company names are folded as in the embedded store: every spelling
of one CIK is read back under one display name, and a company filter reaches all its spellings.

Writes: one transaction per ingested file (one filing, or the filings one file holds), so a writer
killed mid-ingest leaves every earlier file whole and nothing of the one it was writing. Re-ingest
of the same bytes is a no-op (content hash); several writers may run at once (advisory locks on
the file name and the filing id keep two copies of one filing out).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable
from decimal import Decimal

from .bm25 import BM25Stats
from .catalogue import filing_condition
from .entity_names import EntityNames
from .errors import FilingQAError, IndexNotFound
from .facts import Chunk, Fact, Mention
from .manifest import FilingInfo
from .memo import QueryMemo
from .pgschema import SCHEMA_VERSION, _CHUNK_COLS, _FACT_COLS, _MENTION_COLS, _check_meta_dict, _connect, generation
from .pgsearch import PgSearches
from .pgsql import bytewise, portable
from .pgwriter import PgWriter
from .store import ChunkBrief, line_conditions
from .tables import row_to_chunk, row_to_fact, row_to_mention

__all__ = ["PgReader", "PgWriter", "generation", "SCHEMA_VERSION"]

_EF_SEARCH = 400  # HNSW candidate list (recall@10 0.62 at 100 -> 0.92 at 400, 10k); iterative scan extends it under a filter


class PgReader(PgSearches):
    """The index as a PostgreSQL store holds it now (each query sees the last committed filings)."""

    def __init__(self, url: str):
        import psycopg
        from psycopg.rows import dict_row

        self.url = url
        self.con = _connect(url, autocommit=True, row_factory=dict_row)
        try:
            meta = {r["key"]: r["value"] for r in self.con.execute("SELECT key, value FROM fq_meta").fetchall()}
        except psycopg.errors.UndefinedTable:
            self.con.close()
            raise IndexNotFound("the PostgreSQL store holds no filingqa index yet.",
                                "Ingest filings into it first: filingqa ingest --store URL FILES") from None
        try:
            _check_meta_dict(meta)
        except FilingQAError:
            self.con.close()
            raise
        self.generation = int(meta["generation"])
        self.con.execute(f"SET hnsw.ef_search = {_EF_SEARCH}")
        self.con.execute("SET hnsw.iterative_scan = strict_order")
        self._lock = threading.RLock()
        self._memo = QueryMemo()
        self._entity_count: int | None = None
        # one name per company (CIK), whatever spelling each filing used: the rows ENTITY_ROWS_SQL gives the
        # embedded reader, summed per filing at write time (no scan of facts or passages here)
        self.names = EntityNames(
            (r["entity"], r["entity_cik"], r["ticker"], int(r["n"])) for r in self._rows(
                "SELECT entity, entity_cik, ticker, sum(n) AS n FROM filing_entities WHERE entity <> '' "
                "GROUP BY kind, entity, entity_cik, ticker ORDER BY kind, entity, entity_cik, ticker"))
        have = {r["column_name"] for r in self._rows(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'facts' AND table_schema = current_schema()")}
        # a store no writer of this version has opened yet lacks newer columns: they read as NULL
        self._fact_cols = ", ".join(c if c in have else f"NULL::integer AS {c}" for c in _FACT_COLS)
        self._scope: frozenset[str] | None = None
        self._scope_ids: list[str] = []
        self._facts_view = self._canonical_facts_sql()
        st = self._one("SELECT coalesce(sum(chunks), 0) AS n, coalesce(sum(chunk_len), 0) AS total FROM filings")
        self._chunk_stats = BM25Stats(int(st["n"]), float(st["total"]) / st["n"] if st["n"] else 0.0)
        st = self._one("SELECT count(*) AS n, coalesce(sum(doc_len), 0) AS total FROM groups")
        self._group_stats = BM25Stats(int(st["n"]), float(st["total"]) / st["n"] if st["n"] else 0.0)

    # --- plumbing --------------------------------------------------------------------------------
    def _canonical_facts_sql(self) -> str:
        """The facts table as query_facts' conditions see it: entity is the company's display name;
        in a view made by within(), only the scope's rows (ids as literals: the caller's condition
        brings its own parameters)."""
        where = ""
        if self._scope is not None:
            lits = ", ".join("'" + i.replace("'", "''").replace("%", "%%") + "'" for i in self._scope_ids)
            where = f" WHERE filing_id IN ({lits})" if lits else " WHERE FALSE"
        cols = ", ".join(f"{self.names.sql_case('entity')} AS entity" if c == "entity" else c
                         for c in self._fact_cols.split(", ")) if self.names.renames else self._fact_cols
        return f"(SELECT {cols} FROM facts{where}) AS facts"

    def _fact(self, r: dict) -> Fact:
        r["entity"] = self.names.canonical(r["entity"] or "")
        return row_to_fact(r)

    def _chunk(self, r: dict) -> Chunk:
        r["entity"] = self.names.canonical(r["entity"] or "")
        return row_to_chunk(r)

    def _entity_filter(self, column: str, entities: Iterable[str], lower: bool = False) -> tuple[str, list]:
        """A condition keeping rows of these companies, by any stored spelling of each."""
        spellings = self.names.spellings(entities)
        return f" AND {column} = ANY(%s)", [sorted({e.lower() for e in spellings}) if lower else spellings]

    def _rows(self, sql: str, params: list | None = None) -> list[dict]:
        with self._lock:
            return self.con.execute(sql, params or []).fetchall()

    def _one(self, sql: str, params: list | None = None) -> dict:
        rows = self._rows(sql, params)
        return rows[0] if rows else {}

    def forget(self) -> None:
        self._memo.clear()

    def close(self) -> None:
        if self._scope is not None:
            return  # a view shares its reader's connection: the reader closes it
        with self._lock:
            self.con.close()

    def verify(self, full: bool = False) -> None:
        """PostgreSQL keeps its own checksums and WAL; here: the tables answer and agree on counts."""
        st = self._one("SELECT (SELECT coalesce(sum(facts), 0) FROM filings) AS want, (SELECT count(*) FROM facts) AS have")
        if int(st["want"]) != int(st["have"]):
            from .errors import IndexCorrupt

            raise IndexCorrupt(f"the PostgreSQL store lists {st['want']} facts but holds {st['have']}.")

    def counts(self) -> dict[str, int]:
        st = self._one("SELECT count(*) AS filings, coalesce(sum(facts), 0) AS facts, coalesce(sum(chunks), 0) AS chunks "
                       "FROM filings")
        return {k: int(v) for k, v in st.items()}

    # --- facts -----------------------------------------------------------------------------------
    def facts_by_id(self, fact_ids: Iterable[str]) -> list[Fact]:
        ids = list(dict.fromkeys(fact_ids))
        if not ids:
            return []
        by_id = {r["fact_id"]: self._fact(r) for r in self._rows(
            f"SELECT {self._fact_cols} FROM facts WHERE fact_id = ANY(%s){self._scope_and()}", [ids, *self._scope_params()])}
        return [by_id[i] for i in ids if i in by_id]

    def facts_in_groups(self, group_keys: Iterable[str], limit: int = 5000, entities: Iterable[str] | None = None) -> list[Fact]:
        keys = list(dict.fromkeys(group_keys))
        if not keys:
            return []
        return self._facts_matching((("group_key", keys),), limit, entities, "source, row_index, fact_id")

    def facts_with_concepts(self, concepts: Iterable[str], limit: int = 20000, entities: Iterable[str] | None = None) -> list[Fact]:
        conditions = line_conditions(concepts, ())
        return self._facts_matching(conditions, limit, entities, "source, row_index") if conditions else []

    def facts_of_lines(self, concepts: Iterable[str] = (), group_keys: Iterable[str] = (), limit: int = 25000,
                       entities: Iterable[str] | None = None) -> list[Fact]:
        conditions = line_conditions(concepts, group_keys)
        return self._facts_matching(conditions, limit, entities, "source, row_index, fact_id") if conditions else []

    def _facts_matching(self, conditions: tuple[tuple[str, list[str]], ...], limit: int, entities: Iterable[str] | None,
                        order: str) -> list[Fact]:
        ents = None if entities is None else sorted({self.names.canonical(e) for e in entities})
        key = (tuple((c, tuple(v)) for c, v in conditions), limit, None if ents is None else tuple(ents))

        def read() -> tuple[Fact, ...]:
            where = "(" + " OR ".join(f"{column} = ANY(%s)" for column, _ in conditions) + ")"
            params: list = [values for _, values in conditions]
            if ents is not None:
                extra, more = self._entity_filter("entity", ents)
                where += extra
                params += more
            rows = self._rows(f"SELECT {self._fact_cols} FROM facts WHERE {where}{self._scope_and()} "
                              f"ORDER BY {bytewise(order)} LIMIT %s", [*params, *self._scope_params(), limit])
            return tuple(self._fact(r) for r in rows)

        return list(self._memo.get(key, read))

    def query_facts(self, where: str = "TRUE", params: list | None = None, limit: int = 1000,
                    order: str = "source, row_index") -> list[Fact]:
        rows = self._rows(f"SELECT {self._fact_cols} FROM {self._facts_view} WHERE {portable(where)} "
                          f"ORDER BY {bytewise(order)} LIMIT %s", [*(params or []), limit])
        return [row_to_fact(r) for r in rows]

    def filing_facts(self, filing_id: str, limit: int = 3000, **match) -> list[Fact]:
        where, params = filing_condition(filing_id, match)
        return self.query_facts(where, params, limit=limit, order="source, row_index, fact_id")

    def group_keys_of(self, fact_ids: Iterable[str]) -> list[str]:
        ids = list(dict.fromkeys(fact_ids))
        if not ids:
            return []
        return sorted(r["group_key"] for r in self._rows(
            f"SELECT DISTINCT group_key FROM facts WHERE fact_id = ANY(%s){self._scope_and()}", [ids, *self._scope_params()]))

    def group_keys_in_chunks(self, chunk_ids: Iterable[str]) -> list[str]:
        ids = list(dict.fromkeys(chunk_ids))
        if not ids:
            return []
        return list(self._memo.get(("group_keys_in_chunks", tuple(ids)), lambda: sorted(r["group_key"] for r in self._rows(
            f"SELECT DISTINCT f.group_key FROM fact_chunks fc JOIN facts f ON f.fact_id = fc.fact_id "
            f"WHERE fc.chunk_id = ANY(%s){self._scope_and('f.filing_id')}", [ids, *self._scope_params()]))))

    def entity_count(self) -> int:
        with self._lock:
            if self._entity_count is None:
                rows = self._rows(f"SELECT DISTINCT entity FROM filing_entities WHERE kind = 'fact'{self._scope_and()}",
                                  self._scope_params())
                self._entity_count = len({self.names.canonical(r["entity"]) for r in rows})
            return self._entity_count

    def fact_count(self) -> int:
        return int(self._one(f"SELECT count(*) AS n FROM facts{self._scope_where()}", self._scope_params())["n"])

    # --- mentions and chunks ---------------------------------------------------------------------
    def mentions_of(self, values: Iterable[Decimal]) -> list[Mention]:
        vals = sorted({float(abs(v)) for v in values if v is not None})
        if not vals:
            return []
        rows = self._rows(f"SELECT {', '.join(_MENTION_COLS)} FROM mentions WHERE value_num = ANY(%s::float8[]){self._scope_and()}",
                          [vals, *self._scope_params()])
        return [row_to_mention(r) for r in rows]

    def chunks_by_id(self, chunk_ids: Iterable[str]) -> list[Chunk]:
        ids = list(dict.fromkeys(chunk_ids))
        if not ids:
            return []
        by_id = {r["chunk_id"]: self._chunk(r) for r in self._rows(
            f"SELECT {', '.join(_CHUNK_COLS)} FROM chunks WHERE chunk_id = ANY(%s){self._scope_and()}", [ids, *self._scope_params()])}
        return [by_id[i] for i in ids if i in by_id]

    def chunk_briefs(self, chunk_ids: Iterable[str]) -> list[ChunkBrief]:
        ids = list(dict.fromkeys(chunk_ids))
        if not ids:
            return []
        rows = self._rows(f"SELECT chunk_id, kind, entity, fact_ids FROM chunks WHERE chunk_id = ANY(%s){self._scope_and()}",
                          [ids, *self._scope_params()])
        by_id = {r["chunk_id"]: ChunkBrief(r["chunk_id"], r["kind"], self.names.canonical(r["entity"] or ""),
                                           tuple(json.loads(r["fact_ids"] or "[]")))
                 for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def chunks_for_facts(self, fact_ids: Iterable[str]) -> dict[str, Chunk]:
        ids = list(dict.fromkeys(fact_ids))
        if not ids:
            return {}
        cols = ", ".join(f"c.{c}" for c in _CHUNK_COLS)
        rows = self._rows(f"SELECT fc.fact_id AS _fact, {cols} FROM fact_chunks fc JOIN chunks c "
                          f"USING (cik, chunk_id) WHERE fc.fact_id = ANY(%s){self._scope_and('c.filing_id')} ORDER BY c.chunk_id",
                          [ids, *self._scope_params()])
        out: dict[str, Chunk] = {}
        for r in rows:
            fid = r.pop("_fact")
            out.setdefault(fid, self._chunk(r))
        return out

    def chunks_of_filing(self, filing_id: str) -> list[Chunk]:
        rows = self._rows(f"SELECT {', '.join(_CHUNK_COLS)} FROM chunks WHERE filing_id = %s{self._scope_and()} ORDER BY position",
                          [filing_id, *self._scope_params()])
        return [self._chunk(r) for r in rows]

    def label_words(self) -> set[str]:
        f = f"(SELECT * FROM facts{self._scope_where()}) AS f"
        rows = self._rows(f"SELECT DISTINCT label AS t FROM {f} UNION SELECT DISTINCT member_text FROM {f} "
                          f"UNION SELECT DISTINCT title FROM {f} UNION SELECT DISTINCT column_label FROM {f}",
                          self._scope_params() * 4)
        words: set[str] = set()
        for r in rows:
            words.update(w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]{3,}", r["t"] or ""))
        return words

    def entities(self) -> list[tuple[str, str, str]]:
        """(display name, CIK, ticker) once per company, as the embedded reader lists them (in a view
        made by within(), the scope's companies only)."""
        if self._scope is None:
            return self.names.directory()
        shown = {self.names.canonical(r["entity"]) for r in self._rows(
            f"SELECT DISTINCT entity FROM filing_entities WHERE entity <> ''{self._scope_and()}", self._scope_params())}
        return [row for row in self.names.directory() if row[0] in shown]

    # --- a scope: the same reader seeing only some filings -----------------------------------------
    def within(self, filing_ids: Iterable[str]) -> "PgReader":
        """A view of this reader that sees only these filings: each query (facts, passages by BM25
        and by HNSW with the filter inside the search, line items, companies, filings) keeps to them.
        It shares this reader's connection; closing it closes nothing."""
        import copy

        view = copy.copy(self)
        view._scope = frozenset(filing_ids)
        view._scope_ids = sorted(view._scope)
        view._memo, view._entity_count = QueryMemo(), None
        view._facts_view = view._canonical_facts_sql()
        return view

    @property
    def scope(self) -> frozenset[str] | None:
        return self._scope

    def _scope_and(self, column: str = "filing_id") -> str:
        return "" if self._scope is None else f" AND {column} = ANY(%s)"

    def _scope_where(self, column: str = "filing_id") -> str:
        return "" if self._scope is None else f" WHERE {column} = ANY(%s)"

    def _scope_params(self) -> list:
        return [] if self._scope is None else [self._scope_ids]

    def filings(self) -> list[FilingInfo]:
        rows = self._rows(f"SELECT * FROM filings{self._scope_where()} ORDER BY seq", self._scope_params())
        return [FilingInfo(filing_id=r["filing_id"], source=r["source"], sha256=r["sha256"], format=r["format"],
                           segment="postgres", title=r["title"] or "", entity=r["entity"] or "", form=r["form"] or "",
                           fiscal_year=r["fiscal_year"], facts=r["facts"], chunks=r["chunks"],
                           ingested_at=r["ingested_at"] or "", warnings=list(r["warnings"] or []))
                for r in rows]
