"""The scale of a table whose page states none, from the text that quotes its cells.

A table printed without "(in thousands)" is read as printed (``NO_SCALE``). When the page's own text quotes
several of its cells rounded with a scale word - "net income of $24.2 million" beside a cell "24,193",
"decreased $8.6 million to $24.9 million" beside "8.6" and "24.9" - the text says the scale the table left
out. Only a scale every quote agrees on is taken (at least two different cells, no quote fitting another
scale); the cells then carry it with a basis that says it was inferred, and the judge still does not vouch
for it (``SCALE_FROM_TEXT``)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from ..facts import Fact
from .htmltables import NO_SCALE
from .numbers import apply_scale

__all__ = ["SCALE_FROM_TEXT", "scale_from_text"]

SCALE_FROM_TEXT = "no scale stated on the table: the scale is the one the text quoting its cells uses"
_POWER = {"thousand": 3, "million": 6, "billion": 9}
_QUOTE = re.compile(r"(?:US\$|C\$|A\$|\$|€|£)\s?(\d{1,3}(?:,\d{3})*(?:\.\d+)?)\s*(thousand|million|billion)\b", re.I)
_SCALES = (3, 6, 9)


def _quotes(text: str) -> list[tuple[Decimal, int, int]]:
    """(number as written, decimals written, power of its scale word) of every amount quoted with a scale word."""
    out = []
    for m in _QUOTE.finditer(text):
        try:
            number = Decimal(m.group(1).replace(",", ""))
        except InvalidOperation:
            continue
        decimals = len(m.group(1).split(".")[1]) if "." in m.group(1) else 0
        out.append((number, decimals, _POWER[m.group(2).lower()]))
    return out


def _fits(cell: Decimal, scale: int, quote: tuple[Decimal, int, int]) -> bool:
    """Does the cell, at ``scale``, round to the quote as the text writes it?"""
    number, decimals, power = quote
    if power < scale or number < 1:
        return False
    at = cell.scaleb(scale - power)
    return at.quantize(Decimal(1).scaleb(-decimals)) == number


def _scale_of(cells: set[Decimal], quotes: list[tuple[Decimal, int, int]]) -> int | None:
    fitted = {k: {c for c in cells for q in quotes if _fits(c, k, q)} for k in _SCALES}
    found = [k for k, hit in fitted.items() if hit]
    if len(found) == 1 and len(fitted[found[0]]) >= 2:
        return found[0]
    return None


def scale_from_text(facts: list[Fact], text: str) -> list[Fact]:
    """``facts`` with the cells of every table that states no scale scaled as the text quoting them says."""
    loose: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(facts):
        if NO_SCALE in f.period_basis and f.value is not None and f.scale == 0:
            loose[f.title].append(i)
    if not loose:
        return facts
    quotes = _quotes(text)
    if not quotes:
        return facts
    out = list(facts)
    for members in loose.values():
        cells = {abs(facts[i].value) for i in members if facts[i].value}
        scale = _scale_of(cells, quotes)
        if scale is None:
            continue
        for i in members:
            f = facts[i]
            out[i] = replace(f, value=apply_scale(f.value, scale), scale=scale,
                             scale_text={3: "Thousands", 6: "Millions", 9: "Billions"}[scale],
                             decimals=None if f.decimals is None else f.decimals - scale,
                             period_basis=f.period_basis.replace(NO_SCALE, SCALE_FROM_TEXT))
    return out
