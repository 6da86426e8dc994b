"""Ingest: paths -> documents -> parsed filings -> one committed segment.

Per-file problems (unreadable, unsupported, garbled) are reported and skipped; the rest of the
batch is still indexed, and the index only ever moves from one committed state to the next.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .embed import Embedder
from .errors import FileTooLarge, FilingQAError, ParseError
from .facts import Mention, ParsedFiling
from .parsers import Document, decode_text, detect_format, parse_document
from .parsers.rtext import parse_rtext
from .store import CommitResult, IndexWriter, NewFile

__all__ = ["ingest", "IngestReport", "iter_documents", "MAX_FILE_BYTES"]

MAX_FILE_BYTES = int(float(os.environ.get("FILINGQA_MAX_FILE_MB", "200")) * (1 << 20))
_SKIP_NAMES = {"SOURCES.md", ".DS_Store"}


@dataclass
class IngestReport:
    commit: CommitResult | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)  # (file, message)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    files_seen: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def iter_documents(paths: Iterable[str | Path], errors: list[tuple[str, str]]) -> Iterator[Document]:
    """Files as given; folders walked in name order. Problems are appended to ``errors``."""
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            errors.append((path.name or str(raw), "no such file or folder."))
            continue
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            if f.name in _SKIP_NAMES or f.name.startswith("."):
                continue
            size = f.stat().st_size
            if size > MAX_FILE_BYTES:
                errors.append((f.name, str(FileTooLarge(f"{size / (1 << 20):.0f} MB is over the {MAX_FILE_BYTES >> 20} MB limit.", source=f.name))))
                continue
            try:
                yield Document(name=f.name, data=f.read_bytes())
            except OSError as exc:
                errors.append((f.name, f"could not be read ({exc.strerror})."))


def _mention_pins(filings: list[ParsedFiling]) -> dict[Decimal, list[Mention]]:
    pins: dict[Decimal, list[Mention]] = {}
    for pf in filings:
        for m in pf.mentions:
            if m.dates:
                pins.setdefault(abs(m.value), []).append(m)
    return pins


def ingest(
    paths: Iterable[str | Path],
    index_dir: str | Path,
    embedder: Embedder | Callable[[], Embedder],
    *,
    progress: Callable[[str, int, int], None] | None = None,
    wait_seconds: float = 0.0,
) -> IngestReport:
    """Parse every file under ``paths`` and commit what parsed into the index at ``index_dir``."""
    report = IngestReport()
    docs = list(iter_documents(paths, report.errors))
    report.files_seen = len(docs) + len(report.errors)
    emb = embedder() if callable(embedder) and not hasattr(embedder, "encode") else embedder
    with IndexWriter(index_dir, emb, wait_seconds=wait_seconds) as writer:
        parsed: list[tuple[Document, str, list[ParsedFiling]]] = []
        for n, doc in enumerate(docs, 1):
            if progress:
                progress("parse", n, len(docs))
            sha = hashlib.sha256(doc.data).hexdigest()
            if writer.known(doc.name, sha):
                parsed.append((doc, sha, []))
                continue
            try:
                filings = parse_document(doc)
            except FilingQAError as exc:
                report.errors.append((doc.name, str(exc)))
                continue
            if not any(pf.facts or pf.chunks for pf in filings):
                report.errors.append((doc.name, str(ParseError("no facts and no text were found in it.", source=doc.name))))
                continue
            parsed.append((doc, sha, filings))

        # A note in one file can date an ambiguous table cell in another: re-read flattened R pages
        # with the prose mentions of the whole batch as pins.
        pins = _mention_pins([pf for _, _, fs in parsed for pf in fs])
        if pins:
            for k, (doc, sha, filings) in enumerate(parsed):
                if filings and any(pf.format == "rtext" for pf in filings):
                    parsed[k] = (doc, sha, [parse_rtext(decode_text(doc.data, doc.name), doc.name, pins)])

        for _, _, filings in parsed:
            for pf in filings:
                report.warnings.extend((pf.source, w) for w in pf.warnings)
        new_files = [NewFile(doc.name, sha, tuple(fs)) for doc, sha, fs in parsed]
        embed_progress = (lambda done, total: progress("embed", done, total)) if progress else None
        report.commit = writer.commit(new_files, progress=embed_progress)
    return report


def detect(path: str | Path) -> str:
    """The format name filingqa would use for a file (for `filingqa ingest --dry-run` and tests)."""
    p = Path(path)
    return detect_format(Document(p.name, p.read_bytes())).name
