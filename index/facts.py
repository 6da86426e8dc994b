"""The data every layer passes around: periods, facts, text chunks, parsed filings.

All frozen and keyword-only, so a Fact read back from the index is equal to the one parsed.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

__all__ = [
    "Period",
    "Member",
    "Fact",
    "Chunk",
    "Mention",
    "ParsedFiling",
    "stable_id",
    "row_name",
]

_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.", "Oct.", "Nov.", "Dec.")


def row_name(label: str | None) -> str:
    """A table row's own name, without the headings carried onto its label ('Revenue: Product' -> 'Product')."""
    return (label or "").rsplit(": ", 1)[-1]


def stable_id(*parts: object) -> str:
    """A short content-derived id: the same inputs always give the same id (re-ingest is a no-op)."""
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return h[:16]


@functools.total_ordering
@dataclass(frozen=True, kw_only=True)
class Period:
    """When a fact applies.

    ``kind`` is "instant" (a balance at a date), "duration" (start..end), "date" when the source
    shows only a date and does not say which of the two it is (flattened R-page text), or
    "fiscal_year" when the source names only a year ("2019 | 2018", "Fiscal 2019", "FY19"): then
    ``year`` holds it and ``end``/``start`` are None, because no date is known and none is invented
    (a fiscal 2019 may end on June 30, 2019 or on Feb. 1, 2020).
    ``label`` keeps the duration words as printed ("12 Months Ended"), or for a fiscal year the
    column header as printed ("Fiscal 2019").

    A fact whose column names only a year carries that period in :attr:`Fact.year_period`, never in
    :attr:`Fact.period` or ``candidate_periods``: code that reads ``period.end`` keeps working.
    """

    end: date | None
    start: date | None = None
    kind: str = "instant"
    label: str = ""
    year: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("instant", "duration", "date", "fiscal_year"):
            raise ValueError(f"unknown period kind {self.kind!r}")
        if self.kind == "fiscal_year":
            if self.year is None or self.end is not None or self.start is not None:
                raise ValueError("a fiscal year known only by its year has a year and no dates")
            return
        if self.end is None or self.year is not None:
            raise ValueError("an instant, date or duration has an end date and no bare year")
        if (self.kind == "duration") != (self.start is not None):
            raise ValueError("a duration needs a start date; an instant or date must not have one")

    def _key(self) -> tuple:
        if self.end is None:  # a bare fiscal year sorts after the dated periods of that calendar year
            return (self.year, 1, date.min, date.min, self.kind, self.label)
        return (self.end.year, 0, self.end, self.start or date.min, self.kind, self.label)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() < other._key()

    @property
    def is_instant(self) -> bool:
        return self.kind == "instant"

    @property
    def is_fiscal_year(self) -> bool:
        return self.kind == "fiscal_year"

    def iso(self) -> str:
        """Machine form: '2023-12-31', '2023-01-01..2023-12-31', or 'FY2023' for a bare fiscal year."""
        if self.end is None:
            return f"FY{self.year}"
        if self.start is not None:
            return f"{self.start.isoformat()}..{self.end.isoformat()}"
        return self.end.isoformat()

    def display(self) -> str:
        """Human form as a filing prints it: 'Dec. 31, 2023', '12 Months Ended Dec. 31, 2023', 'Fiscal 2023'."""
        if self.end is None:
            return f"fiscal {self.year}" if not self.label or self.label.strip() == str(self.year) else self.label
        d = f"{_MONTHS[self.end.month - 1]} {self.end.day:02d}, {self.end.year}"
        if self.label:
            return f"{self.label} {d}"
        if self.kind == "duration" and self.start is not None:
            s = f"{_MONTHS[self.start.month - 1]} {self.start.day:02d}, {self.start.year}"
            return f"{s} to {d}"
        if self.kind == "instant":
            return f"as of {d}"
        return d

    def covers_year(self, year: int) -> bool:
        return (self.year if self.end is None else self.end.year) == year

    @classmethod
    def fiscal(cls, year: int, label: str = "") -> "Period":
        """A fiscal year known only by its year."""
        return cls(end=None, kind="fiscal_year", year=year, label=label)

    @classmethod
    def parse(cls, text: str, *, kind: str | None = None, label: str = "") -> "Period":
        """Inverse of :meth:`iso` (kind 'date' must be given, iso() cannot tell it from an instant)."""
        if text.startswith("FY") and text[2:].isdigit():
            return cls.fiscal(int(text[2:]), label)
        if ".." in text:
            a, b = text.split("..", 1)
            return cls(start=date.fromisoformat(a), end=date.fromisoformat(b), kind="duration", label=label)
        return cls(end=date.fromisoformat(text), kind=kind or "instant", label=label)


