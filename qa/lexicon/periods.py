"""The period grammar, as data: each rule is a pattern, how to build the period it names, and examples.

Rules are tried in order over the question; a rule only reads text no earlier rule has taken, so
"the three months ended March 29, 2025" is one period, not a duration and a date. ``qa.read.periods``
applies them; ``tests/test_lexicon.py`` checks every example reads as its rule says.

Understood (case-insensitive; two-digit years only next to FY/Q/H markers):
fiscal years ("FY2025", "FY25", "FY '25", "F25", "fiscal 2025", "fiscal year 2025"); calendar years ("calendar
2024", a bare "2024" = the fiscal year first, the calendar year second); quarters ("Q2 FY25", "Q2 2025",
"2Q25", "FY25 Q2", "second quarter of fiscal 2025", "calendar Q2 2024"); halves and year to date
("H1 2025", "first half of fiscal 2025", "first six months of 2025", "9M23", "YTD"); durations ended a
date ("three months ended March 29, 2025", "13 weeks ended …", "the quarter ended …", "the year ended
…"); months ("the March 2025 quarter", "as of June 2024"); dates ("March 29, 2025", "3/29/2025",
"2025-03-29"); balances ("at the end of fiscal 2024"); relative ("latest", "last quarter").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..plan import PeriodAsk

__all__ = ["PeriodRule", "PERIOD_RULES", "MONTH_NAMES", "DATE", "MONTH_YEAR", "Y4", "parse_date", "DURATION_WORDS",
           "LATEST_RULES", "ENDING", "YEARLESS_DAY", "day_of_year"]

MONTH_NAMES = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MON = "|".join(sorted(MONTH_NAMES, key=len, reverse=True))
Y4 = r"(?:19|20)\d{2}"
_YY = rf"(?:{Y4}|\d{{2}})"
DATE = (rf"(?:(?:{_MON})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{Y4}|\d{{1,2}}\s+(?:{_MON})\.?,?\s+{Y4}|"
        rf"\d{{1,2}}/\d{{1,2}}/{Y4}|{Y4}-\d{{2}}-\d{{2}})")
MONTH_YEAR = rf"(?:{_MON})\.?,?\s+{Y4}"
_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_N = {"three": 3, "six": 6, "nine": 9, "twelve": 12, "3": 3, "6": 6, "9": 9, "12": 12,
      "thirteen": 3, "13": 3, "twenty-six": 6, "26": 6, "thirty-nine": 9, "39": 9,
      "fifty-two": 12, "52": 12, "fifty-three": 12, "53": 12}

# words that say how long a period is, wherever they stand in the question
DURATION_WORDS: tuple[tuple[int, re.Pattern], ...] = (
    (3, re.compile(r"\b(?:quarter(?:ly)?|three[- ]months?|3[- ]months?|thirteen[- ]weeks?|13[- ]weeks?|Q[1-4]|[1-4]Q)\b", re.I)),
    (6, re.compile(r"\b(?:half[- ]year(?:ly)?|first half|second half|six[- ]months?|6[- ]months?|twenty[- ]six[- ]weeks?|26[- ]weeks?|semi-?annual|H[12]|[12]H)\b", re.I)),
    (9, re.compile(r"\b(?:nine[- ]months?|9[- ]months?|thirty[- ]nine[- ]weeks?|39[- ]weeks?|9M)\b", re.I)),
    (12, re.compile(r"\b(?:annual(?:ly)?|full[- ]year|twelve[- ]months?|12[- ]months?|fifty[- ](?:two|three)[- ]weeks?|5[23][- ]weeks?|yearly|fiscal years?|FY)\b", re.I)),
)
# before a year: a closing balance is asked ('at the end of fiscal 2024', 'as of 2022')
ENDING = re.compile(r"(?:end of|ending|year[- ]end|as of|at|balance (?:at|as of)|outstanding (?:at|as of))\s*"
                    r"(?:the\s+)?(?:fiscal\s+)?(?:year\s+)?$")


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 else y


def parse_date(text: str) -> date | None:
    t = text.strip().rstrip(".,")
    try:
        m = re.match(rf"({_MON})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+({Y4})$", t, re.I)
        if m:
            return date(int(m.group(3)), MONTH_NAMES[m.group(1).lower()], int(m.group(2)))
        m = re.match(rf"(\d{{1,2}})\s+({_MON})\.?,?\s+({Y4})$", t, re.I)
        if m:
            return date(int(m.group(3)), MONTH_NAMES[m.group(2).lower()], int(m.group(1)))
        m = re.match(rf"(\d{{1,2}})/(\d{{1,2}})/({Y4})$", t)
        if m:
            return date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
        m = re.match(rf"({Y4})-(\d{{2}})-(\d{{2}})$", t)
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return None


def _month_year(text: str) -> tuple[int, int] | None:
    m = re.match(rf"({_MON})\.?,?\s+({Y4})$", text.strip(), re.I)
    return (int(m.group(2)), MONTH_NAMES[m.group(1).lower()]) if m else None


@dataclass(frozen=True)
class Context:
    """What a builder may look at besides its match: the whole question."""

    text: str
    any_fiscal: bool


Builder = Callable[[re.Match, Context], PeriodAsk | None]


@dataclass(frozen=True)
class PeriodRule:
    name: str
    pattern: re.Pattern
    build: Builder
    examples: tuple[tuple[str, str], ...]  # (question text, the period's describe())


def _dated(m: re.Match, months: int, when: str) -> PeriodAsk | None:
    d = parse_date(when)
    if d is not None:
        return PeriodAsk("months", d.year, d, m.group(0), months=months)
    ym = _month_year(when)
    return PeriodAsk("month", ym[0], None, m.group(0), months=months, month=ym[1]) if ym else None


def _n_months_ended(m: re.Match, _: Context) -> PeriodAsk | None:
    return _dated(m, _N[m.group(1).lower().replace(" ", "-")], m.group(2))


def _named_span_ended(m: re.Match, _: Context) -> PeriodAsk | None:
    return _dated(m, {"year": 12, "quarter": 3}.get(m.group(2).lower().rstrip("s"), 6), m.group(3))


def _month_span(m: re.Match, _: Context) -> PeriodAsk:
    n = {"quarter": 3, "half": 6, "year": 12}[m.group(3).lower()]
    return PeriodAsk("month", int(m.group(2)), None, m.group(0), months=n, month=MONTH_NAMES[m.group(1).lower()])


def _q_marker(m: re.Match, _: Context) -> PeriodAsk:
    cal = (m.group(1) or m.group(3) or "").lower() == "calendar" or "CY" in m.group(0).upper()
    return PeriodAsk("quarter", _year(m.group(4)), None, m.group(0), quarter=int(m.group(2)), calendar=cal)


def _nq(m: re.Match, _: Context) -> PeriodAsk:
    return PeriodAsk("quarter", _year(m.group(2)), None, m.group(0), quarter=int(m.group(1)), calendar="CY" in m.group(0).upper())


def _fy_q(m: re.Match, _: Context) -> PeriodAsk:
    return PeriodAsk("quarter", _year(m.group(1)), None, m.group(0), quarter=int(m.group(2)))


def _ordinal_quarter(m: re.Match, _: Context) -> PeriodAsk:
    return PeriodAsk("quarter", _year(m.group(4)), None, m.group(0), quarter=_ORD[m.group(1).lower()],
                     calendar="calendar" in m.group(0).lower())


def _year_ordinal_quarter(m: re.Match, _: Context) -> PeriodAsk:
    return PeriodAsk("quarter", _year(m.group(2)), None, m.group(0), quarter=_ORD[m.group(3).lower()],
                     calendar=(m.group(1) or "").lower() == "calendar")


def _yearless_quarter(m: re.Match, _: Context) -> PeriodAsk:
    """'the third quarter' with no year ('the third and fourth quarter': each ordinal): the year is the one the
    question names elsewhere ('In 2019, …'), else none - the table's latest (qa.read.periods)."""
    return PeriodAsk("quarter", None, None, m.group(0), quarter=_ORD[m.group(1).lower()])


