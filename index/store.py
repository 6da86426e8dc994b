"""Reading and writing an index directory.

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
behind these two classes so moving to PostgreSQL or another vector store is a new class.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from decimal import Decimal
from pathlib import Path

import numpy as np
import pyarrow as pa

from .bm25 import BM25Segment, BM25Stats, score_segment, tokenize
from .catalogue import MEMORY_FACTS, FactCatalogue, filing_condition
from .embed import DIM, MODEL_NAME, Embedder
from .entity_names import ENTITY_ROWS_SQL, EntityNames
from .errors import IndexCorrupt, IndexIncompatible, IndexLocked, IndexNotFound
from .facts import Chunk, Fact, Mention, ParsedFiling, stable_id
from .manifest import FilingInfo, Manifest, SegmentInfo, now_iso, sha256_file, tombstone
from .memo import QueryMemo
from .nearcopy import Print, copy_of, fingerprint
from .tables import (
    CHUNK_SCHEMA, FACT_SCHEMA, GROUP_SCHEMA, MENTION_SCHEMA,
    chunk_to_row, fact_to_row, group_text, mention_to_row, row_to_chunk, row_to_fact, row_to_mention, select_columns,
    to_table,
)
from .vectors import VectorSegment

__all__ = ["IndexWriter", "IndexReader", "ChunkHit", "ChunkBrief", "GroupHit", "NewFile", "CommitResult"]

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


def _sql_text(value: str) -> str:
    """A string literal for SQL (ATTACH and view definitions take no parameters)."""
    return "'" + value.replace("'", "''") + "'"


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


@dataclass(frozen=True)
class NewFile:
    """One ingested file: its name, the hash of its bytes, and what the parsers made of it."""

    source: str
    sha256: str
    filings: tuple[ParsedFiling, ...]
    accession: str = ""  # the EDGAR accession number when the file's name or header says it (index.nearcopy)
    print: Print | None = None  # of the file as parsed on its own (before the batch's notes date its cells)


@dataclass(frozen=True)
class CommitResult:
    added: tuple[str, ...]  # sources newly indexed
    unchanged: tuple[str, ...]  # sources whose bytes were already indexed
    replaced: tuple[str, ...]  # sources re-ingested with new bytes (old facts hidden)
    facts: int
    chunks: int
    segment: str | None
    duplicates: tuple[str, ...] = ()  # sources whose content the index already holds under another name
    merged: tuple[str, ...] = ()  # segments merged into one after the commit (see index.merge)
    copies: tuple[tuple[str, str], ...] = ()  # (source, why): a filing already indexed, left out (index.nearcopy)


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(folder: Path) -> None:
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            _fsync_path(p)
    _fsync_path(folder)


def keep_one_copy(todo: list[NewFile], indexed: dict[str, Print]) -> tuple[list[NewFile], dict[str, Print],
                                                                        tuple[tuple[str, str], ...]]:
    """The files to write, their prints, and (source, why) of those left out because the index (or an earlier
    file of this batch) already holds the same filing (index.nearcopy). A file's own earlier version (same
    name) is not a copy: it is replaced."""
    keep, prints, copies = [], {}, []
    for nf in todo:
        p = nf.print or fingerprint(nf.filings, nf.accession)
        if nf.filings and (m := copy_of(p, ((s, q) for s, q in indexed.items() if s != nf.source))):
            copies.append((nf.source, m.why))
            continue
        indexed[nf.source] = prints[nf.source] = p
        keep.append(nf)
    return keep, prints, tuple(copies)


class IndexWriter:
    """The single writer of an index directory (an exclusive lock keeps a second one out)."""

    def __init__(self, path: str | Path, embedder: Embedder, *, wait_seconds: float = 0.0):
        self.path = Path(path)
        self.embedder = embedder
        self.path.mkdir(parents=True, exist_ok=True)
        self._lock_fh = open(self.path / ".lock", "a+")
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(self._lock_fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self._lock_fh.close()
                    raise IndexLocked(f"another process is writing to index {self.path.name!r}.") from None
                time.sleep(0.2)
        try:
            self.manifest = Manifest.read(self.path)
            if self.manifest.model != embedder.name or self.manifest.dim != embedder.dim:
                raise IndexIncompatible(
                    f"index {self.path.name!r} was built with {self.manifest.model} ({self.manifest.dim}-dim); "
                    f"this run embeds with {embedder.name} ({embedder.dim}-dim)."
                )
        except IndexNotFound:
            # 'originals': the filed documents an ingest keeps before its first commit (index.originals)
            if any(p for p in self.path.iterdir() if p.name not in (".lock", ".tmp", "segments", "originals")):
                self.close()
                raise IndexIncompatible(
                    f"{self.path.name!r} already contains other files and no filingqa manifest.",
                    "Pick an empty or new folder for the index.",
                ) from None
            self.manifest = Manifest(model=embedder.name, dim=embedder.dim)
        except BaseException:
            self.close()
            raise
        self._sweep()

    def close(self) -> None:
        if not self._lock_fh.closed:
            fcntl.flock(self._lock_fh, fcntl.LOCK_UN)
            self._lock_fh.close()

    def __enter__(self) -> "IndexWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _sweep(self) -> None:
        """Remove what a crashed writer left: a half-built segment, or a segment no manifest names."""
        shutil.rmtree(self.path / ".tmp", ignore_errors=True)
        live = {s.id for s in self.manifest.segments}
        seg_root = self.path / "segments"
        if seg_root.exists():
            for d in seg_root.iterdir():
                if d.name not in live:
                    shutil.rmtree(d, ignore_errors=True)

    # --- what is already there ---------------------------------------------------------------
    def known(self, source: str, sha256: str) -> bool:
        """True when exactly these bytes are indexed under this name (re-ingest is then a no-op)."""
        return any(f.source == source and f.sha256 == sha256 for f in self.manifest.live_filings)

    def known_sha(self, sha256: str) -> bool:
        return any(f.sha256 == sha256 for f in self.manifest.live_filings)

    def indexed_as(self, sha256: str) -> str | None:
        """The name under which exactly these bytes are indexed, if they are."""
        return next((f.source for f in self.manifest.live_filings if f.sha256 == sha256), None)

    def _prints(self) -> dict[str, Print]:
        """Each indexed file's print (index.nearcopy), by file name."""
        return {f.source: Print(**f.fingerprint) for f in self.manifest.live_filings if f.fingerprint}

    # --- commits ------------------------------------------------------------------------------
    def commit(self, files: Iterable[NewFile], progress=None) -> CommitResult:
        files = list(files)
        added, unchanged, replaced = [], [], []
        todo: list[NewFile] = []
        for nf in files:
            if self.known(nf.source, nf.sha256):
                unchanged.append(nf.source)
            else:
                todo.append(nf)
        todo, prints, copies = keep_one_copy(todo, self._prints())
        if not todo:
            return CommitResult((), tuple(unchanged), (), 0, 0, None, copies=copies)
        old_keys: list[str] = []
        old_ids: set[str] = set()
        for nf in todo:
            prior = [f for f in self.manifest.live_filings if f.source == nf.source]
            if prior:
                replaced.append(nf.source)
                old_keys.extend(tombstone(f.segment, f.filing_id) for f in prior)
                old_ids.update(f.filing_id for f in prior)
            else:
                added.append(nf.source)
        # the same filing (same content id) may arrive again under another name: keep one copy
        live_ids = {f.filing_id for f in self.manifest.live_filings} - old_ids
        filings: list[tuple[NewFile, ParsedFiling]] = []
        duplicates: list[str] = []
        for nf in todo:
            fresh = [pf for pf in nf.filings if pf.filing_id not in live_ids]
            if not fresh:
                duplicates.append(nf.source)
            for pf in fresh:
                filings.append((nf, pf))
                live_ids.add(pf.filing_id)
        added = [a for a in added if a not in duplicates]
        replaced = [r for r in replaced if r not in duplicates]
        if not filings:
            return CommitResult((), tuple(unchanged), (), 0, 0, None, tuple(duplicates), copies=copies)
        gen = self.manifest.generation + 1
        seg_id = f"seg-{gen:06d}-{stable_id(*(pf.filing_id for _, pf in filings))[:8]}"
        seg_info = _build_segment(self._staging(seg_id), seg_id, [pf for _, pf in filings], self.embedder, progress)
        self._install(seg_id)

        now = now_iso()
        for nf, pf in filings:
            self.manifest.filings.append(
                FilingInfo(
                    filing_id=pf.filing_id, source=nf.source, sha256=nf.sha256, format=pf.format, segment=seg_id,
                    title=pf.title, entity=pf.entity, form=pf.form, fiscal_year=pf.fiscal_year,
                    facts=len(pf.facts), chunks=len(pf.chunks), ingested_at=now, warnings=list(pf.warnings),
                    fingerprint=asdict(prints[nf.source]),
                )
            )
        self.manifest.removed = sorted(set(self.manifest.removed) | set(old_keys))
        self.manifest.segments.append(seg_info)
        self.manifest.generation = gen
        self.manifest.write(self.path)
        merged, home = self._merge_small_segments(seg_id)
        return CommitResult(
            tuple(added), tuple(unchanged), tuple(replaced), seg_info.counts["facts"], seg_info.counts["chunks"], home,
            tuple(duplicates), tuple(merged), copies,
        )

    def _merge_small_segments(self, seg_id: str) -> tuple[list[str], str]:
        """Merge segments while a tier holds enough of them (index.merge); each merge is its own
        commit, so a crash in one leaves the index as the last manifest says. Returns the segments
        merged away and the segment that now holds ``seg_id``'s filings."""
        from .merge import merge_segments, plan_merge  # merge builds segments with this module's helpers

        merged: list[str] = []
        while group := plan_merge(self.manifest.segments):
            ids = {s.id for s in group}
            gen = self.manifest.generation + 1
            new_id = f"seg-{gen:06d}-{stable_id(*sorted(ids))[:8]}"
            removed = set(self.manifest.removed)
            homes = {sid: [f.filing_id for f in self.manifest.filings if f.segment == sid] for sid in ids}
            info = merge_segments(self.path, group, removed, homes, self._staging(new_id), new_id)
            self._install(new_id)
            # the merged segment takes the place of the oldest it replaces; removed copies are gone for good
            dropped = {tombstone(sid, fid) for sid, fids in homes.items() for fid in fids} & removed
            self.manifest.filings = [
                replace(f, segment=new_id) if f.segment in ids else f for f in self.manifest.filings
                if tombstone(f.segment, f.filing_id) not in dropped
            ]
            self.manifest.removed = [k for k in self.manifest.removed if k not in dropped]
            at = min(i for i, s in enumerate(self.manifest.segments) if s.id in ids)
            kept = [s for s in self.manifest.segments if s.id not in ids]
            self.manifest.segments = kept[:at] + [info] + kept[at:]
            self.manifest.generation = gen
            self.manifest.write(self.path)
            # a reader that opened the old manifest keeps its open files; one opening now retries
            for sid in ids:
                shutil.rmtree(self.path / "segments" / sid, ignore_errors=True)
            merged.extend(sorted(ids))
            if seg_id in ids:
                seg_id = new_id
        return merged, seg_id

    def _staging(self, seg_id: str) -> Path:
        """Where a segment is built, out of readers' sight until :meth:`_install` moves it in."""
        return self.path / ".tmp" / seg_id

    def _install(self, seg_id: str) -> None:
        """Move a built segment into ``segments/`` (the manifest naming it is written after)."""
        final = self.path / "segments" / seg_id
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self._staging(seg_id), final)
        _fsync_path(final.parent)  # the rename itself; the segment's files were synced when written
        shutil.rmtree(self.path / ".tmp", ignore_errors=True)

    def remove(self, sources: Iterable[str]) -> list[str]:
        """Hide filings (by file name) from readers; returns the names that were found."""
        names = set(sources)
        hit = [f for f in self.manifest.live_filings if f.source in names]
        if hit:
            self.manifest.removed = sorted(set(self.manifest.removed) | {tombstone(f.segment, f.filing_id) for f in hit})
            self.manifest.generation += 1
            self.manifest.write(self.path)
        return sorted({f.source for f in hit})