@dataclass(frozen=True, kw_only=True, order=True)
class Member:
    """One dimension of a fact: ``axis`` (may be unknown, '') and ``member`` as printed."""

    axis: str = ""
    member: str

    def display(self) -> str:
        return f"{self.axis} = {self.member}" if self.axis else self.member


@dataclass(frozen=True, kw_only=True)
class Fact:
    """What a filing reports in one cell.

    ``value`` is in base units (scale applied, percent as a fraction); ``raw`` is the cell text
    exactly as printed. When the source does not pin the cell to one column, ``period`` is None
    and ``candidate_periods`` lists every period the layout allows; ``period_basis`` says how
    the period was established (or why it could not be). When the column names only a year
    ("2019", "Fiscal 2019"), ``period`` is None, there are no candidates, and ``year_period`` holds
    that year (a :class:`Period` of kind "fiscal_year"): the fiscal year is known, its dates are not.
    """

    fact_id: str
    filing_id: str
    source: str
    title: str
    label: str
    raw: str
    value: Decimal | None = None
    text_value: str | None = None
    unit: str | None = None
    scale: int = 0
    scale_text: str = ""
    decimals: int | None = None
    period: Period | None = None
    candidate_periods: tuple[Period, ...] = ()
    year_period: Period | None = None
    period_basis: str = ""
    dimensions: tuple[Member, ...] = ()
    concept: str = ""
    entity: str = ""
    cik: str = ""
    ticker: str = ""
    form: str = ""
    fiscal_year: int | None = None
    fiscal_period: str = ""
    report_date: date | None = None  # the filing's document period end, to prefer the latest filing
    row_label: str = ""
    row_index: int = 0
    column_label: str = ""
    column_index: int | None = None
    definition: str = ""

    @property
    def periods(self) -> tuple[Period, ...]:
        """The resolved period, or every candidate when it is ambiguous."""
        return (self.period,) if self.period is not None else self.candidate_periods

    @property
    def period_is_certain(self) -> bool:
        return self.period is not None

    @property
    def stated_periods(self) -> tuple[Period, ...]:
        """What the source says of the period: the dated period or candidates, else the bare fiscal year."""
        return self.periods or ((self.year_period,) if self.year_period is not None else ())

    @property
    def member_text(self) -> str:
        return " | ".join(m.display() for m in self.dimensions)


@dataclass(frozen=True, kw_only=True)
class Chunk:
    """A passage for retrieval, small enough for the embedding model's 256-piece window.

    ``text`` is what gets embedded and searched (the title and column headers carried along);
    ``display`` is what a user is shown.
    """

    chunk_id: str
    filing_id: str
    source: str
    title: str
    kind: str  # "row" | "text" | "table"
    text: str
    display: str
    position: int
    section: str = ""
    fact_ids: tuple[str, ...] = ()
    entity: str = ""
    form: str = ""
    fiscal_year: int | None = None


@dataclass(frozen=True, kw_only=True)
class Mention:
    """A number written in prose, with the dates its sentence ties it to.

    Used to narrow an ambiguous table cell to a period ("... 12,908,750 RSUs and 10,326,250 RSUs
    were vested as of December 31, 2021 and 2022") and to quote the sentence as a second source.
    """

    mention_id: str
    filing_id: str
    chunk_id: str
    source: str
    number_text: str  # as printed, e.g. "10,326,250"
    value: Decimal  # the number as written, no scale applied
    currency: str = ""  # "CNY"/"USD" when the prose names one next to the number
    dates: tuple[Period, ...] = ()  # periods the sentence ties this number to
    sentence: str = ""


@dataclass(frozen=True, kw_only=True)
class ParsedFiling:
    """Everything one parser got out of one document."""

    filing_id: str
    source: str
    format: str
    title: str = ""
    entity: str = ""
    cik: str = ""
    ticker: str = ""
    form: str = ""
    fiscal_year: int | None = None
    fiscal_period: str = ""
    report_date: date | None = None
    facts: tuple[Fact, ...] = ()
    chunks: tuple[Chunk, ...] = ()
    mentions: tuple[Mention, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)
