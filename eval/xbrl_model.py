"""The independent reader's data: periods, dimensions and facts as the XBRL files state them.

Own classes on purpose (not ``index.facts``): the generated harness takes its gold from these, and
nothing here may come from the engine's side. The attribute names match what the question
generator reads (``concept``, ``label``, ``value``, ``unit``, ``period``, ``dimensions``, the dei
fields), so the generator works on either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

__all__ = ["XPeriod", "XMember", "XFact"]


@dataclass(frozen=True, kw_only=True, order=True)
class XPeriod:
    """``kind`` 'instant' (a balance at ``end``) or 'duration' (``start``..``end``, both inclusive)."""

    end: date
    start: date | None = None
    kind: str = "instant"

    def iso(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}" if self.start else self.end.isoformat()


@dataclass(frozen=True, kw_only=True, order=True)
class XMember:
    """One dimension: ``axis`` and ``member_qname`` as QNames with canonical prefixes ('us-gaap:...'),
    ``member`` the member's name as a reader sees it (its label, else its local name in words)."""

    axis: str
    member: str
    member_qname: str = ""


@dataclass(frozen=True, kw_only=True)
class XFact:
    """One fact of one filing, after duplicates were folded (the most precise of consistent copies).

    ``value`` is in base units (scale applied, sign applied; percentages are fractions as XBRL
    states them); ``raw`` is the text as displayed (inline XBRL) or as written (an instance);
    ``decimals`` None means INF or not stated."""

    fact_id: str
    filing_id: str
    source: str
    concept: str
    label: str
    raw: str
    value: Decimal | None = None
    text_value: str | None = None
    unit: str | None = None
    decimals: int | None = None
    period: XPeriod | None = None
    dimensions: tuple[XMember, ...] = ()
    entity: str = ""
    cik: str = ""
    ticker: str = ""
    form: str = ""
    fiscal_year: int | None = None
    fiscal_period: str = ""
    report_date: date | None = None
    context_id: str = ""
    inline: bool = False  # read from an inline document (its text is what a reader sees)

    @property
    def key(self) -> tuple:
        """What makes two facts the same fact: concept, period, dimensions (by QName), unit."""
        dims = tuple(sorted((m.axis, m.member_qname or m.member) for m in self.dimensions))
        return (self.filing_id, self.concept, self.period, dims, self.unit)
