"""The question forms and table shapes issue 22's TAT-QA runs showed, each as a general rule: how they are
read (qa.read), what the judge refuses to vouch for (qa.check.asked), what an untagged table gives
(index.parsers.htmltables) and how a list of years is scored (eval.tatqa_score)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial

import pytest
from lxml import html as lxml_html

from eval.tatqa_score import judge
from index.facts import Fact, Member, Period
from index.parsers.htmltables import table_facts
from qa.check.asked import asked_problems
from qa.plan import Op
from qa.read import Reader
from qa.read.companies import CompanyDirectory
from qa.resolve.draft import Draft, Input, Slot
from tests.tatqa_pages import question as _question, run_pages as _run_pages

NAMED = Reader(CompanyDirectory([("Apple Inc.", "320193", "AAPL")]))
UNNAMED = Reader(CompanyDirectory([]))  # an index whose documents name no company (TAT-QA's pages, a bare table)


def test_definitions_and_reasons_are_asked_in_words():
    for q in ("What is Tax Fees?", "What is represented by allowance for expected credit losses?",
              "What is excluded from the Operating (non-GAAP) interest expense?", "What is the LTV used by TORM for?",
              "What led to decrease in other income, net of expenses in 2018?", "What is the increase in inventory due to?"):
        assert UNNAMED.read(q, scope="p.html").operation is Op.TEXT, q
    for q in ("What is the total capital leases?", "What was the revenue in 2019?", "What is revenue in 2019?"):
        assert UNNAMED.read(q, scope="p.html").operation is not Op.TEXT, q


def test_a_total_of_years_adds_them_and_a_span_adds_every_year():
    plan = UNNAMED.read("What is the total deposits in 2018 and 2019?", scope="p.html")
    assert plan.operation is Op.SUM and [a.year for a in plan.periods] == [2018, 2019]
    span = UNNAMED.read("What is the total cash provided by financing activities between 2017 to 2019?", scope="p.html")
    assert span.operation is Op.SUM and [a.year for a in span.periods] == [2017, 2018, 2019]
    # 'Total' written as a label's first word, or 'respectively': each year's figure
    assert UNNAMED.read("What was the Total operating expense in 2019 and 2018?", scope="p.html").operation is Op.SERIES
    assert UNNAMED.read("What was the total revenue in 2019 and 2018 respectively?", scope="p.html").operation is Op.SERIES


def test_which_years_pass_a_bound_and_how_many():
    plan = UNNAMED.read("In which year was Research and development expenses less than 1,000 thousands?", scope="p.html")
    assert plan.operation is Op.RANK and plan.rank_over == "period"
    assert "thousand" not in plan.items[0].text and "1,000" not in plan.items[0].text
    count = UNNAMED.read("How many years did net income exceed $30,000 thousand?", scope="p.html")
    assert count.operation is Op.RANK and count.extreme == "count" and count.items[0].text == "net income"


def test_the_years_a_table_prints_and_words_a_question_verb_spells_as_a_noun():
    for q in ("Which years does the table provide information for net sales by region?", "What years are included in the table?",
              "Which years does the table show?"):
        plan = UNNAMED.read(q, scope="p.html")
        assert plan.operation is Op.SERIES and plan.items[0].words == () and not plan.breakdown, q
    growth = UNNAMED.read("What was the percentage change in net bookings between 2018 and 2019?", scope="p.html")
    assert growth.operation is Op.GROWTH and "book" in growth.items[0].words and not growth.items[0].text.startswith("in ")


def test_in_a_document_naming_no_company_a_name_is_its_owner_or_words_of_the_line():
    owner = UNNAMED.read("What was Autodesk's goodwill at the end of 2018?", scope="p.html")
    assert not owner.unknown_companies and not owner.companies and "goodwill" in owner.items[0].text.lower()
    assert owner.items[0].text.lower().startswith("goodwill")  # the possessive goes with the name, not into the line
    words = UNNAMED.read("What was the net sales in 2019 for EMEA?", scope="p.html")
    assert not words.unknown_companies and "emea" in words.items[0].words
    # an index that names its companies still says a company it does not hold is not there
    assert NAMED.read("What was Microsoft's revenue in 2019?").unknown_companies


def _fact(label: str, value: str, year: int, unit: str = "USD", member: str = "", column: str = "") -> Fact:
    return Fact(fact_id=f"{label}|{member}|{year}", filing_id="f", source="p.html", title="t", label=label, raw=value,
                value=Decimal(value), unit=unit,
                period=Period(start=date(year, 1, 1), end=date(year, 12, 31), kind="duration"),
                dimensions=(Member(axis="Change", member=member),) if member else (), column_label=column or str(year))


def _draft(question: str, kind: str, facts: list[Fact], value=None, operation: str = "") -> tuple:
    plan = UNNAMED.read(question, scope="p.html")
    asks = list(plan.periods) or [None] * len(facts)
    inputs = tuple(Input(f, Slot(period=asks[min(i, len(asks) - 1)])) for i, f in enumerate(facts))
    unit = facts[0].unit
    return plan, Draft(plan, kind, inputs, value if value is not None else facts[0].value, unit, operation=operation or kind), facts


@pytest.mark.parametrize("question, kind, facts, value, operation, says", [
    ("What was the increase in the write-down in 2018?", "lookup", [_fact("Write-down of vessels", "-53863", 2018)],
     None, "lookup", "increase"),
    ("What was the License and subscription revenue in 2019?", "lookup",
     [_fact("Cost of license and subscription revenue", "3011", 2019)], None, "lookup", "cost of a line"),
    ("What is the percentage constitution of Depreciation in EBITDA in 2019?", "lookup",
     [_fact("Depreciation", "0.099", 2019, unit="pure", member="Change")], None, "lookup", "column of changes"),
    ("What is the average defined benefit schemes in 2019?", "lookup", [_fact("Defined benefit schemes", "57", 2019)], None,
     "lookup", "average"),
    ("What was the percentage change in the WACC between 2018 and 2019?", "arith",
     [_fact("WACC", "0.095", 2018, unit="pure"), _fact("WACC", "0.09", 2019, unit="pure")], Decimal("-0.0526"), "growth",
     "percentage points"),
    ("What is the change in Allowance for credit losses from 2018 to 2019?", "arith",
     [_fact("Allowance for credit losses", "-23", 2018), _fact("Allowance for credit losses", "-135", 2019)], Decimal(-112),
     "change", "negatives"),
    ("What is the difference in the number of rights granted between 2018 and 2019?", "arith",
     [_fact("Granted", "5691731", 2018, unit="shares"), _fact("Granted", "4465617", 2019, unit="shares")], Decimal(-1226114),
     "change", "sign"),
    ("How many years did the Current income tax expense exceed $2 thousand?", "which",
     [_fact("Income tax expense (benefit)", "5534", 2018)], Decimal(1), "threshold count", "Current"),
])
def test_the_judge_does_not_vouch_for_an_answer_that_does_another_thing(question, kind, facts, value, operation, says):
    plan, draft, fs = _draft(question, kind, facts, value, operation)
    problems = asked_problems(plan, draft, fs)
    assert any(says in p for p in problems), problems


def test_the_judge_leaves_an_answer_that_does_what_was_asked():
    plan, draft, fs = _draft("What was the write-down in 2018?", "lookup", [_fact("Write-down of vessels", "-53863", 2018)])
    assert asked_problems(plan, draft, fs) == []
    plan, draft, fs = _draft("What was the change in the expected volatility from 2018 to 2019?", "arith",
                             [_fact("Expected volatility", "0.335", 2018, unit="pure"),
                              _fact("Expected volatility", "0.274", 2019, unit="pure")], Decimal("-0.061"), "change")
    assert asked_problems(plan, draft, fs) == []
    # the line the lexicon names for the metric asked is that metric, whatever word it starts with
    plan, draft, fs = _draft("What was the cost of goods sold in 2019?", "lookup", [_fact("Cost of sales", "3011", 2019)])
    assert not any("of a line" in p for p in asked_problems(plan, draft, fs))


def test_an_unlabelled_row_is_the_total_and_a_repeated_label_keeps_its_heading():
    doc = lxml_html.fromstring("""<html><body><table>
      <tr><td></td><td>2019</td><td>2018</td></tr>
      <tr><td>Severance</td><td>$7,169</td><td>$7,845</td></tr>
      <tr><td>Other</td><td>1,286</td><td>591</td></tr>
      <tr><td></td><td>$8,455</td><td>$8,436</td></tr>
      <tr><td>Profit</td><td></td><td></td></tr>
      <tr><td>Continuing operations</td><td>1,493</td><td>1,605</td></tr>
      <tr><td>Earnings per share (cents)</td><td></td><td></td></tr>
      <tr><td>Continuing operations</td><td>114.3</td><td>123.4</td></tr>
    </table></body></html>""")
    facts = table_facts(doc, filing_id="f1", source="p.html")[0]
    by = {(f.label, f.year_period.year): f.value for f in facts}
    assert by[("Total", 2019)] == Decimal(8455) and by[("Total", 2018)] == Decimal(8436)
    assert by[("Profit: Continuing operations", 2019)] == Decimal(1493)
    assert by[("Earnings per share (cents): Continuing operations", 2018)] == Decimal("123.4")


def test_a_table_with_no_caption_is_named_by_the_last_row_its_rows_add_up_to():
    def titles(rows: str) -> set[str]:
        doc = lxml_html.fromstring(f"<html><body><table><tr><td></td><td>Years Ended June 30,</td><td></td></tr>"
                                   f"<tr><td></td><td>2019</td><td>2018</td></tr>{rows}</table></body></html>")
        return {f.title for f in table_facts(doc, filing_id="f1", source="p.html")[0]}

    adds_up = ("<tr><td>Domestic</td><td>$300</td><td>$200</td></tr><tr><td>Abroad</td><td>100</td><td>—</td></tr>"
               "<tr><td>Other</td><td>5</td><td>50</td></tr><tr><td>Profit before tax</td><td>$405</td><td>$250</td></tr>")
    assert titles(adds_up) == {"Profit before tax"}
    # a last row that is no sum of the rows above, or a bare 'Total' (it names nothing): the headings stay the title
    assert titles(adds_up.replace("$405", "$415")) == {"Years Ended June 30, 2019 2018"}
    assert titles(adds_up.replace("Profit before tax", "Total")) == {"Years Ended June 30, 2019 2018"}


def test_a_row_is_found_by_the_total_it_adds_up_to_and_is_no_rival_of_that_total(tmp_path):
    """'the profit from Abroad': the row 'Abroad' of a table whose rows add up to 'Profit before tax'; that
    total asked is still verified (its parts are not other lines that fit its words)."""
    table = [["", "Years Ended June 30,", ""], ["", "2020", "2019"], ["Domestic", "$310", "$200"], ["Abroad", "120", "—"],
             ["Other", "5", "50"], ["Profit before tax", "$435", "$250"]]
    context = {"table": {"uid": "t33b-profit-0001", "table": table},
               "paragraphs": [{"uid": "p1", "order": 1, "text": "(In thousands)"}],
               "questions": [_question(1, "What is the profit from Abroad in 2020?", ["120"], "span", "thousand"),
                             _question(2, "What was the profit before tax in 2020?", ["435"], "span", "thousand")]}
    records = _run_pages(tmp_path, context)
    assert records[0].right, records[0].text
    assert records[1].right and records[1].verified, records[1].text


def test_years_asked_are_the_years_the_answer_names_not_every_year_it_shows():
    q = {"uid": "x", "question": "In which year was R&D less than 1,000 thousands?", "answer": ["2018", "2017"],
         "answer_type": "multi-span", "scale": "", "derivation": ""}
    assert judge(q, None, None, "2018 and 2017 — R&D: USD 980,000 (2018) versus USD 990,000 (2017) versus USD 1,310,000 (2019)",
                 False).right
    assert not judge(q, None, None, "2019 — R&D: USD 980,000 (2018) versus USD 990,000 (2017) versus USD 1,310,000 (2019)",
                     False).right


@pytest.mark.parametrize("question, part, whole", [
    ("What is the percentage of tax fees in the total fees in 2020?", "tax fees", "total fees"),
    ("In 2020, what is the percentage constitution of rent among the total occupancy costs?", "rent", "total occupancy costs"),
    ("What is the proportion of vessels over total assets in 2020?", "vessels", "total assets"),
    ("What is the proportion of property, plant and equipment over total assets in 2020?", "property, plant and equipment",
     "total assets"),
    ("What percentage of the total unrealized gains is generated from municipal bonds in 2020?", "municipal bonds",
     "total unrealized gains"),
    ("What proportion of total loans is made up of mortgage loans in 2020?", "mortgage loans", "total loans"),
    ("What percentage of total deposits did savings accounts accounted for in 2020?", "savings accounts", "total deposits"),
    ("What was the amount of bonds as a percentage of total investments in 2020?", "bonds", "total investments"),
    ("What is the percentage of the leases of more than 5 years in the total leases?", "leases of more than 5 years", "total leases"),
])
def test_a_share_of_a_total_reads_its_part_and_keeps_the_whole_s_total(question, part, whole):
    plan = UNNAMED.read(question, scope="p.html")
    assert plan.operation is Op.SHARE, (question, plan.operation)
    assert [i.text for i in plan.items] == [part, whole]


def test_one_line_over_two_periods_each_line_of_a_respective_list_and_words_that_only_ask_to_add():
    ratio = UNNAMED.read("What is the ratio of the cost of land, buildings, and equipment in fiscal 2020 to fiscal 2019?", scope="p.html")
    assert ratio.operation is Op.RATIO and [i.text for i in ratio.items] == ["cost of land, buildings, and equipment"]
    assert [a.year for a in ratio.periods] == [2020, 2019]
    share = UNNAMED.read("What is the 2020 order backlog expressed as a percentage of 2019 order backlog?", scope="p.html")
    assert share.operation is Op.SHARE and len(share.items) == 1 and [a.year for a in share.periods] == [2020, 2019]
    both = UNNAMED.read("What are the respective rent and utilities in 2020?", scope="p.html")
    assert both.operation is Op.SERIES and [i.text for i in both.items] == ["rent", "utilities"]
    # two lines keep their own words; members (names) take the line's ('Europe and Asia net sales')
    assert [i.text for i in UNNAMED.read("What are the respective sales and purchases for 2020?", scope="p.html").items] == [
        "sales", "purchases"]
    members = UNNAMED.read("What was the net sales of the Europe and Asia segment respectively?", scope="p.html")
    assert [i.metric for i in members.items] == ["revenue", "revenue"]
    summed = UNNAMED.read("What is the total freight costs altogether for the years ended December 31, 2019 and 2020?", scope="p.html")
    assert summed.operation is Op.SUM and summed.items[0].text == "total freight costs"
    assert UNNAMED.read("What is the company's total rent expense in 2019 and 2020?", scope="p.html").operation is Op.SUM
    # two lines, each named in full, keep their own words (no metric word lent from one to the other)
    two = UNNAMED.read("What is the ratio of inventory reserves to accrued bonuses in 2020?", scope="p.html")
    assert [i.text for i in two.items] == ["inventory reserves", "accrued bonuses"]
    # 'absolute' or 'nominal' percentage change of a rate: the change in points
    points = UNNAMED.read("What was the absolute percentage change in the discount rate between 2019 and 2020?", scope="p.html")
    assert points.operation is Op.CHANGE and points.output.points and points.items[0].text == "discount rate"
    # a list of three is not read as two lines
    assert len(UNNAMED.read("What were the rent, utilities and insurance in 2020 respectively?", scope="p.html").items) != 2


def test_shares_ratios_lists_and_sums_over_a_table_asked_for_real(tmp_path):
    """A page of our own through `filingqa eval --tatqa`'s runner: a real index, the real finder and judge."""
    table = [["", "2020", "2019"], ["Audit fees", "$410", "$380"], ["Tax fees", "90", "70"], ["All other fees", "50", "50"],
             ["Total fees", "$550", "$500"]]

    q = _question

    context = {"table": {"uid": "t27b-fees-0001", "table": table},
               "paragraphs": [{"uid": "p1", "order": 1, "text": "The fees billed by our auditor for the years ended December 31, "
                                                               "2020 and 2019 were as follows (in thousands):"}],
               "questions": [q(1, "What is the percentage of tax fees in the total fees in 2020?", 16.36, scale="percent"),
                             q(2, "What percentage of the total fees is made up of audit fees in 2019?", 76, scale="percent"),
                             q(3, "What is the ratio of audit fees in 2020 to 2019?", 1.08),
                             q(4, "What are the respective tax fees and audit fees in 2019?", ["70", "380"], "multi-span", "thousand"),
                             q(5, "What is the total tax fees altogether for the years 2019 and 2020?", 160, scale="thousand"),
                             q(6, "In which category was the fees the smallest in 2020?", "All other fees", "span"),
                             q(7, "Which fee was the largest in 2019?", "Audit fees", "span")]}
    occupancy = {"table": {"uid": "t27b-occupancy-01", "table": [["", "2020", "2019"], ["Rent", "$120", "$100"],
                                                                ["Utilities", "30", "25"], ["Deposits", "—", "—"],
                                                                ["Total", "$150", "$125"]]},
                 "paragraphs": [{"uid": "p2", "order": 1, "text": "Occupancy costs were as follows (in thousands):"}],
                 "questions": [q(8, "What is the percentage of rent in the total occupancy costs in 2020?", 80, scale="percent"),
                               q(9, "What were the deposits in 2020?", "0", "span")]}
    records = _run_pages(tmp_path, context, occupancy)
    for r in records[:5]:
        assert r.right and r.verified, (r.question, r.text)
    # which row is largest, a whole taken as the table's 'Total' row (read from the layout), a dash (nil, or not
    # applicable): right, never verified
    for r in records[5:]:
        assert r.right and not r.verified, (r.question, r.text)
    assert len(records) == 9


