"""An HTML table as a grid: rows of non-empty cells, each with the grid columns it spans.

colspan and rowspan are honoured; a "$" cell is joined to the number after it and ")" / "%" cells
to the number before it (filings print "$ | 1,234 | )" in three cells). Cell text is read the way a
browser shows it: whitespace collapsed, the Unicode minus read as "-".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .numbers import parse_cell
from .xmlsafe import local

__all__ = ["Cell", "grid", "is_value", "is_nil", "yearish", "cell_text", "NIL"]

NIL = {"-", "—", "–", "nil", "n/a", "na", "—%", "-%", "–%", "--", "- -", "—-"}
_SYMBOLS = ("$", "€", "£", "US$", "C$", "CAD$", "CA$", "¥", "HK$", "A$", "RMB")
_CLOSERS = (")", "%", ")%", "%)")
_AMOUNT_SO_FAR = re.compile(r"[$€£¥]?\s*\(?\s*[$€£¥]?\s*-?\s*[\d,]*\.?\d+\)?")  # '(2,924,236' before ')', '45' before '%'


@dataclass
class Cell:
    start: int
    end: int  # exclusive
    text: str

    def overlap(self, other: "Cell") -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))

    @property
    def width(self) -> int:
        return self.end - self.start


def cell_text(td: etree._Element) -> str:
    text = " ".join("".join(td.itertext()).replace("\xa0", " ").split())
    return text.replace("\u2212", "-")  # the minus sign some filings print for negatives


def _number(text: str):
    v = parse_cell(text)
    return v.number if v is not None else None


def is_value(text: str) -> bool:
    """A number as a cell prints it ('1,234', '(5.2)', '$ 12', '3.5%')."""
    return _number(text) is not None


def is_nil(text: str) -> bool:
    """A dash, 'nil' or 'n/a' where a number would be (with or without a currency sign)."""
    t = text.strip().lower()
    for sym in _SYMBOLS:
        t = t.replace(sym.lower(), "")
    return " ".join(t.split()) in NIL


def yearish(text: str) -> bool:
    """A cell that is a year heading rather than an amount: '2019', '2019 (1)', '2019*', '2 0 1 8'."""
    t = re.sub(r"\s*\(\w{1,2}\)$|\s*\*+$", "", text.strip())
    if re.fullmatch(r"\d(?:\s\d){3}", t):  # letter-spaced digits of a PDF-made table
        t = t.replace(" ", "")
    return bool(re.fullmatch(r"(?:19|20)\d{2}", t))


def grid(table: etree._Element) -> list[list[Cell]]:
    """Rows of cells with the grid columns they span; empty cells dropped."""
    rows: list[list[Cell]] = []
    taken: dict[tuple[int, int], bool] = {}
    trs = [tr for tr in table.iter() if isinstance(tr.tag, str) and local(tr.tag).lower() == "tr"]
    for r, tr in enumerate(trs):
        col = 0
        cells: list[Cell] = []
        for td in tr:
            if not isinstance(td.tag, str) or local(td.tag).lower() not in ("td", "th"):
                continue
            while taken.get((r, col)):
                col += 1
            try:
                span = max(1, min(int(td.get("colspan") or 1), 100))
                down = max(1, min(int(td.get("rowspan") or 1), 50))
            except ValueError:
                span, down = 1, 1
            for dr in range(1, down):
                for c in range(col, col + span):
                    taken[(r + dr, c)] = True
            cells.append(Cell(col, col + span, cell_text(td)))
            col += span
        rows.append(_joined(cells))
    return rows


def _joined(cells: list[Cell]) -> list[Cell]:
    merged: list[Cell] = []
    pending: Cell | None = None
    for c in cells:
        if not c.text:
            continue
        if c.text in _SYMBOLS and pending is None:
            pending = c
            continue
        if c.text in _CLOSERS and merged and pending is None and _AMOUNT_SO_FAR.fullmatch(merged[-1].text):
            merged[-1].text += c.text
            merged[-1].end = c.end
            continue
        if pending is not None:
            if re.match(r"\(?\s*-?\s*[\d.]", c.text) or c.text in NIL:  # "$ | 1,234", "$ | (5)", "$ | —"
                c = Cell(pending.start, c.end, f"{pending.text}{c.text}")
            else:
                merged.append(pending)  # a currency heading ("$ | $" over two columns)
            pending = None
        merged.append(c)
    if pending is not None:
        merged.append(pending)
    return merged
