"""Small, pure helpers that turn answer fields into text for the page (no Gradio here)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from qa.present import format_value

__all__ = ["esc", "capitalized", "company_name", "amount", "measure_text", "ratio_style", "operation_name", "readable_reason", "percent", "headline", "Headline", "filing_scale", "period_text", "period_list",
           "markers_to_html", "short_date", "table_frame"]

_MARKER = re.compile(r"\[(\d{1,3})\]")


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def capitalized(message: str) -> str:
    """Error messages from the engine start in lower case ('the question is empty.'); a page shows sentences."""
    message = str(message).strip()
    return message[:1].upper() + message[1:]


_SUFFIX = re.compile(r"[,.]?\s+(?:inc|incorporated|corp|corporation|co|ltd|limited|llc|plc|holdings?|group)\.?$", re.I)


def company_name(entity: str) -> str:
    """'AMAZON.COM, INC.' -> 'Amazon', 'Apple Inc.' -> 'Apple', 'NETFLIX INC' -> 'Netflix'."""
    name = entity.strip()
    while (short := _SUFFIX.sub("", name).strip(" ,.")) != name:
        name = short
    name = re.sub(r"\.com\b", "", name, flags=re.I).strip()
    return name.title() if name.isupper() else name


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


def measure_text(value, unit: str | None, *, signed: bool = False, style: str = "") -> str:
    """A computed or reported number as an analyst writes it: 'USD 44,161,000,000', '9.4%', and a
    ratio as '0.82×' (``style="times"``), never as a percentage of nothing."""
    if value is None or value == "":
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if unit == "pure" and style == "times":
        text = f"{number.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}×".replace("-", "−")
    else:
        text = amount(number, unit)
    return f"+{text}" if signed and number > 0 else text


# What a computed fraction is (qa/lexicon/formulas.py's result units): 'times' for ratios, turnovers, coverage.
_TIMES_WORDS = re.compile(r"\bratio\b|\bturnover\b|\bcoverage\b|\btimes\b|\bmultiple\b|\b(?:debt|liabilities)[- ]to[- ]", re.I)
_PERCENT_WORDS = re.compile(r"%|\bpercent(?:age)?\b|\bmargin\b|\brate\b|\breturn on\b|\bshare of\b|\bgrowth\b|\byield\b", re.I)


def ratio_style(operation: str, question: str, name: str = "") -> str:
    """'times' when a computed fraction is a ratio (current ratio 0.82×), '' for a percentage.

    The formula's own declared result unit decides when it has one; otherwise the words: a
    question that says 'percent', 'margin' or 'rate' wants a percentage, one that says 'ratio' or
    'turnover' a multiple."""
    declared = _formula_units().get(operation)
    if declared:
        return "times" if declared in ("ratio", "times") else ""
    if operation in ("growth",):
        return ""
    words = f"{name} {question}"
    if _PERCENT_WORDS.search(words) and not re.search(r"\bratio\b", name, re.I):
        return ""
    return "times" if _TIMES_WORDS.search(words) or operation == "ratio" else ""


def _formula_units() -> dict[str, str]:
    try:  # the answering core's formula table, when it has one
        from qa.lexicon.formulas import FORMULAS
    except ImportError:
        return {}
    return {f.key: f.unit for f in FORMULAS}


def operation_name(operation: str) -> str:
    """'operating_margin' -> 'Operating margin': a formula's own name, never an internal key."""
    try:
        from qa.lexicon.formulas import FORMULAS

        names = {f.key: f.name for f in FORMULAS}
    except ImportError:
        names = {}
    words = names.get(operation) or operation.replace("_", " ")
    return words[:1].upper() + words[1:]


_STEM_GROUP = re.compile(r"\(([^()]{1,120})\)")


def readable_reason(reason: str, question: str) -> str:
    """A reason that lists word stems ('… asks for (compar)', '(iphon, earlier)') written with the
    question's own words instead ('(“compared”)', '(“iPhone”, “earlier”)')."""
    from qa.lexicon.words import canonical_tokens

    words: dict[str, str] = {}
    for w in re.findall(r"[A-Za-z][\w&'’-]*", question or ""):
        w = re.sub(r"['’]s$", "", w)
        toks = canonical_tokens(w)
        if len(toks) == 1:
            words.setdefault(toks[0], w)

    def fix(m: re.Match) -> str:
        parts = [p.strip() for p in m.group(1).split(",")]
        if not all(p in words for p in parts):
            return m.group(0)
        return "(" + ", ".join(f"“{words[p]}”" for p in parts) + ")"
    return _STEM_GROUP.sub(fix, reason or "")


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
