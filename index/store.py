"""Reading an index directory (the writer is :mod:`index.writer`, a segment's files :mod:`index.segments`).

Layout::

    INDEX/
      manifest.json              the commit point (see index.manifest)
      segments/seg-000001-ab12/  immutable: tables.duckdb (facts, chunks, mentions, line items, with
                                 their indexes), vectors.faiss,
                                 BM25 over chunks (bm25_*) and over fact groups (groups/bm25_*)
      originals/                 the filed documents themselves, content-addressed (index.originals)
      .lock                      held by the one writer
      .tmp/                      a segment under construction (swept if a writer died)

:class:`IndexReader` is the small interface ``qa`` uses: fact lookups in DuckDB, BM25 and dense
search over chunks, BM25 over fact groups (facts that report the same line item). Storage stays
behind the reader and the writer, so moving to PostgreSQL or another vector store is a new class.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np
import pyarrow as pa

from .bm25 import BM25Segment, BM25Stats, score_segment, tokenize
from .catalogue import MEMORY_FACTS, FactCatalogue, filing_condition
from .embed import DIM, MODEL_NAME
from .entity_names import ENTITY_ROWS_SQL, EntityNames
from .errors import IndexCorrupt, IndexIncompatible
from .facts import Chunk, Fact, Mention
from .manifest import FilingInfo, Manifest, SegmentInfo, sha256_file, tombstone
from .memo import QueryMemo
from .tables import CHUNK_SCHEMA, FACT_SCHEMA, MENTION_SCHEMA, row_to_chunk, row_to_fact, row_to_mention, select_columns
from .segments import TABLES_FILE, sql_text
from .vectors import VectorSegment

__all__ = ["IndexReader", "ChunkHit", "ChunkBrief", "GroupHit", "line_conditions"]

_VERIFY_HASH_BYTES = 64 << 20  # files up to this size are checksummed on every open
_DUCKDB_MEMORY = "384MB"  # a reader's buffer pool: pages of the segments' tables, not copies of them
_FACT_CHUNKS_SCHEMA = pa.schema([("fact_id", pa.string()), ("chunk_id", pa.string())])
_VIEWS = {"facts": FACT_SCHEMA, "chunks": CHUNK_SCHEMA, "mentions": MENTION_SCHEMA, "fact_chunks": _FACT_CHUNKS_SCHEMA}


CATALOGUE_AFTER_READS = 24  # about two questions' reads: then the index's facts are held in memory


@dataclass
class _CatalogueSlot:
    reads: int = 0
    built: bool = False
    catalogue: FactCatalogue | None = None


def line_conditions(concepts: Iterable[str], group_keys: Iterable[str]) -> tuple[tuple[str, list[str]], ...]:
    """(column, values) pairs that find a line item's facts: by the concept's local name, prefix-
    insensitive ('us-gaap:Revenues' -> 'revenues'), and by line item (group key); empty ones left out."""
    return tuple((column, values) for column, values in (
        ("concept_local", sorted({c.split(":")[-1].split("_")[-1].lower() for c in concepts})),
        ("group_key", list(dict.fromkeys(group_keys)))) if values)


def _params(values: list) -> str:
    """``(?, ?, ...)`` for an IN list: DuckDB answers a list of parameters from the column's index,
    where a joined-in array (``IN (SELECT unnest(?))``) scans every segment's table."""
    return "(" + ", ".join("?" * len(values)) + ")"


_HEX_ID = re.compile(r"[0-9a-f]{16}")


def _id_keys(ids: list[str]) -> np.ndarray | None:
    """16-hex-digit ids (what stable_id makes) as uint64; None if any has another form."""
    if not all(isinstance(i, str) and _HEX_ID.fullmatch(i) for i in ids):
        return None
    return np.array([int(i, 16) for i in ids], dtype=np.uint64)



@dataclass(frozen=True)
class ChunkHit:
    chunk_id: str
    score: float
    source: str  # 'bm25' | 'dense'


@dataclass(frozen=True)
class ChunkBrief:
    """What a search needs to know of a passage before reading it whole."""

    chunk_id: str
    kind: str
    entity: str
    fact_ids: tuple[str, ...]


@dataclass(frozen=True)
class GroupHit:
    group_key: str
    score: float


@dataclass
class _LoadedSegment:
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


