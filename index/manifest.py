"""The manifest: the one file whose atomic replacement commits a change to an index.

An index directory holds immutable segment folders plus ``manifest.json``. A writer builds a new
segment beside the old ones, then replaces the manifest in one ``os.replace``; a reader that
opened the old manifest keeps seeing the old, complete state. A crash at any point leaves either
the old manifest or the new one, never a mix; leftovers are swept by the next writer.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .errors import IndexCorrupt, IndexIncompatible, IndexNotFound

__all__ = ["tombstone", "FORMAT", "FORMAT_VERSION", "Manifest", "SegmentInfo", "FilingInfo", "atomic_write", "sha256_file", "now_iso"]

FORMAT = "filingqa-index"
FORMAT_VERSION = 2  # 2: rows in a DuckDB file per segment (1 had Parquet)
MANIFEST = "manifest.json"


def tombstone(segment: str, filing_id: str) -> str:
    """A removed copy of a filing is named by its segment too: the same content added again later
    lives in a new segment and must not stay hidden."""
    return f"{segment}/{filing_id}"


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temp file in the same folder, fsync, rename over the target, fsync the folder."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


@dataclass
class SegmentInfo:
    id: str
    files: dict[str, dict]  # name -> {"sha256": ..., "bytes": ...}
    counts: dict[str, int]
    created: str = ""


@dataclass
class FilingInfo:
    filing_id: str
    source: str  # file name as ingested
    sha256: str  # of the file's bytes: the same bytes are never ingested twice
    format: str
    segment: str
    title: str = ""
    entity: str = ""
    form: str = ""
    fiscal_year: int | None = None
    facts: int = 0
    chunks: int = 0
    ingested_at: str = ""
    warnings: list[str] = field(default_factory=list)
    fingerprint: dict = field(default_factory=dict)  # index.nearcopy.Print of its file ({}: indexed before prints were kept)


@dataclass
class Manifest:
    model: str
    dim: int
    format: str = FORMAT
    format_version: int = FORMAT_VERSION
    generation: int = 0
    created: str = ""
    updated: str = ""
    segments: list[SegmentInfo] = field(default_factory=list)
    filings: list[FilingInfo] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # 'segment/filing_id' copies hidden from readers

    @property
    def live_filings(self) -> list[FilingInfo]:
        gone = set(self.removed)
        return [f for f in self.filings if tombstone(f.segment, f.filing_id) not in gone]

    def counts(self) -> dict[str, int]:
        live = self.live_filings
        return {"filings": len(live), "facts": sum(f.facts for f in live), "chunks": sum(f.chunks for f in live)}

    def to_json(self) -> bytes:
        data = asdict(self)
        data["counts"] = self.counts()
        return json.dumps(data, indent=1, sort_keys=False).encode("utf-8")

    @classmethod
    def read(cls, folder: Path) -> "Manifest":
        path = folder / MANIFEST
        if not folder.exists():
            raise IndexNotFound(f"no index at {folder.name!r}: the folder does not exist.")
        if not path.exists():
            raise IndexNotFound(f"{folder.name!r} is not a filingqa index (it has no {MANIFEST}).")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise IndexCorrupt(f"the manifest of index {folder.name!r} cannot be read ({exc.__class__.__name__}).") from exc
        if data.get("format") != FORMAT:
            raise IndexIncompatible(f"{folder.name!r} holds a {data.get('format')!r} manifest, not a filingqa index.")
        if data.get("format_version") != FORMAT_VERSION:
            raise IndexIncompatible(
                f"index {folder.name!r} was written by index format version {data.get('format_version')}; "
                f"this filingqa reads version {FORMAT_VERSION}."
            )
        data.pop("counts", None)
        try:
            data["segments"] = [SegmentInfo(**s) for s in data.get("segments", [])]
            data["filings"] = [FilingInfo(**f) for f in data.get("filings", [])]
            return cls(**data)
        except TypeError as exc:
            raise IndexCorrupt(f"the manifest of index {folder.name!r} has unexpected fields ({exc}).") from exc

    def write(self, folder: Path) -> None:
        self.updated = now_iso()
        if not self.created:
            self.created = self.updated
        atomic_write(folder / MANIFEST, self.to_json())
