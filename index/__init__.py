"""filingqa's index layer: parsers, the fact table, chunks, vectors and BM25 in a directory.

Knows nothing of ``qa``. Public entry points: :func:`index.ingest.ingest`,
:class:`index.store.IndexReader`, :class:`index.writer.IndexWriter`.
"""

from pathlib import Path

SAMPLES_DIR = Path(__file__).resolve().parent / "sample_filings"

__all__ = ["SAMPLES_DIR"]
