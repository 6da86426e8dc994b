"""LIST of members: 'What are Apple's reportable segments?' - the members of the company's segment (or
geographic, or product) axis in its latest filing, each cited to a reported fact that carries it. The
list is what the filing tags; it is never said to be verified (a list has no number to check)."""

from __future__ import annotations

import re
from itertools import combinations

from index.facts import Fact

from ..answer import Answer, AnswerStatus
from ..lexicon.prose import LISTED_AXES, NOT_LISTED_MEMBERS
from ..lexicon.words import canonical_tokens
from ..find.score import softmax
from ..present import fact_citation
from .draft import Draft, Input, Slot, Unanswerable

__all__ = ["listed_members", "rank_members", "asked_axis", "on_listed_axis"]

_SUFFIX = re.compile(r"\s+(?:segments?|members?|reportable segment)\s*$", re.I)
_SKIP = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in NOT_LISTED_MEMBERS) + r")\b", re.I)


def asked_axis(question: str) -> tuple[set[str], str] | None:
    words = set(canonical_tokens(question))
    for asks, axis_words, name in LISTED_AXES:
        if words & set(canonical_tokens(asks)):
            return set(canonical_tokens(axis_words)), name
    return None


def _shown(member: str) -> str:
    return _SUFFIX.sub("", _SUFFIX.sub("", member.strip()))


def on_listed_axis(f: Fact, axis_words: set[str]) -> str:
    """The member of one of these axes that the fact carries alone, as shown ('' when it is no such member)."""
    if len(f.dimensions) != 1 or not set(canonical_tokens(f.dimensions[0].axis)) & axis_words:
        return ""
    member = _shown(f.dimensions[0].member)
    return "" if not member or _SKIP.search(member) else member


def listed_members(reader, question: str, entities: tuple[str, ...] | None) -> Answer | None:
    """The answer listing the asked axis's members for one company, or None when the question asks for
    no such list, names no company, or the filing tags no such axis."""
    asked = asked_axis(question)
    if asked is None or not entities:
        return None
    axis_words, name = asked
    marks = ", ".join("?" for _ in entities)
    facts = reader.query_facts(f"entity IN ({marks}) AND n_members = 1", list(entities), limit=5000,
                               order="period_end DESC NULLS LAST, fact_id")
    facts = [f for f in facts if on_listed_axis(f, axis_words)]
    # ordered here, not by SQL: a database's collation orders 'R2.htm' and 'aapl-….htm' its own way, and the
    # fact cited for each member must be the same in every store
    facts.sort(key=lambda f: (-(f.period.end.toordinal() if f.period is not None else 0), f.source, f.row_index, f.fact_id))
    if not facts:
        return None
    latest = max((f.period.end for f in facts if f.period is not None), default=None)
    newest_filing = next((f.filing_id for f in facts if f.period is not None and f.period.end == latest), facts[0].filing_id)
    first: dict[str, Fact] = {}
    for f in facts:
        member = on_listed_axis(f, axis_words)
        if f.filing_id == newest_filing and member not in first:
            first[member] = f
    if len(first) < 2:
        return None  # one member is no list
    said = _first_said(reader, newest_filing)
    first = dict(sorted(first.items(), key=lambda kv: said.get(kv[0], (10**9, kv[0]))))
    cites = tuple(fact_citation(f) for f in first.values())
    who = facts[0].entity
    listed = ", ".join(f"{m} [{i + 1}]" for i, m in enumerate(first))
    text = f"{who}'s {name}, as its filing tags them ({cites[0].source}): {listed}."
    return Answer(question=question, status=AnswerStatus.ANSWERED, text=text, citations=cites, kind="narrative",
                  extra={"listed": tuple(first)})


def _first_said(reader, filing_id: str) -> dict[str, tuple[int, str]]:
    """Where each member name is first written in the filing's text: the list is told in the filing's order."""
    seen: dict[str, tuple[int, str]] = {}
    for n, chunk in enumerate(reader.chunks_of_filing(filing_id)):
        for m in re.finditer(r"[A-Z][\w&.'’-]*(?:\s+(?:of|and|&|the)?\s*[A-Z][\w&.'’-]*)*", chunk.display or ""):
            seen.setdefault(m.group(0), (n * 100000 + m.start(), m.group(0)))
    return seen



def rank_members(ctx) -> Draft:
    """'Which segment had the highest net sales in Q2?': the line's facts for each member of the asked axis,
    one line of one filing and period, and the member with the highest (or lowest) value."""
    plan = ctx.plan
    asked = asked_axis(plan.core or plan.text)
    item = plan.item
    company = plan.companies[0] if plan.companies else None
    if asked is None or item is None or company is None:
        raise Unanswerable("Ranking members needs a company, a line item and an axis (segments, regions, products).")
    axis_words, name = asked
    ask = plan.periods[0] if plan.periods else None
    found = [c for c in ctx.candidates(item, ask, company) if c.fact.value is not None and on_listed_axis(c.fact, axis_words)]
    if not found:
        raise Unanswerable(f"No breakdown of “{item.text}” by {name} is reported"
                           + (f" for {ask.describe()}." if ask is not None else "."))
    best = found[0].fact  # the best-fitting line: its facts for the other members of the same filing and period
    same_line = [c for c in found if (c.fact.concept or c.fact.label) == (best.concept or best.label)
                 and c.fact.filing_id == best.filing_id and c.fact.period == best.period and c.fact.unit == best.unit]
    by_member: dict[str, Input] = {}
    for c in same_line:
        member = on_listed_axis(c.fact, axis_words)
        by_member.setdefault(member, Input(c.fact, Slot(period=ask, company=company.name, label=member, asked=ask)))
    by_member = _without_subtotals(by_member)
    if len(by_member) < 2:
        raise Unanswerable(f"Only one of the {name} reports “{best.label}” here, so there is nothing to rank.")
    inputs = list(by_member.values())
    pick = (max if plan.extreme != "min" else min)(inputs, key=lambda i: i.fact.value)
    lines = {}
    for c in found:  # the confidence is the belief in the line, each line counted once by its best member
        lines.setdefault(c.fact.concept or c.fact.label, c.score)
    confidence = softmax(list(lines.values()))[0]
    return Draft(plan, "which", tuple(inputs), pick.fact.value, best.unit, operation=f"rank {plan.extreme or 'max'}",
                 name=best.label, answer_words=pick.slot.label, confidence=confidence)


def _without_subtotals(by_member: dict[str, Input]) -> dict[str, Input]:
    """Members that add up other members ('Products' = iPhone + Mac + iPad + Wearables) are subtotals, not
    peers: ranking them beside their own parts would always pick them."""
    if len(by_member) > 14:
        return by_member  # too many to test every subset; such axes list peers
    values = {m: i.fact.value for m, i in by_member.items()}
    subtotals = set()
    for m, v in values.items():
        others = [x for k, x in values.items() if k != m]
        if any(sum(c) == v for r in range(2, len(others) + 1) for c in combinations(others, r)):
            subtotals.add(m)
    return {m: i for m, i in by_member.items() if m not in subtotals}
