"""One parser per format, chosen by content (not only by file extension).

Each parser turns one document's bytes into :class:`~index.facts.ParsedFiling`\\ s. Add a format by
appending a :class:`FormatParser` to ``FORMATS`` (order matters: the first whose ``sniff`` says yes wins).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import ParseError, UnsupportedFormat
from ..facts import ParsedFiling
from .rtext import looks_like_rtext, parse_rtext
from .textblock import looks_like_textblock, parse_textblock

__all__ = ["Document", "FormatParser", "FORMATS", "parse_document", "decode_text", "detect_format"]


@dataclass(frozen=True)
class Document:
    """One file's name and bytes, wherever it came from (disk, a zip, a full submission)."""

    name: str
    data: bytes


@dataclass(frozen=True)
class FormatParser:
    name: str
    sniff: Callable[[str, str], bool]  # (decoded head text, file name) -> is it mine?
    parse: Callable[[bytes, str], ParsedFiling | list[ParsedFiling]]


FORMATS: list[FormatParser] = [
    FormatParser("textblock", lambda head, name: looks_like_textblock(head), parse_textblock),
    FormatParser("rtext", lambda head, name: looks_like_rtext(head), parse_rtext),
]


def decode_text(data: bytes, source: str) -> str:
    """Bytes -> text, refusing what is clearly not a text filing (empty, binary)."""
    if not data or not data.strip():
        raise ParseError("the file is empty.", "Pick the filing document itself, not an empty placeholder.", source=source)
    if b"\x00" in data[:8192]:
        raise ParseError(
            "the file is binary (it contains NUL bytes), not a filing document.",
            "Ingest the filing's .txt, .htm or .xml, or a .zip of them.",
            source=source,
        )
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def detect_format(doc: Document, text: str | None = None) -> FormatParser:
    text = decode_text(doc.data, doc.name) if text is None else text
    head = text[:20000]
    for fmt in FORMATS:
        if fmt.sniff(head, doc.name):
            return fmt
    raise UnsupportedFormat("its content matches none of the formats filingqa reads.", source=doc.name)


def parse_document(doc: Document) -> list[ParsedFiling]:
    text = decode_text(doc.data, doc.name)
    fmt = detect_format(doc, text)
    try:
        result = fmt.parse(text, doc.name)
    except ParseError:
        raise
    except (ValueError, KeyError, IndexError, UnicodeDecodeError) as exc:
        raise ParseError(f"could not be read as {fmt.name}: {exc}.", source=doc.name) from exc
    return result if isinstance(result, list) else [result]
