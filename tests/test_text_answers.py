"""Answers in words (qa.resolve.text): how much of a passage a quote takes, on passages written as filings print them."""

from __future__ import annotations

from index.facts import Chunk
from qa.resolve.text import continued


def _chunk(display: str) -> Chunk:
    return Chunk(chunk_id="c", filing_id="f", source="s", title="t", kind="text", text=display, display=display, position=0)


def test_a_reason_runs_on_into_the_sentences_after_it():
    """'Why did the valuation allowance increase?': the sentence naming the increase, then the one saying why."""
    said = ("The valuation allowance increased by $14 million in fiscal 2019. The increase is mainly attributable to "
            "corresponding changes in deferred tax assets. Other items were not significant. We file in many jurisdictions.")
    out = continued(_chunk(said), "The valuation allowance increased by $14 million in fiscal 2019.")
    assert "mainly attributable to corresponding changes" in out
    assert "We file in many jurisdictions" not in out  # three sentences at most


def test_a_quote_does_not_run_into_a_table_line():
    said = "Net cash used in investing activities increased by $618.4 million. Net cash | 2019 | 2018"
    out = continued(_chunk(said), "Net cash used in investing activities increased by $618.4 million.")
    assert "|" not in out


def test_a_sentence_not_in_the_passage_is_quoted_as_it_is():
    assert continued(_chunk("Something else entirely. And more."), "Revenue rose.") == "Revenue rose."


def test_two_sentences_that_follow_each_other_are_one_quote():
    """'What is excluded …?': '(2) Excludes stock-based compensation …' and 'Also excludes amortization …' are one
    passage's consecutive sentences: quoted together, they read as the filing wrote them."""
    from qa.resolve.text import _quotes
    from qa.plan import QueryPlan

    said = "(2) Excludes stock-based compensation. Also excludes amortization of intangible assets. Other text here."
    ch = _chunk(said)
    plan = QueryPlan(text="What is excluded in the calculation of expenses?", core="What is excluded in the calculation of expenses?")
    out = _quotes(plan, [(ch, "(2) Excludes stock-based compensation.", 1.0), (ch, "Also excludes amortization of intangible assets.", 0.9)])
    assert [s for _, s, _ in out] == ["(2) Excludes stock-based compensation. Also excludes amortization of intangible assets."]
    apart = _quotes(plan, [(ch, "(2) Excludes stock-based compensation.", 1.0), (ch, "Other text here.", 0.9)])
    assert len(apart) == 2