def test_which_years_past_a_bound_read_the_bound_out_of_the_line():
    for q, words, extreme in (("Which years did widget sales exceed $5 million?", {"widget"}, "max"),
                              ("Which of the years had gadget backlog of greater than $8,200 thousand?", {"gadget", "backlog"}, "max"),
                              ("Which years did expected gizmo term exceed 0.5 years?", {"gizmo", "term"}, "min"),
                              ("In which years was Acme Widgets revenue less than 600,000 thousands?", {"widget"}, "min")):
        plan = UNNAMED.read(q, scope="p.html")
        assert plan.operation is Op.RANK and plan.rank_over == "period" and len(plan.items) == 1, q
        assert not any(c.isdigit() for c in plan.items[0].text) and "thousand" not in plan.items[0].words, q
        assert words <= set(plan.items[0].words) or any(w.startswith("widget") for w in plan.items[0].words), q
        if extreme == "min":
            assert plan.extreme in ("min", "max"), q


def test_non_current_and_current_lines_are_no_latest_period():
    for q in ("Which years did Non-current gadget assets exceed $20,000 thousand?", "What were total current gadget liabilities?"):
        plan = UNNAMED.read(q, scope="p.html")
        assert not plan.periods and "current" in plan.items[0].text.lower(), q
    assert UNNAMED.read("What is the gadget revenue for the current year?", scope="p.html").periods[0].relation == "latest"


