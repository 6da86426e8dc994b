"""The web app in a real headless chromium: ask, follow up, read the evidence, chart, filter facts,
upload (good and bad), two users at once. Screenshots go to test-artifacts/screenshots/.

The server is the real `filingqa serve` over an index of two of the bundled samples; the third is
uploaded through the page and then asked about.
"""

from __future__ import annotations

import csv
import re

import pytest

from tests.browser import Server, chromium_or_skip, launched, screenshot
from tests.conftest import SEED_NOTE, SEED_RSU, SEED_SUBSEQUENT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ANSWER = ".fq-verified, .fq-unverified, .fq-quoted, .fq-abstain, .fq-error"
WAIT_MS = 90_000  # one answer, one upload: bounded
RSU_2022 = "What was the share-based compensation expense for RSUs in 2022?"
ASCENT = "What is the maximum conversion price per share of the Ascent Convertible Debentures?"


@pytest.fixture(scope="module")
def chromium():
    return chromium_or_skip()


@pytest.fixture(scope="module")
def served(tmp_path_factory, embedder, chromium):
    from index.ingest import ingest

    root = tmp_path_factory.mktemp("browser")
    index = root / "index"
    assert ingest([SEED_RSU, SEED_NOTE], index, embedder).ok
    server = Server(index, root / "cache", root / "server.log")
    try:
        server.wait_ready()
        yield server, index
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser(chromium):
    with launched(chromium) as b:
        yield b


@pytest.fixture()
def page(browser, served, request):
    server, _ = served
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.url, wait_until="load", timeout=WAIT_MS)
    page.locator("#fq-question textarea").wait_for()
    yield page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        screenshot(page, f"FAILED-{request.node.name}")
        print(served[0].log_tail())
    context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"


def ask(page, question: str) -> None:
    before = page.locator(ANSWER).count()
    box = page.locator("#fq-question textarea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('{ANSWER}').length > {before}", timeout=WAIT_MS)


def wait_for_text(page, selector: str, text: str) -> None:
    page.wait_for_function("([sel, text]) => (document.querySelector(sel)?.innerText || '').includes(text)",
                           arg=[selector, text], timeout=WAIT_MS)


def last_answer(page):
    return page.locator(ANSWER).last


def no_traceback(page) -> None:
    text = page.locator("body").inner_text()
    assert "Traceback" not in text and 'File "' not in text


def test_example_question_shows_the_number_its_citation_and_the_highlighted_cell(page):
    page.get_by_role("button", name=RSU_2022).click()
    page.wait_for_selector(ANSWER)
    answer = last_answer(page)
    assert answer.locator(".fq-value").get_attribute("title") == "Exactly CNY 28,322,000"
    assert answer.locator(".fq-period").inner_text() == "Dec 31, 2022"
    assert "Verified" in answer.locator(".fq-badge").inner_text()
    assert answer.locator("a.fq-ref").first.inner_text() == "1"
    evidence = page.locator("#fq-evidence")
    card = evidence.locator("#fq-ev-1")
    assert "SHARE-BASED COMPENSATION (Details Narrative)" in card.locator(".fq-card-title").inner_text()
    hit = card.locator("td.fq-hit")
    assert hit.count() == 1 and hit.inner_text().strip() == "¥ 28,322"
    assert hit.is_visible()
    assert card.locator("tr.fq-hit-row .fq-member").inner_text() == "Restricted Stock Units (RSUs)"
    assert SEED_RSU.name in card.locator(".fq-card-foot").inner_text()
    assert "¥ in Thousands" in card.inner_text()
    screenshot(page, "01-answer-evidence-highlighted-cell")


def test_follow_up_keeps_the_metric_in_context(page):
    ask(page, RSU_2022)
    assert last_answer(page).locator(".fq-value").get_attribute("title") == "Exactly CNY 28,322,000"
    assert RSU_2022 in page.locator("#fq-context").inner_text()
    ask(page, "and in 2021?")
    follow = last_answer(page)
    assert follow.locator(".fq-value").get_attribute("title") == "Exactly CNY 35,128,000"
    assert page.locator("#fq-evidence td.fq-hit").inner_text().strip() == "¥ 35,128"
    screenshot(page, "02-follow-up")
    # clicking the earlier answer brings its evidence back
    page.locator("#fq-chat .fq-answer").first.click()
    page.wait_for_function("document.querySelector('#fq-evidence td.fq-hit')?.innerText.trim() === '¥ 28,322'")
    # "New topic" drops the context: the same words now stand alone
    page.locator("#fq-new-topic").click()
    page.wait_for_function("document.querySelector('#fq-context').innerText.includes('New topic')")


