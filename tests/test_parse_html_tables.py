"""Untagged HTML tables become facts (earnings releases, plain-HTML 20-F statements), and an 8-K's
exhibit carries the company of its cover. Numbers checked here were read off the filings by eye."""

from datetime import date
from decimal import Decimal

import pytest

from index.ingest import parse_paths
from index.parsers import Document, parse_document
from index.parsers.htmltables import UNTAGGED, header_period
from tests.conftest import CORPUS

EXTRA = CORPUS.parent / "extra-corpus"


def _need(path):
    if not path.exists():
        pytest.skip(f"real filing not found: {path.name}")
    return path


def _cell(facts, label, period_iso):
    hits = [f for f in facts if f.label == label and f.period is not None and f.period.iso() == period_iso]
    assert len(hits) == 1, (label, period_iso, [(f.label, f.period) for f in facts if label in f.label])
    return hits[0]


@pytest.fixture(scope="module")
def buckle():
    filings, errors = parse_paths([_need(EXTRA / "newco" / "BKE_8-K_2024-11-22")])
    assert not errors
    return {pf.source: pf for pf in filings}


def test_exhibit_is_attached_to_its_8k_company(buckle):
    ex = buckle["bke20241122-8kexhibit.htm"]
    assert (ex.entity, ex.cik, ex.ticker, ex.form) == ("BUCKLE, INC", "885245", "BKE", "8-K")
    assert all(c.entity == "BUCKLE, INC" for c in ex.chunks)
    assert all((f.entity, f.cik) == ("BUCKLE, INC", "885245") for f in ex.facts)


def test_earnings_release_income_statement_cells(buckle):
    facts = buckle["bke20241122-8kexhibit.htm"].facts
    # "Thirteen Weeks Ended / November 2, 2024", "(Amounts in Thousands Except Per Share Amounts)"
    q3 = _cell(facts, "SALES, Net of returns and allowances", "2024-08-04..2024-11-02")
    assert q3.value == Decimal("293618000") and q3.unit == "USD" and q3.scale == 3 and q3.raw == "$293,618"
    assert q3.period.label == "13 Weeks Ended" and q3.concept == ""
    assert q3.period_basis.startswith(UNTAGGED) and "Thirteen Weeks Ended November 2,2024" in q3.period_basis
    ytd = _cell(facts, "SALES, Net of returns and allowances", "2024-02-04..2024-11-02")
    assert ytd.value == Decimal("838490000") and ytd.period.label == "39 Weeks Ended"
    assert _cell(facts, "NET INCOME", "2023-07-30..2023-10-28").value == Decimal("51762000")
    # per-share amounts are excepted from the scale; share counts are not
    eps = _cell(facts, "EARNINGS PER SHARE: Diluted", "2024-08-04..2024-11-02")
    assert (eps.value, eps.unit, eps.scale) == (Decimal("0.88"), "USD/shares", 0)
    shares = _cell(facts, "Basic weighted average shares", "2024-02-04..2024-11-02")
    assert (shares.value, shares.unit) == (Decimal("49854000"), "shares")


def test_earnings_release_balance_sheet_is_instants_with_negatives(buckle):
    facts = buckle["bke20241122-8kexhibit.htm"].facts
    cash = _cell(facts, "Cash and cash equivalents", "2024-02-03")
    assert cash.period.kind == "instant" and cash.value == Decimal("268213000")
    dep = _cell(facts, "Less accumulated depreciation and amortization", "2024-11-02")
    assert dep.value == Decimal("-365241000") and dep.raw == "(365,241)"
    # every fact is cited by a row passage
    rows = {fid for c in buckle["bke20241122-8kexhibit.htm"].chunks if c.kind == "row" for fid in c.fact_ids}
    assert {f.fact_id for f in facts} <= rows


def test_plain_html_20f_statements_in_cad():
    p = _need(CORPUS / "PLRTF_20-F_2020-11-30" / "0001062993-21-003193.html")
    (pf,) = parse_document(Document(p.name, p.read_bytes()))
    facts = [f for f in pf.facts if f.title == "Consolidated Statements of Loss and Comprehensive Loss"]
    # "For the year ended November 30," over "2020 | 2019 | 2018"; "Note" column skipped
    loss = _cell(facts, "NET LOSS", "2019-12-01..2020-11-30")
    assert (loss.value, loss.unit, loss.raw) == (Decimal("-2924236"), "CAD", "(2,924,236)")
    assert _cell(facts, "Rent", "2018-12-01..2019-11-30").value == Decimal("77186")
    bs = [f for f in pf.facts if f.title == "Consolidated Statements of Financial Position"]
    assert _cell(bs, "Prepaid expenses", "2020-11-30").value == Decimal("25908")  # not the note number 3
    assert not [f for f in bs if f.value in (Decimal(3), Decimal(7)) and f.row_label == "Prepaid expenses"]
    # a column header with a year and no month is that fiscal year, with no date invented (the five-year table)
    high = [f for f in pf.facts if f.label == "High" and f.year_period is not None]
    assert {f.year_period.iso() for f in high} == {"FY2016", "FY2017", "FY2018", "FY2019", "FY2020"}
    assert all(f.period is None and f.candidate_periods == () and "no month and day" in f.period_basis for f in high)


