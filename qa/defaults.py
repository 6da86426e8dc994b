"""Settings, declared once: where indexes live by default and how the bundled sample index is built.

| setting (environment)     | default                         | meaning                                        |
|---------------------------|---------------------------------|------------------------------------------------|
| FILINGQA_CACHE            | $XDG_CACHE_HOME/filingqa or     | where the default (sample) index is built      |
|                           | ~/.cache/filingqa               |                                                |
| FILINGQA_STORE            | (unset)                         | store used when none is passed: a folder, or a |
|                           |                                 | postgresql:// URL (index.pgstore)              |
| FILINGQA_INDEX            | (unset)                         | index used when none is passed to ask()/CLI    |
| FILINGQA_MAX_FILE_MB      | 200                             | files above this size are refused at ingest    |

The sample index is rebuilt automatically when the bundled samples or the parser code change
(its folder name carries a fingerprint of both), so a stale index is never served.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import index as index_pkg
from index.manifest import FORMAT_VERSION

__all__ = ["cache_root", "default_index_dir", "ensure_default_index", "resolve_index", "SAMPLES_DIR"]

SAMPLES_DIR = index_pkg.SAMPLES_DIR


def cache_root() -> Path:
    env = os.environ.get("FILINGQA_CACHE")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "filingqa"


def _fingerprint() -> str:
    h = hashlib.sha256(f"format{FORMAT_VERSION}".encode())
    pkg = Path(index_pkg.__file__).resolve().parent
    for p in sorted(SAMPLES_DIR.glob("*.txt")) + sorted(pkg.rglob("*.py")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


def default_index_dir() -> Path:
    return cache_root() / f"samples-{_fingerprint()}"


def ensure_default_index(progress=None) -> Path:
    """The bundled-sample index, built on first use (safe when several processes race to build it)."""
    path = default_index_dir()
    if (path / "manifest.json").exists():
        return path
    from index.embed import default_embedder
    from index.ingest import ingest

    path.parent.mkdir(parents=True, exist_ok=True)
    # The writer lock makes racing builders wait; the loser finds every file already indexed (a no-op).
    report = ingest([SAMPLES_DIR], path, default_embedder("query"), progress=progress, wait_seconds=600)
    if report.errors:
        raise RuntimeError(f"the bundled samples failed to index: {report.errors}")
    return path


def resolve_index(index: str | os.PathLike | None) -> Path | str:
    """An explicit index, else $FILINGQA_STORE, else $FILINGQA_INDEX, else the bundled samples (built
    if needed). A PostgreSQL store comes back as its URL (a str), a folder as a Path."""
    from index.storage import is_postgres

    if index is None:
        index = os.environ.get("FILINGQA_STORE") or None
    if index is not None:
        return str(index) if is_postgres(index) else Path(index)
    env = os.environ.get("FILINGQA_INDEX")
    if env:
        return Path(env)
    return ensure_default_index()
