"""Small segments are merged: filings ingested one at a time do not leave one segment each, and a
merged index answers exactly as the unmerged one did."""

from __future__ import annotations

import numpy as np
import pytest

import index.merge as merge
from index.ingest import ingest
from index.manifest import SegmentInfo
from index.store import IndexReader
from index.writer import IndexWriter
from qa.pipeline import Pipeline
from tests.conftest import SAMPLES, SEED_NOTE, SEED_RSU, SEED_SUBSEQUENT

QUESTIONS = [
    "How many RSUs vested in 2022?",
    "What was the total share-based compensation expense for options and RSUs in 2022?",
    "What is the conversion price of the Ascent Convertible Debentures?",
    "How do the options vest?",
]


def _seg(name: str, chunks: int) -> SegmentInfo:
    return SegmentInfo(id=name, files={}, counts={"chunks": chunks})


def test_tiers_group_segments_of_similar_size():
    assert merge.tier(0) == merge.tier(7_999) == 0
    assert merge.tier(8_000) == merge.tier(31_999) == 1
    assert merge.tier(32_000) == 2
    small = [_seg(f"s{i}", 100 * (i + 1)) for i in range(merge.MERGE_FACTOR - 1)]
    assert merge.plan_merge(small) == []
    assert merge.plan_merge(small + [_seg("big", 20_000), _seg("s9", 50)]) == small + [_seg("s9", 50)]
    huge = [_seg(f"h{i}", merge.MERGE_MAX_CHUNKS) for i in range(2 * merge.MERGE_FACTOR)]
    assert merge.plan_merge(huge) == []  # large segments are never rewritten


@pytest.fixture(scope="module")
def filing_files(tmp_path_factory):
    """Five filings: the three samples and the note as filed for two later years (new filings, not copies:
    index.nearcopy keeps one copy of a filing whose content is nearly the same for the same period)."""
    src = tmp_path_factory.mktemp("src")
    files = []
    for p in (SEED_RSU, SEED_SUBSEQUENT, SEED_NOTE):
        (src / p.name).write_bytes(p.read_bytes())
        files.append(src / p.name)
    for n in (1, 2):
        f = src / f"note-amended-{n}.txt"
        f.write_text(SEED_NOTE.read_text(encoding="utf-8").replace("Dec. 31, 2022", f"Dec. 31, {2022 + n}", 1)
                     + f"\nAmendment No. {n}.\n", encoding="utf-8")
        files.append(f)
    return files


def _one_at_a_time(files, idx, embedder):
    return [ingest([f], idx, embedder) for f in files]


def _state(reader: IndexReader, engine: Pipeline, vector: np.ndarray):
    facts = sorted(reader.query_facts(limit=100_000), key=lambda f: f.fact_id)
    chunks = sorted(reader.con.execute("SELECT chunk_id, text, entity FROM chunks").fetchall())
    answers = []
    for q in QUESTIONS:
        a = engine.ask(q)
        answers.append((a.status, a.value, a.unit, a.verified, tuple(c.fact_id or c.chunk_id for c in a.citations)))
    dense = [(h.chunk_id, round(h.score, 5)) for h in reader.dense_chunks(vector, k=10)]
    bm25 = [(h.chunk_id, round(h.score, 5)) for h in reader.bm25_chunks("restricted share units vested", k=10)]
    return facts, chunks, answers, dense, bm25


def test_merged_index_answers_as_the_unmerged_one(tmp_path, filing_files, embedder, monkeypatch):
    merged_idx, plain_idx = tmp_path / "merged", tmp_path / "plain"
    reports = _one_at_a_time(filing_files, merged_idx, embedder)
    assert [r.commit.merged for r in reports[:3]] == [(), (), ()]
    assert len(reports[3].commit.merged) == merge.MERGE_FACTOR  # the fourth filing's commit merged all four
    with monkeypatch.context() as m:
        m.setattr(merge, "MERGE_FACTOR", 100)
        _one_at_a_time(filing_files, plain_idx, embedder)

    merged, plain = IndexReader(merged_idx, verify="full"), IndexReader(plain_idx)
    assert len(plain.manifest.segments) == 5 and len(merged.manifest.segments) == 2
    assert sorted(p.name for p in (merged_idx / "segments").iterdir()) == sorted(s.id for s in merged.manifest.segments)
    homes = {f.segment for f in merged.manifest.filings}
    assert reports[3].commit.segment in homes and homes == {s.id for s in merged.manifest.segments}
    vector = embedder.encode(["When do restricted share units vest?"])[0]
    got, want = _state(merged, Pipeline(merged, embedder), vector), _state(plain, Pipeline(plain, embedder), vector)
    parts = ("facts", "chunks", "answers", "dense top 10", "bm25 top 10")
    assert [p for p, g, w in zip(parts, got, want) if g != w] == []


def test_a_merge_drops_removed_filings_for_good(tmp_path, filing_files, embedder):
    idx = tmp_path / "idx"
    first, *rest = filing_files
    ingest([first], idx, embedder)
    with IndexWriter(idx, embedder) as w:
        assert w.remove([first.name]) == [first.name]
    reports = _one_at_a_time(rest[:3], idx, embedder)
    assert reports[-1].commit.merged  # the removed filing's segment counted, and was merged
    r = IndexReader(idx, verify="full")
    assert r.manifest.removed == [] and first.name not in {f.source for f in r.manifest.filings}
    assert not r.query_facts("source = ?", [first.name])
    assert r.con.execute("SELECT count(*) FROM chunks WHERE source = ?", [first.name]).fetchone()[0] == 0
    # the same file ingested again is new again, not hidden by an old tombstone
    again = ingest([first], idx, embedder)
    assert again.commit.added == (first.name,)
    assert IndexReader(idx).query_facts("source = ?", [first.name])


def test_a_reader_open_before_a_merge_keeps_answering(tmp_path, filing_files, embedder):
    idx = tmp_path / "idx"
    _one_at_a_time(filing_files[:3], idx, embedder)
    before = IndexReader(idx)
    engine = Pipeline(before, embedder)
    expected = engine.ask(QUESTIONS[0])
    report = ingest([filing_files[3]], idx, embedder)
    assert report.commit.merged and not any((idx / "segments" / s).exists() for s in report.commit.merged)
    again = engine.ask(QUESTIONS[0])  # its segments' files are deleted, but it still holds them open
    assert (again.value, again.verified) == (expected.value, True)
    assert before.bm25_chunks("Ascent Convertible Debentures", 3)
    after = IndexReader(idx)
    assert len(after.manifest.segments) == 1 and after.fact_count() > before.fact_count()
