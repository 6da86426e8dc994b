"""Comparisons, series and breakdowns as a cited table: rows × periods, every cell linked to its citation.

Built only from what the answer cites (``answer.citations``, numbered [1]…) plus the cells the chart
adds for a series question (numbered after them), so it works for whatever the answering core
returns: a change between two years becomes one row and two period columns with the change beside
them; a comparison of two companies one row per company (a quarter against a year shows as two
different columns, so the mismatch is visible); "by segment" one row per member. Cells whose period
the filing leaves open are not placed (no column would be true for them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from qa import Answer, Citation

from .formatting import company_name, esc, measure_text, period_text, short_date

__all__ = ["TableCell", "Column", "CitedTable", "cited_table", "table_html", "scaled", "shown_value", "result_text", "line_item",
           "column_labels", "period_span"]

_RESULT_HEAD = {"change": "Change", "difference": "Difference", "growth": "Growth"}


@dataclass(frozen=True)
class TableCell:
    marker: int  # the citation number in the evidence panel
    value: Decimal  # base units
    citation: Citation


@dataclass(frozen=True)
class Column:
    label: str  # '2022', 'Mar 29, 2025', '3 months to Mar 29, 2025'
    period: str  # the citation's period ('2022-01-01..2022-12-31')
    end: date
    start: date | None


@dataclass(frozen=True)
class CitedTable:
    title: str  # what the cells are ('Total net sales'), with the company when there is one row
    unit: str | None
    row_head: str  # 'Company' | 'Line item' | 'Member' | 'Company · line item' …
    rows: tuple[str, ...]
    columns: tuple[Column, ...]
    cells: tuple[tuple[TableCell | None, ...], ...]  # rows × columns
    result_head: str = ""  # 'Change' / 'Growth' when the answer computed one across the columns
    results: tuple[Decimal | None, ...] = ()  # per row, base units (a growth is a fraction)
    result_unit: str | None = None  # 'pure' for a growth, else the cells' unit

    def filled(self) -> list[tuple[int, int, TableCell]]:
        return [(i, j, c) for i, row in enumerate(self.cells) for j, c in enumerate(row) if c is not None]


def _number(c: Citation) -> Decimal | None:
    if c.kind != "fact" or c.value in (None, ""):
        return None
    try:
        return Decimal(str(c.value))
    except (InvalidOperation, ValueError):
        return None


def period_span(period: str) -> tuple[date | None, date | None]:
    parts = [p.strip() for p in (period or "").split("|") if p.strip()]
    if len(parts) != 1:
        return None, None  # the column is open: no single date is true for it
    try:
        if ".." in parts[0]:
            a, b = parts[0].split("..", 1)
            return date.fromisoformat(a), date.fromisoformat(b)
        return None, date.fromisoformat(parts[0])
    except ValueError:
        return None, None


def _months(start: date | None, end: date) -> int:
    return 0 if start is None else round((end - start).days / 30.44)


def column_labels(columns: list[tuple[str, date | None, date]]) -> list[str]:
    """Short headers: the year alone when every column is a full year (or a balance) on the same day of
    distinct years; the full period is the header's tooltip."""
    years = [end.year for _, _, end in columns]
    same_kind = all(_months(s, e) == 12 for _, s, e in columns) or all(s is None for _, s, _ in columns)
    if same_kind and len({(e.month, e.day) for _, _, e in columns}) == 1 and len(set(years)) == len(years):
        return [str(y) for y in years]
    out = []
    for _, start, end in columns:
        n = _months(start, end)
        out.append(short_date(end) if start is None else f"{n} months to {short_date(end)}" if n else period_text(f"{start}..{end}"))
    return out


def line_item(c: Citation) -> str:
    return c.row.split(" › ")[-1] if c.row else c.title


def _company(c: Citation, names: dict[str, str]) -> str:
    entity = c.entity or names.get(c.source, "")
    return company_name(entity) if entity else c.source


