"""What the caption, headings and page around an untagged table say about all of its cells: its title,
its columns (index.parsers.colheaders), the scale and currency of its amounts (index.parsers.tablescale)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .colheaders import Column, periodish, read_columns
from .tablegrid import Cell
from .tablescale import (Scale, TableContext, currency_in, elements_above, for_shares_only, scale_in, shares_statement,
                         stated_scale, unit_marker)

_STATEMENT = re.compile(r"statements?\s+of|balance\s+sheets?|financial\s+position|cash\s+flows|income|operations|"
                        r"results|financial\s+data|highlights|segment", re.I)
_NOISE = re.compile(r"^\(?(?:unaudited|audited|continued)\)?$|^-?\s*\d{1,3}\s*-?$|^table of contents$", re.I)
_MONEY_HINT = re.compile(r"dollars?|amounts\s+in|in\s+(?:thousands|millions|billions)|\$|€|£|\bUSD|\bEUR|\bGBP|\bCAD|"
                         r"\bRMB|['’]000|\b(?:US|C|A|HK|NT)\$", re.I)
_DOC_CURRENCY = re.compile(
    r"(?:expressed|presented|stated|reported|denominated)\s+in\s+(canadian\s+dollars|u\.?s\.?\s+dollars|"
    r"united\s+states\s+dollars|australian\s+dollars|euros?)", re.I)


def document_currency(text: str) -> str:
    """The currency a filing says its amounts are in ('all dollar amounts are expressed in Canadian dollars')."""
    m = _DOC_CURRENCY.search(text[:400000])
    if not m:
        return ""
    return currency_in(m.group(1))



def _preceding_lines(table: etree._Element, limit: int = 6) -> list[str]:
    """The text just above a table (its caption: company, statement title, scale), nearest last."""
    from .html import text_lines

    lines: list[str] = []
    for sib in elements_above(table, max_steps=200):
        if len(lines) >= limit:
            break
        got = [ln for ln in text_lines(sib) if not _NOISE.match(ln)]
        # a caption is a few short lines right above the table; a paragraph of prose ends it (its
        # "three months ended" is about something else)
        for ln in reversed(got):
            if len(ln) > 150 or len(lines) >= limit:
                return lines
            lines.insert(0, ln)
    return lines


def _introduction(caption: list[str]) -> str:
    """The sentence right above a table that introduces it ('The following table presents total external revenues
    by geographic location, based on …:'), past a unit line under it: it names the table, when no statement title is
    printed over it."""
    lines = [ln for ln in caption if not (scale_in(ln) and not ln.rstrip().endswith(":"))]
    if not lines or any(_STATEMENT_TITLE.search(ln) and len(ln) < 120 for ln in lines):
        return ""
    last = lines[-1].strip()
    return last if last.endswith(":") and 120 <= len(last) <= 150 else ""


def _title(caption: list[str], header_text: str) -> str:
    intro = _introduction(caption)
    if intro:
        return intro
    for line in reversed(caption):
        if _STATEMENT.search(line) and len(line) < 120 and not scale_in(line):
            return line
    for line in reversed(caption):
        if not scale_in(line) and len(line) < 120 and not re.match(r"^\(", line):
            return line
    return header_text[:120]


_STATEMENT_TITLE = re.compile(r"statements?\s+of|balance\s+sheets?|financial\s+position|cash\s+flows", re.I)


def _stub_heads(header: list[list[Cell]]) -> list[str]:
    """What the header rows print over the row labels ('30 June 2019 | Current | 0 to 30 days past due')."""
    return [row[0].text for row in header if row and row[0].start == 0 and len(row) > 1]


def _stub_title(header: list[list[Cell]], title: str) -> str:
    """A heading printed over the row labels ('OPERATING REVENUES | Q4 2019 | Q4 2018', 'Days past due | 1–90 | …')
    names what the rows are: it titles the table unless the caption names a statement."""
    words = [row[0].text for row in header if row and row[0].start == 0 and len(row) > 1]
    words = [w for w in words if re.search(r"[A-Za-z]{3}", w) and len(w) <= 60 and not periodish(w)
             and scale_in(w) is None and unit_marker(w) is None]
    if not words or (_STATEMENT_TITLE.search(title) and len(title) < 120):
        return title
    return words[-1]


@dataclass
class _Setup:
    """What the headings, caption and page say about every cell of one block of columns."""

    columns: list[Column]
    title: str
    scale: Scale | None
    scale_from: str
    currency: str
    money: bool
    shares_scale: Scale | None = None  # a statement for share counts only, when the amounts have their own


def _setup(header: list[list[Cell]], inside: list[str], caption: list[str], page: TableContext | None,
           doc_currency: str, rows: list[list[Cell]], title: str = "") -> _Setup:
    cap_text = " ".join(ln for ln in caption if len(ln) <= 80 or ln.rstrip().endswith(":"))
    head_text = " ".join(c.text for row in header for c in row)
    stub = " ".join(row[0].text for row in header if row and row[0].start == 0 and len(row) > 1)
    own = " ".join([*inside, stub])
    title = title or _stub_title(header, _title(caption + inside, head_text))
    columns = read_columns(header, f"{cap_text} {own}".strip(), title)
    scale, scale_from = _nearest_scale(own, cap_text, page, amounts=False)
    shares_scale = None
    if scale is not None and for_shares_only(scale):  # '(shares in thousands, …)': amounts take the page's statement
        amounts, amounts_from = _nearest_scale(own, cap_text, page, amounts=True)
        if amounts is not None:
            shares_scale, scale, scale_from = scale, amounts, amounts_from
    elif scale is not None:  # the amounts' statement is nearer, or in the same caption: share counts may still have their own
        shares_scale = next((s for s in (shares_statement(own), shares_statement(cap_text),
                                         shares_statement(page.near) if page else None) if s is not None), None)
    if shares_scale is not None and scale is not None and shares_scale.power == scale.power:
        shares_scale = None  # one scale for both: nothing to tell apart
    said = f"{cap_text} {own} {head_text} {scale.words if scale else ''}"
    money = bool(_MONEY_HINT.search(said)) or any(c.currency for c in columns) or any(
        sym in c.text for row in rows for c in row for sym in ("$", "€", "£"))
    currency = currency_in(said) or (scale.currency if scale else "") or doc_currency or "USD"
    return _Setup(columns, title, scale, scale_from, currency, money, shares_scale)


def _nearest_scale(own: str, cap_text: str, page: TableContext | None, amounts: bool) -> tuple[Scale | None, str]:
    """The nearest scale statement: the table's heading, its caption, the text above it, a page heading's."""
    for where, found in (("table heading", scale_in(own)), ("caption", scale_in(cap_text)),
                         ("text above the table", stated_scale(page.near, amounts) if page else None),
                         ("statement for the page's tables", page.far if page else None)):
        if found is not None and found.power and not (amounts and for_shares_only(found)):
            return found, where
    return None, ""

