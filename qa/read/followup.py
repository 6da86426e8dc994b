"""A follow-up question, read against the plan before it.

An analyst's second question leans on the first: after "What was Apple's revenue in 2024?",
"and net income?" keeps the company and the period and changes the line item; "what about 2023?"
keeps the line item and the company; "what about Mac?" after a question about iPhone revenue swaps
the member; "what was its cash?" keeps the company. Only what the new text leaves open is filled, and
only when it reads as a follow-up: a question that names its own line item (or asks for a cover
fact) without a lead word stands alone, whatever was asked before. ``QueryPlan.carried`` says, in
words, what was taken from the previous question.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..lexicon.words import QUESTION_WORDS
from ..plan import Op, QueryPlan
from .items import OPERATION_WORDS, line_item

__all__ = ["merge_follow_up", "reads_as_follow_up"]

_LEAD = re.compile(r"^\s*(?:and|what about|how about|same for|and for|or|now|also|then|but|plus)\b", re.I)
_PRONOUN = re.compile(r"\b(?:its|it|their|they|them|the company|the firm|this company|that company)\b", re.I)
_FILLER = frozenset({"and", "what", "about", "how", "same", "for", "or", "now", "also", "then", "but", "plus"})


def _own_words(plan: QueryPlan) -> tuple[str, ...]:
    if not plan.items:
        return ()
    return tuple(w for item in plan.items for w in item.words
                 if w not in _FILLER and w not in QUESTION_WORDS and w not in OPERATION_WORDS)


def reads_as_follow_up(plan: QueryPlan) -> bool:
    """'and net income?', 'what about 2021?', 'in 2022?', 'for Amazon?': a lead word, or nothing of its own to look up."""
    if plan.text_kind:
        return bool(_LEAD.match(plan.text))
    return bool(_LEAD.match(plan.text)) or (not _own_words(plan) and plan.formula is None)


def merge_follow_up(plan: QueryPlan, previous: QueryPlan) -> QueryPlan:
    """The plan a follow-up stands for (``plan`` itself if it does not read as one)."""
    carried: list[str] = []
    if not reads_as_follow_up(plan):
        if not plan.companies and not plan.unknown_companies and previous.companies and _PRONOUN.search(plan.text):
            carried.append("company: " + " and ".join(c.name for c in previous.companies))
            return replace(plan, companies=previous.companies, carried=tuple(carried))
        return plan
    changes: dict = {}
    if not plan.companies and not plan.unknown_companies and previous.companies:
        changes["companies"] = previous.companies
        carried.append("company: " + " and ".join(c.name for c in previous.companies))
    if not plan.periods and previous.periods:
        changes["periods"] = previous.periods
        carried.append("period: " + ", ".join(p.describe() for p in previous.periods if not p.implied))
    own = _own_words(plan)
    if not own and plan.formula is None:
        # 'what about 2021?': the same line item, computation and shape as before
        changes.update(items=previous.items, operation=previous.operation, formula=previous.formula,
                       output=replace(previous.output, scale=plan.output.scale or previous.output.scale),
                       text_kind=previous.text_kind, extreme=previous.extreme, rank_over=previous.rank_over)
        if previous.items:
            carried.append("line item: " + " and ".join(i.text for i in previous.items))
        elif previous.formula is not None:
            carried.append("measure: " + previous.formula.name)
        if plan.periods and previous.operation in (Op.CHANGE, Op.GROWTH) and len(plan.periods) < 2:
            changes["operation"] = Op.LOOKUP  # 'and in 2021?' after a change: that year's figure
    elif previous.item is not None and previous.item.metric and plan.item is not None and not plan.item.metric \
            and len(own) <= 2 and plan.operation is Op.LOOKUP:
        # 'what about Mac?' after 'iPhone revenue': the previous line item with the new member
        metric_text = _metric_phrase(previous.item.text, previous.item.rest)
        swapped = line_item(f"{plan.item.text} {metric_text}".strip())
        changes["items"] = (swapped,)
        carried.append(f"line item: {metric_text}")
    if not changes:
        return plan
    return replace(plan, carried=tuple(carried), **changes)


def _metric_phrase(text: str, rest: tuple[str, ...]) -> str:
    """The previous item's words without its member ('iPhone net sales' -> 'net sales')."""
    from ..lexicon.words import canonical_tokens

    kept = [w for w in text.split() if not set(canonical_tokens(w)) & set(rest)]
    return " ".join(kept) or text


def merge_part(plan: QueryPlan, first: QueryPlan) -> QueryPlan:
    """The second question of two asked in one ('…, and in what currency are they presented?'): it shares
    the first one's company and period unless it names its own."""
    changes: dict = {}
    if not plan.companies and not plan.unknown_companies and first.companies:
        changes["companies"] = first.companies
    if not plan.periods and first.periods:
        changes["periods"] = first.periods
    return replace(plan, **changes) if changes else plan

