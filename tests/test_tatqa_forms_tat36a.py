"""Issue 22, session 36 (sums, shares of a total, ratios): question forms TAT-QA's dev split showed, each as a
general rule over a made-up page asked through `filingqa eval --tatqa`'s runner (a real index, finder and judge)."""

from __future__ import annotations

from tests.tatqa_pages import page, question as _question, run_pages as _run_pages


def test_a_liabilities_or_debt_to_assets_ratio_is_total_liabilities_over_total_assets(tmp_path):
    """'the liability to asset ratio', 'the debt-to-asset ratio' (no debt line printed): what is owed over what is
    owned, each the table's total line, checked to both cells."""
    table = [["", "2021", "2020"], ["", "US$'000", "US$'000"], ["Total current assets", "50,000", "40,000"],
             ["Total assets", "200,000", "160,000"], ["Total current liabilities", "30,000", "20,000"],
             ["Total liabilities", "80,000", "40,000"], ["Total equity", "120,000", "120,000"]]
    context = page("t36a-ratio-0001", table,
                   [],
                   _question(1, "What is the debt-to-asset ratio in 2020?", ["0.25"]),
                   _question(2, "What is the liability to asset ratio in 2021?", ["40"], scale="percent"))
    records = _run_pages(tmp_path, context)
    for r in records:
        assert r.right and r.verified, r.text


def test_a_share_over_the_group_total_is_the_total_row_of_the_part_s_column(tmp_path):
    """'X over the Group total': the row printed 'Group total' in the column the part was read from; taken for
    the words' whole, never vouched for."""
    table = [["", "Total", "Fixed rate", "Floating rate"], ["2021", "£m", "£m", "£m"], ["Sterling", "40.0", "10.0", "30.0"],
             ["Yen", "60.0", "20.0", "40.0"], ["Group total", "100.0", "30.0", "70.0"]]
    context = page("t36a-group-0001", table,
                   ["The currency profile of the Group's financial assets was:"],
                   _question(1, "What was the percentage of total financial assets in Yen over the Group total?", ["60"],
                             scale="percent"))
    record = _run_pages(tmp_path, context)[0]
    assert record.right and not record.verified, record.text


def test_a_share_of_a_part_printed_as_a_deduction_is_of_its_size_and_not_vouched_for(tmp_path):
    """'the units forfeited as a percentage of the total units outstanding', the forfeited row printed '(50)' in a
    roll-forward: the share of its size (a deduction's share is said as a positive), with the sign a convention."""
    table = [["Awards", "Units", "Weighted-Average Price"], ["Outstanding at December 31, 2020", "900", "$10.00"],
             ["Granted", "300", "$12.00"], ["Forfeited", "(50)", "$11.00"], ["Outstanding at December 31, 2021", "1,000", "$10.50"]]
    context = page("t36a-forfeit-0001", table,
                   [],
                   _question(1, "What is the percentage of units forfeited in 2021 as a percentage of the total units "
                                "outstanding at December 31, 2021?", ["5"], scale="percent"))
    record = _run_pages(tmp_path, context)[0]
    assert record.right and not record.verified, record.text


def test_a_total_from_two_named_members_adds_their_rows(tmp_path):
    """'the total share of revenue from Acme and Zenith in 2020': the two rows added, each cell the question names."""
    table = [["", "", "Fiscal Year", ""], ["", "2021", "2020", "2019"], ["Acme Corp. (“Acme”)", "30%", "25%", "20%"],
             ["Zenith Ltd. (“Zenith”)", "10%", "12%", "15%"]]
    context = page("t36a-members-0001", table,
                   ["Customers that accounted for 10% or more of our revenue were:"],
                   _question(1, "What is the total percentage of revenue from Acme and Zenith in 2020?", ["37"],
                             scale="percent"))
    record = _run_pages(tmp_path, context)[0]
    assert record.right, record.text


def test_a_share_whose_part_lists_two_lines_adds_them_over_the_whole_as_named(tmp_path):
    """'the proportion of deferred revenue and accrued warranty over gross deferred tax assets': the two rows of the
    part added, over the whole as the question names it (no metric words moved from the part to the whole)."""
    table = [["", "March 31,", ""], ["(in thousands)", "2021", "2020"], ["Deferred income tax assets:", "", ""],
             ["Depreciation", "100", "90"], ["Deferred revenue", "300", "200"], ["Accrued warranty", "100", "50"],
             ["Net operating loss carryforward", "3,500", "3,000"], ["Gross deferred tax assets", "4,000", "3,340"],
             ["Valuation allowance", "(4,000)", "(3,340)"]]
    context = page("t36a-listpart-0001", table,
                   [],
                   _question(1, "What is the proportion, in percentage, of deferred revenue and accrued warranty over "
                                "gross deferred tax assets in 2021?", ["10"], scale="percent"))
    record = _run_pages(tmp_path, context)[0]
    assert record.right, record.text


def test_the_percentage_constitution_of_a_line_in_an_amount_a_formula_names_is_a_share_of_that_line(tmp_path):
    """'the percentage constitution of Depreciation and Amortisation in EBITDA': EBITDA is the share's whole, the
    printed line, not a formula to answer with; the deduction '(40)' is taken by its size, never vouched for."""
    table = [["", "F21", "F20"], ["$ MILLION", "52 WEEKS", "52 WEEKS"], ["Sales", "1,000", "900"], ["EBITDA", "200", "180"],
             ["Depreciation and amortisation", "(40)", "(36)"], ["EBIT", "160", "144"]]
    context = page("t36a-constit-0001", table,
                   [],
                   _question(1, "What is the percentage constitution of Depreciation and Amortisation in EBITDA in F21?",
                             ["20"], scale="percent"))
    record = _run_pages(tmp_path, context)[0]
    assert record.right and not record.verified, record.text
