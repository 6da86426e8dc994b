"""A filer's fiscal calendar, read from its own cover facts, for naming periods the way it does.

The generated-question harness must say "fiscal 2024" exactly as the filer means it: Home Depot's
fiscal 2024 is the 52 weeks ended Feb 2, 2025; NVIDIA's fiscal 2025 ends Jan 26, 2025; Apple's
year ends late September. The anchor is one known fiscal-year end and its name, taken from
``dei:DocumentFiscalYearFocus`` / ``DocumentFiscalPeriodFocus`` / ``CurrentFiscalYearEndDate`` and
the filing's report date; every other period is named by counting years and quarters from it.
52/53-week years move the end date by up to a week, so dates are compared with a tolerance.

Independent of ``qa`` and of the engine's parsers: this is the judge's own reading of the calendar,
from the independent reader's facts (``eval.xbrl_facts``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

from .xbrl_model import XFact as Fact
from .xbrl_model import XPeriod as Period

__all__ = ["FiscalCalendar", "calendar_of_filing", "parse_month_day", "duration_kind", "DurationKind"]

_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), 1)}
_DRIFT = 8  # days: a 52/53-week year ends within a week of the same date each year
_YEAR = 365.2425


def parse_month_day(text: str) -> tuple[int, int] | None:
    """'--09-26', '09-26', '12/31', 'February 2', 'Feb. 2' -> (month, day)."""
    t = (text or "").strip().lower()
    m = re.fullmatch(r"-{0,2}(\d{1,2})[-/](\d{1,2})", t)
    if m:
        mo, d = int(m.group(1)), int(m.group(2))
    else:
        m = re.fullmatch(r"([a-z]{3,9})\.?\s+(\d{1,2})", t)
        if not m:
            return None
        mo = next((n for name, n in _MONTHS.items() if name.startswith(m.group(1)[:3])), 0)
        d = int(m.group(2))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return mo, d


def _on_or_after(d: date, month: int, day: int) -> date:
    """The first date with this month/day on or after ``d - drift`` (Feb 29 falls back to Feb 28)."""
    for year in (d.year - 1, d.year, d.year + 1):
        try:
            cand = date(year, month, day)
        except ValueError:
            cand = date(year, month, 28)
        if cand >= d - timedelta(days=_DRIFT):
            return cand
    raise ValueError(f"no {month}/{day} near {d}")  # pragma: no cover - the loop always finds one


@dataclass(frozen=True)
class DurationKind:
    months: int  # 3, 6, 9, 12 (0 when the length is not one of them)
    from_fiscal_start: bool  # starts at the first day of a fiscal year (H1, nine months, YTD)


@dataclass(frozen=True)
class FiscalCalendar:
    """One known fiscal-year end (``anchor_end``) and the name the filer gives that year."""

    cik: str
    anchor_end: date
    anchor_year: int

    def year_end(self, fiscal_year: int) -> date:
        """The (approximate, ±1 week for 52/53-week years) last day of ``fiscal_year``."""
        return self.anchor_end + timedelta(days=round((fiscal_year - self.anchor_year) * _YEAR))

    def fiscal_year_of(self, d: date) -> int:
        """The fiscal year a period ending on ``d`` belongs to (period ends never fall in the first
        week of a fiscal year, so the drift tolerance cannot misplace one)."""
        fy = self.anchor_year + round((d - self.anchor_end).days / _YEAR)
        while self.year_end(fy) < d - timedelta(days=_DRIFT):
            fy += 1
        while self.year_end(fy - 1) >= d - timedelta(days=_DRIFT):
            fy -= 1
        return fy

    def is_year_end(self, d: date) -> bool:
        return abs((d - self.year_end(self.fiscal_year_of(d))).days) <= _DRIFT

    def year_start(self, fiscal_year: int) -> date:
        return self.year_end(fiscal_year - 1) + timedelta(days=1)

    def quarter_of(self, end: date) -> int | None:
        """Fiscal quarter (1-4) that ends on ``end``, or None when ``end`` is not near a quarter end."""
        fy = self.fiscal_year_of(end)
        days = (end - self.year_end(fy - 1)).days
        q = round(days / (_YEAR / 4))
        if not 1 <= q <= 4 or abs(days - q * _YEAR / 4) > 12:
            return None
        return q

    def starts_fiscal_year(self, start: date) -> bool:
        fy = self.fiscal_year_of(start + timedelta(days=_DRIFT + 1))
        return abs((start - self.year_start(fy)).days) <= _DRIFT


def duration_kind(period: Period, cal: FiscalCalendar | None) -> DurationKind | None:
    """3/6/9/12-month durations (by length, allowing 52/53-week drift), and whether they start a fiscal year."""
    if period.kind != "duration" or period.start is None:
        return None
    days = (period.end - period.start).days + 1
    months = next((m for m, (lo, hi) in {3: (84, 98), 6: (175, 189), 9: (266, 280), 12: (357, 378)}.items()
                   if lo <= days <= hi), 0)
    return DurationKind(months, bool(cal and cal.starts_fiscal_year(period.start)))


def _text(facts: list[Fact], local: str) -> str:
    for f in facts:
        if f.concept.split(":")[-1] == local and (f.text_value or f.raw):
            return (f.text_value or f.raw).strip()
    return ""


def calendar_of_filing(facts: Iterable[Fact]) -> FiscalCalendar | None:
    """The fiscal calendar the facts of ONE filing declare, or None when they do not say enough.

    A 10-K (period focus FY) anchors on its report date; a 10-Q anchors on the next
    ``CurrentFiscalYearEndDate`` after its report date (or, without one, on the report date plus
    the quarters left in the year). The year's name is ``DocumentFiscalYearFocus`` (or the facts'
    fiscal_year)."""
    facts = list(facts)
    if not facts:
        return None
    cik = next((f.cik for f in facts if f.cik), "")
    report = next((f.report_date for f in facts if f.report_date), None)
    fy_text = _text(facts, "DocumentFiscalYearFocus")
    fy = int(fy_text) if re.fullmatch(r"\d{4}", fy_text) else next((f.fiscal_year for f in facts if f.fiscal_year), None)
    fp = (_text(facts, "DocumentFiscalPeriodFocus") or next((f.fiscal_period for f in facts if f.fiscal_period), "")).upper()
    if report is None or fy is None or fp not in ("FY", "Q1", "Q2", "Q3", "Q4", "H1", "H2", "M9"):
        return None
    md = parse_month_day(_text(facts, "CurrentFiscalYearEndDate"))
    if fp == "FY":
        end = report
    elif md is not None:
        end = _on_or_after(report, *md)
    else:
        q = {"Q1": 1, "Q2": 2, "H1": 2, "Q3": 3, "M9": 3, "Q4": 4, "H2": 4}[fp]
        end = report + timedelta(days=round((4 - q) * _YEAR / 4))
    return FiscalCalendar(cik=cik, anchor_end=end, anchor_year=fy)
