"""The TAT-QA run as tables: accuracy by answer type and source, and what went wrong, by class.

Every question gets a *form* - what it asks, read from TAT-QA's own derivation and answer type,
not from our reading of it (average, percentage change, percentage-point change, difference, sum,
share/ratio, which year, respectively, list, one cell, a sentence…) - and every miss an *outcome
class* - what our answer did (abstained, quoted text, off by a scale, wrong sign, relative change
for a point change, another cell of the table…). The cross table of the two is what the question
reader is to be fixed against.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation

from .tatqa_score import Gold, in_gold_scale

__all__ = ["Record", "question_form", "outcome_class", "summarize", "format_summary", "format_wrong", "table_numbers", "cells_class", "FORMS"]

FORMS = ("average", "percentage change", "percentage-point change", "difference", "sum", "share of total",
         "ratio", "product", "other formula", "count", "which year", "which item", "respectively", "several values",
         "list of items", "one cell", "sentence span")

_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")
_RATE_WORDS = re.compile(r"\brate|\bmargin|\bpercentage\b|\bpercent\b|%|\bratio\b|\byield\b|\breturn\b", re.I)


@dataclass(frozen=True)
class Record:
    """One question, asked and judged."""

    qid: str
    page: str
    question: str
    answer_type: str
    answer_from: str
    scale: str
    derivation: str
    gold: tuple[str, ...]
    right: bool
    abstained: bool
    verified: bool
    value: str | None
    unit: str | None
    text: str
    how: str
    form: str
    outcome: str
    cells: str  # whether the numbers TAT-QA's answer uses are facts of the page, and with which periods
    latency_ms: float

    def to_dict(self) -> dict:
        d = asdict(self)
        d["gold"] = list(self.gold)
        return d


def _operands(derivation: str) -> list[Decimal]:
    out = []
    for m in _NUM.finditer(derivation or ""):
        try:
            out.append(Decimal(m.group(0).replace(",", "")))
        except InvalidOperation:
            pass
    return out


def question_form(q: dict, golds: list[Gold]) -> str:
    """What the question asks for, by TAT-QA's answer type and derivation."""
    kind, der, text = q.get("answer_type", ""), (q.get("derivation") or "").replace(" ", ""), q.get("question", "")
    if kind == "count":
        return "count"
    if kind == "arithmetic":
        if re.search(r"/[2-9](?:\.0+)?$", der) and "+" in der:
            return "average"
        if re.search(r"\([^()]*-[^()]*\)/", der):
            return "percentage change"
        if "/" in der:
            return "share of total" if re.search(r"/\([^()]*\+", der) or re.search(r"\btotal\b|\bproportion\b|\bshare\b", text, re.I) else "ratio"
        if "*" in der or "x" in der.lower().replace("exp", ""):
            return "product"
        if "-" in der.lstrip("-"):
            return "percentage-point change" if "%" in der or (q.get("scale") == "percent") or _RATE_WORDS.search(text) \
                else "difference"
        if "+" in der:
            return "sum"
        return "other formula"
    if kind == "multi-span":
        if re.search(r"\brespectively\b", text, re.I):
            return "respectively"
        return "several values" if all(g.number is not None for g in golds) else "list of items"
    if q.get("req_comparison") or (golds and golds[0].year and re.search(r"\bwhich\s+year|\bwhat\s+year", text, re.I)):
        return "which year" if golds and golds[0].year else "which item"
    return "one cell" if golds and golds[0].number is not None else "sentence span"


