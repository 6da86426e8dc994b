"""Untagged HTML tables -> facts: earnings releases, 20-F and annual-report exhibits, older filings,
any table a page prints without XBRL.

No XBRL says what a cell is, so everything comes from the page, and each fact says so
(``concept=""``, ``period_basis`` starting with "untagged table cell"):

* the row label is the cell's line item ("SALES, Net of returns and allowances"); a short label
  under a heading that ends in a colon carries the heading ("EARNINGS PER SHARE: Diluted");
* the column headers give the period and whatever else tells columns apart (index.parsers.colheaders):
  a date, a bare fiscal year (kept as the year only), a spanning or stub heading, members such as
  "Domestic", "% of Total", "Change" or maturity buckets; a table whose columns are not periods
  takes a date printed in the row label ("Balance at December 31, 2018");
* the scale and currency come from the column's unit line, the table's header or caption, or the
  page above it (index.parsers.tablescale), or for currency the document's own statement;
* "(1,234)" is negative, "3.2%" is 0.032, a dash ("—") where a number would be is nil: zero, as
  printed.

Each row is also a passage citing its cells.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from lxml import etree

from ..facts import Chunk, Fact, Member, Period, stable_id
from .colheaders import Column, header_period, periodish, read_columns, row_kind, row_period, split_header
from .numbers import SYMBOL_CURRENCY, apply_scale, parse_cell
from .tablegrid import Cell, grid, is_nil, is_value, yearish
from .tablerows import bucket_row, due_by_row, due_in, movement_periods, price_range, quarter_row
from .tablescale import (PageScales, Scale, TableContext, currency_in, elements_above, for_shares_only, scale_in,
                         shares_statement, stated_scale, unit_marker)
from .yearend import same_day_of_year, year_end_shown

__all__ = ["table_facts", "document_currency", "header_period", "UNTAGGED", "NO_SCALE", "SHARES_SCALE", "SHARE_COUNTS_APART"]

UNTAGGED = "untagged table cell"
# an amount whose page says nothing of its scale: the number as printed, which may well be in thousands
NO_SCALE = "no scale stated: the amount as printed"
# the scale applied was stated for share counts ('(shares in thousands, except per share data)'): an amount's is unknown
SHARES_SCALE = "the scale stated is for share counts"
# share counts have a scale statement of their own ('(shares in thousands, …)' under '(Tabular amounts in millions …)'):
# a line that counts shares without saying so ('Dilutive securities') would be read at the amounts' scale
SHARE_COUNTS_APART = "share counts are stated at another scale than amounts"
DEFINITION = "Untagged table cell read from the filing's HTML (no XBRL tag); period from the column header."

_PER_SHARE = re.compile(r"\bper\s+(?:common\s+|ordinary\s+|diluted\s+|basic\s+)?(?:share|unit|ads)\b|\bEPS\b|"
                        r"\bgrant[\s-]+date\s+fair\s+value\b|\bexercise\s+price\b", re.I)  # an award's price is per share
# a length of time ('Useful Life (in years)', 'Days sales outstanding'): never in the thousands the amounts are in
_DURATION = re.compile(r"\b(?:years?|months?|weeks?|days|age)\b", re.I)
# a count of shares, not a share-capital amount ("Common stock, 50,773,796 shares at ...": dollars)
_SHARES = re.compile(r"weighted[\s-]+average.*\bshares\b|\bshares\s+outstanding\b|"
                     r"\bnumber\s+of\s+(?:common\s+)?shares\b|\bshares\W*$|^\W*shares\s+used\b|"
                     r"^\W*(?:share|stock)\s+options\s+outstanding\b", re.I)
_SHARE_CLASS = re.compile(r"^\W*(?:basic|diluted)\W*$", re.I)  # a share count's lines under its heading
_COUNT_ROW = re.compile(r"\bnumber\s+of\b|\bstores\b|\bemployees\b|\blocations\b|\bheadcount\b|\bcustomers\b|"
                        r"\bdays\b|\bweeks\b|\bsquare\s+feet\b|\bin\s+years\b|\(years\)|\bage\b", re.I)
_PERCENT_ROW = re.compile(r"\(%\)|%\s*$|\bin\s+%|\bpercent(?:age)?\b(?!\s+of\s+(?:shares|ownership))", re.I)
_STATEMENT = re.compile(r"statements?\s+of|balance\s+sheets?|financial\s+position|cash\s+flows|income|operations|"
                        r"results|financial\s+data|highlights|segment", re.I)
_NOISE = re.compile(r"^\(?(?:unaudited|audited|continued)\)?$|^-?\s*\d{1,3}\s*-?$|^table of contents$", re.I)
_MONEY_HINT = re.compile(r"dollars?|amounts\s+in|in\s+(?:thousands|millions|billions)|\$|€|£|\bUSD|\bEUR|\bGBP|\bCAD|"
                         r"\bRMB|['’]000|\b(?:US|C|A|HK|NT)\$", re.I)
_DOC_CURRENCY = re.compile(
    r"(?:expressed|presented|stated|reported|denominated)\s+in\s+(canadian\s+dollars|u\.?s\.?\s+dollars|"
    r"united\s+states\s+dollars|australian\s+dollars|euros?)", re.I)
_SCALE_TEXT = {0: "", 3: "Thousands", 6: "Millions", 9: "Billions"}


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


def _title(caption: list[str], header_text: str) -> str:
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


def _row_unit(label: str, section: str, raw: str, money: bool, currency: str, column_words: str = "",
              column_currency: str = "") -> str | None:
    if _PER_SHARE.search(label):
        return f"{currency}/shares" if money or "$" in raw else None
    if _SHARES.search(label) and "$" not in raw and "$" not in label:
        return "shares"
    if _PER_SHARE.search(section):  # "EARNINGS PER SHARE:" over "Basic", "Diluted"
        return f"{currency}/shares" if money or "$" in raw else None
    if _SHARES.search(section) and _SHARE_CLASS.match(label) and "$" not in raw:
        return "shares"  # "Weighted-average common shares outstanding:" over "Basic", "Diluted"
    if _COUNT_ROW.search(label) and not (column_currency and not _COUNT_ROW.search(label.replace(column_words, " "))):
        return None  # a count of something: no unit the page states (a '$’000' column of '0 to 30 days past due' is money)
    return currency if money or any(s in raw for s in ("$", "€", "£")) else None


def _column_of(columns: list[Column], cell: Cell) -> Column | None:
    col = max(columns, key=lambda k: (k.cell.overlap(cell), -abs(k.cell.start - cell.start)))
    return col if col.cell.overlap(cell) else None


@dataclass
class _Row:
    """One body row being read: where it is and what stands around it."""

    t_index: int
    r_index: int
    printed: str
    label: str
    section: str
    section_period: tuple[Period | None, tuple[Period, ...], str]
    between: tuple[Period | None, tuple[Period, ...], str] | None = None  # a roll-forward's movement period
    year_heading: str = ""  # a bare year printed over the rows ('2019' over quarters 'First | Second | …')


def _cell_fact(cell: Cell, col: Column, row: _Row, setup: _Setup, ids: dict) -> Fact | None:
    """The fact one cell reports, or None when it reports nothing this reader can cite."""
    text = cell.text
    nil = is_nil(text)
    v = None if nil else parse_cell(text)
    if v is not None and v.number is None:
        v = None
    if v is None and not nil:
        if col.has_period or len(text) > 80 or not re.search(r"[A-Za-z0-9]", text):
            return None  # a note or a symbol in a period column: not a cell value
    members = col.members
    label, on_side = row.label, quarter_row(row.label, col)
    if on_side is not None:  # a table on its side: the column says what is measured, the row when
        label, members = on_side[0], (on_side[1],)
    elif row.year_heading and not col.has_period:  # the rows under '2019' and under '2018' are not the same cells
        members = (*members[:-1], replace(members[-1], member=f"{members[-1].member} {row.year_heading}")) if members \
            else (Member(axis="Column", member=row.year_heading),)
    member_words = " ".join(m.member for m in members)
    percent = bool(v is not None and v.percent) or col.percent or bool(_PERCENT_ROW.search(row.printed))
    label_scale = scale_in(row.printed)
    unit = None
    if v is not None or nil:
        if percent:
            unit = "pure"
        else:
            money = (setup.money and not _counts_beside_money(col, setup.columns)) or bool(col.currency)
            currency = _column_currency(col, setup.currency) or _cell_currency(v) or setup.currency
            unit = _row_unit(f"{row.printed} {member_words}".strip(), row.section, text, money, currency, member_words,
                             col.currency)
            if (money or "$" in text) and price_range(label, col):
                unit = f"{currency}/shares"
    scale, scale_words = 0, ""
    as_is = _as_printed(unit, " ".join([row.printed, *(m.member for m in col.members if m.axis != "Maturity")]))
    if unit != "pure" and (v is not None or nil):  # (a maturity bucket's '1-3 years' says when it is due, not a length)
        if col.scale is not None and not as_is:
            scale, scale_words = col.scale, "the column's unit heading"
        elif label_scale is not None and label_scale.power:
            scale, scale_words = label_scale.power, f"the row label “{label_scale.words}”"
        elif as_is:
            pass
        elif unit == "shares" and setup.shares_scale is not None:
            scale, scale_words = setup.shares_scale.power, f"the text above the table “{setup.shares_scale.words}”"
        elif setup.scale is not None and not _excepted(setup.scale.excepted, unit) and not (
                unit is None and setup.scale.currency):  # 'USD ‘000' is no scale of a count of days
            scale, scale_words = setup.scale.power, f"the {setup.scale_from} “{setup.scale.words}”"
    period, cands, year, how = col.period, col.candidates, col.year_period, col.basis
    if on_side is not None:
        year, how = None, f"the row names the quarter “{on_side[1].member}” in words, no dates"
    elif not col.has_period:
        rp = row_period(row.printed, setup.title)
        if rp[0] is None and not rp[1]:
            rp = row.section_period if row.section_period[0] is not None or row.section_period[1] else (
                row.between or row.section_period)
        if rp[0] is not None or rp[1]:
            period, cands, how = rp[0], rp[1], rp[2]
    basis = f"{UNTAGGED}, period from the column header “{col.label}”: {how}"
    if nil:
        basis += "; printed as a dash (nil): read as zero"
    if scale:
        basis += f"; scale from {scale_words}"
        if unit not in ("shares", "pure") and re.search(r"\bshares?\s+(?:are\s+)?in\s+(?:thousands|millions)\b", scale_words, re.I):
            basis += f"; {SHARES_SCALE}"  # '(shares in thousands, …)' says how share counts are printed, not amounts
        elif setup.shares_scale is not None and unit not in ("shares", "pure") and "/" not in (unit or "/"):
            basis += f"; {SHARE_COUNTS_APART}"  # a count of shares its label does not name would take the amounts' scale
    elif (unit not in (None, "pure") and "/" not in unit and col.scale is None and label_scale is None
          and setup.scale is None):
        basis += f"; {NO_SCALE}"
    if v is not None:
        value = v.number / Decimal(100) if percent else apply_scale(v.number, scale)
        decimals = v.decimals_printed + (2 if percent else 0) - scale
    else:
        value, decimals = (Decimal(0), None) if nil else (None, None)
    key = (row.t_index, row.r_index, col.cell.start)
    fid = stable_id(ids["filing_id"], "cell", *key)
    return Fact(
        fact_id=fid, filing_id=ids["filing_id"], source=ids["source"], title=setup.title, label=label, raw=text,
        value=value, text_value=None if (v is not None or nil) else text, unit=unit, scale=scale,
        scale_text=_SCALE_TEXT.get(scale, ""), decimals=decimals, period=period, candidate_periods=cands,
        year_period=year if period is None and not cands else None, period_basis=basis, dimensions=members,
        concept="", entity=ids["entity"], cik=ids["cik"], ticker=ids["ticker"], form=ids["form"],
        report_date=ids["report_date"], row_label=row.printed, row_index=ids["row_counter"],
        column_label=f"{col.label} {row.year_heading}" if members is not col.members and on_side is None else col.label,
        column_index=setup.columns.index(col), definition=DEFINITION,
    )


def _as_printed(unit: str | None, words: str) -> bool:
    """A per-share amount (a unit line spread over the share counts beside it is not its scale) or a length of
    time is printed as it is, whatever scale the table's other amounts are in."""
    return bool(unit and unit.endswith("/shares")) or (unit is None and bool(_DURATION.search(words)))


