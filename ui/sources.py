"""The Sources tab: what is indexed, adding filings (with a progress bar), removing one."""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass, field

import gradio as gr

from index.errors import FilingQAError
from qa import get_engine

from .answer_view import answer_html, error_html
from .evidence import evidence_html
from .formatting import esc, table_frame
from .uploads import STAGES, UploadOutcome, UploadStep, add_filings, remove_filing
from .workspace import ServedIndex

__all__ = ["FILING_COLUMNS", "filing_rows", "stats_html", "outcome_html", "UploadProgress", "progress_html",
           "build_sources_tab"]

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
                     f'You can ask about {"them" if len(out.added + out.replaced) > 1 else "it"} now.</div>')
    if out.duplicates:
        parts.append(f'<div class="fq-info-box">Not added: {esc(", ".join(out.duplicates))} has the same content as a filing this '
                     'index already has under another name (filings are identified by their content).</div>')
    if out.copies:
        items = "".join(f"<li><b>{esc(name)}</b>: {esc(why)}.</li>" for name, why in out.copies)
        parts.append(f'<div class="fq-info-box">Not added, the index already holds these filings (one copy of a filing '
                     f'keeps its answers clear; remove the indexed one first to replace it):<ul>{items}</ul></div>')
    if out.unchanged:
        parts.append(f'<div class="fq-info-box">Already indexed, nothing changed: {esc(", ".join(out.unchanged))}.</div>')
    if out.errors:
        items = "".join(f"<li><b>{esc(name)}</b>: {esc(msg)}</li>" for name, msg in out.errors)
        lead = "Some files were not added" if out.changed else "Nothing was added; the index is unchanged"
        parts.append(f'<div class="fq-error-box" role="alert"><b>{lead}.</b><ul>{items}</ul></div>')
    if out.skipped:
        shown = ", ".join(out.skipped[:6]) + (f" and {len(out.skipped) - 6} more" if len(out.skipped) > 6 else "")
        parts.append(f'<details class="fq-info-box fq-skipped"><summary>{len(out.skipped)} file(s) in the zip are not filing '
                     f'documents and were left out</summary><p>{esc(shown)}</p></details>')
    if out.warnings:
        items = "".join(f"<li>{esc(name)}: {esc(msg)}</li>" for name, msg in out.warnings[:8])
        parts.append(f'<details class="fq-warn-box"><summary>{len(out.warnings)} parser warning(s)</summary><ul>{items}</ul></details>')
    return "".join(parts) or '<div class="fq-info-box">Nothing to add.</div>'


_STAGE_WORDS = {"checking": "checking", "parsing": "parsing", "embedding": "embedding", "committing": "committing"}
_ARROW = ' <span class="fq-arrow" aria-hidden="true">→</span> '
_WEIGHTS = {"checking": (0.0, 0.05), "parsing": (0.05, 0.40), "embedding": (0.40, 0.90), "committing": (0.90, 0.98)}


@dataclass
class UploadProgress:
    """What an upload has done so far, from its :class:`UploadStep` s: the stage, and each filing's state."""

    uploaded: tuple[str, ...] = ()  # the files as uploaded
    stage: str = "checking"
    done: int = 0
    total: int = 0
    name: str = ""
    filings: list[str] = field(default_factory=list)  # the filings being parsed, in order
    parsed: int = 0  # how many of them are parsed
    started: float = field(default_factory=time.monotonic)

    def apply(self, step: UploadStep) -> None:
        if step.names:
            self.filings = list(step.names)
        if step.stage == "parsing":
            self.parsed = step.done
        elif step.stage in ("embedding", "committing", "done"):
            self.parsed = len(self.filings)
        self.stage, self.done, self.total, self.name = step.stage, step.done, step.total, step.name

    @property
    def fraction(self) -> float:
        if self.stage == "done":
            return 1.0
        low, high = _WEIGHTS.get(self.stage, (0.0, 0.05))
        return low + (high - low) * (self.done / self.total if self.total else 0.0)


