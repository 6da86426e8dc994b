"""What a table's column headers say: the period of each column, and what else tells columns apart.

A column's header is every heading above it, top to bottom. A heading that spans several columns
(colspan, or in a table that lost its colspans - PDF-made tables print "December 31," once, over
or beside "2019 | 2018" - the nearest heading of its row) is read with each of them:

* a date: "Thirteen Weeks Ended / November 2, 2024" is the 13 weeks ending that day, "Year Ended
  November 30 / 2020" twelve months, a date under "As at" or in a balance sheet an instant; a date
  that does not say which stays a candidate (period left open);
* a year and nothing more ("2019 | 2018", "Fiscal 2019", "FY19", "2019 €m"): the fiscal year, known
  by its year only (``Period.fiscal``) - no month and day are invented. A month and day printed in a
  heading above or in the stub ("December 31,", "For the year ended December 31:") make it a date;
* part of a year without a date ("Q4 2019", "Six months 2019") is not a fiscal year: no period;
* words that are not a period - "Domestic" over years, "% of Total", "Change", maturity buckets
  ("Less than 1 year", "2021-2022", "Thereafter"; a bare year beside them is a bucket too), fair
  value levels, "Age", "Title" - are the column's member, on a typed axis (``Member``);
* a unit line or unit words ("€m", "$’000", "(%)", "(in thousands)") set the column's unit and scale.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ..facts import Member, Period
from .numbers import DATE_RE, parse_date
from .tablegrid import Cell, is_nil, is_value, yearish
from .tablescale import scale_in, unit_marker

__all__ = ["Column", "header_period", "split_header", "read_columns", "row_period", "row_kind", "periodish", "spaced",
           "unit_line", "words_period", "due_bucket"]

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
_LEVEL = re.compile(r"\blevel\s+(?:[123]|i{1,3})\b", re.I)
_CHANGE = re.compile(r"\bchange|\bincrease|\bdecrease|\bvariance\b|\bvar\.?\b|\bgrowth\b|\bdifference\b|\bvs\.?\b", re.I)
_SHARE = re.compile(r"%\s*of\b|\bpercent(?:age)?\s+of\b|\bas\s+a\s+%", re.I)
_PERCENT_COLUMN = re.compile(r"%|\bpercent(?:age)?\b", re.I)
_NOTES = re.compile(r"^notes?$|^note\s+ref", re.I)
_PERIOD_WORDS = re.compile(
    r"\b(?:for\s+the\s+)?(?:fiscal\s+)?(?:years?|quarters?|periods?|(?:\w+[\s-])?months?|(?:\w+[\s-])?weeks?)\s+ended\b|"
    r"\bas\s+(?:of|at)\b(?:\s+and\s+for\s+the)?|\bfiscal(?:\s+years?)?\b|\byear[-\s]end(?:ed)?\b|\bFY\b|"
    r"\b(?:52|53|fifty[\s-]two|fifty[\s-]three)\s+weeks\b|\b(?:12|twelve)\s+months\b|\bended\b", re.I)
_FOOTNOTE = re.compile(r"\(\s*(?:\d{1,2}|[a-z]|[ivx]{1,4})\s*\)|\*+|(?<=[A-Za-z]{3})\d(?=\s|$|\))")
_VALUE_WORDS = {"amount", "amounts", "value", "values", "balance", "balances", "and", "for", "the", "in", "of", "at",
                "as", "end", "period", "audited", "unaudited", "restated", "(restated)", "$", "total:"}


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


@dataclass(frozen=True)
class Column:
    """One column of values, as its headers describe it."""

    cell: Cell  # the leaf header cell (its grid span places the values under it)
    label: str  # every heading above it, top to bottom, as printed
    period: Period | None
    candidates: tuple[Period, ...]
    year_period: Period | None
    basis: str
    members: tuple[Member, ...] = ()
    currency: str = ""  # from the column's unit line or header ("€m")
    scale: int | None = None  # None: the table's scale
    percent: bool = False  # values are percentages even when a cell prints no '%'

    @property
    def has_period(self) -> bool:
        return self.period is not None or bool(self.candidates) or self.year_period is not None


def row_kind(cells: list[Cell]) -> str:
    """'body' (amounts), 'label' (one text cell in the stub, or one heading ending in a colon),
    'unit' (only unit words) or 'header' (column headings; years count as headings)."""
    if not cells:
        return "empty"
    stub = cells[0] if cells[0].start == 0 else None
    rest = cells[1:] if stub is not None else cells
    if any((is_value(c.text) and not yearish(c.text)) or is_nil(c.text) for c in rest):
        return "body"
    if not rest:
        return "label" if stub is not None and not is_value(stub.text) else "body"
    if all(unit_marker(c.text) is not None for c in rest):
        return "unit"
    if len(rest) == 1 and rest[0].text.rstrip().endswith(":") and not _years(rest[0].text) \
            and not _MONTH_DAY.search(rest[0].text):
        return "label"  # 'Consolidated Statements of Operations Data:' set in a value column
    return "header"


def split_header(rows: list[list[Cell]]) -> tuple[list[str], list[list[Cell]], int]:
    """(caption lines inside the table, header rows, index of the first body row)."""
    caption: list[str] = []
    header: list[list[Cell]] = []
    for i, cells in enumerate(rows):
        kind = row_kind(cells)
        if kind == "empty":
            continue
        if kind == "body":
            return caption, header, i
        if kind == "label":
            text = cells[0].text if cells[0].start == 0 else " ".join(c.text for c in cells)
            if header and unit_line(text):
                caption.append(text)  # '(In thousands)' printed in the stub under the column headings
                continue
            if header:
                return caption, header, i  # a section heading under the column headings
            caption.append(cells[0].text if cells[0].start == 0 else " ".join(c.text for c in cells))
            continue
        stub = cells[0].text if cells[0].start == 0 else ""
        if stub and header and kind != "unit" and any(periodish(c.text) for r in header for c in r) \
                and unit_marker(stub) is None and not periodish(stub) and not any(periodish(c.text) for c in cells[1:]) \
                and not _unit_codes(cells[1:]):
            return caption, header, i  # a line item whose cells are words ('Dividend yield | None | None')
        header.append(cells)
    return caption, header, len(rows)


_CODE = re.compile(r"[A-Za-z$€£¥’']{1,3}")


def _unit_codes(cells: list[Cell]) -> bool:
    """A row of unit codes under the headings, one a unit ('M | $M | M | $M': millions of shares, millions of
    dollars under each year): headings, not a line item whose cells are words."""
    return bool(cells) and any(unit_marker(c.text) is not None for c in cells) and all(
        unit_marker(c.text) is not None or _CODE.fullmatch(c.text.strip()) for c in cells)


def unit_line(text: str) -> bool:
    """A line that only states the unit of the amounts: '(In thousands)', '(in millions of Canadian dollars)',
    '$’000', '(Amounts in thousands, except per share data)'."""
    t = " ".join(text.split())
    if unit_marker(t) is not None:
        return True
    s = scale_in(t)
    return s is not None and len(t) <= 80 and (t.startswith("(") or t.lower().startswith(("in ", "amounts", "all ")))


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


def _reach(row: list[Cell], leaves: list[Cell], flat: bool, below: bool = False) -> list[tuple[Cell, int, int]]:
    """(heading cell, first grid column, end) each heading of ``row`` stands over.

    With colspans the markup says it. A table without them (made from a PDF) prints a heading once,
    over or beside the columns it heads. A lone heading heads every column when it is a period
    ("December 31,", "Fiscal") or the columns under it are periods or units; otherwise a heading
    reaches into the blank columns beside it (right, and for the first also left) whose own
    heading is a unit ("(%)") or a sub-heading repeated under another heading ("Amount", "% of
    total", "2019" under each of two headings) - not a column with a heading of its own ("CHANGE"
    beside "F18"). Below the column headings only a unit line spreads ("(in millions)")."""
    cells = [c for c in row if c.start > 0 or c.end > min((lf.start for lf in leaves), default=1)]
    if not flat or not cells or not leaves or (below and not all(unit_marker(c.text) for c in cells)):
        return [(c, c.start, c.end) for c in cells]
    lo, hi = min(lf.start for lf in leaves), max(lf.end for lf in leaves)
    if len(cells) == 1 and (periodish(cells[0].text) or all(periodish(lf.text) or unit_marker(lf.text) is not None
                                                             for lf in leaves)):
        return [(cells[0], lo, hi)]
    under = {lf.start: lf.text.strip().lower() for lf in leaves}
    counts = Counter(under.values())
    runs = _runs(leaves)

    def joins(col: int) -> bool:
        text = under.get(col)
        return text is None or counts[text] > 1 or unit_marker(text) is not None

    out = []
    for i, c in enumerate(cells):
        stop = cells[i + 1].start if i + 1 < len(cells) else hi
        run = next((r for r in runs if r[0] <= c.start < r[1]), None)
        if run is not None and sum(1 for o in cells if run[0] <= o.start < run[1]) == 1:
            end = max(run[1], c.end)  # the one heading over a run of like columns, and the unit columns beside it
            while end < stop and joins(end) and unit_marker(under.get(end, "")) is not None:
                end += 1
            out.append((c, min(run[0], c.start), end))
            continue
        start, end = c.start, c.end
        if i == 0:
            while start - 1 >= lo and joins(start - 1):
                start -= 1
        while end < stop and joins(end):
            end += 1
        out.append((c, start, end))
    return out


def _runs(leaves: list[Cell]) -> list[tuple[int, int]]:
    """Grid spans of consecutive columns of one kind (years or dates; units; other words): a heading
    printed once over such a run heads all of it ('December 31,' over '2019 | 2018')."""
    def kind(text: str) -> str:
        text = spaced(text)
        return "period" if (_years(text) or DATE_RE.search(text)) else "unit" if unit_marker(text) is not None else "words"

    runs: list[tuple[int, int]] = []
    last = None
    for lf in sorted(leaves, key=lambda c: c.start):
        k = kind(lf.text)
        if runs and k == last and lf.start == runs[-1][1]:
            runs[-1] = (runs[-1][0], lf.end)
        else:
            runs.append((lf.start, lf.end))
        last = k
    return runs


def _strip_period_words(label: str) -> str:
    text = DATE_RE.sub(" ", label)
    text = _MONTH_DAY.sub(" ", text)
    text = _YEAR.sub(" ", text)
    text = _SHORT_FY.sub(" ", text)
    text = _SPAN.sub(" ", text)
    text = _PERIOD_WORDS.sub(" ", text)
    return text


def _member_text(label: str, marker_words: list[str]) -> str:
    text = _FOOTNOTE.sub(" ", label)
    for w in marker_words:
        text = text.replace(w, " ")
    text = _strip_period_words(text)
    text = re.sub(r"\(\s*\)", " ", text)
    words = [w for w in re.split(r"\s+", text.strip(" ,.:;-–")) if w]
    if not [w for w in words if re.search(r"[A-Za-z%$€£]", w) and w.lower().strip(",.:;()") not in _VALUE_WORDS]:
        return ""
    member = " ".join(" ".join(words).strip(" ,.:;-–").split())
    if member.count("(") != member.count(")"):  # a parenthesis cut by the words taken out
        member = member.strip("()").strip()
    return member


def _axis(member: str, maturity_table: bool) -> str:
    if _LEVEL.search(member):
        return "Fair value level"
    if _CHANGE.search(member):
        return "Change"
    if _SHARE.search(member):
        return "Share"
    if maturity_table and (_MATURITY.search(member) or _RANGE.search(member) or _years(member)
                           or member.lower() == "total"):
        return "Maturity"
    return "Column"


def read_columns(header: list[list[Cell]], ctx: str, title: str) -> list[Column]:
    """The columns under ``header`` rows; ``ctx`` is the caption and stub text around them."""
    kinds = [row_kind(r) for r in header]
    # the column headings proper: the heading row with the most columns (the lowest, when tied)
    heads = [i for i, k in enumerate(kinds) if k == "header"]
    if not heads:
        return []
    leaf_at = max(heads, key=lambda i: (sum(1 for c in header[i] if c.start > 0), i))
    leaves = [c for c in header[leaf_at] if c.start > 0 or len(header[leaf_at]) == 1]
    flat = all(c.width == 1 for r in header for c in r)
    reach = [_reach(row, leaves, flat, below=i > leaf_at) if i != leaf_at else [] for i, row in enumerate(header)]
    parts = []
    for leaf in leaves:
        up = [c.text for i in range(leaf_at) for c, a, b in reach[i] if a <= leaf.start < b or c.overlap(leaf)]
        down = [c.text for i in range(leaf_at + 1, len(header)) for c, a, b in reach[i] if a <= leaf.start < b or c.overlap(leaf)]
        parts.append([*up, leaf.text, *down])
    labels = [spaced(" ".join(p).strip()) for p in parts]
    # due dates over the columns make a maturity table; a change column's 'from 2018 to 2019' is no due date
    maturity = any((_MATURITY.search(lab) or _ascending_range(lab)) and not _CHANGE.search(lab) for lab in labels)
    # 'Payments due by period' over every bucket names the schedule, not one bucket: not part of any member
    over_all = [spaced(t) for t in set.intersection(*(set(p[:-1]) for p in parts)) if _MATURITY.search(t)] \
        if maturity and len(parts) >= 2 else []
    columns = [_read_column(leaf, label, p, ctx, title, maturity, over_all)
               for leaf, label, p in zip(leaves, labels, parts) if not _NOTES.match(leaf.text.strip())]
    return _movements_between(columns)


def _balance_day(col: Column) -> date | None:
    if col.period is not None and col.period.kind == "instant":
        return col.period.end
    if col.period is None and len(col.candidates) == 1 and col.candidates[0].kind == "date":
        return col.candidates[0].end
    return None


def _movements_between(columns: list[Column]) -> list[Column]:
    """A roll-forward across the page ('Dec 29, 2018 | Acquisitions | Transfers | Other | Dec 28, 2019'): the
    columns between two balance dates a quarter to a year apart are the movements of the period between them."""
    days = [(i, _balance_day(c)) for i, c in enumerate(columns)]
    dated = [(i, d) for i, d in days if d is not None]
    out = list(columns)
    for (i1, d1), (i2, d2) in zip(dated, dated[1:]):
        between = [i for i in range(i1 + 1, i2) if not columns[i].has_period and columns[i].members]
        if not between or not 80 <= (d2 - d1).days <= 380:
            continue
        period = Period(start=d1 + timedelta(days=1), end=d2, kind="duration")
        for i, d in ((i1, d1), (i2, d2)):  # the columns a roll-forward moves between are its balances
            c = out[i]
            if c.period is None:
                out[i] = replace(c, period=Period(end=d, kind="instant"), candidates=(),
                                 basis=f"{c.basis}; a balance: the roll-forward's movements are printed beside it")
        for i in between:
            c = columns[i]
            out[i] = replace(c, period=period, members=c.members, basis=(
                f"a movement between the balances of {d1:%b. %d, %Y} and {d2:%b. %d, %Y} in the columns beside it "
                "(a roll-forward)"))
    return out


_SPLIT_YEAR = re.compile(r"(?<![\d,.$€£])((?:19|20)\d{2})\s*/\s*((?:19|20)?\d{2})(?![\d,])")


def _split_year(label: str) -> int | None:
    """'2018/2019', '2018/19': a fiscal year printed as the two calendar years it spans -> 2019 (the year it
    ends in). None for anything else, a change column ('2019/2018 change') included."""
    m = _SPLIT_YEAR.search(label)
    if m is None or _CHANGE.search(label) or DATE_RE.search(label):
        return None
    a, b = int(m.group(1)), int(m.group(2))
    b = b if b > 99 else a // 100 * 100 + b
    rest = _SPLIT_YEAR.sub(" ", label)
    return b if b == a + 1 and not _years(rest) else None


def _ascending_range(text: str) -> bool:
    m = _RANGE.search(text)
    if not m:
        return False
    a, b = int(m.group(1)), int(m.group(2))
    b = b if b > 99 else a // 100 * 100 + b
    return b > a


def _unit_of(parts: list[str]) -> tuple[str, int | None, bool, list[str]]:
    """(currency, scale, percent, the words that stated them) from a column's header cells."""
    currency, scale, percent, words = "", None, False, []
    for text in parts:
        marker = unit_marker(text)
        if marker is not None:
            cur, pw, pct = marker
            currency, scale, percent = cur or currency, pw if pw is not None else scale, percent or pct
            words.append(text)
            continue
        s = scale_in(text)
        if s is not None:
            scale, currency = s.power, s.currency or currency
            words.append(s.words)
    return currency, scale, percent, words


