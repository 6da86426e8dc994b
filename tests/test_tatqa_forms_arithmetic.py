"""Arithmetic forms of TAT-QA (issue 22): each a general rule over a made-up page."""

from __future__ import annotations

from tests.tatqa_pages import question as _question, run_pages as _run_pages

NET_TABLE = [["", "2020", "2019"], ["Deferred tax assets:", "", ""],
             ["Loss carry-forwards", "$500", "$400"], ["Accrued bonuses", "300", "200"],
             ["Total deferred tax assets", "800", "600"], ["Less: valuation allowance", "(700)", "(350)"],
             ["Deferred tax liabilities:", "", ""], ["Prepaid royalties", "(20)", "(10)"],
             ["Total deferred tax liabilities", "(20)", "(10)"], ["Net deferred tax assets", "$80", "$240"]]


def test_the_net_line_asked_is_the_net_row_beside_a_total_of_the_same_words(tmp_path):
    """'the net deferred tax assets': not 'Total deferred tax assets' (before the allowance and the
    liabilities), but the table's 'Net deferred tax assets' for the same years; 'X, net' beside 'X, gross'."""
    gross = [["", "2020", "2019"], ["Machinery", "$500", "$450"], ["Furniture", "700", "650"],
             ["Property and equipment, gross", "$1,200", "$1,100"], ["Less accumulated depreciation", "(900)", "(700)"],
             ["Property and equipment, net", "$300", "$400"]]
    contexts = [{"table": {"uid": "t35a-net-00001", "table": NET_TABLE},
                 "paragraphs": [{"uid": "p1", "order": 1, "text": "The components of deferred taxes are:"}],
                 "questions": [_question(1, "What was the percentage change in net deferred tax assets between 2019 and 2020?",
                                         ["-66.67"], scale="percent")]},
                {"table": {"uid": "t35a-net-00002", "table": gross},
                 "paragraphs": [{"uid": "p2", "order": 1, "text": "Property and equipment consisted of (in thousands):"}],
                 "questions": [_question(2, "What is the change in the net cost of property and equipment from 2019 to 2020?",
                                         ["-100"], scale="thousand")]}]
    records = [r for i, c in enumerate(contexts) for r in _run_pages(tmp_path / str(i), c)]
    for r in records:
        assert r.right, r.text
        assert "Net" in r.text or ", net" in r.text, r.text


def test_a_span_of_years_the_page_heads_a_column_with_is_that_column():
    """'from 2021 to 2022-2023' over a maturity table headed '2021 | 2022-2023 | 2024-2025': the column '2022-2023',
    not the year 2022 (no column is 2022); a span no heading prints stays a span of years to add or average up."""
    from decimal import Decimal

    from index.facts import Fact, Member
    from qa.check.periods import period_problem
    from qa.find.periods import named_period_score
    from qa.plan import PeriodAsk
    from qa.read.yearspans import same_span, span_text

    def cell(member, value):
        return Fact(fact_id=member, filing_id="f", source="p.html", title="Contractual obligations", label="Leases",
                    raw=str(value), value=Decimal(value), text_value=None, unit="USD", scale=3, scale_text="Thousands",
                    decimals=-3, period=None, candidate_periods=(), year_period=None, period_basis="",
                    dimensions=(Member(axis="Maturity", member=member),), concept="", entity="", cik="", ticker="",
                    form="", fiscal_year=None, fiscal_period="", report_date=None, row_label="Leases", row_index=1,
                    column_label=member, column_index=1, definition="")

    assert span_text("2022 – 2023") == "2022-2023" and span_text("2023-2022") == "" and span_text("Total") == ""
    assert same_span("2022 - 2023", "2022-2023") and not same_span("2022-2024", "2022-2023")
    asked = PeriodAsk("named", text="2022-2023")
    assert asked.key != PeriodAsk("named", text="2024-2025").key
    assert named_period_score(asked, cell("2022-2023", 70)) > 0 and named_period_score(asked, cell("2024-2025", 30)) == 0
    # the judge does not vouch for a span named in words only (no dates printed), and never for another column
    assert "in words only" in period_problem(asked, cell("2022-2023", 70))
    assert period_problem(asked, cell("2024-2025", 30)) != "" and "in words only" not in period_problem(asked, cell("2024-2025", 30))


def test_the_change_into_a_span_column_is_asked_of_that_column(tmp_path):
    table = [["(In thousands)", "Total", "2021", "2022-2023", "2024-2025", "Thereafter"],
             ["Office leases", "$1,900", "$400", "$700", "$500", "$300"], ["Vehicle leases", "60", "20", "40", "—", "—"],
             ["Total obligations", "$1,960", "$420", "$740", "$500", "$300"]]
    context = {"table": {"uid": "t35a-span-00001", "table": table},
               "paragraphs": [{"uid": "p1", "order": 1, "text": "Our contractual obligations at December 31, 2020 were:"}],
               "questions": [_question(1, "What was the increase in office leases obligations from 2021 to 2022-2023?",
                                       ["300"], scale="thousand"),
                             _question(2, "What was the average vehicle leases obligations for 2021-2022?", ["30"],
                                       scale="thousand")]}
    first, second = _run_pages(tmp_path, context)
    assert first.right and not first.verified, first.text
    assert not second.right or not second.verified  # no column '2021-2022': the span is years, never a column


def test_a_total_asked_after_the_operation_word_is_the_tables_total_row(tmp_path):
    """'the average total costs', 'the increase/ (decrease) in total fees': the item the operation leaves is still
    'total X', so a part picked ('Severance costs') gives way to the table's total row beside it."""
    table = [["", "2020", "2019", "2018"], ["Severance costs", "$700", "$800", "$70"], ["Advisory costs", "130", "—", "—"],
             ["Relocation costs", "—", "220", "260"], ["Total", "$830", "$1,020", "$330"]]
    context = {"table": {"uid": "t35a-total-0001", "table": table},
               "paragraphs": [{"uid": "p1", "order": 1, "text": "Restructuring costs were as follows (in thousands):"}],
               "questions": [_question(1, "What is the average total costs for 2018, 2019 and 2020?", ["726.67"],
                                       scale="thousand"),
                             _question(2, "What is the increase/ (decrease) in total costs from 2019 to 2020?", ["-190"],
                                       scale="thousand")]}
    for r in _run_pages(tmp_path, context):
        assert r.right, r.text
