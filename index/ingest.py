"""Ingest: paths -> documents -> parsed filings -> one committed segment.

Files are read one at a time, when parsed (a batch is a list of paths, not of bytes); a zip is unpacked
by index.unpack, as the web upload does. Per-file problems (unreadable, unsupported, garbled, over a
limit of index.limits) are reported and skipped, files left out on purpose (hidden, the same bytes as
one indexed) are named; the rest of the batch is still indexed, and the index only ever moves from one
committed state to the next.
"""

from __future__ import annotations

import atexit
import hashlib
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .embed import Embedder
from .errors import FileTooLarge, FilingQAError, ParseError
from .facts import Mention, ParsedFiling
from .limits import LIMITS
from .nearcopy import Print, fingerprint
from .parsers import Document, decode_text, detect_format, parse_document, parse_documents
from .parsers.rtext import parse_rtext
from .storage import is_postgres, open_writer
from .writer import CommitResult, NewFile
from .unpack import looks_like_zip, safe_name, unpack_zip

__all__ = ["ingest", "parse_paths", "pin_batch", "IngestReport", "LazyEmbedder", "iter_documents", "iter_units", "Unit",
           "MAX_FILE_BYTES"]

MAX_FILE_BYTES = LIMITS.file_bytes
_NOT_FILINGS = {"SOURCES.md": "a notes file that travels with the corpus, not a filing"}


class LazyEmbedder:
    """The model, loaded when the first passage is embedded: a batch whose every file is refused (or already
    indexed) never pays for loading it. ``kind`` as index.embed.default_embedder takes it."""

    def __init__(self, kind: str = "bulk"):
        from .embed import DIM, MODEL_NAME

        self.name, self.dim, self.kind = MODEL_NAME, DIM, kind

    def encode(self, texts: list[str], batch_size: int = 64):
        from .embed import default_embedder

        return default_embedder(self.kind).encode(texts, batch_size=batch_size)


@dataclass
class IngestReport:
    commit: CommitResult | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)  # (file, message)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, why it was left out): not errors
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, the indexed file with the same bytes)
    files_seen: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _sha_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass(frozen=True)
class Unit:
    """What is indexed as one source: a single file, or the files of one filing's folder. The files are read
    only when the unit is parsed (``docs``), so a batch never holds more than one unit's bytes."""

    name: str
    files: tuple[Path, ...]

    @property
    def docs(self) -> tuple[Document, ...]:
        return tuple(Document(name=f.name, data=f.read_bytes()) for f in self.files)

    @property
    def sha256(self) -> str:
        """Of the bytes (for a folder: of its files' names and hashes), without holding them."""
        if len(self.files) == 1:
            return _sha_file(self.files[0])
        h = hashlib.sha256()
        for f in sorted(self.files, key=lambda f: f.name):
            h.update(f.name.encode() + b"\0" + bytes.fromhex(_sha_file(f)))
        return h.hexdigest()


_FILING_PART = re.compile(r"(?:\.xsd|_lab\.xml|_pre\.xml|_htm\.xml|^FilingSummary\.xml|^R\d+\.htm)$", re.I)
_ACCESSION = re.compile(r"(?<!\d)(\d{10})-?(\d{2})-?(\d{6})(?!\d)")


def _is_filing_folder(files: list[Path]) -> bool:
    """A folder holding the pieces of one XBRL filing (taxonomy files, an instance, R pages)."""
    return sum(1 for f in files if _FILING_PART.search(f.name)) >= 2


_EXHIBIT_HEAD = re.compile(rb"^\s*<DOCUMENT>\s*<TYPE>\s*EX-", re.I)


def _head(f: Path, n: int = 200) -> bytes:
    with open(f, "rb") as fh:
        return fh.read(n)


def _exhibits_with_their_filing(files: list[Path]) -> bool:
    """Exhibits saved in their EDGAR ``<DOCUMENT><TYPE>EX-...`` wrapper next to exactly one main
    document are that filing's: an 8-K's press release names no company of its own, its cover does."""
    exhibits = sum(1 for f in files if _EXHIBIT_HEAD.match(_head(f)))
    return exhibits >= 1 and len(files) - exhibits == 1


def _fits(f: Path, errors: list[tuple[str, str]]) -> bool:
    """Readable and within the size limit (checked before a byte of it is read)."""
    try:
        size = f.stat().st_size
        with open(f, "rb"):
            pass
    except OSError as exc:
        errors.append((f.name, f"could not be read ({exc.strerror})."))
        return False
    if size > MAX_FILE_BYTES:
        errors.append((f.name, str(FileTooLarge(f"{size / (1 << 20):.0f} MB is over the {MAX_FILE_BYTES >> 20} MB limit.",
                                                source=f.name))))
        return False
    return True


