"""ask() over the bundled samples: values, units, citations down to the row/cell, verification,
abstention, arithmetic, text answers, bad input."""

from decimal import Decimal

import pytest

from index.errors import InvalidQuestion
from qa import AnswerStatus
from tests.conftest import SEED_NOTE, SEED_RSU, SEED_SUBSEQUENT


def test_headline_rsus_vested_2023(engine):
    a = engine.ask("How many restricted stock units vested in 2023?")
    assert a.status is AnswerStatus.ANSWERED and not a.abstained
    # the flattened table leaves the cell's column open: the figure is given, with its candidate columns, and not vouched for
    assert a.value == Decimal("1587950") and a.unit == "shares" and not a.verified
    assert any("does not say which column" in p for p in a.extra["fit_problems"])
    c = a.citations[0]
    assert c.source == SEED_RSU.name and c.title == "SHARE-BASED COMPENSATION (Details Narrative)"
    assert c.row == "Restricted stock units, vested" and c.raw == "1,587,950"
    assert "2023-12-31" in c.period
    assert "[1]" in a.text
    assert "open" in a.text  # the period is honestly uncertain in the flattened table


@pytest.mark.parametrize(
    "question, value, unit, source, raw",
    [
        ("How many RSUs vested in 2022?", "10326250", "shares", None, None),
        ("What was the share-based compensation expense for RSUs in 2022?", "28322000", "CNY", SEED_RSU.name, "¥ 28,322"),
        ("What was the share-based compensation expense for options in 2023?", "5628000", "CNY", SEED_RSU.name, "¥ 5,628"),
        ("How many RSUs were granted to employees on January 1, 2020?", "49964000", "shares", SEED_RSU.name, "49,964,000"),
        ("How many stock options were granted to independent directors in 2019?", "720000", "shares", SEED_RSU.name, "720,000"),
        ("What was the unrecognized compensation expense for RSUs at the end of 2022?", "14592000", "CNY", SEED_RSU.name, None),
        ("What is the maximum conversion price per share of the Ascent Convertible Debentures?", "0.33", "USD/shares", SEED_SUBSEQUENT.name, "$ 0.33"),
        ("How many options were forfeited in 2021?", "5655230", "shares", SEED_NOTE.name, "(5,655,230"),
        ("How many options were exercisable as of December 31, 2022?", "60169040", "shares", SEED_NOTE.name, "60,169,040"),
    ],
)
def test_lookups(engine, question, value, unit, source, raw):
    a = engine.ask(question)
    assert not a.abstained, a.text
    assert a.value == Decimal(value), a.text
    assert a.unit == unit
    assert a.verified, a.extra["verify_problems"]
    if source:
        assert a.citations[0].source == source
    if raw:
        assert a.citations[0].raw == raw


def test_same_number_from_two_sources_is_cited_twice(engine):
    a = engine.ask("How many RSUs vested in 2022?")
    assert {c.source for c in a.citations} == {SEED_RSU.name, SEED_NOTE.name}


def test_abstains_when_no_filing_reports_it(engine):
    for q in ("What was the company's revenue in 2022?", "What was net income in 2023?", "How many employees does the company have?"):
        a = engine.ask(q)
        assert a.abstained and a.status is AnswerStatus.ABSTAINED, (q, a.text)
        assert a.value is None and not a.verified and a.reason


def test_abstains_for_a_period_not_reported(engine):
    a = engine.ask("How many restricted stock units vested in 2015?")
    assert a.abstained and "2015" in a.text


def test_arithmetic_sum_of_members(engine):
    a = engine.ask("What was the total share-based compensation expense for options and RSUs in 2022?")
    assert a.kind == "arith" and a.value == Decimal("30150000") and a.unit == "CNY" and a.verified
    assert {c.raw for c in a.citations} == {"¥ 1,828", "¥ 28,322"}
    assert a.computation.operation == "sum"


def test_arithmetic_change_between_years(engine):
    a = engine.ask("How much did RSU share-based compensation expense change from 2021 to 2022?")
    assert a.kind == "arith" and a.value == Decimal("-6806000") and a.verified


def test_number_only_in_the_note_text_with_inferred_scale(engine):
    a = engine.ask("What was the share option expense in 2020?")
    # a number only the prose states is flagged for the fit check, which never calls it a reported fact
    assert a.value == Decimal("52870000") and a.unit == "CNY" and a.extra.get("quoted_prose") is True
    assert a.citations[0].kind == "text" and "RMB 52,870" in a.citations[0].snippet


def test_change_between_years_only_the_note_text_states(engine):
    # "RMB 60,217 and RMB 14,592 ... as of December 31, 2021 and 2022": no table row holds these
    a = engine.ask("How much did unrecognized RSU compensation expense decrease from 2021 to 2022?")
    assert a.value == Decimal("45625000") and a.unit == "CNY" and not a.verified
    assert a.extra.get("quoted_prose") is True and [c.raw for c in a.citations[:2]] == ["RMB 60,217", "RMB 14,592"]
    g = engine.ask("What was the growth rate of RSU expense from 2020 to 2021?")
    assert g.unit == "pure" and abs(g.value - Decimal("-0.228091764")) < Decimal("0.000001") and not g.verified


