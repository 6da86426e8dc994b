"""`filingqa eval --tatqa FILE`: TAT-QA's questions, written by people, over their own tables and text.

TAT-QA (Zhu et al., ACL 2021, CC BY 4.0) holds questions over one table and its paragraphs from
real annual reports; no company is named and nothing is XBRL. Each context becomes one HTML page
(eval.tatqa_pages), all pages go into one index (kept under the cache by the hash of the pages and
of the parser code, so a re-run skips the ingest), and each question is asked ``within`` its own
page - the scope every user has when they ask about one document. The answers are judged by
TAT-QA's gold (eval.tatqa_score) and reported by answer type, by source and by question form, with
what each miss did (eval.tatqa_report).

    filingqa eval --tatqa ../shared/tatqa/tatqa_dataset_dev.json                 # the whole split
    filingqa eval --tatqa FILE --sample 150 --seed 7 --show-wrong 5 --json out.json
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import index as index_pkg
from index.errors import FilingQAError, GoldFileError

from .tatqa_pages import Page, context_page
from .tatqa_report import (Record, cells_class, format_summary, format_wrong, outcome_class, question_form, summarize,
                           table_numbers)
from .tatqa_score import gold_of, judge

__all__ = ["load_contexts", "select", "build_index", "run", "main", "TatqaRun"]

_SCALE_WORDS = {"thousands": 3, "millions": 6, "billions": 9}


def load_contexts(path: str | Path) -> list[dict]:
    """The contexts of a TAT-QA file (a JSON list of {table, paragraphs, questions})."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GoldFileError(f"no TAT-QA file at {p}.", "Give the path of tatqa_dataset_dev.json.") from None
    except (OSError, ValueError) as exc:
        raise GoldFileError(f"{p.name} is not a JSON file ({exc.__class__.__name__}).",
                            "Give a TAT-QA dataset file (a JSON list of contexts).") from None
    ok = isinstance(data, list) and all(
        isinstance(c, dict) and isinstance(c.get("table", {}).get("table"), list) and isinstance(c.get("questions"), list)
        and all(isinstance(q, dict) and {"uid", "question", "answer", "answer_type"} <= set(q) for q in c["questions"])
        for c in data)
    if not ok or not data:
        raise GoldFileError(f"{p.name} does not hold TAT-QA contexts.",
                            "Each item needs table.table, paragraphs and questions (uid, question, answer, answer_type).")
    return data


def select(contexts: list[dict], sample: int | None, seed: int) -> list[tuple[dict, dict]]:
    """(context, question) pairs: all of them, or ``sample`` drawn with ``seed`` (the same seed, the same questions)."""
    pairs = [(c, q) for c in contexts for q in c["questions"]]
    if sample is not None and sample < len(pairs):
        pairs = random.Random(seed).sample(pairs, sample)
    return pairs


def _fingerprint(pages: list[Page]) -> str:
    from index.embed import MODEL_NAME
    from index.manifest import FORMAT_VERSION

    h = hashlib.sha256(f"format{FORMAT_VERSION}|{MODEL_NAME}".encode())
    pkg = Path(index_pkg.__file__).resolve().parent
    for p in sorted(pkg.rglob("*.py")):  # the parsers read the pages: new parser code, new index
        h.update(p.name.encode() + p.read_bytes())
    for page in sorted(pages, key=lambda pg: pg.name):
        h.update(page.name.encode() + hashlib.sha256(page.html.encode()).digest())
    return h.hexdigest()[:16]


def build_index(pages: list[Page], where: str | Path | None = None, progress=None) -> tuple[Path, bool]:
    """(index folder holding every page, whether it was built now). Without ``where`` the index is
    kept under the cache by content hash, so the same pages with the same parser are ingested once."""
    from index.embed import default_embedder
    from index.ingest import ingest
    from qa.defaults import cache_root

    path = Path(where) if where else cache_root() / "tatqa" / f"index-{_fingerprint(pages)}"
    if (path / "manifest.json").exists() and where is None:
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tatqa-pages-") as tmp:
        for page in pages:
            (Path(tmp) / page.name).write_text(page.html, encoding="utf-8")
        report = ingest([tmp], path, lambda: default_embedder("bulk"), progress=progress, wait_seconds=600)
    if report.errors:
        names = ", ".join(f"{n}: {m}" for n, m in report.errors[:3])
        raise FilingQAError(f"{len(report.errors)} TAT-QA page(s) could not be indexed ({names}).")
    return path, True


