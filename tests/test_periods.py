"""The period grammar and the filer's fiscal calendar: phrasings analysts use, read the same way,
and answered over real filings with the value of exactly the period asked (or not verified)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from qa.fiscal import calendar_of
from qa.read.periods import read_periods as parse_periods

ROOT = Path(__file__).resolve().parents[1]
EXTRA = ROOT.parent / "shared" / "extra-corpus"


def _one(text):
    asks, _ = parse_periods(text)
    assert len(asks) == 1, (text, asks)
    a = asks[0]
    return a.relation, a.year, a.quarter, a.months, a.month


@pytest.mark.parametrize("text,want", [
    ("revenue for the March 2025 quarter", ("month", 2025, None, 3, 3)),
    ("revenue for the quarter ended March 29, 2025", ("months", 2025, None, 3, None)),
    ("revenue for the three months ended March 29, 2025", ("months", 2025, None, 3, None)),
    ("revenue for the 13 weeks ended November 2, 2024", ("months", 2024, None, 3, None)),
    ("revenue for the thirty-nine weeks ended November 2, 2024", ("months", 2024, None, 9, None)),
    ("quarterly revenue as of March 29, 2025", ("months", 2025, None, 3, None)),
    ("Q2 FY25 revenue", ("quarter", 2025, 2, None, None)),
    ("2Q25 revenue", ("quarter", 2025, 2, None, None)),
    ("FY2025 Q2 revenue", ("quarter", 2025, 2, None, None)),
    ("revenue in the second quarter of fiscal 2025", ("quarter", 2025, 2, None, None)),
    ("revenue in fiscal 2025 second quarter", ("quarter", 2025, 2, None, None)),
    ("FY25 revenue", ("fy", 2025, None, None, None)),
    ("FY'25 revenue", ("fy", 2025, None, None, None)),
    ("revenue in fiscal year 2025", ("fy", 2025, None, None, None)),
    ("H1 2025 revenue", ("ytd", 2025, None, 6, None)),
    ("1H25 revenue", ("ytd", 2025, None, 6, None)),
    ("revenue in the first half of fiscal 2025", ("ytd", 2025, None, 6, None)),
    ("revenue in the first six months of fiscal 2025", ("ytd", 2025, None, 6, None)),
    ("revenue in the nine months of fiscal 2023", ("ytd", 2023, None, 9, None)),
    ("9M23 revenue", ("ytd", 2023, None, 9, None)),
    ("year to date revenue", ("ytd", None, None, None, None)),
    ("revenue for the June 2024 quarter", ("month", 2024, None, 3, 6)),
    ("cash as of June 2024", ("month", 2024, None, None, 6)),
    ("revenue last quarter", ("latest", None, None, 3, None)),
    ("total assets as of year end", ("latest", None, None, 0, None)),
    ("total assets at the end of fiscal 2024", ("end", 2024, None, None, None)),
    ("revenue in calendar 2024", ("calendar", 2024, None, None, None)),
    ("revenue in 2024", ("in", 2024, None, None, None)),
])
def test_period_phrasings(text, want):
    assert _one(text) == want


def test_periods_that_name_things_are_not_periods():
    assert parse_periods("How many shares were authorized under the 2019 Plan?")[0] == []
    assert [a.year for a in parse_periods("revenue in fiscal years 2022 and 2023")[0]] == [2022, 2023]
    assert [(a.relation, a.year) for a in parse_periods("the FY2019 - FY2020 change in margin")[0]] == [("fy", 2019), ("fy", 2020)]


class _Meta:  # the filing metadata a Fact carries
    def __init__(self, fiscal_year, fiscal_period, report_date):
        self.fiscal_year, self.fiscal_period, self.report_date = fiscal_year, fiscal_period, report_date


@pytest.mark.parametrize("meta,day,year,quarter", [
    # Home Depot names a year for the calendar year it starts in: fiscal 2024 ends Feb. 2, 2025
    (_Meta(2024, "FY", date(2025, 2, 2)), date(2025, 2, 2), 2024, 4),
    (_Meta(2024, "FY", date(2025, 2, 2)), date(2024, 1, 28), 2023, 4),
    (_Meta(2024, "FY", date(2025, 2, 2)), date(2024, 11, 3), 2024, 3),
    # NVIDIA names it for the year it ends in: fiscal 2025 ends Jan. 26, 2025
    (_Meta(2025, "FY", date(2025, 1, 26)), date(2025, 1, 26), 2025, 4),
    (_Meta(2025, "FY", date(2025, 1, 26)), date(2024, 1, 28), 2024, 4),
    # Apple's 10-Q for its second quarter: the year ends in late September
    (_Meta(2025, "Q2", date(2025, 3, 29)), date(2024, 12, 28), 2025, 1),
    (_Meta(2025, "Q2", date(2025, 3, 29)), date(2024, 9, 28), 2024, 4),
    # Microsoft: June 30
    (_Meta(2015, "FY", date(2015, 6, 30)), date(2014, 9, 30), 2015, 1),
    # no metadata: the calendar year
    (_Meta(None, "", None), date(2022, 12, 31), 2022, 4),
])
def test_fiscal_calendar_from_the_filing(meta, day, year, quarter):
    cal = calendar_of(meta)
    assert cal.year_of(day) == year
    assert cal.quarter_of(day) == quarter


# --- over real filings ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fiscal_index(tmp_path_factory):
    if not EXTRA.is_dir():
        pytest.skip("../shared/extra-corpus is not beside the repo")
    from index.embed import default_embedder
    from index.ingest import ingest

    folder = tmp_path_factory.mktemp("fiscal-index")
    report = ingest([EXTRA / "newco" / "HD_10-K_2025-02-02", EXTRA / "newco" / "TSLA_10-Q_2024-06-30"], folder,
                    lambda: default_embedder("bulk"))
    assert report.ok, report.errors
    return folder


def _fact_value(index, entity_word, concept, start, end):
    """The expected answer, read straight from the fact table (not through the engine)."""
    from index.store import IndexReader

    r = IndexReader(index)
    hits = {f.value for f in r.facts_with_concepts([concept])
            if entity_word.lower() in f.entity.lower() and not f.dimensions and f.period is not None
            and f.period.start == start and f.period.end == end}
    assert len(hits) == 1, hits
    return hits.pop()


TSLA_Q2 = (date(2024, 4, 1), date(2024, 6, 30))
TSLA_H1 = (date(2024, 1, 1), date(2024, 6, 30))
HD_FY24 = (date(2024, 1, 29), date(2025, 2, 2))
HD_FY23 = (date(2023, 1, 30), date(2024, 1, 28))


@pytest.mark.slow
@pytest.mark.parametrize("question,who,concept,period", [
    *[(f"What were Tesla's total revenues {p}?", "tesla", "Revenues", TSLA_Q2) for p in (
        "for Q2 2024", "in 2Q24", "for the June 2024 quarter", "for the three months ended June 30, 2024",
        "in the second quarter of fiscal 2024", "for the quarter ended June 30, 2024", "in Q2 FY24")],
    *[(f"What were Tesla's total revenues {p}?", "tesla", "Revenues", TSLA_H1) for p in (
        "for H1 2024", "in the first half of 2024", "for the six months ended June 30, 2024",
        "in the first six months of fiscal 2024", "in 1H24")],
    *[(f"What were Home Depot's net sales {p}?", "home depot", "RevenueFromContractWithCustomerExcludingAssessedTax", HD_FY24)
      for p in ("in fiscal 2024", "in FY24", "in FY2024", "for fiscal year 2024", "for the fiscal year ended February 2, 2025")],
    *[(f"What were Home Depot's net sales {p}?", "home depot", "RevenueFromContractWithCustomerExcludingAssessedTax", HD_FY23)
      for p in ("in fiscal 2023", "in FY23", "for the year ended January 28, 2024")],
    ("Assume that you are a financial analyst. What were Tesla's total revenues for the three months ended June 30, 2024 "
     "(in USD millions)? Round your answer to two decimal places.", "tesla", "Revenues", TSLA_Q2),
])
def test_period_forms_answer_the_period_asked(fiscal_index, question, who, concept, period):
    from qa import ask

    want = _fact_value(fiscal_index, who, concept, *period)
    ans = ask(question, index=fiscal_index)
    assert ans.value == want, ans.text
    assert ans.verified, (ans.text, ans.extra.get("verify_problems"))


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "What were Tesla's total revenues in Q3 2024?",  # the 10-Q ends with the second quarter
    "What were Tesla's total revenues in fiscal 2024?",  # no full year in a 10-Q
    "What were Tesla's total revenues for the nine months ended June 30, 2024?",
    "What were Home Depot's net sales in fiscal 2021?",
])
def test_a_period_the_filings_lack_is_never_a_verified_number(fiscal_index, question):
    from qa import ask

    ans = ask(question, index=fiscal_index)
    assert not ans.verified, ans.text
    assert ans.abstained or ans.extra.get("fit_problems"), ans.text


def test_f_and_two_digits_is_a_fiscal_year_only_as_one_token():
    """'F19' is how Australian reports write fiscal 2019; 'Form F-1' or 'F1' is no period."""
    from qa.read.periods import read_periods

    assert [a.describe() for a in read_periods("the difference in EBITDA between F19 and F18")[0]] == ["fiscal 2019", "fiscal 2018"]
    assert read_periods("a registration statement on Form F-1")[0] == []
    assert read_periods("F1 revenue")[0] == []