def _counts_beside_money(col: Column, columns: list[Column]) -> bool:
    """'M' beside '$M' under one year (millions of shares, millions of dollars): a column whose unit code names
    no currency, beside a column of the same period whose unit line does, counts things; it is not money."""
    code = col.cell.text.strip()
    if col.currency or col.percent or not code or unit_marker(code) is not None or not re.fullmatch(r"[A-Za-z]{1,3}", code):
        return False
    def when(c: Column) -> tuple:
        return tuple(p.iso() for p in (c.period, *c.candidates, c.year_period) if p is not None)

    return bool(when(col)) and any(o is not col and o.currency and unit_marker(o.cell.text) is not None
                                   and when(o) == when(col) for o in columns)


_OTHER_DOLLARS = ("CAD", "AUD", "HKD", "TWD")


def _column_currency(col: Column, stated: str) -> str:
    """A bare '$' over a column is the dollar the page states ('In thousands of Canadian dollars'), US dollars
    only when it says nothing else or the column says 'US$'."""
    if col.currency == "USD" and stated in _OTHER_DOLLARS and not re.search(r"US\s?\$|USD|U\.S\.", col.label):
        return stated
    return col.currency


def _cell_currency(v) -> str:
    return SYMBOL_CURRENCY.get(v.symbol, "") if v is not None and v.symbol and v.symbol != "$" else ""