# Each segment's rows live in their own DuckDB file, with the indexes its lookups use. Readers
# attach these files read-only, so at a million passages the rows stay on disk (DuckDB's buffer
# pool pages in what a question touches) instead of being copied into memory at every open.
TABLES_FILE = "tables.duckdb"
_SEGMENT_INDEXES = (
    ("facts", "group_key"), ("facts", "concept_local"), ("facts", "fact_id"), ("facts", "filing_id"),
    ("chunks", "chunk_id"), ("chunks", "row"), ("chunks", "filing_id"), ("fact_chunks", "fact_id"),
    ("mentions", "value_num"), ("groups", "row"),
)


_SMALL_SEGMENT_ROWS = 50_000


def write_tables(path: Path, tables: dict[str, pa.Table]) -> None:
    import duckdb

    # DuckDB's default 256 KB blocks make even a one-filing segment 4 MB; 16 KB blocks keep small
    # segments small, but build large ones 4x slower, so the block size follows the segment's size
    small = max(t.num_rows for t in tables.values()) < _SMALL_SEGMENT_ROWS
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET threads TO 2")
        con.execute("SET enable_progress_bar = false")
        con.execute(f"ATTACH {_sql_text(str(path))} AS seg" + (" (BLOCK_SIZE 16384)" if small else ""))
        con.execute("USE seg")
        for name, table in tables.items():
            con.register("_rows", table)
            extra = ""
            if name == "facts":  # 'us-gaap:Revenues' -> 'revenues': concept lookups ignore the prefix
                extra = ", CASE WHEN concept <> '' THEN lower(regexp_extract(concept, '([^:_]+)$', 1)) END AS concept_local"
            con.execute(f"CREATE TABLE {name} AS SELECT *{extra} FROM _rows")
            con.unregister("_rows")
        con.execute(
            "CREATE TABLE fact_chunks AS SELECT unnest(from_json(fact_ids, '[\"VARCHAR\"]')) AS fact_id, chunk_id FROM chunks"
        )
        for table, column in _SEGMENT_INDEXES:
            con.execute(f"CREATE INDEX {table}_{column} ON {table}({column})")
        con.execute("CHECKPOINT seg")
    finally:
        con.close()


