"""Reading a large HTML filing: the stream (index.parsers.htmlstream) against the whole tree it replaced.

    .venv/bin/python -m bench.html_memory [--mb 40]

Makes a markup-heavy HTML filing of ``--mb`` MB (tests/hostile.py), then reads it twice, each in its own child
process: as the whole lxml tree (the baseline: ``document_fromstring``, ``text_lines`` and ``table_facts`` over
the tree, as ``parse_html`` did before) and as the stream. Prints each child's peak resident memory and CPU
seconds (resource module) and their ratio. The baseline is not run past 60 MB unless --baseline is given.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

_TREE = """
import json, sys
from lxml import html as lhtml
from index.parsers.html import text_lines
from index.parsers.htmltables import table_facts
data = open(sys.argv[1], "rb").read()
root = lhtml.document_fromstring(data, parser=lhtml.HTMLParser(no_network=True, remove_comments=True, encoding=None))
lines = text_lines(root)
facts, rows, _ = table_facts(root, filing_id="x", source="x")
print(json.dumps({"lines": len(lines), "facts": len(facts)}))
"""

_STREAM = """
import json, sys
from index.parsers.html import parse_html
pf = parse_html(open(sys.argv[1], "rb").read(), "x")
print(json.dumps({"passages": len(pf.chunks), "facts": len(pf.facts)}))
"""


def _measured(code: str, path: Path) -> dict:
    with tempfile.TemporaryFile() as out:
        p = subprocess.Popen([sys.executable, "-c", code, str(path)], cwd=REPO, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        out.seek(0)
        text = out.read().decode()
    result = json.loads(text.strip().splitlines()[-1]) if os.waitstatus_to_exitcode(status) == 0 else {"failed": True}
    return {**result, "peak_mb": round(usage.ru_maxrss / 1024), "cpu_s": round(usage.ru_utime + usage.ru_stime, 1)}


def main(argv: list[str] | None = None) -> int:
    a = argparse.ArgumentParser()
    a.add_argument("--mb", type=float, default=40)
    a.add_argument("--baseline", action="store_true", help="read the whole tree too past 60 MB (needs several GB)")
    args = a.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from tests.hostile import markup_heavy_html

    with tempfile.TemporaryDirectory() as tmp:
        path = markup_heavy_html(Path(tmp) / "filing.htm", args.mb)
        stream = _measured(_STREAM, path)
        tree = _measured(_TREE, path) if args.mb <= 60 or args.baseline else None
    print(json.dumps({"mb": args.mb, "stream": stream, "tree (baseline)": tree}))
    if tree and not tree.get("failed"):
        print(f"{args.mb:.0f} MB of HTML: stream {stream['peak_mb']} MB peak / {stream['cpu_s']} CPU-s, "
              f"whole tree {tree['peak_mb']} MB / {tree['cpu_s']} CPU-s: "
              f"{tree['peak_mb'] / stream['peak_mb']:.1f}x less memory, {tree['cpu_s'] / stream['cpu_s']:.2f}x the CPU time")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
