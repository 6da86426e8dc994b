"""Comparisons, series and breakdowns as a cited table (ui.answer_table) and the chart of the same
cells (ui.charts), ratios as multiples, reasons in the question's words, and keeping an answer
(ui.exports). Answers are built from citations as the core returns them; the last tests ask the
real engine over the bundled samples."""

from __future__ import annotations

import csv
from decimal import Decimal

from qa import Answer, AnswerStatus, Citation, Computation
from ui.answer_table import cited_table, result_text, table_html
from ui.answer_view import answer_html
from ui.charts import chart_frame, chart_of, export_chart, years_asked
from ui.exports import answer_markdown, export_answer
from ui.formatting import measure_text, operation_name, ratio_style, readable_reason


def _cite(value, period, *, entity="AMAZON.COM, INC.", row="Total net sales", members=(), unit="USD", fid=""):
    return Citation(source="amzn.xml", title="Consolidated Statements Of Operations", row=row, period=period, unit=unit,
                    scale="", raw=str(value), snippet="", value=str(value), members=members,
                    fact_id=fid or f"{entity}{row}{period}{members}", entity=entity)


Y21, Y22 = "2021-01-01..2021-12-31", "2022-01-01..2022-12-31"


def _change() -> Answer:
    cites = (_cite(469822000000, Y21), _cite(513983000000, Y22))
    comp = Computation(operation="change", formula="[2] - [1]", inputs=(0, 1), result=Decimal(44161000000), sides=((1,), (0,)))
    return Answer(question="How did Amazon's total net sales change in 2022 vs 2021?", status=AnswerStatus.ANSWERED,
                  text="…", value=Decimal(44161000000), unit="USD", verified=True, citations=cites, computation=comp,
                  kind="arith")


def test_a_two_period_change_is_one_row_two_period_columns_and_the_change():
    t = cited_table(_change())
    assert [c.label for c in t.columns] == ["2021", "2022"] and t.rows == ("Amazon",)
    assert [c.marker for c in t.cells[0]] == [1, 2] and t.result_head == "Change"
    assert result_text(t, 0) == "+44,161"  # in the table's own scale (millions), not a second scale
    html = table_html(t)
    assert 'href="#fq-ev-1"' in html and 'href="#fq-ev-2"' in html and ">469,822<" in html and "USD in millions" in html
    assert '<table class="fq-ctable"' in answer_html(_change(), t)


def test_two_companies_in_different_periods_show_the_mismatch_as_two_columns():
    cites = (_cite(24780000000, "2024-12-29..2025-03-29", entity="Apple Inc.", row="Net income"),
             _cite(-2722000000, Y22, row="Net income (loss)"))
    a = Answer(question="Compare Apple's and Amazon's net income", status=AnswerStatus.ANSWERED, text="…",
               value=Decimal(24780000000), unit="USD", citations=cites,
               computation=Computation(operation="compare", formula="max([1], [2])", inputs=(0, 1), result=Decimal(1)))
    t = cited_table(a)
    assert set(t.rows) == {"Apple · Net income", "Amazon · Net income (loss)"}
    assert len(t.columns) == 2 and sum(1 for _ in t.filled()) == 2  # a quarter and a year: never one column
    assert sorted(c.label for c in t.columns) == ["12 months to Dec 31, 2022", "3 months to Mar 29, 2025"]


