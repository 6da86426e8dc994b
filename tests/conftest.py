"""Shared fixtures: the bundled samples indexed once per session with the real model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "index" / "sample_filings"
CORPUS = REPO.parent / "shared" / "corpus"
SEED_RSU = SAMPLES / "000_7fa0d5a809f76b6d.txt"
SEED_SUBSEQUENT = SAMPLES / "001_9bbd0f8f811a8165.txt"
SEED_NOTE = SAMPLES / "004_fc044cdb5774b8f4.txt"


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory):
    """Tests never touch the user's cache: the default index is built in a temp folder."""
    os.environ["FILINGQA_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    os.environ.pop("FILINGQA_INDEX", None)
    yield


@pytest.fixture(scope="session")
def embedder():
    from index.embed import default_embedder

    return default_embedder("query")


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory, embedder) -> Path:
    from index.ingest import ingest

    path = tmp_path_factory.mktemp("idx") / "samples"
    report = ingest([SAMPLES], path, embedder)
    assert report.ok, report.errors
    return path


@pytest.fixture(scope="session")
def reader(sample_index):
    from index.store import IndexReader

    return IndexReader(sample_index)


@pytest.fixture(scope="session")
def engine(reader, embedder):
    from qa.pipeline import Pipeline

    return Pipeline(reader, embedder)


@pytest.fixture(scope="session")
def shared_corpus_index(tmp_path_factory) -> Path:
    """All of ../shared/corpus indexed once per session (the follow-up tests and the web app's desk
    tests read it; nothing writes to it). Embedded in bulk (torch), as `filingqa ingest` does."""
    from index.embed import default_embedder
    from index.ingest import ingest

    corpus_path()
    path = tmp_path_factory.mktemp("corpus") / "index"
    report = ingest([CORPUS], path, lambda: default_embedder("bulk"))
    assert report.ok, report.errors
    return path


def corpus_path(*parts: str) -> Path:
    p = CORPUS.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"real-filing corpus not found at ../shared/corpus ({'/'.join(parts)})")
    return p


def pytest_terminal_summary(terminalreporter):
    """List the screenshots the browser tests saved, so a person can look at them."""
    from tests.browser import saved_screenshots

    if saved_screenshots:
        terminalreporter.section("screenshots")
        for path in saved_screenshots:
            terminalreporter.write_line(str(path))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item (the browser fixture screenshots failures)."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def dev_index(request, tmp_path_factory):
    """``dev_index("corpus" | "newco" | "financebench")``: the index that development question set is
    asked against, built once per session at most and reused across runs while its filings and the
    index code are unchanged (tests/dev_indexes.py). Skips when ../shared is not beside the repo."""
    from tests.dev_indexes import DEV_SETS, cached_index

    cache_provider = getattr(request.config, "cache", None)  # absent under -p no:cacheprovider: build per session
    cache = Path(cache_provider.mkdir("dev-indexes")) if cache_provider else tmp_path_factory.mktemp("dev-indexes")
    built: dict[str, Path] = {}

    def get(name: str) -> Path:
        if not all(p.is_dir() for p in DEV_SETS[name]):
            pytest.skip(f"the {name} filings are not beside the repo (../shared)")
        if name not in built:
            built[name] = cached_index(cache, name)
        return built[name]

    return get
