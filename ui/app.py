"""The filingqa web app: Ask (chat + evidence + charts), Fact explorer, Sources.

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
# Gradio prefixes style.css with its container, so the page's own side padding (outside it) is set here:
# on a phone the 32px a side Gradio gives would push the content past the screen.
PAGE_HEAD = ("<style>@media (max-width: 760px) { .gradio-container .main { padding-left: 6px !important; "
             "padding-right: 6px !important; min-width: 0 !important; } .gradio-container .main > .wrap, "
             ".gradio-container main.contain { min-width: 0 !important; max-width: 100% !important; } }</style>"
             + "<script>" + _COPY_AS_TEXT + "</script>")


def _header_html() -> str:
    return (
        '<header class="fq-header"><div class="fq-brand"><span class="fq-logo">fq</span>'
        '<span class="fq-name">filingqa</span></div><div class="fq-tagline">Answers from the filings — every number '
        'traced to the cell it came from</div></header>'
    )


def build_app(served: ServedIndex):
    import gradio as gr

    from qa import get_engine

    from .chat import build_ask_tab
    from .explorer import build_explorer_tab
    from .landing import examples_for, loaded_html
    from .sources import build_sources_tab

    examples = examples_for(get_engine(served.path))
    # delete_cache: Gradio's copies of uploads and downloads older than an hour are removed every 30 minutes
    with gr.Blocks(title="filingqa — answers from the filings", fill_width=True, analytics_enabled=False,
                   delete_cache=(1800, 3600)) as demo:
        gr.HTML(_header_html(), elem_id="fq-header")
        with gr.Tabs(elem_id="fq-tabs"):
            with gr.Tab("Ask", id="ask", elem_id="fq-tab-ask"):
                loaded, (restore, restore_inputs, restore_outputs) = build_ask_tab(served.path, examples)
            with gr.Tab("Fact explorer", id="facts", elem_id="fq-tab-facts"):
                run, explorer_inputs, explorer_outputs, refresh_choices, choice_outputs = build_explorer_tab(served.path)
            with gr.Tab("Sources", id="sources", elem_id="fq-tab-sources"):
                refresh_sources, sources_outputs, (upload_event, remove_event) = build_sources_tab(served)

        # After the index changes, every tab shows the new state.
        def refresh_loaded():
            return loaded_html(get_engine(served.path).reader)

        for event in (upload_event, remove_event):
            event.then(refresh_sources, None, sources_outputs, show_progress="hidden") \
                 .then(refresh_loaded, None, loaded, show_progress="hidden") \
                 .then(refresh_choices, None, choice_outputs, show_progress="hidden") \
                 .then(run, explorer_inputs, explorer_outputs, show_progress="hidden")
        demo.load(restore, restore_inputs, restore_outputs, show_progress="hidden")
        demo.load(refresh_sources, None, sources_outputs, show_progress="hidden")
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
    ).set(
        body_background_fill="#f5f7fa",
        block_border_width="1px",
        block_shadow="none",
        button_primary_background_fill="#1d4ed8",
        button_primary_background_fill_hover="#1e40af",
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
    served = resolve_served_index(index)
    get_engine(served.path)  # load before the first visitor waits for it
    app = build_app(served)
    log.info("serving %s on http://%s:%d", served.shown, host, port)
    print(f"filingqa: serving {served.shown} on http://{host}:{port}", flush=True)
    app.queue(default_concurrency_limit=2, max_size=64).launch(**launch_options(host, port, auth))
