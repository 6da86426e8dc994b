"""Periods in the words of a table's headings and row labels: dates, years ('2019', 'FY19', 'Fiscal 2019'),
spans ('Thirteen Weeks Ended', 'Year Ended'), balances ('As at'), quarters ('Q4 2019', 'Third 2019'), and
maturity buckets ('Less than 1 year') that look like periods but are not. Used by index.parsers.colheaders."""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..facts import Period
from .numbers import DATE_RE, parse_date

__all__ = ["header_period", "row_period", "words_period", "due_bucket", "periodish", "spaced"]

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                 "sixteen": 16, "twenty-six": 26, "twenty six": 26, "twenty-seven": 27, "thirty-nine": 39,
                 "thirty nine": 39, "forty": 40, "fifty-two": 52, "fifty two": 52, "fifty-three": 53, "fifty three": 53}
_COUNT = r"(\d{1,2}|" + "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True)) + r")"
_SPAN = re.compile(_COUNT + r"[\s-]+(weeks?|months?)\s+(?:period\s+)?ended", re.I)
_YEAR_ENDED = re.compile(r"\b(?:fiscal\s+)?years?\s+ended\b", re.I)
_QUARTER_ENDED = re.compile(r"\bquarters?\s+ended\b", re.I)
_AS_AT = re.compile(r"\b(?:as\s+(?:at|of)|balances?\s+(?:at|as\s+of))\b|\bat\s+(?=(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\d|:|$)", re.I)
_BALANCE_TITLE = re.compile(r"balance\s+sheets?|financial\s+position|financial\s+condition", re.I)
_MONTHS = (r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
           r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_MONTH_DAY = re.compile(r"\b" + _MONTHS + r"\.?\s+(\d{1,2})\b(?![,.]\d)", re.I)
_MONTH_RUN_ON = re.compile(r"\b((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*)(\d{1,2})\b(?!\d)")
_DAY_FIRST = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTHS + r"\.?,?\s+((?:19|20)\d{2})\b", re.I)
_YEAR = re.compile(r"(?<![\d,.$€£])((?:19|20)\d{2})(?![\d,])")
_SHORT_FY = re.compile(r"\b(?:FY|F)\s?'?(\d{2})\b|\bfiscal\s+'(\d{2})\b", re.I)
_PART_OF_YEAR = re.compile(r"\bQ[1-4]\b|\b[1-4]Q\b|\bquarter|\bH[12]\b|\bhalf\b|\b(?:first|second|third|fourth)\s+quarter|"
                           r"\b(?:three|six|nine|3|6|9|13|26|39)[\s-]+(?:months?|weeks?)\b|\bmonths?\s+ended\b|"
                           r"\byear[\s-]to[\s-]date\b|\bYTD\b", re.I)
_RANGE = re.compile(r"\b((?:19|20)\d{2})\s*(?:-|–|—|to|through)\s*((?:19|20)?\d{2})\b")
_MATURITY = re.compile(r"\bthereafter\b|\bless\s+than\b|\bmore\s+than\b|\bwithin\s+(?:one|\d)|\bover\s+\d+\s+years?\b|"
                       r"\b\d+\s*(?:-|–|to)\s*\d+\s+years?\b|\bafter\s+(?:\d|one|five)|\byears?\s*\d+\s*(?:-|–)\s*\d+\b|"
                       r"\b\d+\s*(?:-|–|to)\s*\d+\s+months?\b|\bpayments?\s+due\b|\bmaturit", re.I)
_PERIOD_WORDS = re.compile(
    r"\b(?:for\s+the\s+)?(?:fiscal\s+)?(?:years?|quarters?|periods?|(?:\w+[\s-])?months?|(?:\w+[\s-])?weeks?)\s+ended\b|"
    r"\bas\s+(?:of|at)\b(?:\s+and\s+for\s+the)?|\bfiscal(?:\s+years?)?\b|\byear[-\s]end(?:ed)?\b|\bFY\b|"
    r"\b(?:52|53|fifty[\s-]two|fifty[\s-]three)\s+weeks\b|\b(?:12|twelve)\s+months\b|\bended\b", re.I)
