"""Line-item scoring (qa/match.py): which reported line the question's words name.

Questions are worded by printed labels, by members, and by XBRL concept names
('comprehensive income net of tax'); each case pits the right line against a near miss."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

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


def test_a_question_worded_by_a_concept_finds_that_concept():
    right = _fact("Comprehensive Income (Loss), Net of Tax, Attributable to Parent", "us-gaap:ComprehensiveIncomeNetOfTax")
    near = _fact("Other comprehensive income (loss)", "us-gaap:OtherComprehensiveIncomeLossNetOfTax")
    assert _best("comprehensive income net of tax", right, near) is right
    loss = _fact("Net income", "us-gaap:NetIncomeLoss")
    assert score_line_item(tuple(canonical_tokens("net income loss")), loss, "money").recall >= 0.9


def test_a_printed_label_beats_a_concept_that_merely_contains_the_words():
    printed = _fact("Net deferred tax asset (1)", "us-gaap:DeferredTaxAssetsLiabilitiesNet")
    by_concept = _fact("Total deferred tax assets", "us-gaap:DeferredTaxAssetsNet")
    assert _best("net deferred tax asset", printed, by_concept) is printed


def test_a_member_the_question_names_beats_the_total_whose_concept_contains_it():
    total = _fact("Cost of sales", "us-gaap:CostOfGoodsAndServicesSold")
    services = _fact("Cost of sales", "us-gaap:CostOfGoodsAndServicesSold", dims=("Services",))
    assert _best("Services cost of sales", total, services) is services
    assert _best("cost of sales", total, services) is total


def test_figures_printed_in_a_label_are_detail_not_words_of_the_line():
    common = _fact("Common stock ($0.01 par value; 100,000 shares authorized; 10,644 shares issued)", "us-gaap:CommonStockValue")
    treasury = _fact("Treasury Stock, Common, Value", "us-gaap:TreasuryStockCommonValue")
    assert _best("common stock", common, treasury) is common


def test_what_a_label_takes_out_still_counts_as_said():
    net = _fact("Deferred tax assets, net of valuation allowance", "us-gaap:DeferredTaxAssetsNet")
    allowance = _fact("Deferred tax assets, valuation allowance", "us-gaap:DeferredTaxAssetsValuationAllowance")
    assert _best("deferred tax assets net of valuation allowance", net, allowance) is net


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
