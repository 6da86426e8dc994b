"""The generated-question harness in the suite: a fixed seeded sample of questions made from the
facts of real filings (a Home Depot 10-K with its February fiscal year end, a Tesla 10-Q with
three- and six-month columns, an Apple 10-Q in a September fiscal year), asked through ``qa.ask()``
against an index built here, scored by category.

Thresholds that fail the build: no wrong number marked verified, ever; overall accuracy at least
``MIN_ACCURACY`` (measured when committed; raise it as the engine improves).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.generated import build_questions, format_table, run_generated, sample, summarize_by_category
from index.embed import default_embedder
from index.ingest import ingest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SUBSET = [
    SHARED / "extra-corpus" / "newco" / "HD_10-K_2025-02-02",
    SHARED / "extra-corpus" / "newco" / "TSLA_10-Q_2024-06-30",
    SHARED / "corpus" / "AAPL_10-Q_2025-03-29",
]
SEED = 14
SAMPLE_SIZE = 240
# A wrong number shown as verified is the one thing the product must never do: none on this sample.
MAX_WRONG_VERIFIED = 0
MIN_ACCURACY = 0.95  # measured 0.979 on this sample (0.767 at the last stop, 0.258 before issue 14's fixes)

pytestmark = [pytest.mark.slow, pytest.mark.corpus,
              pytest.mark.skipif(not all(p.is_dir() for p in SUBSET), reason="../shared corpora are not beside the repo")]


@pytest.fixture(scope="module")
def subset_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated-eval-index")
    report = ingest(SUBSET, folder, lambda: default_embedder("bulk"))
    assert report.ok, report.errors
    return folder


@pytest.fixture(scope="module")
def questions(subset_index):
    return sample(build_questions(subset_index, seed=SEED), SAMPLE_SIZE)


def test_the_sample_is_fixed_by_the_seed_and_covers_the_question_forms(subset_index, questions):
    again = sample(build_questions(subset_index, seed=SEED), SAMPLE_SIZE)
    assert [q.to_json() for q in again] == [q.to_json() for q in questions]
    cats = {q.category for q in questions}
    assert len(questions) == SAMPLE_SIZE
    for needed in ("period:fiscal_year", "period:q_fy", "period:first_half", "period:year_to_date", "company:terse",
                   "wrapper:analyst", "derived:gross_margin", "abstain:company", "abstain:period", "member"):
        assert needed in cats, needed


def test_generated_sample_accuracy_and_no_wrong_number_verified(subset_index, questions):
    outcomes = run_generated(questions, subset_index)
    summary = summarize_by_category(questions, outcomes)
    table = format_table(summary)
    print("\n" + table)
    worst = [f"[{q.category}] {q.question!r}: {o.why}" for q, o in zip(questions, outcomes)
             if o.wrong_but_verified and o.value is not None]
    assert summary["overall"]["wrong_but_verified"] <= MAX_WRONG_VERIFIED, "\n".join([table, *worst])
    assert summary["overall"]["accuracy"] >= MIN_ACCURACY, table


def test_cli_runs_the_harness_and_writes_dump_and_json(subset_index, tmp_path, capsys):
    from app.cli import main

    dump, out = tmp_path / "gen.jsonl", tmp_path / "gen.json"
    rc = main(["eval", "--generated", "--index", str(subset_index), "--n", "12", "--seed", str(SEED),
               "--category", "period", "--dump", str(dump), "--json", str(out)])
    assert rc == 0
    printed = capsys.readouterr().out
    assert "OVERALL" in printed and "period:" in printed
    rows = [json.loads(line) for line in dump.read_text().splitlines()]
    assert len(rows) == 12 and all(r["category"].startswith("period:") for r in rows)
    report = json.loads(out.read_text())
    assert report["summary"]["overall"]["n"] == 12 and len(report["outcomes"]) == 12
    assert main(["eval", "--generated", "--gold", "x.jsonl", "--index", str(subset_index)]) == 2
