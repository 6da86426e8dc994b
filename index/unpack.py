"""Unpacking a .zip, the one way both the command line and the web upload do it.

Before a byte is written, the zip's directory is checked against :class:`~index.limits.Limits`: how many
entries, how large they say they unpack, and that size over the zip's own (a filing packs about 10x; a
zip bomb hundreds of times). While unpacking, the bytes actually produced are counted against the same
limits, so a zip whose directory lies stops there too. Member names are reduced to safe relative paths
(no ``..``, no absolute paths, no drive letters, no hidden names, no links), so nothing lands outside
the folder it is unpacked into. Members that are not filing documents (.js, .css, images, spreadsheets,
nested zips) are listed as skipped, not unpacked.
"""

from __future__ import annotations

import io
import re
import stat
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .errors import FileTooLarge, ParseError
from .limits import LIMITS, Limits

__all__ = ["DOCUMENT_SUFFIXES", "Budget", "Unpacked", "safe_name", "safe_relative", "unpack_zip", "read_zip",
           "looks_like_zip"]

# what a filing's zip holds that filingqa reads; everything else in it is skipped (and listed)
DOCUMENT_SUFFIXES = (".txt", ".htm", ".html", ".xml", ".xsd")
_UNSAFE_CHARS = re.compile(r"[^A-Za-z0-9._() -]+")
_KNOWN_SUFFIXES = {"txt", "htm", "html", "xml", "xsd", "zip"}
_BLOCK = 1 << 20


def looks_like_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def safe_name(raw: str) -> str:
    """A file name that is only a name: folder parts (``../``, ``C:\\``) dropped, odd characters
    replaced, no leading dots. Raises ParseError when nothing usable is left."""
    base = _UNSAFE_CHARS.sub("_", unicodedata.normalize("NFKC", str(raw)).replace("\\", "/").split("/")[-1])
    stem, dot, suffix = base.rpartition(".")
    if dot and stem and not stem.strip(" ._") and suffix.lower() in _KNOWN_SUFFIXES:
        base = f"upload.{suffix}"  # '...txt': a .txt whose name is only dots
    base = base.strip(" ._")
    stem, dot, suffix = base.rpartition(".")
    if dot and len(base) > 120:
        base = f"{stem[:110]}.{suffix[:9]}"
    base = base[:120]
    if not base or set(base) <= {"_", "."}:
        raise ParseError(f"the file name {raw!r} has nothing usable in it.",
                         "Rename the file (letters, digits, dots) and upload it again.")
    return base


def safe_relative(member: str) -> Path | None:
    """A zip member's path made safe: every part sanitized, '.', '..', empty and drive parts dropped."""
    parts = []
    for part in PurePosixPath(member.replace("\\", "/")).parts:
        if part in ("", ".", "..", "/") or part.endswith(":"):
            continue
        try:
            parts.append(safe_name(part))
        except ParseError:
            continue
    return Path(*parts) if parts else None


@dataclass
class Budget:
    """Bytes one upload (or one zip on the command line) may still unpack."""

    left: int


@dataclass
class Unpacked:
    files: list[Path] = field(default_factory=list)  # written, in the zip's order
    skipped: list[str] = field(default_factory=list)  # members that are not filing documents, or hidden


@dataclass(frozen=True)
class _Member:
    info: zipfile.ZipInfo
    path: Path  # safe, relative


