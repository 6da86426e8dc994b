"""The question generator itself: fiscal calendars read off real filings, golds that equal the facts
they came from, unambiguous and reproducible questions. The facts come from the harness's own XBRL
reader (``eval.xbrl_facts``; no index, no embedding, not the engine's parsers), so it is fast."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from eval.fiscal import calendar_of_filing, duration_kind, parse_month_day
from eval.generated import _rounds_to_gold, sample, score_generated
from eval.generator import CATEGORIES, GenQuestion, Generator, generate
from eval.xbrl_facts import read_facts

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FILINGS = {
    "HD": SHARED / "extra-corpus" / "newco" / "HD_10-K_2025-02-02",
    "NVDA": SHARED / "extra-corpus" / "newco" / "NVDA_10-K_2025-01-26",
    "TSLA": SHARED / "extra-corpus" / "newco" / "TSLA_10-Q_2024-06-30",
    "AAPL_Q": SHARED / "corpus" / "AAPL_10-Q_2025-03-29",
    "MSFT": SHARED / "extra-corpus" / "financebench" / "MSFT_10-K_2015-06-30",
    "AAPL_2015": SHARED / "extra-corpus" / "financebench" / "AAPL_10-K_2015-09-26",
    "AMZN": SHARED / "corpus" / "AMZN_10-K_2022-12-31",
}


def _facts(name: str):
    path = FILINGS[name]
    if not path.exists():
        pytest.skip(f"{path.name} not found beside the repo (../shared)")
    facts = read_facts([path])
    assert facts
    return facts


@pytest.fixture(scope="module")
def facts_by_name():
    cache: dict[str, list] = {}

    def get(name: str):
        if name not in cache:
            cache[name] = _facts(name)
        return cache[name]

    return get


@pytest.fixture(scope="module")
def mixed(facts_by_name):
    return facts_by_name("HD") + facts_by_name("TSLA") + facts_by_name("AAPL_Q")


def test_month_day_forms_of_current_fiscal_year_end_date():
    assert parse_month_day("--09-26") == (9, 26)
    assert parse_month_day("February 2") == (2, 2)
    assert parse_month_day("12/31") == (12, 31)
    assert parse_month_day("Jan. 26") == (1, 26)
    assert parse_month_day("") is None and parse_month_day("fiscal") is None


def test_home_depot_fiscal_2024_is_the_year_ended_february_2_2025(facts_by_name):
    cal = calendar_of_filing(facts_by_name("HD"))
    assert cal is not None and cal.anchor_end == date(2025, 2, 2) and cal.anchor_year == 2024
    assert cal.fiscal_year_of(date(2025, 2, 2)) == 2024
    assert cal.fiscal_year_of(date(2024, 1, 28)) == 2023  # 52 weeks earlier: fiscal 2023, not 2024
    assert cal.fiscal_year_of(date(2023, 1, 29)) == 2022
    assert cal.is_year_end(date(2024, 1, 28)) and not cal.is_year_end(date(2024, 7, 28))


def test_nvidia_fiscal_2025_ends_january_26_2025(facts_by_name):
    cal = calendar_of_filing(facts_by_name("NVDA"))
    assert cal is not None
    assert cal.fiscal_year_of(date(2025, 1, 26)) == 2025
    assert cal.fiscal_year_of(date(2024, 1, 28)) == 2024
    assert cal.fiscal_year_of(date(2024, 10, 27)) == 2025 and cal.quarter_of(date(2024, 10, 27)) == 3


def test_apple_fiscal_year_ends_late_september_and_march_is_q2(facts_by_name):
    cal = calendar_of_filing(facts_by_name("AAPL_Q"))
    assert cal is not None
    assert cal.fiscal_year_of(date(2025, 3, 29)) == 2025 and cal.quarter_of(date(2025, 3, 29)) == 2
    assert cal.fiscal_year_of(date(2024, 12, 28)) == 2025 and cal.quarter_of(date(2024, 12, 28)) == 1
    assert cal.fiscal_year_of(date(2024, 9, 28)) == 2024 and cal.is_year_end(date(2024, 9, 28))
    assert cal.fiscal_year_of(date(2024, 3, 30)) == 2024 and cal.quarter_of(date(2024, 3, 30)) == 2


def test_microsoft_fiscal_year_ends_june_30_and_december_is_q2(facts_by_name):
    cal = calendar_of_filing(facts_by_name("MSFT"))
    assert cal is not None
    assert cal.fiscal_year_of(date(2015, 6, 30)) == 2015
    assert cal.fiscal_year_of(date(2013, 12, 31)) == 2014 and cal.quarter_of(date(2013, 12, 31)) == 2
    assert cal.fiscal_year_of(date(2014, 9, 30)) == 2015 and cal.quarter_of(date(2014, 9, 30)) == 1


def test_tesla_six_months_start_the_fiscal_year_and_quarters_do_not(facts_by_name):
    facts = facts_by_name("TSLA")
    cal = calendar_of_filing(facts)
    periods = {f.period for f in facts if f.period is not None and f.period.kind == "duration"}
    kinds = {(p.start, p.end): duration_kind(p, cal) for p in periods}
    assert kinds[(date(2024, 1, 1), date(2024, 6, 30))].months == 6
    assert kinds[(date(2024, 1, 1), date(2024, 6, 30))].from_fiscal_start
    assert kinds[(date(2024, 4, 1), date(2024, 6, 30))].months == 3
    assert not kinds[(date(2024, 4, 1), date(2024, 6, 30))].from_fiscal_start


def test_every_lookup_gold_is_the_value_of_the_facts_it_names(mixed):
    by_id = {f.fact_id: f for f in mixed}
    qs = generate(mixed, seed=3, per_category=40)
    lookups = [q for q in qs if q.kind == "lookup"]
    assert len(lookups) > 300
    for q in lookups:
        assert q.facts, q
        for fid in q.facts:
            f = by_id[fid]
            assert f.value == q.value, (q.question, f)
            assert f.period is not None  # never a fact with an uncertain period
            assert bool(f.dimensions) == (q.category == "member" or " member " in q.explain), q.question
            assert f.unit == q.unit


def test_fiscal_year_questions_name_the_filers_year(facts_by_name):
    """'fiscal 2024' for Home Depot is answered by the 12 months ended Feb 2, 2025, never by the
    year ended Jan 28, 2024 or by anything of 2024's calendar year."""
    facts = facts_by_name("HD")
    by_id = {f.fact_id: f for f in facts}
    qs = generate(facts, seed=1, per_category=None, categories=["period:fiscal_year", "period:FY_short"])
    hd24 = [q for q in qs if "fiscal 2024" in q.question or "FY24" in q.question]
    assert len(hd24) > 20
    for q in hd24:
        for fid in q.facts:
            p = by_id[fid].period
            assert p.end == date(2025, 2, 2) and p.kind == "duration", q.question
    revenue = [q for q in hd24 if q.explain.split(": ", 1)[1].startswith("us-gaap:RevenueFromContractWithCustomer")]
    assert revenue and {q.value for q in revenue} == {Decimal("159514000000")}  # the 10-K's fiscal 2024 net sales


