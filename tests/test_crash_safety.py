"""kill -9 an ingest at random moments: the index always opens at its last committed state,
and running the ingest again completes it."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest

from index.errors import IndexNotFound
from index.store import IndexReader
from tests.conftest import REPO, SEED_NOTE, SEED_RSU, SEED_SUBSEQUENT

pytestmark = pytest.mark.slow


def _ingest_cmd(src, idx):
    return [sys.executable, "-m", "qa", "ingest", str(src), "--index", str(idx)]


def _state(idx):
    """(committed filings, facts) of the index, or None when nothing was ever committed."""
    try:
        r = IndexReader(idx, verify="full")
    except IndexNotFound:
        return None
    state = (sorted(f.source for f in r.filings()), r.fact_count())
    r.close()
    return state


def test_kill_minus_nine_mid_ingest_never_leaves_a_broken_index(tmp_path):
    rng = random.Random(7)
    idx = tmp_path / "idx"
    first = tmp_path / "first"
    first.mkdir()
    shutil.copy(SEED_RSU, first)
    second = tmp_path / "second"
    second.mkdir()
    shutil.copy(SEED_SUBSEQUENT, second)
    shutil.copy(SEED_NOTE, second)
    subprocess.run(_ingest_cmd(first, idx), cwd=REPO, check=True, capture_output=True, timeout=300)
    committed = _state(idx)
    assert committed == ([SEED_RSU.name], 45)

    # The full run takes a few seconds; kill it at random points within that span, several times.
    t0 = time.monotonic()
    subprocess.run(_ingest_cmd(second, tmp_path / "timing"), cwd=REPO, check=True, capture_output=True, timeout=300)
    span = time.monotonic() - t0
    kills = 0
    for trial in range(5):
        p = subprocess.Popen(_ingest_cmd(second, idx), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, span * 0.95))
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
            kills += 1
        p.wait(timeout=60)
        state = _state(idx)
        # either still the old commit, or the new one complete: never in between
        assert state in (committed, (sorted([SEED_RSU.name, SEED_SUBSEQUENT.name, SEED_NOTE.name]), 45 + 44 + 37)), state
        if state != committed:
            break
    assert kills >= 1
    done = subprocess.run(_ingest_cmd(second, idx), cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _state(idx) == (sorted([SEED_RSU.name, SEED_SUBSEQUENT.name, SEED_NOTE.name]), 45 + 44 + 37)
    assert not (idx / ".tmp").exists()


def test_second_ingest_process_is_refused_clearly(tmp_path):
    idx = tmp_path / "idx"
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SEED_NOTE, src)
    p = subprocess.Popen(_ingest_cmd(src, idx), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (idx / ".lock").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        other = subprocess.run(_ingest_cmd(src, idx), cwd=REPO, capture_output=True, text=True, timeout=120)
        if p.poll() is None:  # the first still holds the lock
            assert other.returncode == 2 and "another process is writing" in other.stderr
    finally:
        p.wait(timeout=300)


def test_readers_keep_answering_from_the_last_commit_during_an_ingest(tmp_path, embedder):
    from index.ingest import ingest
    from qa.pipeline import Pipeline

    idx = tmp_path / "idx"
    ingest([SEED_RSU], idx, embedder)
    engine = Pipeline(IndexReader(idx), embedder)
    src = tmp_path / "more"
    src.mkdir()
    shutil.copy(SEED_SUBSEQUENT, src)
    p = subprocess.Popen(_ingest_cmd(src, idx), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    answers = 0
    while p.poll() is None:
        a = engine.ask("What was the share-based compensation expense for RSUs in 2023?")
        assert a.value is not None and a.verified
        answers += 1
    assert p.returncode == 0 and answers >= 1
    assert IndexReader(idx).fact_count() == 45 + 44
