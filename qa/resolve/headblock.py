"""The rows a table prints under a heading line that its rows do not carry: 'What are the components of Continuing
Operations?' over a table that prints 'Continuing Operations' alone on a line, then its rows ('Operating revenue',
'Gross profit', 'EBITDA' …), then the next heading ('Reported Results'). A row's label names its heading only when the
label repeats under another heading, so the facts alone cannot tell where a heading's rows end; the table's passages
can: the parser starts a new passage at each heading line. The rows are those of the passage right after a heading
passage that ends with the line's words, up to a total line, each matched to a row of the table's facts (in order).
A list read from the layout has no number to check: never verified (qa.resolve.components says so)."""

from __future__ import annotations

import re

from index.facts import Fact

from ..lexicon.words import canonical_tokens

__all__ = ["heading_block"]

_HEADING_WORDS = 12  # a heading line is short; a sentence introducing the table is not one
_FOOTNOTE = re.compile(r"[\s:]*\((?:\d{1,2}|[a-z])\)[\s:]*$")
_TOTAL_LINE = re.compile(r"^\s*(?:total|subtotal|sub-total)\b|\btotal\s*$", re.I)


def _cells_line(line: str) -> bool:
    return " | " in line


def _label(line: str) -> str:
    return line.split(" | ")[0].strip()


def _rows_of(facts: list[Fact]) -> list[tuple[str, str, int, Fact]]:
    """(source, title, row index, one cell) of each row, in the table's order."""
    seen: dict[tuple[str, str, int], Fact] = {}
    for f in sorted(facts, key=lambda f: (f.source, f.title, f.row_index, f.column_index or 0, f.fact_id)):
        seen.setdefault((f.source, f.title, f.row_index), f)
    return [(s, t, i, f) for (s, t, i), f in seen.items()]


def _under(f: Fact, want: tuple[str, ...]) -> bool:
    """A row whose label repeats under another heading carries it ('Tax credit carryforwards:(1): Foreign'): it is
    under the heading asked only when that heading is the one asked."""
    label = f.label or ""
    if not want or not f.row_label or label.strip() == f.row_label.strip() or ":" not in label:
        return True
    head = label[: len(label) - len(f.row_label.strip())].rstrip(" :")
    return canonical_tokens(_FOOTNOTE.sub("", head))[-len(want):] == want


def _matched(rows: list[tuple[str, str, int, Fact]], labels: list[str], want: tuple[str, ...] = ()) -> list[Fact]:
    """Each label's row, in order within one table; [] when a label (past a first header line) matches no row."""
    for start, (source, title, _, _) in enumerate(rows):
        table = [r for r in rows[start:] if (r[0], r[1]) == (source, title)]
        out: list[Fact] = []
        at = 0
        for n, label in enumerate(labels):
            k = next((j for j in range(at, len(table)) if (table[j][3].row_label or table[j][3].label).strip() == label
                      and _under(table[j][3], want)), None)
            if k is None:
                if n == 0 and not out:
                    continue  # the column headings printed at the block's top ('2019 | 2018')
                out = []
                break
            out.append(table[k][3])
            at = k + 1
        if len(out) >= 2:
            return out
    return []


def heading_block(reader, facts: list[Fact], line: str) -> list[Fact]:
    """One cell of each row printed under a heading line naming ``line``, in the table's order; [] when no table
    passage is headed so, or its rows are not all rows of the table's facts."""
    want = canonical_tokens(line)
    if not want or not facts:
        return []
    rows = _rows_of(facts)
    for filing_id in sorted({f.filing_id for f in facts}):
        passages = [c for c in reader.chunks_of_filing(filing_id) if c.kind != "row"]
        for head, body in zip(passages, passages[1:]):
            said = (head.display or "").strip()
            lines = [ln for ln in (body.display or "").splitlines() if ln.strip()]
            if not said or "\n" in said or _cells_line(said) or not lines or not all(_cells_line(ln) for ln in lines):
                continue
            words = canonical_tokens(_FOOTNOTE.sub("", said))  # 'Tax credit carryforwards:(1)'
            if len(words) > _HEADING_WORDS or words[-len(want):] != want:
                continue
            labels = []
            for ln in lines:
                if _TOTAL_LINE.search(_label(ln)):
                    break
                labels.append(_label(ln))
            found = _matched(rows, labels, tuple(want))
            if found:
                return found
    return []