def test_the_years_a_line_is_provided_for_are_a_series_of_that_line():
    for q, word in (("For which years is the average gizmo life provided for?", "gizmo"),
                    ("In which years was the number of gadget shares calculated for?", "gadget"),
                    ("What are the years that information regarding widget expenses is made available?", "widget"),
                    ("For which periods is the net impact of gadget changes presented in the table?", "gadget")):
        plan = UNNAMED.read(q, scope="p.html")
        assert plan.operation is Op.SERIES and not plan.periods, q
        assert any(w.startswith(word[:5]) for w in plan.items[0].words), q
        assert not {"calcul", "provid", "present", "tabl", "avail"} & set(plan.items[0].words), q
    assert UNNAMED.read("In which year was gadget revenue larger?", scope="p.html").operation is Op.RANK


def _column(label: str, value: str, member: str) -> Fact:
    return Fact(fact_id=f"{label}|{member}", filing_id="f", source="p.html", title="t", label=label, raw=value,
                value=Decimal(value), unit="USD", dimensions=(Member(axis="Maturity", member=member),), column_label=member)


def test_a_column_the_question_names_beside_its_line_is_the_one_taken():
    from qa.read.items import line_item
    from qa.resolve.columns import named_column

    cols = [_column("Gizmo leases", "900", "Total"), _column("Gizmo leases", "500", "Less Than 1 Year"),
            _column("Gizmo leases", "300", "1-3 Years"), _column("Gizmo leases", "100", "More Than 5 Years")]
    part = line_item("gizmo leases that are due in less than one year")
    assert named_column(part, "What are gizmo leases due in less than one year as a % of the total?", cols[0], cols).value == 500
    later = line_item("gizmo leases of more than 5 years")
    assert named_column(later, "What is the percentage of the gizmo leases of more than 5 years in the total?", cols[0], cols).value == 100
    # the item names its own column, or the words single none out: the chosen fact stays
    assert named_column(line_item("total gizmo leases"), "What share of total gizmo leases is due in less than one year?", cols[0], cols) is None
    assert named_column(line_item("gizmo leases"), "What share of the gizmo leases is it?", cols[0], cols) is None
    gains = [_column("Widget bonds", "70", "Amortized Cost"), _column("Widget bonds", "4", "Unrealized Gains"),
             _column("Widget bonds", "2", "Unrealized Losses")]
    assert named_column(line_item("widget bonds"), "What percentage of the total unrealized gain is generated from widget bonds?",
                        gains[0], gains).value == 4


def test_how_many_components_are_there_under_a_total_counts_its_lines():
    from qa.resolve.components import _HOW_MANY, components_asked

    assert components_asked("How many categories are there under total widget expense?") == "total widget expense"
    assert components_asked("How many components are there under gadget assets?") == "gadget assets"
    assert _HOW_MANY.search("How many categories are there under total widget expense?")
    assert not _HOW_MANY.search("What are the components of total widget expense?")


def test_respective_columns_of_one_line_are_a_series_of_that_line_in_each_column():
    from qa.read.items import line_item
    from qa.resolve.columns import named_column

    plan = UNNAMED.read("What are the respective values of gizmo obligations that are less than one year and between 2-5 years?",
                        scope="p.html")
    assert plan.operation is Op.SERIES and len(plan.items) == 2
    assert plan.items[0].text.endswith("less than one year") and plan.items[1].text.endswith("2-5 years")
    cols = [_column("Gizmo obligations", "900", "Total"), _column("Gizmo obligations", "500", "Up to 1 year"),
            _column("Gizmo obligations", "300", "1 to 3 years"), _column("Gizmo obligations", "100", "3 to 5 years")]
    # a range whose every word the question says singles out its column, though each word is another column's too
    asked = "What are the respective values of widget and gizmo obligations that are between 1 to 3 years?"
    assert named_column(line_item("gizmo obligations"), asked, cols[0], cols).value == 300


def test_a_total_across_all_the_years_adds_every_year_printed():
    plan = UNNAMED.read("What is the total gizmo reserve - ending balance across all 3 years?", scope="p.html")
    assert plan.operation is Op.SUM and not plan.periods and plan.items[0].text == "total gizmo reserve - ending balance"
    assert UNNAMED.read("What is the total gizmo reserve?", scope="p.html").operation is Op.LOOKUP
    assert UNNAMED.read("What is the average gizmo reserve across the 2 years?", scope="p.html").operation is not Op.SUM


def test_the_years_of_a_line_by_segment_are_years_not_a_breakdown():
    plan = UNNAMED.read("In which years were the gizmo sales by segment calculated?", scope="p.html")
    assert plan.operation is Op.SERIES and not plan.periods and not plan.breakdown
    assert UNNAMED.read("What were gizmo sales by segment in 2019?", scope="p.html").breakdown


def test_a_year_written_before_average_is_that_year_and_the_year_before():
    plan = UNNAMED.read("What is the 2021 average widget inventory?", scope="p.html")
    assert plan.operation is Op.AVERAGE and [a.year for a in plan.periods] == [2020, 2021]
    assert "average" not in plan.items[0].text
    # a difference of two such averages stays a difference; a line's own 'average price' stays a lookup
    assert UNNAMED.read("What is the difference between 2021 average widget stock and 2021 average gadget stock?",
                        scope="p.html").operation is Op.DIFFERENCE
    assert UNNAMED.read("What was the 2021 average price paid per share?", scope="p.html").operation is Op.LOOKUP
    three = UNNAMED.read("What was the three-year average revenue in 2021?", scope="p.html")
    assert [a.year for a in three.periods] == [2019, 2020, 2021] and three.items[0].text == "revenue"


def test_a_fiscal_year_written_across_two_years_is_the_later_one():
    plan = UNNAMED.read("What was the change in widget sales in 2020/2021 from 2019/2020?", scope="p.html")
    assert plan.operation is Op.CHANGE and [(a.relation, a.year) for a in plan.periods] == [("fy", 2020), ("fy", 2021)]
    assert plan.items[0].text == "widget sales"
    assert [a.year for a in UNNAMED.read("What were widget sales in FY2020/21?", scope="p.html").periods] == [2021]


def test_a_row_under_a_long_heading_is_the_line_its_own_name_says():
    from qa.check.lines import another_metric
    from qa.find.candidates import _own_name_precise

    f = _fact("Adjustments to reconcile net loss to net cash provided by operating activities: Share based compensation",
              "4556", 2021)
    plan = UNNAMED.read("What was the change in share based compensation between 2020 and 2021?", scope="p.html")
    assert _own_name_precise(plan.items[0], f) and another_metric(plan.items[0], f) == ""
    other = UNNAMED.read("What was the change in widget fees between 2020 and 2021?", scope="p.html")
    assert not _own_name_precise(other.items[0], f)


