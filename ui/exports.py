"""Keeping an answer: as Markdown (question, answer, its table, every citation) and as CSV (the answer,
then one row per citation with the exact value in base units), written to a fresh temp folder."""

from __future__ import annotations

import csv
import re
import tempfile
from pathlib import Path

from qa import Answer

from .answer_table import CitedTable, line_item, result_text, scaled, shown_value
from .answer_view import answer_style, shows_verified
from .formatting import measure_text, period_text

__all__ = ["answer_markdown", "answer_rows", "export_answer", "CSV_COLUMNS"]

CSV_COLUMNS = ["Ref", "Kind", "Company", "Statement / note", "Line item", "Members", "Period", "Period (ISO)", "As printed",
               "Value", "Unit", "Scale", "File", "Fact id", "Text"]


def _status(a: Answer) -> str:
    if a.abstained:
        return "no answer in these filings"
    if shows_verified(a):
        return "verified against the cited cells"
    return "NOT verified: read the evidence before relying on it"


def _md(text: str) -> str:
    return str(text or "").replace("|", "\\|").replace("\n", " ")


def answer_markdown(question: str, a: Answer, table: CitedTable | None = None, extra=()) -> str:
    lines = [f"## {question}", ""]
    if a.value is not None:
        lines.append(f"**{measure_text(a.value, a.unit, style=answer_style(a))}** ({_status(a)})")
    else:
        lines.append(f"*{_status(a)}*")
    lines += ["", a.reason if a.abstained and a.reason else a.text, ""]
    problems = a.extra.get("fit_problems") or [] if isinstance(a.extra, dict) else []
    if problems:
        lines += ["> The filings do not report exactly what was asked:"] + [f"> - {p}" for p in problems] + [""]
    if table is not None:
        power, words = scaled(table)
        unit = "" if table.unit in (None, "pure") else table.unit
        lines += [f"{table.title} ({' '.join(x for x in (unit, f'in {words}' if words else '') if x) or 'as reported'})", ""]
        head = [table.row_head] + [c.label for c in table.columns] + ([table.result_head] if table.result_head else [])
        lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for i, row in enumerate(table.rows):
            cells = []
            for cell in table.cells[i]:
                if cell is None:
                    cells.append("—")
                else:
                    cells.append(f"{shown_value(cell.value, table.unit, power)} [{cell.marker}]")
            if table.result_head:
                cells.append(result_text(table, i))
            lines.append("| " + " | ".join([_md(row)] + cells) + " |")
        lines.append("")
    citations = list(a.citations) + list(extra)
    if citations:
        lines += ["### Citations", "", "| # | Company | Statement / note | Line item | Period | As printed | Value | File |",
                  "|---|---|---|---|---|---|---|---|"]
        for n, c in enumerate(citations, 1):
            item = line_item(c) + (f" ({', '.join(c.members)})" if c.members else "") if c.kind == "fact" else (c.row or "text")
            printed = c.raw if c.kind == "fact" else (c.raw[:200] + ("…" if len(c.raw) > 200 else ""))
            value = measure_text(c.value, c.unit) if c.value not in (None, "") else ""
            lines.append(f"| {n} | {_md(c.entity)} | {_md(c.title)} | {_md(item)} | {_md(period_text(c.period))} | "
                         f"{_md(printed)} | {_md(value)} | {_md(c.source)} |")
    return "\n".join(lines).rstrip() + "\n"


def answer_rows(question: str, a: Answer, extra=()) -> list[list[str]]:
    """The answer, then one row per citation (the chart's added cells after the answer's own)."""
    rows = [["answer", _status(a), "", "", "", "", a.period, "", "", "" if a.value is None else str(a.value),
             a.unit or "", "", "", "", f"Q: {question}\nA: {a.text}"]]
    for n, c in enumerate(list(a.citations) + list(extra), 1):
        rows.append([str(n), "table cell" if c.kind == "fact" else "note text", c.entity, c.title,
                     line_item(c) if c.kind == "fact" else c.row, "; ".join(c.members), period_text(c.period), c.period,
                     c.raw, "" if c.value is None else str(c.value), c.unit or "", c.scale, c.source, c.fact_id,
                     c.snippet if c.kind == "fact" else c.raw])
    return rows


def export_answer(question: str, a: Answer, table: CitedTable | None = None, extra=()) -> tuple[str, str]:
    """Write the answer as ``answer.md`` and ``answer.csv`` (named after the question) in a fresh temp folder."""
    folder = Path(tempfile.mkdtemp(prefix="fq-answer-"))
    stem = re.sub(r"[^A-Za-z0-9]+", "-", question).strip("-")[:60] or "answer"
    md, csv_path = folder / f"{stem}.md", folder / f"{stem}.csv"
    md.write_text(answer_markdown(question, a, table, extra), encoding="utf-8")
    with open(csv_path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(CSV_COLUMNS)
        w.writerows(answer_rows(question, a, extra))
    return str(md), str(csv_path)
