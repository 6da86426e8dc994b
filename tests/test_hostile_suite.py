"""The hostile-input suite (issue 24): every case goes through the command line AND the web upload.

For each case, on each path: the message says what is wrong (the same words on both paths, naming the file);
a refused file leaves the index exactly as it was (manifest byte for byte, fact count, and a known answer still
verified); and the cost stays within the stated bounds (docs/security.md), measured with the resource module
on the child process that did the work — ``ru_maxrss`` (peak resident memory) and user + system CPU seconds,
read by tests/measure_child.py so the peak is the child's own — never with wall-clock timing. The large files (up to 199 MB) are made at run time in a temp folder.

The command line runs one ``filingqa ingest`` child per case; the web cases go through one ``filingqa serve``
child over HTTP (tests/webupload.py: the page's own upload route and event), whose peak memory over all the
cases is read when it stops.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Callable

import pytest

from tests import hostile
from tests.conftest import REPO, SAMPLES, SEED_RSU, SEED_SUBSEQUENT
from tests.server import free_port

pytestmark = pytest.mark.slow

# a question the samples answer verified ('vested in 2023' sits in a column the page leaves open: never ✓)
QUESTION = "What was the share-based compensation expense for RSUs in 2022?"
ANSWER = Decimal("28322000")
CLI_MAX_MB = 1536  # docs/security.md: one `filingqa ingest` of any file under the limits
WEB_MAX_MB = 1536  # the server, over all the cases: the same bound (its own ~0.6 GB included)


@dataclass(frozen=True)
class Case:
    id: str
    make: Callable[[Path], list[Path]]  # the files fed to both paths
    says: str  # what the message must say (a regex, case-insensitive), on both paths unless web_says is given
    cpu_s: float = 45  # CPU seconds of the CLI child (start-up and imports included)
    changes: bool = False  # a case whose file is (partly) indexed
    web_says: str | None = None


def _one(name: str, data: bytes) -> Callable[[Path], list[Path]]:
    def make(folder: Path) -> list[Path]:
        (folder / name).write_bytes(data)
        return [folder / name]
    return make


def _made(name: str, maker, *args, **kw) -> Callable[[Path], list[Path]]:
    return lambda folder: [maker(folder / name, *args, **kw)]


def _secret(folder: Path) -> list[Path]:
    secret = folder / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    (folder / "xxe.xml").write_bytes(hostile.external_entity(secret))
    return [folder / "xxe.xml"]


def _near_copy(folder: Path) -> list[Path]:
    """The RSU sample with one space changed (in its row label): a copy that parses to the same filing."""
    text = SEED_RSU.read_text(encoding="utf-8")
    (folder / "rsu-resaved.txt").write_text(text.replace("Restricted stock units, vested",
                                                         "Restricted stock units,  vested", 1), encoding="utf-8")
    return [folder / "rsu-resaved.txt"]


def _byte_copy(folder: Path) -> list[Path]:
    shutil.copyfile(SEED_SUBSEQUENT, folder / "copy-of-subsequent-events.txt")
    return [folder / "copy-of-subsequent-events.txt"]


def _hidden_in_zip(folder: Path) -> list[Path]:
    import zipfile

    with zipfile.ZipFile(folder / "with-hidden.zip", "w") as zf:
        zf.writestr(".notes.txt", b"private notes\n")
        zf.writestr("__MACOSX/._notes.txt", b"\x00\x05\x16\x07")
        zf.writestr("copy-of-subsequent-events.txt", SEED_SUBSEQUENT.read_bytes())
    return [folder / "with-hidden.zip"]


def _odd_name(folder: Path) -> list[Path]:
    (folder / "...txt").write_bytes(b"Meeting notes about lunch.\n")
    return [folder / "...txt", hostile.markup_heavy_html(folder / "smallco-10k.htm", 0.2, company="Small Co", salt=7)]


CASES = [
    Case("empty", _one("empty.htm", b""), r"empty\.htm.*the file is empty \(0 bytes\)"),
    Case("binary", _one("binary.htm", b"\x00\x01\x02\x03" * 4096), r"binary\.htm.*binary \(it contains NUL bytes\)"),
    Case("xml-bomb", _one("lol.xml", hostile.BILLION_LAUGHS), r"lol\.xml.*declares XML entities"),
    Case("external-entity", _secret, r"xxe\.xml.*declares XML entities"),
    Case("truncated", _one("cut.xml", hostile.TRUNCATED_INSTANCE), r"cut\.xml.*not well-formed XML"),
    Case("zip-slip", _made("slip.zip", hostile.zip_slip), r"escaped-by-zip-slip\.txt.*matches none of the formats"),
    Case("spaces-190MB", _made("blank.htm", hostile.spaces, 190), r"blank\.htm.*only whitespace \(199,229,440 bytes"),
    Case("zip-bomb-2x190MB", _made("bomb.zip", hostile.zip_bomb), r"bomb\.zip.*refused as a zip bomb"),
    Case("ixbrl-150MB", _made("huge-ixbrl.htm", hostile.big_ixbrl, 150),
         r"huge-ixbrl\.htm.*150 MB ixbrl document.*at most 80 MB"),
    Case("prose-html-199MB", _made("prolix.htm", hostile.prose_html, 199),
         r"prolix\.htm.*more than 20,000 passages", cpu_s=90),
    Case("byte-identical-copy", _byte_copy, r"copy-of-subsequent-events\.txt.*same bytes as 001_9bbd0f8f811a8165\.txt",
         web_says=r"copy-of-subsequent-events\.txt has the same content as a filing"),
    Case("near-copy", _near_copy, r"rsu-resaved\.txt.*near-copy of 000_7fa0d5a809f76b6d\.txt"),
    Case("zip-with-hidden-members", _hidden_in_zip, r"\.notes\.txt", web_says=r"left out.*\.notes\.txt"),
    Case("odd-name-and-a-good-file", _odd_name, r"\.\.\.txt.*matches none of the formats", changes=True),
    Case("one-line-html-60MB", _made("minified.htm", hostile.markup_heavy_html, 60, company="Minified Corp", salt=3,
                                     one_line=True), r"indexed 1 new", cpu_s=120, changes=True,
         web_says=r"Indexed minified\.htm"),
    Case("markup-html-199MB", _made("big-10k.htm", hostile.markup_heavy_html, 199), r"indexed 1 new", cpu_s=240,
         changes=True, web_says=r"Indexed big-10k\.htm"),
]


@pytest.fixture(scope="module")
def case_files(tmp_path_factory) -> dict[str, list[Path]]:
    root = tmp_path_factory.mktemp("hostile-files")
    made = {}
    for case in CASES:
        folder = root / case.id
        folder.mkdir()
        made[case.id] = case.make(folder)
    yield made
    shutil.rmtree(root, ignore_errors=True)  # ~1 GB


@pytest.fixture(scope="module")
def base_index(tmp_path_factory, embedder) -> Path:
    from index.ingest import ingest

    path = tmp_path_factory.mktemp("hostile-base") / "idx"
    assert ingest([SAMPLES], path, embedder).ok
    return path


@dataclass
class State:
    manifest: bytes
    facts: int
    value: Decimal | None
    verified: bool


def state(index: Path) -> State:
    from index.store import IndexReader
    from qa import ask

    reader = IndexReader(index)
    facts = reader.fact_count()
    reader.close()
    ans = ask(QUESTION, index=index)
    return State((index / "manifest.json").read_bytes(), facts, ans.value, ans.verified)


def assert_kept(before: State, after: State, case: Case, added_facts: int | None = None) -> None:
    assert after.value == ANSWER, f"{case.id}: the known answer changed ({after.value}, {after.verified})"
    # a file that was indexed may add another company: a question naming none is then not vouched for, honestly
    assert after.verified or case.changes, f"{case.id}: the known answer is no longer verified"
    if not case.changes:
        assert after.manifest == before.manifest, f"{case.id}: the index changed"
        assert after.facts == before.facts
    elif added_facts is not None:
        assert after.facts == before.facts + added_facts


@dataclass
class Run:
    rc: int
    out: str
    err: str
    max_mb: float
    cpu_s: float


MEASURER = REPO / "tests" / "measure_child.py"


def run_measured(cmd: list[str], timeout: float, env: dict | None = None) -> Run:
    """Run ``cmd`` as a child (through tests/measure_child.py, so its peak memory is its own); its exit code,
    output and what the resource module says it cost."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(suffix=".json") as cost:
        p = subprocess.Popen([sys.executable, str(MEASURER), cost.name, *cmd], cwd=REPO, stdout=out, stderr=err, env=env)
        try:
            p.wait(timeout=timeout)  # a hang is a failure, not a stuck suite
        except subprocess.TimeoutExpired:
            p.terminate()
            p.wait(timeout=60)
            raise
        used = json.loads(Path(cost.name).read_text())
        out.seek(0)
        err.seek(0)
        return Run(p.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                   used["max_mb"], used["cpu_s"])


