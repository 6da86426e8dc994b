"""Plain HTML filings with no XBRL (older filings, foreign 20-F/40-F, exhibits): text by section.

Tables are kept as one line a row ("Net loss | (2,924,236) | (1,402,000)") so their numbers can
be found and quoted; headings (Item / Part / Note) start sections. The document is read as a stream
(index.parsers.htmlstream), so a large file costs the memory of its largest table, not of its tree.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from datetime import date

from lxml import etree

from ..errors import ParseError
from ..facts import ParsedFiling, stable_id
from ..limits import LIMITS, Limits
from .chunking import Section, prose_chunks
from .htmlstream import BLOCK_TAGS, MAX_DEPTH, SKIP_TAGS, HtmlStream, row_line
from .htmltables import document_currency, table_facts
from .textscale import scale_from_text
from .yearend import with_interim_calendar
from .numbers import parse_date
from .prose import sentences
from .xmlsafe import local

__all__ = ["looks_like_html", "parse_html", "CoverInfo", "cover_info", "text_lines"]

_HEADING = re.compile(r"^(?:PART\s+[IVX]+\b.{0,80}|ITEM\s+\d+[A-Z]?[.:]?(?:\s*\|?\s*[A-Za-z].{0,120})?|Note\s+\d+\s*[–—:.-].{0,100})$", re.I)
_TOC_LINE = re.compile(r"\|\s*\d{1,3}$")  # "Item 5. Operating review | 29": a table-of-contents entry
_HEAD_CHARS = 400_000  # cover_info reads the text's first 15,000 characters, document_currency its first 400,000
_MAX_SENTENCE_WORDS = 1000  # real filings' longest passage has ~500 words


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


_PERIOD_ENDED = re.compile(r"(?:fiscal year|quarterly period|period|year) ended:?\s+([A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4})", re.I)
# a release's "prior year 13-week period ended November 4, 2023" names a comparison period, not the report's own
_SPAN_BEFORE = re.compile(r"(?:\d+[- ](?:weeks?|months?)|\b(?:weeks?|months?|prior|previous|comparable))\s*$", re.I)


def cover_info(text: str) -> CoverInfo:
    """Company, form and period from a filing's cover page wording."""
    head = text[:15000]
    form = re.search(r"\bFORM\s+(10-K|10-Q|20-F|40-F|8-K|6-K|10-KT|S-1|F-1)\b", head, re.I)
    period = next((m for m in _PERIOD_ENDED.finditer(head) if not _SPAN_BEFORE.search(head[max(0, m.start() - 24):m.start()])), None)
    name = re.search(r"([A-Z][\w.,&' -]{2,80}?)\s*\(?\s*\(Exact name of (?:the )?registrant", head, re.I)
    entity = " ".join(name.group(1).split()).strip(" ,") if name else ""
    listed = _LISTED.search(text[:8000])
    ticker = listed.group(2).rstrip(".") if listed else ""
    if not entity and listed:
        entity = " ".join(listed.group(1).split()).strip(" ,")
    return CoverInfo(entity=entity, form=form.group(1).upper() if form else "",
                     period=parse_date(period.group(1)) if period else None, ticker=ticker)


def text_lines(root: etree._Element) -> list[str]:
    """Block-level text of an HTML tree, one line a paragraph and one line a table row ('a | b | c').
    (:class:`~index.parsers.htmlstream.HtmlStream` makes the same lines from a stream of the document.)"""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        t = " ".join("".join(buf).replace("\xa0", " ").split())
        if t:
            out.append(t)
        buf.clear()

    def walk(node: etree._Element, depth: int) -> None:
        tag = local(node.tag).lower()
        if tag in SKIP_TAGS or depth > MAX_DEPTH:
            return
        if tag == "tr":
            flush()
            line = row_line([" ".join("".join(td.itertext()).replace("\xa0", " ").split())
                             for td in node if local(td.tag).lower() in ("td", "th")])
            if line:
                out.append(line)
            return
        block = tag in BLOCK_TAGS
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


