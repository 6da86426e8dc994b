"""A measure the lexicon computes ('Adjusted EBITDA', 'net debt') that cannot be computed from its parts in the
document, but which the document prints as a line of its own: the question is read again with the measure's words
as a line's (qa.pipeline). The company's own definition is not checked, so the answer is never verified.
A page written here, ingested, embedded and asked for real."""

from __future__ import annotations

from decimal import Decimal

import pytest

from qa.plan import Op
from qa.read import Reader
from qa.read.companies import CompanyDirectory
from tests.pages import page_index

_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>reconciliation.html</title></head><body>
<p>Adjusted EBITDA reconciliation for the years ended December 31 (in thousands):</p>
<table>
<tr><td></td><td>2021</td><td>2020</td></tr>
<tr><td>Net income</td><td>$500</td><td>$400</td></tr>
<tr><td>Income taxes</td><td>150</td><td>120</td></tr>
<tr><td>Litigation expense</td><td>90</td><td>60</td></tr>
<tr><td>Adjusted EBITDA</td><td>$740</td><td>$580</td></tr>
</table>"""


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return page_index(tmp_path_factory.mktemp("printed-measures"), "reconciliation.html", _PAGE)


def _ask(index, question):
    from qa import ask

    return ask(question, index=index, within="reconciliation.html")


def test_a_measure_read_without_formulas_is_a_line():
    reader = Reader(CompanyDirectory([]))
    plan = reader.read("What is the average adjusted EBITDA in 2020 and 2021?", scope="p.html", formulas=False)
    assert plan.formula is None and plan.operation is Op.AVERAGE and "ebitda" in plan.items[0].words
    assert reader.read("What is the average adjusted EBITDA in 2020 and 2021?", scope="p.html").formula is not None


def test_a_measure_not_computable_is_the_line_printed_under_its_name_never_verified(index):
    a = _ask(index, "What is the average adjusted EBITDA in 2020 and 2021?")
    assert a.value == Decimal("660000") and not a.verified, a.text
    growth = _ask(index, "What was the percentage change in Adjusted EBITDA between 2020 and 2021?")
    assert growth.value is not None and abs(growth.value - Decimal("0.2759")) < Decimal("0.0001"), growth.text
    assert not growth.verified, growth.text