def test_a_day_without_its_year_takes_the_year_written_after_it():
    plan = UNNAMED.read("What was the change in widget sales between the quarters ended July 25 and April 25 in 2021?", scope="p.html")
    assert [a.day for a in plan.periods] == [date(2021, 4, 25), date(2021, 7, 25)]
    plan = UNNAMED.read("What is the change in widget stock between June 30 and December 31, 2021?", scope="p.html")
    assert [a.day for a in plan.periods] == [date(2021, 6, 30), date(2021, 12, 31)] and plan.items[0].text == "widget stock"


def test_an_untagged_part_year_column_is_no_balance_at_its_end():
    from qa.check.periods import period_problem
    from qa.find.periods import period_score
    from qa.plan import PeriodAsk

    base = _fact("Widget stock", "20", 2021)
    moved = Fact(**{**base.__dict__, "period": Period(start=date(2021, 7, 1), end=date(2021, 12, 31), kind="duration")})
    year = Fact(**{**base.__dict__, "period": Period(start=date(2021, 1, 1), end=date(2021, 12, 31), kind="duration")})
    at = Fact(**{**base.__dict__, "period": Period(end=date(2021, 12, 31), kind="instant")})
    ask = PeriodAsk("on", 2021, date(2021, 12, 31), "December 31, 2021")
    assert period_problem(ask, moved) and period_problem(ask, year) == "" and period_problem(ask, at) == ""
    assert period_score(ask, at.period, at) > period_score(ask, year.period, year) > period_score(ask, moved.period, moved)


def test_share_counts_and_counted_things_are_not_money_in_a_money_table():
    doc = lxml_html.fromstring("""<html><body><p>(In thousands)</p><table>
      <tr><td></td><td>2021</td><td>2020</td></tr>
      <tr><td>Net income</td><td>$1,169</td><td>$116</td></tr>
      <tr><td>Weighted-average common shares outstanding:</td><td></td><td></td></tr>
      <tr><td>Basic</td><td>57,840</td><td>52,798</td></tr>
      <tr><td>Shares used in diluted computation</td><td>259</td><td>276</td></tr>
      <tr><td>Share options outstanding</td><td>6,209</td><td>6,230</td></tr>
      <tr><td>Cash (1)</td><td>$1,280</td><td>$26,486</td></tr>
    </table></body></html>""")
    facts = table_facts(doc, filing_id="f1", source="p.html")[0]
    unit = {f.label.rsplit(": ", 1)[-1]: f.unit for f in facts if f.year_period.year == 2021}
    assert unit["Net income"] == "USD" and unit["Cash (1)"] == "USD"
    assert unit["Basic"] == "shares"
    assert unit["Shares used in diluted computation"] == "shares" and unit["Share options outstanding"] == "shares"


def test_a_cover_period_and_year_end_columns_say_the_filer_s_fiscal_calendar():
    """A page that states its period ('for the fiscal year ended January 31, 2022') and prints year columns ending that
    day: the facts carry that calendar, so 'the end of 2021' is the balance at Jan. 31, 2021 (the layout's year end)."""
    from qa.check.periods import period_problem
    from qa.plan import PeriodAsk

    doc = lxml_html.fromstring("""<html><body><table>
      <tr><td>(in millions)</td><td>Fiscal Year Ended January 31, 2022</td><td>Fiscal Year Ended January 31, 2021</td></tr>
      <tr><td>Widgets, beginning of the year</td><td>$90.0</td><td>$80.0</td></tr>
      <tr><td>Widgets, end of the year</td><td>$95.5</td><td>$90.0</td></tr>
    </table></body></html>""")
    facts = table_facts(doc, filing_id="f1", source="p.html", report_date=date(2022, 1, 31))[0]
    end_2021 = next(f for f in facts if f.label == "Widgets, end of the year" and f.period.end == date(2021, 1, 31))
    assert end_2021.fiscal_period == "FY" and end_2021.report_date == date(2022, 1, 31)
    assert period_problem(PeriodAsk("end", 2021, None, "2021"), end_2021) == ""
    # a cover date on another day of the year than the columns' year end says nothing of their calendar
    other = table_facts(doc, filing_id="f1", source="p.html", report_date=date(2022, 6, 30))[0]
    assert all(f.fiscal_period == "" for f in other)


def test_a_52_53_week_year_printed_as_ending_in_early_january_is_also_the_year_printed():
    from qa.check.periods import period_problem
    from qa.find.periods import period_score
    from qa.plan import PeriodAsk

    base = _fact("Widget costs", "6", 2019)
    jan = Fact(**{**base.__dict__, "period": Period(end=date(2025, 1, 3), kind="instant")})
    dec = Fact(**{**base.__dict__, "period": Period(end=date(2023, 12, 29), kind="instant")})
    for year in (2024, 2025):  # its fiscal (and calendar) year, and the year the page prints
        ask = PeriodAsk("in", year, None, str(year))
        assert period_problem(ask, jan) == "" and period_score(ask, jan.period, jan) > 0, year
    assert period_problem(PeriodAsk("in", 2026, None, "2026"), jan)
    assert period_score(PeriodAsk("in", 2024, None, "2024"), dec.period, dec) == 0.0
    # a filer whose calendar is known names its years itself
    known = Fact(**{**jan.__dict__, "fiscal_period": "FY", "fiscal_year": 2024, "report_date": date(2025, 1, 3)})
    assert period_score(PeriodAsk("in", 2025, None, "2025"), known.period, known) == 0.0


def test_a_charge_asked_of_a_line_is_not_the_line_s_balance(tmp_path):
    q = partial(_question, scale="thousand")

    context = {"table": {"uid": "t32a-charges-0001", "table": [["", "2021", "2020"], ["Tooling costs", "$98", "$145"],
                                                              ["Prepaid rent", "41", "6"]]},
               "paragraphs": [{"uid": "p1", "order": 1, "text": "Other assets were as follows (in thousands):"}],
               "questions": [q(1, "What was the amortization related to tooling costs in 2021?", 20),
                             q(2, "What were the tooling costs in 2021?", 98)]}
    charge, balance = _run_pages(tmp_path, context)
    assert charge.value is None and not charge.right, charge.text
    assert balance.right, balance.text


def test_quarters_named_without_a_year_take_the_year_written_or_the_latest():
    from qa.read.periods import read_periods

    def asked(q):
        return [(a.relation, a.year, a.quarter) for a in read_periods(q)[0]]

    assert asked("What were the widget sales in the second quarter?") == [("quarter", None, 2)]
    assert asked("What was the change in widget sales between the first and third quarter?") == [
        ("quarter", None, 1), ("quarter", None, 3)]
    assert asked("In 2021, what is the change in widget sales between the first quarter and second quarter?") == [
        ("quarter", 2021, 1), ("quarter", 2021, 2)]
    assert asked("What was the third quarter widget sales in 2021 and 2020?") == [("quarter", 2021, 3), ("quarter", 2020, 3)]
    assert asked("What is the average quarterly widget price in 2020?") == [("quarter", 2020, q) for q in (1, 2, 3, 4)]
    assert asked("What were the widget sales in the second quarter of 2021?") == [("quarter", 2021, 2)]
    assert asked("What was the quarterly dividend in 2021?") == [("in", 2021, None)]


def test_a_difference_in_two_lines_sharing_a_head_names_both_lines():
    plan = UNNAMED.read("What is the difference in the high and low prices of the widget stock in 2021?", scope="p.html")
    assert plan.operation is Op.DIFFERENCE
    assert [i.words[:2] for i in plan.items] == [("high", "price"), ("low", "price")]
    assert "chronolog" not in UNNAMED.read("What were the widget sales in 2020 and 2021 in chronological order?",
                                           scope="p.html").items[0].words


