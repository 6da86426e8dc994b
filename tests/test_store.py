"""Index round trip, atomic commits, re-ingest as a no-op, locking, incompatible indexes."""

import json
import shutil

import pytest

from index.errors import IndexCorrupt, IndexIncompatible, IndexLocked, IndexNotFound
from index.ingest import ingest
from index.parsers import Document, parse_document
from index.store import IndexReader
from index.writer import IndexWriter
from index.tables import group_key
from tests.conftest import SAMPLES, SEED_NOTE, SEED_RSU, SEED_SUBSEQUENT


def test_round_trip_facts_are_equal(reader):
    parsed = {}
    for p in (SEED_RSU, SEED_SUBSEQUENT, SEED_NOTE):
        for pf in parse_document(Document(p.name, p.read_bytes())):
            parsed[pf.source] = pf
    stored = reader.query_facts(limit=10_000)
    assert reader.fact_count() == len(stored)
    by_id = {f.fact_id: f for f in stored}
    # the note of 004 narrows 000's columns at ingest, so compare the note's facts exactly
    # and 000/001's facts on everything but the narrowed periods
    for f in parsed[SEED_NOTE.name].facts:
        assert by_id[f.fact_id] == f
    for name in (SEED_RSU.name, SEED_SUBSEQUENT.name):
        for f in parsed[name].facts:
            g = by_id[f.fact_id]
            assert (g.label, g.raw, g.value, g.unit, g.scale, g.dimensions) == (f.label, f.raw, f.value, f.unit, f.scale, f.dimensions)
            assert set(g.candidate_periods) <= set(f.candidate_periods)


def test_manifest_describes_the_index(sample_index):
    m = json.loads((sample_index / "manifest.json").read_text())
    assert m["model"] == "sentence-transformers/all-MiniLM-L6-v2" and m["dim"] == 384
    assert m["counts"]["filings"] == 3 and m["counts"]["facts"] == 126
    assert {f["source"] for f in m["filings"]} == {SEED_RSU.name, SEED_SUBSEQUENT.name, SEED_NOTE.name}
    assert all(len(f["sha256"]) == 64 for f in m["filings"])
    for seg in m["segments"]:
        assert {"tables.duckdb", "vectors.faiss", "bm25_vocab.json"} <= set(seg["files"])


def test_reingest_is_a_noop(tmp_path, embedder):
    idx = tmp_path / "idx"
    ingest([SEED_RSU], idx, embedder)
    before = (idx / "manifest.json").read_bytes()
    report = ingest([SEED_RSU], idx, embedder)
    assert report.commit.unchanged == (SEED_RSU.name,) and report.commit.segment is None
    assert (idx / "manifest.json").read_bytes() == before
    assert len(list((idx / "segments").iterdir())) == 1


def test_changed_file_replaces_its_old_facts(tmp_path, embedder):
    idx = tmp_path / "idx"
    src = tmp_path / "src"
    src.mkdir()
    f = src / "rpage.txt"
    f.write_text(SEED_RSU.read_text())
    ingest([f], idx, embedder)
    f.write_text(SEED_RSU.read_text().replace("1,587,950", "1,587,951"))
    report = ingest([f], idx, embedder)
    assert report.commit.replaced == ("rpage.txt",)
    r = IndexReader(idx)
    raws = {x.raw for x in r.query_facts("label = 'Restricted stock units, vested'")}
    assert raws == {"1,587,951", "10,326,250"}
    assert r.fact_count() == 45


def test_incremental_ingest_adds_a_segment(tmp_path, embedder):
    idx = tmp_path / "idx"
    ingest([SEED_RSU], idx, embedder)
    ingest([SEED_SUBSEQUENT], idx, embedder)
    r = IndexReader(idx)
    assert len(r.manifest.segments) == 2 and r.fact_count() == 45 + 44
    assert r.bm25_chunks("Ascent Convertible Debentures conversion price", 3)


def test_second_writer_is_refused(tmp_path, embedder):
    w = IndexWriter(tmp_path / "idx", embedder)
    try:
        with pytest.raises(IndexLocked, match="another process is writing"):
            IndexWriter(tmp_path / "idx", embedder)
    finally:
        w.close()


def test_missing_and_foreign_indexes(tmp_path, embedder):
    with pytest.raises(IndexNotFound, match="does not exist"):
        IndexReader(tmp_path / "nope")
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("hello")
    with pytest.raises(IndexIncompatible, match="other files"):
        IndexWriter(other, embedder)


