"""The web app over a PostgreSQL store (``filingqa serve --store postgresql://…``): the served
location, uploads through the UI's upload path landing in PostgreSQL and answerable at once, the
landing, the fact explorer and the source view reading from it — first through the UI's own
functions, then in a real headless chromium. A real server (tests/pg.py), nothing mocked.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from index.ingest import ingest
from index.storage import open_reader
from tests.conftest import SEED_NOTE, SEED_RSU, SEED_SUBSEQUENT, corpus_path
from tests.pg import drop_database, new_database, pg_db, pg_server  # noqa: F401  (fixtures)

ASCENT = "What is the maximum conversion price per share of the Ascent Convertible Debentures?"
RSU_2022 = "What was the share-based compensation expense for RSUs in 2022?"


def _with_password(url: str) -> str:
    """The same server with a password in the address (trust auth ignores it): it must never be shown."""
    return url.replace("postgresql://postgres@", "postgresql://postgres:s3cret-pw@")


@pytest.fixture(scope="module")
def pg_store(pg_server, embedder):  # noqa: F811
    """A PostgreSQL store holding one sample filing and one real 8-K (a company with a name)."""
    url = new_database(pg_server)
    report = ingest([SEED_RSU, corpus_path("ABVC_8-K_2025-04-15")], url, embedder)
    assert report.ok, report.errors
    yield url
    drop_database(url)


def test_serve_resolves_a_postgres_url_and_never_shows_its_password(pg_db, monkeypatch):  # noqa: F811
    from ui.landing import loaded_html
    from ui.sources import stats_html
    from ui.workspace import resolve_served_index
    from qa import get_engine

    url = _with_password(pg_db)
    served = resolve_served_index(url)
    assert served.path == url and served.is_postgres and not served.is_workspace and served.files_dir is None
    assert "s3cret" not in served.description + served.shown and "PostgreSQL" in served.description
    # an empty database is given its tables, so it can be served and filled through uploads
    reader = get_engine(served.path).reader
    assert reader.filings() == [] and "No filings loaded yet" in loaded_html(reader)
    assert "s3cret" not in stats_html(reader, served)
    monkeypatch.setenv("FILINGQA_STORE", url)
    monkeypatch.setenv("FILINGQA_INDEX", "/nonexistent/index")  # FILINGQA_STORE comes first, as for ask()
    assert resolve_served_index(None) == served


def test_an_upload_through_the_ui_lands_in_postgres_and_is_answerable(pg_store):
    from qa import ask, get_engine
    from ui.source_view import source_html
    from ui.uploads import add_filings, remove_filing
    from ui.workspace import resolve_served_index

    served = resolve_served_index(pg_store)
    out = add_filings(served, [SEED_SUBSEQUENT])
    assert out.added == (SEED_SUBSEQUENT.name,) and not out.errors and out.facts > 0
    r = open_reader(pg_store)
    try:
        assert SEED_SUBSEQUENT.name in {f.source for f in r.filings()}
        assert r.counts()["facts"] == r.fact_count()
    finally:
        r.close()
    a = ask(ASCENT, index=pg_store)
    assert a.verified and a.value == Decimal("0.33") and a.citations[0].source == SEED_SUBSEQUENT.name
    page = source_html(a, 1, get_engine(pg_store).reader)
    assert 'id="fq-src-hit"' in page and SEED_SUBSEQUENT.name in page
    assert add_filings(served, [SEED_SUBSEQUENT]).unchanged == (SEED_SUBSEQUENT.name,)  # same bytes: a no-op
    assert remove_filing(served, SEED_SUBSEQUENT.name) == [SEED_SUBSEQUENT.name]
    r = open_reader(pg_store)
    try:
        assert SEED_SUBSEQUENT.name not in {f.source for f in r.filings()}
    finally:
        r.close()
    assert not ask(ASCENT, index=pg_store).verified or SEED_SUBSEQUENT.name not in {
        c.source for c in ask(ASCENT, index=pg_store).citations}


def test_landing_and_fact_explorer_read_the_postgres_store_as_the_embedded_one(pg_store, tmp_path, embedder):
    """Same filings in a folder: the landing's companies and checked examples, the explorer's
    filters (DuckDB-flavoured conditions: year(), date_diff) and choices are the same."""
    from qa import get_engine
    from ui.explorer import FactFilter, filter_choices, filter_facts
    from ui.landing import examples_for, loaded_html

    folder = tmp_path / "idx"
    assert ingest([SEED_RSU, corpus_path("ABVC_8-K_2025-04-15")], folder, embedder).ok
    pg, emb = get_engine(pg_store), get_engine(folder)
    companies = [e for e, _, _ in pg.reader.entities() if e]
    assert companies and companies == [e for e, _, _ in emb.reader.entities() if e]
    html = loaded_html(pg.reader)
    assert all(name.split()[0].title() in html.title() for name in companies)
    assert html == loaded_html(emb.reader)
    assert examples_for(pg) == examples_for(emb)
    assert filter_choices(pg.reader) == filter_choices(emb.reader)
    for flt in (FactFilter(year="2022"), FactFilter(text="compensation", member="RSUs", sort="Value, largest first"),
                FactFilter(company=f"entity:{companies[0]}", pinned_only=True)):
        want = filter_facts(emb.reader, flt)
        assert want and sorted(f.fact_id for f in filter_facts(pg.reader, flt)) == sorted(f.fact_id for f in want)


# --- the same in a real browser -------------------------------------------------------------------

ANSWER = ".fq-verified, .fq-unverified, .fq-quoted, .fq-abstain, .fq-error"
WAIT_MS = 90_000


@pytest.mark.browser
@pytest.mark.slow
def test_the_web_app_serves_a_postgres_store_and_uploads_into_it(pg_server, embedder, tmp_path):  # noqa: F811
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_ARGS, Server, chromium_or_skip, screenshot

    chromium = chromium_or_skip()
    url = new_database(pg_server)
    try:
        assert ingest([SEED_RSU, corpus_path("ABVC_8-K_2025-04-15")], url, embedder).ok
        r = open_reader(url)
        company = next(e for e, _, _ in r.entities() if e)
        documents = len(r.filings())  # the 8-K's submission file holds two filings
        r.close()
        server = Server(_with_password(url), tmp_path / "cache", tmp_path / "server.log", option="--store")
        try:
            server.wait_ready()
            assert "s3cret" not in server.log_tail(200)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, timeout=60_000)
                try:
                    _drive(browser.new_page(viewport={"width": 1440, "height": 1000}), server, url, company, documents,
                           screenshot)
                finally:
                    browser.close()
        except Exception:
            print(server.log_tail())
            raise
        finally:
            server.stop()
    finally:
        drop_database(url)


def _drive(page, server, url: str, company: str, documents: int, screenshot) -> None:
    page.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.url, wait_until="load", timeout=WAIT_MS)
    page.locator("#fq-question textarea").wait_for()
    # the landing lists the store's companies
    loaded = page.locator("#fq-loaded-list").inner_text()
    assert f"1 company, {documents} filing documents loaded" in loaded, loaded
    assert company.split()[0].lower() in loaded.lower(), loaded
    screenshot(page, "pg-01-landing")

    # upload through the page: it lands in PostgreSQL
    page.get_by_role("tab", name="Sources").click()
    page.locator("#fq-stats .fq-stat").first.wait_for()
    assert "PostgreSQL" in page.locator("#fq-stats").inner_text() and "s3cret" not in page.content()
    page.locator("#fq-upload input[type=file]").set_input_files(str(SEED_SUBSEQUENT))
    page.wait_for_function("(t) => (document.querySelector('#fq-upload')?.innerText || '').includes(t)",
                           arg=SEED_SUBSEQUENT.stem, timeout=WAIT_MS)
    page.locator("#fq-add").click()
    ok = page.locator("#fq-upload-status .fq-ok-box")
    ok.wait_for()
    assert f"Indexed {SEED_SUBSEQUENT.name}" in ok.inner_text()
    page.wait_for_function("(t) => (document.querySelector('#fq-filings')?.innerText || '').includes(t)",
                           arg=SEED_SUBSEQUENT.name, timeout=WAIT_MS)
    r = open_reader(url)
    assert SEED_SUBSEQUENT.name in {f.source for f in r.filings()}
    total = r.fact_count()
    r.close()
    screenshot(page, "pg-02-uploaded")

    # then it is answerable, with its cell in the evidence and its filing opened from the store
    page.get_by_role("tab", name="Ask").click()
    before = page.locator(ANSWER).count()
    page.locator("#fq-question textarea").fill(ASCENT)
    page.locator("#fq-question textarea").press("Enter")
    page.wait_for_function(f"document.querySelectorAll('{ANSWER}').length > {before}", timeout=WAIT_MS)
    assert page.locator(ANSWER).last.locator(".fq-value").inner_text() == "USD 0.33 per share"
    assert SEED_SUBSEQUENT.name in page.locator("#fq-evidence .fq-card-foot").first.inner_text()
    screenshot(page, "pg-03-answer")

    # the fact explorer counts the store's facts, the uploaded filing's included
    page.get_by_role("tab", name="Fact explorer").click()
    page.locator("#fq-f-summary").get_by_text(f"{total:,} of {total:,} facts").wait_for()
    assert not errors, errors
    text = page.locator("body").inner_text()
    assert "Traceback" not in text and 'File "' not in text
