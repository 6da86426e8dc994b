"""The metric table (qa/lexicon/metrics.py), on the table itself and over real
filings without label linkbases (UnitedHealth's FY2024 and Tesla's Q2 2024 inline-XBRL reports, whose
rows carry only concept names). Questions are generated from the facts in several phrasings for
every period each filing reports; the expected value is read from the index by concept in this file."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from qa.lexicon.metrics import BY_KEY, METRICS, find_metric

ROOT = Path(__file__).resolve().parents[1]
NEWCO = ROOT.parent / "shared" / "extra-corpus" / "newco"
FILINGS = [NEWCO / "UNH_10-K_2024-12-31", NEWCO / "TSLA_10-Q_2024-06-30"]


# --- the table --------------------------------------------------------------------------------------------
def test_every_metric_is_found_by_its_own_name_first_and_whole():
    """Each entry's phrase names it (not an earlier, wider entry), and the whole phrase is the match,
    so no word of the metric's own name is left over for a label to have to carry."""
    for m in METRICS:
        found = find_metric(m.phrase)
        assert found is not None and found[0] is m, (m.key, found and found[0].key)
        assert found[1].group(0).lower() == m.phrase.lower(), (m.key, found[1].group(0))
        assert m.concepts and len(set(m.concepts)) == len(m.concepts)


@pytest.mark.parametrize("text, key", [
    ("operating profit", "operating_income"), ("gross profit", "gross_profit"), ("net interest income", "net_interest_income"),
    ("income before income taxes", "pretax_income"), ("pre-tax income", "pretax_income"), ("income tax expense", "income_tax"),
    ("deferred revenue", "deferred_revenue"), ("unearned revenue", "deferred_revenue"), ("cost of revenue", "cost_of_sales"),
    ("COGS", "cost_of_sales"), ("SG&A", "sga"), ("capex", "capex"), ("capital expenditures", "capex"),
    ("purchases of property and equipment", "capex"), ("D&A", "depreciation_amortization"),
    ("share buybacks", "buybacks"), ("repurchases of common stock", "buybacks"), ("dividends paid", "dividends_paid"),
    ("dividends per share", "dividends_per_share"), ("PP&E", "ppe_net"), ("accounts receivable", "receivables"),
    ("inventories", "inventory"), ("accounts payable", "accounts_payable"), ("total debt", "total_debt"),
    ("long-term debt", "long_term_debt"), ("medical costs", "medical_costs"), ("medical costs payable", "medical_costs_payable"),
    ("public float", "public_float"), ("total current assets", "current_assets"), ("current liabilities", "current_liabilities"),
    ("total equity", "equity"), ("total operating expenses", "operating_expenses"), ("interest expense", "interest_expense"),
    ("debt securities", None),
])
def test_analyst_words_name_the_right_metric(text, key):
    found = find_metric(f"What was the company's {text} in 2024?")
    assert (found[0].key if found else None) == key


def test_balances_are_instants_and_flows_are_not():
    for key in ("accounts_payable", "receivables", "inventory", "ppe_net", "goodwill", "total_debt", "current_assets",
                "deferred_revenue", "public_float", "medical_costs_payable"):
        assert BY_KEY[key].instant, key
    for key in ("capex", "buybacks", "dividends_paid", "depreciation_amortization", "medical_costs", "sga", "interest_expense"):
        assert not BY_KEY[key].instant, key


@pytest.fixture(scope="module")
def newco(tmp_path_factory):
    from index.embed import default_embedder
    from index.ingest import ingest
    from index.store import IndexReader
    from qa.pipeline import Pipeline

    if not all(p.is_dir() for p in FILINGS):
        pytest.skip("../shared/extra-corpus is not beside the repo")
    folder = tmp_path_factory.mktemp("metrics-index")
    report = ingest(FILINGS, folder, lambda: default_embedder("bulk"))
    assert report.ok, report.errors
    reader = IndexReader(folder)
    return reader, Pipeline(reader, default_embedder("query"))


COMPANIES = {"UnitedHealth Group Incorporated": "UnitedHealth", "Tesla, Inc.": "Tesla"}
# (concepts in this test's own order, question templates); {c} company, {p} period words
FLOWS = [
    (["PaymentsToAcquirePropertyPlantAndEquipment"], ["What were {c}'s capital expenditures for {p}?", "{c} capex {p}",
                                                     "How much did {c} spend on purchases of property and equipment in {p}?"]),
    (["PolicyholderBenefitsAndClaimsIncurredNet"], ["What were {c}'s medical costs in {p}?", "{c} medical costs {p}"]),
    (["PremiumsEarnedNet"], ["What were {c}'s premiums in {p}?", "{c} premium revenue {p}"]),
    (["PaymentsOfDividendsCommonStock", "PaymentsOfDividends"], ["How much did {c} pay in dividends in {p}?", "{c} dividends paid {p}"]),
    (["PaymentsForRepurchaseOfCommonStock"], ["How much did {c} spend on share repurchases in {p}?", "{c} stock buybacks {p}"]),
    (["DepreciationDepletionAndAmortization", "DepreciationAndAmortization", "DepreciationAmortizationAndImpairment"],
     ["What was {c}'s depreciation and amortization in {p}?", "{c} D&A {p}"]),
    (["SellingGeneralAndAdministrativeExpense"], ["What was {c}'s SG&A in {p}?",
                                                 "selling, general and administrative expenses of {c} for {p}"]),
    (["CostOfRevenue", "CostOfGoodsAndServicesSold"], ["What was {c}'s cost of revenues for {p}?", "{c} COGS {p}"]),
    (["IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest"],
     ["What was {c}'s income before income taxes for {p}?", "{c} pre-tax income {p}"]),
]
BALANCES = [
    (["AccountsPayableCurrent"], ["What was {c}'s accounts payable as of {p}?", "{c} accounts payable balance at {p}"]),
    (["AccountsReceivableNetCurrent"], ["What were {c}'s accounts receivable as of {p}?", "{c} receivables {p}"]),
    (["InventoryNet"], ["What was {c}'s inventory as of {p}?", "{c} inventories at {p}"]),
    (["PropertyPlantAndEquipmentNet"], ["What was {c}'s PP&E as of {p}?", "{c} property, plant and equipment at {p}"]),
    (["Goodwill"], ["How much goodwill did {c} report as of {p}?"]),
    (["AssetsCurrent"], ["What were {c}'s total current assets as of {p}?", "{c} current assets {p}"]),
    (["LiabilitiesCurrent"], ["What were {c}'s current liabilities as of {p}?"]),
    (["LiabilityForClaimsAndClaimsAdjustmentExpense"], ["What were {c}'s medical costs payable as of {p}?"]),
]


