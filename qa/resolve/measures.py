"""FORMULA: a derived measure (gross margin, free cash flow, DSO, ROA ...) from the lexicon or the
question's own definition. Each input is resolved like any lookup, all from one company, for the
period asked (balances at its end, and at its start when averaged); the expression over the
inputs' markers is what the judge recomputes. Changes, series and n-year averages of a measure
are the measure for each period, combined."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import timedelta
from decimal import Decimal

from index.facts import Fact
from index.parsers.numbers import canonical

from ..expression import ExpressionError, evaluate
from ..fiscal import calendar_of
from ..lexicon.formulas import UNIT_OF, refs
from ..lexicon.metrics import BY_KEY
from ..lexicon.words import canonical_tokens
from ..plan import Company, FormulaAsk, LineItem, Op, PeriodAsk
from .commonsize import printed_share_of_revenue
from .context import Context
from .draft import Draft, Input, Unanswerable

__all__ = ["formula", "formula_over_periods"]


def _operand_item(key: str, f: FormulaAsk) -> LineItem | None:
    """The line item a formula's key names: a lexicon metric, the question's own 'x', or a user's operand."""
    if key == "x":
        base = f.x
    elif key.startswith("item_"):
        base = dict(f.operands).get(key)
    else:
        metric = BY_KEY.get(key)
        if metric is None:
            return None
        words = tuple(canonical_tokens(metric.phrase))
        base = LineItem(text=metric.phrase, words=words, metric=key, metric_words=words)
    if base is None:
        return None
    if f.qualifier is not None:  # 'AWS segment' operating margin: every input is the segment's
        base = replace(base, text=f"{f.qualifier.text} {base.text}", words=tuple(dict.fromkeys(base.words + f.qualifier.words)))
    return base


@dataclass
class _State:
    company: Company | None
    anchor: Fact | None = None  # the first flow found: fixes the period every other input is read for
    balance: Fact | None = None  # the first closing balance found
    found: dict = field(default_factory=dict)


def _ask_for(mode: str, instant: bool, st: _State, asks: list[PeriodAsk]) -> PeriodAsk | None:
    ap = st.anchor.period if st.anchor is not None else None
    flow = ap is not None and ap.kind == "duration" and ap.start is not None
    if mode == "first":
        return asks[0] if asks else None
    if mode == "last":
        return asks[-1] if asks else None
    if mode == "prior":
        if not flow:
            return None
        months = round((ap.end - ap.start).days / 30.44)
        return PeriodAsk("months", ap.end.year - 1, ap.end - timedelta(days=364), months=months)
    if instant:
        if mode == "open":
            if flow:  # the closing balance of the period before
                return PeriodAsk("on", (ap.start - timedelta(days=1)).year, ap.start - timedelta(days=1))
            if st.balance is not None and st.balance.period is not None:
                return PeriodAsk("end", calendar_of(st.balance).year_of(st.balance.period.end) - 1)
            return None
        if ap is not None:
            return PeriodAsk("on", ap.end.year, ap.end)
        if st.balance is not None and st.balance.period is not None:
            return PeriodAsk("on", st.balance.period.end.year, st.balance.period.end)
        return asks[0] if asks else None
    if flow:  # every flow over the same period as the first
        months = round((ap.end - ap.start).days / 30.44)
        return PeriodAsk("months", ap.end.year, ap.end, months=months)
    return asks[0] if asks else None


def _modes(fn: str, says_average: bool, says_closing: bool) -> list[str]:
    if fn in ("avg", "bal", "avg!"):
        averaged = fn == "avg!" or (fn == "avg" and not says_closing) or (fn == "bal" and says_average)
        return ["close", "open"] if averaged else ["close"]
    if fn == "prior":
        return ["", "prior"]
    if fn == "chg":
        return ["close", "open"]
    return [fn or ""]


