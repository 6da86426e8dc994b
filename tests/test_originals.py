"""index.originals: the filed documents kept inside the index folder, content-addressed, before the
commit that indexes them; re-ingesting the same files writes nothing; a file is found by the name
its facts carry, inside an EDGAR submission too."""

from __future__ import annotations

import hashlib
import os

import pytest

from index.ingest import ingest
from index.originals import FOLDER, accession_number, documents, find_document
from index.store import IndexReader
from tests.conftest import SAMPLES, corpus_path


def _files(folder):
    return {p.name: p.stat().st_mtime_ns for p in (folder / FOLDER).iterdir()}


def test_each_ingested_file_is_kept_once_by_its_hash_and_reingest_writes_nothing(tmp_path, embedder):
    abvc = corpus_path("ABVC_8-K_2025-04-15")
    index = tmp_path / "idx"
    assert ingest([SAMPLES, abvc], index, embedder).ok
    r = IndexReader(index)
    for f in r.filings():
        docs = documents(index, f.sha256)
        assert docs, f.source
        if len(docs) == 1:  # one file: its hash is the filing's hash
            assert hashlib.sha256(docs[0].data).hexdigest() == f.sha256
    submission = next(f for f in r.filings() if f.source.endswith(".txt") and f.source.startswith("0001213900"))
    raw = (abvc / "0001213900-25-032135.txt").read_bytes()
    assert documents(index, submission.sha256)[0].data == raw
    # a document inside the submission, by the name its facts carry
    fact = r.query_facts("filing_id = ?", [submission.filing_id], limit=1)[0]
    inner = find_document(index, submission.sha256, fact.source, submission.source)
    assert inner is not None and inner.name == fact.source and b"ix:" in inner.data[:200000]
    assert accession_number(submission.source, documents(index, submission.sha256)) == "0001213900-25-032135"
    before = _files(index)
    assert not any(name.startswith(".") for name in before)  # no temp file left behind
    assert ingest([SAMPLES, abvc], index, embedder).commit.added == ()
    assert _files(index) == before  # same bytes again: nothing written


def test_a_folder_filing_keeps_every_file_under_its_own_name(shared_corpus_index):
    r = IndexReader(shared_corpus_index)
    apple = next(f for f in r.filings() if f.source == "AAPL_10-Q_2025-03-29")
    docs = documents(shared_corpus_index, apple.sha256)
    folder = corpus_path("AAPL_10-Q_2025-03-29")
    assert sorted(d.name for d in docs) == sorted(p.name for p in folder.iterdir())
    assert all(d.data == (folder / d.name).read_bytes() for d in docs)
    assert find_document(shared_corpus_index, apple.sha256, "aapl-20250329.htm").data == (folder / "aapl-20250329.htm").read_bytes()


def test_an_index_without_originals_says_so_instead_of_failing(tmp_path):
    assert documents(tmp_path, "0" * 64) is None and documents(tmp_path, "../etc/passwd") is None
    assert find_document(tmp_path, "0" * 64, "x.htm") is None


def test_the_writer_accepts_a_folder_whose_first_commit_died_after_keeping_originals(tmp_path, embedder):
    from index.embed import default_embedder  # noqa: F401 - the same embedder the session uses
    from index.writer import IndexWriter

    index = tmp_path / "idx"
    (index / FOLDER).mkdir(parents=True)
    (index / FOLDER / ("a" * 64)).write_bytes(b"kept before a crash")
    with IndexWriter(index, embedder):  # not 'already contains other files'
        pass
    assert os.path.exists(index / FOLDER / ("a" * 64))


@pytest.mark.parametrize("name, expected", [("0001062993-21-003193.html", "0001062993-21-003193"), ("nflx-20091231.xml", "")])
def test_accession_numbers_come_from_what_the_files_say(name, expected):
    assert accession_number(name, []) == expected
