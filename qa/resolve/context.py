"""What every resolver shares: the plan, the finder, and picking one fact for one slot."""

from __future__ import annotations

from dataclasses import dataclass

from index.store import IndexReader

from ..find.candidates import Candidate, Finder
from ..plan import Company, LineItem, PeriodAsk, QueryPlan
from .draft import Input, Slot, Unanswerable
from .pick import Choice, choose

__all__ = ["Context"]


@dataclass
class Context:
    reader: IndexReader
    finder: Finder
    plan: QueryPlan

    def entities(self, company: Company | None) -> tuple[str, ...] | None:
        """The reader's filter for one company (None: every company in scope)."""
        return (company.name,) if company is not None else None

    def candidates(self, item: LineItem, ask: PeriodAsk | None, company: Company | None,
                   balance: bool | None = None) -> list[Candidate]:
        return self.finder.candidates(item, ask, self.plan, entities=self.entities(company), balance=balance)

    def choose(self, item: LineItem, ask: PeriodAsk | None, company: Company | None, *,
               balance: bool | None = None, item_index: int = 0, label: str = "", metric: str = "",
               role: str = "", asked: PeriodAsk | None = None) -> tuple[Input, Choice]:
        """The one fact answering ``item`` for ``ask`` (of ``company``), as an input for a slot."""
        found = self.candidates(item, ask, company, balance)
        choice = choose(found, item, ask, one_company=company is None)
        slot = Slot(item=item_index, period=ask, company=company.name if company else "", metric=metric, role=role,
                    label=label, asked=asked if asked is not None else ask)
        return Input(choice.fact, slot), choice

    def near(self, item: LineItem, company: Company | None) -> tuple:
        """The closest facts of this line item whatever their period (for saying what is there instead)."""
        found = self.candidates(item, None, company)
        if not found:
            return ()
        best = found[0].fact
        return tuple(c.fact for c in found if (c.fact.label, c.fact.dimensions) == (best.label, best.dimensions))[:8]

    def missing(self, item: LineItem, ask: PeriodAsk | None, company: Company | None) -> Unanswerable:
        """Why a line item could not be found: reported for other periods (named), or not at all."""
        near = self.near(item, company)
        if near and ask is not None:
            years = sorted({p.end.year for f in near for p in f.periods})
            have = ", ".join(str(y) for y in years)
            return Unanswerable(f"“{near[0].label}” is reported{' for ' + have if have else ''}, but not for {ask.describe()}.",
                                suggestions=tuple(f"{item.text} in {y}?" for y in years[-2:]), near=near[:1])
        who = f" of {company.name}" if company else ""
        return Unanswerable(f"No reported fact{who} in the indexed filings matches “{item.text}”"
                            + (f" for {ask.describe()}." if ask else "."))
