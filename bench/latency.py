"""``python -m bench latency --index DIR``: ``ask()`` against plain llama-index top-5 retrieval, per question.

    make bench BENCH_ARGS="latency --index DIR"
    python -m bench latency --index DIR [--gold FILE ...] [--top-k 5] [--baseline-threads N] [--json FILE]

The question the issue asks: is answering slower than a plain RAG retrieval step over the same
passages with the same embedding model? Both sides run in this one process over the questions of
the gold files (default: the corpus development set and the corpus gold, written for the corpus
index), **interleaved** — each question is timed on one side then the other, the order alternating
per question, so a busy machine slows both alike — and each question is asked once per side, so
no answer can come from a cache (the store's query memo is also cleared before each question).

- ours: ``qa.ask(question, index=DIR)`` — reading the question, finding facts and passages,
  computing, checking every number, the answer text;
- theirs: llama-index ``VectorStoreIndex`` over a FAISS flat index holding the index's own passages
  and vectors, queried through ``HuggingFaceEmbedding`` with the same MiniLM model: embed the
  question, return the top 5 passages (no answer, no check).

Prints p50/p95/mean for each and the ratios ours/theirs; warm-up questions (not measured) load both
models first. Not a timed test: a benchmark to run and read.

llama-index runs as a user gets it: torch with its default threads. On a busy machine those threads'
spin-waits slow it down (ours embeds a question on one BLAS thread, ``index.embed``), so
``--baseline-threads 1`` gives the baseline its best case too: report both ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

__all__ = ["main", "measure", "build_llama_retriever"]

REPO = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = (REPO.parent / "shared" / "dev-questions" / "corpus.jsonl", REPO / "eval" / "gold" / "corpus.jsonl")
WARM_UP = ("What was the total revenue in the latest fiscal year?", "Who is the auditor?",
           "What were total assets at year end?")


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))] if xs else 0.0


def _passages(index: Path) -> list[tuple[str, str, list[float]]]:
    """(chunk id, text, stored vector) of every passage of an index folder."""
    import faiss

    from index.store import IndexReader

    reader = IndexReader(index)
    out = []
    try:
        for seg in reader.manifest.segments:
            vectors = faiss.read_index(str(index / "segments" / seg.id / "vectors.faiss"))
            if hasattr(vectors, "make_direct_map"):
                vectors.make_direct_map()
            vecs = vectors.reconstruct_n(0, vectors.ntotal)
            rows = reader.con.execute("SELECT row, chunk_id, text FROM chunks WHERE segment = ? ORDER BY row",
                                      [seg.id]).fetchall()
            out.extend((cid, text, vecs[row].tolist()) for row, cid, text in rows)
    finally:
        reader.close()
    return out


def build_llama_retriever(index: Path, top_k: int = 5):
    """Plain llama-index over the index's passages (their stored vectors), the same model for queries."""
    import faiss
    from llama_index.core import Settings, StorageContext, VectorStoreIndex
    from llama_index.core.schema import TextNode
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.faiss import FaissVectorStore

    from index.embed import DIM, model_dir

    Settings.llm = None  # retrieval only: nothing leaves the machine
    nodes = [TextNode(id_=cid, text=text, embedding=vec) for cid, text, vec in _passages(index)]
    store = FaissVectorStore(faiss_index=faiss.IndexFlatL2(DIM))
    embed = HuggingFaceEmbedding(model_name=str(model_dir()), device="cpu")
    vindex = VectorStoreIndex(nodes, storage_context=StorageContext.from_defaults(vector_store=store), embed_model=embed)
    return vindex.as_retriever(similarity_top_k=top_k), len(nodes)


def _forget(index: Path) -> None:
    """Clear the store's query memo (what earlier questions left), where the store has one."""
    from qa import get_engine

    reader = getattr(get_engine(str(index)), "reader", None)
    if reader is not None and hasattr(reader, "forget"):
        reader.forget()


