"""Dense vectors of one segment in a FAISS index (inner product on unit vectors = cosine).

Small segments use an exact flat index. Large ones switch to an approximate index chosen by
size (see :func:`choose_index`), which is where memory and latency at scale are won.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

__all__ = ["VectorSegment", "choose_index", "EXACT_LIMIT"]

EXACT_LIMIT = 50_000  # below this an exact search is fast enough and needs no training


def choose_index(n: int, dim: int):
    """The FAISS index for n vectors: exact below EXACT_LIMIT, HNSW over 8-bit scalar-quantised vectors above."""
    import faiss

    if n < EXACT_LIMIT:
        return faiss.IndexFlatIP(dim)
    index = faiss.IndexHNSWSQ(dim, faiss.ScalarQuantizer.QT_8bit, 32, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 80
    index.hnsw.efSearch = 96
    return index


class VectorSegment:
    def __init__(self, index):
        self.index = index

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    @classmethod
    def build(cls, vectors: np.ndarray) -> "VectorSegment":
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        index = choose_index(len(vectors), vectors.shape[1])
        if not index.is_trained:
            index.train(vectors)
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

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, row numbers) of the k nearest, best first; row -1 means no more results."""
        if self.size == 0 or k <= 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        scores, rows = self.index.search(q, min(k, self.size))
        keep = rows[0] >= 0
        return scores[0][keep], rows[0][keep]
