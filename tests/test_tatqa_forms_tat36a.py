"""Issue 22, session 36 (sums, shares of a total, ratios): question forms TAT-QA's dev split showed, each as a
general rule over a made-up page asked through `filingqa eval --tatqa`'s runner (a real index, finder and judge)."""

from __future__ import annotations

from tests.tatqa_pages import question as _question, run_pages as _run_pages


def test_a_liabilities_or_debt_to_assets_ratio_is_total_liabilities_over_total_assets(tmp_path):
    """'the liability to asset ratio', 'the debt-to-asset ratio' (no debt line printed): what is owed over what is
    owned, each the table's total line, checked to both cells."""
    table = [["", "2021", "2020"], ["", "US$'000", "US$'000"], ["Total current assets", "50,000", "40,000"],
             ["Total assets", "200,000", "160,000"], ["Total current liabilities", "30,000", "20,000"],
             ["Total liabilities", "80,000", "40,000"], ["Total equity", "120,000", "120,000"]]
    context = {"table": {"uid": "t36a-ratio-0001", "table": table}, "paragraphs": [],
               "questions": [_question(1, "What is the debt-to-asset ratio in 2020?", ["0.25"]),
                             _question(2, "What is the liability to asset ratio in 2021?", ["40"], scale="percent")]}
    records = _run_pages(tmp_path, context)
    for r in records:
        assert r.right and r.verified, r.text
