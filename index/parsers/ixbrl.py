"""Inline XBRL (``.htm`` 10-K/10-Q): the tagged facts plus the document's text by section.

Tagged numbers are read as the filer printed them and normalised with their ``format``,
``scale`` and ``sign`` attributes; text is chunked under its Item / note headings.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from lxml import etree

from .blocktext import block_text

from ..errors import ParseError
from ..facts import ParsedFiling
from .chunking import Section
from .numbers import canonical
from .html import text_lines
from .xbrl import TaggedFact, build_filing, read_contexts, read_units
from .xbrl_links import Taxonomy
from .xmlsafe import local, parse_xml

__all__ = ["looks_like_ixbrl", "parse_ixbrl", "ix_number", "document_sections"]

_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                     "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())}
_HEADING = re.compile(r"^(?:PART\s+[IVX]+\b.{0,80}|Item\s+\d+[A-Z]?\.?\s.{0,120}|Note\s+\d+\s*[–—:.-].{0,100})$", re.I)


def looks_like_ixbrl(head: str) -> bool:
    return "http://www.xbrl.org/2013/inlineXBRL" in head or bool(re.search(r"<ix:(?:header|nonFraction|nonNumeric)\b", head))


def ix_number(text: str, fmt: str) -> Decimal | None:
    """The number an ix:nonFraction shows, before scale and sign."""
    fmt = fmt.split(":")[-1].lower()
    t = " ".join(text.split()).strip()
    if fmt in ("fixed-zero", "zerodash") or t in ("—", "–", "-", ""):
        return Decimal(0)
    if fmt.startswith("numwords"):
        w = t.lower().replace("-", " ")
        return Decimal(_WORDS[w]) if w in _WORDS else (Decimal(0) if w in ("no", "none") else None)
    if "comma-decimal" in fmt or fmt in ("numcommadecimal",):
        t = t.replace(".", "").replace(" ", "").replace(",", ".")
    t = re.sub(r"[^\d.]", "", t)
    if not t or t == ".":
        return None
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


def _text(el: etree._Element) -> str:
    return block_text(el)


def parse_ixbrl(data: bytes, source: str, taxonomy: Taxonomy | None = None) -> ParsedFiling:
    root = parse_xml(data, source)
    contexts, units = read_contexts(root), read_units(root)
    by_id = {el.get("id"): el for el in root.iter("{*}continuation") if el.get("id")}
    tagged: list[TaggedFact] = []
    titles: dict = {}  # table element -> its heading
    for n, el in enumerate(root.iter("{*}nonFraction", "{*}nonNumeric")):
        name, ctx = el.get("name"), el.get("contextRef")
        if not name or not ctx or el.get("{http://www.w3.org/2001/XMLSchema-instance}nil") in ("true", "1"):
            continue
        if local(el.tag) == "nonFraction":
            raw = " ".join(_text(el).split())
            number = ix_number(raw, el.get("format", ""))
            if number is None:
                continue
            scale = int(el.get("scale", "0") or 0)
            value = canonical(number.scaleb(scale) * (-1 if el.get("sign") == "-" else 1))
            dec = el.get("decimals")
            doc_label, doc_title = row_context(el, titles)
            tagged.append(TaggedFact(name, ctx, el.get("unitRef"), value, None, raw,
                                     None if dec in (None, "INF") else int(dec), scale, n, doc_label, doc_title))
        else:
            parts, nxt, hops = [_text(el)], el.get("continuedAt"), 0
            while nxt and nxt in by_id and hops < 100:
                parts.append(_text(by_id[nxt]))
                nxt, hops = by_id[nxt].get("continuedAt"), hops + 1
            text = "\n".join(parts)
            tagged.append(TaggedFact(name, ctx, None, None, text, " ".join(text.split())[:200], None, 0, n))
    if not tagged:
        raise ParseError("it looks like inline XBRL but has no tagged facts.", source=source)
    return build_filing(tagged, contexts, units, taxonomy or Taxonomy(), source=source, fmt="ixbrl",
                        extra_sections=document_sections(root))


_GENERIC_ROW = re.compile(r"^\s*(?:other|others|total|subtotal|net|all other|total other)(?:,?\s*net)?\W*$", re.I)


def row_context(el: etree._Element, titles: dict) -> tuple[str, str]:
    """(line item printed at the start of ``el``'s table row, heading above its table), '' when
    the fact is not in a table or its row starts with a number. ``titles`` caches per table."""
    from .htmltables import _preceding_lines, _title  # the same caption reading as untagged tables

    tr = next((a for a in el.iterancestors() if isinstance(a.tag, str) and local(a.tag).lower() == "tr"), None)
    if tr is None:
        return "", ""
    first = next((td for td in tr if isinstance(td.tag, str) and local(td.tag).lower() in ("td", "th")
                  and " ".join(_text(td).split())), None)
    label = " ".join(_text(first).split()) if first is not None else ""
    if (first is None or el in first.iter() or not (3 <= len(label) <= 160) or not re.search(r"[A-Za-z]{3}", label)
            or _GENERIC_ROW.match(label)):
        label = ""  # no line item, or one that says less than the concept's name ("Other", "Total")
    table = next((a for a in tr.iterancestors() if isinstance(a.tag, str) and local(a.tag).lower() == "table"), None)
    if table is None:
        return label, ""
    if table not in titles:
        caption = _preceding_lines(table)
        titles[table] = _title(caption, "") if caption else ""
        titles[(table, "rows")] = _qualified_labels(table)
    return titles[(table, "rows")].get(tr, label) if label else label, titles[table]


def _qualified_labels(table: etree._Element) -> dict:
    """{row: its label with its heading} for a short label the table prints under more than one heading
    ("State" under "Current:" and under "Deferred:"): without its heading it names neither. The same
    reading as an untagged table's rows (index.parsers.htmltables._label)."""
    from .htmltables import _DATED, _label

    rows = []  # (tr, printed label, heading above it)
    section = ""
    for tr in (el for el in table.iter() if isinstance(el.tag, str) and local(el.tag).lower() == "tr"):
        texts = [" ".join(_text(td).split()) for td in tr if isinstance(td.tag, str) and local(td.tag).lower() in ("td", "th")]
        texts = [t for t in texts if t]
        if not texts:
            continue
        if len(texts) == 1 and not re.search(r"\d", texts[0]):
            section = texts[0]  # a heading row: 'Deferred:'
            continue
        printed = texts[0]
        rows.append((tr, printed, section))
        if printed.upper() == printed or printed.lower().startswith("total"):
            section = ""  # a capitalised line item or a total ends the heading's rows
    seen: dict[str, int] = {}
    for _, printed, _ in rows:
        seen[printed.lower()] = seen.get(printed.lower(), 0) + 1
    return {tr: _label(printed, section, True)[0] for tr, printed, section in rows
            if seen[printed.lower()] > 1 and section and not _DATED.search(section)}


def document_sections(root: etree._Element) -> list[Section]:
    """Body text (tables and the hidden ix:header left out) split at Item / Part / Note headings."""
    body = next(root.iter("{*}body"), root)
    for el in list(body.iter("{*}header", "{*}table", "{*}script", "{*}style")):
        parent = el.getparent()
        if parent is not None:
            tail = el.tail
            parent.remove(el)
            if tail:
                prev = parent[-1] if len(parent) else None
                if prev is not None:
                    prev.tail = (prev.tail or "") + tail
                else:
                    parent.text = (parent.text or "") + tail
    sections: list[Section] = []
    title, paras = "Document", []
    for block in text_lines(body):
        if _HEADING.match(block) and len(block) < 160:
            if paras:
                sections.append(Section(title=title, heading=title, paragraphs=tuple(paras)))
            title, paras = block.rstrip("."), []
            continue
        if len(block) > 2 and not re.fullmatch(r"[\d\s|.,()$%—–-]+", block):
            paras.append(block)
    if paras:
        sections.append(Section(title=title, heading=title, paragraphs=tuple(paras)))
    return sections
