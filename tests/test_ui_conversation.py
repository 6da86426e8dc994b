"""The chat's conversation (ui.conversation): each question is asked with the previous answer as its
context, takes from it only what it leaves open (the core says what, in ``answer.extra["carried"]``),
and the line under the chat says exactly that. Over the bundled samples and, for the faults of issue
23 (a complete question refused with a reason taken from the one before), over ../shared/corpus;
always through the real engine."""

from __future__ import annotations

from decimal import Decimal

import pytest

from qa import ask
from ui.conversation import Conversation, context_html, history

RSU_2022 = "What was the share-based compensation expense for RSUs in 2022?"
SIX_MONTHS = "What were Apple's net sales for the six months ended March 29, 2025?"


def _turn(conv: Conversation, text: str, index):
    turn = conv.start(text)
    turn.answer = ask(turn.question, index=index, previous=turn.previous)
    turn.pending = False
    return turn


def test_a_full_question_takes_nothing_and_says_so(sample_index):
    conv = Conversation()
    _turn(conv, RSU_2022, sample_index)
    second = _turn(conv, "How many restricted stock units vested in 2023?", sample_index)
    assert second.previous is not None and second.carried == ()  # asked with the context, took nothing
    assert second.answer.value == Decimal("1587950")
    assert "was asked as written: nothing was carried" in context_html(conv)


def test_a_follow_up_says_exactly_what_it_took(sample_index):
    conv = Conversation()
    _turn(conv, RSU_2022, sample_index)
    year = _turn(conv, "and in 2021?", sample_index)
    assert any(c.startswith("line item") for c in year.carried)
    assert not any(c.startswith("period") for c in year.carried)  # its own period
    assert year.answer.value == Decimal("35128000") and year.answer.verified
    line = context_html(conv)
    assert "took <b>line item" in line and f"from “{RSU_2022}”" in line and "period" not in line.split("from")[0]
    member = _turn(conv, "what about options?", sample_index)
    assert any(c.startswith("line item") for c in member.carried)
    assert "took <b>" in context_html(conv) and "and in 2021?" in context_html(conv)


def test_new_topic_pending_and_history(sample_index):
    conv = Conversation()
    _turn(conv, RSU_2022, sample_index)
    pending = conv.start("and in 2021?")
    assert pending.previous is not None and "is read against" in context_html(conv)
    conv.turns.pop()
    conv.fresh_topic = True
    assert "New topic" in context_html(conv)
    alone = _turn(conv, "and in 2021?", sample_index)
    assert alone.previous is None and alone.carried == ()
    long = "How many RSUs vested? " * 40
    conv.turns[-1].question = long
    messages = history(conv)
    assert messages[0] == {"role": "user", "content": RSU_2022} and messages[-2]["content"].endswith("characters)")


def _same(a, b) -> None:
    assert (a.status, a.value, a.unit, a.verified) == (b.status, b.value, b.unit, b.verified)
    assert [c.fact_id or c.chunk_id for c in a.citations] == [c.fact_id or c.chunk_id for c in b.citations]
    assert a.extra.get("fit_problems") == b.extra.get("fit_problems")


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize("earlier, question", [
    (SIX_MONTHS, "Who audits Amazon?"),  # the reason "asks for six months" once leaked into this one
    (SIX_MONTHS, "What was Amazon's net income in 2022?"),
    ("What was Amazon's total net sales in 2022?", "What was Apple's net income for the three months ended March 29, 2025?"),
    ("How did Amazon's total net sales change from 2021 to 2022?", "What was Netflix's revenues in 2009?"),
    ("What was Netflix's revenues in 2009?", "How did Amazon's total net sales change from 2021 to 2022?"),
])
def test_a_self_contained_question_in_the_chat_is_answered_as_if_asked_first(shared_corpus_index, earlier, question):
    conv = Conversation()
    _turn(conv, earlier, shared_corpus_index)
    after = _turn(conv, question, shared_corpus_index)
    assert after.carried == () and "nothing was carried" in context_html(conv)
    _same(after.answer, ask(question, index=shared_corpus_index))
    assert not after.answer.abstained, after.answer.text


@pytest.mark.corpus
@pytest.mark.slow
def test_who_audits_amazon_after_apple_and_a_follow_up_that_keeps_apple(shared_corpus_index):
    conv = Conversation()
    _turn(conv, SIX_MONTHS, shared_corpus_index)
    auditor = _turn(conv, "Who audits Amazon?", shared_corpus_index)
    assert "Ernst & Young" in auditor.answer.text and "six months" not in auditor.answer.text
    _turn(conv, SIX_MONTHS, shared_corpus_index)
    net_income = _turn(conv, "and net income?", shared_corpus_index)
    cite = next(c for c in net_income.answer.citations if c.kind == "fact")
    assert cite.entity == "Apple Inc." and cite.period == "2024-09-29..2025-03-29"  # Apple, six months, kept
    assert "net income" in cite.row.lower() and net_income.answer.verified
    assert any(c.startswith("company") for c in net_income.carried) and any(c.startswith("period") for c in net_income.carried)


def test_an_earlier_abstention_lists_its_suggestions_in_its_text():
    from qa import Answer, AnswerStatus

    no = Answer(question="Netflix revenue in 2020?", status=AnswerStatus.ABSTAINED, text="…", reason="Not reported for 2020.",
                suggestions=("What was Netflix's revenues in 2009?",))
    conv = Conversation()
    for text in ("Netflix revenue in 2020?", "and in 2009?"):
        conv.start(text).answer, conv.turns[-1].pending = no, False
    first, last = history(conv)[1], history(conv)[3]
    assert "<li>What was Netflix&#x27;s revenues in 2009?</li>" in first["content"] and "options" in first
    assert "<li>" not in last["content"] and last["options"][0]["value"] == "What was Netflix's revenues in 2009?"
