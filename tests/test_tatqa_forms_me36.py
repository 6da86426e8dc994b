"""Row labels and year words on made-up TAT-QA pages (issue 22), through `filingqa eval --tatqa`'s runner (a real
index, the real finder and judge)."""

from __future__ import annotations

from lxml import html as lxml_html

from index.parsers.htmltables import table_facts
from tests.tatqa_pages import page, question as _question, run_pages as _run_pages


def test_a_footnote_mark_against_a_row_label_is_not_a_word_of_it():
    """'Amounts owed by group companies1', 'Order intake²', 'Effective tax rate4 (%)': a footnote's mark printed
    against the label's last word is no part of the line's name; a figure that is the name's own stays."""
    doc = lxml_html.fromstring("""<html><body><table>
      <tr><td></td><td>2019</td><td>2018</td></tr>
      <tr><td>Amounts owed by group companies1</td><td>1,250</td><td>1,100</td></tr>
      <tr><td>Order intake²</td><td>640</td><td>590</td></tr>
      <tr><td>Effective tax rate4 (%)</td><td>13.0</td><td>15.4</td></tr>
      <tr><td>Tier 1 capital</td><td>900</td><td>850</td></tr>
      <tr><td>COVID-19 costs</td><td>12</td><td>—</td></tr>
    </table></body></html>""")
    labels = {f.label for f in table_facts(doc, filing_id="f1", source="p.html")[0]}
    assert labels == {"Amounts owed by group companies", "Order intake", "Effective tax rate (%)", "Tier 1 capital",
                      "COVID-19 costs"}


def test_which_fy_is_a_rank_over_the_years(tmp_path):
    """'Which FY has a higher EBITDA?': FY is the year asked over, not a word of the line, and EBITDA is the line the
    table prints - not a formula to build from operating income."""
    from qa.read import Reader
    from qa.read.companies import CompanyDirectory

    plan = Reader(CompanyDirectory([])).read("Which FY has a higher EBITDA?", scope="p.html")
    assert plan.operation.value == "rank" and plan.rank_over == "period" and "fy" not in plan.items[0].words
    table = [["", "30 June 2019", "30 June 2018"], ["", "$'000", "$'000"], ["Net profit after tax", "(9,819)", "6,639"],
             ["Add: depreciation and amortisation", "48,442", "33,038"], ["EBITDA", "79,046", "63,954"]]
    context = page("t36-fy-0001", table,
                   ["EBITDA."],
                   _question(1, "Which FY has a higher EBITDA?", ["2019"], "span"))
    records = _run_pages(tmp_path, context)
    assert all(r.right for r in records), [(r.question, r.text[:200]) for r in records]


def test_how_a_line_moved_is_the_percentage_its_sentence_states(tmp_path):
    """'How did comparable store sales change in the quarter?' answered by a release's sentence: the move it states
    ('decreased 0.7 percent') is given as the figure, -0.7%, quoted and never verified."""
    context = page("t36-moved-0001", [["", "2024", "2023"], ["Net sales", "$ 310.0", "$ 320.0"]],
                   ["Comparable store net sales for the 13-week fiscal quarter decreased "
                    "2.4 percent from the prior year 13-week period."],
                   _question(1, "How did comparable store net sales change in the quarter?", -2.4, scale="percent"))
    records = _run_pages(tmp_path, context)
    assert records[0].right and not records[0].verified, records[0].text[:300]
