"""A table's bare 'Total' row answers 'the total X' asked within one document when no line says X: the row
names no line of its own, so its table's title and column say what it totals (qa.find.candidates). Pages
written here, ingested, embedded and asked for real."""

from __future__ import annotations

from decimal import Decimal

import pytest

from index.embed import default_embedder
from index.ingest import ingest
from qa.find.candidates import is_bare_total

_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{name}</title></head><body>
{body}
</body></html>"""

_PROVISIONS = """<p>7. Provisions for Warranties</p>
<p>Provisions for warranties at December 31, 2021 and 2020 consisted of the following (in thousands):</p>
<table>
<tr><td></td><td>2021</td><td>2020</td></tr>
<tr><td>Hardware</td><td>$410</td><td>$380</td></tr>
<tr><td>Software</td><td>95</td><td>120</td></tr>
<tr><td>Services</td><td>40</td><td>25</td></tr>
<tr><td>Total</td><td>$545</td><td>$525</td></tr>
</table>"""

_TWO_TABLES = """<p>Freight Costs</p>
<p>Freight costs by mode for the years ended December 31 (in thousands):</p>
<table>
<tr><td></td><td>2021</td><td>2020</td></tr>
<tr><td>Road</td><td>$700</td><td>$650</td></tr>
<tr><td>Rail</td><td>300</td><td>280</td></tr>
<tr><td>Total</td><td>$1,000</td><td>$930</td></tr>
</table>
<p>Packaging Costs</p>
<p>Packaging costs by material for the years ended December 31 (in thousands):</p>
<table>
<tr><td></td><td>2021</td><td>2020</td></tr>
<tr><td>Cardboard</td><td>$120</td><td>$110</td></tr>
<tr><td>Plastic</td><td>80</td><td>95</td></tr>
<tr><td>Total</td><td>$200</td><td>$205</td></tr>
</table>"""


_PARTS = """<p>Receivables and Leases</p>
<p>Receivables at December 31 consisted of the following (in thousands):</p>
<table>
<tr><td></td><td>2021</td><td>2020</td></tr>
<tr><td>Billed receivables</td><td>$500</td><td>$400</td></tr>
<tr><td>Unbilled receivables</td><td>300</td><td>250</td></tr>
<tr><td>Total receivables, net</td><td>$800</td><td>$650</td></tr>
</table>
<p>Lease costs for the years ended December 31 were as follows (in thousands):</p>
<table>
<tr><td></td><td>2021</td><td>2020</td></tr>
<tr><td>Operating lease expense</td><td>$100</td><td>$90</td></tr>
<tr><td>Finance lease expense</td><td>20</td><td>15</td></tr>
<tr><td>Total lease expense</td><td>$120</td><td>$105</td></tr>
</table>
<p>Income before taxes by jurisdiction for the years ended December 31 (in thousands):</p>
<table>
<tr><td></td><td>2021</td><td>2020</td></tr>
<tr><td>Domestic</td><td>$700</td><td>$640</td></tr>
<tr><td>Foreign</td><td>300</td><td>160</td></tr>
<tr><td>Income before taxes</td><td>$1,000</td><td>$800</td></tr>
</table>"""


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("total-rows")
    (folder / "pages").mkdir()
    for name, body in (("provisions.html", _PROVISIONS), ("two-tables.html", _TWO_TABLES), ("parts.html", _PARTS)):
        (folder / "pages" / name).write_text(_PAGE.format(name=name, body=body), encoding="utf-8")
    report = ingest([folder / "pages"], folder / "idx", default_embedder("query"))
    assert report.ok, report.errors
    return folder / "idx"


def _ask(index, page, question):
    from qa import ask

    return ask(question, index=index, within=page)


def test_bare_total_labels():
    assert is_bare_total("Total") and is_bare_total("Total:") and is_bare_total("Deferred tax assets: Total")
    assert not is_bare_total("Total revenue") and not is_bare_total("Other") and not is_bare_total("")


def test_the_total_named_by_the_title_is_the_total_row(index):
    a = _ask(index, "provisions.html", "What were the total provisions for warranties in 2021?")
    assert a.value == Decimal("545000") and not a.abstained, a.text
    change = _ask(index, "provisions.html", "What was the change in total provisions for warranties from 2020 to 2021?")
    assert change.value == Decimal("20000"), change.text


def test_the_total_alone_is_the_one_total_row_of_the_document(index):
    a = _ask(index, "provisions.html", "What was the percentage change in the total between 2020 and 2021?")
    assert a.value is not None and abs(a.value - Decimal("0.0381")) < Decimal("0.0001"), a.text


def test_a_title_picks_its_own_tables_total_and_the_total_alone_is_never_verified_among_two(index):
    a = _ask(index, "two-tables.html", "What were the total packaging costs in 2021?")
    assert a.value == Decimal("200000"), a.text
    alone = _ask(index, "two-tables.html", "What was the total in 2021?")
    assert not alone.verified, alone.text  # two tables, two totals: which one is not said


def test_total_asked_and_a_part_picked_is_the_total_row_beside_it(index):
    a = _ask(index, "parts.html", "What was the percentage change in total receivables, net between 2020 and 2021?")
    assert a.value is not None and abs(a.value - Decimal("0.2308")) < Decimal("0.0001"), a.text
    assert "Total receivables" in a.text


def test_a_row_that_says_only_what_was_asked_is_not_replaced_by_the_grand_total(index):
    a = _ask(index, "parts.html", "What was the change in total operating lease expense from 2020 to 2021?")
    assert a.value == Decimal("10000"), a.text


def test_a_part_named_by_the_wholes_words_and_one_more_is_the_row_of_the_wholes_table(index):
    a = _ask(index, "parts.html", "What percentage of the total income before taxes does domestic income form in 2021?")
    assert a.value == Decimal("0.7") and not a.verified, a.text  # which row 'domestic' names is read from the layout