def test_series_question_draws_a_chart_of_cited_facts(page):
    page.get_by_role("button", name="What was the share-based compensation expense for RSUs by year?").click()
    page.wait_for_selector(ANSWER)
    chart = page.locator("#fq-chart-bar")
    chart.locator("canvas, svg").first.wait_for(state="visible")
    assert "more in the chart" in page.locator("#fq-evidence .fq-ev-count").inner_text()
    assert page.locator("#fq-evidence .fq-card").count() == 3  # one cited answer + two plotted years
    page.wait_for_timeout(800)  # let the chart finish its entry animation before the screenshot
    screenshot(page, "03-chart-by-year")


def test_computed_answer_shows_the_formula_with_inputs_cited(page):
    page.get_by_role("button", name="What was the total share-based compensation expense for options and RSUs in 2022?").click()
    page.wait_for_selector(ANSWER)
    assert last_answer(page).locator(".fq-value").get_attribute("title") == "Exactly CNY 30,150,000"
    formula = page.locator("#fq-evidence .fq-formula-body").inner_text()
    assert "CNY 30,150,000" in formula and "CNY 1,828,000" in formula and "CNY 28,322,000" in formula
    assert page.locator("#fq-evidence td.fq-hit").count() == 2
    screenshot(page, "04-computed-answer")


def test_text_answer_and_abstention(page):
    page.get_by_role("button", name="How do the options vest?").click()
    page.wait_for_selector(ANSWER)
    assert "Quoted from" in last_answer(page).inner_text() and "✓" not in last_answer(page).inner_text()
    assert "four years" in page.locator("#fq-evidence mark.fq-quote").first.inner_text()
    ask(page, "What was the company's revenue in 2022?")
    abstain = last_answer(page)
    assert "No answer in these filings" in abstain.inner_text()
    assert "Fact explorer" in abstain.inner_text()
    assert "Nothing in the indexed filings supports an answer" in page.locator("#fq-evidence").inner_text()
    screenshot(page, "05-text-answer-and-abstention")


def test_empty_question_and_huge_paste_get_readable_messages(page):
    page.locator("#fq-ask").click()
    page.get_by_text("Type a question first").first.wait_for()
    ask(page, "How many RSUs vested? " * 300)
    err = last_answer(page)
    assert "Could not answer" in err.inner_text()
    assert re.search(r"The question is [\d,]+ characters long; the limit is 2,000", err.inner_text())
    echoed = page.locator('#fq-chat [data-testid="user"]').last.inner_text()
    assert echoed.endswith("characters)") and len(echoed) < 500  # the paste is echoed shortened
    no_traceback(page)
    screenshot(page, "06-bad-questions")


def test_fact_explorer_filters_sorts_and_downloads(page, served, tmp_path):
    from index.store import IndexReader
    from ui.explorer import FactFilter, filter_facts

    _, index = served
    reader = IndexReader(index)
    expected = len(filter_facts(reader, FactFilter(text="compensation expense", member="RSUs")))
    total = reader.fact_count()
    page.get_by_role("tab", name="Fact explorer").click()
    summary = page.locator("#fq-f-summary")
    summary.get_by_text(f"{total:,} of {total:,} facts").wait_for()
    page.locator("#fq-f-text input, #fq-f-text textarea").first.fill("compensation expense")
    page.locator("#fq-f-text input, #fq-f-text textarea").first.press("Enter")
    page.locator("#fq-f-member input, #fq-f-member textarea").first.fill("RSUs")
    page.locator("#fq-f-member input, #fq-f-member textarea").first.press("Enter")
    summary.get_by_text(f"{expected:,} of {total:,} facts").wait_for()
    shown = expected
    assert 0 < shown < total
    table = page.locator("#fq-facts")
    table.get_by_text("¥ 28,322").filter(visible=True).first.wait_for()
    assert "Allocated share based compensation expense" in table.inner_text()
    assert "Options grants in period" not in table.inner_text()
    screenshot(page, "07-fact-explorer-filtered")
    with page.expect_download(timeout=WAIT_MS) as dl:
        page.locator("#fq-f-download").click()
    path = tmp_path / "facts.csv"
    dl.value.save_as(path)
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][3] == "Line item" and len(rows) - 1 == shown
    assert all("rsu" in r[4].lower() for r in rows[1:])


def _sources(page):
    page.get_by_role("tab", name="Sources").click()
    page.locator("#fq-stats .fq-stat").first.wait_for()


