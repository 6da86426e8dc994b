"""XBRL instance documents (``.xml``): every fact with its context, unit and labels.

The same model serves inline XBRL (:mod:`.ixbrl`): both yield :class:`TaggedFact`\\ s plus the
contexts and units, and :func:`build_filing` turns them into our Facts and chunks, with labels,
statement titles and row order from the filing's taxonomy files when they are at hand.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation

from lxml import etree

from ..errors import ParseError
from ..facts import Chunk, Fact, Member, ParsedFiling, Period, stable_id
from .chunking import Section, prose_chunks
from .numbers import canonical, format_number, parse_date
from .prose import paragraphs
from .html import text_lines
from .xbrl_links import Taxonomy
from .xmlsafe import local, parse_xml

__all__ = ["Context", "TaggedFact", "looks_like_instance", "parse_instance", "read_contexts", "read_units",
           "build_filing", "html_to_paragraphs", "period_label"]

XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
_SKIP_NS_PREFIXES = ("xbrli", "link", "xlink", "xbrldi", "ix", "ixt", "xsi")
_DEI_META = ("EntityRegistrantName", "EntityCentralIndexKey", "TradingSymbol", "DocumentType",
             "DocumentFiscalYearFocus", "DocumentFiscalPeriodFocus", "DocumentPeriodEndDate")
_SHORT_TEXT = 300  # longer text facts are passages (chunks), not cells


@dataclass(frozen=True)
class Context:
    cik: str
    period: Period
    dims: tuple[tuple[str, str], ...]  # (axis qname, member qname or typed value)


@dataclass(frozen=True)
class TaggedFact:
    concept: str  # 'us-gaap:Revenues'
    context_id: str
    unit_id: str | None
    value: Decimal | None  # numeric facts, base units, sign applied
    text: str | None  # non-numeric facts (HTML already reduced to text)
    raw: str  # as printed (inline XBRL) or as stored (instance)
    decimals: int | None
    scale: int = 0
    order: int = 0
    doc_label: str = ""  # inline XBRL: the line item printed at the start of the fact's table row
    doc_title: str = ""  # inline XBRL: the heading above the fact's table


def looks_like_instance(head: str) -> bool:
    return bool(re.search(r"<(?:\w+:)?xbrl[\s>]", head)) and "contextRef" in head or (
        "http://www.xbrl.org/2003/instance" in head and re.search(r"<(?:\w+:)?xbrl[\s>]", head) is not None)


def period_label(start: date, end: date) -> str:
    days = (end - start).days
    months = round(days / 30.44)
    if 1 <= months <= 12 and abs(days - months * 30.44) <= 8:
        return f"{months} Months Ended"
    if days > 0 and days % 7 == 0 and days // 7 in (13, 26, 39, 52, 53):
        return f"{days // 7} Weeks Ended"
    return ""


def _date(text: str | None) -> date:
    return date.fromisoformat((text or "").strip()[:10])


def read_contexts(root: etree._Element) -> dict[str, Context]:
    out: dict[str, Context] = {}
    for ctx in root.iter("{*}context"):
        cid = ctx.get("id")
        if not cid:
            continue
        ident = next((el.text or "" for el in ctx.iter("{*}identifier")), "").strip()
        period_el = next(ctx.iter("{*}period"), None)
        if period_el is None:
            continue
        parts = {local(el.tag): el.text for el in period_el}
        try:
            if "instant" in parts:
                period = Period(end=_date(parts["instant"]), kind="instant")
            elif "startDate" in parts and "endDate" in parts:
                s, e = _date(parts["startDate"]), _date(parts["endDate"])
                period = Period(start=s, end=e, kind="duration", label=period_label(s, e))
            else:
                continue  # 'forever': nothing to place in time
        except ValueError:
            continue
        dims: list[tuple[str, str]] = []
        for el in ctx.iter("{*}explicitMember", "{*}typedMember"):
            if local(el.tag) == "explicitMember":
                dims.append((el.get("dimension", ""), (el.text or "").strip()))
            else:
                dims.append((el.get("dimension", ""), " ".join("".join(el.itertext()).split())))
        out[cid] = Context(ident, period, tuple(sorted(dims)))
    return out


def _measure(el: etree._Element | None) -> str:
    if el is None:
        return ""
    names = [(m.text or "").strip().split(":")[-1] for m in el.iter("{*}measure")]
    return "*".join(n for n in names if n)


def read_units(root: etree._Element) -> dict[str, str]:
    """unit id -> 'USD' | 'shares' | 'USD/shares' | 'pure' | custom measure name."""
    out: dict[str, str] = {}
    for u in root.iter("{*}unit"):
        uid = u.get("id")
        div = next(u.iter("{*}divide"), None)
        if div is not None:
            num = _measure(next(div.iter("{*}unitNumerator"), None))
            den = _measure(next(div.iter("{*}unitDenominator"), None))
            out[uid] = f"{num}/{den}"
        else:
            out[uid] = _measure(u)
    return out


def html_to_paragraphs(markup: str) -> list[str]:
    """Escaped or raw HTML of a text block -> its paragraphs as plain text."""
    if "<" not in markup:
        return paragraphs(markup.splitlines())
    try:
        from lxml import html as lhtml

        doc = lhtml.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return paragraphs(re.sub(r"<[^>]+>", "\n", markup).splitlines())
    lines: list[str] = []
    for block in text_lines(doc):
        lines.append(block)
        lines.append("")
    return paragraphs(lines)


def parse_instance(data: bytes, source: str, taxonomy: Taxonomy | None = None) -> ParsedFiling:
    root = parse_xml(data, source)
    if local(root.tag) != "xbrl":
        raise ParseError(f"its root element is <{local(root.tag)}>, not an XBRL instance <xbrl>.", source=source)
    contexts, units = read_contexts(root), read_units(root)
    tagged: list[TaggedFact] = []
    for n, el in enumerate(root):
        if not isinstance(el.tag, str) or el.get("contextRef") is None or el.prefix in _SKIP_NS_PREFIXES:
            continue
        if el.get(XSI_NIL) in ("true", "1"):
            continue
        concept = f"{el.prefix}:{local(el.tag)}" if el.prefix else local(el.tag)
        text = "".join(el.itertext())
        unit_id = el.get("unitRef")
        if unit_id is not None:
            try:
                value = canonical(Decimal(text.strip()))
            except InvalidOperation:
                continue
            dec = el.get("decimals")
            tagged.append(TaggedFact(concept, el.get("contextRef"), unit_id, value, None, text.strip(),
                                     None if dec in (None, "INF") else _int(dec), 0, n))
        else:
            tagged.append(TaggedFact(concept, el.get("contextRef"), None, None, text, text.strip()[:200], None, 0, n))
    if not tagged:
        raise ParseError("it is an XBRL instance with no facts.", source=source)
    return build_filing(tagged, contexts, units, taxonomy or Taxonomy(), source=source, fmt="xbrl")


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


# --- facts -> our Facts and chunks ----------------------------------------------------------------

def _clean_label(text: str) -> str:
    return re.sub(r"\s*\[(?:Member|Axis|Domain|Line Items|Table|Abstract|Text Block)\]\s*$", "", text).strip()


def _humanize(concept: str) -> str:
    name = concept.split(":")[-1]
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)


@dataclass
class _Meta:
    entity: str = ""
    cik: str = ""
    ticker: str = ""
    form: str = ""
    fiscal_year: int | None = None
    fiscal_period: str = ""
    report_date: date | None = None


def _meta(tagged: list[TaggedFact], contexts: dict[str, Context]) -> _Meta:
    m = _Meta()
    found = {}
    for t in tagged:
        name = t.concept.split(":")[-1]
        if name in _DEI_META and t.text and name not in found and not contexts.get(t.context_id, Context("", Period(end=date.min), ())).dims:
            found[name] = " ".join(t.text.split())
    m.entity = found.get("EntityRegistrantName", "")
    m.cik = (found.get("EntityCentralIndexKey") or next((c.cik for c in contexts.values() if c.cik), "")).lstrip("0")
    m.ticker = found.get("TradingSymbol", "").upper()
    if not m.ticker:  # several securities listed: the common stock's symbol, else the shortest
        symbols = [(any("Common" in mem for _, mem in contexts[t.context_id].dims), t.text.strip().upper())
                   for t in tagged if t.concept.endswith(":TradingSymbol") and t.text and t.context_id in contexts]
        if symbols:
            m.ticker = sorted(symbols, key=lambda s: (not s[0], len(s[1])))[0][1]
    m.form = found.get("DocumentType", "")
    fy = found.get("DocumentFiscalYearFocus", "")
    m.fiscal_year = int(fy[:4]) if fy[:4].isdigit() else None
    m.fiscal_period = found.get("DocumentFiscalPeriodFocus", "")
    raw_end = found.get("DocumentPeriodEndDate", "")
    try:
        m.report_date = date.fromisoformat(raw_end[:10])
    except ValueError:  # inline XBRL shows it as printed: "March 29, 2025"
        m.report_date = parse_date(raw_end)
    if m.report_date is None:
        ends = [c.period.end for c in contexts.values() if not c.dims]
        m.report_date = max(ends) if ends else None
    if m.report_date is None or m.report_date == date.min:
        m.report_date = None
    if m.fiscal_year is None and m.report_date and m.form.startswith(("10-K", "20-F", "40-F")):
        m.fiscal_year, m.fiscal_period = m.report_date.year, m.fiscal_period or "FY"  # 2009-era dei had no focus year
    return m


def _precision(t: TaggedFact) -> int:
    return t.decimals if t.decimals is not None else 99


def build_filing(tagged: list[TaggedFact], contexts: dict[str, Context], units: dict[str, str], tax: Taxonomy, *,
                 source: str, fmt: str, extra_sections: list[Section] | None = None) -> ParsedFiling:
    meta = _meta(tagged, contexts)
    filing_id = stable_id("xbrl-filing", meta.cik, meta.form, meta.report_date, meta.fiscal_year, meta.fiscal_period,
                          "" if meta.cik else source)
    warnings: list[str] = []
    placements = tax.placements()

    # One fact per concept + context + unit (the same number is printed on several statements);
    # where two differ only by rounding, keep the more precise one.
    best: dict[tuple, TaggedFact] = {}
    text_blocks: list[TaggedFact] = []
    for t in tagged:
        ctx = contexts.get(t.context_id)
        if ctx is None:
            warnings.append(f"{t.concept}: context {t.context_id!r} is not defined; fact skipped.")
            continue
        if t.value is None and t.text is not None and (len(t.text) > _SHORT_TEXT or t.concept.endswith("TextBlock")):
            text_blocks.append(t)
            continue
        key = (t.concept, ctx.period, ctx.dims, units.get(t.unit_id or "", None))
        prev = best.get(key)
        if prev is None or _precision(t) > _precision(prev):
            if prev is not None and prev.value != t.value:
                warnings.append(f"{t.concept} {ctx.period.iso()}: {prev.raw} and {t.raw} differ by rounding; kept the more precise.")
            best[key] = t

    facts: list[Fact] = []
    for (concept, period, dims, unit), t in best.items():
        members = tuple(Member(axis=_clean_label(tax.label(a) or _humanize(a)), member=_clean_label(tax.label(m) or _humanize(m)))
                        for a, m in dims)
        axes = {a for a, _ in dims}
        places = placements.get(concept, [])
        fitting = [p for p in places if axes <= set(tax.presentation.get(p[0].uri, ()))] or places
        fitting.sort(key=lambda rp: ({"Statement": 0, "Disclosure": 1}.get(rp[0].category, 2) if not dims else 0, rp[0].order, rp[1]))
        role, row = fitting[0] if fitting else (None, 0)
        # no label linkbase (a self-contained inline XBRL document): the row's printed line item,
        # for undimensioned facts (a segment table's row names a member, not the line item); the
        # concept's own words stay searchable through the fact groups (index.tables.group_text)
        label = _clean_label(tax.label(concept)) or (t.doc_label if not dims else "") or _humanize(concept)
        value_text = None if t.value is not None else " ".join((t.text or "").split())
        fact = Fact(
            fact_id=stable_id(filing_id, concept, period.iso(), dims, unit),
            filing_id=filing_id, source=source, title=role.title if role else t.doc_title, label=label,
            raw=t.raw if t.value is not None else value_text[:200],
            value=t.value, text_value=value_text, unit=unit, scale=t.scale,
            scale_text={3: "in Thousands", 6: "in Millions", 9: "in Billions"}.get(t.scale, ""),
            decimals=t.decimals, period=period, period_basis=f"{'inline ' if fmt == 'ixbrl' else ''}XBRL context {t.context_id}",
            dimensions=members, concept=concept, entity=meta.entity, cik=meta.cik, ticker=meta.ticker, form=meta.form,
            fiscal_year=meta.fiscal_year, fiscal_period=meta.fiscal_period, report_date=meta.report_date,
            row_label=label + (f" | {' | '.join(m.member for m in members)}" if members else ""), row_index=row,
            column_label=period.display(), definition=_clean_label(tax.labels.get(concept, {}).get("label", "")),
        )
        facts.append(fact)

    facts = _with_columns(facts)
    groups = {}
    for f in facts:
        key = (f.title, f.concept, tuple(sorted((m.axis, m.member) for m in f.dimensions)))
        groups.setdefault(key, []).append(f)
    chunks: list[Chunk] = []
    for n, ((title, concept, dims), fs) in enumerate(sorted(groups.items(), key=lambda kv: (kv[1][0].row_index, str(kv[0])))):
        fs.sort(key=lambda f: (f.period.end, f.period.start or f.period.end), reverse=True)
        head = fs[0]
        alt = [a for a in (_clean_label(x) for x in tax.all_labels(concept)) if a and a != head.label][:2]
        cells = "; ".join(f"{f.period.display()}: {_shown(f)}" for f in fs[:12])
        text = f"{meta.entity} {meta.form}\n{title}\n{head.row_label}" + (f" ({'; '.join(alt)})" if alt else "") + f"\n{cells}"
        chunks.append(Chunk(chunk_id=stable_id(filing_id, "row", title, concept, dims), filing_id=filing_id, source=source,
                            title=title, kind="row" if any(f.value is not None for f in fs) else "text", text=text, display=f"{head.row_label}: {cells}", position=n,
                            fact_ids=tuple(f.fact_id for f in fs), entity=meta.entity, form=meta.form,
                            fiscal_year=meta.fiscal_year))

    sections: list[Section] = []
    for t in text_blocks:
        title = _clean_label(tax.label(t.concept)) or _humanize(t.concept)
        paras = html_to_paragraphs(html.unescape(t.text or "") if "&lt;" in (t.text or "") else (t.text or ""))
        if paras:
            sections.append(Section(title=title, heading=paras[0] if len(paras[0]) < 120 else "", paragraphs=tuple(paras)))
    sections.extend(extra_sections or [])
    text_chunks, mentions = prose_chunks(sections, filing_id=filing_id, source=source, start=len(chunks),
                                         entity=meta.entity, form=meta.form, fiscal_year=meta.fiscal_year)
    chunks.extend(text_chunks)
    return ParsedFiling(filing_id=filing_id, source=source, format=fmt, title=f"{meta.entity} {meta.form}".strip(),
                        entity=meta.entity, cik=meta.cik, ticker=meta.ticker, form=meta.form, fiscal_year=meta.fiscal_year,
                        fiscal_period=meta.fiscal_period, report_date=meta.report_date, facts=tuple(facts),
                        chunks=tuple(chunks), mentions=tuple(mentions), warnings=tuple(warnings[:50]))


def _preview(text: str, size: int = 120, most: int = 400) -> str:
    """A text fact's value as its row shows it: whole sentences up to about ``size`` characters (a quote
    taken from the row is then a sentence, never one cut mid-word), else cut at a word and marked."""
    text = " ".join(text.split())
    if len(text) <= size:
        return text
    end = re.search(r"[.!?](?=\s|$)", text[size - 1:most])
    if end is not None:
        return text[: size + end.end() - 1]
    return text[:size].rsplit(" ", 1)[0] + " …"


def _with_columns(facts: list[Fact]) -> list[Fact]:
    """Lay each statement out as the filing prints it: one column per period, shortest duration
    first and the latest date first within it (so a cited cell can be shown in its table)."""
    by_title: dict[str, set[Period]] = {}
    for f in facts:
        by_title.setdefault(f.title, set()).add(f.period)

    def order(p: Period) -> tuple:
        length = (p.end - p.start).days if p.start else 0
        return (length, -p.end.toordinal())

    index = {title: {p: k for k, p in enumerate(sorted(ps, key=order))} for title, ps in by_title.items()}
    return [replace(f, column_index=index[f.title][f.period]) for f in facts]


def _shown(f: Fact) -> str:
    if f.value is None:
        return _preview(f.text_value or "")
    unit = f.unit or ""
    if unit == "pure":
        return format_number(f.value)
    return f"{format_number(f.value)} {unit}".strip()
