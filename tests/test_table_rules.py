"""Tables without XBRL become facts by general rules, one test per rule.

The tables are TAT-QA's development contexts (real annual-report tables, as eval/tatqa_pages.py
prints them: no colspans, as a PDF-made table comes) and real filings from ../shared/corpus. Each
expectation was read off the table by eye.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from functools import lru_cache

import pytest

from index.facts import Period
from index.parsers import Document, parse_document
from index.parsers.htmltables import UNTAGGED
from tests.conftest import CORPUS

TATQA_DEV = CORPUS.parent / "tatqa" / "tatqa_dataset_dev.json"


@lru_cache(maxsize=1)
def _contexts() -> dict[str, dict]:
    if not TATQA_DEV.exists():
        pytest.skip("TAT-QA development split not found at ../shared/tatqa")
    return {c["table"]["uid"][:13]: c for c in json.loads(TATQA_DEV.read_text(encoding="utf-8"))}


def _facts(table_uid: str):
    from eval.tatqa_pages import context_page

    page = context_page(_contexts()[table_uid])
    (pf,) = parse_document(Document(page.name, page.html.encode()))
    return pf


def _page(html: str, name: str = "page.html"):
    (pf,) = parse_document(Document(name, html.encode()))
    return pf


def _cell(facts, label: str, column: str):
    hits = [f for f in facts if f.label == label and f.column_label == column]
    assert len(hits) == 1, (label, column, sorted({(f.label, f.column_label) for f in facts})[:40])
    return hits[0]


def test_bare_year_columns_are_fiscal_years_with_no_invented_dates():
    # '' | '2019 €m' | '2018 €m' | '2017 €m' under 'Income statement expense'
    facts = _facts("6bf238a5-0a3e").facts
    f = _cell(facts, "Defined contribution schemes", "2019 €m")
    assert f.period is None and f.candidate_periods == ()
    assert f.year_period == Period.fiscal(2019, "2019 €m") and f.year_period.end is None
    assert (f.value, f.unit, f.scale, f.raw) == (Decimal("166000000"), "EUR", 6, "166")
    assert f.concept == "" and f.period_basis.startswith(UNTAGGED) and "no month and day" in f.period_basis
    assert f.stated_periods == (f.year_period,) and f.periods == ()


def test_fiscal_year_words_and_short_years():
    # '' | 'F19' | 'F18' over '$ MILLION' | '53 WEEKS' | '52 WEEKS' | 'CHANGE' | 'CHANGE NORMALISED'
    facts = _facts("4e94f70f-b7e3").facts
    sales = _cell(facts, "Sales", "F19 53 WEEKS")
    assert sales.year_period.year == 2019 and sales.value == Decimal("1671000000") and sales.dimensions == ()
    # 'CHANGE' has its own heading: not fiscal 2018's column
    change = _cell(facts, "Sales", "CHANGE")
    assert change.year_period is None and change.period is None
    assert [(m.axis, m.member) for m in change.dimensions] == [("Change", "CHANGE")] and change.value == Decimal("0.037")
    # a part of a year without dates is not a fiscal year
    q4 = [f for f in _facts("b8cc3ba2-e0ad").facts if "Q4 2019" in f.column_label] if "b8cc3ba2-e0ad" in _contexts() else []
    assert all(f.year_period is None for f in q4)


def test_spanning_heading_printed_once_dates_every_year_under_it():
    # '' | '' | 'Years Ended September 30,' | ''  over  '' | '2019' | '2018' | '2017'
    facts = _facts("3ffd9053-a45d").facts
    f = _cell(facts, "Total sales", "Years Ended September 30, 2017")
    assert f.period == Period(start=date(2016, 10, 1), end=date(2017, 9, 30), kind="duration", label="12 Months Ended")
    assert f.year_period is None


def test_spanning_groups_become_members_and_dates():
    # '' | 'Domestic' | '' | 'International' | ''  /  'September 30,' twice  /  2019 | 2018 | 2019 | 2018
    facts = _facts("52164b70-6973").facts
    dom = _cell(facts, "Discount rate", "Domestic September 30, 2018")
    intl = _cell(facts, "Discount rate", "International September 30, 2018")
    assert (dom.value, intl.value) == (Decimal("0.0375"), Decimal("0.028")) and dom.unit == "pure"
    assert [m.member for m in dom.dimensions] == ["Domestic"] and [m.member for m in intl.dimensions] == ["International"]
    assert dom.period.end == intl.period.end == date(2018, 9, 30)


def test_stub_heading_gives_the_period_and_the_scale():
    # '($ in millions)' / 'For the year ended December 31:' | '2019' | '2018' | '2017'
    facts = _facts("22f634eb-a76a").facts
    f = _cell(facts, "Cost", "2018")
    assert f.period == Period(start=date(2018, 1, 1), end=date(2018, 12, 31), kind="duration", label="12 Months Ended")
    assert (f.value, f.scale, f.unit) == (Decimal("82000000"), 6, "USD")


def test_scale_stated_in_the_sentence_that_introduces_the_table():
    # "... disaggregated by contract type (in millions):" then the table
    facts = _facts("3ffd9053-a45d").facts
    f = _cell(facts, "Fixed Price", "Years Ended September 30, 2019")
    assert (f.value, f.scale, f.raw) == (Decimal("1452400000"), 6, "$ 1,452.4")
    assert "text above the table" in f.period_basis and "(in millions)" in f.period_basis


def test_scale_stated_for_every_table_in_a_long_page_heading():
    """'(Tabular amounts in millions …)' in a page's heading holds for its tables, past other tables,
    text and notes, up to the next Item; a plain '(in thousands)' above one table does not carry over."""
    html = """<html><body>
    <p>ACME CORPORATION NOTES TO CONSOLIDATED FINANCIAL STATEMENTS (Tabular amounts in millions, unless otherwise disclosed)</p>
    <p>Note 7 - Leases. The following table presents lease costs:</p>
    <table><tr><td></td><td>2019</td><td>2018</td></tr><tr><td>Operating lease cost</td><td>$ 120</td><td>$ 110</td></tr></table>
    <p>Other information (in thousands):</p>
    <table><tr><td></td><td>2019</td><td>2018</td></tr><tr><td>Cash paid</td><td>$ 5,000</td><td>$ 4,000</td></tr></table>
    <p>Supplemental cash flow information is shown below.</p>
    <table><tr><td></td><td>2019</td><td>2018</td></tr><tr><td>Right-of-use assets obtained</td><td>$ 33</td><td>$ 30</td></tr></table>
    <p>Note 8 - Debt</p>
    <table><tr><td></td><td>2019</td><td>2018</td></tr><tr><td>Term loan</td><td>$ 900</td><td>$ 950</td></tr></table>
    <p>Item 9. Changes in and Disagreements with Accountants</p>
    <table><tr><td></td><td>2019</td><td>2018</td></tr><tr><td>Audit fees</td><td>$ 2,100</td><td>$ 1,950</td></tr></table>
    </body></html>"""
    facts = _page(html).facts
    assert _cell(facts, "Operating lease cost", "2019").value == Decimal("120000000")
    assert _cell(facts, "Cash paid", "2019").value == Decimal("5000000")  # its own statement is nearer
    assert _cell(facts, "Right-of-use assets obtained", "2019").value == Decimal("33000000")
    assert _cell(facts, "Term loan", "2019").value == Decimal("900000000")  # another note under the same heading
    assert _cell(facts, "Audit fees", "2019").scale == 0  # a new Item: the statement does not reach it


def test_negatives_in_parentheses_and_dashes_as_nil():
    # '' | '30 June 2019' | '30 June 2018' | 'Change' / '' | "$’000" | "$’000" | '%'
    facts = _facts("77d8e381-01d0").facts
    f = _cell(facts, "Net profit/(loss) after tax", "June 30, 2019 $’000")
    assert (f.value, f.raw, f.scale) == (Decimal("-9819000"), "(9,819)", 3) and f.periods[0].end == date(2019, 6, 30)
    change = _cell(facts, "Net profit/(loss) after tax", "Change %")
    assert (change.value, change.unit) == (Decimal("-2.48"), "pure")
    # '(In Millions)' | 'Dec 29, 2018' | 'Acquisitions' | 'Transfers' | 'Other' | 'Dec 28, 2019': '$—' is nil, zero
    moves = _facts("8749fc7b-19fb").facts  # two roll-forwards, one under the other: a row per year
    nils = [f for f in moves if f.label == "Data Center Group" and f.column_label == "Transfers"]
    assert len(nils) == 2 and all(f.value == Decimal(0) and f.raw == "$—" and "nil" in f.period_basis for f in nils)
    assert all([m.member for m in f.dimensions] == ["Transfers"] for f in nils)
    closing = {f.periods[0].end: f.value for f in moves if f.label == "Data Center Group" and f.periods}
    assert closing[date(2019, 12, 28)] == Decimal("7155000000") and date(2017, 12, 30) in closing


def test_maturity_buckets_are_members_not_periods():
    # '' | 'Total' | 'Less Than 1 Year' | '1-3 Years' | 'Years3-5' | 'More Than 5 Years' / '(inthousands)'
    facts = _facts("d8568399-5323").facts
    f = _cell(facts, "Operating leases", "1-3 Years (inthousands)")
    assert [(m.axis, m.member) for m in f.dimensions] == [("Maturity", "1-3 Years")]
    assert (f.value, f.scale) == (Decimal("36581000"), 3) and f.period is None and f.year_period is None
    assert [m.member for m in _cell(facts, "Operating leases", "Years3-5 (inthousands)").dimensions] == ["Years3-5"]
    # '(In thousands)' | 'Total' | '2020' | '2021-2022' | ... : a bare year beside buckets is a bucket
    due = _facts("c29582f8-d95d").facts
    y2020 = [f for f in due if f.column_label == "2020"]
    assert y2020 and all(f.year_period is None and [m.axis for m in f.dimensions] == ["Maturity"] for f in y2020)


def test_fair_value_levels_are_members_dated_by_the_table_title():
    # 'December 31, 2019' over 'Quoted Prices in Active Markets (Level 1)' | ... | 'Total Fair Value'
    facts = _facts("ee5ecf56-5866").facts
    lvl2 = [f for f in facts if f.label == "Assets: Money market funds" and "(Level 2)" in f.column_label]
    assert len(lvl2) == 1 and lvl2[0].value == Decimal("2010")
    assert lvl2[0].dimensions[0].axis == "Fair value level"
    assert lvl2[0].candidate_periods == (Period(end=date(2019, 12, 31), kind="date"),) or lvl2[0].period.end == date(2019, 12, 31)


def test_name_age_title_columns_keep_text_cells():
    # 'Name' | 'Age' | 'Title'
    facts = _facts("4bf2b6c8-e1f4").facts
    age = _cell(facts, "Leigh R Fox", "Age")
    title = _cell(facts, "Leigh R Fox", "Title")
    assert (age.value, age.unit) == (Decimal(47), None) and [m.member for m in age.dimensions] == ["Age"]
    assert title.value is None and title.text_value == "President and Chief Executive Officer"


def test_dates_in_row_labels_date_columns_that_are_not_periods():
    # '' | 'Number of Shares (thousands)' | '' | 'Weighted-Average Remaining Vesting Term (years)'
    facts = _facts("2061da6a-894b").facts
    start = _cell(facts, "Nonvested as of December 31, 2018", "Number of Shares (thousands)")
    assert start.period == Period(end=date(2018, 12, 31), kind="instant")
    assert (start.value, start.unit, start.scale) == (Decimal("5974000"), "shares", 3)
    term = _cell(facts, "Nonvested as of December 31, 2019", "Weighted-Average Remaining Vesting Term (years)")
    assert (term.value, term.unit, term.scale) == (Decimal("1.81"), None, 0)


def test_every_cell_is_cited_by_row_and_column_in_a_row_passage():
    pf = _facts("3ffd9053-a45d")
    rows = [c for c in pf.chunks if c.kind == "row"]
    assert {f.fact_id for f in pf.facts} == {fid for c in rows for fid in c.fact_ids}
    total = next(c for c in rows if c.display.startswith("Total sales"))
    assert "$1,496.5" in total.text and "Total sales" in total.text
    assert all(f.row_label and f.column_label and f.column_index is not None for f in pf.facts)


def test_twenty_f_five_year_table_gives_fiscal_years():
    p = CORPUS / "PLRTF_20-F_2020-11-30" / "0001062993-21-003193.html"
    if not p.exists():
        pytest.skip("real filing not found")
    (pf,) = parse_document(Document(p.name, p.read_bytes()))
    fees = [f for f in pf.facts if f.label == "Audit Fees (1)"]
    assert {(f.year_period.iso(), f.value, f.unit) for f in fees} == {("FY2020", Decimal(28000), "CAD"),
                                                                      ("FY2019", Decimal(32000), "CAD")}
    # the compensation table: the dated columns hold counts of options (no currency) and dollar amounts
    granted = [f for f in pf.facts if f.label == "Dana Wheeler, CEO" and f.member_text == "Column = Number of options granted"]
    assert {(f.periods[0].end, f.value, f.unit) for f in granted} == {(date(2020, 11, 30), Decimal(400000), None),
                                                                       (date(2019, 11, 30), Decimal(400000), None)}
