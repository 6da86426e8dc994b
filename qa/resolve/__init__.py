"""Resolving a plan into a :class:`Draft` answer: one resolver per operation, chosen from a table.

A resolver picks facts for the slots the plan names and does the arithmetic; it never judges the
result (``qa.check`` does) and never writes the answer (``qa.present`` does). When it cannot draft
an answer it raises :class:`Unanswerable` with the reason in one plain sentence.
"""

from __future__ import annotations

import re

from ..check.asked import movement_unsaid
from ..find.passages import asks_amount, asks_in_words
from ..lexicon.words import GENERIC_LABEL_WORDS, canonical_tokens
from ..plan import Op
from .arithmetic import two_sided
from .ranking import rank
from .acrossperiods import average, change
from .components import components
from .countrows import count_rows
from .partsum import parts_sum
from .context import Context
from .draft import Draft, Input, Quote, Slot, Unanswerable
from .measures import formula, formula_over_periods
from .lookup import lookup, series
from .prose import asks_figure, prose_change, prose_number
from .headsum import heading_sum
from .namedspans import with_named_spans
from .prosesum import prose_sum
from .tablesubject import table_subject
from .tableheads import table_headings
from .text import text

__all__ = ["resolve", "with_named_spans", "Context", "Draft", "Input", "Quote", "Slot", "Unanswerable", "RESOLVERS"]

RESOLVERS = {
    Op.LOOKUP: lookup, Op.SERIES: series, Op.SUM: two_sided, Op.DIFFERENCE: two_sided, Op.RATIO: two_sided,
    Op.SHARE: two_sided, Op.COMPARE: two_sided, Op.CHANGE: change, Op.GROWTH: change, Op.AVERAGE: average,
    Op.RANK: rank, Op.FORMULA: formula,
}


def names_only_a_line(plan) -> bool:
    """Do the question's words name a line item the lexicon knows and nothing more ('total revenues')? Such a
    question asks for that line's figure, which a sentence of prose does not give by being quoted."""
    item = plan.item
    if item is None or not item.metric:
        return False
    line = set(canonical_tokens(item.metric.replace("_", " "))) | _PERIOD_WORDS
    return not [w for w in item.words if w not in line and w not in GENERIC_LABEL_WORDS]


_PERIOD_WORDS = frozenset(canonical_tokens("full year fiscal annual annually quarter quarterly month months period ytd"))
_CHANGE_IN = re.compile(r"^\s*what (?:was|is) the (?:net )?change in\b", re.I)


def resolve(ctx: Context, vector) -> Draft:
    plan = ctx.plan
    if plan.unknown_companies and len(plan.unknown_companies) + len(plan.companies) > len(plan.companies) and (
            not plan.companies or plan.operation in (Op.SUM, Op.DIFFERENCE, Op.RATIO, Op.COMPARE)):
        names = " or ".join(f"“{n}”" for n in plan.unknown_companies[:2])
        raise Unanswerable(f"No filing of {names} is in this index, so nothing here can answer for it. "
                           "Ingest its filings first, or ask about a company the index holds.")
    if plan.unresolved_names and not plan.companies and plan.operation is not Op.TEXT and not plan.scope:
        names = " or ".join(f"“{n}”" for n in plan.unresolved_names[:2])
        raise Unanswerable(f"No indexed company answers to {names}. Ask about a company the index holds "
                           "(the Sources list, or `filingqa ask --within`).")
    if plan.forward and plan.formula is None:  # a target or plan is stated in the text, never a reported fact
        try:
            return text(ctx, vector)
        except Unanswerable:
            pass
    shown = table_subject(ctx)  # 'What does the table show?': the words that introduce it
    if shown is not None:
        return shown
    counted = count_rows(ctx)  # 'How many components of X exceeded $50 million in 2019?': the lines past the bound
    if counted is not None:
        return counted
    heads = table_headings(ctx)  # 'What are the 3 dates listed in the table?': the headings it prints over its columns
    if heads is not None:
        return heads
    listed = components(ctx)  # 'What are the components of total revenue?': the table's rows above that total
    if listed is not None:
        return listed
    if plan.operation is not Op.TEXT and asks_in_words(plan.core or plan.text):
        try:  # 'Why did revenue increase by 14%?': the sentence that says why, not the figures it names
            return text(ctx, vector)
        except Unanswerable:
            pass
    if plan.operation is Op.TEXT:
        return text(ctx, vector)
    if plan.formula is not None and plan.operation in (Op.CHANGE, Op.GROWTH, Op.SERIES, Op.AVERAGE):
        return formula_over_periods(ctx)
    # 'the total monetary assets' printed only as 'Monetary assets, current' and ', non-current'; 'the sum of all X': the
    # rows a table prints under a heading 'X', with no line of X's own
    summed = parts_sum(ctx) or heading_sum(ctx)
    if summed is not None:
        return summed
    try:
        draft = RESOLVERS[plan.operation](ctx)
        if plan.operation is Op.LOOKUP and plan.scope and not plan.periods and _CHANGE_IN.search(plan.core or plan.text) \
                and movement_unsaid(plan, draft, [i.fact for i in draft.inputs]):
            # 'What was the change in closing cash?' within one document: the line's change over its two latest years
            # (an 'increase in interest income' the text may state, rounded: that is left to the text)
            try:
                return change(ctx)
            except Unanswerable:
                pass
        return draft
    except Unanswerable as unfound:
        if plan.operation is Op.SUM:  # 'the total X in 2019 and 2018' where only a sentence states X for each year
            quoted = prose_sum(ctx, vector)
            if quoted is not None:
                return quoted
        if plan.operation in (Op.CHANGE, Op.GROWTH):
            quoted = prose_change(ctx, vector)
            if quoted is not None:
                return quoted
            if plan.operation is Op.CHANGE and plan.formula is None:
                try:  # 'How much did North America expenses decrease by from 2018 to 2019?': a sentence states the change
                    return text(ctx, vector, figure=True)  # for the years asked, with its figure - quoted, never verified
                except Unanswerable:
                    pass
        # no table row answers: the answer may be in the text. A figure asked for ('how much was invested in X?')
        # is answered only by a sentence that states one, for the years asked - quoted, never verified
        if plan.operation is Op.LOOKUP:
            quoted = prose_number(ctx, vector)  # (with a figure asked, the sentence stating one is its last resort)
            if quoted is not None:
                return quoted
        if plan.operation in (Op.LOOKUP, Op.SERIES) and asks_figure(plan):
            try:  # the text may say there was none ('the Company had no accrued interest or penalties'): quoted
                return text(ctx, vector, nil=True)
            except Unanswerable:
                pass
        if (plan.operation is Op.LOOKUP and not asks_figure(plan)) or plan.operation is Op.SERIES:
            try:
                return text(ctx, vector, figure=asks_figure(plan))
            except Unanswerable:
                pass
        if plan.operation is Op.LOOKUP and asks_figure(plan) and not unfound.near and not asks_amount(plan.text) \
                and not names_only_a_line(plan):
            # no line of any table holds the question's words, they say more than a line item's name ('revenue'),
            # and it does not ask 'how much': what it asks ('What is the company paid on a cost-plus contract?')
            # may be said in words - quoted, never verified
            try:
                return text(ctx, vector, prose=True)
            except Unanswerable:
                pass
        raise