def _read_column(leaf: Cell, label: str, parts: list[str], ctx: str, title: str, maturity: bool,
                 schedule_words: list[str] | None = None) -> Column:
    currency, scale, percent, unit_words = _unit_of(parts)
    member = _member_text(label, (schedule_words or []) + unit_words)
    own = spaced(" ".join(parts[parts.index(leaf.text):]))  # the column's own heading and unit lines, not a group's
    percent = percent or bool(_SHARE.search(own) or re.search(r"\(%\)|%\s*change|change\s*%|%$|^%", own, re.I))
    period = year = None
    cands: tuple[Period, ...] = ()
    years = _years(label)
    bucket = maturity and not DATE_RE.search(label)
    if bucket:
        basis = "a maturity column (the table's columns are due dates, not reporting periods)"
        member = member or " ".join(leaf.text.split()) or " ".join(label.split())
    elif (split := _split_year(label)) is not None:
        year = Period.fiscal(split, " ".join(_FOOTNOTE.sub(" ", label).split()))
        member = _member_text(_SPLIT_YEAR.sub(" ", label), unit_words)
        basis = (f"the column header names the fiscal year {split} by the two calendar years it spans, no month and "
                 "day: the fiscal year ending in the later one, its dates unknown")
    elif len(years) > 1 and not DATE_RE.search(label):
        basis = f"the column header names several years ({', '.join(map(str, years))}): not one period"
        member = " ".join(_FOOTNOTE.sub(" ", label).split())
    else:
        period, cands, basis = header_period(label, ctx, title)
        if period is None and not cands and len(years) == 1:
            if _PART_OF_YEAR.search(label):
                basis = f"the column header names part of {years[0]} without its dates: not a fiscal year"
                member = " ".join(_FOOTNOTE.sub(" ", label).split())
            else:
                year = Period.fiscal(years[0], " ".join(_FOOTNOTE.sub(" ", label).split()))
                basis = (f"the column header gives the year {years[0]} and no month and day: the fiscal year "
                         f"{years[0]}, its dates unknown")
    if not member and period is None and not cands and year is None and re.search(r"\d", label):
        member = " ".join(_FOOTNOTE.sub(" ", label).split())  # '1–90', '>360': a bucket printed in figures
    members = (Member(axis=_axis(member, maturity), member=member),) if member else ()
    return Column(leaf, label, period, cands, year, basis, members, currency, scale, bool(percent))


def row_period(text: str, title: str) -> tuple[Period | None, tuple[Period, ...], str]:
    """A period printed in a row's label or section ('Balance at December 31, 2018', 'Year Ended
    December 31, 2019'), for tables whose columns are not periods."""
    text = spaced(text)
    if not DATE_RE.search(text):
        return None, (), ""
    period, cands, basis = header_period(text, "", title)
    return period, cands, basis.replace("column header", "row label")
