"""Run gold questions through ``ask()`` and score them (``filingqa eval``)."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .gold import KINDS, GoldQuestion, load_gold

__all__ = ["Outcome", "score", "run", "main", "DEFAULT_GOLD"]

DEFAULT_GOLD = Path(__file__).resolve().parent / "gold" / "samples.jsonl"


@dataclass(frozen=True)
class Outcome:
    gold: GoldQuestion
    correct: bool
    why: str  # '' when correct; otherwise: wrong value, wrong unit, abstained wrongly, should have abstained...
    answer_text: str
    value: Decimal | None
    unit: str | None
    verified: bool
    abstained: bool
    latency_ms: float
    citations: int

    @property
    def wrong_but_verified(self) -> bool:
        return not self.correct and self.verified and not self.abstained


def score(g: GoldQuestion, ans) -> tuple[bool, str]:
    if g.kind == "abstain":
        return (True, "") if ans.abstained else (False, "should have abstained")
    if ans.abstained:
        return False, "abstained wrongly"
    if g.kind == "narrative":
        text = ans.text.lower()
        return (True, "") if any(p.lower() in text for p in g.accept_text) else (False, "no accepted phrase in the answer")
    if ans.value is None:
        return False, "no value"
    if g.kind == "lookup":
        ok = Decimal(ans.value) == g.value
    else:
        ok = g.value == 0 and ans.value == 0 or (g.value != 0 and abs(Decimal(ans.value) - g.value) / abs(g.value) <= Decimal("0.0001"))
    if not ok:
        return False, f"wrong value ({ans.value} vs {g.value})"
    if g.unit and ans.unit and g.unit != ans.unit:
        return False, f"wrong unit ({ans.unit} vs {g.unit})"
    return True, ""


def run(gold: list[GoldQuestion], index=None) -> list[Outcome]:
    from qa import ask

    out = []
    for g in gold:
        t = time.perf_counter()
        ans = ask(g.question, index=index)
        ms = (time.perf_counter() - t) * 1000
        ok, why = score(g, ans)
        out.append(Outcome(g, ok, why, ans.text, ans.value, ans.unit, ans.verified, ans.abstained, ms, len(ans.citations)))
    return out


def summarize(outcomes: list[Outcome]) -> dict:
    by_kind = {}
    for k in KINDS:
        ks = [o for o in outcomes if o.gold.kind == k]
        if ks:
            by_kind[k] = {"n": len(ks), "correct": sum(o.correct for o in ks), "accuracy": sum(o.correct for o in ks) / len(ks)}
    lat = sorted(o.latency_ms for o in outcomes)
    return {
        "n": len(outcomes),
        "accuracy": sum(o.correct for o in outcomes) / len(outcomes) if outcomes else 0.0,
        "by_kind": by_kind,
        "wrong_but_verified": sum(o.wrong_but_verified for o in outcomes),
        "latency_p50_ms": statistics.median(lat) if lat else 0.0,
        "latency_p95_ms": lat[min(len(lat) - 1, int(0.95 * len(lat)))] if lat else 0.0,
    }


def main(args: argparse.Namespace) -> int:
    files = args.gold or [str(DEFAULT_GOLD)]
    gold: list[GoldQuestion] = []
    for f in files:
        qs, errors = load_gold(f)
        for e in errors:
            print(f"gold error: {e}", file=sys.stderr)
        gold.extend(qs)
    if not gold:
        print("filingqa: no usable gold questions.", file=sys.stderr)
        return 2
    outcomes = run(gold, index=args.index)
    for o in outcomes:
        if not o.correct:
            print(f"WRONG {o.gold.id} [{o.gold.kind}] {o.gold.question!r}: {o.why}" + (" (marked verified!)" if o.wrong_but_verified else ""))
    s = summarize(outcomes)
    print(f"\naccuracy {s['accuracy']:.3f} on {s['n']} questions")
    for k, v in s["by_kind"].items():
        print(f"  {k:<10} {v['correct']:>3}/{v['n']:<3} {v['accuracy']:.3f}")
    print(f"wrong but verified: {s['wrong_but_verified']}")
    print(f"latency p50 {s['latency_p50_ms']:.0f} ms, p95 {s['latency_p95_ms']:.0f} ms")
    if args.min_accuracy is not None and s["accuracy"] < args.min_accuracy:
        print(f"accuracy {s['accuracy']:.3f} is below --min-accuracy {args.min_accuracy}", file=sys.stderr)
        return 1
    return 0