def _cut_overlong(paragraphs: list[str]) -> list[str]:
    """A paragraph whose 'sentence' runs past _MAX_SENTENCE_WORDS (no full stop in a whole page: minified or
    generated text) is cut there, so no passage is larger than that: it would be embedded from its first
    256 word pieces only, and searched, stored and shown whole."""
    out: list[str] = []
    for para in paragraphs:
        if para.count(" ") + para.count("\n") < _MAX_SENTENCE_WORDS:
            out.append(para)
            continue
        kept: list[str] = []
        for sent in sentences(para):
            gaps = [m.start() for m in re.finditer(r"\s+", sent)]
            if len(gaps) < _MAX_SENTENCE_WORDS:
                kept.append(sent)
                continue
            if kept:
                out.append(" ".join(kept))
                kept = []
            cuts = [0, *gaps[_MAX_SENTENCE_WORDS - 1::_MAX_SENTENCE_WORDS], len(sent)]
            out.extend(p for p in (sent[a:b].strip() for a, b in zip(cuts, cuts[1:])) if p)
        if kept:
            out.append(" ".join(kept))
    return out


def parse_html(data: bytes | str, source: str, *, entity: str = "", cik: str = "", form: str = "",
               report_date: date | None = None, ticker: str = "", limits: Limits = LIMITS) -> ParsedFiling:
    """An HTML document read as a stream (index.parsers.htmlstream): memory follows its largest table and
    the passages it makes, not its size; limits are checked while it is read."""
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "replace")
    stream = HtmlStream(raw, source, limits)
    stream.read_until(_HEAD_CHARS)  # the tables wait for the cover page and the currency, which the text states first
    head = "\n".join(stream.lines)
    cover = cover_info(head)
    entity = entity or cover.entity
    ticker = ticker or (cover.ticker if not cik or entity == cover.entity else "")
    form = form or cover.form
    report_date = report_date or cover.period
    # the id is the bytes' (the text is only whole at the end, and the tables' facts are named by it before)
    filing_id = stable_id("html", source, hashlib.sha256(raw).hexdigest())
    # tables whose columns are periods (earnings releases, plain-HTML statements) also become facts
    facts, rows, notes = table_facts(None, tables=stream.tables(), filing_id=filing_id, source=source, entity=entity,
                                     cik=cik, ticker=ticker, form=form, report_date=report_date,
                                     doc_currency=document_currency(head))
    stream.finish()
    lines = stream.lines
    text = "\n".join(lines)
    facts = scale_from_text(facts, text)  # a table that states no scale, quoted by the text with one
    facts = with_interim_calendar(facts, text)  # a release's 'third quarter of fiscal 2024'
    del text
    if not lines:
        raise ParseError("the HTML holds no text: only markup" + (f" ({stream.problem})" if stream.problem else "") + ".",
                         "Check that it is the filing document itself and not an empty frame or a redirect page.",
                         source=source)
    sections: list[Section] = []
    title, paras = "Cover", []
    for line in lines:
        if _HEADING.match(line) and len(line) < 160 and not _TOC_LINE.search(line):
            if paras:
                sections.append(Section(title=title, heading=title, paragraphs=tuple(_cut_overlong(_paragraphs(paras)))))
            title, paras = " ".join(line.replace("|", " ").split()).rstrip("."), []
            continue
        paras.append(line)
    if paras:
        sections.append(Section(title=title, heading=title, paragraphs=tuple(_cut_overlong(_paragraphs(paras)))))
    del lines, paras
    fiscal_year = report_date.year if report_date and form in ("10-K", "20-F", "40-F") else None
    chunks, mentions = prose_chunks(sections, filing_id=filing_id, source=source, entity=entity, form=form, fiscal_year=fiscal_year)
    rows = [replace(c, position=len(chunks) + c.position) for c in rows]  # row passages follow the text's
    if stream.problem:
        notes.append(stream.problem)
    return ParsedFiling(filing_id=filing_id, source=source, format="html", title=f"{entity} {form}".strip() or source,
                        entity=entity, cik=cik, ticker=ticker, form=form, fiscal_year=fiscal_year,
                        fiscal_period="FY" if fiscal_year else "", report_date=report_date,
                        facts=tuple(facts), chunks=tuple(chunks + rows), mentions=tuple(mentions), warnings=tuple(notes))