def test_quarter_questions_get_the_three_month_value_not_the_six_month(facts_by_name):
    facts = facts_by_name("TSLA")
    by_id = {f.fact_id: f for f in facts}
    qs = generate(facts, seed=2, per_category=None,
                  categories=["period:q_fy", "period:nQyy", "period:quarter_ended", "period:month_quarter"])
    assert len(qs) > 50
    for q in qs:
        for fid in q.facts:
            p = by_id[fid].period
            assert 84 <= (p.end - p.start).days + 1 <= 98, q.question
    halves = generate(facts, seed=2, per_category=None, categories=["period:H1"])
    assert halves and all(by_id[q.facts[0]].period.start == date(by_id[q.facts[0]].period.end.year, 1, 1)
                          for q in halves)


def test_no_question_text_has_two_golds(mixed):
    qs = generate(mixed, seed=5, per_category=None, categories=["period", "metric", "company"])
    golds: dict[str, set] = {}
    for q in qs:
        golds.setdefault(q.question, set()).add(q.value)
    assert all(len(v) == 1 for v in golds.values())


def test_derived_golds_are_computed_from_the_input_facts(mixed):
    by_id = {f.fact_id: f for f in mixed}
    qs = generate(mixed, seed=0, per_category=None, categories=["derived:gross_margin", "derived:free_cash_flow"])
    gm = [q for q in qs if q.category == "derived:gross_margin"]
    fcf = [q for q in qs if q.category == "derived:free_cash_flow"]
    assert gm and fcf
    for q in gm:
        vals = {by_id[i].concept.split(":")[-1]: by_id[i].value for i in q.facts}
        rev = vals.get("RevenueFromContractWithCustomerExcludingAssessedTax", vals.get("Revenues"))
        assert q.kind == "arith" and q.unit == "pure"
        assert q.value == vals["GrossProfit"] / rev
    for q in fcf:
        vals = {by_id[i].concept.split(":")[-1]: by_id[i].value for i in q.facts}
        capex = vals.get("PaymentsToAcquirePropertyPlantAndEquipment", vals.get("PaymentsToAcquireProductiveAssets"))
        assert q.value == vals["NetCashProvidedByUsedInOperatingActivities"] - capex


