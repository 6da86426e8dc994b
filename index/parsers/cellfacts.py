"""One cell of an untagged table -> one fact: its value, unit, scale and period, and the basis saying
where each came from (the row label, the column's headers, the table's setup)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from ..facts import Fact, Member, Period, stable_id
from .colheaders import Column, row_period
from .numbers import SYMBOL_CURRENCY, apply_scale, parse_cell
from .tablegrid import Cell, is_nil
from .tablerows import price_range, quarter_row
from .tablescale import scale_in, unit_marker
from .tablesetup import _Setup

UNTAGGED = "untagged table cell"
# an amount whose page says nothing of its scale: the number as printed, which may well be in thousands
NO_SCALE = "no scale stated: the amount as printed"
# the scale applied was stated for share counts ('(shares in thousands, except per share data)'): an amount's is unknown
SHARES_SCALE = "the scale stated is for share counts"
# share counts have a scale statement of their own ('(shares in thousands, …)' under '(Tabular amounts in millions …)'):
# a line that counts shares without saying so ('Dilutive securities') would be read at the amounts' scale
SHARE_COUNTS_APART = "share counts are stated at another scale than amounts"
DEFINITION = "Untagged table cell read from the filing's HTML (no XBRL tag); period from the column header."

_PER_SHARE = re.compile(r"\bper\s+(?:common\s+|ordinary\s+|diluted\s+|basic\s+)?(?:share|unit|ads)\b|\bEPS\b|"
                        r"\bgrant[\s-]+date\s+fair\s+value\b|\bexercise\s+price\b", re.I)  # an award's price is per share
# a length of time ('Useful Life (in years)', 'Days sales outstanding'): never in the thousands the amounts are in
_DURATION = re.compile(r"\b(?:years?|months?|weeks?|days|age)\b", re.I)
# a count of shares, not a share-capital amount ("Common stock, 50,773,796 shares at ...": dollars)
_SHARES = re.compile(r"weighted[\s-]+average.*\bshares\b|\bshares\s+outstanding\b|"
                     r"\bnumber\s+of\s+(?:common\s+)?shares\b|\bshares\W*$|^\W*shares\s+used\b|"
                     r"^\W*(?:share|stock)\s+options\s+outstanding\b", re.I)
_SHARE_CLASS = re.compile(r"^\W*(?:basic|diluted)\W*$", re.I)  # a share count's lines under its heading
_COUNT_ROW = re.compile(r"\bnumber\s+of\b|\bstores\b|\bemployees\b|\blocations\b|\bheadcount\b|\bcustomers\b|"
                        r"\bdays\b|\bweeks\b|\bsquare\s+feet\b|\bin\s+years\b|\(years\)|\bage\b", re.I)
_PERCENT_ROW = re.compile(r"\(%\)|%\s*$|\bin\s+%|\bpercent(?:age)?\b(?!\s+of\s+(?:shares|ownership))", re.I)
_SCALE_TEXT = {0: "", 3: "Thousands", 6: "Millions", 9: "Billions"}

def _row_unit(label: str, section: str, raw: str, money: bool, currency: str, column_words: str = "",
              column_currency: str = "") -> str | None:
    if _PER_SHARE.search(label):
        return f"{currency}/shares" if money or "$" in raw else None
    if _SHARES.search(label) and "$" not in raw and "$" not in label:
        return "shares"
    if _PER_SHARE.search(section):  # "EARNINGS PER SHARE:" over "Basic", "Diluted"
        return f"{currency}/shares" if money or "$" in raw else None
    if _SHARES.search(section) and _SHARE_CLASS.match(label) and "$" not in raw:
        return "shares"  # "Weighted-average common shares outstanding:" over "Basic", "Diluted"
    if _COUNT_ROW.search(label) and not (column_currency and not _COUNT_ROW.search(label.replace(column_words, " "))):
        return None  # a count of something: no unit the page states (a '$’000' column of '0 to 30 days past due' is money)
    return currency if money or any(s in raw for s in ("$", "€", "£")) else None


def _column_of(columns: list[Column], cell: Cell) -> Column | None:
    col = max(columns, key=lambda k: (k.cell.overlap(cell), -abs(k.cell.start - cell.start)))
    return col if col.cell.overlap(cell) else None


@dataclass
class _Row:
    """One body row being read: where it is and what stands around it."""

    t_index: int
    r_index: int
    printed: str
    label: str
    section: str
    section_period: tuple[Period | None, tuple[Period, ...], str]
    between: tuple[Period | None, tuple[Period, ...], str] | None = None  # a roll-forward's movement period
    year_heading: str = ""  # a bare year printed over the rows ('2019' over quarters 'First | Second | …')


def _cell_fact(cell: Cell, col: Column, row: _Row, setup: _Setup, ids: dict) -> Fact | None:
    """The fact one cell reports, or None when it reports nothing this reader can cite."""
    text = cell.text
    nil = is_nil(text)
    v = None if nil else parse_cell(text)
    if v is not None and v.number is None:
        v = None
    if v is None and not nil:
        if col.has_period or len(text) > 80 or not re.search(r"[A-Za-z0-9]", text):
            return None  # a note or a symbol in a period column: not a cell value
    members = col.members
    label, on_side = row.label, quarter_row(row.label, col)
    if on_side is not None:  # a table on its side: the column says what is measured, the row when
        label, members = on_side[0], (on_side[1],)
    elif row.year_heading and not col.has_period:  # the rows under '2019' and under '2018' are not the same cells
        members = (*members[:-1], replace(members[-1], member=f"{members[-1].member} {row.year_heading}")) if members \
            else (Member(axis="Column", member=row.year_heading),)
    member_words = " ".join(m.member for m in members)
    percent = bool(v is not None and v.percent) or col.percent or bool(_PERCENT_ROW.search(row.printed))
    label_scale = scale_in(row.printed)
    unit = None
    if v is not None or nil:
        if percent:
            unit = "pure"
        else:
            money = (setup.money and not _counts_beside_money(col, setup.columns)) or bool(col.currency)
            currency = _column_currency(col, setup.currency) or _cell_currency(v) or setup.currency
            unit = _row_unit(f"{row.printed} {member_words}".strip(), row.section, text, money, currency, member_words,
                             col.currency)
            if (money or "$" in text) and price_range(label, col):
                unit = f"{currency}/shares"
    scale, scale_words = 0, ""
    as_is = _as_printed(unit, " ".join([row.printed, *(m.member for m in col.members if m.axis != "Maturity")]))
    if unit != "pure" and (v is not None or nil):  # (a maturity bucket's '1-3 years' says when it is due, not a length)
        if col.scale is not None and not as_is:
            scale, scale_words = col.scale, "the column's unit heading"
        elif label_scale is not None and label_scale.power:
            scale, scale_words = label_scale.power, f"the row label “{label_scale.words}”"
        elif as_is:
            pass
        elif unit == "shares" and setup.shares_scale is not None:
            scale, scale_words = setup.shares_scale.power, f"the text above the table “{setup.shares_scale.words}”"
        elif setup.scale is not None and not _excepted(setup.scale.excepted, unit) and not (
                unit is None and setup.scale.currency):  # 'USD ‘000' is no scale of a count of days
            scale, scale_words = setup.scale.power, f"the {setup.scale_from} “{setup.scale.words}”"
    period, cands, year, how = col.period, col.candidates, col.year_period, col.basis
    if on_side is not None:
        year, how = None, f"the row names the quarter “{on_side[1].member}” in words, no dates"
    elif not col.has_period:
        rp = row_period(row.printed, setup.title)
        if rp[0] is None and not rp[1]:
            rp = row.section_period if row.section_period[0] is not None or row.section_period[1] else (
                row.between or row.section_period)
        if rp[0] is not None or rp[1]:
            period, cands, how = rp[0], rp[1], rp[2]
    basis = f"{UNTAGGED}, period from the column header “{col.label}”: {how}"
    if nil:
        basis += "; printed as a dash (nil): read as zero"
    if scale:
        basis += f"; scale from {scale_words}"
        if unit not in ("shares", "pure") and re.search(r"\bshares?\s+(?:are\s+)?in\s+(?:thousands|millions)\b", scale_words, re.I):
            basis += f"; {SHARES_SCALE}"  # '(shares in thousands, …)' says how share counts are printed, not amounts
        elif setup.shares_scale is not None and unit not in ("shares", "pure") and "/" not in (unit or "/"):
            basis += f"; {SHARE_COUNTS_APART}"  # a count of shares its label does not name would take the amounts' scale
    elif (unit not in (None, "pure") and "/" not in unit and col.scale is None and label_scale is None
          and setup.scale is None):
        basis += f"; {NO_SCALE}"
    if v is not None:
        value = v.number / Decimal(100) if percent else apply_scale(v.number, scale)
        decimals = v.decimals_printed + (2 if percent else 0) - scale
    else:
        value, decimals = (Decimal(0), None) if nil else (None, None)
    key = (row.t_index, row.r_index, col.cell.start)
    fid = stable_id(ids["filing_id"], "cell", *key)
    return Fact(
        fact_id=fid, filing_id=ids["filing_id"], source=ids["source"], title=setup.title, label=label, raw=text,
        value=value, text_value=None if (v is not None or nil) else text, unit=unit, scale=scale,
        scale_text=_SCALE_TEXT.get(scale, ""), decimals=decimals, period=period, candidate_periods=cands,
        year_period=year if period is None and not cands else None, period_basis=basis, dimensions=members,
        concept="", entity=ids["entity"], cik=ids["cik"], ticker=ids["ticker"], form=ids["form"],
        report_date=ids["report_date"], row_label=row.printed, row_index=ids["row_counter"],
        column_label=f"{col.label} {row.year_heading}" if members is not col.members and on_side is None else col.label,
        column_index=setup.columns.index(col), definition=DEFINITION,
    )


def _as_printed(unit: str | None, words: str) -> bool:
    """A per-share amount (a unit line spread over the share counts beside it is not its scale) or a length of
    time is printed as it is, whatever scale the table's other amounts are in."""
    return bool(unit and unit.endswith("/shares")) or (unit is None and bool(_DURATION.search(words)))


