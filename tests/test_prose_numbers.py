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


def test_a_year_written_right_after_an_amount_dates_that_amount():
    assert _years("Net loss narrowed from $7.79 million in 2023 to $4.90 million in 2024.") == [
        (Decimal("7790000"), (2023,)), (Decimal("4900000"), (2024,))]
    assert _years("Revenue was $509,589 in fiscal 2024, a 234% increase compared to $152,430 in 2023.")[::2] == [
        (Decimal("509589"), (2024,)), (Decimal("152430"), (2023,))]
    # one amount for a list of years is no amount of the first year alone
    assert _years("Expenses were $1.2 million in 2019 and 2018, respectively.") == [(Decimal("1200000"), ())]


def test_the_figure_a_quote_states_is_the_one_of_the_year_asked():
    from qa.find.prosenumbers import stated_figure

    sentence = "Net loss attributable to the company narrowed from $7.79 million in 2023 to $4.90 million in 2024."
    words = ("net", "loss")
    assert stated_figure(sentence, words, "money", years=frozenset({2024}))[1] == Decimal("4900000")
    assert stated_figure(sentence, words, "money", years=frozenset({2023}))[1] == Decimal("7790000")


def test_dates_written_day_first_and_amounts_in_short_scale_words():
    assert _years("The maximum exposure to credit risk at 31 March 2019 was £59.1m (2018: £56.5m).") == [
        (Decimal("59100000"), (2019,)), (Decimal("56500000"), (2018,))]
    assert _years("Cash of $3.2bn was held, and 10m shares were issued.") == [(Decimal("3200000000"), ()), (Decimal("10"), ())]



def _numbers_asked(notes: str, company: str, question: str, calendar=None) -> list[Decimal]:
    """The numbers prose_numbers ties to the question's period in one note of ``company`` (its fiscal calendar
    ``calendar``, or none known)."""
    from index.facts import Chunk
    from qa.find.passages import Passage, asked_of
    from qa.find.prosenumbers import prose_numbers
    from qa.read import Reader
    from qa.read.companies import CompanyDirectory

    chunk = Chunk(chunk_id="c1", filing_id="f1", source="r.htm", title="Notes", kind="text", text=notes,
                  display=notes, position=0, entity=company)
    asked = asked_of(Reader(CompanyDirectory([(company, "1", "CO")])).read(question))
    found = prose_numbers([Passage(chunk, 1.0, 1, 1)], asked, *([lambda c: calendar] if calendar else []))
    return [pn.value for pn in found]


def test_a_date_the_prose_states_is_placed_in_the_filers_fiscal_year():
    # A retailer whose fiscal 2024 ends on February 2, 2025: "at the end of fiscal 2024" is the first date of the
    # sentence, not January 28, 2024 (which ends fiscal 2023); with no calendar known, the calendar year is assumed.
    from qa.fiscal import FiscalCalendar

    sentence = ("Unrecognized tax benefits that would affect our effective tax rate were $509 million, $568 million "
                "and $537 million at February 2, 2025, January 28, 2024 and January 29, 2023, respectively.")
    question = "What were Retailer's unrecognized tax benefits that would affect the effective tax rate at the end of fiscal 2024?"
    retailer = FiscalCalendar(year_end=(2, 2), offset=-1, known=True)
    assert _numbers_asked(sentence, "Retailer Inc.", question, retailer)[:1] == [Decimal("509000000")]
    assert _numbers_asked(sentence, "Retailer Inc.", question)[:1] == [Decimal("568000000")]


def test_a_year_the_prose_names_alone_stays_that_year_under_any_calendar():
    # 'Fiscal 2015 includes ...' names fiscal 2015: its calendar-year stand-in (ending December 31, 2015) must not be
    # moved into fiscal 2016 by a calendar whose year ends in June
    from qa.fiscal import FiscalCalendar

    notes = ("Fiscal 2016 includes $9.9 million of pre-tax legal expense relating to the patent litigation. "
             "Fiscal 2015 includes $3.1 million of pre-tax legal expense relating to the patent litigation.")
    june = FiscalCalendar(year_end=(6, 30), offset=0, known=True)
    assert _numbers_asked(notes, "Maker Inc.", "How much was the pre-tax legal expense relating to the patent litigation "
                          "during fiscal 2016?", june) == [Decimal("9900000")]


def test_a_percentage_written_in_words_is_a_percentage_and_a_fall_is_negative():
    from qa.find.prosenumbers import stated_figure

    sentence = "Comparable store net sales for the quarter decreased 0.7 percent from the prior year's quarter."
    assert [t for t, *_ in sentence_numbers(sentence).numbers] == ["0.7%"]
    assert stated_figure(sentence, ("compar", "store", "sale"), "money", moved=True) == ("0.7%", Decimal("-0.007"), "pure")
    rose = "Online sales increased 1.1 per cent to $46.6 million for the quarter."
    assert stated_figure(rose, ("onlin", "sale"), "money", moved=True) == ("1.1%", Decimal("0.011"), "pure")
