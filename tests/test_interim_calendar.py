"""A quarterly earnings release without XBRL, from a filer whose year ends in late January: its fiscal calendar
is read off its own tables (a year-to-date column starts the day after the year-end) and its own words (which
name the year "fiscal 2024" or "fiscal 2025"), and a balance heading that only names the section a line always
sits in ("CURRENT ASSETS:" over inventory) does not make the line another one."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from index.embed import default_embedder
from index.facts import Fact, Period
from index.ingest import ingest
from index.parsers.html import cover_info
from index.parsers.yearend import with_interim_calendar, year_end_shown, year_start_shown
from qa.fiscal import calendar_of

# A made-up retailer's release: 13 and 39 weeks ended November 1, 2025 and October 26, 2024 (the 39 weeks start the
# day after the year-ends of February 1, 2025 and January 27, 2024); balances at the quarter-ends and the year-end.
RELEASE = """<html><body>
<p>Northwind Outfitters, Inc. (NYSE: NWO) announced today that net income for the fiscal quarter ended November 1, 2025
was $21.4 million. Net sales for the 13-week fiscal quarter ended November 1, 2025 increased 4.1 percent from net sales for
the prior year 13-week period ended October 26, 2024. Net income for the third quarter of fiscal 2025 was $21.4 million.</p>
<p>NORTHWIND OUTFITTERS, INC. CONSOLIDATED STATEMENTS OF INCOME (Amounts in Thousands)</p>
<table>
<tr><td></td><td colspan="2">Thirteen Weeks Ended</td><td colspan="2">Thirty-Nine Weeks Ended</td></tr>
<tr><td></td><td>November 1, 2025</td><td>October 26, 2024</td><td>November 1, 2025</td><td>October 26, 2024</td></tr>
<tr><td>SALES, Net of returns</td><td>$ 150,200</td><td>$ 144,300</td><td>$ 420,900</td><td>$ 415,000</td></tr>
<tr><td>INCOME TAX EXPENSE</td><td>6,900</td><td>7,300</td><td>19,100</td><td>20,200</td></tr>
<tr><td>NET INCOME</td><td>$ 21,400</td><td>$ 22,800</td><td>$ 60,300</td><td>$ 63,900</td></tr>
</table>
<p>NORTHWIND OUTFITTERS, INC. CONSOLIDATED BALANCE SHEETS (Amounts in Thousands)</p>
<table>
<tr><td>ASSETS</td><td>November 1, 2025</td><td>February 1, 2025</td><td>October 26, 2024</td></tr>
<tr><td>CURRENT ASSETS:</td><td></td><td></td><td></td></tr>
<tr><td>Cash and cash equivalents</td><td>$ 98,100</td><td>$ 91,500</td><td>$ 95,700</td></tr>
<tr><td>Inventory</td><td>71,300</td><td>60,200</td><td>73,900</td></tr>
<tr><td>Total current assets</td><td>180,400</td><td>162,800</td><td>181,000</td></tr>
</table>
</body></html>"""


def _duration(end: date, weeks: int) -> Fact:
    return _fact(Period(start=end - timedelta(weeks=weeks) + timedelta(days=1), end=end, kind="duration"))


def _instant(d: date) -> Fact:
    return _fact(Period(end=d, kind="instant"))


def _fact(period: Period) -> Fact:
    return Fact(fact_id="x", filing_id="f", source="s", title="", label="Net income", raw="1", value=Decimal(1), period=period)


QUARTERLY = [_duration(date(2025, 11, 1), 13), _duration(date(2024, 10, 26), 13), _duration(date(2025, 11, 1), 39),
             _duration(date(2024, 10, 26), 39), _instant(date(2025, 11, 1)), _instant(date(2025, 2, 1)),
             _instant(date(2024, 10, 26))]


def test_quarter_end_balances_a_year_apart_are_no_year_ends():
    assert year_end_shown(QUARTERLY) is None  # November 1 and October 26 end the 13 weeks: they are quarter-ends
    assert year_start_shown(QUARTERLY) == date(2025, 2, 1)  # the 39 weeks began the day after the year-end


@pytest.mark.parametrize("words, name", [
    ("Net income for the third quarter of fiscal 2025 was $21.4 million.", 2025),  # the year named by where it starts
    ("Net income for the third quarter of fiscal 2026 was $21.4 million.", 2026),  # by where it ends (January 2026)
])
def test_the_fiscal_year_is_named_as_the_filer_names_it(words, name):
    facts = with_interim_calendar(QUARTERLY, words)
    cal = calendar_of(facts[0])
    assert cal.known and cal.year_of(date(2025, 11, 1)) == name and cal.quarter_of(date(2025, 11, 1)) == 3


def test_a_calendar_is_not_guessed_when_the_words_name_both_or_neither():
    for words in ("Our fiscal 2025 results and fiscal 2026 outlook.", "Net income rose."):
        assert calendar_of(with_interim_calendar(QUARTERLY, words)[0]).known is False


def test_a_comparison_period_in_a_release_is_not_its_cover_period():
    assert cover_info("Net sales for the 13-week fiscal quarter ended November 1, 2025 rose from net sales for the "
                      "prior year 13-week period ended October 26, 2024.").period is None
    assert cover_info("FORM 10-Q For the quarterly period ended November 1, 2025").period == date(2025, 11, 1)


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    folder = tmp_path_factory.mktemp("release")
    (folder / "nwo-ex99.htm").write_text(RELEASE, encoding="utf-8")
    report = ingest([folder / "nwo-ex99.htm"], folder / "idx", default_embedder("query"))
    assert report.ok, report.errors
    return folder / "idx"


def test_a_fiscal_quarter_is_the_filer_s_quarter(release):
    from qa import ask

    a = ask("What was Northwind's income tax expense in the third quarter of fiscal 2025?", index=release)
    assert a.value == Decimal("6900000") and a.verified, a.text
    b = ask("What was Northwind's net income in the third quarter of fiscal 2024?", index=release)
    assert b.value == Decimal("22800000"), b.text


def test_a_section_heading_over_a_line_that_always_sits_there_is_no_qualifier(release):
    from qa import ask

    a = ask("What was Northwind's inventory at February 1, 2025?", index=release)
    assert a.value == Decimal("60200000") and a.verified, a.text


def test_a_quarter_named_without_a_year_is_the_latest_one_and_not_verified(release):
    from qa import ask

    a = ask("What was Northwind's net income in the third quarter?", index=release)
    assert a.value == Decimal("21400000") and not a.verified, a.text
    assert "names no year" in a.text
