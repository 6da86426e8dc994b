"""Derived metrics (qa/lexicon/formulas.py, qa/resolve/measures.py) over real filings: questions generated in several phrasings from
the facts of an index built here (Apple's FY2022 10-K and NVIDIA's FY2025 inline-XBRL 10-K), each
expected value computed in this file straight from the facts by XBRL concept -- not through the
engine's metric table -- and every answer must be verified by re-evaluating its cited arithmetic.
Plus the expression evaluator and the formula table on their own."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from qa.check.numbers import number_problems
from qa.expression import ExpressionError, constants, evaluate, markers, recompute
from qa.lexicon.formulas import FORMULAS, find_formula, metric_keys
from qa.lexicon.metrics import BY_KEY
from qa.read.definitions import spelled_formula


def match_formula(text):
    """The lexicon formula a question names, or the one it spells out."""
    return spelled_formula(text) or find_formula(text)


def verify(answer):
    """(no number traces to nothing, the problems): the judge's number check over an answer's text."""
    comp = answer.computation
    if comp is not None and (recompute(comp, answer.citations) is None
                             or abs(recompute(comp, answer.citations) - comp.result) > abs(comp.result) * Decimal("1e-20")):
        return False, ["the computation does not recompute from the cited values"]
    problems = number_problems(answer.text, answer.citations, comp.expression if comp else "", answer.value)
    return not problems, problems

ROOT = Path(__file__).resolve().parents[1]
EXTRA = ROOT.parent / "shared" / "extra-corpus"
FILINGS = [EXTRA / "financebench" / "AAPL_10-K_2022-09-24", EXTRA / "newco" / "NVDA_10-K_2025-01-26"]


# --- the expression language ------------------------------------------------------------------------
def test_expression_precedence_parentheses_and_power():
    v = {1: Decimal(10), 2: Decimal(4), 3: Decimal(2)}
    assert evaluate("[1] - [2] / [3]", v).value == 8
    assert evaluate("([1] - [2]) / [3]", v).value == 3
    assert evaluate("-[2] + [1]", v).value == 6
    assert evaluate("[3] ^ [3] ^ [3]", v).value == 16  # right-associative: 2^(2^2)
    assert evaluate("365 * (([1] + [2]) / 2) / [3]", v).value == Decimal(365) * 7 / 2
    assert evaluate("([1] / [2]) ^ (1 / 2) - 1", v).value == Decimal("2.5").sqrt() - 1
    assert markers("([3] + [1]) / [3]") == (3, 1) and constants("365 * [1] / 2") == (Decimal(365), Decimal(2))


@pytest.mark.parametrize("bad", ["", "[1] +", "([1] / [2]", "[1] / [2])", "[9]", "[1] / 0", "__import__('os')",
                                 "[1] [2]", "[1] ^ (1 / 2)", "2 ^ 1000"])
def test_expression_rejects_what_it_cannot_evaluate(bad):
    with pytest.raises(ExpressionError):
        evaluate(bad, {1: Decimal(-3), 2: Decimal(5)})


def test_every_formula_names_known_metrics_and_is_found_by_its_own_name():
    for f in FORMULAS:
        for e in f.expressions:
            for key in metric_keys(e):
                assert key == "x" or key in BY_KEY, (f.key, key)
            evaluate(_markers_for(e), {i: Decimal(i + 1) for i in range(1, 20)})  # well-formed
        question = f"What was the {f.name} in 2022{' as a percentage' if f.needs else ''}?"
        found = match_formula(question)
        assert found is not None and found[0].key == f.key, (f.key, found and found[0].key)


def _markers_for(expression: str) -> str:
    """A formula over metric keys as an expression over markers, to check it parses."""
    import re

    n = iter(range(1, 100))
    e = re.sub(r"\b(?:avg!?|bal|prior|first|last)\(([a-z_]+)\)|\b[a-z_]{1,}\b", lambda m: f"[{next(n)}]", expression)
    return e.replace("DAYS", "365").replace("YEARS", "2")


@pytest.mark.parametrize("question, key", [
    ("What was the gross margin percentage?", "gross_margin_pct"),
    ("Gross margin as a percentage of net sales in 2022", "gross_margin_pct"),
    ("What was the EBITDA margin?", "ebitda_margin"),
    ("FCF for FY2022", "free_cash_flow"),
    ("How much free cash flow did it generate?", "free_cash_flow"),
    ("acid-test ratio at year end", "quick_ratio"),
    ("What is the debt to equity ratio?", "debt_to_equity"),
    ("times interest earned", "interest_coverage"),
    ("return on average shareholders' equity", "roe"),
    ("DSO in fiscal 2022", "dso"),
    ("days inventory outstanding", "dio"),
    ("days payable outstanding", "dpo"),
    ("capex as a percentage of revenue", "capex_to_revenue"),
    ("capital expenditures to sales", "capex_to_revenue"),
    ("dividend payout ratio", "payout_ratio"),
    ("revenue CAGR from 2020 to 2022", "cagr"),
    ("year-over-year revenue growth in 2022", "yoy_growth"),
])
def test_phrasings_find_their_formula(question, key):
    found = match_formula(question)
    assert found is not None and found[0].key == key


@pytest.mark.parametrize("question", [
    "What was the total revenue in 2022?",
    "How many shares were repurchased?",
])
def test_a_plain_line_item_is_not_a_formula(question):
    assert match_formula(question) is None


def test_a_spelled_out_formula_is_read_over_known_metrics():
    f, _ = spelled_formula("Asset turnover is defined as revenue divided by the average of beginning and ending total assets. "
                           "What was it in 2022?")
    assert f.expressions == ("revenue / avg!(total_assets)",) and f.unit == "ratio"
    f, _ = spelled_formula("Suppose the metric is calculated as (operating income + depreciation and amortization) / revenue")
    assert f.expressions == ("( operating_income + depreciation_amortization ) / revenue",)
    # an operand the table does not know is not guessed at
    assert spelled_formula("X is defined as revenue divided by the number of stores") is None


def test_reading_formulas_never_fails_on_arbitrary_text():
    import random
    import string

    rng = random.Random(14)
    alphabet = string.printable + "÷×−–"
    words = ["defined as", "divided by", "average of", "minus", "(", ")", "revenue", "total assets", "over", "="]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) if rng.random() < 0.7 else " " + rng.choice(words) + " "
                       for _ in range(rng.randint(0, 120)))
        found = match_formula(text)
        if found is not None and found[0].key == "spelled":
            evaluate(_markers_for(found[0].expressions[0]), {i: Decimal(i + 1) for i in range(1, 200)})


# --- the verifier re-evaluates the arithmetic -----------------------------------------------------------
def _cite(value: str):
    from qa.answer import Citation

    return Citation(source="f.htm", title="t", row="r", period="2022-12-31", unit="USD", scale="", raw=value,
                    snippet="", value=value)


def test_recompute_evaluates_the_expression_over_the_citations():
    from qa.answer import Answer, AnswerStatus, Computation

    cites = (_cite("100"), _cite("30"), _cite("50"))
    comp = Computation(operation="roa", formula="[1] ÷ (([2] + [3]) ÷ 2)", inputs=(0, 1, 2),
                       result=Decimal(100) / 40, expression="[1] / (([2] + [3]) / 2)")
    assert recompute(comp, cites) == Decimal("2.5")
    a = Answer(question="q", status=AnswerStatus.ANSWERED, text="Ratio: 250.0% = 100 [1] over the average of 30 [2] and 50 [3], "
               "halved by 2.", value=Decimal("2.5"), unit="pure", citations=cites, computation=comp)
    assert verify(a)[0], verify(a)[1]
    assert not verify(replace(a, text=a.text + " Average 41."))[0]  # 41 is no part of the computation
    assert verify(replace(a, text=a.text + " Average 40."))[0]  # 40 is: (30 + 50) / 2
    tampered = replace(a, citations=(cites[0], _cite("31"), cites[2]))
    assert not verify(tampered)[0]
    assert not verify(replace(a, computation=replace(comp, expression="[1] / [4]")))[0]


# --- real filings ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def fin(tmp_path_factory):
    from index.embed import default_embedder
    from index.ingest import ingest
    from index.store import IndexReader
    from qa.pipeline import Pipeline

    if not all(p.is_dir() for p in FILINGS):
        pytest.skip("../shared/extra-corpus is not beside the repo")
    folder = tmp_path_factory.mktemp("formulas-index")
    report = ingest(FILINGS, folder, lambda: default_embedder("bulk"))
    assert report.ok, report.errors
    reader = IndexReader(folder)
    return reader, Pipeline(reader, default_embedder("query"))


# The test's own concept lists (independent of qa/metrics.py): the first concept reported wins.
CONCEPTS = {
    "revenue": ["Revenues", "RevenueFromContractWithCustomerExcludingAssessedTax"],
    "cogs": ["CostOfGoodsAndServicesSold", "CostOfRevenue"],
    "gross": ["GrossProfit"],
    "opinc": ["OperatingIncomeLoss"],
    "net": ["NetIncomeLoss"],
    "ocf": ["NetCashProvidedByUsedInOperatingActivities"],
    "capex": ["PaymentsToAcquirePropertyPlantAndEquipment", "PaymentsToAcquireProductiveAssets"],
    "da": ["DepreciationDepletionAndAmortization", "DepreciationAmortizationAndAccretionNet", "DepreciationAndAmortization"],
    "tax": ["IncomeTaxExpenseBenefit"],
    "pretax": ["IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest"],
    "ca": ["AssetsCurrent"], "cl": ["LiabilitiesCurrent"], "inv": ["InventoryNet"], "assets": ["Assets"],
    "equity": ["StockholdersEquity"], "ar": ["AccountsReceivableNetCurrent"], "ap": ["AccountsPayableCurrent"],
    "div": ["PaymentsOfDividends", "PaymentsOfDividendsCommonStock"],
    "etr": ["EffectiveIncomeTaxRateContinuingOperations"],  # the rate a filer states wins over the one computed
}
COMPANIES = {"Apple Inc.": "Apple", "NVIDIA CORP": "NVIDIA"}


def _value(reader, entity: str, what: str, end, start=None) -> Decimal | None:
    for concept in CONCEPTS[what]:
        where = "concept_local = ? AND entity = ? AND n_members = 0 AND period_end = ? AND value_num IS NOT NULL"
        params = [concept.lower(), entity, end]
        if start is None:
            where += " AND period_kind = 'instant'"
        else:
            where += " AND period_start = ?"
            params.append(start)
        facts = reader.query_facts(where, params, limit=5)
        if facts:
            return facts[0].value
    return None


def _fiscal_years(reader, entity: str):
    """(fiscal year, start, end) of every twelve-month net income the filing reports, latest first."""
    facts = reader.query_facts("concept_local = 'netincomeloss' AND entity = ? AND n_members = 0 AND period_kind = 'duration'",
                               [entity], limit=50)
    out = {(f.period.end.year, f.period.start, f.period.end) for f in facts if 360 <= (f.period.end - f.period.start).days <= 371}
    return sorted(out, reverse=True)


def _cases(reader):
    """(question, expected value, unit) for each company, fiscal year and formula whose inputs are reported."""
    out = []
    for entity, name in COMPANIES.items():
        years = _fiscal_years(reader, entity)
        for fy, start, end in years:
            v = lambda what, instant=False, at=end: _value(reader, entity, what, at, None if instant else start)
            prev_end = start - timedelta(days=1)
            rev, cogs, net, ocf, capex, opinc = v("revenue"), v("cogs"), v("net"), v("ocf"), v("capex"), v("opinc")
            gross = v("gross") if v("gross") is not None else (rev - cogs if rev is not None and cogs is not None else None)
            inv, inv0 = v("inv", True), v("inv", True, prev_end)
            ar, ar0 = v("ar", True), v("ar", True, prev_end)
            ap, ap0 = v("ap", True), v("ap", True, prev_end)
            assets, assets0 = v("assets", True), v("assets", True, prev_end)
            ca, cl, eq = v("ca", True), v("cl", True), v("equity", True)
            da, tax, pretax, div, etr = v("da"), v("tax"), v("pretax"), v("div"), v("etr")
            forms = [f"fiscal {fy}", f"FY{fy}", f"fiscal year {fy}"]
            cands = [
                ("What was {c}'s free cash flow in {p}?", ocf, capex, lambda: ocf - capex, "USD"),
                ("{c} FCF {p}", ocf, capex, lambda: ocf - capex, "USD"),
                ("What was {c}'s gross margin percentage in {p}?", gross, rev, lambda: gross / rev, "pure"),
                ("{c} gross margin as a % of revenue, {p}", gross, rev, lambda: gross / rev, "pure"),
                ("What was {c}'s operating margin in {p}?", opinc, rev, lambda: opinc / rev, "pure"),
                ("Net profit margin of {c} for {p}?", net, rev, lambda: net / rev, "pure"),
                ("What was {c}'s EBITDA in {p}?", opinc, da, lambda: opinc + da, "USD"),
                ("What was {c}'s effective tax rate in {p}?", tax, pretax, lambda: etr if etr is not None else tax / pretax, "pure"),
                ("What was {c}'s capex as a percentage of revenue in {p}?", capex, rev, lambda: capex / rev, "pure"),
                ("What was {c}'s current ratio at the end of {p}?", ca, cl, lambda: ca / cl, "pure"),
                ("{c} quick ratio {p}", ca, inv and cl, lambda: (ca - inv) / cl, "pure"),
                ("What was {c}'s return on assets in {p}?", net, assets, lambda: net / assets, "pure"),
                ("What was {c}'s return on average assets in {p}?", net, assets0 and assets, lambda: net / ((assets + assets0) / 2), "pure"),
                ("What was {c}'s return on equity in {p}?", net, eq, lambda: net / eq, "pure"),
                ("What was {c}'s inventory turnover in {p}?", cogs, inv0 and inv, lambda: cogs / ((inv + inv0) / 2), "pure"),
                ("{c} days sales outstanding {p}", rev, ar0 and ar, lambda: 365 * ((ar + ar0) / 2) / rev, "days"),
                ("What were {c}'s days payable outstanding in {p}?", cogs, ap0 and ap, lambda: 365 * ((ap + ap0) / 2) / cogs, "days"),
                ("What was {c}'s dividend payout ratio in {p}?", div, net, lambda: div / net, "pure"),
            ]
            for template, a, b, compute, unit in cands:
                if a is None or b is None:
                    continue
                for i, p in enumerate(forms[:2] if fy == years[0][0] else forms[2:]):
                    out.append((template.format(c=name, p=p), compute(), unit))
        # growth over the filing's own years
        revs = [(fy, _value(reader, entity, "revenue", end, start)) for fy, start, end in years]
        revs = [(fy, r) for fy, r in revs if r is not None]
        if len(revs) >= 3:
            (fy2, r2), (fy1, r1), (fy0, r0) = revs[:3]
            out.append((f"What was {name}'s year-over-year revenue growth in fiscal {fy2}?", (r2 - r1) / r1, "pure"))
            out.append((f"{name} revenue growth FY{fy1}", (r1 - r0) / r0, "pure"))
            cagr = (r2 / r0) ** (Decimal(1) / Decimal(fy2 - fy0)) - 1
            out.append((f"What was {name}'s revenue CAGR from fiscal {fy0} to fiscal {fy2}?", cagr, "pure"))
            out.append((f"Compound annual growth rate of {name}'s revenue over the past {fy2 - fy0} years to fiscal {fy2}", cagr, "pure"))
    return out


@pytest.mark.slow
def test_generated_formula_questions_answer_the_value_computed_from_the_facts(fin):
    reader, engine = fin
    cases = _cases(reader)
    assert len(cases) >= 40  # both filings report the inputs of most formulas
    wrong = []
    for question, expected, unit in cases:
        a = engine.ask(question)
        ok = (not a.abstained and a.value is not None and a.unit == unit and a.verified
              and abs(a.value - expected) <= abs(expected) * Decimal("1e-9"))
        if not ok:
            wrong.append(f"{question}: expected {expected} {unit}, got {a.value} {a.unit} verified={a.verified} — {a.text[:160]}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.slow
def test_a_derived_answer_shows_its_formula_and_cites_each_input(fin):
    _, engine = fin
    a = engine.ask("What was Apple's inventory turnover in fiscal 2022?")
    assert a.verified and a.kind == "arith" and len(a.citations) == 3
    assert a.computation.expression == "[1] / (([2] + [3]) / 2)"
    assert "average of the opening and closing" in a.text and "[3]" in a.text
    assert {c.period for c in a.citations[1:]} == {"2022-09-24", "2021-09-25"}
    # the cited values recompute the answer; a changed cell does not
    bad = replace(a, citations=(a.citations[0], replace(a.citations[1], value="1"), a.citations[2]))
    assert not verify(bad)[0]


@pytest.mark.slow
def test_a_spelled_out_formula_is_computed_as_written(fin):
    reader, engine = fin
    a = engine.ask("Asset turnover is defined as revenue divided by the average of beginning and ending total assets. "
                   "What was NVIDIA's asset turnover in fiscal 2025?")
    years = _fiscal_years(reader, "NVIDIA CORP")
    fy, start, end = years[0]
    rev = _value(reader, "NVIDIA CORP", "revenue", end, start)
    avg = (_value(reader, "NVIDIA CORP", "assets", end) + _value(reader, "NVIDIA CORP", "assets", start - timedelta(days=1))) / 2
    assert a.verified and abs(a.value - rev / avg) < Decimal("1e-12")


@pytest.mark.slow
@pytest.mark.parametrize("question, needed", [
    ("What was Apple's free cash flow in fiscal 2015?", "fiscal 2015"),  # a year this filing does not cover
    ("What was Apple's inventory turnover in fiscal 2020?", "inventories"),  # the balance sheet holds only 2021-2022
])
def test_a_missing_input_abstains_and_says_which(fin, question, needed):
    _, engine = fin
    a = engine.ask(question)
    assert a.abstained and not a.verified and needed in a.reason, a.text


@pytest.mark.slow
def test_a_derived_metric_changes_between_two_periods(fin):
    reader, engine = fin
    (fy2, s2, e2), (fy1, s1, e1) = _fiscal_years(reader, "Apple Inc.")[:2]
    margin = lambda s, e: _value(reader, "Apple Inc.", "gross", e, s) / _value(reader, "Apple Inc.", "revenue", e, s)
    fcf = lambda s, e: _value(reader, "Apple Inc.", "ocf", e, s) - _value(reader, "Apple Inc.", "capex", e, s)
    for question, expected, unit in [
        (f"How did Apple's gross margin percentage change from fiscal {fy1} to fiscal {fy2}?", margin(s2, e2) - margin(s1, e1), "pure"),
        (f"How much did Apple's free cash flow change from FY{fy1} to FY{fy2}?", fcf(s2, e2) - fcf(s1, e1), "USD"),
        (f"What was the growth in Apple's free cash flow from fiscal {fy1} to fiscal {fy2}?",
         (fcf(s2, e2) - fcf(s1, e1)) / fcf(s1, e1), "pure"),
    ]:
        a = engine.ask(question)
        assert a.verified and a.unit == unit and abs(a.value - expected) <= abs(expected) * Decimal("1e-9"), a.text
        assert len(a.citations) == 4


# --- the question's own definitions (FinanceBench-style wrappers) ----------------------------------------
def test_definitions_are_read_nested_and_with_changes_in_balances():
    from qa.read.definitions import defined_formula

    q = "What is the FY2022 cash conversion cycle (CCC) for Acme?"
    defs = ("CCC is defined as: DIO + DSO - DPO.",
            "DIO is defined as: 365 * (average inventory between FY2021 and FY2022) / (FY2022 COGS).",
            "DSO is defined as: 365 * (average accounts receivable between FY2021 and FY2022) / (FY2022 Revenue).",
            "DPO is defined as: 365 * (average accounts payable between FY2021 and FY2022) / (FY2022 COGS + change in inventory between FY2021 and FY2022).")
    formula, _ = defined_formula(q, defs)
    assert formula.expressions == ("( 365 * ( avg!(inventory) ) / ( cost_of_sales ) ) + ( 365 * ( avg!(receivables) ) / ( revenue ) )"
                                   " - ( 365 * ( avg!(accounts_payable) ) / ( cost_of_sales + chg(inventory) ) )",)
    assert formula.unit == "days"
    # a pronoun names what the question asks; 'Define X as' works like 'X is defined as'
    formula, _ = defined_formula("What is Acme's FY2022 interest coverage ratio?", ("Define it as operating income / interest expense.",))
    assert formula.expressions == ("operating_income / interest_expense",)
    formula, _ = defined_formula("What is Acme's FY2022 unadjusted EBITDA less capital expenditures?",
                                 ("Define unadjusted EBITDA as unadjusted operating income + depreciation and amortization "
                                  "[from cash flow statement].",))
    assert formula.expressions == ("( operating_income + depreciation_amortization ) - ( capex )",) and formula.unit == "money"
    # an operand no metric names is a line item named by its words, looked up as written - never replaced
    operands: dict[str, str] = {}
    formula, _ = defined_formula("What is Acme's FY2015 quick ratio?", ("Quick ratio is defined as (cash and cash equivalents + "
                                                                      "widgets on order) / total current liabilities.",), operands)
    assert formula.expressions == ("( cash + item_a ) / current_liabilities",) and operands == {"widgets on order": "item_a"}
    # a definition of something the question does not ask about is not used
    assert defined_formula("What was Acme's revenue in 2022?", ("ROA is defined as: net income / total assets.",)) is None


def test_instruction_wrappers_leave_the_question_and_its_definitions():
    from qa.read.instructions import split_instructions

    core, hints = split_instructions(
        "Assume that you are a public equities analyst. Answer the following question by primarily using information that is "
        "shown in the balance sheet: what is the year end FY2018 net PPNE for Acme? Answer in USD billions.")
    assert core == "what is the year end FY2018 net PPNE for Acme?" and hints.scale == 9 and hints.statement == "balance sheet"
    core, hints = split_instructions("What is the FY2022 dividend payout ratio (using total cash dividends paid and net income "
                                     "attributable to shareholders) for Acme? Round answer to two decimal places.")
    assert core == "What is the FY2022 dividend payout ratio for Acme?" and hints.decimals == 2
    core, hints = split_instructions("Using only the information within the statement of income, what is the FY2020 SG&A as a % "
                                     "of total revenue for Acme?")
    assert core.startswith("what is the FY2020 SG&A") and hints.statement == "income"
    core, hints = split_instructions("What is the FY2022 total D&A (as shown in cash flow statement) for Acme? "
                                     "What is the FY2019 unadjusted operating income?")
    assert "statement" not in core and "unadjusted" not in core and hints.statement == "cash flow"


def test_an_imperative_question_without_a_question_mark_keeps_its_words_and_drops_the_wrapper():
    from qa.read.instructions import split_instructions

    core, hints = split_instructions("Calculate Acme's current ratio as of year end FY22. Round your answer to two decimal places.")
    assert core == "Calculate Acme's current ratio as of year end FY22." and hints.decimals == 2
    core, hints = split_instructions("Answer in percentage terms. Calculate Acme's gross margin in FY2013.")
    assert core == "Calculate Acme's gross margin in FY2013." and hints.percent
    core, hints = split_instructions("Give your answer in millions. What was Acme's revenue in 2022?")
    assert core == "What was Acme's revenue in 2022?" and hints.scale == 6


@pytest.mark.parametrize("question, years", [
    ("What is the FY2017 - FY2019 3 year average of capex as a % of revenue for Acme?", [2017, 2018, 2019]),
    ("What is the 3-year average net profit margin of Acme from FY2020 to FY2022?", [2020, 2021, 2022]),
    ("Acme's two year average operating margin in fiscal 2022", [2021, 2022]),
    ("What is the FY2017 - FY2019 4 year average of capex for Acme?", None),  # the words disagree: not guessed
    ("What was Acme's average inventory in FY2022?", None),  # a balance average, not over years
])
def test_years_an_average_spans(question, years):
    from qa.read.operationrules import years_averaged as _years_averaged
    from qa.read.periods import read_periods

    assert _years_averaged(question, read_periods(question)[0]) == (tuple(years) if years else ())


@pytest.mark.slow
def test_financebench_style_wrapped_and_defined_questions_compute_from_the_facts(fin):
    reader, engine = fin
    ent = "Apple Inc."
    (fy2, s2, e2), (fy1, s1, e1), (fy0, s0, e0) = _fiscal_years(reader, ent)[:3]
    v = lambda what, s, e: _value(reader, ent, what, e, s)
    bal = lambda what, e: _value(reader, ent, what, e)
    rev, net, cogs = v("revenue", s2, e2), v("net", s2, e2), v("cogs", s2, e2)
    assets, assets0 = bal("assets", e2), bal("assets", e1)
    ap, ap0, inv, inv0 = bal("ap", e2), bal("ap", e1), bal("inv", e2), bal("inv", e1)
    margins = [v("opinc", s, e) / v("revenue", s, e) for _, s, e in ((fy0, s0, e0), (fy1, s1, e1), (fy2, s2, e2))]
    cases = [
        (f"What is the FY{fy2} return on assets (ROA) for Apple? ROA is defined as: FY{fy2} net income / (average total assets "
         f"between FY{fy1} and FY{fy2}). Round your answer to two decimal places.", net / ((assets + assets0) / 2)),
        (f"What is Apple's FY{fy2} days payable outstanding (DPO)? DPO is defined as: 365 * (average accounts payable between FY{fy1} "
         f"and FY{fy2}) / (FY{fy2} COGS + change in inventory between FY{fy1} and FY{fy2}). Round your answer to two decimal places. "
         f"Address the question by using the line items and information shown within the balance sheet and the P&L statement.",
         365 * ((ap + ap0) / 2) / (cogs + inv - inv0)),
        (f"What is the FY{fy0} - FY{fy2} 3 year average unadjusted operating income % margin for Apple? Answer in units of percents "
         f"and round to one decimal place.", sum(margins) / 3),
        (f"What is the FY{fy2} COGS % margin for Apple? Calculate what was asked by utilizing the line items clearly shown in the "
         f"income statement.", cogs / rev),
        (f"What is the retention ratio (using total cash dividends paid and net income attributable to shareholders) for Apple's "
         f"FY{fy2}? Round answer to two decimal places.", 1 - v("div", s2, e2) / net),
        (f"What is the FY{fy2} unadjusted EBITDA % margin for Apple? Calculate unadjusted EBITDA using unadjusted operating income "
         f"and D&A (from cash flow statement).", (v("opinc", s2, e2) + v("da", s2, e2)) / rev),
    ]
    wrong = []
    for question, expected in cases:
        a = engine.ask(question)
        if a.abstained or not a.verified or abs(a.value - expected) > abs(expected) * Decimal("1e-9"):
            wrong.append(f"{question[:90]}: expected {expected}, got {a.value} verified={a.verified} — {a.text[:200]}")
    assert not wrong, "\n".join(wrong)
    # a definition that cannot be read abstains rather than computing the ratio another way
    a = engine.ask(f"What is the FY{fy2} quick ratio for Apple? Quick ratio is defined as (cash and cash equivalents + "
                   f"widgets on order) / total current liabilities.")
    assert a.abstained and not a.verified and "widgets" in a.text


def test_an_abbreviation_that_repeats_the_words_before_it_is_not_another_word():
    from qa.read.instructions import split_instructions

    assert split_instructions("What is the FY2022 return on assets (ROA) for Acme?")[0] == "What is the FY2022 return on assets for Acme?"
    assert split_instructions("What was the cash conversion cycle (CCC) in 2022?")[0] == "What was the cash conversion cycle in 2022?"
    assert "(TSLA)" in split_instructions("What was Tesla (TSLA) revenue?")[0]  # not an abbreviation of the words before
