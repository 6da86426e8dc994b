"""Ratchets on the development question sets (``../shared/dev-questions``, written outside the project):
each set is asked against the index its README names, scored by its rules (``eval.scoring``), and
the build fails when accuracy drops below the set's floor or more wrong numbers are marked verified
than its ceiling allows.

The floors and ceilings are what main measured when they were set (see docs/evaluation.md); raise
a floor / lower a ceiling when the engine improves, never the other way. Each index is built once
per session at most and reused across runs while the filings and ``index/`` are unchanged
(``dev_index`` in conftest.py).
"""

from __future__ import annotations

import json

import pytest

from eval.gold import load_gold
from eval.report import format_summary
from eval.runner import run
from eval.scoring import outcome_row, summarize
from tests.dev_indexes import BUILD_SECONDS, DEV_QUESTIONS, REPO

pytestmark = [pytest.mark.slow, pytest.mark.corpus]


# set -> (at least this many right, at most this many wrong numbers marked verified); measured on the
# issue-21 pipeline (core21 merged into harness21): corpus 57/58 (0.983), newco 88/90 (0.978), financebench
# 76/76, each with 0 wrong numbers marked verified (docs/evaluation.md). Issue 21 asks >= 0.90 and 0 wrong ✓.
# Session 30 measured corpus 58/58; its floor keeps one question of slack. Session 36 measured newco 89/90 (a
# release's 'decreased 0.7 percent' given as the figure asked).
RATCHETS: dict[str, tuple[int, int]] = {
    "corpus": (57, 0),
    "newco": (89, 0),
    "financebench": (76, 0),
}
ARTIFACTS = REPO / "test-artifacts" / "dev-questions"


def _gold(name: str):
    path = DEV_QUESTIONS / f"{name}.jsonl"
    if not path.is_file():
        pytest.skip(f"{path.name} is not beside the repo (../shared/dev-questions)")
    questions, errors = load_gold(path)
    assert not errors, [str(e) for e in errors]
    return questions


@pytest.mark.parametrize("name", list(RATCHETS))
def test_dev_question_set_holds_its_ratchet(name, dev_index):
    questions = _gold(name)
    index = dev_index(name)
    outcomes = run(questions, index=str(index))
    s = summarize(outcomes)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.json").write_text(json.dumps({"summary": s, "questions": [outcome_row(o) for o in outcomes]},
                                                       indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    right = sum(o.correct for o in outcomes)
    floor, ceiling = RATCHETS[name]
    wrong = [f"{o.gold.id} [{o.gold.kind}] {o.gold.question!r}: {o.why}" + (" (marked verified!)" if o.wrong_but_verified else "")
             for o in outcomes if not o.correct]
    print(f"\n{name}: {right}/{len(outcomes)} right; index built in {BUILD_SECONDS.get(name, 0):.0f}s (0 = reused)\n"
          + format_summary(s))
    assert s["wrong_but_verified"] <= ceiling, "\n".join(
        [f"{s['wrong_but_verified']} wrong numbers marked verified (ceiling {ceiling})", *wrong])
    assert right >= floor, "\n".join([f"{right}/{len(outcomes)} right (floor {floor})", *wrong])


def test_dev_question_files_are_whole():
    """The three sets load without a bad line, with the sizes their README states."""
    sizes = {name: len(_gold(name)) for name in RATCHETS}
    assert sizes == {"corpus": 58, "newco": 90, "financebench": 76}
