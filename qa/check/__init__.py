"""The judge: is the drafted answer what the plan asked, and does every number trace to what it cites?

It reads only the plan and the cited facts, re-read from the store by id; it shares no score or
parser state with ``qa.find``. "Verified" is its promise, checked for every answer:

* every cited fact is of the company the plan names (one company when it names none);
* each fact's period is the one asked for its slot (a fiscal year-end is not an interim balance, a
  quarter is not six months); its members are the ones asked; a total is not a member row;
* each fact is the line item asked (``qa.check.lines``), and no other line of the same filing and
  period fits the words as well with another value;
* the answer has the plan's shape: every period and company asked is answered, companies are
  compared over comparable periods, a ratio is a ratio, per share is per share, the user's own
  definition is the one computed, a decline asked as a size is not an increase;
* every number in the text, quoted or not, traces to a cited fact or the computation over them,
  sign included (``qa.check.numbers``), and each cited cell is found again in its passage.

Quoted prose is never verified. Problems of company, period, shape and kind make the answer not an
answer (the pipeline abstains and says why); the others leave it standing, unverified, with the reason.
"""

from __future__ import annotations

import re

from dataclasses import dataclass

from index.facts import Fact
from index.parsers.htmltables import NO_SCALE
from index.parsers.textscale import SCALE_FROM_TEXT
from index.store import IndexReader

from ..answer import Answer
from ..lexicon.metrics import BY_KEY
from ..lexicon.words import canonical_tokens
from ..plan import LineItem, Op, PeriodAsk, QueryPlan
from ..read.periods import prior_period
from .asked import asked_problems, movement_unsaid
from .lines import PART, another_metric, headed_line, line_problem, says_a_member, unasked_members, unit_problem
from .neighbours import company_words, is_breakdown, rival, total_beside
from .numbers import number_problems
from .periods import OPEN_COLUMN, period_problem

__all__ = ["Verdict", "judge", "MIN_CONFIDENCE"]

MIN_CONFIDENCE = 0.5  # below this share of the finder's belief the answer is said to be unsure


@dataclass(frozen=True)
class Verdict:
    verified: bool
    fatal: tuple[str, ...] = ()  # the answer is not an answer to the question: company, period, shape, kind
    problems: tuple[str, ...] = ()  # it answers, but cannot be vouched for: wording, rivals, numbers, confidence
    line_unsaid: bool = False  # a cited line does not say what the question asks for (the text may say it instead)

    @property
    def all(self) -> tuple[str, ...]:
        return self.fatal + self.problems


def _slot_item(plan: QueryPlan, slot) -> LineItem | None:
    """The line item a slot stands for, from the plan alone."""
    if slot.metric:
        f = plan.formula
        if slot.metric == "x":
            base = f.x if f else None
        elif slot.metric.startswith("item_"):
            base = dict(f.operands).get(slot.metric) if f else None
        else:
            metric = BY_KEY.get(slot.metric)
            words = tuple(canonical_tokens(metric.phrase)) if metric else ()
            base = LineItem(metric.phrase, words, slot.metric, words) if metric else None
        if base is not None and f is not None and f.qualifier is not None:
            base = LineItem(f"{f.qualifier.text} {base.text}", tuple(dict.fromkeys(base.words + f.qualifier.words)),
                            base.metric, base.metric_words)
        return base
    return plan.items[slot.item] if 0 <= slot.item < len(plan.items) else None


def _end_of(ask: PeriodAsk | None) -> PeriodAsk | None:
    """The balance date that closes a period asked: a fiscal year's end, or the day a period ends."""
    if ask is None:
        return None
    if ask.relation in ("fy", "in", "end") and ask.year:
        return PeriodAsk("end", ask.year)
    if ask.day is not None:
        return PeriodAsk("on", ask.day.year, ask.day)
    return ask


def _operand_problem(plan: QueryPlan, slot, f: Fact, anchor: Fact | None) -> str:
    """A formula operand's period, from the plan: flows over the period asked (a year earlier for a
    prior year), balances at its end (at the end of the period before, for an opening balance)."""
    asked = slot.asked if slot.asked is not None and any(slot.asked.key == a.key for a in plan.periods) else (
        (plan.periods[-1] if slot.role == "last" else plan.periods[0]) if plan.periods else None)
    earlier = slot.role in ("open", "prior")
    ask = prior_period(asked) if earlier and asked is not None else asked
    if f.period is not None and f.period.kind != "duration":  # a balance
        ap = anchor.period if anchor is not None else None
        if ap is not None and ap.start is not None:
            target = ap.start if slot.role == "open" else ap.end
            if abs((f.period.end - target).days) <= 4:
                return ""
            return f"The balance “{f.label}” is as of {f.period.end:%b. %d, %Y}, not at the {'start' if slot.role == 'open' else 'end'} of the period."
        return period_problem(_end_of(ask), f)
    return period_problem(ask, f)


