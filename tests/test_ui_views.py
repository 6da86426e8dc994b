"""What the UI shows for real answers over the bundled samples: the answer message, the evidence
panel (cell highlighted in its table, sentence highlighted in its passage, formula), charts, and the
fact explorer's filters. No browser here: the HTML and data the browser is sent."""

from __future__ import annotations

import csv
import re
from dataclasses import replace
from decimal import Decimal

import pytest

from tests.conftest import SEED_NOTE, SEED_RSU
from ui.answer_view import answer_html
from ui.charts import chart_frame, chart_of, table_for, wants_series
from ui.evidence import evidence_html
from ui.explorer import SORTS, FactFilter, fact_rows, filter_facts, filter_choices, write_csv
from ui.tables import table_around


def _hit_cells(html: str) -> list[str]:
    return re.findall(r'<td class="fq-hit">(?:<span[^>]*>)?([^<]+)', html)


def test_lookup_message_shows_value_period_badge_and_marker(engine):
    a = engine.ask("What was the share-based compensation expense for RSUs in 2022?")
    html = answer_html(a)
    assert '<span class="fq-value" title="Exactly CNY 28,322,000">CNY 28.3 million</span>' in html
    assert "CNY 28,322 thousand" in html  # the filing's own scale (¥ in thousands), exact
    assert '<span class="fq-period">Dec 31, 2022</span>' in html
    assert "✓ Verified" in html and "Not verified" not in html
    assert 'class="fq-ref" href="#fq-ev-1"' in html


def test_unverified_answer_carries_a_plain_warning(engine):
    a = replace(engine.ask("What was the share-based compensation expense for RSUs in 2022?"), verified=False)
    html = answer_html(a)
    assert "⚠ Not verified" in html and "could not be checked against the cited cells" in html
    assert "✓ Verified" not in html


def test_fit_problems_go_on_top_and_take_the_tick_away(engine):
    a = engine.ask("What was the share-based compensation expense for RSUs in 2022?")
    a = replace(a, extra={**a.extra, "fit_problems": ["the cell found is for 2021, not the 2022 you asked."]})
    html = answer_html(a)
    assert html.index("fq-fit") < html.index("fq-value")  # the mismatch is read first
    assert "The cell found is for 2021, not the 2022 you asked." in html
    assert "✓" not in html and "Not what you asked" in html


def test_a_quotation_gets_a_neutral_label_never_a_tick(engine):
    a = engine.ask("How do the options vest?")
    assert a.kind == "narrative"
    html = answer_html(a)
    assert "✓" not in html and "Quoted from " in html and "fq-b-quote" in html


def test_percentages_and_big_numbers_read_as_analysts_write_them():
    from ui.formatting import headline, percent

    assert percent(Decimal("0.09399517263985083712554967626")) == "9.4%"
    assert percent(Decimal("0.285")) == "28.5%" and percent(Decimal("0.2853")) == "28.53%"
    h = headline(Decimal("46841000000"), "USD", scale_text="USD in Millions")
    assert (h.short, h.reported, h.exact) == ("$46.8 billion", "USD 46,841 million", "USD 46,841,000,000")
    assert headline(Decimal("-2722000000"), "USD", parentheses=True).short == "($2.7 billion)"
    assert headline(Decimal("-2722000000"), "USD").short == "−$2.7 billion"
    assert headline(Decimal("10326250"), "shares").short == "10,326,250 shares"


def test_computed_answer_reads_as_a_small_table(engine):
    a = engine.ask("What was the total share-based compensation expense for options and RSUs in 2022?")
    html = answer_html(a)
    calc = html[html.index('<table class="fq-calc"'):html.index("</table>")]
    assert "CNY 1,828,000" in calc and "CNY 28,322,000" in calc and "CNY 30,150,000" in calc
    assert calc.count('class="fq-num"') >= 4  # numbers right-aligned


def test_abstention_says_why_and_points_somewhere(engine):
    a = engine.ask("What was the company's revenue in 2022?")
    html = answer_html(a)
    assert "No answer in these filings" in html and a.reason.split("“")[0] in html
    assert "Fact explorer" in html


def test_evidence_highlights_the_cited_cell_in_its_table(engine, reader):
    a = engine.ask("What was the share-based compensation expense for RSUs in 2022?")
    html = evidence_html(a, reader)
    assert _hit_cells(html) == ["¥ 28,322"]
    assert "SHARE-BASED COMPENSATION (Details Narrative)" in html and "¥ in Thousands" in html
    assert '<span class="fq-member">Restricted Stock Units (RSUs)</span>' in html
    assert "Dec. 31, 2022 CNY (¥) shares" in html  # the column header as printed
    assert SEED_RSU.name in html
    # the row as printed, with the same cell marked
    printed = html.split('class="fq-printed"')[1]
    assert re.search(r'<span class="fq-cell-hit">¥ 28,322</span>', printed)


def test_a_cell_with_an_open_column_is_not_placed_under_a_guessed_date(engine, reader):
    a = engine.ask("How many restricted stock units vested in 2023?")
    t = table_around(reader, a.citations[0].fact_id)
    assert t.columns[-1] == "column open"
    cited_row = next(r for r in t.rows if r.cited)
    placed = [(i, c) for i, cells in enumerate(cited_row.cells) for c in cells if c.cited]
    assert placed == [(len(t.columns) - 1, placed[0][1])] and placed[0][1].text == "1,587,950"
    assert "possible dates" in placed[0][1].note
    html = evidence_html(a, reader)
    assert "date not printed with the cell" in html  # the card's period says it is open
    assert "not pinned" not in re.sub(r"<[^>]+>", " ", html)  # no internal words in what is read


