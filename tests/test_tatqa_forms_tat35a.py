"""Arithmetic forms of TAT-QA (issue 22, session 35 helper tat35a): each a general rule over a made-up page."""

from __future__ import annotations

import json

NET_TABLE = [["", "2020", "2019"], ["Deferred tax assets:", "", ""],
             ["Loss carry-forwards", "$500", "$400"], ["Accrued bonuses", "300", "200"],
             ["Total deferred tax assets", "800", "600"], ["Less: valuation allowance", "(700)", "(350)"],
             ["Deferred tax liabilities:", "", ""], ["Prepaid royalties", "(20)", "(10)"],
             ["Total deferred tax liabilities", "(20)", "(10)"], ["Net deferred tax assets", "$80", "$240"]]


def _question(n, text, answer, answer_type="arithmetic", scale=""):
    """One TAT-QA question over a page's table, as the dataset writes it."""
    return {"uid": f"q{n}", "order": n, "question": text, "answer": answer, "derivation": "", "answer_type": answer_type,
            "answer_from": "table", "rel_paragraphs": [], "req_comparison": False, "scale": scale}


def _run_pages(tmp_path, *contexts):
    """Each page (a TAT-QA context: table, paragraphs, questions) ingested and its questions asked within it."""
    from eval.tatqa import run

    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "ctx.json"
    path.write_text(json.dumps(list(contexts)), encoding="utf-8")
    return run(path, index=tmp_path / "idx").records


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
