"""A table prints a cell in thousands and the text beside it states the same line rounded ('$1.8 million' for
1,779): the answer keeps the cell, exactly, and quotes the sentence that rounds it (qa.resolve.notes), so the
reader sees the document's own words for the figure. A rounding is not a disagreement. A page written here,
ingested, embedded and asked for real."""

from __future__ import annotations

from decimal import Decimal

import pytest

from qa.resolve.notes import rounds_to
from tests.pages import page_index

_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>liquidity.html</title></head><body>
<p>Net cash provided by financing activities was $2.6 million for the year ended December 31, 2021, from new loans.
Net cash provided by financing activities was $1.4 million for the year ended December 31, 2020.</p>
<p>A reserve for doubtful accounts of $12.3 million and $9.9 million remained as of December 31, 2021 and 2020,
respectively.</p>
<p>At December 31, 2021, restricted escrow balances were $7,450,000 (2020: $6,100,000).</p>
<p>At December 31, 2021, pledged deposits were $3,250,000.</p>
<p>Consolidated cash flow data for the years ended December 31 (in thousands):</p>
<table>
<tr><td></td><td>2021</td><td>2020</td></tr>
<tr><td>Net cash provided by operating activities</td><td>$5,120</td><td>$4,870</td></tr>
<tr><td>Net cash provided by financing activities</td><td>2,583</td><td>1,412</td></tr>
<tr><td>Reserve for doubtful accounts</td><td>12,281</td><td>9,874</td></tr>
<tr><td>Other current liabilities</td><td>7,450</td><td>6,100</td></tr>
</table>"""


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return page_index(tmp_path_factory.mktemp("text-agreement"), "liquidity.html", _PAGE)


def _ask(index, question):
    from qa import ask

    return ask(question, index=index, within="liquidity.html")


def test_a_figure_rounds_to_what_the_sentence_prints():
    assert rounds_to(Decimal("1779000"), "$1.8", Decimal("1800000"))
    assert rounds_to(Decimal("-9819000"), "9.8", Decimal("9800000"))  # the words carry the sign
    assert not rounds_to(Decimal("1779000"), "$1.7", Decimal("1700000"))
    assert not rounds_to(Decimal("1779000"), "$2", Decimal("2000000"))  # one significant digit rounds too much
    assert not rounds_to(Decimal("24900000"), "$24.9", Decimal("24900000"), coarser_than=5)  # printed as precisely


def test_the_text_that_rounds_the_cell_is_quoted_and_the_cell_stays_the_answer(index):
    a = _ask(index, "How much cash was provided by financing activities in 2021?")
    assert a.value == Decimal("2583000") and a.verified, a.text
    assert "The text rounds it to “$2.6 million”" in a.text, a.text
    quoted = [c for c in a.citations if c.kind == "text"]
    assert quoted and "$2.6 million for the year ended December 31, 2021" in quoted[0].raw


def test_each_year_asked_is_matched_to_the_sentence_that_rounds_it(index):
    a = _ask(index, "What was the reserve for doubtful accounts in 2021 and 2020 respectively?")
    assert [c.value for c in a.citations if c.kind == "fact"] == ["12281000", "9874000"], a.text
    assert "“$12.3 million” and “$9.9 million”" in a.text and a.verified, a.text


def test_a_sentence_of_another_year_is_not_quoted(index):
    a = _ask(index, "How much cash was provided by financing activities in 2020?")
    assert a.value == Decimal("1412000"), a.text
    assert "“$1.4 million”" in a.text and "$2.6 million" not in a.text, a.text


def test_an_amount_the_text_writes_in_full_is_not_scaled_by_the_tables(index):
    # the tables are in thousands; '$7,450,000' is written out in full (the cell 7,450 in thousands is the same amount)
    a = _ask(index, "What were the restricted escrow balances at December 31, 2021?")
    assert a.value == Decimal("7450000"), a.text
    # a round thousand written out is an amount in full, whatever scale the tables use
    b = _ask(index, "What were the pledged deposits at December 31, 2021?")
    assert b.value == Decimal("3250000"), b.text
