"""The column a question names beside its line ('due in less than one year', 'level 2 inputs', 'in fair
values'): a table that prints one line in several member columns of different measures gives a line item
words that pick none of them; the question's own words (the item's first, then the rest) pick one."""

from __future__ import annotations

from ..find.features import member_tokens
from ..lexicon.words import canonical_tokens

__all__ = ["named_column"]

_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
                 "nine": "9", "ten": "10"}


def _tokens(text: str) -> set[str]:
    return {_NUMBER_WORDS.get(t, t) for t in canonical_tokens(text or "")}


def _members(f) -> frozenset[str]:
    return frozenset(t for toks in member_tokens(f) for t in toks)


def named_column(item, question: str, chosen, candidates, others=()) -> object | None:
    """Another member column of the chosen fact's own line (same label, table, unit and period) whose member
    words the question names and no other column's do, when the chosen fact's member is not what the item says.
    None when the words do not single one out, or single out the chosen one. ``others``: line items whose words
    name their own column, not this one's (a share's parts, for its whole: 'what percentage of total expense was
    RSU expense': 'RSU' picks the part's column, never the total's)."""
    if not chosen.dimensions or chosen.value is None:
        return None
    mine = _members(chosen)
    if mine <= item.said_by(set(item.words)) | _tokens(item.text):
        return None  # the item names the chosen column itself
    siblings = {}
    for g in candidates:
        if (g.label == chosen.label and g.source == chosen.source and g.unit == chosen.unit and g.value is not None
                and len(g.dimensions) == len(chosen.dimensions)
                and (set(g.periods) & set(chosen.periods) or set(g.periods) == set(chosen.periods))):
            siblings.setdefault(g.dimensions, g)
    siblings.setdefault(chosen.dimensions, chosen)
    if len(siblings) < 2:
        return None
    label = _tokens(chosen.label)  # the line's own words name no column
    label |= set().union(*(_tokens(o.text) for o in others)) - _tokens(item.text)
    words = {dims: _members(g) for dims, g in siblings.items()}
    for said in (_tokens(item.text) - label, _tokens(question) - label):
        top = _singled_out(words, said)
        if top is not None:
            return None if top == chosen.dimensions else siblings[top]
    return None


def _singled_out(words: dict, said: set[str]):
    """The one column whose own words (those no other column has) the question says most of; else the one
    column all of whose two or more words it says ('between 1 to 3 years'); None when none or several."""
    scores = {}
    for dims, toks in words.items():
        others = set().union(*(w for d, w in words.items() if d != dims))
        scores[dims] = len((toks - others) & said)
    best = max(scores.values())
    if best >= 1:
        top = [d for d, s in scores.items() if s == best]
        return top[0] if len(top) == 1 else None
    whole = {d: len(toks) for d, toks in words.items() if len(toks) >= 2 and toks <= said}
    if whole:
        most = max(whole.values())
        top = [d for d, n in whole.items() if n == most]
        return top[0] if len(top) == 1 else None
    return None
