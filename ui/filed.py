"""A citation shown in the document as filed: the original file (kept by index.originals), sanitized,
with the cited cell or sentence marked ``id="fq-hit"`` so a link to ``#fq-hit`` scrolls to it.

How the cited place is found, by what the index knows of it:

* a fact tagged in inline XBRL: the ``ix:`` element with the fact's concept and context (every
  place the filing prints it is marked, the first is scrolled to);
* a fact of an XBRL instance: its element in the XML, shown as numbered lines around it;
* an untagged table cell (HTML, R pages): the row whose label is the fact's row, and in it the
  cell printed as the fact's raw text;
* a quoted sentence: the smallest block of text that contains it.

When nothing matches, the document is still shown, from its top, and the panel says so. Nothing
here guesses a place: a marked cell is one whose text is the cited text.
"""

from __future__ import annotations

import html as html_text
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import html

from index.facts import Fact
from index.originals import accession_number, documents, find_document
from index.parsers import Document
from qa import Citation

from .sanitize import parse_html_document, sanitize_tree

__all__ = ["FiledView", "filed_view", "edgar_link", "PAGE_CSP"]

log = logging.getLogger(__name__)

PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
_XML_WINDOW = 160  # lines shown after the cited element of an XBRL instance
_LINES_BEFORE = 3  # and before it (the end of the element before: a phone still shows the marked one)
_TEXT_LIMIT = 3_000_000  # characters of a plain-text document shown
_MARK_CSS = """
.fq-hit-also, .fq-hit-also * { background: #fef3c7 !important; color: #78350f !important; }
.fq-hit, .fq-hit *, .fq-hit-also .fq-hit { background: #fde68a !important; color: #78350f !important; }
.fq-hit { outline: 3px solid #f59e0b !important; outline-offset: 1px; scroll-margin-top: 35vh; }
.fq-img-gone { color: #64748b; font-style: italic; }
pre.fq-lines { font: 12px/1.5 ui-monospace, monospace; margin: 0; white-space: pre-wrap; word-break: break-all; color: #0f172a; }
.fq-ln { color: #64748b; display: inline-block; min-width: 5.5em; user-select: none; }
.fq-gap { color: #64748b; font: italic 12px sans-serif; padding: 4px 0; }
body.fq-plain { background: #ffffff; color: #0f172a; margin: 8px; }
"""


@dataclass(frozen=True)
class FiledView:
    document: str  # the file's name as filed
    kind: str  # 'html' | 'xml' | 'text'
    page: str  # the whole sanitized page to serve
    found: str  # how the cited place was found, in words ('' when it was not)
    hits: int  # places marked
    note: str = ""  # what of the document is shown, when not all of it


def _norm(text: str) -> str:
    return " ".join(html_text.unescape(text or "").replace("\xa0", " ").split()).strip()


def _read(escaped: str) -> str:
    """An XBRL text block's line as a reader reads it: unescaped (once or twice), its tags gone."""
    return _norm(re.sub(r"<[^>]*>", " ", html_text.unescape(html_text.unescape(escaped))))


def _cell_key(text: str) -> str:
    """A printed number as compared: no currency signs, spaces or dashes of layout ('$ (1,234)' -> '(1,234)')."""
    return re.sub(r"[\s$€£¥]|^[\u2014\u2013-]+$", "", _norm(text))


def _context_id(f: Fact) -> str:
    m = re.search(r"XBRL context (\S+)", f.period_basis or "")
    return m.group(1) if m else ""


def _mark(elements: list, how: str, together: bool = False) -> tuple[str, int]:
    """Mark the places found: the first is scrolled to; the others are other printings of the same
    fact (lighter), or, ``together``, the rest of one sentence that runs over several blocks."""
    for n, el in enumerate(elements):
        cls = el.get("class", "")
        el.set("class", f"{cls} {'fq-hit' if n == 0 or together else 'fq-hit-also'}".strip())
        if n == 0:
            el.set("id", "fq-hit")
    return (how if elements else ""), (min(1, len(elements)) if together else len(elements))


def _ix_elements(root, f: Fact) -> list:
    ctx, concept = _context_id(f), f.concept
    if not ctx or not concept:
        return []
    out = []
    for el in root.iter("ix:nonfraction", "ix:nonnumeric"):
        if el.get("name") == concept and el.get("contextref") == ctx and not _hidden(el):
            out.append(el)
    return out


