"""Open the source (ui.filed, ui.sanitize, ui.filed_route): each kind of citation placed in its filed
document, over the real filings of ../shared/corpus; hostile markup never reaches the page; the
route forbids every fetch. Expected cells are read from the index, never written here."""

from __future__ import annotations

import re

import pytest
from lxml import html

from index.store import IndexReader
from qa.present import fact_citation
from ui.filed import edgar_link, filed_view
from ui.sanitize import parse_html_document, sanitize_tree

pytestmark = [pytest.mark.corpus]


@pytest.fixture(scope="module")
def reader(shared_corpus_index):
    return IndexReader(shared_corpus_index)


def _filing(reader, source: str):
    return next(f for f in reader.filings() if f.source == source and f.facts)


def _hit_text(page: str) -> str:
    root = html.document_fromstring(page)
    hit = root.get_element_by_id("fq-hit")
    return " ".join(hit.text_content().split())


def _no_active_content(page: str) -> None:
    low = page.lower()
    assert "<script" not in low and "<iframe" not in low and "<link" not in low and "<object" not in low
    assert not re.search(r"\son[a-z]+\s*=", low)
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:|//|javascript:)", low)
    assert "url(" not in low and "@import" not in low
    assert "default-src 'none'" in page


def test_an_inline_xbrl_fact_is_marked_where_the_filing_prints_it(reader):
    apple = _filing(reader, "AAPL_10-Q_2025-03-29")
    fact = reader.query_facts("filing_id = ? AND concept = ? AND n_members = 0 AND period_start IS NOT NULL "
                              "AND date_diff('day', period_start, period_end) < 100",
                              [apple.filing_id, "us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax"], limit=1)[0]
    view, why = filed_view(reader, fact_citation(fact))
    assert view is not None, why
    assert view.kind == "html" and view.document == "aapl-20250329.htm" and view.hits >= 1
    assert _hit_text(view.page) == fact.raw  # '95,359' as printed, in the statement as filed
    assert "Total net sales" in view.page and "CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS" in view.page
    _no_active_content(view.page)


def test_an_xbrl_instance_fact_is_its_element_in_numbered_lines(reader):
    amazon = _filing(reader, "AMZN_10-K_2022-12-31")
    fact = reader.query_facts("filing_id = ? AND concept = 'us-gaap:NetIncomeLoss' AND n_members = 0", [amazon.filing_id],
                              limit=1)[0]
    view, _ = filed_view(reader, fact_citation(fact))
    assert view.kind == "xml" and view.hits == 1 and "of 11,002 shown" in view.note
    root = html.document_fromstring(view.page)
    marked = " ".join(" ".join(e.text_content().split()) for e in root.find_class("fq-hit"))
    assert "us-gaap:NetIncomeLoss" in marked and f">{fact.raw}</us-gaap:NetIncomeLoss>" in marked
    assert fact.period_basis.split()[-1] in marked  # its own context, not another year's
    _no_active_content(view.page)


def test_an_untagged_html_table_cell_is_found_by_its_row_and_printed_text(reader):
    plrtf = _filing(reader, "0001062993-21-003193.html")
    fact = reader.query_facts("filing_id = ? AND label = 'Revenues'", [plrtf.filing_id], limit=1)[0]
    view, _ = filed_view(reader, fact_citation(fact))
    assert view.kind == "html" and _hit_text(view.page) == fact.raw
    root = html.document_fromstring(view.page)
    row = root.get_element_by_id("fq-hit").getparent()
    assert " ".join(row.text_content().split()).startswith("Revenues")
    url, words = edgar_link(reader, fact_citation(fact))
    assert "0001062993-21-003193" in url and url.startswith("https://www.sec.gov/")  # no CIK: a search by accession
    _no_active_content(view.page)


def test_quoted_sentences_are_marked_in_the_filed_document(reader):
    from qa import ask

    a = ask("What did ABVC announce about its 2024 financial results?", index=reader.path)
    quoted = [c for c in a.citations if c.kind == "text"]
    assert quoted, a.text
    for c in quoted[:2]:  # one in a paragraph of the 8-K, one running over the press release's heading lines
        view, why = filed_view(reader, c)
        assert view is not None, why
        assert view.found == "the quoted sentence" and view.hits == 1
        root = html.document_fromstring(view.page)
        marked = " ".join(" ".join(e.text_content().split()) for e in root.find_class("fq-hit"))
        assert " ".join(c.raw.split())[:60] in marked
    url, _ = edgar_link(reader, quoted[0])
    assert url == "https://www.sec.gov/Archives/edgar/data/1173313/000121390025032135/0001213900-25-032135-index.htm"
    block = ask("How does Amazon describe its business?", index=reader.path)  # a sentence of an XBRL text block
    view, _ = filed_view(reader, next(c for c in block.citations if c.kind == "text"))
    assert view.kind == "xml" and view.hits == 1


def test_hostile_markup_is_removed_and_text_kept():
    doc = b"""<html><head><script>steal()</script><link rel=stylesheet href="https://evil.example/x.css">
    <meta http-equiv="refresh" content="0;url=https://evil.example"><base href="https://evil.example/">
    <style>@import url(https://evil.example/a.css); td { background: url(https://evil.example/b.png) }</style></head>
    <body onload="steal()"><p style="background-image: url('https://evil.example/c.png'); color: red">Net sales
    <ix:nonFraction name="us-gaap:Revenues" contextRef="c-1">95,359</ix:nonFraction></p>
    <img src="https://evil.example/pixel.gif" alt="logo"><img src="data:image/png;base64,iVBORw0KGgo=">
    <a href="https://evil.example/">out</a><a href="#note">in</a><iframe src="https://evil.example"></iframe>
    <svg><script>x()</script></svg><form action="https://evil.example"><input name=a></form>
    <object data="x.swf"></object><div onclick="x()" onmouseover='y()'>click</div>
    <ix:header><ix:hidden><ix:nonNumeric name="dei:Secret">hidden</ix:nonNumeric></ix:hidden></ix:header></body></html>"""
    root = sanitize_tree(parse_html_document(doc))
    page = html.tostring(root, encoding="unicode") + "default-src 'none'"
    _no_active_content(page)
    text = " ".join(root.text_content().split())
    assert "Net sales 95,359" in text and "click" in text and "[image: logo]" in text and "hidden" not in text
    assert 'href="#note"' in page and "data:image/png" in page and "color: red" in page


def test_the_route_serves_a_published_page_with_a_policy_that_forbids_fetches():
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from ui.filed_route import ROUTE, mount, publish

    app = FastAPI()
    mount(app)
    client = TestClient(app)
    token = publish("<!DOCTYPE html><p>hello</p>")
    assert publish("<!DOCTYPE html><p>hello</p>") == token  # the same page keeps its token
    r = client.get(f"/{ROUTE}/{token}")
    assert r.status_code == 200 and "hello" in r.text and r.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in r.headers["content-security-policy"] and r.headers["x-content-type-options"] == "nosniff"
    assert client.get(f"/{ROUTE}/not-a-token").status_code == 404