class IndexReader:
    """A consistent, read-only view of the last committed state of an index."""

    def __init__(self, path: str | Path, *, verify: str = "quick"):
        import duckdb

        # A writer that merges segments deletes the old ones right after its new manifest lands; a
        # reader caught opening the old manifest's segments then opens the new manifest instead.
        for attempt in range(3):
            try:
                self._open(Path(path), verify)
                return
            except (IndexCorrupt, duckdb.IOException, OSError, RuntimeError):  # RuntimeError: FAISS's missing file
                if getattr(self, "con", None) is not None:
                    self.con.close()
                opened = getattr(self, "manifest", None)
                if attempt == 2 or opened is None or Manifest.read(Path(path)).generation == opened.generation:
                    raise

    def _open(self, path: Path, verify: str) -> None:
        import duckdb

        self.path = path
        self.con = None
        self.manifest = Manifest.read(self.path)
        if self.manifest.model != MODEL_NAME or self.manifest.dim != DIM:
            raise IndexIncompatible(
                f"index {self.path.name!r} was built with {self.manifest.model} ({self.manifest.dim}-dim); "
                f"this filingqa embeds questions with {MODEL_NAME} ({DIM}-dim)."
            )
        self.verify(full=(verify == "full"))
        self._lock = threading.RLock()
        self._entity_count: int | None = None
        self._memo = QueryMemo()
        self._catalogue_slot = _CatalogueSlot()  # shared with within() views
        self.con = duckdb.connect(":memory:")
        self.con.execute("SET threads TO 1")
        self.con.execute("SET enable_progress_bar = false")
        # the buffer pool holds the pages questions touch; the rows themselves stay in the segments' files
        self.con.execute(f"SET memory_limit = '{_DUCKDB_MEMORY}'")
        # a large sort (the fact explorer over a million facts) spills to the system's temporary
        # folder, not to '.tmp' in whatever directory the user started filingqa from
        spill = Path(tempfile.gettempdir()) / f"filingqa-spill-{os.getpid()}-{id(self):x}"
        self.con.execute(f"SET temp_directory = {sql_text(str(spill))}")
        removed = set(self.manifest.removed)
        self.segments: list[_LoadedSegment] = []
        self._entity_codes: dict[str, int] = {}
        parts: dict[str, list[str]] = {name: [] for name in _VIEWS}
        for n, info in enumerate(self.manifest.segments):
            seg, selects = self._attach(n, info, removed)
            self.segments.append(seg)
            for name, sql in selects.items():
                parts[name].append(sql)
        # one name per company (CIK), whatever spelling each filing used (index.entity_names)
        live = {t: "(" + " UNION ALL ".join(parts[t]) + ")" for t in ("facts", "chunks")}
        self.names = EntityNames(self.con.execute(ENTITY_ROWS_SQL.format(**live)).fetchall() if self.segments else [])
        for name in ("facts", "chunks"):
            parts[name] = [self.names.canonical_select(sql) for sql in parts[name]]
        self._segment_sql = parts
        # which segments hold each company's facts: a question about one company reads only those
        self._entity_homes: dict[str, set[int]] = {}
        for seg in self.segments:
            for (entity,) in self.con.execute(f"SELECT DISTINCT entity FROM {seg.alias}.facts").fetchall():
                self._entity_homes.setdefault(self.names.canonical(entity), set()).add(seg.ordinal)
        for name, schema in _VIEWS.items():
            if parts[name]:
                self.con.execute(f"CREATE TEMP VIEW {name} AS " + " UNION ALL ".join(parts[name]))
            else:  # an empty index: empty tables with the same columns
                self.con.register("_empty", schema.empty_table())
                extra = ", NULL::VARCHAR AS concept_local" if name == "facts" else ""
                self.con.execute(f"CREATE TEMP TABLE {name} AS SELECT *{extra}, ''::VARCHAR AS segment FROM _empty")
                self.con.unregister("_empty")
        self._chunk_stats = BM25Stats.over([s.chunks_bm25 for s in self.segments])
        self._group_stats = BM25Stats.over([s.groups_bm25 for s in self.segments])
        self._live_group_keys = {k for (k,) in self.con.execute("SELECT DISTINCT group_key FROM facts").fetchall()}
        self._scope: frozenset[str] | None = None  # filing ids a view made by within() keeps to
        self._scope_chunks: dict[int, np.ndarray] = {}
        self._scope_groups: dict[int, np.ndarray] = {}

    def _attach(self, n: int, info: SegmentInfo, removed: set[str]) -> tuple[_LoadedSegment, dict[str, str]]:
        """Open segment ``info``: its tables attached read-only, its searches loaded; returns it
        with the SELECT of each table's live rows (removed filings hidden)."""
        d = self.path / "segments" / info.id
        alias = f"seg{n}"
        self.con.execute(f"ATTACH {sql_text(str(d / TABLES_FILE))} AS {alias} (READ_ONLY)")
        gone = sorted(fid for fid in self._filing_ids(info.id) if tombstone(info.id, fid) in removed)
        hide = f" WHERE filing_id NOT IN ({', '.join(sql_text(g) for g in gone)})" if gone else ""
        selects = {name: f"SELECT *, {sql_text(info.id)} AS segment FROM {alias}.{name}" + (hide if name != "fact_chunks" else "")
                   for name in _VIEWS}
        have = [c for (c,) in self.con.execute(f"SELECT column_name FROM (DESCRIBE {alias}.facts)").fetchall()]
        selects["facts"] = (f"SELECT {select_columns(FACT_SCHEMA, have)}, concept_local, {sql_text(info.id)} AS segment "
                            f"FROM {alias}.facts{hide}")  # one column order for every segment, old ones too
        alive = np.ones(info.counts.get("chunks", 0), dtype=bool)
        if gone:
            rows = self.con.execute(f"SELECT row FROM {alias}.chunks{hide.replace('NOT IN', 'IN')}").fetchall()
            alive[[r for (r,) in rows]] = False
        group_rows = self.con.execute(f"SELECT group_key FROM {alias}.groups ORDER BY row").fetchall()
        chunk_keys = self._id_column(f"SELECT chunk_id FROM {alias}.chunks ORDER BY row")
        fact_keys = self._id_column(f"SELECT fact_id FROM {alias}.facts")
        seg = _LoadedSegment(
            info, VectorSegment.load(d / "vectors.faiss"), BM25Segment.load(d), BM25Segment.load(d / "groups"),
            alive, self._chunk_entities(alias), chunk_keys, None if chunk_keys is None else np.sort(chunk_keys),
            None if fact_keys is None else np.sort(fact_keys), [g for (g,) in group_rows], n, alias)
        return seg, selects

    def _chunk_entities(self, alias: str) -> np.ndarray:
        """Each chunk row's company as a small integer (lower-cased name -> code, shared across
        segments), so searches can keep to one company's passages without reading the rows."""
        import pyarrow.compute as pc

        names = self.con.sql(f"SELECT lower(entity) AS e FROM {alias}.chunks ORDER BY row").to_arrow_table()["e"]
        encoded = pc.dictionary_encode(names.combine_chunks())
        local = [self._entity_codes.setdefault(name or "", len(self._entity_codes)) for name in encoded.dictionary.to_pylist()]
        return np.asarray(local, dtype=np.int32)[encoded.indices.to_numpy(zero_copy_only=False)] if local \
            else np.zeros(0, dtype=np.int32)

    def _id_column(self, sql: str) -> np.ndarray | None:
        """A column of 16-hex-digit ids as uint64 (None when any id has another form)."""
        keys = self.con.sql(f"SELECT TRY_CAST('0x' || id AS UBIGINT) AS k FROM ({sql}) t(id)").fetchnumpy()["k"]
        if np.ma.isMaskedArray(keys):
            if keys.mask.any():
                return None
            keys = keys.data
        return np.asarray(keys, dtype=np.uint64)

    def _chunk_filter(self, seg: _LoadedSegment, entities: Iterable[str] | None) -> np.ndarray:
        """Rows a search may return: live ones, of the scope (within()) and of ``entities`` only when given."""
        alive = seg.chunk_alive if self._scope is None else seg.chunk_alive & self._scope_chunks[seg.ordinal]
        if entities is None:
            return alive
        codes = [self._entity_codes[e.lower()] for e in self.names.spellings(entities) if e.lower() in self._entity_codes]
        return alive & np.isin(seg.chunk_entity, codes)

    # --- a scope: the same reader seeing only some filings ---------------------------------------
    def within(self, filing_ids: Iterable[str]) -> "IndexReader":
        """A view of this reader that sees only these filings: every fact query, passage search (BM25
        and dense, filtered inside the search, not after its top k), line-item search, company list
        and filing list keeps to them. It shares this reader's open tables; closing it closes nothing."""
        import copy

        ids = frozenset(filing_ids)
        view = copy.copy(self)
        view._scope, view._memo, view._entity_count = ids, QueryMemo(), None
        view._scope_literal = "(" + ", ".join(sql_text(i) for i in sorted(ids)) + ")" if ids else "(NULL)"
        homes = {f.segment for f in self.manifest.live_filings if f.filing_id in ids}
        view._scope_homes = {seg.ordinal for seg in self.segments if seg.info.id in homes}
        view._scope_chunks, view._scope_groups = {}, {}
        keys = {r["group_key"] for r in view._rows(f"SELECT DISTINCT group_key FROM {view._source('facts', None)}", [])}
        for seg in self.segments:
            chunks = np.zeros(len(seg.chunk_alive), dtype=bool)
            if seg.ordinal in view._scope_homes and ids:
                rows = self.con.execute(f"SELECT row FROM {seg.alias}.chunks WHERE filing_id IN {view._scope_literal}").fetchall()
                chunks[[r for (r,) in rows]] = True
            view._scope_chunks[seg.ordinal] = chunks
            view._scope_groups[seg.ordinal] = np.fromiter((k in keys for k in seg.group_keys), dtype=bool,
                                                          count=len(seg.group_keys))
        view._live_group_keys = self._live_group_keys & keys
        return view

    @property
    def scope(self) -> frozenset[str] | None:
        """The filing ids this view keeps to (None: the whole index)."""
        return self._scope

    def _filing_ids(self, segment: str) -> list[str]:
        return [f.filing_id for f in self.manifest.filings if f.segment == segment]

    # --- integrity ------------------------------------------------------------------------------
    def verify(self, full: bool = False) -> None:
        """Every file the manifest names exists with its size (and checksum: small files always, all if full)."""
        for seg in self.manifest.segments:
            d = self.path / "segments" / seg.id
            for name, meta in seg.files.items():
                p = d / name
                if not p.exists():
                    raise IndexCorrupt(f"index {self.path.name!r} is missing {seg.id}/{name}.")
                if p.stat().st_size != meta["bytes"]:
                    raise IndexCorrupt(f"index {self.path.name!r}: {seg.id}/{name} has the wrong size (partial or altered).")
                if (full or meta["bytes"] <= _VERIFY_HASH_BYTES) and sha256_file(p) != meta["sha256"]:
                    raise IndexCorrupt(f"index {self.path.name!r}: {seg.id}/{name} does not match its checksum (altered).")

    # --- facts ----------------------------------------------------------------------------------
    def _rows(self, sql: str, params: list) -> list[dict]:
        with self._lock:
            cur = self.con.execute(sql, params)
            cols = [c[0] for c in cur.description]
            return [dict(zip(cols, r)) for r in cur.fetchall()]

    # Segment pruning. Each segment's tables have their own indexes, so a lookup costs one index
    # probe per segment; at a million passages (five segments) that, not the probe, is the cost.
    # Ids are 64-bit hashes, held per segment as sorted arrays (8 bytes a row), so a lookup by id
    # reads only the segments that hold it; a company's facts, only the segments of its filings.
    def _homes_of(self, ids: list[str], kind: str) -> set[int] | None:
        """The segments holding these fact or chunk ids (None: look everywhere)."""
        keys = _id_keys(ids)
        if keys is None:
            return None
        homes = set()
        for seg in self.segments:
            held = seg.fact_keys if kind == "fact" else seg.chunk_keys_sorted
            if held is None:
                homes.add(seg.ordinal)
                continue
            at = np.searchsorted(held, keys).clip(0, max(len(held) - 1, 0))
            if len(held) and (held[at] == keys).any():
                homes.add(seg.ordinal)
        return homes

    def _source(self, table: str, homes: set[int] | None) -> str:
        """``table`` restricted to the segments ``homes`` (all of them when None), and to the scope's
        filings in a view made by :meth:`within`."""
        if self._scope is not None:
            homes = self._scope_homes if homes is None else homes & self._scope_homes
        if homes is None or len(homes) >= len(self.segments):
            sql = table
        elif not homes:
            return f"(SELECT * FROM {table} WHERE FALSE)"
        else:
            sql = "(" + " UNION ALL ".join(self._segment_sql[table][o] for o in sorted(homes)) + ")"
        if self._scope is not None and table != "fact_chunks":  # (a fact's passage is found through chunks)
            return f"(SELECT * FROM {sql} WHERE filing_id IN {self._scope_literal})"
        return sql

    def _rows_by_id(self, table: str, columns: str, ids: list[str]) -> list[dict]:
        """``columns`` of the ``table`` ('facts' or 'chunks') rows with these ids, read only from
        the segments that hold them."""
        kind = "fact" if table == "facts" else "chunk"
        return self._rows(f"SELECT {columns} FROM {self._source(table, self._homes_of(ids, kind))} "
                          f"WHERE {kind}_id IN {_params(ids)}", ids)

    def forget(self) -> None:
        """Drop what earlier questions left in the memo: the benchmark calls it so each question
        is measured as if it were the first."""
        self._memo.clear()

    def facts_by_id(self, fact_ids: Iterable[str]) -> list[Fact]:
        ids = list(dict.fromkeys(fact_ids))
        if not ids:
            return []
        if (cat := self._catalogue()) is not None:
            return cat.facts_by_id(ids, self._scope)
        rows = self._rows_by_id("facts", "*", ids)
        by_id = {r["fact_id"]: row_to_fact(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def facts_in_groups(self, group_keys: Iterable[str], limit: int = 5000, entities: Iterable[str] | None = None) -> list[Fact]:
        """Facts of these line items; only those of ``entities`` when given (filtered in SQL: at scale
        most of a line item's facts belong to other companies)."""
        keys = list(dict.fromkeys(group_keys))
        if not keys:
            return []
        return self._facts_matching((("group_key", keys),), limit, entities, "source, row_index, fact_id")

    def facts_of_lines(self, concepts: Iterable[str] = (), group_keys: Iterable[str] = (), limit: int = 25000,
                       entities: Iterable[str] | None = None) -> list[Fact]:
        """Facts whose concept's local name is one of ``concepts`` or whose line item is one of
        ``group_keys``, in one read: each read costs milliseconds however few rows it returns, and
        the finder gathers a line item by both."""
        conditions = line_conditions(concepts, group_keys)
        return self._facts_matching(conditions, limit, entities, "source, row_index, fact_id") if conditions else []

    def _facts_matching(self, conditions: tuple[tuple[str, list[str]], ...], limit: int, entities: Iterable[str] | None,
                        order: str) -> list[Fact]:
        """Facts whose ``column`` is one of its ``values`` for any of the ``conditions`` (of ``entities``
        only, when given), through a small memo: a reader never changes, and one question reads the
        same line items several times (both periods of a change, each side of a ratio)."""
        ents = None if entities is None else sorted({self.names.canonical(e) for e in entities})
        if (cat := self._catalogue()) is not None:
            return cat.lines(conditions, limit, None if ents is None else frozenset(ents), self._scope)
        key = (tuple((c, tuple(v)) for c, v in conditions), limit, None if ents is None else tuple(ents))

        def read() -> tuple[Fact, ...]:
            where = "(" + " OR ".join(f"{column} IN {_params(values)}" for column, values in conditions) + ")"
            params = [v for _, values in conditions for v in values]
            homes = None
            if ents is not None:
                where += f" AND entity IN {_params(ents)}" if ents else " AND FALSE"
                params.extend(ents)
                homes = set().union(*(self._entity_homes.get(e, set()) for e in ents))
            rows = self._rows(f"SELECT * FROM {self._source('facts', homes)} WHERE {where} ORDER BY {order} LIMIT ?",
                              [*params, limit])
            return tuple(row_to_fact(r) for r in rows)

        return list(self._memo.get(key, read))

    def filing_facts(self, filing_id: str, limit: int = 3000, **match) -> list[Fact]:
        """The facts of one filing whose ``match`` columns (unit, concept, title, label, period_end,
        period_year) equal the values given, in the store's order: what the judge reads of a cited
        fact's neighbours."""
        if (cat := self._catalogue()) is not None:
            return cat.filing_facts(filing_id, match, limit, self._scope)
        where, params = filing_condition(filing_id, match)
        return self.query_facts(where, params, limit=limit, order="source, row_index, fact_id")

    def _catalogue(self) -> FactCatalogue | None:
        """The index's facts and passages in memory (index.catalogue) when the index is small enough;
        None for a large one, whose reads go to DuckDB, and for a reader's first few reads: building it
        costs about as much as a few questions' reads, which a one-off `filingqa ask` never repays."""
        slot = self._catalogue_slot
        if slot.built:
            return slot.catalogue
        with self._lock:
            slot.reads += 1
            if slot.reads > CATALOGUE_AFTER_READS and not slot.built:
                slot.catalogue, slot.built = self._build_catalogue(), True
            return slot.catalogue

    def _build_catalogue(self) -> FactCatalogue | None:
        if self.con.execute("SELECT count(*) FROM facts").fetchone()[0] > MEMORY_FACTS:
            return None
        rows = self._rows("SELECT * FROM facts ORDER BY source, row_index, fact_id", [])
        chunks = {r["chunk_id"]: row_to_chunk(r) for r in self._rows("SELECT * FROM chunks", [])}
        chunk_of_fact: dict[str, str] = {}
        facts_of_chunk: dict[str, list[str]] = {}
        for fid, cid in self.con.execute("SELECT fact_id, chunk_id FROM fact_chunks ORDER BY chunk_id").fetchall():
            chunk_of_fact.setdefault(fid, cid)
            facts_of_chunk.setdefault(cid, []).append(fid)
        return FactCatalogue([row_to_fact(r) for r in rows], {r["fact_id"]: r["group_key"] for r in rows},
                             {r["fact_id"]: r["concept_local"] or "" for r in rows}, chunks, chunk_of_fact, facts_of_chunk)

    def entity_count(self) -> int:
        with self._lock:
            if self._entity_count is None:
                self._entity_count = self.con.execute(
                    f"SELECT count(DISTINCT entity) FROM {self._source('facts', None)}").fetchone()[0]
            return self._entity_count

    def fact_count(self) -> int:
        with self._lock:
            return self.con.execute(f"SELECT count(*) FROM {self._source('facts', None)}").fetchone()[0]

    def query_facts(self, where: str = "TRUE", params: list | None = None, limit: int = 1000, order: str = "source, row_index") -> list[Fact]:
        """Facts by a SQL condition over the fact table's columns (used by the fact explorer)."""
        rows = self._rows(f"SELECT * FROM {self._source('facts', None)} AS facts WHERE {where} ORDER BY {order} LIMIT ?",
                          [*(params or []), limit])
        return [row_to_fact(r) for r in rows]

    # --- mentions and chunks ----------------------------------------------------------------------
    def mentions_of(self, values: Iterable[Decimal]) -> list[Mention]:
        vals = sorted({float(abs(v)) for v in values if v is not None})
        if not vals:
            return []
        rows = self._rows(f"SELECT * FROM {self._source('mentions', None)} WHERE value_num IN {_params(vals)}", vals)
        return [row_to_mention(r) for r in rows]

    def chunks_by_id(self, chunk_ids: Iterable[str]) -> list[Chunk]:
        ids = list(dict.fromkeys(chunk_ids))
        if not ids:
            return []
        if (cat := self._catalogue()) is not None:
            return cat.chunks_by_id(ids, self._scope)
        rows = self._rows_by_id("chunks", "*", ids)
        by_id = {r["chunk_id"]: row_to_chunk(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def chunk_briefs(self, chunk_ids: Iterable[str]) -> list[ChunkBrief]:
        """Kind, company and facts of these passages, in the order given, without their text (the
        text columns are most of what a row read costs)."""
        ids = list(dict.fromkeys(chunk_ids))
        if not ids:
            return []
        if (cat := self._catalogue()) is not None:
            return [ChunkBrief(c.chunk_id, c.kind, c.entity, c.fact_ids) for c in cat.chunks_by_id(ids, self._scope)]
        rows = self._rows_by_id("chunks", "chunk_id, kind, entity, fact_ids", ids)
        by_id = {r["chunk_id"]: ChunkBrief(r["chunk_id"], r["kind"], r["entity"], tuple(json.loads(r["fact_ids"] or "[]")))
                 for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def group_keys_of(self, fact_ids: Iterable[str]) -> list[str]:
        """The line items (fact groups) these facts report, sorted."""
        ids = list(dict.fromkeys(fact_ids))
        if not ids:
            return []
        if (cat := self._catalogue()) is not None:
            return cat.group_keys_of(ids, self._scope)
        rows = self._rows_by_id("facts", "DISTINCT group_key", ids)
        return sorted(r["group_key"] for r in rows)

    def group_keys_in_chunks(self, chunk_ids: Iterable[str]) -> list[str]:
        """The line items (fact groups) of the facts these passages hold, sorted."""
        ids = list(dict.fromkeys(chunk_ids))
        if not ids:
            return []
        if (cat := self._catalogue()) is not None:
            return cat.group_keys_in_chunks(ids, self._scope)

        def read() -> list[str]:
            homes = self._homes_of(ids, "chunk")  # a passage's facts are in its segment
            rows = self._rows(f"SELECT DISTINCT f.group_key FROM {self._source('fact_chunks', homes)} fc "
                              f"JOIN {self._source('facts', homes)} f USING (fact_id, segment) WHERE fc.chunk_id IN {_params(ids)}", ids)
            return sorted(r["group_key"] for r in rows)

        return list(self._memo.get(("group_keys_in_chunks", tuple(ids)), read))

    def chunks_for_facts(self, fact_ids: Iterable[str]) -> dict[str, Chunk]:
        """The passage (table row, note sentence) each fact was read from."""
        ids = list(dict.fromkeys(fact_ids))
        if not ids:
            return {}
        if (cat := self._catalogue()) is not None:
            return cat.chunks_for_facts(ids, self._scope)
        homes = self._homes_of(ids, "fact")  # a fact's passage is in the fact's segment
        rows = self._rows(
            f"SELECT fc.fact_id AS _fact, c.* FROM {self._source('fact_chunks', homes)} fc "
            f"JOIN {self._source('chunks', homes)} c USING (chunk_id, segment) WHERE fc.fact_id IN {_params(ids)}", ids)
        out = {}
        for r in rows:
            fid = r.pop("_fact")
            out.setdefault(fid, row_to_chunk(r))
        return out

    def chunks_of_filing(self, filing_id: str) -> list[Chunk]:
        rows = self._rows(f"SELECT * FROM {self._source('chunks', None)} WHERE filing_id = ? ORDER BY position", [filing_id])
        return [row_to_chunk(r) for r in rows]

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

    def _groups_mask(self, seg: _LoadedSegment, groups: frozenset[str]) -> np.ndarray:
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
            rows = self._rows(f"SELECT DISTINCT group_key FROM facts WHERE entity IN {_params(list(ents))}", list(ents)) if ents else []
            return frozenset(r["group_key"] for r in rows)

        return self._memo.get(("groups_of", ents), read)

    def label_words(self) -> set[str]:
        """Every word of the labels, members and titles in the index (for correcting typos in questions)."""
        with self._lock:
            rows = self.con.execute(
                "SELECT DISTINCT label FROM {f} UNION SELECT DISTINCT member_text FROM {f} "
                "UNION SELECT DISTINCT title FROM {f} UNION SELECT DISTINCT column_label FROM {f}".format(
                    f=self._source("facts", None))
            ).fetchall()
        words: set[str] = set()
        for (text,) in rows:
            words.update(w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]{3,}", text or ""))
        return words

    def entities(self) -> list[tuple[str, str, str]]:
        """(display name, CIK, ticker) once per company, of the facts and of text-only filings, for
        resolving companies in questions (in a view made by within(), the scope's companies only)."""
        if self._scope is None:
            return self.names.directory()
        shown = {e for (e,) in self.con.execute(
            f"SELECT DISTINCT entity FROM {self._source('facts', None)} UNION "
            f"SELECT DISTINCT entity FROM {self._source('chunks', None)}").fetchall()}
        return [row for row in self.names.directory() if row[0] in shown]

    def facts_with_concepts(self, concepts: Iterable[str], limit: int = 20000, entities: Iterable[str] | None = None) -> list[Fact]:
        """Facts whose XBRL concept's local name is one of ``concepts`` (prefix-insensitive: 'Revenues'),
        of ``entities`` only when given."""
        conditions = line_conditions(concepts, ())
        return self._facts_matching(conditions, limit, entities, "source, row_index") if conditions else []

    def filings(self) -> list[FilingInfo]:
        live = self.manifest.live_filings
        return live if self._scope is None else [f for f in live if f.filing_id in self._scope]

    def close(self) -> None:
        if self._scope is not None:
            return  # a view shares its reader's tables: the reader closes them
        with self._lock:
            self.con.close()