def test_a_sentence_with_two_numbers_for_one_year_is_no_series():
    from index.facts import Chunk
    from qa.find.passages import Asked, Passage
    from qa.find.prosenumbers import prose_series
    from qa.lexicon.words import canonical_tokens
    from qa.plan import PeriodAsk

    def ask(sentence):
        chunk = Chunk(chunk_id="c", filing_id="f", source="s.txt", title="Note", kind="text", text=sentence, display=sentence, position=0)
        years = tuple(PeriodAsk("end", year=y) for y in (2021, 2022))
        return prose_series([Passage(chunk, 1.0, None, None)], Asked("", tuple(canonical_tokens("unrecognized expense")), "", (), years))

    one = ask("There was RMB 2,573 and RMB 616 in total unrecognized expense as of December 31, 2021 and 2022, respectively.")
    assert [n.number_text for n in one[0].numbers] == ["RMB 2,573", "RMB 616"]
    two = ask("Unrecognized expense was RMB 2,573 and RMB 616 for options and RMB 60,217 and RMB 14,592 for RSUs "
              "as of December 31, 2021 and 2022.")
    assert two == []


def test_narrative_answer_quotes_the_note(engine):
    a = engine.ask("How do the options vest?")
    assert not a.abstained and a.kind == "narrative" and not a.verified  # a quotation is never a verified figure
    assert "second anniversary" in a.text
    assert a.citations[0].source == SEED_NOTE.name and a.citations[0].kind == "text"


def test_table_and_text_disagreement_is_shown(engine):
    a = engine.ask("How many RSUs were granted to external consultants on January 1, 2021?")
    assert a.value == Decimal("29170000")
    assert "disagree" in a.text and "employees" in a.text


def test_follow_up_keeps_the_metric(engine):
    first = engine.ask("What was the share-based compensation expense for RSUs in 2022?")
    follow = engine.ask("and in 2021?", previous=first.extra["question"])
    assert follow.value == Decimal("35128000") and follow.verified


@pytest.mark.parametrize("bad, match", [("", "empty"), ("   ", "empty"), ("x" * 10_000, "10,000 characters"), ("???", "no words")])
def test_bad_questions_raise_a_clear_error(engine, bad, match):
    with pytest.raises(InvalidQuestion, match=match):
        engine.ask(bad)


def test_json_contract(engine):
    d = engine.ask("How many restricted stock units vested in 2023?").to_dict()
    assert set(d) == {"status", "abstained", "text", "value", "unit", "verified", "citations"}
    assert d["value"] == "1587950" and isinstance(d["citations"][0], dict)
    assert {"source", "title", "row", "period", "unit", "scale", "raw", "snippet"} <= set(d["citations"][0])


def test_typos_are_read_as_the_label_words(engine):
    a = engine.ask("How many restriced stock units vestd in 2023?")
    assert a.value == Decimal("1587950")
    assert "“restriced” as “restricted”" in a.text


def test_multi_step_share_of_a_total_the_filing_does_not_print(engine):
    a = engine.ask("What percentage of total share-based compensation expense in 2022 was RSU expense?")
    assert a.kind == "arith" and a.verified and a.unit == "pure"
    assert abs(a.value - Decimal(28322) / Decimal(30150)) < Decimal("1e-12")
    assert a.computation.expression == "[1] / ([2] + [1])" or a.computation.expression == "[1] / ([1] + [2])"
    assert len(a.citations) == 2  # the RSU cell is the part and one of the whole's parts: cited once
    assert "93.94%" in a.text


def test_growth_rate(engine):
    a = engine.ask("By what percentage did option expense decline from 2021 to 2022?")
    assert a.kind == "arith" and a.verified
    assert abs(a.value - (Decimal(1828) - Decimal(20782)) / Decimal(20782)) < Decimal("1e-12")
    assert "−91.20%" in a.text


def test_a_change_compares_one_line_item_with_itself(engine):
    # 'RSU expense' alone must not take 2021 from the expense row and 2022 from the unrecognized-cost row
    a = engine.ask("How did RSU expense change from 2021 to 2022?")
    assert a.kind == "arith" and a.value == Decimal("-6806000") and a.verified
    assert {c.row for c in a.citations} == {"Restricted Stock Units (RSUs) › Allocated share based compensation expense"}


@pytest.mark.parametrize("question", ["What was the share-based compensation expense for RSUs in 2015?",
                                      "How many RSUs vested in 2012?"])
def test_a_period_not_reported_suggests_questions_that_are_answered(engine, question):
    a = engine.ask(question)
    assert a.abstained and "but not for" in a.reason and len(a.suggestions) == 2
    for suggestion in a.suggestions:  # the user's own question, for a period the filing reports
        assert suggestion.startswith(question.split(" in ")[0])
        b = engine.ask(suggestion)
        assert not b.abstained and b.value is not None, suggestion


def test_a_movement_asked_is_never_answered_by_a_balance(engine):
    # 'decrease in cash … for fiscal 2020' was answered with the year-end cash balance and marked verified
    a = engine.ask("What was the decrease in options outstanding in 2022?")
    assert a.abstained and "balance at a date" in a.reason
    assert engine.ask("How many options were outstanding as of December 31, 2022?").verified
