"""An independent reader of XBRL instances and inline XBRL, for the generated harness's gold.

    from eval.xbrl_facts import read_facts
    facts = read_facts([Path("../shared/corpus"), Path("../shared/extra-corpus/newco")])

Reads contexts (entity, period, explicit and typed dimensions), units (measures and divides),
decimals, and for inline XBRL the display transforms, ``scale`` and ``sign``; dei cover facts name
each filing (registrant, CIK, ticker, form, fiscal year and period, period end). Labels come from the
filing's label linkbase (the presentation's preferred label first) or, for a self-contained inline
document, from the text of the table row a fact is displayed in.

Written from the XBRL 2.1 / Inline XBRL 1.1 specifications, sharing no code with ``index/parsers``
(the engine's parsers): where the two disagree, one of them is wrong, which is the point
(``tests/test_xbrl_reader.py`` cross-checks them). Duplicates of one fact are folded as the
specification says: consistent copies (equal once rounded to the lesser precision) give the most
precise one; inconsistent copies are all kept, so a question about them has no single gold.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable

from lxml import etree

from index.errors import ParseError

from .xbrl_docs import Document, Labels, documents_of, filing_groups, qname, qname_of_uri
from .xbrl_model import XFact, XMember, XPeriod

__all__ = ["read_facts", "read_document", "RawFact", "ix_number"]

XBRLI = "http://www.xbrl.org/2003/instance"
XBRLDI = "http://xbrl.org/2006/xbrldi"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
IX = ("http://www.xbrl.org/2013/inlineXBRL", "http://www.xbrl.org/2008/inlineXBRL")
_NOT_FACTS = {"context", "unit", "schemaRef", "linkbaseRef", "roleRef", "arcroleRef", "footnoteLink"}


@dataclass(frozen=True, kw_only=True, slots=True)
class RawFact:
    """One fact element as read, before the filing's dei and labels are known."""

    concept: str
    context: str | None
    unit: str | None  # the unit's id in the document
    raw: str
    value: Decimal | None
    text: str | None
    decimals: int | None
    row_label: str
    source: str
    ordinal: int


# --- contexts and units ----------------------------------------------------------------------------
def _date(text: str, *, end: bool) -> date:
    """An XBRL date; a dateTime at midnight as an end means the day before (XBRL 2.1 4.7.2)."""
    t = text.strip()
    d = date.fromisoformat(t[:10])
    if end and len(t) > 10 and t[10:].startswith("T00:00:00"):
        d -= timedelta(days=1)
    return d


def _period(p) -> XPeriod | None:
    """A context's period; None for 'forever' or a date no calendar has (its facts then have no period)."""
    if p is None:
        return None
    inst, start, end = (p.find(f"{{{XBRLI}}}{n}") for n in ("instant", "startDate", "endDate"))
    try:
        if inst is not None and inst.text:
            return XPeriod(end=_date(inst.text, end=True))
        if start is not None and end is not None and start.text and end.text:
            return XPeriod(start=_date(start.text, end=False), end=_date(end.text, end=True), kind="duration")
    except ValueError:
        return None
    return None


def _contexts(root, labels: Labels) -> dict[str, tuple[str, XPeriod | None, tuple[XMember, ...]]]:
    out = {}
    for ctx in root.iter(f"{{{XBRLI}}}context"):
        ident = ctx.find(f"{{{XBRLI}}}entity/{{{XBRLI}}}identifier")
        cik = (ident.text or "").strip() if ident is not None else ""
        period = _period(ctx.find(f"{{{XBRLI}}}period"))
        dims = []
        for m in ctx.iter(f"{{{XBRLDI}}}explicitMember", f"{{{XBRLDI}}}typedMember"):
            axis = qname(m.get("dimension", ""), m)
            if m.tag.endswith("explicitMember"):
                mq = qname((m.text or "").strip(), m)
                dims.append(XMember(axis=axis, member=labels.member_name(mq), member_qname=mq))
            else:
                typed = " ".join("".join(m.itertext()).split())
                dims.append(XMember(axis=axis, member=typed, member_qname=f"typed:{typed}"))
        out[ctx.get("id", "")] = (cik, period, tuple(sorted(dims)))
    return out


def _measure(el) -> str:
    text = (el.text or "").strip()
    return text.split(":", 1)[-1] if ":" in text else text


