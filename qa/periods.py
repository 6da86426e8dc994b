"""The period grammar: the periods a question names, in the words analysts use, and how well a
reported period answers each of them under the filer's own fiscal calendar.

Understood (all case-insensitive; two-digit years only next to FY/Q/H markers):

* fiscal years: "FY2025", "FY25", "FY '25", "fiscal 2025", "fiscal year 2025", "fiscal years 2022 and 2023"
* calendar years: "calendar 2024", "calendar year 2024"; a bare "2024" (fiscal year first, calendar year second)
* quarters: "Q2 FY25", "Q2 2025", "Q2'25", "2Q25", "FY25 Q2", "second quarter of fiscal 2025",
  "fiscal 2025 second quarter", "calendar Q2 2024"
* halves and year-to-date: "H1 2025", "1H25", "first half of fiscal 2025", "first six months of 2025",
  "nine months of fiscal 2023", "9M23", "year to date", "YTD"
* durations ending on a date: "three/six/nine/twelve months ended March 29, 2025", "13/26/39/52 weeks ended…",
  "the quarter ended March 29, 2025", "the year ended December 31, 2022"
* months: "the March 2025 quarter", "quarter ended June 2024", "as of June 2024"
* dates: "March 29, 2025", "29 March 2025", "3/29/2025", "2025-03-29"
* balances: "at the end of fiscal 2024", "as of year end 2022"; relative: "latest", "most recent",
  "last quarter", "last (fiscal) year", "as of year end"; "after year end" (subsequent events)

A duration word anywhere in the question ("quarterly", "annual", "six months") turns a date or
month into that duration ("quarterly revenue as of March 29, 2025").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from index.facts import Period

from .fiscal import calendar_of, months_of

__all__ = ["PeriodAsk", "parse_periods", "duration_hint", "prior_period", "DURATION_WORDS"]

_MONTH_NAMES = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MON = "|".join(sorted(_MONTH_NAMES, key=len, reverse=True))
_Y4 = r"(?:19|20)\d{2}"
_YY = rf"(?:{_Y4}|\d{{2}})"
# a date: 'March 29, 2025', 'Mar. 29 2025', '29 March 2025', '3/29/2025', '2025-03-29'; or a month: 'March 2025'
_DATE = (rf"(?:(?:{_MON})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_Y4}|\d{{1,2}}\s+(?:{_MON})\.?,?\s+{_Y4}|"
         rf"\d{{1,2}}/\d{{1,2}}/{_Y4}|{_Y4}-\d{{2}}-\d{{2}})")
_MONTH_YEAR = rf"(?:{_MON})\.?,?\s+{_Y4}"
_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_N = {"three": 3, "six": 6, "nine": 9, "twelve": 12, "3": 3, "6": 6, "9": 9, "12": 12,
      "thirteen": 3, "13": 3, "twenty-six": 6, "twenty six": 6, "26": 6, "thirty-nine": 9, "thirty nine": 9, "39": 9,
      "fifty-two": 12, "fifty two": 12, "52": 12, "fifty-three": 12, "fifty three": 12, "53": 12}

# words that say how long a period is, wherever they stand in the question
DURATION_WORDS: tuple[tuple[int, re.Pattern], ...] = (
    (3, re.compile(r"\b(?:quarter(?:ly)?|three[- ]months?|3[- ]months?|thirteen[- ]weeks?|13[- ]weeks?|Q[1-4]|[1-4]Q)\b", re.I)),
    (6, re.compile(r"\b(?:half[- ]year(?:ly)?|first half|second half|six[- ]months?|6[- ]months?|twenty[- ]six[- ]weeks?|26[- ]weeks?|semi-?annual|H[12]|[12]H)\b", re.I)),
    (9, re.compile(r"\b(?:nine[- ]months?|9[- ]months?|thirty[- ]nine[- ]weeks?|39[- ]weeks?|9M)\b", re.I)),
    (12, re.compile(r"\b(?:annual(?:ly)?|full[- ]year|twelve[- ]months?|12[- ]months?|fifty[- ](?:two|three)[- ]weeks?|5[23][- ]weeks?|yearly|fiscal years?|FY)\b", re.I)),
)


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 else y


def _date(text: str) -> date | None:
    t = text.strip().rstrip(".,")
    try:
        m = re.match(rf"({_MON})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+({_Y4})$", t, re.I)
        if m:
            return date(int(m.group(3)), _MONTH_NAMES[m.group(1).lower()], int(m.group(2)))
        m = re.match(rf"(\d{{1,2}})\s+({_MON})\.?,?\s+({_Y4})$", t, re.I)
        if m:
            return date(int(m.group(3)), _MONTH_NAMES[m.group(2).lower()], int(m.group(1)))
        m = re.match(rf"(\d{{1,2}})/(\d{{1,2}})/({_Y4})$", t)
        if m:
            return date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
        m = re.match(rf"({_Y4})-(\d{{2}})-(\d{{2}})$", t)
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return None


def _month_year(text: str) -> tuple[int, int] | None:
    m = re.match(rf"({_MON})\.?,?\s+({_Y4})$", text.strip(), re.I)
    return (int(m.group(2)), _MONTH_NAMES[m.group(1).lower()]) if m else None


def _near(a: float, b: float, tol: float = 0.7) -> bool:
    return abs(a - b) < tol


def calendar_year(p: Period) -> int:
    """The calendar year a period belongs to: the year holding most of a duration (a year ended
    Jan. 28, 2024 is calendar 2023), the year of an instant (Jan. 1-7 count as the year before)."""
    if p.kind == "duration" and p.start is not None:
        return date.fromordinal((p.start.toordinal() + p.end.toordinal()) // 2).year
    return p.end.year - 1 if p.end.month == 1 and p.end.day <= 7 else p.end.year


def _yearlong(p: Period) -> bool:
    return p.kind == "duration" and 11.4 <= months_of(p) <= 12.7


@dataclass(frozen=True)
class PeriodAsk:
    """A period the question names.

    ``relation``: ``fy`` (a fiscal year), ``in`` (a bare year: fiscal first, calendar second),
    ``calendar`` (a calendar year), ``end`` (a year's closing balance), ``on`` (a date),
    ``months`` (n months ended a date), ``quarter`` (fiscal quarter; ``calendar`` for a calendar
    quarter), ``ytd`` (the first n months of a fiscal year, n = ``months``; no n: to date),
    ``month`` (a period ending in a month of a year), ``latest`` (the most recent; ``months``
    narrows it: 3 = last quarter, 12 = last year, 0 = the latest year-end balance), ``after``.
    """

    relation: str
    year: int | None = None
    day: date | None = None
    text: str = ""
    quarter: int | None = None
    months: int | None = None
    month: int | None = None
    calendar: bool = False

    @property
    def wants_latest(self) -> bool:
        return self.relation == "latest" or (self.relation == "ytd" and self.year is None)

    @property
    def wants_duration(self) -> int | None:
        """The length in months this ask requires of a flow, if it says one."""
        if self.relation in ("quarter",):
            return 3
        if self.relation in ("months", "ytd", "month", "latest") and self.months:
            return self.months
        if self.relation in ("fy", "calendar"):
            return 12
        return None

    def score(self, p: Period, fact=None) -> float:
        """How well a reported period answers this ask: 1 exact, (0,1) plausible, 0 no."""
        rel = self.relation
        dur = p.kind == "duration"
        m = months_of(p)
        cal = calendar_of(fact)
        if rel == "on" and self.day is not None:
            gap = abs((p.end - self.day).days)
            if gap == 0:
                return 1.0
            if gap <= 3:  # 'December 31' for a 52/53-week year ending Dec. 28
                return 0.9
            if dur and p.start is not None and p.start <= self.day <= p.end:
                return 0.5
            return 0.0
        if rel == "months" and self.day is not None and self.months:
            if not dur or abs((p.end - self.day).days) > 7:
                return 0.0
            return 1.0 if _near(m, self.months) else 0.0
        if rel == "after" or (rel == "latest" and self.months is None):
            return 1.0
        if rel == "latest":
            if self.months == 0:
                return 1.0 if not dur and cal.is_year_end(p.end) else 0.0
            return 1.0 if dur and _near(m, self.months, 0.8) else 0.0
        if rel == "month" and self.year and self.month:
            ends_in = (p.end.year, p.end.month) == (self.year, self.month) or (
                p.end.day <= 7 and (p.end.year * 12 + p.end.month - 1) == self.year * 12 + self.month)
            if not ends_in:
                return 0.0
            if self.months:
                return 1.0 if dur and _near(m, self.months) else 0.0
            return (0.9 if _near(m, 3) else 0.6) if dur else 1.0
        if self.year is None and rel != "ytd":
            return 0.0
        fy = cal.year_of(p.end)
        if rel == "quarter" and self.quarter:
            if not dur or not 2.5 < m < 3.5:
                return 0.0
            if self.calendar:
                ends = p.end if p.end.day > 7 else date.fromordinal(p.end.toordinal() - 8)
                return 1.0 if ends.year == self.year and (ends.month - 1) // 3 + 1 == self.quarter else 0.0
            return 1.0 if fy == self.year and cal.quarter_of(p.end) == self.quarter else 0.0
        if rel == "ytd":
            if not dur or m > 11.4 or (self.year is not None and fy != self.year):
                return 0.0
            if not _near(m, 3 * cal.quarter_of(p.end), 0.8):
                return 0.0  # not measured from the fiscal year's start
            return 1.0 if self.months is None or _near(m, self.months) else 0.0
        if rel == "calendar":
            if calendar_year(p) != self.year:
                return 0.0
            if dur:
                return 1.0 if _yearlong(p) else 0.0
            return 1.0 if (p.end.month, p.end.day) in ((12, 31),) or p.end.month == 1 else 0.8
        if rel == "fy":
            if fy != self.year:
                return 0.0
            if dur:
                return 1.0 if _yearlong(p) else 0.0
            return 0.95 if cal.is_year_end(p.end) else 0.6
        if rel == "in":
            if fy == self.year:
                if dur:
                    return 1.0 if _yearlong(p) else 0.3
                return 0.85 if cal.is_year_end(p.end) else 0.8
            if calendar_year(p) == self.year:  # the calendar year matches, the fiscal year does not
                if dur:
                    return 0.5 if _yearlong(p) else 0.0
                return 0.5
            return 0.0
        if rel == "end":
            if fy != self.year and not (not cal.known and p.end.year == self.year):
                return 0.0
            if dur:
                return 0.55
            return 1.0 if cal.is_year_end(p.end) else 0.7
        return 0.0

    def describe(self) -> str:
        r = self.relation
        if r == "on" and self.day:
            return self.day.strftime("%b. %d, %Y")
        if r == "months" and self.day:
            return f"the {_MONTHS_WORD.get(self.months, str(self.months))} months ended {self.day:%b. %d, %Y}"
        if r == "end" and self.year:
            return f"the end of fiscal {self.year}"
        if r == "in" and self.year:
            return str(self.year)
        if r == "fy" and self.year:
            return f"fiscal {self.year}"
        if r == "calendar" and self.year:
            return f"calendar {self.year}"
        if r == "quarter" and self.year:
            return f"{'calendar' if self.calendar else 'fiscal'} Q{self.quarter} {self.year}"
        if r == "ytd":
            span = f"the first {_MONTHS_WORD.get(self.months, str(self.months))} months" if self.months else "the year to date"
            return f"{span} of fiscal {self.year}" if self.year else span
        if r == "month" and self.year and self.month:
            name = date(self.year, self.month, 1).strftime("%B %Y")
            return f"the {name} quarter" if self.months == 3 else f"{name}"
        if r == "h2" and self.year:
            return f"the second half of fiscal {self.year}"
        if r == "after":
            return "after the fiscal year end"
        if r == "latest" and self.months == 3:
            return "the latest quarter"
        if r == "latest" and self.months == 12:
            return "the latest fiscal year"
        if r == "latest" and self.months == 0:
            return "the latest year end"
        return "the latest period"


_MONTHS_WORD = {3: "three", 6: "six", 9: "nine", 12: "twelve"}


def duration_hint(text: str) -> int | None:
    """The one duration the question's words name (3, 6, 9, 12 months), or None (none or several)."""
    found = {n for n, pat in DURATION_WORDS if pat.search(text)}
    if 12 in found and len(found) > 1:
        found.discard(12)  # 'the second quarter of fiscal year 2025': the quarter is the duration
    return found.pop() if len(found) == 1 else None


class _Collector:
    def __init__(self, text: str):
        self.text = text
        self.asks: list[PeriodAsk] = []
        self.spans: list[tuple[int, int]] = []
        self.starts: list[int] = []

    def free(self, a: int, b: int) -> bool:
        return not any(a < y and x < b for x, y in self.spans)

    def add(self, ask: PeriodAsk, span: tuple[int, int]) -> None:
        self.asks.append(ask)
        self.spans.append(span)
        self.starts.append(span[0])

    def each(self, pattern: str):
        for m in re.finditer(pattern, self.text, re.I):
            if self.free(*m.span()):
                yield m


def parse_periods(text: str) -> tuple[list[PeriodAsk], list[tuple[int, int]]]:
    """The periods a question names (in order of appearance) and the spans of text they used."""
    c = _Collector(text)
    fiscal_words = re.compile(r"\b(?:FY|fiscal)\b", re.I)
    # n months / weeks ended a date (or a month)
    for m in c.each(rf"\b(three|six|nine|twelve|3|6|9|12)[- ]months?(?: period)?\s+(?:end(?:ed|ing)|to|through|thru)\s+"
                    rf"(?:on\s+)?({_DATE}|{_MONTH_YEAR})"):
        _dated(c, m, _N[m.group(1).lower()], m.group(2))
    for m in c.each(rf"\b(thirteen|twenty[- ]six|thirty[- ]nine|fifty[- ]two|fifty[- ]three|13|26|39|52|53)[- ]weeks?"
                    rf"(?: period)?\s+end(?:ed|ing)\s+(?:on\s+)?({_DATE}|{_MONTH_YEAR})"):
        _dated(c, m, _N[m.group(1).lower().replace(" ", "-")], m.group(2))
    for m in c.each(rf"\b(?:(?:fiscal|calendar)\s+)?(?:(first|second|third|fourth)\s+)?(?:fiscal\s+)?(year|quarter|half(?:[- ]year)?)"
                    rf"(?: period)?\s+(?:end(?:ed|ing)|to|through)\s+(?:on\s+)?({_DATE}|{_MONTH_YEAR})"):
        n = {"year": 12, "quarter": 3}.get(m.group(2).lower(), 6)
        _dated(c, m, n, m.group(3))
    for m in c.each(rf"\b({_MON})\.?\s+({_Y4})\s+(quarter|half|year)\b"):
        n = {"quarter": 3, "half": 6, "year": 12}[m.group(3).lower()]
        c.add(PeriodAsk("month", int(m.group(2)), None, m.group(0), months=n, month=_MONTH_NAMES[m.group(1).lower()]), m.span())
    # quarters
    for m in c.each(rf"\b(?:(calendar|fiscal)\s+)?Q([1-4])\s*(?:[-/]\s*)?(?:of\s+)?(?:the\s+)?(?:(fiscal|calendar)\s*(?:year\s*)?|FY\s*|CY\s*)?'?\s*({_YY})\b"):
        _quarter(c, m, int(m.group(2)), m.group(4), (m.group(1) or m.group(3) or "").lower() == "calendar" or "CY" in m.group(0).upper())
    for m in c.each(rf"\b([1-4])Q\s*(?:FY\s*|CY\s*)?'?({_YY})\b"):
        _quarter(c, m, int(m.group(1)), m.group(2), "CY" in m.group(0).upper())
    for m in c.each(rf"\b(?:FY\s*'?|fiscal\s+(?:year\s+)?)({_YY})\s*[-/ ]?\s*Q([1-4])\b"):
        _quarter(c, m, int(m.group(2)), m.group(1), False)
    for m in c.each(rf"\b(?:the\s+)?(first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:(fiscal|calendar)\s+)?quarter\s+(?:of\s+)?(?:the\s+)?"
                    rf"(?:(fiscal|calendar)\s+)?(?:year\s+)?(?:FY\s*)?'?({_Y4}|(?<=FY)\d{{2}}|(?<=')\d{{2}})\b"):
        _quarter(c, m, _ORD[m.group(1).lower()], m.group(4), "calendar" in m.group(0).lower())
    for m in c.each(rf"\b(?:(fiscal|calendar)\s+(?:year\s+)?|FY\s*'?)?({_Y4})\s+(first|second|third|fourth)\s+(?:fiscal\s+)?quarter\b"):
        _quarter(c, m, _ORD[m.group(3).lower()], m.group(2), (m.group(1) or "").lower() == "calendar")
    # halves, n months of a year, year to date
    for m in c.each(rf"\b(?:H([12])|([12])H)\s*(?:[-/]\s*)?(?:of\s+)?(?:FY\s*|fiscal\s+(?:year\s+)?)?'?\s*({_YY})\b"):
        _half(c, m, int(m.group(1) or m.group(2)), m.group(3))
    for m in c.each(rf"\b(?:the\s+)?(first|second)\s+half\s+(?:of\s+)?(?:the\s+)?(?:(?:fiscal|calendar)\s+)?(?:year\s+)?(?:FY\s*)?'?({_Y4}|(?<=FY)\d{{2}})\b"):
        _half(c, m, 1 if m.group(1).lower() == "first" else 2, m.group(2))
    for m in c.each(rf"\b(?:the\s+)?(?:first\s+)?(three|six|nine|3|6|9)[- ]months?\s+(?:of\s+)?(?:the\s+)?(?:(?:fiscal|calendar)\s+)?(?:year\s+)?"
                    rf"(?:FY\s*)?'?({_Y4}|(?<=FY)\d{{2}})\b"):
        c.add(PeriodAsk("ytd", _year(m.group(2)), None, m.group(0), months=_N[m.group(1).lower()]), m.span())
    for m in c.each(rf"\b(3|6|9)M\s*(?:FY\s*)?'?({_YY})\b"):
        c.add(PeriodAsk("ytd", _year(m.group(2)), None, m.group(0), months=int(m.group(1))), m.span())
    for m in c.each(rf"\b(?:fiscal\s+)?(?:year[- ]to[- ]date|YTD)(?:\s+(?:of\s+)?(?:fiscal\s+|FY\s*)?'?({_Y4}|(?<=FY)\d{{2}}))?\b"):
        c.add(PeriodAsk("ytd", _year(m.group(1)) if m.group(1) else None, None, m.group(0)), m.span())
    for m in c.each(r"\b(?:the\s+)?(?:first\s+)?(?:(six|nine|6|9)[- ]months?|(first)\s+half|(H1|1H))\b(?!\s+(?:end|to\b|of\b))"):
        n = _N[m.group(1).lower()] if m.group(1) else 6
        c.add(PeriodAsk("ytd", None, None, m.group(0), months=n), m.span())
    # dates, then months of a year
    for m in c.each(_DATE):
        d = _date(m.group(0))
        if d:
            c.add(PeriodAsk("on", d.year, d, m.group(0)), m.span())
    for m in c.each(rf"\b(?:(quarter|half|year)\s+(?:end(?:ed|ing)\s+)?(?:in\s+)?)?({_MONTH_YEAR})\b"):
        ym = _month_year(m.group(2))
        if ym:
            n = {"quarter": 3, "half": 6, "year": 12}.get((m.group(1) or "").lower())
            c.add(PeriodAsk("month", ym[0], None, m.group(0), months=n, month=ym[1]), m.span())
    if re.search(r"\b(?:after|subsequent to|following) (?:the )?(?:fiscal )?year[- ]end\b|\bsubsequent(?:ly)?\b|"
                 r"\bafter (?:the )?balance sheet date\b", text, re.I):
        c.asks.append(PeriodAsk("after", text="after year end"))
        c.starts.append(len(text))
    # fiscal / calendar years
    any_fiscal = bool(fiscal_words.search(text))
    for m in c.each(rf"\b(?:(FY|F/Y|fiscal(?:\s+years?)?|calendar(?:\s+years?)?|CY)\s*'?\s*)({_Y4}|(?<=FY)\d{{2}}|(?<=FY )\d{{2}}|(?<=FY')\d{{2}}|(?<=')\d{{2}})\b"):
        kind = m.group(1).lower()
        y = _year(m.group(2))
        before = text[max(0, m.start() - 40): m.start()].lower()
        after = text[m.end(): m.end() + 14].lower()
        if kind.startswith(("calendar", "cy")):
            c.add(PeriodAsk("calendar", y, None, m.group(0)), m.span())
        elif _ENDING.search(before) or re.match(r"\s*(?:year[- ]end|end)\b", after):
            c.add(PeriodAsk("end", y, None, m.group(0)), m.span())
        else:
            c.add(PeriodAsk("fy", y, None, m.group(0)), m.span())
    for m in c.each(rf"\b({_Y4})\b"):
        y = int(m.group(1))
        if re.match(r"\s+(?:plan|share incentive plan|equity incentive plan|notes?|senior notes?)\b", text[m.end():m.end() + 30], re.I):
            continue  # '2019 Plan', '2030 Notes' name things, not periods
        if re.search(r"(?:\$|USD|€|£)\s*$", text[max(0, m.start() - 5):m.start()]):
            continue  # an amount
        before = text[max(0, m.start() - 40): m.start()].lower()
        if _ENDING.search(before):
            rel = "end"
        else:
            rel = "fy" if any_fiscal else "in"
        c.add(PeriodAsk(rel, y, None, m.group(0)), m.span())
    latest = [
        (r"\b(?:the\s+)?(?:latest|most recent|last|current)\s+(?:reported\s+)?(?:fiscal\s+)?quarter\b", 3),
        (r"\b(?:the\s+)?(?:latest|most recent|last|current)\s+(?:reported\s+)?(?:fiscal\s+|full\s+)?year(?:['’]s)?\b", 12),
        (r"\b(?:as of|at)\s+(?:the\s+)?(?:latest\s+|most recent\s+)?(?:fiscal\s+)?year[- ]end\b", 0),
        (r"\b(?:the\s+)?(?:latest|most recent|last reported|current)\b", None),
    ]
    if not c.asks:
        for pat, n in latest:
            hit = re.search(pat, text, re.I)
            if hit:
                c.add(PeriodAsk("latest", text=hit.group(0), months=n), hit.span())
                break
    out = [a for _, a in sorted(zip(c.starts, c.asks), key=lambda x: x[0])]
    hint = duration_hint(text)
    if hint:
        out = [_with_duration(a, hint) for a in out]
    return out, c.spans


_ENDING = re.compile(r"(?:end of|ending|year[- ]end|as of|at|balance (?:at|as of)|outstanding (?:at|as of))\s*"
                     r"(?:the\s+)?(?:fiscal\s+)?(?:year\s+)?$")


def _with_duration(a: PeriodAsk, months: int) -> PeriodAsk:
    """'quarterly revenue as of March 29, 2025': a date with a duration word is that duration."""
    if a.relation == "on" and a.day is not None:
        return replace(a, relation="months", months=months)
    if a.relation == "month" and a.months is None:
        return replace(a, months=months)
    if a.relation == "latest" and a.months is None and months in (3, 12):
        return replace(a, months=months)
    return a


def _dated(c: _Collector, m: re.Match, months: int, when: str) -> None:
    d = _date(when)
    if d is not None:
        c.add(PeriodAsk("months", d.year, d, m.group(0), months=months), m.span())
        return
    ym = _month_year(when)
    if ym:
        c.add(PeriodAsk("month", ym[0], None, m.group(0), months=months, month=ym[1]), m.span())


def _quarter(c: _Collector, m: re.Match, q: int, year: str, calendar: bool) -> None:
    c.add(PeriodAsk("quarter", _year(year), None, m.group(0), quarter=q, calendar=calendar), m.span())


def _half(c: _Collector, m: re.Match, half: int, year: str) -> None:
    if half == 1:
        c.add(PeriodAsk("ytd", _year(year), None, m.group(0), months=6), m.span())
    else:  # filings report the first half and the year, not the second half on its own
        c.add(PeriodAsk("h2", _year(year), None, m.group(0), months=6), m.span())


def prior_period(a: PeriodAsk) -> PeriodAsk | None:
    """The same period one year earlier (what a year-over-year change compares with)."""
    def year_back(d: date) -> date:
        return d.replace(year=d.year - 1, day=min(d.day, 28)) if d.month == 2 else d.replace(year=d.year - 1)

    if a.relation in ("on", "months") and a.day is not None:
        d = year_back(a.day)
        return replace(a, day=d, year=d.year, text=f"{a.text} (a year earlier)")
    if a.year is not None and a.relation in ("fy", "in", "calendar", "end", "quarter", "ytd", "h2", "month"):
        return replace(a, year=a.year - 1, text=f"{a.text} (a year earlier)")
    return None