def _is_zip(f: Path) -> bool:
    try:
        return f.suffix.lower() == ".zip" or looks_like_zip(_head(f, 4))
    except OSError:
        return False


class _Scratch:
    """Where zips given to ingest are unpacked: a temp folder, removed when ingest ends (or at exit)."""

    def __init__(self, folder: Path | None = None):
        self._folder = folder

    def folder_for(self, name: str) -> Path:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="filingqa-unpack-"))
            atexit.register(shutil.rmtree, self._folder, True)
        dest = self._folder / safe_name(name)
        n = 2
        while dest.exists():
            dest = self._folder / f"{Path(safe_name(name)).stem} ({n}).zip"
            n += 1
        return dest


def _unpacked(f: Path, scratch: _Scratch, errors: list, skipped: list) -> Path | None:
    """A zip unpacked (index.unpack: the web upload's routine and limits) into a folder named like it, so a
    filing's zip is indexed under the zip's name."""
    folder = scratch.folder_for(f.name)
    try:
        out = unpack_zip(f, folder, f.name)
    except FilingQAError as exc:
        errors.append((f.name, str(exc)))
        return None
    skipped.extend((f"{f.name} › {m}", "not a filing document (or a hidden file), left out") for m in out.skipped)
    if not out.files:
        errors.append((f.name, str(ParseError("the zip contains no .txt, .htm, .html, .xml or .xsd file.", source=f.name))))
        return None
    return folder


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def _walk(folder: Path, errors: list, skipped: list, scratch: _Scratch) -> Iterator[Unit]:
    by_dir: dict[Path, list[Path]] = {}
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = f.relative_to(folder)
        if _hidden(rel):
            skipped.append((str(rel), "a hidden file (its name starts with a dot); rename it to ingest it"))
            continue
        if f.name in _NOT_FILINGS:
            skipped.append((str(rel), _NOT_FILINGS[f.name]))
            continue
        by_dir.setdefault(f.parent, []).append(f)
    for where, found in by_dir.items():
        files = [f for f in found if _fits(f, errors)]
        zips = [f for f in files if _is_zip(f)]
        files = [f for f in files if f not in zips]
        if files and _is_filing_folder(files):
            yield Unit(where.name, tuple(files))
        elif len(files) > 1 and _exhibits_with_their_filing(files):
            yield Unit(where.name, tuple(files))
        else:
            yield from (Unit(f.name, (f,)) for f in files)
        for z in zips:
            root = _unpacked(z, scratch, errors, skipped)
            if root is not None:
                yield from _walk(root, errors, skipped, scratch)


def iter_units(paths: Iterable[str | Path], errors: list[tuple[str, str]], skipped: list[tuple[str, str]] | None = None,
               scratch: Path | None = None) -> Iterator[Unit]:
    """Files as given; folders walked in name order, a filing's folder as one unit; a zip unpacked (into
    ``scratch``, else a temp folder) and walked like a folder. Problems go to ``errors``, files left out on
    purpose (hidden, not documents) to ``skipped``."""
    skipped = skipped if skipped is not None else []
    work = _Scratch(scratch)
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            errors.append((path.name or str(raw), "no such file or folder."))
        elif path.is_dir():
            yield from _walk(path, errors, skipped, work)
        elif _fits(path, errors):
            if _is_zip(path):
                root = _unpacked(path, work, errors, skipped)
                if root is not None:
                    yield from _walk(root, errors, skipped, work)
            else:
                yield Unit(path.name, (path,))


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
        if filings and len(unit.files) == 1 and any(pf.format == "rtext" for pf in filings):
            doc = unit.docs[0]
            filings = [parse_rtext(decode_text(doc.data, doc.name), doc.name, pins)]
        out.append((unit, filings))
    return out


def _accession(unit: Unit, docs: tuple[Document, ...]) -> str:
    """The EDGAR accession number, from the names (EDGAR names a submission and its folder by it) or from a
    full submission's header; '' when neither says."""
    for text in (unit.name, *(f.name for f in unit.files)):
        if m := _ACCESSION.search(text):
            return f"{m[1]}-{m[2]}-{m[3]}"
    for d in docs:
        if m := re.search(rb"ACCESSION NUMBER:\s*(\d{10})-(\d{2})-(\d{6})", d.data[:20000]):
            return b"-".join(m.groups()).decode()
    return ""


