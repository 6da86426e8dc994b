"""Open the source: the cited filing as filed (ui.filed: the original document, sanitized, served
locally in a sandboxed frame, scrolled to the cited cell or sentence and marked), with a link to the
filing on EDGAR.

Where the index does not keep the filed documents (a PostgreSQL store, or an index built before
they were kept), the filing is rendered from the index instead (its passages and table rows, in
filing order, every character escaped), the cited passage highlighted, and the panel says why.
Served from the index, never from a path a user gives: a citation names a fact or a chunk id.
"""

from __future__ import annotations

import logging
from pathlib import Path

import gradio as gr

from index.errors import FilingQAError
from qa import Answer, Citation, get_engine

from .filed import edgar_link, filed_view
from .filed_route import ROUTE, publish
from .formatting import esc, period_text
from .tables import _find, cell_text, passage_html

__all__ = ["source_choices", "source_html", "filed_html", "filed_block", "build_source_panel", "WINDOW"]

log = logging.getLogger(__name__)
WINDOW = 40  # passages shown on each side of the cited one (the index-text view)


def source_choices(answer: Answer | None, extra: tuple[Citation, ...] = ()) -> list[tuple[str, int]]:
    if answer is None or answer.abstained:
        return []
    cites = list(answer.citations) + list(extra)
    return [(f"[{n}] {c.row.split(' › ')[-1] or c.title or c.source} · {period_text(c.period) if c.kind == 'fact' else c.source}"[:110], n)
            for n, c in enumerate(cites, 1)]


def _citation(answer: Answer | None, n, extra: tuple[Citation, ...] = ()) -> Citation | None:
    cites = (list(answer.citations) + list(extra)) if answer is not None else []
    try:
        k = int(n)
    except (TypeError, ValueError):
        return None
    return cites[k - 1] if 0 < k <= len(cites) else None


def filed_html(answer: Answer | None, n, reader, extra: tuple[Citation, ...] = ()) -> str:
    """The panel for citation ``n``: the document as filed in a frame, or the index's text of it."""
    c = _citation(answer, n, extra)
    if c is None:
        return source_html(None, None, None)
    return filed_block(c, reader, int(n), fallback=lambda: source_html(answer, n, reader, extra))


def filed_block(c: Citation, reader, n: int, fallback=None) -> str:
    """One citation in its filed document (a sandboxed frame served by ui.filed_route), with the EDGAR
    link; where the filed document is not kept, why, and ``fallback()`` (the index's text) instead."""
    view, why = filed_view(reader, c)
    url, words = edgar_link(reader, c)
    edgar = (f' · <a class="fq-edgar" href="{esc(url)}" target="_blank" rel="noopener noreferrer">{esc(words)} ↗</a>'
             if url else "")
    if view is None:
        return f'<div class="fq-source-note fq-muted">{esc(why)}{edgar}</div>' + (fallback() if fallback else "")
    token = publish(view.page)
    if view.found:
        found = (f"Marked: {esc(view.found)}" + (f" (printed in {view.hits} places; the first is scrolled to)"
                                                if view.hits > 1 else ""))
    else:
        found = "The cited place was not found in this document; it is shown from the top."
    note = f" · {esc(view.note)}" if view.note else ""
    title = f"{c.source} — {view.document}" if view.document and view.document != c.source else c.source
    # an instance's lines open a few lines above the element already; a phone's frame was seen following
    # '#fq-hit' as laid out before its width was known, to the end of the lines
    anchor = "" if view.kind == "xml" else "#fq-hit"
    return (f'<div class="fq-source fq-filed-box"><div class="fq-src-head"><b>{esc(view.document or c.source)}</b> '
            f'<span class="fq-muted">· as filed · citation [{n}]{note}</span>{edgar}'
            f'<div class="fq-src-found{" fq-src-missing" if not view.found else ""}">{found}</div></div>'
            f'<iframe class="fq-filed" src="{ROUTE}/{token}{anchor}" sandbox="" referrerpolicy="no-referrer" '
            f'title="{esc(title)} as filed, citation {n} marked"></iframe></div>')


def build_source_panel(index_path: Path, conv_state):
    """The 'Open the source' accordion under the evidence; returns (refresh for a turn, its inputs, its outputs)."""
    with gr.Accordion("Open the source (the filing as filed)", open=False, elem_id="fq-source-acc"):
        pick = gr.Dropdown(choices=[], value=None, label="Citation", elem_id="fq-source-pick", interactive=True)
        doc = gr.HTML(source_html(None, None, None), elem_id="fq-source-doc")
    filled_for = gr.State(None)  # the citation list the picker holds now

    def shown(conv):
        turn = conv.shown_turn()
        return (turn.answer, turn.chart_citations) if turn is not None else (None, ())

    def refresh(conv, filled):
        """Fill the picker for the turn shown, unless it already holds that turn's citations: the page's
        load chain can refresh late on a busy machine, and emptying the panel then closed the document a
        user had just opened (seen in CI: the filed box shown, then gone)."""
        answer, extra = shown(conv)
        choices = source_choices(answer, extra)
        key = tuple(choices)
        if key == filled:
            return gr.skip(), gr.skip(), filled
        return gr.Dropdown(choices=choices, value=None), source_html(None, None, None), key

    def open_source(n, conv):
        answer, extra = shown(conv)
        try:
            return filed_html(answer, n, get_engine(index_path).reader, extra)
        except FilingQAError as exc:
            return f'<div class="fq-source fq-muted">{esc(str(exc))}</div>'
        except Exception:
            log.exception("opening the source of citation %s failed", n)
            return '<div class="fq-source fq-muted">The source could not be opened. The error was logged.</div>'

    pick.change(open_source, [pick, conv_state], [doc], show_progress="hidden")
    return refresh, [conv_state, filled_for], [pick, doc, filled_for]


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


def source_html(answer: Answer | None, n: int | None, reader, extra: tuple[Citation, ...] = ()) -> str:
    """The filing as the index holds it (passages in filing order), the cited passage highlighted."""
    c = _citation(answer, n, extra) if n else None
    if c is None:
        return ('<div class="fq-source fq-muted">Pick a citation to open its filing here, as filed, with the cited cell or '
                'sentence marked.</div>')
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
