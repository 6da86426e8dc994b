"""Open the source: the cited filing rendered from the index (its passages and table rows, in
filing order) with the cited cell or sentence highlighted, and scrolled to.

Served from the index, never from a path: a citation names a fact or a chunk id, the reader gives
the filing it belongs to and that filing's chunks. Everything is escaped; no markup of the filing
reaches the page.
"""

from __future__ import annotations

from qa import Answer, Citation

from .formatting import esc
from .tables import _find, cell_text, passage_html

__all__ = ["source_choices", "source_html", "WINDOW"]

WINDOW = 40  # passages shown on each side of the cited one


def source_choices(answer: Answer | None) -> list[tuple[str, int]]:
    if answer is None or answer.abstained:
        return []
    return [(f"[{n}] {c.title or c.source}"[:90], n) for n, c in enumerate(answer.citations, 1)]


def _filing_and_anchor(reader, c: Citation) -> tuple[str, str, str] | None:
    """(filing id, chunk id to highlight, fact id) for a citation, from the index."""
    if c.chunk_id:
        chunks = reader.chunks_by_id([c.chunk_id])
        if chunks:
            return chunks[0].filing_id, chunks[0].chunk_id, c.fact_id
    if c.fact_id:
        facts = reader.facts_by_id([c.fact_id])
        if facts:
            return facts[0].filing_id, "", c.fact_id
    return None


def source_html(answer: Answer | None, n: int | None, reader) -> str:
    if answer is None or not n or not 0 < int(n) <= len(answer.citations):
        return ('<div class="fq-source fq-muted">Pick a citation to open its filing here, with the cited cell or '
                'sentence highlighted.</div>')
    c = answer.citations[int(n) - 1]
    found = _filing_and_anchor(reader, c)
    if found is None:
        return '<div class="fq-source fq-muted">This citation\'s filing is no longer in the index.</div>'
    filing_id, chunk_id, fact_id = found
    chunks = reader.chunks_of_filing(filing_id)
    hit = next((i for i, ch in enumerate(chunks) if chunk_id and ch.chunk_id == chunk_id), None)
    if hit is None and fact_id:
        hit = next((i for i, ch in enumerate(chunks) if fact_id in ch.fact_ids), None)
    if hit is None:  # the fact's row is not a passage: find the row by its printed label
        label = c.row.split(" › ")[-1] if c.row else ""
        hit = next((i for i, ch in enumerate(chunks) if label and label in ch.display and c.raw in ch.display), None)
    lo, hi = (max(0, hit - WINDOW), min(len(chunks), hit + WINDOW + 1)) if hit is not None else (0, min(len(chunks), 2 * WINDOW))
    parts = []
    for i in range(lo, hi):
        ch = chunks[i]
        if i == hit:
            body = (passage_html(ch.display, c.raw) if c.kind == "text" else _cell_marked(ch.display, c.raw))
            parts.append(f'<div class="fq-src-chunk fq-src-hit" id="fq-src-hit">{body}</div>')
        else:
            parts.append(f'<div class="fq-src-chunk fq-src-{esc(ch.kind)}">{esc(ch.display)}</div>')
    note_above = f'<div class="fq-more">⋮ {lo} earlier passage(s) of this filing not shown</div>' if lo else ""
    note_below = f'<div class="fq-more">⋮ {len(chunks) - hi} later passage(s) not shown</div>' if hi < len(chunks) else ""
    head = (f'<div class="fq-src-head"><b>{esc(c.source)}</b> <span class="fq-muted">· from the index · citation [{int(n)}]'
            f'{"" if hit is not None else " · the cited passage was not found; showing the start"}</span></div>')
    return f'<div class="fq-source">{head}<div class="fq-src-body">{note_above}{"".join(parts)}{note_below}</div></div>'


def _cell_marked(display: str, raw: str) -> str:
    """The cited number marked in its row: as printed, or as the row writes a machine number (1,670,269,000)."""
    span = None
    for form in dict.fromkeys((raw.strip(), cell_text(raw))) if raw else ():
        span = _find(display, form)
        if span:
            break
    if span is None:
        return esc(display)
    a, b = span
    return f'{esc(display[:a])}<mark class="fq-src-cell">{esc(display[a:b])}</mark>{esc(display[b:])}'
