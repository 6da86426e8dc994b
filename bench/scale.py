"""Scaled corpora: the real filings replicated across synthetic companies, facts kept realistic.

Replica r of a filing is the same filing filed by "Synth rrrr Holdings" (CIK 9000000+r): every
number, date, label and passage is the real one, only the company differs, and every id is new.
Vectors: embedding a million passages with MiniLM on 2 cores would take days, so each replica's
passages reuse the real embedding of the base passage plus small seeded noise (unit length again).
The real embedder's speed is measured separately on the base corpus.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

import numpy as np

from index.embed import DIM, MODEL_NAME
from index.facts import ParsedFiling, stable_id

__all__ = ["replicate", "ReplayEmbedder", "synthetic_name"]


def synthetic_name(r: int) -> str:
    return f"Synth {r:04d} Holdings"


def _swap(text: str, old: str, new: str) -> str:
    """The company's name in the passage replaced; passages that never name it get it appended,
    so no two companies' passages are identical (as in real filings)."""
    if old and old in text:
        return text.replace(old, new)
    return f"{text}\n[{new}]"


def replicate(pf: ParsedFiling, r: int) -> ParsedFiling:
    """Filing ``pf`` as if filed by synthetic company ``r`` (r = 0 keeps the original)."""
    if r == 0:
        return pf
    name, cik = synthetic_name(r), str(9_000_000 + r)
    fid = stable_id(pf.filing_id, "replica", r)
    facts = tuple(replace(f, fact_id=stable_id(f.fact_id, r), filing_id=fid, entity=name,
                          cik=cik if f.cik else f.cik, ticker=f"SY{r:04d}" if f.ticker else f.ticker) for f in pf.facts)
    fact_ids = {f.fact_id: g.fact_id for f, g in zip(pf.facts, facts)}
    chunks = tuple(replace(c, chunk_id=stable_id(c.chunk_id, r), filing_id=fid, text=_swap(c.text, pf.entity, name),
                           entity=name, fact_ids=tuple(fact_ids.get(i, i) for i in c.fact_ids))
                   for c in pf.chunks)
    chunk_ids = {c.chunk_id: d.chunk_id for c, d in zip(pf.chunks, chunks)}
    mentions = tuple(replace(m, mention_id=stable_id(m.mention_id, r), filing_id=fid, chunk_id=chunk_ids.get(m.chunk_id, m.chunk_id))
                     for m in pf.mentions)
    return replace(pf, filing_id=fid, entity=name, cik=cik,
                   facts=facts, chunks=chunks, mentions=mentions, source=f"r{r:04d}-{pf.source}")


_SYNTH = re.compile(r"Synth \d{4} Holdings")


class ReplayEmbedder:
    """Vectors of replicated passages: the base passage's real vector plus seeded noise."""

    name = MODEL_NAME
    dim = DIM

    def __init__(self, base: dict[str, np.ndarray], entities: list[str], noise: float = 0.02):
        self._entities = [e for e in entities if e]
        self._base = {self._key(t): v for t, v in base.items()}
        self.noise = noise

    def _key(self, text: str) -> str:
        text = re.sub(r"\n\[Synth \d{4} Holdings\]$", "", text)
        text = _SYNTH.sub("\x00", text)
        for e in self._entities:
            text = text.replace(e, "\x00")
        return text

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        out = np.empty((len(texts), DIM), dtype=np.float32)
        for i, t in enumerate(texts):
            v = self._base[self._key(t)]
            seed = int.from_bytes(hashlib.blake2b(t.encode(), digest_size=8).digest(), "little")
            w = v + np.random.default_rng(seed).normal(0, self.noise, DIM).astype(np.float32)
            out[i] = w / np.linalg.norm(w)
        return out
