"""Untagged HTML tables -> facts: earnings-release exhibits (8-K/6-K) and plain-HTML 20-F statements.

No XBRL says what a cell is, so everything comes from the page, and each fact says so:

* the row label is the cell's line item ("SALES, Net of returns and allowances"); a short label
  under a heading that ends in a colon carries the heading ("EARNINGS PER SHARE: Diluted");
* the column header is the period: "Thirteen Weeks Ended / November 2, 2024" is the 13 weeks
  ending that day, "Year Ended November 30 / 2020" twelve months, a date under "As at" or in a
  balance sheet an instant. A header read only as a date (balance or period?) leaves the period
  empty with the date as a candidate; a header with no date makes no facts at all;
* the scale and currency come from the caption ("(Amounts in Thousands Except Per Share
  Amounts)", "(Expressed in Canadian dollars)") or, for currency, the document's own statement;
* "(1,234)" is negative, "3.2%" is 0.032.

Facts carry ``concept=""`` and a ``period_basis`` that starts with "untagged table cell", so they
are never mistaken for tagged XBRL facts. Each row is also a passage citing its cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from lxml import etree

from ..facts import Chunk, Fact, Period, stable_id
from .numbers import DATE_RE, apply_scale, parse_cell, parse_date
from .xmlsafe import local

__all__ = ["table_facts", "document_currency", "header_period", "UNTAGGED"]

UNTAGGED = "untagged table cell"
DEFINITION = "Untagged table cell read from the filing's HTML (no XBRL tag); period from the column header."

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                 "sixteen": 16, "twenty-six": 26, "twenty six": 26, "twenty-seven": 27, "thirty-nine": 39,
                 "thirty nine": 39, "forty": 40, "fifty-two": 52, "fifty two": 52, "fifty-three": 53, "fifty three": 53}
_COUNT = r"(\d{1,2}|" + "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True)) + r")"
_SPAN = re.compile(_COUNT + r"[\s-]+(weeks?|months?)\s+(?:period\s+)?ended", re.I)
_YEAR_ENDED = re.compile(r"\b(?:fiscal\s+)?years?\s+ended\b", re.I)
_QUARTER_ENDED = re.compile(r"\bquarters?\s+ended\b", re.I)
_AS_AT = re.compile(r"\b(?:as\s+(?:at|of)|balance\s+at)\b", re.I)
_BALANCE_TITLE = re.compile(r"balance\s+sheets?|financial\s+position|financial\s+condition", re.I)
_MONTH_DAY = re.compile(r"\b(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
                        r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(\d{1,2})\b(?![,.]\d)", re.I)
_YEAR = re.compile(r"(?<![\d,.])((?:19|20)\d{2})(?![\d,])")
_SCALE = re.compile(r"\bin\s+(thousands|millions|billions)\b|\((000)'?s\)|\$\s?000s?\b", re.I)
_EXCEPT = re.compile(r"\bexcept\b[^)]*", re.I)
_PER_SHARE = re.compile(r"\bper\s+(?:common\s+|ordinary\s+|diluted\s+|basic\s+)?(?:share|unit|ads)\b|\bEPS\b", re.I)
# a count of shares, not a share-capital amount ("Common stock, 50,773,796 shares at ...": dollars)
_SHARES = re.compile(r"weighted[\s-]+average.*\bshares\b|\bshares\s+outstanding\b|"
                     r"\bnumber\s+of\s+(?:common\s+)?shares\b|\bshares\W*$", re.I)
_COUNT_ROW = re.compile(r"\bnumber\s+of\b|\bstores\b|\bemployees\b|\blocations\b|\bheadcount\b|\bcustomers\b|"
                        r"\bdays\b|\bweeks\b|\bsquare\s+feet\b", re.I)
_STATEMENT = re.compile(r"statements?\s+of|balance\s+sheets?|financial\s+position|cash\s+flows|income|operations|"
                        r"results|financial\s+data|highlights|segment", re.I)
_NOISE = re.compile(r"^\(?(?:unaudited|audited|continued)\)?$|^-?\s*\d{1,3}\s*-?$|^table of contents$", re.I)
_CURRENCY_WORDS = [
    (re.compile(r"canadian\s+dollars?|\bCAD\b|\bC\$|\bCA\$|CAD\$", re.I), "CAD"),
    (re.compile(r"\beuros?\b|\bEUR\b|€", re.I), "EUR"),
    (re.compile(r"british\s+pounds?|pounds\s+sterling|\bGBP\b|£", re.I), "GBP"),
    (re.compile(r"australian\s+dollars?|\bAUD\b|\bA\$", re.I), "AUD"),
    (re.compile(r"\bRMB\b|renminbi|\bCNY\b", re.I), "CNY"),
    (re.compile(r"\bU\.?S\.?\s+dollars?|united\s+states\s+dollars?|\bUS\$|\bUSD\b", re.I), "USD"),
]
_MONEY_HINT = re.compile(r"dollars?|amounts\s+in|in\s+(?:thousands|millions|billions)|\$|€|£|\bUSD\b|\bEUR\b|\bCAD\b", re.I)
_DOC_CURRENCY = re.compile(
    r"(?:expressed|presented|stated|reported|denominated)\s+in\s+(canadian\s+dollars|u\.?s\.?\s+dollars|"
    r"united\s+states\s+dollars|australian\s+dollars|euros?)", re.I)
_NIL = {"-", "—", "–", "nil", "n/a", "na", "—%", "-%"}


@dataclass
class _Cell:
    start: int
    end: int  # exclusive
    text: str

    def overlap(self, other: "_Cell") -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))


def _cell_text(td: etree._Element) -> str:
    parts = []
    for t in td.itertext():
        parts.append(t)
    text = " ".join("".join(parts).replace("\xa0", " ").split())
    return text


def _grid(table: etree._Element) -> list[list[_Cell]]:
    """Rows of cells with the grid columns they span (colspan and rowspan honoured); empty cells
    dropped, a '$' cell joined to the number after it, ')' and '%' cells to the number before."""
    rows: list[list[_Cell]] = []
    taken: dict[tuple[int, int], bool] = {}
    trs = [tr for tr in table.iter() if isinstance(tr.tag, str) and local(tr.tag).lower() == "tr"]
    for r, tr in enumerate(trs):
        col = 0
        cells: list[_Cell] = []
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
            cells.append(_Cell(col, col + span, _cell_text(td)))
            col += span
        merged: list[_Cell] = []
        pending: _Cell | None = None
        for c in cells:
            if not c.text:
                continue
            if c.text in ("$", "€", "£", "US$", "C$", "CAD$", "CA$") and pending is None:
                pending = c
                continue
            if c.text in (")", "%", ")%", "%)") and merged:
                merged[-1].text += c.text
                merged[-1].end = c.end
                continue
            if pending is not None:
                c = _Cell(pending.start, c.end, f"{pending.text}{c.text}")
                pending = None
            merged.append(c)
        if pending is not None:
            merged.append(pending)
        rows.append(merged)
    return rows


def _is_value(text: str) -> bool:
    v = parse_cell(text)
    return v is not None and v.number is not None


def _is_nil(text: str) -> bool:
    return text.strip().lower().replace("$", "").strip() in _NIL


def _yearish(text: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d{2}", text.strip()))


def _header_like(cells: list[_Cell]) -> bool:
    """Column headings: no amounts (years are headings), and some date, year or period words."""
    body = cells[1:] if cells and cells[0].start == 0 and len(cells) > 1 else cells
    if not body or any(_is_value(c.text) and not _yearish(c.text) for c in body):
        return False
    joined = _spaced(" ".join(c.text for c in cells))
    return bool(DATE_RE.search(joined) or _YEAR.search(joined) or _SPAN.search(joined) or _YEAR_ENDED.search(joined)
                or _QUARTER_ENDED.search(joined) or _AS_AT.search(joined))


def _spaced(text: str) -> str:
    """Words run together by the page's markup split apart: 'Year EndedNovember 30'."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)