def _embed(texts: list[str], embedder: Embedder, progress=None) -> np.ndarray:
    """One vector per text; a text repeated in the batch (boilerplate rows, the same sentence in two
    notes) is encoded once."""
    unique = list(dict.fromkeys(texts))
    where = {t: i for i, t in enumerate(unique)}
    encoded = np.zeros((len(unique), embedder.dim), dtype=np.float32)
    # Encode in length order (as sentence-transformers does within one call) so batches hold texts
    # of similar length and little padding; slices only keep the progress bar moving.
    order = sorted(range(len(unique)), key=lambda i: len(unique[i]))
    batch = 1024
    for s in range(0, len(order), batch):
        idx = order[s:s + batch]
        # attention memory grows with the square of a passage's length: long passages go 16 to a batch
        # (measured: 64 passages of 256 word pieces took 415 MB more, 16 took 130 MB, for 5% more time)
        encoded[idx] = embedder.encode([unique[i] for i in idx], batch_size=64 if len(unique[idx[-1]]) <= 500 else 16)
        if progress:
            progress(min(s + batch, len(unique)), len(unique))
    return encoded[[where[t] for t in texts]] if texts else encoded


def _batched_table(items: list, to_row, schema: pa.Schema, batch: int = 20_000) -> pa.Table:
    """Rows as an Arrow table, converted a batch at a time: a row dict costs ~1 KB, its Arrow form a tenth."""
    parts = [to_table([to_row(x) for x in items[at:at + batch]], schema) for at in range(0, len(items), batch)]
    return pa.concat_tables(parts) if parts else schema.empty_table()


