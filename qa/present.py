"""How numbers, units and periods are written in answers, and citations built from facts.

Numbers are never rounded: 20,782 thousand yuan is written CNY 20,782,000 with the printed cell
beside it. A display scale ("in millions") only moves the decimal point.
"""

from __future__ import annotations

from decimal import Decimal

from index.facts import Chunk, Fact, Mention, Period
from index.parsers.numbers import canonical, format_number

from .answer import Citation

__all__ = ["format_value", "format_period", "fact_citation", "mention_citation", "chunk_citation", "unit_words", "period_phrase"]

_SCALE_WORDS = {3: "thousand", 6: "million", 9: "billion"}
_CURRENCY_SIGN = {"USD": "$", "CNY": "¥", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "C$", "HKD": "HK$"}


def unit_words(unit: str | None) -> str:
    if unit is None:
        return ""
    if unit == "shares":
        return "shares"
    if unit.endswith("/shares"):
        return f"{unit.split('/')[0]} per share"
    return unit


def format_value(value: Decimal | None, unit: str | None, *, raw: str = "", scale: int | None = None,
                 text_value: str | None = None) -> str:
    """'CNY 20,782,000', '1,587,950 shares', 'USD 0.71 per share', '90.00%', '1 year 2 months 1 day'."""
    if value is None:
        return raw or (text_value or "")
    if unit == "pure":
        pct = canonical(value * 100)
        digits = len(raw.split(".")[1].rstrip("%").strip()) if "." in raw and raw.strip().endswith("%") else None
        return f"{pct:.{digits}f}%" if digits is not None else f"{format_number(pct)}%"
    if unit == "years":
        return f"{format_number(value)} years"
    shown = value
    suffix = ""
    if scale and unit not in ("shares",) and not (unit or "").endswith("/shares"):
        shown = canonical(value.scaleb(-scale))
        suffix = f" {_SCALE_WORDS.get(scale, '')}"
    elif scale and unit == "shares":
        shown = canonical(value.scaleb(-scale))
        suffix = f" {_SCALE_WORDS.get(scale, '')}"
    num = format_number(shown)
    if unit is None:
        return f"{num}{suffix}"
    if unit == "shares":
        return f"{num}{suffix} shares"
    if unit.endswith("/shares"):
        return f"{unit.split('/')[0]} {num} per share"
    if len(unit) == 3 and unit.isupper():
        return f"{unit} {num}{suffix}"
    return f"{num}{suffix} {unit}"


def format_period(p: Period) -> str:
    return p.display()


def period_phrase(fact: Fact, matching: tuple[Period, ...] = ()) -> str:
    """'for the year ended Dec. 31, 2022', 'as of Dec. 31, 2022', 'on Jan. 01, 2020' or the candidates."""
    if fact.period is not None:
        p = fact.period
        if p.kind == "duration":
            if p.label and "Months" in p.label:
                return f"for the {p.label.lower()} {p.display().split(' Ended ')[-1]}"
            months = round((p.end - p.start).days / 30.44)
            if months in (3, 6, 9, 12) and abs((p.end - p.start).days - months * 30.44) < 12:
                words = {3: "three", 6: "six", 9: "nine", 12: "twelve"}[months]
                return f"for the {words} months ended {p.end:%b. %d, %Y}"
            return f"for {p.start:%b. %d, %Y} to {p.end:%b. %d, %Y}"
        if p.kind == "instant":
            return f"as of {p.end:%b. %d, %Y}"
        return f"in the {p.end:%b. %d, %Y} column"
    ps = matching or fact.candidate_periods
    if len(ps) == 1:
        return f"in the {ps[0].end:%b. %d, %Y} column"
    return "in one of the columns dated " + ", ".join(f"{p.end:%b. %d, %Y}" for p in ps[:6]) + (" …" if len(ps) > 6 else "")


def fact_citation(f: Fact, snippet: str = "", chunk_id: str = "") -> Citation:
    if f.period is not None:
        period = f.period.iso()
    else:
        period = " | ".join(p.iso() for p in f.candidate_periods)
    scale = f.scale_text or ""
    return Citation(
        source=f.source,
        title=f.title,
        row=(f"{f.member_text} › {f.label}" if f.dimensions else f.label),
        period=period,
        unit=f.unit,
        scale=scale,
        raw=f.raw,
        snippet=snippet or f.row_label,
        kind="fact",
        value=None if f.value is None else str(f.value),
        column=f.column_label,
        members=tuple(m.member for m in f.dimensions),
        period_note=f.period_basis,
        fact_id=f.fact_id,
        chunk_id=chunk_id,
        entity=f.entity,
    )


def mention_citation(m: Mention, title: str = "", value: Decimal | None = None, unit: str | None = None) -> Citation:
    return Citation(
        source=m.source,
        title=title,
        row="",
        period=" | ".join(p.iso() for p in m.dates),
        unit=unit,
        scale="",
        raw=m.number_text,
        snippet=m.sentence,
        kind="text",
        value=None if value is None else str(value),
        chunk_id=m.chunk_id,
    )


def chunk_citation(c: Chunk, quote: str) -> Citation:
    return Citation(
        source=c.source, title=c.title, row=c.section, period="", unit=None, scale="", raw=quote,
        snippet=c.display, kind="text", chunk_id=c.chunk_id, entity=c.entity,
    )
