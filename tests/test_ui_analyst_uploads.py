"""Uploads as an analyst sees them (issue 16, point 10), in a real headless chromium against the real
`filingqa serve`: progress that moves with the work, per file and per stage; a successful upload
shows no red box anywhere; a zip of a filing's folder with its .js/.css is not an error. Each viewport
gets its own fresh index (the upload must really index something each time). Screenshots go to
test-artifacts/screenshots/16-10-*.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from tests.browser import Server, chromium_or_skip, launched, screenshot
from tests.conftest import SEED_NOTE, SEED_RSU, SEED_SUBSEQUENT, corpus_path

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WAIT_MS = 240_000  # one upload of a real 10-K on a busy 2-core machine: bounded
VIEWPORTS = {"desktop": {"width": 1440, "height": 1000}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def chromium():
    return chromium_or_skip()


@pytest.fixture(scope="module")
def browser(chromium):
    with launched(chromium) as b:
        yield b


@pytest.fixture(params=list(VIEWPORTS))
def page(request, tmp_path, embedder, browser):
    from index.ingest import ingest

    index = tmp_path / "index"
    assert ingest([SEED_NOTE], index, embedder).ok
    server = Server(index, tmp_path / "cache", tmp_path / "server.log")
    context = None
    try:
        server.wait_ready()
        context = browser.new_context(viewport=VIEWPORTS[request.param])
        pg = context.new_page()
        pg.set_default_timeout(WAIT_MS)
        errors: list[str] = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.goto(server.url, wait_until="load", timeout=WAIT_MS)
        pg.locator("#fq-question textarea").wait_for()
        pg.viewport_name = request.param
        pg.index_path = index
        yield pg
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            screenshot(pg, f"FAILED-{request.node.name}")
            print(server.log_tail())
        assert not errors, f"JavaScript errors in the page: {errors}"
    finally:
        if context is not None:
            context.close()
        server.stop()


def shot(page, name: str) -> None:
    page.wait_for_timeout(300)
    screenshot(page, f"16-{name}-{page.viewport_name}")


def no_horizontal_overflow(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, f"the page is {width}px wide on a {page.viewport_size['width']}px screen"


def _zip_of_a_filing_folder() -> bytes:
    """A filing's folder as EDGAR serves it: the document, plus the viewer's script and style sheet."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(SEED_SUBSEQUENT.name, SEED_SUBSEQUENT.read_bytes())
        zf.writestr("Show.js", b"function toggle() {}\n")
        zf.writestr("report.css", b"body { font: 12px sans-serif; }\n")
    return buf.getvalue()


def test_upload_progress_moves_per_file_and_stage_and_success_shows_no_red_box(page, tmp_path):
    nflx = corpus_path("NFLX_10-K_2009-12-31", "nflx-20091231.xml")
    zipped = tmp_path / "subsequent-events.zip"
    zipped.write_bytes(_zip_of_a_filing_folder())
    page.get_by_role("tab", name="Sources").click()
    page.locator("#fq-stats .fq-stat").first.wait_for()
    page.locator("#fq-upload input[type=file]").set_input_files([str(nflx), str(SEED_RSU), str(zipped)])
    page.locator("#fq-upload").get_by_text("subsequent-events").first.wait_for()
    # every state the status shows while the upload runs: its text, the stage marked current, the bar
    page.evaluate("""() => { window.fqSeen = [];
        const el = document.querySelector('#fq-upload-status');
        const take = () => {
            const now = el.querySelector('.fq-st-now'), bar = el.querySelector('[role=progressbar]');
            if (!bar) return;
            const last = window.fqSeen[window.fqSeen.length - 1], text = el.querySelector('.fq-progress-now').innerText;
            const item = {text: text, stage: now ? now.innerText.trim() : '', bar: +bar.getAttribute('aria-valuenow'),
                          files: Array.from(el.querySelectorAll('.fq-files li')).map(li => li.innerText.replace(/\\s+/g, ' '))};
            if (!last || last.text !== item.text || last.stage !== item.stage || last.bar !== item.bar) window.fqSeen.push(item);
        };
        new MutationObserver(take).observe(el, {subtree: true, childList: true, characterData: true, attributes: true}); }""")
    page.locator("#fq-add").click()
    page.wait_for_function("window.fqSeen.some(s => s.stage === 'embedding')", timeout=WAIT_MS)
    assert page.locator("#fq-add").is_disabled()  # no second click queueing the same files while it runs
    no_horizontal_overflow(page)
    shot(page, "10-upload-progress")
    ok = page.locator("#fq-upload-status .fq-ok-box")
    ok.wait_for(timeout=WAIT_MS)
    seen = page.evaluate("window.fqSeen")
    assert seen, "no progress was shown while the upload ran"

    # per file: each filing named with its number while it is parsed
    names = {nflx.name, SEED_RSU.name, SEED_SUBSEQUENT.name}
    parsing = [s for s in seen if s["stage"] == "parsing"]
    shown = {m.group(2): int(m.group(1)) for s in parsing if (m := re.match(r"(\d)/3 (\S+)", s["text"]))}
    assert set(shown) == names and sorted(shown.values()) == [1, 2, 3], [s["text"] for s in parsing]
    assert any("parsing…" in f for s in parsing for f in s["files"])
    # per stage: checking → parsing → embedding → committing, in that order, never back
    order = ["checking", "parsing", "embedding", "committing"]
    stages = [s["stage"] for s in seen if s["stage"]]
    assert [st for i, st in enumerate(stages) if i == 0 or st != stages[i - 1]] == order, stages
    embedding = [s["text"] for s in seen if s["stage"] == "embedding"]
    assert all(re.match(r"embedding passages [\d,]+/[\d,]+", t) for t in embedding), embedding
    bars = [s["bar"] for s in seen]
    assert bars == sorted(bars) and bars[-1] > bars[0], bars  # the bar only moves forward

    # success: said plainly, and no red box or error toast anywhere on the page
    text = ok.inner_text()
    assert all(n in text for n in names), text
    assert page.locator(".fq-error-box").count() == 0
    assert page.locator("#fq-upload-status").get_by_text("Show.js").count() == 1  # left out, said quietly
    assert "not filing documents" in page.locator("#fq-upload-status .fq-skipped").inner_text()
    page.wait_for_function("""() => Array.from(document.querySelectorAll('#fq-stats .fq-stat')).some(
        s => s.querySelector('.fq-stat-l').textContent.trim() === 'Filings' && s.querySelector('.fq-stat-n').textContent.trim() === '4')""")  # 1 + 3
    page.wait_for_timeout(1000)  # the tabs refresh after the upload: nothing may fail there either
    assert page.locator(".fq-error-box").count() == 0
    assert page.locator("[data-testid='toast-body']").count() == 0, page.locator("[data-testid='toast-body']").all_inner_texts()
    assert "Traceback" not in page.locator("body").inner_text()
    page.wait_for_function("!document.querySelector('#fq-add').disabled")
    no_horizontal_overflow(page)
    page.locator("#fq-upload-status").scroll_into_view_if_needed()
    shot(page, "10-upload-done")
