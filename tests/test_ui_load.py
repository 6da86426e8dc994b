"""The web app under load and behind a login, on loopback only.

Load: 16 concurrent clients (each its own session) ask questions for 60 s (FILINGQA_LOAD_SECONDS
to shorten locally): zero errors, and p50/p95 printed. Auth: with --auth, the API refuses a
client that has not logged in and serves one that has."""

from __future__ import annotations

import os
import statistics
import threading
import time

import pytest

from tests.server import running_app

CLIENTS = int(os.environ.get("FILINGQA_LOAD_CLIENTS", "16"))
SECONDS = float(os.environ.get("FILINGQA_LOAD_SECONDS", "60"))
QUESTIONS = [
    "How many restricted stock units vested in 2023?",
    "What was the share-based compensation expense for RSUs in 2022?",
    "How do the options vest?",
    "What was the total share-based compensation expense for options and RSUs in 2022?",
    "What was the company's revenue in 2022?",
]

pytestmark = pytest.mark.slow


def test_sixteen_clients_for_a_minute_without_an_error(sample_index, tmp_path):
    from gradio_client import Client

    latencies: list[float] = []
    errors: list[str] = []
    answers: list[str] = []
    lock = threading.Lock()
    with running_app(sample_index, tmp_path / "server.log") as url:
        stop_at = time.monotonic() + SECONDS

        def user(k: int) -> None:
            try:
                client = Client(url, verbose=False)
            except Exception as exc:  # noqa: BLE001 - any failure is a counted error
                with lock:
                    errors.append(f"client {k} could not connect: {exc!r}")
                return
            n = k
            while time.monotonic() < stop_at:
                q = QUESTIONS[n % len(QUESTIONS)]
                n += 1
                t = time.perf_counter()
                try:
                    out = client.predict(q, api_name="/ask")
                except Exception as exc:  # noqa: BLE001
                    with lock:
                        errors.append(f"client {k}: {q!r}: {exc!r}")
                    continue
                with lock:
                    latencies.append((time.perf_counter() - t) * 1000)
                    answers.append(str(out)[:4000])

        threads = [threading.Thread(target=user, args=(k,), daemon=True) for k in range(CLIENTS)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(timeout=SECONDS + 180)
        assert not any(th.is_alive() for th in threads), "a client hung"
    lat = sorted(latencies)
    p95 = lat[min(len(lat) - 1, int(0.95 * (len(lat) - 1)))] if lat else 0
    print(f"\nload test: {CLIENTS} clients x {SECONDS:.0f} s: {len(lat)} answers, {len(errors)} errors, "
          f"p50 {statistics.median(lat) if lat else 0:.0f} ms, p95 {p95:.0f} ms, "
          f"{len(lat) / SECONDS:.1f} answers/s")
    assert not errors, errors[:5]
    assert len(lat) >= CLIENTS  # every client got answers
    assert any("1,587,950" in a for a in answers)  # and they were the real answers
    assert not any("Traceback" in a for a in answers)


def test_login_required_when_auth_is_set(sample_index, tmp_path):
    import httpx
    from gradio_client import Client

    with running_app(sample_index, tmp_path / "server.log", auth="analyst:s3cret-pw") as url:
        page = httpx.get(url + "/", timeout=30)
        assert "s3cret" not in page.text
        with pytest.raises(Exception):
            Client(url, verbose=False).predict("How many RSUs vested in 2022?", api_name="/ask")
        out = Client(url, auth=("analyst", "s3cret-pw"), verbose=False).predict("How many RSUs vested in 2022?", api_name="/ask")
        assert "10,326,250" in str(out)
        bad = httpx.post(url + "/login", data={"username": "analyst", "password": "wrong"}, timeout=30)
        assert bad.status_code >= 400
