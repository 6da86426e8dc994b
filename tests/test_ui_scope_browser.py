"""'Ask about this filing' on the Sources tab, in a real headless chromium: the answer comes from the
filing picked, and asking the same words about another filing answers from that one.

The served index holds two TAT-QA development pages that both print total sales for 2019.
"""

from __future__ import annotations

import json

import pytest

from tests.browser import Server, chromium_or_skip, launched, screenshot
from tests.conftest import REPO

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TATQA = REPO.parent / "shared" / "tatqa" / "tatqa_dataset_dev.json"
WAIT_MS = 90_000
QUESTION = "What is the amount of total sales in 2019?"


@pytest.fixture(scope="module")
def served(tmp_path_factory, embedder):
    from eval.tatqa_pages import context_page
    from index.ingest import ingest

    chromium = chromium_or_skip()
    if not TATQA.exists():
        pytest.skip("TAT-QA development split not found")
    contexts = {c["table"]["uid"][:13]: c for c in json.loads(TATQA.read_text(encoding="utf-8"))}
    root = tmp_path_factory.mktemp("scope-ui")
    pages = root / "pages"
    pages.mkdir()
    names = []
    for uid in ("3ffd9053-a45d", "ec8d8bf5-ff64"):
        page = context_page(contexts[uid])
        (pages / page.name).write_text(page.html, encoding="utf-8")
        names.append(page.name)
    index = root / "index"
    assert ingest([pages], index, embedder).ok
    server = Server(index, root / "cache", root / "server.log")
    try:
        server.wait_ready()
        yield server, names, chromium
    finally:
        server.stop()


def _ask_about(page, name: str, question: str) -> str:
    page.locator("#fq-scope-pick input").click()
    page.get_by_role("option", name=name).click()
    page.locator("#fq-scope-q textarea").fill(question)
    answer = "#fq-scope-answer :is(.fq-verified, .fq-unverified, .fq-quoted, .fq-abstain, .fq-error)"
    before = page.locator(answer).first.inner_text() if page.locator(answer).count() else ""
    page.locator("#fq-scope-ask").click()
    page.wait_for_function("([sel, before]) => { const a = document.querySelector(sel);"
                           " return a && a.innerText.trim() && a.innerText !== before; }", arg=[answer, before],
                           timeout=WAIT_MS)
    return page.locator("#fq-scope-answer").inner_text()


def test_ask_about_one_filing_from_the_sources_tab(served):
    server, names, chromium = served
    with launched(chromium) as browser:
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(server.url, wait_until="load", timeout=WAIT_MS)
        page.get_by_role("tab", name="Sources").click()
        page.locator("#fq-stats .fq-stat").first.wait_for()
        first = _ask_about(page, names[0], QUESTION)
        assert "1,496.5" in first or "1.4965 billion" in first or "1.5 billion" in first, first[:600]
        assert names[0] in first and names[1] not in first
        screenshot(page, "scope-01-ask-about-this-filing")
        second = _ask_about(page, names[1], QUESTION)
        assert names[0] not in second and "1,496.5" not in second, second[:600]
        screenshot(page, "scope-02-another-filing")
        text = page.locator("body").inner_text()
        assert "Traceback" not in text
        context.close()
        assert not errors, errors
