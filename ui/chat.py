"""The Ask tab: a chat over ``qa.ask`` with the evidence panel and a chart beside it.

Each browser session has its own :class:`Conversation` (a ``gr.State``), so follow-ups ("and in
2021?") keep that user's context and nobody else's. ``ask()`` is safe to call from several threads;
the Gradio queue runs a few questions at once.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import gradio as gr

from index.errors import FilingQAError
from qa import Answer, Citation, QueryPlan, ask, get_engine
from qa.read import Reader
from qa.read.companies import CompanyDirectory
from qa.read.followup import reads_as_follow_up

_PLAIN_READER = Reader(CompanyDirectory([]))  # reads a question's shape (follow-up or not) without an index

from .answer_view import answer_html, error_html, pending_html, question_html
from .charts import Chart, chart_for, chart_frame, export_chart
from .evidence import empty_evidence_html, evidence_html
from .feedback import feedback_path, record_feedback
from .formatting import esc
from .landing import Example, company_name, loaded_html
from .source_view import source_choices, source_html

__all__ = ["Turn", "Conversation", "build_ask_tab"]

log = logging.getLogger(__name__)

_KEPT_TURNS = 12  # questions a reload asks again, at most


@dataclass
class Turn:
    question: str
    topic: str = ""  # the question that set the metric this turn follows up on (its own text if none)
    answer: Answer | None = None
    error: str = ""
    chart: Chart | None = None
    chart_citations: tuple[Citation, ...] = ()
    pending: bool = False
    fresh: bool = False  # asked after "New topic" (asking it again must not follow up either)
    feedback: str | None = None  # "Like" | "Dislike" as shown on the answer's thumbs


@dataclass
class Conversation:
    turns: list[Turn] = field(default_factory=list)
    fresh_topic: bool = False  # the user asked to drop the follow-up context
    shown: int = -1  # the turn whose evidence is on screen (-1: the last)

    def shown_turn(self) -> "Turn | None":
        if not self.turns:
            return None
        return self.turns[self.shown] if -len(self.turns) <= self.shown < len(self.turns) else self.turns[-1]

    def context(self) -> QueryPlan | None:
        """What a follow-up refers to: the last answered (or abstained) question."""
        if self.fresh_topic:
            return None
        for t in reversed(self.turns):
            if t.answer is not None:
                return t.answer.extra.get("plan")
        return None

    def context_text(self) -> str:
        if self.fresh_topic or self.context() is None:
            return ""
        last = next(t for t in reversed(self.turns) if t.answer is not None)
        return last.topic or last.question

    def topic_for(self, question: str) -> str:
        """A follow-up naming no line item ('what about 2021?') keeps the current topic; anything else starts one."""
        current = self.context_text()
        try:
            q = _PLAIN_READER.read(question)
        except FilingQAError:
            return question
        if current and reads_as_follow_up(q) and not any(item.words for item in q.items):
            return current
        return question


def _history(conv: Conversation) -> list[dict]:
    messages: list[dict] = []
    for t in conv.turns:
        messages.append({"role": "user", "content": question_html(t.question)})
        if t.pending:
            messages.append({"role": "assistant", "content": pending_html()})
        elif t.error:
            messages.append({"role": "assistant", "content": error_html(t.error)})
        elif t.answer is not None:
            msg = {"role": "assistant", "content": answer_html(t.answer, len(t.chart.points) if t.chart else 0)}
            if t.answer.suggestions:
                msg["options"] = [{"value": s, "label": s} for s in t.answer.suggestions[:3]]
            messages.append(msg)
    return messages


def _chat(conv: Conversation) -> gr.Chatbot:
    """The chat's messages with each answer's thumbs as the user left them."""
    return gr.Chatbot(value=_history(conv), feedback_value=[t.feedback for t in conv.turns])


def _context_html(conv: Conversation) -> str:
    text = conv.context_text()
    if not text and conv.fresh_topic:
        return '<div class="fq-context fq-context-off">New topic: the next question stands on its own.</div>'
    if not text:
        return ('<div class="fq-context fq-context-off">Follow-ups like “and net income?” or “what about 2021?” keep the '
                'company, line item and period of your last question. Click an earlier answer to see its evidence again.</div>')
    q = conv.context()
    kept = []
    if q is not None and q.companies:
        kept.append(", ".join(company_name(c.name) for c in q.companies))
    if q is not None and q.periods:
        kept.append(", ".join(p.describe() for p in q.periods))
    shown = text if len(text) <= 160 else text[:160] + "…"
    keeps = f' Keeps <b>{esc(" · ".join(kept))}</b>.' if kept else ""
    return (f'<div class="fq-context">Follow-ups refer to: <b>{esc(shown)}</b>.{keeps} '
            '<span class="fq-muted">“and net income?” changes the line item, “what about 2021?” the period.</span></div>')


def _plots(turn: Turn | None):
    """The bar or line chart of a turn, and its PNG and CSV downloads."""
    hidden = (gr.BarPlot(visible=False), gr.LinePlot(visible=False), gr.DownloadButton(visible=False),
              gr.DownloadButton(visible=False))
    if turn is None or turn.chart is None:
        return hidden
    return (*_drawn(turn), *_exports(turn))


def _exports(turn: Turn):
    try:
        png, csv_file = export_chart(turn.chart, tempfile.mkdtemp(prefix="fq-chart-"))
    except Exception:  # the chart on the page still stands
        log.exception("exporting the chart failed")
        return gr.DownloadButton(visible=False), gr.DownloadButton(visible=False)
    return gr.DownloadButton(value=png, visible=True), gr.DownloadButton(value=csv_file, visible=True)


def _drawn(turn: Turn):
    spec = chart_frame(turn.chart)
    common = dict(value=spec.frame, x=spec.x, y="Value", title=spec.title, x_title="", y_title=spec.y_title,
                  tooltip=["Series", "Period", "Reported"], visible=True)
    if spec.kind == "bar":
        # bars start at zero: a cut axis would make a 10% difference look like a tenfold one
        values = list(spec.frame["Value"])
        low, high = min(0.0, min(values)), max(0.0, max(values))
        return gr.BarPlot(**common, sort=list(spec.x_order), y_lim=[low * 1.08, high * 1.08]), gr.LinePlot(visible=False)
    return gr.BarPlot(visible=False), gr.LinePlot(**common, color=spec.color, sort=list(spec.x_order))


def _evidence(turn: Turn | None, index_path: Path) -> str:
    if turn is None:
        return empty_evidence_html()
    if turn.error:
        return evidence_html(None, None, error="No evidence: the question could not be answered.")
    try:
        return evidence_html(turn.answer, get_engine(index_path).reader, turn.chart_citations)
    except FilingQAError as exc:
        return evidence_html(None, None, error=str(exc))


def _answer(conv: Conversation, turn: Turn, index_path: Path) -> None:
    """Fill a turn in: ask, then the chart. Every failure becomes a message."""
    previous = conv.context()
    try:
        turn.answer = ask(turn.question, index=index_path, previous=previous)
        conv.fresh_topic = False
    except FilingQAError as exc:
        turn.error = str(exc)
    except Exception:  # never a traceback in the page; the log has it
        log.exception("answering %r failed", turn.question[:200])
        turn.error = "Something went wrong while answering. The error was logged; try rephrasing the question."
    if turn.answer is not None:
        try:
            turn.chart, turn.chart_citations = chart_for(turn.question, turn.answer, get_engine(index_path).reader)
        except Exception:
            log.exception("chart for %r failed", turn.question[:200])
    turn.pending = False


def build_ask_tab(index_path: Path, examples: tuple[Example, ...]):
    """Lay out the Ask tab inside the current Blocks and wire its events."""
    conv_state = gr.State(Conversation())
    feedback_file = feedback_path(index_path)
    # the questions of this browser's conversation, kept in its local storage so a reload brings them back
    saved = gr.BrowserState([], storage_key="filingqa-conversation")
    with gr.Row(equal_height=False, elem_id="fq-ask-row"):
        with gr.Column(scale=6, min_width=0, elem_id="fq-chat-col"):
            loaded = gr.HTML(loaded_html(get_engine(index_path).reader), elem_id="fq-loaded")
            gr.HTML('<div class="fq-examples-label">Try an example — each one is answered from these filings</div>')
            with gr.Row(elem_id="fq-examples"):
                example_buttons = [gr.Button(e.question, size="sm", elem_classes=["fq-example"]) for e in examples]
            chatbot = gr.Chatbot(
                elem_id="fq-chat", height=560, show_label=False, sanitize_html=True, latex_delimiters=[],
                feedback_options=("Like", "Dislike"), buttons=["copy"], layout="bubble", autoscroll=True,
                placeholder=("<div class='fq-welcome'><h3>Ask about the filings</h3><p>Answers come from the filings "
                             "themselves. Every number is checked against the cell it came from, shown in the evidence panel. "
                             "When nothing in the filings answers a question, it says so.</p></div>"),
            )
            context_box = gr.HTML(_context_html(Conversation()), elem_id="fq-context")
            with gr.Row(elem_id="fq-input-row"):
                question = gr.Textbox(
                    label="Your question", show_label=False, placeholder="Ask a question about the loaded filings", lines=1,
                    max_lines=6, scale=8, elem_id="fq-question", autofocus=True, container=False,
                )
                send = gr.Button("Ask", variant="primary", scale=1, min_width=90, elem_id="fq-ask")
            with gr.Row(elem_id="fq-tools-row"):
                new_topic = gr.Button("New topic", size="sm", elem_id="fq-new-topic", scale=0, min_width=110)
                clear = gr.Button("Clear chat", size="sm", elem_id="fq-clear", scale=0, min_width=110)
                rated = gr.HTML("", elem_id="fq-rated")
        with gr.Column(scale=5, min_width=0, elem_id="fq-evidence-col"):
            bar = gr.BarPlot(visible=False, elem_id="fq-chart-bar", height=260, show_label=False)
            line = gr.LinePlot(visible=False, elem_id="fq-chart-line", height=260, show_label=False)
            with gr.Row(elem_id="fq-chart-exports"):
                png_btn = gr.DownloadButton("Chart as PNG", visible=False, size="sm", elem_id="fq-chart-png", scale=0, min_width=140)
                csv_btn = gr.DownloadButton("Chart data (CSV)", visible=False, size="sm", elem_id="fq-chart-csv", scale=0, min_width=160)
            evidence = gr.HTML(empty_evidence_html(), elem_id="fq-evidence")
            with gr.Accordion("Open the source", open=False, elem_id="fq-source-acc"):
                source_pick = gr.Dropdown(choices=[], value=None, label="Citation", elem_id="fq-source-pick",
                                          interactive=True)
                source_doc = gr.HTML(source_html(None, None, None), elem_id="fq-source-doc")

    outputs = [chatbot, conv_state, evidence, bar, line, png_btn, csv_btn, context_box, question]

    def respond(text: str | None, conv: Conversation):
        text = (text or "").strip()
        if not text:
            gr.Warning("Type a question first, for example: How many RSUs vested in 2023?")
            yield _chat(conv), conv, *([gr.skip()] * 7)
            return
        turn = Turn(text, topic=conv.topic_for(text), pending=True, fresh=conv.fresh_topic)
        conv.turns.append(turn)
        conv.shown = -1
        yield _chat(conv), conv, *([gr.skip()] * 6), ""
        _answer(conv, turn, index_path)
        yield (_chat(conv), conv, _evidence(turn, index_path), *_plots(turn), _context_html(conv), "")

    def on_retry(conv: Conversation):
        """Ask the last question again, in the context it was first asked in (after an upload it may find more)."""
        if not conv.turns or conv.turns[-1].pending:
            yield _chat(conv), conv, *([gr.skip()] * 7)
            return
        last = conv.turns.pop()
        conv.fresh_topic = last.fresh
        yield from respond(last.question, conv)

    def on_like(conv: Conversation, evt: gr.LikeData):
        i = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        k = int(i) // 2
        turn = conv.turns[k] if 0 <= k < len(conv.turns) else None
        if turn is None or turn.pending:
            return conv, gr.skip()
        rating = "up" if evt.liked is True else "down" if evt.liked is False else "cleared"
        try:
            record_feedback(feedback_file, rating, turn.question, turn.answer, turn.error)
        except OSError:
            log.exception("saving feedback failed")
            return conv, ('<span class="fq-rated fq-rated-bad" role="status">Your rating could not be saved: the feedback '
                          'file beside the index is not writable. The error was logged.</span>')
        turn.feedback = {"up": "Like", "down": "Dislike"}.get(rating)
        said = {"up": "Thanks — saved as helpful", "down": "Thanks — saved as not helpful",
                "cleared": "Rating removed"}[rating]
        shown = turn.question if len(turn.question) <= 60 else turn.question[:60] + "…"
        return conv, f'<span class="fq-rated" role="status">{said}: “{esc(shown)}”.</span>'

    def on_option(conv: Conversation, evt: gr.SelectData):
        yield from respond(str(evt.value), conv)

    def on_select(conv: Conversation, evt: gr.SelectData):
        i = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        turn = conv.turns[int(i) // 2] if conv.turns and 0 <= int(i) // 2 < len(conv.turns) else None
        if turn is not None:
            conv.shown = int(i) // 2
        return (_evidence(turn, index_path), *_plots(turn))

    def pick_choices(conv: Conversation):
        turn = conv.shown_turn()
        return gr.Dropdown(choices=source_choices(turn.answer if turn else None), value=None), source_html(None, None, None)

    def open_source(n, conv: Conversation):
        turn = conv.shown_turn()
        try:
            return source_html(turn.answer if turn else None, n, get_engine(index_path).reader)
        except FilingQAError as exc:
            return f'<div class="fq-source fq-muted">{esc(str(exc))}</div>'

    def on_new_topic(conv: Conversation):
        conv.fresh_topic = True
        return conv, _context_html(conv)

    def on_clear():
        conv = Conversation()
        return _chat(conv), conv, empty_evidence_html(), *_plots(None), _context_html(conv), ""

    def remember(conv: Conversation):
        return [t.question for t in conv.turns if not t.pending][-_KEPT_TURNS:]

    def restore(questions, conv: Conversation):
        """After a reload: ask the saved questions again, in order, so follow-ups keep their context."""
        questions = [str(q)[:2000] for q in (questions or []) if str(q).strip()][-_KEPT_TURNS:]
        if not questions or conv.turns:
            yield _chat(conv), conv, *([gr.skip()] * 7)
            return
        for text in questions:
            turn = Turn(text, topic=conv.topic_for(text), pending=True)
            conv.turns.append(turn)
            _answer(conv, turn, index_path)
        last = conv.turns[-1]
        yield (_chat(conv), conv, _evidence(last, index_path), *_plots(last), _context_html(conv), "")

    ask_events = dict(outputs=outputs, concurrency_id="ask", concurrency_limit=4, show_progress="hidden")
    keep = dict(fn=remember, inputs=[conv_state], outputs=[saved], show_progress="hidden")
    sources_of = dict(fn=pick_choices, inputs=[conv_state], outputs=[source_pick, source_doc], show_progress="hidden")
    send.click(respond, [question, conv_state], api_name="ask", **ask_events).then(**keep).then(**sources_of)  # also the load test's endpoint
    question.submit(respond, [question, conv_state], **ask_events).then(**keep).then(**sources_of)
    chatbot.option_select(on_option, [conv_state], **ask_events).then(**keep).then(**sources_of)
    chatbot.retry(on_retry, [conv_state], **ask_events).then(**keep).then(**sources_of)
    chatbot.like(on_like, [conv_state], [conv_state, rated], show_progress="hidden")
    for b in example_buttons:
        b.click(respond, [b, conv_state], **ask_events).then(**keep).then(**sources_of)
    source_pick.change(open_source, [source_pick, conv_state], [source_doc], show_progress="hidden").then(
        None, None, None, js="() => { const el = document.getElementById('fq-src-hit'); if (el) el.scrollIntoView({block: 'center'}); }")
    ask_tab_loaded = loaded  # refreshed by the app after uploads
    chatbot.select(on_select, [conv_state], [evidence, bar, line, png_btn, csv_btn], show_progress="hidden").then(**sources_of)
    new_topic.click(on_new_topic, [conv_state], [conv_state, context_box], show_progress="hidden")
    clear.click(on_clear, None, outputs, show_progress="hidden").then(**keep).then(lambda: "", None, rated, show_progress="hidden")
    return ask_tab_loaded, (restore, [saved, conv_state], outputs)
