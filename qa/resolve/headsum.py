"""'What was the sum of all tax credit carryforwards?' over a table that prints 'Tax credit carryforwards:' alone on a
line, then its rows ('Domestic–federal', 'Domestic–state', 'Foreign') and no total of them: the whole asked is the
rows under that heading, added up in one column. Which rows the heading holds is read from the table's layout
(``headblock``), not reported, so the sum is never vouched for.

The question's words past the heading's may name the column ('total assets as reported': the 'As reported' column
of the rows under 'Assets'); without such words the column is the one every row of the block fills, if one.
"""

from __future__ import annotations

from index.facts import Fact

from ..lexicon.words import canonical_tokens
from ..plan import Op
from .context import Context
from .draft import Draft
from .headblock import heading_block
from .partsum import WHOLE_ASKED, sum_draft, row_words

__all__ = ["heading_sum"]


def _column_key(f: Fact) -> tuple:
    return (f.source, f.title, f.column_index, f.period, f.dimensions)


def _columns(facts: list[Fact], block: list[Fact]) -> dict[tuple, list[Fact]]:
    """Each column's cells of the block's rows, for the columns that print a number on every row, in one unit."""
    rows = {(f.source, f.title, f.row_index) for f in block}
    cols: dict[tuple, list[Fact]] = {}
    for f in sorted(facts, key=lambda f: (f.row_index, f.fact_id)):
        if (f.source, f.title, f.row_index) in rows:
            cols.setdefault(_column_key(f), []).append(f)
    return {k: v for k, v in cols.items()
            if len(v) == len(rows) and all(f.value is not None for f in v) and len({f.unit for f in v}) == 1}


def _fits_period(cells: list[Fact], ask) -> bool:
    if ask is None:
        return True
    years = {f.period.end.year for f in cells if f.period is not None}
    return not years or years == {ask.year}


def heading_sum(ctx: Context) -> Draft | None:
    """The sum of the rows under the heading the question names as a whole, or None."""
    plan = ctx.plan
    if plan.operation not in (Op.LOOKUP, Op.SUM) or len(plan.items) != 1 or len(plan.periods) > 1 or not plan.scope:
        return None
    item = plan.items[0]
    if not WHOLE_ASKED.match(item.text):
        return None
    words = WHOLE_ASKED.sub("", item.text).split()
    facts = ctx.reader.query_facts(limit=5000)
    ask = plan.periods[0] if plan.periods else None
    for n in range(len(words), 0, -1):  # the longest heading the words name; the rest names the column
        block = heading_block(ctx.reader, facts, " ".join(words[:n]))
        if len(block) < 2:
            continue
        head = row_words(" ".join(words[:n]))
        if any(row_words(f.row_label or f.label) == head for f in facts if f.value is not None):
            return None  # the whole is printed on a line of its own ('Total assets'): a lookup answers it
        rest = set(canonical_tokens(" ".join(words[n:])))
        columns = [cells for cells in _columns(facts, block).values() if _fits_period(cells, ask)]
        if rest:
            columns = [cells for cells in columns if rest <= set(canonical_tokens(cells[0].member_text))]
        if len(columns) > 1:  # the column the question names ('as reported') though its item does not keep the words
            said = set(canonical_tokens(plan.text))
            columns = [cells for cells in columns if set(canonical_tokens(cells[0].member_text)) - {"column"} <= said
                       and canonical_tokens(cells[0].member_text)]
        if len(columns) != 1:
            return None
        company = plan.companies[0] if plan.companies else None
        return sum_draft(ctx, columns[0], ask, company)
    return None
