"""Follow-ups as an analyst types them in the chat (qa.read.followup): what is kept, what is replaced, and
that a complete question is never changed by the one before it."""

from __future__ import annotations

from qa.read import Reader
from qa.read.companies import CompanyDirectory

READER = Reader(CompanyDirectory([("Apple Inc.", "320193", "AAPL"), ("AMAZON.COM, INC.", "1018724", "AMZN")]))


def _read(text: str, previous=None):
    return READER.read(text, previous=previous)


def _names(plan):
    return tuple(c.name for c in plan.companies)


def test_new_line_item_keeps_company_and_period():
    first = _read("What was Apple's revenue in 2024?")
    q = _read("and net income?", first)
    assert _names(q) == ("Apple Inc.",) and [p.year for p in q.periods] == [2024]
    assert q.item.metric == "net_income"  # the new line item, revenue gone
    assert any(c.startswith("company") for c in q.carried) and any(c.startswith("period") for c in q.carried)


def test_new_period_keeps_line_item_and_company():
    first = _read("What was Apple's net income in 2024?")
    q = _read("what about 2021?", first)
    assert _names(q) == ("Apple Inc.",) and q.item.metric == "net_income"
    assert [p.year for p in q.periods] == [2021] and q.text == "what about 2021?"


def test_a_named_company_replaces_the_previous_one():
    first = _read("What was Apple's net income in 2024?")
    q = _read("and for Amazon?", first)
    assert _names(q) == ("AMAZON.COM, INC.",) and q.item.metric == "net_income" and [p.year for p in q.periods] == [2024]


def test_one_word_follow_up_swaps_the_member():
    first = _read("What was the share-based compensation expense for RSUs in 2022?")
    q = _read("what about options?", first)
    assert "option" in q.item.words and "rsu" not in q.item.words
    assert "compens" in q.item.words and [p.year for p in q.periods] == [2022]


def test_a_complete_question_stands_alone():
    first = _read("What was Apple's net income for the six months ended March 29, 2025?")
    for text in ("How many shares were outstanding at the end of 2022?", "Who audits Amazon?",
                 "What were Amazon's total net sales for 2022?"):
        q = _read(text, first)
        assert q == _read(text) and not q.carried, text
    assert _read("Who audits Amazon?", first).periods == ()


def test_its_keeps_the_company_only():
    first = _read("What was Apple's net income in 2024?")
    q = _read("What was its revenue in 2023?", first)
    assert _names(q) == ("Apple Inc.",) and [p.year for p in q.periods] == [2023] and q.item.metric == "revenue"