def _build_segment(folder: Path, seg_id: str, filings: list[ParsedFiling], embedder: Embedder, progress=None) -> SegmentInfo:
    folder.mkdir(parents=True, exist_ok=True)
    facts = [f for pf in filings for f in pf.facts]
    chunks = [c for pf in filings for c in pf.chunks]
    mentions = [m for pf in filings for m in pf.mentions]

    # fact groups: one searchable document per line item (label + members), not per fact
    groups: dict[str, str] = {}

    def fact_row(f: Fact) -> dict:
        row = fact_to_row(f)
        groups.setdefault(row["group_key"], group_text(f))
        return row

    fact_table = _batched_table(facts, fact_row, FACT_SCHEMA)
    group_keys = list(groups)
    write_tables(folder / TABLES_FILE, {
        "facts": fact_table,
        "chunks": _batched_table(list(enumerate(chunks)), lambda ic: chunk_to_row(ic[1], ic[0]), CHUNK_SCHEMA),
        "mentions": _batched_table(mentions, mention_to_row, MENTION_SCHEMA),
        "groups": to_table([{"group_key": k, "text": groups[k], "row": i} for i, k in enumerate(group_keys)], GROUP_SCHEMA),
    })
    del fact_table
    texts = [c.text for c in chunks]
    return seal_segment(folder, seg_id, [groups[k] for k in group_keys], texts, _embed(texts, embedder, progress),
                        {"facts": len(facts), "chunks": len(chunks), "mentions": len(mentions), "groups": len(group_keys)})