def progress_html(p: UploadProgress) -> str:
    """The upload as it goes: '2/3 nflx-20091231.xml · checking ✓ → parsing → embedding → committing', a bar, each file."""
    if p.stage == "parsing" and p.total and p.done + 1 >= p.total:  # after the last file, ingest prepares the passages
        now = f"{p.total}/{p.total} <b>{esc(p.name)}</b> <span class=\"fq-muted\">(then its passages are prepared)</span>"
    elif p.stage in ("checking", "parsing") and p.total:
        now = f"{min(p.done + 1, p.total)}/{p.total} <b>{esc(p.name)}</b>"
    elif p.stage == "checking":
        now = "starting"
    elif p.stage == "embedding":
        now = f"embedding passages {p.done:,}/{p.total:,}"
    elif p.stage == "committing":
        now = "writing the new filings into the index"
    else:
        now = "finishing"
    chain = []
    at = STAGES.index(p.stage) if p.stage in STAGES else len(STAGES)
    for i, stage in enumerate(STAGES):
        cls = "fq-st-done" if i < at else "fq-st-now" if i == at else "fq-st-todo"
        mark = "✓ " if i < at else ""
        current = ' aria-current="step"' if i == at else ""
        chain.append(f'<span class="fq-st {cls}"{current}>{mark}{_STAGE_WORDS[stage]}</span>')
    rows = []
    names = p.filings or list(p.uploaded)
    for i, name in enumerate(names):
        if p.filings and (i < p.parsed or p.stage in ("embedding", "committing", "done")):
            state, cls = "✓ parsed", "fq-file-done"
        elif p.filings and i == p.parsed and p.stage == "parsing":
            state, cls = "parsing…", "fq-file-now"
        elif not p.filings and p.stage == "checking" and i == p.done:
            state, cls = "checking…", "fq-file-now"
        elif not p.filings and p.stage == "checking" and i < p.done:
            state, cls = "checked", "fq-file-done"
        else:
            state, cls = "waiting", "fq-file-todo"
        rows.append(f'<li class="{cls}"><span class="fq-file-name">{esc(name)}</span><span class="fq-file-state">{state}</span></li>')
    pct = round(100 * p.fraction)
    elapsed = time.monotonic() - p.started
    return (f'<div class="fq-progress" role="status" aria-live="polite" aria-busy="true">'
            f'<div class="fq-progress-now">{now} <span class="fq-muted">· {int(elapsed)} s</span></div>'
            f'<div class="fq-progress-chain">{_ARROW.join(chain)}</div>'
            f'<div class="fq-bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="{pct}">'
            f'<div class="fq-bar-fill" style="width: {pct}%"></div></div>'
            f'<ol class="fq-files">{"".join(rows)}</ol></div>')


def _run_upload(served: ServedIndex, paths: list, display: tuple[str, ...]):
    """Run the upload in a thread; yield progress HTML as its steps arrive, then the outcome. Bounded: the worker
    always ends (ingest waits at most 120 s for the index lock) and says so with a final ``None``."""
    events: queue.Queue = queue.Queue()
    result: dict = {}

    def work():
        try:
            result["out"] = add_filings(served, paths, steps=events.put)
        except Exception:  # never a traceback in the page
            log.exception("upload failed")
            result["out"] = UploadOutcome(errors=(("upload", "The upload failed unexpectedly; the index is unchanged. "
                                                             "The error was logged."),))
        finally:
            events.put(None)

    state = UploadProgress(uploaded=display)
    threading.Thread(target=work, name="filingqa-upload", daemon=True).start()
    yield progress_html(state)
    last = 0.0
    while True:
        try:
            step = events.get(timeout=1.0)
        except queue.Empty:
            yield progress_html(state)  # the clock moves; the worker is still going
            continue
        if step is None:
            break
        before = (state.stage, state.name)
        state.apply(step)
        now = time.monotonic()
        if (state.stage, state.name) != before or now - last >= 0.2:  # every file and stage shown; counts ~5 times a second
            last = now
            yield progress_html(state)
    yield outcome_html(result["out"])


