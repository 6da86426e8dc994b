"""The judge (qa.check) refuses an answer with any one attribute wrong.

Property tests: from answers the pipeline verifies over the bundled sample filings, hypothesis builds
plan/citation pairs with exactly one thing wrong - the company, the period, the member, the line, the
unit asked, a number in the text - and asserts the judge refuses each. The facts come from the real
index (the judge re-reads them by id), and the mutated answer is re-composed so its words and numbers
agree with what it cites: only the one wrong attribute is left to catch.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.check import judge
from qa.plan import Company, Output, PeriodAsk
from qa.present import compose
from qa.resolve import Context, Input, resolve

BASE = [
    "How many RSUs vested in 2022?",
    "What was the share-based compensation expense for RSUs in 2022?",
    "What was the share-based compensation expense for options in 2021?",
    "How many options were exercisable as of December 31, 2022?",
    "How much did RSU share-based compensation expense change from 2021 to 2022?",
]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                             HealthCheck.too_slow])


@pytest.fixture(scope="module")
def verified(engine):
    """(plan, draft) of each base question the pipeline answers verified."""
    out = []
    for q in BASE:
        plan = engine.read(q)
        draft = resolve(Context(engine.reader, engine.finder, plan), engine.vector(plan.core))
        answer = compose(draft)
        assert judge(plan, draft, answer, engine.reader).verified, (q, judge(plan, draft, answer, engine.reader))
        out.append((plan, draft))
    return out


def _verdict(engine, plan, draft):
    return judge(plan, draft, compose(draft), engine.reader)


def _with_fact(draft, i, g):
    """The draft with input ``i`` replaced by fact ``g``, its value and arithmetic redone."""
    inputs = list(draft.inputs)
    inputs[i] = Input(g, inputs[i].slot)
    if draft.kind == "lookup":
        return replace(draft, inputs=tuple(inputs), value=g.value, unit=g.unit)
    from qa.expression import evaluate

    value = evaluate(draft.expression, {k + 1: x.fact.value for k, x in enumerate(inputs)}).value
    return replace(draft, inputs=tuple(inputs), value=value)


def _others(engine, f, differ: str):
    """Facts of the same filing that differ from ``f`` in exactly one attribute, with another value."""
    pool = engine.reader.query_facts("filing_id = ?", [f.filing_id], limit=5000)
    out = []
    for g in pool:
        if g.fact_id == f.fact_id or g.value is None or g.value == f.value or g.unit != f.unit:
            continue
        same_line = (g.label, g.concept) == (f.label, f.concept)
        if differ == "period" and same_line and g.dimensions == f.dimensions and set(g.periods).isdisjoint(f.periods) \
                and (g.period is not None or f.period is not None):
            out.append(g)
        elif differ == "member" and same_line and g.dimensions != f.dimensions and set(g.periods) & set(f.periods):
            out.append(g)
        elif differ == "line" and not same_line and g.dimensions == f.dimensions and set(g.periods) & set(f.periods) \
                and g.label.split()[0].lower() != f.label.split()[0].lower():
            out.append(g)
    return out


@SETTINGS
@given(data=st.data())
def test_a_fact_of_another_period_member_or_line_is_refused(engine, verified, data):
    plan, draft = data.draw(st.sampled_from(verified))
    i = data.draw(st.integers(0, len(draft.inputs) - 1))
    differ = data.draw(st.sampled_from(["period", "member", "line"]))
    others = _others(engine, draft.inputs[i].fact, differ)
    if not others:
        return
    g = data.draw(st.sampled_from(others))
    v = _verdict(engine, plan, _with_fact(draft, i, g))
    assert not v.verified, (plan.text, differ, g.label, g.member_text, g.periods, v)


@SETTINGS
@given(data=st.data())
def test_another_company_asked_is_refused(engine, verified, data):
    plan, draft = data.draw(st.sampled_from(verified))
    name = data.draw(st.sampled_from(["Apple Inc.", "AMAZON.COM, INC.", "Other Co"]))
    v = _verdict(engine, replace(plan, companies=(Company(name),)), draft)
    assert not v.verified and v.fatal


@SETTINGS
@given(data=st.data())
def test_another_period_asked_is_refused(engine, verified, data):
    plan, draft = data.draw(st.sampled_from(verified))
    years = data.draw(st.integers(2010, 2030).filter(lambda y: y not in {p.year for p in plan.periods}))
    relation = data.draw(st.sampled_from(["fy", "in", "end", "quarter"]))
    ask = PeriodAsk(relation, years, quarter=2 if relation == "quarter" else None)
    periods = (ask,) + plan.periods[1:]
    v = _verdict(engine, replace(plan, periods=periods), replace(draft, inputs=tuple(
        replace(x, slot=replace(x.slot, period=ask if x.slot.period == plan.periods[0] else x.slot.period)) for x in draft.inputs)))
    assert not v.verified and v.fatal


@SETTINGS
@given(data=st.data())
def test_another_kind_of_number_asked_is_refused(engine, verified, data):
    plan, draft = data.draw(st.sampled_from(verified))
    kinds = {"shares": ["money", "percent", "per_share"], "CNY": ["percent", "count", "per_share"]}.get(draft.unit, ["percent"])
    kind = data.draw(st.sampled_from(kinds))
    v = _verdict(engine, replace(plan, output=Output(unit_kind=kind)), draft)
    assert not v.verified


@SETTINGS
@given(data=st.data())
def test_a_number_the_citations_do_not_hold_is_refused(engine, verified, data):
    plan, draft = data.draw(st.sampled_from(verified))
    answer = compose(draft)
    stray = data.draw(st.decimals(min_value=Decimal(11), max_value=Decimal(10 ** 9), places=0, allow_nan=False))
    cited = {abs(Decimal(c.value)) for c in answer.citations if c.value} | ({abs(draft.value)} if draft.value is not None else set())
    if any(stray in {v, v.scaleb(-3), v.scaleb(-6)} for v in cited):
        return
    v = judge(plan, draft, replace(answer, text=f"{answer.text} It was {stray:,} before."), engine.reader)
    assert not v.verified


def test_a_quotation_is_never_verified(engine):
    a = engine.ask("How do the options vest?")
    assert not a.abstained and not a.verified


def test_one_fact_standing_for_both_periods_of_a_change_is_refused(engine, verified):
    plan, draft = verified[4]  # a change: two inputs of one line over two periods
    same = replace(draft, inputs=(draft.inputs[1], draft.inputs[1]), expression="[2] - [1]", value=Decimal(0))
    assert not _verdict(engine, plan, same).verified


def test_the_judge_refuses_a_line_moving_the_other_way_and_accepts_a_movement_the_question_says():
    from index.facts import Fact
    from qa.check.lines import line_problem
    from qa.read.items import line_item

    def line(label: str) -> Fact:
        return Fact(fact_id=label, filing_id="x", source="s.xml", title="Income Taxes (Details)", label=label,
                    raw="1", value=Decimal(1), unit="USD", concept="")

    asked = line_item("increases in tax positions for prior years")
    assert "other way" in line_problem(asked, line("Decreases in tax positions for prior years"))
    assert line_problem(asked, line("Increases in tax positions for prior years")) == ""
    assert "change over the period" in line_problem(line_item("tax positions for prior years"),
                                                    line("Increases in tax positions for prior years"))
