"""Which cover fact, if any, a question asks for in words (lexicon.textfacts)."""

from __future__ import annotations

from ..lexicon.textfacts import FILLER, KINDS, TextFactKind, kind_words
from ..lexicon.words import QUESTION_WORDS, canonical_tokens

__all__ = ["cover_kind"]


def cover_kind(rest: str, core: str) -> TextFactKind | None:
    """The kind of cover fact asked, or None. A form must match *and* every content word of the
    question must belong to that form (or be filler): "Who is the auditor?" asks for the auditor,
    "What were the auditor's fees?" does not."""
    metric = " ".join(rest.split()).lower().replace("’", "'")
    full = core.lower().replace("’", "'")  # a company name may have swallowed a word ('... Incorporated incorporated?')
    content = {t for t in canonical_tokens(rest) if t not in QUESTION_WORDS and not t.isdigit()} - FILLER
    for kind in KINDS:
        if not (kind.pattern.search(metric) or kind.pattern.search(full)):
            continue
        if content - kind_words(kind):
            continue
        return kind
    return None
