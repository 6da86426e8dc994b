"""Answers that are words (issue 22): a question asking why, how a figure is worked out or what a line is made
of is answered by the sentence that says it, whatever figures it names; a figure no table row reports is
answered by a sentence that states it for the years asked. Every such answer is a quotation, never verified.

The page is written here (a made-up company's note: a table and its paragraphs), ingested and embedded for
real, and asked within itself, as a user asks about one document."""

from __future__ import annotations

import pytest

from eval.tatqa_pages import context_page
from index.embed import default_embedder
from index.ingest import ingest
from qa.find.passages import asks_amount, asks_in_words

CONTEXT = {
    "table": {"uid": "words-answers-page", "table": [
        ["", "2019", "2018"],
        ["Revenue", "$ 4,210", "$ 3,880"],
        ["Research and development", "612", "540"],
        ["Adjusted EBITDA", "905", "811"],
        ["Distribution costs(1)", "233", "207"],
        ["Interest income", "150", "128"],
    ]},
    "paragraphs": [
        {"order": 1, "text": "The following table sets out selected results of Marlow Instruments (in thousands)."},
        {"order": 2, "text": "Research and development expenses increased in 2019 primarily because we hired forty engineers "
                             "for the new sensor platform and expanded the test laboratory in Leeds."},
        {"order": 3, "text": "Adjusted EBITDA is calculated by adding back depreciation, amortisation and share-based "
                             "payment charges to operating profit."},
        {"order": 4, "text": "In March 2019 the Company acquired a minority stake in Brightwave Optics for $12.5 million "
                             "in cash, funded from existing facilities."},
        {"order": 5, "text": "Working capital consists of inventories and trade receivables less trade payables."},
        {"order": 6, "text": "(1) Include freight, warehousing and fees paid to third-party logistics partners."},
        {"order": 7, "text": "On a milestone contract, Marlow is paid a fixed fee as the customer accepts each stage of "
                             "the installation."},
        {"order": 8, "text": "Net income in 2019 benefited from the lower tax rate of the Irish subsidiary."},
        {"order": 9, "text": "Interest income increased $22 thousand as cash balances earned higher rates."},
        {"order": 10, "text": "See the discussion of segment margins below under “Operating Segments.”"},
        {"order": 11, "text": "There was no material warranty expense in 2019 and 2018."},
        {"order": 12, "text": "Cost of installation revenues consists primarily of technician wages and travel to customer sites."},
        {"order": 13, "text": "As of December 31, 2019, the Company had no accrued penalties related to customs disputes."},
        {"order": 14, "text": "Gross margin decreased in 2019, driven by lower prices in every region. Europe gross margin decreased, "
                              "driven by discounting. Asia gross margin decreased, driven by freight costs. Americas gross margin "
                              "decreased, driven by the product mix."},
        {"order": 15, "text": "Service revenue increased in 2019, primarily due to new maintenance contracts in Ohio."},
        {"order": 16, "text": "Tooling costs are amortised on a straight-line basis over the period of the expected benefit, "
                              "which ranges from 3 to 7 years."},
    ],
    "questions": [],
}


def test_questions_answered_in_words_are_told_from_the_ones_asking_a_figure():
    for q in ("Why did revenue increase by 14% from 2018 to 2019?", "How is adjusted EBITDA calculated?",
              "What does working capital consist of?", "What was the main reason for the decrease in margin?",
              "Where are personnel expenses included?", "How often are the assumptions reviewed?",
              "In 2019, why did the gross margin decrease?", "What is the increase in inventory due to?",
              "Were there any impairment charges in 2019?", "What does cost of services consists primarily of?",
              "What are selling expenses comprised mainly of?"):
        assert asks_in_words(q), q
    for q in ("What was the revenue in 2019?", "How much did revenue increase by?", "What was the amount due to related parties?",
              "What was net income attributable to shareholders in 2019?", "How long is the amortization period?",
              "What is the percentage change in adjusted EBITDA?"):
        assert not asks_in_words(q), q
    for q in ("How much did revenue increase by?", "What was the amount of goodwill in 2019?", "How many stores were opened?",
              "What percentage of revenue was spent on research?"):
        assert asks_amount(q), q
    for q in ("What is the company paid on a milestone contract?", "What results in deferred income taxes?"):
        assert not asks_amount(q), q


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("words-answers")
    made = context_page(CONTEXT)
    (folder / "pages").mkdir()
    (folder / "pages" / made.name).write_text(made.html, encoding="utf-8")
    report = ingest([folder / "pages"], folder / "idx", default_embedder("query"))
    assert report.ok, report.errors
    return folder / "idx", made.name


def _ask(page, question):
    from qa import ask

    where, name = page
    return ask(question, index=where, within=name)


