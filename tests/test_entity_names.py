"""One company per CIK, whatever spelling its filings use (index.entity_names and the reader's hook)."""

from dataclasses import replace

import pytest

from index.entity_names import EntityNames, normalized_name
from index.parsers import Document, parse_document
from index.store import IndexReader
from index.writer import IndexWriter, NewFile
from qa.read import Reader
from qa.read.companies import CompanyDirectory
from tests.conftest import SEED_NOTE, SEED_RSU, SEED_SUBSEQUENT


def test_normalized_name_drops_case_punctuation_and_legal_form():
    assert normalized_name("APPLE INC") == normalized_name("Apple Inc.") == "apple"
    assert normalized_name("KONINKLIJKE PHILIPS N.V.") == "koninklijke philips"
    assert normalized_name("The Buckle, Inc.") == normalized_name("BUCKLE, INC") == "buckle"
    assert normalized_name("Procter & Gamble Co") == "procter and gamble"


def test_spellings_of_one_cik_are_one_company_shown_properly_cased():
    names = EntityNames([("APPLE INC", "320193", "AAPL", 1456), ("Apple Inc.", "0000320193", "AAPL", 900),
                         ("Apple Inc.", "", "", 40), ("NETFLIX INC", "1065280", "NFLX", 10)])
    assert names.canonical("APPLE INC") == "Apple Inc." and names.canonical("NETFLIX INC") == "NETFLIX INC"
    assert names.spellings(["Apple Inc."]) == names.spellings(["APPLE INC"]) == ["APPLE INC", "Apple Inc."]
    assert names.directory() == [("Apple Inc.", "320193", "AAPL"), ("NETFLIX INC", "1065280", "NFLX")]


def test_a_name_without_cik_joins_the_one_cik_it_normalises_to():
    names = EntityNames([("BUCKLE, INC", "885245", "BKE", 22), ("The Buckle, Inc.", "", "", 30)])
    assert names.canonical("The Buckle, Inc.") == names.canonical("BUCKLE, INC") == "The Buckle, Inc."
    assert len(names.directory()) == 1


def test_two_ciks_are_never_merged_and_an_ambiguous_loose_name_joins_neither():
    names = EntityNames([("Acme Corp", "1", "", 5), ("ACME CORPORATION", "2", "", 5), ("Acme", "", "", 3)])
    assert {c for c, _, _ in names.directory()} == {"Acme Corp", "ACME CORPORATION", "Acme"}
    assert names.canonical("Acme") == "Acme"
    assert names.spellings(["Acme Corp"]) == ["Acme Corp"]


def test_sql_case_quotes_names():
    names = EntityNames([("O'NEIL INC", "7", "", 1), ("O'Neil Inc.", "7", "", 1)])
    assert names.sql_case() == "CASE entity WHEN 'O''NEIL INC' THEN 'O''Neil Inc.' ELSE entity END"
    assert EntityNames([("X", "1", "", 1)]).sql_case() == "entity"


def _respelled(path, entity, cik):
    out = []
    for pf in parse_document(Document(path.name, path.read_bytes())):
        out.append(replace(pf, entity=entity, cik=cik,
                           facts=tuple(replace(f, entity=entity, cik=cik) for f in pf.facts),
                           chunks=tuple(replace(c, entity=entity) for c in pf.chunks)))
    return out


def test_reader_folds_spellings_of_one_cik(tmp_path, embedder):
    """Three real sample filings, filed under two spellings of one CIK and one other company."""
    idx = tmp_path / "idx"
    with IndexWriter(idx, embedder) as w:
        w.commit([NewFile(SEED_RSU.name, "a" * 64, tuple(_respelled(SEED_RSU, "ACME HOLDINGS INC", "0000000042")))])
        w.commit([NewFile(SEED_NOTE.name, "b" * 64, tuple(_respelled(SEED_NOTE, "Acme Holdings, Inc.", "42")))])
        w.commit([NewFile(SEED_SUBSEQUENT.name, "c" * 64, tuple(_respelled(SEED_SUBSEQUENT, "Other Co", "77")))])
    r = IndexReader(idx)
    try:
        assert r.entities() == [("Acme Holdings, Inc.", "42", ""), ("Other Co", "77", "")]
        everything = r.query_facts(limit=100_000)
        assert {f.entity for f in everything} == {"Acme Holdings, Inc.", "Other Co"}
        acme = [f for f in everything if f.entity == "Acme Holdings, Inc."]
        assert {f.source for f in acme} == {SEED_RSU.name, SEED_NOTE.name}
        # an entity filter by either spelling reaches the facts and passages of both filings
        keys = sorted({r.group_keys_of([f.fact_id])[0] for f in acme})
        for spelling in ("ACME HOLDINGS INC", "Acme Holdings, Inc."):
            got = r.facts_in_groups(keys, entities=[spelling])
            assert {f.source for f in got} == {SEED_RSU.name, SEED_NOTE.name}
            hits = r.bm25_chunks("restricted stock units vested", 50, entities=[spelling])
            assert hits and {c.entity for c in r.chunks_by_id([h.chunk_id for h in hits])} == {"Acme Holdings, Inc."}
        assert not r.facts_in_groups(keys, entities=["Other Co"]) or all(
            f.entity == "Other Co" for f in r.facts_in_groups(keys, entities=["Other Co"]))
        assert len(r.query_facts("entity = ?", ["Acme Holdings, Inc."], limit=100_000)) == len(acme)
        # the question side sees one company and finds it under its short name
        directory = CompanyDirectory(r.entities())
        assert [c.name for c, _ in directory.find("What did Acme report?")] == ["Acme Holdings, Inc."]
    finally:
        r.close()


