"""The line of a share the table prints as a percentage of a whole: 'the percentage of sales represented by net other
income' is the line 'net other income' of a table stated as a percentage of sales, 'the percentage of sales from APAC
to total net sales' the line 'APAC' (its '% of total' column). The whole's words (sales, revenue) are not the line's
words: kept, they make the finder look for a sales line. Read by :mod:`qa.read.operation` for a change in points."""

from __future__ import annotations

import re

__all__ = ["share_line"]

_WHOLE = r"(?:total\s+)?(?:net\s+)?(?:sales|revenues?|net\s+revenues?|turnover)"
# 'percentage of (net) sales represented by X', 'share of revenue from X', 'proportion of sales accounted for by X'
_LEAD = re.compile(r"^\W*(?:what\s+(?:is|was|were)\s+)?(?:the\s+)?(?:percent(?:age)?|share|proportion)\s+of\s+" + _WHOLE +
                   r"\s+(?:represented\s+by|accounted\s+for\s+by|generated\s+by|contributed\s+by|from|of)\s+(?P<line>.+)$", re.I)
# '... X to total net sales', '... X in total sales': the whole named again at the end
_TAIL = re.compile(r"\s+(?:to|in|of)\s+(?:the\s+)?" + _WHOLE + r"\s*$", re.I)
_PERIODS = re.compile(r"\s+(?:between|from|in|for|during)\s+(?:fiscal\s+|fy\s*)?(?:19|20)\d{2}\b.*$", re.I)


def share_line(text: str) -> str | None:
    """The line's words of 'the percentage of sales represented by X …' (periods and '?' out), else None."""
    m = _LEAD.search(text.strip().rstrip("?").strip())
    if not m:
        return None
    line = _TAIL.sub("", _PERIODS.sub("", m.group("line"))).strip(" ,.")
    return line or None