def _units(root) -> dict[str, str]:
    out = {}
    for u in root.iter(f"{{{XBRLI}}}unit"):
        num = u.find(f"{{{XBRLI}}}divide/{{{XBRLI}}}unitNumerator")
        den = u.find(f"{{{XBRLI}}}divide/{{{XBRLI}}}unitDenominator")
        if num is not None and den is not None:
            name = "*".join(_measure(m) for m in num.iter(f"{{{XBRLI}}}measure")) + "/" + \
                "*".join(_measure(m) for m in den.iter(f"{{{XBRLI}}}measure"))
        else:
            name = "*".join(_measure(m) for m in u.iter(f"{{{XBRLI}}}measure"))
        out[u.get("id", "")] = name
    return out


def _decimals(text: str | None) -> int | None:
    if text is None or text.strip().upper() in ("", "INF"):
        return None
    try:
        return int(text.strip())
    except ValueError:
        return None


# --- inline XBRL display transforms ----------------------------------------------------------------
_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                     "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())}
_WORDS.update({"no": 0, "none": 0, "nil": 0})
_DASHES = {"-", "—", "–", "‒", "−", ""}


def ix_number(text: str, fmt: str) -> Decimal | None:
    """The number an inline fact displays, by its ``format`` (ixt 1-5 and ixt-sec names). None when
    the text does not fit the format (a reader bug or a filing's error; the fact is then left out)."""
    f = re.sub(r"[^a-z]", "", fmt.split(":")[-1].lower())
    t = " ".join(text.replace("\u00a0", " ").split())
    if f in ("zerodash", "fixedzero", "numdash") or (f and t in _DASHES):
        return Decimal(0)
    if f == "numwordsen":
        words = t.lower().replace("-", " ").split()
        if len(words) == 1 and words[0] in _WORDS:
            return Decimal(_WORDS[words[0]])
        return None
    if f in ("numcommadecimal", "numdotcomma", "numspacecomma"):  # 1.234,5 (ixt 4+ name, then ixt 1 names)
        t = t.replace(".", "").replace(" ", "").replace(",", ".")
    else:  # num-dot-decimal, numcommadot, numspacedot, no format (the lexical form itself)
        t = t.replace(",", "").replace(" ", "")
    if not re.fullmatch(r"\d+(\.\d+)?|\.\d+", t):
        return None
    try:
        return Decimal(t)
    except InvalidOperation:  # pragma: no cover - the pattern above admits only decimals
        return None


def _text(el, skip_tag: str) -> str:
    """Text of an element without its ``ix:exclude`` parts."""
    parts = []

    def walk(node):
        if node.tag == skip_tag:
            if node.tail:
                parts.append(node.tail)
            return
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if node is not el and node.tail:
            parts.append(node.tail)

    walk(el)
    return " ".join("".join(parts).replace("\u00a0", " ").split())


_FOOTNOTE = re.compile(r"(\s*(\(\s*[0-9a-z]{1,2}\s*\)|\*+|[†‡§]))+$")


def _row_label(el) -> str:
    """The text of the first cell of the table row an inline fact is displayed in (its line item as
    printed), or '' when it is not in a table row or the row starts with a number."""
    tr = next((a for a in el.iterancestors() if etree.QName(a).localname == "tr"), None)
    if tr is None:
        return ""
    for cell in tr:
        if etree.QName(cell).localname not in ("td", "th"):
            continue
        text = " ".join("".join(cell.itertext()).replace("\u00a0", " ").split())
        if text:  # without footnote markers: 'Revenue recognized (2)' is the line 'Revenue recognized'
            text = _FOOTNOTE.sub("", text).rstrip(" :")
            return text if re.search(r"[A-Za-z]{2}", text) else ""
    return ""


# --- one document ----------------------------------------------------------------------------------
def _instance_facts(doc: Document, root) -> list[RawFact]:
    out = []
    for i, el in enumerate(root):
        if not isinstance(el.tag, str) or el.get("contextRef") is None:
            continue
        q = etree.QName(el)
        if q.localname in _NOT_FACTS:
            continue
        concept = qname_of_uri(q.namespace, el.prefix, q.localname)
        nil = el.get(f"{{{XSI}}}nil") == "true"
        raw = "".join(el.itertext()).strip()
        value = text = None
        if el.get("unitRef") is not None:
            if not nil:
                try:
                    value = Decimal(raw)
                except InvalidOperation:
                    continue
        elif not nil:
            text = " ".join(raw.replace("\u00a0", " ").split())
        out.append(RawFact(concept=concept, context=el.get("contextRef"), unit=el.get("unitRef"), raw=raw, value=value,
                           text=text, decimals=_decimals(el.get("decimals")), row_label="", source=doc.name, ordinal=i))
    return out


