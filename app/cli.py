"""The ``filingqa`` command: ingest, ask, serve, eval.

This is the one place that turns errors into what a terminal user sees: a FilingQAError prints
its message (what went wrong, what to do) and exits 2; nothing prints a traceback on purpose.
Everything printed passes through :func:`clean`: text from a filing or a question (a file name, a
label, an answer) cannot move the cursor, recolour or clear the terminal, or reverse what follows it.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import re
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from index.errors import FilingQAError

__all__ = ["main", "clean", "clean_json"]

# terminal escape sequences (CSI, OSC), other control characters, and the bidirectional overrides and isolates
# that make a terminal show text in another order than it is (a file name that reads 'txt.exe' as 'exe.txt')
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: object) -> str:
    """``text`` fit for a terminal: escape sequences and control characters removed, except newline and tab."""
    return _CONTROLS.sub("", _ESCAPES.sub("", str(text)))


def clean_json(text: str) -> str:
    """JSON whose strings hold no raw control or bidi character: each is written as its \\uXXXX escape (the
    same JSON value, safe on a terminal)."""
    return _CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _say(*parts: object, err: bool = False) -> None:
    print(clean(" ".join(str(p) for p in parts)), file=sys.stderr if err else sys.stdout)


def _progress(stage: str, done: int, total: int) -> None:
    if sys.stderr.isatty() or os.environ.get("FILINGQA_PROGRESS"):
        bar = "#" * int(30 * done / max(total, 1))
        sys.stderr.write(f"\r{stage:>6} [{bar:<30}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def cmd_ingest(args: argparse.Namespace) -> int:
    from index.ingest import LazyEmbedder, ingest

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
        report = ingest(args.paths, where, LazyEmbedder(kind), progress=_progress)
    c = report.commit
    secs = time.perf_counter() - t0
    for name, msg in report.errors:
        _say(f"error: {msg}" if msg.startswith(name) else f"error: {name}: {msg}", err=True)
    for name, msg in report.warnings:
        _say(f"warning: {name}: {msg}", err=True)
    _report_left_out(report)
    if c is not None:
        _say(
            f"indexed {len(c.added)} new and {len(c.replaced)} changed file(s), {len(c.unchanged)} unchanged: "
            f"{c.facts} facts, {c.chunks} chunks in {secs:.1f}s ({c.chunks / max(secs, 1e-9):.0f} chunks/s, "
            f"{'NumPy' if args.numpy else 'torch'} encoder) -> {_shown(where)}"
        )
        if c.merged:
            _say(f"merged {len(c.merged)} small segments into one (fewer segments, faster questions)")
    return 1 if report.errors else 0


def _report_left_out(report) -> None:
    """Name every file left out on purpose, and why (none is an error; the rest of the batch is indexed)."""
    for name, why in getattr(report, "skipped", ()):
        _say(f"skipped: {name}: {why}", err=True)
    twins = dict(getattr(report, "duplicates", ()))
    c = report.commit
    for name in (c.duplicates if c else ()):
        why = f"the same bytes as {twins[name]}, already indexed" if name in twins \
            else "the same content as a filing already indexed under another name"
        _say(f"skipped: {name}: {why}.", err=True)
    for name, why in (c.copies if c else ()):
        _say(f"skipped: {name}: {why}. To index it instead, ingest it under that file's name (it then replaces it).",
             err=True)


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

    # an escape sequence is never part of a question, nor of a scope
    ans = ask(clean(args.question), index=_location(args), within=clean(args.within) if args.within else None)
    if args.json:
        print(clean_json(ans.to_json(indent=2)))
        return 0
    _say(ans.text)
    if ans.citations:
        _say()
        for i, c in enumerate(ans.citations, 1):
            where = f"{c.title} › {c.row}" if c.row else c.title
            _say(f"[{i}] {c.source} — {where} — {c.period or 'n/a'} — “{c.raw}”")
    status = "verified" if ans.verified else ("abstained" if ans.abstained else "NOT verified")
    _say(f"\n({status}; {ans.latency_ms:.0f} ms)")
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
    _say(f"ok: {_shown(where)} — {counts['filings']} filings, {counts['facts']} facts, {counts['chunks']} chunks; {what}")
    return 0


def is_loopback(host: str) -> bool:
    """True when ``host`` is this machine only (127.0.0.0/8, ::1, 'localhost')."""
    if host.strip().lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: whatever it resolves to, it may be reachable from elsewhere


def serve_guard(host: str, auth: str | None) -> None:
    """Listening beyond this machine requires a login: refuse to start without one, saying how."""
    if auth is not None and (":" not in auth or not auth.split(":", 1)[0] or not auth.split(":", 1)[1]):
        raise FilingQAError("--auth (or FILINGQA_AUTH) must be USER:PASSWORD, both non-empty.")
    if not is_loopback(host) and not auth:
        raise FilingQAError(
            f"refusing to listen on {host} without a login: anyone who can reach this machine could read the index "
            "and add or remove filings.",
            "Give --auth USER:PASSWORD (or set FILINGQA_AUTH), or listen on 127.0.0.1 (the default) and put a "
            "proxy with a login in front.")


def cmd_serve(args: argparse.Namespace) -> int:
    serve_guard(args.host, args.auth)
    from ui.app import serve

    if not is_loopback(args.host):
        _say(f"filingqa: listening on {args.host} with a login; the password crosses the network in clear unless "
             "a proxy gives it HTTPS.", err=True)
    serve(index=_location(args), host=args.host, port=args.port, auth=args.auth)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    if args.tatqa:
        if args.gold or args.baseline or args.split or args.generated:
            print("filingqa: --tatqa asks TAT-QA's own questions; it does not take --gold, --split, --baseline or "
                  "--generated.", file=sys.stderr)
            return 2
        from eval.tatqa import main as tatqa_main

        args.index = _location(args)
        return tatqa_main(args)
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
    pa.add_argument("--within", default=None, metavar="SCOPE",
                    help="answer from one filing or company only: a file name, a filing id, or a company's name, "
                         "ticker or CIK")
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
    ps.add_argument("--auth", default=os.environ.get("FILINGQA_AUTH") or None,
                    help="USER:PASSWORD required to use the UI (default $FILINGQA_AUTH); needed to listen beyond 127.0.0.1")
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
                    help="the filing files/folders the index was built from (for --baseline, default: the samples; "
                    "for --generated, where its gold is read)")
    pe.add_argument("--generated", action="store_true",
                    help="score questions generated from the filings' XBRL (read independently of the index) "
                    "by category; needs --sources (see eval/generated.py)")
    pe.add_argument("--tatqa", default=None, metavar="FILE",
                    help="score TAT-QA questions (e.g. tatqa_dataset_dev.json), each asked within its own table and "
                         "text (see eval/tatqa.py); with --sample N --seed S, --show-wrong K, --json FILE|-")
    pe.add_argument("--sample", type=int, default=None, metavar="N", help="with --tatqa: a seeded sample of N questions")
    g = pe.add_argument_group("generated questions (with --generated)")
    from eval.generated import add_arguments as add_generated_arguments

    add_generated_arguments(g, with_index=False, shared={"--min-accuracy", "--sources"})
    pe.set_defaults(func=cmd_eval)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except FilingQAError as exc:
        _say(f"filingqa: {exc}", err=True)
        return 2
    except KeyboardInterrupt:
        _say("filingqa: interrupted", err=True)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
