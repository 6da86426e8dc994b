"""Every real EDGAR filing in ../shared/corpus parses, checked against independent counts and
values read off the filings (and against edgartools on the same instance)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from index.parsers import Document, parse_document, parse_documents
from index.parsers.rpages import parse_rpage, read_filing_summary
from index.parsers.xbrl import parse_instance

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repo")

AAPL, AMZN, NFLX = CORPUS / "AAPL_10-Q_2025-03-29", CORPUS / "AMZN_10-K_2022-12-31", CORPUS / "NFLX_10-K_2009-12-31"
ABVC = CORPUS / "ABVC_8-K_2025-04-15" / "0001213900-25-032135.txt"
PLRTF = CORPUS / "PLRTF_20-F_2020-11-30" / "0001062993-21-003193.html"


def folder(path: Path):
    return parse_documents([Document(p.name, p.read_bytes()) for p in sorted(path.iterdir())], path.name)


def independent_keys(instance: Path) -> set[tuple]:
    """(concept, period, dims, unit) of every non-nil numeric fact, read with plain lxml."""
    root = etree.parse(str(instance)).getroot()
    ctx = {}
    for c in root.iter("{*}context"):
        p = {etree.QName(e).localname: e.text.strip() for e in c.iter("{*}instant", "{*}startDate", "{*}endDate")}
        dims = tuple(sorted((m.get("dimension"), " ".join("".join(m.itertext()).split()))
                            for m in c.iter("{*}explicitMember", "{*}typedMember")))
        ctx[c.get("id")] = (p.get("startDate"), p.get("endDate") or p.get("instant"), dims)
    keys = set()
    for el in root:
        if isinstance(el.tag, str) and el.get("unitRef") and el.get("{http://www.w3.org/2001/XMLSchema-instance}nil") != "true":
            keys.add((f"{el.prefix}:{etree.QName(el).localname}", ctx[el.get("contextRef")], el.get("unitRef")))
    return keys


@pytest.mark.parametrize("path,instance", [(NFLX, "nflx-20091231.xml"), (AMZN, "amzn-20221231_htm.xml"),
                                           (AAPL, "aapl-20250329_htm.xml")])
def test_instance_numeric_fact_count_matches_an_independent_count(path, instance):
    pf = parse_instance((path / instance).read_bytes(), instance)
    ours = [f for f in pf.facts if f.value is not None]
    assert len(ours) == len(independent_keys(path / instance))


def test_aapl_inline_and_instance_agree_on_all_612_numeric_facts():
    # SOURCES.md: the 612 distinct numeric concept/context/value triples are identical in both
    ix = parse_document(Document("aapl-20250329.htm", (AAPL / "aapl-20250329.htm").read_bytes()))[0]
    xi = parse_instance((AAPL / "aapl-20250329_htm.xml").read_bytes(), "x")

    def triples(pf):
        return {(f.concept, f.period.iso(), f.dimensions, f.value) for f in pf.facts if f.value is not None}

    assert len(triples(ix)) == 612
    assert triples(ix) == triples(xi)


def test_aapl_folder_is_one_filing_with_labels_titles_and_printed_cells():
    filings = folder(AAPL)
    main = filings[0]
    assert (main.format, main.entity, main.cik, main.form, main.fiscal_year, main.fiscal_period) == (
        "ixbrl", "Apple Inc.", "320193", "10-Q", 2025, "Q2")
    assert str(main.report_date) == "2025-03-29"
    sales = [f for f in main.facts if f.concept == "us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax"
             and not f.dimensions and f.period.iso() == "2024-12-29..2025-03-29"]
    assert len(sales) == 1
    s = sales[0]
    assert (s.value, s.unit, s.raw, s.scale, s.label) == (Decimal("95359000000"), "USD", "95,359", 6, "Net sales")
    assert s.title == "CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS (Unaudited)"
    eps = [f for f in main.facts if f.concept == "us-gaap:EarningsPerShareDiluted" and f.period.iso() == "2024-12-29..2025-03-29"]
    assert [(e.value, e.unit) for e in eps] == [(Decimal("1.65"), "USD/shares")]
    cover = [f for f in main.facts if f.concept == "dei:EntityCommonStockSharesOutstanding"]
    assert [(f.value, f.period.iso()) for f in cover] == [(Decimal("14935826000"), "2025-04-18")]
    vendors = [f for f in main.facts if f.concept == "aapl:NumberOfSignificantVendors"]
    assert vendors and all(f.value == 2 for f in vendors)  # printed "two" (ixt-sec:numwordsen)
    nonop = [f for f in main.facts if f.concept == "us-gaap:NonoperatingIncomeExpense" and f.period.iso() == "2024-12-29..2025-03-29"]
    assert [f.value for f in nonop] == [Decimal("-279000000")]  # sign="-"
    segments = {f.dimensions[0].member: f.value for f in main.facts
                if f.concept == "us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax"
                and f.period.iso() == "2024-12-29..2025-03-29" and len(f.dimensions) == 1
                and f.dimensions[0].axis == "Segments"}
    assert segments["Greater China"] == Decimal("16002000000")
    sections = {c.title for c in main.chunks if c.kind == "text"}
    assert any(t.startswith("Item 2. Management") for t in sections)
    assert any(t.startswith("Note 8") for t in sections)
    assert sum(1 for f in filings if f.format == "html") == 3  # the certifications are text


def test_amzn_negative_values_rounding_duplicates_and_auditor():
    [pf] = folder(AMZN)
    assert (pf.entity, pf.ticker, pf.form, pf.fiscal_year) == ("AMAZON.COM, INC.", "AMZN", "10-K", 2022)
    ni = {f.period.end.year: f.value for f in pf.facts if f.concept == "us-gaap:NetIncomeLoss" and not f.dimensions}
    assert ni == {2020: Decimal("21331000000"), 2021: Decimal("33364000000"), 2022: Decimal("-2722000000")}
    tax = [f for f in pf.facts if f.concept == "us-gaap:IncomeTaxExpenseBenefit" and not f.dimensions and f.period.end.year == 2022]
    assert [f.value for f in tax] == [Decimal("-3217000000")]  # the -6 decimals figure, not the rounded -3.2B
    eps = [f for f in pf.facts if f.concept == "us-gaap:EarningsPerShareDiluted" and f.period.end.year == 2022]
    assert sorted((f.value, bool(f.dimensions)) for f in eps) == [(Decimal("-0.27"), False), (Decimal("0.28"), True)]
    auditor = [f for f in pf.facts if f.concept == "dei:AuditorName"]
    assert [f.text_value for f in auditor] == ["Ernst & Young LLP"]
    assert any("differ by rounding" in w for w in pf.warnings)


def test_amzn_matches_edgartools_on_every_numeric_fact():
    from edgar.xbrl import XBRL

    df = XBRL.from_directory(str(AMZN)).facts.to_dataframe()
    df = df[df.numeric_value.notna()]
    theirs = {(r.concept, r.period_start if isinstance(r.period_start, str) else None,
               r.period_end if isinstance(r.period_end, str) else r.period_instant, Decimal(str(r.value)))
              for r in df.itertuples()}
    [pf] = folder(AMZN)
    ours = {(f.concept, f.period.start.isoformat() if f.period.start else None, f.period.end.isoformat(), f.value)
            for f in pf.facts if f.value is not None}
    assert ours <= theirs
    dropped = theirs - ours  # only the less precise twin of a rounding duplicate
    assert len(dropped) == sum(1 for w in pf.warnings if "differ by rounding" in w) <= 40 or len(dropped) < 0.02 * len(theirs)


def test_nflx_classic_instance_uses_folder_taxonomy_despite_wrong_schema_names():
    [pf] = folder(NFLX)
    assert (pf.entity, pf.cik, pf.form, str(pf.report_date)) == ("NETFLIX INC", "1065280", "10-K", "2009-12-31")
    rev = {f.period.end.year: f.value for f in pf.facts if f.concept == "us-gaap:Revenues" and not f.dimensions}
    assert rev == {2007: Decimal("1205340000"), 2008: Decimal("1364661000"), 2009: Decimal("1670269000")}
    assert next(f for f in pf.facts if f.concept == "us-gaap:Revenues").title == "Statement Of Income"  # from the .xsd roles
    notes = [c for c in pf.chunks if c.kind == "text"]
    assert len(notes) > 100 and any("Long-term Debt" in c.title or "Long Term Debt" in c.title for c in notes)
    assert not any("&lt;" in c.text or "<p" in c.text for c in notes)  # text blocks unescaped and stripped


def test_abvc_submission_is_split_and_routed():
    filings = parse_document(Document(ABVC.name, ABVC.read_bytes()))
    by_source = {pf.source: pf for pf in filings}
    assert set(by_source) == {"ea0238372-8k_abvcbio.htm", "ea023837201ex99-1_abvcbio.htm"}
    k8 = by_source["ea0238372-8k_abvcbio.htm"]
    assert (k8.format, k8.entity, k8.form, k8.cik) == ("ixbrl", "ABVC BIOPHARMA, INC.", "8-K", "1173313")
    assert len(k8.facts) == 22  # the dei-only cover: 22 tagged facts
    press = by_source["ea023837201ex99-1_abvcbio.htm"]
    assert press.format == "html" and press.entity == "ABVC BIOPHARMA, INC."  # from the SGML header
    assert any("4.02" in c.text or "restat" in c.text.lower() for c in k8.chunks)


def test_truncated_submission_still_reads_what_is_there():
    data = ABVC.read_bytes()
    cut = data[: data.index(b"<TYPE>EX-99.1") + 2000]
    filings = parse_document(Document("cut.txt", cut))
    assert filings[0].format == "ixbrl"
    assert any("cut off" in w for w in filings[0].warnings)


def test_plrtf_plain_html_20f_in_cad():
    [pf] = parse_document(Document(PLRTF.name, PLRTF.read_bytes()))
    assert (pf.format, pf.entity, pf.form, str(pf.report_date)) == ("html", "PLYMOUTH ROCK TECHNOLOGIES INC.", "20-F", "2020-11-30")
    # its statements' tables become facts, every one of them marked as an untagged cell in CAD
    assert pf.facts and all(f.concept == "" and f.period_basis.startswith("untagged table cell") for f in pf.facts)
    # (None: a count or a number the page gives no unit for - options granted, share prices without a '$')
    assert {f.unit for f in pf.facts} <= {"CAD", "CAD/shares", "shares", "pure", None}
    assert not [f for f in pf.facts if f.unit is None and "$" in f.raw]
    titles = {c.title for c in pf.chunks}
    assert "ITEM 18. FINANCIAL STATEMENTS" in titles and "ITEM 5. OPERATING AND FINANCIAL REVIEW AND PROSPECTS" in titles
    assert any("NET LOSS | (2,924,236)" in c.text for c in pf.chunks)  # ')' printed in its own cell is rejoined


def test_r_pages_map_every_cell_to_its_column():
    summary = read_filing_summary((AAPL / "FilingSummary.xml").read_bytes(), "FilingSummary.xml")
    assert summary["R2.htm"].category == "Statements" and summary["R4.htm"].title == "CONDENSED CONSOLIDATED BALANCE SHEETS (Unaudited)"
    r2 = parse_rpage((AAPL / "R2.htm").read_bytes(), "R2.htm", summary["R2.htm"])
    sales = [(f.raw, f.value, f.unit, f.period.end.isoformat(), f.period.label) for f in r2.facts
             if f.concept == "us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax"]
    assert sales[:4] == [("$ 95,359", Decimal("95359000000"), "USD", "2025-03-29", "3 Months Ended"),
                         ("$ 90,753", Decimal("90753000000"), "USD", "2024-03-30", "3 Months Ended"),
                         ("$ 219,659", Decimal("219659000000"), "USD", "2025-03-29", "6 Months Ended"),
                         ("$ 210,328", Decimal("210328000000"), "USD", "2024-03-30", "6 Months Ended")]
    eps = [f for f in r2.facts if f.concept == "us-gaap:EarningsPerShareDiluted"]
    assert (eps[0].value, eps[0].unit) == (Decimal("1.65"), "USD/shares")  # per share: not scaled by "$ in Millions"
    # the balance sheet agrees with the instance on every undimensioned cell
    xi = parse_instance((AAPL / "aapl-20250329_htm.xml").read_bytes(), "x")
    inst = {(f.concept, f.period.end, f.value) for f in xi.facts if f.value is not None}
    r4 = parse_rpage((AAPL / "R4.htm").read_bytes(), "R4.htm", summary["R4.htm"])
    numeric = [f for f in r4.facts if f.unit == "USD"]
    assert len(numeric) >= 50
    assert all((f.concept, f.period.end, f.value) in inst for f in numeric)


def test_r_pages_alone_become_the_facts():
    docs = [Document(p.name, p.read_bytes()) for p in sorted(AAPL.glob("R*.htm"))] + [
        Document("FilingSummary.xml", (AAPL / "FilingSummary.xml").read_bytes())]
    filings = parse_documents(docs, "rpages")
    assert all(pf.format == "rpage" for pf in filings)
    assert sum(len(pf.facts) for pf in filings) > 500
