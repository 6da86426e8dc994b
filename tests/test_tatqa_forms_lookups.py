"""Lookups over a page's table (issue 22): each a general rule, shown on made-up tables through
`filingqa eval --tatqa`'s runner (a real index, the real finder and judge)."""

from __future__ import annotations


from qa.read.sharewords import share_line
from tests.tatqa_pages import question as _question, run_pages as _run_pages


def test_the_share_of_sales_a_line_represents_is_that_line_of_the_table():
    assert share_line("What was the percentage of sales represented by net other income between 2020 and 2021?") == "net other income"
    assert share_line("What was the percentage of revenue from Europe to total net sales in 2021?") == "Europe"
    assert share_line("What was the share of net sales accounted for by Widgets?") == "Widgets"
    assert share_line("What was the percentage of total debt?") is None  # no whole named: no share of it


def test_a_change_in_the_share_of_sales_is_the_line_in_points(tmp_path):
    """'the change in the percentage of sales represented by net other income': the common-size table's line
    'Other income (expense), net', the later year minus the earlier; 'the percentage of sales from Europe to
    total net sales': Europe's '% of Total' column - not a sales line looked for."""
    common = [["", "Year Ended December 31,", ""], ["", "2021", "2020"], ["Sales", "100.0 %", "100.0 %"],
              ["Gross profit", "41.0", "47.5"], ["Operating expenses", "30.2", "25.0"],
              ["Other income (expense), net", "2.4", "0.3"], ["Income before income taxes", "13.2 %", "22.8 %"]]
    regions = [["", "Fiscal Year 2021", "", "Fiscal Year 2020", ""], ["", "Net Sales", "% of Total", "Net Sales", "% of Total"],
               ["Europe", "$412,000", "41.2%", "$396,000", "44.0%"], ["Asia", "588,000", "58.8%", "504,000", "56.0%"],
               ["Total", "$1,000,000", "", "$900,000", ""]]
    first = {"table": {"uid": "t35b-common-0001", "table": common}, "paragraphs": [{"uid": "p1", "order": 1, "text": "Results."}],
             "questions": [_question(1, "What was the change in percentage of sales represented by net other income between "
                                        "2020 and 2021?", 2.1, scale="percent")]}
    second = {"table": {"uid": "t35b-region-0001", "table": regions}, "paragraphs": [{"uid": "p2", "order": 1, "text": "Sales."}],
              "questions": [_question(1, "What was the change in the percentage of sales from Europe to total net sales "
                                         "between 2020 and 2021?", -2.8, scale="percent")]}
    records = _run_pages(tmp_path, first, second)
    assert all(r.right for r in records), [(r.question, r.text[:200]) for r in records]


def test_a_sign_asked_of_the_years_is_a_bound_at_zero():
    """'In which year was X negative?': the years below zero (a rank over the periods with a bound), not a line
    named 'X negative'; a question that is no ask over the periods keeps its words."""
    from qa.read import Reader
    from qa.read.companies import CompanyDirectory
    from qa.read.yearforms import sign_as_bound

    reader = Reader(CompanyDirectory([]))
    plan = reader.read("In which year was Other income (expense), net negative?", scope="p.html")
    assert plan.operation.value == "rank" and plan.extreme == "min" and plan.rank_over == "period"
    assert "negative" not in plan.items[0].text and {"other", "incom"} <= set(plan.items[0].words) and "negat" not in plan.items[0].words
    count = reader.read("How many years was the operating margin positive?", scope="p.html")
    assert count.operation.value == "rank" and count.extreme == "count"
    assert sign_as_bound("What drove the negative cash flow?") == "What drove the negative cash flow?"
    assert sign_as_bound("Which years was net income negative?") == "Which years was net income less than 0?"


def test_net_is_a_word_of_the_line_asked():
    """'net deferred tax assets' is the line 'Net deferred tax assets', not 'Deferred tax assets, net of valuation
    allowance' nor any deferred tax assets line: 'net' is the line's word, unless it qualifies the computation
    ('the net percentage difference in net sales')."""
    from qa.read import Reader
    from qa.read.companies import CompanyDirectory

    reader = Reader(CompanyDirectory([]))
    assert "net" in reader.read("What is the amount of net deferred tax assets in 2021?", scope="p.html").items[0].words
    growth = reader.read("What is the net percentage difference in net sales between 2019 and 2021?", scope="p.html")
    assert growth.items[0].text == "net sales"
    assert "net" in reader.read("What was the Net decrease in cash in 2021?", scope="p.html").items[0].words


