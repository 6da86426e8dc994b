"""One scoring function: the weighted sum of a candidate's features, weights named in one place.

The weights live in ``qa/find/weights.json`` and are fitted on development questions by
``python -m eval.fit_weights`` (a conditional-logit ranking model: for each question, the
probability of a candidate is the softmax of its score over all candidates, and the weights
maximise the probability of the right ones). The same softmax gives the confidence that decides
answer, say-unsure or abstain.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .features import Features

__all__ = ["Weights", "weights", "score", "softmax"]

WEIGHTS_FILE = Path(__file__).with_name("weights.json")


@dataclass(frozen=True)
class Weights:
    values: dict[str, float]
    bias: float = 0.0
    fitted_on: str = ""


@lru_cache(maxsize=1)
def weights() -> Weights:
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    return Weights({k: float(v) for k, v in data["weights"].items()}, float(data.get("bias", 0.0)), data.get("fitted_on", ""))


def score(f: Features, w: Weights | None = None) -> float:
    w = w or weights()
    return w.bias + sum(w.values.get(name, 0.0) * value for name, value in f.as_dict().items())


def softmax(scores: list[float]) -> list[float]:
    if not scores:
        return []
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]