def test_abstentions_name_what_the_facts_do_not_have(mixed):
    g = Generator(mixed)
    qs = generate(mixed, seed=0, per_category=30, categories=["abstain"])
    cats = {q.category for q in qs}
    assert cats == {"abstain:period", "abstain:company", "abstain:metric"}
    assert all(q.kind == "abstain" and q.value is None for q in qs)
    for q in qs:
        if q.category == "abstain:company":
            assert not any(n in q.question.lower() for n in g.all_names if len(n) > 3)


def test_same_seed_same_questions_and_categories_do_not_disturb_each_other(mixed):
    a = generate(mixed, seed=7, per_category=20)
    b = generate(mixed, seed=7, per_category=20)
    assert [q.to_json() for q in a] == [q.to_json() for q in b]
    assert [q.question for q in a] != [q.question for q in generate(mixed, seed=8, per_category=20)]
    only = generate(mixed, seed=7, per_category=20, categories=["period:q_fy"])
    assert [q.question for q in only] == [q.question for q in a if q.category == "period:q_fy"]


def test_sample_covers_every_category_and_dump_rows_are_gold_lines(mixed, tmp_path):
    from eval.generated import write_dump
    from eval.gold import load_gold

    qs = generate(mixed, seed=0, per_category=10)
    cats = {q.category for q in qs}
    s = sample(qs, len(cats) * 2)
    assert len(s) == len(cats) * 2 and {q.category for q in s} == cats
    assert set(CATEGORIES) >= cats
    path = tmp_path / "gen.jsonl"
    write_dump(s, path)
    gold, errors = load_gold(path)
    assert not errors and len(gold) == len(s)
    assert [g.value for g in gold if g.kind == "lookup"] == [q.value for q in s if q.kind == "lookup"]


def test_rounding_instruction_accepts_the_gold_rounded_and_nothing_else():
    from qa.answer import Answer, AnswerStatus

    q = GenQuestion(id="x", question="What was the gross margin? Round your answer to two decimal places.",
                    kind="arith", value=Decimal("0.433096"), unit="pure", category="wrapper:round_decimals",
                    source="", round_to=2, display="pct")
    assert _rounds_to_gold(q, Decimal("0.4331"))
    assert _rounds_to_gold(q, Decimal("0.43"))  # "two decimals" of the fraction
    assert not _rounds_to_gold(q, Decimal("0.4332")) and not _rounds_to_gold(q, Decimal("0.44"))
    right = Answer(question=q.question, status=AnswerStatus.ANSWERED, text="43.31%", value=Decimal("0.4331"), unit="pure")
    wrong = Answer(question=q.question, status=AnswerStatus.ANSWERED, text="45.2%", value=Decimal("0.452"), unit="pure",
                   verified=True)
    assert score_generated(q, right, 1.0).correct
    o = score_generated(q, wrong, 1.0)
    assert not o.correct and o.wrong_but_verified


