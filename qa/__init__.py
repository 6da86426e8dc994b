"""filingqa: ask plain-language questions about company filings, answered from the filings.

>>> from qa import ask
>>> ans = ask("How many restricted stock units vested in 2023?")   # bundled samples by default
>>> ans.value, ans.unit, ans.verified
(Decimal('1587950'), 'shares', True)

``ask`` is safe to call from several threads; engines are cached per index and reloaded when
the index gets a new commit.
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import threading
from pathlib import Path

from index.errors import (
    FilingQAError, GoldFileError, IndexCorrupt, IndexIncompatible, IndexLocked, IndexNotFound, InvalidQuestion,
    ParseError, UnsupportedFormat,
)

from .answer import Answer, AnswerStatus, Citation, Computation
from .question import Question

__all__ = [
    "ask", "get_engine", "Answer", "AnswerStatus", "Citation", "Computation", "Question",
    "FilingQAError", "ParseError", "UnsupportedFormat", "IndexNotFound", "IndexIncompatible", "IndexCorrupt",
    "IndexLocked", "InvalidQuestion", "GoldFileError",
]

_engines: dict[str, tuple[int, object]] = {}
_engines_lock = threading.Lock()


def get_engine(index: str | os.PathLike | None = None):
    """The engine for an index (loaded once, reloaded after each new commit)."""
    from .defaults import resolve_index
    from .engine import Engine
    from index.storage import commit_stamp, is_postgres, open_reader

    location = resolve_index(index)  # a folder or a postgresql:// URL (index.storage)
    if not is_postgres(location):
        location = Path(location).resolve()
    stamp = commit_stamp(location)
    key = str(location)
    with _engines_lock:
        cached = _engines.get(key)
        if cached and cached[0] == stamp:
            return cached[1]
        engine = Engine(open_reader(location))
        _engines[key] = (stamp, engine)
        return engine


def ask(question: str, index: str | os.PathLike | None = None, *, previous: Question | None = None) -> Answer:
    """Answer one question from the filings in ``index`` (default: the bundled sample filings).

    ``previous`` (the ``extra["question"]`` of an earlier answer) is used only when the question
    leaves something open for it to fill (:func:`qa.followup.carried`); a self-contained question
    is answered exactly as if it were asked first.

    Raises :class:`InvalidQuestion` for an empty or oversized question and :class:`IndexNotFound`
    for a missing index; otherwise always returns an Answer (answered or abstained).
    """
    from .followup import context_for

    engine = get_engine(index)
    return engine.ask(question, previous=context_for(question, previous, engine.directory))
