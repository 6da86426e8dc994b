"""TAT-QA pages asked for real (ingested, embedded, answered within the page): the table shapes and
question forms of issue 22 as general mechanisms - bare fiscal-year columns, a year-end read from
the tables of a document without fiscal metadata, a page that states no scale, block headings, and
questions that name no year inside one document."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest

from index.embed import default_embedder
from index.facts import Fact, Period
from index.ingest import ingest
from index.parsers.yearend import year_end_shown
from tests.conftest import REPO

TATQA = REPO.parent / "shared" / "tatqa" / "tatqa_dataset_dev.json"
PAGES = ("6abeb5d3-0dfa", "78ccf71e-46ed", "ec8d8bf5-ff64", "54719676-874d", "0f012382-d9ba", "ed99123e-63a3",
         "1ccf32ea-826a")


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    from eval.tatqa_pages import context_page

    if not TATQA.exists():
        pytest.skip("TAT-QA development split not found at ../shared/tatqa")
    contexts = {c["table"]["uid"][:13]: c for c in json.loads(TATQA.read_text(encoding="utf-8"))}
    folder = tmp_path_factory.mktemp("tatqa-pages")
    names = {}
    for uid in PAGES:
        page = context_page(contexts[uid])
        (folder / "pages").mkdir(exist_ok=True)
        (folder / "pages" / page.name).write_text(page.html, encoding="utf-8")
        names[uid] = page.name
    report = ingest([folder / "pages"], folder / "idx", default_embedder("query"))
    assert report.ok, report.errors
    return folder / "idx", names


def _ask(pages, uid, question):
    from qa import ask

    where, names = pages
    return ask(question, index=where, within=names[uid])


def test_a_bare_year_column_answers_the_year_asked_without_invented_dates(pages):
    a = _ask(pages, "6abeb5d3-0dfa", "What were the Additions in 2019?")
    assert a.value == Decimal("3100000") and a.unit == "GBP" and a.verified, a.text
    assert a.citations[0].period == "FY2019" and "fiscal 2019" in a.text


@pytest.mark.parametrize("uid, question, first", [
    ("6abeb5d3-0dfa", "In which year were Additions larger?", "2019"),  # bare years, £m
    ("ec8d8bf5-ff64", "In which year was the total net sales smaller?", "2017"),  # 'Year Ended June 30,' over the years
])
def test_which_year_within_one_document_compares_the_years_its_line_is_printed_for(pages, uid, question, first):
    a = _ask(pages, uid, question)
    assert not a.abstained and a.text.startswith(first) and a.verified, a.text
    assert len(a.citations) >= 2


def test_a_threshold_is_not_the_highest_or_lowest(pages):
    """'less than 100.0 million' is a bound each year is compared with (2018's 70.5 million passes, 2019's
    106.4 million does not), not 'the lowest': the years that pass, each figure cited."""
    a = _ask(pages, "0f012382-d9ba", "In which year was net income less than 100.0 million?")
    assert not a.abstained and a.text.split("—")[0].strip() == "2018", a.text
    assert len(a.citations) == 2


def test_an_average_that_names_no_year_is_over_the_years_printed(pages):
    a = _ask(pages, "78ccf71e-46ed", "What is the average percentage of net revenues of Distribution?")
    assert a.value is not None and round(a.value, 4) == Decimal("0.3300") and a.verified, a.text
    assert len(a.citations) == 3


def test_which_years_lists_each_year_the_line_is_printed_for(pages):
    a = _ask(pages, "ec8d8bf5-ff64", "In which years was the total net sales calculated?")
    assert all(y in a.text for y in ("2019", "2018", "2017")) and len(a.citations) == 3, a.text


def test_an_amount_from_a_page_that_states_no_scale_is_never_verified(pages):
    a = _ask(pages, "54719676-874d", "What was the Statutory federal income tax (benefit) in 2019?")
    assert a.value == Decimal("14694") and not a.verified, a.text
    assert "states no scale" in a.text
    ratio = _ask(pages, "54719676-874d",
                 "What was the percentage change in the Statutory federal income tax (benefit) from 2018 to 2019?")
    assert not ratio.abstained and "states no scale" not in ratio.text  # a growth rate carries no scale


def test_a_block_heading_does_not_qualify_its_lines_and_full_year_columns_give_the_year_end(pages):
    a = _ask(pages, "ed99123e-63a3", "What was the income tax expense in 2019?")
    assert a.value == Decimal("12000000") and a.verified, a.text
    assert a.citations[0].row == "Income Tax Expense"  # not 'Income Statement Data: Income Tax Expense'


def test_balance_columns_a_year_apart_are_year_ends(pages):
    a = _ask(pages, "1ccf32ea-826a", "What is the amount of incentive compensation in 2019?")
    assert a.value == Decimal("346000") and a.verified, a.text
    assert "Apr. 30, 2019" in a.text


def _fact(period: Period) -> Fact:
    return Fact(fact_id="x", filing_id="f", source="s", title="", label="Cash", raw="1", value=Decimal(1), period=period)


def _instant(d: date) -> Fact:
    return _fact(Period(end=d, kind="instant"))


def _year(end: date) -> Fact:
    return _fact(Period(start=end - timedelta(days=364), end=end, kind="duration"))


def test_year_end_shown_only_when_the_tables_show_one():
    assert year_end_shown([_instant(date(2019, 4, 30)), _instant(date(2018, 4, 30))]) == date(2019, 4, 30)
    assert year_end_shown([_year(date(2019, 4, 27)), _year(date(2018, 4, 28))]) == date(2019, 4, 27)
    # a quarter's balance beside the year-end before it is no year-end; December needs no reading
    assert year_end_shown([_instant(date(2019, 3, 31)), _instant(date(2018, 12, 31))]) is None
    assert year_end_shown([_instant(date(2019, 12, 31)), _instant(date(2018, 12, 31))]) is None
    # two calendars in one document: nothing is said
    assert year_end_shown([_year(date(2019, 4, 27)), _instant(date(2019, 9, 30)), _instant(date(2018, 9, 30))]) is None
