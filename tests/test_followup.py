"""Follow-ups fill only what the new question leaves open (qa.followup.carried): a self-contained
question is answered by ``ask(..., previous=...)`` exactly as when it is asked first, whatever was
asked before it. Real filings (Apple's 10-Q, Amazon's 10-K) from ../shared/corpus."""

from __future__ import annotations

import pytest

from qa import ask
from qa.followup import carried, follow_up
from qa.question import parse_question

pytestmark = [pytest.mark.corpus, pytest.mark.slow]

SIX_MONTHS = "What were Apple's net sales for the six months ended March 29, 2025?"


def _same(a, b) -> None:
    assert (a.status, a.value, a.unit, a.verified) == (b.status, b.value, b.unit, b.verified)
    assert [c.fact_id or c.chunk_id for c in a.citations] == [c.fact_id or c.chunk_id for c in b.citations]
    assert a.extra.get("fit_problems") == b.extra.get("fit_problems")


@pytest.fixture(scope="module")
def index(shared_corpus_index):
    return shared_corpus_index


@pytest.mark.parametrize("earlier, question", [
    (SIX_MONTHS, "Who audits Amazon?"),  # the reason "asks for six months" leaked into this one
    (SIX_MONTHS, "What was Amazon's net income in 2022?"),
    ("What was Amazon's total net sales in 2022?", "What was Apple's net income for the three months ended March 29, 2025?"),
    ("How did Amazon's total net sales change from 2021 to 2022?", "What was Netflix's revenues in 2009?"),
    ("What was Netflix's revenues in 2009?", "How did Amazon's total net sales change from 2021 to 2022?"),
])
def test_a_self_contained_question_is_answered_as_if_asked_first(index, earlier, question):
    first = ask(earlier, index=index)
    after = ask(question, index=index, previous=first.extra["question"])
    alone = ask(question, index=index)
    _same(after, alone)
    assert not after.abstained, after.text


def test_who_audits_amazon_after_an_apple_question_names_its_auditor(index):
    first = ask(SIX_MONTHS, index=index)
    after = ask("Who audits Amazon?", index=index, previous=first.extra["question"])
    assert "Ernst & Young" in after.text and "six months" not in after.text


def test_a_follow_up_still_keeps_what_it_leaves_open(index):
    first = ask(SIX_MONTHS, index=index)
    net_income = ask("and net income?", index=index, previous=first.extra["question"])
    (cite,) = [c for c in net_income.citations if c.kind == "fact"][:1]
    assert cite.entity == "Apple Inc." and cite.period == "2024-09-29..2025-03-29"  # Apple, six months, kept
    assert "net income" in cite.row.lower() and net_income.verified


def test_carried_says_exactly_what_is_taken(index):
    from qa import get_engine

    directory = get_engine(index).directory
    first = parse_question(SIX_MONTHS, directory)
    assert not carried(parse_question("Who audits Amazon?", directory), first)
    assert not carried(parse_question("And what was Amazon's net income in 2022?", directory), first)
    new_line = carried(parse_question("and net income?", directory), first)
    assert new_line.companies == ("Apple Inc.",) and new_line.periods == first.periods and not new_line.line_item
    new_period = carried(parse_question("what about the three months ended March 29, 2025?", directory), first)
    assert new_period.companies == ("Apple Inc.",) and not new_period.periods and new_period.line_item
    new_company = carried(parse_question("what about Amazon?", directory), first)
    assert not new_company.companies and new_company.periods == first.periods and new_company.line_item
    q = parse_question("Who audits Amazon?", directory)
    assert follow_up(q, first) is q
