"""One filing delivered as several documents: a folder, a ``.zip``, or a full submission ``.txt``.

The documents are sorted by role: taxonomy files (labels, presentation, schema) feed the facts'
labels and titles; the facts come from ONE rendering — inline XBRL when present (its cells are
as printed), else the instance, else the R pages — so the same number is never indexed three
times; other HTML (exhibits, a press release, a plain 20-F) is indexed as text.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..errors import ParseError
from ..facts import ParsedFiling
from ..unpack import looks_like_zip, read_zip  # the one unpacking routine (limits: index.limits)
from .html import looks_like_html, parse_html
from .ixbrl import looks_like_ixbrl, parse_ixbrl
from .rpages import ReportInfo, looks_like_rpage, parse_rpage, read_filing_summary
from .sgml import looks_like_submission, split_submission
from .xbrl import looks_like_instance, parse_instance
from .xbrl_links import Taxonomy, read_linkbase_or_schema
from .xmlsafe import parse_xml

__all__ = ["parse_bundle", "read_zip", "looks_like_zip"]


def _head(data: bytes) -> str:
    return data[:20000].decode("utf-8", "replace")


def _expand(docs: list, warnings: list[str], header: dict, depth: int = 0) -> list:
    out = []
    for d in docs:
        if depth < 2 and looks_like_zip(d.data):
            out.extend(_expand(read_zip(d.data, d.name), warnings, header, depth + 1))
        elif depth < 2 and looks_like_submission(_head(d.data)):
            sub = split_submission(d.data, d.name)
            warnings.extend(sub.warnings)
            header.setdefault("entity", sub.company)
            header.setdefault("cik", sub.cik)
            header.setdefault("form", sub.form)
            header.setdefault("report_date", sub.period)
            out.extend(_expand(sub.documents, warnings, header, depth + 1))
        else:
            out.append(d)
    return out


def parse_bundle(docs: list, source: str, *, entity: str = "", cik: str = "", form: str = "") -> list[ParsedFiling]:
    from . import check_whole, parse_single

    warnings: list[str] = []
    header: dict = {}
    docs = _expand(docs, warnings, header)
    tax = Taxonomy()
    summary: dict[str, ReportInfo] = {}
    instances, inlines, rpages, others = [], [], [], []
    for d in docs:
        head = _head(d.data)
        low = d.name.lower()
        if low.endswith((".xsd", "_lab.xml", "_pre.xml", "_cal.xml", "_def.xml")) or re.search(r"<(?:\w+:)?(?:linkbase|schema)[\s>]", head[:3000]):
            try:
                check_whole(d, "taxonomy")
                tax.merge(read_linkbase_or_schema(parse_xml(d.data, d.name)))
            except ParseError as exc:
                warnings.append(str(exc))
        elif low == "filingsummary.xml" or "<FilingSummary" in head[:2000]:
            try:
                summary = read_filing_summary(d.data, d.name)
            except ParseError as exc:
                warnings.append(str(exc))
        elif looks_like_ixbrl(head):
            inlines.append(d)
        elif looks_like_instance(head):
            instances.append(d)
        elif looks_like_rpage(head) or re.fullmatch(r"r\d+\.htm", low):
            rpages.append(d)
        elif low.endswith((".js", ".css", ".json", ".jpg", ".png", ".gif", ".xlsx", ".pdf")):
            continue
        else:
            others.append(d)

    filings: list[ParsedFiling] = []
    for d in inlines or instances:  # inline XBRL first: the same facts, as printed, plus the text
        try:
            check_whole(d, "inline XBRL" if d in inlines else "XBRL instance")
            filings.append(parse_ixbrl(d.data, d.name, tax) if d in inlines else parse_instance(d.data, d.name, tax))
        except ParseError as exc:
            warnings.append(str(exc))
    main = filings[0] if filings else None
    meta = dict(entity=main.entity if main else (entity or header.get("entity", "")),
                cik=main.cik if main else (cik or header.get("cik", "")),
                form=main.form if main else (form or header.get("form", "")),
                report_date=main.report_date if main else header.get("report_date"))
    if not filings and rpages:  # R pages only: they are the facts
        for d in sorted(rpages, key=lambda d: summary.get(d.name, ReportInfo(d.name, "", "", 10**6)).position):
            info = summary.get(d.name)
            if info and info.category in ("Policies",):
                continue
            try:
                check_whole(d, "R page")
                filings.append(parse_rpage(d.data, d.name, info, **meta))
            except ParseError as exc:
                warnings.append(str(exc))
    for d in others:
        try:
            if looks_like_html(_head(d.data)):
                pf = parse_html(d.data, d.name, **meta, ticker=main.ticker if main else "")
            else:
                pf = None
                filings.extend(parse_single(d))
            if pf is not None and (pf.chunks or pf.facts):
                filings.append(pf)
        except ParseError as exc:
            warnings.append(str(exc))
    if not filings:
        raise ParseError("none of its documents holds facts or text filingqa can read"
                         + (f" ({warnings[0]})" if warnings else "") + ".", source=source)
    filings[0] = replace(filings[0], warnings=tuple(filings[0].warnings) + tuple(warnings))
    return filings
