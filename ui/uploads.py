"""Adding uploaded files to the served index, and removing filings from it.

An upload is first *staged*: every file is copied into a fresh temp folder under a sanitized name
(no folders, no ``..``, no hidden names), its type and size are checked, and a .zip is unpacked
there by :mod:`index.unpack` — the routine the command line uses, with the same count, size and
ratio limits. Only the staged folder is handed to :func:`index.ingest.ingest`, which commits
atomically or not at all, so a bad upload leaves the index exactly as it was. Each bad file gets its
own message; the others are still indexed. Every problem becomes a message, never a traceback.

Limits (index.limits, environment): ``FILINGQA_MAX_FILE_MB`` per file (default 200) and
``FILINGQA_MAX_UPLOAD_MB`` for one upload after unzipping (default 500).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from index.errors import FileTooLarge, FilingQAError, ParseError, UnsupportedFormat
from index.limits import LIMITS
from index.unpack import Budget, safe_name, unpack_zip

from .workspace import ServedIndex

__all__ = [
    "ALLOWED_SUFFIXES", "MAX_UPLOAD_BYTES", "MAX_ZIP_MEMBERS", "STAGES", "StagedUpload", "UploadOutcome", "UploadStep",
    "safe_name", "stage_upload", "add_filings", "remove_filing",
]

log = logging.getLogger(__name__)

DOCUMENT_SUFFIXES = (".txt", ".htm", ".html", ".xml")
ALLOWED_SUFFIXES = DOCUMENT_SUFFIXES + (".zip",)
MAX_FILE_BYTES = LIMITS.file_bytes
MAX_UPLOAD_BYTES = LIMITS.upload_bytes
MAX_ZIP_MEMBERS = LIMITS.zip_members

Progress = Callable[[float, str], None]
STAGES = ("checking", "parsing", "embedding", "committing")  # what an upload goes through, in order
# control and bidi-override characters in a file's name would garble (or reorder) the messages that name it
_PRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class UploadStep:
    """One step of an upload, as it happens: ``stage`` (one of STAGES, or "done"), ``done`` of ``total``
    (files checked, filings parsed, passages embedded), the file it is about, and the names of all
    filings being indexed (given once, with the first parsing step)."""

    stage: str
    done: int = 0
    total: int = 0
    name: str = ""
    names: tuple[str, ...] = ()


@dataclass
class StagedUpload:
    """Files copied into ``folder`` (a per-upload temp folder), ready to ingest."""

    folder: Path
    files: list[Path] = field(default_factory=list)  # staged paths; ingest names them by file name
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file, message)
    skipped: list[str] = field(default_factory=list)  # zip members that are not filing documents (not an error)
    uploaded_as: dict[str, str] = field(default_factory=dict)  # staged name -> the name it was uploaded under
    total_bytes: int = 0

    def cleanup(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass(frozen=True)
class UploadOutcome:
    added: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    duplicates: tuple[str, ...] = ()  # same content as a filing the index already has under another name
    copies: tuple[tuple[str, str], ...] = ()  # (file, why): a near-copy of a filing the index already has
    errors: tuple[tuple[str, str], ...] = ()
    warnings: tuple[tuple[str, str], ...] = ()
    skipped: tuple[str, ...] = ()  # zip members left out because they are not filing documents (.js, .css, .jpg…)
    facts: int = 0
    chunks: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced)


def _add_file(staged: StagedUpload, name: str, path: Path, budget: Budget, uploaded: str) -> None:
    """Copy one uploaded document into the staging folder in blocks, refusing it past the size limits."""
    dest = staged.folder / name
    n = 2
    while dest.exists():
        dest = dest.with_name(f"{Path(name).stem} ({n}){Path(name).suffix}")
        n += 1
    size = 0
    try:
        with open(dest, "wb") as out:
            for block in _read_blocks(path)():
                size += len(block)
                if size > MAX_FILE_BYTES:
                    raise FileTooLarge(f"it is over the {MAX_FILE_BYTES >> 20} MB limit for one file.", source=name)
                if size > budget.left:
                    raise FileTooLarge(f"this upload expands to more than {MAX_UPLOAD_BYTES >> 20} MB.",
                                       "Upload fewer files at once, or raise FILINGQA_MAX_UPLOAD_MB.", source=name)
                out.write(block)
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    budget.left -= size
    staged.files.append(dest)
    staged.uploaded_as[dest.name] = uploaded


def _read_blocks(path: Path) -> Callable[[], Iterable[bytes]]:
    def blocks():
        with open(path, "rb") as fh:
            yield from iter(lambda: fh.read(1 << 20), b"")
    return blocks


def _stage_zip(staged: StagedUpload, path: Path, name: str, budget: Budget) -> None:
    """A zip's filing documents, unpacked (index.unpack) into a folder named like the zip: the documents of one
    filing stay together, and a filing's folder is indexed under the zip's name, as on the command line."""
    folder = staged.folder / name
    n = 2
    while folder.exists():
        folder = folder.with_name(f"{Path(name).stem} ({n}).zip")
        n += 1
    limits = replace(LIMITS, file_bytes=MAX_FILE_BYTES, upload_bytes=MAX_UPLOAD_BYTES)
    out = unpack_zip(path, folder, name, limits=limits, budget=budget)
    staged.skipped.extend(f"{name} › {member}" for member in out.skipped)
    if not out.files:
        raise ParseError("the zip contains no .txt, .htm, .html, .xml or .xsd file.", "Zip the filing's documents themselves.",
                         source=name)
    staged.files.extend(out.files)


def stage_upload(paths: Iterable[str | os.PathLike], display_names: Iterable[str] | None = None,
                 on_file: Callable[[int, int, str], None] | None = None) -> StagedUpload:
    """Copy uploaded files (and the contents of zips) into a new temp folder under safe names.
    ``on_file(n, total, name)`` is told before the n-th file (from 1) is checked."""
    staged = StagedUpload(Path(tempfile.mkdtemp(prefix="filingqa-upload-")))
    budget = Budget(MAX_UPLOAD_BYTES)
    names = list(display_names) if display_names is not None else None
    paths = list(paths)
    for i, raw in enumerate(paths):
        path = Path(raw)
        display = _PRINTABLE.sub("", names[i] if names and i < len(names) else path.name)
        if on_file:
            on_file(i + 1, len(paths), display)
        try:
            name = safe_name(display)
            suffix = Path(name).suffix.lower()
            if suffix not in ALLOWED_SUFFIXES:
                what = (f"“{suffix}” files are not filings filingqa reads." if suffix
                        else "its name has no extension, so filingqa cannot tell what kind of file it is.")
                raise UnsupportedFormat(what, "Upload .txt, .htm, .html or .xml filing documents, or a .zip of them "
                                        "(rename the file if it is one).", source=name)
            if not path.is_file():
                raise ParseError("the upload did not arrive (no file on the server).", "Upload it again.", source=name)
            if suffix == ".zip":
                _stage_zip(staged, path, name, budget)
            else:
                _add_file(staged, name, path, budget, display)
        except FilingQAError as exc:
            staged.problems.append((display, _without_name(display, str(exc))))
    staged.total_bytes = MAX_UPLOAD_BYTES - budget.left
    return staged


class _ReportingEmbedder:
    """The index's embedder, saying when a batch of passages starts (the store reports only when one ends, and
    a small upload is one batch): the display moves from parsing to embedding when the embedding starts.

    Which encoder: the server answers questions with the NumPy one (no torch in memory); an upload with many
    passages is embedded with torch, several times faster (index.embed), loaded on the first such upload."""

    def __init__(self, on_start: Callable[[int], None]):
        from index.embed import DIM, MODEL_NAME

        self._inner = None
        self._on_start = on_start
        self.dim, self.name = DIM, MODEL_NAME

    def encode(self, texts, *args, **kwargs):
        from index.embed import default_embedder

        if self._inner is None:
            self._inner = default_embedder("bulk" if len(texts) >= _TORCH_FROM else "query")
        self._on_start(len(texts))
        return self._inner.encode(texts, *args, **kwargs)


_TORCH_FROM = 256  # passages in the first batch (ingest embeds up to 1,024 at a time)


def add_filings(served: ServedIndex, paths: Iterable[str | os.PathLike], progress: Progress | None = None,
                display_names: Iterable[str] | None = None,
                steps: Callable[[UploadStep], None] | None = None) -> UploadOutcome:
    """Stage, ingest into the served index, keep the originals (workspace), report what happened.

    ``progress(fraction, message)`` gets a bar that only moves forward; ``steps`` gets each
    :class:`UploadStep` (which file, which stage) for a progress display per file and stage."""
    from index.ingest import ingest, iter_units

    say = progress or (lambda fraction, message: None)
    step = steps or (lambda s: None)
    say(0.02, "Checking the files")

    def on_file(n: int, total: int, name: str) -> None:
        step(UploadStep("checking", n - 1, total, name))
        say(0.02 + 0.03 * (n - 1) / max(total, 1), f"Checking {n}/{total} {name}")

    staged = stage_upload(paths, display_names, on_file=on_file)
    skipped = tuple(staged.skipped)
    try:
        if not staged.files:
            errors = tuple(staged.problems) or (("upload", "No file was uploaded."),)
            if skipped and not staged.problems:
                errors = (("upload", "no filing document in it: only " + ", ".join(skipped[:5])
                           + (" …" if len(skipped) > 5 else "") + "."),)
            return UploadOutcome(errors=errors, skipped=skipped)
        # the filings as ingest will see them (same walk, same order): its progress counts them by number
        units = tuple(u.name for u in iter_units([staged.folder], []))
        embedding = {"done": 0, "total": 0}

        def on_batch(n: int) -> None:  # n passages are being embedded now
            total = max(embedding["total"], embedding["done"] + n)
            step(UploadStep("embedding", embedding["done"], total))
            say(0.40 + 0.50 * embedding["done"] / max(total, 1), f"Embedding passages {embedding['done']:,}/{total:,}")

        def on_ingest(stage: str, done: int, total: int) -> None:
            if stage == "parse":  # told before the done-th filing is parsed
                name = units[done - 1] if 0 < done <= len(units) else ""
                step(UploadStep("parsing", done - 1, total, name, units if done == 1 else ()))
                say(0.05 + 0.35 * (done - 1) / max(total, 1), f"Parsing {done}/{total} {name}".strip())
            else:
                embedding.update(done=done, total=total)
                step(UploadStep("embedding", done, total))
                say(0.40 + 0.50 * done / max(total, 1), f"Embedding passages {done:,}/{total:,}")
                if done >= total:
                    step(UploadStep("committing", 0, 1))
                    say(0.92, "Committing to the index")

        try:
            report = ingest([staged.folder], served.path, lambda: _ReportingEmbedder(on_batch), progress=on_ingest,
                            wait_seconds=120)
        except FilingQAError as exc:
            return UploadOutcome(errors=tuple(staged.problems) + (("index", str(exc)),), skipped=skipped)
        commit = report.commit
        # a problem is named by the file as it was uploaded ('...txt' is staged as 'upload.txt')
        errors = tuple(staged.problems) + tuple((staged.uploaded_as.get(name, name), _without_name(name, msg))
                                                for name, msg in report.errors)
        if commit is None:
            return UploadOutcome(errors=errors, warnings=tuple(report.warnings), skipped=skipped)
        # The writer keeps one copy of a filing it already holds (same bytes, same content, or a near-copy): say so.
        added, replaced, duplicates = commit.added, commit.replaced, commit.duplicates
        if served.files_dir is not None:
            _keep_originals(served.files_dir, staged, added + replaced)
        step(UploadStep("done", 1, 1))
        say(1.0, "Done")
        return UploadOutcome(added=added, replaced=replaced, unchanged=commit.unchanged, duplicates=duplicates,
                             copies=commit.copies, errors=errors, warnings=tuple(report.warnings),
                             skipped=skipped + tuple(f"{name} ({why})" for name, why in report.skipped),
                             facts=commit.facts, chunks=commit.chunks)
    finally:
        staged.cleanup()


def _without_name(name: str, message: str) -> str:
    return message[len(name) + 1:].strip() if message.startswith(f"{name}:") else message


def _keep_originals(files_dir: Path, staged: StagedUpload, names: Iterable[str]) -> None:
    """Workspace only: keep the bytes of what was indexed (in the folders they came in, so the documents
    of one filing stay together), so a rebuilt workspace can index them again."""
    wanted = set(names)
    for src in staged.files:
        rel = src.relative_to(staged.folder)
        if rel.name in wanted:
            _forget_kept(files_dir, src.name)  # a new version of a file replaces the kept one
        elif not wanted & {p.name for p in rel.parents}:  # nor a document of a filing's folder (or zip) indexed
            continue
        dest = files_dir / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.part")
        shutil.copyfile(src, tmp)
        os.replace(tmp, dest)


def _forget_kept(files_dir: Path, name: str) -> None:
    if files_dir.is_dir():
        for kept in list(files_dir.rglob("*")):
            if kept.name == name and kept.is_file():
                kept.unlink()
            elif kept.name == name and kept.is_dir():  # a filing's folder (or zip), indexed under its name
                shutil.rmtree(kept, ignore_errors=True)


def remove_filing(served: ServedIndex, source: str) -> list[str]:
    """Hide a filing (by its file name) from the index; returns the names removed."""
    from index.embed import default_embedder
    from index.storage import open_writer

    with open_writer(served.path, default_embedder("query"), wait_seconds=30) as writer:
        removed = writer.remove([source])
    if served.files_dir is not None:
        for name in removed:
            _forget_kept(served.files_dir, name)
    return removed
