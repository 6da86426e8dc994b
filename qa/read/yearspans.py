"""Spans of years a question writes as one period ('2021-2022', '2020 – 2024'): read as a span of years to add or
average up ('the average net income from 2017-2019') unless the page heads a column or a row with the span itself
(a maturity table's '2021-2022', a lease schedule's row '2020 – 2024'); then the span is that column or row."""

from __future__ import annotations

import re

__all__ = ["YEAR_SPAN", "span_text", "same_span"]

YEAR_SPAN = re.compile(r"(?<![\d/-])((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})(?![\d/-])")


def span_text(text: str) -> str:
    """'2020 – 2024' -> '2020-2024'; '' for text that is not one span of years and nothing else."""
    m = YEAR_SPAN.fullmatch((text or "").strip(" :*()"))
    return f"{m.group(1)}-{m.group(2)}" if m and int(m.group(1)) < int(m.group(2)) else ""


def same_span(heading: str, asked: str) -> bool:
    """Does a column member or row label head the span asked ('2021-2022' for '2021 - 2022')?"""
    mine = span_text(heading)
    return bool(mine) and mine == span_text(asked)
