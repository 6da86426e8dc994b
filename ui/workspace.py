"""Which index the web app serves, and where its uploads go.

* ``filingqa serve --index DIR`` (or ``$FILINGQA_INDEX``): the app reads that index and uploads are
  added to it — it is the user's own index.
* ``filingqa serve --store postgresql://…`` (or ``$FILINGQA_STORE``): the same with a PostgreSQL
  store (index.pgstore); its tables are created if the database has none yet, so an empty database
  can be served and filled through uploads.
* ``filingqa serve`` with no index: the app serves a *workspace* index under the cache folder,
  ``$FILINGQA_CACHE/workspace/index-samples-<fingerprint>/``. It starts as a copy of the bundled
  sample index, so uploading or removing a filing never alters the sample index that ``ask()``
  and the eval use by default. Files uploaded into the workspace are also kept, byte for byte, in
  ``workspace/files/``: when a new filingqa version rebuilds the sample index (new fingerprint), a
  new workspace index is made from it and those files are indexed again, so uploads survive
  upgrades. Older workspace index folders are left in place (derived data; safe to delete).
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from index.storage import is_postgres, shown
from qa.defaults import cache_root, ensure_default_index

__all__ = ["ServedIndex", "resolve_served_index", "workspace_root"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServedIndex:
    """The index the app reads and writes, and how to describe it to the user."""

    path: Path | str  # a folder, or a postgresql:// URL (index.storage)
    is_workspace: bool
    files_dir: Path | None = None  # where uploaded originals are kept (workspace only)

    @property
    def is_postgres(self) -> bool:
        return is_postgres(self.path)

    @property
    def shown(self) -> str:
        """Where the index is, fit for a page or a log (no password)."""
        return shown(self.path)

    @property
    def description(self) -> str:
        if self.is_postgres:
            return f"PostgreSQL store “{self.shown.rsplit('@', 1)[-1]}”: uploads are added to it."
        if self.is_workspace:
            return ("Workspace index: starts with the bundled sample filings; your uploads are added here, "
                    "the bundled sample index is never changed.")
        return f"Index folder “{self.path.name}”: uploads are added to it."


def workspace_root() -> Path:
    return cache_root() / "workspace"


def resolve_served_index(index: str | os.PathLike | None) -> ServedIndex:
    """An explicit index (argument, else $FILINGQA_STORE, else $FILINGQA_INDEX) is served as is;
    otherwise the workspace. The same order as qa.defaults.resolve_index."""
    if index is None:
        index = os.environ.get("FILINGQA_STORE") or None
    if index is not None and is_postgres(index):
        _ensure_store(str(index))
        return ServedIndex(str(index), is_workspace=False)
    if index is not None:
        return ServedIndex(Path(index).resolve(), is_workspace=False)
    env = os.environ.get("FILINGQA_INDEX")
    if env:
        return ServedIndex(Path(env).resolve(), is_workspace=False)
    root = workspace_root()
    return ServedIndex(_ensure_workspace(root).resolve(), is_workspace=True, files_dir=root / "files")


def _ensure_store(url: str) -> None:
    """A PostgreSQL store's tables, created when the database has none (opening a writer does that)."""
    from index.embed import default_embedder
    from index.storage import open_writer

    with open_writer(url, default_embedder("query")):
        pass


def _ensure_workspace(root: Path) -> Path:
    samples = ensure_default_index()
    target = root / f"index-{samples.name}"
    if (target / "manifest.json").exists():
        return target
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two servers starting at once: the second finds it made
        if (target / "manifest.json").exists():
            return target
        tmp = root / f".tmp-{uuid.uuid4().hex[:8]}"
        shutil.copytree(samples, tmp, ignore=shutil.ignore_patterns(".lock", ".tmp"))
        os.replace(tmp, target)  # appears whole or not at all
        _reindex_kept_uploads(root / "files", target)
    return target


def _reindex_kept_uploads(files_dir: Path, target: Path) -> None:
    if not files_dir.is_dir() or not any(files_dir.iterdir()):
        return
    from index.embed import default_embedder
    from index.ingest import ingest

    report = ingest([files_dir], target, default_embedder("query"), wait_seconds=600)
    for name, msg in report.errors:
        log.warning("kept upload %s could not be indexed again: %s", name, msg)
