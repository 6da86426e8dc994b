"""BM25 (Okapi, Lucene's idf) over index segments, with statistics shared across segments.

Each segment stores raw term frequencies (a doc x term CSC matrix as three .npy arrays and its
vocabulary); document frequencies, N and the average length are summed over all live segments
when the index is opened. So adding a segment never rewrites the others, and scores are the
same as one BM25 over everything (a reference test checks this against `rank_bm25`).

Tokens are lower-cased words and numbers, with thousands separators removed ("1,587,950" ->
"1587950") so that numbers match however they are printed, and English words stemmed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["tokenize", "BM25Segment", "BM25Stats", "K1", "B"]

K1 = 1.5
B = 0.75
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+(?:'[a-z]+)?")
_STOP = frozenset(
    "a an and are as at be by for from has have how in is it its of on or that the this to was were what when "
    "which who with did does do many much".split()
)

try:  # PyStemmer: Snowball in C; the plain-Python fallback keeps results stable if it is missing
    import Stemmer as _pystemmer

    _stem_word = _pystemmer.Stemmer("english").stemWord
except ImportError:  # pragma: no cover
    def _stem_word(w: str) -> str:
        for suf in ("ations", "ation", "ings", "ing", "ies", "ed", "es", "s"):
            if w.endswith(suf) and len(w) - len(suf) >= 3:
                return w[: -len(suf)]
        return w


def tokenize(text: str) -> list[str]:
    out = []
    for tok in _TOKEN.findall(text.lower().replace("\xa0", " ")):
        if tok[0].isdigit():
            tok = tok.replace(",", "")
            if tok.endswith(".0"):
                tok = tok[:-2]
            out.append(tok)
        elif tok not in _STOP:
            out.append(_stem_word(tok))
    return out


@dataclass
class BM25Segment:
    """Term frequencies of one segment's documents, stored column-wise (term -> postings)."""

    vocab: dict[str, int]
    indptr: np.ndarray  # len(vocab)+1
    doc_ids: np.ndarray  # int32 postings
    tfs: np.ndarray  # float32 term frequencies
    doc_len: np.ndarray  # float32 per document

    @classmethod
    def build(cls, texts: list[str]) -> "BM25Segment":
        vocab: dict[str, int] = {}
        postings: list[list[tuple[int, int]]] = []
        doc_len = np.zeros(len(texts), dtype=np.float32)
        for d, text in enumerate(texts):
            toks = tokenize(text)
            doc_len[d] = len(toks)
            counts: dict[int, int] = {}
            for t in toks:
                tid = vocab.setdefault(t, len(vocab))
                if tid == len(postings):
                    postings.append([])
                counts[tid] = counts.get(tid, 0) + 1
            for tid, c in counts.items():
                postings[tid].append((d, c))
        indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        for tid, plist in enumerate(postings):
            indptr[tid + 1] = indptr[tid] + len(plist)
        doc_ids = np.fromiter((d for plist in postings for d, _ in plist), dtype=np.int32, count=int(indptr[-1]))
        tfs = np.fromiter((c for plist in postings for _, c in plist), dtype=np.float32, count=int(indptr[-1]))
        return cls(vocab, indptr, doc_ids, tfs, doc_len)

    def df(self, term: str) -> int:
        tid = self.vocab.get(term)
        return 0 if tid is None else int(self.indptr[tid + 1] - self.indptr[tid])

    def save(self, folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, arr in (("indptr", self.indptr), ("doc_ids", self.doc_ids), ("tfs", self.tfs), ("doc_len", self.doc_len)):
            p = folder / f"bm25_{name}.npy"
            np.save(p, arr, allow_pickle=False)
            paths.append(p)
        p = folder / "bm25_vocab.json"
        p.write_text(json.dumps(self.vocab, separators=(",", ":")), encoding="utf-8")
        paths.append(p)
        return paths

    @classmethod
    def load(cls, folder: Path) -> "BM25Segment":
        arr = {n: np.load(folder / f"bm25_{n}.npy", mmap_mode="r", allow_pickle=False) for n in ("indptr", "doc_ids", "tfs", "doc_len")}
        vocab = json.loads((folder / "bm25_vocab.json").read_text(encoding="utf-8"))
        return cls(vocab, arr["indptr"], arr["doc_ids"], arr["tfs"], np.asarray(arr["doc_len"]))


@dataclass
class BM25Stats:
    """Collection statistics over all live segments (what makes scores comparable across them)."""

    n_docs: int
    avgdl: float

    @classmethod
    def over(cls, segments: list[BM25Segment]) -> "BM25Stats":
        n = sum(len(s.doc_len) for s in segments)
        total = float(sum(float(s.doc_len.sum()) for s in segments))
        return cls(n, total / n if n else 0.0)

    def idf(self, df: int) -> float:
        return float(np.log(1.0 + (self.n_docs - df + 0.5) / (df + 0.5)))


def score_segment(seg: BM25Segment, terms: list[str], idf: dict[str, float], stats: BM25Stats,
                  alive: np.ndarray | None = None) -> np.ndarray:
    """BM25 score of every document of the segment for the query terms (repeats count, as in Lucene)."""
    scores = np.zeros(len(seg.doc_len), dtype=np.float32)
    if stats.avgdl == 0:
        return scores
    norm = K1 * (1 - B + B * seg.doc_len / stats.avgdl)
    for t in terms:
        tid = seg.vocab.get(t)
        if tid is None:
            continue
        a, b = int(seg.indptr[tid]), int(seg.indptr[tid + 1])
        docs = seg.doc_ids[a:b]
        tf = seg.tfs[a:b]
        scores[docs] += idf[t] * tf * (K1 + 1) / (tf + norm[docs])
    if alive is not None:
        scores[~alive] = 0
    return scores