def test_quarterly_tables_by_ordinal_column_and_on_their_side(tmp_path):
    """Columns 'First | Second | Third | Fourth' under a year heading; a price range printed on its side (rows of
    quarters under '2021:', columns 'High | Low'): the quarter asked, of the year written or the latest printed."""
    q = _question

    quarterly = {"table": {"uid": "t32a-quarters-01", "table": [
        ["", "First", "Second", "Third", "Fourth"], ["2021", "", "", "", ""],
        ["Widget sales", "$1,200", "$1,350", "$1,100", "$1,500"], ["Widget margin", "$400", "$450", "$300", "$520"],
        ["2020", "", "", "", ""], ["Widget sales", "$900", "$950", "$1,000", "$1,050"],
        ["Widget margin", "$300", "$310", "$320", "$330"]]},
        "paragraphs": [{"uid": "p1", "order": 1, "text": "Quarterly results were as follows (in thousands):"}],
        "questions": [q(1, "What were the widget sales in the fourth quarter?", 1500, scale="thousand"),
                      q(2, "What was the change in the widget sales between the second and third quarter?", -250, scale="thousand"),
                      q(3, "What was the percentage change in the widget margin between the first and second quarter?", 12.5,
                        scale="percent")]}
    prices = {"table": {"uid": "t32a-prices-0001", "table": [
        ["", "High", "Low"], ["2021:", "", ""], ["Fourth Quarter", "$12.00", "$9.00"], ["Third Quarter", "$15.00", "$10.00"],
        ["Second Quarter", "$20.00", "$12.00"], ["First Quarter", "$18.00", "$9.00"], ["2020:", "", ""],
        ["Fourth Quarter", "$11.00", "$7.00"], ["Third Quarter", "$19.00", "$10.00"], ["Second Quarter", "$17.00", "$6.00"],
        ["First Quarter", "$7.00", "$5.00"]]},
        "paragraphs": [{"uid": "p2", "order": 1, "text": "The high and low sales prices of our common stock were as follows:"}],
        "questions": [q(4, "In 2021, what is the change in high price between the third quarter and fourth quarter?", -3),
                      q(5, "What is the average quarterly low price for 2020?", 7),
                      q(6, "What is the difference in the high and low prices of the common stock in the fourth quarter of 2021?", 3)]}
    records = _run_pages(tmp_path, quarterly, prices)
    for r in records:
        assert r.right and not r.verified, (r.question, r.text)  # a quarter named in words only: never verified
    assert all("per share" in r.text for r in records[3:]), [r.text for r in records[3:]]


def test_a_change_asked_with_no_period_is_the_line_s_change_over_its_two_years(tmp_path):
    q = partial(_question, scale="million")

    context = {"table": {"uid": "t32a-movement-01", "table": [["$ million", "2021", "2020"], ["Opening widgets", "80.0", "70.5"],
                                                             ["Closing widgets", "95.5", "80.0"]]},
               "paragraphs": [{"uid": "p1", "order": 1, "text": "Widget stock moved as follows:"}],
               "questions": [q(1, "What was the change in closing widgets?", 15.5)]}
    moved, = _run_pages(tmp_path, context)
    assert moved.right and "computed as [2] − [1]" in moved.text, moved.text


def test_a_part_named_as_two_lines_adds_them_and_a_column_the_question_names_is_not_added_in(tmp_path):
    """'the proportion of A and B over the total': two rows of one column added up (their words picked them: right,
    never verified); 'in fair values': the column the question names, not the line's columns added up."""
    q = partial(_question, scale="percent")

    plant = {"table": {"uid": "t32b-plant-0001", "table": [["", "2020", "2019"], ["Land", "$200", "$180"],
                                                           ["Leasehold improvements", "300", "250"], ["Machinery", "500", "470"],
                                                           ["Total property, gross", "$1,000", "$900"]]},
             "paragraphs": [{"uid": "p1", "order": 1, "text": "Property consisted of the following (in thousands):"}],
             "questions": [q(1, "What is the proportion of land and leasehold improvements over the total property, gross in 2020?", 50)]}
    debt = {"table": {"uid": "t32b-debt-00001", "table": [["", "December 31, 2020", ""], ["", "Carrying Amount", "Fair Value"],
                                                          ["Gizmo notes", "$400", "$420"], ["Other gizmo borrowings", "100", "110"],
                                                          ["Total debt", "$500", "$530"]]},
            "paragraphs": [{"uid": "p2", "order": 1, "text": "The carrying amounts and fair values of our debt (in millions):"}],
            "questions": [q(2, "What is other gizmo borrowings as a percentage of total debt as of December 31, 2020 in fair values?", 20.75)]}
    records = _run_pages(tmp_path, plant, debt)
    assert records[0].right and not records[0].verified, records[0].text
    assert records[1].right, records[1].text


def test_how_many_lines_pass_a_bound_in_a_year_and_lines_under_a_heading_are_counted(tmp_path):
    """'How many components of X exceeded $N in 2020?': the lines under X's total, each read in 2020's column; a 'Net
    operating loss …' line is a line of its own, not a total; 'How many types of X are there?' counts the lines a
    heading X heads up to its total. Counts read from the layout: right, never verified."""
    q = partial(_question, answer_type="count")

    taxes = {"table": {"uid": "t32b-gizmotax-01", "table": [["", "2020", "2019"], ["Gizmo tax assets:", "", ""],
                                                            ["Net operating loss carryforwards", "$80,000", "$20,000"],
                                                            ["Gizmo reserves", "60,000", "70,000"], ["Other", "5,000", "4,000"],
                                                            ["Total gizmo tax assets", "145,000", "94,000"],
                                                            ["Less valuation allowance", "(30,000)", "(20,000)"],
                                                            ["Net gizmo tax assets", "$115,000", "$74,000"]]},
             "paragraphs": [{"uid": "p1", "order": 1, "text": "The gizmo tax assets were as follows (in thousands):"}],
             "questions": [q(1, "How many components of gizmo tax assets exceeded $50,000 thousand in 2020?", 2),
                           q(2, "How many components are there under gizmo tax assets?", 3)]}
    intangibles = {"table": {"uid": "t32b-widgetint-1", "table": [["", "Gross", "Net"], ["Finite-lived widget rights", "", ""],
                                                                  ["Customer lists", "$500", "$300"], ["Patents", "40", "20"],
                                                                  ["Total", "540", "320"], ["Indefinite-lived widget rights", "", ""],
                                                                  ["Trade names", "30", "30"], ["Customer lists", "10", "10"],
                                                                  ["Total", "$580", "$360"]]},
                   "paragraphs": [{"uid": "p2", "order": 1, "text": "Widget rights at December 31, 2020 (in millions):"}],
                   "questions": [q(3, "How many types of finite-lived widget rights are there?", 2)]}
    records = _run_pages(tmp_path, taxes, intangibles)
    for r in records:
        assert r.right and not r.verified, (r.question, r.text)


def test_which_row_is_highest_when_only_the_text_names_the_measure_and_a_tie_goes_to_the_total_column(tmp_path):
    """'Which country had the highest widget external revenue in 2020?' over a table whose columns say only years (the
    text before it names the measure): the one column of 2020. 'the greatest in the total fair value' over level
    columns that all say 'fair value': the 'Total Fair Value' column, and the row as printed, not its heading."""
    def q(n, text, answer):
        return _question(n, text, [answer], answer_type="span")

    regions = {"table": {"uid": "t32b-regions-001", "table": [["", "2020", "2019"], ["Canada", "$50", "$90"], ["Mexico", "80", "60"],
                                                              ["Peru", "20", "10"], ["", "$150", "$160"]]},
               "paragraphs": [{"uid": "p1", "order": 1, "text": "12. Segment Information"},
                              {"uid": "p2", "order": 2, "text": "The Company operates in a single reportable segment."},
                              {"uid": "p3", "order": 3, "text": "The following table presents widget external revenues by "
                                                                "geographic location:"}],
               "questions": [q(1, "Which country had the highest widget external revenue in 2020?", "Mexico")]}
    levels = {"table": {"uid": "t32b-levels-0001", "table": [["December 31, 2020", "", "", ""],
                                                             ["", "Level 1", "Level 2", "Total Fair Value"], ["Assets:", "", "", ""],
                                                             ["Gizmo funds", "$—", "$30", "$30"], ["Gadget bonds", "—", "70", "70"],
                                                             ["Total", "$—", "$100", "$100"]]},
              "paragraphs": [{"uid": "p4", "order": 1, "text": "Assets measured at fair value (in thousands):"}],
              "questions": [q(2, "Which component is the greatest in the total fair value?", "Gadget bonds")]}
    records = _run_pages(tmp_path, regions, levels)
    for r in records:
        assert r.right and not r.verified, (r.question, r.text)


