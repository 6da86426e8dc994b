"""The indexes the development question sets are asked against (``../shared/dev-questions/README.md``),
built once and kept in pytest's cache folder under a content hash.

The hash covers every source file's bytes, the index layer's code (``index/``: parsers, chunking,
store) and the pinned dependencies, so a change to any of them builds afresh and an unchanged
checkout reuses the index across runs. A build goes to a temporary sibling folder and is renamed
into place when complete: an interrupted run leaves nothing half-built behind.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
EXTRA = SHARED / "extra-corpus"
DEV_QUESTIONS = SHARED / "dev-questions"

# set name -> the filings its index holds, as the README names them
DEV_SETS: dict[str, tuple[Path, ...]] = {
    "corpus": (CORPUS,),
    "newco": (EXTRA / "newco",),
    "financebench": (EXTRA / "financebench", CORPUS),
}

BUILD_SECONDS: dict[str, float] = {}  # what each build cost in this session (0 when reused)


def _files(paths) -> list[Path]:
    out = []
    for p in paths:
        out.extend(sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p])
    return out


def _name(f: Path) -> str:
    for base in (SHARED, REPO):
        if f.is_relative_to(base):
            return str(f.relative_to(base))
    return f.name


def content_key(sources) -> str:
    """A hash of the filings' bytes, the index layer's code and the pinned dependencies."""
    h = hashlib.sha256()
    for f in [*_files(sources), *sorted((REPO / "index").rglob("*.py")), REPO / "requirements.lock"]:
        h.update(_name(f).encode())
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()[:16]


def cached_index(cache_dir: Path, name: str) -> Path:
    """The index of dev set ``name``, built into ``cache_dir`` unless an identical one is there."""
    from index.embed import default_embedder
    from index.ingest import ingest

    sources = DEV_SETS[name]
    cache_dir.mkdir(parents=True, exist_ok=True)
    final = cache_dir / f"{name}-{content_key(sources)}"
    if (final / "manifest.json").is_file():
        BUILD_SECONDS[name] = 0.0
        return final
    for old in cache_dir.glob(f"{name}-*"):  # an older build of this set (other code or files)
        shutil.rmtree(old, ignore_errors=True)
    work = cache_dir / f".building-{name}-{time.time_ns()}"
    t = time.perf_counter()
    report = ingest(list(sources), work, lambda: default_embedder("bulk"))
    if not report.ok:
        shutil.rmtree(work, ignore_errors=True)
        raise RuntimeError(f"ingesting the {name} dev set failed: {report.errors}")
    try:
        work.rename(final)
    except OSError:  # another session finished the same build first: theirs is identical
        shutil.rmtree(work, ignore_errors=True)
    BUILD_SECONDS[name] = time.perf_counter() - t
    return final
