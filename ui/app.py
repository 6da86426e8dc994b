"""The filingqa web app: Ask (chat + evidence + charts + the filed source), Statements, Fact explorer, Sources.

``filingqa serve`` calls :func:`serve`; it binds 127.0.0.1 unless told otherwise. Which index is
served (and where uploads go) is decided by :mod:`ui.workspace`. Every error becomes a message in
the page; tracebacks only go to the server log.
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import logging
from pathlib import Path

from .uploads import MAX_UPLOAD_BYTES
from .workspace import ServedIndex, resolve_served_index

__all__ = ["build_app", "serve", "launch_options"]

log = logging.getLogger(__name__)
STYLE = Path(__file__).with_name("style.css")
# The chat's copy button would put the message's HTML on the clipboard; an analyst pastes text.
_COPY_AS_TEXT = """
document.addEventListener('click', function (e) {
  var btn = e.target.closest && e.target.closest('#fq-chat button[aria-label="Copy message"]');
  if (!btn) return;
  var box = btn.parentElement;
  while (box && !box.querySelector('.message-content, .md')) box = box.parentElement;
  if (!box) return;
  var msgs = box.querySelectorAll('.message-content, .md');
  var text = msgs[msgs.length - 1].innerText.replace(/\\n{3,}/g, '\\n\\n').trim();
  e.stopImmediatePropagation(); e.preventDefault();
  if (navigator.clipboard) navigator.clipboard.writeText(text);
}, true);
"""
# Earlier answers by keyboard: every answer is a tab stop, ↑/↓ (Home/End) move between answers, Enter
# (or Space) shows that answer's evidence and moves focus to the evidence panel, Esc there goes back to the
# answer. Gradio labels each message with its raw HTML; screen readers get the answer's text instead.
_KEYBOARD = """
(function () {
  var shown = null, count = 0, queued = false;
  function answers() { return Array.prototype.slice.call(document.querySelectorAll('#fq-chat [data-testid="bot"]')); }
  function said(el) { var t = (el.innerText || '').replace(/\\s+/g, ' ').trim(); return t.length > 240 ? t.slice(0, 240) + '…' : t; }
  function set(el, k, v) { if (el.getAttribute(k) !== v) el.setAttribute(k, v); }
  function enhance() {
    queued = false;
    var list = answers();
    if (list.length !== count) { shown = list.length ? list.length - 1 : null; count = list.length; }
    list.forEach(function (el, i) {
      set(el, 'tabindex', '0');
      set(el, 'aria-label', 'Answer ' + (i + 1) + ' of ' + list.length + (i === shown ? ' (its evidence is shown)' : '') + ': ' + said(el)
          + '. Enter shows its evidence; arrow keys move between answers.');
      if (i === shown && list.length > 1) set(el, 'data-fq-shown', 'true'); else if (el.hasAttribute('data-fq-shown')) el.removeAttribute('data-fq-shown');
    });
    document.querySelectorAll('#fq-chat [data-testid="user"]').forEach(function (el, i) {
      set(el, 'aria-label', 'Question ' + (i + 1) + ': ' + said(el));
    });
    var ev = document.getElementById('fq-evidence');
    if (ev) { set(ev, 'tabindex', '0'); set(ev, 'role', 'region'); set(ev, 'aria-label', 'Evidence for the answer shown'); }
  }
  function later() { if (!queued) { queued = true; requestAnimationFrame(enhance); } }
  new MutationObserver(later).observe(document.documentElement, {childList: true, subtree: true, characterData: true});
  document.addEventListener('click', function (e) {
    var el = e.target.closest && e.target.closest('#fq-chat [data-testid="bot"]');
    if (el) { shown = answers().indexOf(el); later(); }
  }, true);
  document.addEventListener('keydown', function (e) {
    var t = e.target, list = answers();
    if (t && t.matches && t.matches('#fq-chat [data-testid="bot"]')) {
      var i = list.indexOf(t), next = null;
      if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') next = list[i - 1];
      else if (e.key === 'ArrowDown' || e.key === 'ArrowRight') next = list[i + 1];
      else if (e.key === 'Home') next = list[0];
      else if (e.key === 'End') next = list[list.length - 1];
      else if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        t.click();
        var ev = document.getElementById('fq-evidence');
        if (ev) { ev.focus({preventScroll: true}); ev.scrollIntoView({block: 'start'}); }
        return;
      }
      if (next) { e.preventDefault(); next.focus(); next.scrollIntoView({block: 'nearest'}); }
      return;
    }
    if (e.key === 'Escape' && t && t.closest && t.closest('#fq-evidence') && shown !== null && list[shown]) {
      e.preventDefault(); list[shown].focus(); list[shown].scrollIntoView({block: 'nearest'});
    }
  }, true);
})();
"""
# Gradio prefixes style.css with its container, so the page's own side padding (outside it) is set here:
# on a phone the 32px a side Gradio gives would push the content past the screen.
PAGE_HEAD = ("<style>@media (max-width: 760px) { .gradio-container .main { padding-left: 6px !important; "
             "padding-right: 6px !important; min-width: 0 !important; } .gradio-container .main > .wrap, "
             ".gradio-container main.contain { min-width: 0 !important; max-width: 100% !important; } }</style>"
             + "<script>" + _COPY_AS_TEXT + _KEYBOARD + "</script>")


def _header_html() -> str:
    return (
        '<header class="fq-header"><div class="fq-brand"><span class="fq-logo">fq</span>'
        '<span class="fq-name">filingqa</span></div><div class="fq-tagline">Answers from the filings — every number '
        'traced to the cell it came from</div></header>'
    )


def build_app(served: ServedIndex):
    import gradio as gr

    from .chat import build_ask_tab
    from .explorer import build_explorer_tab
    from .sources import build_sources_tab
    from .statements_tab import build_statements_tab

    # delete_cache: Gradio's copies of uploads and downloads older than an hour are removed every 30 minutes
    with gr.Blocks(title="filingqa — answers from the filings", fill_width=True, analytics_enabled=False,
                   delete_cache=(1800, 3600)) as demo:
        gr.HTML(_header_html(), elem_id="fq-header")
        with gr.Tabs(elem_id="fq-tabs"):
            with gr.Tab("Ask", id="ask", elem_id="fq-tab-ask"):
                landing, (restore, restore_inputs, restore_outputs), (keep, sources_of) = build_ask_tab(served.path)
            with gr.Tab("Statements", id="statements", elem_id="fq-tab-statements"):
                refresh_statements, statements_outputs = build_statements_tab(served.path)
            with gr.Tab("Fact explorer", id="facts", elem_id="fq-tab-facts"):
                run, explorer_inputs, explorer_outputs, refresh_choices, choice_outputs = build_explorer_tab(served.path)
            with gr.Tab("Sources", id="sources", elem_id="fq-tab-sources"):
                refresh_sources, sources_outputs, (upload_event, remove_event) = build_sources_tab(served)

        refresh_landing, landing_outputs = landing
        # After the index changes, every tab shows the new state; a page opened later reads it on load.
        for event in (upload_event, remove_event):
            event.then(refresh_sources, None, sources_outputs, show_progress="hidden") \
                 .then(refresh_landing, None, landing_outputs, show_progress="hidden") \
                 .then(refresh_statements, None, statements_outputs, show_progress="hidden") \
                 .then(refresh_choices, None, choice_outputs, show_progress="hidden") \
                 .then(run, explorer_inputs, explorer_outputs, show_progress="hidden")
        demo.load(refresh_landing, None, landing_outputs, show_progress="hidden")
        demo.load(restore, restore_inputs, restore_outputs, show_progress="hidden").then(**keep).then(**sources_of)
        demo.load(refresh_sources, None, sources_outputs, show_progress="hidden")
        demo.load(refresh_statements, None, statements_outputs, show_progress="hidden")
        demo.load(refresh_choices, None, choice_outputs, show_progress="hidden")
        demo.load(run, explorer_inputs, explorer_outputs, show_progress="hidden")
    return demo


def _theme():
    import gradio as gr

    return gr.themes.Base(
        primary_hue=gr.themes.colors.blue,
        secondary_hue=gr.themes.colors.slate,
        neutral_hue=gr.themes.colors.slate,
        radius_size=gr.themes.sizes.radius_md,
        font=[gr.themes.LocalFont("IBM Plex Sans", weights=(400, 600, 700)), "system-ui", "sans-serif"],
        font_mono=[gr.themes.LocalFont("IBM Plex Mono", weights=(400, 600)), "ui-monospace", "monospace"],
    ).set(  # the dark values follow ui/style.css's palette (its .dark block)
        body_background_fill="#f5f7fa",
        body_background_fill_dark="#0b1120",
        block_background_fill_dark="#111827",
        block_border_width="1px",
        block_shadow="none",
        button_primary_background_fill="#1d4ed8",
        button_primary_background_fill_hover="#1e40af",
        button_primary_background_fill_dark="#2563eb",
        button_primary_background_fill_hover_dark="#1d4ed8",
        button_primary_text_color_dark="#ffffff",
    )


def launch_options(host: str, port: int, auth: str | None) -> dict:
    """Keyword arguments for ``Blocks.launch``: local fonts and our CSS, no share link, no API footer."""
    creds = tuple(auth.split(":", 1)) if auth else None
    return dict(
        server_name=host, server_port=port, auth=creds, share=False, theme=_theme(), css_paths=[STYLE], head=PAGE_HEAD,
        footer_links=[], max_file_size=MAX_UPLOAD_BYTES, show_error=False, quiet=True, ssr_mode=False,
    )


def serve(index=None, host: str = "127.0.0.1", port: int = 7860, auth: str | None = None) -> None:
    from qa import get_engine

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "faiss.loader", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    from .filed_route import mount

    served = resolve_served_index(index)
    from .landing import current_examples

    current_examples(served.path, get_engine(served.path))  # load and check the examples before the first visitor waits
    app = build_app(served)
    app.queue(default_concurrency_limit=2, max_size=64).launch(**launch_options(host, port, auth), prevent_thread_lock=True)
    mount(app.server_app)  # the filed documents' frames (ui.filed_route)
    log.info("serving %s on http://%s:%d", served.shown, host, port)
    print(f"filingqa: serving {served.shown} on http://{host}:{port}", flush=True)
    app.block_thread()