def judge(plan: QueryPlan, draft, answer: Answer, reader: IndexReader) -> Verdict:
    kind = draft.kind
    if kind in ("narrative", "prose"):
        return Verdict(False, (), ("Quoted from the filing's text: a quotation is never a verified figure.",))
    if kind == "members":
        return Verdict(False, (), ("A list of the members the filing tags: there is no figure to verify.",))
    fatal: list[str] = []
    problems: list[str] = []
    unsaid = False
    cited_ids = [c.fact_id for c in answer.citations if c.kind == "fact" and c.fact_id]
    stored = {f.fact_id: f for f in reader.facts_by_id(cited_ids)}
    if any(i not in stored for i in cited_ids):
        problems.append("A cited fact is not in the index any more.")
    if kind == "textfact":
        return _judge_textfact(plan, answer, stored, problems)
    facts = [stored.get(i.fact.fact_id) for i in draft.inputs]
    if any(f is None for f in facts) or not facts:
        return Verdict(False, (), tuple(problems) or ("The answer cites no reported fact.",))
    names = {c.name for c in plan.companies}
    entities = {f.entity for f in facts}
    if names and not entities <= names:
        other = sorted(entities - names)[0]
        fatal.append(f"The question asks about {' and '.join(sorted(names))}; a cited figure is reported by {other or 'another filer'}.")
    if not names and len(entities) > 1 and len(plan.companies) < 2:
        fatal.append("The cited figures come from different companies, and the question names none.")
    if not names and not plan.scope and len(reader.entities()) > 1:
        problems.append(f"The question names no company; the figures are {next(iter(entities))}'s.")
    rows_ranked = (draft.operation or "").startswith("rank rows")
    if rows_ranked:
        problems.append("The rows compared are read from the table's layout (one column, its total row left out); which "
                        "rows the question means is not checked.")
    ranked = kind == "which" and plan.rank_over == "member" and not rows_ranked
    if ranked:
        fatal += _ranked_members_problems(plan, draft, facts)
    summed = _summed_parts(facts, draft.inputs)
    anchors: dict = {}  # the first flow of each period a formula is computed for fixes where its balances sit
    for f, i in zip(facts, draft.inputs):
        if i.slot.metric and i.slot.role == "" and f.period is not None and f.period.kind == "duration":
            anchors.setdefault(i.slot.asked.key if i.slot.asked else None, f)
    for f, inp in zip(facts, draft.inputs):
        slot = inp.slot
        if slot.company and f.entity != slot.company:
            fatal.append(f"A cited figure is {f.entity}'s, not {slot.company}'s.")
        if slot.metric:  # a formula operand: its period follows from the plan's
            issue = _operand_problem(plan, slot, f, anchors.get(slot.asked.key if slot.asked else None))
        else:
            issue = period_problem(slot.period, f)
        if issue:
            (problems if issue.startswith(OPEN_COLUMN) else fatal).append(issue)
        item = _slot_item(plan, slot)
        peer = ranked and len(f.dimensions) == 1  # one member among its peers is what a ranking over members cites
        if item is not None and f.dimensions and not issue and not peer:
            total = total_beside(f, reader)
            if total is not None and not says_a_member(item, f):
                problems.append(f"The cited figure is reported for “{f.member_text}”; the filing's total “{total.label}” is "
                                "another figure.")
        if item is not None:
            issue = another_metric(item, f)
            if issue and plan.scope and headed_line(item, f):
                problems.append(issue)  # within one document the line a heading qualifies ('Deferred tax assets:
                issue = ""  # Inventories') may be the one meant when it says no more than asked: never verified
            elif issue:
                fatal.append(issue)
            issue = issue or line_problem(item, f, company_words(f.entity))
            if peer and issue.startswith(PART):
                issue = ""  # the member is the answer, not a part taken for the total
            if issue.startswith(PART) and (f.fact_id in summed or not any(is_breakdown(f, m, reader) for m in unasked_members(item, f))):
                issue = ""  # a member every such fact carries ('Reportable segments') qualifies the line, it does not split it
            if issue.startswith(PART) and kind == "lookup":
                fatal.append(issue)  # a member row is another figure than the total asked
            elif issue:
                problems.append(issue)
                unsaid = True
            elif kind in ("lookup", "arith", "series", "which"):
                other = rival(item, f, reader, cited=frozenset(g.fact_id for g, i in zip(facts, draft.inputs) if i.slot.item != slot.item))
                if other is not None:
                    problems.append(f"Another line of the same filing and period, “{other.label}”, fits the question's words "
                                    f"as well and reports another value.")
    seen: dict[str, str] = {}
    for f, inp in zip(facts, draft.inputs):
        part = inp.slot.metric  # two operands of a formula (two lines it names) on one reported line
        if part and f.fact_id in seen and seen[f.fact_id] != part:
            problems.append(f"Two different parts of the computation rest on the same reported line “{f.label}”.")
        if part:
            seen.setdefault(f.fact_id, part)
    fatal += _shape(plan, draft, facts)
    if kind == "lookup" and _ASKS_A_MOVEMENT.search(plan.core or plan.text) and facts[0].periods \
            and all(p.kind == "instant" for p in facts[0].periods):
        fatal.append(f"The question asks how much “{facts[0].label}” moved over a period; the cited figure is its balance "
                     "at a date.")
    problems += _definition_problems(plan)
    problems += asked_problems(plan, draft, facts, reader)  # the operation the question's words ask (qa.check.asked)
    unsaid = unsaid or movement_unsaid(plan, draft, facts)  # a movement asked, a figure given: the text may state it
    if draft.unit is not None and kind in ("lookup", "arith"):
        issue = unit_problem(plan.output.unit_kind, draft.unit, computed=kind == "arith")
        if issue:
            fatal.append(issue)
        elif plan.output.percent and not plan.output.points and draft.unit != "pure":  # 'the change (%)'
            fatal.append("The question asks for a percentage; the answer is an amount.")
    expression = answer.computation.expression if answer.computation is not None else ""
    problems += number_problems(answer.text, answer.citations, expression, draft.value,
                                names=[f.entity for f in facts], decimals=plan.output.decimals)
    problems += _cells_found(facts, reader)
    if kind in ("lookup", "series") and all(_DASH.match(f.raw or "") for f in facts):
        problems.append("The cited cells are printed as a dash: nil by convention, but a dash may also mean the line does "
                        "not apply; the table does not print a figure.")
        unsaid = True  # the text may say what the dash stands for ('We had no investing activities in 2019')
    problems += _unstated_scale(facts, draft.unit)
    if draft.rivals:
        problems.append("Another line fits the question nearly as well: " +
                        "; ".join(f"“{r.label}”" for r in draft.rivals[:2]) + ".")
    if draft.extra.get("printed_measure"):  # qa.pipeline: a measure the lexicon computes, read as the line printed so
        problems.append(f"The cited line is the filing's own {draft.extra['printed_measure']}, as the company defines it; "
                        "it was not computed from its parts.")
    if draft.confidence < MIN_CONFIDENCE:
        problems.append("Several reported figures fit the question; this one is the most likely, not a certain one.")
    return Verdict(not fatal and not problems, tuple(dict.fromkeys(fatal)), tuple(dict.fromkeys(problems)), unsaid)


