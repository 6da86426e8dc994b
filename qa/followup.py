"""Reading a follow-up question against the one before it.

An analyst's second question leans on the first: after "What was Apple's revenue in 2024?",
"and net income?" keeps the company and the period and changes the line item; "what about 2023?"
keeps the line item and the company and changes the period; "what about options?" after a
question about RSUs swaps the member. Anything the follow-up names itself wins; what it leaves out
comes from the previous question. A question that does not read as a follow-up stands alone, and so
does one that names everything itself: :func:`carried` says exactly what a question takes from the
one before (nothing, for a self-contained question), and only that is ever filled in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from index.errors import FilingQAError

from .periods import PeriodAsk
from .question import Question, parse_question
from .vocabulary import canonical_tokens

__all__ = ["Carried", "carried", "follow_up", "reads_as_follow_up", "names_a_line_item", "context_for"]

_LEAD = re.compile(r"^\s*(?:and|what about|how about|same for|and for|or|now|also|then)\b", re.I)
# Words of the follow-up form itself ("and for…", "what about…", "same for…"), never a metric.
_FILLER = frozenset(canonical_tokens("and what about how same for or now also then the a an in of at it that those this"))
# A trailing "for RSUs" / "of options" in the previous metric: the member a one-word follow-up swaps.
_MEMBER_TAIL = re.compile(r"\b(?:for|of|on|from)\s+(?:the\s+)?([\w\-’' ]+?)\s*\??\s*$", re.I)
_NOT_A_MEMBER = frozenset(canonical_tokens("year years period quarter fiscal company group"))


def _own_metric(q: Question) -> tuple[str, ...]:
    return tuple(t for t in q.tokens if t not in _FILLER)


def names_a_line_item(q: Question) -> bool:
    """Whether the question has metric words of its own ('and net income?' does, 'what about 2021?' not)."""
    return bool(_own_metric(q))


def reads_as_follow_up(q: Question) -> bool:
    """'and net income?', 'what about 2021?', 'in 2022?' — a lead word, or no metric of its own."""
    return bool(_LEAD.match(q.text)) or not _own_metric(q)


def _swapped_member(q: Question, previous: Question, new: tuple[str, ...]) -> tuple[tuple[str, ...], str] | None:
    """'what about options?' after '…expense for RSUs': the previous metric with its member replaced."""
    if len(new) != 1:
        return None
    m = _MEMBER_TAIL.search(previous.metric_text or "")
    if not m:
        return None
    member = tuple(t for t in canonical_tokens(m.group(1)) if t not in _FILLER)
    if not member or set(member) & _NOT_A_MEMBER or len(member) > 3:
        return None
    kept = tuple(t for t in previous.tokens if t not in member)
    if not kept:
        return None
    text = previous.metric_text[: m.start(1)] + " ".join(_words(q))
    return tuple(dict.fromkeys(kept + new)), text


def _words(q: Question) -> list[str]:
    return [w for w in re.findall(r"[\w\-’']+", q.metric_text or q.text) if canonical_tokens(w) and
            not set(canonical_tokens(w)) <= _FILLER]


@dataclass(frozen=True)
class Carried:
    """What a question takes from the one before it; empty (falsy) when it stands alone."""

    companies: tuple[str, ...] = ()  # the previous question's companies, when this one names none
    periods: tuple[PeriodAsk, ...] = ()  # the previous periods, when this one names none
    line_item: str = ""  # the previous line item as written, when this one names none (or swaps its member)
    member_swapped: bool = False  # 'what about options?': the line item kept, its member replaced
    scale: int | None = None  # 'in millions' kept for display (with something else; alone it carries nothing)

    def __bool__(self) -> bool:
        return bool(self.companies or self.periods or self.line_item)


def carried(q: Question, previous: Question | None) -> Carried:
    """Exactly what a follow-up fills in from ``previous``: only what its own text leaves open.

    A full question (no 'and…'/'what about…' lead and a line item of its own) takes nothing, even
    when it leaves the company or period open; a follow-up that names a company, a period or a line
    item keeps its own and takes only the rest."""
    if previous is None or not reads_as_follow_up(q):
        return Carried()
    companies = () if (q.entities or q.unknown_entities) else previous.entities
    periods = () if q.periods else previous.periods
    scale = None if q.scale else previous.scale
    new = _own_metric(q)
    if not new:
        return Carried(companies, periods, previous.metric_text or previous.text, False, scale)
    swapped = _swapped_member(q, previous, new)
    if swapped is not None:
        return Carried(companies, periods, swapped[1], True, scale)
    return Carried(companies, periods, "", False, scale)


def context_for(text: str, previous: Question | None, directory=None) -> Question | None:
    """``previous`` if the question ``text`` takes anything from it, else None (it stands alone).

    For callers that pass the earlier question on (``ask(..., previous=...)``, the chat): a
    self-contained question is then asked exactly as if it came first."""
    if previous is None:
        return None
    try:
        q = parse_question(text, directory)
    except FilingQAError:  # the engine says what is wrong with the question itself
        return previous
    return previous if carried(q, previous) else None


def follow_up(q: Question, previous: Question | None) -> Question:
    """The question a follow-up stands for, given the previous one (``q`` itself if it takes nothing)."""
    take = carried(q, previous)
    if not take:
        return q
    periods = q.periods or take.periods
    entities = q.entities or take.companies
    scale = q.scale or take.scale
    new = _own_metric(q)
    if not new:  # 'what about 2021?': same line item (and computation), same company, new period
        return replace(previous, text=q.text, periods=periods, entities=entities, scale=scale,
                       unknown_entities=q.unknown_entities)
    swapped = _swapped_member(q, previous, new)
    if swapped is not None:
        tokens, metric_text = swapped
        return replace(previous, text=q.text, tokens=tokens, metric_text=metric_text, periods=periods,
                       entities=entities, scale=scale, operands=(), operand_texts=(), operation=None)
    # 'and net income?': a new line item for the same company and period
    return replace(q, periods=periods, entities=entities, scale=scale)