def _hidden(el) -> bool:
    return any(isinstance(a.tag, str) and a.tag.lower() in ("ix:header", "ix:hidden") for a in el.iterancestors())


def _row_cells(root, f: Fact) -> list:
    """Cells printed as the fact's raw text in rows whose label is the fact's row label."""
    label = _norm((f.row_label or f.label).split(" | ")[0]).lower().rstrip(":")
    want = _cell_key(f.raw)
    if not label or not want:
        return []
    out = []
    for tr in root.iter("tr"):
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
        texts = [_norm(c.text_content()) for c in cells]
        first = next((t for t in texts if t), "")
        if _norm(first).lower().rstrip(":") != label:
            continue
        out.extend(c for c, t in zip(cells, texts) if t and _cell_key(t) == want)
    return out


_BLOCKS = ("p", "li", "td", "th", "div", "dd", "dt", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre")


def _sentence_blocks(root, sentence: str) -> tuple[list, bool]:
    """The smallest blocks holding the sentence: one block when one holds it, else the run of
    consecutive blocks it spans (a heading and the paragraph after it)."""
    wanted = _norm(sentence)
    if not wanted:
        return [], False
    leaves = [el for el in root.iter(*_BLOCKS) if not any(True for _ in el.iterdescendants(*_BLOCKS))]
    texts = [_norm(el.text_content()) for el in leaves]
    for probe in (wanted, wanted[:120], wanted[:50]):
        hits = [el for el, t in zip(leaves, texts) if probe and probe in t]
        if hits:
            return hits[:3], False
    joined, starts = "", []
    for t in texts:
        starts.append(len(joined))
        joined += t + " " if t else ""
    for probe in (wanted, wanted[:120]):
        at = joined.find(probe)
        if at >= 0:
            end = at + len(probe)
            return [el for el, a, t in zip(leaves, starts, texts) if t and a < end and a + len(t) > at][:8], True
    return [], False


def _html_view(doc: Document, fact: Fact | None, c: Citation) -> FiledView:
    root = parse_html_document(doc.data)
    found, hits = "", 0
    if fact is not None:
        els = _ix_elements(root, fact)
        if els:
            found, hits = _mark(els, f"the tagged fact {fact.concept} (context {_context_id(fact)})")
            for el in els[:1]:  # its table cell too, so the whole cell reads as marked
                td = next((a for a in el.iterancestors("td", "th")), None)
                if td is not None:
                    td.set("class", f"{td.get('class', '')} fq-hit-also".strip())
        else:
            found, hits = _mark(_row_cells(root, fact), f"the row “{(fact.row_label or fact.label).split(' | ')[0]}”, "
                                                        f"cell printed “{fact.raw}”")
    else:
        blocks, spans = _sentence_blocks(root, c.raw or c.snippet)
        found, hits = _mark(blocks, "the quoted sentence", together=spans)
    sanitize_tree(root)
    head = root.find("head")
    if head is None:
        head = html.Element("head")
        root.insert(0, head)
    charset, csp, style = html.Element("meta"), html.Element("meta"), html.Element("style")
    charset.set("charset", "utf-8")
    csp.set("http-equiv", "Content-Security-Policy")
    csp.set("content", PAGE_CSP)
    style.text = _MARK_CSS
    for el in (style, csp, charset):
        head.insert(0, el)
    page = html.tostring(root, method="html", encoding="unicode", doctype="<!DOCTYPE html>")
    return FiledView(doc.name, "html", page, found, hits)


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
            f'content="{PAGE_CSP}"><title>{html_text.escape(title)}</title><style>{_MARK_CSS}</style></head>'
            f'<body class="fq-plain">{body}</body></html>')


