"""TAT-QA's one-cell, several-values and 'respectively' forms (issue 22, session 36): each a general rule
over a made-up page, asked within it the way eval.tatqa asks."""

from __future__ import annotations

from tests.tatqa_pages import page, question, run_pages


def test_the_kind_of_share_said_inside_earnings_per_share_names_that_line(tmp_path):
    """'earnings per common diluted share' is diluted EPS: the row 'Earnings per common share — Diluted',
    not a basic row nor a line of earnings to shareholders."""
    context = page("t36b-eps-0001", [
        ["", "For the years ended", "", ""], ["", "June 30, 2020", "June 30, 2019", "June 30, 2018"],
        ["Net income", "$41,100", "$38,200", "$90,500"],
        ["Distributed earnings to common holders -- Basic", "40,500", "37,900", "89,800"],
        ["Weighted average shares outstanding — Basic", "10,000", "10,200", "10,300"],
        ["Earnings per common share — Basic", "$4.05", "$3.72", "$8.72"],
        ["Earnings per common share — Diluted", "$4.01", "$3.70", "$8.60"]],
                   ["Earnings per share of the gizmo company were as follows:"],
                   question(1, "What is the earnings per common diluted share for fiscal years 2020 to 2018 respectively?",
                            ["$4.01", "$3.70", "$8.60"], "multi-span"),
                   question(2, "What is the earnings per common basic share for fiscal years 2020 to 2018 respectively?",
                            ["$4.05", "$3.72", "$8.72"], "multi-span"))
    records = run_pages(tmp_path, context)
    for r in records:
        assert r.right, (r.question, r.text)


def test_a_bare_year_after_a_dated_year_is_that_period_of_its_year():
    from qa.read.periods import read_periods

    asks, _ = read_periods("What is the gizmo rate for the years ended June 30, 2018, and 2019, respectively?")
    assert [(a.relation, a.day.isoformat(), a.months) for a in asks] == [("months", "2018-06-30", 12), ("months", "2019-06-30", 12)]
    asks, _ = read_periods("What was gizmo revenue in 2018 and 2019?")
    assert [(a.relation, a.day) for a in asks] == [("in", None), ("in", None)]


def test_a_row_that_is_only_the_names_asked_answers_for_its_tables_subject(tmp_path):
    """Rows named by currency alone under a paragraph about weighted-average rates: 'the weighted-average exchange
    rate for Gizmo Crown ... respectively' is each year's 'Gizmo Crown' row (the label's 'weighted-average' is no mean)."""
    context = page("t36b-rates-0001", [
        ["", "Years ended December 31,", ""], ["", "2019", "2018"],
        ["Widget Mark", "9.46", "8.70"], ["Gizmo Crown", "109.01", "110.43"], ["Sprocket Peso", "1,165.70", "1,100.50"]],
                   ["The weighted-average exchange rates to the U.S. dollar were as follows:"],
                   question(1, "What is the weighted-average exchange rate for Gizmo Crown for the years ended December 31, "
                               "2018, and 2019, respectively?", ["110.43", "109.01"], "multi-span"),
                   question(2, "What are the weighted-average exchange rates for Gizmo Crown and Sprocket Peso for the year "
                               "ended December 31, 2018, respectively?", ["110.43", "1,100.50"], "multi-span"))
    records = run_pages(tmp_path, context)
    for r in records:
        assert r.right and not r.verified, (r.question, r.text)


def test_a_country_row_answers_for_its_country_not_the_total(tmp_path):
    """'the gizmo income in the United States in 2020 and 2019 respectively' over rows 'United States', 'Foreign',
    'Total' under a paragraph naming the gizmo income: the country's row, not the total line."""
    context = page("t36b-place-0001", [
        ["", "", "Year Ended December 31", ""], ["", "2020", "2019", "2018"],
        ["United States", "$71.4", "$66.2", "$48.1"], ["Foreign", "0.6", "0.2", "(0.3)"], ["Total", "$72.0", "$66.4", "$47.8"]],
                   ["9. GIZMO TAX",
                    "The following table summarizes our U.S. and foreign components of gizmo "
                    "income from operations before income taxes (in millions):"],
                   question(1, "What are the gizmo income from operations before income taxes in the United States in 2020 and 2019 "
                               "respectively?", ["$71.4", "$66.2"], "multi-span", "million"))
    records = run_pages(tmp_path, context)
    assert records[0].right, records[0].text