def _excepted(excepted: str, unit: str | None) -> bool:
    """Per-share amounts, and share counts when the statement excepts them ('(in thousands, except share data)'),
    are as printed."""
    if unit is not None and unit.endswith("/shares"):
        return True  # a per-share amount is printed as it is, whatever scale the table's amounts are in
    if not excepted or unit is None:
        return False
    return bool((unit == "shares" and re.search(r"\bshare\b(?!\s+(?:and|data|amounts|information))|share\s+and",
                                                   excepted, re.I)))


_NUMERIC_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}")  # a date printed as a value ('Maturity date | 30/7/2021'), not a heading


def _new_headings(cells: list[Cell]) -> bool:
    """A row of column headings further down a table: periods or units over the columns, and a stub
    that is empty or itself a heading ('2018 | 2017', '| €m | €m')."""
    stub = cells[0] if cells and cells[0].start == 0 else None
    rest = cells[1:] if stub is not None else cells
    if stub is None and any(_NUMERIC_DATE.search(c.text) for c in rest):
        return False  # ' | 11/4/2024 | 8/12/2023' under 'Maturity date | 30/7/2021~ | …': the line's values run on
    if len(rest) >= 2 and all(periodish(c.text) and not is_value(c.text) and not _NUMERIC_DATE.search(c.text) for c in rest):
        return True  # 'Breakup of revenue growth | FY 2019 (%) | FY 2018 (%)': a titled block of new period columns
    return bool(rest) and (stub is None or periodish(stub.text) or unit_marker(stub.text) is not None) and any(
        periodish(c.text) or unit_marker(c.text) is not None for c in rest)


