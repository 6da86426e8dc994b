"""The Fact explorer tab: the fact table, filtered by company/filing, line item, member and period,
sorted, and downloadable as CSV.

Filters become a parameterised SQL condition for :meth:`IndexReader.query_facts`; the sort is one
of a fixed set of ORDER BY clauses, so nothing the user types reaches SQL as code. A cell whose
period the source leaves open matches a year when any of its candidate dates falls in it.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from index.errors import FilingQAError
from index.facts import Fact
from qa import get_engine

from .formatting import amount, esc, short_date, table_frame
from .landing import company_name

__all__ = ["FactFilter", "SORTS", "COLUMNS", "SHOWN_COLUMNS", "filter_facts", "fact_rows", "sortable_table", "write_csv",
           "filter_choices", "build_explorer_tab"]

ALL = "All"
SORTS = {
    "Filing order": "source, row_index, column_index NULLS LAST",
    "Line item A–Z": "lower(label), member_text, period_end NULLS LAST",
    "Period, newest first": "coalesce(period_end, cand_max_end) DESC NULLS LAST, source, row_index",
    "Period, oldest first": "coalesce(period_end, cand_min_end) NULLS LAST, source, row_index",
    "Value, largest first": "value_num DESC NULLS LAST, source, row_index",
    "Value, smallest first": "value_num NULLS LAST, source, row_index",
}
COLUMNS = ["Company", "Filing", "Statement / note", "Line item", "Members", "Period", "Date stated", "As printed",
           "Value", "Unit", "Scale", "Value (number)", "Period start", "Period end", "Concept", "Fact id"]
WIDTHS = {"Company": "130px", "Filing": "185px", "Statement / note": "190px", "Line item": "230px", "Members": "180px",
          "Period": "130px", "Date stated": "90px", "As printed": "110px", "Value": "140px", "Unit": "70px", "Scale": "110px"}
SHOWN_COLUMNS = 11  # the plain number and ISO dates (for spreadsheets), concept and fact id go to the CSV only
SHOWN_ROWS = 2000
CSV_ROWS = 200_000


@dataclass(frozen=True)
class FactFilter:
    company: str = ALL  # 'company:<name as shown>' | 'entity:<name as filed>' | 'source:<file>' | ALL
    text: str = ""  # words in the line item, concept or statement title
    member: str = ""  # words in the members
    year: str = ALL
    pinned_only: bool = False
    sort: str = "Filing order"


def _like(text: str) -> str:
    return "%" + text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _where(flt: FactFilter, reader=None) -> tuple[str, list]:
    conds, params = ["TRUE"], []
    if flt.company.startswith("company:"):  # every spelling the filings use for one company
        name = flt.company[len("company:"):]
        spellings = sorted({f.entity for f in reader.filings() if f.entity and company_name(f.entity) == name}) if reader else []
        conds.append(f"entity IN ({', '.join('?' * len(spellings))})" if spellings else "FALSE")
        params += spellings
    elif flt.company.startswith("entity:"):
        conds.append("entity = ?")
        params.append(flt.company[len("entity:"):])
    elif flt.company.startswith("source:"):
        conds.append("source = ?")
        params.append(flt.company[len("source:"):])
    for word in flt.text.split():
        conds.append("(lower(label) LIKE ? ESCAPE '\\' OR lower(concept) LIKE ? ESCAPE '\\' OR lower(title) LIKE ? ESCAPE '\\')")
        params += [_like(word)] * 3
    for word in flt.member.split():
        conds.append("lower(member_text) LIKE ? ESCAPE '\\'")
        params.append(_like(word))
    if flt.year.isdigit():
        y = int(flt.year)
        conds.append("((period_end IS NOT NULL AND year(period_end) = ?) OR "
                     "(period_end IS NULL AND year(cand_min_end) <= ? AND year(cand_max_end) >= ?))")
        params += [y, y, y]
    if flt.pinned_only:
        conds.append("period_end IS NOT NULL")
    return " AND ".join(conds), params


def filter_facts(reader, flt: FactFilter, limit: int = SHOWN_ROWS) -> list[Fact]:
    where, params = _where(flt, reader)
    facts = reader.query_facts(where, params, limit=limit, order=SORTS.get(flt.sort, SORTS["Filing order"]))
    if flt.year.isdigit():  # an open cell matches a year only when one of its candidate dates is in it
        y = int(flt.year)
        facts = [f for f in facts if any(p.end.year == y for p in f.periods)]
    return facts


def _period(f: Fact) -> str:
    if f.period is not None:
        p = f.period
        if p.kind == "duration" and p.start is not None:
            return f"{short_date(p.start)} – {short_date(p.end)}"
        return short_date(p.end)
    n = len(f.candidate_periods)
    return f"one of {n} dates" if n else ""


def fact_rows(facts: list[Fact], entities: dict[str, str]) -> list[list]:
    return [
        [f.entity or entities.get(f.source, ""), f.source, f.title, f.label, f.member_text, _period(f),
         "yes" if f.period is not None else "no", f.raw,
         amount(f.value, f.unit) if f.value is not None and f.unit != "duration" else f.raw, f.unit or "", f.scale_text,
         "" if f.value is None else str(f.value), _iso(f, "start"), _iso(f, "end"), f.concept, f.fact_id]
        for f in facts
    ]


def _iso(f: Fact, which: str) -> str:
    if f.period is None:
        return ""
    d = f.period.start if which == "start" else f.period.end
    return d.isoformat() if d is not None else ""


def _value_key(f: Fact) -> float | None:
    return float(f.value) if f.value is not None and f.unit != "duration" else None


def _period_key(f: Fact) -> str:
    """ISO dates sort as time does; a cell left open sorts by the latest date it may be for."""
    if f.period is not None:
        return f"{f.period.end.isoformat()} {f.period.start.isoformat() if f.period.start else ''}".strip()
    ends = sorted(p.end.isoformat() for p in f.periods)
    return ends[-1] if ends else ""


def sortable_table(frame, facts: list[Fact]) -> dict:
    """The table as gr.Dataframe data whose Value and Period columns sort by number and by date when a header
    is sorted, while showing the formatted text ("USD 1,670,269,000", "Jan 1 – Dec 31, 2009")."""
    headers = [str(c) for c in frame.columns]
    shown = frame.fillna("").astype(str).values.tolist()
    data = [list(row) for row in shown]
    for column, key in (("Value", _value_key), ("Period", _period_key)):
        if column in headers:
            j = headers.index(column)
            for row, f in zip(data, facts):
                row[j] = key(f)
    return {"headers": headers, "data": data,
            "metadata": {"display_value": shown, "styling": [[""] * len(headers) for _ in shown]}}


_CSV_KEEP = 32  # CSVs kept per server process (one per recent filter); older ones are deleted
_csv_folder: Path | None = None


def write_csv(rows: list[list], folder: Path | None = None) -> Path:
    """The rows as CSV (all columns). Without a folder: a per-process folder that keeps the newest few."""
    global _csv_folder
    if folder is None:
        if _csv_folder is None or not _csv_folder.is_dir():
            _csv_folder = Path(tempfile.mkdtemp(prefix="filingqa-facts-"))
        folder = _csv_folder
        old = sorted(folder.glob("*/filingqa-facts.csv"), key=lambda p: p.stat().st_mtime)
        for stale in old[:max(0, len(old) - _CSV_KEEP + 1)]:
            shutil.rmtree(stale.parent, ignore_errors=True)
        folder = Path(tempfile.mkdtemp(dir=folder))  # the download keeps its plain file name
    path = folder / "filingqa-facts.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        w.writerows(rows)
    return path


def filter_choices(reader) -> tuple[list[tuple[str, str]], list[str]]:
    """Company/filing choices and the years any fact (or candidate date) falls in."""
    companies: list[tuple[str, str]] = [("All companies and filings", ALL)]
    filings = reader.filings()
    # one entry per company, however each filing spells it ('NETFLIX INC', 'Netflix, Inc.'); one per file
    for name in sorted({company_name(f.entity) for f in filings if f.entity}, key=str.lower):
        companies.append((name, f"company:{name}"))
    seen: set[str] = set()
    for f in sorted(filings, key=lambda f: f.source):
        if f.source in seen:
            continue
        seen.add(f.source)
        title = f" — {f.title}" if f.title else ""
        companies.append((f"{f.source}{title}"[:90], f"source:{f.source}"))
    years: set[int] = set()
    for f in reader.query_facts("TRUE", [], limit=50_000, order="fact_id"):
        years.update(p.end.year for p in f.periods)
    return companies, [ALL] + [str(y) for y in sorted(years, reverse=True)]


def build_explorer_tab(index_path: Path):
    """Lay out the Fact explorer tab; returns a function that refreshes its choices (after uploads)."""
    with gr.Row(elem_id="fq-filters"):
        company = gr.Dropdown(label="Company / filing", choices=[("All companies and filings", ALL)], value=ALL,
                              scale=3, elem_id="fq-f-company")
        text = gr.Textbox(label="Concept or line item", placeholder="e.g. compensation expense", scale=3,
                          elem_id="fq-f-text")
        member = gr.Textbox(label="Member", placeholder="e.g. RSUs, employees", scale=2, elem_id="fq-f-member")
        year = gr.Dropdown(label="Period (year)", choices=[ALL], value=ALL, scale=1, min_width=120, elem_id="fq-f-year")
        sort = gr.Dropdown(label="Sort", choices=list(SORTS), value="Filing order", scale=2, elem_id="fq-f-sort")
    with gr.Row(elem_id="fq-filter-actions"):
        pinned = gr.Checkbox(label="Only cells whose date the filing states", value=False, elem_id="fq-f-pinned", scale=0, min_width=260)
        summary = gr.HTML("", elem_id="fq-f-summary")
        download = gr.DownloadButton("Download CSV", size="sm", elem_id="fq-f-download", scale=0, min_width=150)
    table = gr.Dataframe(headers=COLUMNS[:SHOWN_COLUMNS], interactive=False, wrap=True, elem_id="fq-facts", max_height=620,
                         show_label=False)

    inputs = [company, text, member, year, pinned, sort]

    def run(company_v, text_v, member_v, year_v, pinned_v, sort_v):
        flt = FactFilter(company_v or ALL, (text_v or "")[:200], (member_v or "")[:200], year_v or ALL, bool(pinned_v),
                         sort_v or "Filing order")
        try:
            reader = get_engine(index_path).reader
            entities = {f.source: f.entity for f in reader.filings()}
            facts = filter_facts(reader, flt, limit=CSV_ROWS)
        except FilingQAError as exc:
            return [], f'<span class="fq-muted">{esc(str(exc))}</span>', gr.DownloadButton(value=None)
        rows = fact_rows(facts, entities)
        total = reader.fact_count()
        frame = table_frame([r[:SHOWN_COLUMNS] for r in rows[:SHOWN_ROWS]], COLUMNS[:SHOWN_COLUMNS],
                            optional=("Company", "Members", "Scale"))
        note = f" (first {SHOWN_ROWS:,} shown; the CSV has all)" if len(rows) > SHOWN_ROWS else ""
        summary_html = f'<span class="fq-count"><b>{len(rows):,}</b> of {total:,} facts{note}</span>'
        table_update = gr.Dataframe(value=sortable_table(frame, facts[:SHOWN_ROWS]),
                                    datatype=["number" if c == "Value" else "str" for c in frame.columns],
                                    column_widths=[WIDTHS.get(c, "120px") for c in frame.columns])
        return table_update, summary_html, gr.DownloadButton(value=str(write_csv(rows)))

    def refresh_choices():
        try:
            companies, years = filter_choices(get_engine(index_path).reader)
        except FilingQAError:
            return gr.skip(), gr.skip()
        return gr.Dropdown(choices=companies), gr.Dropdown(choices=years)

    for comp in (company, year, sort, pinned):
        comp.change(run, inputs, [table, summary, download], show_progress="hidden", concurrency_id="explore")
    for comp in (text, member):
        comp.submit(run, inputs, [table, summary, download], show_progress="hidden", concurrency_id="explore")
        comp.blur(run, inputs, [table, summary, download], show_progress="hidden", concurrency_id="explore")
    return run, inputs, [table, summary, download], refresh_choices, [company, year]
