"""The plain-RAG baseline: what a typical user builds with llama-index alone.

Default ``SentenceSplitter`` chunks of the same filing files, the same embedding model (through
``HuggingFaceEmbedding``, offline), a FAISS flat index, top-k retrieval. Without an LLM it cannot
pick a number out of a chunk, so it is scored at its best case: a hit when the gold number (as a
filing could print it) or an accepted phrase appears in its top-1 / top-5 chunks. It cannot
abstain, so abstain questions count as misses for it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from index.parsers.numbers import format_number

from .gold import GoldQuestion

__all__ = ["BaselineHit", "Baseline", "printed_forms"]


@dataclass(frozen=True)
class BaselineHit:
    id: str
    top1: bool
    top5: bool


def printed_forms(value: Decimal, unit: str | None) -> set[str]:
    """Ways a filing may print a value: as is, in thousands/millions/billions, as a percentage."""
    v = abs(value)
    forms = {format_number(v)}
    for k in (3, 6, 9):
        scaled = v.scaleb(-k)
        if scaled == scaled.to_integral_value() and scaled >= 1:
            forms.add(format_number(scaled))
    if unit == "pure" or (v < 1 and v != v.to_integral_value()):
        pct = (v * 100).quantize(Decimal("0.01"))
        forms |= {f"{pct}%", f"{pct.normalize()}%", f"{pct.quantize(Decimal('0.1'))}%"}
    return {f for f in forms if f not in ("0", "1")}


def _contains_number(text: str, form: str) -> bool:
    return re.search(rf"(?<![\d,.]){re.escape(form)}(?![\d]|,\d)", text) is not None


class Baseline:
    def __init__(self, source_files: list[Path], top_k: int = 5):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import faiss
        from llama_index.core import Document, Settings, StorageContext, VectorStoreIndex
        from llama_index.core.node_parser import SentenceSplitter
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding
        from llama_index.vector_stores.faiss import FaissVectorStore

        from index.embed import DIM, model_dir

        Settings.llm = None  # no LLM: retrieval only, nothing leaves the machine
        embed = HuggingFaceEmbedding(model_name=str(model_dir()), device="cpu")
        docs = [Document(text=p.read_bytes().decode("utf-8", "replace"), metadata={"file_name": p.name})
                for p in source_files]
        nodes = SentenceSplitter().get_nodes_from_documents(docs)
        store = FaissVectorStore(faiss_index=faiss.IndexFlatL2(DIM))
        index = VectorStoreIndex(nodes, storage_context=StorageContext.from_defaults(vector_store=store),
                                 embed_model=embed, show_progress=False)
        self.retriever = index.as_retriever(similarity_top_k=top_k)
        self.chunks = len(nodes)

    def score(self, g: GoldQuestion) -> BaselineHit:
        texts = [n.node.get_content() for n in self.retriever.retrieve(g.question)]
        if g.kind == "abstain":
            return BaselineHit(g.id, False, False)  # retrieval always returns something: it cannot abstain
        if g.kind == "narrative":
            def hit(t: str) -> bool:
                return any(p.lower() in t.lower() for p in g.accept_text)
        else:
            forms = printed_forms(g.value, g.unit)

            def hit(t: str) -> bool:
                return any(_contains_number(t, f) for f in forms)
        return BaselineHit(g.id, bool(texts) and hit(texts[0]), any(hit(t) for t in texts[:5]))
