"""The web app as an analyst uses it (issue 16), in a real headless chromium against the real
`filingqa serve` over a real EDGAR filing (Netflix's 2009 10-K XBRL instance, from ../shared/corpus)
plus one bundled sample note (for a quoted-text answer). Each point is checked at a desktop and a
390×844 phone viewport, with screenshots in test-artifacts/screenshots/.

Expected numbers are read from the index itself (the fact the answer must cite), never written here.
"""

from __future__ import annotations

import csv
import re

import pytest

from tests.browser import Server, chromium_or_skip, launched, open_first_source, screenshot
from tests.conftest import SEED_NOTE, corpus_path

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ANSWER = ".fq-verified, .fq-unverified, .fq-quoted, .fq-abstain, .fq-error"
WAIT_MS = 90_000
VIEWPORTS = {"desktop": {"width": 1440, "height": 1000}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def chromium():
    return chromium_or_skip()


@pytest.fixture(scope="module")
def served(tmp_path_factory, embedder, chromium):
    from index.ingest import ingest
    from index.store import IndexReader

    nflx = corpus_path("NFLX_10-K_2009-12-31", "nflx-20091231.xml")
    root = tmp_path_factory.mktemp("analyst")
    index = root / "index"
    assert ingest([nflx, SEED_NOTE], index, embedder).ok
    server = Server(index, root / "cache", root / "server.log")
    try:
        server.wait_ready()
        yield server, IndexReader(index)
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser(chromium):
    with launched(chromium) as b:
        yield b


@pytest.fixture(params=list(VIEWPORTS))
def page(request, browser, served):
    server, _ = served
    context = browser.new_context(viewport=VIEWPORTS[request.param], accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url.rstrip("/"))
    pg = context.new_page()
    pg.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.goto(server.url, wait_until="load", timeout=WAIT_MS)
    pg.locator("#fq-question textarea").wait_for()
    pg.viewport_name = request.param
    yield pg
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        screenshot(pg, f"FAILED-{request.node.name}")
        print(server.log_tail())
    context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"


def shot(page, name: str) -> None:
    page.wait_for_timeout(400)
    screenshot(page, f"16-{name}-{page.viewport_name}")


def ask(page, question: str):
    before = page.locator(ANSWER).count()
    box = page.locator("#fq-question textarea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('{ANSWER}').length > {before}", timeout=WAIT_MS)
    return page.locator(ANSWER).last


def annual_fact(reader, concept: str, year: int):
    facts = reader.query_facts(
        "regexp_replace(concept, '^.*:', '') = ? AND n_members = 0 AND year(period_end) = ? AND period_start IS NOT NULL "
        "AND date_diff('day', period_start, period_end) > 350", [concept, year], limit=5)
    assert facts, f"the filing reports no {concept} for {year}"
    return facts[0]


def usd(value) -> str:
    return f"USD {int(value):,}"


def no_horizontal_overflow(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, f"the page is {width}px wide on a {page.viewport_size['width']}px screen"


# 1 -----------------------------------------------------------------------------------------------
def test_badges_tick_only_verified_numbers_and_quotes_are_labelled_neutrally(page, served):
    _, reader = served
    first = page.locator("#fq-examples button.fq-example").first
    example = first.inner_text()
    first.click()
    page.wait_for_selector(ANSWER)
    answer = page.locator(ANSWER).last
    assert "✓ Verified" in answer.inner_text(), f"the first example ({example!r}) is not answered verified"
    assert answer.locator(".fq-fit").count() == 0
    quote = ask(page, "How do the options vest?")
    assert "Quoted from" in quote.locator(".fq-badge").inner_text()
    assert "✓" not in quote.inner_text()
    shot(page, "1-badges")


# 5 -----------------------------------------------------------------------------------------------
def test_numbers_read_as_analysts_write_them(page, served):
    _, reader = served
    revenue = annual_fact(reader, "Revenues", 2009)
    answer = ask(page, "What was Netflix's revenues in 2009?")
    value = answer.locator(".fq-value")
    assert re.fullmatch(r"\$\d+(\.\d)? (billion|million)", value.inner_text()), value.inner_text()
    assert value.get_attribute("title") == f"Exactly {usd(revenue.value)}"  # the exact base value on hover
    hit = page.locator("#fq-evidence td.fq-hit")
    assert hit.inner_text().strip() == f"{int(revenue.value):,}"  # thousands separators in the table
    assert page.evaluate("getComputedStyle(document.querySelector('#fq-evidence td.fq-hit')).textAlign") == "right"
    text = page.locator("#fq-evidence").inner_text()
    assert "XBRL context" not in text and "Segments =" not in text and "pinned" not in text
    shot(page, "5-numbers")


# 4 -----------------------------------------------------------------------------------------------
def test_growth_renders_as_a_table_with_a_rounded_percentage(page, served):
    _, reader = served
    a, b = annual_fact(reader, "Revenues", 2008), annual_fact(reader, "Revenues", 2009)
    answer = ask(page, "What was Netflix's revenues growth from 2008 to 2009?")
    shown = answer.locator(".fq-value").inner_text()
    assert re.fullmatch(r"\d{1,3}\.\d%", shown), shown  # 22.4%, never twenty digits
    assert shown == f"{(b.value - a.value) / a.value * 100:.1f}%"
    table = answer.locator("table.fq-ctable")  # the two years side by side, each cell citing its fact, then the growth
    assert [h.strip() for h in table.locator("thead th").all_inner_texts()] == ["Company", "2008", "2009", "Growth"]
    tips = [c.get_attribute("title") for c in table.locator("a.fq-cell-ref").all()]
    assert usd(a.value) in tips[0] and usd(b.value) in tips[1]
    assert table.locator(".fq-ctable-result").inner_text().strip() == f"+{shown}"
    formula = page.locator("#fq-evidence .fq-formula-body .fq-result").inner_text()
    assert formula == shown  # the evidence panel's result is rounded the same way
    page.locator("#fq-chart-bar").locator("canvas, svg").first.wait_for(state="visible")  # two bars, one per year
    shot(page, "4-growth")


# 2 -----------------------------------------------------------------------------------------------
def test_follow_ups_keep_company_and_period_or_line_item(page, served):
    _, reader = served
    ask(page, "What was Netflix's revenues in 2009?")
    ni_2009, ni_2008 = annual_fact(reader, "NetIncomeLoss", 2009), annual_fact(reader, "NetIncomeLoss", 2008)
    follow = ask(page, "and net income?")
    assert follow.locator(".fq-value").get_attribute("title") == f"Exactly {usd(ni_2009.value)}"
    assert "Netflix" in page.locator("#fq-context").inner_text() and "2009" in page.locator("#fq-context").inner_text()
    again = ask(page, "what about 2008?")
    assert again.locator(".fq-value").get_attribute("title") == f"Exactly {usd(ni_2008.value)}"
    assert "✓ Verified" in again.inner_text()
    shot(page, "2-follow-ups")


# 3 -----------------------------------------------------------------------------------------------
def test_chart_plots_the_company_and_metric_asked_with_png_and_csv(page, served, tmp_path):
    _, reader = served
    ask(page, "What was Netflix's revenues by year?")
    page.locator("#fq-chart-bar").locator("canvas, svg").first.wait_for(state="visible")
    with page.expect_download() as dl:
        page.locator("#fq-chart-csv").click()
    path = tmp_path / "chart.csv"
    dl.value.save_as(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(rows) >= 2 and {r["Series"] for r in rows} == {rows[0]["Series"]}
    years = {int(r["Period end"][:4]) for r in rows}
    for r in rows:
        fact = annual_fact(reader, "Revenues", int(r["Period end"][:4]))
        assert r["Value"] == str(fact.value) and r["Unit"] == "USD"
    assert len(years) == len(rows)
    with page.expect_download() as dl:
        page.locator("#fq-chart-png").click()
    png = tmp_path / "chart.png"
    dl.value.save_as(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    shot(page, "3-chart")


# 6 -----------------------------------------------------------------------------------------------
def test_every_tab_fits_the_screen_evidence_below_and_upload_reachable(page):
    answer = ask(page, "What was Netflix's revenues in 2009?")
    no_horizontal_overflow(page)
    if page.viewport_name == "phone":
        ev = page.locator("#fq-evidence").bounding_box()
        assert ev["y"] > answer.bounding_box()["y"]  # the evidence comes after the answer, not beside it
    shot(page, "6-ask")
    page.get_by_role("tab", name="Fact explorer").click()
    page.locator("#fq-facts").wait_for()
    no_horizontal_overflow(page)
    shot(page, "6-facts")
    page.get_by_role("tab", name="Sources").click()
    upload = page.locator("#fq-upload")
    upload.wait_for()
    upload.scroll_into_view_if_needed()
    assert upload.is_visible()
    no_horizontal_overflow(page)
    shot(page, "6-sources")


# 8 -----------------------------------------------------------------------------------------------
def test_landing_lists_the_companies_and_examples_that_name_one(page, served):
    _, reader = served
    loaded = page.locator("#fq-loaded").inner_text()
    assert "Netflix" in loaded and "10-K" in loaded
    examples = page.locator("#fq-examples button.fq-example")
    assert examples.count() >= 2
    for i in range(examples.count()):
        assert "Netflix" in examples.nth(i).inner_text()
    box = examples.first.bounding_box()
    assert box["y"] + box["height"] <= page.viewport_size["height"]  # above the fold
    shot(page, "8-landing")
    examples.nth(1).click()
    page.wait_for_selector(ANSWER)
    assert "✓ Verified" in page.locator(ANSWER).last.inner_text()


# 9 -----------------------------------------------------------------------------------------------
def test_copy_gives_text_the_chat_survives_a_reload_and_the_box_is_labelled(page):
    assert page.get_by_label("Your question").count() >= 1
    ask(page, "What was Netflix's revenues in 2009?")
    page.locator('#fq-chat button[aria-label="Copy message"]').last.click()
    page.wait_for_timeout(300)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "Revenues" in copied and "<div" not in copied and "class=" not in copied
    page.reload(wait_until="load")
    page.wait_for_selector(ANSWER, timeout=WAIT_MS)  # asked again from this browser's storage
    assert "Revenues" in page.locator(ANSWER).last.inner_text()
    assert page.evaluate("Object.keys(localStorage).some(k => k.includes('filingqa-conversation'))")
    shot(page, "9-after-reload")


# 7 -----------------------------------------------------------------------------------------------
def test_open_the_source_shows_the_filing_as_filed_with_the_cell_marked(page, served):
    _, reader = served
    revenue = annual_fact(reader, "Revenues", 2009)
    ask(page, "What was Netflix's revenues in 2009?")
    open_first_source(page)
    assert "nflx-20091231.xml" in page.locator("#fq-source-doc .fq-src-head").inner_text()
    frame = page.frame_locator("#fq-source-doc iframe")  # the XBRL instance as filed: its element, lines marked
    frame.locator("#fq-hit").wait_for()
    marked = " ".join(frame.locator(".fq-hit").all_inner_texts())
    assert f">{revenue.raw}</us-gaap:Revenues>" in marked
    assert frame.locator("script, iframe").count() == 0
    shot(page, "7-open-source")


# 9: regenerate, feedback, earlier answers by keyboard ----------------------------------------------
def _watch_pending(page) -> None:
    """Record whether a 'Looking in the filings…' placeholder appears (the question is really asked again)."""
    page.evaluate("""() => { window.fqPending = 0;
        new MutationObserver(() => { if (document.querySelector('#fq-chat .fq-pending')) window.fqPending++; })
            .observe(document.querySelector('#fq-chat'), {subtree: true, childList: true}); }""")


def test_regenerate_asks_the_last_question_again_in_its_context(page, served):
    _, reader = served
    ni_2009 = annual_fact(reader, "NetIncomeLoss", 2009)
    ask(page, "What was Netflix's revenues in 2009?")
    ask(page, "and net income?")
    assert page.locator('#fq-chat button[aria-label="Retry"]').count() == 1  # only the last answer can be asked again
    _watch_pending(page)
    page.locator('#fq-chat button[aria-label="Retry"]').click()
    page.wait_for_function("window.fqPending > 0", timeout=WAIT_MS)
    page.wait_for_function("!document.querySelector('#fq-chat .fq-pending')", timeout=WAIT_MS)
    questions = page.locator('#fq-chat [data-testid="user"]').all_inner_texts()
    assert [q.strip() for q in questions] == ["What was Netflix's revenues in 2009?", "and net income?"]  # replaced, not added
    assert page.locator(ANSWER).count() == 2
    # asked again as the follow-up it was: Netflix, 2009, net income
    assert page.locator(ANSWER).last.locator(".fq-value").get_attribute("title") == f"Exactly {usd(ni_2009.value)}"
    assert "Net Income" in page.locator("#fq-evidence td.fq-hit").locator("xpath=..").inner_text()
    no_horizontal_overflow(page)
    shot(page, "9-regenerate")
    page.reload(wait_until="load")  # the browser's saved conversation has the question once, not twice
    page.wait_for_function(f"document.querySelectorAll('{ANSWER}').length >= 2", timeout=WAIT_MS)
    page.wait_for_timeout(500)
    assert [q.strip() for q in page.locator('#fq-chat [data-testid="user"]').all_inner_texts()] == [
        "What was Netflix's revenues in 2009?", "and net income?"]


def _feedback_lines(reader) -> list[dict]:
    import json

    path = reader.path.with_name(reader.path.name + ".feedback.jsonl")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_thumbs_up_or_down_is_saved_beside_the_index_and_stays_shown(page, served):
    _, reader = served
    revenue = annual_fact(reader, "Revenues", 2009)
    before = len(_feedback_lines(reader))
    ask(page, "What was Netflix's revenues in 2009?")
    first = page.locator('#fq-chat .message-row.bot-row').first
    page.locator('#fq-chat button[aria-label="Dislike"]').first.click()
    page.locator("#fq-rated .fq-rated").filter(has_text="not helpful").wait_for()
    lines = _feedback_lines(reader)
    assert len(lines) == before + 1
    rec = lines[-1]
    assert rec["rating"] == "down" and rec["question"] == "What was Netflix's revenues in 2009?"
    assert rec["value"] == str(revenue.value) and rec["unit"] == "USD" and rec["verified"] is True
    assert rec["sources"] == ["nflx-20091231.xml"]
    # changing one's mind: the later line counts
    page.locator('#fq-chat button[aria-label="Like"]').first.click()
    page.locator("#fq-rated .fq-rated").filter(has_text="saved as helpful").wait_for()
    assert _feedback_lines(reader)[-1]["rating"] == "up"
    # a new answer does not wipe the thumbs already given
    ask(page, "and net income?")
    page.wait_for_timeout(300)
    assert page.locator('#fq-chat button[aria-label="Liked"]').count() == 1
    no_horizontal_overflow(page)
    first.scroll_into_view_if_needed()
    shot(page, "9-feedback")


def _focused(page, selector: str) -> bool:
    return page.evaluate(f"document.activeElement && document.activeElement.matches('{selector}')")


def test_earlier_answers_and_their_evidence_are_reachable_by_keyboard(page, served):
    _, reader = served
    revenue, ni = annual_fact(reader, "Revenues", 2009), annual_fact(reader, "NetIncomeLoss", 2009)
    ask(page, "What was Netflix's revenues in 2009?")
    ask(page, "and net income?")
    page.locator("#fq-question textarea").focus()
    bot = '#fq-chat [data-testid="bot"]'
    for _ in range(12):  # back from the question box with Shift+Tab: the last answer is a tab stop
        page.keyboard.press("Shift+Tab")
        if _focused(page, bot):
            break
    assert _focused(page, bot), "Shift+Tab from the question box never reached an answer"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')").startswith("Answer 2 of 2")
    page.keyboard.press("ArrowUp")  # to the earlier answer
    assert page.evaluate(f"document.activeElement === document.querySelectorAll('{bot}')[0]")
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert label.startswith("Answer 1 of 2") and "<div" not in label and "$1.7 billion" in label
    ring = page.evaluate("(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()")
    assert ring[0] != "none" and ring[1] >= 2, f"no visible focus ring: {ring}"
    shot(page, "9-keyboard-focus")
    page.keyboard.press("Enter")  # its evidence, and the focus moves there
    page.wait_for_function(
        f"document.querySelector('#fq-evidence td.fq-hit') && document.querySelector('#fq-evidence td.fq-hit').innerText.trim() === '{int(revenue.value):,}'")
    assert _focused(page, "#fq-evidence")
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert ring != "none"
    shot(page, "9-keyboard-evidence")
    page.keyboard.press("Escape")  # back to the answer it belongs to
    assert page.evaluate(f"document.activeElement === document.querySelectorAll('{bot}')[0]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"document.querySelector('#fq-evidence td.fq-hit').innerText.trim() === '{int(ni.value):,}'")
    no_horizontal_overflow(page)


# 10: the fact explorer ----------------------------------------------------------------------------
_ROWS_JS = """() => Array.from(document.querySelectorAll('#fq-facts .virtual-row'))
    .sort((a, b) => a.dataset.index - b.dataset.index)
    .map(r => Array.from(r.querySelectorAll('[role=gridcell]')).map(c => c.innerText.trim()))"""


def _number(shown: str):
    from decimal import Decimal

    m = re.search(r"(\(?-?)([\d,]+(?:\.\d+)?)", shown)
    if not m:
        return None
    n = Decimal(m.group(2).replace(",", ""))
    return -n if m.group(1) else n


def test_fact_explorer_sorts_numbers_as_numbers_dedupes_filters_and_exports_numbers(page, served, tmp_path):
    from decimal import Decimal

    _, reader = served
    page.get_by_role("tab", name="Fact explorer").click()
    page.locator("#fq-facts").wait_for()
    page.wait_for_function("document.querySelector('#fq-f-summary').innerText.includes('facts')")
    # filters: each choice once, the company under one plain name
    page.locator("#fq-f-company input").click()
    companies = [t.replace("✓", "").strip() for t in page.get_by_role("option").all_inner_texts()]
    assert len(companies) == len(set(companies)), companies
    assert companies.count("Netflix") == 1 and "NETFLIX INC" not in companies, companies
    options = page.get_by_role("option")
    options.nth(companies.index("Netflix")).click()
    netflix = reader.query_facts("entity = ?", ["NETFLIX INC"], limit=100_000)
    page.wait_for_function(f"document.querySelector('#fq-f-summary').innerText.replace(/,/g, '').includes('{len(netflix)} of')")
    page.locator("#fq-f-year input").click()
    years = [t.replace("✓", "").strip() for t in page.get_by_role("option").all_inner_texts()]
    assert len(years) == len(set(years)) and "2009" in years, years
    page.keyboard.press("Escape")

    # sorting the Value column from its header sorts by amount, not by the text
    headers = [h.strip() for h in page.locator("#fq-facts thead th").all_inner_texts()]
    col = headers.index("Value")
    th = page.locator("#fq-facts thead th").nth(col)
    th.scroll_into_view_if_needed()
    th.hover()
    th.get_by_role("button").last.click()
    page.get_by_text("Sort descending").click()
    page.wait_for_timeout(500)
    shown = [r[col] for r in page.evaluate(_ROWS_JS) if len(r) > col][:10]
    numbers = [_number(v) for v in shown]
    assert None not in numbers and numbers == sorted(numbers, reverse=True), shown
    top = max(f.value for f in netflix if f.value is not None and f.unit != "duration")
    assert numbers[0] == top, (shown[0], top)
    no_horizontal_overflow(page)
    shot(page, "10-explorer-sorted")

    # the CSV: every filtered row, the amount as a plain number, dates as ISO dates
    with page.expect_download() as dl:
        page.locator("#fq-f-download").click()
    path = tmp_path / "facts.csv"
    dl.value.save_as(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(rows) == len(netflix)
    by_id = {f.fact_id: f for f in netflix}
    for r in rows:
        f = by_id[r["Fact id"]]
        assert (r["Value (number)"] == "") if f.value is None else (Decimal(r["Value (number)"]) == f.value)
        if f.period is not None:
            assert r["Period end"] == f.period.end.isoformat()
    assert any(r["Value (number)"] and "," not in r["Value (number)"] and Decimal(r["Value (number)"]) > 1000 for r in rows)