def _lines_page(name: str, lines: list[str], hit: tuple[int, int] | None, window: int | None) -> tuple[str, str]:
    """Numbered lines (1-based ``hit`` = first and last line marked), all of them or a window around the hit."""
    lo, hi = 0, len(lines)
    if window is not None and hit is not None:
        # a few lines above it: the frame opens at the element even where the browser does not follow '#fq-hit'
        # (a phone's frame loaded below the fold was seen opening at the window's top, 160 lines above)
        lo, hi = max(0, hit[0] - 1 - _LINES_BEFORE), min(len(lines), hit[1] + window)
    elif window is not None:
        hi = min(len(lines), 2 * window)
    out = []
    if lo:
        out.append(f'<div class="fq-gap">⋮ lines 1–{lo:,} not shown</div>')
    body = []
    for n in range(lo, hi):
        text = html_text.escape(lines[n])
        row = f'<span class="fq-ln">{n + 1:,}</span>{text}'
        if hit is not None and hit[0] <= n + 1 <= hit[1]:
            row = f'<span class="fq-hit"{" id=fq-hit" if n + 1 == hit[0] else ""}>{row}</span>'
        body.append(row)
    out.append('<pre class="fq-lines">' + "\n".join(body) + "</pre>")
    if hi < len(lines):
        out.append(f'<div class="fq-gap">⋮ lines {hi + 1:,}–{len(lines):,} not shown</div>')
    note = f"lines {lo + 1:,}–{hi:,} of {len(lines):,} shown" if (lo or hi < len(lines)) else ""
    return _page(name, "".join(out)), note


def _element_lines(lines: list[str], line: int, local: str) -> tuple[int, int]:
    """The lines an element spans: the parser reports a line of its start tag (often its last, when the
    attributes run over several), so look back for the tag's opening and on for its closing."""
    opening = re.compile(rf"<(?:[\w.-]+:)?{re.escape(local)}\b")
    closing = re.compile(rf"</(?:[\w.-]+:)?{re.escape(local)}\s*>|/>\s*$")
    start = line
    while start > 1 and start > line - 40 and not opening.search(lines[start - 1]):
        start -= 1
    if not opening.search(lines[start - 1]):
        start = line
    end = start
    while end < len(lines) and end < start + 200 and not closing.search(lines[end - 1]):
        end += 1
    return start, end


