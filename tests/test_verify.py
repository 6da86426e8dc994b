"""The number check of the judge (qa.check.numbers) is a real check: an answer whose text or value strays
from its citations fails it - sign and quotations included. The 'LLM' here is a fake composer (no model
runs offline) that rewrites an answer in its own words, and it can fail the test."""

from dataclasses import replace
from decimal import Decimal

from qa.check.numbers import number_problems, signed_numbers
from qa.expression import recompute


def _problems(a):
    comp = a.computation
    return number_problems(a.text, a.citations, comp.expression if comp else "", a.value)


def _fake_llm_rewrite(answer, text):
    """What an LLM writer would do: restate the answer in its own words."""
    return replace(answer, text=text)


def test_engine_answers_check(engine):
    a = engine.ask("What was the share-based compensation expense for RSUs in 2022?")
    assert not _problems(a)


def test_wrong_scale_in_text_is_caught(engine):
    a = engine.ask("What was the share-based compensation expense for RSUs in 2022?")
    problems = _problems(_fake_llm_rewrite(a, "RSU expense was CNY 28,322,000,000 in 2022 [1]."))  # thousands applied twice
    assert problems and "28322000000" in problems[0]


def test_invented_number_is_caught(engine):
    a = engine.ask("How many RSUs vested in 2022?")
    assert _problems(_fake_llm_rewrite(a, a.text + " This was up 12% on the prior year."))
    assert not _problems(_fake_llm_rewrite(a, "10,326,250 RSUs vested in 2022 [1]."))


def test_a_sign_that_is_not_cited_is_caught(engine):
    a = engine.ask("How much did RSU share-based compensation expense change from 2021 to 2022?")
    assert a.value == Decimal("-6806000") and not _problems(a)
    assert _problems(_fake_llm_rewrite(a, "The expense rose by CNY 6,806,000 [1] [2]."))  # the cited change is negative


def test_a_quotation_must_be_found_in_the_passage_cited(engine):
    a = engine.ask("How do the options vest?")
    assert not _problems(a)
    first = a.citations[0].raw
    assert _problems(_fake_llm_rewrite(a, a.text.replace(first[:30], "Options vest 100% on day one")))


def test_computation_must_recompute(engine):
    a = engine.ask("What was the total share-based compensation expense for options and RSUs in 2022?")
    assert recompute(a.computation, a.citations) == a.value
    tampered = replace(a, citations=(replace(a.citations[0], value="1829000"),) + a.citations[1:])
    assert recompute(a.computation, tampered.citations) != a.value


def test_dates_markers_and_file_names_are_not_quantities():
    assert signed_numbers("In 2023 [1] on Dec. 31, 2023 (000_7fa0d5a809f76b6d.txt) it was 1,587,950.") == [Decimal("1587950")]
    assert signed_numbers("a change of −USD 1,781 and (2,722)") == [Decimal("-1781"), Decimal("-2722")]


def test_digits_in_the_cited_company_name_are_not_quantities(engine):
    """Filers' names carry digits ('1-800-FLOWERS.COM, Inc.'); the answer names the company it cites, and
    that is not a number to trace. A name the citations do not carry stays checked."""
    a = engine.ask("How many RSUs vested in 2022?")
    name = "1-800-FLOWERS.COM, Inc."
    cited = replace(a, citations=tuple(replace(c, entity=name) for c in a.citations))
    assert not _problems(_fake_llm_rewrite(cited, f"{name} — 10,326,250 RSUs vested in 2022 [1]."))
    problems = _problems(_fake_llm_rewrite(a, f"{name} — 10,326,250 RSUs vested in 2022 [1]."))
    assert problems and any("800" in p for p in problems)


def test_a_rounding_is_allowed_only_when_asked_and_only_to_the_digits_asked(engine):
    a = engine.ask("What was the share-based compensation expense for RSUs in 2022, rounded to the nearest million?")
    assert a.verified and "CNY 28 million" in a.text  # reported ¥ 28,322 thousand
    shown = _fake_llm_rewrite(a, "RSU expense was CNY 28 million in 2022 [1].")
    assert not number_problems(shown.text, shown.citations, "", shown.value, decimals=0)
    assert number_problems(shown.text, shown.citations, "", shown.value)  # not asked to round: 28 million is another number
    assert number_problems("RSU expense was CNY 29 million in 2022 [1].", a.citations, "", a.value, decimals=0)
    assert number_problems("RSU expense was CNY 28.3 million in 2022 [1].", a.citations, "", a.value, decimals=0)


