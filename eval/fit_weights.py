"""Fit the finder's weights (``qa/find/weights.json``) on development questions.

For every lookup question of the development sets whose gold value is among the finder's candidates,
the candidates' features are collected; the weights maximise the probability of the right candidates
under a softmax over each question's candidates (a conditional-logit ranking model), with an L2 penalty
that keeps every weight near its starting value unless the data says otherwise. It prints top-1
accuracy before and after, on all questions and held out per set (fitted on the other sets), so an
improvement that only memorises one set shows.

    python -m eval.fit_weights --set corpus=IDX --set newco=IDX --set financebench=IDX [--gold FILE=IDX] [--write]

Each ``--set NAME=INDEX`` reads ``../shared/dev-questions/NAME.jsonl`` (or a gold file given as a path).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np

__all__ = ["main", "collect", "fit"]

DEV = Path(__file__).resolve().parents[2] / "shared" / "dev-questions"


@dataclass
class Group:
    """One question's candidates: their feature rows and which are right."""

    name: str
    qid: str
    x: np.ndarray
    right: np.ndarray


def _gold_file(name: str) -> Path:
    p = Path(name)
    return p if p.suffix == ".jsonl" and p.exists() else DEV / f"{name}.jsonl"


def collect(pairs: list[tuple[str, str]]) -> tuple[list[str], list[Group], int]:
    """(feature names, groups, questions without a right candidate)."""
    from index.storage import open_reader
    from qa.find.features import Features
    from qa.pipeline import Pipeline
    from qa.plan import Op
    from qa.resolve.context import Context

    names = [f for f in Features().as_dict()]
    groups: list[Group] = []
    missed = 0
    for name, index in pairs:
        pipe = Pipeline(open_reader(index))
        for line in _gold_file(name).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            g = json.loads(line)
            if g.get("kind") != "lookup" or g.get("value") is None:
                continue
            try:
                plan = pipe.read(g["question"])
            except Exception:  # noqa: BLE001 - a question the reader refuses teaches nothing here
                continue
            if plan.operation is not Op.LOOKUP or plan.item is None:
                continue
            ctx = Context(pipe.reader, pipe.finder, plan)
            company = plan.companies[0] if plan.companies else None
            found = ctx.candidates(plan.item, plan.periods[0] if plan.periods else None, company)
            gold = Decimal(str(g["value"]))
            right = np.array([c.fact.value is not None and c.fact.value == gold for c in found])
            if not found or not right.any():
                missed += 1
                continue
            x = np.array([[c.features.as_dict()[n] for n in names] for c in found], dtype=float)
            groups.append(Group(name, g.get("id", ""), x, right))
    return names, groups, missed


def _loss(w: np.ndarray, groups: list[Group], prior: np.ndarray, l2: float) -> tuple[float, np.ndarray]:
    total, grad = 0.0, np.zeros_like(w)
    for g in groups:
        s = g.x @ w
        s = s - s.max()
        e = np.exp(s)
        p = e / e.sum()
        pos = p[g.right].sum()
        total -= math.log(max(pos, 1e-300))
        # d/dw [log sum_all e^s - log sum_pos e^s]
        q = np.where(g.right, p, 0.0) / max(pos, 1e-300)
        grad += g.x.T @ (p - q)
    d = w - prior
    return total + l2 * float(d @ d), grad + 2 * l2 * d


def fit(groups: list[Group], prior: np.ndarray, l2: float = 0.5) -> np.ndarray:
    from scipy.optimize import minimize

    res = minimize(_loss, prior.copy(), args=(groups, prior, l2), jac=True, method="L-BFGS-B")
    return res.x


def top1(groups: list[Group], w: np.ndarray) -> float:
    if not groups:
        return 0.0
    return sum(bool(g.right[int(np.argmax(g.x @ w))]) for g in groups) / len(groups)


def main(argv: list[str] | None = None) -> int:
    from qa.find.score import WEIGHTS_FILE

    ap = argparse.ArgumentParser(prog="python -m eval.fit_weights", description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", action="append", default=[], metavar="NAME=INDEX", help="a question set and the index it is asked on")
    ap.add_argument("--l2", type=float, default=0.5)
    ap.add_argument("--write", action="store_true", help="write the fitted weights to qa/find/weights.json")
    args = ap.parse_args(argv)
    pairs = [tuple(s.split("=", 1)) for s in args.set]
    if not pairs:
        ap.error("give at least one --set NAME=INDEX")
    names, groups, missed = collect(pairs)
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    prior = np.array([float(data["weights"].get(n, 0.0)) for n in names])
    w = fit(groups, prior, args.l2)
    print(f"{len(groups)} lookup questions with a right candidate ({missed} without one)")
    print(f"top-1 on all: before {top1(groups, prior):.3f}, after {top1(groups, w):.3f}")
    for name in sorted({g.name for g in groups}):
        train = [g for g in groups if g.name != name]
        test = [g for g in groups if g.name == name]
        held = fit(train, prior, args.l2) if train else prior
        print(f"  held out {name:>14}: before {top1(test, prior):.3f}, fitted on the others {top1(test, held):.3f} ({len(test)} questions)")
    for n, a, b in zip(names, prior, w):
        print(f"  {n:>18} {a:7.3f} -> {b:7.3f}")
    if args.write:
        data["weights"] = {n: round(float(v), 4) for n, v in zip(names, w)}
        data["fitted_on"] = (f"{len(groups)} lookup questions of " + ", ".join(n for n, _ in pairs)
                             + f" (python -m eval.fit_weights, l2={args.l2})")
        WEIGHTS_FILE.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