def _xml_view(doc: Document, fact: Fact | None, c: Citation) -> FiledView:
    from lxml import etree

    from index.parsers.xmlsafe import parse_xml

    text = doc.data.decode("utf-8", "replace")
    lines = text.splitlines()
    hit, found = None, ""
    if fact is not None and fact.concept:
        local, ctx = fact.concept.split(":")[-1], _context_id(fact)
        try:
            root = parse_xml(doc.data, doc.name)
            for el in root.iter():
                if isinstance(el.tag, str) and etree.QName(el).localname == local and el.get("contextRef") == ctx:
                    hit, found = _element_lines(lines, el.sourceline, local), f"the element {fact.concept} (context {ctx})"
                    break
        except Exception:  # an instance the index read but lxml will not: show it unmarked
            log.exception("reading %s to place a fact", doc.name)
    elif fact is None:  # a sentence of a text block: the line whose (escaped) text holds its words
        quote = _norm(c.raw or c.snippet)
        # the block's markup is escaped text: a heading and its paragraph are 'a</div><div>b' there, 'a b' when read
        probes = [p for p in (quote[:60], quote[len(quote) // 2:len(quote) // 2 + 60]) if len(p) >= 20]
        for n, line in enumerate(lines, 1):
            if any(p in line for p in probes) or (probes and any(p in _read(line) for p in probes)):
                hit, found = (n, n), "the quoted sentence (inside the filing's text block)"
                break
    page, note = _lines_page(doc.name, lines, hit, _XML_WINDOW)
    return FiledView(doc.name, "xml", page, found, 1 if hit else 0, note)


def _text_view(doc: Document, fact: Fact | None, c: Citation) -> FiledView:
    from index.parsers import decode_text

    text = decode_text(doc.data, doc.name)[:_TEXT_LIMIT]
    lines = text.splitlines()
    hit, found = None, ""
    if fact is not None:
        label = _norm(fact.label).lower()
        for n, line in enumerate(lines, 1):
            low = _norm(line).lower()
            if label and label in low and fact.raw.strip() and fact.raw.strip() in line:
                hit, found = (n, n), f"the row “{fact.label}”, cell printed “{fact.raw}”"
                break
    else:
        probe = _norm(c.raw or c.snippet)[:80]
        for n, line in enumerate(lines, 1):
            if probe and probe in _norm(line):
                hit, found = (n, n), "the quoted sentence"
                break
    page, note = _lines_page(doc.name, lines, hit, None)
    return FiledView(doc.name, "text", page, found, 1 if hit else 0, note)


def _kind(data: bytes) -> str:
    head = data[:20000].decode("utf-8", "replace")
    low = head.lower()
    from index.parsers.xbrl import looks_like_instance

    if looks_like_instance(head) and "<html" not in low:
        return "xml"
    if re.search(r"<(?:html|body|table|div|p)\b", low) or "<!doctype html" in low:
        return "html"
    return "text"


def filed_view(reader, c: Citation) -> tuple[FiledView | None, str]:
    """The cited document with the citation marked, or (None, why not)."""
    fact, chunk = None, None
    if c.fact_id:
        found = reader.facts_by_id([c.fact_id])
        fact = found[0] if found else None
    if fact is None and c.chunk_id:
        found = reader.chunks_by_id([c.chunk_id])
        chunk = found[0] if found else None
    if fact is None and chunk is None:
        return None, "This citation's filing is no longer in the index."
    filing_id = fact.filing_id if fact is not None else chunk.filing_id
    info = next((f for f in reader.filings() if f.filing_id == filing_id), None)
    folder = getattr(reader, "path", None)
    if info is None or not isinstance(folder, Path):
        return None, "This store does not keep the filed documents (a PostgreSQL store); the indexed text is shown instead."
    doc = find_document(folder, info.sha256, fact.source if fact is not None else chunk.source, info.source)
    if doc is None:
        return None, ("The index does not hold this filing's original files (it was indexed before filingqa kept them); "
                      "remove the filing and add it again to see it as filed. The indexed text is shown instead.")
    kind = _kind(doc.data)
    try:
        if kind == "html":
            return _html_view(doc, fact, c), ""
        if kind == "xml":
            return _xml_view(doc, fact, c), ""
        return _text_view(doc, fact, c), ""
    except Exception:  # a document the index read but this view cannot: say so, the evidence still stands
        log.exception("showing %s as filed", doc.name)
        return None, "The filed document could not be shown here; the indexed text is shown instead."


_EDGAR = "https://www.sec.gov"


def edgar_link(reader, c: Citation) -> tuple[str, str]:
    """(url, words) for the filing on EDGAR: the filing itself when its accession number is known,
    else the company's filing list by CIK; ('', '') when neither is known."""
    fact = reader.facts_by_id([c.fact_id])[0] if c.fact_id and reader.facts_by_id([c.fact_id]) else None
    chunk = reader.chunks_by_id([c.chunk_id])[0] if fact is None and c.chunk_id and reader.chunks_by_id([c.chunk_id]) else None
    filing_id = fact.filing_id if fact is not None else chunk.filing_id if chunk is not None else ""
    info = next((f for f in reader.filings() if f.filing_id == filing_id), None)
    if info is None:
        return "", ""
    cik = fact.cik if fact is not None else ""
    # an exhibit indexed as its own filing has no facts: the main document of the same submission names the CIK
    for fid in [filing_id] + [f.filing_id for f in reader.filings() if f.sha256 == info.sha256 and f.filing_id != filing_id]:
        if cik:
            break
        some = reader.query_facts("filing_id = ? AND cik <> ''", [fid], limit=1)
        cik = some[0].cik if some else ""
    folder = getattr(reader, "path", None)
    docs = documents(folder, info.sha256) if isinstance(folder, Path) else None
    if not cik:
        m = next((m for d in docs or () if (m := re.search(rb"CENTRAL INDEX KEY:\s*(\d{1,10})", d.data[:6000]))), None)
        cik = m.group(1).decode() if m else ""
    accession = accession_number(info.source, docs)
    digits = cik.lstrip("0") if cik and cik.strip().isdigit() else ""
    if accession and digits:
        return (f"{_EDGAR}/Archives/edgar/data/{digits}/{accession.replace('-', '')}/{accession}-index.htm",
                f"Filing {accession} on EDGAR")
    if accession:
        return f"{_EDGAR}/edgar/search/#/q=%22{accession}%22", f"Search EDGAR for filing {accession}"
    if digits:
        form = f"&type={info.form}" if info.form else ""
        return (f"{_EDGAR}/cgi-bin/browse-edgar?action=getcompany&CIK={cik.zfill(10)}{form}&dateb=&owner=include&count=40",
                "The company's filings on EDGAR (this filing's accession number is not in its files)")
    return "", ""