def _parse_unit(unit: Unit) -> tuple[list[ParsedFiling], str]:
    """A unit's filings and accession number. Its bytes are read here and let go when parsed; a unit that
    would make more passages than one file may is refused before anything is embedded."""
    docs = unit.docs
    accession = _accession(unit, docs)
    filings = parse_document(docs[0]) if len(docs) == 1 else parse_documents(list(docs), unit.name)
    del docs
    passages = sum(len(pf.chunks) for pf in filings)
    if passages > LIMITS.passages:
        raise FileTooLarge(f"it makes {passages:,} passages, more than the {LIMITS.passages:,} one file may (a large "
                           "annual report makes about 5,000), and every passage is embedded.",
                           "Split it, or raise FILINGQA_MAX_PASSAGES if you trust it and can wait.", source=unit.name)
    if not any(pf.facts or pf.chunks for pf in filings):
        raise ParseError("no facts and no text were found in it.", source=unit.name)
    return filings, accession


def parse_paths(paths: Iterable[str | Path]) -> tuple[list[ParsedFiling], list[tuple[str, str]]]:
    """Everything under ``paths`` parsed exactly as :func:`ingest` would, without indexing it."""
    errors: list[tuple[str, str]] = []
    parsed = []
    with tempfile.TemporaryDirectory(prefix="filingqa-unpack-") as scratch:
        for unit in iter_units(paths, errors, scratch=Path(scratch)):
            try:
                parsed.append((unit, _parse_unit(unit)[0]))
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
    """Parse every file under ``paths`` and commit what parsed into the index at ``index_dir``.

    One file at a time is read and parsed (its bytes let go after); the same bytes as a file already
    indexed (or earlier in the batch) under another name are named and left out; the writer then keeps
    one copy of a filing it already holds (index.nearcopy)."""
    report = IngestReport()
    with tempfile.TemporaryDirectory(prefix="filingqa-unpack-") as scratch:
        units = list(iter_units(paths, report.errors, report.skipped, Path(scratch)))
        report.files_seen = sum(len(u.files) for u in units) + len(report.errors)
        emb = embedder() if callable(embedder) and not hasattr(embedder, "encode") else embedder
        with open_writer(index_dir, emb, wait_seconds=wait_seconds) as writer:
            parsed: list[tuple[Unit, str, list[ParsedFiling], str]] = []
            seen: dict[str, str] = {}  # sha256 -> the unit of this batch with those bytes
            prints: dict[str, Print] = {}
            for n, unit in enumerate(units, 1):
                if progress:
                    progress("parse", n, len(units))
                sha = unit.sha256
                if writer.known(unit.name, sha):
                    parsed.append((unit, sha, [], ""))
                    continue
                twin = seen.get(sha) or writer.indexed_as(sha)
                if twin:  # not parsed; the writer counts it as a duplicate
                    report.duplicates.append((unit.name, twin))
                    parsed.append((unit, sha, [], ""))
                    continue
                seen[sha] = unit.name
                try:
                    filings, accession = _parse_unit(unit)
                except FilingQAError as exc:
                    report.errors.append((unit.name, str(exc)))
                    continue
                # what the file holds on its own, before the batch's notes date its cells (index.nearcopy)
                prints[unit.name] = fingerprint(filings, accession)
                parsed.append((unit, sha, filings, accession))

            pinned = pin_batch([(unit, fs) for unit, _, fs, _ in parsed])
            parsed = [(unit, sha, fs, acc) for (unit, sha, _, acc), (_, fs) in zip(parsed, pinned)]

            for _, _, filings, _ in parsed:
                for pf in filings:
                    report.warnings.extend((pf.source, w) for w in pf.warnings)
            if not is_postgres(index_dir):  # the filed documents, kept before the commit that indexes them (index.originals)
                from .originals import keep

                for unit, sha, _, _ in parsed:  # one unit's bytes at a time; what is kept already is not written again
                    keep(index_dir, sha, unit.docs)
            new_files = [NewFile(unit.name, sha, tuple(fs), accession=acc, print=prints.get(unit.name))
                         for unit, sha, fs, acc in parsed]
            del parsed, pinned
            embed_progress = (lambda done, total: progress("embed", done, total)) if progress else None
            report.commit = writer.commit(new_files, progress=embed_progress)
    return report


def detect(path: str | Path) -> str:
    """The format name filingqa would use for a file (for `filingqa ingest --dry-run` and tests)."""
    p = Path(path)
    return detect_format(Document(p.name, p.read_bytes())).name
