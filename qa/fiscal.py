"""A filer's fiscal calendar, read off its own filing: when its year ends and what it calls a year.

Home Depot's "fiscal 2024" is the 53 weeks ended Feb. 2, 2025; NVIDIA's "fiscal 2025" is the
52 weeks ended Jan. 26, 2025. Both end in late January/early February, yet they name their years
differently, so the name cannot be derived from the dates alone. The filing says it: its
``DocumentFiscalYearFocus`` (``Fact.fiscal_year``) and ``DocumentFiscalPeriodFocus``
(``Fact.fiscal_period``) name the fiscal year that its report date falls in. From that one
pair we learn the year-end day and the naming offset, and can name every other date.

A filing without that metadata (flattened R pages, plain HTML) gets the calendar year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from index.facts import Period

__all__ = ["FiscalCalendar", "calendar_of", "months_of", "GRACE_DAYS"]

GRACE_DAYS = 10  # 52/53-week years end on a weekday near a date, not on it


def months_of(p: Period) -> float:
    """The length of a duration in months (0 for an instant)."""
    return (p.end - p.start).days / 30.44 if p.kind == "duration" and p.start else 0.0


@dataclass(frozen=True)
class FiscalCalendar:
    """``year_end``: (month, day) the fiscal year ends near; ``offset``: fiscal-year name minus the
    calendar year in which that fiscal year ends (0 for most, -1 for Home Depot-style names)."""

    year_end: tuple[int, int] = (12, 31)
    offset: int = 0
    known: bool = False  # False: no fiscal metadata, the calendar year is assumed

    def _end_in(self, year: int) -> date:
        m, d = self.year_end
        return date(year, m, min(d, 28 if m == 2 else 30 if m in (4, 6, 9, 11) else 31))

    def year_end_after(self, day: date) -> date:
        """The first fiscal year end on or after ``day`` (with the 52/53-week grace)."""
        for y in (day.year - 1, day.year, day.year + 1):
            end = self._end_in(y)
            if day <= end + timedelta(days=GRACE_DAYS):
                return end
        return self._end_in(day.year + 1)  # pragma: no cover - the loop always finds one

    def year_of(self, day: date) -> int:
        """The fiscal year (as the filer names it) that ``day`` falls in."""
        return self.year_end_after(day).year + self.offset

    def quarter_of(self, day: date) -> int:
        """Fiscal quarter (1-4) whose end is nearest ``day``."""
        weeks = (self.year_end_after(day) - day).days / 91.31
        return max(1, min(4, 4 - round(weeks)))

    def is_year_end(self, day: date) -> bool:
        return abs((self.year_end_after(day) - day).days) <= GRACE_DAYS

    def year_end_of(self, fiscal_year: int) -> date:
        """The nominal end of a named fiscal year (the actual day may be within the grace)."""
        return self._end_in(fiscal_year - self.offset)


_CALENDAR = FiscalCalendar()


@lru_cache(maxsize=4096)
def _calendar(fiscal_year: int | None, fiscal_period: str, report_date: date | None) -> FiscalCalendar:
    fp = (fiscal_period or "").upper().strip()
    if report_date is None or not fp:
        return _CALENDAR
    if fp == "FY":
        end = report_date
    else:
        m = re.match(r"Q([1-4])$", fp) or re.match(r"H([12])$", fp)
        if not m:
            return _CALENDAR
        quarters_left = 4 - int(m.group(1)) if fp.startswith("Q") else 4 - 2 * int(m.group(1))
        end = report_date + timedelta(days=round(91.31 * quarters_left))
    # A year ending in the first days of January belongs to the year before (Dec. 31 calendars
    # of 52/53 weeks): keep the day, the grace handles the rest.
    cal = FiscalCalendar(year_end=(end.month, end.day), offset=0, known=True)
    if fiscal_year is not None:
        offset = fiscal_year - cal.year_end_after(report_date).year
        if offset in (-1, 0, 1):
            cal = FiscalCalendar(year_end=cal.year_end, offset=offset, known=True)
    return cal


def calendar_of(fact) -> FiscalCalendar:
    """The fiscal calendar of the filing a fact comes from (the calendar year when unknown)."""
    if fact is None:
        return _CALENDAR
    return _calendar(getattr(fact, "fiscal_year", None), getattr(fact, "fiscal_period", "") or "",
                     getattr(fact, "report_date", None))
