"""Containers and hostile XML: a zip of a filing works like its folder; bombs, external entities
and zip slip are refused with our own error, before anything is expanded or fetched."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from index.errors import FilingQAError, ParseError
from index.parsers import Document, detect_format, parse_document

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
AAPL = CORPUS / "AAPL_10-Q_2025-03-29"


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.skipif(not AAPL.is_dir(), reason="../shared/corpus is not beside the repo")
def test_a_zip_of_a_filing_parses_like_its_folder_and_member_paths_are_flattened():
    members = {f"deep/../../{p.name}": p.read_bytes() for p in AAPL.iterdir() if p.suffix in (".htm", ".xml", ".xsd")}
    doc = Document("aapl.zip", _zip(members))
    assert detect_format(doc).name == "bundle"
    filings = parse_document(doc)
    assert filings[0].format == "ixbrl" and filings[0].entity == "Apple Inc." and len(filings[0].facts) == 675
    assert all("/" not in pf.source and ".." not in pf.source for pf in filings)


def test_zip_bomb_is_refused_before_expanding():
    bomb = _zip({"a.xml": b"\0" * (64 << 20)})  # 64 MB of zeros packs to ~64 KB
    assert len(bomb) < 1 << 20
    with pytest.raises(ParseError, match="zip bomb"):
        parse_document(Document("bomb.zip", bomb))


def test_corrupt_zip_is_a_clear_error():
    data = _zip({"a.htm": b"<html><body><p>Hello there.</p></body></html>" * 50})
    with pytest.raises(FilingQAError):
        parse_document(Document("broken.zip", data[: len(data) // 2]))


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<xbrl xmlns="http://www.xbrl.org/2003/instance"><a contextRef="c">&lol4;</a></xbrl>"""


def test_billion_laughs_is_refused(tmp_path):
    with pytest.raises(ParseError, match="entities"):
        parse_document(Document("lol.xml", BILLION_LAUGHS))


def test_external_entity_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">]>'
           '<xbrl xmlns="http://www.xbrl.org/2003/instance"><a contextRef="c">&s;</a></xbrl>').encode()
    with pytest.raises(ParseError) as exc:
        parse_document(Document("xxe.xml", xxe))
    assert "TOP-SECRET" not in str(exc.value)


def test_truncated_instance_says_where():
    data = (CORPUS / "NFLX_10-K_2009-12-31" / "nflx-20091231.xml").read_bytes() if CORPUS.is_dir() else None
    if data is None:
        pytest.skip("no corpus")
    with pytest.raises(ParseError, match="not well-formed XML"):
        parse_document(Document("cut.xml", data[: len(data) // 3]))
