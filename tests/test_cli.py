"""The filingqa command as a user runs it (a real subprocess)."""

import json
import subprocess
import sys

from tests.conftest import REPO, SEED_RSU


def run(*args, env_index=None, timeout=240):
    return subprocess.run([sys.executable, "-m", "qa", *args], cwd=REPO, capture_output=True, text=True, timeout=timeout)


def test_ask_json_headline(sample_index):
    r = run("ask", "How many restricted stock units vested in 2023?", "--json", "--index", str(sample_index))
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["value"] == "1587950" and d["unit"] == "shares" and d["verified"] is False  # its column is left open
    assert d["citations"][0]["title"] == "SHARE-BASED COMPENSATION (Details Narrative)"
    assert d["citations"][0]["row"] == "Restricted stock units, vested"


def test_errors_are_messages_not_tracebacks(tmp_path, sample_index):
    r = run("ask", "", "--index", str(sample_index))
    assert r.returncode == 2 and "the question is empty" in r.stderr and "Traceback" not in r.stderr
    r = run("ask", "anything", "--index", str(tmp_path / "missing"))
    assert r.returncode == 2 and "filingqa ingest" in r.stderr and "Traceback" not in r.stderr


def test_ingest_reports_bad_files_and_keeps_the_good(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(SEED_RSU.read_text())
    (src / "empty.txt").write_text("")
    (src / "binary.bin").write_bytes(b"\x00\x01\x02" * 100)
    (src / "notes.txt").write_text("Just some words about nothing.\n")
    r = run("ingest", str(src), "--index", str(tmp_path / "idx"))
    assert r.returncode == 1
    assert "empty.txt: the file is empty" in r.stderr
    assert "binary.bin: the file is binary" in r.stderr
    assert "notes.txt: its content matches none" in r.stderr
    assert "indexed 1 new" in r.stdout and "45 facts" in r.stdout
    # without the note that dates them, the flattened table cannot say which vested amount is 2022
    r2 = run("ask", "How many restricted stock units vested in 2022?", "--json", "--index", str(tmp_path / "idx"))
    d = json.loads(r2.stdout)
    assert d["abstained"] and "1,587,950" in d["text"] and "10,326,250" in d["text"]
    r3 = run("ask", "What was the share-based compensation expense for RSUs in 2023?", "--json", "--index", str(tmp_path / "idx"))
    assert json.loads(r3.stdout)["value"] == "4743000"
