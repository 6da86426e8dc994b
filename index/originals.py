"""The filed documents themselves, kept inside an index folder, so a citation can be shown in the
document as it was filed (the web app's "Open the source").

Layout (content-addressed: the same bytes are kept once, whatever their name)::

    INDEX/originals/<sha256>        the bytes of one ingested file
    INDEX/originals/<sha256>.json   for a filing folder (one indexed unit of several files): the unit's
                                    hash -> its files' names and hashes

A filing's ``FilingInfo.sha256`` (the manifest) is the hash of what was ingested as one unit: for a
single file, the file's own hash; for a folder, the hash :class:`index.ingest.Unit` computes over its
files. Everything is written, each file atomically (temp file, fsync, rename), *before* the commit
that indexes it, so a committed filing always has its originals; a crash before the commit only
leaves files no manifest names, which the next ingest of the same bytes reuses. Re-ingesting the
same file writes nothing. Files of a removed filing stay (another filing may share them).

A PostgreSQL store has no folder: its filings are shown from the indexed text instead.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path

from .manifest import atomic_write
from .parsers import Document

__all__ = ["FOLDER", "keep", "documents", "find_document", "accession_number"]

FOLDER = "originals"
_SHA = re.compile(r"[0-9a-f]{64}")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _put(folder: Path, name: str, data: bytes) -> None:
    path = folder / name
    if not path.exists():  # content-addressed: present means complete (written by rename)
        atomic_write(path, data)


def keep(index_dir: str | Path, unit_sha: str, docs: Sequence[Document]) -> None:
    """Keep the files of one ingested unit (``unit_sha``: its FilingInfo.sha256)."""
    folder = Path(index_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for d in docs:
        _put(folder, _sha(d.data), d.data)
    if len(docs) > 1 or _sha(docs[0].data) != unit_sha:
        listing = {"files": [[d.name, _sha(d.data)] for d in sorted(docs, key=lambda d: d.name)]}
        _put(folder, f"{unit_sha}.json", json.dumps(listing, indent=1).encode("utf-8"))


def documents(index_dir: str | Path, unit_sha: str) -> list[Document] | None:
    """The files of a unit as ingested, or None when the index does not keep them (built before
    originals were kept, or a PostgreSQL store)."""
    if not _SHA.fullmatch(unit_sha or ""):
        return None
    folder = Path(index_dir) / FOLDER
    listing = folder / f"{unit_sha}.json"
    try:
        if listing.exists():
            files = json.loads(listing.read_text(encoding="utf-8"))["files"]
            return [Document(name, (folder / sha).read_bytes()) for name, sha in files if _SHA.fullmatch(sha)]
        blob = folder / unit_sha
        return None if not blob.exists() else [Document("", blob.read_bytes())]
    except (OSError, ValueError, KeyError):
        return None


def find_document(index_dir: str | Path, unit_sha: str, name: str, unit_name: str = "") -> Document | None:
    """One file of a unit by the name its facts carry, looking inside a .zip or an EDGAR full
    submission when the unit is one; ``unit_name`` names a single-file unit (its listing has none)."""
    docs = documents(index_dir, unit_sha)
    if docs is None:
        return None
    docs = [Document(d.name or unit_name, d.data) for d in docs]
    for d in docs:
        if d.name == name:
            return d
    for d in _expanded(docs):
        if d.name == name:
            return d
    return docs[0] if len(docs) == 1 and not name else None


def _expanded(docs: Sequence[Document], depth: int = 0) -> list[Document]:
    """The documents inside zips and EDGAR full submissions (as ingest opened them), bounded as ingest is."""
    from .errors import FilingQAError
    from .parsers.bundle import looks_like_zip, read_zip
    from .parsers.sgml import looks_like_submission, split_submission

    out: list[Document] = []
    for d in docs:
        try:
            if depth < 2 and looks_like_zip(d.data):
                out.extend(_expanded(read_zip(d.data, d.name), depth + 1))
                continue
            if depth < 2 and looks_like_submission(d.data[:20000].decode("utf-8", "replace")):
                out.extend(_expanded(split_submission(d.data, d.name).documents, depth + 1))
                continue
        except FilingQAError:
            pass
        out.append(d)
    return out


_ACCESSION = re.compile(r"\b(\d{10})-(\d{2})-(\d{6})\b")
_ACCESSION_HEADER = re.compile(rb"ACCESSION NUMBER:\s*(\d{10}-\d{2}-\d{6})")


def accession_number(unit_name: str, docs: Sequence[Document] | None) -> str:
    """The EDGAR accession number of a filing, when its files say it (an EDGAR submission's header,
    or the name EDGAR gives the files: '0001213900-25-032135.txt'); '' when they do not."""
    for d in docs or ():
        m = _ACCESSION_HEADER.search(d.data[:4000])
        if m:
            return m.group(1).decode()
    for name in [unit_name] + [d.name for d in docs or ()]:
        m = _ACCESSION.search(name or "")
        if m:
            return m.group(0)
    return ""