def test_a_change_after_adoption_is_read_across_before_and_after_columns_and_a_part_named_by_other_alone(tmp_path):
    """'the percentage increase in X after adoption of the new standard' names no period: the row's column without
    the adoption is before, the one as reported after; columns dated twice in one year: the earlier first. Which
    column is which is read from the headings: right, never verified."""
    q = partial(_question, scale="percent")

    adoption = {"table": {"uid": "t32b-adoption-01", "table": [["", "", "As of March 31, 2020", ""],
                                                               ["(In millions)", "As Reported", "Balances Without Adoption of New Standard",
                                                                "Effect of Change"],
                                                               ["Gizmo receivables", "$120", "$100", "$20"],
                                                               ["Total gizmo assets", "$1,100", "$1,000", "$100"]]},
                "paragraphs": [{"uid": "p1", "order": 1, "text": "The effect of the new standard on our balance sheet:"}],
                "questions": [q(1, "What is the percentage increase in gizmo receivables after adoption of new standard?", 20)]}
    # 'Other widget rights as a percentage of total widget rights acquired': both sides read as the total row; the part
    # is the row its added word alone names ('Other'), though the whole's 'acquired' is no word of that total's line
    acquired = {"table": {"uid": "t32b-acquired-01", "table": [["", "Useful Lives (in years)", "Fair Value Amount"],
                                                               ["Purchased technology", "4.0", "$300"], ["Customer lists", "7.0", "150"],
                                                               ["Other", "2.0", "50"], ["Total definite-lived widget rights", "", "$500"]]},
                "paragraphs": [{"uid": "p2", "order": 1, "text": "The widget rights acquired were as follows (in thousands):"}],
                "questions": [q(2, "What was fair value amount of Other widget rights as a percentage of total widget rights acquired?", 10)]}
    records = _run_pages(tmp_path, adoption, acquired)
    for r in records:
        assert r.right and not r.verified, (r.question, r.text)


def test_a_bare_year_after_a_quarter_and_its_year_is_that_quarter_of_the_year():
    from qa.read.periods import read_periods

    asks, _ = read_periods("What is the sum of the gizmo revenues in Q3 2021 and 2020?")
    assert [(a.relation, a.year, a.quarter) for a in asks] == [("quarter", 2021, 3), ("quarter", 2020, 3)]
    asks, _ = read_periods("gizmo revenue in Q3 2021 and in fiscal 2020")
    assert [(a.relation, a.year) for a in asks] == [("quarter", 2021), ("fy", 2020)]


def test_within_one_document_a_line_its_heading_qualifies_may_answer_but_is_never_verified(tmp_path):
    """'In which year were inventories larger?' over a page whose only inventories line is 'Deferred tax assets:
    Inventories': another metric than inventories by its heading, but its own name is all the question says - an
    answer, never verified (outside one document the judge still refuses it)."""
    from qa.check.lines import another_metric, headed_line
    from qa.read.items import line_item

    f = _fact("Deferred tax assets: Inventories", "58", 2019)
    assert another_metric(line_item("inventories"), f) and headed_line(line_item("inventories"), f)
    assert not headed_line(line_item("inventories"), _fact("Deferred tax assets: Inventories reserve", "5", 2019))

    taxes = {"table": {"uid": "t32b-taxinvent-1", "table": [["", "2020", "2019"], ["Deferred tax assets:", "", ""],
                                                            ["Gizmo accruals", "$40", "$35"], ["Inventories", "43", "58"],
                                                            ["Other", "10", "12"], ["Total deferred tax assets", "$93", "$105"]]},
             "paragraphs": [{"uid": "p1", "order": 1, "text": "Deferred tax assets were as follows (in millions):"}],
             "questions": [{"uid": "q1", "order": 1, "question": "In which year were Inventories larger?", "answer": ["2019"],
                            "derivation": "", "answer_type": "span", "answer_from": "table", "rel_paragraphs": [],
                            "req_comparison": False, "scale": ""}]}
    records = _run_pages(tmp_path, taxes)
    assert records[0].right and not records[0].verified, records[0].text


def test_the_rows_under_a_heading_line_the_rows_do_not_carry_end_at_the_next_heading(tmp_path):
    """'What are the components of Gadget Results?' over a table printing 'Gadget Results' alone on a line, then its
    rows, then another heading: the rows between the two headings (a 'Gross margin' row is one of them, not a total
    that ends them), and 'How many components are there under X?' counts them. Read from the layout: never verified."""
    def q(n, text, answer, answer_type):
        return _question(n, text, answer, answer_type=answer_type)

    page = {"table": {"uid": "t33c-headings-01", "table": [
        ["", "2020 $'000", "2019 $'000"], ["Gizmo Operations", "", ""], ["Operating revenue", "154,159", "176,931"],
        ["Gross margin", "52,963", "45,139"], ["Widget EBITDA", "7,202", "10,878"], ["Gadget Results", "", ""],
        ["Operating revenue", "154,585", "178,139"], ["Gross margin", "53,225", "45,944"], ["Gadget EBIT", "(2,252)", "(15,278)"],
        ["EPS (cents)", "(1.7)", "(7.0)"], ["Underlying Results", "", ""], ["Underlying EBITDA", "22,866", "15,739"],
        ["Underlying EPS", "5.1", "3.1"]]},
        "paragraphs": [{"uid": "p1", "order": 1, "text": "Summary of results"}],
        "questions": [q(1, "What are the components of Gadget Results?",
                        ["Operating revenue", "Gross margin", "Gadget EBIT", "EPS (cents)"], "multi-span"),
                      q(2, "How many components are there under Gizmo Operations?", ["3"], "count")]}
    records = _run_pages(tmp_path, page)
    for r in records:
        assert r.right and not r.verified, (r.question, r.text)
    assert "Underlying" not in records[0].text


def test_the_places_in_the_table_are_its_rows_but_not_its_total(tmp_path):
    """'What are the countries in the table whereby X is split?', 'Which regions are shown in the table of …?': every
    row of the table that is not a total; 'the types of X segments in the table' names a part of the rows, not all."""
    from qa.resolve.components import components_asked

    assert components_asked("Which regions are shown in the table of gizmo revenues by geographic location?") == ""
    assert components_asked("What are the types of Gizmo segments in the table?") != ""
    page = {"table": {"uid": "t33c-countries-1", "table": [
        ["", "2020", "2019"], ["Gizmo revenue by country", "$M", "$M"], ["UK", "83.2", "73.5"], ["Ruritania", "222.2", "199.0"],
        ["Other countries", "261.7", "238.1"], ["Total gizmo revenue by country", "567.1", "510.6"]]},
        "paragraphs": [{"uid": "p1", "order": 1, "text": "Gizmo revenue is split by the country of the customer."}],
        "questions": [_question(1, "What are the countries in the table whereby the gizmo revenue is split?",
                                ["UK", "Ruritania", "Other countries"], answer_type="multi-span")]}
    records = _run_pages(tmp_path, page)
    assert records[0].right and not records[0].verified, records[0].text
    assert "Total" not in records[0].text.split("):")[-1]


def test_a_change_no_table_line_holds_is_the_change_a_sentence_states_for_the_years_asked(tmp_path):
    """'How much did North Gizmo expenses decrease by from 2019 to 2020?' with no such line in the table: the sentence
    stating the change for both years, and its figure - quoted, never verified."""
    page = {"table": {"uid": "t33c-northgiz-01", "table": [["", "2020", "2019"], ["Gadget revenue", "$1,200", "$1,100"],
                                                          ["Widget revenue", "300", "350"]]},
            "paragraphs": [{"uid": "p1", "order": 1, "text": "North Gizmo"},
                           {"uid": "p2", "order": 2, "text": "North Gizmo net revenues increased $710,000 in 2020 compared to "
                            "2019. North Gizmo expenses decreased $2.2 million from 2019 to 2020 primarily due to a $1.7 "
                            "million decrease in salary and employee related expenses."}],
            "questions": [_question(1, "How much did North Gizmo expenses decrease by from 2019 to 2020?", ["$2.2 million"],
                                    answer_type="span")]}
    records = _run_pages(tmp_path, page)
    assert records[0].right and not records[0].verified, records[0].text


def test_the_segments_of_a_line_in_one_document_are_the_rows_above_its_total(tmp_path):
    """'What are the segments of gizmo revenue?' asked within one document: the lines above 'Total gizmo revenue'."""
    page = {"table": {"uid": "t33c-segmentsof-1", "table": [
        ["($ in thousands)", "2020", "% Change 2019 to 2020", "2019"], ["Gizmo services", "$59,545", "(8)%", "$64,476"],
        ["Widgets and other", "3,788", "(25)%", "5,073"], ["Total gizmo revenue", "$63,333", "(9)%", "$69,549"]]},
        "paragraphs": [{"uid": "p1", "order": 1, "text": "Gizmo revenue by segment:"}],
        "questions": [_question(1, "What are the segments of gizmo revenue?", ["Gizmo services", "Widgets and other"],
                                answer_type="multi-span")]}
    records = _run_pages(tmp_path, page)
    assert records[0].right and not records[0].verified, records[0].text


