"""Measurements that must run in a fresh process (load time, peak RSS): a child runs ONE side
(ours or llama-index) over one index and prints a JSON line."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

__all__ = ["measure_ours", "measure_llama", "QUESTIONS"]

REPO = Path(__file__).resolve().parents[1]

# a fixed mix: lookups (several companies), arithmetic, text, abstention
QUESTIONS = [
    "What were Apple's net sales for the three months ended March 29, 2025?",
    "What was Amazon's net income in 2022?",
    "What was Netflix's revenue in 2009?",
    "What was AWS revenue in 2022?",
    "By how much did Amazon's net sales grow from 2021 to 2022?",
    "What was Amazon's operating margin in 2022 (operating income divided by net sales)?",
    "How many restricted stock units vested in 2023?",
    "What was the total share-based compensation expense for options and RSUs in 2022?",
    "How do the options vest?",
    "Who is Amazon's auditor?",
    "What was Microsoft's revenue in 2022?",
    "What were Apple's total assets at September 28, 2024?",
]

_OURS = textwrap.dedent('''
    import json, sys, time
    t0 = time.perf_counter()
    def peak_rss_mb():  # VmHWM: this process's own peak (ru_maxrss can carry the parent's over exec)
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0
    from index.storage import open_reader  # a folder or a postgresql:// URL
    from qa.pipeline import Pipeline
    from index.embed import default_embedder
    reader = open_reader(sys.argv[1])
    engine = Pipeline(reader, default_embedder("query"))
    load_s = time.perf_counter() - t0
    qs = json.loads(sys.argv[2])
    first = engine.ask(qs[0]); cold_s = time.perf_counter() - t0
    lat = []
    for _ in range(int(sys.argv[3])):
        for q in qs:
            reader.forget()  # each ask reads afresh: a repeated question is not a cache hit
            t = time.perf_counter(); engine.ask(q); lat.append((time.perf_counter() - t) * 1000)
    print(json.dumps({"load_s": load_s, "first_answer_s": cold_s, "lat_ms": lat,
                      "rss_mb": peak_rss_mb()}))
''')

_LLAMA = textwrap.dedent('''
    import json, os, sys, time
    os.environ["HF_HUB_OFFLINE"] = "1"; os.environ["TRANSFORMERS_OFFLINE"] = "1"
    t0 = time.perf_counter()
    def peak_rss_mb():
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0
    from llama_index.core import Settings, StorageContext, load_index_from_storage
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.faiss import FaissVectorStore
    from index.embed import model_dir
    Settings.llm = None
    embed = HuggingFaceEmbedding(model_name=str(model_dir()), device="cpu")
    store = FaissVectorStore.from_persist_dir(sys.argv[1])
    ctx = StorageContext.from_defaults(vector_store=store, persist_dir=sys.argv[1])
    index = load_index_from_storage(ctx, embed_model=embed)
    retriever = index.as_retriever(similarity_top_k=10)
    load_s = time.perf_counter() - t0
    qs = json.loads(sys.argv[2])
    retriever.retrieve(qs[0]); cold_s = time.perf_counter() - t0
    lat = []
    for _ in range(int(sys.argv[3])):
        for q in qs:
            t = time.perf_counter(); retriever.retrieve(q); lat.append((time.perf_counter() - t) * 1000)
    print(json.dumps({"load_s": load_s, "first_answer_s": cold_s, "lat_ms": lat,
                      "rss_mb": peak_rss_mb()}))
''')


def _child(code: str, index: Path, rounds: int, timeout: float) -> dict:
    out = subprocess.run([sys.executable, "-c", code, str(index), json.dumps(QUESTIONS), str(rounds)],
                         cwd=REPO, capture_output=True, text=True, timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure_ours(index: Path, rounds: int = 3, timeout: float = 1800) -> dict:
    return _child(_OURS, index, rounds, timeout)


def measure_llama(index: Path, rounds: int = 3, timeout: float = 1800) -> dict:
    return _child(_LLAMA, index, rounds, timeout)
