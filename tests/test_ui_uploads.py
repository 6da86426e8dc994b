"""Uploads through the UI layer: safe names, zip handling, limits, real ingest, the workspace index.

Everything runs for real: files on disk, zips made with zipfile, ingest with the real model."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from index.errors import ParseError
from tests.conftest import SEED_NOTE, SEED_RSU, SEED_SUBSEQUENT
from ui import uploads
from ui.uploads import add_filings, remove_filing, safe_name, stage_upload
from ui.workspace import ServedIndex, resolve_served_index


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("R2.htm", "R2.htm"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\evil.xml", "evil.xml"),
        ("/abs/path/filing.txt", "filing.txt"),
        (".hidden.txt", "hidden.txt"),
        ("spaces and ümlauts?.htm", "spaces and _mlauts_.htm"),
    ],
)
def test_safe_name_keeps_only_a_plain_file_name(raw, expected):
    assert safe_name(raw) == expected


@pytest.mark.parametrize("raw", ["", "..", "../", "....", "///"])
def test_safe_name_refuses_names_with_nothing_left(raw):
    with pytest.raises(ParseError, match="nothing usable"):
        safe_name(raw)


def _zip(tmp_path: Path, name: str, members: dict[str, bytes]) -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, data in members.items():
            zf.writestr(member, data)
    return path


def test_zip_members_are_staged_inside_the_upload_folder_only(tmp_path):
    z = _zip(tmp_path, "filing.zip", {
        "../../outside.txt": SEED_RSU.read_bytes(),
        "/abs/also_outside.htm": b"<html>x</html>",
        "sub/../../R9.htm": b"<html>y</html>",
        "notes/readme.pdf": b"%PDF-1.4",
    })
    staged = stage_upload([z])
    try:
        root = staged.folder.resolve()
        assert staged.files and all(p.resolve().is_relative_to(root) for p in staged.files)
        assert sorted(p.name for p in staged.files) == ["R9.htm", "also_outside.htm", "outside.txt"]
        assert not (tmp_path / "outside.txt").exists() and not (root.parent / "outside.txt").exists()
        assert any("readme.pdf" in name for name in staged.skipped) and not staged.problems  # skipped, not an error
    finally:
        staged.cleanup()
    assert not staged.folder.exists()


def test_corrupt_zip_is_a_readable_error(tmp_path):
    bad = tmp_path / "broken.zip"
    bad.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)
    staged = stage_upload([bad])
    try:
        assert not staged.files
        (name, msg), = staged.problems
        assert name == "broken.zip" and "damaged or incomplete" in msg
    finally:
        staged.cleanup()


def test_truncated_zip_member_is_a_readable_error(tmp_path):
    z = _zip(tmp_path, "cut.zip", {"R1.htm": b"<html>" + b"x" * 20000 + b"</html>"})
    data = z.read_bytes()
    z.write_bytes(data[: len(data) // 2] + data[-22:])  # keep the end record, lose half the member
    staged = stage_upload([z])
    try:
        assert not staged.files and staged.problems
        assert "zip" in staged.problems[0][1]
    finally:
        staged.cleanup()


def test_wrong_type_and_oversize_files_are_refused(tmp_path, monkeypatch):
    pdf = tmp_path / "annual-report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 4096)
    monkeypatch.setattr(uploads, "MAX_FILE_BYTES", 1024)
    staged = stage_upload([pdf, big])
    try:
        assert not staged.files
        msgs = dict(staged.problems)
        assert "not filings filingqa reads" in msgs["annual-report.pdf"]
        assert "over the 0 MB limit" in msgs["big.txt"] or "limit" in msgs["big.txt"]
    finally:
        staged.cleanup()


def test_zip_that_expands_past_the_upload_limit_is_refused(tmp_path, monkeypatch):
    z = _zip(tmp_path, "bomb.zip", {"a.txt": b"0" * 300_000, "b.txt": b"0" * 300_000})
    assert z.stat().st_size < 5_000  # compresses to almost nothing
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 400_000)
    staged = stage_upload([z])
    try:
        assert any("expands to more than" in msg for _, msg in staged.problems)
        assert staged.total_bytes <= 400_000
    finally:
        staged.cleanup()


@pytest.fixture()
def two_file_index(tmp_path, embedder):
    from index.ingest import ingest

    path = tmp_path / "idx"
    report = ingest([SEED_RSU, SEED_NOTE], path, embedder)
    assert report.ok
    return ServedIndex(path, is_workspace=False)


def test_bad_uploads_leave_the_index_byte_for_byte_unchanged(two_file_index, tmp_path):
    manifest = two_file_index.path / "manifest.json"
    before = manifest.read_bytes()
    prose = tmp_path / "notes.txt"
    prose.write_text("Meeting notes. We discussed the budget and lunch options.\n")
    bad_zip = tmp_path / "broken.zip"
    bad_zip.write_bytes(b"PK\x03\x04 not really")
    out = add_filings(two_file_index, [prose, bad_zip])
    assert not out.changed and {n for n, _ in out.errors} == {"notes.txt", "broken.zip"}
    assert "matches none of the formats" in dict(out.errors)["notes.txt"]
    assert manifest.read_bytes() == before


def test_upload_is_indexed_reported_and_askable(two_file_index):
    from qa import ask

    q = "What is the maximum conversion price per share of the Ascent Convertible Debentures?"
    seen = []
    out = add_filings(two_file_index, [SEED_SUBSEQUENT], progress=lambda f, msg: seen.append((f, msg)))
    assert out.added == (SEED_SUBSEQUENT.name,) and out.facts > 0 and not out.errors
    assert seen[-1][0] == 1.0 and all(0 <= f <= 1 for f, _ in seen)
    assert [f for f, _ in seen] == sorted(f for f, _ in seen)  # the bar only moves forward
    a = ask(q, index=two_file_index.path)
    assert not a.abstained and str(a.value) == "0.33" and a.citations[0].source == SEED_SUBSEQUENT.name
    again = add_filings(two_file_index, [SEED_SUBSEQUENT])
    assert not again.changed and again.unchanged == (SEED_SUBSEQUENT.name,)
    assert remove_filing(two_file_index, SEED_SUBSEQUENT.name) == [SEED_SUBSEQUENT.name]
    assert all(c.source != SEED_SUBSEQUENT.name for c in ask(q, index=two_file_index.path).citations)


def test_workspace_starts_with_the_samples_and_never_touches_the_sample_index(tmp_path, monkeypatch):
    from index.store import IndexReader
    from qa.defaults import ensure_default_index

    monkeypatch.setenv("FILINGQA_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("FILINGQA_INDEX", raising=False)
    samples = ensure_default_index()
    sample_manifest = (samples / "manifest.json").read_bytes()
    served = resolve_served_index(None)
    assert served.is_workspace and served.path.is_relative_to((tmp_path / "cache" / "workspace").resolve())
    assert {f.source for f in IndexReader(served.path).filings()} == {f.source for f in IndexReader(samples).filings()}
    assert remove_filing(served, SEED_SUBSEQUENT.name) == [SEED_SUBSEQUENT.name]
    assert SEED_SUBSEQUENT.name not in {f.source for f in IndexReader(served.path).filings()}
    assert (samples / "manifest.json").read_bytes() == sample_manifest  # the sample index is untouched
    assert resolve_served_index(None).path == served.path  # the next start serves the same workspace


def test_workspace_keeps_uploaded_originals_and_forgets_removed_ones(two_file_index, tmp_path):
    served = ServedIndex(two_file_index.path, is_workspace=True, files_dir=tmp_path / "files")
    out = add_filings(served, [SEED_SUBSEQUENT])
    assert out.added == (SEED_SUBSEQUENT.name,)
    kept = [p for p in served.files_dir.rglob("*") if p.is_file()]
    assert [p.name for p in kept] == [SEED_SUBSEQUENT.name] and kept[0].read_bytes() == SEED_SUBSEQUENT.read_bytes()
    remove_filing(served, SEED_SUBSEQUENT.name)
    assert not [p for p in served.files_dir.rglob("*") if p.is_file()]


def test_same_content_under_another_name_is_reported_not_claimed(two_file_index, tmp_path):
    copy = tmp_path / "copy_of_rsu_page.txt"
    shutil.copyfile(SEED_RSU, copy)
    out = add_filings(two_file_index, [copy])
    assert not out.changed and out.duplicates == ("copy_of_rsu_page.txt",)


def test_explicit_index_is_served_as_is(tmp_path):
    served = resolve_served_index(tmp_path / "mine")
    assert not served.is_workspace and served.files_dir is None and served.path == (tmp_path / "mine").resolve()


def test_stage_reads_uploads_in_blocks_not_whole(tmp_path):
    """A 3 MB upload is copied in 1 MB blocks (the limit check runs while copying)."""
    f = tmp_path / "large.txt"
    f.write_bytes(b"a" * (3 << 20))
    blocks = list(uploads._read_blocks(f)())
    assert [len(b) for b in blocks] == [1 << 20] * 3


def test_error_messages_shown_in_the_page_name_no_host_path(two_file_index, tmp_path):
    """What the Sources tab shows for bad files names the file, never where it lives on this machine."""
    files = {"notes.txt": b"Meeting notes about lunch.\n", "broken.zip": b"PK\x03\x04 not really",
             "lol.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><xbrl>&a;</xbrl>',
             "empty.htm": b"", "bin.htm": b"\x00\x01" * 50}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    out = add_filings(two_file_index, [tmp_path / n for n in files])
    assert {n for n, _ in out.errors} == set(files)
    for name, msg in out.errors:
        assert str(tmp_path) not in msg and str(two_file_index.path) not in msg and "/tmp/" not in msg, msg
        assert "Traceback" not in msg
