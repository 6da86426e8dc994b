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

The period words are read by index.parsers.periodwords, which rows are headings by index.parsers.headrows.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ..facts import Member, Period
from .headrows import row_kind, split_header, unit_line
from .numbers import DATE_RE
from .periodwords import (_FOOTNOTE, _MATURITY, _PART_OF_YEAR, _RANGE, _strip_period_words, _years, due_bucket,
                          header_period, periodish, row_period, spaced, words_period)
from .tablegrid import Cell
from .tablescale import scale_in, unit_marker

__all__ = ["Column", "header_period", "split_header", "read_columns", "row_period", "row_kind", "periodish", "spaced",
           "unit_line", "words_period", "due_bucket"]

_LEVEL = re.compile(r"\blevel\s+(?:[123]|i{1,3})\b", re.I)
_CHANGE = re.compile(r"\bchange|\bincrease|\bdecrease|\bvariance\b|\bvar\.?\b|\bgrowth\b|\bdifference\b|\bvs\.?\b", re.I)
_SHARE = re.compile(r"%\s*of\b|\bpercent(?:age)?\s+of\b|\bas\s+a\s+%", re.I)
_PERCENT_COLUMN = re.compile(r"%|\bpercent(?:age)?\b", re.I)
_NOTES = re.compile(r"^notes?$|^note\s+ref", re.I)
_VALUE_WORDS = {"amount", "amounts", "value", "values", "balance", "balances", "and", "for", "the", "in", "of", "at",
                "as", "end", "period", "audited", "unaudited", "restated", "(restated)", "$", "total:"}


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


# 'Restated See note 2', '(restated, Note 3)': where to read about the column, never what it holds
_NOTE_REFERENCE = re.compile(r"\b(?:see|refer\s+to)?\s*\bnotes?\s+\d+[A-Za-z]?\b", re.I)


def _member_text(label: str, marker_words: list[str]) -> str:
    text = _FOOTNOTE.sub(" ", label)
    for w in marker_words:
        text = text.replace(w, " ")
    text = _NOTE_REFERENCE.sub(" ", _strip_period_words(text))
    text = re.sub(r"\(\s*,?\s*\)", " ", text)
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