def test_a_total_the_table_prints_only_as_its_qualified_parts_adds_them(tmp_path):
    """'What was the total EUR denominated gadget balances as at 31 December 2021?' over a table printing only
    'Gadget balances, current' and 'Gadget balances, non-current': the two rows of that column and date, added;
    parts printed in parentheses add up to their size. Which rows make the whole is read from their labels: never
    verified. A table that prints the whole answers it from its own line."""
    q = partial(_question, scale="million")
    rows = [["", "EUR denominated €’Million", "Non-EUR denominated €’Million"], ["As at 31 December 2021", "", ""],
            ["Gadget balances, current", "1,500", "300"], ["Gadget balances, non-current", "250", "40"],
            ["Gadget debts, current", "(700)", "(1,200)"], ["Gadget debts, non-current", "(60)", "(900)"],
            ["", "990", "(1,760)"], ["As at 31 December 2020", "", ""],
            ["Gadget balances, current", "1,100", "200"], ["Gadget balances, non-current", "150", "–"],
            ["Gadget debts, current", "(500)", "(1,000)"], ["Gadget debts, non-current", "(80)", "(700)"],
            ["", "670", "(1,500)"]]
    parts = {"table": {"uid": "t33a-gadgetbal-1", "table": rows},
             "paragraphs": [{"uid": "p1", "order": 1, "text": "The gadget balances and debts by currency were:"}],
             "questions": [q(1, "What was the total EUR denominated gadget balances as at 31 December 2021?", 1750),
                           q(2, "What was the total Non-EUR denominated gadget debts as at 31 December 2020?", 1700),
                           q(3, "What was the total EUR denominated gadget balances as at 31 December 2020?", 1250)]}
    whole = {"table": {"uid": "t33a-gizmobala-2", "table": [["", "2021", "2020"], ["Gizmo balances, current", "$80", "$70"],
                                                            ["Gizmo balances, non-current", "20", "10"],
                                                            ["Total gizmo balances", "$110", "$90"]]},
             "paragraphs": [{"uid": "p2", "order": 1, "text": "Gizmo balances at year end (in millions):"}],
             "questions": [q(4, "What was the total gizmo balances in 2021?", 110)]}
    records = _run_pages(tmp_path, parts, whole)
    for r in records[:3]:
        assert r.right and not r.verified, (r.question, r.text)
    assert records[3].right, (records[3].question, records[3].text)


def test_a_change_in_a_share_is_the_later_share_minus_the_earlier_in_points():
    """'the change in the percentage of revenue represented by widget margin between 2020 and 2021': each year's
    printed share, the later minus the earlier - not one year's line over the other's (a share of two years)."""
    for q, line in (("What was the change in percentage of revenue represented by widget margin between 2020 and 2021?", "widget"),
                    ("What is the increase/ (decrease) in percentage of net bookings of Gizmos from 2019 to 2021?", "gizmo")):
        plan = UNNAMED.read(q, scope="p.html")
        assert plan.operation is Op.CHANGE and plan.output.points, q
        assert [a.year for a in plan.periods][0] < [a.year for a in plan.periods][1]
        assert line in plan.items[0].words and "increas" not in plan.items[0].words, plan.items
    # a relative change of a line is not a change in a share
    assert UNNAMED.read("What was the percentage change in widget revenue between 2020 and 2021?", scope="p.html").operation is Op.GROWTH


def test_a_ratio_of_two_lines_is_computed_over_a_year_column_that_prints_no_date(tmp_path):
    """'What is the current ratio in 2021?' over a parent-entity table headed only '2021 | 2020' (no year-end date):
    both lines are read from the year asked's column. A margin is not computed over such columns (the filing prints
    it, rounded its own way)."""
    page = {"table": {"uid": "t33a-gizmoparent", "table": [["Parent", "", ""], ["", "2021", "2020"], ["", "US$’000", "US$’000"],
                                                          ["Total current assets", "90,000", "60,000"],
                                                          ["Total assets", "300,000", "250,000"],
                                                          ["Total current liabilities", "120,000", "80,000"],
                                                          ["Total liabilities", "150,000", "90,000"]]},
            "paragraphs": [{"uid": "p1", "order": 1, "text": "Statement of financial position of the parent entity"}],
            "questions": [_question(1, "What is the current ratio in 2021?", 0.75)]}
    r = _run_pages(tmp_path, page)[0]
    assert r.right, r.text


def test_x_as_a_ratio_of_y_is_x_over_y():
    """'What was the gizmo-state credit as a ratio of gizmo-federal credit?': the first line over the second."""
    plan = UNNAMED.read("What was the gizmo-state credit carryforwards as a ratio of gizmo-federal credit carryforwards?", scope="p.html")
    assert plan.operation is Op.RATIO and [i.text for i in plan.items] == ["gizmo-state credit carryforwards",
                                                                         "gizmo-federal credit carryforwards"]
    years = UNNAMED.read("What is the 2021 widget revenue as a ratio of 2020 widget revenue?", scope="p.html")
    assert years.operation is Op.RATIO and [a.year for a in years.periods] == [2021, 2020] and len(years.items) == 1


def test_a_sum_over_years_of_amounts_only_a_sentence_states_adds_them_quoted(tmp_path):
    """'the total X in 2021 and 2020' where no table line is X but one sentence states X for each year ('… were
    $4,100 and $2,900, respectively', '… totaled $12.5 million in 2021, …'): the stated amounts added, never verified."""
    page = {"table": {"uid": "t34c-prosesum-01", "table": [["", "2021", "2020"], ["Widget sales", "$9,000", "$8,000"],
                                                           ["Widget returns", "(500)", "(400)"], ["Net widget sales", "$8,500", "$7,600"]]},
            "paragraphs": [{"uid": "p1", "order": 1, "text": "Net widget sales were as follows:"},
                           {"uid": "p2", "order": 2, "text": "Gadget royalties paid to inventors for the years ended December 31, 2021 "
                                                              "and 2020 were $4,100 and $2,900, respectively."},
                           {"uid": "p3", "order": 3, "text": "Sprocket maintenance expense totaled $12.5 million in 2021, "
                                                              "$10.0 million in 2020 and $7.5 million in 2019."}],
            "questions": [_question(1, "What is the total gadget royalties paid to inventors for 2021 and 2020?", 7000),
                          _question(2, "What is the total sprocket maintenance expense between 2019 to 2021?", 30, scale="million")]}
    records = _run_pages(tmp_path, page)
    for r in records:
        assert r.right and not r.verified and not r.abstained, r.text


def test_the_sum_of_all_rows_under_a_heading_and_a_sum_over_a_span_of_years_adds_every_one(tmp_path):
    """'the sum of all X' where X is a heading line with rows and no total of them ('Widget credits:(1)'): its rows of
    the one column every row fills (an expiry column with words in it is not added), never verified; 'the sum of X
    from 2021 to 2024': every year of the span, not its two ends."""
    q = partial(_question, scale="thousand")
    credits = {"table": {"uid": "t34c-headsum-001", "table": [["(in thousands)", "Last year of expiry", "Amount"],
                                                              ["Widget credits:(1)", "", ""], ["Domestic", "2030", "$100"],
                                                              ["Foreign", "2031 or indefinite", "$50"], ["Gizmo credits:(1)", "", ""],
                                                              ["Domestic", "2029", "$20"], ["Foreign", "indefinite", "$5"]]},
               "paragraphs": [{"uid": "p1", "order": 1, "text": "The credits available to reduce future taxes are as follows:"}],
               "questions": [q(1, "What was the sum of all Widget credits?", 150), q(2, "What was the sum of all Gizmo credits?", 25)]}
    leases = {"table": {"uid": "t34c-spansum-001", "table": [["", "Gadget Leases", "Sprocket Leases"], ["", "(in thousands)", ""],
                                                             ["2021", "$400", "40"], ["2022", "300", "30"], ["2023", "200", "20"],
                                                             ["2024", "100", "10"], ["Thereafter", "500", "90"], ["Total", "$1,500", "190"]]},
              "paragraphs": [{"uid": "p2", "order": 1, "text": "Lease payments fall due as follows:"}],
              "questions": [q(3, "What is the sum of sprocket leases from 2021 to 2024?", 100)]}
    records = _run_pages(tmp_path, credits, leases)
    for r in records:
        assert r.right and not r.verified, r.text