def test_a_breakdown_by_member_is_one_row_per_member_and_one_lookup_is_no_table():
    cites = tuple(_cite(v, Y22, members=(m,), row=f"Segments = {m} › Total net sales")
                  for m, v in (("North America", 315880000000), ("International", 118007000000), ("AWS", 80096000000)))
    a = Answer(question="Amazon's net sales by segment in 2022", status=AnswerStatus.ANSWERED, text="…",
               value=Decimal(315880000000), unit="USD", citations=cites)
    t = cited_table(a)
    assert t.rows == ("North America", "International", "AWS") and [c.label for c in t.columns] == ["2022"]
    one = Answer(question="Amazon's net sales in 2022", status=AnswerStatus.ANSWERED, text="…", value=Decimal(1),
                 unit="USD", citations=cites[:1])
    assert cited_table(one) is None
    assert cited_table(one, series=True) is not None  # asked as a series: even one cell is a table (and a chart)
    twice = Answer(question="Apple's net income for the six months?", status=AnswerStatus.ANSWERED, text="…", value=Decimal(61110),
                   unit="USD", citations=(_cite(61110, Y22, row="Net income"),  # the income statement, and the equity roll
                                          _cite(61110, Y22, row="Retained earnings › Net income", members=("Retained earnings",))))
    assert cited_table(twice) is None  # one figure printed in two places is one number, not a breakdown


def test_open_columns_are_never_placed():
    open_cell = _cite(100, "2021-12-31 | 2022-12-31")
    a = Answer(question="q by year", status=AnswerStatus.ANSWERED, text="…", value=Decimal(100), unit="USD",
               citations=(open_cell,))
    assert cited_table(a, series=True) is None


def test_the_chart_draws_exactly_the_tables_cells_named_by_company_with_a_company_column(tmp_path):
    t = cited_table(_change())
    chart = chart_of(t)
    assert [(p.label, p.value, p.marker) for p in chart.points] == [("2021", Decimal(469822000000), 1),
                                                                   ("2022", Decimal(513983000000), 2)]
    assert {p.series for p in chart.points} == {"Amazon"} and {p.company for p in chart.points} == {"Amazon"}
    png, csv_path = export_chart(chart, tmp_path)
    rows = list(csv.DictReader(open(csv_path, encoding="utf-8")))
    assert [r["Company"] for r in rows] == ["Amazon", "Amazon"] and rows[0]["Line item"] == "Total net sales"
    assert rows[1]["Value"] == "513983000000"
    single = chart_of(cited_table(Answer(question="x by year", status=AnswerStatus.ANSWERED, text="…", value=Decimal(1),
                                         unit="USD", citations=(_cite(5, Y22),)), series=True))
    assert len(single.points) == 1 and chart_frame(single).kind == "bar"  # a single point is drawn


def test_years_asked_bound_a_series():
    assert years_asked("from 2020 to 2022") == {2020, 2021, 2022}
    assert years_asked("2022 vs 2019") == {2019, 2022}
    assert years_asked("revenue by year") is None and years_asked("in FY22 and FY23") == {2022, 2023}


def test_ratios_read_as_multiples_and_internal_names_never_show():
    assert ratio_style("current_ratio", "What was Apple's current ratio?") == "times"
    assert ratio_style("operating_margin", "What was the operating margin?") == ""
    assert ratio_style("spelled", "What is the ratio of debt to equity?") == "times"
    assert ratio_style("spelled", "What percentage of revenue was R&D?") == ""
    assert measure_text(Decimal("0.94512"), "pure", style="times") == "0.95×"
    assert operation_name("operating_margin") == "Operating margin"
    cites = (_cite(118674000000, "2025-03-29", row="Assets, Current"), _cite(144571000000, "2025-03-29", row="Liabilities, Current"))
    a = Answer(question="What was Apple's current ratio as of March 29, 2025?", status=AnswerStatus.ANSWERED, text="…",
               value=Decimal("0.8208700223"), unit="pure", verified=True, citations=cites, kind="arith",
               computation=Computation(operation="current_ratio", formula="[1] / [2]", inputs=(0, 1),
                                       result=Decimal("0.8208700223")))
    html = answer_html(a)
    assert "0.82×" in html and "82.1%" not in html and "Current ratio" in html and "current_ratio" not in html


def test_reasons_are_written_in_the_questions_words_not_stems():
    q = "What was Amazon's net income in 2022 compared to 2021 for iPhone services earlier?"
    assert readable_reason("does not say what the question asks for (compar).", q).endswith("(“compared”).")
    assert "(“iPhone”, “earlier”)" in readable_reason("asks for (iphon, earlier)", q)
    assert readable_reason("Net income (loss) is reported", q) == "Net income (loss) is reported"  # words stay words


