"""Thumbs up/down records: where they go and what a line holds (ui/feedback.py)."""

from __future__ import annotations

import json

import pytest

from ui.feedback import feedback_path, record_feedback


def test_feedback_file_sits_beside_the_index_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("FILINGQA_FEEDBACK", raising=False)
    assert feedback_path(tmp_path / "index") == tmp_path / "index.feedback.jsonl"
    monkeypatch.setenv("FILINGQA_FEEDBACK", str(tmp_path / "elsewhere.jsonl"))
    assert feedback_path(tmp_path / "index") == tmp_path / "elsewhere.jsonl"


def test_a_rating_is_one_json_line_with_the_question_and_what_was_answered(sample_index, tmp_path):
    from qa import ask

    answer = ask("How many RSUs vested in 2022?", index=sample_index)
    path = tmp_path / "fb" / "index.feedback.jsonl"
    record_feedback(path, "down", "How many RSUs vested in 2022?", answer)
    record_feedback(path, "cleared", "How many RSUs vested in 2022?", answer)
    record_feedback(path, "up", "what about 2019?", None, error="No filing answers that.")
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["rating"] for r in lines] == ["down", "cleared", "up"]
    first = lines[0]
    assert first["value"] == str(answer.value) and first["unit"] == answer.unit and first["verified"] is answer.verified
    assert first["sources"] == sorted({c.source for c in answer.citations}) and first["status"] == "answered"
    assert lines[2]["status"] == "error" and lines[2]["answer"] == "No filing answers that."
    with pytest.raises(ValueError):
        record_feedback(path, "meh", "q", None)
