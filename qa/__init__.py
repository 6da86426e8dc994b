"""filingqa: ask plain-language questions about company filings, answered from the filings.

>>> from qa import ask
>>> ans = ask("How many restricted stock units vested in 2023?")   # bundled samples by default
>>> ans.value, ans.unit, ans.verified
(Decimal('1587950'), 'shares', True)

``ask`` reads the question once into a :class:`QueryPlan` and runs it through one pipeline
(``qa.pipeline``: read -> find -> resolve -> check -> present). It is safe to call from several
threads; pipelines are cached per index (and scope) and reloaded when the index gets a new commit.
``within=`` answers from a view of the index that sees only the filing(s) or company named
(``index.scope``, ``Pipeline.within``).
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
    ParseError, ScopeNotFound, UnsupportedFormat,
)

from .answer import Answer, AnswerStatus, Citation, Computation
from .plan import QueryPlan

__all__ = [
    "ask", "get_engine", "Answer", "AnswerStatus", "Citation", "Computation", "QueryPlan",
    "FilingQAError", "ParseError", "UnsupportedFormat", "IndexNotFound", "IndexIncompatible", "IndexCorrupt",
    "IndexLocked", "InvalidQuestion", "GoldFileError", "ScopeNotFound",
]

_engines: dict[str, tuple[int, object]] = {}
_engines_lock = threading.Lock()


def get_engine(index: str | os.PathLike | None = None, within: str | None = None):
    """The answering pipeline for an index (loaded once, reloaded after each new commit); with
    ``within``, the pipeline over a view of it that sees only that filing or company (ScopeNotFound
    when nothing indexed matches)."""
    from .defaults import resolve_index
    from .pipeline import Pipeline
    from index.storage import commit_stamp, is_postgres, open_reader

    location = resolve_index(index)  # a folder or a postgresql:// URL (index.storage)
    if not is_postgres(location):
        location = Path(location).resolve()
    stamp = commit_stamp(location)
    key = str(location)
    with _engines_lock:
        cached = _engines.get(key)
        if cached and cached[0] == stamp:
            engine = cached[1]
        else:
            engine = Pipeline(open_reader(location))
            _engines[key] = (stamp, engine)
    return engine.within(within) if within and str(within).strip() else engine


def ask(question: str, index: str | os.PathLike | None = None, *, within: str | None = None,
        previous: "QueryPlan | Answer | None" = None) -> Answer:
    """Answer one question from the filings in ``index`` (default: the bundled sample filings).

    ``within``: a filing id, a file name or a company - the question is answered inside that scope
    only (questions that name no company are answered inside it). ``previous``: the plan (or answer)
    of the question before, for a follow-up ('and in 2022?').
    Raises :class:`InvalidQuestion` for an empty or oversized question, :class:`IndexNotFound`
    for a missing index and :class:`ScopeNotFound` when ``within`` matches nothing indexed;
    otherwise always returns an Answer (answered or abstained).
    """
    return get_engine(index).ask(question, within=within, previous=previous)
