"""LOOKUP and SERIES: one line item, one period (or each period asked), one company."""

from __future__ import annotations

from dataclasses import replace

from ..plan import LineItem, Op
from .columns import named_column
from .context import Context
from .draft import Draft, Input, Slot, Unanswerable
from .notes import recipient_disagreement, restatement, text_agreement, text_contradiction

__all__ = ["lookup", "series"]


def lookup(ctx: Context) -> Draft:
    plan = ctx.plan
    item = plan.item
    if item is None or not item.words:
        raise Unanswerable("The question names no line item to look up.")
    ask = plan.periods[0] if plan.periods else None
    company = plan.companies[0] if plan.companies else None
    try:
        inp, choice = ctx.choose(item, ask, company, balance=_balance(plan))
    except Unanswerable as e:
        if "several values" in e.reason:
            raise
        raise ctx.missing(item, ask, company) from None
    f = inp.fact
    notes = [recipient_disagreement(f, ctx.reader)]
    notes += [restatement(f, c.fact) for c in choice.restated]
    passages = ctx.passages()
    notes.append(text_contradiction(f, passages, ctx.reader) or text_agreement([f], passages))
    return Draft(plan, "lookup", (inp,), f.value, f.unit, expression="[1]", operation="lookup", name=f.label,
                 confidence=choice.confidence, rivals=tuple(c.fact for c in choice.rivals),
                 notes=tuple(n for n in notes if n is not None), extra={"same": tuple(c.fact for c in choice.same)})


def series(ctx: Context) -> Draft:
    """'revenue in 2019 and 2018 (respectively)': each period's value, in the order asked."""
    plan = ctx.plan
    item = plan.item
    if item is None:
        raise Unanswerable("The question names no line item to look up.")
    company = plan.companies[0] if plan.companies else None
    if len(plan.items) >= 2:
        return _items_series(ctx, company)
    periods = plan.periods or ctx.reported_years(item, company)  # 'in which years …': each year it is printed for
    if not item.words and periods:  # 'which years does the table show': the years, each with a cell it prints
        return _table_years(ctx, periods)
    table_years = ctx.reported_years(LineItem("the table", ()), company) if not periods and plan.scope else ()
    if table_years:  # the line is not found, but the document's table prints its years: those, never vouched for
        return replace(_table_years(ctx, table_years), confidence=0.4)
    if not periods:
        raise Unanswerable(f"No year is printed for “{item.text}” in this scope.")
    inputs, confidence = [], 1.0
    for ask in periods:
        try:
            inp, choice = ctx.choose(item, ask, company, balance=_balance(plan), label=ask.describe())
        except Unanswerable:
            raise ctx.missing(item, ask, company) from None
        if inputs and inp.fact.entity != inputs[0].fact.entity:
            company = None
        inputs.append(inp)
        confidence = min(confidence, choice.confidence)
    return _series_draft(ctx, inputs, confidence)


def _series_draft(ctx: Context, inputs: list[Input], confidence: float) -> Draft:
    """Each value asked, with the sentence that states them rounded when the text does ('$31.4 million and
    $28.5 million ... respectively' beside the cells in thousands)."""
    first = inputs[0].fact
    facts = [i.fact for i in inputs]
    agreement = text_agreement(facts, ctx.passages()) if all(f.scale for f in facts) else None
    return Draft(ctx.plan, "series", tuple(inputs), None, first.unit, operation="series", name=first.label,
                 confidence=confidence, notes=(agreement,) if agreement else ())


def _items_series(ctx: Context, company) -> Draft:
    """'the respective sales and purchases for 2017': each line's figure, for each period asked (or the one
    the finder takes when none is named), in the order asked."""
    plan = ctx.plan
    inputs, confidence = [], 1.0
    periods = plan.periods
    if not periods:  # none named: the latest year the first line is printed for, the same for every line
        years = ctx.reported_years(plan.items[0], company)
        if not years and not ctx.near(plan.items[0], company):
            raise Unanswerable("The question names no period, and no year is printed for the lines asked.")
        periods = years[:1] or (None,)  # a table that prints no period (maturity columns): its one figure
    for index, item in enumerate(plan.items):
        for ask in periods:
            try:
                inp, choice = ctx.choose(item, ask, company, balance=_balance(plan), item_index=index,
                                         label=f"{item.text}, {ask.describe()}" if ask else item.text)
            except Unanswerable:
                raise ctx.missing(item, ask, company) from None
            column = named_column(item, plan.core or plan.text, inp.fact, [c.fact for c in ctx.candidates(item, ask, company)])
            if column is not None:  # 'X that are less than one year and between 2-5 years': the columns named
                inp, choice = Input(column, inp.slot), replace(choice, confidence=min(choice.confidence, 0.45))
            inputs.append(inp)
            confidence = min(confidence, choice.confidence)
    if len({i.fact.fact_id for i in inputs}) < len(inputs):
        raise Unanswerable("Two of the lines asked resolve to the same reported fact; ask for each separately.")
    return _series_draft(ctx, inputs, confidence)


def _table_years(ctx: Context, periods) -> Draft:
    """The years a document's table prints, each cited by one of its cells (words, not a figure to verify)."""
    facts = ctx.reader.query_facts(limit=3000)
    inputs = []
    for ask in periods:
        f = next((f for f in facts if f.value is not None and ((f.year_period and f.year_period.year == ask.year) or (
            f.period is not None and f.period.end.year == ask.year) or (
            len(f.candidate_periods) == 1 and f.candidate_periods[0].end.year == ask.year))), None)
        if f is not None:
            inputs.append(Input(f, Slot(period=ask, label=ask.describe())))
    if not inputs:
        raise Unanswerable("The table prints no year.")
    words = ", ".join(i.slot.label for i in inputs[:-1]) + (" and " if len(inputs) > 1 else "") + inputs[-1].slot.label
    return Draft(ctx.plan, "which", tuple(inputs), None, None, operation="years", name="The years the table prints",
                 answer_words=words, confidence=1.0)


def _balance(plan) -> bool | None:
    """Whether a balance (True) or a flow (False) is asked, when the words say so."""
    if plan.output.movement:
        return False
    if any(p.relation in ("end", "on") for p in plan.periods) and plan.operation in (Op.LOOKUP, Op.SERIES):
        if any(p.relation == "end" for p in plan.periods):
            return True
    return None
