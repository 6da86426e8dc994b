"""The verifier is a real check: an answer whose text or value strays from its citations fails it.
The 'LLM' here is a fake composer (no model runs offline), and it can fail the test."""

from dataclasses import replace
from decimal import Decimal

from qa.verify import numbers_in, verify


def _fake_llm_rewrite(answer, text):
    """What an LLM writer would do: restate the answer in its own words."""
    return replace(answer, text=text)


def test_engine_answers_verify(engine):
    a = engine.ask("What was the share-based compensation expense for RSUs in 2022?")
    ok, problems = verify(a)
    assert ok and not problems


def test_wrong_scale_in_text_is_caught(engine):
    a = engine.ask("What was the share-based compensation expense for RSUs in 2022?")
    bad = _fake_llm_rewrite(a, "RSU expense was CNY 28,322,000,000 in 2022 [1].")  # thousands applied twice
    ok, problems = verify(bad)
    assert not ok and "28322000000" in problems[0]


def test_invented_number_is_caught(engine):
    a = engine.ask("How many RSUs vested in 2022?")
    ok, _ = verify(_fake_llm_rewrite(a, a.text + " This was up 12% on the prior year."))
    assert not ok
    ok, _ = verify(_fake_llm_rewrite(a, "10,326,250 RSUs vested in 2022 [1]."))
    assert ok


def test_wrong_value_is_caught(engine):
    a = engine.ask("How many RSUs vested in 2022?")
    ok, problems = verify(replace(a, value=Decimal("10326251")))
    assert not ok and "equals no cited fact" in problems[0]


def test_computation_must_recompute(engine):
    a = engine.ask("What was the total share-based compensation expense for options and RSUs in 2022?")
    assert verify(a)[0]
    tampered = replace(a, computation=replace(a.computation, result=Decimal("30150001")), value=Decimal("30150001"))
    ok, problems = verify(tampered)
    assert not ok and any("recompute" in p for p in problems)


def test_dates_markers_and_file_names_are_not_quantities():
    assert numbers_in("In 2023 [1] on Dec. 31, 2023 (000_7fa0d5a809f76b6d.txt) it was 1,587,950.") == [Decimal("1587950")]


def test_digits_in_the_cited_company_name_are_not_quantities(engine):
    """Filers' names carry digits ('1-800-FLOWERS.COM, Inc.', 'Synth 0001 Holdings'); the answer
    names the company it cites, and that is not a number to trace. A name the citations do not
    carry stays checked."""
    a = engine.ask("How many RSUs vested in 2022?")
    name = "1-800-FLOWERS.COM, Inc."
    cited = replace(a, citations=tuple(replace(c, entity=name) for c in a.citations))
    assert verify(_fake_llm_rewrite(cited, f"{name} — 10,326,250 RSUs vested in 2022 [1]."))[0]
    ok, problems = verify(_fake_llm_rewrite(a, f"{name} — 10,326,250 RSUs vested in 2022 [1]."))
    assert not ok and any("800" in p for p in problems)