def _inline_facts(doc: Document, root, ns: str) -> list[RawFact]:
    exclude = f"{{{ns}}}exclude"
    continuations = {c.get("id"): c for c in root.iter(f"{{{ns}}}continuation")}
    out = []
    for i, el in enumerate(root.iter(f"{{{ns}}}nonFraction", f"{{{ns}}}nonNumeric")):
        concept = qname(el.get("name", ""), el)
        nil = el.get(f"{{{XSI}}}nil") == "true"
        hidden = any(etree.QName(a).localname == "hidden" for a in el.iterancestors())
        row = "" if hidden else _row_label(el)
        if el.tag.endswith("nonFraction"):
            raw = " ".join("".join(el.itertext()).replace("\u00a0", " ").split())
            value = None
            if not nil:
                value = ix_number(raw, el.get("format", ""))
                if value is None:
                    continue
                scale = el.get("scale", "0") or "0"
                if not re.fullmatch(r"-?\d{1,2}", scale.strip()):
                    continue  # not a power of ten a filing can mean
                value = value.scaleb(int(scale))
                if el.get("sign") == "-":
                    value = -value
            out.append(RawFact(concept=concept, context=el.get("contextRef"), unit=el.get("unitRef"), raw=raw, value=value,
                               text=None, decimals=_decimals(el.get("decimals")), row_label=row, source=doc.name,
                               ordinal=i))
        else:
            text, seen, nxt = _text(el, exclude), set(), el.get("continuedAt")
            while nxt and nxt in continuations and nxt not in seen:  # a chain, never a loop
                seen.add(nxt)
                text = f"{text} {_text(continuations[nxt], exclude)}".strip()
                nxt = continuations[nxt].get("continuedAt")
            out.append(RawFact(concept=concept, context=el.get("contextRef"), unit=None, raw=text, value=None,
                               text=None if nil else text, decimals=None, row_label=row, source=doc.name, ordinal=i))
    return out


def read_document(doc: Document, labels: Labels) -> tuple[list[RawFact], dict, dict]:
    """(facts, contexts, units) of one instance or inline document."""
    root = doc.root()
    ns = next((n for n in IX if root.find(f".//{{{n}}}header") is not None), None)
    facts = _inline_facts(doc, root, ns) if ns else _instance_facts(doc, root)
    return facts, _contexts(root, labels), _units(root)


# --- a filing: dei, labels, duplicates -------------------------------------------------------------
_DATE_WORDS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                           "dec"), 1)}


def _parse_report_date(text: str) -> date | None:
    t = " ".join(text.replace(",", " ").replace(".", " ").split()).lower()
    for pat, order in ((r"(\d{4})-(\d{2})-(\d{2})", "ymd"), (r"(\d{1,2})/(\d{1,2})/(\d{4})", "mdy"),
                       (r"([a-z]{3})[a-z]*\s+(\d{1,2})\s+(\d{4})", "Mdy"), (r"(\d{1,2})\s+([a-z]{3})[a-z]*\s+(\d{4})", "dMy")):
        m = re.fullmatch(pat, t)
        if not m:
            continue
        g = m.groups()
        try:
            if order == "ymd":
                return date(int(g[0]), int(g[1]), int(g[2]))
            if order == "mdy":
                return date(int(g[2]), int(g[0]), int(g[1]))
            if order == "Mdy" and g[0] in _DATE_WORDS:
                return date(int(g[2]), _DATE_WORDS[g[0]], int(g[1]))
            if order == "dMy" and g[1] in _DATE_WORDS:
                return date(int(g[2]), _DATE_WORDS[g[1]], int(g[0]))
        except ValueError:
            return None
    return None


