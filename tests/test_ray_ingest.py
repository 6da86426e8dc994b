"""Ingest on Ray Data (local mode, 2 CPUs, in its own network namespace since Ray binds every
interface) gives the same facts, chunk ids and vectors (within float tolerance) as the local path."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index.ingest import ingest
from index.storage import open_reader
from tests.conftest import REPO, SAMPLES

pytestmark = pytest.mark.slow


def _isolated(cmd: list[str]) -> list[str]:
    """``cmd`` in a new network namespace with only loopback: Ray's ports are reachable from nowhere."""
    return ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", *cmd]


def _vectors(index_dir: Path) -> dict[str, np.ndarray]:
    import duckdb
    import faiss

    out = {}
    for seg in sorted((index_dir / "segments").iterdir()):
        vecs = faiss.read_index(str(seg / "vectors.faiss"))
        vecs = vecs.reconstruct_n(0, vecs.ntotal)
        con = duckdb.connect(str(seg / "tables.duckdb"), read_only=True)
        for cid, row in con.execute("SELECT chunk_id, row FROM chunks").fetchall():
            out[cid] = vecs[row]
        con.close()
    return out


def test_ray_ingest_equals_local_ingest(tmp_path, embedder):
    try:
        import ray  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("ray is not installed")
        pytest.skip("ray is not installed")
    if shutil.which("unshare") is None or subprocess.run(_isolated(["true"]), capture_output=True).returncode != 0:
        if os.environ.get("CI"):
            pytest.fail("cannot make a network namespace for Ray (unshare -n)")
        pytest.skip("no unshare -n here")
    paths = [SAMPLES]  # small on purpose: the suite runs on 2 cores (README measures a whole corpus)
    local, distributed = tmp_path / "local", tmp_path / "ray"
    assert ingest(paths, local, embedder).ok
    env = {**os.environ, "PYTHONPATH": str(REPO), "RAY_USAGE_STATS_ENABLED": "0"}
    run = subprocess.run(_isolated([sys.executable, "-m", "index.ray_ingest", *map(str, paths), "--store", str(distributed)]),
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert not result["errors"] and result["facts"] == 126

    a, b = open_reader(local), open_reader(distributed)
    assert sorted(a.query_facts(limit=10_000), key=lambda f: f.fact_id) == \
        sorted(b.query_facts(limit=10_000), key=lambda f: f.fact_id)
    assert sorted((f.source, f.sha256, f.filing_id) for f in a.filings()) == \
        sorted((f.source, f.sha256, f.filing_id) for f in b.filings())
    for f in a.filings():
        assert b.chunks_of_filing(f.filing_id) == a.chunks_of_filing(f.filing_id)
    a.close()
    b.close()
    va, vb = _vectors(local), _vectors(distributed)
    assert set(va) == set(vb) and len(va) == 88
    worst = max(float(np.abs(va[k] - vb[k]).max()) for k in va)
    assert worst < 1e-4, worst  # the same model on differently composed batches: float noise only
