"""``python -m bench [--sizes 10k,100k,1m] [--out DIR] [--quick]``: one run, every number side by side.

1. Ingest: the real pipeline (parse, embed with MiniLM, index) on the real filings, against raw
   ``SentenceTransformer.encode`` of the same passages — the practical limit on this machine.
2. For each size: a scaled index (replicated filings, replayed vectors — see :mod:`bench.scale`),
   its size on disk, load time, peak RSS, warm ``ask()`` p50/p95/p99 over a fixed question mix,
   vector recall@10 against exact search; and plain llama-index (VectorStoreIndex over FAISS,
   same model, same passages and vectors) measured the same way, as ratios ours / theirs.
3. Cold start on the default (sample) index: process start to first answer.
"""

from __future__ import annotations

import argparse
import math
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from index.embed import default_embedder
from index.ingest import ingest, parse_paths
from index.store import IndexReader
from index.writer import IndexWriter, NewFile

from .measure import QUESTIONS, measure_llama, measure_ours
from .report import print_table, write_outputs
from .scale import ReplayEmbedder, replicate

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
SAMPLES = REPO / "index" / "sample_filings"
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}


def _du_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))] if xs else 0.0


def _lat(d: dict) -> dict:
    lat = d.pop("lat_ms")
    return {**d, "p50_ms": _pct(lat, 0.5), "p95_ms": _pct(lat, 0.95), "p99_ms": _pct(lat, 0.99), "asks": len(lat)}


def base_filings(sources: list[Path]):
    filings, _ = parse_paths(sources)
    return filings


def ingest_throughput(sources: list[Path], work: Path) -> tuple[dict, Path]:
    """The real pipeline against raw encode of the same passages, in the same run."""
    idx = work / "real-index"
    t = time.perf_counter()
    report = ingest(sources, idx, lambda: default_embedder("bulk"))
    ours_s = time.perf_counter() - t
    reader = IndexReader(idx)
    texts = [r[0] for r in reader.con.execute("SELECT text FROM chunks ORDER BY segment, row").fetchall()]
    facts = reader.fact_count()
    reader.close()
    from sentence_transformers import SentenceTransformer

    from index.embed import model_dir

    model = SentenceTransformer(str(model_dir()), device="cpu")
    model.encode(texts[:64], batch_size=64)  # warm-up, as the pipeline's model is warm after loading
    t = time.perf_counter()
    model.encode(texts, batch_size=64, normalize_embeddings=True)
    raw_s = time.perf_counter() - t
    return {
        "files": report.files_seen, "facts": facts, "chunks": len(texts),
        "ours_seconds": round(ours_s, 2), "raw_encode_seconds": round(raw_s, 2),
        "ours_chunks_per_s": len(texts) / ours_s, "raw_chunks_per_s": len(texts) / raw_s,
        "facts_per_s": facts / ours_s, "filings_per_min": report.files_seen / ours_s * 60,
        "overhead_vs_raw": ours_s / raw_s - 1,
    }, idx


def base_vectors(idx: Path) -> dict[str, np.ndarray]:
    """The real vectors of the base passages (read back from the real index's flat segments)."""
    import faiss

    reader = IndexReader(idx)
    out: dict[str, np.ndarray] = {}
    for seg in reader.manifest.segments:
        folder = idx / "segments" / seg.id
        index = faiss.read_index(str(folder / "vectors.faiss"))
        vecs = index.reconstruct_n(0, index.ntotal)
        rows = reader.con.execute("SELECT row, text FROM chunks WHERE segment = ? ORDER BY row", [seg.id]).fetchall()
        for row, text in rows:
            out[text] = vecs[row]
    entities = [r[0] for r in reader.con.execute("SELECT DISTINCT entity FROM chunks").fetchall()]
    reader.close()
    out["\x00entities"] = entities  # type: ignore[assignment]
    return out


