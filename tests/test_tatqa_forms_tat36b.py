"""TAT-QA's one-cell, several-values and 'respectively' forms (issue 22, session 36): each a general rule
over a made-up page, asked within it the way eval.tatqa asks."""

from __future__ import annotations

from tests.tatqa_pages import question, run_pages


def test_the_kind_of_share_said_inside_earnings_per_share_names_that_line(tmp_path):
    """'earnings per common diluted share' is diluted EPS: the row 'Earnings per common share — Diluted',
    not a basic row nor a line of earnings to shareholders."""
    page = {"table": {"uid": "t36b-eps-0001", "table": [
        ["", "For the years ended", "", ""], ["", "June 30, 2020", "June 30, 2019", "June 30, 2018"],
        ["Net income", "$41,100", "$38,200", "$90,500"],
        ["Distributed earnings to common holders -- Basic", "40,500", "37,900", "89,800"],
        ["Weighted average shares outstanding — Basic", "10,000", "10,200", "10,300"],
        ["Earnings per common share — Basic", "$4.05", "$3.72", "$8.72"],
        ["Earnings per common share — Diluted", "$4.01", "$3.70", "$8.60"]]},
        "paragraphs": [{"uid": "p1", "order": 1, "text": "Earnings per share of the gizmo company were as follows:"}],
        "questions": [question(1, "What is the earnings per common diluted share for fiscal years 2020 to 2018 respectively?",
                               ["$4.01", "$3.70", "$8.60"], "multi-span"),
                      question(2, "What is the earnings per common basic share for fiscal years 2020 to 2018 respectively?",
                               ["$4.05", "$3.72", "$8.72"], "multi-span")]}
    records = run_pages(tmp_path, page)
    for r in records:
        assert r.right, (r.question, r.text)
