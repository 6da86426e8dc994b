"""A page written by a test, ingested into an index of its own with the real parser and embedder."""

from __future__ import annotations

from pathlib import Path

from index.embed import default_embedder
from index.ingest import ingest


def page_index(folder: Path, name: str, html: str) -> Path:
    """The index of one HTML page named ``name`` (ask within that name)."""
    (folder / "pages").mkdir()
    (folder / "pages" / name).write_text(html, encoding="utf-8")
    report = ingest([folder / "pages"], folder / "idx", default_embedder("query"))
    assert report.ok, report.errors
    return folder / "idx"
