"""How well a reported period answers a period the question names, under the filer's own fiscal
calendar: 1 exact, between 0 and 1 plausible (a bare year read as a calendar year), 0 no.

This is the finder's graded preference. The judge (``qa.check.periods``) decides separately, and
strictly, whether a cited period is the one asked.
"""

from __future__ import annotations

from datetime import date

from index.facts import Fact, Period

from ..fiscal import FiscalCalendar, calendar_of, months_of
from ..plan import PeriodAsk
from ..read.yearspans import same_span

__all__ = ["period_score", "fiscal_year_score", "named_period_score", "calendar_year", "yearlong", "printed_year"]


def _near(a: float, b: float, tol: float = 0.7) -> bool:
    return abs(a - b) < tol


def calendar_year(p: Period) -> int:
    """The calendar year a period belongs to: the year holding most of a duration (a year ended
    Jan. 28, 2024 is calendar 2023), the year of an instant (Jan. 1-7 count as the year before)."""
    if p.kind == "duration" and p.start is not None:
        return date.fromordinal((p.start.toordinal() + p.end.toordinal()) // 2).year
    return p.end.year - 1 if p.end.month == 1 and p.end.day <= 7 else p.end.year


def printed_year(p: Period, cal) -> int | None:
    """The year a page prints for a 52/53-week year ending in the first days of January ('January 3, 2020'), when
    no fiscal metadata names it: the calendar and fiscal year are the year before, but the page - and a question
    read off it - says the year printed. None for any other period, or when the filer's calendar is known."""
    return p.end.year if not cal.known and p.end.month == 1 and p.end.day <= 7 else None


def yearlong(p: Period) -> bool:
    return p.kind == "duration" and 11.4 <= months_of(p) <= 12.7


def _balance_at_end(ask: PeriodAsk, p: Period, cal) -> bool:
    """Is an instant the closing balance of the period asked (a quarter's, n months', the year to date's)?"""
    if ask.day is not None:
        return abs((p.end - ask.day).days) <= 3
    if ask.relation == "quarter" and ask.year and ask.quarter and not ask.calendar:
        days_to_year_end = (cal.year_end_after(p.end) - p.end).days
        quarter_end = abs(days_to_year_end - 91.31 * (4 - ask.quarter)) <= 10
        return quarter_end and cal.year_of(p.end) == ask.year and cal.quarter_of(p.end) == ask.quarter
    return False


def fiscal_year_score(ask: PeriodAsk, year: Period) -> float:
    """A fiscal year known only by its year (a table column '2019', no dates): the year asked, or the
    balance at its end; below a dated full year, since its length and end are not printed."""
    if ask.year != year.year or ask.day is not None or ask.months not in (None, 12):
        return 0.0
    return {"in": 0.9, "fy": 0.9, "end": 0.8}.get(ask.relation, 0.0)


def named_period_score(ask: PeriodAsk, fact: Fact) -> float:
    """A cell with no period whose column member or row label names the period asked in words: a
    maturity table's '2020' column for "in 2020", a row '2021' of a lease schedule, a 'Q4 2019' or
    'Fiscal 2019 Third Quarter' column for that fiscal quarter. Below any dated or fiscal-year cell:
    nothing says where such a period starts or ends."""
    from index.parsers.colheaders import words_period

    texts = [m.member for m in fact.dimensions] + [fact.label]
    if ask.relation == "named":  # '2021-2022': the column or row headed so
        return 0.7 if any(same_span(t, ask.text) for t in texts) else 0.0
    if ask.relation == "quarter" and ask.year is None and ask.quarter and not ask.calendar:
        # 'the third quarter', no year asked: that quarter of any year, the latest year a little ahead
        return max((0.7 + min(year or 0, 2099) % 100 / 1000 for year, quarter in map(words_period, texts)
                    if quarter == ask.quarter), default=0.0)
    if ask.year is None or ask.day is not None or ask.calendar:
        return 0.0
    for year, quarter in (words_period(t) for t in texts):
        if year != ask.year:
            continue
        if quarter is None and ask.relation in ("in", "fy", "end") and ask.months in (None, 12):
            return 0.7
        if quarter is not None and ask.relation == "quarter" and ask.quarter == quarter:
            return 0.8
    return 0.0


def period_score(ask: PeriodAsk, p: Period, fact: Fact | None = None, calendar: FiscalCalendar | None = None) -> float:
    """``calendar``: the filer's fiscal calendar when no fact carries it (a date its prose states)."""
    if fact is not None and not fact.concept and p.kind == "duration" and ask.relation in ("on", "end"):
        # an untagged table prints balances in its period columns ('Shares outstanding' under 'Year ended'):
        # the column's end date is the balance date (a year's or a quarter's; another span beside dated columns is more
        # likely a movement: 'Adjustments' between 'Estimated at June 30' and 'Final as of December 31')
        laid_out = yearlong(p) or _near(months_of(p), 3, 0.4)
        return (0.8 if laid_out else 0.3) * period_score(ask, Period(end=p.end, kind="instant"), fact)
    rel = ask.relation
    dur = p.kind == "duration"
    m = months_of(p)
    cal = calendar_of(fact) if fact is not None or calendar is None else calendar
    if not dur and rel in ("quarter", "months", "ytd"):  # a balance asked for a period: the one at its end
        return 0.9 if _balance_at_end(ask, p, cal) else 0.0
    if rel == "on" and ask.day is not None:
        gap = abs((p.end - ask.day).days)
        if gap == 0:
            return 1.0
        if gap <= 3:  # 'December 31' for a 52/53-week year ending Dec. 28
            return 0.9
        if dur and p.start is not None and p.start <= ask.day <= p.end:
            return 0.5
        return 0.0
    if rel == "months" and ask.day is not None and ask.months:
        if not dur or abs((p.end - ask.day).days) > 7:
            return 0.0
        return 1.0 if _near(m, ask.months) else 0.0
    if rel == "after" or (rel == "latest" and ask.months is None):
        return 1.0
    if rel == "latest":
        if ask.months == 0:
            return 1.0 if not dur and cal.is_year_end(p.end) else 0.0
        return 1.0 if dur and _near(m, ask.months, 0.8) else 0.0
    if rel == "month" and ask.year and ask.month:
        ends_in = (p.end.year, p.end.month) == (ask.year, ask.month) or (
            p.end.day <= 7 and (p.end.year * 12 + p.end.month - 1) == ask.year * 12 + ask.month)
        if not ends_in:
            return 0.0
        if ask.months:
            return 1.0 if dur and _near(m, ask.months) else 0.0
        return (0.9 if _near(m, 3) else 0.6) if dur else 1.0
    if rel == "ytd" and ask.day is not None:  # the year to date through a day
        if not dur or abs((p.end - ask.day).days) > 7 or m > 12.7:
            return 0.0
        return 1.0 if _near(m, 3 * cal.quarter_of(p.end), 0.8) else 0.0
    if rel == "quarter" and ask.year is None and ask.quarter and not ask.calendar:
        # 'the third quarter', no year asked: that fiscal quarter of any year, the latest a little ahead (as a
        # quarter named in words is, in named_period_score)
        if not dur or not 2.5 < m < 3.5 or cal.quarter_of(p.end) != ask.quarter:
            return 0.0
        return 0.7 + min(cal.year_of(p.end), 2099) % 100 / 1000
    if ask.year is None and rel != "ytd":
        return 0.0
    fy = cal.year_of(p.end)
    if p.kind == "date" and rel in ("in", "fy", "calendar"):  # an event on a date (a grant, a vesting) in the year
        return 0.9 if fy == ask.year or (rel != "fy" and calendar_year(p) == ask.year) else 0.0
    if rel == "quarter" and ask.quarter:
        if not dur or not 2.5 < m < 3.5:
            return 0.0
        if ask.calendar:
            ends = p.end if p.end.day > 7 else date.fromordinal(p.end.toordinal() - 8)
            return 1.0 if ends.year == ask.year and (ends.month - 1) // 3 + 1 == ask.quarter else 0.0
        return 1.0 if fy == ask.year and cal.quarter_of(p.end) == ask.quarter else 0.0
    if rel == "ytd":
        if not dur or m > 11.4 or (ask.year is not None and fy != ask.year):
            return 0.0
        if not _near(m, 3 * cal.quarter_of(p.end), 0.8):
            return 0.0  # not measured from the fiscal year's start
        return 1.0 if ask.months is None or _near(m, ask.months) else 0.0
    if rel == "h2":
        return 0.0  # filings report the first half and the year, not the second half on its own
    if rel == "calendar":
        if calendar_year(p) != ask.year:
            return 0.0
        if dur:
            return 1.0 if yearlong(p) else 0.0
        return 1.0 if (p.end.month, p.end.day) == (12, 31) or p.end.month == 1 else 0.8
    if rel == "fy":
        if fy != ask.year:
            return 0.0
        if dur:
            return 1.0 if yearlong(p) else 0.0
        return 0.95 if cal.is_year_end(p.end) else 0.6
    if rel == "in":
        if fy == ask.year:
            if dur:
                return 1.0 if yearlong(p) else 0.3
            return 0.85 if cal.is_year_end(p.end) else 0.8
        if calendar_year(p) == ask.year or printed_year(p, cal) == ask.year:  # the fiscal year does not match
            if dur:
                return 0.5 if yearlong(p) else 0.0
            return 0.5
        return 0.0
    if rel == "end":
        if fy != ask.year and not (not cal.known and p.end.year == ask.year):
            return 0.0
        if dur:
            return 0.55
        return 1.0 if cal.is_year_end(p.end) else 0.7
    return 0.0
