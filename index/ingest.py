"""Ingest: paths -> documents -> parsed filings -> one committed segment.

Per-file problems (unreadable, unsupported, garbled) are reported and skipped; the rest of the
batch is still indexed, and the index only ever moves from one committed state to the next.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .embed import Embedder
from .errors import FileTooLarge, FilingQAError, ParseError
from .facts import Mention, ParsedFiling
from .parsers import Document, decode_text, detect_format, parse_document, parse_documents
from .parsers.rtext import parse_rtext
from .storage import is_postgres, open_writer
from .store import CommitResult, NewFile

__all__ = ["ingest", "parse_paths", "pin_batch", "IngestReport", "iter_documents", "iter_units", "Unit", "MAX_FILE_BYTES"]

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


@dataclass(frozen=True)
class Unit:
    """What is indexed as one source: a single file, or the files of one filing's folder."""

    name: str
    docs: tuple[Document, ...]

    @property
    def sha256(self) -> str:
        if len(self.docs) == 1:
            return hashlib.sha256(self.docs[0].data).hexdigest()
        h = hashlib.sha256()
        for d in sorted(self.docs, key=lambda d: d.name):
            h.update(d.name.encode() + b"\0" + hashlib.sha256(d.data).digest())
        return h.hexdigest()


_FILING_PART = re.compile(r"(?:\.xsd|_lab\.xml|_pre\.xml|_htm\.xml|^FilingSummary\.xml|^R\d+\.htm)$", re.I)


def _is_filing_folder(files: list[Path]) -> bool:
    """A folder holding the pieces of one XBRL filing (taxonomy files, an instance, R pages)."""
    return sum(1 for f in files if _FILING_PART.search(f.name)) >= 2


_EXHIBIT_HEAD = re.compile(rb"^\s*<DOCUMENT>\s*<TYPE>\s*EX-", re.I)


def _exhibits_with_their_filing(docs: list[Document]) -> bool:
    """Exhibits saved in their EDGAR ``<DOCUMENT><TYPE>EX-...`` wrapper next to exactly one main
    document are that filing's: an 8-K's press release names no company of its own, its cover does."""
    exhibits = sum(1 for d in docs if _EXHIBIT_HEAD.match(d.data[:200]))
    return exhibits >= 1 and len(docs) - exhibits == 1


def _read(f: Path, errors: list[tuple[str, str]]) -> Document | None:
    size = f.stat().st_size
    if size > MAX_FILE_BYTES:
        errors.append((f.name, str(FileTooLarge(f"{size / (1 << 20):.0f} MB is over the {MAX_FILE_BYTES >> 20} MB limit.", source=f.name))))
        return None
    try:
        return Document(name=f.name, data=f.read_bytes())
    except OSError as exc:
        errors.append((f.name, f"could not be read ({exc.strerror})."))
        return None


def iter_units(paths: Iterable[str | Path], errors: list[tuple[str, str]]) -> Iterator[Unit]:
    """Files as given; folders walked in name order, a filing's folder as one unit. Problems go to ``errors``."""
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            errors.append((path.name or str(raw), "no such file or folder."))
            continue
        if not path.is_dir():
            doc = _read(path, errors)
            if doc:
                yield Unit(doc.name, (doc,))
            continue
        by_dir: dict[Path, list[Path]] = {}
        for f in sorted(p for p in path.rglob("*") if p.is_file()):
            if f.name in _SKIP_NAMES or f.name.startswith(".") or any(part.startswith(".") for part in f.relative_to(path).parts[:-1]):
                continue
            by_dir.setdefault(f.parent, []).append(f)
        for folder, files in by_dir.items():
            if _is_filing_folder(files):
                docs = tuple(d for d in (_read(f, errors) for f in files) if d)
                if docs:
                    yield Unit(folder.name, docs)
                continue
            docs = [d for d in (_read(f, errors) for f in files) if d]
            if len(docs) > 1 and _exhibits_with_their_filing(docs):
                yield Unit(folder.name, tuple(docs))
                continue
            for doc in docs:
                yield Unit(doc.name, (doc,))


def iter_documents(paths: Iterable[str | Path], errors: list[tuple[str, str]]) -> Iterator[Document]:
    for unit in iter_units(paths, errors):
        yield from unit.docs