def measure(questions: list[str], index: Path, top_k: int = 5, baseline_threads: int | None = None) -> dict:
    import torch

    from qa import ask

    if baseline_threads:
        torch.set_num_threads(baseline_threads)  # only the baseline runs on torch in this process
    retriever, passages = build_llama_retriever(index, top_k)
    for q in WARM_UP:  # load both models and the index before anything is timed
        ask(q, index=str(index))
        retriever.retrieve(q)
    ours, theirs = [], []
    for i, q in enumerate(questions):
        _forget(index)
        sides = ("ours", "theirs") if i % 2 == 0 else ("theirs", "ours")
        for side in sides:
            t = time.perf_counter()
            if side == "ours":
                ask(q, index=str(index))
                ours.append((time.perf_counter() - t) * 1000)
            else:
                hits = retriever.retrieve(q)
                theirs.append((time.perf_counter() - t) * 1000)
                assert len(hits) == min(top_k, passages)

    def stats(xs: list[float]) -> dict:
        return {"p50_ms": _pct(xs, 0.5), "p95_ms": _pct(xs, 0.95), "mean_ms": statistics.fmean(xs), "n": len(xs)}

    s_ours, s_theirs = stats(ours), stats(theirs)
    return {"questions": len(questions), "passages": passages, "top_k": top_k, "torch_threads": torch.get_num_threads(),
            "ours": s_ours, "llama_index": s_theirs,
            "ratio_p50": s_ours["p50_ms"] / s_theirs["p50_ms"], "ratio_p95": s_ours["p95_ms"] / s_theirs["p95_ms"]}


def _questions(files: list[Path]) -> list[str]:
    from eval.gold import load_gold

    out: list[str] = []
    for f in files:
        qs, _errors = load_gold(f)
        out.extend(q.question for q in qs)
    return list(dict.fromkeys(out))  # each question once: a repeat could be served from a cache


def format_result(r: dict, index: Path) -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    head = f"{'':<22} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8}"
    rows = [f"{name:<22} {s['p50_ms']:>8.1f} {s['p95_ms']:>8.1f} {s['mean_ms']:>8.1f}"
            for name, s in (("ask()", r["ours"]), (f"llama-index top-{r['top_k']}", r["llama_index"]))]
    threads = f"llama-index on {r['torch_threads']} torch thread{'s' if r['torch_threads'] != 1 else ''}"
    return "\n".join([
        f"latency on {index}: {r['questions']} questions, {r['passages']} passages, interleaved, each asked once "
        f"(no answer cache); {threads}; load average {load:.1f}",
        head, *rows,
        f"ratio ask() / llama-index: p50 {r['ratio_p50']:.2f}x, p95 {r['ratio_p95']:.2f}x"])


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    p = argparse.ArgumentParser(prog="python -m bench latency", description=__doc__.split("\n\n")[0])
    p.add_argument("--index", required=True, help="an index folder (e.g. one built from ../shared/corpus)")
    p.add_argument("--gold", nargs="+", default=None,
                   help="gold files whose questions are asked (default: ../shared/dev-questions/corpus.jsonl and "
                   "eval/gold/corpus.jsonl)")
    p.add_argument("--top-k", type=int, default=5)
    p.add_argument("--baseline-threads", type=int, default=None,
                   help="torch threads for llama-index (default: torch's own; 1 gives it its best case on a busy machine)")
    p.add_argument("--json", dest="json_out", default=None, help="also write the numbers as JSON to FILE")
    a = p.parse_args(argv)
    index = Path(a.index)
    if not (index / "manifest.json").is_file():
        print(f"bench: {index} is not an index folder (no manifest.json); build one with filingqa ingest.")
        return 2
    files = [Path(f) for f in a.gold] if a.gold else [f for f in DEFAULT_GOLD if f.is_file()]
    questions = _questions(files)
    if not questions:
        print("bench: no questions to ask (pass --gold FILE...).")
        return 2
    if a.baseline_threads is not None and a.baseline_threads < 1:
        print("bench: --baseline-threads must be 1 or more.")
        return 2
    r = measure(questions, index, a.top_k, a.baseline_threads)
    print(format_result(r, index))
    if a.json_out:
        Path(a.json_out).write_text(json.dumps({"index": str(index), **r}, indent=1), encoding="utf-8")
    return 0