def test_an_other_line_is_the_remainder_not_the_line_asked():
    from index.facts import Fact
    from qa.check.lines import line_problem
    from qa.read.items import line_item

    other = Fact(fact_id="f", filing_id="x", source="s.xml", title="Comprehensive income", label="Other comprehensive income (loss)",
                 raw="1,965", value=Decimal("1965"), unit="USD", concept="us-gaap:OtherComprehensiveIncomeLossNetOfTax")
    assert "narrower" in line_problem(line_item("comprehensive income"), other)
    assert line_problem(line_item("other comprehensive income"), other) == ""


def test_including_a_holders_portion_asks_for_the_whole_not_either_part():
    """'Comprehensive income including the portion attributable to noncontrolling interest' is the
    consolidated total: the parent's part and the noncontrolling interest's own part are refused, a
    line that says it includes that portion (or names no holder) is the one asked."""
    from index.facts import Fact
    from qa.check.lines import line_problem
    from qa.read.items import line_item

    def line(label, concept, value):
        return Fact(fact_id=label, filing_id="x", source="s.xml", title="Statements of Comprehensive Income", label=label,
                    raw=str(value), value=Decimal(value), unit="USD", concept=concept)

    asked = line_item("comprehensive income net of tax including portion attributable to noncontrolling interest")
    assert asked.including and "noncontrol" not in asked.words  # what it includes is not a word a line must say
    parent = line("Comprehensive income attributable to common stockholders",
                  "us-gaap:ComprehensiveIncomeNetOfTax", "1410")
    minority = line("Less: Comprehensive income attributable to noncontrolling interests",
                    "us-gaap:ComprehensiveIncomeNetOfTaxAttributableToNoncontrollingInterest", "16")
    whole = line("Comprehensive income, including portion attributable to noncontrolling interest",
                 "us-gaap:ComprehensiveIncomeNetOfTaxIncludingPortionAttributableToNoncontrollingInterest", "1426")
    plain = line("Comprehensive income", "us-gaap:ComprehensiveIncomeNetOfTaxIncludingPortionAttributableToNoncontrollingInterest", "1426")
    assert "portion attributable" in line_problem(asked, parent)
    assert "portion attributable" in line_problem(asked, minority)
    assert line_problem(asked, whole) == "" and line_problem(asked, plain) == ""
    # a plain 'including …' that names no holder narrows nothing
    assert line_problem(line_item("total revenues, including services"), line("Total revenues", "us-gaap:Revenues", "25500")) == ""


def test_what_a_line_includes_does_not_narrow_it():
    """The consolidated total 'Comprehensive income, including portion attributable to noncontrolling
    interest' is comprehensive income: a rival to the parent's part when the question names no holder."""
    from index.facts import Fact
    from qa.check.lines import line_problem
    from qa.read.items import line_item

    whole = Fact(fact_id="w", filing_id="x", source="s.xml", title="Statements of Comprehensive Income",
                 label="Comprehensive Income (Loss), Net of Tax, Including Portion Attributable to Noncontrolling Interest",
                 raw="2,429", value=Decimal("2429"), unit="USD",
                 concept="us-gaap:ComprehensiveIncomeNetOfTaxIncludingPortionAttributableToNoncontrollingInterest")
    assert line_problem(line_item("comprehensive income"), whole) == ""
    minority = Fact(fact_id="m", filing_id="x", source="s.xml", title="Statements of Comprehensive Income",
                    label="Comprehensive income attributable to noncontrolling interests", raw="89", value=Decimal("89"),
                    unit="USD", concept="us-gaap:ComprehensiveIncomeNetOfTaxAttributableToNoncontrollingInterest")
    assert "narrower" in line_problem(line_item("comprehensive income"), minority)


def test_a_line_printed_in_the_questions_own_words_is_told_from_one_the_lexicon_prefers():
    """'Segment operating expenses' asked, 'Segment operating expenses' printed: that line is a rival
    the lexicon's preferred concept (the company's total 'Operating expenses') cannot overrule."""
    from index.facts import Fact
    from qa.check.neighbours import printed_as_asked as _printed_as_asked
    from qa.read.items import line_item

    def line(label):
        return Fact(fact_id=label, filing_id="x", source="s.xml", title="Operating Expenses by Segment Group", label=label,
                    raw="1", value=Decimal(1), unit="USD", concept="us-gaap:OperatingExpenses", entity="MICROSOFT CORPORATION")

    asked = line_item("segment operating expenses")
    assert _printed_as_asked(asked, line("Segment operating expenses"))
    assert not _printed_as_asked(asked, line("Operating expenses"))
    assert not _printed_as_asked(asked, line("Segment operating expenses and impairment charges"))
