"""One segment of an index directory, as files: its tables in DuckDB, its BM25 and FAISS searches, every
file checksummed and synced. :mod:`index.writer` builds segments with these; :mod:`index.merge` merges them;
:mod:`index.store` reads them.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pyarrow as pa

from .bm25 import BM25Segment
from .embed import Embedder
from .facts import Fact, ParsedFiling
from .manifest import SegmentInfo, now_iso, sha256_file
from .tables import CHUNK_SCHEMA, FACT_SCHEMA, GROUP_SCHEMA, MENTION_SCHEMA, chunk_to_row, fact_to_row, group_text, mention_to_row, to_table
from .vectors import VectorSegment

__all__ = ["TABLES_FILE", "build_segment", "seal_segment", "write_tables", "embed_texts", "sql_text", "fsync_path"]


def sql_text(value: str) -> str:
    """A string literal for SQL (ATTACH and view definitions take no parameters)."""
    return "'" + value.replace("'", "''") + "'"


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(folder: Path) -> None:
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            fsync_path(p)
    fsync_path(folder)



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
        con.execute(f"ATTACH {sql_text(str(path))} AS seg" + (" (BLOCK_SIZE 16384)" if small else ""))
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


def embed_texts(texts: list[str], embedder: Embedder, progress=None) -> np.ndarray:
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


def build_segment(folder: Path, seg_id: str, filings: list[ParsedFiling], embedder: Embedder, progress=None) -> SegmentInfo:
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
    return seal_segment(folder, seg_id, [groups[k] for k in group_keys], texts, embed_texts(texts, embedder, progress),
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