def _resolve_key(ctx: Context, f: FormulaAsk, key: str, mode: str, st: _State, asks: list[PeriodAsk]) -> Input | None:
    item = _operand_item(key, f)
    if item is None:
        return None
    metric = BY_KEY.get(key)
    instant = bool(metric and metric.instant)
    ask = _ask_for(mode, instant, st, asks)
    if ask is None and mode not in ("", "close"):
        return None
    try:
        inp, _ = ctx.choose(item, ask, st.company, balance=True if instant else (False if metric else None),
                            metric=key, role=mode, label=item.text, unit_kind=metric.unit_kind if metric else None,
                            asked=(asks[-1] if mode == "last" else asks[0]) if asks else None)
    except Unanswerable:
        return None
    fact = inp.fact
    if fact.value is None:
        return None
    if fact.period is None:  # a derived number needs each input's period pinned: a year column only for the year asked,
        # and only for a ratio of lines (a margin over such columns is printed beside them, as the filing rounds it)
        year = fact.year_period.year if fact.year_period is not None else None
        if year is None or f.unit != "ratio" or mode not in ("", "close") or ask is None or ask.year != year:
            return None
    if metric is not None and metric.unit_kind == "money" and fact.unit is not None and not (len(fact.unit) == 3 and fact.unit.isupper()):
        return None  # an amount of money, not a percentage printed beside it (an untagged cell may carry no unit)
    if metric is not None and metric.unit_kind == "percent" and fact.unit != "pure":
        return None
    if st.company is None:
        st.company = Company(fact.entity)
    if fact.period is None:
        return inp
    if st.anchor is None and fact.period.kind == "duration" and mode == "":
        st.anchor = fact
    if st.balance is None and fact.period.kind == "instant" and mode in ("", "close"):
        st.balance = fact
    return inp


def formula(ctx: Context) -> Draft:
    plan = ctx.plan
    f = plan.formula
    if f is None:
        raise Unanswerable("The question names no measure to compute.")
    if f.unreadable:
        raise Unanswerable(f"The question defines {f.name}, but “{f.unreadable}” in that definition is not something I can "
                           "look up, so I will not compute it another way.")
    if len(plan.companies) > 1:
        raise Unanswerable(f"{f.name[:1].upper() + f.name[1:]} is computed for one company at a time; ask for "
                           f"{plan.companies[0].name} and {plan.companies[1].name} separately.")
    asks = [a for a in plan.periods if not a.implied or f.key == "cagr"]
    says_average = bool(re.search(r"\baverage\b", plan.core, re.I))
    says_closing = bool(re.search(r"\b(?:ending|closing|year[- ]end|period[- ]end)\s+(?:balances?|inventor|receivable|payable|assets|equity)",
                                  plan.core, re.I))
    failure = None
    for expression in f.expressions:
        st = _State(plan.companies[0] if plan.companies else None)
        order = []
        for _, _, fn, key in refs(expression):
            for mode in _modes(fn, says_average, says_closing):
                order.append((key, mode))
        is_balance = lambda k: bool(BY_KEY.get(k) and BY_KEY[k].instant)  # noqa: E731
        order.sort(key=lambda km: (km[1] in ("open", "prior"), km[1] != "" or is_balance(km[0])))
        missing = None
        for key, mode in order:
            if (key, mode) in st.found:
                continue
            got = _resolve_key(ctx, f, key, mode, st, asks)
            if got is None:
                missing = (key, mode)
                break
            st.found[(key, mode)] = got
        if missing is None:
            return _draft(ctx, f, expression, st, asks)
        failure = failure or missing
    if f.key == "share_of_revenue":  # a common-size table prints the share itself ('Cost of revenue 55%')
        try:
            return printed_share_of_revenue(ctx, f, asks)
        except Unanswerable:
            pass
    key, mode = failure
    item = _operand_item(key, f)
    when = {"open": "the opening balance (the end of the prior period)", "prior": "the year before",
            "first": asks[0].describe() if asks else "the first year", "last": asks[-1].describe() if asks else "the last year"
            }.get(mode, ", ".join(a.describe() for a in asks) or "the period asked")
    name = item.text if item is not None else key
    raise Unanswerable(f"{f.name[:1].upper() + f.name[1:]} cannot be computed: no reported value of {name} was found for {when}.")


