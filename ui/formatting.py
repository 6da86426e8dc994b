"""Small, pure helpers that turn answer fields into text for the page (no Gradio here)."""

from __future__ import annotations

import html
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from qa.present import format_value

__all__ = ["esc", "capitalized", "amount", "period_text", "period_list", "markers_to_html", "short_date", "table_frame"]

_MARKER = re.compile(r"\[(\d{1,3})\]")


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def capitalized(message: str) -> str:
    """Error messages from the engine start in lower case ('the question is empty.'); a page shows sentences."""
    message = str(message).strip()
    return message[:1].upper() + message[1:]


def amount(value: str | Decimal | None, unit: str | None, scale: int | None = None) -> str:
    """'CNY 28,322,000', '1,587,950 shares', 'USD 0.33 per share', '90%' — the way answers write them."""
    if value is None or value == "":
        return ""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return format_value(number, unit, scale=scale)


def short_date(d: date) -> str:
    return f"{d:%b} {d.day}, {d.year}"


def _one_period(text: str) -> str:
    text = text.strip()
    try:
        if ".." in text:
            a, b = (date.fromisoformat(t) for t in text.split("..", 1))
            months = round((b - a).days / 30.44)
            if 11 <= months <= 13:
                return f"year ended {short_date(b)}"
            return f"{short_date(a)} – {short_date(b)}"
        return short_date(date.fromisoformat(text))
    except ValueError:
        return text


def period_list(period: str) -> list[str]:
    """A citation/answer period string ('a | b | c' when the column is open) as display strings."""
    return [_one_period(p) for p in (period or "").split("|") if p.strip()]


def period_text(period: str, limit: int = 3) -> str:
    """'Dec 31, 2022', 'year ended Dec 31, 2022', or 'one of 15 dates: Dec 31, 2023, …' when open."""
    parts = period_list(period)
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    shown = ", ".join(parts[:limit]) + (" …" if len(parts) > limit else "")
    return f"column not pinned — one of {len(parts)} dates: {shown}"


def markers_to_html(escaped_text: str, anchor_prefix: str = "") -> str:
    """Turn [1]-style markers (in already escaped text) into citation chips that link to the evidence."""
    def chip(m: re.Match) -> str:
        n = m.group(1)
        href = f' href="#{anchor_prefix}{n}"' if anchor_prefix else ""
        return f'<a class="fq-ref"{href} title="Evidence [{n}]">{n}</a>'
    return _MARKER.sub(chip, escaped_text)


def table_frame(rows: list[list], columns: list[str], optional: tuple[str, ...] = ()):
    """A DataFrame for gr.Dataframe, leaving out the ``optional`` columns that are empty in every row."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=columns)
    empty = [c for c in optional if c in frame and frame[c].astype(str).str.strip().eq("").all()]
    return frame.drop(columns=empty)