MEASURED: list[tuple[str, str, str, str]] = []  # (case, path, result, bound measured) for the summary table


@pytest.fixture(scope="module")
def cli_index(base_index, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile-cli") / "idx"
    shutil.copytree(base_index, path)
    return path


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cli(case: Case, case_files, cli_index):
    before = state(cli_index)
    run = run_measured([sys.executable, "-m", "qa", "ingest", *map(str, case_files[case.id]), "--index", str(cli_index)],
                       timeout=900)
    said = run.out + run.err
    assert "Traceback" not in said, said[-3000:]
    assert re.search(case.says, said, re.I | re.S), f"{case.id}: {said[-3000:]}"
    added = re.search(r"indexed \d+ new and \d+ changed file\(s\), \d+ unchanged: (\d+) facts", run.out)
    assert_kept(before, state(cli_index), case, int(added.group(1)) if added else 0)
    assert "TOP-SECRET" not in said
    assert not Path("/escaped-by-zip-slip.txt").exists() and not (Path(tempfile.gettempdir()) / "escaped-by-zip-slip.txt").exists()
    MEASURED.append((case.id, "cli", said.strip().splitlines()[-1][:90], f"{run.max_mb:.0f} MB, {run.cpu_s:.1f} CPU-s"))
    assert run.max_mb <= CLI_MAX_MB, f"{case.id}: {run.max_mb:.0f} MB resident"
    assert run.cpu_s <= case.cpu_s, f"{case.id}: {run.cpu_s:.1f} CPU seconds"


class Served:
    """`filingqa serve` in a child on 127.0.0.1; stop() ends it and reads its cost from the resource module."""

    def __init__(self, index: Path, log: Path):
        from tests.webupload import WebApp

        self.port = free_port()
        self.log = open(log, "wb")
        self.cost = log.with_suffix(".cost.json")
        self.proc = subprocess.Popen([sys.executable, str(MEASURER), str(self.cost), sys.executable, "-m", "qa", "serve",
                                      "--index", str(index), "--port", str(self.port)],
                                     cwd=REPO, stdout=self.log, stderr=subprocess.STDOUT)
        self.server = None  # the server process itself (the measurer's child), for CPU readings between cases
        deadline = time.monotonic() + 240
        while True:
            try:
                self.app = WebApp(f"http://127.0.0.1:{self.port}")
                break
            except Exception:  # noqa: BLE001 - not up yet
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the server did not start: " + log.read_text()[-3000:]) from None
                time.sleep(1)
        self.usage = None

    def pid(self) -> int:
        import psutil

        return psutil.Process(self.proc.pid).children()[0].pid

    def stop(self) -> dict:
        """Stop the server; what it cost, from the resource module (peak MB, CPU seconds)."""
        if self.usage is None:
            self.app.close()
            self.proc.terminate()  # the measurer passes it on, waits for the server, writes the cost
            try:
                self.proc.wait(timeout=90)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                raise
            self.log.close()
            self.usage = json.loads(self.cost.read_text())
        return self.usage


@pytest.fixture(scope="module")
def web(base_index, tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile-web") / "idx"
    shutil.copytree(base_index, path)
    served = Served(path, path.parent / "server.log")
    served.index = path
    yield served
    served.stop()


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_web(case: Case, case_files, web):
    import psutil

    before = state(web.index)
    server = psutil.Process(web.pid())
    cpu = server.cpu_times()
    html = web.app.add(case_files[case.id])
    spent = server.cpu_times()
    said = _text(html)
    assert "Traceback" not in said and said, html[:3000]
    assert re.search(case.web_says or case.says.split(".*", 1)[-1], said, re.I), f"{case.id}: {said[:3000]}"
    if case.web_says is None:  # the message names the file, as on the command line
        assert case_files[case.id][0].name in said or case.id == "zip-slip", said
    added = re.search(r"— ([\d,]+) facts", said)
    assert_kept(before, state(web.index), case, int(added.group(1).replace(",", "")) if added else 0)
    assert "TOP-SECRET" not in said
    if not case.changes:
        assert "Nothing was added; the index is unchanged" in said or "Not added" in said, said
    MEASURED.append((case.id, "web", said[:90], f"{spent.user + spent.system - cpu.user - cpu.system:.1f} CPU-s in the server"))


def test_web_add_and_remove_are_not_in_the_public_api(web):
    info = web.app.http.get(web.app.url + "/gradio_api/info").json()
    assert "/ask" in info["named_endpoints"]
    assert not set(info["named_endpoints"]) & {"/add", "/remove"}, sorted(info["named_endpoints"])


def test_web_server_stayed_within_its_bounds(web):
    usage = web.stop()
    peak, cpu = usage["max_mb"], usage["cpu_s"]
    MEASURED.append(("all web cases", "web", "server stopped", f"{peak:.0f} MB peak, {cpu:.0f} CPU-s in all"))
    assert peak <= WEB_MAX_MB, f"the server peaked at {peak:.0f} MB"
    assert cpu <= sum(c.cpu_s for c in CASES) + 240, f"the server spent {cpu:.0f} CPU seconds"


@pytest.fixture(scope="module", autouse=True)
def _table():
    """The table the issue asks for (case, path, result, bound measured), printed and saved after the suite."""
    yield
    if MEASURED:
        rows = ["| case | path | result | bound measured |", "|---|---|---|---|"]
        rows += ["| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in MEASURED]
        out = REPO / "test-artifacts" / "hostile-suite.md"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("\n".join(rows) + "\n")
        print("\n" + "\n".join(rows))
