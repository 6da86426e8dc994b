"""The layout of a flattened R page (a part of :mod:`index.parsers.rtext`): its cells, the header
(title, scale line, duration groups, dated columns with their units) and the body rows (a label
cell, then its value cells), before any value is placed in a column."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import ParseError
from .numbers import SYMBOL_CURRENCY, CellValue, parse_cell, parse_date, parse_scale_line, unit_from_header_line

_GROUP_RE = re.compile(r"^\d+\s+(?:Months?|Weeks?)\s+Ended$", re.IGNORECASE)


@dataclass(frozen=True)
class RColumn:
    index: int
    date: date
    units: tuple[str, ...]  # 'CNY', 'USD/shares', 'shares', ...
    symbols: frozenset[str]  # currency symbols this column prints
    header_lines: tuple[str, ...]  # as printed: ('Dec. 31, 2023', 'CNY (¥)', '$ / shares')

    @property
    def header(self) -> str:
        return " ".join(self.header_lines)

    @property
    def display_symbol(self) -> str:
        syms = [u[1] for u in (unit_from_header_line(line) for line in self.header_lines[1:]) if u and u[1]]
        return syms[-1] if syms else ""


@dataclass
class RRow:
    label: str  # as printed, unit suffix removed
    printed: str  # the label cell exactly as printed
    unit_suffix: str  # '¥', '$ / shares', 'shares' or ''
    members: tuple[str, ...]
    index: int
    values: list[CellValue] = field(default_factory=list)


@dataclass(frozen=True)
class RHeader:
    """What the cells before the body say: the report's title, its scale line ('¥ in Thousands' ->
    {'¥': 3}), the dated columns, and where the body starts."""

    title: str
    scales: dict[str, int]
    columns: list[RColumn]
    body_start: int

    def symbol_currency(self) -> dict[str, str]:
        """Symbol -> currency as the column headers define it ('CNY (¥)' makes ¥ mean CNY here)."""
        out = dict(SYMBOL_CURRENCY)
        for col in self.columns:
            for line in col.header_lines:
                u = unit_from_header_line(line)
                if u and u[1] and len(u[0]) == 3 and u[0].isupper():
                    out[u[1]] = u[0]
        return out

    def unit_tokens(self) -> set[str]:
        """The unit suffixes a row label may end with ('Price | $ / shares')."""
        tokens = {"$", "$ / shares", "shares", "pure"} | {s for c in self.columns for s in c.symbols}
        return tokens | {u for c in self.columns for u in c.units}


def looks_like_rtext(text: str) -> bool:
    """Cheap content check: pipe-prefixed cells, a dated column header and a body row."""
    head = text[:20000]
    pipes = sum(1 for line in head.splitlines() if line.startswith("|"))
    return pipes >= 4 and bool(re.search(r"^\|.*\[(Line Items|Member|Abstract|Axis|Table)\]", head, re.M)) and bool(
        re.search(r"^(?:\|)?\s*[A-Z][a-z]{2}\.? \d{1,2}, \d{4}\s*$", head, re.M)
    )


def cells(text: str) -> list[list[str]]:
    """Split into cells: a cell starts at a line beginning with '|' and runs to the next such line."""
    out: list[list[str]] = []
    for line in text.splitlines():
        line = line.replace("\xa0", " ").rstrip()
        if line.startswith("|"):
            out.append([line[1:].strip()] if line[1:].strip() else [])
        elif out:
            if line.strip():
                out[-1].append(line.strip())
        elif line.strip():
            out.append([line.strip()])
    return out


def read_header(page: list[list[str]], source: str) -> RHeader:
    """Title (+ scale), duration groups, then one cell per dated column: a date and its unit lines."""
    title_lines = page[0]
    if not title_lines:
        raise ParseError("no report title found in the first cell.", source=source)
    scales: dict[str, int] = {}
    for line in title_lines[1:]:
        parsed = parse_scale_line(line)
        if parsed:
            scales.update(parsed)
    title = re.sub(r"\s+-\s+(?:[A-Z]{3} \(.+\)|shares|pure)$", "", title_lines[0])
    columns: list[RColumn] = []
    pos = 1
    while pos < len(page):
        cell = page[pos]
        if len(cell) == 1 and _GROUP_RE.match(cell[0]):
            pos += 1
        elif cell and parse_date(cell[0]) and re.fullmatch(r"[A-Z][a-z]{2}\.? \d{1,2}, \d{4}", cell[0]):
            columns.append(_column(len(columns), cell))
            pos += 1
        else:
            break
    if not columns:
        raise ParseError("no dated column headers found; this does not look like an R-page table.", source=source)
    return RHeader(title, scales, columns, pos)


def _column(index: int, cell: list[str]) -> RColumn:
    units, symbols = [], set()
    for line in cell[1:]:
        u = unit_from_header_line(line)
        if u:
            units.append(u[0])
            if u[1]:
                symbols.add(u[1])
    return RColumn(index, parse_date(cell[0]), tuple(units), frozenset(symbols), tuple(cell))


def body_rows(page: list[list[str]], header: RHeader) -> list[RRow]:
    """Label cells followed by value cells, up to the definitions pop-ups ('X'); a member header
    (the cell before '[Line Items]') applies to the rows after it."""
    raw_rows: list[tuple[str, list[CellValue]]] = []
    for cell in page[header.body_start:]:
        line = " ".join(cell)
        if line == "X":
            break
        value = parse_cell(line)
        if value is not None and raw_rows:
            raw_rows[-1][1].append(value)
        else:
            raw_rows.append((line, []))
    tokens = header.unit_tokens()
    rows: list[RRow] = []
    members: tuple[str, ...] = ()
    for i, (printed, values) in enumerate(raw_rows):
        if "[Line Items]" in printed or printed.endswith("[Abstract]") or printed.endswith("[Table]"):
            continue
        nxt = raw_rows[i + 1][0] if i + 1 < len(raw_rows) else ""
        if not values and "[Line Items]" in nxt:
            members = tuple(_member_name(m) for m in printed.split(" | "))
            continue
        if not values:
            continue
        label, suffix = _split_unit_suffix(printed, tokens)
        rows.append(RRow(label, printed, suffix, members, i, list(values)))
    return rows


def _split_unit_suffix(printed: str, unit_tokens: set[str]) -> tuple[str, str]:
    parts = [p.strip() for p in printed.split(" | ")]
    if len(parts) > 1 and parts[-1] in unit_tokens:
        return " | ".join(parts[:-1]), parts[-1]
    return printed, ""


def _member_name(text: str) -> str:
    return re.sub(r"\s*\[Member\]$", "", text.strip())