_DASH = re.compile(r"^\s*(?:[$€£¥]\s*)?[-–—]+\s*$")


def _unstated_scale(facts: list[Fact], unit: str | None) -> list[str]:
    """An amount read from a table whose page states no scale is the number as printed; the amount
    answered carries that scale (a ratio or a growth rate does not), so it cannot be vouched for."""
    if not unit or unit == "pure" or "/" in unit:
        return []
    loose = [f for f in facts if NO_SCALE in f.period_basis]
    inferred = [f for f in facts if SCALE_FROM_TEXT in f.period_basis]
    if inferred and not loose:  # the table states none; the text quoting its cells says it, which is not the table's word
        return [f"The table states no scale for “{inferred[0].label}”; it is taken from the text quoting its cells."]
    if not loose:
        return []
    return [f"The page states no scale for “{loose[0].label}”: the amount is as printed and may be in thousands or millions."]


# 'the decrease in cash … for fiscal 2020', 'change in inventories during 2022': a movement over a period, never a balance
_ASKS_A_MOVEMENT = re.compile(r"\b(?:net )?(?:increase|decrease|change|rise|decline|drop)s? in\b", re.I)


def _ranked_members_problems(plan: QueryPlan, draft, facts: list[Fact]) -> list[str]:
    """A ranking over members ('which segment had the highest …') compares peers: one line, one period,
    one filing, each fact one member of the same axis, and the answer is the extreme among them."""
    if len(facts) < 2:
        return ["A ranking needs at least two members to compare."]
    if any(len(f.dimensions) != 1 for f in facts) or len({f.dimensions[0].axis for f in facts}) != 1:
        return ["The figures ranked are not members of one axis."]
    if len({(f.concept or f.label, f.period, f.filing_id, f.unit) for f in facts}) != 1:
        return ["The figures ranked are not one line of one filing for one period."]
    if len({f.dimensions[0].member for f in facts}) != len(facts):
        return ["A member is ranked twice."]
    values = [f.value for f in facts]
    if any(v is None for v in values):
        return ["A figure ranked is not a number."]
    extreme = min(values) if plan.extreme == "min" else max(values)
    if draft.value != extreme or values.count(extreme) > 1:
        return ["The answer is not the single extreme among the members ranked."]
    return []


