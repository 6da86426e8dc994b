"""'The total income from continuing operations' where no line says so, in a document of one table whose
introduction does ('The U.S. and foreign components of income from continuing operations were as follows:'):
the table's own 'Total' row is that total. The line is named only by the words above the table, so an answer
drawn from it is a guess the judge does not vouch for (its cited line 'Total' does not say what was asked).

Only where the question asks for a total, the document holds one table, and every word of what it totals is in
the sentence that introduces the table: within a filing of many tables 'the total' names no row."""

from __future__ import annotations

from index.facts import row_name

from ..lexicon.words import QUESTION_WORDS, canonical_tokens, tokenize
from ..plan import LineItem
from ..read.items import line_item
from .context import Context
from .draft import Input, Unanswerable
from .operands import pick_all
from .tablesubject import one_table
from .totals import TOTAL_ASKED

__all__ = ["table_total", "pick_or_total"]


def pick_or_total(ctx: Context, item: LineItem, slots_of) -> tuple[list[Input], float, tuple, LineItem]:
    """``slots_of(item)`` picked as usual; when no line matches a total asked, the only table's 'Total' row
    (a guess: confidence at most 0.45). Returns (inputs, confidence, rivals, the item picked)."""
    try:
        return (*pick_all(ctx, slots_of(item)), item)
    except Unanswerable:
        total = table_total(ctx, item)
        if total is None:
            raise
        try:
            inputs, confidence, rivals = pick_all(ctx, slots_of(total))
        except Unanswerable:
            inputs = []
        if not inputs or not all(_is_total_row(i.fact.label) for i in inputs):
            raise
        return inputs, min(confidence, 0.45), rivals, total


def table_total(ctx: Context, item: LineItem | None) -> LineItem | None:
    """The 'Total' row to answer for ``item``, when the only table's introduction names what ``item`` totals."""
    if item is None or not TOTAL_ASKED.match(item.text) or not ctx.plan.scope:
        return None
    named = set(item.words) - {"total"}
    if not named:
        return None
    found = one_table(ctx)
    if found is None:
        return None
    intro = " ".join(found[1])
    said = set(canonical_tokens(intro))
    # 'total sales' folds to revenue as a phrase, while 'sales information' keeps 'sales': the words as written count too
    plain = set(tokenize(item.text)) - {"total"} - QUESTION_WORDS
    if not named <= said and not (plain and plain <= set(tokenize(intro))):
        return None
    return line_item("Total")


def _is_total_row(label: str) -> bool:
    return row_name(label).strip().lower().rstrip(":") == "total"
