"""Narrative questions find the sentence that answers them, not only the section.

Over the whole text of real 10-Ks (every passage scored on its own, so nothing depends on a
search ranking): 'what does X do' finds the business description, 'who is X's CEO' a sentence
naming a person as chief executive, 'how many employees' a headcount sentence. Each asked in
several phrasings for each filing; nothing here names a company's answer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from index.parsers import Document, parse_documents
from qa.find.passages import Passage, asked_of, best_sentences, counted_number, narrative_intent, prose_count
from qa.read import Reader
from qa.read.companies import CompanyDirectory, normalized_words


def parse_question(text: str, directory: CompanyDirectory | None = None):
    """What the sentence scorer reads of a question: its plan's text view."""
    return asked_of(Reader(directory or CompanyDirectory([])).read(text))

ROOT = Path(__file__).resolve().parents[1]
NEWCO = ROOT.parent / "shared" / "extra-corpus" / "newco"
TEN_KS = sorted(p for p in NEWCO.glob("*_10-K_*") if p.is_dir()) if NEWCO.is_dir() else []

pytestmark = pytest.mark.skipif(not TEN_KS, reason="../shared/extra-corpus is not beside the repo")


@pytest.fixture(scope="module")
def filings():
    out = []
    for folder in TEN_KS:
        docs = [Document(f.name, f.read_bytes()) for f in sorted(folder.iterdir()) if f.is_file()]
        for pf in parse_documents(docs, folder.name):
            if pf.entity and pf.chunks:
                out.append(pf)
    return out


def _name(pf) -> str:
    return " ".join(w.capitalize() for w in normalized_words(pf.entity, grouping=False) if w != "com")


def _question(text: str, pf):
    return parse_question(text, CompanyDirectory([(pf.entity, pf.cik, pf.ticker)]))


def _best_in_filing(pf, q):
    """The best sentence of the filing's text by the scorer, each passage scored on its own."""
    intent = narrative_intent(q)
    best = None
    for c in pf.chunks:
        if c.kind != "text":
            continue
        got = best_sentences([Passage(c, 1.0, 0, 0)], q, n=1, intent=intent)
        if got and (best is None or got[0][2] > best[2]):
            best = got[0]
    return best


@pytest.mark.parametrize("phrasing", ["What does {co} do?", "What business is {co} in?", "Describe {co}'s business.",
                                      "What does {co} sell?"])
def test_what_the_company_does_is_its_business_description(filings, phrasing):
    for pf in filings:
        q = _question(phrasing.format(co=_name(pf)), pf)
        assert narrative_intent(q).want == "business", q.text
        chunk, sentence, score = _best_in_filing(pf, q)
        assert score >= 0.5, (q.text, sentence)
        # Item 1 (Business) or the note that describes the business ('Organization ... / Business')
        assert re.search(r"business|overview|nature|organi[sz]ation|description", f"{chunk.title} {chunk.section}", re.I), \
            (q.text, chunk.title, sentence)
        assert re.search(r"\b(?:is|are)(?: now)? (?:a|an|the)\b|\b(?:sells?|provides?|offers?|designs?|develops?)\b", sentence), \
            (q.text, sentence)
        first = _name(pf).split()[0].lower()
        assert re.search(rf"\b(?:{re.escape(first)}|we|our|the company)\b", sentence, re.I), (q.text, sentence)


@pytest.mark.parametrize("phrasing", ["Who is {co}'s CEO?", "Who is the chief executive officer of {co}?",
                                      "Who is {co}'s chief executive?"])
def test_who_is_the_ceo_finds_a_sentence_naming_a_person_as_chief_executive(filings, phrasing):
    for pf in filings:
        q = _question(phrasing.format(co=_name(pf)), pf)
        assert narrative_intent(q).want == "person", q.text
        chunk, sentence, score = _best_in_filing(pf, q)
        assert re.search(r"Chief Executive Officer|\bCEO\b", sentence), (q.text, sentence)
        # a person's name, not only the title: two capitalised words that are not the title's own
        rest = re.sub(r"Chief Executive Officer|Chief Financial Officer|Board of Directors|Vice President", " ", sentence)
        assert re.search(r"\b(?:Mr|Ms|Mrs|Dr)\.|\b[A-Z][a-z]+(?:-[A-Z][a-z]+)? (?:[A-Z]\. )?[A-Z][a-z]{2,}\b", rest), (q.text, sentence)


@pytest.mark.parametrize("phrasing", ["How many employees does {co} have?", "How many employees did {co} have?",
                                      "How many employees does {co} employ?"])
def test_how_many_employees_finds_the_headcount_sentence(filings, phrasing):
    for pf in filings:
        q = _question(phrasing.format(co=_name(pf)), pf)
        intent = narrative_intent(q)
        assert intent.want == "count", q.text
        passages = [Passage(c, 1.0, 0, 0) for c in pf.chunks if c.kind == "text"]
        hit = prose_count(passages, intent)
        assert hit is not None, q.text
        chunk, sentence, number_text, value = hit
        assert number_text.split()[0] in sentence
        assert re.search(r"\b(?:as of|at the end of)\b", sentence, re.I), (q.text, sentence)
        assert value >= 1000, (q.text, sentence)  # the whole company's headcount, not a team's


def test_no_headcount_sentence_means_no_count(engine):
    """The bundled samples state no headcount: 'granted to 25 employees' is not one."""
    q = parse_question("How many employees does the company have?")
    chunks = [c for f in engine.reader.filings() for c in engine.reader.chunks_of_filing(f.filing_id) if c.kind == "text"]
    assert chunks
    assert prose_count([Passage(c, 1.0, 0, 0) for c in chunks], narrative_intent(q)) is None
    assert engine.ask("How many employees does the company have?").abstained


@pytest.mark.parametrize("sentence,count", [
    ("At the end of fiscal 2024, we employed approximately 470,100 associates, of whom 50,600 were salaried.", 470100),
    ("As of year end, we had approximately 36,000 employees in 38 countries.", 36000),
    ("The Company granted options to 25 employees and 3 directors.", None),
    ("Employees contributed 5,000 shares to the plan.", None),
])
def test_a_count_is_a_number_written_before_the_counted_thing(sentence, count):
    nouns = narrative_intent(parse_question("How many employees does the company have?")).count_nouns
    got = counted_number(sentence, nouns)
    assert (got[1] if got else None) == count