def test_an_answer_is_kept_as_markdown_and_csv_with_every_citation(tmp_path):
    a, t = _change(), cited_table(_change())
    md = answer_markdown(a.question, a, t)
    assert md.startswith("## How did Amazon") and "| Amazon | 469,822 [1] | 513,983 [2] | +44,161 |" in md
    assert "### Citations" in md and "| 2 | AMAZON.COM, INC. |" in md
    md_path, csv_path = export_answer(a.question, a, t)
    rows = list(csv.DictReader(open(csv_path, encoding="utf-8")))
    assert rows[0]["Ref"] == "answer" and rows[0]["Value"] == "44161000000" and "verified" in rows[0]["Kind"]
    assert [r["Value"] for r in rows[1:]] == ["469822000000", "513983000000"] and rows[1]["Period (ISO)"] == Y21


def test_the_real_engine_changes_render_as_cited_tables(engine, reader):
    from ui.charts import table_for

    q = "What was the share-based compensation expense for RSUs by year?"
    a = engine.ask(q)
    table, extra = table_for(q, a, reader)
    assert [c.label for c in table.columns] == ["2021", "2022", "2023"] and len(table.rows) == 1
    markers = [c.marker for _, _, c in table.filled()]
    assert sorted(markers) == list(range(1, len(a.citations) + len(extra) + 1))  # numbered like the evidence cards


def test_a_follow_up_stays_the_series_its_plan_carries():
    from dataclasses import replace

    from qa.read import Reader
    from qa.read.companies import CompanyDirectory
    from ui.charts import asked_series

    reader = Reader(CompanyDirectory([("AMAZON.COM, INC.", "1018724", "AMZN"), ("NETFLIX INC", "1065280", "NFLX")]))

    def answered(text, previous=None):
        plan = reader.read(text, previous=previous)
        return replace(_change(), question=text, extra={"plan": plan}), plan

    for first in ("What were Amazon's total net sales by year?", "What were Amazon's total net sales from 2020 to 2022?"):
        _, plan = answered(first)
        follow, _ = answered("and for Netflix?", plan)
        assert asked_series("and for Netflix?", follow)[0], first
    lookup, plan = answered("What was Amazon's net income in 2022?")
    assert asked_series(lookup.question, lookup) == (False, None)
    follow, _ = answered("and for Netflix?", plan)
    assert asked_series("and for Netflix?", follow) == (False, None)
    _, plan = answered("What were Amazon's total net sales in 2020 and 2022?")
    follow, _ = answered("and for Netflix?", plan)
    assert asked_series("and for Netflix?", follow) == (True, {2020, 2022})


def test_a_change_is_headlined_with_both_of_its_periods():
    from ui.answer_view import headline_period

    a = _change()
    assert headline_period(a) == "2021 → 2022"  # never the first year alone
    html = answer_html(a, cited_table(a))
    assert "2021 → 2022" in html


def test_a_series_is_headlined_with_the_span_its_table_shows():
    from dataclasses import replace

    cites = (_cite(386064000000, "2020-01-01..2020-12-31"), _cite(513983000000, Y22))
    a = Answer(question="What were Amazon's total net sales from 2020 to 2022?", status=AnswerStatus.ANSWERED, text="…",
               value=None, period="2020-01-01..2020-12-31", unit="USD", verified=True, citations=cites)
    t = cited_table(a, (_cite(469822000000, Y21),), series=True)
    assert [c.label for c in t.columns] == ["2020", "2021", "2022"]
    html = answer_html(a, t)
    assert '<span class="fq-period">2020 – 2022</span>' in html  # never '2020' alone
    assert '<span class="fq-period">' not in answer_html(replace(a, citations=cites[:1]), None)
