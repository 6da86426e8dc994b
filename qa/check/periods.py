"""Is a cited period the one asked? A strict yes or no, with the reason in words.

The judge's own reading of the filer's calendar, apart from the finder's graded preference
(``qa.find.periods``): a fiscal year-end is not an interim balance, a quarter is not six months, a
bare year is the fiscal year or the calendar year, never a part of one.
"""

from __future__ import annotations

from datetime import date

from index.facts import Fact, Period

from ..fiscal import calendar_of, months_of
from ..plan import PeriodAsk
from ..read.yearspans import same_span

__all__ = ["period_problem", "OPEN_COLUMN"]

OPEN_COLUMN = "Period not pinned"  # a problem that leaves the answer standing, unverified

_NAMES = {3: "a quarter", 6: "six months", 9: "nine months", 12: "a full year"}


def _length(p: Period) -> str:
    m = months_of(p)
    for n, name in _NAMES.items():
        if abs(m - n) < 0.8:
            return name
    return f"about {round(m)} months"


def _months(p: Period, n: int) -> bool:
    return p.kind == "duration" and abs(months_of(p) - n) < 0.8


def _calendar_year(p: Period) -> int:
    if p.kind == "duration" and p.start is not None:
        return date.fromordinal((p.start.toordinal() + p.end.toordinal()) // 2).year
    return p.end.year - 1 if p.end.month == 1 and p.end.day <= 7 else p.end.year


def _fits(ask: PeriodAsk, p: Period, f: Fact) -> bool:
    cal = calendar_of(f)
    rel, dur = ask.relation, p.kind == "duration"
    if rel == "named":  # a span named in the page's words is never a dated period's
        return False
    if not dur and rel in ("quarter", "months", "ytd"):  # the balance at the end of the period asked
        if ask.day is not None:
            return abs((p.end - ask.day).days) <= 3
        if rel == "quarter" and ask.year and ask.quarter and not ask.calendar:
            to_year_end = (cal.year_end_after(p.end) - p.end).days
            return abs(to_year_end - 91.31 * (4 - ask.quarter)) <= 10 and cal.year_of(p.end) == ask.year
        return False
    if rel in ("after", "latest"):
        return ask.months is None or (ask.months == 0 and not dur) or (dur and _months(p, ask.months)) or (
            ask.months == 0 and not dur)
    if rel == "on" and ask.day is not None:
        return not dur and abs((p.end - ask.day).days) <= 3
    if rel == "months" and ask.day is not None:
        return dur and abs((p.end - ask.day).days) <= 7 and _months(p, ask.months or 0)
    if rel == "month" and ask.year and ask.month:
        ends = (p.end.year, p.end.month) == (ask.year, ask.month) or (
            p.end.day <= 7 and p.end.year * 12 + p.end.month - 1 == ask.year * 12 + ask.month)
        return ends and (not ask.months or _months(p, ask.months))
    if rel == "ytd":
        if not dur or p.start is None:
            return False
        from_start = _months(p, 3 * cal.quarter_of(p.end)) and months_of(p) < 12.7
        if ask.day is not None:
            return from_start and abs((p.end - ask.day).days) <= 7
        return from_start and (ask.year is None or cal.year_of(p.end) == ask.year) and (
            ask.months is None or _months(p, ask.months))
    if ask.year is None:
        return False
    fy = cal.year_of(p.end)
    if p.kind == "date" and rel in ("in", "fy", "calendar"):  # an event on a date (a grant, a vesting) in the year asked
        return fy == ask.year or (rel != "fy" and _calendar_year(p) == ask.year)
    if rel == "quarter":
        if not _months(p, 3):
            return False
        if ask.calendar:
            ends = p.end if p.end.day > 7 else date.fromordinal(p.end.toordinal() - 8)
            return ends.year == ask.year and (ends.month - 1) // 3 + 1 == ask.quarter
        return fy == ask.year and cal.quarter_of(p.end) == ask.quarter
    if rel == "fy":
        return fy == ask.year and (_months(p, 12) if dur else cal.is_year_end(p.end))
    if rel == "end":
        return not dur and fy == ask.year and cal.is_year_end(p.end)
    if rel == "calendar":
        return _calendar_year(p) == ask.year and (_months(p, 12) if dur else (p.end.month, p.end.day) in ((12, 31),) or
                                                  (p.end.month == 1 and p.end.day <= 7))
    if rel == "in":
        fiscal = fy == ask.year and (_months(p, 12) if dur else cal.is_year_end(p.end))
        calendar = _calendar_year(p) == ask.year and (_months(p, 12) if dur else (p.end.month, p.end.day) == (12, 31))
        # a 52/53-week year the page prints as ending 'January 3, 2020', its calendar unknown: the year printed
        printed = (not cal.known and p.end.year == ask.year and p.end.month == 1 and p.end.day <= 7
                   and (_months(p, 12) if dur else cal.is_year_end(p.end)))
        return fiscal or calendar or printed
    return False


def _named_in_words(ask: PeriodAsk, f: Fact) -> str:
    """The member or row label of a cell without a period that names the year or fiscal quarter asked
    ('2020' of a maturity table, 'Q4 2019'), else ''."""
    from index.parsers.colheaders import words_period

    if ask.relation == "named":  # '2021-2022': the column or row headed so, in words only
        return next((t for t in [m.member for m in f.dimensions] + [f.label] if same_span(t, ask.text)), "")
    if ask.relation == "quarter" and ask.year is None and ask.quarter and not ask.calendar:  # 'the third quarter'
        return next((t for t in [m.member for m in f.dimensions] + [f.label] if words_period(t)[1] == ask.quarter), "")
    if ask.year is None or ask.day is not None or ask.calendar or ask.months not in (None, 12, 3):
        return ""
    for text in [m.member for m in f.dimensions] + [f.label]:
        year, quarter = words_period(text)
        if year == ask.year and ((quarter is None and ask.relation in ("in", "fy", "end")) or
                                 (quarter is not None and ask.relation == "quarter" and ask.quarter == quarter)):
            return text
    return ""


def period_problem(ask: PeriodAsk | None, f: Fact, balance_ok: bool = True) -> str:
    """'' when the fact's period is the one asked; else why not, in one sentence."""
    if ask is None:
        return ""
    if f.period is None and not f.candidate_periods and f.year_period is not None:
        y = f.year_period.year  # a bare-year column: the fiscal year asked, or the balance at its end
        if ask.year == y and ask.day is None and ask.months in (None, 12) and ask.relation in ("in", "fy", "end"):
            return ""
        return f"The question asks about {ask.describe()}; the cited figure is in the column of fiscal {y} (no dates printed)."
    if f.period is None and not f.candidate_periods:
        named = _named_in_words(ask, f)
        if named:
            return (f"{OPEN_COLUMN}: “{named}” names {ask.describe()} in words only; the page prints no dates for it, "
                    "so where it starts and ends is not known.")
        return f"The question asks about {ask.describe()}; the cited figure's column and row print no period."
    if f.period is None:
        if f.candidate_periods and all(_fits(ask, p, f) for p in f.candidate_periods):
            return ""
        if any(_fits(ask, p, f) for p in f.candidate_periods):
            return (f"{OPEN_COLUMN}: the filing's flattened table leaves the column of “{f.label}” open (it does not say "
                    f"which column it sits in); {ask.describe()} is one of its {len(f.candidate_periods)} possible columns.")
        return f"None of the columns “{f.label}” may sit in is {ask.describe()}."
    p = f.period
    if _fits(ask, p, f):
        return ""
    if ask.relation == "quarter" and ask.year is None and ask.quarter and not ask.calendar and _months(p, 3) \
            and calendar_of(f).quarter_of(p.end) == ask.quarter:  # 'the third quarter': which year is the reader's guess
        return (f"{OPEN_COLUMN}: the question names no year; the cited figure is taken as fiscal Q{ask.quarter} "
                f"{calendar_of(f).year_of(p.end)} ({p.display()}), the latest reported.")
    if not f.concept and p.kind == "duration" and ask.relation in ("on", "end") and (_months(p, 12) or _months(p, 3)) \
            and _fits(ask, Period(end=p.end, kind="instant"), f):
        return ""  # an untagged table's year or quarter column: its end date is the balance date
    if p.kind == "duration":
        return f"The question asks about {ask.describe()}; the cited figure covers {_length(p)} ({p.display()})."
    return f"The question asks about {ask.describe()}; the cited figure is a balance as of {p.end:%b. %d, %Y}."
