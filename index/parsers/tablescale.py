"""The scale and currency a table's amounts are printed in, wherever the page states them.

Filings state the scale in many places; the nearest statement wins:

* a column's own unit line or header cell: "€m", "$’000", "USDm", "$ million", "(in millions)";
* the table's header or caption: "(Amounts in Thousands Except Per Share Amounts)", "($ in millions)";
* the text between the previous table and this one, however long the sentence: "The table below
  presents net sales by contract type (in millions):";
* further up the same page (past other tables and notes, up to a page break or an Item heading), only a
  statement meant for every table: "(Tabular amounts in millions of U.S. dollars …)", "All dollar
  amounts are in thousands".

A statement is read only in the forms filings use for it (parenthesised, "amounts … in", a symbol
with "m"/"'000"); "in millions" loose in a sentence about something else is not a scale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .xmlsafe import local

__all__ = ["Scale", "scale_in", "stated_scale", "for_shares_only", "shares_statement", "unit_marker", "currency_in", "text_above", "PageScales", "TableContext"]

_POWER = {"thousand": 3, "thousands": 3, "000": 3, "000s": 3, "1,000": 3, "k": 3, "million": 6, "millions": 6, "m": 6, "mn": 6,
          "mio": 6, "billion": 9, "billions": 9, "bn": 9, "b": 9}
_SYM = r"(?:US\$|U\.S\.\s?\$|C\$|CA\$|A\$|HK\$|NT\$|R\$|S\$|\$|€|£|¥|USD|EUR|GBP|CAD|AUD|RMB|CNY|HKD|JPY|CHF|SEK|NOK|DKK|INR|NTD)"
_WORD = r"(thousands?|millions?|billions?)"
# forms that state a scale by themselves, wherever they stand
_SCALE_FORMS = [
    re.compile(r"\bin\s*" + _WORD + r"\b", re.I),  # "in millions", "(inthousands)", "$ in thousands"
    re.compile(_SYM + r"\s*['’‘`]?\s*(000s?)\b", re.I),  # "$’000", "RMB'000", "$000", "USD ‘000"
    re.compile(r"\(\s*['’‘]?(000)['’‘]?s?\s*\)", re.I),  # "(000's)", "(000)"
    re.compile(r"\bin\s+['’‘]?(000)['’‘]?s\b", re.I),  # "(in 000’s)"
    re.compile(r"\b(?:shares|number|units)\s*\(\s*(1,000)\s*\)", re.I),  # "Number of shares (1,000)"
    re.compile(_SYM + r"\s?(m|mn|bn|k|mio)\b", re.I),  # "€m", "USDm", "$bn"
    re.compile(_SYM + r"\s*['’`]?\s*" + _WORD + r"\b", re.I),  # "$ million", "USD millions", "€ thousand", "RMB’Million"
    re.compile(r"^\s*\(?\s*" + _WORD + r"\s*\)?\s*$|\(\s*" + _WORD + r"\s*\)", re.I),  # "(millions)", "Shares (thousands)"
    re.compile(r"\b" + _WORD + r"\s+of\s+(?:U\.?S\.?\s+|Canadian\s+|Australian\s+|New\s+Taiwan\s+)?"
               r"(?:dollars|euros|pounds|yen|francs|kronor|renminbi|rupees)\b", re.I),
]
# in running prose: only a parenthesised statement or one about amounts/dollars/figures
_PAREN = re.compile(r"\(([^()]{0,160})\)")
_PROSE_FORM = re.compile(r"\b(?:amounts?|dollars?|figures|numbers|values|expressed|stated|presented|reported|shown)\b"
                         r"[^.;()]{0,40}?\bin\s+" + _WORD + r"\b", re.I)
_FOR_EVERY_TABLE = re.compile(r"\btabular\b|\ball\s+(?:dollar\s+|currency\s+)?amounts\b|\bamounts\s+in\s+(?:the\s+)?tables\b",
                              re.I)
_EXCEPT = re.compile(r"\bexcept\b[^)]*", re.I)
_HEADING = re.compile(r"^(?:item\s+\d+[a-z]?\b|part\s+[ivx]+\b)", re.I)
_CURRENCIES = [
    (re.compile(r"canadian\s+dollars?|\bCAD\b|\bC\$|\bCA\$|CAD\$", re.I), "CAD"),
    (re.compile(r"australian\s+dollars?|\bAUD\b|\bA\$", re.I), "AUD"),
    (re.compile(r"new\s+taiwan\s+dollars?|\bNT\s?dollars?|\bNT\$|\bNTD\b|\bTWD\b", re.I), "TWD"),
    (re.compile(r"hong\s+kong\s+dollars?|\bHK\$|\bHKD\b", re.I), "HKD"),
    (re.compile(r"\beuros?\b|\bEUR(?:m|mn|bn)?\b|€", re.I), "EUR"),
    (re.compile(r"british\s+pounds?|pounds\s+sterling|\bGBP(?:m|mn|bn)?\b|£", re.I), "GBP"),
    (re.compile(r"\bRMB\b|renminbi|\bCNY\b", re.I), "CNY"),
    (re.compile(r"\bJPY\b|\byen\b", re.I), "JPY"),
    (re.compile(r"swiss\s+francs?|\bCHF\b", re.I), "CHF"),
    (re.compile(r"\bU\.?S\.?\s*dollars?|united\s+states\s+dollars?|\bUS\$|\bUSD(?:m|mn|bn)?\b|U\.S\.\s?\$", re.I), "USD"),
]


@dataclass(frozen=True)
class Scale:
    """A scale statement: the power of ten, the words as printed, what is excepted, the currency named."""

    power: int
    words: str
    excepted: str = ""
    currency: str = ""


def currency_in(text: str) -> str:
    for pat, code in _CURRENCIES:
        if pat.search(text):
            return code
    return ""


def _power(word: str) -> int:
    return _POWER.get(word.lower().strip("'’‘`"), 0)


def scale_in(text: str) -> Scale | None:
    """The first scale statement in a heading, caption, header cell or unit line."""
    best = None
    for form in _SCALE_FORMS:
        m = form.search(text)
        if m and (best is None or m.start() < best.start()):
            best = m
    if best is None:
        return None
    word = next(g for g in best.groups() if g)
    exc = _EXCEPT.search(text[best.start():best.start() + 200])
    return Scale(_power(word), best.group(0).strip(), exc.group(0) if exc else "", currency_in(best.group(0)))


_SHARES_ONLY = re.compile(r"\bshares?\s+(?:are\s+)?(?:stated\s+|presented\s+)?in\s+(?:thousands|millions)\b", re.I)


def for_shares_only(scale: Scale) -> bool:
    """'(shares in thousands, except per share data)': the scale of share counts, not of amounts."""
    return bool(_SHARES_ONLY.search(scale.words))


def shares_statement(text: str) -> Scale | None:
    """A scale stated for share counts only ('(shares in thousands, except per share data)'), wherever it stands."""
    m = _SHARES_ONLY.search(text)
    if m is None:
        return None
    paren = next((p for p in _PAREN.finditer(text) if p.start() <= m.start() < p.end()), None)
    words = paren.group(0) if paren else m.group(0)
    return Scale(3 if "thousand" in m.group(0).lower() else 6, words)


def stated_scale(prose: str, amounts: bool = False) -> Scale | None:
    """The last scale a passage of running text states for a table (parenthesised or about amounts);
    with ``amounts``, the last one that is not said of share counts only."""
    found: list[tuple[int, Scale]] = []
    for m in _PAREN.finditer(prose):
        s = scale_in(m.group(1))
        if s is not None and s.power:
            found.append((m.start(), Scale(s.power, m.group(0), s.excepted, s.currency or currency_in(m.group(1)))))
    for m in _PROSE_FORM.finditer(prose):
        exc = _EXCEPT.search(prose[m.start():m.end() + 120])
        found.append((m.start(), Scale(_power(m.group(1)), m.group(0), exc.group(0) if exc else "", currency_in(m.group(0)))))
    if amounts:
        found = [f for f in found if not for_shares_only(f[1])]
    return max(found, key=lambda f: f[0])[1] if found else None


def unit_marker(text: str) -> tuple[str, int | None, bool] | None:
    """(currency, scale, percent) when a header cell or unit-line cell only states a unit:
    '€m' -> ('EUR', 6, False), '$’000' -> ('USD', 3, False), '%' / '(%)' -> ('', 0, True),
    '($)' -> ('USD', None, False), '(in millions)' -> ('', 6, False). None for any other text."""
    t = " ".join(text.split()).strip()
    if re.fullmatch(r"\(?%\)?|percent(?:age)?|\(percent\)", t, re.I):
        return "", 0, True
    if re.fullmatch(r"\(?" + _SYM + r"\)?", t, re.I):
        return currency_in(t) or ("USD" if "$" in t else ""), None, False
    s = scale_in(t)
    if s is None:
        return None
    rest = _EXCEPT.sub(" ", t.replace(s.words, " "))
    rest = re.sub(_SYM, " ", rest, flags=re.I)
    rest = re.sub(r"[()\s,.:]|\b(?:in|of|amounts?|dollars?|expressed|u\.?s\.?)\b", "", rest, flags=re.I)
    if rest:  # other words beside the unit: a heading that also states a unit, not a unit line
        return None
    return s.currency or currency_in(t) or ("USD" if "$" in t else ""), s.power, False


@dataclass(frozen=True)
class TableContext:
    """What the page says above one table: the text since the previous table, and statements for
    every table further up the page."""

    near: str
    far: Scale | None

    @property
    def scale(self) -> Scale | None:
        return stated_scale(self.near) or self.far


def _break_at(node: etree._Element) -> str:
    """'before' / 'after' when ``node`` (or an element inside it) starts or ends a printed page, else ''."""
    for el in node.iter():
        if not isinstance(el.tag, str):
            continue
        if local(el.tag).lower() == "hr":
            return "before" if el is node else "after"
        style = (el.get("style") or "").lower().replace(" ", "")
        if "page-break-before:always" in style or "break-before:page" in style:
            return "before"
        if "page-break-after:always" in style or "break-after:page" in style:
            return "after"
    return ""


_BREAK = "\f"  # stands for a page break among the lines above a table


def elements_above(table: etree._Element, max_steps: int):
    """The elements above ``table`` up to the previous table, nearest first (climbing to the parents' earlier
    siblings), at most ``max_steps`` steps of the walk. XHTML inline XBRL names its tables in a namespace."""
    node, steps = table, 0
    while steps < max_steps:
        steps += 1
        sib = node.getprevious()
        if sib is None:
            node = node.getparent()
            if node is None or local(node.tag).lower() in ("body", "html"):
                return
            continue
        node = sib
        if not isinstance(sib.tag, str):
            continue
        if local(sib.tag).lower() == "table" or sib.xpath("boolean(.//*[local-name()='table'])"):
            return
        yield sib


def text_above(table: etree._Element, max_chars: int = 20000) -> list[str]:
    """The text lines between the previous table and this one, in order; a page break among them is
    the line ``"\\f"``. Works on a whole tree and on the shadow tree a streamed document keeps (where
    a table already read is left empty: it still ends the walk, as a table does)."""
    from .html import text_lines

    lines: list[str] = []
    chars = 0
    for sib in elements_above(table, max_steps=400):
        got = text_lines(sib)
        where = _break_at(sib)
        got = ([_BREAK] if where == "before" else []) + got + ([_BREAK] if where == "after" else [])
        lines[:0] = got
        chars += sum(len(g) for g in got)
        if chars >= max_chars:
            break
    return lines


class PageScales:
    """The tables of one document, in order: for each, the text above it and the scale statement meant
    for every table that a page heading made further up ("(Tabular amounts in millions …)"), which holds
    past other tables until a page break or an Item heading."""

    def __init__(self) -> None:
        self._standing: Scale | None = None

    def context(self, table: etree._Element) -> TableContext:
        lines = text_above(table)
        standing = self._standing
        for line in lines:
            if line == _BREAK or _HEADING.match(line):
                standing = None
            elif _FOR_EVERY_TABLE.search(line) and (s := stated_scale(line)) is not None:
                standing = s
        ended = any(line == _BREAK or _HEADING.match(line) for line in lines)
        far = None if ended else self._standing
        self._standing = standing
        near = " ".join(line for line in lines if line != _BREAK)
        return TableContext(near[-6000:], far)