def _half(half: int, year: str, text: str) -> PeriodAsk:
    if half == 1:
        return PeriodAsk("ytd", _year(year), None, text, months=6)
    return PeriodAsk("h2", _year(year), None, text, months=6)  # filings report the first half and the year


def _h_marker(m: re.Match, _: Context) -> PeriodAsk:
    return _half(int(m.group(1) or m.group(2)), m.group(3), m.group(0))


def _ordinal_half(m: re.Match, _: Context) -> PeriodAsk:
    return _half(1 if m.group(1).lower() == "first" else 2, m.group(2), m.group(0))


def _months_of_year(m: re.Match, _: Context) -> PeriodAsk:
    return PeriodAsk("ytd", _year(m.group(2)), None, m.group(0), months=_N[m.group(1).lower()])


def _nm(m: re.Match, _: Context) -> PeriodAsk:
    return PeriodAsk("ytd", _year(m.group(2)), None, m.group(0), months=int(m.group(1)))


def _ytd(m: re.Match, _: Context) -> PeriodAsk:
    return PeriodAsk("ytd", _year(m.group(1)) if m.group(1) else None, None, m.group(0))


def _bare_months(m: re.Match, _: Context) -> PeriodAsk:
    return PeriodAsk("ytd", None, None, m.group(0), months=_N[m.group(1).lower()] if m.group(1) else 6)