# a heading naming a block of the table ('Income Statement Data:', 'Balance Sheet:'), not a qualifier of
# its lines: 'Income Tax Expense' under it is the income tax expense
_BLOCK_HEADING = re.compile(r"\b(?:data|information|highlights|sheets?|statements?)\s*:$", re.I)


_DATED = re.compile(r"\b(?:19|20)\d{2}\b")


def _label(printed: str, section: str, repeated: bool = False) -> tuple[str, bool]:
    """(line item, top level?): a short label under a heading that ends in a colon carries the heading; so does
    a short label the table prints under more than one heading ('Continuing operations' under the profit and
    under the earnings per share): without its heading it names neither."""
    top_level = printed.upper() == printed or printed.lower().startswith("total")
    if section and len(printed.split()) <= 3 and not top_level and (section.endswith(":") or repeated) and (
            not _BLOCK_HEADING.search(section) or _PER_SHARE.search(section)):  # 'Per Share Data:' says what the lines are
        return f"{section} {printed}" if section.endswith(":") else f"{section}: {printed}", top_level  # "EARNINGS PER SHARE: Diluted"
    return printed, top_level


def _read_table(t_index: int, table: etree._Element, rows: list[list[Cell]], page: TableContext | None, ids: dict,
                doc_currency: str, notes: list[str]) -> tuple[list[Fact], list[tuple[str, str, str, list[Fact]]]]:
    """Facts of one table, and its rows as (title, label, section, facts) for passages."""
    inside, header, at = split_header(rows)
    if not header:
        return [], []
    caption = _preceding_lines(table)
    setup = _setup(header, inside, caption, page, doc_currency, rows)
    for col in setup.columns:
        if not col.has_period and not col.members:
            notes.append(f"“{col.label}”: {col.basis}")
    facts: list[Fact] = []
    passages: list[tuple[str, str, str, list[Fact]]] = []
    section, year_heading = "", ""
    # a date in the table's own title rows ("December 31, 2019" over fair-value levels) dates columns that are not periods
    table_period = row_period(" ".join(inside + _stub_heads(header)), setup.title)
    section_period = dated_section = table_period
    stubs = Counter(" ".join(r[0].text.lower().split()) for r in rows[at:] if r and r[0].start == 0 and r[0].text.strip())
    schedule = due_by_row(rows[at:], setup.columns)
    movements = movement_periods(rows[at:], at, setup.title)  # a roll-forward's rows between two dated balances
    i = at
    while i < len(rows):
        cells = rows[i]
        kind = row_kind(cells)
        if kind in ("header", "unit") and _new_headings(cells):
            block = []
            while i < len(rows) and row_kind(rows[i]) in ("header", "unit", "empty"):
                block.append(rows[i])
                i += 1
            block = [b for b in block if b]
            if any(row_kind(b) == "header" for b in block):  # a new set of column headings further down
                setup = _setup(block, [], caption, page, doc_currency, rows, setup.title)
            continue
        i += 1
        if not cells or not setup.columns:
            continue
        first = cells[0]
        label_cell = first if first.start == 0 and (yearish(first.text) or not (is_value(first.text) or is_nil(first.text))) \
            else None
        values = [c for c in cells if c is not label_cell]
        if kind == "label" or (label_cell is not None and not values):
            section = (label_cell or cells[0]).text if label_cell is not None else " ".join(c.text for c in cells)
            year_heading = section.strip() if yearish(section) and label_cell is not None else year_heading
            section_period = row_period(section, setup.title)
            if section_period[0] is not None or section_period[1]:
                dated_section = section_period
            else:  # a heading under a dated one ('June 30, 2019' / 'Finite-Lived Intangible Assets') keeps its date
                section_period = dated_section
            continue
        if label_cell is None and not (facts and any(is_value(c.text) for c in values)):
            section = ""  # an unlabelled row closes the heading's rows
            continue
        if not any(is_value(c.text) or is_nil(c.text) for c in values):
            if not any(not c2.has_period for c2 in setup.columns):
                continue
        if label_cell is None:  # an unlabelled row of amounts under line items: their total, named by its heading
            printed = f"Total {section.rstrip(':').strip()}".strip()
            label, top_level = printed, True
        else:
            printed = label_cell.text
            repeated = stubs[" ".join(printed.lower().split())] > 1 and not _DATED.search(section)  # a period heading dates, it does not name
            label, top_level = _label(printed, section, repeated)
        if top_level:
            section = ""  # a capitalised line item or a total ends the heading's rows
        ids["row_counter"] += 1
        row = _Row(t_index, i - 1, printed, label, section, section_period, movements.get(i - 1), year_heading)
        row_facts = []
        for c in values:
            col = _column_of(setup.columns, c)
            if col is None:
                continue
            f = _cell_fact(c, col, row, setup, ids)
            if f is not None:
                row_facts.append(f)
        if row_facts and schedule and bucket_row(printed):
            row_facts = [due_in(f, printed) for f in row_facts]
        if row_facts:
            facts.extend(row_facts)
            passages.append((setup.title, label, section, row_facts))
    return facts, passages