def _open(source: Path | bytes, display: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ParseError(f"the zip file is damaged or incomplete ({exc}).",
                         "Download or zip the filing again and upload the new file.", source=display) from exc


def _plan(zf: zipfile.ZipFile, packed: int, display: str, limits: Limits, budget: Budget,
          out: Unpacked) -> list[_Member]:
    """The members to unpack, after checking the zip's directory against the limits (nothing written yet)."""
    infos = zf.infolist()
    if len(infos) > limits.zip_members:
        raise FileTooLarge(f"the zip holds {len(infos):,} entries (the limit is {limits.zip_members:,}).",
                           "Split it into smaller zips.", source=display)
    todo: list[_Member] = []
    for info in infos:
        if info.is_dir() or stat.S_ISLNK(info.external_attr >> 16):
            continue
        path = safe_relative(info.filename)
        named = [p for p in PurePosixPath(info.filename.replace("\\", "/")).parts if p not in (".", "..")]
        hidden = path is None or any(p.startswith(".") for p in named) or "__MACOSX" in named
        if hidden or path.suffix.lower() not in DOCUMENT_SUFFIXES:
            out.skipped.append(info.filename)
            continue
        if info.flag_bits & 0x1:
            raise ParseError("it is password-protected.", "Upload an unencrypted zip.", source=display)
        if info.file_size > limits.file_bytes:
            raise FileTooLarge(f"its member {path.name} unpacks to {info.file_size >> 20:,} MB, over the "
                               f"{limits.file_bytes >> 20} MB limit for one file.", source=display)
        todo.append(_Member(info, path))
    total = sum(m.info.file_size for m in todo)
    if total > budget.left:
        raise FileTooLarge(f"it expands to more than the {budget.left >> 20:,} MB this upload may still take "
                           f"({total >> 20:,} MB unpacked).", "Upload fewer files at once, or raise FILINGQA_MAX_UPLOAD_MB.",
                           source=display)
    if total > limits.zip_ratio * max(packed, 1) and total > _BLOCK:
        raise FileTooLarge(f"it would unpack {packed >> 10:,} KB into {total >> 20:,} MB ({total // max(packed, 1):,}x; "
                           f"a filing packs about 10x, the limit is {limits.zip_ratio}x): refused as a zip bomb.",
                           "Unpack it yourself if you trust it, and add the files.", source=display)
    return todo


def _blocks(zf: zipfile.ZipFile, m: _Member, display: str, limits: Limits,
            budget: Budget) -> Iterator[bytes]:
    """The member's bytes as they unpack, counted against the limits (a directory may understate sizes)."""
    size = 0
    try:
        with zf.open(m.info) as fh:
            while block := fh.read(_BLOCK):
                size += len(block)
                if size > limits.file_bytes:
                    raise FileTooLarge(f"its member {m.path.name} unpacks past the {limits.file_bytes >> 20} MB "
                                       "limit for one file.", source=display)
                if len(block) > budget.left:
                    raise FileTooLarge(f"it expands to more than the {budget.left >> 20:,} MB this upload may still take.",
                                       "Upload fewer files at once, or raise FILINGQA_MAX_UPLOAD_MB.", source=display)
                budget.left -= len(block)
                yield block
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise ParseError(f"its member {m.path.name} is damaged ({exc.__class__.__name__}: {exc}).",
                         "Download or zip the filing again.", source=display) from exc
    except NotImplementedError as exc:
        raise ParseError(f"its member {m.path.name} uses a compression filingqa cannot unpack ({exc}).",
                         "Zip it again with standard (deflate) compression.", source=display) from exc


def _unique(dest: Path) -> Path:
    n = 2
    candidate = dest
    while candidate.exists():
        candidate = dest.with_name(f"{dest.stem} ({n}){dest.suffix}")
        n += 1
    return candidate


def unpack_zip(path: Path, folder: Path, display: str, *, limits: Limits = LIMITS,
               budget: Budget | None = None) -> Unpacked:
    """Unpack the filing documents of the zip at ``path`` under ``folder`` (created), checked as the module
    says. On a refusal nothing of this zip is left behind, and the error says why."""
    budget = budget if budget is not None else Budget(limits.upload_bytes)
    out = Unpacked()
    root = folder.resolve()
    spent = budget.left
    with _open(path, display) as zf:
        packed = path.stat().st_size
        try:
            for m in _plan(zf, packed, display, limits, budget, out):
                dest = _unique(folder / m.path)
                if not dest.resolve().is_relative_to(root):  # defence in depth; names are already safe
                    raise ParseError(f"its member {m.info.filename!r} would land outside the upload folder.",
                                     source=display)
                dest.parent.mkdir(parents=True, exist_ok=True)
                out.files.append(dest)
                with open(dest, "wb") as fh:
                    for block in _blocks(zf, m, display, limits, budget):
                        fh.write(block)
        except BaseException:
            for f in out.files:
                f.unlink(missing_ok=True)
            budget.left = spent
            raise
    return out


def read_zip(data: bytes, display: str, *, limits: Limits = LIMITS) -> list:
    """The filing documents of a zip held in memory (a zip inside a submission), named by their base name,
    checked as :func:`unpack_zip` checks them."""
    from .parsers import Document

    out = Unpacked()
    budget = Budget(min(limits.upload_bytes, limits.file_bytes))
    with _open(data, display) as zf:
        docs = [Document(m.path.name, b"".join(_blocks(zf, m, display, limits, budget)))
                for m in _plan(zf, len(data), display, limits, budget, out)]
    if not docs:
        raise ParseError("the zip holds no filing document (.txt, .htm, .html, .xml, .xsd)"
                         + (f": only {', '.join(out.skipped[:5])}" if out.skipped else "") + ".", source=display)
    return docs
