"""Reading a follow-up question against the one before it.

An analyst's second question leans on the first: after "What was Apple's revenue in 2024?",
"and net income?" keeps the company and the period and changes the line item; "what about 2023?"
keeps the line item and the company and changes the period; "what about options?" after a
question about RSUs swaps the member. Anything the follow-up names itself wins; what it leaves out
comes from the previous question. A question that does not read as a follow-up stands alone.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .question import Question
from .vocabulary import canonical_tokens

__all__ = ["follow_up", "reads_as_follow_up", "names_a_line_item"]

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


def follow_up(q: Question, previous: Question | None) -> Question:
    """The question a follow-up stands for, given the previous one (``q`` itself if it is not one)."""
    if previous is None or not reads_as_follow_up(q):
        return q
    periods = q.periods or previous.periods
    entities = q.entities or previous.entities
    scale = q.scale or previous.scale
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
