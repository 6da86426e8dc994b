"""The independent XBRL reader against an index's facts: where they disagree, one of them is wrong.

    python -m eval.crosscheck --index DIR SOURCES...     (the files the index was built from)

Compares every numeric XBRL fact the reader finds (``eval.xbrl_facts``) with the index's facts of
the same company, concept, period and unit:

- ``missing``: the filing states it, the index has no fact of that concept, period and unit;
- ``value``: the index has such facts, none with the filing's value;
- ``extra``: the index holds a value for an XBRL concept that no copy of it in the filing states;
- ``members``: a dimensioned fact both hold, with the same values, under members named differently;
- ``text``: a dei cover fact (registrant, ticker, fiscal period, auditor...) the index holds with
  another text, or not at all.

Each disagreement is a parser bug or a reader bug; ``tests/test_xbrl_reader.py`` keeps the list
from growing. Only filings that carry XBRL are compared; R pages, HTML tables and prose are not.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .xbrl_facts import read_facts

__all__ = ["Disagreement", "compare", "index_facts", "main"]


@dataclass(frozen=True)
class Disagreement:
    kind: str  # missing | value | extra | members | text
    cik: str
    concept: str
    period: str
    members: str  # the members' names, normalized ('' for a fact without dimensions)
    unit: str
    filing: tuple  # the values (texts for 'text') the filing states for this key
    index: tuple  # the values the index holds for it
    source: str

    def line(self) -> str:
        f = ", ".join(str(v) for v in self.filing) or "—"
        i = ", ".join(str(v) for v in self.index) or "—"
        d = f" [{self.members}]" if self.members else ""
        return f"{self.kind:<7} {self.source}: {self.concept}{d} {self.period} [{self.unit}] filing {f}; index {i}"


def _norm(member: str) -> str:
    """A member's name without case, spaces, punctuation or a 'Member' tail: 'USTreasury Securities
    Member' and 'US Treasury Securities' are one member."""
    return re.sub(r"member$", "", re.sub(r"[^a-z0-9]", "", member.lower()))


def _key(cik: str, concept: str, period, unit: str | None, members) -> tuple:
    names = tuple(sorted(_norm(m.member) for m in members))
    return (str(cik or "").lstrip("0"), concept, period.iso() if period else "", unit or "", names)


def index_facts(index) -> list:
    """Every fact of an index (a folder or a store URL)."""
    from index.storage import open_reader

    reader = open_reader(index)
    try:
        return reader.query_facts("TRUE", [], limit=max(reader.fact_count(), 1))
    finally:
        reader.close()


def _values(facts, ciks: set[str] | None) -> tuple[dict[tuple, set[Decimal]], dict[tuple, str]]:
    vals: dict[tuple, set[Decimal]] = defaultdict(set)
    src: dict[tuple, str] = {}
    for f in facts:
        cik = (f.cik or "").lstrip("0")
        if f.value is None or f.period is None or ":" not in (f.concept or "") or not cik or (ciks and cik not in ciks):
            continue
        k = _key(cik, f.concept, f.period, f.unit, f.dimensions)
        vals[k].add(f.value)
        src.setdefault(k, f.source)
    return vals, src


def compare(filing_facts, facts) -> list[Disagreement]:
    """Disagreements between the reader's facts (``read_facts(..., fold=False)``: every copy) and an
    index's facts, over the companies the reader found. Dimensioned facts are matched by their
    members' names; a fact both hold under differently spelled members is one ``members`` line."""
    ours, src = _values(filing_facts, None)
    theirs, their_src = _values(facts, {k[0] for k in ours})
    out = []
    for k in sorted(set(ours) | set(theirs)):
        a, b = ours.get(k, set()), theirs.get(k, set())
        if a and not b:
            kind = "missing"
        elif b and not a:
            kind = "extra"
        elif not (a & b):
            kind = "value"
        elif b - a:
            kind = "extra"
        else:
            continue
        out.append(Disagreement(kind, k[0], k[1], k[2], " | ".join(k[4]), k[3], tuple(sorted(a)), tuple(sorted(b)),
                                src.get(k) or their_src.get(k, "")))
    return _pair_members(out) + _cover_texts(filing_facts, facts)


def _cover_texts(filing_facts, facts) -> list[Disagreement]:
    """dei cover facts given as text (registrant, ticker, fiscal period, auditor, address...): the
    index must hold the same text for the same company, period and members."""
    def texts(fs, ciks=None):
        out: dict[tuple, set[str]] = defaultdict(set)
        for f in fs:
            cik = (f.cik or "").lstrip("0")
            if not (f.concept or "").startswith("dei:") or f.concept.endswith("TextBlock") or f.value is not None \
                    or not cik or (ciks is not None and cik not in ciks):
                continue
            text = " ".join((f.text_value or f.raw or "").split())
            out[_key(cik, f.concept, f.period, None, f.dimensions)].add(text)
        return out

    ours = texts(filing_facts)
    theirs = texts(facts, {k[0] for k in ours})
    return [Disagreement("text", k[0], k[1], k[2], " | ".join(k[4]), "", tuple(sorted(ours[k])),
                         tuple(sorted(theirs.get(k, ()))), "")
            for k in sorted(ours) if not ours[k] & theirs.get(k, set())]


def _pair_members(ds: list[Disagreement]) -> list[Disagreement]:
    """A missing and an extra fact with the same concept, period, unit and values whose members are
    named differently are one disagreement about the members' names."""
    extras = {(d.cik, d.concept, d.period, d.unit, d.index): d for d in ds if d.kind == "extra" and d.members}
    out, used = [], set()
    for d in ds:
        if d.kind == "missing" and d.members:
            e = extras.get((d.cik, d.concept, d.period, d.unit, d.filing))
            if e is not None and id(e) not in used:
                used.add(id(e))
                out.append(Disagreement("members", d.cik, d.concept, d.period, f"{d.members} ≠ {e.members}", d.unit,
                                        d.filing, e.index, d.source))
                continue
        out.append(d)
    return [d for d in out if id(d) not in used]


def summary(disagreements: list[Disagreement]) -> str:
    c = Counter((d.kind, d.source) for d in disagreements)
    return "\n".join(f"  {n:>5} {kind:<7} {source}" for (kind, source), n in sorted(c.items()))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.crosscheck", description=__doc__.split("\n\n")[0])
    p.add_argument("sources", nargs="+", help="the filing files/folders the index was built from")
    p.add_argument("--index", required=True, help="index folder (or store URL)")
    p.add_argument("--show", type=int, default=20, help="print up to N disagreements of each kind")
    a = p.parse_args(argv)
    mine = read_facts([Path(s) for s in a.sources], fold=False)
    ds = compare(mine, index_facts(a.index))
    numeric = sum(1 for f in mine if f.value is not None)
    print(f"independent reader: {numeric} numeric facts in {len({f.filing_id for f in mine})} filings; "
          f"{len(ds)} disagreements with the index")
    print(summary(ds))
    shown: Counter = Counter()
    for d in ds:
        if shown[d.kind] < a.show:
            shown[d.kind] += 1
            print(d.line())
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
