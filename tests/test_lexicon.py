"""Every row of the lexicon (qa/lexicon/) carries examples, and every example reads as its row says.

The lexicon is where rules and words live as data - metrics, formulas, the period grammar, synonyms,
operation cues, cover-fact kinds, instruction wrappers. A new row without a working example fails here.
"""

from __future__ import annotations

import pytest

from qa.lexicon.formulas import FORMULAS, find_formula, metric_keys
from qa.lexicon.metrics import BY_KEY, METRICS, find_metric
from qa.lexicon.operations import CUES
from qa.lexicon.periods import PERIOD_RULES
from qa.lexicon.places import COUNTRY_CODES, country_name
from qa.lexicon.textfacts import KINDS
from qa.lexicon.prose import FILING_WORDS
from qa.lexicon.words import SYNONYMS, canonical_text, canonical_tokens
from qa.read.instructions import EXAMPLES as WRAPPERS, split_instructions
from qa.read.periods import read_periods
from qa.read.textkinds import cover_kind


@pytest.mark.parametrize("metric", METRICS, ids=lambda m: m.key)
def test_every_metric_row_has_examples_that_name_it(metric):
    assert metric.examples, f"{metric.key} has no examples"
    for example in metric.examples:
        found = find_metric(example)
        assert found is not None and found[0].key == metric.key, (example, found and found[0].key)
    assert metric.concepts and len(set(metric.concepts)) == len(metric.concepts)


@pytest.mark.parametrize("formula", FORMULAS, ids=lambda f: f.key)
def test_every_formula_row_has_examples_and_names_known_metrics(formula):
    assert formula.examples
    for example in formula.examples:
        found = find_formula(example + (" percentage" if formula.needs else ""))
        assert found is not None and found[0].key == formula.key, (example, found and found[0].key)
    for expression in formula.expressions:
        assert all(k == "x" or k in BY_KEY for k in metric_keys(expression)), expression


@pytest.mark.parametrize("rule", PERIOD_RULES, ids=lambda r: r.name)
def test_every_period_rule_reads_its_examples(rule):
    assert rule.examples
    for text, described in rule.examples:
        asks, _ = read_periods(text)
        assert [a.describe() for a in asks] == [described], (text, [a.describe() for a in asks])


@pytest.mark.parametrize("synonym", SYNONYMS, ids=lambda s: s.replacement.strip())
def test_every_synonym_folds_its_example(synonym):
    """The example reads as the row's canonical word(s), whichever row of the same word folds it first."""
    import re

    assert re.search(synonym.pattern, synonym.example, re.I), synonym.example
    folded = canonical_text(synonym.example).split()
    assert set(synonym.replacement.split()) & set(folded), (synonym.example, folded)


@pytest.mark.parametrize("cue", CUES, ids=lambda c: c.op.value)
def test_every_operation_cue_matches_its_examples(cue):
    assert cue.examples
    for example in cue.examples:
        first = next(c for c in CUES if c.pattern.search(example))
        assert first is cue, (example, first.op)


_COVER_EXAMPLES = {
    "auditor": "Who is the company's auditor?", "auditor_location": "Where is the auditor located?",
    "auditor_firm_id": "What is the auditor firm ID?", "shares_outstanding_date": "As of what date were shares outstanding counted?",
    "public_float_date": "As of what date is the public float measured?", "fiscal_year_end": "When does the fiscal year end?",
    "fiscal_period": "Which fiscal quarter of which fiscal year does the 10-Q cover?",
    "incorporation": "In what state is the company incorporated?", "exchange": "On which exchange does the stock trade?",
    "ticker": "What is the ticker symbol?", "securities": "Which classes of securities are registered?",
    "file_number": "What is the Commission file number?", "tax_id": "What is the employer identification number?",
    "phone": "What is the telephone number?", "zip": "What is the zip code?", "city": "Which city is it headquartered in?",
    "address": "What is the address of the principal executive offices?", "document_type": "What type of form is this filing?",
    "period_end": "What is the period end date of the report?", "registrant_name": "What is the exact legal name?",
    "filer_category": "What is the filer category?", "cik": "What is the central index key?",
}


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_every_cover_fact_kind_is_read_from_an_example(kind):
    example = _COVER_EXAMPLES[kind.name]
    found = cover_kind(example, example)
    assert found is not None and found.name == kind.name, (example, found and found.name)


@pytest.mark.parametrize("text, wanted", WRAPPERS)
def test_every_instruction_wrapper_example_gives_its_hint(text, wanted):
    _, hints = split_instructions(text)
    for field, value in wanted.items():
        got = getattr(hints, field)
        assert (len(got) if isinstance(got, tuple) else got) == value, (text, field, got)


def test_country_codes_are_read_as_countries():
    assert country_name("US") == "United States" and country_name("SG") == "Singapore"
    assert country_name("Greater China") == "Greater China"
    assert all(len(code) == 2 and code.isupper() for code in COUNTRY_CODES)


@pytest.mark.parametrize("word", sorted(FILING_WORDS))
def test_filing_words_rows_are_filed_under_a_token_a_question_reads(word):
    """A row of the text search's words is keyed by the canonical token of the question's word, and
    each of its phrases reads as words (a key no question can produce would never be used)."""
    from qa.lexicon.prose import FILING_WORDS as rows
    phrases = [p.strip() for p in rows[word].split(",")]
    assert all(canonical_tokens(p) for p in phrases)
    assert any(canonical_tokens(p)[:1] == (word,) or word in canonical_tokens(p) for p in phrases) or \
        canonical_tokens(word) == (word,)


def test_a_word_the_stemmer_folds_into_a_question_word_keeps_its_meaning():
    """'underlying' stems to 'under', a word of the question form: 'underlying EBITDA' read as 'EBITDA' picked
    the plain EBITDA line. The synonym row keeps it a word of the line item."""
    from qa.lexicon.words import QUESTION_WORDS, canonical_tokens

    words = canonical_tokens("What was the underlying EBITDA in FY19?")
    line_words = [w for w in words if w not in QUESTION_WORDS and not w.startswith("fy") and not w.isdigit()]
    assert "ebitda" in line_words and len(line_words) == 2, line_words


@pytest.mark.parametrize("text, key", [
    ("selling expenses", None), ("selling and marketing costs", None), ("selling", "revenue"), ("sell in 2024", "revenue"),
    ("How much did Northwind sell in fiscal 2025?", "revenue"), ("sell outside the U.S.", "revenue"),
])
def test_selling_names_revenue_only_as_a_verb(text, key):
    """'Selling expenses' are the costs of selling, not sales; 'how much did X sell' asks for sales."""
    hit = find_metric(text)
    assert (hit[0].key if hit else None) == key


def test_men_and_women_are_male_and_female():
    assert set(canonical_tokens("a male member")) >= set(canonical_tokens("Men"))
    assert set(canonical_tokens("female members")) >= set(canonical_tokens("Women"))
    assert not set(canonical_tokens("Women")) & set(canonical_tokens("male"))
