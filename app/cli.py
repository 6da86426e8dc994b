"""The ``filingqa`` command: ingest, ask, serve, eval.

This is the one place that turns errors into what a terminal user sees: a FilingQAError prints
its message (what went wrong, what to do) and exits 2; nothing prints a traceback on purpose.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from index.errors import FilingQAError

__all__ = ["main"]


def _progress(stage: str, done: int, total: int) -> None:
    if sys.stderr.isatty() or os.environ.get("FILINGQA_PROGRESS"):
        bar = "#" * int(30 * done / max(total, 1))
        sys.stderr.write(f"\r{stage:>6} [{bar:<30}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def cmd_ingest(args: argparse.Namespace) -> int:
    from index.embed import default_embedder
    from index.ingest import ingest

    t0 = time.perf_counter()
    # torch encodes passages ~4x faster than the NumPy encoder once loaded (a few seconds), so it is
    # the default; --numpy skips loading torch, which only pays off for a handful of passages
    kind = "query" if args.numpy else "bulk"
    where = _location(args) or os.environ.get("FILINGQA_STORE")
    if not where:
        raise FilingQAError("say where to index: --index DIR or --store URL (or set FILINGQA_STORE).")
    if getattr(args, "engine", "local") == "ray":
        from index.ray_ingest import ray_ingest

        report = ray_ingest(args.paths, where, kind=kind, address=args.address, progress=_progress)
    else:
        report = ingest(args.paths, where, lambda: default_embedder(kind), progress=_progress)
    c = report.commit
    secs = time.perf_counter() - t0
    for name, msg in report.errors:
        print(f"error: {msg}" if msg.startswith(name) else f"error: {name}: {msg}", file=sys.stderr)
    for name, msg in report.warnings:
        print(f"warning: {name}: {msg}", file=sys.stderr)
    if c is not None:
        print(
            f"indexed {len(c.added)} new and {len(c.replaced)} changed file(s), {len(c.unchanged)} unchanged: "
            f"{c.facts} facts, {c.chunks} chunks in {secs:.1f}s ({c.chunks / max(secs, 1e-9):.0f} chunks/s, "
            f"{'NumPy' if args.numpy else 'torch'} encoder) -> {_shown(where)}"
        )
        if c.merged:
            print(f"merged {len(c.merged)} small segments into one (fewer segments, faster questions)")
    return 1 if report.errors else 0


def _location(args: argparse.Namespace):
    """--store (a postgresql:// URL or a folder) or --index (a folder); None: the default store."""
    store = getattr(args, "store", None)
    if store and getattr(args, "index", None):
        raise FilingQAError("give --index or --store, not both.")
    return store or getattr(args, "index", None)


def _shown(location) -> str:
    """A store's address without its password, for printing."""
    from index.storage import shown

    return shown(location)


def cmd_ask(args: argparse.Namespace) -> int:
    from qa import ask

    ans = ask(args.question, index=_location(args))
    if args.json:
        print(ans.to_json(indent=2))
        return 0
    print(ans.text)
    if ans.citations:
        print()
        for i, c in enumerate(ans.citations, 1):
            where = f"{c.title} › {c.row}" if c.row else c.title
            print(f"[{i}] {c.source} — {where} — {c.period or 'n/a'} — “{c.raw}”")
    status = "verified" if ans.verified else ("abstained" if ans.abstained else "NOT verified")
    print(f"\n({status}; {ans.latency_ms:.0f} ms)")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from index.storage import is_postgres, open_reader

    where = _location(args)
    if where is None:
        raise FilingQAError("give --index DIR or --store URL.")
    r = open_reader(where, verify="full")
    try:
        if is_postgres(where):
            r.verify(full=True)
            counts, what = r.counts(), "the fact table agrees with the filing list"
        else:
            counts, what = r.manifest.counts(), "every file matches its checksum"
    finally:
        r.close()
    print(f"ok: {_shown(where)} — {counts['filings']} filings, {counts['facts']} facts, {counts['chunks']} chunks; {what}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from ui.app import serve

    serve(index=_location(args), host=args.host, port=args.port, auth=args.auth)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    if args.generated:
        if args.gold or args.baseline or args.split:
            print("filingqa: --generated makes its own questions; it does not take --gold, --split or --baseline.",
                  file=sys.stderr)
            return 2
        from eval.generated import main as generated_main

        return generated_main(args)
    from eval.runner import main as eval_main

    args.index = _location(args)
    return eval_main(args)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="filingqa", description="Answers about company filings, from the filings.")
    sub = p.add_subparsers(dest="command", required=True)

    pi = sub.add_parser("ingest", help="parse filings and add them to an index")
    pi.add_argument("paths", nargs="+", help="files or folders (R-page text, R htm, XBRL, iXBRL, .txt submissions, .zip)")
    pi.add_argument("--index", default=None, help="index folder (created if missing)")
    pi.add_argument("--store", default=None, help="instead of --index: a postgresql://… URL (or a folder); "
                    "default $FILINGQA_STORE")
    pi.add_argument("--numpy", action="store_true",
                    help="embed with the NumPy encoder instead of torch (slower; avoids loading torch)")
    pi.add_argument("--bulk", action="store_true", help=argparse.SUPPRESS)  # the old opt-in for torch, now the default
    pi.add_argument("--engine", choices=("local", "ray"), default="local",
                    help="ray: parse and embed as Ray Data tasks (a cluster with --address, else local)")
    pi.add_argument("--address", default=None, help="Ray cluster address for --engine ray (default: start locally)")
    pi.set_defaults(func=cmd_ingest)

    pa = sub.add_parser("ask", help="ask a question")
    pa.add_argument("question")
    pa.add_argument("--index", default=None, help="index folder (default: the bundled sample filings)")
    pa.add_argument("--store", default=None, help="instead of --index: a postgresql://… URL")
    pa.add_argument("--json", action="store_true", help="print the answer as JSON")
    pa.set_defaults(func=cmd_ask)

    pc = sub.add_parser("check", help="verify every file of an index against its manifest checksums")
    pc.add_argument("--index", default=None)
    pc.add_argument("--store", default=None, help="instead of --index: a postgresql://… URL")
    pc.set_defaults(func=cmd_check)

    ps = sub.add_parser("serve", help="start the web UI")
    ps.add_argument("--index", default=None)
    ps.add_argument("--store", default=None, help="instead of --index: a postgresql://… URL (uploads go into it)")
    ps.add_argument("--host", default=os.environ.get("FILINGQA_HOST", "127.0.0.1"),
                    help="interface to listen on (default 127.0.0.1: this machine only)")
    ps.add_argument("--port", type=int, default=int(os.environ.get("FILINGQA_PORT", "7860")))
    ps.add_argument("--auth", default=os.environ.get("FILINGQA_AUTH"), help="user:password required to use the UI")
    ps.set_defaults(func=cmd_serve)

    pe = sub.add_parser("eval", help="score the system on gold questions")
    pe.add_argument("--gold", nargs="+", default=None, help="gold .jsonl files (default: eval/gold/samples.jsonl)")
    pe.add_argument("--index", default=None)
    pe.add_argument("--store", default=None, help="instead of --index: a postgresql://… URL")
    pe.add_argument("--report", default=None, help="folder for the JSON and Markdown report")
    pe.add_argument("--min-accuracy", type=float, default=None, help="exit 1 when accuracy is below this (0..1)")
    pe.add_argument("--split", choices=("dev", "test"), default=None, help="score only this split of the gold files")
    pe.add_argument("--baseline", action="store_true", help="also score a plain llama-index retrieval baseline")
    pe.add_argument("--sources", nargs="*", default=None,
                    help="the filing files/folders the index was built from (for --baseline; default: the samples)")
    pe.add_argument("--generated", action="store_true",
                    help="score questions generated from the index's own facts, by category (see eval/generated.py)")
    g = pe.add_argument_group("generated questions (with --generated)")
    from eval.generated import add_arguments as add_generated_arguments

    add_generated_arguments(g, with_index=False, shared={"--min-accuracy"})
    pe.set_defaults(func=cmd_eval)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except FilingQAError as exc:
        print(f"filingqa: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("filingqa: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
