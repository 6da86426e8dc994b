"""Right or wrong, and why, for one gold question; and the metrics over a run.

The rules are those of ``../shared/dev-questions/README.md``: a lookup's value equals the gold
exactly, a computed (arith) one within 0.01%; a narrative answer contains every ``accept_text``
phrase (any one of them with ``"accept_mode": "any"``); an abstain question is right when the
system abstains. The primary metric is accuracy over all questions; beside it, always, **right
among verified** (the precision of the ✓: right answers among those marked verified) and the count
that must stay 0 — a wrong number marked verified. Also: accuracy per kind, unit accuracy,
citation precision, abstention precision/recall, latency.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation

from qa.expression import recompute

from .gold import KINDS, GoldQuestion

__all__ = ["Outcome", "score", "summarize", "outcome_row", "verified_precision"]

COMPUTED_TOLERANCE = Decimal("0.0001")  # 0.01 %, DESIGN.md


@dataclass(frozen=True)
class Outcome:
    gold: GoldQuestion
    correct: bool
    why: str  # '' when right; else wrong value / wrong unit / wrong period / should have abstained / ...
    answer_text: str
    value: Decimal | None
    unit: str | None
    verified: bool
    abstained: bool
    latency_ms: float
    citations: tuple[str, ...]  # 'source › row › period = raw' for the report
    cited_value_holds: bool | None  # citation precision: None when no number was given

    @property
    def numeric(self) -> bool:
        return self.gold.kind in ("lookup", "arith")

    @property
    def wrong_but_verified(self) -> bool:
        """A wrong NUMBER presented as verified: the worst outcome (text answers quote, they do not compute).
        A number given, verified, for a question that should have been abstained on is one too."""
        return (self.numeric or self.gold.kind == "abstain") and not self.correct and self.verified \
            and not self.abstained and self.value is not None

    @property
    def verified_without_value(self) -> bool:
        """A numeric question answered in words only, marked verified (counted apart: no wrong number shown)."""
        return self.numeric and not self.correct and self.verified and not self.abstained and self.value is None


def _equal(gold: GoldQuestion, value: Decimal) -> bool:
    if gold.kind == "lookup":
        return value == gold.value
    if gold.value == 0:
        return value == 0
    return abs(value - gold.value) / abs(gold.value) <= COMPUTED_TOLERANCE


def _cited_value_holds(ans) -> bool | None:
    """Does a cited fact hold the number given (or do the cited facts compute to it)?"""
    if ans.abstained or ans.value is None:
        return None
    if ans.computation is not None:
        r = recompute(ans.computation, ans.citations)
        return r is not None and abs(r - Decimal(ans.value)) <= abs(Decimal(ans.value)) * Decimal("1e-12")
    for c in ans.citations:
        try:
            if c.value is not None and Decimal(c.value) == Decimal(ans.value):
                return True
        except (InvalidOperation, TypeError):
            continue
    return False


def score(g: GoldQuestion, ans, same_item_values: set[Decimal] | None = None) -> tuple[bool, str]:
    """(right, why). ``same_item_values``: the values the cited line item reports for other periods,
    so a right line item at the wrong date reads 'wrong period', not 'wrong value'."""
    if g.kind == "abstain":
        return (True, "") if ans.abstained else (False, "should have abstained")
    if ans.abstained:
        return False, "abstained wrongly"
    if g.kind == "narrative":
        text = " ".join(ans.text.lower().split())
        found = [" ".join(p.lower().split()) in text for p in g.accept_text]
        if g.accept_mode == "any":
            return (True, "") if any(found) else (False, "no accepted phrase in the answer")
        missing = [p for p, ok in zip(g.accept_text, found) if not ok]
        return (True, "") if not missing else (False, "the answer lacks " + ", ".join(repr(p) for p in missing))
    if ans.value is None:
        return False, "no value given"
    value = Decimal(ans.value)
    if not _equal(g, value):
        if same_item_values and g.value in same_item_values:
            return False, f"wrong period ({value} is this line item at another date; gold {g.value})"
        if g.kind == "lookup" and value != 0 and g.value != 0 and any(value == g.value.scaleb(k) for k in (-9, -6, -3, 3, 6, 9)):
            return False, f"wrong scale ({value} vs {g.value})"
        return False, f"wrong value ({value} vs {g.value})"
    if g.unit and ans.unit and g.unit != ans.unit:
        return False, f"wrong unit ({ans.unit} vs {g.unit})"
    return True, ""


def make_outcome(g: GoldQuestion, ans, latency_ms: float, same_item_values: set[Decimal] | None = None) -> Outcome:
    ok, why = score(g, ans, same_item_values)
    cites = tuple(f"{c.source} › {c.row or c.title} › {c.period} = {c.raw[:60]}" for c in ans.citations)
    return Outcome(g, ok, why, ans.text, None if ans.value is None else Decimal(ans.value), ans.unit, ans.verified,
                   ans.abstained, latency_ms, cites, _cited_value_holds(ans))


def _pct(xs: list[float], q: float) -> float:
    if not xs:
        return 0.0
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def summarize(outcomes: list[Outcome]) -> dict:
    n = len(outcomes)
    by_kind = {}
    for k in KINDS:
        ks = [o for o in outcomes if o.gold.kind == k]
        if ks:
            by_kind[k] = {"n": len(ks), "correct": sum(o.correct for o in ks), "accuracy": sum(o.correct for o in ks) / len(ks)}
    answered_numeric = [o for o in outcomes if o.numeric and not o.abstained and o.value is not None]
    with_unit = [o for o in answered_numeric if o.gold.unit]
    cited = [o for o in outcomes if o.cited_value_holds is not None]
    abstained = [o for o in outcomes if o.abstained]
    should = [o for o in outcomes if o.gold.kind == "abstain"]
    lat = [o.latency_ms for o in outcomes]
    return {
        "n": n,
        "accuracy": sum(o.correct for o in outcomes) / n if n else 0.0,
        **verified_precision(outcomes),
        "by_kind": by_kind,
        "unit_accuracy": sum(o.unit == o.gold.unit for o in with_unit) / len(with_unit) if with_unit else None,
        "citation_precision": sum(bool(o.cited_value_holds) for o in cited) / len(cited) if cited else None,
        "abstention_precision": sum(o.gold.kind == "abstain" for o in abstained) / len(abstained) if abstained else None,
        "abstention_recall": sum(o.abstained for o in should) / len(should) if should else None,
        "wrong_but_verified": sum(o.wrong_but_verified for o in outcomes),
        "verified_without_value": sum(o.verified_without_value for o in outcomes),
        "latency_p50_ms": statistics.median(lat) if lat else 0.0,
        "latency_p95_ms": _pct(lat, 0.95),
    }


def verified_precision(outcomes) -> dict:
    """How far a ✓ can be trusted: answers marked verified (not abstentions), the right ones among
    them, and that share ('right among verified', None when nothing was marked verified)."""
    marked = [o for o in outcomes if o.verified and not o.abstained]
    right = sum(o.correct for o in marked)
    return {"verified": len(marked), "right_verified": right,
            "right_among_verified": right / len(marked) if marked else None}


def outcome_row(o: Outcome) -> dict:
    g = asdict(o.gold)
    g["value"] = None if o.gold.value is None else str(o.gold.value)
    return {
        "id": o.gold.id, "split": o.gold.split, "kind": o.gold.kind, "question": o.gold.question,
        "gold_value": g["value"], "gold_unit": o.gold.unit, "correct": o.correct, "why": o.why,
        "value": None if o.value is None else str(o.value), "unit": o.unit, "verified": o.verified,
        "abstained": o.abstained, "latency_ms": round(o.latency_ms, 1), "citations": list(o.citations),
        "cited_value_holds": o.cited_value_holds, "wrong_but_verified": o.wrong_but_verified, "answer": o.answer_text,
    }