def _counts_beside_money(col: Column, columns: list[Column]) -> bool:
    """'M' beside '$M' under one year (millions of shares, millions of dollars): a column whose unit code names
    no currency, beside a column of the same period whose unit line does, counts things; it is not money."""
    code = col.cell.text.strip()
    if col.currency or col.percent or not code or unit_marker(code) is not None or not re.fullmatch(r"[A-Za-z]{1,3}", code):
        return False
    def when(c: Column) -> tuple:
        return tuple(p.iso() for p in (c.period, *c.candidates, c.year_period) if p is not None)

    return bool(when(col)) and any(o is not col and o.currency and unit_marker(o.cell.text) is not None
                                   and when(o) == when(col) for o in columns)


_OTHER_DOLLARS = ("CAD", "AUD", "HKD", "TWD")


def _column_currency(col: Column, stated: str) -> str:
    """A bare '$' over a column is the dollar the page states ('In thousands of Canadian dollars'), US dollars
    only when it says nothing else or the column says 'US$'."""
    if col.currency == "USD" and stated in _OTHER_DOLLARS and not re.search(r"US\s?\$|USD|U\.S\.", col.label):
        return stated
    return col.currency


def _cell_currency(v) -> str:
    return SYMBOL_CURRENCY.get(v.symbol, "") if v is not None and v.symbol and v.symbol != "$" else ""


def _excepted(excepted: str, unit: str | None) -> bool:
    """Per-share amounts, and share counts when the statement excepts them ('(in thousands, except share data)'),
    are as printed."""
    if unit is not None and unit.endswith("/shares"):
        return True  # a per-share amount is printed as it is, whatever scale the table's amounts are in
    if not excepted or unit is None:
        return False
    return bool((unit == "shares" and re.search(r"\bshare\b(?!\s+(?:and|data|amounts|information))|share\s+and",
                                                   excepted, re.I)))