def test_quarters_printed_as_words_are_counted_past_a_bound(tmp_path):
    """'How many quarters did X exceed $0.30?' over a quarterly table whose columns are 'First' … 'Fourth' under a
    year line: the quarters of the latest year (none asked), or of the year asked, whose value passes the bound."""
    table = [["", "First", "Second", "Third", "Fourth"], ["2021", "", "", "", ""],
             ["Net sales", "$210,400", "$215,100", "$198,700", "$220,000"],
             ["Basic earnings per share", "$0.42", "$0.18", "$0.27", "$0.39"],
             ["2020", "", "", "", ""], ["Net sales", "$200,100", "$201,900", "$190,200", "$205,500"],
             ["Basic earnings per share", "$0.12", "$0.14", "$0.41", "$0.25"]]
    context = {"table": {"uid": "t35b-quarters-0001", "table": table},
               "paragraphs": [{"uid": "p1", "order": 1, "text": "Quarterly results (in thousands, except per share)."}],
               "questions": [_question(1, "How many quarters did the basic earnings per share exceed $0.35?", 2, "count"),
                             _question(2, "In 2020, how many quarters had basic earnings per share lower than $0.20?", 2,
                                       "count")]}
    records = _run_pages(tmp_path, context)
    for r in records:
        assert r.right and not r.verified, (r.question, r.value, r.text[:300])


def test_a_change_of_a_named_member_the_table_only_totals_is_the_sentence_that_states_it(tmp_path):
    """'the decrease in Northwind net bookings': the table prints only the whole ('Net bookings'), the text states
    the member's change - quoted (never verified), not the whole's change computed from the table."""
    table = [["", "For the Years Ended December 31,", "", ""], ["", "2021", "2020", "Increase (Decrease)"],
             ["Net bookings", "$5,120", "$5,800", "$(680)"], ["In-game net bookings", "$2,300", "$2,710", "$(410)"]]
    paragraphs = [{"uid": "p1", "order": 1, "text": "Net bookings and in-game net bookings were as follows (amounts in millions):"},
                  {"uid": "p2", "order": 2, "text": "The decrease in net bookings for 2021, as compared to 2020, was primarily due to:"},
                  {"uid": "p3", "order": 3, "text": "a $415 million decrease in Northwind net bookings primarily driven by lower "
                                                    "net bookings from its card game, which had no comparable release in 2021 "
                                                    "after its launch in 2020;"}]
    context = {"table": {"uid": "t35b-bookings-0001", "table": table}, "paragraphs": paragraphs,
               "questions": [_question(1, "What was the decrease in Northwind net bookings for 2021, as compared to 2020?",
                                       ["$415"], "span", "million")]}
    records = _run_pages(tmp_path, context)
    for r in records:
        assert r.right and not r.verified, (r.question, r.value, r.text[:300])


def test_a_note_amount_written_out_to_the_dollar_takes_no_table_scale():
    """'$64,000 accrued for interest and penalties': the last three digits printed as 000 say the amount is written
    out in full - the tables' 'in thousands' is not lent to it (it is not $64 million)."""
    from decimal import Decimal

    from index.facts import Chunk
    from qa.find.prosenumbers import ProseNumber
    from qa.resolve.prose import _printed_in_full

    chunk = Chunk(chunk_id="c", filing_id="f", source="s", title="t", kind="text", text="", display="", position=0)
    for printed, value in (("$64,000", 64000), ("$25,153,000", 25153000), ("($39,000)", -39000)):
        assert _printed_in_full(None, ProseNumber(chunk, f"accrued {printed}", printed, Decimal(value), "USD", 1.0, ()))


def test_an_effective_income_tax_rate_line_is_the_rate_not_the_tax_expense(tmp_path):
    """'Effective income tax rate' (the last line of a rate reconciliation) is the effective tax rate asked, not
    income tax expense: 'income tax' followed by 'rate' names no tax amount."""
    from qa.check.lines import metric_in_label

    assert metric_in_label("Effective income tax rate") is None
    assert metric_in_label("Income tax expense").key == metric_in_label("Provision for income taxes").key == "income_tax"
    table = [["Years Ended December 31,", "2021", "2020"], ["Statutory federal income tax rate", "21.0%", "21.0%"],
             ["State and local income tax rate, net of federal tax benefits", "2.9", "3.1"],
             ["Research credits", "(1.4)", "(0.9)"], ["Other, net", "0.3", "(0.2)"], ["Effective income tax rate", "22.8%", "23.0%"]]
    context = {"table": {"uid": "t35b-taxrate-0001", "table": table}, "paragraphs": [{"uid": "p1", "order": 1, "text": "Taxes."}],
               "questions": [_question(1, "What was the effective tax rate in 2021?", ["22.8%"], "span")]}
    for r in _run_pages(tmp_path, context):
        assert r.right, (r.question, r.value, r.text[:300])


def test_net_is_no_word_a_sentence_must_hold():
    """'net interest margin' names a table line by 'net'; a sentence 'the net effect on our gross margin' is not
    about it: the text search's words leave 'net' out (unless it is the only word)."""
    from qa.find.intent import asked_of
    from qa.read import Reader
    from qa.read.companies import CompanyDirectory

    reader = Reader(CompanyDirectory([]))
    plan = reader.read("What was the net interest margin in fiscal 2025?", scope="p.html")
    assert "net" in plan.items[0].words and "net" not in asked_of(plan).tokens