def _on_date(m: re.Match, _: Context) -> PeriodAsk | None:
    d = parse_date(m.group(0))
    return PeriodAsk("on", d.year, d, m.group(0)) if d else None


# 'June 30 and December 31, 2019': a month and day whose year is the next date's (read by qa.read.periods)
YEARLESS_DAY = re.compile(rf"\b({_MON})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?=,?\s+(?:and|to|through|&|-|–)\s+(?:{_MON})\.?\s+"
                          rf"\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+|\s+(?:in|of)\s+)({Y4})\b)", re.I)


def day_of_year(m: re.Match, _: Context | None = None) -> PeriodAsk | None:
    """'June 30 and December 31, 2019', 'April 27 in 2019': a month and day, the year written after."""
    try:
        d = date(int(m.group(3)), MONTH_NAMES[m.group(1).lower()], int(m.group(2)))
    except ValueError:
        return None
    return PeriodAsk("on", d.year, d, m.group(0) if m.group(0).endswith(m.group(3)) else f"{m.group(0)}, {d.year}")


def _month_of_year(m: re.Match, _: Context) -> PeriodAsk | None:
    ym = _month_year(m.group(2))
    if not ym:
        return None
    n = {"quarter": 3, "half": 6, "year": 12}.get((m.group(1) or "").lower())
    return PeriodAsk("month", ym[0], None, m.group(0), months=n, month=ym[1])


def _marked_year(m: re.Match, ctx: Context) -> PeriodAsk:
    kind = m.group(1).lower()
    y = _year(m.group(2))
    before = ctx.text[max(0, m.start() - 40): m.start()].lower()
    after = ctx.text[m.end(): m.end() + 14].lower()
    if kind.startswith(("calendar", "cy")):
        return PeriodAsk("calendar", y, None, m.group(0))
    if ENDING.search(before) or re.match(r"\s*(?:year[- ]end|end)\b", after):
        return PeriodAsk("end", y, None, m.group(0))
    return PeriodAsk("fy", y, None, m.group(0))


def _split_year(m: re.Match, _: Context) -> PeriodAsk | None:
    """'2018/2019', 'FY2018/19': a fiscal year across two calendar years, named by its last (as its column is)."""
    first, last = int(m.group(1)), m.group(2)
    second = int(last) if len(last) == 4 else first // 100 * 100 + int(last)
    return PeriodAsk("fy", second, None, m.group(0)) if second == first + 1 else None


def _bare_year(m: re.Match, ctx: Context) -> PeriodAsk | None:
    y = int(m.group(1))
    if re.match(r"\s+(?:plan|share incentive plan|equity incentive plan|notes?|senior notes?|ceo performance award)\b",
                ctx.text[m.end():m.end() + 30], re.I):
        return None  # '2019 Plan', '2030 Notes' name things, not periods
    if re.search(r"(?:\$|USD|€|£)\s*$", ctx.text[max(0, m.start() - 5):m.start()]):
        return None  # an amount
    before = ctx.text[max(0, m.start() - 40): m.start()].lower()
    if ENDING.search(before):
        return PeriodAsk("end", y, None, m.group(0))
    return PeriodAsk("fy" if ctx.any_fiscal else "in", y, None, m.group(0))


def _r(name: str, pattern: str, build: Builder, *examples: tuple[str, str]) -> PeriodRule:
    return PeriodRule(name, re.compile(pattern, re.I), build, tuple(examples))


