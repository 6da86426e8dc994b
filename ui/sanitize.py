"""A filed HTML document made safe to show: its text, tables and layout, nothing that runs or fetches.

An allow-list, not a block-list: only known text and table elements and presentational attributes
are kept. Scripts, frames, forms, embedded objects, SVG, ``<link>``/``<meta>``/``<base>`` are dropped
with their content; event handlers (``on…``) and every URL-bearing attribute are dropped, except
``#fragment`` links inside the document and ``data:`` images; ``url(…)``, ``@import`` and
``expression(…)`` are cut out of styles. Inline XBRL tags (``ix:nonFraction`` …) become ``<span>``s
that keep their text. The page that serves the result also sends a Content-Security-Policy that
forbids every fetch (ui.filed_route), so a mistake here still loads nothing off the machine.
"""

from __future__ import annotations

import re

from lxml import etree, html

__all__ = ["sanitize_tree", "clean_style", "parse_html_document", "KEPT_TAGS"]

KEPT_TAGS = frozenset("""
a abbr address article aside b bdi bdo big blockquote body br caption center cite code col colgroup dd del details dfn div
dl dt em figcaption figure font footer h1 h2 h3 h4 h5 h6 header hr html i img ins kbd label li main mark nav ol p pre q s
samp section small span strike strong sub summary sup table tbody td tfoot th thead time tr tt u ul var wbr head title style
""".split())
# dropped with everything inside them
DROPPED_TAGS = frozenset("""
script noscript iframe frame frameset object embed applet param form input button select option textarea link meta base
svg math canvas audio video source track picture portal template dialog slot
""".split())
KEPT_ATTRIBUTES = frozenset("""
style class id colspan rowspan align valign width height border cellpadding cellspacing title alt bgcolor color face size
nowrap scope headers lang dir span start type summary
""".split())
_CSS_URL = re.compile(r"url\s*\([^)]*\)", re.I)
_CSS_IMPORT = re.compile(r"@import[^;]*;?", re.I)
_CSS_EXPRESSION = re.compile(r"expression\s*\(|behavior\s*:|-moz-binding|javascript\s*:", re.I)
_DATA_IMAGE = re.compile(r"^\s*data:image/(?:png|gif|jpe?g|webp);base64,[A-Za-z0-9+/=\s]+$", re.I)


def clean_style(css: str) -> str:
    """A style with every way to fetch or run something taken out."""
    css = _CSS_IMPORT.sub("", css)
    css = _CSS_URL.sub("none", css)
    return _CSS_EXPRESSION.sub("invalid:", css)


def _local(tag: str) -> str:
    tag = tag.split("}")[-1]
    return tag.split(":")[-1].lower()


def _attached(el, root) -> bool:
    for parent in el.iterancestors():
        if parent is root:
            return True
    return False


def sanitize_tree(root: html.HtmlElement) -> html.HtmlElement:
    """Sanitize a parsed document in place (and return it)."""
    for el in list(root.iter()):
        if not isinstance(el.tag, str):  # comments, processing instructions (the parser drops most)
            if el.getparent() is not None:
                el.getparent().remove(el)
            continue
        if el is not root and not _attached(el, root):
            continue  # removed with an ancestor
        raw_tag = el.tag.lower()
        tag = _local(raw_tag)
        if tag in DROPPED_TAGS or raw_tag in ("ix:header", "ix:hidden"):
            el.drop_tree()  # inline XBRL's header holds hidden facts and contexts, not the printed page
            continue
        if ":" in raw_tag or "}" in raw_tag or tag not in KEPT_TAGS:
            el.tag = tag = "span"  # ix:nonFraction and friends keep their text
        for name in list(el.attrib):
            low = name.lower()
            value = el.attrib[name]
            if low == "href" and tag == "a" and value.strip().startswith("#"):
                continue
            if low == "src" and tag == "img" and _DATA_IMAGE.match(value):
                continue
            if low == "style":
                el.attrib[name] = clean_style(value)
                continue
            if low not in KEPT_ATTRIBUTES or low.startswith("on"):
                del el.attrib[name]
        if tag == "img" and "src" not in el.attrib:
            alt = el.attrib.get("alt", "")
            el.tag, el.text = "span", f"[image{': ' + alt if alt else ''}]"
            el.attrib.clear()
            el.attrib["class"] = "fq-img-gone"
        if tag == "style":
            el.text = clean_style(el.text or "")
            for child in list(el):
                el.remove(child)
    return root


def parse_html_document(data: bytes) -> html.HtmlElement:
    """Parse filed HTML/XHTML as a browser would (lenient: stray markup, odd encodings)."""
    parser = html.HTMLParser(encoding=None, remove_comments=True, remove_pis=True, no_network=True, huge_tree=True)
    root = html.document_fromstring(data, parser=parser)
    if root is None:
        raise etree.ParserError("no document")
    return root