def test_header_period_reads_only_what_the_header_says():
    p, cands, basis = header_period("Thirteen Weeks Ended November 2, 2024", "")
    assert (p.start, p.end, p.label) == (date(2024, 8, 4), date(2024, 11, 2), "13 Weeks Ended")
    p, _, _ = header_period("Three Months Ended March 31, 2025", "")
    assert (p.start, p.end) == (date(2025, 1, 1), date(2025, 3, 31))
    p, _, _ = header_period("2020", "For the year ended November 30,")
    assert (p.start, p.end) == (date(2019, 12, 1), date(2020, 11, 30))
    p, _, _ = header_period("December 31, 2023", "As of")
    assert p.kind == "instant" and p.end == date(2023, 12, 31)
    p, _, _ = header_period("February 3, 2024", "", "CONSOLIDATED BALANCE SHEETS")
    assert p.kind == "instant"
    # a bare date: a balance or a period? left open, with the date as the only candidate
    p, cands, basis = header_period("June 30, 2024", "")
    assert p is None and [c.end for c in cands] == [date(2024, 6, 30)] and "do not say" in basis
    p, cands, basis = header_period("Fiscal 2020", "")
    assert p is None and cands == () and "no month and day" in basis


def test_press_release_names_its_issuer(tmp_path):
    """An exhibit alone (no cover beside it) takes the company from its own text."""
    src = _need(EXTRA / "newco" / "BKE_8-K_2024-11-22" / "BuckleInc.8-K.EX99.1.html")
    (tmp_path / src.name).write_bytes(src.read_bytes())
    filings, errors = parse_paths([tmp_path / src.name])
    assert not errors and {(pf.entity, pf.ticker) for pf in filings} == {("The Buckle, Inc.", "BKE")}
    phg = _need(EXTRA / "newco" / "PHG_6-K_2023-01-30" / "form6k.RoyalPhilips.html")
    (pf,) = parse_document(Document(phg.name, phg.read_bytes()))
    assert pf.entity == "KONINKLIJKE PHILIPS N.V." and all(c.entity == pf.entity for c in pf.chunks)


def test_inline_xbrl_without_labels_takes_the_printed_line_item_and_keeps_concept_words():
    """A self-contained iXBRL 10-K has no label linkbase: the label is the row as printed, the
    statement title the heading above the table, and the concept's words stay searchable."""
    from index.bm25 import BM25Segment, BM25Stats, score_segment, tokenize
    from index.tables import group_text

    p = _need(EXTRA / "newco" / "NVDA_10-K_2025-01-26" / "nvda-10-k-2025-02-26.html")
    (pf,) = parse_document(Document(p.name, p.read_bytes()))
    capex = [f for f in pf.facts if f.concept == "us-gaap:PaymentsToAcquireProductiveAssets" and not f.dimensions]
    assert capex and {f.label for f in capex} == {"Purchases related to property and equipment and intangible assets"}
    assert {f.title for f in capex} == {"Consolidated Statements of Cash Flows"}
    other = [f for f in pf.facts if f.concept == "us-gaap:PaymentsForProceedsFromOtherInvestingActivities"]
    assert other and all(f.label == "Payments For Proceeds From Other Investing Activities" for f in other)
    # BM25 over line items finds the fact by its concept's words and by its printed words
    texts = sorted({group_text(f) for f in pf.facts})
    seg = BM25Segment.build(texts)
    stats = BM25Stats.over([seg])
    for query in ("payments to acquire productive assets", "purchases related to property equipment intangible assets"):
        terms = tokenize(query)
        idf = {t: stats.idf(seg.df(t)) for t in set(terms)}
        scores = score_segment(seg, terms, idf, stats)
        top = [texts[int(i)] for i in (-scores).argsort()[:3]]
        assert any("Purchases related to property and equipment" in t for t in top), (query, top)
