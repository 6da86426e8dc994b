"""Merging small segments into one.

Every commit writes a segment, so filings ingested one at a time (uploads, a nightly feed) make
one segment each, and every segment costs each question its own searches and index probes: a
100k-passage index in 31 segments answered at p95 146 ms against 65 ms in one. After a commit the
writer merges segments of similar size once ``MERGE_FACTOR`` of them pile up (tiered, as Lucene
does), so a passage is rewritten about log4(size / TIER_FLOOR) times in its life. Segments of
``MERGE_MAX_CHUNKS`` or more are left alone: adding a filing never rewrites the bulk of a large
index. A merge copies rows, vectors and texts; nothing is parsed or embedded again, and filings
removed from the merged segments are dropped for good.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pyarrow as pa

from .manifest import SegmentInfo, tombstone
from .segments import TABLES_FILE, seal_segment, sql_text, write_tables
from .tables import CHUNK_SCHEMA, FACT_SCHEMA, GROUP_SCHEMA, MENTION_SCHEMA, select_columns

__all__ = ["MERGE_FACTOR", "TIER_FLOOR", "MERGE_MAX_CHUNKS", "tier", "plan_merge", "merge_segments"]

MERGE_FACTOR = 4  # this many segments of one tier are merged into one
TIER_FLOOR = 2_000  # passages; smaller segments all share tier 0
MERGE_MAX_CHUNKS = 60_000  # larger segments are never merged (MERGE_FACTOR of them stay near 250k)


def tier(chunks: int) -> int:
    """0 below 4 x TIER_FLOOR passages, then one more per factor of MERGE_FACTOR."""
    n = max(chunks, TIER_FLOOR) // TIER_FLOOR
    return int(math.log(n, MERGE_FACTOR) + 1e-9)


def plan_merge(segments: list[SegmentInfo]) -> list[SegmentInfo]:
    """The segments to merge next, oldest first (none when no tier holds MERGE_FACTOR of them)."""
    by_tier: dict[int, list[SegmentInfo]] = {}
    for seg in segments:
        chunks = seg.counts.get("chunks", 0)
        if chunks < MERGE_MAX_CHUNKS:
            by_tier.setdefault(tier(chunks), []).append(seg)
    for t in sorted(by_tier):
        if len(by_tier[t]) >= MERGE_FACTOR:
            return by_tier[t]
    return []


def _vectors_of(path: Path) -> np.ndarray:
    """Every vector of a segment, in row order (float16 ones come back exactly as stored)."""
    import faiss

    index = faiss.read_index(str(path))
    if not isinstance(index, faiss.IndexFlat):
        faiss.extract_index_ivf(index).make_direct_map()
    return index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, index.d), dtype=np.float32)


def merge_segments(index_dir: Path, segments: list[SegmentInfo], removed: set[str], filing_ids: dict[str, list[str]],
                   folder: Path, seg_id: str) -> SegmentInfo:
    """Write into ``folder`` one segment holding the live rows of ``segments`` (rows of filings
    whose tombstone is in ``removed`` are left out); ``filing_ids`` maps each segment to its filings."""
    import duckdb

    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET threads TO 1")  # one thread keeps UNION ALL in the order written
        con.execute("SET enable_progress_bar = false")
        selects: dict[str, list[str]] = {"facts": [], "chunks": [], "mentions": [], "groups": []}
        kept_rows: list[np.ndarray] = []
        chunk_cols = ", ".join(c for c in CHUNK_SCHEMA.names if c != "row")  # rows are numbered afresh
        for n, seg in enumerate(segments):
            alias = f"m{n}"
            con.execute(f"ATTACH {sql_text(str(index_dir / 'segments' / seg.id / TABLES_FILE))} AS {alias} (READ_ONLY)")
            gone = [fid for fid in filing_ids.get(seg.id, []) if tombstone(seg.id, fid) in removed]
            live = f" WHERE filing_id NOT IN ({', '.join(sql_text(g) for g in gone)})" if gone else ""
            have = [c for (c,) in con.execute(f"SELECT column_name FROM (DESCRIBE {alias}.facts)").fetchall()]
            selects["facts"].append(f"SELECT {select_columns(FACT_SCHEMA, have)} FROM {alias}.facts{live}")
            selects["chunks"].append(f"SELECT {chunk_cols}, {n} AS seg_order, row AS old_row FROM {alias}.chunks{live}")
            selects["mentions"].append(f"SELECT {', '.join(MENTION_SCHEMA.names)} FROM {alias}.mentions{live}")
            selects["groups"].append(f"SELECT group_key, text, {n} AS seg_order, row AS old_row FROM {alias}.groups")
            kept_rows.append(np.asarray([r for (r,) in con.execute(f"SELECT row FROM {alias}.chunks{live} ORDER BY row").fetchall()],
                                        dtype=np.int64))

        facts = con.sql(" UNION ALL ".join(selects["facts"])).to_arrow_table().cast(FACT_SCHEMA)
        chunks = con.sql(
            f"SELECT * EXCLUDE (seg_order, old_row), (row_number() OVER (ORDER BY seg_order, old_row) - 1)::INTEGER AS row "
            f"FROM ({' UNION ALL '.join(selects['chunks'])}) ORDER BY seg_order, old_row"
        ).to_arrow_table().cast(CHUNK_SCHEMA)
        mentions = con.sql(" UNION ALL ".join(selects["mentions"])).to_arrow_table().cast(MENTION_SCHEMA)
        # one search document per line item still reported: the first segment's text of it
        live_keys = set(facts.column("group_key").to_pylist())
        group_texts: dict[str, str] = {}
        for key, text in con.execute(f"SELECT group_key, text FROM ({' UNION ALL '.join(selects['groups'])}) "
                                     "ORDER BY seg_order, old_row").fetchall():
            if key in live_keys:
                group_texts.setdefault(key, text)
    finally:
        con.close()
    keys = list(group_texts)
    groups = pa.table({"group_key": keys, "text": [group_texts[k] for k in keys], "row": list(range(len(keys)))},
                      schema=GROUP_SCHEMA)
    write_tables(folder / TABLES_FILE, {"facts": facts, "chunks": chunks, "mentions": mentions, "groups": groups})
    vectors = np.concatenate([_vectors_of(index_dir / "segments" / seg.id / "vectors.faiss")[rows]
                              for seg, rows in zip(segments, kept_rows)]) if segments else np.zeros((0, 0), np.float32)
    counts = {"facts": facts.num_rows, "chunks": chunks.num_rows, "mentions": mentions.num_rows, "groups": len(keys)}
    return seal_segment(folder, seg_id, [group_texts[k] for k in keys], chunks.column("text").to_pylist(), vectors, counts)
