"""The question as text: checked once, cleaned once."""

from __future__ import annotations

import re
import unicodedata

from index.errors import InvalidQuestion

__all__ = ["MAX_QUESTION_CHARS", "clean_question"]

MAX_QUESTION_CHARS = 2000
# control characters, bidi overrides and zero-width marks: never part of what was asked
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean_question(text: object) -> str:
    """The question on one line, without invisible characters; an InvalidQuestion that says what is
    wrong and what to do when it cannot be a question."""
    if not isinstance(text, str):
        raise InvalidQuestion(f"the question must be text, not {type(text).__name__}.")
    q = " ".join(_INVISIBLE.sub(" ", unicodedata.normalize("NFKC", text)).split())
    if not q:
        raise InvalidQuestion("the question is empty.", "Type a question, e.g. “What was Apple's revenue in 2024?”")
    if len(q) > MAX_QUESTION_CHARS:
        raise InvalidQuestion(
            f"the question is {len(q):,} characters long; the limit is {MAX_QUESTION_CHARS:,}.",
            "Ask one question at a time, in a sentence or two.",
        )
    if not re.search(r"[A-Za-z]{2,}", q):
        letters = [c for c in q if c.isalpha()]
        if letters:
            script = unicodedata.name(letters[0], "").split(" ")[0].title() or "another"
            raise InvalidQuestion(
                f"the question is written in {script} script; filingqa reads questions in English.",
                "Ask it in English, e.g. “What was Apple's revenue in 2024?”")
        raise InvalidQuestion("the question has no words in it, only numbers or symbols.",
                              "Ask in words, e.g. “What was Apple's revenue in 2024?”")
    return q
