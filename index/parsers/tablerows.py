"""What a table's rows say about the cells of columns that are not periods.

* A roll-forward ('Non-vested at December 31, 2018 | Granted | Vested | Forfeited | Non-vested at
  December 31, 2019') prints its movements between two dated balances: they are the movements of the
  period from the day after the opening balance to the closing one.
* A schedule printed on its side ('2021 | $138 | $6', ..., 'Thereafter | 577 | 35' under 'Operating
  Leases | Finance Leases') has line items for columns and the years or buckets the amounts fall due in
  for rows: each such cell is the column's line item, on the maturity axis of its row.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from ..facts import Fact, Member, Period
from .colheaders import Column, due_bucket, row_period, words_period
from .tablegrid import Cell, is_nil

__all__ = ["movement_periods", "due_by_row", "bucket_row", "due_in", "quarter_row", "price_range", "closing_total", "part_of_total"]

_MIN_DAYS, _MAX_DAYS = 80, 380  # a quarter to a year: the span one block of a roll-forward covers


def movement_periods(body: list[list[Cell]], first: int, title: str) -> dict[int, tuple[Period, tuple, str]]:
    """Row index -> (period, (), basis) for the rows printed between two balance rows dated a quarter
    to a year apart ('… at December 31, 2018' above, '… at December 31, 2019' below)."""
    dated: list[tuple[int, object]] = []
    for i, cells in enumerate(body, start=first):
        if cells and cells[0].start == 0:
            period, _, _ = row_period(cells[0].text, title)
            if period is not None and period.kind == "instant":
                dated.append((i, period.end))
    out: dict[int, tuple[Period, tuple, str]] = {}
    for (i1, d1), (i2, d2) in zip(dated, dated[1:]):
        if i2 - i1 < 2 or not _MIN_DAYS <= (d2 - d1).days <= _MAX_DAYS:
            continue
        period = Period(start=d1 + timedelta(days=1), end=d2, kind="duration")
        how = (f"a movement between the balances of {d1:%b. %d, %Y} and {d2:%b. %d, %Y} printed above and below "
               "it (a roll-forward)")
        for i in range(i1 + 1, i2):
            out[i] = (period, (), how)
    return out


def bucket_row(printed: str) -> bool:
    """A row label that is a year ('2021') or a maturity bucket ('Thereafter', 'Less than 1 year')."""
    year, quarter = words_period(printed)
    return (year is not None and quarter is None) or due_bucket(printed)


def due_by_row(body: list[list[Cell]], columns: list[Column]) -> bool:
    """A schedule printed on its side: rows of years and buckets ('2021', '2022', …, 'Thereafter') under
    columns that are line items ('Operating Leases | Finance Leases'), not periods."""
    if not columns or any(c.has_period for c in columns):
        return False
    stubs = [r[0].text for r in body if r and r[0].start == 0]
    return sum(1 for t in stubs if bucket_row(t) and not due_bucket(t)) >= 2 and any(due_bucket(t) for t in stubs)


def due_in(f: Fact, printed: str) -> Fact:
    """A cell of a schedule printed on its side: its line item is the column, its row the bucket it falls due in."""
    line = " ".join(m.member for m in f.dimensions) or f.column_label
    return replace(f, label=line, dimensions=(Member(axis="Maturity", member=printed),))


def quarter_row(label: str, col: Column) -> tuple[str, Member] | None:
    """A quarterly table printed on its side - rows 'First Quarter' … 'Fourth Quarter' (under '2019:', or in a
    '2018' column), columns that say what is measured ('High | Low'): the cell is the column's line for the row's
    quarter, which it carries as a member naming that quarter (and its year, when the page prints one)."""
    year, quarter = words_period(label)
    if quarter is None or col.period is not None or col.candidates:
        return None
    named = [m.member for m in col.members if words_period(m.member) == (None, None)]
    if len(named) != 1:
        return None
    if year is None and col.year_period is not None:
        return named[0], Member(axis="Period", member=f"{label} {col.year_period.year}")
    return named[0], Member(axis="Period", member=label)


# a stock's price range: a line or column printed as 'High' or 'Low' alone
_PRICE_RANGE = re.compile(r"^\W*(?:(?:common\s+)?stock\s+)?(?:(?:sales?\s+)?price\s+range\s+)?(?:high|low)(?:est)?"
                          r"(?:\s+(?:sales?\s+)?price)?\W*$", re.I)


def price_range(label: str, col: Column) -> bool:
    """A cell of a stock's price range ('High | Low' by quarter): a price per share, whatever the page's scale."""
    return bool(_PRICE_RANGE.match(label) or any(_PRICE_RANGE.match(m.member) for m in col.members))


def closing_total(body: list[list[Cell]]) -> str:
    """The label of a table's last row when it adds up every labelled row above it, in every column it prints
    an amount in ('Swiss | 212,986', 'Non-Swiss | 58,147', 'Income before taxes | 271,133'): what the table
    breaks down, and so what each of its rows is a part of. '' when the last row is no such sum (a table with
    subtotals, a bare 'Total', a row of percentages)."""
    from .numbers import parse_cell

    rows = []
    for cells in body:
        if not cells or cells[0].start != 0 or not re.search(r"[A-Za-z]", cells[0].text):
            continue
        values = {}
        for c in cells[1:]:
            v = parse_cell(c.text)
            if v is not None and v.number is not None and not v.percent:
                values[c.start] = v.number
            elif is_nil(c.text):
                values[c.start] = 0
        if values:
            rows.append((cells[0].text.strip(), values))
    if len(rows) < 3:
        return ""
    label, last = rows[-1]
    if not re.search(r"[A-Za-z]{3}", re.sub(r"^\W*total\b", "", label, flags=re.I)):
        return ""  # 'Total': names nothing the rows are parts of
    above = rows[:-1]
    for col, total in last.items():
        parts = [vals.get(col) for _, vals in above]
        if any(p is None for p in parts) or abs(sum(parts) - total) > (1 if abs(total) >= 100 else Decimal("0.01")):
            return ""
    return label


def part_of_total(part: Fact, total: Fact) -> bool:
    """``part`` is a row of an untagged table named by its closing total (closing_total),
    and ``total`` is that total's row: the part's title words are the total's name, it is no other line of it."""
    name = (total.row_label or total.label).strip()
    return (not total.concept and part.source == total.source and bool(part.title) and part.title == total.title == name
            and (part.row_label or part.label).strip() != name)  # (the total's own row, in another column, is the line)
