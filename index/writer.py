"""Writing an index directory: the one writer (an exclusive lock), each commit a new immutable segment and then
the manifest (the commit point), small segments merged (index.merge), re-ingested files replacing their old
facts, copies of a filing already indexed left out (index.nearcopy). The layout is in :mod:`index.store`.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from .embed import Embedder
from .errors import IndexIncompatible, IndexLocked, IndexNotFound
from .facts import ParsedFiling, stable_id
from .manifest import FilingInfo, Manifest, now_iso, tombstone
from .nearcopy import Print, copy_of, fingerprint
from .segments import build_segment, fsync_path

__all__ = ["IndexWriter", "NewFile", "CommitResult", "keep_one_copy"]


@dataclass(frozen=True)
class NewFile:
    """One ingested file: its name, the hash of its bytes, and what the parsers made of it."""

    source: str
    sha256: str
    filings: tuple[ParsedFiling, ...]
    accession: str = ""  # the EDGAR accession number when the file's name or header says it (index.nearcopy)
    print: Print | None = None  # of the file as parsed on its own (before the batch's notes date its cells)


@dataclass(frozen=True)
class CommitResult:
    added: tuple[str, ...]  # sources newly indexed
    unchanged: tuple[str, ...]  # sources whose bytes were already indexed
    replaced: tuple[str, ...]  # sources re-ingested with new bytes (old facts hidden)
    facts: int
    chunks: int
    segment: str | None
    duplicates: tuple[str, ...] = ()  # sources whose content the index already holds under another name
    merged: tuple[str, ...] = ()  # segments merged into one after the commit (see index.merge)
    copies: tuple[tuple[str, str], ...] = ()  # (source, why): a filing already indexed, left out (index.nearcopy)


def keep_one_copy(todo: list[NewFile], indexed: dict[str, Print]) -> tuple[list[NewFile], dict[str, Print],
                                                                        tuple[tuple[str, str], ...]]:
    """The files to write, their prints, and (source, why) of those left out because the index (or an earlier
    file of this batch) already holds the same filing (index.nearcopy). A file's own earlier version (same
    name) is not a copy: it is replaced."""
    keep, prints, copies = [], {}, []
    for nf in todo:
        p = nf.print or fingerprint(nf.filings, nf.accession)
        if nf.filings and (m := copy_of(p, ((s, q) for s, q in indexed.items() if s != nf.source))):
            copies.append((nf.source, m.why))
            continue
        indexed[nf.source] = prints[nf.source] = p
        keep.append(nf)
    return keep, prints, tuple(copies)


class IndexWriter:
    """The single writer of an index directory (an exclusive lock keeps a second one out)."""

    def __init__(self, path: str | Path, embedder: Embedder, *, wait_seconds: float = 0.0):
        self.path = Path(path)
        self.embedder = embedder
        self.path.mkdir(parents=True, exist_ok=True)
        self._lock_fh = open(self.path / ".lock", "a+")
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(self._lock_fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self._lock_fh.close()
                    raise IndexLocked(f"another process is writing to index {self.path.name!r}.") from None
                time.sleep(0.2)
        try:
            self.manifest = Manifest.read(self.path)
            if self.manifest.model != embedder.name or self.manifest.dim != embedder.dim:
                raise IndexIncompatible(
                    f"index {self.path.name!r} was built with {self.manifest.model} ({self.manifest.dim}-dim); "
                    f"this run embeds with {embedder.name} ({embedder.dim}-dim)."
                )
        except IndexNotFound:
            # 'originals': the filed documents an ingest keeps before its first commit (index.originals)
            if any(p for p in self.path.iterdir() if p.name not in (".lock", ".tmp", "segments", "originals")):
                self.close()
                raise IndexIncompatible(
                    f"{self.path.name!r} already contains other files and no filingqa manifest.",
                    "Pick an empty or new folder for the index.",
                ) from None
            self.manifest = Manifest(model=embedder.name, dim=embedder.dim)
        except BaseException:
            self.close()
            raise
        self._sweep()

    def close(self) -> None:
        if not self._lock_fh.closed:
            fcntl.flock(self._lock_fh, fcntl.LOCK_UN)
            self._lock_fh.close()

    def __enter__(self) -> "IndexWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _sweep(self) -> None:
        """Remove what a crashed writer left: a half-built segment, or a segment no manifest names."""
        shutil.rmtree(self.path / ".tmp", ignore_errors=True)
        live = {s.id for s in self.manifest.segments}
        seg_root = self.path / "segments"
        if seg_root.exists():
            for d in seg_root.iterdir():
                if d.name not in live:
                    shutil.rmtree(d, ignore_errors=True)

    # --- what is already there ---------------------------------------------------------------
    def known(self, source: str, sha256: str) -> bool:
        """True when exactly these bytes are indexed under this name (re-ingest is then a no-op)."""
        return any(f.source == source and f.sha256 == sha256 for f in self.manifest.live_filings)

    def known_sha(self, sha256: str) -> bool:
        return any(f.sha256 == sha256 for f in self.manifest.live_filings)

    def indexed_as(self, sha256: str) -> str | None:
        """The name under which exactly these bytes are indexed, if they are."""
        return next((f.source for f in self.manifest.live_filings if f.sha256 == sha256), None)

    def _prints(self) -> dict[str, Print]:
        """Each indexed file's print (index.nearcopy), by file name."""
        return {f.source: Print(**f.fingerprint) for f in self.manifest.live_filings if f.fingerprint}

    # --- commits ------------------------------------------------------------------------------
    def commit(self, files: Iterable[NewFile], progress=None) -> CommitResult:
        files = list(files)
        added, unchanged, replaced = [], [], []
        todo: list[NewFile] = []
        for nf in files:
            if self.known(nf.source, nf.sha256):
                unchanged.append(nf.source)
            else:
                todo.append(nf)
        todo, prints, copies = keep_one_copy(todo, self._prints())
        if not todo:
            return CommitResult((), tuple(unchanged), (), 0, 0, None, copies=copies)
        old_keys: list[str] = []
        old_ids: set[str] = set()
        for nf in todo:
            prior = [f for f in self.manifest.live_filings if f.source == nf.source]
            if prior:
                replaced.append(nf.source)
                old_keys.extend(tombstone(f.segment, f.filing_id) for f in prior)
                old_ids.update(f.filing_id for f in prior)
            else:
                added.append(nf.source)
        # the same filing (same content id) may arrive again under another name: keep one copy
        live_ids = {f.filing_id for f in self.manifest.live_filings} - old_ids
        filings: list[tuple[NewFile, ParsedFiling]] = []
        duplicates: list[str] = []
        for nf in todo:
            fresh = [pf for pf in nf.filings if pf.filing_id not in live_ids]
            if not fresh:
                duplicates.append(nf.source)
            for pf in fresh:
                filings.append((nf, pf))
                live_ids.add(pf.filing_id)
        added = [a for a in added if a not in duplicates]
        replaced = [r for r in replaced if r not in duplicates]
        if not filings:
            return CommitResult((), tuple(unchanged), (), 0, 0, None, tuple(duplicates), copies=copies)
        gen = self.manifest.generation + 1
        seg_id = f"seg-{gen:06d}-{stable_id(*(pf.filing_id for _, pf in filings))[:8]}"
        seg_info = build_segment(self._staging(seg_id), seg_id, [pf for _, pf in filings], self.embedder, progress)
        self._install(seg_id)

        now = now_iso()
        for nf, pf in filings:
            self.manifest.filings.append(
                FilingInfo(
                    filing_id=pf.filing_id, source=nf.source, sha256=nf.sha256, format=pf.format, segment=seg_id,
                    title=pf.title, entity=pf.entity, form=pf.form, fiscal_year=pf.fiscal_year,
                    facts=len(pf.facts), chunks=len(pf.chunks), ingested_at=now, warnings=list(pf.warnings),
                    fingerprint=asdict(prints[nf.source]),
                )
            )
        self.manifest.removed = sorted(set(self.manifest.removed) | set(old_keys))
        self.manifest.segments.append(seg_info)
        self.manifest.generation = gen
        self.manifest.write(self.path)
        merged, home = self._merge_small_segments(seg_id)
        return CommitResult(
            tuple(added), tuple(unchanged), tuple(replaced), seg_info.counts["facts"], seg_info.counts["chunks"], home,
            tuple(duplicates), tuple(merged), copies,
        )

    def _merge_small_segments(self, seg_id: str) -> tuple[list[str], str]:
        """Merge segments while a tier holds enough of them (index.merge); each merge is its own
        commit, so a crash in one leaves the index as the last manifest says. Returns the segments
        merged away and the segment that now holds ``seg_id``'s filings."""
        from .merge import merge_segments, plan_merge  # merge builds segments with this module's helpers

        merged: list[str] = []
        while group := plan_merge(self.manifest.segments):
            ids = {s.id for s in group}
            gen = self.manifest.generation + 1
            new_id = f"seg-{gen:06d}-{stable_id(*sorted(ids))[:8]}"
            removed = set(self.manifest.removed)
            homes = {sid: [f.filing_id for f in self.manifest.filings if f.segment == sid] for sid in ids}
            info = merge_segments(self.path, group, removed, homes, self._staging(new_id), new_id)
            self._install(new_id)
            # the merged segment takes the place of the oldest it replaces; removed copies are gone for good
            dropped = {tombstone(sid, fid) for sid, fids in homes.items() for fid in fids} & removed
            self.manifest.filings = [
                replace(f, segment=new_id) if f.segment in ids else f for f in self.manifest.filings
                if tombstone(f.segment, f.filing_id) not in dropped
            ]
            self.manifest.removed = [k for k in self.manifest.removed if k not in dropped]
            at = min(i for i, s in enumerate(self.manifest.segments) if s.id in ids)
            kept = [s for s in self.manifest.segments if s.id not in ids]
            self.manifest.segments = kept[:at] + [info] + kept[at:]
            self.manifest.generation = gen
            self.manifest.write(self.path)
            # a reader that opened the old manifest keeps its open files; one opening now retries
            for sid in ids:
                shutil.rmtree(self.path / "segments" / sid, ignore_errors=True)
            merged.extend(sorted(ids))
            if seg_id in ids:
                seg_id = new_id
        return merged, seg_id

    def _staging(self, seg_id: str) -> Path:
        """Where a segment is built, out of readers' sight until :meth:`_install` moves it in."""
        return self.path / ".tmp" / seg_id

    def _install(self, seg_id: str) -> None:
        """Move a built segment into ``segments/`` (the manifest naming it is written after)."""
        final = self.path / "segments" / seg_id
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self._staging(seg_id), final)
        fsync_path(final.parent)  # the rename itself; the segment's files were synced when written
        shutil.rmtree(self.path / ".tmp", ignore_errors=True)

    def remove(self, sources: Iterable[str]) -> list[str]:
        """Hide filings (by file name) from readers; returns the names that were found."""
        names = set(sources)
        hit = [f for f in self.manifest.live_filings if f.source in names]
        if hit:
            self.manifest.removed = sorted(set(self.manifest.removed) | {tombstone(f.segment, f.filing_id) for f in hit})
            self.manifest.generation += 1
            self.manifest.write(self.path)
        return sorted({f.source for f in hit})
