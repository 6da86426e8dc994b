"""Line-item scoring (qa/match.py): which reported line the question's words name.

Questions are worded by printed labels, by members, and by XBRL concept names
('comprehensive income net of tax'); each case pits the right line against a near miss."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from index.facts import Fact, Member, Period
from qa.match import label_says_exactly, names_concept, score_line_item
from qa.vocabulary import canonical_tokens

END = Period(end=date(2022, 12, 31))


def _fact(label: str, concept: str, dims: tuple[str, ...] = (), value: str = "1") -> Fact:
    return Fact(fact_id=label + concept, filing_id="x", source="t.xml", title="Balance Sheet", label=label, raw=value,
                value=Decimal(value), unit="USD", period=END, concept=concept,
                dimensions=tuple(Member(axis="srt:ProductOrServiceAxis", member=m) for m in dims))


def _best(question: str, *facts: Fact) -> Fact:
    q = tuple(canonical_tokens(question))
    return max(facts, key=lambda f: score_line_item(q, f, "money").score)


_CONCEPT = "us-gaap:CostOfGoodsAndServicesSold"
CASES = {  # question: (the line it names, a near miss)
    "worded by a concept": ("comprehensive income net of tax",
                            _fact("Comprehensive Income (Loss), Net of Tax, Attributable to Parent", "us-gaap:ComprehensiveIncomeNetOfTax"),
                            _fact("Other comprehensive income (loss)", "us-gaap:OtherComprehensiveIncomeLossNetOfTax")),
    "a printed label beats a concept that merely contains the words": (
        "net deferred tax asset", _fact("Net deferred tax asset (1)", "us-gaap:DeferredTaxAssetsLiabilitiesNet"),
        _fact("Total deferred tax assets", "us-gaap:DeferredTaxAssetsNet")),
    "a member named beats the total whose concept contains it": (
        "Services cost of sales", _fact("Cost of sales", _CONCEPT, dims=("Services",)), _fact("Cost of sales", _CONCEPT)),
    "no member named: the total": (
        "cost of sales", _fact("Cost of sales", _CONCEPT), _fact("Cost of sales", _CONCEPT, dims=("Services",))),
    "figures printed in a label are detail, not words of the line": (
        "common stock", _fact("Common stock ($0.01 par value; 100,000 shares authorized; 10,644 shares issued)", "us-gaap:CommonStockValue"),
        _fact("Treasury Stock, Common, Value", "us-gaap:TreasuryStockCommonValue")),
    "what a label takes out still counts as said": (
        "deferred tax assets net of valuation allowance", _fact("Deferred tax assets, net of valuation allowance", "us-gaap:DeferredTaxAssetsNet"),
        _fact("Deferred tax assets, valuation allowance", "us-gaap:DeferredTaxAssetsValuationAllowance")),
}


@pytest.mark.parametrize("case", CASES)
def test_the_line_the_words_name_beats_its_near_miss(case):
    question, right, near = CASES[case]
    assert _best(question, right, near) is right


def test_net_income_loss_is_said_by_the_net_income_concept():
    loss = _fact("Net income", "us-gaap:NetIncomeLoss")
    assert score_line_item(tuple(canonical_tokens("net income loss")), loss, "money").recall >= 0.9


def test_a_label_says_the_question_exactly_or_not():
    toks = tuple(canonical_tokens("income tax benefit"))
    assert label_says_exactly(toks, _fact("Income tax benefit", "us-gaap:X"))
    assert not label_says_exactly(toks, _fact("Provision for income taxes", "us-gaap:IncomeTaxExpenseBenefit"))


def test_a_concept_spelled_word_for_word_wins_over_one_that_only_reads_the_same():
    profit = _fact("Net Income (Loss), Including Portion Attributable to Noncontrolling Interest", "us-gaap:ProfitLoss")
    parent = _fact("Net income attributable to common stockholders", "us-gaap:NetIncomeLoss")
    assert names_concept("profit loss", profit) and not names_concept("profit loss", parent)
    q = tuple(canonical_tokens("profit loss"))  # both read as net income once stemmed
    assert score_line_item(q, profit, "money", named=True).score > score_line_item(q, parent, "money").score
    assert names_concept("comprehensive income net of tax in fiscal", _fact("Comprehensive income", "us-gaap:ComprehensiveIncomeNetOfTax"))
