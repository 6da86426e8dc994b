"""Safe exposure (issue 24): `filingqa serve` will not listen beyond this machine without a login; with a login,
adding and removing filings refuse a caller who has not logged in; without one they are not in the public API;
a bad file in an upload gets its own message while the rest are indexed and the button comes back; nothing a
filing or a question contains can drive the terminal through `filingqa`'s output."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO, SAMPLES, SEED_NOTE, SEED_SUBSEQUENT
from tests.server import free_port, running_app


def _cli(*args: str, env: dict | None = None, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qa", *args], cwd=REPO, capture_output=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "filings.example.com"])
def test_serve_refuses_a_non_loopback_bind_without_a_login(host, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "FILINGQA_AUTH"}
    r = subprocess.run([sys.executable, "-m", "qa", "serve", "--host", host, "--port", str(free_port()),
                        "--index", str(tmp_path / "idx")], cwd=REPO, capture_output=True, text=True, timeout=120, env=env)
    assert r.returncode == 2, r.stdout + r.stderr
    assert f"refusing to listen on {host} without a login" in r.stderr
    assert "--auth USER:PASSWORD" in r.stderr and "FILINGQA_AUTH" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "idx").exists()  # refused before anything was opened or built


def test_a_malformed_login_is_refused(tmp_path):
    r = _cli("serve", "--host", "0.0.0.0", "--port", str(free_port()), "--index", str(tmp_path / "idx"),
             env={"FILINGQA_AUTH": "analyst"})
    assert r.returncode == 2 and b"must be USER:PASSWORD" in r.stderr


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("127.8.0.1", True), ("::1", True), ("[::1]", True),
                                            ("localhost", True), ("0.0.0.0", False), ("::", False),
                                            ("10.0.0.5", False), ("example.com", False)])
def test_what_counts_as_this_machine_only(host, loopback):
    from app.cli import is_loopback

    assert is_loopback(host) is loopback


def _event(config: dict, reads: str, writes: str) -> int:
    ids = {c["props"].get("elem_id"): c["id"] for c in config["components"] if c.get("props", {}).get("elem_id")}
    return next(d["id"] for d in config["dependencies"]
                if ids[reads] in d.get("inputs", []) and ids[writes] in d.get("outputs", []) and d.get("backend_fn"))


@pytest.mark.slow
def test_with_a_login_adding_and_removing_refuse_a_caller_who_has_not_logged_in(sample_index, tmp_path):
    import httpx

    with running_app(sample_index, tmp_path / "server.log", auth="analyst:s3cret-pw") as url:
        anonymous = httpx.Client(timeout=60)
        assert anonymous.post(url + "/gradio_api/upload", files=[("files", ("x.txt", b"x"))]).status_code == 401
        for fn_index in (0, 1, 2, 50):  # whatever the event, the queue is closed to a caller without a login
            r = anonymous.post(url + "/gradio_api/queue/join", json={"data": [None], "fn_index": fn_index,
                                                                     "session_hash": "x1", "trigger_id": None})
            assert r.status_code == 401, (fn_index, r.status_code, r.text[:300])
        assert anonymous.post(url + "/gradio_api/call/remove", json={"data": ["x.txt"]}).status_code == 401
        # logged in, the same page's add event runs (the login is what was missing)
        user = httpx.Client(timeout=600)
        assert user.post(url + "/login", data={"username": "analyst", "password": "s3cret-pw"}).status_code < 400
        config = user.get(url + "/config").json()
        add = _event(config, "fq-upload", "fq-upload-status")
        remove = _event(config, "fq-remove-pick", "fq-remove-status")
        assert {d["id"]: d.get("api_visibility") for d in config["dependencies"]}[remove] == "private"
        assert {d["id"]: d.get("api_visibility") for d in config["dependencies"]}[add] == "private"
        anonymous.close()
        user.close()


@pytest.mark.slow
def test_without_a_login_adding_and_removing_are_not_in_the_public_api(sample_index, tmp_path):
    import httpx

    with running_app(sample_index, tmp_path / "server.log") as url:
        info = httpx.get(url + "/gradio_api/info", timeout=60).json()
        named = set(info["named_endpoints"])
        assert "/ask" in named  # the public API is there ...
        assert not named & {"/add", "/remove", "/add_1", "/remove_1"}, sorted(named)  # ... without add and remove
        from gradio_client import Client

        client = Client(url, verbose=False)
        with pytest.raises(Exception):
            client.predict("x.txt", api_name="/remove")


def test_ask_prints_no_terminal_escapes_or_bidi_overrides(sample_index):
    question = "\x1b[2J\x1b]0;owned\x07How many restricted stock units \u202evested\u202c in 2023?\x1b[0m"
    r = _cli("ask", question, "--index", str(sample_index))
    out = r.stdout.decode("utf-8")
    assert r.returncode == 0 and "1,587,950" in out
    for bad in ("\x1b", "\x07", "\u202e", "\u202c"):
        assert bad not in out and bad not in r.stderr.decode("utf-8")
    r = _cli("ask", question, "--json", "--index", str(sample_index))
    data = json.loads(r.stdout)  # still valid JSON, the characters escaped rather than printed raw
    assert data["value"] == "1587950" and "\u202e" not in r.stdout.decode("utf-8") and b"\x1b" not in r.stdout


def test_ingest_names_a_hostile_file_name_without_its_escapes(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "notes\x1b[31m\u202etxt.exe.txt").write_text("Meeting notes about lunch.\n")
    (src / ".hidden-copy.txt").write_bytes(SEED_NOTE.read_bytes())
    (src / "copy-of-subsequent-events.txt").write_bytes(SEED_SUBSEQUENT.read_bytes())
    (src / "subsequent-events.txt").write_bytes(SEED_SUBSEQUENT.read_bytes())
    r = _cli("ingest", str(src), "--index", str(tmp_path / "idx"))
    err = r.stderr.decode("utf-8")
    assert "\x1b" not in err and "\u202e" not in err
    assert "notestxt.exe.txt: its content matches none of the formats" in err
    assert "skipped: .hidden-copy.txt: a hidden file" in err  # named, not silently skipped
    assert "skipped: subsequent-events.txt: the same bytes as copy-of-subsequent-events.txt" in err
    assert b"indexed 1 new" in r.stdout


@pytest.mark.browser
@pytest.mark.slow
def test_one_bad_file_does_not_fail_the_upload_and_the_button_comes_back(tmp_path, embedder):
    from index.ingest import ingest
    from tests.browser import Server, chromium_or_skip, launched, screenshot

    chromium = chromium_or_skip()
    index = tmp_path / "index"
    assert ingest([SEED_NOTE], index, embedder).ok
    good = [p for p in sorted(SAMPLES.iterdir()) if p.name != SEED_NOTE.name]
    upload = tmp_path / "upload"
    upload.mkdir()
    for p in good:
        (upload / p.name).write_bytes(p.read_bytes())
    (upload / "...txt").write_text("Meeting notes about lunch.\n")
    (upload / "filing-without-extension").write_bytes(good[0].read_bytes())
    server = Server(index, tmp_path / "cache", tmp_path / "server.log")
    try:
        server.wait_ready()
        with launched(chromium) as browser:
            page = browser.new_page(viewport={"width": 1300, "height": 1000})
            page.set_default_timeout(240_000)
            page.goto(server.url, wait_until="load")
            page.get_by_role("tab", name="Sources").click()
            page.locator("#fq-stats .fq-stat").first.wait_for()
            page.locator("#fq-upload input[type=file]").set_input_files(sorted(str(p) for p in upload.iterdir()))
            page.locator("#fq-upload").get_by_text("filing-without-extension").first.wait_for()
            page.locator("#fq-add").click()
            page.locator("#fq-upload-status .fq-ok-box").wait_for()
            page.wait_for_function("() => !document.querySelector('#fq-add').disabled")
            screenshot(page, "24-odd-file-in-an-upload")
            status = page.locator("#fq-upload-status").inner_text()
            assert all(p.name in status for p in good), status  # the good files are indexed ...
            assert "...txt" in status and "matches none of the formats" in status  # ... each bad one said why
            assert "filing-without-extension" in status and "no extension" in status
            assert page.locator("#fq-add").inner_text().strip() == "Add to index"
            assert page.locator(".toast-body").count() == 0  # no bare "Error" toast
    finally:
        server.stop()