def outcome_class(q: dict, golds: list[Gold], value: Decimal | None, unit: str | None, right: bool, abstained: bool,
                  table_numbers: set[Decimal]) -> str:
    """What a wrong answer did (or 'right')."""
    if right:
        return "right"
    if abstained:
        return "abstained"
    if not golds or golds[0].number is None or len(golds) > 1:
        return "list incomplete" if len(golds) > 1 else "words not found"
    if value is None:
        return "no value (quoted text)"
    g = golds[0].number
    scale = "percent" if golds[0].percent else (q.get("scale") or "")
    pred = in_gold_scale(value, unit, scale)
    if g and pred:
        ratio = abs(pred / g)
        for k in (3, 6, 9, -3, -6, -9):
            if abs(ratio - Decimal(10) ** k) < Decimal(10) ** k * Decimal("0.0001"):
                return f"scale off by 10^{k}"
        if abs(ratio - 100) < Decimal("0.01") or abs(ratio - Decimal("0.01")) < Decimal("0.000001"):
            return "percent vs fraction"
    if g and abs(pred + g) <= abs(g) * Decimal("0.0001"):
        return "sign"
    ops = _operands(q.get("derivation", ""))
    if len(ops) == 2 and ops[1]:
        a, b = ops
        if abs(pred - (a - b) / b * 100) < Decimal("0.01") or abs(pred - (b - a) / b * 100) < Decimal("0.01"):
            return "relative change given for a difference"
        if abs(abs(pred) - abs(a - b)) < Decimal("0.01") and "/" in (q.get("derivation") or ""):
            return "difference given for a relative change"
    if g and abs(pred - g) <= abs(g) * Decimal("0.005"):
        return "rounding"
    if any(abs(pred - n) < Decimal("0.005") for n in table_numbers):
        return "another cell of the table"
    return "other value"


def cells_class(q: dict, golds: list[Gold], facts: list) -> str:
    """Are the numbers the gold uses (its derivation's operands, or the number a span gives) cells the
    index read as facts of this page - and with a date, a bare fiscal year, or neither (a member column)?"""
    from index.parsers.numbers import parse_cell

    if q.get("answer_type") == "arithmetic" or q.get("answer_type") == "count":
        wanted = _operands(q.get("derivation", ""))
    else:
        wanted = [abs(g.number) for g in golds if g.number is not None]
    if not wanted:
        return "words"
    printed: dict[Decimal, set[str]] = defaultdict(set)
    for f in facts:
        v = parse_cell(f.raw) if f.raw else None
        if v is None or v.number is None:
            continue
        kind = "dated" if f.periods else ("fiscal year only" if f.year_period is not None else "no period")
        printed[abs(v.number)].add(kind)
    kinds = [printed.get(abs(n), set()) for n in wanted]
    if not all(kinds):
        return "a number is not a cell fact"
    if all("dated" in k for k in kinds):
        return "cells are dated facts"
    if all(k & {"dated", "fiscal year only"} for k in kinds):
        return "cells are facts, some with a bare fiscal year"
    return "cells are facts, some with no period (member columns)"


