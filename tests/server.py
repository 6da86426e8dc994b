"""Start the web app in a subprocess on a free loopback port, and stop it (bounded waits)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(index: Path, log: Path, *, auth: str | None = None, boot_seconds: float = 180):
    port = free_port()
    cmd = [sys.executable, "-m", "qa", "serve", "--index", str(index), "--host", "127.0.0.1", "--port", str(port)]
    if auth:
        cmd += ["--auth", auth]
    fh = open(log, "w+")
    p = subprocess.Popen(cmd, cwd=REPO, stdout=fh, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + boot_seconds
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(url + "/", timeout=5)
                break
            except urllib.error.HTTPError:
                break  # it answers (e.g. 401 behind a login): it is up
            except OSError:
                if p.poll() is not None:
                    raise RuntimeError("the app exited while starting:\n" + log.read_text()[-3000:])
                time.sleep(1)
        else:
            raise RuntimeError("the app did not start in time:\n" + log.read_text()[-3000:])
        yield url
    finally:
        p.terminate()
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
        fh.close()
