"""Hostile and broken files: each gives our own error saying what is wrong (or a clean parse),
never a crash, a hang, a fetch or unbounded memory; the rest of a batch still goes in."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap

import pytest

from index.errors import FilingQAError, ParseError
from index.parsers import Document, parse_document
from tests.conftest import REPO, SEED_NOTE, SEED_RSU, corpus_path


def facts_of(data: bytes, name: str = "x.txt") -> list:
    return [(f.label, f.value, f.unit) for pf in parse_document(Document(name, data)) for f in pf.facts]


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("cp1252"),
    lambda t: t.encode("utf-16"),  # with BOM
    lambda t: t.encode("utf-8").replace(b"Restricted stock units, vested", b"Restricted stock units, vested \xe9", 1),
], ids=["cp1252", "utf-16-bom", "utf-8-with-a-stray-latin-1-byte"])
def test_other_encodings_give_the_same_facts(encode):
    text = SEED_RSU.read_text(encoding="utf-8")
    expected = facts_of(text.encode("utf-8"))
    got = facts_of(encode(text))
    assert [v for _, v, _ in got] == [v for _, v, _ in expected]
    assert [u for _, _, u in got] == [u for _, _, u in expected]  # '¥' still reads as CNY


def test_nul_bytes_are_refused_as_binary():
    with pytest.raises(ParseError, match="binary"):
        parse_document(Document("x.htm", b"<html>\x00\x00\x01" + b"A" * 100))


QUADRATIC = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "' + "A" * 50_000 + '">]><xbrl>' + "&a;" * 50_000 + "</xbrl>").encode()


def test_quadratic_blowup_is_refused_without_expanding():
    with pytest.raises(ParseError, match="entities"):
        parse_document(Document("q.xml", QUADRATIC))


def test_external_dtd_is_never_fetched(monkeypatch):
    tried = []

    def no_connect(self, address):
        tried.append(address)
        raise OSError("blocked")

    monkeypatch.setattr(socket.socket, "connect", no_connect)
    doc = (b'<?xml version="1.0"?><!DOCTYPE xbrl SYSTEM "http://203.0.113.9/evil.dtd">'
           b'<xbrl xmlns="http://www.xbrl.org/2003/instance"></xbrl>')
    with pytest.raises(FilingQAError):
        parse_document(Document("dtd.xml", doc))
    assert tried == []


def _run_bounded(code: str, timeout: float = 120) -> dict:
    """Run code in a child (so a hang is a failure, not a stuck suite); it prints one JSON line."""
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=REPO, capture_output=True, text=True, timeout=timeout)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_deeply_nested_html_ends_quickly_with_a_result_or_our_error():
    r = _run_bounded('''
        import json
        from index.errors import FilingQAError
        from index.parsers import Document, parse_document
        html = b"<html><body>" + b"<div>" * 100000 + b"<p>Revenue was 5.</p>" + b"</div>" * 100000 + b"</body></html>"
        try:
            parse_document(Document("deep.htm", html)); print(json.dumps({"ok": True}))
        except FilingQAError as e:
            print(json.dumps({"ok": False, "msg": str(e)}))
    ''')
    assert r["ok"] or "deep.htm" in r["msg"]


def test_a_500_mb_file_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "huge.htm"
    with open(big, "wb") as fh:  # sparse: no disk or memory used to make it
        fh.truncate(500 << 20)
    r = _run_bounded(f'''
        import json, resource
        from index.ingest import iter_units
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        errors = []
        units = list(iter_units([{str(big)!r}], errors))
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({{"units": len(units), "errors": errors, "grew_mb": (after - before) / 1024}}))
    ''')
    assert r["units"] == 0 and "500 MB is over the 200 MB limit" in r["errors"][0][1]
    assert r["grew_mb"] < 50


def test_truncated_inline_xbrl_is_read_or_refused_clearly():
    path = corpus_path("AAPL_10-Q_2025-03-29", "aapl-20250329.htm")
    if not path.exists():
        pytest.skip("no corpus")
    data = path.read_bytes()
    with pytest.raises(ParseError, match="not well-formed"):
        parse_document(Document("aapl.htm", data[: len(data) // 2]))


def test_a_batch_with_hostile_files_still_ingests_the_good_one(tmp_path, embedder):
    from index.ingest import ingest
    from index.store import IndexReader

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_bytes(SEED_NOTE.read_bytes())
    (tmp_path / "in" / "lol.xml").write_bytes(QUADRATIC)
    (tmp_path / "in" / "bin.htm").write_bytes(b"\x00" * 100)
    (tmp_path / "in" / "empty.xml").write_bytes(b"")
    report = ingest([tmp_path / "in"], tmp_path / "idx", embedder)
    assert {name for name, _ in report.errors} == {"lol.xml", "bin.htm", "empty.xml"}
    assert all(msg and "Traceback" not in msg for _, msg in report.errors)
    r = IndexReader(tmp_path / "idx")
    assert [f.source for f in r.filings()] == ["good.txt"]
    r.close()
