"""ask() from many threads at once (the web app's queue runs several questions together): the same
answers as one at a time, and an ingest committed meanwhile neither breaks nor mixes them."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from qa import ask
from tests.conftest import SEED_NOTE, SEED_RSU, SEED_SUBSEQUENT

QUESTIONS = (
    "How many restricted stock units vested in 2023?",
    "What was the share-based compensation expense for RSUs in 2022?",
    "What was the total share-based compensation expense for options and RSUs in 2022?",
    "How do the options vest?",
    "What was the company's revenue in 2022?",
    "How many options were forfeited in 2021?",
)


# answered verified from the two filings first indexed ('vested in 2023' sits in a column the page leaves open)
LIVE_QUESTIONS = (QUESTIONS[1], QUESTIONS[2])


def _key(a):
    return (a.status, a.text, a.value, a.unit, a.verified, tuple((c.source, c.raw, c.period) for c in a.citations))


def test_concurrent_asks_give_the_sequential_answers(sample_index):
    expected = {q: _key(ask(q, index=sample_index)) for q in QUESTIONS}
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [(q, pool.submit(ask, q, sample_index)) for q in QUESTIONS * 4]
        got = [(q, f.result(timeout=300)) for q, f in futures]
    for q, a in got:
        assert _key(a) == expected[q], q


def test_follow_ups_in_parallel_keep_their_own_context(sample_index):
    first = ask("What was the share-based compensation expense for RSUs in 2022?", index=sample_index)
    other = ask("How many RSUs vested in 2022?", index=sample_index)
    ctx_a, ctx_b = first.extra["question"], other.extra["question"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        fa = [pool.submit(ask, "and in 2021?", sample_index, previous=ctx_a) for _ in range(4)]
        fb = [pool.submit(ask, "and in 2021?", sample_index, previous=ctx_b) for _ in range(4)]
        a_vals = {f.result(timeout=300).value for f in fa}
        b_vals = {f.result(timeout=300).value for f in fb}
    assert a_vals == {ask("and in 2021?", index=sample_index, previous=ctx_a).value}
    assert b_vals == {ask("and in 2021?", index=sample_index, previous=ctx_b).value}
    assert a_vals != b_vals


@pytest.mark.slow
def test_asks_keep_working_while_a_filing_is_ingested(tmp_path, embedder):
    from index.ingest import ingest

    path = tmp_path / "live"
    assert ingest([SEED_RSU, SEED_NOTE], path, embedder).ok
    new_q = "What is the maximum conversion price per share of the Ascent Convertible Debentures?"
    errors: list[BaseException] = []
    stop = threading.Event()

    def keep_asking():
        for n in range(200):  # bounded; stops as soon as the ingest is done
            if stop.is_set():
                return
            try:
                a = ask(LIVE_QUESTIONS[n % 2], index=path)
                assert not a.abstained and a.verified, a.text
            except BaseException as exc:  # re-raised in the test thread below
                errors.append(exc)
                return

    threads = [threading.Thread(target=keep_asking) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        assert ingest([SEED_SUBSEQUENT], path, embedder).ok
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=120)
    assert not errors, errors[0]
    assert not any(t.is_alive() for t in threads)
    a = ask(new_q, index=path)  # the engine reloaded on the new commit
    assert str(a.value) == "0.33" and a.citations[0].source == SEED_SUBSEQUENT.name
