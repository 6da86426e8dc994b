"""TAT-QA difference / average / percentage-change forms (issue 22, session 36): each a general rule over a made-up page."""

from __future__ import annotations

from tests.tatqa_pages import question as _question, run_pages as _run_pages


def test_an_average_with_no_period_over_a_line_whose_words_read_like_a_label_average(tmp_path):
    """'the average cost of sales', 'the average interest expense': no period named, so the mean over the years the
    table prints - 'average cost' and 'average interest' are not the line's own words when no line says average."""
    table = [["(in millions)", "2021", "2020", "2019"], ["Net sales", "$900", "$800", "$700"],
             ["Cost of sales", "(600)", "(500)", "(400)"], ["Interest expense", "30", "20", "10"],
             ["Net income", "$90", "$80", "$70"]]
    context = {"table": {"uid": "t36c-avg-00001", "table": table},
               "paragraphs": [{"uid": "p1", "order": 1, "text": "Results of operations were as follows:"}],
               "questions": [_question(1, "What is the average Cost of sales?", ["500"], scale="million"),
                             _question(2, "What was the average Interest expense?", ["20"], scale="million")]}
    records = _run_pages(tmp_path, context)
    for r in records:
        assert r.right, r.text
        assert not r.verified or "÷ 3" in r.text, r.text


def test_a_label_average_printed_once_is_still_looked_up(tmp_path):
    """'the average fair value of X' where the table prints one fair value and no years: the line, not a mean."""
    table = [["", "Estimated Useful Life", "Fair value"], ["Developed technology", "5 years", "$2,300"],
             ["Customer relationships", "8 years", "1,700"], ["Total intangible assets", "", "$4,000"]]
    context = {"table": {"uid": "t36c-avg-00002", "table": table},
               "paragraphs": [{"uid": "p1", "order": 1, "text": "The intangible assets acquired (in thousands):"}],
               "questions": [_question(1, "What is the average fair value of Customer relationships?", ["1700"],
                                       scale="thousand")]}
    records = _run_pages(tmp_path, context)
    assert records[0].right, records[0].text


def test_a_hyphenated_related_is_a_word_of_the_line(tmp_path):
    """'audit-related fees': the row 'Audit-Related Fees', not 'Audit Fees' above it."""
    table = [["", "Amount Billed", ""], ["", "2018", "2019"], ["Audit Fees", "$1,000,000", "$1,200,000"],
             ["Audit-Related Fees", "50,000", "75,000"], ["Tax Fees", "20,000", "10,000"],
             ["Total Fees", "$1,070,000", "$1,285,000"]]
    context = {"table": {"uid": "t36c-rel-00001", "table": table},
               "paragraphs": [{"uid": "p1", "order": 1, "text": "Fees billed by the independent auditors were:"}],
               "questions": [_question(1, "What is the percentage change in audit-related fees in 2019?", ["50"],
                                       scale="percent")]}
    records = _run_pages(tmp_path, context)
    assert records[0].right, records[0].text
