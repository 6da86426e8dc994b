"""LIST of a table's headings: 'What are the 3 dates listed in the table in chronological order?', 'The table
highlights the maturities of what types of lease liabilities?', 'What are the types of Gizmo segments in the
table?' - what the question asks is not a row's figure but the names a table prints over its columns (or the
headings its rows are filed under), each cited to one cell under it. A list of names has nothing to verify.

Only a question that names the table and asks for dates, years, periods, or 'types/kinds of X' is read so; the
types are the column headings (or the row headings 'X: row' a table files its lines under) sharing a word of X."""

from __future__ import annotations

import re
from datetime import date

from index.facts import Fact

from ..answer import Answer, AnswerStatus
from ..lexicon.periods import parse_date
from ..lexicon.words import canonical_tokens
from ..present import fact_citation
from .context import Context
from .draft import Draft
from .text import answer_draft

__all__ = ["heads_asked", "table_heads", "table_headings"]

_LIST = r"(?:what|which)\s+(?:are\s+|were\s+)?(?:the\s+)?(?:\d+\s+|two\s+|three\s+|four\s+|five\s+)?"
_TIMES = re.compile(rf"^\W*{_LIST}(?P<noun>dates|years|periods)\s+(?:are\s+|were\s+)?(?:listed|shown|highlighted|"
                    rf"presented|included|disclosed|reported)\s+in\s+the\s+table\b", re.I)
_TYPES = re.compile(rf"^\W*{_LIST}(?:types|kinds|categories)\s+of\s+(?P<x>[^?]+?)\s+(?:are\s+)?(?:(?:listed|shown|"
                    rf"highlighted|presented|included|disclosed)\s+)?in\s+the\s+table\s*\??\s*$|"
                    rf"^\W*the\s+table\s+\w+\s+(?:the\s+\w+\s+of\s+)?what\s+(?:types|kinds|categories)\s+of\s+(?P<y>[^?]+?)\s*\??\s*$",
                    re.I)
_CHRONO = re.compile(r"\bchronological(?:ly)?\b|\boldest\b|\bearliest\b", re.I)
_DATE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+(?:19|20)\d{2}\b", re.I)
_YEAR = re.compile(r"^\s*(?:fiscal\s+|FY\s*)?((?:19|20)\d{2})\b", re.I)
_AFTER = re.compile(r"^\s*(?:thereafter|after\s+\d{4}|later years|beyond)\s*$", re.I)
_NOISE = re.compile(r"\s*\([^)]*\)|\s+(?:[$€£%]|number|amount|\w?m|'000|\$'000)\s*$", re.I)
_GENERIC = frozenset(canonical_tokens("types kinds categories liabilities assets items the table of in"))


def heads_asked(question: str) -> tuple[str, str] | None:
    """('times', noun) for dates/years/periods in the table, ('types', X) for the types of X, None otherwise."""
    m = _TIMES.search(question)
    if m:
        return "times", m.group("noun").lower()
    m = _TYPES.search(question)
    if m:
        return "types", (m.group("x") or m.group("y")).strip(" ,")
    return None


def _clean(label: str) -> str:
    out = label
    while True:
        shorter = _NOISE.sub("", out).strip()
        if shorter == out:
            return out
        out = shorter


def _columns(facts: list[Fact]) -> dict[str, Fact]:
    """Each column heading of the one table the facts come from, with its first cell, in the table's order."""
    out: dict[str, Fact] = {}
    for f in sorted(facts, key=lambda f: (f.column_index if f.column_index is not None else 99, f.row_index)):
        if f.column_label and f.value is not None:
            out.setdefault(_clean(f.column_label), f)
    return out


def _time_of(name: str) -> tuple[str, date | None] | None:
    d = _DATE.search(name)
    if d:
        return d.group(0), parse_date(d.group(0))
    y = _YEAR.match(name)
    if y and len(name) <= 12:
        return y.group(1), date(int(y.group(1)), 12, 31)
    if _AFTER.match(name):
        return name.strip(), None
    return None


def table_heads(facts: list[Fact], kind: str, what: str, chrono: bool = False) -> list[tuple[str, Fact]]:
    """The headings asked, each with one cell under it: the column headings that are dates or years (else the row
    labels that are), or the column (else row) headings sharing a word of ``what``; [] when fewer than two."""
    columns = _columns(facts)
    rows: dict[str, Fact] = {}
    heads: dict[str, Fact] = {}
    for f in sorted(facts, key=lambda f: (f.row_index, f.column_index or 0)):
        if f.value is None:
            continue
        rows.setdefault((f.row_label or f.label).strip(), f)
        if ":" in f.label:
            heads.setdefault(f.label.split(":")[0].strip(), f)
    if kind == "times":
        for names in (columns, rows):
            found = [(_time_of(n), n, f) for n, f in names.items()]
            found = [(t, n, f) for t, n, f in found if t is not None]
            if len(found) >= 2 and len(found) * 2 >= len(names):
                if chrono:
                    found.sort(key=lambda x: (x[0][1] is None, x[0][1] or date.max))
                return [(t[0], f) for t, _, f in found]
        return []
    want = frozenset(canonical_tokens(what)) - _GENERIC
    if not want:
        return []
    for names in (columns, heads):
        found = [(n, f) for n, f in names.items() if want & set(canonical_tokens(n))]
        if len(found) >= 2:
            return found
    return []


def table_headings(ctx: Context) -> Draft | None:
    """The answer listing the headings asked, or None when the question asks for none or the table prints none."""
    plan = ctx.plan
    asked = heads_asked(plan.core or plan.text)
    if asked is None or not plan.scope:
        return None
    facts = ctx.reader.query_facts(limit=5000)
    tables: dict[tuple[str, str], list[Fact]] = {}
    for f in facts:
        tables.setdefault((f.source, f.title), []).append(f)
    chrono = bool(_CHRONO.search(plan.text))
    found = [found for t in tables.values() if (found := table_heads(t, *asked, chrono=chrono))]
    if len(found) != 1:  # none, or two tables that both could answer: not this reading
        return None
    listed = found[0]
    cites = tuple(fact_citation(f) for _, f in listed)
    names = "; ".join(f"{n} [{i + 1}]" for i, (n, _) in enumerate(listed))
    first = listed[0][1]
    text = f"The headings the table “{first.title}” ({first.source}) prints: {names}."
    answer = Answer(question=plan.text, status=AnswerStatus.ANSWERED, text=text, citations=cites, kind="narrative",
                    extra={"listed": tuple(n for n, _ in listed)})
    return answer_draft(ctx, "members", answer)
