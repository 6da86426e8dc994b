"""LIST of members: 'What are Apple's reportable segments?' - the members of the company's segment (or
geographic, or product) axis in its latest filing, each cited to a reported fact that carries it. The
list is what the filing tags; it is never said to be verified (a list has no number to check)."""

from __future__ import annotations

import re

from index.facts import Fact

from ..answer import Answer, AnswerStatus
from ..lexicon.prose import LISTED_AXES, NOT_LISTED_MEMBERS
from ..lexicon.words import canonical_tokens
from ..present import fact_citation

__all__ = ["listed_members"]

_SUFFIX = re.compile(r"\s+(?:segments?|members?|reportable segment)\s*$", re.I)
_SKIP = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in NOT_LISTED_MEMBERS) + r")\b", re.I)


def _asked_axis(question: str) -> tuple[set[str], str] | None:
    words = set(canonical_tokens(question))
    for asks, axis_words, name in LISTED_AXES:
        if words & set(canonical_tokens(asks)):
            return set(canonical_tokens(axis_words)), name
    return None


def _shown(member: str) -> str:
    return _SUFFIX.sub("", _SUFFIX.sub("", member.strip()))


def listed_members(reader, question: str, entities: tuple[str, ...] | None) -> Answer | None:
    """The answer listing the asked axis's members for one company, or None when the question asks for
    no such list, names no company, or the filing tags no such axis."""
    asked = _asked_axis(question)
    if asked is None or not entities:
        return None
    axis_words, name = asked
    marks = ", ".join("?" for _ in entities)
    facts = reader.query_facts(f"entity IN ({marks}) AND n_members = 1", list(entities), limit=5000,
                               order="period_end DESC NULLS LAST, source, row_index")
    facts = [f for f in facts if f.dimensions and set(canonical_tokens(f.dimensions[0].axis)) & axis_words]
    if not facts:
        return None
    latest = max((f.period.end for f in facts if f.period is not None), default=None)
    newest_filing = next((f.filing_id for f in facts if f.period is not None and f.period.end == latest), facts[0].filing_id)
    first: dict[str, Fact] = {}
    for f in facts:
        member = _shown(f.dimensions[0].member)
        if f.filing_id == newest_filing and member and not _SKIP.search(member) and member not in first:
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

