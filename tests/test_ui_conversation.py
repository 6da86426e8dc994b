"""The chat's conversation (ui.conversation): a turn takes from the question before it only what it
leaves open, is asked with exactly that, and the line under the chat says what was carried (over the
bundled samples, through the real engine)."""

from __future__ import annotations

from decimal import Decimal

from qa import ask, get_engine
from ui.conversation import Conversation, context_html, history

RSU_2022 = "What was the share-based compensation expense for RSUs in 2022?"


def _turn(conv: Conversation, text: str, index):
    turn = conv.start(text, get_engine(index).directory)
    turn.answer = ask(turn.question, index=index, previous=turn.previous)
    turn.pending = False
    return turn


def test_a_full_question_takes_nothing_and_says_so(sample_index):
    conv = Conversation()
    _turn(conv, RSU_2022, sample_index)
    second = _turn(conv, "How many restricted stock units vested in 2023?", sample_index)
    assert not second.carried and second.previous is None
    assert second.answer.value == Decimal("1587950")
    assert "was asked as written: nothing was carried" in context_html(conv)


def test_a_follow_up_says_exactly_what_it_took(sample_index):
    conv = Conversation()
    _turn(conv, RSU_2022, sample_index)
    year = _turn(conv, "and in 2021?", sample_index)
    assert year.carried.line_item and not year.carried.periods  # its own period, the line item carried
    assert year.answer.value == Decimal("35128000") and year.answer.verified
    line = context_html(conv)
    assert "took <b>line item “" in line and f"from “{RSU_2022}”" in line and "period" not in line.split("from")[0]
    member = _turn(conv, "what about options?", sample_index)
    assert member.carried.member_swapped and "line item with the new member" in context_html(conv)


def test_new_topic_and_history(sample_index):
    conv = Conversation()
    _turn(conv, RSU_2022, sample_index)
    conv.fresh_topic = True
    assert "New topic" in context_html(conv)
    alone = _turn(conv, "and in 2021?", sample_index)
    assert alone.previous is None and not alone.carried
    long = "How many RSUs vested? " * 40
    conv.turns[-1].question = long
    messages = history(conv)
    assert messages[0] == {"role": "user", "content": RSU_2022} and messages[-2]["content"].endswith("characters)")