@pytest.mark.parametrize("question, says", [
    # read as a change of a table row, but asked why: the sentence, not the difference of two cells
    ("Why did research and development expenses increase in 2019?", "hired forty engineers"),
    # a formula the lexicon knows, asked how it is worked out
    ("How is Adjusted EBITDA calculated?", "adding back depreciation"),
    ("What does working capital consist of?", "inventories and trade receivables less trade payables"),
    # what a table line holds is said by the footnote its marker points to, not by its figures
    ("What is included in distribution costs?", "freight, warehousing"),
    # 'where can … be found': the frame words are not what the sentence must hold
    ("Where can the discussion of segment margins be found?", "Operating Segments"),
    # whether there was any is said in words, not by a table figure
    ("Was there a material warranty expense in 2019 and 2018?", "no material warranty expense"),
    ("What does cost of installation revenues consist primarily of?", "technician wages"),
    # a reason told over four sentences, one a region: quoted whole
    ("Why did gross margin decrease in 2019?", "Americas gross margin decreased, driven by the product mix"),
    # the words that ask for a reason ('the main reason') are not words the sentence giving it holds
    ("What was the main reason for the increase in service revenue?", "new maintenance contracts in Ohio"),
    # a figure asked that the text says there was none of: that sentence, quoted (no table line holds it)
    ("What was the amount of accrued penalties related to customs disputes as of December 31, 2019?", "no accrued penalties"),
])
def test_a_question_asked_in_words_quotes_the_sentence_that_answers(page, question, says):
    a = _ask(page, question)
    assert not a.abstained and says in a.text and not a.verified, a.text
    assert a.citations and a.citations[0].kind == "text"


def test_how_long_asks_a_duration_the_sentence_states_without_the_word_long(page):
    a = _ask(page, "How long is the period of expected benefit?")
    assert not a.abstained and "3 to 7 years" in a.text and not a.verified, a.text


def test_a_figure_no_table_row_reports_is_quoted_from_the_sentence_that_states_it(page):
    a = _ask(page, "How much did the Company invest in Brightwave Optics in 2019?")
    assert not a.abstained and "$12.5 million" in a.text and not a.verified, a.text
    # the text states that figure for 2019 only: asked for another year, nothing answers
    other = _ask(page, "How much did the Company invest in Brightwave Optics in 2017?")
    assert other.abstained or "2017" in other.text and "$12.5 million" not in other.text, other.text


def _row(label: str, row: int, value: str = "1", title: str = "Balance sheet") -> "Fact":
    from decimal import Decimal

    from index.facts import Fact

    return Fact(fact_id=f"{title}|{row}", filing_id="f", source="p.html", title=title, label=label, raw=value,
                value=Decimal(value), unit="GBP", row_label=label.split(": ")[-1], row_index=row, column_index=1)


def test_the_components_of_a_total_are_the_rows_above_it_back_to_the_previous_total():
    from qa.resolve.components import components_asked, table_components

    rows = [_row("Property", 1), _row("Software", 2), _row("Total non-current assets", 3), _row("Stock", 4),
            _row("Receivables", 5), _row("Cash at bank", 6), _row("Total current assets", 7),
            _row("Trade payables", 8), _row("Accruals", 9), _row("Net current assets", 10)]
    assert components_asked("What were the components making up current assets?") == "current assets"
    assert components_asked("What financial items does net debt consist of?") == "net debt"
    assert components_asked("What financial items are listed in the table?") == ""
    assert components_asked("What was revenue in 2019?") is None
    listed = lambda line: [f.label for f in table_components(rows, line)]  # noqa: E731
    assert listed("current assets") == ["Stock", "Receivables", "Cash at bank"]
    assert listed("non-current assets") == ["Property", "Software"]
    assert listed("goodwill") == []  # no such line: no list
    assert "Total current assets" not in listed("") and len(listed("")) == 7  # every line that is not a total
    # the rows a table files under a heading ('Deferred tax liabilities: Other') belong to that heading's total
    heads = [_row("Deferred tax assets: Other", 1), _row("Net deferred tax assets", 2), _row("Goodwill", 3),
             _row("Deferred tax liabilities: Other", 4), _row("Gross deferred tax liabilities", 5)]
    assert [f.row_label for f in table_components(heads, "deferred tax liabilities")] == ["Goodwill", "Other"]


def test_a_quoted_figure_names_the_part_of_the_year_asked():
    from qa.plan import PeriodAsk
    from qa.resolve.text import _says_periods

    year, quarter = PeriodAsk("in", 2024), PeriodAsk("quarter", 2025, quarter=1)
    assert _says_periods("Revenue was $509,589 in 2024.", (year,))
    assert not _says_periods("Revenue was $509,589 in 2024.", (quarter,))
    assert not _says_periods("Results announced April 16, 2025: revenue of $509,589 for the year.", (quarter,))
    assert _says_periods("Revenue for the first quarter of 2025 was $120,400.", (quarter,))


