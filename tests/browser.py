"""Driving the real web app in Debian's chromium with Playwright: start `filingqa serve` on a free
127.0.0.1 port, open pages, save screenshots. Every wait is bounded.

Chromium comes from the system (`make browsers` installs it as root). Without it the browser tests
are skipped locally and FAIL in CI (``CI=true``), so CI cannot pass without running them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SERVER_START_SECONDS = 180
saved_screenshots: list[Path] = []  # printed in the terminal summary (tests/conftest.py)


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


def chromium_or_skip() -> str:
    """The chromium executable; skip (locally) or fail (CI) with the reason when it is missing."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _missing("the playwright Python package is not installed (pip install -r requirements.lock)")
    path = os.environ.get("FILINGQA_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path or not Path(path).exists():
        _missing("chromium is not installed (run `make browsers` as root, or sudo apt-get install chromium)")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`python -m qa serve` in a child process, stopped by its own pid."""

    def __init__(self, index: Path | str, cache: Path, log: Path, *, option: str = "--index"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log_path = log
        env = {**os.environ, "FILINGQA_CACHE": str(cache), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
               "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONPATH": str(REPO)}
        env.pop("FILINGQA_INDEX", None)
        self._log = open(log, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "qa", "serve", option, str(index), "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=REPO, env=env, stdout=self._log, stderr=subprocess.STDOUT,
        )

    def wait_ready(self) -> None:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited ({self.proc.returncode}):\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url, timeout=5) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the server did not answer within {SERVER_START_SECONDS}s:\n{self.log_tail()}")

    def log_tail(self, n: int = 40) -> str:
        self._log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=20)
        self._log.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    saved_screenshots.append(path)
    print(f"screenshot: {path}")
    return path


@contextmanager
def launched(chromium: str):
    """A headless Chromium (Playwright) for one module's tests, closed after them."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield b
        finally:
            b.close()


def open_first_source(page, attempts: int = 3, wait_ms: int = 30_000):
    """Open "Open the source", pick the first citation and return the filed document's box once shown.

    The citation list is filled again just after an answer renders; a pick made while it is being filled
    is lost (seen in CI on a loaded machine: the list stayed empty, the document never opened). So the
    pick is made again, a bounded number of times, and the test still fails when the document never shows."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.locator("#fq-source-acc").get_by_text("Open the source").first.click()
    box = page.locator("#fq-source-doc .fq-filed-box")
    for attempt in range(attempts):
        page.locator("#fq-source-pick input").click()
        page.get_by_role("option").first.click()
        try:
            box.wait_for(timeout=wait_ms)
            return box
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
    return box