def build_scaled(base, embedder: ReplayEmbedder, target: int, folder: Path, max_segment: int = 200_000) -> dict:
    per_copy = sum(len(pf.chunks) for pf in base)
    copies = max(1, math.ceil(target / per_copy))
    t = time.perf_counter()
    batch: list[NewFile] = []
    in_batch = 0
    with IndexWriter(folder, embedder) as writer:
        for r in range(copies):
            fs = tuple(replicate(pf, r) for pf in base)
            batch.append(NewFile(f"replica-{r:04d}", f"{r:064d}", fs))
            in_batch += per_copy
            if in_batch >= max_segment or r == copies - 1:
                writer.commit(batch)
                batch, in_batch = [], 0
    build_s = time.perf_counter() - t
    reader = IndexReader(folder)
    chunks = reader.con.execute("SELECT count(*) FROM chunks").fetchone()[0]
    facts = reader.fact_count()
    segments = len(reader.manifest.segments)
    reader.close()
    return {"copies": copies, "chunks": chunks, "facts": facts, "segments": segments, "build_seconds": round(build_s, 1),
            "disk_mb": round(_du_mb(folder), 1)}


def recall_at_10(folder: Path, embedder: ReplayEmbedder, queries: np.ndarray) -> float:
    """Approximate search (as the reader does it) against exact search over the same vectors."""
    reader = IndexReader(folder)
    rows = reader.con.execute("SELECT chunk_id, text FROM chunks").fetchall()
    ids = [r[0] for r in rows]
    vecs = embedder.encode([r[1] for r in rows])
    hits = 0
    for q in queries:
        exact = {ids[i] for i in np.argsort(-(vecs @ q))[:10]}
        approx = {h.chunk_id for h in reader.dense_chunks(q, k=10)}
        hits += len(exact & approx)
    reader.close()
    return hits / (10 * len(queries))


def build_llama(folder: Path, out: Path) -> dict:
    """Plain llama-index over the same passages and vectors: VectorStoreIndex + FAISS, persisted."""
    import faiss
    from llama_index.core import Settings, StorageContext, VectorStoreIndex
    from llama_index.core.schema import TextNode
    from llama_index.vector_stores.faiss import FaissVectorStore

    Settings.llm = None
    reader = IndexReader(folder)
    rows = reader.con.execute("SELECT chunk_id, text FROM chunks").fetchall()
    reader.close()
    t = time.perf_counter()
    emb = _REPLAY[0]
    nodes = []
    for s in range(0, len(rows), 4096):
        part = rows[s:s + 4096]
        vecs = emb.encode([r[1] for r in part])
        nodes.extend(TextNode(id_=r[0], text=r[1], embedding=v.tolist()) for r, v in zip(part, vecs))
    store = FaissVectorStore(faiss_index=faiss.IndexFlatL2(vecs.shape[1]))
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    from index.embed import model_dir

    embed = HuggingFaceEmbedding(model_name=str(model_dir()), device="cpu")  # nodes carry vectors: used for queries
    index = VectorStoreIndex(nodes, storage_context=StorageContext.from_defaults(vector_store=store), embed_model=embed)
    index.storage_context.persist(persist_dir=str(out))
    return {"build_seconds": round(time.perf_counter() - t, 1), "disk_mb": round(_du_mb(out), 1)}


_REPLAY: list[ReplayEmbedder] = []
_EMBEDDER: list = []  # the real model, loaded once


