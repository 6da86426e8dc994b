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
