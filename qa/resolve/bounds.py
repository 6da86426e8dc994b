"""A bound a question sets on a figure ('less than 2,000 thousands', 'exceed $0.30', 'below 10%') and whether a
fact passes it; shared by the rankings over periods, the rows counted past a bound and the quarters counted."""

from __future__ import annotations

import re
from decimal import Decimal

from index.facts import Fact

__all__ = ["bound_of", "passes"]

_BELOW = ("less", "fewer", "lower", "smaller", "below", "under")
_WORD_POWER = {"thousand": 3, "million": 6, "billion": 9}


def bound_of(m: re.Match) -> tuple[str, Decimal, str]:
    """('<' or '>', the number as written, '%' | a scale word | '') of a THRESHOLD match."""
    side = "<" if m.group(1).lower() in _BELOW else ">"
    return side, Decimal(m.group(2).replace(",", "").replace("−", "-")), (m.group(3) or "").lower().rstrip("s")


def passes(f: Fact, bound: tuple[str, Decimal, str], as_printed: bool = False) -> bool:
    """Is the fact past the bound? A percent bound reads a ratio as percent, a scale word scales the bound; a bound
    with neither is read in base units, or against the number as printed (``as_printed``)."""
    side, number, word = bound
    if word in ("%", "percent"):
        v, limit = (f.value * 100 if f.unit == "pure" else f.value), number
    elif word:
        v, limit = f.value, number.scaleb(_WORD_POWER[word])
    else:
        v, limit = (f.value.scaleb(-f.scale) if as_printed and f.scale else f.value), number
    return v < limit if side == "<" else v > limit
