"""The statements view (ui.statements) over Amazon's 10-K from ../shared/corpus: the primary statements
first, rows in the filing's order with breakdowns above their totals, periods side by side in the
filing's scale, and the CSV and Excel downloads carrying the same cells (the .xlsx opened with
openpyxl). Expected values are the index's own facts."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

from index.store import IndexReader
from ui.statements import cell_text, statement, statement_html, statements_of, write_statement_csv, write_statement_xlsx

pytestmark = [pytest.mark.corpus]


@pytest.fixture(scope="module")
def amazon(shared_corpus_index):
    r = IndexReader(shared_corpus_index)
    f = next(f for f in r.filings() if f.source == "AMZN_10-K_2022-12-31")
    return r, f.filing_id


def test_the_primary_statements_come_first_in_reading_order(amazon):
    r, fid = amazon
    infos = statements_of(r, fid)
    kinds = [s.kind for s in infos if s.kind]
    assert kinds[0] == "Income statement" and infos[0].title == "Consolidated Statements Of Operations"
    assert [k for k in dict.fromkeys(kinds)] == ["Income statement", "Comprehensive income", "Balance sheet", "Cash flows",
                                                 "Equity"]
    assert all(not s.kind for s in infos[len(kinds):])  # then the notes' tables
    assert sum(s.facts for s in infos) == r.query_facts("filing_id = ?", [fid], limit=100_000).__len__()


def test_the_income_statement_shows_three_years_side_by_side_in_millions(amazon):
    r, fid = amazon
    st = statement(r, fid, "Consolidated Statements Of Operations")
    assert st.columns == ("12 Months Ended Dec. 31, 2022", "12 Months Ended Dec. 31, 2021", "12 Months Ended Dec. 31, 2020")
    assert "USD in Millions" in st.scale_text
    labels = [row.label for row in st.rows]
    total = labels.index("Total net sales")
    assert labels.index("Net product sales") < total and labels.index("Cost of sales") == total + 1
    facts = {f.fact_id: f for f in r.query_facts("filing_id = ? AND title = ?", [fid, st.title], limit=5000)}
    shown = [f for row in st.rows for f in row.cells if f is not None]
    assert len({f.fact_id for f in shown}) == len(shown) and set(f.fact_id for f in shown) <= set(facts)
    row = st.rows[total]
    assert [cell_text(f, 6) for f in row.cells] == [f"{int(f.value / 10**6):,}" for f in row.cells]
    html = statement_html(st)
    assert html.count("data-fact=") == len(shown) and ">513,983<" in html


def test_the_downloads_carry_the_same_cells(amazon, tmp_path):
    from openpyxl import load_workbook

    r, fid = amazon
    st = statement(r, fid, "Consolidated Balance Sheets")
    xlsx = write_statement_xlsx(st, tmp_path)
    wb = load_workbook(xlsx)
    sheet = wb["Statement"]
    assert sheet["A1"].value == "Consolidated Balance Sheets" and sheet.cell(3, 2).value == st.columns[0]
    by_label = {sheet.cell(i, 1).value.strip(): i for i in range(4, sheet.max_row + 1)}
    cash = next(row for row in st.rows if row.label == "Cash and cash equivalents")
    i = by_label["Cash and cash equivalents"]
    # a column another statement's facts bring under this title leaves the row's cell empty there, in the file too
    assert [sheet.cell(i, j + 2).value for j in range(len(cash.cells))] == [
        float(f.value / 10**6) if f is not None else None for f in cash.cells]
    assert sum(f is not None for f in cash.cells) >= 2
    assert sheet.cell(i, 2).number_format.startswith("#,##0")
    cells = list(wb["Cells"].iter_rows(min_row=2, values_only=True))
    assert len(cells) == sum(1 for row in st.rows for f in row.cells if f is not None)
    exact = {c[9]: c[5] for c in cells}
    assert all(Decimal(exact[f.fact_id]) == f.value for row in st.rows for f in row.cells if f is not None and f.value is not None)
    rows = list(csv.reader(open(write_statement_csv(st, tmp_path), encoding="utf-8")))
    assert rows[0][:4] == ["Line item", "Member", "Concept", "Unit"] and rows[0][4:] == list(st.columns)
    line = next(x for x in rows if x[0] == "Cash and cash equivalents" and not x[1])
    assert line[4:] == [str(f.value) if f is not None else "" for f in cash.cells]