def seal_segment(folder: Path, seg_id: str, group_texts: list[str], chunk_texts: list[str], vectors: np.ndarray,
                 counts: dict[str, int]) -> SegmentInfo:
    """Finish a segment whose tables are written: its searches, then every file's checksum, synced."""
    BM25Segment.build(group_texts).save(folder / "groups")
    BM25Segment.build(chunk_texts).save(folder)
    VectorSegment.build(vectors).save(folder / "vectors.faiss")
    files = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            files[str(p.relative_to(folder))] = {"sha256": sha256_file(p), "bytes": p.stat().st_size}
    _fsync_tree(folder)
    return SegmentInfo(id=seg_id, files=files, counts=counts, created=now_iso())


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
        self.con.execute(f"SET temp_directory = {_sql_text(str(spill))}")
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
        self.con.execute(f"ATTACH {_sql_text(str(d / TABLES_FILE))} AS {alias} (READ_ONLY)")
        gone = sorted(fid for fid in self._filing_ids(info.id) if tombstone(info.id, fid) in removed)
        hide = f" WHERE filing_id NOT IN ({', '.join(_sql_text(g) for g in gone)})" if gone else ""
        selects = {name: f"SELECT *, {_sql_text(info.id)} AS segment FROM {alias}.{name}" + (hide if name != "fact_chunks" else "")
                   for name in _VIEWS}
        have = [c for (c,) in self.con.execute(f"SELECT column_name FROM (DESCRIBE {alias}.facts)").fetchall()]
        selects["facts"] = (f"SELECT {select_columns(FACT_SCHEMA, have)}, concept_local, {_sql_text(info.id)} AS segment "
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
        view._scope_literal = "(" + ", ".join(_sql_text(i) for i in sorted(ids)) + ")" if ids else "(NULL)"
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
