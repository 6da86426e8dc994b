"""filingqa: ask plain-language questions about company filings, answered from the filings.

>>> from qa import ask
>>> ans = ask("How many restricted stock units vested in 2023?")   # bundled samples by default
>>> ans.value, ans.unit, ans.verified
(Decimal('1587950'), 'shares', True)

``ask`` is safe to call from several threads; engines are cached per index (and per scope, for
``within=``) and reloaded when the index gets a new commit.
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
from .question import Question

__all__ = [
    "ask", "get_engine", "Answer", "AnswerStatus", "Citation", "Computation", "Question",
    "FilingQAError", "ParseError", "UnsupportedFormat", "IndexNotFound", "IndexIncompatible", "IndexCorrupt",
    "IndexLocked", "InvalidQuestion", "GoldFileError", "ScopeNotFound",
]

_engines: dict[str, tuple[int, object]] = {}
_engines_lock = threading.Lock()
_SCOPED_KEPT = 64  # engines over a scope kept per process (the eval asks within hundreds of pages)
_scoped: dict[tuple[str, int, str], object] = {}


def get_engine(index: str | os.PathLike | None = None, within: str | None = None):
    """The engine for an index (loaded once, reloaded after each new commit); with ``within``, an
    engine over a view of that index that sees only the filing(s) or company named."""
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
            engine = cached[1]
        else:
            engine = Engine(open_reader(location))
            _engines[key] = (stamp, engine)
            for k in [k for k in _scoped if k[0] == key]:  # views of the old reader go with it
                del _scoped[k]
        if not within or not str(within).strip():
            return engine
        scope_key = (key, stamp, " ".join(str(within).split()))
        if scope_key in _scoped:
            _scoped[scope_key] = _scoped.pop(scope_key)  # most recently used last
            return _scoped[scope_key]
    from index.scope import resolve_scope

    scope = resolve_scope(engine.reader, str(within))  # ScopeNotFound names what the index holds
    scoped = Engine(engine.reader.within(scope.filing_ids))  # (the embedding model is shared per process)
    with _engines_lock:
        _scoped[scope_key] = scoped
        while len(_scoped) > _SCOPED_KEPT:
            _scoped.pop(next(iter(_scoped)))
    return scoped


def ask(question: str, index: str | os.PathLike | None = None, *, within: str | None = None,
        previous: Question | None = None) -> Answer:
    """Answer one question from the filings in ``index`` (default: the bundled sample filings).

    ``within`` keeps the question to one filing or company: a filing id, a file name, or a
    company's name, ticker or CIK (questions that name no company are answered inside it).

    Raises :class:`InvalidQuestion` for an empty or oversized question, :class:`IndexNotFound`
    for a missing index and :class:`ScopeNotFound` when ``within`` matches nothing indexed;
    otherwise always returns an Answer (answered or abstained).
    """
    return get_engine(index, within).ask(question, previous=previous)
