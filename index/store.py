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

import os
import re
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pyarrow as pa

from .bm25 import BM25Segment, BM25Stats
from .embed import DIM, MODEL_NAME
from .entity_names import ENTITY_ROWS_SQL, EntityNames
from .errors import IndexCorrupt, IndexIncompatible
from .manifest import FilingInfo, Manifest, SegmentInfo, sha256_file, tombstone
from .memo import QueryMemo
from .tables import CHUNK_SCHEMA, FACT_SCHEMA, MENTION_SCHEMA, select_columns
from .segments import TABLES_FILE, sql_text
from .storereads import CATALOGUE_AFTER_READS, ChunkBrief, StoredReads, _CatalogueSlot, line_conditions
from .storesearch import ChunkHit, GroupHit, LoadedSegment, StoredSearches
from .vectors import VectorSegment

__all__ = ["IndexReader", "ChunkHit", "ChunkBrief", "GroupHit", "line_conditions", "CATALOGUE_AFTER_READS"]

_VERIFY_HASH_BYTES = 64 << 20  # files up to this size are checksummed on every open
_DUCKDB_MEMORY = "384MB"  # a reader's buffer pool: pages of the segments' tables, not copies of them
_FACT_CHUNKS_SCHEMA = pa.schema([("fact_id", pa.string()), ("chunk_id", pa.string())])
_VIEWS = {"facts": FACT_SCHEMA, "chunks": CHUNK_SCHEMA, "mentions": MENTION_SCHEMA, "fact_chunks": _FACT_CHUNKS_SCHEMA}


class IndexReader(StoredReads, StoredSearches):
    """A consistent, read-only view of the last committed state of an index: opening it (here),
    its reads of facts and passages (:mod:`index.storereads`), its searches (:mod:`index.storesearch`)."""

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
        self.segments: list[LoadedSegment] = []
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

    def _attach(self, n: int, info: SegmentInfo, removed: set[str]) -> tuple[LoadedSegment, dict[str, str]]:
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
        seg = LoadedSegment(
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

    def filings(self) -> list[FilingInfo]:
        live = self.manifest.live_filings
        return live if self._scope is None else [f for f in live if f.filing_id in self._scope]

    def close(self) -> None:
        if self._scope is not None:
            return  # a view shares its reader's tables: the reader closes them
        with self._lock:
            self.con.close()
