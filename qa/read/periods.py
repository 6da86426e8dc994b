"""The periods a question names, read with the grammar of :mod:`qa.lexicon.periods`."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from ..lexicon.periods import DURATION_WORDS, LATEST_RULES, PERIOD_RULES, YEARLESS_DAY, Context, day_of_year
from ..plan import PeriodAsk

__all__ = ["read_periods", "duration_hint", "prior_period"]

_AFTER = re.compile(r"\b(?:after|subsequent to|following) (?:the )?(?:fiscal )?year[- ]end\b|\bsubsequent(?:ly)?\b|"
                    r"\bafter (?:the )?balance sheet date\b", re.I)


def duration_hint(text: str) -> int | None:
    """The one duration the question's words name (3, 6, 9, 12 months), or None (none or several)."""
    found = {n for n, pat in DURATION_WORDS if pat.search(text)}
    if 12 in found and len(found) > 1:
        found.discard(12)  # 'the second quarter of fiscal year 2025': the quarter is the duration
    return found.pop() if len(found) == 1 else None


def _free(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return not any(a < y and x < b for x, y in spans)


def read_periods(text: str) -> tuple[list[PeriodAsk], list[tuple[int, int]]]:
    """The periods a question names (in order of appearance) and the spans of text they used."""
    ctx = Context(text, bool(re.search(r"\b(?:FY|fiscal)\b", text, re.I)))
    found: list[tuple[int, PeriodAsk]] = []
    spans: list[tuple[int, int]] = []
    for rule in PERIOD_RULES:
        for m in rule.pattern.finditer(text):
            if not _free(spans, *m.span()):
                continue
            ask = rule.build(m, ctx)
            if ask is not None:
                found.append((m.start(), ask))
                spans.append(m.span())
    for m in YEARLESS_DAY.finditer(text):  # 'between June 30 and December 31, 2019': the first day takes the year after
        ask = day_of_year(m) if _free(spans, *m.span()) else None
        if ask is not None:
            found.append((m.start(), ask))
            spans.append(m.span())
    if _AFTER.search(text):
        found.append((len(text), PeriodAsk("after", text="after year end")))
    if not found:
        for pattern, months in LATEST_RULES:
            hit = pattern.search(text)
            if hit:
                found.append((hit.start(), PeriodAsk("latest", text=hit.group(0), months=months)))
                spans.append(hit.span())
                break
    found = [(at, a) for at, a in found if not _names_a_document(text, at, a)]
    found = _years_after_a_day(text, sorted(found, key=lambda x: x[0]))
    asks = _quarters_take_the_year(_restatements_merged(text, sorted(found, key=lambda x: x[0])))
    asks = _each_quarter(text, asks)
    hint = duration_hint(text)
    if hint:
        asks = [_with_duration(a, hint) for a in asks]
    return asks, spans


_AND_YEAR = re.compile(r",?\s+(?:and|&)\s+$", re.I)


def _years_after_a_day(text: str, found: list[tuple[int, PeriodAsk]]) -> list[tuple[int, PeriodAsk]]:
    """'the years ended December 31, 2018, and 2019': the bare year after a dated period is that period of its year
    (the twelve months ended December 31, 2019), not the calendar year nor the day of the first."""
    out: list[tuple[int, PeriodAsk]] = []
    for at, a in found:
        prev = out[-1][1] if out else None
        if (prev is not None and prev.day is not None and a.day is None and a.year is not None and a.relation in ("in", "fy", "end")
                and re.fullmatch(r"(?:19|20)\d{2}", a.text or "") and _AND_YEAR.search(text[:at])
                and text[:at].rstrip(" ,&").lower().rstrip().removesuffix("and").rstrip(" ,").endswith(prev.text.lower())):
            try:
                day = prev.day.replace(year=a.year)
            except ValueError:  # February 29
                day = prev.day.replace(year=a.year, day=28)
            a = replace(prev, year=a.year, day=day, text=a.text)
        out.append((at, a))
    return out


_DOCUMENT = re.compile(r"\s*(?:form\s+)?(?:10-?K|10-?Q|20-?F|40-?F|8-?K|6-?K|annual report|quarterly report|proxy|filing|report)\b", re.I)


def _names_a_document(text: str, at: int, a: PeriodAsk) -> bool:
    """'the 2009 10-K', 'Apple's March 2025 10-Q': a year or month that names a filing, not a period asked."""
    if a.relation not in ("in", "fy", "month") or a.day is not None:
        return False
    end = text.find(a.text, at) + len(a.text) if a.text else -1
    return end > 0 and bool(_DOCUMENT.match(text, end))


def _restatements_merged(text: str, found: list[tuple[int, PeriodAsk]]) -> list[PeriodAsk]:
    """Two periods that are one: 'fiscal 2020 (year ended November 30, 2020)', 'the first six months of fiscal
    2025 (six months ended March 29, 2025)' - the dated one is kept; 'year to date through June 30, 2024' is
    the year to date ending that day."""
    out: list[PeriodAsk] = []
    for at, a in found:
        prev = out[-1] if out else None
        if prev is not None and a.day is not None and re.search(r"\(\s*$", text[max(0, at - 3):at]) and \
                prev.day is None and prev.relation in ("fy", "in", "ytd", "quarter", "end", "month"):
            out[-1] = a  # the parenthesis restates the period before it, with its date
            continue
        if prev is not None and prev.relation == "quarter" and prev.quarter and prev.day is None and a.relation in ("in", "fy") \
                and a.year and a.day is None and re.search(r"\b\d{4}\s*(?:,\s*|and\s+|&\s*)$", text[:at]):
            out.append(replace(prev, year=a.year, text=a.text))  # 'Q4 2019 and 2018': the fourth quarter of each
            continue
        if prev is not None and prev.relation == "ytd" and prev.year is None and prev.day is None and a.relation == "on":
            out[-1] = replace(prev, day=a.day, text=f"{prev.text} through {a.text}")
            continue
        out.append(a)
    return out


def _quarters_take_the_year(asks: list[PeriodAsk]) -> list[PeriodAsk]:
    """'In 2019, … between the third quarter and fourth quarter': quarters named without a year are quarters of
    the one year the question names (which then is no period of its own); 'the first quarter revenue in 2019 and
    2018': one quarter, of each year named."""
    yearless = [a for a in asks if a.relation == "quarter" and a.year is None]
    years = [a.year for a in asks if a.relation in ("in", "fy") and a.year is not None and a.day is None]
    if not yearless or not years or any(a.relation not in ("in", "fy", "quarter") for a in asks) or (
            len(yearless) > 1 and len(set(years)) > 1):
        return asks
    quarters = [replace(q, year=y, text=f"{q.text} {y}") for y in dict.fromkeys(years) for q in yearless]
    return quarters + [a for a in asks if a.relation == "quarter" and a.year is not None]


_EACH_QUARTER = re.compile(r"\baverage quarterly\b|\beach (?:of the )?(?:four )?quarters?\b", re.I)


def _each_quarter(text: str, asks: list[PeriodAsk]) -> list[PeriodAsk]:
    """'the average quarterly low price in 2018', 'for each quarter in 2018': the four quarters of that one year."""
    if not _EACH_QUARTER.search(text) or len(asks) != 1 or asks[0].relation not in ("in", "fy") or asks[0].year is None \
            or asks[0].day is not None:
        return asks
    return [PeriodAsk("quarter", asks[0].year, None, f"Q{q} {asks[0].year}", quarter=q) for q in (1, 2, 3, 4)]


def _with_duration(a: PeriodAsk, months: int) -> PeriodAsk:
    """'quarterly revenue as of March 29, 2025': a date with a duration word is that duration."""
    if a.relation == "on" and a.day is not None:
        return replace(a, relation="months", months=months)
    if a.relation == "month" and a.months is None:
        return replace(a, months=months)
    if a.relation == "latest" and a.months is None and months in (3, 12):
        return replace(a, months=months)
    return a


def prior_period(a: PeriodAsk) -> PeriodAsk | None:
    """The same period one year earlier (what a year-over-year change compares with)."""
    def year_back(d: date) -> date:
        return d.replace(year=d.year - 1, day=min(d.day, 28)) if d.month == 2 else d.replace(year=d.year - 1)

    if a.relation in ("on", "months") and a.day is not None:
        d = year_back(a.day)
        return replace(a, day=d, year=d.year, text=f"{a.text} (a year earlier)", implied=True)
    if a.year is not None and a.relation in ("fy", "in", "calendar", "end", "quarter", "ytd", "h2", "month"):
        return replace(a, year=a.year - 1, text=f"{a.text} (a year earlier)", implied=True)
    return None
