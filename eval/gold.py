"""Gold question files: one JSON object a line (format in DESIGN.md).

``{"id", "question", "kind": "lookup|arith|narrative|abstain", "value": number|null (base units),
"unit", "accept_text": [phrases], "source": file or folder}``, optionally ``"accept_mode": "all"|"any"``
(``../shared/dev-questions/README.md``: a narrative answer must contain every phrase, or any one of
them with ``"any"``). A malformed line is reported with its file and line number; the other lines
are still usable.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from index.errors import GoldFileError

__all__ = ["GoldQuestion", "load_gold", "KINDS"]

KINDS = ("lookup", "arith", "narrative", "abstain")
ACCEPT_MODES = ("all", "any")


@dataclass(frozen=True)
class GoldQuestion:
    id: str
    question: str
    kind: str
    value: Decimal | None
    unit: str | None
    accept_text: tuple[str, ...]
    source: str
    split: str = ""
    file: str = ""
    line: int = 0
    accept_mode: str = "all"  # a narrative answer holds every accept_text phrase ('all') or one of them ('any')


def _parse_line(obj: dict, where: str) -> GoldQuestion:
    if not isinstance(obj, dict):
        raise GoldFileError(f"{where}: a line must be a JSON object.")
    missing = [k for k in ("id", "question", "kind") if k not in obj]
    if missing:
        raise GoldFileError(f"{where}: missing field(s) {', '.join(missing)}.")
    kind = obj["kind"]
    if kind not in KINDS:
        raise GoldFileError(f"{where}: unknown kind {kind!r} (expected one of {', '.join(KINDS)}).")
    value = obj.get("value")
    if kind in ("lookup", "arith"):
        if value is None:
            raise GoldFileError(f"{where}: a {kind} question needs a numeric \"value\" in base units.")
        try:
            value = Decimal(str(value))
        except InvalidOperation:
            raise GoldFileError(f"{where}: \"value\" {value!r} is not a number.") from None
    else:
        value = None
    accept = obj.get("accept_text") or []
    if kind == "narrative" and not accept:
        raise GoldFileError(f"{where}: a narrative question needs at least one \"accept_text\" phrase.")
    mode = obj.get("accept_mode") or "all"
    if mode not in ACCEPT_MODES:
        raise GoldFileError(f"{where}: \"accept_mode\" must be \"all\" or \"any\", not {mode!r}.")
    if str(obj.get("split", "")) not in ("", "dev", "test"):
        raise GoldFileError(f"{where}: \"split\" must be \"dev\" or \"test\", not {obj.get('split')!r}.")
    if not isinstance(obj["question"], str) or not obj["question"].strip():
        raise GoldFileError(f"{where}: \"question\" must be non-empty text.")
    return GoldQuestion(
        id=str(obj["id"]), question=obj["question"], kind=kind, value=value, unit=obj.get("unit"),
        accept_text=tuple(accept), source=str(obj.get("source", "")), split=str(obj.get("split", "")),
        accept_mode=mode,
    )


def load_gold(path: str | Path) -> tuple[list[GoldQuestion], list[GoldFileError]]:
    """(questions, errors): every good line, and one error per bad line naming file and line."""
    path = Path(path)
    if not path.exists():
        raise GoldFileError(f"gold file {path} does not exist.", "Pass --gold with a .jsonl file of questions.")
    out: list[GoldQuestion] = []
    errors: list[GoldFileError] = []
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        where = f"{path.name}:{n}"
        try:
            obj = json.loads(line)
            g = _parse_line(obj, where)
        except json.JSONDecodeError as exc:
            errors.append(GoldFileError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})."))
            continue
        except GoldFileError as exc:
            errors.append(exc)
            continue
        if g.id in seen:
            errors.append(GoldFileError(f"{where}: duplicate id {g.id!r}."))
            continue
        seen.add(g.id)
        out.append(GoldQuestion(**{**g.__dict__, "file": path.name, "line": n}))
    return out, errors
