"""The judge (``qa/check``) shares nothing with the matcher (``qa/find``): no module of the judge imports
one of the finder's, so a rule both need is spelled twice, once each, and a finder bug cannot pass its
own check. Read from the source with ``ast`` (``tests/test_harness_independence.py``), nothing imported."""

from __future__ import annotations

from test_harness_independence import MODULES, imports_of


def _judge_imports_of_finder() -> dict[str, list[str]]:
    return {m: sorted(i for i in imports_of(m) if i == "qa.find" or i.startswith("qa.find."))
            for m in MODULES if m == "qa.check" or m.startswith("qa.check.")}


def test_no_judge_module_imports_the_finder():
    bad = {m: found for m, found in _judge_imports_of_finder().items() if found}
    assert not bad, f"the judge imports the finder: {bad}"


def test_the_check_sees_the_judge_modules_and_can_fail():
    judged = _judge_imports_of_finder()
    assert "qa.check.lines" in judged and len(judged) >= 5
    # the same reading does see the finder's imports where they exist (the pipeline calls the finder)
    assert any(i.startswith("qa.find") for i in imports_of("qa.pipeline"))
