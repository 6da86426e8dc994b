"""TAT-QA difference / average / percentage-change forms (issue 22, session 36): each a general rule over a made-up page."""

from __future__ import annotations

from tests.tatqa_pages import page, question as _question, run_pages as _run_pages


def test_an_average_with_no_period_over_a_line_whose_words_read_like_a_label_average(tmp_path):
    """'the average cost of sales', 'the average interest expense': no period named, so the mean over the years the
    table prints - 'average cost' and 'average interest' are not the line's own words when no line says average."""
    table = [["(in millions)", "2021", "2020", "2019"], ["Net sales", "$900", "$800", "$700"],
             ["Cost of sales", "(600)", "(500)", "(400)"], ["Interest expense", "30", "20", "10"],
             ["Net income", "$90", "$80", "$70"]]
    context = page("t36c-avg-00001", table,
                   ["Results of operations were as follows:"],
                   _question(1, "What is the average Cost of sales?", ["500"], scale="million"),
                   _question(2, "What was the average Interest expense?", ["20"], scale="million"))
    records = _run_pages(tmp_path, context)
    for r in records:
        assert r.right, r.text
        assert not r.verified or "÷ 3" in r.text, r.text


def test_a_label_average_printed_once_is_still_looked_up(tmp_path):
    """'the average fair value of X' where the table prints one fair value and no years: the line, not a mean."""
    table = [["", "Estimated Useful Life", "Fair value"], ["Developed technology", "5 years", "$2,300"],
             ["Customer relationships", "8 years", "1,700"], ["Total intangible assets", "", "$4,000"]]
    context = page("t36c-avg-00002", table,
                   ["The intangible assets acquired (in thousands):"],
                   _question(1, "What is the average fair value of Customer relationships?", ["1700"],
                             scale="thousand"))
    records = _run_pages(tmp_path, context)
    assert records[0].right, records[0].text


def test_a_hyphenated_related_is_a_word_of_the_line(tmp_path):
    """'audit-related fees': the row 'Audit-Related Fees', not 'Audit Fees' above it."""
    table = [["", "Amount Billed", ""], ["", "2018", "2019"], ["Audit Fees", "$1,000,000", "$1,200,000"],
             ["Audit-Related Fees", "50,000", "75,000"], ["Tax Fees", "20,000", "10,000"],
             ["Total Fees", "$1,070,000", "$1,285,000"]]
    context = page("t36c-rel-00001", table,
                   ["Fees billed by the independent auditors were:"],
                   _question(1, "What is the percentage change in audit-related fees in 2019?", ["50"],
                             scale="percent"))
    records = _run_pages(tmp_path, context)
    assert records[0].right, records[0].text


GEO_TABLE = [["(In thousands)", "2019", "2018", "2017"], ["United States", "$300,000", "$280,000", "$500,000"],
             ["Canada", "90,000", "12,000", "2,000"], ["Other international", "60,000", "58,000", "36,000"],
             ["Total", "$450,000", "$350,000", "$538,000"]]


def test_percentages_of_the_line_in_prose_are_not_the_line_and_the_only_tables_total_is(tmp_path):
    """'the percentage change in total sales': a sentence's '15%, 18% and 15% of total revenue' are shares held by some
    customers, not total sales; the only table, introduced as 'sales information by geographic area', has the
    'Total' row (its words 'total sales' fold to revenue as a phrase, the introduction writes 'sales')."""
    context = page("t36c-prs-00001", GEO_TABLE,
                   ["The following table presents sales information by geographic area for the years "
                    "ended December 31, 2019, 2018 and 2017:",
                    "Our two largest customers represented 15%, 18% and 15% of total revenue in 2019, "
                    "2018 and 2017, respectively."],
                   _question(1, "What was the percentage change in total sales between 2018 and 2019?",
                             ["28.57"], scale="percent"))
    records = _run_pages(tmp_path, context)
    assert records[0].right, records[0].text


def test_a_part_a_sentence_says_the_line_includes_is_not_the_line(tmp_path):
    """'Total revenue includes Widget revenue of $16 million and $90 million for fiscal 2019 and 2018': those are the
    part's amounts; the percentage change in total revenue is the table's total row."""
    table = [["Years Ended", "July 27, 2019", "July 28, 2018"], ["Revenue:", "", ""], ["Products", "$3,000", "$2,800"],
             ["Services", "1,000", "900"], ["Total (1)", "$4,000", "$3,700"]]
    context = page("t36c-prs-00002", table,
                   ["Revenue by type (in millions):",
                    "(1) Total revenue includes Widget business revenue of $16 million and $90 million "
                    "for fiscal 2019 and 2018, respectively."],
                   _question(1, "What was the percentage change in total revenue between 2018 and 2019?",
                             ["8.11"], scale="percent"))
    records = _run_pages(tmp_path, context)
    assert records[0].right, records[0].text


def test_in_terms_of_dollar_m_is_the_money_column_in_millions(tmp_path):
    """'in terms of $M' where each year has a count column 'M' and a money column '$M': the money column, as
    'in $ millions' would say it."""
    table = [["", "2019", "", "2018", ""], ["", "NUMBER", "", "NUMBER", ""], ["SHARE CAPITAL", "M", "$M", "M", "$M"],
             ["1,210,000,000 fully paid ordinary shares (2018: 1,200,000,000)", "", "", "", ""], ["Movement:", "", "", "", ""],
             ["Balance at start of period", "1,200.0", "5,000", "1,150.0", "4,800"],
             ["Issue of shares", "10.0", "300", "50.0", "200"],
             ["Balance at end of period", "1,210.0", "5,300", "1,200.0", "5,000"],
             ["SHARES HELD IN TRUST", "", "", "", ""], ["Balance at end of period", "(2.0)", "(40)", "(1.0)", "(20)"],
             ["Contributed equity at end of period", "1,208.0", "5,260", "1,199.0", "4,980"]]
    context = page("t36c-trm-00001", table,
                   ["Contributed equity"],
                   _question(1, "What is the average contributed equity at end of period for 2018 and 2019 "
                                "in terms of $M?", ["5120"], scale="million"))
    records = _run_pages(tmp_path, context)
    assert records[0].right, records[0].text


def test_the_average_of_two_named_lines_in_one_year_is_their_sum_halved(tmp_path):
    """'the average percentage of revenue from Acme and Globex in 2018': one year, two named rows - their mean."""
    table = [["", "", "Fiscal Year", ""], ["", "2019", "2018", "2017"], ["Acme Corp. (“Acme”)", "30%", "36%", "34%"],
             ["Globex Ltd. (“Globex”)", "12%", "8%", "10%"]]
    context = page("t36c-avg-00003", table,
                   ["Customers that made up 10% or more of revenue:"],
                   _question(1, "What is the average percentage of revenue from Acme and Globex in 2018?",
                             ["22"], scale="percent"))
    records = _run_pages(tmp_path, context)
    assert records[0].right, records[0].text