def _mention_pins(filings: list[ParsedFiling]) -> dict[Decimal, list[Mention]]:
    pins: dict[Decimal, list[Mention]] = {}
    for pf in filings:
        for m in pf.mentions:
            if m.dates:
                pins.setdefault(abs(m.value), []).append(m)
    return pins


def pin_batch(parsed: list[tuple[Unit, list[ParsedFiling]]]) -> list[tuple[Unit, list[ParsedFiling]]]:
    """A note in one file can date an ambiguous table cell in another: re-read flattened R pages
    with the prose mentions of the whole batch as pins."""
    pins = _mention_pins([pf for _, fs in parsed for pf in fs])
    if not pins:
        return parsed
    out = []
    for unit, filings in parsed:
        if filings and len(unit.docs) == 1 and any(pf.format == "rtext" for pf in filings):
            doc = unit.docs[0]
            filings = [parse_rtext(decode_text(doc.data, doc.name), doc.name, pins)]
        out.append((unit, filings))
    return out


def parse_paths(paths: Iterable[str | Path]) -> tuple[list[ParsedFiling], list[tuple[str, str]]]:
    """Everything under ``paths`` parsed exactly as :func:`ingest` would, without indexing it."""
    errors: list[tuple[str, str]] = []
    parsed = []
    for unit in iter_units(paths, errors):
        try:
            parsed.append((unit, parse_document(unit.docs[0]) if len(unit.docs) == 1 else parse_documents(list(unit.docs), unit.name)))
        except FilingQAError as exc:
            errors.append((unit.name, str(exc)))
    return [pf for _, fs in pin_batch(parsed) for pf in fs], errors


def ingest(
    paths: Iterable[str | Path],
    index_dir: str | Path,  # a folder (embedded store) or a postgresql:// URL (index.storage)
    embedder: Embedder | Callable[[], Embedder],
    *,
    progress: Callable[[str, int, int], None] | None = None,
    wait_seconds: float = 0.0,
) -> IngestReport:
    """Parse every file under ``paths`` and commit what parsed into the index at ``index_dir``."""
    report = IngestReport()
    units = list(iter_units(paths, report.errors))
    report.files_seen = sum(len(u.docs) for u in units) + len(report.errors)
    emb = embedder() if callable(embedder) and not hasattr(embedder, "encode") else embedder
    with open_writer(index_dir, emb, wait_seconds=wait_seconds) as writer:
        parsed: list[tuple[Unit, str, list[ParsedFiling]]] = []
        for n, unit in enumerate(units, 1):
            if progress:
                progress("parse", n, len(units))
            sha = unit.sha256
            if writer.known(unit.name, sha):
                parsed.append((unit, sha, []))
                continue
            try:
                filings = parse_document(unit.docs[0]) if len(unit.docs) == 1 else parse_documents(list(unit.docs), unit.name)
            except FilingQAError as exc:
                report.errors.append((unit.name, str(exc)))
                continue
            if not any(pf.facts or pf.chunks for pf in filings):
                report.errors.append((unit.name, str(ParseError("no facts and no text were found in it.", source=unit.name))))
                continue
            parsed.append((unit, sha, filings))

        pinned = pin_batch([(unit, fs) for unit, _, fs in parsed])
        parsed = [(unit, sha, fs) for (unit, sha, _), (_, fs) in zip(parsed, pinned)]

        for _, _, filings in parsed:
            for pf in filings:
                report.warnings.extend((pf.source, w) for w in pf.warnings)
        if not is_postgres(index_dir):  # the filed documents, kept before the commit that indexes them (index.originals)
            from .originals import keep

            for unit, sha, _ in parsed:
                keep(index_dir, sha, unit.docs)
        new_files = [NewFile(unit.name, sha, tuple(fs)) for unit, sha, fs in parsed]
        embed_progress = (lambda done, total: progress("embed", done, total)) if progress else None
        report.commit = writer.commit(new_files, progress=embed_progress)
    return report


def detect(path: str | Path) -> str:
    """The format name filingqa would use for a file (for `filingqa ingest --dry-run` and tests)."""
    p = Path(path)
    return detect_format(Document(p.name, p.read_bytes())).name
