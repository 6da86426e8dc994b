"""Where a document's fiscal year ends, read from its own tables when the document carries no fiscal
metadata (an earnings release, an annual-report exhibit, a TAT-QA page): a full-year column says it
("Fiscal Year Ended April 27, 2019"), and so do balance columns a year apart ("April 30, 2019 |
April 30, 2018"). The facts then carry it as their filing's calendar (``fiscal_period='FY'``,
``report_date``), so "in 2019" finds the balance at that year-end, as it does for a tagged filing."""

from __future__ import annotations

from datetime import date

from ..facts import Fact

__all__ = ["year_end_shown", "same_day_of_year"]


def year_end_shown(facts: list[Fact]) -> date | None:
    """The latest fiscal year-end a document's tables show, when they show one and only one day of the
    year for it: a column of a full year ('Fiscal Year Ended April 27, 2019'), or balance columns a year
    apart ('April 30, 2019 | April 30, 2018' - a balance sheet's year-ends). None when they show none, or
    when a December year-end would do (the calendar year is what a filing without metadata gets)."""
    ends: set[date] = set()
    instants = {f.period.end for f in facts if f.period is not None and f.period.kind == "instant"}
    for f in facts:
        p = f.period
        if p is not None and p.kind == "duration" and p.start is not None and 335 <= (p.end - p.start).days <= 386:
            ends.add(p.end)
    ends |= {d for d in instants if any(358 <= abs((d - e).days) <= 372 and d != e for e in instants)}
    if not ends:
        return None
    latest = max(ends)
    if any(not same_day_of_year(d, latest) for d in ends):
        return None  # two calendars in one document: say nothing
    december = (latest.month == 12 and latest.day >= 21) or (latest.month == 1 and latest.day <= 10)
    return None if december else latest


def same_day_of_year(a: date, b: date) -> bool:
    """Within the 52/53-week grace of the same day of the year."""
    delta = abs((a.replace(year=2001, day=min(a.day, 28)) - b.replace(year=2001, day=min(b.day, 28))).days)
    return min(delta, 365 - delta) <= 10