def test_bad_uploads_show_errors_and_leave_the_index_untouched(page, served):
    _, index = served
    manifest = (index / "manifest.json").read_bytes()
    _sources(page)
    page.locator("#fq-upload input[type=file]").set_input_files([
        {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"Lunch menu for Friday: soup, bread, cheese.\n"},
        {"name": "broken.zip", "mimeType": "application/zip", "buffer": b"PK\x03\x04 this is not a zip archive"},
        {"name": "../../evil.txt", "mimeType": "text/plain", "buffer": b"not a filing either\n"},
    ])
    wait_for_text(page, "#fq-upload", "broken")
    page.locator("#fq-add").click()
    box = page.locator("#fq-upload-status .fq-error-box")
    box.wait_for()
    text = box.inner_text()
    assert "Nothing was added; the index is unchanged" in text
    assert "notes.txt" in text and "matches none of the formats" in text
    assert "broken.zip" in text and "damaged or incomplete" in text
    assert "evil.txt" in text and "../" not in text
    no_traceback(page)
    assert (index / "manifest.json").read_bytes() == manifest
    assert not any(p.name == "evil.txt" for p in index.parent.rglob("*"))
    screenshot(page, "08-bad-upload")


def test_upload_a_filing_then_ask_about_it_then_remove_it(page, served):
    _, index = served
    _sources(page)
    assert page.locator("#fq-stats").inner_text().split()[0] == "2"
    page.locator("#fq-upload input[type=file]").set_input_files(str(SEED_SUBSEQUENT))
    wait_for_text(page, "#fq-upload", SEED_SUBSEQUENT.stem)
    # record every progress message the bar shows while the upload runs
    page.evaluate("""() => { window.fqProgress = [];
        const el = document.querySelector('#fq-upload-status');
        new MutationObserver(() => window.fqProgress.push(el.innerText)).observe(el, {subtree: true, childList: true, characterData: true}); }""")
    page.locator("#fq-add").click()
    ok = page.locator("#fq-upload-status .fq-ok-box")
    ok.wait_for()
    assert f"Indexed {SEED_SUBSEQUENT.name}" in ok.inner_text()
    seen = " ".join(page.evaluate("window.fqProgress"))
    assert re.search(rf"1/1 {re.escape(SEED_SUBSEQUENT.name)}", seen) and "embedding passages" in seen, seen[:500]
    page.wait_for_function("document.querySelector('#fq-stats').innerText.trim().startsWith('3')")
    wait_for_text(page, "#fq-filings", SEED_SUBSEQUENT.name)
    screenshot(page, "09-upload-done")

    page.get_by_role("tab", name="Ask").click()
    ask(page, ASCENT)
    answer = last_answer(page)
    assert answer.locator(".fq-value").inner_text() == "USD 0.33 per share"
    assert SEED_SUBSEQUENT.name in page.locator("#fq-evidence .fq-card-foot").first.inner_text()
    assert page.locator("#fq-evidence .fq-card .fq-cell-hit").first.inner_text().strip() == "$ 0.33"
    screenshot(page, "10-ask-about-uploaded-filing")

    _sources(page)
    page.locator("#fq-remove-pick input").click()
    page.get_by_role("option", name=SEED_SUBSEQUENT.name).click()
    page.once("dialog", lambda d: d.accept())
    page.locator("#fq-remove").click()
    page.locator("#fq-remove-status .fq-ok-box").wait_for()
    page.wait_for_function("document.querySelector('#fq-stats').innerText.trim().startsWith('2')")
    page.get_by_role("tab", name="Ask").click()
    ask(page, ASCENT)
    assert all(SEED_SUBSEQUENT.name not in t for t in page.locator("#fq-evidence .fq-card-foot").all_inner_texts())


def test_two_users_at_once_keep_their_own_conversations(browser, served):
    server, _ = served
    pages = []
    for _ in range(2):
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        p = ctx.new_page()
        p.set_default_timeout(WAIT_MS)
        p.goto(server.url, wait_until="load", timeout=WAIT_MS)
        p.locator("#fq-question textarea").wait_for()
        pages.append(p)
    a, b = pages
    try:
        for p, q in ((a, RSU_2022), (b, "How many RSUs vested in 2022?")):  # submitted back to back
            p.locator("#fq-question textarea").fill(q)
            p.locator("#fq-question textarea").press("Enter")
        for p in pages:
            p.wait_for_selector(ANSWER)
        assert last_answer(a).locator(".fq-value").get_attribute("title") == "Exactly CNY 28,322,000"
        assert last_answer(b).locator(".fq-value").inner_text() == "10,326,250 shares"
        for p in pages:
            p.locator("#fq-question textarea").fill("and in 2021?")
            p.locator("#fq-question textarea").press("Enter")
        for p in pages:
            p.wait_for_function(f"document.querySelectorAll('{ANSWER}').length >= 2")
        assert last_answer(a).locator(".fq-value").get_attribute("title") == "Exactly CNY 35,128,000"
        assert last_answer(b).locator(".fq-value").inner_text() == "12,908,750 shares"
        screenshot(b, "11-second-user")
    finally:
        for p in pages:
            p.context.close()
