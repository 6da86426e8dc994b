"""A chat over ``ask()``: type a question, read the answer with its citations.

Binds 127.0.0.1 unless told otherwise. Every error becomes a message in the page.
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from index.errors import FilingQAError

__all__ = ["build_app", "serve", "render_answer"]

EXAMPLES = [
    "How many restricted stock units vested in 2023?",
    "What was the share-based compensation expense for RSUs in 2022?",
    "How many RSUs were granted to employees on January 1, 2020?",
    "How do the options vest?",
]


def render_answer(ans) -> str:
    badge = "✅ verified" if ans.verified else ("⛔ no answer" if ans.abstained else "⚠️ not verified")
    lines = [ans.text, "", f"*{badge}*"]
    for i, c in enumerate(ans.citations, 1):
        where = f"{c.title} › {c.row}" if c.row else c.title
        lines.append(f"[{i}] `{c.source}` — {where} — {c.period or 'n/a'} — “{c.raw}”")
    return "\n".join(lines)


def build_app(index=None):
    import gradio as gr

    from qa import ask

    def respond(message, history):
        try:
            return render_answer(ask(message, index=index))
        except FilingQAError as exc:
            return f"⚠️ {exc}"

    return gr.ChatInterface(respond, examples=EXAMPLES, title="filingqa")


def serve(index=None, host: str = "127.0.0.1", port: int = 7860, auth: str | None = None) -> None:
    from qa import get_engine

    get_engine(index)  # build/load before the first visitor waits for it
    app = build_app(index)
    creds = tuple(auth.split(":", 1)) if auth else None
    app.queue().launch(server_name=host, server_port=port, auth=creds, share=False, show_api=False)
