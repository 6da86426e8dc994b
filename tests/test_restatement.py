"""The same fact in two filings of one company: the latest filing answers, and when the earlier
one reported a different number, both are cited and the answer says it was restated."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from index.embed import default_embedder
from index.ingest import ingest
from qa import ask

NFLX = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "NFLX_10-K_2009-12-31" / "nflx-20091231.xml"
pytestmark = pytest.mark.skipif(not NFLX.is_file(), reason="../shared/corpus is not beside the repo")


@pytest.fixture(scope="module")
def two_filings(tmp_path_factory):
    original = NFLX.read_bytes()
    # a later 10-K of the same company that restates 2009 revenue (and reports as of 2010)
    later = (original
             .replace(b">2009-12-31</dei:DocumentPeriodEndDate>", b">2010-12-31</dei:DocumentPeriodEndDate>")
             .replace(b'decimals="-3">1670269000<', b'decimals="-3">1670000000<'))
    assert later.count(b"1670000000") == 1
    folder = tmp_path_factory.mktemp("restated")
    (folder / "nflx-2009.xml").write_bytes(original)
    (folder / "nflx-2010.xml").write_bytes(later)
    index = folder / "index"
    report = ingest([folder / "nflx-2009.xml", folder / "nflx-2010.xml"], index, lambda: default_embedder("bulk"))
    assert report.ok, report.errors
    return str(index)


def test_latest_filing_wins_and_the_restatement_is_shown(two_filings):
    ans = ask("What was Netflix's revenue in 2009?", index=two_filings)
    assert ans.value == Decimal("1670000000") and ans.verified
    sources = [c.source for c in ans.citations]
    assert sources[0] == "nflx-2010.xml" and "nflx-2009.xml" in sources
    assert "Restated" in ans.text and "1,670,269,000" in ans.text


def test_unchanged_facts_are_answered_once(two_filings):
    ans = ask("What was Netflix's revenue in 2008?", index=two_filings)
    assert ans.value == Decimal("1364661000") and ans.verified
    assert "Restated" not in ans.text