def test_a_whole_added_up_from_its_parts_is_not_traded_for_a_sentence_quoted(tmp_path):
    """'the total USD denominated widget assets' printed only as 'Widget assets, current' and ', non-current': their sum
    (never verified) stands; the cited part not naming the whole is no reason to quote a sentence's figure instead."""
    page = {"table": {"uid": "t34c-partsum-0001", "table": [["", "USD denominated RMB'Million", "Non-USD denominated RMB'Million"],
                                                            ["As at 31 December 2021", "", ""],
                                                            ["Widget assets, current", "5,500", "120"], ["Widget assets, non-current", "250", "–"],
                                                            ["Widget liabilities, current", "(400)", "(310)"], ["", "5,350", "(190)"]]},
            "paragraphs": [{"uid": "p1", "order": 1, "text": "The carrying amounts of the widget monetary assets and liabilities are as follows:"},
                           {"uid": "p2", "order": 2, "text": "As at 31 December 2021, management considers that a reasonable change in "
                                                              "exchange rates would change the USD denominated widget assets by RMB 12 million."}],
            "questions": [_question(1, "What was the total USD denominated widget assets as at 31 December 2021?", 5750, scale="million")]}
    summed, = _run_pages(tmp_path, page)
    assert summed.right and not summed.verified, summed.text


def test_a_whole_printed_only_as_parts_qualified_in_brackets_adds_them_in_the_column_asked(tmp_path):
    """'the total deferred fees at the end of the period' over 'Deferred fees (current)' and 'Deferred fees (non-current)':
    the two parts of the column the question's other words name, added (never verified); a footnote '(1)' is no part."""
    page = {"table": {"uid": "t34c-bracketsum-1", "table": [["", "Balance at Beginning of", "", ""],
                                                            ["", "Period (1/1/21)", "Increase / (Decrease)", "Balance at End of Period"],
                                                            ["Year Ended December 31, 2021", "", "", ""],
                                                            ["Gizmo receivables", "$70,000", "$5,000", "$75,000"],
                                                            ["Deferred fees (current)", "$4,000", "$(500)", "$3,500"],
                                                            ["Deferred fees (non-current)", "$2,000", "$(300)", "$1,700"]]},
            "paragraphs": [{"uid": "p1", "order": 1, "text": "Balances of receivables and deferred fees were as follows (in thousands):"}],
            "questions": [_question(1, "What is the total deferred fees at the end of the period?", 5200, scale="thousand")]}
    summed, = _run_pages(tmp_path, page)
    assert summed.right and not summed.verified, summed.text


def test_which_column_of_the_row_the_measure_names_is_largest(tmp_path):
    """'In which segment was the net widgets at June 30, 2021 the largest?' over segment columns (and a Total) and rows
    of balances at each date: the row of that date, its columns compared, the Total column no peer; never verified."""
    page = {"table": {"uid": "t34c-rowcols-0001", "table": [["", "Gizmo Systems", "Gadget Solutions", "Sprocket Defense", "Total"],
                                                            ["Net widgets at June 30, 2020", "$ 500", "$ 900", "$ 100", "$ 1,500"],
                                                            ["Additions", "50", "20", "700", "770"],
                                                            ["Net widgets at June 30, 2021", "550", "920", "800", "2,270"]]},
            "paragraphs": [{"uid": "p1", "order": 1, "text": "The changes in the carrying amount of widgets by segment were:"}],
            "questions": [_question(1, "In which segment was the net widgets at June 30, 2021 the largest?", ["Gadget Solutions"], "span"),
                          _question(2, "In which segment was the net widgets at June 30, 2020 the smallest?", ["Sprocket Defense"], "span")]}
    records = _run_pages(tmp_path, page)
    for r in records:
        assert r.right and not r.verified, r.text


def test_a_difference_between_two_years_with_no_direction_is_the_size_of_the_gap(tmp_path):
    q = partial(_question, scale="thousand")
    context = {"table": {"uid": "t34a-gap-01", "table": [["", "2021", "2020"], ["Gadget returns", "1,200", "4,700"],
                                                        ["Gadget sales", "9,000", "8,100"]]},
               "paragraphs": [{"uid": "p1", "order": 1, "text": "Gadget figures (in thousands) were as follows:"}],
               "questions": [q(1, "What is the difference in gadget returns between 2020 and 2021?", 3500),
                             q(2, "What was the change in gadget returns between 2020 and 2021?", -3500),
                             q(3, "What is the difference in gadget sales between 2020 and 2021?", 900)]}
    gap, change, rise = _run_pages(tmp_path, context)
    assert gap.right and float(gap.value) > 0, gap.text  # 'the difference between 2020 and 2021': no minuend named, a size
    assert change.right and float(change.value) < 0, change.text  # 'the change': the later minus the earlier, signed
    assert rise.right, rise.text
    assert UNNAMED.read("What is the difference in gadget returns between 2020 and 2021?", scope="p.html").output.gap
    for text in ("What is the difference in gadget returns from 2020 to 2021?",
                 "What is the difference between the gadget returns in 2020 and 2021?",
                 "How much more were gadget returns in 2020 than 2021?"):
        assert not UNNAMED.read(text, scope="p.html").output.gap, text


def test_a_total_no_line_names_is_the_total_row_of_the_one_table_its_introduction_names(tmp_path):
    def page(uid, intro, question, answer):
        return {"table": {"uid": uid, "table": [["", "2021", "2020"], ["Domestic", "$40.0", "$30.0"], ["Overseas", "10.0", "10.0"],
                                                ["Total", "$50.0", "$40.0"]]},
                "paragraphs": [{"uid": "p1", "order": 1, "text": intro}],
                "questions": [_question(1, question, answer, scale="percent")]}

    named = page("t34a-total-01", "The domestic and overseas components of gizmo royalties (in millions) were as follows:",
                 "What is the percentage change in total gizmo royalties between 2020 and 2021?", 25)
    unnamed = page("t34a-total-02", "The amounts by region (in millions) were as follows:",
                   "What is the percentage change in total gizmo royalties between 2020 and 2021?", 25)
    total, guess = _run_pages(tmp_path, named, unnamed)
    assert total.right and not total.verified, total.text  # the row 'Total' answers, but its own words do not say so
    assert guess.abstained, guess.text  # nothing on the page says what the total is of


def test_a_change_in_a_share_printed_beside_its_amount_is_the_share_column_in_points(tmp_path):
    context = {"table": {"uid": "t34a-share-01", "table": [["", "Fiscal Year 2021", "", "Fiscal Year 2020", ""],
                                                          ["", "Net Sales", "% of Total", "Net Sales", "% of Total"],
                                                          ["North", "$600", "60.0%", "$450", "50.0%"],
                                                          ["South", "400", "40.0%", "450", "50.0%"],
                                                          ["Total", "$1,000", "", "$900", ""]]},
               "paragraphs": [{"uid": "p1", "order": 1, "text": "Net sales by region were as follows:"}],
               "questions": [_question(1, "What was the change in the percent of total sales from North between 2020 and 2021?",
                                       10, scale="percent")]}
    moved, = _run_pages(tmp_path, context)
    assert moved.right and "% of Total" in moved.text, moved.text  # the rate's own column, not the amounts beside it


def test_a_row_named_by_its_short_name_and_a_column_named_with_a_figure(tmp_path):
    """'In which year were the Tier 2 outages higher?' over a row 'Outages of leased links, relays and third-party
    switching gear (Tier 2)': the row's own short name, figure and all, is the line asked. 'the deferred tax assets without the adoption of IFRS 99'
    over 'As reported', 'IFRS 99 Adjustments' and 'Without IFRS 99 Adoption': the column that says all the question
    does, its figure included."""
    outages = {"table": {"uid": "t34b-alias-1", "table": [
        ["", "2021", "2020"], ["", "Hours", "Hours"], ["Outages of owned plant (Tier 1)", "44.2", "17.5"],
        ["Outages of leased links, relays and third-party switching gear (Tier 2)", "290.4", "298.1"],
        ["Total outages", "334.6", "315.6"]]},
        "paragraphs": [{"uid": "p1", "order": 1, "text": "Network outages by tier were:"}],
        "questions": [_question(1, "In which year were the Tier 2 outages higher?", ["2020"], answer_type="span")]}
    basis = {"table": {"uid": "t34b-figure-2", "table": [
        ["", "", "As of June 30, 2021", ""], ["", "", "IFRS 99", "Without IFRS 99"],
        ["", "As reported", "Adjustments", "Adoption"], ["Deferred tax assets", "$4,410", "(430)", "$3,980"],
        ["Widget liabilities", "1,200", "(50)", "1,150"]]},
        "paragraphs": [{"uid": "p2", "order": 1, "text": "The effect of the new standard on the balance sheet (in thousands):"}],
        "questions": [_question(2, "What was the deferred tax assets without the adoption of IFRS 99?", ["3,980"],
                                answer_type="span", scale="thousand")]}
    records = _run_pages(tmp_path, outages, basis)
    assert records[0].right, records[0].text
    assert records[1].value is not None and Decimal(records[1].value) == Decimal("3980000"), records[1].text
