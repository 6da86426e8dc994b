"""The PostgreSQL store under kill -9 and under concurrent writers (a real server, tests/pg.py).

One file = one transaction: a killed ingest leaves every file it finished whole and nothing of the
one it was writing; running it again completes the index. Two ingests at once into one store (with
a file in common) end with each filing exactly once, and questions keep being answered meanwhile.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from index.pgstore import generation
from index.storage import open_reader
from tests.conftest import REPO, SEED_NOTE, SEED_RSU, SEED_SUBSEQUENT
from tests.pg import pg_db, pg_server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.slow

ALL = sorted([SEED_RSU.name, SEED_SUBSEQUENT.name, SEED_NOTE.name])


def _ingest_cmd(src, url):
    return [sys.executable, "-m", "qa", "ingest", *map(str, src), "--store", url]


def _consistent_state(url):
    """(sources, facts) after checking every listed filing has all its rows and no row lacks its filing."""
    import psycopg

    with psycopg.connect(url) as con:
        if con.execute("SELECT to_regclass('filings')").fetchone()[0] is None:
            return None
        for table, column in (("facts", "facts"), ("chunks", "chunks")):
            bad = con.execute(
                f"SELECT f.source, f.{column}, (SELECT count(*) FROM {table} t WHERE t.cik = f.cik AND t.filing_id = f.filing_id) "
                f"FROM filings f").fetchall()
            assert all(want == have for _, want, have in bad), bad
            orphans = con.execute(f"SELECT count(*) FROM {table} t WHERE NOT EXISTS "
                                  "(SELECT 1 FROM filings f WHERE f.cik = t.cik AND f.filing_id = t.filing_id)").fetchone()[0]
            assert orphans == 0, (table, orphans)
    r = open_reader(url)
    state = (sorted(f.source for f in r.filings()), r.fact_count())
    r.verify(full=True)
    r.close()
    return state


def test_kill_minus_nine_mid_ingest_leaves_whole_filings_only(pg_db, tmp_path):  # noqa: F811
    rng = random.Random(15)
    src = tmp_path / "src"
    src.mkdir()
    for p in (SEED_RSU, SEED_SUBSEQUENT, SEED_NOTE):
        shutil.copy(p, src)
    # 1) kill at a random moment; 2) kill right after the first file committed (between transactions)
    for trial in range(2):
        before = _consistent_state(pg_db)
        p = subprocess.Popen(_ingest_cmd([src], pg_db), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if trial == 0:
            time.sleep(rng.uniform(1.0, 8.0))
        else:
            start = generation(pg_db) if before else 0
            deadline = time.monotonic() + 240
            while p.poll() is None and time.monotonic() < deadline:
                try:
                    if generation(pg_db) > start:
                        break
                except Exception:  # the schema is still being created
                    pass
                time.sleep(0.005)
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
        p.wait(timeout=60)
        state = _consistent_state(pg_db)
        assert state is None or set(state[0]) <= set(ALL)
    done = subprocess.run(_ingest_cmd([src], pg_db), cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _consistent_state(pg_db) == (ALL, 126)
    again = subprocess.run(_ingest_cmd([src], pg_db), cwd=REPO, capture_output=True, text=True, timeout=300)
    assert "0 new and 0 changed file(s), 3 unchanged" in again.stdout
    assert _consistent_state(pg_db) == (ALL, 126)


def test_two_writers_at_once_and_readers_meanwhile(pg_db, tmp_path):  # noqa: F811
    from qa import ask

    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    shutil.copy(SEED_NOTE, first)  # already indexed: unchanged
    shutil.copy(SEED_SUBSEQUENT, first)
    shutil.copy(SEED_SUBSEQUENT, second)  # new in both batches at once: must end up once
    seed = subprocess.run(_ingest_cmd([SEED_RSU, SEED_NOTE], pg_db), cwd=REPO, capture_output=True, text=True, timeout=300)
    assert seed.returncode == 0, seed.stderr
    question = "What was the share-based compensation expense for RSUs in 2022?"  # answered verified from these two
    before = ask(question, index=pg_db)
    assert before.verified and str(before.value) == "28322000"

    answers, errors, stop = [], [], threading.Event()

    def keep_asking():
        while not stop.is_set():
            try:
                answers.append(ask(question, index=pg_db))
            except Exception as exc:  # any error here fails the test below
                errors.append(exc)
            time.sleep(0.05)

    asker = threading.Thread(target=keep_asking)
    asker.start()
    try:
        procs = [subprocess.Popen(_ingest_cmd([d], pg_db), cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for d in (first, second)]
        outs = [p.communicate(timeout=400) for p in procs]
    finally:
        stop.set()
        asker.join(timeout=60)
    assert all(p.returncode == 0 for p in procs), outs
    assert not errors, errors[:3]
    assert _consistent_state(pg_db) == (ALL, 126)
    after = ask(question, index=pg_db)
    # each answer came from some committed state: the same number throughout, never a failure
    assert answers and all((a.value, a.verified) == (before.value, True) == (after.value, after.verified) for a in answers)
    r = open_reader(pg_db)
    assert len(r.filings()) == 3  # the shared file once, not twice
    r.close()
