"""Follow-ups as an analyst types them in the chat (qa.followup): what is kept, what is replaced."""

from __future__ import annotations

from qa.entities import EntityDirectory
from qa.followup import follow_up, reads_as_follow_up
from qa.question import parse_question

COMPANIES = EntityDirectory([("Apple Inc.", "320193", "AAPL"), ("AMAZON.COM, INC.", "1018724", "AMZN")])


def _with_company(text: str, company: str):
    q = parse_question(text, COMPANIES)
    assert q.entities == (company,)
    return q


def test_new_line_item_keeps_company_and_period():
    first = _with_company("What was Apple's revenue in 2024?", "Apple Inc.")
    q = follow_up(parse_question("and net income?"), first)
    assert q.entities == ("Apple Inc.",)
    assert [p.year for p in q.periods] == [2024]
    assert q.tokens == parse_question("net income").tokens  # the new line item, revenue gone


def test_new_period_keeps_line_item_and_company():
    first = _with_company("What was Apple's net income in 2024?", "Apple Inc.")
    q = follow_up(parse_question("what about 2021?"), first)
    assert q.entities == ("Apple Inc.",)
    assert q.tokens == first.tokens
    assert [p.year for p in q.periods] == [2021]
    assert q.text == "what about 2021?"


def test_a_named_company_replaces_the_previous_one():
    first = _with_company("What was Apple's net income in 2024?", "Apple Inc.")
    second = parse_question("and for Amazon?", COMPANIES)
    q = follow_up(second, first)
    assert q.entities == ("AMAZON.COM, INC.",) and q.tokens == first.tokens and [p.year for p in q.periods] == [2024]


def test_one_word_follow_up_swaps_the_member():
    first = parse_question("What was the share-based compensation expense for RSUs in 2022?")
    q = follow_up(parse_question("what about options?"), first)
    assert "option" in " ".join(q.tokens) and "rsu" not in " ".join(q.tokens).lower()
    assert "compens" in " ".join(q.tokens) and [p.year for p in q.periods] == [2022]


def test_a_full_question_stands_alone():
    first = _with_company("What was Apple's net income in 2024?", "Apple Inc.")
    q = parse_question("How many shares were outstanding at the end of 2022?")
    assert not reads_as_follow_up(q)
    assert follow_up(q, first) is q
    assert follow_up(q, None) is q