def _draft(ctx: Context, f: FormulaAsk, expression: str, st: _State, asks: list[PeriodAsk]) -> Draft:
    inputs: list[Input] = []
    index: dict[str, int] = {}

    owner: dict[str, str] = {}

    def mark(key: str, mode: str) -> str:
        inp = st.found[(key, mode)]
        if owner.setdefault(inp.fact.fact_id, key) != key:  # two operands of the formula are one line: not what was defined
            raise Unanswerable(f"Two parts of {f.name} resolve to the same reported line, “{inp.fact.label}”; "
                               "the filing does not report them apart.")
        if inp.fact.fact_id not in index:
            inputs.append(inp)
            index[inp.fact.fact_id] = len(inputs)
        return f"[{index[inp.fact.fact_id]}]"

    anchor = st.anchor
    ap = anchor.period if anchor is not None else None
    days = Decimal(365) if ap is None or (ap.end - ap.start).days > 330 else Decimal((ap.end - ap.start).days + 1)
    years = Decimal((asks[-1].year or 0) - (asks[0].year or 0)) if len(asks) >= 2 else Decimal(0)
    if "YEARS" in expression and years <= 0:
        raise Unanswerable(f"A {f.name} needs two different years (say 'from 2020 to 2023').")
    pieces, pos = [], 0
    averaged: list[str] = []
    for start, end, fn, key in refs(expression):
        pieces.append(expression[pos:start])
        pos = end
        if fn in ("avg", "avg!", "bal"):
            if (key, "open") in st.found:
                pieces.append(f"(({mark(key, 'close')} + {mark(key, 'open')}) / 2)")
                item = _operand_item(key, f)
                averaged.append(item.text if item is not None else key)
            else:
                pieces.append(mark(key, "close"))
        elif fn == "prior":
            pieces.append(mark(key, "prior"))
        elif fn == "chg":
            pieces.append(f"({mark(key, 'close')} - {mark(key, 'open')})")
        elif fn in ("open", "first", "last"):
            pieces.append(mark(key, fn))
        else:
            pieces.append(mark(key, ""))
    pieces.append(expression[pos:])
    expr = "".join(pieces).replace("DAYS", str(days)).replace("YEARS", str(years))
    facts = [i.fact for i in inputs]
    if len({x.entity for x in facts}) > 1:
        raise Unanswerable(f"The inputs of {f.name} come from different companies; ask about one company.")
    currencies = {x.unit for x in facts if x.unit and len(x.unit) == 3 and x.unit.isupper()}
    if len(currencies) > 1:
        raise Unanswerable(f"The inputs are in different currencies ({', '.join(sorted(currencies))}).")
    try:
        value = canonical(evaluate(expr, {i + 1: x.value for i, x in enumerate(facts)}).value)
    except ExpressionError as e:
        raise Unanswerable(f"{f.name[:1].upper() + f.name[1:]} is undefined for these inputs ({e}).") from None
    unit = UNIT_OF.get(f.unit) or (next(iter(currencies)) if currencies else facts[0].unit)
    # say how a balance over a period was taken: the reader of '38.79x' should know it is not the closing balance alone
    notes = tuple(f"The {name} is the average of the opening and closing balances." for name in dict.fromkeys(averaged))
    return Draft(ctx.plan, "arith", tuple(inputs), value, unit, expression=expr, operation=f.key, name=f.name,
                 extra={"formula": expression, "anchor": anchor}, notes=notes)


def formula_over_periods(ctx: Context) -> Draft:
    """A measure for each period, combined: its change (CHANGE/GROWTH), each period's value (SERIES),
    or the mean over the years of an n-year average (AVERAGE)."""
    plan = ctx.plan
    parts: list[Draft] = []
    for ask in plan.periods:
        sub = Context(ctx.reader, ctx.finder, plan.with_(periods=(ask,), operation=Op.FORMULA))
        parts.append(formula(sub))
    inputs: list[Input] = []
    exprs = []
    for part in parts:
        n = len(inputs)
        exprs.append(re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + n}]", part.expression))
        inputs.extend(part.inputs)
    f = plan.formula
    if plan.operation is Op.SERIES:
        return Draft(plan, "series", tuple(inputs), None, parts[0].unit, operation=f"{f.key} series", name=f.name,
                     extra={"parts": tuple(parts)})
    if plan.operation is Op.AVERAGE:
        expr = "(" + " + ".join(f"({e})" for e in exprs) + f") / {len(exprs)}"
        op = f"{f.key} average"
    elif plan.operation is Op.GROWTH:
        a, b = exprs[0], exprs[1]
        expr, op = f"(({b}) - ({a})) / ({a})", f"{f.key} growth"
    else:
        a, b = exprs[0], exprs[1]
        expr, op = f"({b}) - ({a})", f"{f.key} change"
    try:
        value = canonical(evaluate(expr, {i + 1: x.fact.value for i, x in enumerate(inputs)}).value)
    except ExpressionError as e:
        raise Unanswerable(f"The change in {f.name} is undefined for these inputs ({e}).") from None
    unit = "pure" if plan.operation is Op.GROWTH else parts[0].unit
    return Draft(plan, "arith", tuple(inputs), value, unit, expression=expr, operation=op, name=f.name,
                 extra={"parts": tuple(parts)})
