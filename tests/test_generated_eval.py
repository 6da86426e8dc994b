"""The generated-question harness in the suite: a fixed seeded sample of questions whose gold the
independent XBRL reader (``eval.xbrl_facts``) takes from the filings themselves, asked through
``qa.ask()`` against the development indexes (conftest ``dev_index``: newco — Home Depot's February
and NVIDIA's January fiscal years, UnitedHealth, a Tesla 10-Q; financebench — Apple 10-Ks and a 10-Q
in a September year, Microsoft's June year, Amazon, Netflix), scored by category.

Thresholds that fail the build, per index: at least so many right and at most so many wrong numbers
marked verified (``THRESHOLDS``, measured when committed; ratchet them as the engine improves).
"""

from __future__ import annotations

import json

import pytest

from eval.generated import build_questions, format_table, run_generated, sample, summarize_by_category
from tests.dev_indexes import DEV_SETS

SEED = 14
SAMPLE_SIZE = 180
# set -> (at least this many right of SAMPLE_SIZE, at most this many wrong numbers marked verified). On main
# e57cbab: newco 160/180, 1 wrong ✓; financebench 169/180, 2 wrong ✓. The issue-21 pipeline (core21 6d93e5d)
# measures LOWER: newco 135/180 (0.750), 2 wrong ✓; financebench 154/180 (0.856), 3 wrong ✓ - set here so that
# the build holds this and no worse; the drop and the wrong ✓ are reported in docs/evaluation.md for qa/ to fix,
# then raise these back. The sample follows the generator: a change to the harness's words re-measures these.
# At the end of issue 21 (main 767214a, command: `pytest tests/test_generated_eval.py -s`): newco 141/180 with
# 1 wrong ✓ (Tesla's comprehensive income "including the portion attributable to noncontrolling interest" answered
# with the parent's line), financebench 155/180 with 2 (Apple's "common stock repurchased": the cash-flow payment,
# not the equity statement's line; Microsoft's "segment operating expenses").
# Then (core21): newco 160/180 with 0 wrong ✓ ('including the portion …' asks for the whole; the rest of a line is
# not the line; company names with their legal form; 'effect of exchange rate' asks an amount); financebench 166/180
# with 1 (Apple's "common stock repurchased"; Microsoft's "segment operating expenses" is now told from the total).
# Then (s29): newco 164/180 with 0 ('increases in tax positions' is not the 'Decreases …' line; a '(loss)' printed
# beside a name; 'purchases related to property and equipment' are capital expenditures); financebench 165 with 0.
# Then (s32, fresh-clone CI of e032466): newco 167/180 with 0 ('average' in a line's name; interest paid is not
# interest expense; prose dates under the filer's fiscal calendar); financebench 166 with 0.
THRESHOLDS = {"newco": (165, 1), "financebench": (164, 1)}  # wrong ✓ kept one above the measure: a fresh CI index may differ

pytestmark = [pytest.mark.slow, pytest.mark.corpus]


@pytest.fixture(scope="module")
def questions():
    made = {}

    def get(name: str):
        if name not in made:
            if not all(p.is_dir() for p in DEV_SETS[name]):
                pytest.skip("../shared corpora are not beside the repo")
            made[name] = sample(build_questions(DEV_SETS[name], seed=SEED), SAMPLE_SIZE)
        return made[name]

    return get


def test_the_sample_is_fixed_by_the_seed_and_covers_the_question_forms(questions):
    qs = questions("newco")
    again = sample(build_questions(DEV_SETS["newco"], seed=SEED), SAMPLE_SIZE)
    assert [q.to_json() for q in again] == [q.to_json() for q in qs]
    cats = {q.category for q in qs}
    assert len(qs) == SAMPLE_SIZE
    for needed in ("period:fiscal_year", "period:q_fy", "period:first_half", "period:year_to_date", "company:terse",
                   "wrapper:analyst", "derived:gross_margin", "abstain:company", "abstain:period", "member",
                   "verb:spend_on", "verb:earn_from", "verb:bring_in", "company:cashtag", "fiscal:apostrophe",
                   "possessive:annual"):
        assert needed in cats, needed


@pytest.mark.parametrize("name", list(THRESHOLDS))
def test_generated_sample_accuracy_and_wrong_numbers_verified(name, questions, dev_index):
    qs = questions(name)
    outcomes = run_generated(qs, dev_index(name))
    summary = summarize_by_category(qs, outcomes)
    table = format_table(summary)
    print(f"\n{name}:\n" + table)
    worst = [f"[{q.category}] {q.question!r}: {o.why}" for q, o in zip(qs, outcomes) if o.wrong_but_verified]
    min_right, max_wrong = THRESHOLDS[name]
    assert summary["overall"]["wrong_but_verified"] <= max_wrong, "\n".join([table, *worst])
    assert summary["overall"]["correct"] >= min_right, table


def test_cli_runs_the_harness_and_writes_dump_and_json(dev_index, tmp_path, capsys):
    from app.cli import main

    index = dev_index("newco")
    sources = [str(p) for p in DEV_SETS["newco"]]
    dump, out = tmp_path / "gen.jsonl", tmp_path / "gen.json"
    rc = main(["eval", "--generated", "--index", str(index), "--sources", *sources, "--n", "12", "--seed", str(SEED),
               "--category", "period", "--dump", str(dump), "--json", str(out)])
    assert rc == 0
    printed = capsys.readouterr().out
    assert "OVERALL" in printed and "period:" in printed and "✓right" in printed
    rows = [json.loads(line) for line in dump.read_text().splitlines()]
    assert len(rows) == 12 and all(r["category"].startswith("period:") for r in rows)
    report = json.loads(out.read_text())
    assert report["summary"]["overall"]["n"] == 12 and len(report["outcomes"]) == 12
    assert "right_among_verified" in report["summary"]["overall"]
    assert main(["eval", "--generated", "--gold", "x.jsonl", "--index", str(index)]) == 2


def test_cli_says_what_is_missing_instead_of_guessing(dev_index, capsys):
    """No --sources: the harness says where its gold must come from; sources of companies the index
    does not hold: it names them instead of scoring a run of abstentions."""
    from app.cli import main

    index = str(dev_index("newco"))
    assert main(["eval", "--generated", "--index", index]) == 2
    assert "--sources" in capsys.readouterr().err
    assert main(["eval", "--generated", "--index", index, "--sources", *map(str, DEV_SETS["financebench"])]) == 2
    err = capsys.readouterr().err
    assert "holds no facts of" in err and "MICROSOFT" in err.upper()
