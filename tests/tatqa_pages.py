"""Made-up TAT-QA pages for the form tests: a question as the dataset writes it, and each page ingested and
its questions asked within it by `filingqa eval --tatqa`'s runner (a real index, the real finder and judge)."""

from __future__ import annotations

import json


def question(n, text, answer, answer_type="arithmetic", scale=""):
    """One TAT-QA question over a page's table, as the dataset writes it."""
    return {"uid": f"q{n}", "order": n, "question": text, "answer": answer, "derivation": "", "answer_type": answer_type,
            "answer_from": "table", "rel_paragraphs": [], "req_comparison": False, "scale": scale}


def run_pages(tmp_path, *contexts):
    """Each page (a TAT-QA context: table, paragraphs, questions) ingested and its questions asked within it."""
    from eval.tatqa import run

    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "ctx.json"
    path.write_text(json.dumps(list(contexts)), encoding="utf-8")
    return run(path, index=tmp_path / "idx").records


def page(uid, table, paragraphs, *questions):
    """One TAT-QA context: its table (rows of cell strings), its paragraphs in order, and the questions asked of it."""
    return {"table": {"uid": uid, "table": table},
            "paragraphs": [{"uid": f"p{n}", "order": n, "text": text} for n, text in enumerate(paragraphs, 1)],
            "questions": list(questions)}
