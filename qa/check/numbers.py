"""Every number an answer writes must come from what it cites - sign included, quotes included.

Numbers outside quotation marks must equal a cited value (at its own scale or another, as a
percentage, as printed), the answer's value, or a part of the cited computation recomputed here.
A quotation must appear word for word in a cited passage, so the numbers inside it are the
filing's own. Dates, years, [n] markers, file names and the cited companies' and lines' names hold
no quantity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from index.parsers.numbers import DATE_RE, canonical

from ..answer import Citation
from ..expression import ExpressionError, constants, evaluate

__all__ = ["number_problems", "signed_numbers", "quotes_in"]

_NUM = re.compile(r"(?<![\w.])([-−(]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w]|\.\d)(\)?)")
_MARKER = re.compile(r"\[\d+\]")
_QUOTE = re.compile(r"“([^”]*)”|\"([^\"]*)\"")
_YEARISH = re.compile(r"^(?:19|20)\d{2}$")


def quotes_in(text: str) -> list[str]:
    return [a or b for a, b in _QUOTE.findall(text)]


def signed_numbers(text: str, names: Iterable[str] = ()) -> list[Decimal]:
    """Quantities written in the text, with their sign ('−1,781', '(1,781)'); not dates, years,
    markers, quotations, file names, or the digits of ``names``."""
    t = text
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        t = t.replace(name, " ")
    t = _MARKER.sub(" ", t)
    t = _QUOTE.sub(" ", t)
    t = re.sub(r"([-−+])\s?([A-Z]{3}|\$)\s?(?=\d)", r"\2 \1", t)  # '−USD 1,781' is a negative amount
    t = re.sub(r"\S*[A-Za-z_]\S*\.(?:txt|htm|html|xml|xsd|zip|json)\b", " ", t)
    t = DATE_RE.sub(" ", t)
    t = re.sub(r"\b\d{4}-\d{2}-\d{2}(?:\.\.\d{4}-\d{2}-\d{2})?\b", " ", t)
    t = re.sub(r"\b(?:FY|Q[1-4]|H[12])\s?'?\d{2,4}\b|\b[1-4]Q\d{2,4}\b", " ", t)
    t = re.sub(r"\b\d{1,2} (?:months?|weeks?) (?:ended|ending)\b", " ", t, flags=re.I)
    t = re.sub(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|\d{1,2})[- ]years?\b", " ", t, flags=re.I)
    out = []
    for m in _NUM.finditer(t):
        sign, whole, frac, close = m.groups()
        raw = whole + (frac or "")
        if not frac and _YEARISH.match(whole) and (not sign or (sign == "(" and close == ")")):
            continue  # a year, also '(2019)' beside the value it dates (an amount would print '(2,019)')
        try:
            v = canonical(Decimal(raw.replace(",", "")))
        except InvalidOperation:
            continue
        negative = sign in ("-", "−") or (sign == "(" and close == ")")
        out.append(-v if negative else v)
    return out


def _variants(v: Decimal) -> set[Decimal]:
    out = {canonical(v)}
    for s in (3, 6, 9):
        out.add(canonical(v.scaleb(-s)))
    out.add(canonical(v * 100))  # percent
    return out


def _printed(raw: str) -> set[Decimal]:
    """A cell as printed: '(1,234)' is -1234; '1,234' is 1234."""
    out = set()
    for m in _NUM.finditer(raw):
        sign, whole, frac, close = m.groups()
        try:
            v = canonical(Decimal((whole + (frac or "")).replace(",", "")))
        except InvalidOperation:
            continue
        out.add(-v if (sign == "(" and close == ")") or sign in ("-", "−") else v)
        out.add(v if v >= 0 else -v)  # a cell's magnitude may be written beside its sign in words
    return out


def _allowed(citations: tuple[Citation, ...], expression: str, value: Decimal | None) -> set[Decimal]:
    ok: set[Decimal] = set()
    values = {}
    for i, c in enumerate(citations):
        if c.value is not None:
            try:
                v = Decimal(c.value)
            except InvalidOperation:
                continue
            values[i + 1] = v
            ok |= _variants(v)
        if c.kind == "fact":
            ok |= _printed(c.raw)
    if value is not None:
        ok |= _variants(value)
    if expression:
        try:
            ok |= {canonical(c) for c in constants(expression)}
            for part in evaluate(expression, values).parts:
                ok |= _variants(part)
        except (ExpressionError, InvalidOperation):
            pass
    return ok


def _computed(citations: tuple[Citation, ...], expression: str, value: Decimal | None) -> set[Decimal]:
    """The values a computation produces (its result and every part, as fractions and as percentages): the
    only numbers an answer may show rounded ('47.05%', '0.94')."""
    values = {i + 1: Decimal(c.value) for i, c in enumerate(citations) if c.value is not None}
    out: set[Decimal] = set()
    try:
        for part in evaluate(expression, values).parts:
            out |= {part, part * 100}
    except (ExpressionError, InvalidOperation):
        pass
    if value is not None:
        out |= {value, value * 100}
    return out


def _close(a: Decimal, b: Decimal) -> bool:
    if a == b:
        return True
    if b == 0:
        return abs(a) < Decimal("1e-20")
    return abs(a - b) / abs(b) < Decimal("1e-20")


def _rounded_from(n: Decimal, ok: set[Decimal]) -> bool:
    """A computed figure shown rounded ('28.5%', '0.94'): it must equal an allowed value rounded to the digits shown."""
    places = -n.as_tuple().exponent if n.as_tuple().exponent < 0 else 0
    q = Decimal(1).scaleb(-places)
    return any(abs(a) < Decimal("1e15") and a.quantize(q) == n for a in ok)


def _rounded_as_asked(n: Decimal, ok: set[Decimal], decimals: int | None) -> bool:
    """A cited value shown at the number of decimals the question asked for, at any display scale
    ('USD 1.5 per share' for a reported 1.48 asked 'rounded to one decimal')."""
    if decimals is None:
        return False
    q = Decimal(1).scaleb(-decimals)
    return any(abs(a) < Decimal("1e15") and a.scaleb(-s).quantize(q).scaleb(s) == n
               for a in ok for s in (0, 3, 6, 9))


def number_problems(text: str, citations: tuple[Citation, ...], expression: str = "", value: Decimal | None = None,
                    names: Iterable[str] = (), decimals: int | None = None) -> list[str]:
    """Every number of the answer's text is a cited value (at a display scale), a computed one, or - when the
    question asked for rounding (``decimals``) - a cited or computed value rounded so."""
    problems: list[str] = []
    passages = [" ".join(f"{c.raw} {c.snippet}".split()) for c in citations]
    names_cited = {" ".join(n.split()) for c in citations for n in (c.row, *c.row.split(" › "), c.title, c.entity, *c.members) if n}
    for q in quotes_in(text):
        words = " ".join(q.split())
        if words and words not in names_cited and not any(words in p for p in passages):
            problems.append(f"a quotation is not found in the passages cited (“{words[:60]}”)")
    ok = _allowed(citations, expression, value)
    computed = _computed(citations, expression, value) if expression and expression.strip() != "[1]" else set()
    labels = list(names) + [part for c in citations for part in (c.row, *c.row.split(" › "), *c.members, c.entity, c.title)]
    for n in signed_numbers(text, labels):
        if any(_close(n, a) for a in ok) or _rounded_from(n, computed) or _rounded_as_asked(n, ok | computed, decimals):
            continue
        problems.append(f"the number {n} in the text traces to no citation")
    return problems
