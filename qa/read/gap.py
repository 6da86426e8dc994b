"""'The difference in X between 2018 and 2019': the size of the gap between two periods, not a signed change.

A difference asked between two periods, with no word of direction (increase, decrease, change, growth,
more, less, from ... to), names no minuend: in plain English the difference between 5 and 8 is 3. A question
that says which way ('the change', 'how much more', 'from 2018 to 2019') keeps its sign.
"""

from __future__ import annotations

import re

__all__ = ["asks_gap"]

_PERIOD = r"(?:(?:fiscal\s+)?(?:years?\s+)?|fy\s*|f)'?\d{2}(?:\d{2})?"
_GAP = re.compile(r"\b(?:(?:nominal|net|absolute)\s+)?difference\b[^?]*?\bbetween\s+(?:the\s+)?(?:fiscal\s+years?\s+)?"
                  + _PERIOD + r"\s+and\s+" + _PERIOD + r"\b", re.I)
_DIRECTION = re.compile(r"\b(?:increas\w*|decreas\w*|chang\w*|grow\w*|growth|more|less|higher|lower|fell|rose|"
                        r"declin\w*|drop\w*|from|than|compared|versus|vs)\b", re.I)


def asks_gap(core: str) -> bool:
    """Whether the question asks the unsigned difference of one line between two periods."""
    return bool(_GAP.search(core)) and not _DIRECTION.search(core)
