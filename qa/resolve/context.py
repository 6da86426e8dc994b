"""What every resolver shares: the plan, the finder, and picking one fact for one slot."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from index.store import IndexReader

from ..find.candidates import Candidate, Finder
from ..find.periods import yearlong
from ..fiscal import calendar_of
from ..find.score import softmax
from ..find.features import member_tokens
from ..lexicon.words import NEUTRAL_MEMBER_WORDS, canonical_tokens
from ..plan import Company, LineItem, Op, PeriodAsk, QueryPlan
from ..present import period_phrase
from .columns import named_column
from .draft import Input, Slot, Unanswerable
from .pick import Choice, choose
from .totals import total_row_meant
from .netline import net_line_meant

__all__ = ["Context"]


@dataclass
class Context:
    reader: IndexReader
    finder: Finder
    plan: QueryPlan

    def passages(self, k: int = 4) -> list:
        """The text passages that share the question's words (for notes that quote the filing's own
        words): keyword search alone, since such a note needs a sentence holding every word of the
        line item, and embedding the question would cost more than the rest of a lookup."""
        from ..find.passages import asked_of, retrieve

        return retrieve(self.reader, asked_of(self.plan), None, k=k, kinds=("text",))

    def entities(self, company: Company | None) -> tuple[str, ...] | None:
        """The reader's filter for one company (None: every company in scope)."""
        return (company.name,) if company is not None else None

    def candidates(self, item: LineItem, ask: PeriodAsk | None, company: Company | None,
                   balance: bool | None = None, unit_kind: str | None = "") -> list[Candidate]:
        return self.finder.candidates(item, ask, self.plan, entities=self.entities(company), balance=balance,
                                      unit_kind=unit_kind if unit_kind != "" else self._operand_unit())

    def _operand_unit(self) -> str | None:
        """The kind of number one input must be: the answer's own for a lookup, a series, a sum or a change;
        unknown for an operand of a ratio, a share or a growth rate (their answer is a ratio, the inputs are not)."""
        from ..plan import Op

        if self.plan.operation in (Op.RATIO, Op.SHARE, Op.GROWTH, Op.FORMULA) or self.plan.formula is not None:
            return None
        return self.plan.output.unit_kind

    def choose(self, item: LineItem, ask: PeriodAsk | None, company: Company | None, *,
               balance: bool | None = None, item_index: int = 0, label: str = "", metric: str = "",
               role: str = "", asked: PeriodAsk | None = None, unit_kind: str | None = "") -> tuple[Input, Choice]:
        """The one fact answering ``item`` for ``ask`` (of ``company``), as an input for a slot."""
        found = self.candidates(item, ask, company, balance, unit_kind)
        choice = choose(found, item, ask, one_company=company is None)
        plan = self.plan  # ('the total X in 2018 and 2019': the total asked is the years added up)
        over_years = plan.operation is Op.SUM and len(plan.items) == 1 and len(plan.periods) >= 2
        whole = None if over_years or not plan.scope else total_row_meant(item, choice.fact, self.reader)
        if whole is not None:  # 'total X' asked, a part of X picked: the table's total row beside it
            choice = replace(choice, chosen=replace(choice.chosen, fact=whole), same=(), rivals=())
        net = net_line_meant(item, choice.fact, self.reader)
        if net is not None:  # 'the net X' asked, 'Total X' or 'X, gross' picked: the table's net row beside it
            choice = replace(choice, chosen=replace(choice.chosen, fact=net), same=(), rivals=())
        slot = Slot(item=item_index, period=ask, company=company.name if company else "", metric=metric, role=role,
                    label=label, asked=asked if asked is not None else ask)
        return Input(choice.fact, slot), choice

    def _parts_of(self, item: LineItem) -> list[LineItem]:
        """When ``item`` is the whole of a share, the parts asked: their words name the part's column ('what percentage
        of total expense was RSU expense'), not the whole's. Any other item's words may name a column both share
        ('what percentage of the total unrealized gain is from U.S. government obligations')."""
        if self.plan.operation is not Op.SHARE or not self.plan.items or item is not self.plan.items[-1]:
            return []
        return list(self.plan.items[:-1])

    def choose_parts(self, item: LineItem, ask: PeriodAsk | None, company: Company | None, *, item_index: int = 0,
                     label: str = "") -> tuple[list[Input], Choice]:
        """The fact for a slot - or, when the filing reports the line only broken down by members the question
        does not name, every member's fact: the total it does not print, to be added up."""
        inp, choice = self.choose(item, ask, company, item_index=item_index, label=label)
        f = inp.fact
        column = named_column(item, self.plan.core or self.plan.text, f, [c.fact for c in self.candidates(item, ask, company)],
                              others=self._parts_of(item))
        if column is not None:  # 'due in less than one year': the column the words name, not vouched for
            return [Input(column, inp.slot)], replace(choice, confidence=min(choice.confidence, 0.45), rivals=())
        asked = set(item.words) | set(canonical_tokens(self.plan.core or self.plan.text))  # ('… in fair values': that column)
        unasked = [toks for toks in member_tokens(f) if toks and not item.said_by(toks) <= asked | NEUTRAL_MEMBER_WORDS]
        if not unasked:
            return [inp], choice
        found = self.candidates(item, ask, company)
        if any(not c.fact.dimensions and c.fact.label == f.label for c in found):
            return [inp], choice  # the filing prints the total: the member row was chosen on purpose
        siblings = [c.fact for c in found if c.fact.label == f.label and c.fact.source == f.source and c.fact.unit == f.unit
                    and len(c.fact.dimensions) == len(f.dimensions) and set(c.fact.periods) & set(f.periods)
                    and c.fact.value is not None]
        by_members = {}
        for g in siblings:
            by_members.setdefault(g.dimensions, g)
        if len(by_members) < 2:
            return [inp], choice
        parts = [Input(g, inp.slot) for g in by_members.values()]
        summed = {g.fact_id for g in by_members.values()}
        probs = softmax([c.score for c in found])
        mass = sum(p for c, p in zip(found, probs) if c.fact.fact_id in summed)  # the belief in the total is its parts'
        return parts, replace(choice, confidence=max(choice.confidence, mass),
                              rivals=tuple(c for c in choice.rivals if c.fact.fact_id not in summed))

    def near(self, item: LineItem, company: Company | None) -> tuple:
        """The closest facts of this line item whatever their period (for saying what is there instead)."""
        found = self.candidates(item, None, company)
        if not found:
            return ()
        best = found[0].fact
        return tuple(c.fact for c in found if (c.fact.label, c.fact.dimensions) == (best.label, best.dimensions))[:8]

    def reported_years(self, item: LineItem, company: Company | None) -> tuple[PeriodAsk, ...]:
        """The years a question that names none compares or averages ('In which year was X larger?',
        'the average X'): the full fiscal years the line best fitting ``item`` is printed for - asked
        within one document or company only, where they are the columns of its table."""
        if not self.plan.scope:
            return ()
        years = set()
        facts = self.near(item, company) if item.words else self.reader.query_facts(limit=3000)  # no line: the table's own years
        for f in facts:
            if f.period is None and not f.candidate_periods and f.year_period is not None:
                years.add(f.year_period.year)
            elif f.period is None and len(f.candidate_periods) == 1 and f.candidate_periods[0].kind == "date":
                end = f.candidate_periods[0].end  # a column dated 'December 31, 2019': balance or year, in 2019; one dated
                years.add(end.year - 1 if end.month == 1 and 2 <= end.day <= 7 else end.year)  # "January 3, 2020": 52-53 weeks of 2019
            elif f.period is not None and (yearlong(f.period) or (f.period.kind == "instant" and calendar_of(f).is_year_end(f.period.end))):
                years.add(calendar_of(f).year_of(f.period.end))
        return tuple(PeriodAsk("in", y, text=str(y)) for y in sorted(years, reverse=True))

    def _asked_instead(self, item: LineItem, ask: PeriodAsk, company: Company | None, f) -> str:
        """The user's own question for a period that is reported, else the line item's, in words the reader reads."""
        when = period_phrase(f) if f.period is not None else ""
        if not when or when.endswith("column"):  # a column the table leaves open: its year is what can be asked
            when = f"in {max(p.end.year for p in f.periods)}"
        question = self.plan.text.strip()
        said = re.search(r"(?:\b(?:in|for|during|at|as of|on|by)\s+(?:the\s+)?)?" + re.escape(ask.text), question) if ask.text else None
        if said:
            return question[:said.start()] + when + question[said.end():]
        who = f"{company.name}'s " if company else ""
        return f"What was {who}{item.text} {when}?"

    def missing(self, item: LineItem, ask: PeriodAsk | None, company: Company | None) -> Unanswerable:
        """Why a line item could not be found: reported for other periods (named), or not at all."""
        near = self.near(item, company)
        if near and ask is not None:
            years = sorted({p.end.year for f in near for p in f.periods} | {f.year_period.year for f in near if f.year_period})
            have = ", ".join(str(y) for y in years)
            latest = _latest_periods(near, 2)
            said = f" (the latest {period_phrase(latest[0])})" if latest else ""
            return Unanswerable(f"“{near[0].label}” is reported{' for ' + have if have else ''}{said}, but not for {ask.describe()}.",
                                suggestions=tuple(self._asked_instead(item, ask, company, f) for f in latest), near=near[:1])
        who = f" of {company.name}" if company else ""
        return Unanswerable(f"No reported fact{who} in the indexed filings matches “{item.text}”"
                            + (f" for {ask.describe()}." if ask else "."))


def _latest_periods(facts, n: int) -> list:
    """One fact for each of the n latest distinct periods among these (a single dated period each)."""
    seen, out = set(), []
    for f in sorted((f for f in facts if f.period is not None), key=lambda f: (f.period.end, f.period.start or f.period.end), reverse=True):
        if f.period not in seen:
            seen.add(f.period)
            out.append(f)
    return out[:n]
