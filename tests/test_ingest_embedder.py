"""`filingqa ingest` embeds with torch by default; --numpy picks the NumPy encoder. Both make the
same index (same model), so one index can be built with either and added to with the other."""

from index.store import IndexReader
from tests.conftest import SEED_NOTE, SEED_RSU
from tests.test_cli import run


def test_default_is_torch_and_numpy_is_a_flag(tmp_path):
    idx = tmp_path / "idx"
    r = run("ingest", str(SEED_RSU), "--index", str(idx))
    assert r.returncode == 0, r.stderr
    assert "torch encoder" in r.stdout and "chunks/s" in r.stdout
    r = run("ingest", str(SEED_NOTE), "--index", str(idx), "--numpy")
    assert r.returncode == 0, r.stderr
    assert "NumPy encoder" in r.stdout
    r = run("ingest", str(SEED_NOTE), "--index", str(idx), "--bulk")  # the old flag still parses
    assert r.returncode == 0 and "0 new" in r.stdout
    reader = IndexReader(idx)
    try:
        assert {f.source for f in reader.filings()} == {SEED_RSU.name, SEED_NOTE.name}
    finally:
        reader.close()
