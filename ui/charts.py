"""Charts where a reader would rather look than read: a metric over several periods or companies.

A chart is drawn only from cited facts. Two cases:

* the answer itself cites several numbers in one unit (a sum, a change, a comparison): they are
  plotted as they are;
* the question asks for a series ("by year", "over time", "from 2021 to 2023", "A vs B"): the line
  item of the answer's cell is followed across every period the index reports it for, and each
  of those facts is added to the evidence as a citation of its own.

Cells whose period the source leaves open are never plotted (a chart would place them on a date
the filing does not state).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from index.facts import Fact
from qa import Answer, Citation
from qa.present import fact_citation

from .formatting import amount

__all__ = ["ChartPoint", "Chart", "PlotSpec", "wants_series", "chart_for", "chart_frame", "export_chart"]

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
    series: str  # the company (or the line item, when one company)
    label: str  # x-axis label: '2022' or 'Dec 31, 2022'
    when: date
    value: Decimal  # base units
    marker: int  # citation number in the evidence panel
    printed: str  # the cell as printed


@dataclass(frozen=True)
class Chart:
    title: str
    unit: str | None
    points: tuple[ChartPoint, ...]


def wants_series(question: str) -> bool:
    return bool(_SERIES.search(question)) or len(set(re.findall(r"\b(?:19|20)\d\d\b", question))) >= 2


def _end(period: str) -> date | None:
    parts = [p for p in (period or "").split("|") if p.strip()]
    if len(parts) != 1:
        return None  # open column: not plotted
    try:
        return date.fromisoformat(parts[0].split("..")[-1].strip())
    except ValueError:
        return None


def _numeric(c: Citation) -> bool:
    if c.kind != "fact" or not c.value:
        return False
    try:
        Decimal(c.value)
    except ArithmeticError:
        return False
    return True


def _points(citations: list[tuple[int, Citation]], series_of) -> list[ChartPoint]:
    points = []
    for n, c in citations:
        when = _end(c.period)
        if when is None or not _numeric(c):
            continue
        points.append(ChartPoint(series_of(c), "", when, Decimal(c.value), n, c.raw))
    years = [p.when.year for p in points]
    by_year = len(set(years)) == len(years) and all((p.when.month, p.when.day) == (12, 31) for p in points)
    return sorted(
        (ChartPoint(p.series, str(p.when.year) if by_year else f"{p.when:%b} {p.when.day}, {p.when.year}", p.when,
                    p.value, p.marker, p.printed) for p in points),
        key=lambda p: (p.when, p.series),
    )


def _series_facts(reader, fact: Fact) -> list[Fact]:
    """The same line item (concept or label, same members, same unit) of the same company in every
    period reported: another company that uses the same concept is not what was asked about."""
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
    seen: dict[tuple, Fact] = {}
    for f in sorted(facts, key=lambda f: (f.source != fact.source, f.source)):  # the cited filing first
        seen.setdefault((f.entity, f.period.iso()), f)
    return list(seen.values())


def chart_for(question: str, answer: Answer, reader) -> tuple[Chart | None, tuple[Citation, ...]]:
    """The chart for an answer, and the citations it adds to the evidence (numbered after the answer's)."""
    if answer.abstained or not answer.citations:
        return None, ()
    cited = [(n, c) for n, c in enumerate(answer.citations, 1) if _numeric(c)]
    units = {c.unit for _, c in cited}
    series_asked = wants_series(question)
    extra: list[Citation] = []
    if series_asked and cited:
        primary = reader.facts_by_id([cited[0][1].fact_id])
        if primary:
            have = {c.fact_id for c in answer.citations}
            for f in _series_facts(reader, primary[0]):
                if f.fact_id not in have:
                    extra.append(fact_citation(f))
            cited = [(n, c) for n, c in cited if c.unit == primary[0].unit]
            units = {primary[0].unit}
    if len(units) != 1:
        return None, ()
    numbered = cited + [(len(answer.citations) + i, c) for i, c in enumerate(extra, 1)]
    entities = _entities(reader, [c for _, c in numbered])
    if len(set(entities.values())) > 1:
        series_of = lambda c: entities.get(c.source) or c.source  # noqa: E731
    else:
        labels = {(c.row.split(" › ")[-1] if c.row else c.title) for _, c in numbered}
        # one line item split by members: name each bar by its members
        series_of = (lambda c: ", ".join(c.members) or _line_item(c)) if len(labels) == 1 else _line_item  # noqa: E731
    points = _points(numbered, series_of)
    if len(points) < 2 or (not series_asked and answer.computation is None):
        return None, ()
    keys = [(p.series, p.when) for p in points]
    if len(set(keys)) != len(keys):  # two cells for one bar: keep the answer's own citation
        kept: dict[tuple, ChartPoint] = {}
        for p in sorted(points, key=lambda p: p.marker):
            kept.setdefault((p.series, p.when), p)
        points = sorted(kept.values(), key=lambda p: (p.when, p.series))
    used = {p.marker for p in points}
    extra_used = tuple(c for i, c in enumerate(extra, len(answer.citations) + 1) if i in used)
    # renumber the plotted extras so the evidence panel's numbers match the chart's
    renumber = {old: len(answer.citations) + k for k, old in enumerate(sorted(m for m in used if m > len(answer.citations)), 1)}
    points = [ChartPoint(p.series, p.label, p.when, p.value, renumber.get(p.marker, p.marker), p.printed) for p in points]
    first = answer.citations[cited[0][0] - 1] if cited else None
    title = (first.row.split(" › ")[-1] if first.row else first.title) if first else ""
    if first is not None and len({p.series for p in points}) == 1 and first.members:
        title = _line_item(first)
    return Chart(title=title, unit=next(iter(units)), points=tuple(points)), extra_used


def _line_item(c: Citation) -> str:
    label = c.row.split(" › ")[-1] if c.row else c.title
    return f"{label} ({', '.join(c.members)})" if c.members else label


def _entities(reader, citations: list[Citation]) -> dict[str, str]:
    by_source = {f.source: f.entity for f in reader.filings()}
    return {c.source: by_source.get(c.source, "") for c in citations}


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
        w.writerow(["Series", "Period", "Period end", "Value", "Unit", "Printed", "Evidence"])
        for p in chart.points:
            w.writerow([p.series, p.label, p.when.isoformat(), str(p.value), chart.unit or "", p.printed, p.marker])
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