def table_facts(root: etree._Element | None, *, filing_id: str, source: str, entity: str = "", cik: str = "",
                ticker: str = "", form: str = "", report_date: date | None = None, doc_currency: str = "",
                start_position: int = 0, tables=None) -> tuple[list[Fact], list[Chunk], list[str]]:
    """Facts and row passages of every table of ``root`` that prints amounts under column headings.
    ``tables``, when given, replaces ``root.iter("table")`` with (index, table) pairs in the same order
    (index.parsers.htmlstream reads a large document's tables one at a time)."""
    facts: list[Fact] = []
    chunks: list[Chunk] = []
    notes: list[str] = []
    position = start_position
    ids = {"filing_id": filing_id, "source": source, "entity": entity, "cik": cik, "ticker": ticker, "form": form,
           "report_date": report_date, "row_counter": 0}
    pages = PageScales()  # the text above each table, and a page heading's scale for every table
    for t_index, table in enumerate(root.iter("table")) if tables is None else tables:
        if table.find(".//table") is not None:
            continue  # a layout table around other tables: its inner tables are read on their own
        rows = grid(table)
        page = pages.context(table)  # (read for every table in order: a page heading's statement carries on)
        if not any(is_value(c.text) and not yearish(c.text) for r in rows for c in r[1:]):
            continue  # no amounts
        got, passages = _read_table(t_index, table, rows, page, ids, doc_currency, notes)
        facts.extend(got)
        for r_index, (title, label, section, row_facts) in enumerate(passages):
            values_text = "; ".join(f.raw + f" ({_where(f)})" for f in row_facts)
            chunks.append(Chunk(
                chunk_id=stable_id(filing_id, "tablerow", t_index, row_facts[0].fact_id), filing_id=filing_id,
                source=source, title=title, kind="row", text=f"{title}\n{label}: {values_text}",
                display=" | ".join([row_facts[0].row_label, *(f.raw for f in row_facts)]), position=position,
                section=section, fact_ids=tuple(f.fact_id for f in row_facts), entity=entity, form=form,
            ))
            position += 1
    # a document without fiscal metadata: its tables may show where its year ends; a cover's period date alone
    # ('for the fiscal year ended January 31, 2019') says so once the tables show that day as their year-end
    end = year_end_shown(facts)
    if end is not None and (report_date is None or same_day_of_year(end, report_date)):
        facts = [replace(f, fiscal_period="FY", report_date=report_date or end) for f in facts]
    if notes:
        notes = [f"{len(notes)} table column(s) have neither a period nor a heading, their cells were left as text: "
                 + "; ".join(sorted(set(notes))[:5]) + ("…" if len(set(notes)) > 5 else "")]
    return facts, chunks, notes


def _where(f: Fact) -> str:
    """A cell's column in a passage: its period as printed plus what else the headers say."""
    if f.period is not None:
        when = f.period.display()
        extra = f.member_text
        return f"{when}, {extra}" if extra else when
    return f.column_label or f.member_text