def test_text_questions_accept_the_cover_fact(facts_by_name):
    qs = generate(facts_by_name("HD"), seed=0, per_category=None, categories=["text"])
    got = {q.category: q for q in qs}
    assert got["text:AuditorName"].kind == "narrative" and "KPMG LLP" in got["text:AuditorName"].accept_text
    assert {"Delaware", "DE"} <= set(got["text:EntityIncorporationStateCountryCode"].accept_text)
    assert "Atlanta" in got["text:EntityAddressCityOrTown"].accept_text


def test_people_phrasings_ask_the_same_facts_in_other_words(mixed):
    """Verbs, period-first possessives, tickers as typed and fiscal-year spellings: each family is made,
    its words come from the phrasing table, and its gold is the value of the fact it names."""
    from eval.genphrases import FISCAL_YEAR_FORMS, POSSESSIVE_FORMS, TICKER_FORMS, VERB_FAMILIES

    by_id = {f.fact_id: f for f in mixed}
    qs = generate(mixed, seed=4, per_category=None, categories=["verb", "possessive", "fiscal", "company"])
    cats = {q.category for q in qs}
    wanted = {*(f"verb:{f}" for f in VERB_FAMILIES), *(f"possessive:{f}" for f in POSSESSIVE_FORMS),
              *(f"fiscal:{f}" for f in FISCAL_YEAR_FORMS), *(f"company:{f}" for f in TICKER_FORMS)}
    assert wanted <= cats, wanted - cats
    for q in qs:
        assert q.kind == "lookup" and q.facts
        assert {by_id[i].value for i in q.facts} == {q.value}, q.question
    said = {c: [q.question for q in qs if q.category == c] for c in wanted}
    assert any("spend" in t for t in said["verb:spend_on"])
    assert any("earn from" in t for t in said["verb:earn_from"])
    assert any("bring in" in t for t in said["verb:bring_in"])
    assert any(t.startswith("$") or " $" in t for t in said["company:cashtag"])
    assert all(t == t.lower() for t in said["company:lowercase"])
    assert any("FY'" in t or "fiscal '" in t or "FY '" in t for t in said["fiscal:apostrophe"])


def test_a_member_is_earned_from_with_its_own_revenue(facts_by_name):
    """'How much did Apple earn from iPhone ...' is the iPhone revenue fact, not total net sales."""
    facts = facts_by_name("AAPL_Q")
    by_id = {f.fact_id: f for f in facts}
    qs = generate(facts, seed=0, per_category=None, categories=["verb:earn_from", "verb:bring_in"])
    members = [q for q in qs if " member " in q.explain]
    assert members
    for q in members:
        (f,) = {by_id[i] for i in q.facts}
        assert len(f.dimensions) == 1 and f.dimensions[0].member.lower() in q.question.lower()


def test_words_that_fit_two_lines_are_not_asked(facts_by_name):
    """Apple's fiscal 2014 'depreciation and amortization' is both the cash-flow line (7,946 million)
    and the concept of the property note (6,900 million); Amazon's 'other expense (income), net' (cash
    flow) and 'other income (expense), net' (income statement) are the same words in another order.
    Neither has one gold, so neither is asked; words that name one value still are."""
    g = Generator(facts_by_name("AAPL_2015"))
    assert not g.says_one_value("320193", "depreciation and amortization", ("FY", 2014))
    assert g.says_one_value("320193", "net income", ("FY", 2014))
    qs = generate(facts_by_name("AAPL_2015"), seed=0, per_category=None, categories=["period", "metric", "fiscal"])
    assert not [q.question for q in qs if "2014" in q.question and "depreciation and amortization?" in q.question]
    amzn = Generator(facts_by_name("AMZN"))
    assert not amzn.says_one_value("1018724", "other expense (income), net", ("FY", 2021))
    qs = generate(facts_by_name("AMZN"), seed=0, per_category=None, categories=["period", "fiscal"])
    assert not [q.question for q in qs if "key ('l', 'other expense income net')" in q.explain
                or "key ('l', 'other income expense net')" in q.explain]
