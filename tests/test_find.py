"""The finder's eligibility rules, on lines written as filings print them: which lines may answer a
line item at all, before any scoring."""

from __future__ import annotations

from decimal import Decimal

from index.facts import Fact
from qa.find.candidates import MIN_RECALL, _eligible
from qa.find.features import coverage, line_features
from qa.plan import Output
from qa.read.items import line_item


def _line(label: str, concept: str = "") -> Fact:
    return Fact(fact_id=label, filing_id="x", source="s.xml", title="Statements of Comprehensive Income", label=label,
                raw="1", value=Decimal(1), unit="USD", concept=concept)


def _eligible_for(asked: str, f: Fact) -> bool:
    item = line_item(asked)
    return _eligible(item, f, line_features(item, f, Output()))


def test_the_rest_of_a_line_is_not_the_line_unless_asked():
    rest = _line("Other comprehensive income (loss)", "us-gaap:OtherComprehensiveIncomeLossNetOfTax")
    assert not _eligible_for("comprehensive income", rest)
    assert _eligible_for("other comprehensive income", rest)
    assert _eligible_for("comprehensive income", _line("Comprehensive income", "us-gaap:ComprehensiveIncomeNetOfTax"))
    # a heading carried onto the row is not the row's name
    assert _eligible_for("interest income", _line("Other income (expense): Interest income"))


def test_including_a_holders_portion_leaves_out_each_holders_part():
    asked = "comprehensive income including the portion attributable to noncontrolling interest"
    assert not _eligible_for(asked, _line("Comprehensive income attributable to parent", "us-gaap:ComprehensiveIncomeNetOfTax"))
    assert not _eligible_for("net income including the portion attributable to noncontrolling interest",
                             _line("Net income available to common stockholders, basic",
                                   "us-gaap:NetIncomeLossAvailableToCommonStockholdersBasic"))
    assert not _eligible_for(asked, _line("Comprehensive income attributable to noncontrolling interests",
                                          "us-gaap:ComprehensiveIncomeNetOfTaxAttributableToNoncontrollingInterest"))
    assert _eligible_for(asked, _line("Comprehensive income, including portion attributable to noncontrolling interest",
                                      "us-gaap:ComprehensiveIncomeNetOfTaxIncludingPortionAttributableToNoncontrollingInterest"))


def test_the_cheap_coverage_drops_exactly_the_lines_the_features_would():
    """Lines dropped on coverage alone (before the costly features) are ones _eligible refuses anyway."""
    item = line_item("research and development expense")
    for label in ("Research and development", "Selling, general and administrative", "Total operating expenses",
                  "Development costs", "Research and development expense, share-based"):
        f = _line(label)
        cover = coverage(item, f)
        if not cover.metric_concept and cover.recall < MIN_RECALL:
            assert not _eligible(item, f, line_features(item, f, Output(), cover=cover)), label


def test_a_prose_number_the_reader_already_scaled_is_not_scaled_again():
    """'$568' read as 568,000,000 (its sentence said 'in millions'): a table cell printing a sibling
    at millions must not multiply it by a million once more."""
    from index.facts import Chunk
    from qa.find.prosenumbers import ProseNumber
    from qa.resolve.prose import prose_scale

    chunk = Chunk(chunk_id="c", filing_id="f", source="s", title="t", kind="text", text="", display="", position=0)
    scaled = ProseNumber(chunk, "in millions … $568", "$568", Decimal("568000000"), "USD", 1.0, (("$689", Decimal(689), "USD"),))
    assert prose_scale(None, scaled).scale == 0


def test_a_label_that_is_the_metric_in_the_lexicons_words_says_it_exactly():
    """'Net earnings attributable to UnitedHealth Group common shareholders' is net income said exactly,
    as 'Net earnings' is: the lexicon's first concept then decides, not the shorter label."""
    item = line_item("net income")
    parent = _line("Net earnings attributable to UnitedHealth Group common shareholders", "us-gaap:NetIncomeLoss")
    whole = _line("Net earnings", "us-gaap:ProfitLoss")
    minority = _line("Net earnings attributable to noncontrolling interests", "us-gaap:NetIncomeLossAttributableToNoncontrollingInterest")
    assert line_features(item, parent, Output()).label_exact == 1.0
    assert line_features(item, whole, Output()).label_exact == 1.0
    assert line_features(item, minority, Output()).label_exact == 0.0
    assert line_features(item, parent, Output()).metric_rank > line_features(item, whole, Output()).metric_rank


def test_the_line_that_says_it_moved_answers_a_movement():
    from dataclasses import replace as with_

    item = line_item("cash, cash equivalents and restricted cash")
    moved = _line("Cash, Cash Equivalents, Restricted Cash, and Restricted Cash Equivalents, Period Increase (Decrease), "
                  "Including Exchange Rate Effect", "us-gaap:CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalentsPeriodIncreaseDecreaseIncludingExchangeRateEffect")
    asked_moved = line_features(item, moved, with_(Output(), movement=True))
    assert asked_moved.precision == 1.0 and asked_moved.change_line == 0.0
    assert line_features(item, moved, Output()).precision < 1.0


def test_a_line_moving_the_other_way_is_not_the_line_asked():
    """A roll-forward prints 'Increases …' and 'Decreases …' with the same other words: the question's direction
    word decides, though it is an operation word everywhere else."""
    from qa.find.score import score

    item = line_item("increases in tax positions for prior years")
    up = _line("Increases in tax positions for prior years", "us-gaap:UnrecognizedTaxBenefitsIncreasesResultingFromPriorPeriodTaxPositions")
    down = _line("Decreases in tax positions for prior years", "us-gaap:UnrecognizedTaxBenefitsDecreasesResultingFromPriorPeriodTaxPositions")
    assert score(line_features(item, up, Output())) > score(line_features(item, down, Output()))
    assert line_features(line_item("reductions for tax positions"), _line("Additions for tax positions"), Output()).qualifiers == 1.0
    both = _line("Increase (decrease) in accounts payable")  # a line saying both directions moves either way
    assert line_features(line_item("decrease in accounts payable"), both, Output()).qualifiers == 0.0


def test_a_sign_printed_beside_a_name_is_not_a_word_the_question_must_say():
    """'Other comprehensive income (loss)' answers 'other comprehensive income' as fully as 'Comprehensive income'
    answers 'comprehensive income': the '(loss)' says which way it may go."""
    item = line_item("other comprehensive income")
    assert line_features(item, _line("Other comprehensive income (loss)"), Output()).precision == 1.0
    assert line_features(item, _line("Other comprehensive loss"), Output()).precision < 1.0
