"""Thumbs up/down on answers, kept in a JSONL file beside the served index.

Why a file beside the index, not the browser's storage: a rating is about what *this index* answered
(the same question can be answered differently after an upload), it is wanted by whoever maintains
the index and the gold questions (``eval/gold/*.jsonl`` is JSONL too, so a thumbs-down becomes a gold
question by copying a line), and it must outlive one browser. Beside, not inside: the index folder
belongs to the index writer, which commits it atomically.

One JSON object a line: time (UTC), rating ("up" | "down" | "cleared"), the question, what the answer
said (status, value in base units as a string, unit, verified, text) and the cited files. The last
line for a question and answer is the one that counts; nothing about the person is recorded.
Set ``FILINGQA_FEEDBACK`` to write elsewhere.
"""

from __future__ import annotations

import json
import os
import threading
from datetime import datetime, timezone
from pathlib import Path

from qa import Answer

__all__ = ["feedback_path", "record_feedback"]

_lock = threading.Lock()  # one line at a time from this process's worker threads


def feedback_path(index_path: str | os.PathLike) -> Path:
    """``<index folder>.feedback.jsonl`` next to the index folder (or ``FILINGQA_FEEDBACK``)."""
    override = os.environ.get("FILINGQA_FEEDBACK")
    if override:
        return Path(override)
    p = Path(index_path)
    return p.with_name(p.name + ".feedback.jsonl")


def record_feedback(path: Path, rating: str, question: str, answer: Answer | None, error: str = "") -> dict:
    """Append one rating; returns the record written. Raises OSError when the file cannot be written."""
    if rating not in ("up", "down", "cleared"):
        raise ValueError(f"unknown rating {rating!r}")
    rec: dict = {"time": datetime.now(timezone.utc).isoformat(timespec="seconds"), "rating": rating,
                 "question": question[:2000]}
    if answer is not None:
        rec.update(status=answer.status.name.lower(), value=None if answer.value is None else str(answer.value),
                   unit=answer.unit, verified=bool(answer.verified), answer=answer.text[:4000],
                   sources=sorted({c.source for c in answer.citations}))
    else:
        rec.update(status="error", answer=error[:2000])
    line = json.dumps(rec, ensure_ascii=False) + "\n"
    with _lock:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(line)
    return rec
