"""The in-memory catalogue (index/catalogue.py) answers every lookup exactly as DuckDB does: the same
facts in the same order, the same passages, the same line items, in the whole index and in a view
made by within(). Both paths run over the same real index (the shared corpus): the reader with its
catalogue, and one opened with the catalogue turned off."""

from __future__ import annotations

import pytest

import index.storereads as store
from index.store import IndexReader


@pytest.fixture(scope="module")
def both(shared_corpus_index):
    memory = IndexReader(shared_corpus_index)
    original = store.MEMORY_FACTS
    store.MEMORY_FACTS = 0  # any index is too large: this reader reads DuckDB
    try:
        sql = IndexReader(shared_corpus_index)
        for _ in range(store.CATALOGUE_AFTER_READS + 1):
            assert sql._catalogue() is None
    finally:
        store.MEMORY_FACTS = original
    # a reader's first reads go to DuckDB (a one-off question does not pay for the catalogue), then memory
    assert [memory._catalogue() is None for _ in range(store.CATALOGUE_AFTER_READS + 1)] == \
        [True] * store.CATALOGUE_AFTER_READS + [False]
    yield memory, sql
    memory.close()
    sql.close()


def _ids(facts):
    return [f.fact_id for f in facts]


def test_facts_by_id_and_their_passages_and_line_items(both):
    memory, sql = both
    facts = sql.query_facts(limit=100_000)
    ids = [f.fact_id for f in facts][::7] + ["not-a-fact"]
    assert memory.facts_by_id(ids) == sql.facts_by_id(ids) and len(sql.facts_by_id(ids)) == len(ids) - 1
    assert memory.group_keys_of(ids) == sql.group_keys_of(ids)
    assert {k: c.chunk_id for k, c in memory.chunks_for_facts(ids).items()} == \
        {k: c.chunk_id for k, c in sql.chunks_for_facts(ids).items()}


def test_line_items_by_concept_and_group_in_the_stores_order(both):
    memory, sql = both
    facts = sql.query_facts(limit=100_000)
    concepts = sorted({f.concept for f in facts if f.concept})[::5]
    groups = sql.group_keys_of([f.fact_id for f in facts])[::9]
    entity = facts[0].entity
    for ents in (None, [entity], []):
        assert _ids(memory.facts_of_lines(concepts, groups, entities=ents)) == _ids(sql.facts_of_lines(concepts, groups, entities=ents))
        assert _ids(memory.facts_in_groups(groups, entities=ents)) == _ids(sql.facts_in_groups(groups, entities=ents))
    assert memory.facts_of_lines(concepts, groups, limit=3) == sql.facts_of_lines(concepts, groups, limit=3)
    assert len(memory.facts_of_lines(concepts, groups)) > 100


def test_passages_and_their_line_items(both):
    memory, sql = both
    for filing in sql.filings():
        ids = [c.chunk_id for c in sql.chunks_of_filing(filing.filing_id)]
        assert memory.chunks_by_id(ids) == sql.chunks_by_id(ids)
        assert memory.chunk_briefs(ids) == sql.chunk_briefs(ids)
        assert memory.group_keys_in_chunks(ids[:40]) == sql.group_keys_in_chunks(ids[:40])
    assert memory.bm25_groups(["revenue"], entities=[sql.entities()[0][0]]) == \
        sql.bm25_groups(["revenue"], entities=[sql.entities()[0][0]])


def test_a_filings_facts_by_column(both):
    memory, sql = both
    facts = [f for f in sql.query_facts(limit=100_000) if f.period is not None and f.concept]
    for f in facts[::50]:
        for match in ({"unit": f.unit, "period_end": f.period.end}, {"concept": f.concept}, {"title": f.title},
                      {"label": f.label}, {"concept": f.concept, "period_end": f.period.end}, {"unit": None}):
            assert _ids(memory.filing_facts(f.filing_id, **match)) == _ids(sql.filing_facts(f.filing_id, **match)), match
    assert memory.filing_facts(facts[0].filing_id, concept=facts[0].concept)
    with pytest.raises(TypeError, match="no filter named"):
        memory.filing_facts(facts[0].filing_id, value_num=1)


def test_a_view_within_one_filing_keeps_to_it(both):
    memory, sql = both
    filing = sql.filings()[0].filing_id
    m, s = memory.within([filing]), sql.within([filing])
    facts = sql.query_facts(limit=100_000)
    ids = [f.fact_id for f in facts]
    assert _ids(m.facts_by_id(ids)) == _ids(s.facts_by_id(ids)) and {f.filing_id for f in m.facts_by_id(ids)} == {filing}
    groups = sql.group_keys_of(ids)
    assert _ids(m.facts_in_groups(groups)) == _ids(s.facts_in_groups(groups))
    other = next(f for f in facts if f.filing_id != filing)
    assert m.filing_facts(other.filing_id) == [] == s.filing_facts(other.filing_id)
