"""Where a document's fiscal year ends, read from its own tables when the document carries no fiscal
metadata (an earnings release, an annual-report exhibit, a TAT-QA page): a full-year column says it
("Fiscal Year Ended April 27, 2019"), and so do balance columns a year apart ("April 30, 2019 |
April 30, 2018"). The facts then carry it as their filing's calendar (``fiscal_period='FY'``,
``report_date``), so "in 2019" finds the balance at that year-end, as it does for a tagged filing."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from ..facts import Fact

__all__ = ["year_end_shown", "year_start_shown", "with_interim_calendar", "same_day_of_year"]

_FISCAL_NAME = re.compile(r"\b(?:fiscal(?: year)?|FY) ?((?:19|20)\d{2})\b", re.I)


def year_end_shown(facts: list[Fact]) -> date | None:
    """The latest fiscal year-end a document's tables show, when they show one and only one day of the
    year for it: a column of a full year ('Fiscal Year Ended April 27, 2019'), or balance columns a year
    apart ('April 30, 2019 | April 30, 2018' - a balance sheet's year-ends). None when they show none, or
    when a December year-end would do (the calendar year is what a filing without metadata gets)."""
    ends: set[date] = set()
    instants = {f.period.end for f in facts if f.period is not None and f.period.kind == "instant"}
    years = {p.end for p in _durations(facts) if 335 <= (p.end - p.start).days <= 386}
    # a quarterly release's balance columns a year apart are quarter-ends ('November 2, 2024 | October 28, 2023'
    # beside the 13 weeks ended on those days), not year-ends
    quarter_ends = {p.end for p in _durations(facts) if (p.end - p.start).days < 335} - years
    ends |= years
    ends |= {d for d in instants if d not in quarter_ends
             and any(358 <= abs((d - e).days) <= 372 and d != e for e in instants)}
    if not ends:
        return None
    latest = max(ends)
    if any(not same_day_of_year(d, latest) for d in ends):
        return None  # two calendars in one document: say nothing
    december = (latest.month == 12 and latest.day >= 21) or (latest.month == 1 and latest.day <= 10)
    return None if december else latest


def year_start_shown(facts: list[Fact]) -> date | None:
    """The fiscal year-end before the latest year-to-date column, when the tables show one: a half-year or
    nine-month period ('Thirty-Nine Weeks Ended November 2, 2024', from February 4, 2024) starts the day after
    the year-end before it. None when no such column is shown or two columns disagree on the day."""
    starts = {p.start - timedelta(days=1) for p in _durations(facts) if 170 <= (p.end - p.start).days <= 290}
    if not starts:
        return None
    latest = max(starts)
    return latest if all(same_day_of_year(d, latest) for d in starts) else None


def _durations(facts: list[Fact]):
    return [f.period for f in facts if f.period is not None and f.period.kind == "duration" and f.period.start is not None]


def same_day_of_year(a: date, b: date) -> bool:
    """Within the 52/53-week grace of the same day of the year."""
    delta = abs((a.replace(year=2001, day=min(a.day, 28)) - b.replace(year=2001, day=min(b.day, 28))).days)
    return min(delta, 365 - delta) <= 10


def with_interim_calendar(facts: list[Fact], text: str) -> list[Fact]:
    """An interim report's facts under its fiscal calendar, when the document shows both halves of it: the
    year-end day, from a year-to-date column (:func:`year_start_shown`), and what the filer calls the year
    that column falls in, from its own words. A January year-end is "fiscal 2024" at one retailer and
    "fiscal 2025" at another, so the name is taken only when the text names exactly one of the two
    ("third quarter of fiscal 2024"); otherwise, or when a calendar is already known, nothing changes."""
    if not facts or any(f.fiscal_period for f in facts):
        return facts
    year_end = year_start_shown(facts)
    if year_end is None or (year_end.month == 12 and year_end.day >= 21) or (year_end.month == 1 and year_end.day <= 10):
        return facts  # a December year-end: the calendar year every filing without metadata gets
    latest = max(p.end for p in _durations(facts))
    ends_in = year_end.year
    while year_end.replace(year=ends_in, day=min(year_end.day, 28)) + timedelta(days=10) < latest:
        ends_in += 1  # the calendar year in which the fiscal year of the latest column ends
    named = {int(m.group(1)) for m in _FISCAL_NAME.finditer(text)} & {ends_in - 1, ends_in}
    if len(named) != 1:
        return facts
    offset = named.pop() - ends_in
    return [replace(f, fiscal_year=year_end.year + offset, fiscal_period="FY", report_date=year_end) for f in facts]
