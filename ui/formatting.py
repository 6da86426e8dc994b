"""Small, pure helpers that turn answer fields into text for the page (no Gradio here)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from qa.present import format_value

__all__ = ["esc", "capitalized", "amount", "percent", "headline", "Headline", "filing_scale", "period_text", "period_list",
           "markers_to_html", "short_date", "table_frame"]

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
    if unit == "pure":
        return percent(number)
    return format_value(number, unit, scale=scale)


def percent(fraction: Decimal) -> str:
    """0.285 -> '28.5%'. A reported rate keeps its digits (up to two decimals); a computed one
    (0.0939951726…) is rounded to one decimal, never printed with twenty digits."""
    pct = Decimal(fraction) * 100
    exp = pct.normalize().as_tuple().exponent
    if isinstance(exp, int) and exp >= -2:
        shown = pct.quantize(Decimal(1).scaleb(min(0, exp)))
    else:
        shown = pct.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{shown:,}%".replace("-", "−")


_SIGN = {"USD": "$", "EUR": "€", "GBP": "£"}
_SCALE_WORD = {9: "billion", 6: "million", 3: "thousand"}
_SCALE_IN_TEXT = re.compile(r"\bin (thousands|millions|billions)\b", re.I)


def filing_scale(scale_text: str, value: Decimal) -> int:
    """The power of ten the filing prints this number in: from 'USD in Millions', else from its zeros."""
    m = _SCALE_IN_TEXT.search(scale_text or "")
    if m:
        return {"thousands": 3, "millions": 6, "billions": 9}[m.group(1).lower()]
    for p in (6, 3):
        if abs(value) >= Decimal(10) ** (p + 2) and value % (Decimal(10) ** p) == 0:
            return p
    return 0


@dataclass(frozen=True)
class Headline:
    short: str  # '$46.8 billion': how an analyst says it
    reported: str  # 'USD 46,841 million': in the filing's own scale, exact ('' when that is `exact`)
    exact: str  # 'USD 46,841,000,000': the base value


def _money(unit: str | None) -> bool:
    return bool(unit) and len(unit) == 3 and unit.isupper()


def headline(value, unit: str | None, *, scale_text: str = "", parentheses: bool = False) -> Headline:
    """The answer's number three ways. Negatives are written in parentheses when the filing prints them so."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    exact = amount(number, unit)
    if unit == "pure" or not (_money(unit) or unit == "shares"):
        return Headline(exact, "", exact)
    if number < 0:
        exact = f"({amount(-number, unit)})" if parentheses else f"−{amount(-number, unit)}"
    size = abs(number)
    reported = ""
    scale = filing_scale(scale_text, number)
    if scale:
        reported = format_value(size, unit, scale=scale)
    short = format_value(size, unit)
    for p in (9, 6):
        if size >= Decimal(10) ** p and (_money(unit) or p == 9):  # share counts stay exact below a billion
            digits = (size.scaleb(-p)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            if _money(unit):
                sign = _SIGN.get(unit or "")
                short = f"{sign}{digits:,} {_SCALE_WORD[p]}" if sign else f"{unit} {digits:,} {_SCALE_WORD[p]}"
            else:
                short = f"{digits:,} {_SCALE_WORD[p]} shares"
            break
    if number < 0:
        short, reported = ((f"({short})", f"({reported})" if reported else "") if parentheses
                           else (f"−{short}", f"−{reported}" if reported else ""))
    if reported.strip("()−") == exact.strip("()−-"):
        reported = ""
    return Headline(short, reported, exact)


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
    return f"date not printed with the cell — one of {len(parts)} dates: {shown}"


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
