"""Answers that are words (issue 22): a question asking why, how a figure is worked out or what a line is made
of is answered by the sentence that says it, whatever figures it names; a figure no table row reports is
answered by a sentence that states it for the years asked. Every such answer is a quotation, never verified.

The page is written here (a made-up company's note: a table and its paragraphs), ingested and embedded for
real, and asked within itself, as a user asks about one document."""

from __future__ import annotations

import pytest

from eval.tatqa_pages import context_page
from index.embed import default_embedder
from index.ingest import ingest
from qa.find.passages import asks_in_words

CONTEXT = {
    "table": {"uid": "words-answers-page", "table": [
        ["", "2019", "2018"],
        ["Revenue", "$ 4,210", "$ 3,880"],
        ["Research and development", "612", "540"],
        ["Adjusted EBITDA", "905", "811"],
    ]},
    "paragraphs": [
        {"order": 1, "text": "The following table sets out selected results of Marlow Instruments (in thousands)."},
        {"order": 2, "text": "Research and development expenses increased in 2019 primarily because we hired forty engineers "
                             "for the new sensor platform and expanded the test laboratory in Leeds."},
        {"order": 3, "text": "Adjusted EBITDA is calculated by adding back depreciation, amortisation and share-based "
                             "payment charges to operating profit."},
        {"order": 4, "text": "In March 2019 the Company acquired a minority stake in Brightwave Optics for $12.5 million "
                             "in cash, funded from existing facilities."},
        {"order": 5, "text": "Working capital consists of inventories and trade receivables less trade payables."},
    ],
    "questions": [],
}


def test_questions_answered_in_words_are_told_from_the_ones_asking_a_figure():
    for q in ("Why did revenue increase by 14% from 2018 to 2019?", "How is adjusted EBITDA calculated?",
              "What does working capital consist of?", "What was the main reason for the decrease in margin?",
              "Where are personnel expenses included?", "How often are the assumptions reviewed?",
              "In 2019, why did the gross margin decrease?", "What is the increase in inventory due to?"):
        assert asks_in_words(q), q
    for q in ("What was the revenue in 2019?", "How much did revenue increase by?", "What was the amount due to related parties?",
              "What was net income attributable to shareholders in 2019?", "How long is the amortization period?",
              "What is the percentage change in adjusted EBITDA?"):
        assert not asks_in_words(q), q


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("words-answers")
    made = context_page(CONTEXT)
    (folder / "pages").mkdir()
    (folder / "pages" / made.name).write_text(made.html, encoding="utf-8")
    report = ingest([folder / "pages"], folder / "idx", default_embedder("query"))
    assert report.ok, report.errors
    return folder / "idx", made.name


def _ask(page, question):
    from qa import ask

    where, name = page
    return ask(question, index=where, within=name)


@pytest.mark.parametrize("question, says", [
    # read as a change of a table row, but asked why: the sentence, not the difference of two cells
    ("Why did research and development expenses increase in 2019?", "hired forty engineers"),
    # a formula the lexicon knows, asked how it is worked out
    ("How is Adjusted EBITDA calculated?", "adding back depreciation"),
    ("What does working capital consist of?", "inventories and trade receivables less trade payables"),
])
def test_a_question_asked_in_words_quotes_the_sentence_that_answers(page, question, says):
    a = _ask(page, question)
    assert not a.abstained and says in a.text and not a.verified, a.text
    assert a.citations and a.citations[0].kind == "text"


def test_a_figure_no_table_row_reports_is_quoted_from_the_sentence_that_states_it(page):
    a = _ask(page, "How much did the Company invest in Brightwave Optics in 2019?")
    assert not a.abstained and "$12.5 million" in a.text and not a.verified, a.text
    # the text states that figure for 2019 only: asked for another year, nothing answers
    other = _ask(page, "How much did the Company invest in Brightwave Optics in 2017?")
    assert other.abstained or "2017" in other.text and "$12.5 million" not in other.text, other.text
