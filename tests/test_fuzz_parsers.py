"""Fuzzing every parser (hypothesis): mutated real filings and random bytes give a clean result
or our own FilingQAError — never another exception, a crash or a hang. Bounded by example count."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.errors import FilingQAError
from index.parsers import FORMATS, Document, decode_text, parse_document
from tests.conftest import CORPUS, SAMPLES

EXAMPLES = int(os.environ.get("FILINGQA_FUZZ_EXAMPLES", "250"))


def _seeds() -> list[bytes]:
    seeds = [p.read_bytes() for p in sorted(SAMPLES.glob("*.txt"))]
    for rel, limit in [("ABVC_8-K_2025-04-15/0001213900-25-032135.txt", 60_000),
                       ("NFLX_10-K_2009-12-31/nflx-20091231.xml", 40_000),
                       ("AAPL_10-Q_2025-03-29/R2.htm", 30_000),
                       ("AAPL_10-Q_2025-03-29/aapl-20250329.htm", 60_000),
                       ("AAPL_10-Q_2025-03-29/FilingSummary.xml", 10_000),
                       ("AAPL_10-Q_2025-03-29/aapl-20250329_lab.xml", 20_000),
                       ("PLRTF_20-F_2020-11-30/0001062993-21-003193.html", 40_000)]:
        p = CORPUS / rel
        if p.exists():
            seeds.append(p.read_bytes()[:limit])
    return seeds


SEEDS = _seeds()


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["cut", "insert", "delete", "flip", "dup"]))
        i = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "cut":
            del data[i:]
        elif op == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=64) | st.sampled_from(
                [b"<", b">", b"</", b"|", b"(", b"$ ", b"\xe9", b"]]>", b"<!--", b"&#x0;", b"<ix:nonFraction>", b"<DOCUMENT>"]))
        elif op == "delete":
            del data[i:i + draw(st.integers(1, 2000))]
        elif op == "flip" and data:
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "dup":
            data[i:i] = data[i:i + draw(st.integers(1, 3000))]
    return bytes(data)


FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(data=mutated() | st.binary(max_size=2000))
def test_parse_document_only_raises_our_errors(data):
    try:
        parse_document(Document("fuzz.bin", data))
    except FilingQAError:
        pass


@pytest.mark.parametrize("fmt", FORMATS, ids=[f.name for f in FORMATS])
def test_each_parser_directly_only_raises_our_errors(fmt):
    @FUZZ
    @given(data=mutated())
    def run(data):
        try:
            text = decode_text(data, "fuzz")
            fmt.parse(Document("fuzz", data), text)
        except FilingQAError:
            pass

    run()


def test_atheris_coverage_guided_run(tmp_path):
    """Coverage-guided, seeded with the real files; bounded in runs and seconds."""
    import subprocess
    import sys

    pytest.importorskip("atheris")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for k, data in enumerate(SEEDS):
        (seeds / f"seed{k}").write_bytes(data[:20_000])
    seconds = os.environ.get("FILINGQA_ATHERIS_SECONDS", "45")
    out = subprocess.run([sys.executable, "tests/fuzz_atheris.py", f"-max_total_time={seconds}", "-atheris_runs=200000",
                          "-max_len=20000", f"-artifact_prefix={tmp_path}/", "-rss_limit_mb=3000", str(seeds)],
                         cwd=SAMPLES.parents[1],
                         capture_output=True, text=True, timeout=int(seconds) + 240)
    tail = (out.stdout + out.stderr)[-3000:]
    assert out.returncode == 0, tail
    done = [ln for ln in tail.splitlines() if "Done" in ln or "#" in ln][-1:]
    print(f"\natheris: {seconds} s, {done}")
