"""Table reading rules, each on a small table written for the test: where the scale is stated
(a unit line in the stub, "USD ‘000", "(in 000’s)", one statement for share counts and another for
amounts), schedules printed on their side, roll-forward movements, and periods a column names in
words only (read by the finder, and left unverified by the judge)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from index.facts import Period
from index.parsers import Document, parse_document
from index.parsers.colheaders import words_period
from index.parsers.htmltables import NO_SCALE, SHARE_COUNTS_APART
from index.parsers.textscale import SCALE_FROM_TEXT
from qa.check.periods import OPEN_COLUMN, period_problem
from qa.find.periods import named_period_score
from qa.plan import PeriodAsk


def _facts(body: str):
    (pf,) = parse_document(Document("page.html", f"<html><head><meta charset=\"utf-8\"></head><body>{body}</body></html>".encode()))
    return pf.facts


def _table(rows: list[list[str]]) -> str:
    return "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows) + "</table>"


def _cell(facts, label: str, column: str):
    hits = [f for f in facts if f.label == label and f.column_label == column]
    assert len(hits) == 1, (label, column, sorted({(f.label, f.column_label) for f in facts}))
    return hits[0]


def test_a_unit_line_in_the_stub_under_the_column_headings_scales_the_table():
    facts = _facts(_table([["", "2021", "2020"], ["(In thousands)", "", ""], ["Widgets", "$ 1,250", "$ 980"],
                           ["Gadgets", "310", "295"]]))
    f = _cell(facts, "Widgets", "2021")
    assert (f.value, f.scale) == (Decimal("1250000"), 3) and f.year_period == Period.fiscal(2021, "2021")
    # a unit row whose cells are currency signs is a unit line, not a line item
    facts = _facts(_table([["Years ended June 30,", "2021", "2020"], ["(In thousands of Canadian dollars)", "$", "$"],
                           ["Rent", "4,400", "4,100"]]))
    rent = _cell(facts, "Rent", "2021 $")
    assert (rent.value, rent.scale, rent.unit) == (Decimal("4400000"), 3, "CAD")


def test_thousands_written_with_a_left_quote_or_as_000s():
    facts = _facts(_table([["", "2021", "2020"], ["All figures in USD ‘000, except days", "", ""],
                           ["Charter revenue", "12,500", "11,000"], ["Days on hire", "340", "351"]]))
    assert _cell(facts, "Charter revenue", "2021").value == Decimal("12500000")
    assert _cell(facts, "Days on hire", "2021").value == Decimal("340")  # a currency's scale is no scale of days
    facts = _facts("<p>Comparison of 2021 to 2020 (in 000’s)</p>" + _table([["", "2021", "2020"], ["Freight", "75", "70"]]))
    assert _cell(facts, "Freight", "2021").value == Decimal("75000")


def test_share_counts_stated_apart_from_the_amounts():
    page = ("<p>NOTES (Tabular amounts in millions, unless otherwise disclosed)</p>"
            "<p>Basic and diluted earnings per share (shares in thousands, except per share data):</p>"
            + _table([["", "2021", "2020"], ["Net income", "$ 512.5", "$ 430.0"],
                      ["Weighted average shares outstanding", "101,200", "99,800"],
                      ["Basic earnings per share", "$ 5.06", "$ 4.31"]]))
    facts = _facts(page)
    income = _cell(facts, "Net income", "2021")
    assert (income.value, income.scale) == (Decimal("512500000"), 6) and SHARE_COUNTS_APART in income.period_basis
    shares = _cell(facts, "Weighted average shares outstanding", "2021")
    assert (shares.value, shares.unit) == (Decimal("101200000"), "shares")
    eps = _cell(facts, "Basic earnings per share", "2021")
    assert (eps.value, eps.unit, eps.scale) == (Decimal("5.06"), "USD/shares", 0)  # per share: never scaled


def test_a_schedule_printed_on_its_side_keeps_the_column_as_the_line_item():
    facts = _facts("<p>Future minimum payments (in millions):</p>" + _table([
        ["", "Office Leases", "Equipment Leases"], ["2023", "$ 40", "$ 3"], ["2024", "38", "2"],
        ["Thereafter", "120", "1"], ["Total payments", "198", "6"]]))
    due = [f for f in facts if f.row_label == "2024" and f.label == "Office Leases"]
    assert len(due) == 1 and [(m.axis, m.member) for m in due[0].dimensions] == [("Maturity", "2024")]
    assert due[0].value == Decimal("38000000") and due[0].period is None and due[0].year_period is None
    later = [f for f in facts if f.row_label == "Thereafter" and f.label == "Equipment Leases"]
    assert len(later) == 1 and later[0].dimensions[0].member == "Thereafter"
    assert [f.label for f in facts if f.row_label == "Total payments"] == ["Total payments", "Total payments"]


def test_roll_forward_movements_cover_the_period_between_their_balances():
    facts = _facts(_table([["Restricted units", "Units", "Weighted average fair value"],
                           ["Outstanding at March 31, 2020", "80,000", "$ 12.10"], ["Awarded", "25,000", "$ 15.00"],
                           ["Released", "(30,000)", "$ 11.90"], ["Outstanding at March 31, 2021", "75,000", "$ 13.12"]]))
    awarded = _cell(facts, "Awarded", "Units")
    assert awarded.period == Period(start=date(2020, 4, 1), end=date(2021, 3, 31), kind="duration")
    assert "roll-forward" in awarded.period_basis
    assert _cell(facts, "Outstanding at March 31, 2021", "Units").period == Period(end=date(2021, 3, 31), kind="instant")


def test_periods_named_in_words_only():
    assert words_period("2024") == (2024, None) and words_period("Q3 2022") == (2022, 3)
    assert words_period("Fiscal 2021 Second Quarter") == (2021, 2) and words_period("Fourth quarter 2020") == (2020, 4)
    assert words_period("2025-2026") == (None, None) and words_period("Thereafter") == (None, None)
    assert words_period("Balance at June 30, 2021") == (None, None)


def test_a_column_naming_the_period_asked_is_found_and_never_verified():
    facts = _facts("<p>Revenue by quarter (in millions):</p>" + _table([
        ["Revenue", "Q2 2022", "Q2 2021", "% Change"], ["Cloud", "410", "350", "17%"], ["Devices", "95", "101", "(6%)"]]))
    cloud = _cell(facts, "Cloud", "Q2 2022")
    assert cloud.period is None and cloud.year_period is None
    q2 = PeriodAsk("quarter", 2022, quarter=2)
    assert named_period_score(q2, cloud) > 0 and named_period_score(PeriodAsk("quarter", 2022, quarter=3), cloud) == 0
    assert named_period_score(PeriodAsk("in", 2022), cloud) == 0  # a quarter is not the year
    assert period_problem(q2, cloud).startswith(OPEN_COLUMN)  # standing, unverified
    assert not period_problem(PeriodAsk("quarter", 2021, quarter=2), cloud).startswith(OPEN_COLUMN)


def test_a_fiscal_year_printed_as_the_two_years_it_spans():
    facts = _facts(_table([["€ million", "2020/2021", "2021/22", "2022/2021 change"], ["EBIT", "410", "455", "45"]]))
    assert _cell(facts, "EBIT", "2020/2021").year_period.year == 2021
    assert _cell(facts, "EBIT", "2021/22").year_period.year == 2022
    change = _cell(facts, "EBIT", "2022/2021 change")
    assert change.year_period is None and change.period is None  # a comparison, not a fiscal year


def test_roll_forward_across_the_page_dates_its_movement_columns():
    facts = _facts("<p>Goodwill (in millions):</p>" + _table([
        ["Segment", "Jan 2, 2021", "Acquisitions", "Impairment", "Jan 1, 2022"],
        ["Pumps", "$ 900", "$ 120", "$ (40)", "$ 980"]]))
    moved = _cell(facts, "Pumps", "Acquisitions")
    assert moved.period == Period(start=date(2021, 1, 3), end=date(2022, 1, 1), kind="duration")
    assert [m.member for m in moved.dimensions] == ["Acquisitions"]
    assert _cell(facts, "Pumps", "Jan 1, 2022").period == Period(end=date(2022, 1, 1), kind="instant")


def test_a_year_printed_once_over_a_count_column_and_a_money_column():
    """'2021 | | 2020 |' over 'Units | M | $M | M | $M' (a PDF-made table lost the colspans): each year heads its
    count column and the money column beside it; the 'M' column counts things, the '$M' one is dollars."""
    facts = _facts(_table([["", "2021", "", "2020", ""], ["Units", "M", "$M", "M", "$M"],
                           ["Ordinary shares issued", "12.5", "410", "11.0", "352"],
                           ["Ordinary shares bought back", "(1.5)", "(48)", "–", "–"]]))
    money = _cell(facts, "Ordinary shares issued", "2021 $M")
    assert (money.value, money.unit, money.year_period) == (Decimal("410000000"), "USD", Period.fiscal(2021, "2021 $M"))
    assert _cell(facts, "Ordinary shares issued", "2020 $M").value == Decimal("352000000")
    count = _cell(facts, "Ordinary shares issued", "2021 M")
    assert count.value == Decimal("12.5") and count.unit is None and count.year_period.year == 2021
    # a line item whose cells are words stays a line item
    words = _facts(_table([["", "2021", "2020"], ["Revenue", "$ 900", "$ 850"], ["Dividend yield", "None", "None"]]))
    assert {f.label for f in words} >= {"Revenue"} and not any(f.label == "2021" for f in words)


def test_a_table_that_states_no_scale_takes_the_one_its_quoting_text_uses():
    table = _table([["", "2021", "2020"], ["Net income", "$12,412", "$9,870"], ["Capital expenditures", "$3,050", "$2,990"]])
    quoted = _facts(table + "<p>Net income was $12.4 million in 2021, up from $9.9 million in 2020.</p>")
    f = _cell(quoted, "Net income", "2021")
    assert (f.value, f.scale) == (Decimal("12412000"), 3) and SCALE_FROM_TEXT in f.period_basis
    assert _cell(quoted, "Capital expenditures", "2020").value == Decimal("2990000")  # the whole table takes it
    once = _facts(table + "<p>Net income was $12.4 million in 2021.</p>")  # one quote is no evidence of the scale
    assert _cell(once, "Net income", "2021").value == Decimal("12412") and NO_SCALE in _cell(once, "Net income", "2021").period_basis
    mixed = _facts(table + "<p>Net income was $12.4 million and $9.9 million; capital spending of $3.05 billion.</p>")
    assert _cell(mixed, "Net income", "2021").value == Decimal("12412")  # quotes that disagree on the scale say nothing


def test_a_heading_under_a_dated_heading_keeps_its_date():
    facts = _facts(_table([["", "Gross", "Net"], ["", "(in millions)", ""], ["March 31, 2021", "", ""],
                           ["Amortized intangibles", "", ""], ["Licences", "$ 40.0", "$ 31.5"],
                           ["Unamortized intangibles", "", ""], ["Licences", "12.0", "12.0"],
                           ["March 31, 2020", "", ""], ["Amortized intangibles", "", ""], ["Licences", "38.0", "33.0"]]))
    dated = sorted((f.periods[0].end, f.raw) for f in facts if f.label.endswith("Licences") and f.column_label.startswith("Net"))
    assert dated == [(date(2020, 3, 31), "33.0"), (date(2021, 3, 31), "$ 31.5"), (date(2021, 3, 31), "12.0")]


def test_a_titled_row_of_year_headings_further_down_starts_new_columns():
    facts = _facts(_table([["Region", "Share (%)", "FY 2021", "FY 2020"], ["North", "40.0", "1,200", "1,100"],
                           ["Growth by driver", "FY 2021 (%)", "FY 2020 (%)", ""], ["Volume", "6.5", "(1.5)", ""]]))
    volume = {f.year_period.year: f.value for f in facts if f.label == "Volume"}
    assert volume == {2021: Decimal("0.065"), 2020: Decimal("-0.015")}


def test_a_heading_over_every_bucket_names_the_schedule_not_a_bucket():
    facts = _facts(_table([["", "Payments due by period (in thousands)", "", ""],
                           ["Contractual obligations", "Less than 1 year", "1-3 years", "Total"],
                           ["Operating leases", "$ 120", "$ 200", "$ 320"]]))
    members = sorted(m.member for f in facts for m in f.dimensions)
    assert members == ["1-3 years", "Less than 1 year", "Total"] and {m.axis for f in facts for m in f.dimensions} == {"Maturity"}
    assert {f.scale for f in facts} == {3}


def test_a_month_run_into_its_day_is_still_a_date():
    facts = _facts(_table([["", "December31,", ""], ["", "2021", "2020"], ["Accrued payroll", "$ 16.9", "$ 15.9"]]))
    assert sorted(f.periods[0].end for f in facts) == [date(2020, 12, 31), date(2021, 12, 31)]


def test_a_row_of_dates_printed_as_values_is_no_new_heading():
    facts = _facts(_table([["", "2021", "2020"], ["Notional amount", "$ 2,400", "$ 7,700"],
                           ["Maturity date", "30/7/2026", "28/6/2024"], ["Hedged rate", "2.10%", "1.60%"]]))
    rate = {f.year_period.year: f.value for f in facts if f.label == "Hedged rate"}
    assert rate == {2021: Decimal("0.021"), 2020: Decimal("0.016")}


def test_a_line_of_dates_run_on_into_an_unlabelled_row_is_no_new_heading():
    facts = _facts(_table([["", "2021", "2020"], ["", "RMB'Million", "RMB'Million"], ["Notional amount", "2,400", "7,700"],
                           ["Maturity date", "30/7/2026~", "28/6/2024~"], ["", "11/4/2029", "8/12/2028"],
                           ["Hedge ratio", "1:1", "1:1"], ["Change in fair value", "(2,139)", "181"]]))
    change = {f.year_period.year: (f.value, f.unit) for f in facts if f.label == "Change in fair value"}
    assert change == {2021: (Decimal("-2139000000"), "CNY"), 2020: (Decimal("181000000"), "CNY")}


def test_a_price_per_share_and_a_length_of_time_are_printed_as_they_are():
    awards = _facts(_table([["", "Number of Shares", "Weighted Average Grant Date Fair Value"], ["", "(in thousands)", ""],
                            ["Nonvested at January 1, 2021", "98", "$23.52"], ["Granted", "132", "19.74"]]))
    assert _cell(awards, "Granted", "Number of Shares (in thousands)").value == Decimal("132000")
    price = _cell(awards, "Granted", "Weighted Average Grant Date Fair Value (in thousands)")
    assert (price.value, price.unit) == (Decimal("19.74"), "USD/shares")
    lives = _facts("<p>(in thousands)</p>" + _table([["", "Fair value", "Useful Life (in years)"],
                                                     ["Customer relationships", "$15,300", "8"]]))
    assert _cell(lives, "Customer relationships", "Useful Life (in years)").value == Decimal("8")
    assert _cell(lives, "Customer relationships", "Fair value").value == Decimal("15300000")


def test_a_bare_year_over_rows_of_columns_that_are_not_periods_tells_the_blocks_apart():
    facts = _facts(_table([["", "First", "Second"], ["2021", "", ""], ["Net sales", "$117,625", "$120,684"],
                           ["2020", "", ""], ["Net sales", "$113,530", "$118,021"]]))
    first = {f.raw: f.member_text for f in facts if f.label == "Net sales" and f.column_label.startswith("First")}
    assert first == {"$117,625": "Column = First 2021", "$113,530": "Column = First 2020"}


def test_a_long_sentence_introducing_the_table_titles_it_over_an_earlier_segment_sentence():
    intro = ("The following table sets out the gross external billings of the group by the location of its clients, "
             "measured where each order was placed:")
    assert 120 <= len(intro) <= 150
    facts = _facts("<p>The Group has concluded that it reports in one operating segment.</p>"
                   f"<p>{intro}</p>" + _table([["", "2021", "2020"], ["Norway", "1,250", "980"], ["Chile", "310", "295"]]))
    assert _cell(facts, "Norway", "2021").title == intro


def test_a_note_reference_in_a_column_heading_is_no_member_of_the_column():
    facts = _facts(_table([["", "Year-ended 31 March 2021", "Year-ended 31 March 2020 Restated See note 2"],
                           ["", "$M", "$M"], ["Norway", "83.2", "73.5"], ["Chile", "22.2", "19.0"]]))
    restated = [f for f in facts if f.label == "Norway" and f.value == Decimal("73500000")]
    assert len(restated) == 1 and all(m.member.lower() != "restated see note 2" and "note" not in m.member.lower()
                                      for m in restated[0].dimensions), restated[0].dimensions
    assert restated[0].dimensions == _cell(facts, "Norway", next(f.column_label for f in facts if f.value == Decimal("83200000"))).dimensions