def build_sources_tab(served: ServedIndex):
    """Lay out the Sources tab. Returns (components to refresh, refresh fn, the upload event) for the app."""
    stats = gr.HTML("", elem_id="fq-stats")
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=420, elem_classes=["fq-panel"]):
            gr.HTML('<div class="fq-upload-head">Add filings</div><p class="fq-muted">EDGAR R-page text, R*.htm pages with '
                    'FilingSummary.xml, XBRL instance .xml, inline XBRL .htm, full-submission .txt, or a .zip of those. '
                    'Each file is checked, parsed and indexed; the index changes only if something was added.</p>')
            # no file_types: Gradio would refuse the whole upload for one oddly named file; stage_upload checks
            # each file and says what is wrong with it, and the others are indexed
            files = gr.File(file_count="multiple", label="Filing documents (.txt, .htm, .html, .xml, .zip)",
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
    with gr.Column(elem_classes=["fq-panel"], elem_id="fq-ask-filing"):
        gr.HTML('<div class="fq-upload-head">Ask about this filing</div><p class="fq-muted">The answer comes from this '
                'filing only (like <code>filingqa ask --within FILE</code>).</p>')
        with gr.Row(equal_height=True):
            scope_pick = gr.Dropdown(label="Filing", choices=[], value=None, elem_id="fq-scope-pick", scale=1)
            scope_q = gr.Textbox(label="Question", placeholder="e.g. What were total sales in 2019?", elem_id="fq-scope-q",
                                 scale=3)
        scope_btn = gr.Button("Ask about this filing", elem_id="fq-scope-ask", size="md")
        scope_answer = gr.HTML("", elem_id="fq-scope-answer")

    def refresh():
        try:
            reader = get_engine(served.path).reader
        except FilingQAError as exc:
            return f'<div class="fq-error-box">{esc(exc)}</div>', [], gr.Dropdown(choices=[]), gr.Dropdown(choices=[])
        names = sorted({f.source for f in reader.filings()})
        frame = table_frame(filing_rows(reader), FILING_COLUMNS, optional=("Company", "Form", "Fiscal year"))
        table = gr.Dataframe(value=frame, column_widths=[_WIDTHS.get(c, "100px") for c in frame.columns])
        return stats_html(reader, served), table, gr.Dropdown(choices=names, value=None), gr.Dropdown(choices=names, value=None)

    def ask_within(name, question):
        if not name or not (question or "").strip():
            return '<div class="fq-info-box">Pick a filing and write a question.</div>'
        try:
            engine = get_engine(served.path, within=name)
            answer = engine.ask(question)
        except FilingQAError as exc:  # a removed filing, an empty question: said, never a traceback
            return error_html(str(exc))
        return answer_html(answer) + evidence_html(answer, engine.reader)

    def add(paths):
        if not paths:
            yield ('<div class="fq-error-box" role="alert">Choose one or more files first.</div>', gr.skip(),
                   gr.Button(interactive=True, value="Add to index"))
            return
        paths = paths if isinstance(paths, list) else [paths]
        from pathlib import Path

        display = tuple(Path(str(p)).name for p in paths)
        final = None
        for html in _run_upload(served, paths, display):
            final = html
            yield html, gr.skip(), gr.skip()
        # the file box empties and the button comes back once the upload is done, from this very event
        yield final, None, gr.Button(interactive=True, value="Add to index")

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

    refresh_outputs = [stats, filings, to_remove, scope_pick]
    scope_btn.click(ask_within, [scope_pick, scope_q], [scope_answer], show_progress="minimal")
    scope_q.submit(ask_within, [scope_pick, scope_q], [scope_answer], show_progress="minimal")
    # the button is off while its upload runs: a second click would only queue the same files again
    upload_event = add_btn.click(lambda: gr.Button(interactive=False, value="Adding…"), None, add_btn, show_progress="hidden",
                                 queue=False, api_visibility="private").then(
        add, [files], [status, files, add_btn], concurrency_id="write", concurrency_limit=1, show_progress="hidden",
        api_visibility="private")
    # and if the event failed before it could say so (.then runs after a failure too)
    upload_event.then(lambda: gr.Button(interactive=True, value="Add to index"), None, add_btn, show_progress="hidden",
                      queue=False, api_visibility="private")
    # adding and removing are the page's own: not in the public API (ui.app requires a login for every call
    # whenever one is configured)
    remove_event = remove_btn.click(
        remove, [to_remove], [remove_status], concurrency_id="write", concurrency_limit=1,
        js="(name) => (name && !confirm('Remove ' + name + ' from the index?')) ? null : name",
        api_visibility="private",
    )
    return refresh, refresh_outputs, (upload_event, remove_event)
