"""XML from the internet, read safely: no DTDs, no entities, no network, bounded size.

XBRL never needs a DTD, so any document that declares entities is refused outright (billion
laughs, quadratic blowup, external entities) instead of being parsed with a DTD-aware parser.
"""

from __future__ import annotations

import re

from lxml import etree

from ..errors import ParseError

__all__ = ["parse_xml", "strip_wrapper", "local"]

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.I)
_ENTITY = re.compile(rb"<!ENTITY", re.I)
# EDGAR full submissions wrap embedded XML in <XML>/<XBRL> lines before the declaration.
_WRAPPER = re.compile(rb"^\s*<(XML|XBRL)>\s*", re.I)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True, recover=False)


def strip_wrapper(data: bytes) -> bytes:
    m = _WRAPPER.match(data)
    if not m:
        return data
    tag = m.group(1)
    body = data[m.end():]
    end = body.rfind(b"</" + tag)
    if end < 0:
        end = body.rfind(b"</" + tag.lower())
    return body[:end] if end >= 0 else body


def parse_xml(data: bytes, source: str) -> etree._Element:
    """Parse ``data`` as XML or raise :class:`ParseError` saying why."""
    data = strip_wrapper(data.lstrip(b"\xef\xbb\xbf"))
    head = data[:65536]
    if _DOCTYPE.search(head) or _ENTITY.search(head):
        if _ENTITY.search(data):
            raise ParseError("it declares XML entities (a DTD), which filingqa never expands: XBRL does not use them, "
                             "and they are how XML bombs and external-entity attacks work.",
                             "Ingest the original filing from EDGAR.", source=source)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"it is not well-formed XML ({exc.msg}, line {exc.lineno}).",
                         "The file may be truncated or damaged; download it again from EDGAR.", source=source) from exc
    if root is None:
        raise ParseError("it holds no XML element.", source=source)
    return root


def local(tag: object) -> str:
    """'{ns}name' -> 'name' (comments and other non-element nodes give '')."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]
