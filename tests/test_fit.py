"""The question-fit check: a number that equals a cited cell is still not verified when the cell is
another period, company, member or kind of line item than the question asks for."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from index.facts import Fact, Member, Period
from qa.answer import Answer, AnswerStatus, Citation
from qa.entities import EntityDirectory
from qa.fit import check_fit

Q2 = Period(start=date(2024, 4, 1), end=date(2024, 6, 30), kind="duration", label="3 Months Ended")
H1 = Period(start=date(2024, 1, 1), end=date(2024, 6, 30), kind="duration", label="6 Months Ended")
FY = Period(start=date(2023, 1, 1), end=date(2023, 12, 31), kind="duration", label="12 Months Ended")
END = Period(end=date(2024, 6, 30))


def _fact(fid="f1", value="100", period=Q2, entity="Tesla, Inc.", cik="1318605", label="Revenues",
          concept="us-gaap:Revenues", dims=(), fy=2024, fp="Q2", report=date(2024, 6, 30)) -> Fact:
    return Fact(fact_id=fid, filing_id="x", source="t.xml", title="Income", label=label, raw=value, value=Decimal(value),
                unit="USD", period=period, dimensions=dims, concept=concept, entity=entity, cik=cik,
                fiscal_year=fy, fiscal_period=fp, report_date=report)


def _answer(*facts: Fact, text_kind="fact", **extra) -> Answer:
    cites = tuple(Citation(source=f.source, title=f.title, row=f.label, period=f.period.iso(), unit=f.unit, scale="",
                           raw=f.raw, snippet="", kind=text_kind, value=str(f.value), fact_id=f.fact_id, entity=f.entity)
                  for f in facts)
    return Answer(question="q", status=AnswerStatus.ANSWERED, text="x", value=facts[0].value, unit="USD",
                  citations=cites, extra=extra)


def _check(question, *facts, related=None, **kw):
    table = {f.fact_id: f for f in facts}
    directory = EntityDirectory([("Tesla, Inc.", "1318605", "TSLA"), ("Apple Inc.", "320193", "AAPL")])
    return check_fit(question, _answer(*facts, **kw), lambda ids: [table[i] for i in ids if i in table], directory,
                     related or (lambda f: []))


@pytest.mark.parametrize("question", [
    "What were Tesla's revenues in Q2 2024?", "Tesla revenue for the three months ended June 30, 2024",
    "TSLA revenue for the June 2024 quarter", "What were Tesla's quarterly revenues in fiscal 2024?",
    "What were Tesla's revenues for the quarter ended June 30, 2024?",
])
def test_the_right_quarter_fits(question):
    assert _check(question, _fact()).ok


@pytest.mark.parametrize("question,kind", [
    ("What were Tesla's revenues in Q2 2024?", "period"),              # six months given for a quarter
    ("What were Tesla's revenues for the three months ended June 30, 2024?", "period"),
    ("What were Tesla's revenues in fiscal 2024?", "period"),            # a bare fiscal year asks for the year
    ("What were Tesla's revenues in the first quarter of 2024?", "period"),
    ("What were Apple's revenues in the first half of 2024?", "company"),
])
def test_six_months_or_another_company_does_not_fit(question, kind):
    report = _check(question, _fact(period=H1))
    assert not report.ok and report.kind == kind, report


def test_another_year_does_not_fit():
    report = _check("What was Tesla's revenue in 2024?", _fact(period=FY, fy=2023, fp="FY", report=date(2023, 12, 31)))
    assert not report.ok and report.kind == "period"
    assert _check("What was Tesla's revenue in 2023?", _fact(period=FY, fy=2023, fp="FY", report=date(2023, 12, 31))).ok


def test_a_member_row_does_not_answer_the_total_but_a_sole_qualifier_does():
    part = _fact(dims=(Member(axis="srt:ProductOrServiceAxis", member="Automotive Sales"),))
    total = _fact(fid="f2", value="999")
    related = lambda f: [part, total]
    assert _check("What were Tesla's revenues in Q2 2024?", part, related=related).kind == "member"
    assert _check("What were Tesla's automotive sales revenues in Q2 2024?", part, related=related).ok
    sole = _fact(dims=(Member(axis="", member="Subsequent events"),))
    assert _check("What were Tesla's revenues in Q2 2024?", sole, related=lambda f: [sole]).ok


def test_a_change_line_is_not_the_balance_and_held_for_sale_is_not_the_whole():
    change = _fact(concept="us-gaap:IncreaseDecreaseInAccountsPayable", label="Accounts payable", period=H1)
    assert _check("What were Tesla's accounts payable in the first half of 2024?", change).kind == "line"
    assert _check("What was the change in Tesla's accounts payable in the first half of 2024?", change).ok
    hfs = _fact(concept="us-gaap:DisposalGroupIncludingDiscontinuedOperationMedicalCostsPayable",
                label="Disposal group medical costs payable", period=END)
    assert _check("What were Tesla's medical costs payable as of June 30, 2024?", hfs).kind == "line"


def test_prose_numbers_are_never_verified_as_facts():
    report = _check("What were Tesla's revenues in Q2 2024?", _fact(), text_kind="text")
    assert report.kind == "prose"
    assert _check("What were Tesla's revenues in Q2 2024?", _fact(), quoted_prose=True).kind == "prose"


def test_a_follow_up_is_checked_against_the_question_it_continues():
    fy23 = _fact(period=FY, fy=2023, fp="FY", report=date(2023, 12, 31))
    table = {fy23.fact_id: fy23}
    ok = check_fit("and in 2023?", _answer(fy23), lambda ids: [table[i] for i in ids], None, lambda f: [],
                   context="What was Tesla's revenue in 2024?")
    assert ok.ok
    bad = check_fit("and in 2022?", _answer(fy23), lambda ids: [table[i] for i in ids], None, lambda f: [],
                    context="What was Tesla's revenue in 2024?")
    assert bad.kind == "period"


# --- the rules added for held-out questions: each a line item the cited row's own words rule out -----------
def test_a_line_that_prints_another_metric_is_not_the_metric_asked():
    cost = _fact(label="Total cost of revenues", concept="us-gaap:CostOfRevenue",
                 dims=(Member(axis="srt:ProductOrServiceAxis", member="Energy generation and storage"),))
    report = _check("What was Tesla's energy generation and storage revenue in Q2 2024?", cost)
    assert not report.ok and "cost of sales" in report.problems[0]
    sbc_tax = _fact(label="Income tax benefit related to share-based compensation expense", concept="aapl:TaxBenefitSbc",
                    period=FY, fy=2023, fp="FY")
    assert not _check("What was Tesla's provision for income taxes in fiscal 2023?", sbc_tax).ok
    assert _check("What was Tesla's income tax expense in fiscal 2023?",
                  _fact(label="Provision for income taxes", concept="us-gaap:IncomeTaxExpenseBenefit", period=FY, fy=2023, fp="FY")).ok


def test_a_total_including_a_part_is_not_the_part():
    total = _fact(label="Cash, Cash Equivalents, Restricted Cash, Period Increase (Decrease), Including Exchange Rate Effect",
                  concept="us-gaap:CashPeriodIncreaseDecreaseIncludingExchangeRateEffect", period=H1)
    assert not _check("What was Tesla's effect of exchange rate changes on cash in the first half of 2024?", total).ok


def test_a_per_share_figure_or_a_flow_does_not_answer_an_amount_or_a_balance():
    dps = replace(_fact(label="Dividends per share", concept="us-gaap:CommonStockDividendsPerShareDeclared"), unit="USD/shares")
    a = _answer(dps)
    a = replace(a, unit="USD/shares")
    table = {dps.fact_id: dps}
    report = check_fit("What were Tesla's dividends in Q2 2024?", a, lambda ids: [table[i] for i in ids], None)
    assert not report.ok and "per share" in report.problems[0]
    flow = _fact(label="Cash, period increase (decrease)", concept="us-gaap:CashPeriodIncreaseDecrease", period=FY, fy=2023, fp="FY")
    assert not _check("What was Tesla's cash as of year end FY23?", flow).ok


def test_a_qualifier_asked_must_be_said_by_the_line_and_one_the_line_adds_must_be_asked():
    total = _fact(label="Income tax expense (benefit)", concept="us-gaap:IncomeTaxExpenseBenefit", period=FY, fy=2023, fp="FY")
    assert not _check("What was Tesla's current income tax expense in fiscal 2023?", total).ok
    current = _fact(label="Finance lease liabilities", concept="us-gaap:FinanceLeaseLiabilityCurrent", period=END)
    assert not _check("What was Tesla's finance lease liability as of June 30, 2024?", current).ok
    receivable = _fact(label="Accounts receivable, net", concept="us-gaap:AccountsReceivableNetCurrent", period=END)
    assert _check("What were Tesla's accounts receivable as of June 30, 2024?", receivable).ok  # the metric's own concept
    schedule = _fact(label="Financing obligations, future minimum payments due", concept="us-gaap:FinOblig", period=END)
    assert not _check("What are Tesla's financing obligations future minimum payments due in two years as of June 30, 2024?",
                      schedule).ok


def test_year_to_date_through_a_date_is_measured_from_the_fiscal_year_start():
    assert _check("What were Tesla's revenues year to date through June 30, 2024?", _fact(period=H1)).ok
    assert not _check("What were Tesla's revenues year to date through June 30, 2024?", _fact(period=Q2)).ok


# --- questions worded by concept names, members asked, cash moved, scales ---------------------------------
def test_a_question_worded_by_the_cited_concept_fits_whatever_its_label_says():
    recognized = _fact(label="Portion of total net sales that was included in deferred revenue as of the beginning of the period",
                       concept="us-gaap:ContractWithCustomerLiabilityRevenueRecognized")
    assert _check("What was Tesla's contract with customer liability revenue recognized in Q2 2024?", recognized).ok
    # one word more or fewer than the concept is not its name: the label rules apply again
    assert not _check("What was Tesla's contract with customer liability in Q2 2024?", recognized).ok


def test_a_member_the_question_names_is_its_row_not_the_total():
    total = _fact(label="Cost of sales", concept="us-gaap:CostOfGoodsAndServicesSold", value="500")
    services = _fact(fid="f2", label="Cost of sales", concept="us-gaap:CostOfGoodsAndServicesSold", value="120",
                     dims=(Member(axis="srt:ProductOrServiceAxis", member="Services"),))
    related = lambda f: [total, services]
    report = _check("What was Tesla's Services cost of sales in Q2 2024?", total, related=related)
    assert report.kind == "member" and "Services" in report.problems[0]
    assert _check("What was Tesla's Services cost of sales in Q2 2024?", services, related=related).ok
    assert _check("What was Tesla's cost of sales in Q2 2024?", total, related=related).ok


def test_cash_received_or_paid_is_never_a_balance():
    balance = _fact(label="Available For Sale Securities Debt Securities", concept="us-gaap:AvailableForSaleSecuritiesDebtSecurities",
                    period=END)
    report = _check("What were Tesla's proceeds from sale of available for sale securities debt as of June 30, 2024?", balance)
    assert not report.ok and "balance at a date" in report.problems[0]


def test_an_amount_in_millions_is_not_a_rate_but_an_amount_at_a_rate_is_an_amount():
    rate = replace(_fact(label="Foreign tax rate differential", concept="us-gaap:EffectiveIncomeTaxRateReconciliationForeignIncomeTaxRateDifferential",
                         value="-0.012", period=FY, fy=2023, fp="FY"), unit="pure")
    table = {rate.fact_id: rate}
    a = replace(_answer(rate), unit="pure")
    report = check_fit("What was Tesla's foreign income tax rate differential in fiscal 2023? (in USD millions)", a,
                       lambda ids: [table[i] for i in ids], None)
    assert not report.ok and "rate or percentage" in report.problems[0]
    at_rate = _fact(label="Tax expense computed at federal statutory rate", period=FY, fy=2023, fp="FY",
                    concept="us-gaap:IncomeTaxReconciliationIncomeTaxExpenseBenefitAtFederalStatutoryIncomeTaxRate")
    assert _check("How much was Tesla's income tax expense at the federal statutory income tax rate in fiscal 2023?", at_rate).ok


def test_a_qualifier_only_the_concept_says_matters_only_when_the_plain_line_is_reported_too():
    other = _fact(label="Other assets", concept="us-gaap:OtherAssetsNoncurrent", period=END)
    alone = lambda filing, concept: []
    plain = _fact(fid="f9", label="Other assets", concept="us-gaap:OtherAssets", value="900", period=END)
    beside = lambda filing, concept: [plain] if concept == "OtherAssets" else []
    table = {other.fact_id: other}
    ask = lambda reported: check_fit("What were Tesla's other assets as of June 30, 2024?", _answer(other),
                                     lambda ids: [table[i] for i in ids], None, lambda f: [], reported=reported)
    assert ask(alone).ok
    assert not ask(beside).ok


def test_long_term_says_noncurrent_and_a_question_worded_by_the_concept_names_no_member():
    long_term = _fact(label="Long-term marketable securities", concept="us-gaap:MarketableSecuritiesNoncurrent", period=END)
    total = _fact(fid="f9", label="Marketable securities", concept="us-gaap:MarketableSecurities", value="900", period=END)
    table = {long_term.fact_id: long_term}
    report = check_fit("What were Tesla's long-term marketable securities as of June 30, 2024?", _answer(long_term),
                       lambda ids: [table[i] for i in ids], None, lambda f: [],
                       reported=lambda filing, concept: [total] if concept == "MarketableSecurities" else [])
    assert report.ok, report
    whole = _fact(label="Cost of sales", concept="us-gaap:CostOfGoodsAndServicesSold", value="500")
    services = _fact(fid="f2", label="Cost of sales", concept="us-gaap:CostOfGoodsAndServicesSold", value="120",
                     dims=(Member(axis="srt:ProductOrServiceAxis", member="Services"),))
    assert _check("What was the cost of goods and services sold of Tesla in Q2 2024?", whole,
                  related=lambda f: [whole, services]).ok


def test_the_opposite_word_is_never_the_one_word_of_slack():
    finite = _fact(label="Total finite-lived", concept="us-gaap:FinitelivedIntangibleAssetsAcquired1", period=FY, fy=2023, fp="FY")
    report = _check("What were Tesla's indefinite-lived intangible assets acquired in fiscal 2023?", finite)
    assert not report.ok and "indefinite" in report.problems[0]
    assert _check("What were Tesla's finite-lived intangible assets acquired in fiscal 2023?", finite).ok


def test_the_figures_of_a_schedule_row_and_a_total_including_a_part():
    after_ten = _fact(label="Due after 10 years", concept="us-gaap:AvailableForSaleSecuritiesDebtMaturitiesRollingAfterYearTenFairValue",
                      period=END)
    assert not _check("What was Tesla's due after 1 year through 5 years as of June 30, 2024?", after_ten).ok
    assert _check("What was Tesla's due after 10 years as of June 30, 2024?", after_ten).ok
    current = _fact(label="Current portion of long-term debt", concept="us-gaap:LongTermDebtCurrent", period=END)
    report = _check("What was Tesla's total long-term debt including the current portion as of June 30, 2024?", current)
    assert not report.ok and "that part alone" in " ".join(report.problems)
