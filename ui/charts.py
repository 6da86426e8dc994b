"""Charts where a reader would rather look than read: a metric over several periods or companies.

A chart draws exactly the cells of the answer's cited table (ui.answer_table), nothing else:

* the answer itself cites several numbers in one unit (a change, a comparison, a breakdown);
* the question asks for a series ("by year", "over time", "from 2021 to 2023", "2022 vs 2021"): the
  line item of the answer's cell is followed across the years the question names (every period the
  index reports, when it names none), and each of those facts is added to the evidence as a
  citation of its own.

Cells whose period the source leaves open are never plotted (a chart would place them on a date
the filing does not state). Series are named by company (or by line item / member within one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from index.facts import Fact
from qa import Answer, Citation
from qa.fiscal import calendar_of
from qa.plan import Op, QueryPlan
from qa.present import fact_citation

from .answer_table import CitedTable, cited_table, line_item
from .formatting import amount, company_name

__all__ = ["ChartPoint", "Chart", "PlotSpec", "wants_series", "years_asked", "asked_series", "series_citations", "table_for", "chart_of",
           "chart_frame", "export_chart"]

_SERIES = re.compile(
    r"\b(?:by|per|each|every|across|over (?:the )?)\s*(?:fiscal )?(?:years?|periods?|quarters?)\b|\btrend\w*\b|"
    r"\bover time\b|\bhistor(?:y|ical)\b|\bevolution\b|\bfrom (?:19|20)\d\d (?:to|through|until) (?:19|20)\d\d\b|"
    r"\bbetween (?:19|20)\d\d and (?:19|20)\d\d\b|\b(?:19|20)\d\d\s*(?:-|–|to|through)\s*(?:19|20)\d\d\b|"
    r"\bvs\.?\b|\bversus\b|\bcompar\w*\b|\byear[- ]over[- ]year\b|\bchart\b|\bplot\b",
    re.I,
)
_SCALES = ((Decimal(10) ** 9, "billions"), (Decimal(10) ** 6, "millions"), (Decimal(10) ** 3, "thousands"))


@dataclass(frozen=True)
class ChartPoint:
    series: str  # the row of the cited table: the company, or its line item / member
    label: str  # x-axis label: the table's column ('2022', 'Mar 29, 2025')
    when: date
    value: Decimal  # base units
    marker: int  # citation number in the evidence panel
    printed: str  # the cell as printed
    company: str = ""  # who reported it
    line_item: str = ""


@dataclass(frozen=True)
class Chart:
    title: str
    unit: str | None
    points: tuple[ChartPoint, ...]


def wants_series(question: str) -> bool:
    return bool(_SERIES.search(question)) or len(set(re.findall(r"\b(?:19|20)\d\d\b", question))) >= 2


_YEAR = re.compile(r"\b(?:FY\s?'?)?((?:19|20)\d\d)\b|\bFY\s?'?(\d\d)\b", re.I)
_RANGE = re.compile(r"\b(?:from|between|through|thru|to|until)\b|[–-]", re.I)


def years_asked(question: str) -> set[int] | None:
    """The fiscal years a series question names: 'from 2020 to 2022' is 2020, 2021 and 2022; '2022 vs 2021'
    is those two; None when it names fewer than two ('by year': every period reported)."""
    found = [int(m.group(1)) if m.group(1) else 2000 + int(m.group(2)) for m in _YEAR.finditer(question)]
    if len(set(found)) < 2:
        return None
    first, last = min(found), max(found)
    between = question[min(m.start() for m in _YEAR.finditer(question)):max(m.end() for m in _YEAR.finditer(question))]
    if _RANGE.search(between) and last - first <= 30:
        return set(range(first, last + 1))
    return set(found)


def asked_series(question: str, answer: Answer) -> tuple[bool, set[int] | None]:
    """Whether the answer is a series, and the years it spans (None: every year reported): what the
    question's words say, and what the core read it as (``answer.extra["plan"]``), so a follow-up
    ('and for Netflix?' after 'Amazon's net sales by year') is the series its plan carries on."""
    series, years = wants_series(question), years_asked(question)
    plan = answer.extra.get("plan") if isinstance(answer.extra, dict) else None
    if isinstance(plan, QueryPlan):
        plan_years = {p.year for p in plan.periods if p.year}
        carried_words = " ".join(i.text for i in plan.items)  # 'total net sales by year', kept by a follow-up
        series = series or plan.operation is Op.SERIES or len(plan_years) >= 2 or wants_series(carried_words)
        if years is None and len(plan_years) >= 2:
            years = plan_years
    return series, years


def _series_facts(reader, fact: Fact, years: set[int] | None) -> list[Fact]:
    """The same line item (concept or label, same members, same unit) of the same company in every
    period reported (or in the years asked): another company that uses the same concept is not what
    was asked about."""
    key_sql = "concept = ?" if fact.concept else "label = ?"
    facts = reader.query_facts(
        f"{key_sql} AND member_text = ? AND coalesce(unit, '') = ? AND coalesce(entity, '') = ? "
        "AND period_end IS NOT NULL AND value_num IS NOT NULL",
        [fact.concept or fact.label, fact.member_text, fact.unit or "", fact.entity or ""], limit=400,
        order="period_end, source, row_index",
    )
    if fact.period is not None and fact.period.start is not None:  # flows: periods as long as the cited one
        span = (fact.period.end - fact.period.start).days
        facts = [f for f in facts if f.period is not None and f.period.start is not None
                 and abs((f.period.end - f.period.start).days - span) <= 20]
    elif fact.period is not None:  # balances: balances
        facts = [f for f in facts if f.period is not None and f.period.start is None]
    if years:
        facts = [f for f in facts if calendar_of(f).year_of(f.period.end) in years]
    seen: dict[tuple, Fact] = {}
    for f in sorted(facts, key=lambda f: (f.source != fact.source, f.source)):  # the cited filing first
        seen.setdefault((f.entity, f.period.iso()), f)
    return list(seen.values())


def _numeric(c: Citation) -> bool:
    if c.kind != "fact" or not c.value:
        return False
    try:
        Decimal(c.value)
    except ArithmeticError:
        return False
    return True


def series_citations(question: str, answer: Answer, reader) -> tuple[Citation, ...]:
    """For a series question: the cited line item in the other periods asked (or all reported), as
    citations numbered after the answer's own."""
    series, years = asked_series(question, answer)
    if answer.abstained or not series:
        return ()
    cited = [c for c in answer.citations if _numeric(c) and c.fact_id]
    if not cited:
        return ()
    primary = reader.facts_by_id([cited[0].fact_id])
    if not primary:
        return ()
    have = {c.fact_id for c in answer.citations}
    return tuple(fact_citation(f) for f in _series_facts(reader, primary[0], years) if f.fact_id not in have)


def table_for(question: str, answer: Answer, reader) -> tuple[CitedTable | None, tuple[Citation, ...]]:
    """The cited table of an answer and the citations it adds to the evidence (only those it shows,
    numbered after the answer's own, in the order the table uses them)."""
    series, _ = asked_series(question, answer)
    extra = series_citations(question, answer, reader)
    names = {f.source: f.entity for f in reader.filings()}
    table = cited_table(answer, extra, series=series, entities=names)
    if table is None or not extra:
        return table, ()
    n = len(answer.citations)
    used = sorted(c.marker for _, _, c in table.filled() if c.marker > n)
    kept = tuple(extra[m - n - 1] for m in used)
    return cited_table(answer, kept, series=series, entities=names), kept


def chart_of(table: CitedTable | None) -> Chart | None:
    """A chart of exactly the table's cells (a single cell is drawn too)."""
    if table is None or not table.filled():
        return None
    points = []
    for i, j, cell in table.filled():
        col = table.columns[j]
        c = cell.citation
        points.append(ChartPoint(table.rows[i], col.label, col.end, cell.value, cell.marker, c.raw,
                                 company_name(c.entity) if c.entity else "", line_item(c)))
    points.sort(key=lambda p: (p.when, p.marker))
    return Chart(title=table.title, unit=table.unit, points=tuple(points))


@dataclass(frozen=True)
class PlotSpec:
    """How to draw a chart: bars for one series (or one period), lines for several series over time."""

    kind: str  # 'bar' | 'line'
    frame: object  # pandas.DataFrame with Period, Value, Series, Reported
    x: str
    color: str | None
    x_order: tuple[str, ...]
    y_title: str
    title: str


def chart_frame(chart: Chart) -> PlotSpec:
    """The DataFrame for gr.BarPlot / gr.LinePlot, values in a readable scale, and how to draw them."""
    import pandas as pd

    top = max(abs(p.value) for p in chart.points)
    divisor, words = Decimal(1), ""
    if chart.unit not in ("pure",) and not (chart.unit or "").endswith("/shares"):
        for d, w in _SCALES:
            if top >= d:
                divisor, words = d, w
                break
    unit = "" if chart.unit in (None, "pure") else ("shares" if chart.unit == "shares" else chart.unit)
    y_title = " ".join(x for x in (unit, f"({words})" if words else "") if x) or "value"
    frame = pd.DataFrame({
        "Period": [p.label for p in chart.points],
        "Value": [float(p.value / divisor) for p in chart.points],
        "Series": [p.series for p in chart.points],
        "Reported": [f"[{p.marker}] {amount(p.value, chart.unit)} (printed {p.printed})" for p in chart.points],
    })
    periods = tuple(dict.fromkeys(p.label for p in chart.points))
    series = tuple(dict.fromkeys(p.series for p in sorted(chart.points, key=lambda p: p.marker)))  # evidence order
    if len(series) == 1:
        return PlotSpec("bar", frame, "Period", None, periods, y_title, chart.title)
    if len(periods) == 1:
        return PlotSpec("bar", frame, "Series", None, series, y_title, f"{chart.title} — {periods[0]}")
    return PlotSpec("line", frame, "Period", "Series", periods, y_title, chart.title)


def export_chart(chart: Chart, folder) -> tuple[str, str]:
    """The chart as a PNG and its data as a CSV (exact base values, one row per plotted cell)."""
    import csv
    from pathlib import Path

    import matplotlib

    matplotlib.use("Agg")  # no display on a server
    import matplotlib.pyplot as plt

    spec = chart_frame(chart)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9]+", "-", chart.title).strip("-")[:60] or "chart"
    csv_path, png_path = folder / f"{stem}.csv", folder / f"{stem}.png"
    with open(csv_path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Company", "Line item", "Series", "Period", "Period end", "Value", "Unit", "Printed", "Evidence"])
        for p in chart.points:
            w.writerow([p.company, p.line_item, p.series, p.label, p.when.isoformat(), str(p.value), chart.unit or "",
                        p.printed, p.marker])
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=120)
    frame = spec.frame
    if spec.kind == "bar":
        order = list(spec.x_order)
        values = [float(frame[frame[spec.x] == x]["Value"].iloc[0]) for x in order]
        ax.bar(order, values, color="#1d4ed8")
    else:
        for name in dict.fromkeys(frame["Series"]):
            part = frame[frame["Series"] == name]
            ax.plot([spec.x_order.index(x) for x in part["Period"]], list(part["Value"]), marker="o", label=name)
        ax.set_xticks(range(len(spec.x_order)), list(spec.x_order))
        ax.legend()
    ax.set_title(spec.title)
    ax.set_ylabel(spec.y_title)
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 10 else f"{v:,.2f}"))
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    fig.savefig(png_path)
    plt.close(fig)
    return str(png_path), str(csv_path)