def cited_table(answer: Answer, extra: tuple[Citation, ...] = (), *, series: bool = False,
                entities: dict[str, str] | None = None) -> CitedTable | None:
    """The answer's cells as rows × periods, or None when they are one number (or not a grid).

    ``extra``: cells a series question adds (numbered after the answer's citations); ``series``:
    the question asks for a series, so even one cell is worth a table; ``entities``: company by
    file name, for citations that do not name their company."""
    if answer.abstained:
        return None
    names = entities or {}
    numbered = [(n, c) for n, c in enumerate(answer.citations + tuple(extra), 1) if _number(c) is not None]
    placed = [(n, c, *period_span(c.period)) for n, c in numbered]
    placed = [(n, c, s, e) for n, c, s, e in placed if e is not None]
    if not placed:
        return None
    unit = placed[0][1].unit  # the answer's own first cell sets the unit; other units are other tables
    placed = [p for p in placed if p[1].unit == unit]
    companies = {_company(c, names) for _, c, _, _ in placed}
    items = {line_item(c) for _, c, _, _ in placed}
    members = {c.members for _, c, _, _ in placed}
    periods = {c.period for _, c, _, _ in placed}
    # a grid only where the cells differ by period, company or member; different line items at one
    # period (a ratio's numerator and denominator) stay the computation table
    grid = len(periods) > 1 or len(companies) > 1 or (len(members) > 1 and len(items) == 1)
    if len(periods) == 1 and len(companies) == 1 and len({_number(c) for _, c, _, _ in placed}) == 1:
        grid = False  # one figure cited where the filing prints it twice (a statement and the equity roll), not a breakdown
    if not grid and not (series and placed):
        return None

    def row_of(c: Citation) -> str:
        parts = []
        if len(companies) > 1:
            parts.append(_company(c, names))
        if len(items) > 1:
            parts.append(line_item(c))
        if len(members) > 1:
            parts.append(", ".join(c.members) or "Total")
        return " · ".join(parts) or _company(c, names)

    heads = (["Company"] if len(companies) > 1 else []) + (["Line item"] if len(items) > 1 else []) + (
        ["Member"] if len(members) > 1 else [])
    rows = list(dict.fromkeys(row_of(c) for _, c, _, _ in sorted(placed, key=lambda p: p[0])))
    cols = sorted({(c.period, s, e) for _, c, s, e in placed}, key=lambda x: (x[2], x[1] or x[2]))
    labels = column_labels(cols)
    columns = [Column(label, p, e, s) for label, (p, s, e) in zip(labels, cols)]
    col_at = {c.period: j for j, c in enumerate(columns)}
    grid_cells: list[list[TableCell | None]] = [[None] * len(columns) for _ in rows]
    for n, c, _, _ in sorted(placed, key=lambda p: p[0]):  # two cells for one slot: the answer's own wins
        i, j = rows.index(row_of(c)), col_at[c.period]
        if grid_cells[i][j] is None:
            grid_cells[i][j] = TableCell(n, _number(c), c)
    first = placed[0][1]
    title = line_item(first) if len(items) == 1 else ""
    if title and len(members) == 1 and first.members:
        title += f" ({', '.join(first.members)})"
    if len(companies) == 1 and len(rows) > 1:
        title = f"{_company(first, names)} — {title}" if title else _company(first, names)
    result_head, results, result_unit = "", (), None
    comp = answer.computation
    if comp is not None and comp.operation in _RESULT_HEAD and len(rows) == 1 and len(columns) == 2:
        result_head, results, result_unit = _RESULT_HEAD[comp.operation], (comp.result,), answer.unit
    return CitedTable(title=title, unit=unit, row_head=" · ".join(heads) or "Company", rows=tuple(rows),
                      columns=tuple(columns), cells=tuple(tuple(r) for r in grid_cells), result_head=result_head,
                      results=results, result_unit=result_unit)


_SCALES = ((9, "billions"), (6, "millions"), (3, "thousands"))


def scaled(table: CitedTable) -> tuple[int, str]:
    """The power of ten the table is shown in, and its words: the largest of millions or thousands in
    which every cell is still exact (as a filing prints them), else millions for large amounts; none
    for per-share amounts and fractions."""
    unit = table.unit or ""
    if unit == "pure" or unit.endswith("/shares") or not table.filled():
        return 0, ""
    values = [abs(c.value) for _, _, c in table.filled()]
    top = max(values)
    for p, words in _SCALES[1:]:  # millions, thousands: the scales filings print in
        if top >= Decimal(10) ** (p + 2) and all(v % (Decimal(10) ** p) == 0 for v in values):
            return p, words
    return (6, "millions") if top >= Decimal(10) ** 8 else (0, "")


def shown_value(value: Decimal, unit: str | None, power: int) -> str:
    if unit == "pure":
        return measure_text(value, unit)
    v = value.scaleb(-power) if power else value
    exact = v == v.to_integral_value()
    text = f"{abs(v):,.0f}" if exact else f"{abs(v):,.2f}" if abs(v) < 100 else f"{abs(v):,.1f}"
    return f"({text})" if v < 0 else text


def result_text(table: CitedTable, i: int) -> str:
    """A row's computed change in the table's own scale ('+44,161'), or its growth as a percentage."""
    value = table.results[i] if i < len(table.results) else None
    if value is None:
        return ""
    if table.result_unit == "pure" or table.result_unit != table.unit:
        return measure_text(value, table.result_unit, signed=True)
    text = shown_value(value, table.unit, scaled(table)[0])
    return f"+{text}" if value > 0 else text


def table_html(table: CitedTable, anchor_prefix: str = "fq-ev-") -> str:
    """The table as HTML for a chat message: every number links to its evidence card."""
    power, words = scaled(table)
    unit = "" if table.unit in (None, "pure") else table.unit
    scale_note = " ".join(x for x in (unit, f"in {words}" if words else "") if x)
    head = "".join(f'<th scope="col" class="fq-num" title="{esc(period_text(c.period))}">{esc(c.label)}</th>'
                   for c in table.columns)
    if table.result_head:
        head += f'<th scope="col" class="fq-num">{esc(table.result_head)}</th>'
    body = []
    for i, label in enumerate(table.rows):
        tds = []
        for cell in table.cells[i]:
            if cell is None:
                tds.append('<td class="fq-num fq-muted" title="Not reported for this period">—</td>')
                continue
            c = cell.citation
            tip = f"[{cell.marker}] {measure_text(cell.value, c.unit)} · printed {c.raw} · {period_text(c.period)}"
            tds.append(f'<td class="fq-num"><a class="fq-cell-ref" href="#{anchor_prefix}{cell.marker}" data-marker="{cell.marker}" '
                       f'title="{esc(tip)}">{esc(shown_value(cell.value, c.unit, power))}</a>'
                       f'<a class="fq-ref" href="#{anchor_prefix}{cell.marker}">{cell.marker}</a></td>')
        if table.result_head:
            tds.append(f'<td class="fq-num fq-ctable-result">{esc(result_text(table, i))}</td>')
        body.append(f'<tr><th scope="row">{esc(label)}</th>{"".join(tds)}</tr>')
    caption = esc(table.title) + (f' <span class="fq-muted">· {esc(scale_note)}</span>' if scale_note else "")
    return (f'<div class="fq-ctable-wrap"><table class="fq-ctable"><caption>{caption}</caption><thead><tr>'
            f'<th scope="col">{esc(table.row_head)}</th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>')
