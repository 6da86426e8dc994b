"""The cited cell in its table, and the quoted sentence in its passage.

Built from the index through :class:`index.store.IndexReader`'s public methods only. A table is
the facts of one statement/note of one filing laid out by row and column; a cell whose column the
source leaves open (flattened R pages drop empty cells) is not placed under a guessed column but
in a column of its own, "column open", so the view never claims more than the filing does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.facts import Fact

from .formatting import esc, short_date

__all__ = [
    "TableCell", "TableRow", "TableExcerpt", "PrintedRow",
    "table_around", "render_table", "printed_row", "render_printed_row", "passage_html", "cell_text",
]

UNPINNED = "column open"


@dataclass(frozen=True)
class TableCell:
    text: str
    fact_id: str = ""
    cited: bool = False
    note: str = ""  # for a cell outside the columns: the date it was tied to, if any


@dataclass(frozen=True)
class TableRow:
    label: str
    members: tuple[str, ...]
    cells: tuple[tuple[TableCell, ...], ...]  # one tuple per column (usually one cell, several when unpinned)
    cited: bool = False


@dataclass(frozen=True)
class TableExcerpt:
    title: str
    scale: str
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]
    hidden_above: int  # rows of the same table not shown
    hidden_below: int
    hidden_columns: int  # columns of the table with no cell near the cited one, or past the limit
    unplaced_cells: int  # cells in the shown rows whose column the source leaves open (not drawn)
    printed: "PrintedRow | None"  # the cited row as the source file prints it


def _row_key(f: Fact) -> tuple:
    return (f.row_index, f.label, f.member_text)


def _pick_columns(in_rows: list[Fact], cited: Fact, limit: int) -> list[tuple[int, str]]:
    """The cited cell's column, then the other columns of its row, then the fullest; shown in filing order."""
    count: dict[tuple[int, str], int] = {}
    for f in in_rows:
        if f.column_index is not None:
            count[(f.column_index, f.column_label)] = count.get((f.column_index, f.column_label), 0) + 1
    in_cited_row = {(f.column_index, f.column_label) for f in in_rows
                    if f.column_index is not None and _row_key(f) == _row_key(cited)}
    anchor = cited.column_index if cited.column_index is not None else 0

    def rank(col: tuple[int, str]) -> tuple:
        return (col[0] != cited.column_index, col not in in_cited_row, -count[col], abs(col[0] - anchor))
    return sorted(sorted(count, key=rank)[:limit])


def table_around(reader, fact_id: str, window: int = 2, max_columns: int = 4) -> TableExcerpt | None:
    """The rows around a fact in its statement, with the cell itself marked; None if the fact is gone."""
    found = reader.facts_by_id([fact_id])
    if not found:
        return None
    cited = found[0]
    facts = reader.query_facts("filing_id = ? AND title = ?", [cited.filing_id, cited.title], limit=5000,
                               order="row_index, column_index NULLS LAST, fact_id")
    row_keys = list(dict.fromkeys(_row_key(f) for f in facts))
    if _row_key(cited) not in row_keys:
        row_keys.append(_row_key(cited))
        facts.append(cited)
    at = row_keys.index(_row_key(cited))
    near = set(row_keys[max(0, at - 2 * window): at + 2 * window + 1])
    columns_kept = _pick_columns([f for f in facts if _row_key(f) in near], cited, max_columns)
    index_of = {ci: n for n, (ci, _) in enumerate(columns_kept)}
    # Cells the layout cannot place get a column of their own, but only when the cited row has such
    # cells: elsewhere they would crowd the view without saying anything about the cited cell.
    open_column = any(f.column_index is None and _row_key(f) == _row_key(cited) for f in facts)

    def drawn(f: Fact) -> bool:
        return f.column_index in index_of if f.column_index is not None else open_column

    # rows with something to draw, nearest the cited row
    keep = [k for k in row_keys if k == _row_key(cited) or any(drawn(f) for f in facts if _row_key(f) == k)]
    at = keep.index(_row_key(cited))
    shown = keep[max(0, at - window): at + window + 1]
    in_rows = [f for f in facts if _row_key(f) in set(shown)]
    columns = [label for _, label in columns_kept] + ([UNPINNED] if open_column else [])
    undrawn = sum(1 for f in in_rows if f.column_index is None and not open_column)

    rows = []
    for key in shown:
        cells: list[list[TableCell]] = [[] for _ in columns]
        first = None
        for f in in_rows:
            if _row_key(f) != key:
                continue
            first = first or f
            note = ""
            if f.column_index is None:
                note = short_date(f.period.end) if f.period is not None else f"{len(f.candidate_periods)} possible dates"
            cell = TableCell(f.raw, f.fact_id, f.fact_id == cited.fact_id, note)
            if f.column_index is None:
                if open_column:
                    cells[-1].append(cell)
            elif f.column_index in index_of:
                cells[index_of[f.column_index]].append(cell)
        rows.append(TableRow(label=first.label, members=tuple(m.member for m in first.dimensions),
                             cells=tuple(tuple(c) for c in cells), cited=key == _row_key(cited)))
    first_shown, last_shown = row_keys.index(shown[0]), row_keys.index(shown[-1])
    hidden_columns = len({(f.column_index) for f in facts if f.column_index is not None}) - len(columns_kept)
    return TableExcerpt(
        title=cited.title, scale=cited.scale_text, columns=tuple(columns), rows=tuple(rows),
        hidden_above=first_shown, hidden_below=len(row_keys) - last_shown - 1, hidden_columns=max(hidden_columns, 0),
        unplaced_cells=undrawn, printed=printed_row(reader, cited),
    )


