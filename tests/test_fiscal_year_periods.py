"""A period known only by its year: the Period kind, the Fact field, and both stores keeping it exactly
(and still reading indexes written before it existed)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from index.facts import Fact, Period
from index.ingest import ingest
from index.manifest import sha256_file
from index.storage import open_reader
from index.tables import fact_to_row, row_to_fact
from tests.pg import MemoEmbedder, drop_database, new_database, pg_server  # noqa: F401  (fixture)

PAGE = """<html><body><p>Net sales by region (in millions):</p>
<table>
<tr><td></td><td>Fiscal 2019</td><td>Fiscal 2018</td></tr>
<tr><td>Americas</td><td>$ 1,200.5</td><td>$ 1,100.0</td></tr>
<tr><td>Europe</td><td>800.0</td><td>(12.5)</td></tr>
</table>
<p>As of December 31,</p>
<table>
<tr><td></td><td>2019</td><td>2018</td></tr>
<tr><td>Cash</td><td>$ 50</td><td>$ 40</td></tr>
</table></body></html>"""


def test_fiscal_year_period_has_a_year_and_no_dates():
    fy = Period.fiscal(2019, "Fiscal 2019")
    assert (fy.kind, fy.year, fy.end, fy.start) == ("fiscal_year", 2019, None, None)
    assert fy.iso() == "FY2019" and Period.parse("FY2019", label="Fiscal 2019") == fy
    assert fy.display() == "Fiscal 2019" and Period.fiscal(2019).display() == "fiscal 2019"
    assert fy.covers_year(2019) and not fy.covers_year(2018) and fy.is_fiscal_year
    with pytest.raises(ValueError):
        Period(end=date(2019, 12, 31), kind="fiscal_year", year=2019)  # a fiscal year invents no end date
    with pytest.raises(ValueError):
        Period(end=None, kind="instant")
    with pytest.raises(ValueError):
        Period(end=date(2019, 12, 31), year=2019)
    # dated periods keep their order; a bare year sorts after the dated periods of its calendar year
    dated = [Period(end=date(2019, 12, 31)), Period(start=date(2019, 1, 1), end=date(2019, 12, 31), kind="duration"),
             Period(end=date(2018, 6, 30))]
    assert sorted([fy, *dated, Period.fiscal(2018)]) == [
        Period(end=date(2018, 6, 30)), Period.fiscal(2018), Period(end=date(2019, 12, 31)),
        Period(start=date(2019, 1, 1), end=date(2019, 12, 31), kind="duration"), fy]


def test_fact_row_round_trip_keeps_the_bare_year():
    f = Fact(fact_id="a", filing_id="b", source="s.html", title="t", label="Americas", raw="$ 1,200.5",
             value=Decimal("1200500000"), unit="USD", scale=6, year_period=Period.fiscal(2019, "Fiscal 2019"))
    row = fact_to_row(f)
    assert (row["period_kind"], row["period_year"], row["period_end"], row["period_label"]) == \
        ("fiscal_year", 2019, None, "Fiscal 2019")
    assert row_to_fact(row) == f
    assert f.periods == () and f.stated_periods == (f.year_period,)
    # a row of an index written before fiscal years: no period_year column, nothing invented
    old = {k: v for k, v in fact_to_row(f).items() if k != "period_year"} | {"period_kind": None, "period_label": None}
    assert row_to_fact(old).year_period is None


def _page_facts(tmp_path):
    from index.parsers import Document, parse_document

    (pf,) = parse_document(Document("regions.html", PAGE.encode()))
    (tmp_path / "regions.html").write_text(PAGE, encoding="utf-8")
    return pf


def test_both_stores_give_back_every_fact_as_parsed(tmp_path, pg_server):  # noqa: F811
    from index.embed import default_embedder

    pf = _page_facts(tmp_path)
    americas = [f for f in pf.facts if f.label == "Americas"]
    assert {f.year_period.iso() for f in americas} == {"FY2019", "FY2018"}
    assert {f.value for f in americas} == {Decimal("1200500000"), Decimal("1100000000")}
    cash = [f for f in pf.facts if f.label == "Cash"]
    assert {f.year_period for f in cash} == {None} and {f.periods[0].end for f in cash} == {date(2019, 12, 31), date(2018, 12, 31)}
    embedder = MemoEmbedder(default_embedder("query"))
    url = new_database(pg_server)
    try:
        for where in (tmp_path / "idx", url):
            assert ingest([tmp_path / "regions.html"], where, embedder).ok
            reader = open_reader(where)
            try:
                got = {f.fact_id: f for f in reader.query_facts(limit=100)}
                assert got == {f.fact_id: f for f in pf.facts}, where
                fy = reader.query_facts("period_kind = 'fiscal_year' AND period_year = ?", [2019], limit=10)
                assert {f.label for f in fy} == {"Americas", "Europe"}
            finally:
                reader.close()
    finally:
        drop_database(url)


def test_an_index_written_before_fiscal_years_still_reads(tmp_path):
    """A segment whose fact table has no period_year column (written by an older filingqa) reads as
    before: its facts come back, with no bare years."""
    import duckdb

    from index.embed import default_embedder
    from index.segments import TABLES_FILE

    _page_facts(tmp_path)
    where = tmp_path / "idx"
    assert ingest([tmp_path / "regions.html"], where, default_embedder("query")).ok
    manifest = json.loads((where / "manifest.json").read_text())
    seg = manifest["segments"][0]
    path = where / "segments" / seg["id"] / TABLES_FILE
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE old_facts AS SELECT * EXCLUDE (period_year) REPLACE ("
                "CASE WHEN period_kind = 'fiscal_year' THEN NULL ELSE period_kind END AS period_kind) FROM facts")
    con.execute("DROP TABLE facts")
    con.execute("ALTER TABLE old_facts RENAME TO facts")
    con.execute("CHECKPOINT")
    con.close()
    seg["files"][TABLES_FILE] = {"sha256": sha256_file(path), "bytes": path.stat().st_size}
    (where / "manifest.json").write_text(json.dumps(manifest))
    reader = open_reader(where)
    try:
        facts = reader.query_facts(limit=100)
        assert len(facts) == 6 and all(f.year_period is None for f in facts)
        assert {f.value for f in facts if f.label == "Americas"} == {Decimal("1200500000"), Decimal("1100000000")}
    finally:
        reader.close()
    # new segments beside it, then a merge of old and new: both kinds of rows come through
    for region in ("Asia", "Africa", "Oceania"):
        (tmp_path / f"{region}.html").write_text(PAGE.replace("Americas", region), encoding="utf-8")
        report = ingest([tmp_path / f"{region}.html"], where, default_embedder("query"))
        assert report.ok
    assert report.commit.merged, "four small segments are merged into one"
    reader = open_reader(where)
    try:
        facts = reader.query_facts(limit=100)
        assert len(facts) == 24 and len(reader.manifest.segments) == 1
        assert all(f.year_period is None for f in facts if f.label == "Americas")
        assert {f.year_period.iso() for f in facts if f.label == "Asia"} == {"FY2019", "FY2018"}
    finally:
        reader.close()


def test_a_postgres_store_made_before_fiscal_years_reads_and_is_upgraded(tmp_path, pg_server):  # noqa: F811
    import psycopg

    from index.embed import default_embedder

    _page_facts(tmp_path)
    url = new_database(pg_server)
    try:
        embedder = MemoEmbedder(default_embedder("query"))
        assert ingest([tmp_path / "regions.html"], url, embedder).ok
        with psycopg.connect(url, autocommit=True) as con:
            con.execute("ALTER TABLE facts DROP COLUMN period_year")
        reader = open_reader(url)
        try:
            assert len(reader.query_facts(limit=100)) == 6 and all(f.year_period is None for f in reader.query_facts(limit=100))
        finally:
            reader.close()
        (tmp_path / "again.html").write_text(PAGE.replace("Americas", "Asia"), encoding="utf-8")
        assert ingest([tmp_path / "again.html"], url, embedder).ok  # a writer of this version adds the column
        reader = open_reader(url)
        try:
            asia = [f for f in reader.query_facts(limit=100) if f.label == "Asia"]
            assert {f.year_period.iso() for f in asia} == {"FY2019", "FY2018"}
        finally:
            reader.close()
    finally:
        drop_database(url)