@dataclass(frozen=True)
class TatqaRun:
    records: list[Record]
    summary: dict
    index: Path
    ingest_seconds: float
    ask_seconds: float


def _record(context: dict, q: dict, page: str, ans, seconds: float, facts: list) -> Record:
    golds = gold_of(q)
    cited = next((c for c in ans.citations if c.kind == "fact"), None)
    printed = _SCALE_WORDS.get((cited.scale or "").split(" in ")[-1].strip().lower(), 0) if cited is not None else 0
    j = judge(q, ans.value, ans.unit, ans.text, ans.abstained, printed)
    form = question_form(q, golds)
    outcome = outcome_class(q, golds, ans.value, ans.unit, j.right, ans.abstained, table_numbers(context))
    return Record(
        qid=q["uid"], page=page, question=q["question"], answer_type=q.get("answer_type", ""),
        answer_from=q.get("answer_from", ""), scale=q.get("scale") or "", derivation=q.get("derivation") or "",
        gold=tuple(g.text for g in golds), right=j.right, abstained=ans.abstained, verified=bool(ans.verified),
        value=None if ans.value is None else str(ans.value), unit=ans.unit, text=ans.text[:600], how=j.how, form=form,
        outcome=outcome, cells=cells_class(q, golds, facts), latency_ms=round(seconds * 1000, 1),
    )


def run(path: str | Path, *, sample: int | None = None, seed: int = 0, index: str | Path | None = None,
        progress=None) -> TatqaRun:
    """Ask the selected questions within their own pages and judge them."""
    from qa import ask, get_engine

    pairs = select(load_contexts(path), sample, seed)
    contexts = {id(c): c for c, _ in pairs}
    pages = {id(c): context_page(c) for c in contexts.values()}
    t0 = time.perf_counter()
    where, _ = build_index(list(pages.values()), index, progress)
    t1 = time.perf_counter()
    records = []
    for n, (c, q) in enumerate(pairs, 1):
        page = pages[id(c)].name
        t = time.perf_counter()
        ans = ask(q["question"], index=where, within=page)
        seconds = time.perf_counter() - t
        facts = get_engine(where, within=page).reader.query_facts(limit=5000)  # (for the report: are the cells facts?)
        records.append(_record(c, q, page, ans, seconds, facts))
        if progress:
            progress("ask", n, len(pairs))
    return TatqaRun(records, summarize(records), where, t1 - t0, time.perf_counter() - t1)


def _write_json(target: str, result: TatqaRun, file: str) -> None:
    data = {"file": Path(file).name, "index": str(result.index), "summary": result.summary,
            "records": [r.to_dict() for r in result.records]}
    text = json.dumps(data, indent=1, default=lambda o: str(o) if isinstance(o, Decimal) else o)
    if target == "-":
        print(text)
    else:
        Path(target).write_text(text, encoding="utf-8")


def main(args) -> int:
    """The CLI entry (app.cli): prints the table; exit 1 under --min-accuracy or over --max-wrong-verified."""
    from app.cli import _progress

    sample = getattr(args, "sample", None)
    if sample is not None and sample < 1:
        print("filingqa: --sample takes a number of questions (1 or more).", file=sys.stderr)
        return 2
    result = run(args.tatqa, sample=sample, seed=args.seed, index=getattr(args, "index", None), progress=_progress)
    s = result.summary
    title = (f"TAT-QA {Path(args.tatqa).name}: {s['overall']['questions']} questions"
             + (f" (seeded sample {sample}, seed {args.seed})" if sample else "")
             + f"; ingest {result.ingest_seconds:.0f} s, questions {result.ask_seconds:.0f} s")
    out = sys.stderr if getattr(args, "json_out", None) == "-" else sys.stdout
    print(format_summary(s, title), file=out)
    if getattr(args, "show_wrong", 0):
        print(format_wrong(result.records, args.show_wrong), file=out)
    if getattr(args, "json_out", None):
        _write_json(args.json_out, result, args.tatqa)
    failed = []
    if args.min_accuracy is not None and s["overall"]["accuracy"] < args.min_accuracy:
        failed.append(f"accuracy {s['overall']['accuracy']:.3f} is under {args.min_accuracy}")
    if getattr(args, "max_wrong_verified", None) is not None and s["overall"]["wrong_verified"] > args.max_wrong_verified:
        failed.append(f"{s['overall']['wrong_verified']} wrong answers were marked verified (at most {args.max_wrong_verified})")
    for f in failed:
        print(f"filingqa: {f}", file=sys.stderr)
    return 1 if failed else 0
