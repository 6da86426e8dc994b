"""EDGAR full-submission ``.txt``: an SGML header and several ``<DOCUMENT>``\\ s, split apart.

Each document comes back as a :class:`Document` named by its ``<FILENAME>``; binaries
(uuencoded images, spreadsheets, zips) are skipped, since their content is elsewhere in the
submission. The header gives the company, form and period for documents that carry no XBRL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..errors import ParseError

__all__ = ["Submission", "looks_like_submission", "split_submission"]

_DOC = re.compile(rb"<DOCUMENT>(.*?)(?:</DOCUMENT>|\Z)", re.S)
_FIELD = re.compile(rb"^<(TYPE|SEQUENCE|FILENAME|DESCRIPTION)>([^\r\n<]*)", re.M)
_TEXT = re.compile(rb"<TEXT>\r?\n?(.*?)(?:</TEXT>|\Z)", re.S)
_SKIP_TYPES = {b"GRAPHIC", b"ZIP", b"EXCEL", b"JSON", b"PDF"}


@dataclass(frozen=True)
class Submission:
    accession: str
    form: str
    company: str
    cik: str
    period: date | None
    documents: list  # list[Document]
    warnings: tuple[str, ...]


def looks_like_submission(head: str) -> bool:
    return head.lstrip().startswith(("<SEC-DOCUMENT>", "<SEC-HEADER>", "<IMS-DOCUMENT>")) or (
        "<DOCUMENT>" in head[:20000] and "<TYPE>" in head[:20000])


def _header(data: bytes, name: str) -> str:
    m = re.search(rb"^\s*" + name.encode() + rb":\s*([^\r\n]+)", data[:20000], re.M)
    return m.group(1).decode("latin-1").strip() if m else ""


def split_submission(data: bytes, source: str) -> Submission:
    from . import Document  # the package's document type; imported late to avoid a cycle

    docs, warnings = [], []
    seen: set[str] = set()
    for n, m in enumerate(_DOC.finditer(data), 1):
        block = m.group(1)
        if not m.group(0).rstrip().endswith(b"</DOCUMENT>"):
            warnings.append(f"document {n} is cut off (the submission looks truncated); read what is there.")
        fields = {k.decode(): v.decode("latin-1").strip() for k, v in _FIELD.findall(block[:2000])}
        kind = fields.get("TYPE", "").upper().encode()
        text = _TEXT.search(block)
        if text is None or kind in _SKIP_TYPES:
            continue
        body = text.group(1)
        if body.lstrip()[:10].startswith(b"begin ") or re.match(rb"\s*begin \d{3} ", body[:100]):
            continue  # uuencoded binary
        name = re.sub(r"[^\w.\-]", "_", fields.get("FILENAME") or f"document-{n}.txt")[:120]
        if name.lower().endswith((".js", ".css", ".json", ".jpg", ".gif", ".png", ".xlsx", ".zip", ".pdf")) or name in seen:
            continue
        seen.add(name)
        docs.append(Document(name=name, data=body))
    if not docs:
        raise ParseError("it looks like an EDGAR submission but holds no readable <DOCUMENT>.",
                         "The download may be truncated; fetch the full submission .txt again.", source=source)
    raw_period = _header(data, "CONFORMED PERIOD OF REPORT")
    try:
        period = date(int(raw_period[:4]), int(raw_period[4:6]), int(raw_period[6:8])) if len(raw_period) >= 8 else None
    except ValueError:
        period = None
    return Submission(accession=_header(data, "ACCESSION NUMBER"), form=_header(data, "CONFORMED SUBMISSION TYPE"),
                      company=_header(data, "COMPANY CONFORMED NAME"), cik=_header(data, "CENTRAL INDEX KEY").lstrip("0"),
                      period=period, documents=docs, warnings=tuple(warnings))