def _period_words(p) -> list[str]:
    if p.kind == "instant":
        words = [f"{p.end:%B} {p.end.day}, {p.end.year}"]
        if (p.end.month, p.end.day) == (12, 31):
            words.append(f"the end of {p.end.year}")
        return words
    days = (p.end - p.start).days
    if days > 360:
        return [str(p.end.year), f"fiscal {p.end.year}"] if p.end.month == 12 else [f"fiscal {p.end.year}"]
    months = {90: "three", 91: "three", 181: "six", 182: "six"}.get(days)
    if months is None:
        return []
    words = [f"the {months} months ended {p.end:%B} {p.end.day}, {p.end.year}"]
    if months == "three":
        words.append(f"Q{(p.end.month - 1) // 3 + 1} {p.end.year}")
    return words


def _cases(reader):
    out = []
    for entity, name in COMPANIES.items():
        for table, instant in ((FLOWS, False), (BALANCES, True)):
            for concepts, templates in table:
                seen = set()
                for concept in concepts:
                    facts = reader.query_facts("concept_local = ? AND entity = ? AND n_members = 0 AND value_num IS NOT NULL",
                                               [concept.lower(), entity], limit=50)
                    for f in facts:
                        if f.period is None or (f.period.kind == "instant") != instant or f.period in seen:
                            continue
                        seen.add(f.period)  # the first concept reported for a period is the expected one
                        for i, words in enumerate(_period_words(f.period)):
                            template = templates[i % len(templates)]
                            out.append((template.format(c=name, p=words), f.value, concept))
    return out


@pytest.mark.slow
def test_generated_metric_questions_find_the_fact_by_concept(newco):
    reader, engine = newco
    cases = _cases(reader)
    assert len(cases) >= 40
    wrong = []
    for question, expected, concept in cases:
        a = engine.ask(question)
        if a.abstained or a.value != expected or not a.verified:
            wrong.append(f"{question}: expected {expected} ({concept}), got {a.value} — {a.text[:150]}")
    # the flattened 10-Q cash-flow and the filer's own concepts leave a few cases open; nearly all must hold
    assert len(wrong) <= len(cases) // 20, "\n".join(wrong)


@pytest.mark.slow
def test_the_payables_balance_not_the_cash_flow_change(newco):
    _, engine = newco
    a = engine.ask("What was Tesla's accounts payable as of June 30, 2024?")
    assert a.verified and "IncreaseDecrease" not in (a.citations[0].row + a.citations[0].title)
    assert a.citations[0].period == "2024-06-30"


@pytest.mark.slow
def test_the_total_not_the_held_for_sale_line(newco):
    reader, engine = newco
    total = reader.query_facts("concept_local = 'liabilityforclaimsandclaimsadjustmentexpense' AND n_members = 0 "
                               "AND period_end = DATE '2024-12-31' AND period_kind = 'instant'", limit=1)[0]
    a = engine.ask("What were UnitedHealth's medical costs payable as of December 31, 2024?")
    assert a.value == total.value and not re.search(r"held for sale", a.citations[0].row, re.I)


@pytest.mark.slow
def test_public_float_is_a_cover_fact(newco):
    reader, engine = newco
    fl = reader.query_facts("concept_local = 'entitypublicfloat' AND entity = ?", ["UnitedHealth Group Incorporated"], limit=1)[0]
    for q in ("What was UnitedHealth's public float?", "UnitedHealth aggregate market value held by non-affiliates"):
        a = engine.ask(q)
        assert a.value == fl.value and a.verified, a.text
    assert Decimal(fl.value) > 0


def test_what_is_left_of_a_metric_is_not_the_metric():
    from qa.lexicon.metrics import find_metric

    assert find_metric("other current assets") is None
    assert find_metric("Other operating expenses") is None or find_metric("Other operating expenses")[0].key != "operating_expenses"
    assert find_metric("total current assets")[0].key == "current_assets"
    assert find_metric("current assets and other current assets")[0].key == "current_assets"
