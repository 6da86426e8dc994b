"""One parser per format, chosen by content (not only by file extension).

Each parser turns one document into :class:`~index.facts.ParsedFiling`\\ s. Add a format by
appending a :class:`FormatParser` to ``FORMATS`` (order matters: the first whose ``sniff`` says
yes wins). Containers — a ``.zip``, an EDGAR full submission ``.txt``, a folder of one filing's
files — are opened by :func:`parse_bundle`, which routes each member to its parser.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import FileTooLarge, ParseError, UnsupportedFormat
from ..facts import ParsedFiling
from ..limits import LIMITS, Limits

__all__ = ["Document", "FormatParser", "FORMATS", "parse_document", "parse_documents", "parse_single", "decode_text",
           "decode_head", "check_whole", "detect_format", "is_container"]


@dataclass(frozen=True)
class Document:
    """One file's name and bytes, wherever it came from (disk, a zip, a full submission)."""

    name: str
    data: bytes


@dataclass(frozen=True)
class FormatParser:
    name: str
    sniff: Callable[[str, str], bool]  # (decoded head text, file name) -> is it mine?
    parse: Callable[[Document, str], ParsedFiling | list[ParsedFiling]]  # (document, decoded text when reads == "text")
    # how it reads a document: "stream" (as it goes: memory follows the largest table), "tree" (parsed whole) or
    # "text" (decoded whole); the last two hold about 10x the file while parsing, so they have a lower size limit
    reads: str = "tree"


def _taxonomy_alone(doc: Document, text: str) -> ParsedFiling:
    raise ParseError("it is a taxonomy file (labels, presentation or schema) and holds no facts of its own.",
                     "Ingest it together with its XBRL instance: the filing's folder or .zip.", source=doc.name)


def _summary_alone(doc: Document, text: str) -> ParsedFiling:
    raise ParseError("it is the R pages' FilingSummary.xml and holds no facts of its own.",
                     "Ingest the filing's folder (R pages, instance) or its .zip.", source=doc.name)


def _formats() -> list[FormatParser]:
    from .html import looks_like_html, parse_html
    from .ixbrl import looks_like_ixbrl, parse_ixbrl
    from .rpages import looks_like_rpage, parse_rpage
    from .rtext import looks_like_rtext, parse_rtext
    from .textblock import looks_like_textblock, parse_textblock
    from .xbrl import looks_like_instance, parse_instance

    return [
        FormatParser("textblock", lambda head, name: looks_like_textblock(head), lambda d, t: parse_textblock(t, d.name),
                     "text"),
        FormatParser("rtext", lambda head, name: looks_like_rtext(head), lambda d, t: parse_rtext(t, d.name), "text"),
        FormatParser("ixbrl", lambda head, name: looks_like_ixbrl(head), lambda d, t: parse_ixbrl(d.data, d.name)),
        FormatParser("xbrl", lambda head, name: looks_like_instance(head), lambda d, t: parse_instance(d.data, d.name)),
        FormatParser("taxonomy", lambda head, name: bool(re.search(r"<(?:\w+:)?(?:linkbase|schema)[\s>]", head[:3000])),
                     _taxonomy_alone),
        FormatParser("filingsummary", lambda head, name: "<FilingSummary" in head[:2000], _summary_alone),
        FormatParser("rpage", lambda head, name: looks_like_rpage(head), lambda d, t: parse_rpage(d.data, d.name)),
        FormatParser("html", lambda head, name: looks_like_html(head), lambda d, t: parse_html(d.data, d.name), "stream"),
    ]


FORMATS: list[FormatParser] = _formats()


def _cp1252_bytes(err: UnicodeDecodeError) -> tuple[str, int]:
    return err.object[err.start:err.end].decode("cp1252", errors="replace"), err.end


codecs.register_error("cp1252_bytes", _cp1252_bytes)


def _refuse_unreadable(data: bytes, source: str) -> None:
    """Empty, blank or binary files, said as what they are (checked without copying the bytes)."""
    if not data:
        raise ParseError("the file is empty (0 bytes).", "Pick the filing document itself, not an empty placeholder.",
                         source=source)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return
    if data.isspace():
        raise ParseError(f"the file holds only whitespace ({len(data):,} bytes of spaces and line breaks), no text.",
                         "Pick the filing document itself; this one may have been blanked or cut off.", source=source)
    if b"\x00" in data[:8192]:
        raise ParseError(
            "the file is binary (it contains NUL bytes), not a filing document.",
            "Ingest the filing's .txt, .htm or .xml, or a .zip of them.",
            source=source,
        )