_FOOTNOTE = re.compile(r"\(\s*(?:\d{1,2}|[a-z]|[ivx]{1,4})\s*\)|\*+|(?<=[A-Za-z]{3})\d(?=\s|$|\))")


def spaced(text: str) -> str:
    """Words run together by the page's markup split apart: 'Year EndedNovember 30'; letter-spaced
    years joined: '2 0 1 8'; day-first dates in the order filings' date reader knows: '30 June 2019'."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)
    text = _MONTH_RUN_ON.sub(r"\1 \2", text)  # 'December31,' (a PDF lost the space)
    text = re.sub(r"\b(\d) (\d) (\d) (\d)\b", r"\1\2\3\4", text)
    return _DAY_FIRST.sub(lambda m: f"{m.group(2)} {m.group(1)}, {m.group(3)}", text)


def _months_back(end: date, months: int) -> date:
    """The first day of a period of ``months`` months ending on ``end``."""
    last_of_month = (end + timedelta(days=1)).day == 1
    y, m = end.year, end.month - months
    while m <= 0:
        m += 12
        y -= 1
    if last_of_month:  # Jan 1 .. Mar 31: the day after the previous month's end
        nm_y, nm_m = (y, m + 1) if m < 12 else (y + 1, 1)
        return date(nm_y, nm_m, 1)
    day = min(end.day, [31, 29 if y % 4 == 0 and (y % 100 or y % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1])
    return date(y, m, day) + timedelta(days=1)


def _years(text: str) -> list[int]:
    found = {int(y) for y in _YEAR.findall(text)}
    for m in _SHORT_FY.finditer(text):
        yy = int(m.group(1) or m.group(2))
        found.add(2000 + yy if yy < 70 else 1900 + yy)
    return sorted(found)


def _column_date(col: str, ctx: str) -> tuple[date | None, str]:
    """The date a column header names, and how it was read."""
    dates = [d for d in (parse_date(m.group(0)) for m in DATE_RE.finditer(col)) if d]
    if len(dates) == 1:
        return dates[0], "date in the column header"
    if len(dates) > 1:
        return None, "several dates in one column header"
    years = _years(col)
    if len(years) != 1:
        return None, "no date in the column header"
    md = _MONTH_DAY.search(col) or _MONTH_DAY.search(ctx)
    if not md:
        return None, f"the column header gives the year {years[0]} but no month and day"
    d = parse_date(f"{md.group(1)} {md.group(2)}, {years[0]}")
    return d, "year from the column header, month and day from the heading above it"


def header_period(col: str, ctx: str, title: str = "") -> tuple[Period | None, tuple[Period, ...], str]:
    """(period, candidate periods, basis) for a column header ``col`` under headings/caption ``ctx``
    when the headers give a date (a year alone gives none here: see :func:`read_columns`).

    Words in the column header win over words in the headings around the table."""
    col, ctx = spaced(col), spaced(ctx)
    end, how = _column_date(col, ctx)
    if end is None:
        return None, (), how
    two = [d for d in (parse_date(m.group(0)) for m in DATE_RE.finditer(col)) if d]
    if len(two) == 2 and two[0] < two[1]:  # "January 1, 2024 to March 31, 2024"
        return Period(start=two[0], end=two[1], kind="duration"), (), "both dates in the column header"
    for where, text in (("column header", col), ("table heading", ctx)):
        span = _SPAN.search(text)
        if span:
            n_text, unit = span.group(1).lower(), span.group(2).lower()
            n = int(n_text) if n_text.isdigit() else _NUMBER_WORDS[n_text]
            if unit.startswith("week"):
                start = end - timedelta(days=7 * n) + timedelta(days=1)
                return (Period(start=start, end=end, kind="duration", label=f"{n} Weeks Ended"), (),
                        f"{how}; {n} weeks ended, from the {where}")
            return (Period(start=_months_back(end, n), end=end, kind="duration", label=f"{n} Months Ended"), (),
                    f"{how}; {n} months ended, from the {where} (start counted back from the end)")
        if _YEAR_ENDED.search(text):
            return (Period(start=_months_back(end, 12), end=end, kind="duration", label="12 Months Ended"), (),
                    f"{how}; year ended, from the {where} (start counted back twelve months)")
        if _QUARTER_ENDED.search(text):
            return (Period(start=_months_back(end, 3), end=end, kind="duration", label="3 Months Ended"), (),
                    f"{how}; quarter ended, from the {where} (start counted back three months)")
        if _AS_AT.search(text):
            return Period(end=end, kind="instant"), (), f"{how}; a balance ('as at/of'), from the {where}"
    if _BALANCE_TITLE.search(title):
        return Period(end=end, kind="instant"), (), f"{how}; a balance (the table is a balance sheet)"
    return None, (Period(end=end, kind="date"),), f"{how}; the headers do not say whether it is a balance or a period"


_QUARTER_NAMES = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_QUARTER_OF = re.compile(r"\bQ([1-4])\b|\b([1-4])Q\b|\b(first|1st|second|2nd|third|3rd|fourth|4th)\s+(?:fiscal\s+)?quarter\b", re.I)


# a quarterly table's column printed as the ordinal alone ('First | Second | Third | Fourth' under a year heading)
_BARE_ORDINAL = re.compile(r"^\W*(first|second|third|fourth)\W*(?:(?:fiscal\s+)?(?:19|20)\d{2}\W*)?$", re.I)


def words_period(text: str) -> tuple[int | None, int | None]:
    """(year, quarter) a column member or row label names in words alone, with no dates: '2020' (a year,
    or a year's bucket of a maturity table) -> (2020, None); 'Q4 2019', 'Fiscal 2019 Third Quarter',
    'Fourth quarter 2018', 'Third 2019' (a quarterly table's ordinal column) -> (2019, 4), (2019, 3), (2018, 4),
    (2019, 3); a quarter with no year ('Fourth Quarter') -> (None, 4). (None, None) for anything else - a range
    ('2021-2022'), several years, a date."""
    text = spaced(text)
    if DATE_RE.search(text) or _RANGE.search(text):
        return None, None
    years = _years(text)
    if len(years) > 1:
        return None, None
    year = years[0] if years else None
    m = _QUARTER_OF.search(text)
    if m is None:
        bare = _BARE_ORDINAL.match(text)
        if bare is not None:
            return year, _QUARTER_NAMES[bare.group(1).lower()]
        rest = _strip_period_words(_FOOTNOTE.sub(" ", text)).strip(" ,.:;()")
        return (year, None) if year is not None and not re.search(r"[A-Za-z]", rest) else (None, None)
    q = m.group(1) or m.group(2)
    return year, int(q) if q else _QUARTER_NAMES[m.group(3).lower()]


def due_bucket(text: str) -> bool:
    """Words of a maturity bucket: 'Thereafter', 'Less than 1 year', '1-3 years', 'Payments due …'."""
    return bool(_MATURITY.search(spaced(text)))


def periodish(text: str) -> bool:
    """Words of a period: a year, a date, a month and day, 'year ended', 'fiscal', 'as of'."""
    text = spaced(text)
    return bool(_years(text) or DATE_RE.search(text) or _MONTH_DAY.search(text) or _PERIOD_WORDS.search(text))


def _strip_period_words(label: str) -> str:
    text = DATE_RE.sub(" ", label)
    text = _MONTH_DAY.sub(" ", text)
    text = _YEAR.sub(" ", text)
    text = _SHORT_FY.sub(" ", text)
    text = _SPAN.sub(" ", text)
    text = _PERIOD_WORDS.sub(" ", text)
    return text


def row_period(text: str, title: str) -> tuple[Period | None, tuple[Period, ...], str]:
    """A period printed in a row's label or section ('Balance at December 31, 2018', 'Year Ended
    December 31, 2019'), for tables whose columns are not periods."""
    text = spaced(text)
    if not DATE_RE.search(text):
        return None, (), ""
    period, cands, basis = header_period(text, "", title)
    return period, cands, basis.replace("column header", "row label")
