"""The generated harness cannot mirror the engine: a static import graph over the source says that
no import (at module level or inside a function) leads from the harness's gold and phrasing modules
into ``qa`` or the engine's parsers (``index/parsers``), and none from ``qa`` into them.

The graph is read from the source with ``ast`` (nothing is imported), so a lazy import inside a
function counts as much as one at the top of a file.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("app", "bench", "eval", "index", "qa", "ui")

# where the generated questions' gold and words come from
GOLD_AND_PHRASING = ("eval.xbrl_facts", "eval.xbrl_docs", "eval.xbrl_model", "eval.generator", "eval.genmodel",
                     "eval.genlookups", "eval.genderived", "eval.genfamilies", "eval.genphrases", "eval.genvocab", "eval.phrasing", "eval.fiscal", "eval.gold")
ENGINE = ("qa", "index.parsers")


def _modules() -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for f in (ROOT / pkg).rglob("*.py"):
            parts = f.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            out[name] = f
    return out


MODULES = _modules()


def _resolve(current: str, is_package: bool, level: int, module: str | None) -> str:
    if level == 0:
        return module or ""
    base = current.split(".") if is_package else current.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def _with_parents(name: str) -> set[str]:
    """Importing a.b.c runs a/__init__ and a/b/__init__ too."""
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts) + 1)}


def imports_of(name: str) -> set[str]:
    """The project modules ``name`` imports anywhere in its source."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_pkg = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                found |= _with_parents(a.name)
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(name, is_pkg, node.level, node.module)
            found |= _with_parents(target)
            for a in node.names:  # 'from pkg import module'
                if f"{target}.{a.name}" in MODULES:
                    found.add(f"{target}.{a.name}")
    return {m for m in found if m in MODULES and m != name}


def reachable(start: str) -> dict[str, str]:
    """Every project module reachable from ``start``, each with the module that imports it."""
    seen = {start: ""}
    todo = [start]
    while todo:
        cur = todo.pop()
        for nxt in imports_of(cur):
            if nxt not in seen:
                seen[nxt] = cur
                todo.append(nxt)
    return seen


def _path(seen: dict[str, str], end: str) -> str:
    chain = [end]
    while seen.get(chain[-1]):
        chain.append(seen[chain[-1]])
    return " <- ".join(chain)


def _is_engine(m: str) -> bool:
    return any(m == e or m.startswith(e + ".") for e in ENGINE)


@pytest.mark.parametrize("module", GOLD_AND_PHRASING)
def test_no_import_path_leads_from_the_harness_gold_or_words_into_the_engine(module):
    assert module in MODULES, f"{module} is gone: update GOLD_AND_PHRASING"
    seen = reachable(module)
    bad = [_path(seen, m) for m in seen if _is_engine(m)]
    assert not bad, "the harness's gold/phrasing reaches the engine:\n" + "\n".join(bad)


def test_no_import_path_leads_from_qa_into_the_harness():
    harness = set(GOLD_AND_PHRASING)
    for module in [m for m in MODULES if m == "qa" or m.startswith("qa.")]:
        seen = reachable(module)
        bad = [_path(seen, m) for m in seen if m in harness or m == "eval" or m.startswith("eval.")]
        assert not bad, f"{module} reaches eval/:\n" + "\n".join(bad)


def test_the_graph_sees_lazy_and_relative_imports():
    """The check can fail: the harness's runner asks qa (inside a function), the llama-index baseline
    uses the engine's number formatter, and the generator reaches its phrasing table relatively."""
    assert "qa" in reachable("eval.generated")
    assert "index.parsers.numbers" in reachable("eval.baseline")
    assert {"eval.genphrases", "eval.genvocab", "eval.xbrl_model"} <= set(reachable("eval.generator"))
    assert {"eval.genfamilies", "eval.genlookups", "eval.genderived"} <= set(reachable("eval.generator"))  # inside generate()