def summarize(records: list[Record]) -> dict:
    def block(rs: list[Record]) -> dict:
        n = len(rs)
        verified = [r for r in rs if r.verified and not r.abstained]
        return {
            "questions": n,
            "right": sum(r.right for r in rs),
            "accuracy": round(sum(r.right for r in rs) / n, 4) if n else 0.0,
            "abstained": sum(r.abstained for r in rs),
            "verified": len(verified),
            "wrong_verified": sum(1 for r in verified if not r.right),
            "right_among_verified": round(sum(r.right for r in verified) / len(verified), 4) if verified else None,
        }

    by = lambda key: {k: block([r for r in records if getattr(r, key) == k])  # noqa: E731
                      for k in sorted({getattr(r, key) for r in records})}
    cross: dict[str, Counter] = defaultdict(Counter)
    for r in records:
        cross[r.form][r.outcome] += 1
    lat = sorted(r.latency_ms for r in records)
    return {
        "overall": block(records),
        "by_answer_type": by("answer_type"),
        "by_source": by("answer_from"),
        "by_form": by("form"),
        "outcomes": dict(Counter(r.outcome for r in records if not r.right).most_common()),
        "misses_by_cells": {k: dict(c.most_common()) for k, c in sorted(_by_cells(records).items())},
        "form_x_outcome": {f: dict(c.most_common()) for f, c in sorted(cross.items())},
        "latency_ms": {"p50": lat[len(lat) // 2] if lat else 0.0, "p95": lat[int(len(lat) * 0.95)] if lat else 0.0},
    }


def _by_cells(records: list[Record]) -> dict[str, Counter]:
    out: dict[str, Counter] = defaultdict(Counter)
    for r in records:
        out[r.cells]["right" if r.right else r.outcome] += 1
    return out


def _row(name: str, b: dict) -> str:
    rav = "-" if b["right_among_verified"] is None else f"{b['right_among_verified']:.3f}"
    return (f"  {name:<26} {b['questions']:>5} {b['right']:>6} {b['accuracy']:>8.3f} {b['abstained']:>9} "
            f"{b['verified']:>8} {b['wrong_verified']:>7} {rav:>9}")


def format_summary(summary: dict, title: str) -> str:
    head = (f"  {'':<26} {'n':>5} {'right':>6} {'accuracy':>8} {'abstained':>9} {'verified':>8} {'wrong✓':>7} "
            f"{'right/✓':>9}")
    lines = [title, head, _row("all", summary["overall"]), "  by answer type"]
    lines += [_row(k, v) for k, v in summary["by_answer_type"].items()]
    lines.append("  by source")
    lines += [_row(k, v) for k, v in summary["by_source"].items()]
    lines.append("  by question form (TAT-QA's derivation)")
    lines += [_row(k, v) for k, v in sorted(summary["by_form"].items(), key=lambda kv: -kv[1]["questions"])]
    lines.append("  misses by outcome: " + ", ".join(f"{k} {v}" for k, v in summary["outcomes"].items()))
    lines.append("  by whether the gold's numbers are cell facts of the page (right, then misses by outcome):")
    for cells, c in summary["misses_by_cells"].items():
        lines.append(f"    {cells}: " + ", ".join(f"{k} {v}" for k, v in c.items()))
    lines.append(f"  latency p50 {summary['latency_ms']['p50']:.0f} ms, p95 {summary['latency_ms']['p95']:.0f} ms")
    return "\n".join(lines)


def format_wrong(records: list[Record], per_group: int) -> str:
    """Wrong answers grouped by question form, then outcome, with up to ``per_group`` examples each."""
    groups: dict[str, dict[str, list[Record]]] = defaultdict(lambda: defaultdict(list))
    for r in records:
        if not r.right:
            groups[r.form][r.outcome].append(r)
    lines = []
    for form in sorted(groups, key=lambda f: -sum(len(v) for v in groups[f].values())):
        total = sum(len(v) for v in groups[form].values())
        lines.append(f"\n== {form}: {total} wrong")
        for outcome, rs in sorted(groups[form].items(), key=lambda kv: -len(kv[1])):
            lines.append(f"  -- {outcome}: {len(rs)}")
            for r in rs[:per_group]:
                got = "abstained" if r.abstained else (f"{r.value} {r.unit or ''}".strip() if r.value is not None else "no value")
                mark = " ✓" if r.verified else ""
                lines.append(f"     [{r.page} {r.qid[:8]}; {r.cells}] {r.question}")
                lines.append(f"        gold {list(r.gold)} ({r.scale or 'no scale'}; {r.derivation or r.answer_type}) "
                             f"| got {got}{mark} | {' '.join(r.text.split())[:160]}")
    return "\n".join(lines)


def table_numbers(context: dict) -> set[Decimal]:
    """Every number the context's table prints (for 'another cell of the table'): TAT-QA states its
    gold in the table's own scale, so the printed numbers compare as they are."""
    out = set()
    for row in context["table"]["table"]:
        for cell in row:
            for m in _NUM.finditer(str(cell)):
                try:
                    n = Decimal(m.group(0).replace(",", ""))
                except InvalidOperation:
                    continue
                out.update({n, -n})
    return out