def test_directory_prefers_the_cased_spelling_and_finds_royal_philips():
    d = CompanyDirectory([("APPLE INC", "320193", "AAPL"), ("Apple Inc.", "0000320193", ""),
                          ("KONINKLIJKE PHILIPS N.V.", "", "")])
    assert [c.name for c in d.companies] == ["Apple Inc.", "KONINKLIJKE PHILIPS N.V."]
    found = [c.name for c, _ in d.find("Did Royal Philips or Apple cut jobs? And Philips?")]
    assert found == ["KONINKLIJKE PHILIPS N.V.", "Apple Inc."]


def test_a_ticker_the_index_does_not_hold_is_an_unknown_company_not_a_word():
    d = Reader(CompanyDirectory([("HOME DEPOT, INC.", "354950", "HD"), ("Apple Inc.", "320193", "AAPL")]))
    assert d.read("How much was the gross profit reported by COST in FY22?").unknown_companies == ("COST",)
    assert d.read("How much was the gross profit reported by HD in FY22?").unknown_companies == ()
    assert d.read("What was the EBITDA of Apple in FY2022?").unknown_companies == ()
    assert d.read("What is the return on assets for AAPL?").unknown_companies == ()


def test_the_legal_form_written_after_a_name_is_part_of_the_name_not_a_word_of_the_question():
    d = Reader(CompanyDirectory([("NVIDIA CORP", "1045810", "NVDA"), ("HOME DEPOT, INC.", "354950", "HD")]))
    for question, words in (("Who is NVIDIA CORP's auditor?", ("auditor",)),
                            ("Tell me HOME DEPOT, INC.'s interest paid in fiscal 2024.", ("interest", "paid")),
                            ("What was Nvidia Corporation revenue in 2024?", ("revenu",))):
        plan = d.read(question)
        assert [c.name for c in plan.companies] in (["NVIDIA CORP"], ["HOME DEPOT, INC."])
        assert set(plan.items[0].words) <= set(words) | {"paid"}, (question, plan.items[0].words)
        assert "corp" not in plan.items[0].words and "inc" not in plan.items[0].words


@pytest.mark.parametrize("said, registrant", [
    ("B&N", "BARNES & NOBLE INC"), ("Harley-Davidson", "HARLEY DAVIDSON INC"), ("ExxonMobil", "EXXON MOBIL CORP"),
    ("UnitedHealth Group", "UNITEDHEALTH GROUP INC"), ("Amazon.com", "AMAZON.COM, INC."), ("Plymouth", "PLYMOUTH ROCK TECHNOLOGIES INC."),
])
def test_companies_as_people_write_them(said, registrant):
    d = CompanyDirectory([(registrant, "", ""), ("Apple Inc.", "320193", "AAPL")])
    assert [c.name for c, _ in d.find(f"What were {said}'s net sales in 2019?")] == [registrant]


def test_a_ticker_from_the_offline_table_finds_a_filing_that_tags_none():
    d = CompanyDirectory([("HARLEY DAVIDSON INC", "793952", "")])  # the filing carries no dei:TradingSymbol
    assert [c.name for c, _ in d.find("HOG revenue in 2023")] == ["HARLEY DAVIDSON INC"]


def test_a_company_named_but_not_indexed_is_recognised():
    d = CompanyDirectory([("Apple Inc.", "320193", "AAPL")])
    strong, _ = d.unknown("What was Microsoft's operating income in fiscal 2024?", [])
    assert [n for n, _ in strong] == ["Microsoft"]
    strong, _ = d.unknown("What is the year end FY2019 total amount of inventories for Best Buy?", [])
    assert [n for n, _ in strong] == ["Best Buy"]
