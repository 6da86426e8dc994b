"""The Statements tab: pick a filing and a statement (or any table of it); see it as the filing presents
it, periods side by side; click a number for its evidence and the filed document it comes from;
download the statement as CSV or as an Excel workbook."""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

import gradio as gr

from index.errors import FilingQAError
from qa import get_engine
from qa.present import fact_citation

from .evidence import citation_card
from .formatting import esc
from .source_view import filed_block
from .statements import (
    KINDS, filing_choices, statement, statement_html, statements_of, write_statement_csv, write_statement_xlsx,
)

__all__ = ["build_statements_tab", "QUICK"]

log = logging.getLogger(__name__)

QUICK = ("Income statement", "Balance sheet", "Cash flows")
# a click on a number names its fact to the server; nothing else on the page is listened to
_CELL_CLICKS = """
element.addEventListener('click', function (e) {
  var b = e.target.closest && e.target.closest('button[data-fact]');
  if (!b) return;
  element.querySelectorAll('.fq-stmt-selected').forEach(function (x) { x.classList.remove('fq-stmt-selected'); });
  b.classList.add('fq-stmt-selected');
  trigger('select', {fact: b.getAttribute('data-fact')});
});
"""
_EMPTY_EVIDENCE = ('<div class="fq-evidence fq-evidence-empty"><div class="fq-ev-head">Evidence</div>'
                   '<p>Click a number in the statement: its cell, row, period and unit, the table around it, and the filing '
                   'as filed with the cell marked.</p></div>')
_KEEP = 24  # downloads kept per server process
_folder: Path | None = None


def _download_folder() -> Path:
    global _folder
    if _folder is None or not _folder.is_dir():
        _folder = Path(tempfile.mkdtemp(prefix="filingqa-statements-"))
    old = sorted(_folder.iterdir(), key=lambda p: p.stat().st_mtime)
    for stale in old[:max(0, len(old) - _KEEP + 1)]:
        shutil.rmtree(stale, ignore_errors=True)
    return Path(tempfile.mkdtemp(dir=_folder))


def build_statements_tab(index_path: Path):
    """Lay out the tab; returns (refresh function, its outputs) for page loads and after uploads."""
    with gr.Row(elem_id="fq-stmt-pick"):
        filing = gr.Dropdown(label="Filing", choices=[], value=None, scale=3, elem_id="fq-stmt-filing")
        title = gr.Dropdown(label="Statement or table", choices=[], value=None, scale=4, elem_id="fq-stmt-title")
    with gr.Row(elem_id="fq-stmt-actions"):
        quick = [gr.Button(name, size="sm", scale=0, min_width=130, elem_classes=["fq-stmt-quick"]) for name in QUICK]
        csv_btn = gr.DownloadButton("Statement (CSV)", size="sm", visible=False, scale=0, min_width=150, elem_id="fq-stmt-csv")
        xlsx_btn = gr.DownloadButton("Statement (Excel)", size="sm", visible=False, scale=0, min_width=160, elem_id="fq-stmt-xlsx")
    with gr.Row(equal_height=False, elem_id="fq-stmt-row"):
        with gr.Column(scale=7, min_width=0, elem_id="fq-stmt-col"):
            table = gr.HTML('<div class="fq-muted">Pick a filing.</div>', elem_id="fq-stmt-table", js_on_load=_CELL_CLICKS)
        with gr.Column(scale=5, min_width=0, elem_id="fq-stmt-ev-col"):
            evidence = gr.HTML(_EMPTY_EVIDENCE, elem_id="fq-stmt-evidence")
            source = gr.HTML("", elem_id="fq-stmt-source")

    def reader():
        return get_engine(index_path).reader

    def titles_for(filing_id):
        if not filing_id:
            return gr.Dropdown(choices=[], value=None)
        infos = statements_of(reader(), filing_id)
        choices = [(f"{s.kind}: {s.title}" if s.kind and s.kind.lower() not in s.title.lower() else s.title, s.title)
                   for s in infos]
        return gr.Dropdown(choices=choices, value=infos[0].title if infos else None)

    def show(filing_id, title_v):
        hidden = gr.DownloadButton(visible=False)
        if not filing_id or not title_v:
            return '<div class="fq-muted">Pick a filing and a statement.</div>', hidden, hidden, _EMPTY_EVIDENCE, ""
        try:
            st = statement(reader(), filing_id, title_v)
        except FilingQAError as exc:
            return f'<div class="fq-muted">{esc(str(exc))}</div>', hidden, hidden, _EMPTY_EVIDENCE, ""
        files = (hidden, hidden)
        if st.rows:
            try:
                folder = _download_folder()
                files = (gr.DownloadButton(value=str(write_statement_csv(st, folder)), visible=True),
                         gr.DownloadButton(value=str(write_statement_xlsx(st, folder)), visible=True))
            except Exception:  # the table on the page still stands
                log.exception("writing the statement's downloads failed")
        return statement_html(st), *files, _EMPTY_EVIDENCE, ""

    def pick_kind(kind: str):
        def pick(filing_id):
            if not filing_id:
                return gr.skip()
            infos = statements_of(reader(), filing_id)
            match = next((s.title for s in infos if s.kind == kind), None)
            if match is None:
                gr.Info(f"This filing has no {kind.lower()} among its tables.")
                return gr.skip()
            return gr.Dropdown(value=match)
        return pick

    def on_cell(evt: gr.EventData):
        fact_id = str(getattr(evt, "fact", "") or "")[:64]
        r = reader()
        found = r.facts_by_id([fact_id]) if fact_id else []
        if not found:
            return _EMPTY_EVIDENCE, ""
        c = fact_citation(found[0])
        try:
            card = citation_card(1, c, r)
            filed = filed_block(c, r, 1)
        except Exception:
            log.exception("showing the evidence of %s failed", fact_id)
            return '<div class="fq-evidence fq-muted">The evidence could not be shown. The error was logged.</div>', ""
        return f'<div class="fq-evidence"><div class="fq-ev-head">Evidence</div>{card}</div>', filed

    def refresh():
        try:
            r = reader()
            choices = filing_choices(r)
        except FilingQAError:
            return gr.skip()
        # open on a filing that has financial statements (an 8-K's cover page is a poor first view)
        first = next((fid for _, fid in choices if any(s.kind for s in statements_of(r, fid)[:1])), None)
        return gr.Dropdown(choices=choices, value=first or (choices[0][1] if choices else None))

    filing.change(titles_for, [filing], [title], show_progress="hidden")
    title.change(show, [filing, title], [table, csv_btn, xlsx_btn, evidence, source], show_progress="hidden",
                 concurrency_id="statements")
    for button, kind in zip(quick, QUICK):
        assert kind in {k for k, _ in KINDS}
        button.click(pick_kind(kind), [filing], [title], show_progress="hidden")
    table.select(on_cell, None, [evidence, source], show_progress="hidden", concurrency_id="statements")
    return refresh, [filing]