def test_a_quoted_figure_names_the_date_and_the_span_of_a_period_ended_on_a_date():
    from datetime import date

    from qa.plan import PeriodAsk
    from qa.resolve.text import _says_periods

    quarter = PeriodAsk("months", 2025, day=date(2025, 6, 28), months=3)
    nine = PeriodAsk("months", 2025, day=date(2025, 3, 29), months=9)
    # a sentence of another date, or of other spans ending on the date asked, does not answer
    assert not _says_periods("As of March 29, 2025, the company had deferred revenue of $13.6 billion.", (quarter,))
    assert not _says_periods("Net sales for the three and six months ended March 29, 2025 were $95.4 billion "
                             "and $219.7 billion.", (nine,))
    assert _says_periods("Net sales for the three months ended June 28, 2025 were $94.0 billion.", (quarter,))
    assert _says_periods("For the nine months ended March 29, 2025, net sales rose to $310 billion.", (nine,))
    assert _says_periods("Sales in the quarter ended Jun. 28, 2025 were $94.0 billion.", (quarter,))


def test_a_question_no_table_line_matches_is_answered_by_the_sentence_that_says_it(page):
    # read as a figure ('paid'), but no line of the table holds its words and it asks no amount: the sentence says it
    a = _ask(page, "What is the company paid on a milestone contract?")
    assert not a.abstained and "fixed fee as the customer accepts each stage" in a.text and not a.verified, a.text
    # a line the table reports, asked for a year it does not: still no answer, not a quote of some sentence
    assert _ask(page, "What was the revenue in 2016?").abstained
    # a line item's figure the tables do not report ('net income'): a sentence about it, stating none, does not answer
    assert _ask(page, "What was the net income in 2019?").abstained
    # asked how much, with no sentence stating an amount for it: nothing answers
    assert _ask(page, "How much was Marlow paid on milestone contracts in 2019?").abstained


def test_what_the_only_table_shows_is_said_by_the_words_that_introduce_it(page):
    from qa.resolve.tablesubject import asks_table_subject, introduction

    assert asks_table_subject("What does the table show?") and asks_table_subject("What financial information does the table show?")
    assert not asks_table_subject("What was the revenue shown in the table for 2019?")
    # the last line above the table that introduces it, with its heading; column headers are not sentences
    assert introduction(["Note 4. Leases", "Lease costs consisted of the following:", "Year Ended June 30,"]) == [
        "Note 4. Leases", "Lease costs consisted of the following:"]
    # nothing above it says so: a sentence below that names what the table shows
    assert introduction(["Segment assets"], ["The following table shows assets by segment.", "Other."]) == [
        "The following table shows assets by segment."]
    a = _ask(page, "What does the table show?")
    assert not a.abstained and not a.verified and "selected results of Marlow Instruments" in a.text, a.text


def test_the_figure_a_quoted_sentence_states_for_what_was_asked():
    from decimal import Decimal

    from qa.find.prosenumbers import stated_figure
    from qa.lexicon.words import canonical_tokens

    said = "Since 2017 the retention rate has been held at 85%, while up to 10% of staff may leave early."
    assert stated_figure(said, canonical_tokens("retention rate"), "percent") == ("85%", Decimal("0.85"), "pure")
    # the first figure after the words asked, of the kind asked; the year is no figure
    cash = "In March 2019 the Company paid a deposit of 40 units and $3,200,000 in cash to the landlord."
    assert stated_figure(cash, canonical_tokens("deposit paid"), "money") == ("$3,200,000", Decimal("3200000"), "USD")
    assert stated_figure(cash, canonical_tokens("deposit paid"), None)[1] == 40
    # by how much a line moved, stated as a percentage
    assert stated_figure("Retail sales grew by 4.2% in 2019.", canonical_tokens("retail sales"), "money", moved=True)[0] == "4.2%"
    assert stated_figure("Retail sales grew by 4.2% in 2019.", canonical_tokens("retail sales"), "money") is None
    assert stated_figure("Nothing here is about it: 12 units.", canonical_tokens("retail sales"), None) is None


def test_a_movement_asked_of_a_line_the_table_prints_is_the_one_the_text_states(page):
    # 'the increase in X' read as X's figure: the table gives the figure itself, the text states the increase
    a = _ask(page, "What was the increase in interest income?")
    assert not a.abstained and not a.verified and "$22 thousand" in a.text and a.value == 22000, a.text
