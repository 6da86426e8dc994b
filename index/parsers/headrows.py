"""Which rows of a table are its headings: a body row of amounts, a label row, a unit line, or column
headings; and where the heading block ends and the body begins."""

from __future__ import annotations

import re

from .periodwords import _MONTH_DAY, _years, periodish
from .tablegrid import Cell, is_nil, is_value, yearish
from .tablescale import scale_in, unit_marker

__all__ = ["row_kind", "split_header", "unit_line"]


def row_kind(cells: list[Cell]) -> str:
    """'body' (amounts), 'label' (one text cell in the stub, or one heading ending in a colon),
    'unit' (only unit words) or 'header' (column headings; years count as headings)."""
    if not cells:
        return "empty"
    stub = cells[0] if cells[0].start == 0 else None
    rest = cells[1:] if stub is not None else cells
    if any((is_value(c.text) and not yearish(c.text)) or is_nil(c.text) for c in rest):
        return "body"
    if not rest:
        return "label" if stub is not None and not is_value(stub.text) else "body"
    if all(unit_marker(c.text) is not None for c in rest):
        return "unit"
    if len(rest) == 1 and rest[0].text.rstrip().endswith(":") and not _years(rest[0].text) \
            and not _MONTH_DAY.search(rest[0].text):
        return "label"  # 'Consolidated Statements of Operations Data:' set in a value column
    return "header"


def split_header(rows: list[list[Cell]]) -> tuple[list[str], list[list[Cell]], int]:
    """(caption lines inside the table, header rows, index of the first body row)."""
    caption: list[str] = []
    header: list[list[Cell]] = []
    for i, cells in enumerate(rows):
        kind = row_kind(cells)
        if kind == "empty":
            continue
        if kind == "body":
            return caption, header, i
        if kind == "label":
            text = cells[0].text if cells[0].start == 0 else " ".join(c.text for c in cells)
            if header and unit_line(text):
                caption.append(text)  # '(In thousands)' printed in the stub under the column headings
                continue
            if header:
                return caption, header, i  # a section heading under the column headings
            caption.append(cells[0].text if cells[0].start == 0 else " ".join(c.text for c in cells))
            continue
        stub = cells[0].text if cells[0].start == 0 else ""
        if stub and header and kind != "unit" and any(periodish(c.text) for r in header for c in r) \
                and unit_marker(stub) is None and not periodish(stub) and not any(periodish(c.text) for c in cells[1:]) \
                and not _unit_codes(cells[1:]):
            return caption, header, i  # a line item whose cells are words ('Dividend yield | None | None')
        header.append(cells)
    return caption, header, len(rows)


_CODE = re.compile(r"[A-Za-z$€£¥’']{1,3}")


def _unit_codes(cells: list[Cell]) -> bool:
    """A row of unit codes under the headings, one a unit ('M | $M | M | $M': millions of shares, millions of
    dollars under each year): headings, not a line item whose cells are words."""
    return bool(cells) and any(unit_marker(c.text) is not None for c in cells) and all(
        unit_marker(c.text) is not None or _CODE.fullmatch(c.text.strip()) for c in cells)


def unit_line(text: str) -> bool:
    """A line that only states the unit of the amounts: '(In thousands)', '(in millions of Canadian dollars)',
    '$’000', '(Amounts in thousands, except per share data)'."""
    t = " ".join(text.split())
    if unit_marker(t) is not None:
        return True
    s = scale_in(t)
    return s is not None and len(t) <= 80 and (t.startswith("(") or t.lower().startswith(("in ", "amounts", "all ")))