@dataclass(frozen=True)
class PrintedRow:
    """A row's cells in the order the file prints them; ``hit`` is the cited cell's position."""

    cells: tuple[str, ...]
    hit: int | None


def printed_row(reader, fact: Fact) -> PrintedRow | None:
    """The row as the file prints it (the passage the parser made for this row), if there is one."""
    for chunk in reader.chunks_of_filing(fact.filing_id):
        if chunk.kind == "row" and fact.fact_id in chunk.fact_ids:
            cells = tuple(c.strip() for c in chunk.display.split(" | "))
            # The same text can print twice in a row: the cited cell is the n-th of them, n counted
            # over the row's facts in printed order.
            row_facts = reader.facts_by_id(chunk.fact_ids)
            ids = [f.fact_id for f in row_facts]
            before = row_facts[:ids.index(fact.fact_id)] if fact.fact_id in ids else []
            nth = sum(1 for f in before if f.raw == fact.raw)
            same = [i for i, c in enumerate(cells) if i > 0 and c == fact.raw.strip()]
            return PrintedRow(cells, same[min(nth, len(same) - 1)] if same else None)
    return None


def render_printed_row(p: PrintedRow) -> str:
    parts = []
    for i, c in enumerate(p.cells):
        parts.append(f'<span class="fq-cell-hit">{esc(c)}</span>' if i == p.hit else esc(c))
    return '<span class="fq-sep">│</span>'.join(parts)


_BARE_NUMBER = re.compile(r"-?\d{4,}(?:\.\d+)?")


def cell_text(raw: str) -> str:
    """A machine-written cell ('-2722000000' in an XBRL instance) with thousands separators; a printed
    cell ('¥ 28,322', '(1,234)') exactly as printed."""
    raw = raw.strip()
    if not _BARE_NUMBER.fullmatch(raw):
        return raw
    whole, _, frac = raw.lstrip("-").partition(".")
    shown = f"{int(whole):,}" + (f".{frac}" if frac else "")
    return f"−{shown}" if raw.startswith("-") else shown


def _cells_html(cells: tuple[TableCell, ...]) -> str:
    out = []
    for c in cells:
        shown = esc(cell_text(c.text))
        text = f'<span class="fq-cell-hit" data-fact="{esc(c.fact_id)}">{shown}</span>' if c.cited else shown
        if c.note:
            text += f'<span class="fq-cell-note">{esc(c.note)}</span>'
        out.append(f'<div class="fq-cell-line">{text}</div>' if len(cells) > 1 or c.note else text)
    return "".join(out)


def render_table(t: TableExcerpt) -> str:
    head = "".join(
        f'<th class="fq-unpinned" title="The source prints these cells without saying which column they sit in">{esc(c)}</th>'
        if c == UNPINNED else f'<th title="{esc(c)}">{esc(c)}</th>' for c in t.columns
    )
    body = []
    for r in t.rows:
        members = "".join(f'<span class="fq-member">{esc(m.split(" = ", 1)[-1])}</span>' for m in r.members)
        tds = "".join(
            f'<td class="{"fq-hit" if len(cells) == 1 and cells[0].cited else ""}">{_cells_html(cells)}</td>' for cells in r.cells
        )
        body.append(f'<tr class="{"fq-hit-row" if r.cited else ""}"><th scope="row">{esc(r.label)}{members}</th>{tds}</tr>')
    more_above = f'<div class="fq-more">⋮ {t.hidden_above} more row(s) above</div>' if t.hidden_above else ""
    more_below = f'<div class="fq-more">⋮ {t.hidden_below} more row(s) below</div>' if t.hidden_below else ""
    notes = []
    if t.hidden_columns:
        notes.append(f"{t.hidden_columns} other column(s) not shown")
    if t.unplaced_cells:
        notes.append(f"{t.unplaced_cells} cell(s) in these rows whose column the filing leaves open are not drawn")
    if notes:
        more_below += f'<div class="fq-more">{esc("; ".join(notes))}.</div>'
    scale = f'<span class="fq-scale">{esc(t.scale)}</span>' if t.scale else ""
    return (
        f'<div class="fq-table-wrap"><div class="fq-table-cap">{esc(t.title)}{scale}</div>{more_above}'
        f'<div class="fq-table-scroll"><table class="fq-table"><thead><tr><th></th>{head}</tr></thead>'
        f'<tbody>{"".join(body)}</tbody></table></div>{more_below}</div>'
    )


def _find(haystack: str, needle: str) -> tuple[int, int] | None:
    """Where ``needle`` occurs in ``haystack``, tolerant of differences in whitespace."""
    if not needle:
        return None
    i = haystack.find(needle)
    if i >= 0:
        return i, i + len(needle)
    pattern = r"\s+".join(re.escape(w) for w in needle.split())
    m = re.search(pattern, haystack) if pattern else None
    return (m.start(), m.end()) if m else None


def passage_html(passage: str, sentence: str, number: str = "") -> str:
    """The passage with the quoted sentence marked (and the number inside it, when given)."""
    span = _find(passage, sentence)
    if span is None:
        return esc(passage)
    a, b = span
    inner = passage[a:b]
    inner_html = esc(inner)
    if number:
        nspan = _find(inner, number)
        if nspan:
            x, y = nspan
            inner_html = f'{esc(inner[:x])}<span class="fq-cell-hit">{esc(inner[x:y])}</span>{esc(inner[y:])}'
    return f'{esc(passage[:a])}<mark class="fq-quote">{inner_html}</mark>{esc(passage[b:])}'
