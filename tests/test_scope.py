"""Asking within one document or company: the scope resolves from what a user knows (a file name, a
filing id, a company's name, ticker or CIK), and every reader call of the view keeps to it - on
both stores, with the filter inside the searches, so a scoped top k is the top k of the scope."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from index.embed import default_embedder
from index.errors import ScopeNotFound
from index.ingest import ingest
from index.scope import resolve_scope
from index.storage import StoreReader, open_reader
from tests.conftest import REPO, SAMPLES, corpus_path
from tests.pg import MemoEmbedder, drop_database, new_database, pg_server  # noqa: F401  (fixture)

TATQA = REPO.parent / "shared" / "tatqa" / "tatqa_dataset_dev.json"
STORES = ("embedded", "postgres")


def _tatqa_pages(folder, uids):
    from eval.tatqa_pages import context_page

    if not TATQA.exists():
        pytest.skip("TAT-QA development split not found")
    contexts = {c["table"]["uid"][:13]: c for c in json.loads(TATQA.read_text(encoding="utf-8"))}
    names = []
    for uid in uids:
        page = context_page(contexts[uid])
        (folder / page.name).write_text(page.html, encoding="utf-8")
        names.append(page.name)
    return names


# two TAT-QA pages that both print a "Total" line for 2019, and a real 8-K with a company, ticker and CIK
PAGES = ("3ffd9053-a45d", "53474060-2736")


@pytest.fixture(scope="module")
def stores(tmp_path_factory, pg_server):  # noqa: F811
    folder = tmp_path_factory.mktemp("scope")
    pages = folder / "pages"
    pages.mkdir()
    names = _tatqa_pages(pages, PAGES)
    embedder = MemoEmbedder(default_embedder("query"))
    url = new_database(pg_server)
    locations = {"embedded": folder / "idx", "postgres": url}
    for where in locations.values():
        report = ingest([SAMPLES, pages, corpus_path("ABVC_8-K_2025-04-15")], where, embedder)
        assert report.ok, report.errors
    readers = {name: open_reader(where) for name, where in locations.items()}
    yield locations, readers, names, embedder
    for r in readers.values():
        r.close()
    drop_database(url)


@pytest.mark.parametrize("store", STORES)
def test_scope_resolves_by_file_name_filing_id_and_company(stores, store):
    _, readers, names, _ = stores
    r = readers[store]
    page = resolve_scope(r, names[0])
    assert page.kind == "file" and page.name == names[0] and len(page.filing_ids) == 1
    assert resolve_scope(r, page.filing_ids[0]).filing_ids == page.filing_ids
    assert resolve_scope(r, names[0].upper()).filing_ids == page.filing_ids  # file names are not case-sensitive
    company = [e for e in r.entities() if e[1]]
    assert company, r.entities()
    display, cik, ticker = company[0]
    by_name, by_cik = resolve_scope(r, display), resolve_scope(r, "000" + cik)
    assert by_name.kind == "company" and by_name.filing_ids == by_cik.filing_ids
    if ticker:
        assert resolve_scope(r, ticker.lower()).filing_ids == by_name.filing_ids
    sources = {f.source for f in r.filings() if f.filing_id in by_name.filing_ids}
    assert sources == {"0001213900-25-032135.txt"}  # the 8-K and its press release, one submission file
    assert resolve_scope(r, "0001213900-25-032135.txt").filing_ids == by_name.filing_ids
    with pytest.raises(ScopeNotFound) as err:
        resolve_scope(r, "no-such-filing.htm")
    said = str(err.value)
    assert "no-such-filing.htm" in said and names[0] in said and display in said  # names it and what is indexed


@pytest.mark.parametrize("store", STORES)
def test_a_view_keeps_every_reader_call_to_its_filings(stores, store):
    _, readers, names, embedder = stores
    r = readers[store]
    scope = resolve_scope(r, names[0])
    ids = set(scope.filing_ids)
    v = r.within(ids)
    assert isinstance(v, StoreReader) and v.scope == frozenset(ids)
    facts = v.query_facts(limit=10_000)
    assert facts and {f.filing_id for f in facts} == ids and v.fact_count() == len(facts)
    others = [f for f in r.query_facts(limit=10_000) if f.filing_id not in ids]
    assert others and v.facts_by_id([f.fact_id for f in others]) == []
    groups = sorted({g for f in r.query_facts(limit=10_000) for g in r.group_keys_of([f.fact_id])})
    assert {f.filing_id for f in v.facts_in_groups(groups)} == ids
    assert [f.filing_id for f in v.filings()] == sorted(ids) and v.entities() == []  # the page names no company
    assert v.label_words() < r.label_words()
    chunk_ids = [c.chunk_id for f in r.filings() for c in r.chunks_of_filing(f.filing_id)]
    assert {c.filing_id for c in v.chunks_by_id(chunk_ids)} == ids
    # line-item search: only line items this filing reports
    hits = v.bm25_groups(["total"], k=50)
    assert hits and {f.filing_id for f in v.facts_in_groups([h.group_key for h in hits])} == ids
    assert not ({h.group_key for h in hits} - {f_g for f in facts for f_g in v.group_keys_of([f.fact_id])})


@pytest.mark.parametrize("store", STORES)
def test_scoped_search_is_the_scope_s_top_k_not_a_filtered_top_k(stores, store):
    """Filtering after a top-k search would lose hits: the view's top k equals the top k of the whole
    ranking restricted to the scope."""
    _, readers, names, embedder = stores
    r = readers[store]
    ids = set(resolve_scope(r, names[1]).filing_ids)
    v = r.within(ids)
    in_scope = {c.chunk_id for f in v.filings() for c in v.chunks_of_filing(f.filing_id)}
    differs = 0
    for query in ("total net sales", "restricted stock units vested in 2023 automotive", "sensors"):
        everything = r.bm25_chunks(query, k=100_000)
        want = [h.chunk_id for h in everything if h.chunk_id in in_scope][:5]
        assert want, query
        differs += [h.chunk_id for h in r.bm25_chunks(query, k=5)] != want
        assert [h.chunk_id for h in v.bm25_chunks(query, k=5)] == want
        vec = embedder.encode([query])[0]
        dense = v.dense_chunks(vec, k=5)
        assert len(dense) == 5 and {h.chunk_id for h in dense} <= in_scope
    assert differs, "some query's top 5 over the whole index is not the scope's top 5"


def test_both_stores_see_the_same_scope(stores):
    _, readers, names, _ = stores
    views = {name: r.within(resolve_scope(r, names[1]).filing_ids) for name, r in readers.items()}
    emb, pg = views["embedded"], views["postgres"]
    assert sorted(emb.query_facts(limit=1000), key=lambda f: f.fact_id) == \
        sorted(pg.query_facts(limit=1000), key=lambda f: f.fact_id)
    assert [h.chunk_id for h in emb.bm25_chunks("transportation solutions total", k=8)] == \
        [h.chunk_id for h in pg.bm25_chunks("transportation solutions total", k=8)]


def test_ask_within_one_page_answers_from_that_page_only(stores):
    from qa import ask

    locations, _, names, _ = stores
    where = locations["embedded"]
    a = ask("What is the amount of total sales in 2019?", index=where, within=names[0])
    assert a.citations and {c.source for c in a.citations} == {names[0]}
    other = ask("What is the amount of total sales in 2019?", index=where, within=names[1])
    assert all(c.source == names[1] for c in other.citations)
    with pytest.raises(ScopeNotFound):
        ask("What is the amount of total sales in 2019?", index=where, within="nothing-like-this.html")


def test_cli_ask_within_and_a_scope_that_matches_nothing(stores):
    locations, _, names, _ = stores
    where = str(locations["embedded"])
    ok = subprocess.run([sys.executable, "-m", "app", "ask", "What is the amount of total sales in 2019?", "--index", where,
                         "--within", names[0], "--json"], capture_output=True, text=True, timeout=300, cwd=REPO)
    assert ok.returncode == 0, ok.stderr
    data = json.loads(ok.stdout)
    assert data["citations"] and {c["source"] for c in data["citations"]} == {names[0]}
    bad = subprocess.run([sys.executable, "-m", "app", "ask", "What were total sales?", "--index", where,
                          "--within", "nothing-like-this.html"], capture_output=True, text=True, timeout=300, cwd=REPO)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "nothing-like-this.html" in bad.stderr and names[0] in bad.stderr


def test_the_pipeline_answers_within_a_view_and_the_plan_carries_the_scope(stores):
    """`Pipeline.ask(within=)` (what `qa.ask` calls) answers from a pipeline over the scope's reader
    view - not the whole index with the scope only written on the plan."""
    from qa import get_engine

    locations, _, names, _ = stores
    base = get_engine(locations["embedded"])
    question = "What is the amount of total sales in 2019?"
    for name in names:
        scoped = base.within(name)
        assert scoped.reader.scope == frozenset(resolve_scope(base.reader, name).filing_ids)
        assert base.within(f"  {name} ") is scoped  # one view per scope, kept
        for answer in (base.ask(question, within=name), scoped.ask(question)):
            assert answer.extra["plan"].scope == name
            cited = {c.source for c in answer.citations}
            if name == names[0]:  # the first page prints "Total sales" for 2019 ...
                assert cited == {name}, answer.text
            else:  # ... and within the second, that line is out of sight
                assert cited <= {name}, answer.text
    assert base.reader.scope is None and base.ask(question).extra["plan"].scope == ""
    with pytest.raises(ScopeNotFound):
        base.ask(question, within="nothing-like-this.html")
