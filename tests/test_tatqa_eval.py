"""`filingqa eval --tatqa`: pages made from TAT-QA contexts, TAT-QA's scoring rules, and a seeded
sample of the development split asked for real (thresholds that fail the build; the lead ratchets
them up as the answering core improves)."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest

from eval.tatqa_pages import context_page
from eval.tatqa_report import outcome_class, question_form
from eval.tatqa_score import gold_of, judge
from tests.conftest import REPO

TATQA = REPO.parent / "shared" / "tatqa" / "tatqa_dataset_dev.json"

# A seeded sample of the development split, run by `make test` (.ci/run), thresholds at what was
# measured (a ratchet: 98 of 120 right, 0 wrong marked verified, after session 36's merges, less three
# questions of slack for run-to-run order effects; see the README's TAT-QA figures). Raise them as the answering core improves, never lower them.
CI_SAMPLE, CI_SEED = 120, 22
CI_MIN_ACCURACY = 0.790
CI_MAX_WRONG_VERIFIED = 0


def _contexts():
    if not TATQA.exists():
        pytest.skip("TAT-QA development split not found at ../shared/tatqa")
    return {c["table"]["uid"][:13]: c for c in json.loads(TATQA.read_text(encoding="utf-8"))}


def _q(answer, answer_type="arithmetic", scale="", derivation="", question="", answer_from="table"):
    return {"uid": "x", "question": question, "answer": answer, "answer_type": answer_type, "scale": scale,
            "derivation": derivation, "answer_from": answer_from}


def test_numbers_compare_in_base_units_rounded_to_two_decimals_sign_included():
    q = _q(-12.6, scale="million", derivation="44.1-56.7")
    assert judge(q, Decimal("-12600000"), "USD", "", False).right
    assert not judge(q, Decimal("12600000"), "USD", "", False).right  # the sign is TAT-QA's
    assert not judge(q, Decimal("-12600"), "USD", "", False).right  # a scale off is wrong
    pct = _q(-22.22, scale="percent", derivation="(44.1-56.7)/56.7")
    assert judge(pct, Decimal("-0.222222"), "pure", "", False).right  # a fraction compares as a percent
    assert not judge(pct, Decimal("-0.2231"), "pure", "", False).right
    assert judge(_q(3, answer_type="count"), Decimal(3), None, "", False).right
    assert not judge(q, None, None, "", True).right  # abstained


def test_spans_words_by_containment_years_first_lists_all_of():
    span = _q(["our allowable incurred costs plus a profit"], answer_type="span")
    assert judge(span, None, None, "We are paid “Our allowable incurred costs plus a profit” which…", False).right
    assert not judge(span, None, None, "a profit", False).right
    year = _q(["2019"], answer_type="span", question="In which year was it larger?")
    assert judge(year, None, None, "Larger in 2019 (1,496.5) than in 2018 (1,202.9).", False).right
    assert not judge(year, None, None, "In 2018 it was 1,202.9; in 2019 1,496.5.", False).right
    items = _q(["fixed-price type", "cost-plus type", "time-and-material type"], answer_type="multi-span")
    assert judge(items, None, None, "Fixed-price type, cost-plus type and time-and-material type.", False).right
    assert not judge(items, None, None, "Fixed-price type and cost-plus type.", False).right
    both = _q(["254,924", "239,310"], answer_type="multi-span", scale="thousand")
    assert judge(both, None, None, "USD 254,924,000 (2019) and USD 239,310,000 (2018)", False).right
    # one amount with its scale in words is that amount in base units, exactly (no rounding to the words)
    scaled = _q(["$616 million"], answer_type="span")
    assert judge(scaled, Decimal("616000000"), "USD", "Net revenues: +USD 616,000,000", False).right
    assert not judge(_q(["$1.8 million"], answer_type="span"), Decimal("1779000"), "USD", "USD 1,779,000", False).right
    assert not judge(scaled, Decimal("-616000000"), "USD", "−USD 616,000,000", False).right
    # a number span with no scale claims the number as printed: the cited cell's scale counts
    cell = _q(["$33,014"], answer_type="span")
    assert judge(cell, Decimal("33014000"), "USD", "", False, printed_scale=3).right
    assert not judge(cell, Decimal("33014000"), "USD", "", False, printed_scale=0).right


def test_question_forms_and_outcome_classes_come_from_tatqa_s_own_derivation():
    cases = {"(44.1+56.7)/2": "average", "(44.1-56.7)/56.7": "percentage change", "44.1-56.7": "difference",
             "44.1+56.7": "sum", "44.1/(44.1+56.7)": "share of total", "44.1/56.7": "ratio"}
    for derivation, form in cases.items():
        q = _q(1, derivation=derivation, question="What is it?")
        assert question_form(q, gold_of(q)) == form, derivation
    rate = _q(-1, derivation="6.5-7.5", scale="percent", question="How much did the expected rate of return decrease?")
    assert question_form(rate, gold_of(rate)) == "percentage-point change"
    g = gold_of(rate)
    assert outcome_class(rate, g, Decimal("-0.1333"), "pure", False, False, set()) == "relative change given for a difference"
    money = _q(-12.6, scale="million", derivation="44.1-56.7")
    assert outcome_class(money, gold_of(money), Decimal("-12600"), "USD", False, False, set()) == "scale off by 10^-3"
    assert outcome_class(money, gold_of(money), Decimal("12600000"), "USD", False, False, set()) == "sign"
    assert outcome_class(money, gold_of(money), Decimal("44100000"), "USD", False, False, {Decimal("44.1")}) == \
        "another cell of the table"


def test_a_page_prints_the_table_where_its_introduction_ends():
    contexts = _contexts()
    page = context_page(contexts["3ffd9053-a45d"])  # "... by contract type (in millions):" is the second paragraph
    assert page.table_after == 1 and page.html.index("<table>") > page.html.index("(in millions):")
    titled = context_page(contexts["1e513178-a4f6"])  # "BALANCE SHEET DATA" / "(In thousands)" stand above the table
    assert titled.table_after == 1 and titled.html.index("(In thousands)") < titled.html.index("<table>")
    assert "<td></td>" in page.html and "colspan" not in page.html  # cells as TAT-QA gives them


def test_a_sentence_saying_what_the_table_summarizes_and_its_unit_introduces_it():
    context = {"table": {"uid": "0000test-0001-table", "table": [["", "2021", "2020"], ["Revenue", "1,200", "1,100"]]},
               "paragraphs": [{"order": 1, "text": "NOTE 9 - SEGMENTS"},
                              {"order": 2, "text": "The following summarizes revenue by segment (in thousands, except "
                                                   "percentages). Results of one quarter may not recur."},
                              {"order": 3, "text": "Revenue grew on higher volumes."}]}
    page = context_page(context)
    assert page.table_after == 1 and page.html.index("(in thousands") < page.html.index("<table>")


def test_cli_refuses_a_file_that_is_not_tatqa(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text('{"not": "a list"}')
    out = subprocess.run([sys.executable, "-m", "app", "eval", "--tatqa", str(bad)], capture_output=True, text=True,
                         timeout=120, cwd=REPO)
    assert out.returncode == 2 and "does not hold TAT-QA contexts" in out.stderr and "Traceback" not in out.stderr
    both = subprocess.run([sys.executable, "-m", "app", "eval", "--tatqa", str(bad), "--gold", "x.jsonl"],
                          capture_output=True, text=True, timeout=120, cwd=REPO)
    assert both.returncode == 2 and "--tatqa" in both.stderr


@pytest.mark.slow
def test_seeded_sample_of_the_development_split(tmp_path):
    """The CI sample, asked for real through `filingqa eval --tatqa` (ingest, scope, scoring, report)."""
    _contexts()
    out_json = tmp_path / "tatqa.json"
    run = subprocess.run([sys.executable, "-m", "app", "eval", "--tatqa", str(TATQA), "--sample", str(CI_SAMPLE),
                          "--seed", str(CI_SEED), "--json", str(out_json)], capture_output=True, text=True,
                         timeout=1500, cwd=REPO)
    assert run.returncode == 0, run.stderr[-2000:]
    print(run.stdout)
    data = json.loads(out_json.read_text())
    overall = data["summary"]["overall"]
    assert overall["questions"] == CI_SAMPLE and len(data["records"]) == CI_SAMPLE
    assert {"span", "arithmetic"} <= set(data["summary"]["by_answer_type"]) and "by_source" in data["summary"]
    assert overall["accuracy"] >= CI_MIN_ACCURACY, run.stdout
    assert overall["wrong_verified"] <= CI_MAX_WRONG_VERIFIED, run.stdout
    # the same pages again: the index is found by content hash, nothing is ingested twice
    from eval.tatqa import build_index, load_contexts, select

    pairs = select(load_contexts(TATQA), CI_SAMPLE, CI_SEED)
    pages = {id(c): context_page(c) for c, _ in pairs}
    where, built = build_index(list(pages.values()))
    assert not built and str(where) == data["index"]
