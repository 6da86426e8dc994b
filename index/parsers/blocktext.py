"""The text of an HTML fragment as a browser lays it out: block elements and table cells separate words.

``"".join(el.itertext())`` glues "<div>Fiscal Year</div><div>We operate…</div>" into "Fiscal YearWe operate…" and
a table row's cells "$687", "553" into "$687553"; a reader then matches neither the words nor the numbers.
"""

from __future__ import annotations

from lxml import etree

__all__ = ["block_text"]

_BLOCKS = frozenset("address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr "
                    "li main nav ol p pre section table tbody thead tfoot tr ul caption".split())
_CELLS = frozenset(("td", "th"))


def _local(tag) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def block_text(el: etree._Element) -> str:
    """The element's text with a line break after each block and a space between table cells."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        name = _local(node.tag)
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if name in _BLOCKS:
            parts.append("\n")
        elif name in _CELLS:
            parts.append(" \t ")

    walk(el)
    return "".join(parts)
