"""The benchmark runs end to end on a tiny corpus and writes every number (no timing asserted:
timings are measured by `make bench`, not tested)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


def test_bench_quick_run_writes_all_measurements(tmp_path):
    out = subprocess.run([sys.executable, "-m", "bench", "--quick", "--sizes", "1k", "--out", str(tmp_path)],
                         cwd=REPO, capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr[-3000:]
    r = json.loads((tmp_path / "bench.json").read_text())
    ing = r["ingest"]
    assert ing["chunks"] > 0 and ing["ours_chunks_per_s"] > 0 and ing["raw_chunks_per_s"] > 0
    assert {"overhead_vs_raw", "facts_per_s", "filings_per_min"} <= set(ing)
    assert r["cold_start_s"] > 0
    ours, llama = r["sizes"]["1k"]["ours"], r["sizes"]["1k"]["llama"]
    for key in ("chunks", "facts", "disk_mb", "load_s", "rss_mb", "p50_ms", "p95_ms", "p99_ms", "recall_at_10",
                "add_one_filing_s", "add_one_filing_chunks"):
        assert key in ours, key
    assert ours["chunks"] >= 1000 and ours["add_one_filing_chunks"] > 0
    assert ours["recall_at_10"] == 1.0  # exact (flat) search at this size
    assert {"disk_mb", "load_s", "rss_mb", "p95_ms"} <= set(llama)
    assert "ratio" in (tmp_path / "bench.txt").read_text() and (tmp_path / "bench.png").stat().st_size > 1000
