"""The storage interface: what ``qa`` reads through and what ingest writes through.

Two implementations keep the same contract (tests/test_store_contract.py runs one suite on both):

* the embedded store (:mod:`index.store`): a folder of immutable DuckDB + FAISS segments, the default;
* PostgreSQL + pgvector (:mod:`index.pgstore`): for indexes that outgrow one machine, chosen by a
  ``postgresql://`` location (``--store`` on the command line, or ``FILINGQA_STORE``).

A *location* is either a folder path or a PostgreSQL URL; :func:`open_reader` / :func:`open_writer`
pick the implementation from it, so callers never name a class.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from .entity_names import EntityNames
from .facts import Chunk, Fact, Mention
from .manifest import FilingInfo
from .store import ChunkBrief, ChunkHit, GroupHit
from .writer import CommitResult, NewFile

__all__ = [
    "StoreReader", "StoreWriter", "Location", "is_postgres", "shown", "open_reader", "open_writer", "commit_stamp",
    "ChunkHit", "ChunkBrief", "GroupHit", "NewFile", "CommitResult",
]

Location = str | os.PathLike

_PG_SCHEMES = ("postgresql://", "postgres://")


def is_postgres(location: Location | None) -> bool:
    return location is not None and str(location).startswith(_PG_SCHEMES)


def shown(location: Location) -> str:
    """A store's address without its password, for printing and for pages."""
    import re

    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", str(location))


@runtime_checkable
class StoreReader(Protocol):
    """A consistent read-only view of an index (the surface ``qa``, the UI, the eval and the bench use).

    ``within(filing_ids)`` gives the same surface over some filings only (index.scope resolves a
    user's words to those ids); ``names`` folds each company's spellings into one display name."""

    names: EntityNames

    def facts_by_id(self, fact_ids: Iterable[str]) -> list[Fact]: ...
    def facts_in_groups(self, group_keys: Iterable[str], limit: int = 5000,
                        entities: Iterable[str] | None = None) -> list[Fact]: ...
    def facts_with_concepts(self, concepts: Iterable[str], limit: int = 20000,
                            entities: Iterable[str] | None = None) -> list[Fact]: ...
    def query_facts(self, where: str = "TRUE", params: list | None = None, limit: int = 1000,
                    order: str = "source, row_index") -> list[Fact]: ...
    def facts_of_lines(self, concepts: Iterable[str] = (), group_keys: Iterable[str] = (), limit: int = 25000,
                       entities: Iterable[str] | None = None) -> list[Fact]: ...
    def filing_facts(self, filing_id: str, limit: int = 3000, **match) -> list[Fact]: ...
    def group_keys_of(self, fact_ids: Iterable[str]) -> list[str]: ...
    def group_keys_in_chunks(self, chunk_ids: Iterable[str]) -> list[str]: ...
    def entity_count(self) -> int: ...
    def fact_count(self) -> int: ...
    def mentions_of(self, values: Iterable[Decimal]) -> list[Mention]: ...
    def chunks_by_id(self, chunk_ids: Iterable[str]) -> list[Chunk]: ...
    def chunk_briefs(self, chunk_ids: Iterable[str]) -> list[ChunkBrief]: ...
    def chunks_for_facts(self, fact_ids: Iterable[str]) -> dict[str, Chunk]: ...
    def chunks_of_filing(self, filing_id: str) -> list[Chunk]: ...
    def bm25_chunks(self, text: str, k: int = 20, entities: Iterable[str] | None = None) -> list[ChunkHit]: ...
    def dense_chunks(self, vector: np.ndarray, k: int = 20, entities: Iterable[str] | None = None) -> list[ChunkHit]: ...
    def bm25_groups(self, terms: list[str], k: int = 50) -> list[GroupHit]: ...
    def label_words(self) -> set[str]: ...
    def entities(self) -> list[tuple[str, str, str]]: ...
    def filings(self) -> list[FilingInfo]: ...
    def within(self, filing_ids: Iterable[str]) -> "StoreReader": ...
    def forget(self) -> None: ...
    def close(self) -> None: ...


@runtime_checkable
class StoreWriter(Protocol):
    """Adds and removes filings. Each filing lands whole or not at all; the same bytes twice are a no-op."""

    def known(self, source: str, sha256: str) -> bool: ...
    def known_sha(self, sha256: str) -> bool: ...
    def indexed_as(self, sha256: str) -> str | None: ...
    def commit(self, files: Iterable[NewFile], progress=None) -> CommitResult: ...
    def remove(self, sources: Iterable[str]) -> list[str]: ...
    def close(self) -> None: ...
    def __enter__(self): ...
    def __exit__(self, *exc) -> None: ...


def open_reader(location: Location, *, verify: str = "quick") -> StoreReader:
    if is_postgres(location):
        from .pgstore import PgReader

        return PgReader(str(location))
    from .store import IndexReader

    return IndexReader(Path(location), verify=verify)


def open_writer(location: Location, embedder, *, wait_seconds: float = 0.0) -> StoreWriter:
    if is_postgres(location):
        from .pgstore import PgWriter

        return PgWriter(str(location), embedder)
    from .writer import IndexWriter

    return IndexWriter(Path(location), embedder, wait_seconds=wait_seconds)


def commit_stamp(location: Location) -> int:
    """A number that changes at every commit (readers are reopened when it does)."""
    if is_postgres(location):
        from .pgstore import generation

        return generation(str(location))
    from .errors import IndexNotFound

    try:
        return (Path(location) / "manifest.json").stat().st_mtime_ns
    except FileNotFoundError:
        raise IndexNotFound(f"no index at {Path(location).name!r}.") from None
