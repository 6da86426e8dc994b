"""Plain HTML filings with no XBRL (older filings, foreign 20-F/40-F, exhibits): text by section.

Tables are kept as one line a row ("Net loss | (2,924,236) | (1,402,000)") so their numbers can
be found and quoted; headings (Item / Part / Note) start sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lxml import etree
from lxml import html as lhtml

from ..errors import ParseError
from ..facts import ParsedFiling, stable_id
from .chunking import Section, prose_chunks
from .htmltables import document_currency, table_facts
from .numbers import parse_date
from .xmlsafe import local

__all__ = ["looks_like_html", "parse_html", "CoverInfo", "cover_info", "text_lines"]

_HEADING = re.compile(r"^(?:PART\s+[IVX]+\b.{0,80}|ITEM\s+\d+[A-Z]?[.:]?(?:\s*\|?\s*[A-Za-z].{0,120})?|Note\s+\d+\s*[–—:.-].{0,100})$", re.I)
_TOC_LINE = re.compile(r"\|\s*\d{1,3}$")  # "Item 5. Operating review | 29": a table-of-contents entry
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "center", "pre"}


def looks_like_html(head: str) -> bool:
    return bool(re.search(r"<(?:html|body|p|div|table)[\s>]", head[:20000], re.I))


@dataclass(frozen=True)
class CoverInfo:
    entity: str = ""
    form: str = ""
    period: date | None = None
    ticker: str = ""


# a press release names its issuer once with its listing: "The Buckle, Inc. (NYSE: BKE) announced"
_LISTED = re.compile(r"((?:The\s+)?[A-Z][\w.&'’-]*(?:[ ,]+[A-Z&][\w.&'’-]*){0,6}?),?\s*\(\s*(?:NYSE|NASDAQ|Nasdaq|NYSE American|"
                     r"NYSE MKT|TSX|TSXV|AMEX|Euronext)(?:\s+\w+)?\s*[:：]\s*([A-Z][A-Z.]{0,6})\s*[;,)]")


def cover_info(text: str) -> CoverInfo:
    """Company, form and period from a filing's cover page wording."""
    head = text[:15000]
    form = re.search(r"\bFORM\s+(10-K|10-Q|20-F|40-F|8-K|6-K|10-KT|S-1|F-1)\b", head, re.I)
    period = re.search(r"(?:fiscal year|quarterly period|period|year) ended:?\s+([A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4})", head, re.I)
    name = re.search(r"([A-Z][\w.,&' -]{2,80}?)\s*\(?\s*\(Exact name of (?:the )?registrant", head, re.I)
    entity = " ".join(name.group(1).split()).strip(" ,") if name else ""
    listed = _LISTED.search(text[:8000])
    ticker = listed.group(2).rstrip(".") if listed else ""
    if not entity and listed:
        entity = " ".join(listed.group(1).split()).strip(" ,")
    return CoverInfo(entity=entity, form=form.group(1).upper() if form else "",
                     period=parse_date(period.group(1)) if period else None, ticker=ticker)


def text_lines(root: etree._Element) -> list[str]:
    """Block-level text of an HTML tree, one line a paragraph and one line a table row ('a | b | c')."""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        t = " ".join("".join(buf).replace("\xa0", " ").split())
        if t:
            out.append(t)
        buf.clear()

    def walk(node: etree._Element, depth: int) -> None:
        tag = local(node.tag).lower()
        if tag in ("script", "style", "head") or depth > 300:
            return
        if tag == "tr":
            flush()
            cells = [" ".join("".join(td.itertext()).replace("\xa0", " ").split()) for td in node if local(td.tag).lower() in ("td", "th")]
            merged: list[str] = []
            for c in cells:
                if c in (")", "%", ")%") and merged:
                    merged[-1] += c  # "(2,924,236" + ")" printed in two cells
                elif c and c != "$":
                    merged.append(c)
            cells = merged
            if cells:
                out.append(" | ".join(cells))
            return
        block = tag in _BLOCK or tag == "table"
        if block:
            flush()
        if node.text:
            buf.append(node.text)
        for child in node:
            walk(child, depth + 1)
            if child.tail:
                buf.append(child.tail)
        if block:
            flush()

    walk(root, 0)
    flush()
    return out


def _paragraphs(lines: list[str]) -> list[str]:
    """Lines -> paragraphs: table rows grouped (one per line), text lines joined until a sentence ends."""
    out: list[str] = []
    buf: list[str] = []
    rows = False
    for line in lines:
        is_row = " | " in line
        if buf and (is_row != rows or (not is_row and buf[-1].endswith((".", ":", ";", "?")))):
            out.append(("\n" if rows else " ").join(buf))
            buf = []
        rows = is_row
        buf.append(line)
    if buf:
        out.append(("\n" if rows else " ").join(buf))
    return out


def parse_html(data: bytes | str, source: str, *, entity: str = "", cik: str = "", form: str = "",
               report_date: date | None = None, ticker: str = "") -> ParsedFiling:
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "replace")
    try:
        parser = lhtml.HTMLParser(no_network=True, remove_comments=True, huge_tree=False, encoding=None)
        root = lhtml.document_fromstring(raw, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"the HTML could not be read ({exc}).", source=source) from exc
    lines = text_lines(root)
    if not lines:
        raise ParseError("the HTML holds no text.", source=source)
    text = "\n".join(lines)
    cover = cover_info(text)
    entity = entity or cover.entity
    ticker = ticker or (cover.ticker if not cik or entity == cover.entity else "")
    form = form or cover.form
    report_date = report_date or cover.period
    filing_id = stable_id("html", source, text)
    sections: list[Section] = []
    title, paras = "Cover", []
    for line in lines:
        if _HEADING.match(line) and len(line) < 160 and not _TOC_LINE.search(line):
            if paras:
                sections.append(Section(title=title, heading=title, paragraphs=tuple(_paragraphs(paras))))
            title, paras = " ".join(line.replace("|", " ").split()).rstrip("."), []
            continue
        paras.append(line)
    if paras:
        sections.append(Section(title=title, heading=title, paragraphs=tuple(_paragraphs(paras))))
    fiscal_year = report_date.year if report_date and form in ("10-K", "20-F", "40-F") else None
    chunks, mentions = prose_chunks(sections, filing_id=filing_id, source=source, entity=entity, form=form, fiscal_year=fiscal_year)
    # tables whose columns are periods (earnings releases, plain-HTML statements) also become facts
    facts, rows, notes = table_facts(root, filing_id=filing_id, source=source, entity=entity, cik=cik, ticker=ticker,
                                     form=form, report_date=report_date, doc_currency=document_currency(text),
                                     start_position=len(chunks))
    return ParsedFiling(filing_id=filing_id, source=source, format="html", title=f"{entity} {form}".strip() or source,
                        entity=entity, cik=cik, ticker=ticker, form=form, fiscal_year=fiscal_year,
                        fiscal_period="FY" if fiscal_year else "", report_date=report_date,
                        facts=tuple(facts), chunks=tuple(chunks + rows), mentions=tuple(mentions), warnings=tuple(notes))