def test_quoted_sentence_is_highlighted_in_its_passage(engine, reader):
    a = engine.ask("How do the options vest?")
    html = evidence_html(a, reader)
    quotes = re.findall(r'<mark class="fq-quote">(.*?)</mark>', html)
    assert quotes and "vest over a period of four years" in quotes[0]
    assert SEED_NOTE.name in html


def test_computed_answer_shows_the_formula_with_each_input_cited(engine, reader):
    a = engine.ask("What was the total share-based compensation expense for options and RSUs in 2022?")
    assert a.computation is not None and a.value == Decimal("30150000")
    html = evidence_html(a, reader)
    formula = html.split('class="fq-formula-body"')[1].split("</div>")[0]
    assert "CNY 30,150,000" in formula
    assert re.search(r"CNY 1,828,000<a class=\"fq-ref\" href=\"#fq-ev-1\">1</a>", formula)
    assert re.search(r"CNY 28,322,000<a class=\"fq-ref\" href=\"#fq-ev-2\">2</a>", formula)
    assert sorted(_hit_cells(html)) == ["¥ 1,828", "¥ 28,322"]


def test_series_question_charts_the_line_item_with_every_point_cited(engine, reader):
    q = "What was the share-based compensation expense for RSUs by year?"
    a = engine.ask(q)
    table, extra = table_for(q, a, reader)
    chart = chart_of(table)
    assert chart is not None
    got = {p.label: p.value for p in chart.points}
    assert got == {"2021": Decimal("35128000"), "2022": Decimal("28322000"), "2023": Decimal("4743000")}
    markers = sorted(p.marker for p in chart.points)
    assert markers == list(range(1, len(a.citations) + len(extra) + 1))  # numbered like the evidence cards
    cited = {c.raw for c in a.citations} | {c.raw for c in extra}
    assert {p.printed for p in chart.points} <= cited
    spec = chart_frame(chart)
    assert spec.kind == "bar" and spec.y_title == "CNY (millions)" and list(spec.frame["Period"]) == ["2021", "2022", "2023"]


def test_a_single_lookup_gets_no_chart_and_a_sum_charts_its_inputs(engine, reader):
    q = "What was the share-based compensation expense for RSUs in 2022?"
    assert table_for(q, engine.ask(q), reader) == (None, ())
    q2 = "What was the total share-based compensation expense for options and RSUs in 2022?"
    table, extra = table_for(q2, engine.ask(q2), reader)
    chart = chart_of(table)
    assert chart is not None and not extra
    assert sorted(p.value for p in chart.points) == [Decimal("1828000"), Decimal("28322000")]
    assert chart_frame(chart).x == "Series"  # one period, two members: one bar each


@pytest.mark.parametrize("q, expected", [
    ("RSU expense by year", True), ("revenue of A vs B", True), ("RSU expense from 2020 to 2023", True),
    ("How did it change between 2021 and 2022?", True), ("What was RSU expense in 2022?", False),
])
def test_wants_series(q, expected):
    assert wants_series(q) is expected


def test_explorer_filters_combine_and_match_what_they_say(reader):
    flt = FactFilter(text="compensation expense", member="RSUs", year="2022")
    facts = filter_facts(reader, flt)
    assert facts and any(f.raw == "¥ 28,322" for f in facts)
    for f in facts:
        blob = f"{f.label} {f.concept} {f.title}".lower()
        assert "compensation" in blob and "expense" in blob
        assert "rsu" in f.member_text.lower()
        assert any(p.end.year == 2022 for p in f.periods)
    everything = filter_facts(reader, FactFilter())
    assert len(everything) == reader.fact_count() > len(facts)


def test_explorer_sorts_and_company_filter(reader):
    by_value = [f.value for f in filter_facts(reader, FactFilter(sort="Value, largest first")) if f.value is not None]
    assert by_value == sorted(by_value, reverse=True)
    only = filter_facts(reader, FactFilter(company=f"source:{SEED_NOTE.name}"))
    assert only and {f.source for f in only} == {SEED_NOTE.name}
    companies, years = filter_choices(reader)
    assert ("All companies and filings", "All") == companies[0] and f"source:{SEED_RSU.name}" in [v for _, v in companies]
    assert "2022" in years and "2017" in years
    assert set(SORTS) >= {"Filing order", "Value, largest first"}


def test_explorer_text_is_data_not_sql(reader):
    facts = filter_facts(reader, FactFilter(text="'; DROP TABLE facts; --", member="%_\\"))
    assert facts == []
    assert reader.fact_count() > 0


def test_explorer_csv_has_every_filtered_row(reader, tmp_path):
    facts = filter_facts(reader, FactFilter(text="granted"))
    rows = fact_rows(facts, {})
    path = write_csv(rows, tmp_path)
    with open(path, newline="", encoding="utf-8") as fh:
        data = list(csv.reader(fh))
    assert data[0][:4] == ["Company", "Filing", "Statement / note", "Line item"]
    assert len(data) == len(facts) + 1 and {r[-1] for r in data[1:]} == {f.fact_id for f in facts}
    col = data[0].index("Value (number)")  # a plain number a spreadsheet can sum
    by_id = {f.fact_id: f for f in facts}
    for r in data[1:]:
        f = by_id[r[-1]]
        assert (r[col] == "") if f.value is None else (Decimal(r[col]) == f.value)


def test_explorer_keeps_only_the_newest_csvs(reader):
    from ui import explorer

    rows = fact_rows(filter_facts(reader, FactFilter(text="vested")), {})
    paths = [explorer.write_csv(rows) for _ in range(explorer._CSV_KEEP + 8)]
    assert paths[-1].is_file() and not paths[0].exists()
    assert len(list(paths[-1].parent.parent.glob("*/filingqa-facts.csv"))) <= explorer._CSV_KEEP
