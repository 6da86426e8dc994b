"""The eval report: report.json (everything), report.md (readable, per-question table) and two
plots (accuracy per kind beside the baseline's hit rates; latency histogram)."""

from __future__ import annotations

import json
from pathlib import Path

from .scoring import Outcome, outcome_row

__all__ = ["write_report", "format_summary"]


def _fmt(x) -> str:
    if x is None:
        return "—"
    return f"{x:.3f}" if isinstance(x, float) else str(x)


def format_summary(s: dict, baseline: dict | None = None) -> str:
    lines = [f"accuracy {s['accuracy']:.3f} on {s['n']} questions · right among verified {_fmt(s['right_among_verified'])} "
             f"({s['right_verified']} of {s['verified']} marked verified) · wrong numbers marked verified {s['wrong_but_verified']}"]
    head = f"  {'kind':<10} {'ours':>12}"
    if baseline:
        head += f" {'baseline top-1':>15} {'top-5':>7}"
    lines.append(head)
    for k, v in s["by_kind"].items():
        row = f"  {k:<10} {v['correct']:>3}/{v['n']:<3} {v['accuracy']:.3f}"
        if baseline and k in baseline["by_kind"]:
            b = baseline["by_kind"][k]
            row += f" {b['top1']:>15.3f} {b['top5']:>7.3f}"
        lines.append(row)
    if baseline:
        lines.append(f"  {'all':<10} {'':>4}{s['accuracy']:>8.3f} {baseline['top1']:>15.3f} {baseline['top5']:>7.3f}"
                     f"   (baseline: {baseline['chunks']} llama-index chunks)")
    lines.append(f"unit accuracy {_fmt(s['unit_accuracy'])} · citation precision {_fmt(s['citation_precision'])} · "
                 f"abstention precision {_fmt(s['abstention_precision'])} recall {_fmt(s['abstention_recall'])}")
    lines.append(f"wrong but verified: {s['wrong_but_verified']}"
                 + (f" (and {s['verified_without_value']} numeric question(s) answered in words only, marked verified)"
                    if s.get("verified_without_value") else ""))
    lines.append(f"latency p50 {s['latency_p50_ms']:.0f} ms, p95 {s['latency_p95_ms']:.0f} ms")
    return "\n".join(lines)


def _plots(folder: Path, s: dict, outcomes: list[Outcome], baseline: dict | None) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    kinds = list(s["by_kind"])
    fig, ax = plt.subplots(figsize=(7, 3.6))
    width = 0.27 if baseline else 0.6
    xs = range(len(kinds))
    ax.bar([x - (width if baseline else 0) for x in xs], [s["by_kind"][k]["accuracy"] for k in kinds], width, label="filingqa")
    if baseline:
        ax.bar(list(xs), [baseline["by_kind"].get(k, {}).get("top1", 0) for k in kinds], width, label="llama-index top-1 hit")
        ax.bar([x + width for x in xs], [baseline["by_kind"].get(k, {}).get("top5", 0) for k in kinds], width, label="llama-index top-5 hit")
    ax.set_xticks(list(xs), kinds)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("share right")
    ax.set_title("Accuracy per kind")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(folder / "accuracy_by_kind.png", dpi=110)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.hist([o.latency_ms for o in outcomes], bins=30)
    ax.axvline(s["latency_p95_ms"], linestyle="--", label=f"p95 {s['latency_p95_ms']:.0f} ms")
    ax.set_xlabel("ask() latency (ms)")
    ax.set_ylabel("questions")
    ax.set_title("Latency")
    ax.legend()
    fig.tight_layout()
    fig.savefig(folder / "latency.png", dpi=110)
    plt.close(fig)
    return ["accuracy_by_kind.png", "latency.png"]


def write_report(folder: str | Path, s: dict, outcomes: list[Outcome], baseline: dict | None, meta: dict) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rows = [outcome_row(o) for o in outcomes]
    if baseline:
        hits = baseline.get("hits", {})
        for r in rows:
            if r["id"] in hits:
                r["baseline_top1"], r["baseline_top5"] = hits[r["id"]]
    data = {"meta": meta, "summary": s, "baseline": {k: v for k, v in (baseline or {}).items() if k != "hits"} or None,
            "questions": rows}
    (folder / "report.json").write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    images = _plots(folder, s, outcomes, baseline)
    md = ["# filingqa eval report", "",
          f"Gold: {', '.join(meta['gold'])} · split: {meta['split'] or 'all'} · index: {meta['index']}", "",
          "```", format_summary(s, baseline), "```", ""]
    md += [f"![{i}]({i})" for i in images] + [""]
    md += ["| id | kind | question | gold | answer | verified | right | why | ms |",
           "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        gold = f"{r['gold_value']} {r['gold_unit'] or ''}".strip() if r["gold_value"] else r["kind"]
        got = "abstained" if r["abstained"] else (f"{r['value']} {r['unit'] or ''}".strip() if r["value"] else r["answer"][:60])
        cell = lambda t: str(t).replace("|", "\\|").replace("\n", " ")  # noqa: E731
        md.append(f"| {r['id']} | {r['kind']} | {cell(r['question'])} | {cell(gold)} | {cell(got)} | "
                  f"{'✓' if r['verified'] else ''} | {'✓' if r['correct'] else '✗'} | {cell(r['why'])} | {r['latency_ms']:.0f} |")
    (folder / "report.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    return [folder / "report.json", folder / "report.md"] + [folder / i for i in images]
