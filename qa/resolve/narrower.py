"""'What percentage of the total income before taxes does Swiss income form?': the part is named by the
whole's words and one more ('Swiss'), and the table prints it as a row of the whole's own table ('Swiss'
above 'Income before taxes'). When both sides of a two-sided question resolve to the same fact, the side
that says more is looked for again by what it adds alone, among the rows of the other side's table and
period. Which row the added words name is read from the layout, so the answer is never verified."""

from __future__ import annotations

import re

from index.facts import row_name

from ..find.features import label_tokens
from ..lexicon.words import canonical_tokens
from ..read.items import line_item
from .draft import Input

__all__ = ["narrower_part", "GUESSED"]

GUESSED = 0.45  # below what qa.check marks verified


def _same_cell_set(g, f) -> bool:
    return (g.source == f.source and g.title == f.title and g.unit == f.unit and g.period == f.period
            and g.column_index == f.column_index and g.fact_id != f.fact_id and g.value is not None)


def narrower_part(ctx, slots: list, inputs: list[Input]) -> list[Input] | None:
    """The inputs with the narrower side replaced by the row its added words name, or None."""
    if len(slots) != 2 or len(inputs) != 2 or inputs[0].fact.fact_id != inputs[1].fact.fact_id:
        return None
    f = inputs[0].fact
    for k in (0, 1):
        item, other = slots[k][0], slots[1 - k][0]
        mine, theirs = set(item.words), set(other.words)
        extra = mine - theirs
        said = set(label_tokens(row_name(f.label or "")))  # ('total intangible assets acquired': 'acquired' is no line's word)
        if not extra or not {w for w in theirs - mine if w in said} == set() or not theirs & mine:
            continue  # the other side must be the wider one: all its words the line says are said here too
        text = " ".join(w for w in re.findall(r"[\w&'-]+", item.text) if set(canonical_tokens(w)) & extra)
        if not text:
            continue
        found = [c.fact for c in ctx.candidates(line_item(text), slots[k][1], slots[k][2]) if _same_cell_set(c.fact, f)]
        if not found:  # a row named by a word the finder weighs as nothing alone ('Other'): the one row saying only added words
            rows = [g for g in ctx.reader.filing_facts(f.filing_id, limit=3000, title=f.title) if _same_cell_set(g, f)]
            found = [g for g in rows if label_tokens(row_name(g.label or "")) and label_tokens(row_name(g.label or "")) <= extra]
            found = found if len(found) == 1 else []
        if found:
            fixed = list(inputs)
            fixed[k] = Input(found[0], inputs[k].slot)
            return fixed
    return None
