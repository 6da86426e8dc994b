"""The harness's independent XBRL reader (``eval.xbrl_facts``) on real filings, and its cross-check
against the facts the engine's parsers put in the index (``eval.crosscheck``).

The reader shares no code with ``index/parsers``; where the two disagree, one is wrong. The
cross-check over the three development indexes must find no disagreement (none was found when it
was written: 13,558 numeric facts and the dei cover texts of 13 filings agree); a new one is a
parser or reader bug to look at, with the examples the failure prints.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from eval.crosscheck import compare, index_facts
from eval.xbrl_facts import ix_number, read_facts
from eval.xbrl_model import XPeriod
from tests.dev_indexes import CORPUS, DEV_SETS, EXTRA

pytestmark = pytest.mark.corpus


def _read(*parts: str, fold: bool = True):
    path = CORPUS.parent.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path.name} is not beside the repo (../shared)")
    return read_facts([path], fold=fold)


def _one(facts, concept: str, end: date, **kw):
    got = [f for f in facts if f.concept == concept and f.period and f.period.end == end and not f.dimensions
           and all(getattr(f, k) == v for k, v in kw.items())]
    assert len(got) == 1, got
    return got[0]


def test_display_transforms_of_inline_numbers():
    assert ix_number("1,234.5", "ixt:num-dot-decimal") == Decimal("1234.5")
    assert ix_number("1.234,5", "ixt:num-comma-decimal") == Decimal("1234.5")
    assert ix_number("—", "ixt:fixed-zero") == 0 and ix_number("-", "ixt:zerodash") == 0
    assert ix_number("five", "ixt-sec:numwordsen") == 5 and ix_number("none", "ixt-sec:numwordsen") == 0
    assert ix_number("12", "") == 12
    assert ix_number("n/a", "ixt:num-dot-decimal") is None  # a text that is not the format's number


def test_scale_and_duplicates_of_an_inline_10k():
    """NVIDIA prints shares outstanding as '24.4' (billion, scale 9) and goodwill twice (millions on
    the balance sheet, a rounded billion in a note): the precise copy is the fact."""
    facts = _read("extra-corpus", "newco", "NVDA_10-K_2025-01-26")
    assert _one(facts, "dei:EntityCommonStockSharesOutstanding", date(2025, 2, 21)).value == Decimal("24400000000")
    assert _one(facts, "us-gaap:Goodwill", date(2025, 1, 26)).value == Decimal("5188000000")
    every = _read("extra-corpus", "newco", "NVDA_10-K_2025-01-26", fold=False)
    assert {f.value for f in every if f.concept == "us-gaap:Goodwill" and not f.dimensions
            and f.period.end == date(2025, 1, 26)} == {Decimal("5188000000"), Decimal("5200000000")}
    revenue = _one(facts, "us-gaap:Revenues", date(2025, 1, 26))
    assert revenue.value == Decimal("130497000000") and revenue.label == "Revenue"  # the row it is printed in
    assert revenue.period.start == date(2024, 1, 29) and revenue.fiscal_year == 2025 and revenue.ticker == "NVDA"


def test_sign_and_dashes_of_an_inline_10k():
    facts = _read("extra-corpus", "newco", "HD_10-K_2025-02-02")
    aoci = _one(facts, "us-gaap:AccumulatedOtherComprehensiveIncomeLossNetOfTax", date(2025, 2, 2))
    assert aoci.value == Decimal("-1129000000") and aoci.raw == "1,129"  # sign="-": printed without a minus
    paper = _one(facts, "us-gaap:CommercialPaper", date(2024, 1, 28))
    assert paper.value == 0  # ixt:fixed-zero, printed as a dash
    assert {(f.entity, f.form, f.fiscal_year, f.fiscal_period, f.report_date) for f in facts} == \
        {("HOME DEPOT, INC.", "10-K", 2024, "FY", date(2025, 2, 2))}


def test_an_instance_with_its_label_linkbase():
    facts = _read("corpus", "AMZN_10-K_2022-12-31")
    tax = _one(facts, "us-gaap:IncomeTaxExpenseBenefit", date(2022, 12, 31))
    assert tax.value == Decimal("-3217000000") and tax.decimals == -6  # not the rounded -3.2 billion copy
    sales = _one(facts, "us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax", date(2022, 12, 31))
    assert sales.value == Decimal("513983000000") and sales.label == "Total net sales"
    segments = {f.dimensions[0].member for f in facts if f.concept == sales.concept and len(f.dimensions) == 1
                and f.period == sales.period and f.dimensions[0].axis == "us-gaap:StatementBusinessSegmentsAxis"}
    assert {"North America", "International", "AWS"} <= segments


def test_an_inline_document_and_its_extracted_instance_are_one_filing():
    facts = _read("corpus", "AAPL_10-Q_2025-03-29")
    assert len({f.filing_id for f in facts}) == 1
    numbers = [f.key for f in facts if f.value is not None]
    assert len(numbers) == len(set(numbers))  # every number once, though both documents state it
    sales = _one(facts, "us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax", date(2025, 3, 29),
                 period=XPeriod(start=date(2024, 12, 29), end=date(2025, 3, 29), kind="duration"))
    assert sales.value == Decimal("95359000000")


def test_a_2009_instance_and_a_submission_txt():
    """Netflix's 2009 instance uses the xbrl.us namespaces (read as us-gaap/dei); ABVC's 8-K is an
    EDGAR submission .txt whose inline cover page is read from inside it."""
    nflx = _read("corpus", "NFLX_10-K_2009-12-31")
    assert {f.concept.split(":")[0] for f in nflx} >= {"us-gaap", "dei"} and nflx[0].entity == "NETFLIX INC"
    abvc = _read("corpus", "ABVC_8-K_2025-04-15")
    state = [f for f in abvc if f.concept == "dei:EntityIncorporationStateCountryCode"]
    assert [f.text_value for f in state] == ["Nevada"] and state[0].form == "8-K" and state[0].cik == "1173313"


def test_files_without_xbrl_give_no_facts():
    assert _read("corpus", "PLRTF_20-F_2020-11-30") == []


def test_the_cross_check_finds_a_changed_value_a_dropped_fact_and_renamed_members():
    """compare() is not blind: the same facts agree; one value changed, one fact dropped and one
    member renamed are each reported."""
    mine = _read("corpus", "AMZN_10-K_2022-12-31", fold=False)
    same = [replace(f, source="engine") for f in mine]
    assert compare(mine, same) == []
    tax = next(f for f in same if f.concept == "us-gaap:IncomeTaxExpenseBenefit" and not f.dimensions)
    goodwill = next(f for f in same if f.concept == "us-gaap:Goodwill" and not f.dimensions)
    seg = next(f for f in same if len(f.dimensions) == 1 and f.dimensions[0].member == "AWS")
    changed = [replace(f, value=f.value + 1) if f.key == tax.key else f for f in same if f.key != goodwill.key]
    changed = [replace(f, dimensions=(replace(f.dimensions[0], member="Web Services"),)) if f.key == seg.key else f
               for f in changed]
    kinds = {(d.kind, d.concept) for d in compare(mine, changed)}
    assert ("value", tax.concept) in kinds and ("missing", goodwill.concept) in kinds
    assert ("members", seg.concept) in kinds


@pytest.mark.slow
@pytest.mark.parametrize("name", list(DEV_SETS))
def test_the_index_holds_what_the_filings_state(name, dev_index):
    sources = DEV_SETS[name]
    if not all(p.is_dir() for p in sources) or not EXTRA.is_dir():
        pytest.skip("../shared is not beside the repo")
    mine = read_facts(sources, fold=False)
    ds = compare(mine, index_facts(dev_index(name)))
    assert sum(f.value is not None for f in mine) > 2500
    assert not ds, f"{len(ds)} disagreements between the filings and the index:\n" + "\n".join(d.line() for d in ds[:40])


def test_hostile_and_broken_files_are_read_safely(tmp_path):
    """Entities are never expanded (no 'billion laughs'), a bad date or scale drops only its fact,
    and a document cut in half gives the facts before the cut."""
    bomb = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
            '<xbrl xmlns="http://www.xbrl.org/2003/instance" xmlns:dei="http://xbrl.sec.gov/dei/2024" '
            'xmlns:us-gaap="http://fasb.org/us-gaap/2024">'
            '<context id="c1"><entity><identifier scheme="http://www.sec.gov/CIK">0000000001</identifier></entity>'
            '<period><instant>2024-12-31</instant></period></context>'
            '<context id="c2"><entity><identifier scheme="http://www.sec.gov/CIK">0000000001</identifier></entity>'
            '<period><instant>2024-02-31</instant></period></context>'
            '<unit id="u"><measure>iso4217:USD</measure></unit>'
            '<dei:EntityRegistrantName contextRef="c1">&c;</dei:EntityRegistrantName>'
            '<us-gaap:Assets contextRef="c1" unitRef="u" decimals="-6">5000000</us-gaap:Assets>'
            '<us-gaap:Liabilities contextRef="c2" unitRef="u" decimals="-6">7000000</us-gaap:Liabilities>'
            '</xbrl>')
    (tmp_path / "bomb.xml").write_text(bomb, encoding="utf-8")
    facts = read_facts([tmp_path])
    assert all(len(f.raw) < 100 for f in facts)
    assets = [f for f in facts if f.concept == "us-gaap:Assets"]
    assert [f.value for f in assets] == [Decimal(5000000)] and assets[0].cik == "1"
    assert [f.period for f in facts if f.concept == "us-gaap:Liabilities"] == [None]  # February 31st
    nvda = CORPUS.parent / "extra-corpus" / "newco" / "NVDA_10-K_2025-01-26" / "nvda-10-k-2025-02-26.html"
    if nvda.is_file():
        data = nvda.read_bytes()
        (tmp_path / "cut").mkdir()
        (tmp_path / "cut" / "nvda.html").write_bytes(data[: len(data) // 2])
        half = read_facts([tmp_path / "cut"])
        assert 100 < sum(f.value is not None for f in half) < 1300
