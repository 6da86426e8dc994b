"""The Sources tab: what is indexed, adding filings (with a progress bar), removing one."""

from __future__ import annotations

import logging

import gradio as gr

from index.errors import FilingQAError
from qa import get_engine

from .formatting import esc, table_frame
from .uploads import ALLOWED_SUFFIXES, UploadOutcome, add_filings, remove_filing
from .workspace import ServedIndex

__all__ = ["FILING_COLUMNS", "filing_rows", "stats_html", "outcome_html", "build_sources_tab"]

log = logging.getLogger(__name__)

FILING_COLUMNS = ["File", "Company", "Form", "Fiscal year", "Title", "Format", "Facts", "Passages", "Added", "Warnings"]
_WIDTHS = {"File": "200px", "Company": "150px", "Form": "70px", "Fiscal year": "90px", "Title": "360px", "Format": "90px",
           "Facts": "70px", "Passages": "80px", "Added": "140px", "Warnings": "80px"}


def filing_rows(reader) -> list[list]:
    return [
        [f.source, f.entity, f.form, f.fiscal_year or "", f.title, f.format, f.facts, f.chunks,
         (f.ingested_at or "")[:16].replace("T", " "), len(f.warnings)]
        for f in sorted(reader.filings(), key=lambda f: f.source)
    ]


def stats_html(reader, served: ServedIndex) -> str:
    filings = reader.filings()
    facts = sum(f.facts for f in filings)
    chunks = sum(f.chunks for f in filings)
    companies = len({f.entity for f in filings if f.entity})
    cards = [("Filings", len(filings)), ("Facts", facts), ("Passages", chunks)]
    if companies:
        cards.insert(0, ("Companies", companies))
    tiles = "".join(f'<div class="fq-stat"><div class="fq-stat-n">{n:,}</div><div class="fq-stat-l">{esc(label)}</div></div>'
                    for label, n in cards)
    return f'<div class="fq-stats">{tiles}</div><p class="fq-muted fq-index-desc">{esc(served.description)}</p>'


def outcome_html(out: UploadOutcome) -> str:
    parts = []
    if out.changed:
        names = ", ".join(out.added + out.replaced)
        parts.append(f'<div class="fq-ok-box"><b>✓ Indexed {esc(names)}</b> — {out.facts:,} facts, {out.chunks:,} passages. '
                     'You can ask about it now.</div>')
    if out.duplicates:
        parts.append(f'<div class="fq-info-box">Not added: {esc(", ".join(out.duplicates))} has the same content as a filing this '
                     'index already has under another name (filings are identified by their content).</div>')
    if out.unchanged:
        parts.append(f'<div class="fq-info-box">Already indexed, nothing changed: {esc(", ".join(out.unchanged))}.</div>')
    if out.errors:
        items = "".join(f"<li><b>{esc(name)}</b>: {esc(msg)}</li>" for name, msg in out.errors)
        lead = "Some files were not added" if out.changed else "Nothing was added; the index is unchanged"
        parts.append(f'<div class="fq-error-box" role="alert"><b>{lead}.</b><ul>{items}</ul></div>')
    if out.warnings:
        items = "".join(f"<li>{esc(name)}: {esc(msg)}</li>" for name, msg in out.warnings[:8])
        parts.append(f'<details class="fq-warn-box"><summary>{len(out.warnings)} parser warning(s)</summary><ul>{items}</ul></details>')
    return "".join(parts) or '<div class="fq-info-box">Nothing to add.</div>'


def build_sources_tab(served: ServedIndex):
    """Lay out the Sources tab. Returns (components to refresh, refresh fn, the upload event) for the app."""
    stats = gr.HTML("", elem_id="fq-stats")
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=420, elem_classes=["fq-panel"]):
            gr.HTML('<div class="fq-upload-head">Add filings</div><p class="fq-muted">EDGAR R-page text, R*.htm pages with '
                    'FilingSummary.xml, XBRL instance .xml, inline XBRL .htm, full-submission .txt, or a .zip of those. '
                    'Each file is checked, parsed and indexed; the index changes only if something was added.</p>')
            files = gr.File(file_count="multiple", file_types=list(ALLOWED_SUFFIXES), label="Filing documents",
                            elem_id="fq-upload")
            add_btn = gr.Button("Add to index", variant="primary", elem_id="fq-add", size="md")
            status = gr.HTML("", elem_id="fq-upload-status", min_height=96)
        with gr.Column(scale=2, min_width=320, elem_classes=["fq-panel"]):
            gr.HTML('<div class="fq-upload-head">Remove a filing</div><p class="fq-muted">Its facts and passages stop '
                    'appearing in answers and in the fact explorer at once.</p>')
            to_remove = gr.Dropdown(label="Filing", choices=[], value=None, elem_id="fq-remove-pick")
            remove_btn = gr.Button("Remove from index", variant="stop", elem_id="fq-remove", size="md")
            remove_status = gr.HTML("", elem_id="fq-remove-status")
    filings = gr.Dataframe(headers=FILING_COLUMNS, interactive=False, wrap=True, elem_id="fq-filings",
                           max_height=480, label="Indexed filings", show_label=True)

    def refresh():
        try:
            reader = get_engine(served.path).reader
        except FilingQAError as exc:
            return f'<div class="fq-error-box">{esc(exc)}</div>', [], gr.Dropdown(choices=[])
        names = [f.source for f in sorted(reader.filings(), key=lambda f: f.source)]
        frame = table_frame(filing_rows(reader), FILING_COLUMNS, optional=("Company", "Form", "Fiscal year"))
        table = gr.Dataframe(value=frame, column_widths=[_WIDTHS.get(c, "100px") for c in frame.columns])
        return stats_html(reader, served), table, gr.Dropdown(choices=names, value=None)

    def add(paths, progress=gr.Progress()):
        if not paths:
            return '<div class="fq-error-box" role="alert">Choose one or more files first.</div>', None
        paths = paths if isinstance(paths, list) else [paths]
        try:
            out = add_filings(served, paths, progress=lambda f, msg: progress(f, desc=msg))
        except Exception:  # never a traceback in the page
            log.exception("upload failed")
            out = UploadOutcome(errors=(("upload", "The upload failed unexpectedly; the index is unchanged. The error was logged."),))
        return outcome_html(out), None

    def remove(name):
        if not name:
            return '<div class="fq-info-box">Pick a filing to remove.</div>'
        try:
            removed = remove_filing(served, name)
        except FilingQAError as exc:
            return f'<div class="fq-error-box" role="alert">{esc(exc)}</div>'
        if not removed:
            return f'<div class="fq-info-box">{esc(name)} is not in the index.</div>'
        return f'<div class="fq-ok-box">Removed {esc(", ".join(removed))}. Its facts no longer appear in answers.</div>'

    refresh_outputs = [stats, filings, to_remove]
    upload_event = add_btn.click(add, [files], [status, files], concurrency_id="write", concurrency_limit=1,
                                 show_progress="full", show_progress_on=[status])
    remove_event = remove_btn.click(
        remove, [to_remove], [remove_status], concurrency_id="write", concurrency_limit=1,
        js="(name) => (name && !confirm('Remove ' + name + ' from the index?')) ? null : name",
    )
    return refresh, refresh_outputs, (upload_event, remove_event)
