"""Dense vectors of one segment in a FAISS index (inner product on unit vectors = cosine).

Small segments use an exact flat index. Large ones switch to an inverted-file index over float16
vectors (IVF-fp16), chosen by size in :func:`choose_index`: half the memory of float32 and no
graph to hold. Filing passages are full of near-identical paragraphs (the same boilerplate across
companies and years), so the top ten are often near-ties: HNSW over 8-bit codes stalled at
recall@10 0.85 and IVF over 8-bit codes at 0.92 (the codes, not the probing, reorder the ties);
float16 keeps the order of an exact search (``make bench`` measures recall at each size).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

__all__ = ["VectorSegment", "choose_index", "EXACT_LIMIT", "n_lists", "n_probe"]

EXACT_LIMIT = 50_000  # below this an exact search is fast enough and needs no training
TRAIN_PER_LIST = 40  # k-means sample per list (FAISS warns below 39)
FILTERED_EXACT_FRACTION = 0.05  # a filter keeping fewer rows than this searches every list


def n_lists(n: int) -> int:
    """Inverted lists for n vectors: about 2 sqrt(n), the usual balance of list scans against centroid scans."""
    return min(4096, max(256, int(2 * math.sqrt(n))))


def n_probe(lists: int) -> int:
    """Lists searched per query: an eighth of them. On filing passages recall@10 levels off near
    a sixteenth already; on unstructured vectors (the reference test) it needs the eighth."""
    return max(32, lists // 8)


def choose_index(n: int, dim: int):
    """The FAISS index for n vectors: exact below EXACT_LIMIT, IVF over float16 vectors above."""
    import faiss

    if n < EXACT_LIMIT:
        return faiss.IndexFlatIP(dim)
    quantizer = faiss.IndexFlatIP(dim)
    index = faiss.IndexIVFScalarQuantizer(quantizer, dim, n_lists(n), faiss.ScalarQuantizer.QT_fp16,
                                          faiss.METRIC_INNER_PRODUCT)
    index.own_fields = True  # the index keeps its quantizer alive once the Python name is gone
    quantizer.this.disown()
    return index


def _tune(index) -> None:
    import faiss

    ivf = faiss.try_extract_index_ivf(index) if not isinstance(index, faiss.IndexFlat) else None
    if ivf is not None:
        ivf.nprobe = n_probe(ivf.nlist)


class VectorSegment:
    def __init__(self, index):
        self.index = index
        _tune(index)

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    @classmethod
    def build(cls, vectors: np.ndarray) -> "VectorSegment":
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        index = choose_index(len(vectors), vectors.shape[1])
        if not index.is_trained:
            # an evenly spaced sample: deterministic, so the same filings give the same index
            step = max(1, len(vectors) // (TRAIN_PER_LIST * index.nlist))
            index.train(vectors[::step])
        if len(vectors):
            index.add(vectors)
        return cls(index)

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path) -> "VectorSegment":
        import faiss

        return cls(faiss.read_index(str(path)))

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(scores, row numbers) of the k nearest, best first; only rows where ``allowed`` (a bool
        mask) is true when given — filtered inside the search, so k results come back if k exist."""
        if self.size == 0 or k <= 0 or (allowed is not None and not allowed.any()):
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        if allowed is None:
            scores, rows = self.index.search(q, min(k, self.size))
        else:
            scores, rows = self.index.search(q, min(k, self.size), params=self._filter(allowed))
        keep = rows[0] >= 0
        return scores[0][keep], rows[0][keep]

    def _filter(self, allowed: np.ndarray):
        import faiss

        bitmap = np.packbits(allowed.astype(bool), bitorder="little")
        selector = faiss.IDSelectorBitmap(len(allowed), faiss.swig_ptr(bitmap))
        selector.bitmap_owner = bitmap  # keep the bits alive as long as the selector
        ivf = faiss.try_extract_index_ivf(self.index) if not isinstance(self.index, faiss.IndexFlat) else None
        if ivf is None:
            params = faiss.SearchParameters(sel=selector)
        else:
            # A few allowed rows (one company's passages in a large segment) may sit outside the
            # usual lists: probe them all, which the selector keeps cheap (a bit test per row).
            few = int(allowed.sum()) <= FILTERED_EXACT_FRACTION * len(allowed)
            params = faiss.SearchParametersIVF(sel=selector, nprobe=ivf.nlist if few else ivf.nprobe)
        params.selector_owner = selector
        return params
