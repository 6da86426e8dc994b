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

What the caption and page say about the whole table is read by index.parsers.tablesetup, each cell's
fact by index.parsers.cellfacts; this module walks the rows (headings, sections, labels).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date

from lxml import etree

from ..facts import Chunk, Fact, stable_id
from .cellfacts import (DEFINITION, NO_SCALE, SHARE_COUNTS_APART, SHARES_SCALE, UNTAGGED, _PER_SHARE, _Row,
                        _cell_fact, _column_of)
from .colheaders import header_period, periodish, row_kind, row_period, split_header
from .tablegrid import Cell, grid, is_nil, is_value, yearish
from .tablerows import bucket_row, closing_total, due_by_row, due_in, movement_periods
from .tablescale import PageScales, TableContext, unit_marker
from .tablesetup import _preceding_lines, _setup, _stub_heads, _title, document_currency
from .yearend import same_day_of_year, year_end_shown

__all__ = ["table_facts", "document_currency", "header_period", "UNTAGGED", "NO_SCALE", "SHARES_SCALE", "SHARE_COUNTS_APART",
           "DEFINITION", "_preceding_lines", "_title"]


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
# a footnote mark printed against a row label's last word ('Amounts owed by subsidiaries1', 'Order intake²',
# 'Effective tax rate4 (%)')
_GLUED_FOOTNOTE = re.compile(r"(?<=[a-z]{3})(?:\d|[¹²³⁴⁵⁶⁷⁸⁹])(?=\s*(?:\(%\))?$)")


def _label(printed: str, section: str, repeated: bool = False) -> tuple[str, bool]:
    """(line item, top level?): a short label under a heading that ends in a colon carries the heading; so does
    a short label the table prints under more than one heading ('Continuing operations' under the profit and
    under the earnings per share): without its heading it names neither."""
    printed = _GLUED_FOOTNOTE.sub("", printed.rstrip(), count=1)
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
    if setup.title == " ".join(c.text for row in header for c in row)[:120]:  # no caption: the headings stood in
        setup.title = closing_total(rows[at:]) or setup.title  # a table adding up to its last row is named by it
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


