"""Questions whose answer the text says in words, beside a table whose nearest line is not what was asked
(qa.pipeline's tells, qa.resolve.text): a length of time asked where the table prints money, a line printed as a
dash that the text says there was none of, a line the table lacks that the text says was not material.
A page written here, ingested, embedded and asked for real."""

from __future__ import annotations

import pytest

from tests.pages import page_index

_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>harbor.html</title></head><body>
<p>Intangible assets as of December 31, 2021 and 2020 were as follows:</p>
<table>
<tr><td></td><td>Gross Carrying Amount</td><td>Accumulated Amortization</td><td>Net</td></tr>
<tr><td></td><td colspan="3">(in millions)</td></tr>
<tr><td>December 31, 2021</td><td></td><td></td><td></td></tr>
<tr><td>Dealer networks</td><td>$820.4</td><td>$(210.9)</td><td>$609.5</td></tr>
<tr><td>Mooring permits</td><td>6.2</td><td>(2.8)</td><td>3.4</td></tr>
<tr><td>Total</td><td>826.6</td><td>(213.7)</td><td>612.9</td></tr>
</table>
<p>The weighted average remaining amortization period for the dealer networks is 11.6 years. Some mooring permits
have indefinite lives. The amortization period for mooring permits is 9.5 years.</p>
<p>The following table summarizes our cash flows for the years ended December 31, 2021 and 2020 (in thousands):</p>
<table>
<tr><td></td><td>2021</td><td>2020</td></tr>
<tr><td>Operating activities</td><td>$(742)</td><td>$(1,806)</td></tr>
<tr><td>Investing activities</td><td>-</td><td>-</td></tr>
<tr><td>Financing activities</td><td>2,215</td><td>1,630</td></tr>
</table>
<p>Cash Flows from Investing Activities</p>
<p>We had no investing activities for the years ended December 31, 2021 and 2020.</p>
<p>The following table presents total share-based compensation cost (in millions):</p>
<table>
<tr><td></td><td>2021</td><td>2020</td></tr>
<tr><td>Cost of sales</td><td>$41</td><td>$37</td></tr>
<tr><td>Selling and administrative</td><td>212</td><td>190</td></tr>
<tr><td>Net share-based compensation cost</td><td>$253</td><td>$227</td></tr>
</table>
<p>Capitalized share-based compensation cost was not material at December 31, 2021 and 2020.</p>
<p>Pension expense recognized in the income statement (in millions):</p>
<table>
<tr><td></td><td>2021</td><td>2020</td></tr>
<tr><td>Defined contribution schemes</td><td>31</td><td>29</td></tr>
<tr><td>Defined benefit schemes</td><td>12</td><td>15</td></tr>
</table>
<p>Each operating country sets its own pension rules. The Group operates defined benefit schemes in Norway, Chile,
Peru, Canada and the UK.</p>
</body></html>"""


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return page_index(tmp_path_factory.mktemp("words-answers"), "harbor.html", _PAGE)


def _ask(index, question):
    from qa import ask

    return ask(question, index=index, within="harbor.html")


def test_a_length_of_time_is_not_answered_by_an_amount_of_money(index):
    a = _ask(index, "How long is the amortization period for mooring permits?")
    assert not a.abstained and a.unit != "USD", a.text
    assert "The amortization period for mooring permits is 9.5 years." in a.text, a.text
    assert "The figure the text states is 9.5" in a.text, a.text  # the best sentence's figure, not the one quoted before it
    b = _ask(index, "What is the weighted average remaining amortization period for the dealer networks?")
    assert "is 11.6 years" in b.text and b.unit != "USD", b.text


def test_a_line_printed_as_a_dash_is_told_by_the_sentence_saying_there_was_none(index):
    a = _ask(index, "What are the investing activities in 2020 and 2021?")
    assert "We had no investing activities" in a.text and not a.verified, a.text


def test_a_line_the_table_lacks_is_told_by_the_sentence_saying_it_was_not_material(index):
    a = _ask(index, "What was the amount of capitalized share-based compensation cost in December 31, 2021?")
    assert "was not material at December 31, 2021" in a.text and a.value is None and not a.verified, a.text


def test_no_figure_asked_and_a_line_that_does_not_say_it_is_told_by_a_sentence(index):
    a = _ask(index, "Which countries does the group operate defined benefit schemes in?")
    assert "Norway, Chile, Peru, Canada and the UK" in a.text and a.value is None, a.text