def cold_start(index: Path) -> float:
    """Process start to first answer, measured from outside the process."""
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "qa", "ask", QUESTIONS[6], "--index", str(index)], cwd=REPO,
                   capture_output=True, check=True, timeout=300)
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench")
    p.add_argument("--sizes", default="10k,100k,1m", help="comma list of 1k, 10k, 100k, 1m (the million takes ~10 of the ~15 minutes)")
    p.add_argument("--out", default=str(REPO / "bench" / "results"))
    p.add_argument("--quick", action="store_true", help="samples only, fewer rounds (the smoke test)")
    p.add_argument("--llama-max", default="100k", help="largest size to build plain llama-index for")
    p.add_argument("--rounds", type=int, default=3, help="passes over the question mix per measurement")
    p.add_argument("--store", choices=("embedded", "postgres"), default="embedded",
                   help="postgres: also build and measure each size in PostgreSQL + pgvector (bench.pgbench)")
    a = p.parse_args(argv)
    sizes = [s.strip().lower() for s in a.sizes.split(",") if s.strip()]
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    sources = [SAMPLES] + ([] if a.quick or not CORPUS.is_dir() else [CORPUS])
    rounds = 1 if a.quick else a.rounds
    result: dict = {"machine": {"python": sys.version.split()[0]}, "sources": [s.name for s in sources], "sizes": {}}
    import contextlib

    from .pgbench import build_scaled_pg, drop, pg_server, recall_at_10_pg

    with tempfile.TemporaryDirectory(prefix="filingqa-bench-") as tmp, \
            (pg_server() if a.store == "postgres" else contextlib.nullcontext()) as pg:
        work = Path(tmp)
        print("ingest: real pipeline vs raw encode ...", flush=True)
        result["ingest"], real_idx = ingest_throughput(sources, work)
        base = base_filings(sources)
        vecs = base_vectors(real_idx)
        entities = vecs.pop("\x00entities")
        _REPLAY[:] = [ReplayEmbedder(vecs, entities)]
        qemb = default_embedder("query")
        _EMBEDDER[:] = [default_embedder("bulk")]
        queries = qemb.encode(QUESTIONS)
        result["cold_start_s"] = round(cold_start(real_idx), 2)
        llama_max = SIZES.get(a.llama_max, 100_000)
        for name in sizes:
            target = SIZES[name]
            print(f"{name}: building ...", flush=True)
            folder = work / f"ours-{name}"
            row = {"ours": build_scaled(base, _REPLAY[0], target, folder)}
            print(f"{name}: measuring ours ...", flush=True)
            row["ours"].update(_lat(measure_ours(folder, rounds)))
            row["ours"]["recall_at_10"] = recall_at_10(folder, _REPLAY[0], queries)
            if pg:
                print(f"{name}: building and measuring the PostgreSQL store ...", flush=True)
                row["postgres"], url = build_scaled_pg(base, _REPLAY[0], target, pg)
                row["postgres"].update(_lat(measure_ours(url, rounds)))
                row["postgres"]["recall_at_10"] = recall_at_10_pg(url, _REPLAY[0], queries)
                drop(url)
            if target <= llama_max:
                print(f"{name}: building and measuring plain llama-index ...", flush=True)
                lfolder = work / f"llama-{name}"
                row["llama"] = build_llama(folder, lfolder)
                row["llama"].update(_lat(measure_llama(lfolder, rounds)))
                shutil.rmtree(lfolder, ignore_errors=True)
            # incremental, after the llama-index copy (which must hold the same passages): one new
            # filing (a real note, edited so it is new) into the scaled index, with the real model
            new = work / f"new-filing-{name}.txt"
            new.write_text((SAMPLES / "004_fc044cdb5774b8f4.txt").read_text(encoding="utf-8") + f"\nAmended {name}.\n",
                           encoding="utf-8")
            t = time.perf_counter()
            added = ingest([new], folder, _EMBEDDER[0])
            row["ours"]["add_one_filing_s"] = round(time.perf_counter() - t, 2)
            row["ours"]["add_one_filing_chunks"] = added.commit.chunks if added.commit else 0
            shutil.rmtree(folder, ignore_errors=True)
            result["sizes"][name] = row
            write_outputs(out, result)
    print_table(result)
    paths = write_outputs(out, result)
    print("written: " + ", ".join(str(p) for p in paths))
    return 0
