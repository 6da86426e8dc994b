"""EDGAR R pages (``R2.htm`` …, the SEC renderer's HTML of each statement and note).

Unlike the flattened text, the HTML keeps every cell, so each value sits in exactly one column
and its period is certain. Concepts come from the rows' ``defref_`` links; titles and menu
categories (Statements, Notes, Details) from ``FilingSummary.xml`` when it is at hand.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from lxml import etree
from lxml import html as lhtml

from ..errors import ParseError
from ..facts import Chunk, Fact, Member, ParsedFiling, Period, stable_id
from .numbers import SYMBOL_CURRENCY, apply_scale, parse_cell, parse_date
from .xmlsafe import local, parse_xml

__all__ = ["looks_like_rpage", "parse_rpage", "read_filing_summary", "ReportInfo"]

_DEFREF = re.compile(r"defref_([A-Za-z0-9-]+)_(\w+)")
_SCALE_PART = re.compile(r"(\S+ / shares|\S+)\s+in\s+(Units|Thousands|Millions|Billions)", re.I)
_SCALES = {"units": 0, "thousands": 3, "millions": 6, "billions": 9}
_DURATION = re.compile(r"(\d+)\s+(Months|Weeks)\s+Ended", re.I)


@dataclass(frozen=True)
class ReportInfo:
    html_file: str
    title: str
    category: str  # Cover | Statements | Notes | Policies | Tables | Details
    position: int


def looks_like_rpage(head: str) -> bool:
    return '<table class="report"' in head or ("IDEA: XBRL DOCUMENT" in head[:500] and "<table" in head)


def read_filing_summary(data: bytes, source: str) -> dict[str, ReportInfo]:
    root = parse_xml(data, source)
    out: dict[str, ReportInfo] = {}
    for rep in root.iter("{*}Report"):
        fields = {local(el.tag): (el.text or "").strip() for el in rep}
        name = fields.get("HtmlFileName")
        if name:
            long = re.sub(r"^\d+\s*-\s*\w+\s*-\s*", "", fields.get("LongName", ""))
            out[name] = ReportInfo(name, fields.get("ShortName") or long, fields.get("MenuCategory", ""),
                                   int(fields.get("Position", "0") or 0))
    return out


def _cell_text(el: etree._Element) -> str:
    return " ".join("".join(t for t in el.itertext()).replace("\xa0", " ").split())


def _minus_months(end: date, months: int) -> date:
    y, m = divmod(end.month - 1 - months, 12)
    y, m = end.year + y, m + 1
    return date(y, m, min(end.day, calendar.monthrange(y, m)[1])) + timedelta(days=1)


@dataclass(frozen=True)
class _Column:
    period: Period
    label: str
    member: str = ""


def _columns(rows: list[etree._Element]) -> tuple[str, list[_Column], int]:
    """Title line and the leaf columns of the header rows; returns how many header rows there were."""
    header_rows = [r for r in rows if r.find("td") is None and r.findall("th")]
    if not header_rows:
        raise ParseError("the R page table has no header row.", source="")
    first = header_rows[0].findall("th")
    title = _cell_text(first[0])
    spans: list[tuple[str, int]] = []  # (duration text, colspan) from the first row
    dates_row: list[str] = []
    members_row: list[str] = []
    for th in first[1:]:
        spans.append((_cell_text(th), int(th.get("colspan", "1") or 1)))
    for r in header_rows[1:]:
        cells = [_cell_text(th) for th in r.findall("th")]
        if any(parse_date(c) for c in cells):
            dates_row = cells
        else:
            members_row = cells
    if not dates_row:  # one header row: the dates themselves ("Mar. 29, 2025")
        dates_row = [t for t, _ in spans]
        spans = [("", 1)] * len(dates_row)
    leaf: list[_Column] = []
    durations = [t for t, n in spans for _ in range(n)]
    for k, d in enumerate(dates_row):
        end = parse_date(d)
        if end is None:
            continue
        dur = durations[k] if k < len(durations) else ""
        m = _DURATION.search(dur)
        # R pages print only the end date: a start from "3 Months Ended" is calendar arithmetic and
        # can be a day off under 52/53-week years, so the basis says so (an instance, when present, wins).
        if m and m.group(2).lower() == "months":
            p = Period(start=_minus_months(end, int(m.group(1))), end=end, kind="duration", label=m.group(0))
        elif m:
            p = Period(start=end - timedelta(weeks=int(m.group(1))) + timedelta(days=1), end=end, kind="duration", label=m.group(0))
        else:
            p = Period(end=end, kind="instant")
        member = members_row[k] if k < len(members_row) else ""
        leaf.append(_Column(p, m.group(0) if m else "", re.sub(r"\s*\[Member\]$", "", member)))
    return title, leaf, len(header_rows)


def parse_rpage(data: bytes, source: str, info: ReportInfo | None = None, *, entity: str = "", cik: str = "",
                form: str = "", report_date: date | None = None, fiscal_year: int | None = None,
                fiscal_period: str = "") -> ParsedFiling:
    try:
        root = lhtml.document_fromstring(data, parser=lhtml.HTMLParser(no_network=True, remove_comments=True))
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"the R page could not be read ({exc}).", source=source) from exc
    table = next((t for t in root.iter("table") if "report" in (t.get("class") or "")), None)
    if table is None:
        raise ParseError("no report table in this R page.", source=source)
    rows = [r for r in table.iter("tr")]
    try:
        caption, columns, _ = _columns(rows)
    except ParseError as exc:
        raise ParseError(exc.what, source=source) from exc
    title_part, _, unit_part = caption.rpartition(" - ") if " - " in caption else (caption, "", "")
    title = info.title if info else title_part.strip()
    scales = {sym.strip(): _SCALES[word.lower()] for sym, word in _SCALE_PART.findall(unit_part)}
    currency = re.search(r"\b([A-Z]{3})\s*\(", unit_part)
    filing_id = stable_id("rpage", source, bytes(data[:200000]))
    facts: list[Fact] = []
    chunks: list[Chunk] = []
    row_member = ""
    for n, tr in enumerate(r for r in rows if r.find("td") is not None):
        tds = tr.findall("td")
        label_td = tds[0]
        label = _cell_text(label_td)
        if not label or (label_td.get("class") or "").find("pl") < 0:
            continue
        ref = _DEFREF.search(etree.tostring(label_td, encoding="unicode"))
        concept = f"{ref.group(1)}:{ref.group(2)}" if ref else ""
        values = tds[1:]
        if all(not _cell_text(v) for v in values):
            if label.endswith("[Member]"):
                row_member = re.sub(r"\s*\[Member\]$", "", label)
            continue
        row_facts: list[Fact] = []
        for k, td in enumerate(values[: len(columns)]):
            raw = _cell_text(td)
            cell = parse_cell(raw) if raw else None
            if cell is None or cell.number is None:
                continue
            col = columns[k]
            per_share = "per share" in label.lower() or "PerShare" in concept or "/ shares" in raw
            if cell.percent:
                value, unit, scale = cell.number / 100, "pure", 0
            elif cell.symbol:
                cur = SYMBOL_CURRENCY.get(cell.symbol, currency.group(1) if currency else "")
                scale = 0 if per_share else scales.get(cell.symbol, 0)
                value, unit = apply_scale(cell.number, scale), f"{cur}/shares" if per_share else cur
            elif "shares" in label.lower() or re.search(r"Shares|NumberOf", concept) or not currency:
                # an unmarked cell: a count when the row says so (or the page has no currency)
                is_count = "shares" in (label.lower() + concept.lower())
                scale = scales.get("shares", 0) if is_count else 0
                value, unit = apply_scale(cell.number, scale), "shares" if is_count else None
            else:  # the page's currency: R pages print the symbol only on the first and total rows
                sym = next((k for k in scales if SYMBOL_CURRENCY.get(k) == currency.group(1)), "$")
                scale = 0 if per_share else scales.get(sym, 0)
                value, unit = apply_scale(cell.number, scale), f"{currency.group(1)}/shares" if per_share else currency.group(1)
            members = tuple(Member(member=x) for x in (row_member, col.member) if x)
            fact = Fact(fact_id=stable_id(filing_id, n, k), filing_id=filing_id, source=source, title=title, label=label,
                        raw=raw, value=value if cell.percent else value, unit=unit, scale=scale,
                        scale_text={3: "in Thousands", 6: "in Millions", 9: "in Billions"}.get(scale, ""),
                        period=col.period, period_basis="R page column header" + (" (start inferred from the duration)" if col.period.start else ""), dimensions=members, concept=concept,
                        entity=entity, cik=cik, form=form, fiscal_year=fiscal_year, fiscal_period=fiscal_period,
                        report_date=report_date, row_label=label, row_index=n, column_label=col.period.display(),
                        column_index=k)
            facts.append(fact)
            row_facts.append(fact)
        if row_facts:
            cells = "; ".join(f"{f.period.display()}: {f.raw}" for f in row_facts)
            chunks.append(Chunk(chunk_id=stable_id(filing_id, "row", n), filing_id=filing_id, source=source, title=title,
                                kind="row", text=f"{entity} {form}\n{title}\n{label}{' — ' + row_member if row_member else ''}\n{cells}",
                                display=f"{label}: {cells}", position=n, fact_ids=tuple(f.fact_id for f in row_facts),
                                entity=entity, form=form, fiscal_year=fiscal_year))
    return ParsedFiling(filing_id=filing_id, source=source, format="rpage", title=title, entity=entity, cik=cik, form=form,
                        fiscal_year=fiscal_year, fiscal_period=fiscal_period, report_date=report_date,
                        facts=tuple(facts), chunks=tuple(chunks))
