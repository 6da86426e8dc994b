"""Ingest on Ray Data: the same filings, facts, chunks and vectors as :func:`index.ingest.ingest`,
with parsing spread over tasks and embedding over a pool of model-holding actors.

    filingqa ingest FILES --engine ray [--address ray://head:10001] --store postgresql://…

Stages (each a Ray Data map over rows, so a cluster runs them on every node):

1. parse: one task per file (a filing, or a filing's folder) -> its parsed filings, pickled;
2. pin: R-page text files re-read with the whole batch's prose mentions as pins (what
   :func:`index.ingest.pin_batch` does locally), again one task per file;
3. embed: the batch's distinct passage texts, in length order as the local path batches them,
   through ``map_batches`` on a stateful actor pool (each actor loads the model once; a GPU per
   actor when the cluster has GPUs);
4. write: the driver commits through the chosen store's writer (index.storage) with the vectors
   the actors made: one transaction per filing on PostgreSQL, one segment on the embedded store.

Without ``--address`` Ray starts locally (``num_cpus`` 2 by default). Ray binds all interfaces:
on a shared machine run it in its own network namespace (``unshare -n``, loopback up).
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from .errors import FilingQAError, ParseError
from .ingest import IngestReport, Unit, _mention_pins, iter_units
from .parsers import Document, decode_text, parse_document, parse_documents
from .parsers.rtext import parse_rtext
from .storage import Location, open_writer
from .writer import NewFile

__all__ = ["ray_ingest", "PrecomputedEmbedder"]


class PrecomputedEmbedder:
    """Hands the writer the vectors the actors computed (by text); a text it was not given is a bug."""

    def __init__(self, name: str, dim: int, vectors: dict[str, np.ndarray]):
        self.name, self.dim, self.vectors = name, dim, vectors

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return np.stack([self.vectors[t] for t in texts]).astype(np.float32)


def _unit_row(unit: Unit) -> dict:
    return {"name": unit.name, "docs": pickle.dumps([(d.name, d.data) for d in unit.docs])}


def _parse_row(row: dict) -> dict:
    docs = [Document(name=n, data=b) for n, b in pickle.loads(row["docs"])]
    try:
        filings = parse_document(docs[0]) if len(docs) == 1 else parse_documents(docs, row["name"])
        return {"name": row["name"], "filings": pickle.dumps(list(filings)), "error": ""}
    except FilingQAError as exc:
        return {"name": row["name"], "filings": pickle.dumps([]), "error": str(exc)}


class _Pinner:
    """Re-reads a flattened R page with the batch's mention pins (the pins are shipped once per actor)."""

    def __init__(self, pins: bytes):
        self.pins = pickle.loads(pins)

    def __call__(self, row: dict) -> dict:
        (name, data), = pickle.loads(row["docs"])
        return {"name": row["name"], "filings": pickle.dumps([parse_rtext(decode_text(data, name), name, self.pins)]),
                "error": ""}


class _Encoder:
    """One model per actor, loaded once; encodes a batch of passage texts."""

    def __init__(self, kind: str):
        from .embed import default_embedder

        self.embedder = default_embedder(kind)

    def __call__(self, batch: dict) -> dict:
        texts = [str(t) for t in batch["text"]]
        return {"text": np.asarray(texts, dtype=object), "vector": self.embedder.encode(texts)}