def test_index_from_another_model_or_version_is_refused(sample_index, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(sample_index, copy)
    m = json.loads((copy / "manifest.json").read_text())
    m["model"] = "some/other-model"
    (copy / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(IndexIncompatible, match="some/other-model"):
        IndexReader(copy)
    m["model"] = "sentence-transformers/all-MiniLM-L6-v2"
    m["format_version"] = 99
    (copy / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(IndexIncompatible, match="version 99"):
        IndexReader(copy)


def test_tampered_or_truncated_segment_is_detected(sample_index, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(sample_index, copy)
    seg = next((copy / "segments").iterdir())
    vocab = seg / "bm25_vocab.json"
    data = vocab.read_bytes()
    vocab.write_bytes(data[:-1] + b" ")  # same size, different bytes
    with pytest.raises(IndexCorrupt, match="checksum"):
        IndexReader(copy)
    vocab.write_bytes(data[: len(data) // 2])
    with pytest.raises(IndexCorrupt, match="wrong size"):
        IndexReader(copy)


def test_crashed_writer_leftovers_are_swept(tmp_path, embedder):
    idx = tmp_path / "idx"
    ingest([SEED_RSU], idx, embedder)
    (idx / ".tmp" / "seg-half").mkdir(parents=True)
    (idx / "segments" / "seg-orphan").mkdir()
    with IndexWriter(idx, embedder):
        pass
    assert not (idx / ".tmp").exists() and not (idx / "segments" / "seg-orphan").exists()
    assert IndexReader(idx).fact_count() == 45


def test_removed_filing_can_be_added_again(tmp_path, embedder):
    idx = tmp_path / "idx"
    ingest([SEED_RSU], idx, embedder)
    with IndexWriter(idx, embedder) as w:
        assert w.remove([SEED_RSU.name]) == [SEED_RSU.name]
    assert IndexReader(idx).fact_count() == 0
    report = ingest([SEED_RSU], idx, embedder)
    assert report.commit.added == (SEED_RSU.name,)
    assert IndexReader(idx).fact_count() == 45


def test_same_content_under_another_name_is_a_duplicate_not_a_new_segment(tmp_path, embedder):
    idx = tmp_path / "idx"
    ingest([SEED_RSU], idx, embedder)
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED_RSU.read_bytes())
    report = ingest([copy], idx, embedder)
    assert report.commit.duplicates == ("copy.txt",) and report.commit.added == () and report.commit.segment is None
    assert len(list((idx / "segments").iterdir())) == 1


def test_segments_are_searched_and_read_as_one(tmp_path, embedder):
    """Three segments (the samples as filed by three companies): every id is found in whichever
    segment holds it, a company filter holds inside both searches, and a removed filing is gone
    from searches and tables alike."""
    from bench.scale import replicate
    from index.ingest import parse_paths
    from index.writer import NewFile

    filings, _ = parse_paths([SAMPLES])
    idx = tmp_path / "idx"
    with IndexWriter(idx, embedder) as w:
        for r in (1, 2, 3):
            w.commit([NewFile(f"replica-{r}", f"{r:064d}", tuple(replicate(pf, r) for pf in filings))])
    reader = IndexReader(idx)
    assert len(reader.segments) == 3
    chunk_ids = [c for (c,) in reader.con.execute("SELECT chunk_id FROM chunks").fetchall()]
    fact_ids = [f for (f,) in reader.con.execute("SELECT fact_id FROM facts").fetchall()]
    assert {c.chunk_id for c in reader.chunks_by_id(chunk_ids)} == set(chunk_ids)
    assert {f.fact_id for f in reader.facts_by_id(fact_ids)} == set(fact_ids)
    assert set(reader.chunks_for_facts(fact_ids)) == {f for (f,) in reader.con.execute(
        "SELECT DISTINCT fact_id FROM fact_chunks").fetchall()}

    who = "Synth 0002 Holdings"
    question = "How many restricted stock units vested?"
    vector = embedder.encode([question])[0]

    def companies(hits):
        return {c.entity for c in reader.chunks_by_id([h.chunk_id for h in hits])}

    for hits in (reader.bm25_chunks(question, 10, entities=[who]), reader.dense_chunks(vector, 10, entities=[who])):
        assert len(hits) == 10 and companies(hits) == {who}
    assert len(companies(reader.dense_chunks(vector, 30))) == 3  # unfiltered: every company's copy
    group = reader.query_facts("label = 'Restricted stock units, vested'", limit=1)[0]
    mine = reader.facts_in_groups([group_key(group)], entities=[who])
    assert mine and {f.entity for f in mine} == {who}
    assert sorted(f.fact_id for f in mine) == sorted(
        f.fact_id for f in reader.facts_in_groups([group_key(group)]) if f.entity == who)

    removed_chunks = [h.chunk_id for h in reader.bm25_chunks(question, 10, entities=[who])]
    with IndexWriter(idx, embedder) as w:
        assert w.remove(["replica-2"]) == ["replica-2"]
    reader = IndexReader(idx)
    assert reader.bm25_chunks(question, 10, entities=[who]) == [] and reader.dense_chunks(vector, 10, entities=[who]) == []
    assert who not in companies(reader.dense_chunks(vector, 30)) | companies(reader.bm25_chunks(question, 30))
    assert not reader.query_facts("entity = ?", [who]) and reader.chunks_by_id(removed_chunks) == []