PERIOD_RULES: tuple[PeriodRule, ...] = (
    _r("n months ended a date",
       rf"\b(three|six|nine|twelve|3|6|9|12)[- ]months?(?: period)?\s+(?:end(?:ed|ing)|to|through|thru)\s+(?:on\s+)?({DATE}|{MONTH_YEAR})",
       _n_months_ended, ("six months ended March 29, 2025", "the six months ended Mar. 29, 2025")),
    _r("n weeks ended a date",
       rf"\b(thirteen|twenty[- ]six|thirty[- ]nine|fifty[- ]two|fifty[- ]three|13|26|39|52|53)[- ]weeks?(?: period)?\s+end(?:ed|ing)\s+(?:on\s+)?({DATE}|{MONTH_YEAR})",
       _n_months_ended, ("39 weeks ended November 2, 2024", "the nine months ended Nov. 02, 2024")),
    _r("year/quarter/half ended a date",
       rf"\b(?:(?:fiscal|calendar)\s+)?(?:(first|second|third|fourth)\s+)?(?:fiscal\s+)?(years?|quarters?|half(?:[- ]year)?)"
       rf"(?: periods?)?\s+(?:that\s+)?(?:end(?:ed|ing)|to|through)\s+(?:on\s+)?({DATE}|{MONTH_YEAR})",
       _named_span_ended, ("the quarter ended March 29, 2025", "the three months ended Mar. 29, 2025"),
       ("the year that ended January 26, 2025", "the twelve months ended Jan. 26, 2025"),
       ("the years ended December 31, 2024", "the twelve months ended Dec. 31, 2024")),
    _r("the March 2025 quarter", rf"\b({_MON})\.?\s+({Y4})\s+(quarter|half|year)\b", _month_span,
       ("the March 2025 quarter", "the March 2025 quarter")),
    _r("Q2 FY25", rf"\b(?:(calendar|fiscal)\s+)?Q([1-4])\s*(?:[-/]\s*)?(?:of\s+)?(?:the\s+)?(?:(fiscal|calendar)\s*(?:year\s*)?|FY\s*|CY\s*)?'?\s*({_YY})\b",
       _q_marker, ("Q2 2024", "fiscal Q2 2024"), ("calendar Q2 2024", "calendar Q2 2024")),
    _r("2Q25", rf"\b([1-4])Q\s*(?:FY\s*|CY\s*)?'?({_YY})\b", _nq, ("2Q25", "fiscal Q2 2025")),
    _r("FY25 Q2", rf"\b(?:FY\s*'?|fiscal\s+(?:year\s+)?)({_YY})\s*[-/ ]?\s*Q([1-4])\b", _fy_q, ("FY25 Q2", "fiscal Q2 2025")),
    _r("second quarter of fiscal 2025",
       rf"\b(?:the\s+|its\s+)?(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:(fiscal|calendar)\s+)?quarter\s+(?:of\s+)?(?:the\s+)?"
       rf"(?:(fiscal|calendar)\s+)?(?:year\s+)?(?:FY\s*)?'?({Y4}|(?<=FY)\d{{2}}|(?<=')\d{{2}})\b",
       _ordinal_quarter, ("the second quarter of 2023", "fiscal Q2 2023"),
       ("its third fiscal quarter of 2024", "fiscal Q3 2024"), ("second-quarter fiscal 2023 diluted shares", "fiscal Q2 2023")),
    _r("fiscal 2025 second quarter",
       rf"\b(?:(fiscal|calendar)\s+(?:year\s+)?|FY\s*'?)?({Y4})\s+(first|second|third|fourth)\s+(?:fiscal\s+)?quarter\b",
       _year_ordinal_quarter, ("fiscal 2025 second quarter", "fiscal Q2 2025")),
    _r("the third quarter, no year",
       r"\b(?:the\s+)?(first|second|third|fourth|1st|2nd|3rd|4th)(?:[\s-]+(?:fiscal\s+)?quarters?\b|"
       r"(?=\s+(?:and|to|&)\s+(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?quarters?\b))",
       _yearless_quarter, ("net sales in the third quarter", "the third quarter"),
       ("operating earnings for the 4th fiscal quarter", "the fourth quarter")),
    _r("H1 2025", rf"\b(?:H([12])|([12])H)\s*(?:[-/]\s*)?(?:of\s+)?(?:FY\s*|fiscal\s+(?:year\s+)?)?'?\s*({_YY})\b", _h_marker,
       ("H1 2024", "the first six months of fiscal 2024")),
    _r("first half of fiscal 2025",
       rf"\b(?:the\s+)?(first|second)\s+half\s+(?:of\s+)?(?:the\s+)?(?:(?:fiscal|calendar)\s+)?(?:year\s+)?(?:FY\s*)?'?({Y4}|(?<=FY)\d{{2}})\b",
       _ordinal_half, ("the first half of 2024", "the first six months of fiscal 2024")),
    _r("first six months of 2025",
       rf"\b(?:the\s+)?(?:first\s+)?(three|six|nine|3|6|9)[- ]months?\s+(?:of\s+)?(?:the\s+)?(?:(?:fiscal|calendar)\s+)?(?:year\s+)?"
       rf"(?:FY\s*)?'?({Y4}|(?<=FY)\d{{2}})\b",
       _months_of_year, ("the first six months of 2024", "the first six months of fiscal 2024")),
    _r("9M23", rf"\b(3|6|9)M\s*(?:FY\s*)?'?({_YY})\b", _nm, ("9M23", "the first nine months of fiscal 2023")),
    _r("year to date", rf"\b(?:fiscal\s+)?(?:year[- ]to[- ]date|YTD)(?:\s+(?:of\s+)?(?:fiscal\s+|FY\s*)?'?({Y4}|(?<=FY)\d{{2}}))?\b",
       _ytd, ("year to date", "the year to date")),
    _r("first six months", r"\b(?:the\s+)?(?:first\s+)?(?:(six|nine|6|9)[- ]months?|(first)\s+half|(H1|1H))\b(?!\s+(?:end|to\b|of\b))",
       _bare_months, ("the first six months", "the first six months")),
    _r("a day in a year", rf"\b({_MON})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:in|of)\s+({Y4})\b", day_of_year,
       ("as of April 27 in 2019", "Apr. 27, 2019")),
    _r("a date", DATE, _on_date, ("as of March 29, 2025", "Mar. 29, 2025"), ("2025-03-29", "Mar. 29, 2025")),
    _r("a month of a year", rf"\b(?:(quarter|half|year)\s+(?:end(?:ed|ing)\s+)?(?:in\s+)?)?({MONTH_YEAR})\b", _month_of_year,
       ("quarter ended June 2024", "the June 2024 quarter"), ("as of June 2024", "June 2024")),
    _r("2018/2019", rf"\b(?:(?:FY|fiscal(?:\s+years?)?)\s*'?\s*)?({Y4})\s*/\s*({Y4}|\d{{2}})\b", _split_year,
       ("EBIT in 2018/2019", "fiscal 2019"), ("revenue for FY2018/19", "fiscal 2019")),
    # 'F19' (Australian reports: fiscal 2019) only as one token, two digits straight after the F
    _r("FY2025", rf"\b(?:full[- ]year\s+)?(?:(FY|F/Y|F(?=\d{{2}}\b)|fiscal(?:\s+years?)?|calendar(?:\s+years?)?|CY)\s*'?\s*)({Y4}|(?<=FY)\d{{2}}|(?<=FY )\d{{2}}|(?<=FY')\d{{2}}|(?<=')\d{{2}}|(?<=\bF)\d{{2}})\b",
       _marked_year, ("FY25", "fiscal 2025"), ("EBITDA for F19", "fiscal 2019"), ("calendar 2024", "calendar 2024"), ("at the end of fiscal 2024", "the end of fiscal 2024"),
       ("dividends paid for full-year fiscal 2023", "fiscal 2023")),
    _r("a bare year", rf"\b({Y4})\b", _bare_year, ("revenue in 2024", "2024"), ("total assets as of 2022", "the end of fiscal 2022")),
)

# Relative periods, tried only when no rule above named one: (pattern, months: 3 quarter, 12 year, 0 year-end balance)
LATEST_RULES: tuple[tuple[re.Pattern, int | None], ...] = (
    (re.compile(r"\b(?:the\s+)?(?:latest|most recent|last|current)\s+(?:reported\s+)?(?:fiscal\s+)?quarter\b", re.I), 3),
    (re.compile(r"\b(?:the\s+)?(?:latest|most recent|last|current)\s+(?:reported\s+)?(?:fiscal\s+|full\s+)?year(?:['’]s)?\b", re.I), 12),
    (re.compile(r"\b(?:as of|at)\s+(?:the\s+)?(?:latest\s+|most recent\s+)?(?:fiscal\s+)?year[- ]end\b", re.I), 0),
    # 'current' alone is a period only when no line word follows ('current assets', 'Non-current', 'current ratio' are lines)
    (re.compile(r"\b(?:the\s+)?(?:latest|most recent|last reported|(?<![-\w])current(?!\s*[-\w]))\b", re.I), None),
)