def _start_ray(address: str | None, num_cpus: int | None):
    import ray

    if ray.is_initialized():
        return False
    here = str(Path(__file__).resolve().parent.parent)
    runtime_env = {"env_vars": {"PYTHONPATH": here, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}}
    if address:  # a cluster's nodes get this code shipped to them
        runtime_env = {"py_modules": [str(Path(__file__).resolve().parent)], "env_vars": runtime_env["env_vars"]}
        ray.init(address=address, runtime_env=runtime_env, log_to_driver=False)
    else:
        ray.init(num_cpus=num_cpus or 2, include_dashboard=False, runtime_env=runtime_env, log_to_driver=False,
                 configure_logging=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    return True


def ray_ingest(paths: Iterable[str | Path], location: Location, *, kind: str = "query", address: str | None = None,
               num_cpus: int | None = None, actors: int | None = None, batch_size: int = 256,
               progress: Callable[[str, int, int], None] | None = None) -> IngestReport:
    """Parse and embed on Ray, then commit into the store at ``location`` (a folder or a postgresql:// URL)."""
    import ray

    from .embed import DIM, MODEL_NAME

    report = IngestReport()
    units = list(iter_units(paths, report.errors))
    report.files_seen = sum(len(u.docs) for u in units) + len(report.errors)
    started = _start_ray(address, num_cpus)
    try:
        cpus = int(ray.cluster_resources().get("CPU", 1))
        gpus = int(ray.cluster_resources().get("GPU", 0))
        pool = actors or max(1, min(cpus, 8))
        with open_writer(location, PrecomputedEmbedder(MODEL_NAME, DIM, {})) as writer:
            shas = {u.name: u.sha256 for u in units}
            todo = [u for u in units if not writer.known(u.name, shas[u.name])]
            if progress:
                progress("parse", 0, len(todo))
            parsed = {}
            if todo:
                rows = ray.data.from_items([_unit_row(u) for u in todo]).map(_parse_row).take_all()
                parsed = {r["name"]: (pickle.loads(r["filings"]), r["error"]) for r in rows}
            by_name = {u.name: u for u in todo}
            good: dict[str, list] = {}
            for u in todo:
                filings, error = parsed[u.name]
                if error:
                    report.errors.append((u.name, error))
                elif not any(pf.facts or pf.chunks for pf in filings):
                    report.errors.append((u.name, str(ParseError("no facts and no text were found in it.", source=u.name))))
                else:
                    good[u.name] = filings
            pins = _mention_pins([pf for fs in good.values() for pf in fs])
            repin = [n for n, fs in good.items()
                     if pins and len(by_name[n].docs) == 1 and any(pf.format == "rtext" for pf in fs)]
            if repin:
                rows = ray.data.from_items([_unit_row(by_name[n]) for n in repin]).map(
                    _Pinner, fn_constructor_kwargs={"pins": pickle.dumps(pins)}, concurrency=1).take_all()
                for r in rows:
                    good[r["name"]] = pickle.loads(r["filings"])
            if progress:
                progress("parse", len(todo), len(todo))
            for filings in good.values():
                for pf in filings:
                    report.warnings.extend((pf.source, w) for w in pf.warnings)

            texts = list(dict.fromkeys(c.text for fs in good.values() for pf in fs for c in pf.chunks))
            texts.sort(key=len)  # similar lengths per batch: little padding (as the local path orders them)
            vectors: dict[str, np.ndarray] = {}
            if texts:
                ds = ray.data.from_items([{"text": t} for t in texts], override_num_blocks=max(1, pool))
                out = ds.map_batches(_Encoder, fn_constructor_kwargs={"kind": kind}, batch_size=batch_size,
                                     concurrency=pool, num_gpus=1 if gpus else None, batch_format="numpy")
                for batch in out.iter_batches(batch_size=4096, batch_format="numpy"):
                    for t, v in zip(batch["text"], batch["vector"]):
                        vectors[str(t)] = np.asarray(v, dtype=np.float32)
                    if progress:
                        progress("embed", len(vectors), len(texts))
            writer.embedder.vectors = vectors
            new_files = [NewFile(u.name, shas[u.name], tuple(good[u.name])) for u in todo if u.name in good]
            unchanged = [NewFile(u.name, shas[u.name], ()) for u in units if u not in todo]
            report.commit = writer.commit(unchanged + new_files)
    finally:
        if started:
            ray.shutdown()
    return report


def main() -> None:  # pragma: no cover - `python -m index.ray_ingest` prints the throughput of one run
    import argparse
    import json
    import time

    p = argparse.ArgumentParser()
    p.add_argument("paths", nargs="+")
    p.add_argument("--store", required=True)
    p.add_argument("--kind", default="query")
    p.add_argument("--address", default=None)
    a = p.parse_args()
    t = time.perf_counter()
    r = ray_ingest(a.paths, a.store, kind=a.kind, address=a.address)
    secs = time.perf_counter() - t
    c = r.commit
    print(json.dumps({"engine": "ray", "seconds": round(secs, 1), "facts": c.facts if c else 0,
                      "chunks": c.chunks if c else 0, "errors": r.errors, "pid": os.getpid()}))


if __name__ == "__main__":  # pragma: no cover
    main()
