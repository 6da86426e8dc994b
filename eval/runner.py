"""``filingqa eval``: run gold questions through ``ask()``, score them, report, compare with a
plain llama-index baseline.

    filingqa eval --gold FILE... [--index DIR] [--split dev|test] [--report DIR]
                  [--min-accuracy X] [--baseline [--sources PATH...]]

Exit codes: 0 ok, 1 accuracy under --min-accuracy, 2 nothing could be run (no usable gold, no index).
"""

from __future__ import annotations

import argparse
import sys
import time
from decimal import Decimal
from pathlib import Path

from index.errors import FilingQAError

from .gold import KINDS, GoldQuestion, load_gold
from .report import format_summary, write_report
from .scoring import Outcome, make_outcome, summarize

__all__ = ["run", "run_baseline", "main", "DEFAULT_GOLD", "summarize", "Outcome"]

DEFAULT_GOLD = Path(__file__).resolve().parent / "gold" / "samples.jsonl"
SAMPLES = Path(__file__).resolve().parents[1] / "index" / "sample_filings"


def _same_item_values(reader, ans) -> set[Decimal]:
    """Values the cited line item reports at other dates (to tell 'wrong period' from 'wrong value')."""
    if reader is None or ans.abstained or not ans.citations or not ans.citations[0].fact_id:
        return set()
    facts = reader.facts_by_id([ans.citations[0].fact_id])
    if not facts:
        return set()
    f = facts[0]
    rows = reader.query_facts("source = ? AND label = ?", [f.source, f.label], limit=500)
    return {r.value for r in rows if r.value is not None and r.dimensions == f.dimensions}


def run(gold: list[GoldQuestion], index=None) -> list[Outcome]:
    from qa import ask
    from qa.defaults import resolve_index

    from index.storage import open_reader

    reader = open_reader(resolve_index(index))
    out = []
    try:
        for g in gold:
            t = time.perf_counter()
            ans = ask(g.question, index=index)
            ms = (time.perf_counter() - t) * 1000
            same = _same_item_values(reader, ans) if g.kind in ("lookup", "arith") else set()
            out.append(make_outcome(g, ans, ms, same))
    finally:
        reader.close()
    return out


def run_baseline(gold: list[GoldQuestion], sources: list[Path]) -> dict:
    from .baseline import Baseline

    files = sorted({f for s in sources for f in ([s] if s.is_file() else s.rglob("*")) if f.is_file()
                    and not f.name.startswith(".") and f.name != "SOURCES.md"})
    t = time.perf_counter()
    base = Baseline(files)
    build_s = time.perf_counter() - t
    hits = {g.id: base.score(g) for g in gold}
    by_kind = {}
    for k in KINDS:
        ks = [hits[g.id] for g in gold if g.kind == k]
        if ks:
            by_kind[k] = {"n": len(ks), "top1": sum(h.top1 for h in ks) / len(ks), "top5": sum(h.top5 for h in ks) / len(ks)}
    n = len(gold) or 1
    return {"top1": sum(h.top1 for h in hits.values()) / n, "top5": sum(h.top5 for h in hits.values()) / n,
            "by_kind": by_kind, "chunks": base.chunks, "build_seconds": round(build_s, 1), "files": len(files),
            "hits": {k: (h.top1, h.top5) for k, h in hits.items()}}


def _load(files: list[str], split: str | None) -> list[GoldQuestion]:
    gold: list[GoldQuestion] = []
    for f in files:
        try:
            qs, errors = load_gold(f)
        except FilingQAError as exc:
            print(f"gold error: {exc}", file=sys.stderr)
            continue
        for e in errors:
            print(f"gold error: {e}", file=sys.stderr)
        gold.extend(qs)
    if split:
        gold = [g for g in gold if g.split == split]
    return gold


def main(args: argparse.Namespace) -> int:
    files = args.gold or [str(DEFAULT_GOLD)]
    split = getattr(args, "split", None)
    gold = _load(files, split)
    if not gold:
        print("filingqa: no usable gold questions" + (f" in split {split!r}" if split else "") + ".", file=sys.stderr)
        return 2
    try:
        outcomes = run(gold, index=args.index)
    except FilingQAError as exc:
        print(f"filingqa: {exc}", file=sys.stderr)
        return 2
    baseline = None
    if getattr(args, "baseline", False):
        sources = [Path(p) for p in (getattr(args, "sources", None) or [])]
        if not sources and args.index is None:
            sources = [SAMPLES]
        if not sources:
            print("filingqa: --baseline needs the filing files the index was built from: pass --sources PATH...",
                  file=sys.stderr)
        else:
            baseline = run_baseline(gold, sources)
    for o in outcomes:
        if not o.correct:
            print(f"WRONG {o.gold.id} [{o.gold.kind}] {o.gold.question!r}: {o.why}" + (" (marked verified!)" if o.wrong_but_verified else ""))
    s = summarize(outcomes)
    print()
    print(format_summary(s, baseline))
    if getattr(args, "report", None):
        meta = {"gold": [Path(f).name for f in files], "split": split or "", "index": str(args.index or "bundled samples")}
        paths = write_report(args.report, s, outcomes, baseline, meta)
        print("report: " + ", ".join(str(p) for p in paths))
    if args.min_accuracy is not None and s["accuracy"] < args.min_accuracy:
        print(f"accuracy {s['accuracy']:.3f} is below --min-accuracy {args.min_accuracy}", file=sys.stderr)
        return 1
    return 0