def _dei(facts: list[RawFact], contexts: dict) -> dict:
    """The cover facts that name a filing; undimensioned facts first."""
    got: dict[str, str] = {}
    for undimensioned in (True, False):
        for f in facts:
            local = f.concept.split(":")[-1]
            if not f.concept.startswith("dei:") or f.text is None or local in got:
                continue
            if (not contexts.get(f.context, ("", None, ()))[2]) == undimensioned:
                got[local] = f.text
    cik = got.get("EntityCentralIndexKey", "") or next((c[0] for c in contexts.values() if c[0]), "")
    fy = got.get("DocumentFiscalYearFocus", "")
    report = _parse_report_date(got.get("DocumentPeriodEndDate", ""))
    if report is None:  # the document's own period: the context of its DocumentType fact
        doc_ctx = next((contexts.get(f.context) for f in facts if f.concept == "dei:DocumentType"), None)
        report = doc_ctx[1].end if doc_ctx and doc_ctx[1] else None
    return {"entity": got.get("EntityRegistrantName", ""), "cik": cik.lstrip("0"), "ticker": got.get("TradingSymbol", ""),
            "form": got.get("DocumentType", ""), "fiscal_year": int(fy) if re.fullmatch(r"\d{4}", fy) else None,
            "fiscal_period": got.get("DocumentFiscalPeriodFocus", "").upper(), "report_date": report}


def _fact_id(*parts) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:16]


def _round(v: Decimal, d: int) -> Decimal:
    return v.scaleb(d).to_integral_value(ROUND_HALF_UP).scaleb(-d)


def fold_duplicates(facts: list[XFact]) -> list[XFact]:
    """One fact per (concept, period, dimensions, unit) when its copies are consistent: the most
    precise; every copy when they are not (numbers that differ once rounded, or different texts)."""
    groups: dict[tuple, list[XFact]] = defaultdict(list)
    for f in facts:
        groups[f.key].append(f)
    out = []
    for fs in groups.values():
        if len(fs) == 1:
            out.append(fs[0])
            continue
        if fs[0].value is None:
            if len({f.text_value for f in fs}) == 1:
                out.append(fs[0])
            elif len({f.source for f in fs}) > 1 and any(f.inline for f in fs):
                # one fact in two documents of a filing: the inline one is displayed, the instance
                # extracted from it holds the transformed value ('California' vs 'CA'); keep the displayed
                shown = [f for f in fs if f.inline]
                out.extend(shown if len({f.text_value for f in shown}) > 1 else shown[:1])
            else:
                out.extend(fs)
            continue
        finite = [f.decimals for f in fs if f.decimals is not None]
        least = min(finite) if finite else None
        values = {f.value if least is None else _round(f.value, least) for f in fs}
        if len(values) == 1:
            out.append(max(fs, key=lambda f: (f.decimals is None, f.decimals or 0)))
        else:
            out.extend(fs)
    return out


def _assemble(docs: list[Document], labels: Labels) -> list[XFact]:
    out: list[XFact] = []
    for doc in docs:
        try:
            raw, contexts, units = read_document(doc, labels)
        except (etree.XMLSyntaxError, ValueError) as exc:
            raise ParseError(f"{doc.name}: not readable as XBRL ({exc}).", source=doc.name) from exc
        dei = _dei(raw, contexts)
        filing_id = f"{dei['cik'] or 'unknown'}:{dei['form']}:{dei['report_date'] or ''}"
        row_labels: dict[str, str] = {}
        for f in raw:
            if f.row_label and f.concept not in row_labels:
                row_labels[f.concept] = f.row_label
        for f in raw:
            cik, period, dims = contexts.get(f.context, ("", None, ()))
            label = labels.concept_label(f.concept) or row_labels.get(f.concept, "")
            out.append(XFact(fact_id=_fact_id(doc.name, f.concept, f.context, f.unit, f.ordinal), filing_id=filing_id,
                             source=doc.name, concept=f.concept, label=label, raw=f.raw, value=f.value,
                             text_value=f.text, unit=units.get(f.unit) if f.unit else None, decimals=f.decimals,
                             period=period, dimensions=dims, context_id=f.context or "", inline=doc.kind == "inline", **dei))
    return out


def read_facts(paths: Iterable[str | Path], fold: bool = True) -> list[XFact]:
    """Every XBRL fact in these files and folders (recursively): instances, inline documents and
    EDGAR submission .txt files holding them. Files of other kinds are passed over. ``fold=False``
    keeps every copy of a duplicated fact (for comparing with another reader)."""
    out: list[XFact] = []
    for docs, labels in filing_groups(documents_of(paths)):
        out.extend(_assemble(docs, labels))
    # facts of one filing read from two documents (an inline document and the instance extracted
    # from it) are one filing: fold across the documents, keeping the first document's source
    folded = fold_duplicates(out) if fold else out
    return sorted(folded, key=lambda f: (f.filing_id, f.source, f.concept, f.period.iso() if f.period else "", f.fact_id))