def decode_text(data: bytes, source: str) -> str:
    """Bytes -> text, refusing what is clearly not a text filing (empty, blank, binary)."""
    _refuse_unreadable(data, source)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ParseError("it says it is UTF-16 but is not valid UTF-16.", source=source) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if not re.search(rb"[\xc2-\xf4][\x80-\xbf]", data[:200000]):
            return data.decode("cp1252", errors="replace")  # a single-byte file through and through
    # mostly UTF-8 with stray single-byte characters (a pasted-in latin-1 name): keep the UTF-8,
    # read only the stray bytes as cp1252
    return data.decode("utf-8-sig", errors="cp1252_bytes")


_HEAD_BYTES = 65536


def decode_head(data: bytes, source: str) -> str:
    """The start of a document as text, enough to tell its format (the whole is decoded only by the formats
    that read text, and a large HTML never is): refuses empty, blank and binary files as decode_text does."""
    _refuse_unreadable(data, source)
    head = data[:_HEAD_BYTES]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return head[:len(head) // 2 * 2].decode("utf-16", errors="replace")
    return head.decode("utf-8-sig", errors="replace")


def check_whole(doc: Document, fmt: str, limits: Limits = LIMITS) -> None:
    """A document parsed whole (XBRL, inline XBRL, R pages, R-page text) over the limit for such documents is
    refused before it is parsed: it would hold about ten times its size in memory while parsed."""
    if len(doc.data) > limits.tree_bytes:
        raise FileTooLarge(f"it is a {len(doc.data) / (1 << 20):,.0f} MB {fmt} document; filingqa reads such documents "
                           f"whole (about 10x their size in memory) and takes at most {limits.tree_bytes >> 20} MB of one.",
                           "Split it, or raise FILINGQA_MAX_TREE_MB if this machine has the memory.", source=doc.name)


def is_container(data: bytes) -> bool:
    """A zip or a full submission: several documents in one file."""
    from ..unpack import looks_like_zip
    from .sgml import looks_like_submission

    return looks_like_zip(data) or looks_like_submission(data[:20000].decode("utf-8", "replace"))


def detect_format(doc: Document, text: str | None = None) -> FormatParser:
    if is_container(doc.data):
        return FormatParser("bundle", lambda h, n: True, lambda d, t: parse_documents([d], d.name), "stream")
    head = (decode_head(doc.data, doc.name) if text is None else text)[:20000]
    if "<!ENTITY" in head:  # whatever the format, entity declarations are how XML bombs work
        from .xmlsafe import parse_xml

        parse_xml(doc.data, doc.name)  # raises the entity refusal
    for fmt in FORMATS:
        if fmt.sniff(head, doc.name):
            return fmt
    raise UnsupportedFormat("its content matches none of the formats filingqa reads.", source=doc.name)


def parse_single(doc: Document) -> list[ParsedFiling]:
    fmt = detect_format(doc)
    if fmt.reads != "stream":
        check_whole(doc, fmt.name)
    text = decode_text(doc.data, doc.name) if fmt.reads == "text" else ""
    try:
        result = fmt.parse(doc, text)
    except ParseError:
        raise
    except (ValueError, KeyError, IndexError, UnicodeDecodeError, RecursionError) as exc:
        raise ParseError(f"could not be read as {fmt.name}: {exc}.", source=doc.name) from exc
    return result if isinstance(result, list) else [result]


def parse_document(doc: Document) -> list[ParsedFiling]:
    """One file (which may itself be a zip or a full submission) -> its parsed filings."""
    if is_container(doc.data):
        return parse_documents([doc], doc.name)
    return parse_single(doc)


def parse_documents(docs: list[Document], source: str) -> list[ParsedFiling]:
    """The documents of one filing (a folder, a zip, a submission) -> its parsed filings."""
    from .bundle import parse_bundle

    try:
        return parse_bundle(docs, source)
    except ParseError:
        raise
    except (ValueError, KeyError, IndexError, UnicodeDecodeError, RecursionError) as exc:
        raise ParseError(f"could not be read: {exc}.", source=source) from exc