def _shape(plan: QueryPlan, draft, facts: list[Fact]) -> list[str]:
    out = []
    if plan.breakdown and len({f.member_text for f in facts if f.dimensions}) < 2:
        out.append("The question asks for a breakdown (a figure for each segment, region or product); the answer is not one.")
    op = plan.operation
    asked = [a for a in plan.periods]
    if op in (Op.SERIES, Op.CHANGE, Op.GROWTH, Op.AVERAGE) or (op is Op.RANK and plan.rank_over == "period"):
        covered = {i.slot.period.key for i in draft.inputs if i.slot.period is not None}
        if plan.formula is None and any(a.key not in covered for a in asked):
            out.append("The answer does not cover every period the question asks about.")
    if len(plan.companies) >= 2 and op not in (Op.TEXT,):
        have = {f.entity for f in facts}
        missing = [c.name for c in plan.companies if c.name not in have]
        if missing:
            out.append(f"The question asks about {' and '.join(c.name for c in plan.companies)}; the answer has no figure for "
                       f"{', '.join(missing)}.")
        lengths = {(f.period.kind, round((f.period.end - f.period.start).days / 30.44) if f.period.start else 0)
                   for f in facts if f.period is not None}
        if len(lengths) > 1:
            out.append("The companies' figures cover periods of different lengths, so they are not comparable.")
    f = plan.formula
    if f is not None and f.defined_by_user and op is Op.FORMULA and draft.extra.get("formula") not in f.expressions:
        out.append("The answer is not computed by the question's own definition.")
    if op is Op.DIFFERENCE and len(plan.items) < 2 and len(plan.companies) < 2 and len(asked) >= 2 and draft.inputs and (
            draft.inputs[0].slot.period is None or draft.inputs[0].slot.period.key != asked[0].key):
        out.append("The question subtracts the second period from the first; the answer does not.")
    if plan.output.magnitude and draft.value is not None and draft.value < 0:
        out.append("The question asks how much it fell; the figures show it rose.")
    return out


def _definition_problems(plan: QueryPlan) -> list[str]:
    """The question spells out how to compute what it asks; the answer must be that computation."""
    f = plan.formula
    if plan.definitions and (f is None or not f.defined_by_user):
        return ["The question gives its own definition of what it asks, and the answer is not computed by it."]
    return []


def _summed_parts(facts: list[Fact], inputs) -> set[str]:
    """Facts that, with their siblings, make up one operand: the member rows of one line added up because
    the filing does not print their total. Each is a part, by design; together they are the whole."""
    groups: dict = {}
    for f, inp in zip(facts, inputs):
        groups.setdefault(inp.slot, []).append(f)
    out: set[str] = set()
    for group in groups.values():
        lines = {(g.label, g.concept, g.unit) for g in group}
        if len(group) >= 2 and len(lines) == 1 and len({g.dimensions for g in group}) == len(group):
            out |= {g.fact_id for g in group}
    return out


def _cells_found(facts: list[Fact], reader: IndexReader) -> list[str]:
    """Each cited cell is found again in the passage it was read from: its text as printed, or its
    number (as printed, at the cell's scale, either sign's notation)."""
    from .numbers import signed_numbers

    chunks = reader.chunks_for_facts([f.fact_id for f in facts])
    out = []
    for f in facts:
        c = chunks.get(f.fact_id)
        if c is None or not f.raw:
            continue
        raw = " ".join(f.raw.split())
        passage = " ".join(f"{c.display} {c.text}".split())
        if raw in passage:
            continue
        if f.value is not None:
            shown = {abs(n) for n in signed_numbers(passage)}
            targets = {abs(f.value), abs(f.value).scaleb(-f.scale) if f.scale else abs(f.value),
                       abs(f.value) * 100 if f.unit == "pure" else abs(f.value)}
            if any(t in shown for t in targets):
                continue
        out.append(f"The cited cell “{raw}” is not found in the passage it was read from.")
    return out


def _judge_textfact(plan: QueryPlan, answer: Answer, stored: dict, problems: list[str]) -> Verdict:
    names = {c.name for c in plan.companies}
    for f in stored.values():
        if names and f.entity not in names:
            return Verdict(False, (f"A cited cover fact is {f.entity}'s, not {' and '.join(sorted(names))}'s.",), tuple(problems))
    # the cover values themselves (a phone number, an address) are quoted from the cited facts, not quantities
    problems += number_problems(answer.text, answer.citations, "", None,
                                names=[f.entity for f in stored.values()] + [c.raw for c in answer.citations])
    return Verdict(not problems, (), tuple(problems))