def _months_back(end: date, months: int) -> date:
    """The first day of a period of ``months`` months ending on ``end``."""
    last_of_month = (end + timedelta(days=1)).day == 1
    y, m = end.year, end.month - months
    while m <= 0:
        m += 12
        y -= 1
    if last_of_month:  # Jan 1 .. Mar 31: the day after the previous month's end
        nm_y, nm_m = (y, m + 1) if m < 12 else (y + 1, 1)
        return date(nm_y, nm_m, 1)
    day = min(end.day, [31, 29 if y % 4 == 0 and (y % 100 or y % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1])
    return date(y, m, day) + timedelta(days=1)


def _column_date(col: str, ctx: str) -> tuple[date | None, str]:
    """The date a column header names, and how it was read."""
    dates = [d for d in (parse_date(m.group(0)) for m in DATE_RE.finditer(col)) if d]
    if len(dates) == 1:
        return dates[0], "date in the column header"
    if len(dates) > 1:
        return None, "several dates in one column header"
    years = sorted(set(_YEAR.findall(col)))
    if len(years) != 1:
        return None, "no date in the column header"
    md = _MONTH_DAY.search(col) or _MONTH_DAY.search(ctx)
    if not md:
        return None, f"the column header gives the year {years[0]} but no month and day"
    d = parse_date(f"{md.group(1)} {md.group(2)}, {years[0]}")
    return d, "year from the column header, month and day from the heading above it"


def header_period(col: str, ctx: str, title: str = "") -> tuple[Period | None, tuple[Period, ...], str]:
    """(period, candidate periods, basis) for a column header ``col`` under headings/caption ``ctx``.

    Words in the column header win over words in the headings around the table."""
    col, ctx = _spaced(col), _spaced(ctx)
    end, how = _column_date(col, ctx)
    if end is None:
        return None, (), how
    two = [d for d in (parse_date(m.group(0)) for m in DATE_RE.finditer(col)) if d]
    if len(two) == 2 and two[0] < two[1]:  # "January 1, 2024 to March 31, 2024"
        return Period(start=two[0], end=two[1], kind="duration"), (), "both dates in the column header"
    for where, text in (("column header", col), ("table heading", ctx)):
        span = _SPAN.search(text)
        if span:
            n_text, unit = span.group(1).lower(), span.group(2).lower()
            n = int(n_text) if n_text.isdigit() else _NUMBER_WORDS[n_text]
            if unit.startswith("week"):
                start = end - timedelta(days=7 * n) + timedelta(days=1)
                return (Period(start=start, end=end, kind="duration", label=f"{n} Weeks Ended"), (),
                        f"{how}; {n} weeks ended, from the {where}")
            return (Period(start=_months_back(end, n), end=end, kind="duration", label=f"{n} Months Ended"), (),
                    f"{how}; {n} months ended, from the {where} (start counted back from the end)")
        if _YEAR_ENDED.search(text):
            return (Period(start=_months_back(end, 12), end=end, kind="duration", label="12 Months Ended"), (),
                    f"{how}; year ended, from the {where} (start counted back twelve months)")
        if _QUARTER_ENDED.search(text):
            return (Period(start=_months_back(end, 3), end=end, kind="duration", label="3 Months Ended"), (),
                    f"{how}; quarter ended, from the {where} (start counted back three months)")
        if _AS_AT.search(text):
            return Period(end=end, kind="instant"), (), f"{how}; a balance ('as at/of'), from the {where}"
    if _BALANCE_TITLE.search(title):
        return Period(end=end, kind="instant"), (), f"{how}; a balance (the table is a balance sheet)"
    return None, (Period(end=end, kind="date"),), f"{how}; the headers do not say whether it is a balance or a period"


def document_currency(text: str) -> str:
    """The currency a filing says its amounts are in ('all dollar amounts are expressed in Canadian dollars')."""
    m = _DOC_CURRENCY.search(text[:400000])
    if not m:
        return ""
    for pat, code in _CURRENCY_WORDS:
        if pat.search(m.group(1)):
            return code
    return ""


def _currency(text: str) -> str:
    for pat, code in _CURRENCY_WORDS:
        if pat.search(text):
            return code
    return ""


def _preceding_lines(table: etree._Element, limit: int = 6) -> list[str]:
    """The text just above a table (its caption: company, statement title, scale), nearest last."""
    from .html import text_lines

    lines: list[str] = []
    node = table
    steps = 0
    while len(lines) < limit and steps < 200:
        steps += 1
        sib = node.getprevious()
        if sib is None:
            node = node.getparent()
            if node is None or local(node.tag).lower() in ("body", "html"):
                break
            continue
        node = sib
        if not isinstance(sib.tag, str):
            continue
        if local(sib.tag).lower() == "table" or sib.xpath("boolean(.//*[local-name()='table'])"):
            break  # (XHTML inline XBRL names its tables in a namespace)
        got = [ln for ln in text_lines(sib) if not _NOISE.match(ln)]
        # a caption is a few short lines right above the table; a paragraph of prose ends it (its
        # "three months ended" is about something else)
        for ln in reversed(got):
            if len(ln) > 150 or len(lines) >= limit:
                return lines
            lines.insert(0, ln)
    return lines


def _title(caption: list[str], header_text: str) -> str:
    for line in reversed(caption):
        if _STATEMENT.search(line) and len(line) < 120 and not _SCALE.search(line):
            return line
    for line in reversed(caption):
        if not _SCALE.search(line) and len(line) < 120 and not re.match(r"^\(", line):
            return line
    return header_text[:120]


def _scale(text: str) -> tuple[int, str, str]:
    """(power of ten, caption words, what is excepted) from a caption: '(in thousands, except per share)'."""
    m = _SCALE.search(text)
    if not m:
        return 0, "", ""
    word = (m.group(1) or "thousands").lower()
    exc = _EXCEPT.search(text[m.start():m.start() + 200])
    return {"thousands": 3, "millions": 6, "billions": 9}[word], m.group(0), exc.group(0) if exc else ""


@dataclass
class _Column:
    cell: _Cell
    label: str
    period: Period | None
    candidates: tuple[Period, ...]
    basis: str


def _columns(block: list[list[_Cell]], ctx: str, title: str) -> list[_Column]:
    leaves = [c for c in block[-1] if not (c.start == 0 and len(block[-1]) > 1 and not _column_words(c.text))]
    cols = []
    for leaf in leaves:
        above = [c.text for row in block[:-1] for c in row if c.overlap(leaf) and c is not leaf
                 and not (c.start == 0 and c.end <= leaf.start)]
        label = _spaced(" ".join([*above, leaf.text]).strip())
        if re.fullmatch(r"notes?", leaf.text.strip(), re.I):
            continue
        period, cands, basis = header_period(label, ctx, title)
        cols.append(_Column(leaf, label, period, cands, basis))
    return cols


def _column_words(text: str) -> bool:
    return bool(DATE_RE.search(text) or _YEAR.search(text) or _SPAN.search(text))


def _row_unit(label: str, section: str, raw: str, money: bool, currency: str, percent: bool) -> str | None:
    if percent:
        return "pure"
    if _PER_SHARE.search(label):
        return f"{currency}/shares" if money or "$" in raw else None
    if _SHARES.search(label) and "$" not in raw and "$" not in label:
        return "shares"
    if _PER_SHARE.search(section):  # "EARNINGS PER SHARE:" over "Basic", "Diluted"
        return f"{currency}/shares" if money or "$" in raw else None
    if _COUNT_ROW.search(label):
        return None  # a count of something: no unit the page states
    return currency if money or "$" in raw else None


def table_facts(root: etree._Element, *, filing_id: str, source: str, entity: str = "", cik: str = "",
                ticker: str = "", form: str = "", report_date: date | None = None, doc_currency: str = "",
                start_position: int = 0, tables=None) -> tuple[list[Fact], list[Chunk], list[str]]:
    """Facts and row passages of every table of ``root`` whose columns are periods. ``tables``, when given,
    replaces ``root.iter("table")`` with (index, table) pairs in the same order (index.parsers.htmlstream
    reads a large document's tables one at a time)."""
    facts: list[Fact] = []
    chunks: list[Chunk] = []
    notes: list[str] = []
    position = start_position
    row_counter = 0
    for t_index, table in enumerate(root.iter("table")) if tables is None else tables:
        if table.find(".//table") is not None:
            continue  # a layout table around other tables: its inner tables are read on their own
        rows = _grid(table)
        if sum(1 for r in rows if any(_is_value(c.text) for c in r)) < 2:
            continue
        caption = _preceding_lines(table)
        # period words count from headings and from a sentence that introduces the table ("...
        # consist of the following:"), not from prose that happens to sit above it
        cap_text = " ".join(ln for ln in caption if len(ln) <= 80 or ln.rstrip().endswith(":"))
        block: list[list[_Cell]] = []
        columns: list[_Column] = []
        section = ""
        in_header = True
        table_title = ""
        skipped_cols: set[str] = set()
        for r_index, cells in enumerate(rows):
            if not cells:
                continue
            if _header_like(cells) and (in_header or not any(_is_value(c.text) for c in cells)):
                if not in_header:
                    block = []  # a new set of column headings further down the table
                block.append(cells)
                in_header = True
                continue
            if in_header and block:
                head_text = " ".join(c.text for row in block for c in row)
                stub = " ".join(c.text for row in block for c in row if c.start == 0 and len(row) > 1)
                ctx = f"{cap_text} {stub}".strip()
                table_title = _title(caption, head_text)
                columns = _columns(block, f"{ctx} {' '.join(c.text for row in block if len(row) == 1 for c in row)}",
                                   table_title)
                scale, scale_words, excepted = _scale(f"{cap_text} {head_text}")
                currency = _currency(f"{cap_text} {head_text}") or doc_currency or "USD"
                money = bool(_MONEY_HINT.search(f"{cap_text} {head_text}")) or any(
                    "$" in c.text or "€" in c.text for row in rows for c in row)
                for col in columns:
                    if col.period is None and not col.candidates:
                        skipped_cols.add(f"“{col.label}”: {col.basis}")
            in_header = False
            if not columns:
                continue
            label_cell = cells[0] if cells[0].start == 0 and not _is_value(cells[0].text) else None
            values = [c for c in cells if c is not label_cell]
            if label_cell is not None and not values:
                section = label_cell.text
                continue
            if label_cell is None:
                section = ""  # an unlabelled subtotal closes the heading's rows
                continue
            if not any(_is_value(c.text) for c in values):
                continue
            printed = label_cell.text
            label = printed
            top_level = printed.upper() == printed or printed.lower().startswith("total")
            if section.endswith(":") and len(printed.split()) <= 3 and not top_level:
                label = f"{section} {printed}"  # "EARNINGS PER SHARE: Diluted"
            if top_level:
                section = ""  # a capitalised line item or a total ends the heading's rows
            row_counter += 1
            row_facts: list[Fact] = []
            for c in values:
                if _is_nil(c.text) or not _is_value(c.text):
                    continue
                col = max(columns, key=lambda k: (k.cell.overlap(c), -abs(k.cell.start - c.start)))
                if not col.cell.overlap(c) or (col.period is None and not col.candidates):
                    continue
                v = parse_cell(c.text)
                unit = _row_unit(printed, section, c.text, money, currency, v.percent)
                if unit is None:
                    continue
                unscaled = bool(excepted) and (
                    (unit.endswith("/shares") and re.search(r"per\s+share", excepted, re.I))
                    or (unit == "shares" and re.search(r"\bshare\b(?!\s+(?:and|data|amounts|information))|share\s+and",
                                                       excepted, re.I)))
                s = 0 if v.percent or unscaled or unit == "pure" else scale
                value = v.number / Decimal(100) if v.percent else apply_scale(v.number, s)
                basis = f"{UNTAGGED}, period from the column header “{col.label}”: {col.basis}"
                if s:
                    basis += f"; scale from the caption “{scale_words}”"
                fid = stable_id(filing_id, "cell", t_index, r_index, col.cell.start)
                row_facts.append(Fact(
                    fact_id=fid, filing_id=filing_id, source=source, title=table_title, label=label, raw=c.text,
                    value=value, unit=unit, scale=s, scale_text={0: "", 3: "Thousands", 6: "Millions", 9: "Billions"}[s],
                    decimals=v.decimals_printed + (2 if v.percent else 0) - s, period=col.period,
                    candidate_periods=col.candidates, period_basis=basis, concept="", entity=entity, cik=cik,
                    ticker=ticker, form=form, report_date=report_date, row_label=printed, row_index=row_counter,
                    column_label=col.label, column_index=columns.index(col), definition=DEFINITION,
                ))
            if not row_facts:
                continue
            facts.extend(row_facts)
            values_text = "; ".join(f.raw + (f" ({f.period.display()})" if f.period else f" ({f.column_label})")
                                    for f in row_facts)
            chunks.append(Chunk(
                chunk_id=stable_id(filing_id, "tablerow", t_index, r_index), filing_id=filing_id, source=source,
                title=table_title, kind="row", text=f"{table_title}\n{label}: {values_text}",
                display=" | ".join([printed, *(f.raw for f in row_facts)]), position=position, section=section,
                fact_ids=tuple(f.fact_id for f in row_facts), entity=entity, form=form,
            ))
            position += 1
        notes.extend(sorted(skipped_cols))
    if notes:
        notes = [f"{len(notes)} table column(s) were not read as periods, their cells were left as text: "
                 + "; ".join(notes[:5]) + ("…" if len(notes) > 5 else "")]
    return facts, chunks, notes
