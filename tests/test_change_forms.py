"""Change questions as they are written: '% change' is a relative change, 'interest rate swaps' are amounts, and a
change that names no period within one document is between the two years its line is printed for (a guess, never
verified, when the line is printed for more years than two). Pages written here, ingested and asked for real."""

from __future__ import annotations

from decimal import Decimal

import pytest

from index.embed import default_embedder
from index.ingest import ingest
from qa.plan import Op
from qa.read import Reader
from qa.read.companies import CompanyDirectory

UNNAMED = Reader(CompanyDirectory([]))

_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{name}</title></head><body>
{body}
</body></html>"""

_TWO_YEARS = """<p>Water Use</p>
<p>Water drawn by our plants for the years ended December 31 (in thousands of cubic metres):</p>
<table>
<tr><td></td><td>2021</td><td>2020</td></tr>
<tr><td>Municipal supply</td><td>1,250</td><td>1,000</td></tr>
<tr><td>Groundwater</td><td>300</td><td>320</td></tr>
</table>"""

_THREE_YEARS = """<p>Water Use</p>
<p>Water drawn by our plants for the years ended December 31 (in thousands of cubic metres):</p>
<table>
<tr><td></td><td>2021</td><td>2020</td><td>2019</td></tr>
<tr><td>Municipal supply</td><td>1,250</td><td>1,000</td><td>900</td></tr>
<tr><td>Groundwater</td><td>300</td><td>320</td><td>310</td></tr>
</table>"""


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("change-forms")
    (folder / "pages").mkdir()
    for name, body in (("two.html", _TWO_YEARS), ("three.html", _THREE_YEARS)):
        (folder / "pages" / name).write_text(_PAGE.format(name=name, body=body), encoding="utf-8")
    report = ingest([folder / "pages"], folder / "idx", default_embedder("query"))
    assert report.ok, report.errors
    return folder / "idx"


def test_a_percent_sign_before_change_asks_a_relative_change():
    plan = UNNAMED.read("What was the % change in municipal supply from 2020 to 2021?", scope="p.html")
    assert plan.operation is Op.GROWTH and plan.output.unit_kind == "percent"


def test_instruments_named_by_a_rate_are_amounts():
    plan = UNNAMED.read("What was the change in fair value of interest rate swaps from 2020 to 2021?", scope="p.html")
    assert plan.operation is Op.CHANGE and plan.output.unit_kind == "money"
    assert UNNAMED.read("What was the change in the discount rate from 2020 to 2021?", scope="p.html").output.unit_kind == "percent"


def test_a_change_naming_no_period_is_between_the_two_years_printed(index):
    from qa import ask

    a = ask("What was the percentage change in municipal supply?", index=index, within="two.html")
    assert a.value == Decimal("0.25"), a.text
    three = ask("What was the percentage change in municipal supply?", index=index, within="three.html")
    assert three.value == Decimal("0.25") and not three.verified, three.text  # 2020 to 2021, of three years: a guess
