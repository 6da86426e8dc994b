"""Which period a sentence ties each of its numbers to (index.parsers.prose.sentence_numbers): the mentions the
index keeps, and what quotes and prose answers read. Sentences written here, in the forms filings use."""

from __future__ import annotations

from decimal import Decimal

from index.parsers.prose import sentence_numbers


def _years(sentence: str) -> list[tuple[Decimal, tuple[int, ...]]]:
    return [(value, tuple(p.end.year for p in dates)) for _, value, _, dates in sentence_numbers(sentence).numbers]


def test_parallel_lists_pair_each_amount_with_its_date():
    got = _years("Expenses were RMB 2,573 and RMB 616 as of December 31, 2021 and 2022, respectively.")
    assert got == [(Decimal("2573"), (2021,)), (Decimal("616"), (2022,))]


def test_one_date_dates_every_amount_of_the_sentence():
    assert _years("The Company had 1,234 employees (as of December 31, 2019).") == [(Decimal("1234"), (2019,))]
    assert _years("Revenue was $4.2 million for 2020.") == [(Decimal("4200000"), (2020,))]


def test_a_prior_year_comparative_in_parentheses_dates_only_its_own_figure():
    # 'was $9.8 million (2018: $6.6 million)': the outer figure is this year's, which the sentence does not name
    assert _years("Net loss after tax was $(9.8) million (2018: $6.6 million).") == [
        (Decimal("9800000"), ()), (Decimal("6600000"), (2018,))]
    # with this year named outside, each figure has its own year
    assert _years("Revenue was $12.5 million in 2019 (2018: $10.1 million).") == [
        (Decimal("12500000"), (2019,)), (Decimal("10100000"), (2018,))]


def test_dates_written_day_first_and_amounts_in_short_scale_words():
    assert _years("The maximum exposure to credit risk at 31 March 2019 was £59.1m (2018: £56.5m).") == [
        (Decimal("59100000"), (2019,)), (Decimal("56500000"), (2018,))]
    assert _years("Cash of $3.2bn was held, and 10m shares were issued.") == [(Decimal("3200000000"), ()), (Decimal("10"), ())]
