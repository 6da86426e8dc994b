"""The generated-question harness: questions made from the facts of filings as an independent reader
reads them (``eval.xbrl_facts``, lxml over the XBRL files: not the index, not the engine's parsers),
worded from the harness's own tables (``eval.genvocab``, ``eval.genphrases``), asked through
``qa.ask()``, scored by the dev-question rules (``eval.scoring``) and reported by category.

    python -m eval.generated --index DIR --sources PATH... [--n N] [--seed S] [--category C ...]
                             [--per-category K] [--dump FILE] [--json FILE] [--min-accuracy X]
                             [--max-wrong-verified K]
    filingqa eval --generated --index DIR --sources PATH...   (the same options)

``--sources`` are the filing files or folders the index was built from (their XBRL instances and
inline XBRL documents give the gold). Per category: n, accuracy, right among verified (the
precision of the ✓), wrong-but-verified (a wrong number marked verified: the worst outcome),
abstained wrongly, answered-when-it-should-abstain, latency p50/p95. ``--dump`` writes the questions
as gold JSONL (the DESIGN.md fields plus ``category``, the reader's fact ids and how the gold was
computed), which ``filingqa eval --gold`` also reads.

Exit codes: 0 ok, 1 a threshold failed, 2 nothing could be run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from index.errors import FilingQAError

from .generator import CATEGORIES, DEFAULT_PER_CATEGORY, GenQuestion, generate
from .xbrl_facts import read_facts

# eval.scoring (and through it qa) is imported where it is used: `filingqa --help` stays fast.

__all__ = ["build_questions", "sample", "run_generated", "summarize_by_category", "format_table", "main",
           "add_arguments", "score_generated", "companies_not_indexed"]


def _facts(sources) -> list:
    facts = read_facts([Path(s) for s in sources])
    if not any(f.value is not None for f in facts):
        raise FilingQAError("the sources hold no XBRL facts to make questions from (no XBRL instance or inline "
                            "XBRL document among them).",
                            "Pass --sources with the folders of filings that carry XBRL (R-page text alone has none).")
    return facts


def build_questions(sources, seed: int = 0, per_category: int | None = DEFAULT_PER_CATEGORY,
                    categories: list[str] | None = None) -> list[GenQuestion]:
    """Questions whose gold the independent reader takes from the XBRL files under ``sources``."""
    return generate(_facts(sources), seed=seed, per_category=per_category, categories=categories)


def companies_not_indexed(facts, index) -> list[str]:
    """The companies of these facts that the index holds no fact of (their questions could only be
    abstained on): a --sources / --index mismatch, said before anything is asked."""
    from index.storage import open_reader

    names: dict[str, str] = {}
    for f in facts:
        if f.cik:
            names.setdefault(f.cik, f.entity or f.cik)
    reader = open_reader(index)
    try:
        return [f"{name} (CIK {cik})" for cik, name in sorted(names.items())
                if not reader.query_facts("ltrim(cik, '0') = ?", [cik], limit=1)]
    finally:
        reader.close()


def sample(questions: list[GenQuestion], n: int | None) -> list[GenQuestion]:
    """At most ``n`` questions, spread evenly over the categories (round robin over each category's
    already-shuffled list), so a small sample still covers every category."""
    if n is None or n >= len(questions):
        return list(questions)
    by_cat: dict[str, list[GenQuestion]] = {}
    for q in questions:
        by_cat.setdefault(q.category, []).append(q)
    picked: list[GenQuestion] = []
    i = 0
    while len(picked) < n:
        added = False
        for qs in by_cat.values():
            if i < len(qs) and len(picked) < n:
                picked.append(qs[i])
                added = True
        if not added:
            break
        i += 1
    order = {id(q): k for k, q in enumerate(questions)}
    return sorted(picked, key=lambda q: order[id(q)])


def _rounds_to_gold(q: GenQuestion, value: Decimal) -> bool:
    """The question asked for ``round_to`` decimals of the shown number: the gold rounded the same way
    counts: the answer must BE a rounded number (at most ``round_to`` decimals), equal to the gold
    rounded. For a percentage the rounded number may be the percent (43.31%) or the fraction (0.43)."""
    if q.round_to is None or q.value is None:
        return False
    quant = Decimal(1).scaleb(-q.round_to)
    for scale in ((Decimal(100), Decimal(1)) if q.display == "pct" else (Decimal(1),)):
        shown = value * scale
        if shown == shown.quantize(quant) and shown == (q.value * scale).quantize(quant, rounding=ROUND_HALF_UP):
            return True
    return False


def score_generated(q: GenQuestion, ans, latency_ms: float):
    """The DESIGN.md rules (eval.scoring); a question that asked for rounding also accepts the gold rounded."""
    from .scoring import make_outcome

    o = make_outcome(q.gold(), ans, latency_ms)
    if not o.correct and o.value is not None and not o.abstained and _rounds_to_gold(q, o.value) \
            and o.why.startswith("wrong value"):
        o = replace(o, correct=True, why="")
    return o


def run_generated(questions: list[GenQuestion], index: str | Path, progress=None) -> list:
    from qa import ask

    out = []
    for i, q in enumerate(questions, 1):
        t = time.perf_counter()
        ans = ask(q.question, index=str(index))
        out.append(score_generated(q, ans, (time.perf_counter() - t) * 1000))
        if progress:
            progress(i, len(questions))
    return out


def _stats(pairs: list[tuple]) -> dict:
    from .scoring import _pct, verified_precision

    n = len(pairs)
    lat = [o.latency_ms for _, o in pairs]
    return {
        "n": n,
        "correct": sum(o.correct for _, o in pairs),
        "accuracy": sum(o.correct for _, o in pairs) / n if n else 0.0,
        **verified_precision([o for _, o in pairs]),
        # a wrong NUMBER marked verified (the worst outcome); a verified text with no number for a
        # numeric question is counted on its own
        "wrong_but_verified": sum(o.wrong_but_verified for _, o in pairs),
        "verified_without_value": sum(o.verified_without_value for _, o in pairs),
        "abstained_wrongly": sum(o.abstained for q, o in pairs if q.kind != "abstain"),
        "answered_should_abstain": sum(not o.abstained for q, o in pairs if q.kind == "abstain"),
        "latency_p50_ms": _pct(lat, 0.5),
        "latency_p95_ms": _pct(lat, 0.95),
    }


def summarize_by_category(questions: list[GenQuestion], outcomes: list) -> dict:
    pairs = list(zip(questions, outcomes))
    cats: dict[str, list] = {}
    fams: dict[str, list] = {}
    for q, o in pairs:
        cats.setdefault(q.category, []).append((q, o))
        fams.setdefault(q.category.split(":")[0], []).append((q, o))
    order = {c: i for i, c in enumerate(CATEGORIES)}
    return {
        "overall": _stats(pairs),
        "by_family": {f: _stats(v) for f, v in fams.items()},
        "by_category": {c: _stats(cats[c]) for c in sorted(cats, key=lambda c: order.get(c, 999))},
    }


def format_table(summary: dict) -> str:
    head = (f"{'category':<34} {'n':>5} {'acc':>6} {'✓right':>7} {'wrong✓':>7} {'abst✗':>6} {'ans✗':>5} {'text✓':>6} "
            f"{'p50ms':>7} {'p95ms':>7}")
    lines = [head, "-" * len(head)]

    def row(name: str, s: dict) -> str:
        prec = "—" if s["right_among_verified"] is None else f"{s['right_among_verified']:.3f}"
        return (f"{name:<34} {s['n']:>5} {s['accuracy']:>6.3f} {prec:>7} {s['wrong_but_verified']:>7} {s['abstained_wrongly']:>6} "
                f"{s['answered_should_abstain']:>5} {s['verified_without_value']:>6} {s['latency_p50_ms']:>7.0f} {s['latency_p95_ms']:>7.0f}")

    for c, s in summary["by_category"].items():
        lines.append(row(c, s))
    lines.append("-" * len(head))
    for f, s in summary["by_family"].items():
        lines.append(row(f"[{f}]", s))
    lines.append("-" * len(head))
    lines.append(row("OVERALL", summary["overall"]))
    lines.append("✓right = right among the answers marked verified (the precision of the ✓); "
                 "wrong✓ = wrong number marked verified;\nabst✗ = abstained on an answerable question; "
                 "ans✗ = answered a question it should have abstained on;\n"
                 "text✓ = no number given for a numeric question, yet marked verified")
    return "\n".join(lines)


def write_dump(questions: list[GenQuestion], path: str | Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for q in questions:
            fh.write(json.dumps(q.to_json(), ensure_ascii=False) + "\n")


def add_arguments(p, *, with_index: bool = True, shared: set[str] = frozenset()) -> None:
    """The harness's options, on a parser or an argument group; ``shared`` names options the host
    parser already has (``filingqa eval`` has --index and --min-accuracy)."""
    if with_index:
        p.add_argument("--index", default=None, help="index folder (default: the bundled sample filings)")
    if "--sources" not in shared:
        p.add_argument("--sources", nargs="+", default=None,
                       help="the filing files/folders the index was built from: the gold is read from their XBRL")
    p.add_argument("--n", type=int, default=None, help="ask at most N questions, spread over the categories")
    p.add_argument("--seed", type=int, default=0, help="random seed of the generator (same seed, same questions)")
    p.add_argument("--category", action="append", default=None,
                   help="only this category ('period:q_fy') or family ('period'); repeatable")
    p.add_argument("--per-category", type=int, default=DEFAULT_PER_CATEGORY,
                   help=f"generate at most K questions per category (default {DEFAULT_PER_CATEGORY}; 0 = all)")
    p.add_argument("--dump", default=None, help="write the generated questions as gold JSONL to FILE")
    p.add_argument("--dump-only", action="store_true", help="with --dump: write the questions and do not ask them")
    p.add_argument("--json", dest="json_out", default=None, help="write the summary and every outcome as JSON to FILE")
    if "--min-accuracy" not in shared:
        p.add_argument("--min-accuracy", type=float, default=None, help="exit 1 when overall accuracy is below X")
    p.add_argument("--max-wrong-verified", type=int, default=None,
                   help="exit 1 when more than K wrong numbers are marked verified")
    p.add_argument("--show-wrong", type=int, default=0, help="print up to K wrong answers per category")


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty() or os.environ.get("FILINGQA_PROGRESS"):
        sys.stderr.write(f"\r  asked {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _questions(args: argparse.Namespace, index) -> list[GenQuestion] | int:
    """The sampled questions, or an exit code after saying what is wrong."""
    per = None if args.per_category == 0 else args.per_category
    if args.category:
        unknown = [c for c in args.category if c not in CATEGORIES and c not in {x.split(":")[0] for x in CATEGORIES}]
        if unknown:
            print(f"filingqa: unknown category {', '.join(unknown)}; known: {', '.join(CATEGORIES)}", file=sys.stderr)
            return 2
    sources = getattr(args, "sources", None)
    if not sources:
        print("filingqa: the generated harness reads its gold from the filings themselves: pass --sources PATH... "
              "(the files or folders the index was built from).", file=sys.stderr)
        return 2
    try:
        facts = _facts(sources)
        questions = sample(generate(facts, seed=args.seed, per_category=per, categories=args.category), args.n)
        absent = companies_not_indexed(facts, index)
    except FilingQAError as exc:
        print(f"filingqa: {exc}", file=sys.stderr)
        return 2
    if absent:
        print(f"filingqa: the index {index} holds no facts of {', '.join(absent)}, whose filings are among --sources; "
              "build the index from the same files (filingqa ingest SOURCES... --index DIR).", file=sys.stderr)
        return 2
    return questions


def main(args: argparse.Namespace) -> int:
    from qa.defaults import resolve_index

    index = resolve_index(args.index)
    questions = _questions(args, index)
    if isinstance(questions, int):
        return questions
    sources = args.sources
    if args.dump:
        write_dump(questions, args.dump)
        print(f"wrote {len(questions)} generated questions to {args.dump}")
        if args.dump_only:
            return 0
    if not questions:
        print("filingqa: no questions could be made from the sources' facts (try other --category).", file=sys.stderr)
        return 2
    t = time.perf_counter()
    outcomes = run_generated(questions, index, _progress)
    secs = time.perf_counter() - t
    summary = summarize_by_category(questions, outcomes)
    if args.show_wrong:
        shown: dict[str, int] = {}
        for q, o in zip(questions, outcomes):
            if not o.correct and shown.get(q.category, 0) < args.show_wrong:
                shown[q.category] = shown.get(q.category, 0) + 1
                flag = " (marked verified!)" if o.wrong_but_verified else ""
                print(f"WRONG [{q.category}] {q.question!r}: {o.why}{flag}")
        print()
    print(f"generated-question harness: {len(questions)} questions, seed {args.seed}, index {index}, "
          f"gold read from {', '.join(map(str, sources))}, {secs:.0f}s")
    print(format_table(summary))
    if args.json_out:
        from .scoring import outcome_row

        rows = [{**outcome_row(o), "category": q.category, "explain": q.explain} for q, o in zip(questions, outcomes)]
        Path(args.json_out).write_text(json.dumps({"seed": args.seed, "index": str(index), "sources": list(map(str, sources)),
                                                   "summary": summary, "outcomes": rows}, indent=1, default=str),
                                       encoding="utf-8")
        print(f"json: {args.json_out}")
    rc = 0
    if args.min_accuracy is not None and summary["overall"]["accuracy"] < args.min_accuracy:
        print(f"accuracy {summary['overall']['accuracy']:.3f} is below --min-accuracy {args.min_accuracy}", file=sys.stderr)
        rc = 1
    if args.max_wrong_verified is not None and summary["overall"]["wrong_but_verified"] > args.max_wrong_verified:
        print(f"{summary['overall']['wrong_but_verified']} wrong numbers marked verified "
              f"(more than --max-wrong-verified {args.max_wrong_verified})", file=sys.stderr)
        rc = 1
    return rc


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    parser = argparse.ArgumentParser(prog="python -m eval.generated", description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    sys.exit(main(parser.parse_args()))
