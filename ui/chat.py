"""The Ask tab: a chat over ``qa.ask`` with the evidence panel, the cited table's chart and the
filed source beside it.

Each browser session has its own :class:`~ui.conversation.Conversation` (a ``gr.State``), so
follow-ups ("and in 2021?") keep that user's context and nobody else's; a question takes from the
one before only what it leaves open (:mod:`ui.conversation`). ``ask()`` is safe to call from several
threads; the Gradio queue runs a few questions at once. A sent question can be edited (the pencil
on it: the conversation is asked again from there), a long answer stopped, an answer kept as
Markdown or CSV, and ``/?q=…`` asks a question when the page opens.
"""

from __future__ import annotations

import logging
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import gradio as gr

from index.errors import FilingQAError
from qa import ask, get_engine

from .charts import chart_frame, chart_of, export_chart, table_for
from .conversation import Conversation, Turn, context_html, history
from .evidence import empty_evidence_html, evidence_html
from .exports import export_answer
from .feedback import feedback_path, record_feedback
from .formatting import esc
from .landing import MAX_EXAMPLES, current_examples, loaded_html
from .source_view import build_source_panel

__all__ = ["build_ask_tab"]

log = logging.getLogger(__name__)

_KEPT_TURNS = 12  # questions a reload asks again, at most
_DEEP_LINK_CHARS = 2000

# When each browser session last pressed Stop. Kept apart from the conversation state: the Stop event
# runs beside the question it stops (which finishes its own computation in a worker thread), and a
# question started before the press must not then show its late answer.
_stops: dict[str, float] = {}
_stops_lock = threading.Lock()


def _press_stop(session: str) -> None:
    now = time.monotonic()
    with _stops_lock:
        for key in [k for k, t in _stops.items() if now - t > 3600]:
            del _stops[key]
        _stops[session] = now


def _stopped_since(session: str, started: float) -> bool:
    with _stops_lock:
        return _stops.get(session, -1.0) >= started


def _session(request) -> str:
    return getattr(request, "session_hash", None) or ""


def _chat(conv: Conversation) -> gr.Chatbot:
    """The chat's messages with each answer's thumbs as the user left them."""
    return gr.Chatbot(value=history(conv), feedback_value=[t.feedback for t in conv.turns])


# A plot once drawn is only made invisible, not removed: Gradio's plot throws from a ResizeObserver
# when a drawn plot is unmounted ("reading 'offsetWidth'"), so hidden plots stay in the page, unseen.
_HIDDEN = "hidden"


def _drawn(turn: Turn):
    spec = chart_frame(turn.chart)
    common = dict(value=spec.frame, x=spec.x, y="Value", title=spec.title, x_title="", y_title=spec.y_title,
                  tooltip=["Series", "Period", "Reported"], visible=True)
    if spec.kind == "bar":
        # bars start at zero: a cut axis would make a 10% difference look like a tenfold one
        values = list(spec.frame["Value"])
        low, high = min(0.0, min(values)), max(0.0, max(values))
        return gr.BarPlot(**common, sort=list(spec.x_order), y_lim=[low * 1.08, high * 1.08 or 1.0]), gr.LinePlot(visible=_HIDDEN)
    return gr.BarPlot(visible=_HIDDEN), gr.LinePlot(**common, color=spec.color, sort=list(spec.x_order))


def _share_html(turn: Turn | None) -> str:
    """A link that asks the turn's question again when opened (``/?q=…``): to bookmark or send."""
    if turn is None or not turn.question:
        return ""
    href = "?q=" + quote(turn.question[:_DEEP_LINK_CHARS])
    return (f'<a class="fq-share" id="fq-share-link" href="{esc(href)}" title="Opening this link asks the question again">'
            'Link that asks this question</a>')


def _downloads(turn: Turn | None):
    """Chart PNG, chart CSV, answer Markdown, answer CSV (each hidden when there is nothing to keep), share link."""
    hidden = gr.DownloadButton(visible=False)
    chart_files = (hidden, hidden)
    if turn is not None and turn.chart is not None:
        try:
            png, csv_file = export_chart(turn.chart, tempfile.mkdtemp(prefix="fq-chart-"))
            chart_files = (gr.DownloadButton(value=png, visible=True), gr.DownloadButton(value=csv_file, visible=True))
        except Exception:  # the chart on the page still stands
            log.exception("exporting the chart failed")
    answer_files = (hidden, hidden)
    if turn is not None and turn.answer is not None:
        try:
            md, csv_file = export_answer(turn.question, turn.answer, turn.table, turn.chart_citations)
            answer_files = (gr.DownloadButton(value=md, visible=True), gr.DownloadButton(value=csv_file, visible=True))
        except Exception:
            log.exception("exporting the answer failed")
    return (*chart_files, *answer_files, _share_html(turn))


def _panel(turn: Turn | None, index_path: Path):
    """Everything beside the chat for one turn: evidence, chart, downloads."""
    if turn is None:
        evidence = empty_evidence_html()
    elif turn.error or turn.stopped or turn.answer is None:
        evidence = evidence_html(None, None, error="No evidence: the question was not answered.")
    else:
        try:
            evidence = evidence_html(turn.answer, get_engine(index_path).reader, turn.chart_citations)
        except FilingQAError as exc:
            evidence = evidence_html(None, None, error=str(exc))
    plots = _drawn(turn) if turn is not None and turn.chart is not None else (gr.BarPlot(visible=_HIDDEN), gr.LinePlot(visible=_HIDDEN))
    return (evidence, *plots, *_downloads(turn))


def _answer(turn: Turn, index_path: Path) -> None:
    """Fill a turn in: ask (in the context worked out when it was started), then its table and chart.
    Every failure becomes a message; a turn stopped meanwhile keeps its 'stopped' message."""
    answer, error = None, ""
    try:
        answer = ask(turn.question, index=index_path, previous=turn.previous)
    except FilingQAError as exc:
        error = str(exc)
    except Exception:  # never a traceback in the page; the log has it
        log.exception("answering %r failed", turn.question[:200])
        error = "Something went wrong while answering. The error was logged; try rephrasing the question."
    table = chart = None
    extra = ()
    if answer is not None:
        try:
            table, extra = table_for(turn.question, answer, get_engine(index_path).reader)
            chart = chart_of(table)
        except Exception:
            log.exception("table for %r failed", turn.question[:200])
    if turn.stopped:
        return
    turn.answer, turn.error, turn.table, turn.chart, turn.chart_citations = answer, error, table, chart, extra
    turn.pending = False


@dataclass
class _Widgets:
    """The Ask tab's components (made inside the app's Blocks by :func:`_lay_out`)."""

    conv: gr.State
    saved: gr.BrowserState
    loaded: gr.HTML
    examples: list
    chatbot: gr.Chatbot
    context: gr.HTML
    question: gr.Textbox
    send: gr.Button
    stop: gr.Button
    new_topic: gr.Button
    clear: gr.Button
    rated: gr.HTML
    panel: list  # evidence, bar, line, chart PNG, chart CSV, answer Markdown, answer CSV, share link
    refresh_source: object
    source_inputs: list
    source_outputs: list

    @property
    def outputs(self) -> list:
        return [self.chatbot, self.conv, *self.panel, self.context, self.question, self.send, self.stop]


def _lay_out(index_path: Path) -> _Widgets:
    conv = gr.State(Conversation())
    # the questions of this browser's conversation, kept in its local storage so a reload brings them back
    saved = gr.BrowserState([], storage_key="filingqa-conversation")
    with gr.Row(equal_height=False, elem_id="fq-ask-row"):
        with gr.Column(scale=6, min_width=0, elem_id="fq-chat-col"):
            loaded = gr.HTML(loaded_html(get_engine(index_path).reader), elem_id="fq-loaded")
            gr.HTML('<div class="fq-examples-label">Try an example — each one is answered from these filings</div>')
            shown = current_examples(index_path, get_engine(index_path))  # refreshed on each page load
            with gr.Row(elem_id="fq-examples"):
                examples = [gr.Button(shown[i].question if i < len(shown) else "", size="sm", visible=i < len(shown),
                                      elem_classes=["fq-example"]) for i in range(MAX_EXAMPLES)]
            chatbot = gr.Chatbot(
                elem_id="fq-chat", height=560, show_label=False, sanitize_html=True, latex_delimiters=[],
                feedback_options=("Like", "Dislike"), buttons=["copy"], layout="bubble", autoscroll=True, editable="user",
                placeholder=("<div class='fq-welcome'><h3>Ask about the filings</h3><p>Answers come from the filings "
                             "themselves. Every number is checked against the cell it came from, shown in the evidence panel. "
                             "When nothing in the filings answers a question, it says so.</p></div>"),
            )
            context = gr.HTML(context_html(Conversation()), elem_id="fq-context")
            with gr.Row(elem_id="fq-input-row"):
                question = gr.Textbox(
                    label="Your question", show_label=False, placeholder="Ask a question about the loaded filings", lines=1,
                    max_lines=6, scale=8, elem_id="fq-question", autofocus=True, container=False,
                )
                send = gr.Button("Ask", variant="primary", scale=1, min_width=90, elem_id="fq-ask")
                stop = gr.Button("Stop", variant="stop", scale=1, min_width=90, elem_id="fq-stop", visible=False)
            with gr.Row(elem_id="fq-tools-row"):
                new_topic = gr.Button("New topic", size="sm", elem_id="fq-new-topic", scale=0, min_width=110)
                clear = gr.Button("Clear chat", size="sm", elem_id="fq-clear", scale=0, min_width=110)
                rated = gr.HTML("", elem_id="fq-rated")
        with gr.Column(scale=5, min_width=0, elem_id="fq-evidence-col"):
            with gr.Row(elem_id="fq-answer-exports"):
                md = gr.DownloadButton("Answer (Markdown)", visible=False, size="sm", elem_id="fq-answer-md", scale=0, min_width=150)
                answer_csv = gr.DownloadButton("Answer + citations (CSV)", visible=False, size="sm", elem_id="fq-answer-csv",
                                               scale=0, min_width=190)
                share = gr.HTML("", elem_id="fq-share")
            bar = gr.BarPlot(visible=_HIDDEN, elem_id="fq-chart-bar", height=260, show_label=False)
            line = gr.LinePlot(visible=_HIDDEN, elem_id="fq-chart-line", height=260, show_label=False)
            with gr.Row(elem_id="fq-chart-exports"):
                png = gr.DownloadButton("Chart as PNG", visible=False, size="sm", elem_id="fq-chart-png", scale=0, min_width=140)
                chart_csv = gr.DownloadButton("Chart data (CSV)", visible=False, size="sm", elem_id="fq-chart-csv", scale=0,
                                              min_width=160)
            evidence = gr.HTML(empty_evidence_html(), elem_id="fq-evidence")
            refresh_source, source_inputs, source_outputs = build_source_panel(index_path, conv)
    return _Widgets(conv, saved, loaded, examples, chatbot, context, question, send, stop, new_topic, clear, rated,
                    [evidence, bar, line, png, chart_csv, md, answer_csv, share], refresh_source, source_inputs,
                    source_outputs)


_BUSY = (gr.update(visible=False), gr.update(visible=True))  # Ask hidden, Stop shown
_IDLE = (gr.update(visible=True), gr.update(visible=False))


class _Handlers:
    """What the Ask tab's events do; each returns values for ``_Widgets.outputs`` (or its part named)."""

    def __init__(self, index_path: Path):
        self.index_path = index_path
        self.feedback_file = feedback_path(index_path)
        self.n_panel = 8

    def _unchanged(self, conv: Conversation):
        return _chat(conv), conv, *([gr.skip()] * (self.n_panel + 4))

    def respond(self, text: str | None, conv: Conversation, request: gr.Request = None):
        text = (text or "").strip()
        if not text:
            gr.Warning("Type a question first, for example: How many RSUs vested in 2023?")
            yield _chat(conv), conv, *([gr.skip()] * (self.n_panel + 2)), *_IDLE
            return
        started = time.monotonic()
        turn = conv.start(text)
        yield _chat(conv), conv, *([gr.skip()] * self.n_panel), context_html(conv), "", *_BUSY
        yield from self._finish(turn, conv, request, started)

    def _finish(self, turn: Turn, conv: Conversation, request, started: float):
        """Answer a started turn; a Stop pressed meanwhile wins over the answer."""
        _answer(turn, self.index_path)
        if _stopped_since(_session(request), started):
            turn.answer, turn.error, turn.table, turn.chart, turn.chart_citations = None, "", None, None, ()
            turn.pending, turn.stopped = False, True
        conv.fresh_topic = False
        # the box was emptied when the question was taken; what the user types meanwhile is left alone
        yield _chat(conv), conv, *_panel(turn, self.index_path), context_html(conv), gr.skip(), *_IDLE

    def on_retry(self, conv: Conversation, request: gr.Request = None):
        """Ask the last question again, in the context it was first asked in (after an upload it may find more)."""
        if not conv.turns or conv.turns[-1].pending:
            yield self._unchanged(conv)
            return
        started = time.monotonic()
        last = conv.turns[-1]
        last.answer, last.error, last.stopped, last.pending = None, "", False, True
        conv.shown = -1
        yield _chat(conv), conv, *([gr.skip()] * self.n_panel), context_html(conv), gr.skip(), *_BUSY
        yield from self._finish(last, conv, request, started)

    def on_edit(self, conv: Conversation, evt: gr.EditData, request: gr.Request = None):
        """A sent question edited: the conversation from that question on is asked again, the edited one first."""
        k = _index(evt) // 2
        if not 0 <= k < len(conv.turns) or any(t.pending for t in conv.turns):
            yield self._unchanged(conv)
            return
        conv.fresh_topic = conv.turns[k].fresh
        del conv.turns[k:]
        yield from self.respond(str(evt.value), conv, request)

    def on_stop(self, conv: Conversation, request: gr.Request = None):
        _press_stop(_session(request))
        stopped = [t for t in conv.turns if t.pending]
        for t in stopped:
            t.pending, t.stopped = False, True
        panel = _panel(stopped[-1], self.index_path) if stopped else [gr.skip()] * self.n_panel
        return _chat(conv), conv, *panel, context_html(conv), gr.skip(), *_IDLE

    def on_like(self, conv: Conversation, evt: gr.LikeData):
        k = _index(evt) // 2
        turn = conv.turns[k] if 0 <= k < len(conv.turns) else None
        if turn is None or turn.pending:
            return conv, gr.skip()
        rating = "up" if evt.liked is True else "down" if evt.liked is False else "cleared"
        try:
            record_feedback(self.feedback_file, rating, turn.question, turn.answer, turn.error)
        except OSError:
            log.exception("saving feedback failed")
            return conv, ('<span class="fq-rated fq-rated-bad" role="status">Your rating could not be saved: the feedback '
                          'file beside the index is not writable. The error was logged.</span>')
        turn.feedback = {"up": "Like", "down": "Dislike"}.get(rating)
        said = {"up": "Thanks — saved as helpful", "down": "Thanks — saved as not helpful",
                "cleared": "Rating removed"}[rating]
        shown = turn.question if len(turn.question) <= 60 else turn.question[:60] + "…"
        return conv, f'<span class="fq-rated" role="status">{said}: “{esc(shown)}”.</span>'

    def on_option(self, conv: Conversation, evt: gr.SelectData, request: gr.Request = None):
        yield from self.respond(str(evt.value), conv, request)

    def on_select(self, conv: Conversation, evt: gr.SelectData):
        k = _index(evt) // 2
        turn = conv.turns[k] if 0 <= k < len(conv.turns) else None
        if turn is not None:
            conv.shown = k
        return _panel(turn, self.index_path)

    def on_new_topic(self, conv: Conversation):
        conv.fresh_topic = True
        return conv, context_html(conv)

    def on_clear(self):
        conv = Conversation()
        return _chat(conv), conv, *_panel(None, self.index_path), context_html(conv), "", *_IDLE

    @staticmethod
    def remember(conv: Conversation):
        return [t.question for t in conv.turns if not t.pending and not t.stopped][-_KEPT_TURNS:]

    def restore(self, questions, conv: Conversation, request: gr.Request):
        """On opening the page: ask the saved questions again, in order, so follow-ups keep their context;
        then the question of a ``?q=`` link, unless it is already the last one."""
        questions = [str(q)[:2000] for q in (questions or []) if str(q).strip()][-_KEPT_TURNS:]
        linked = (request.query_params.get("q") or "").strip()[:_DEEP_LINK_CHARS] if request is not None else ""
        appended = bool(linked) and (not questions or questions[-1] != linked)
        if appended:
            questions.append(linked)
        if not questions or conv.turns:
            yield self._unchanged(conv)
            return
        for i, text in enumerate(questions):
            # a linked question stands alone: whoever sent the link did not send the conversation before it
            conv.fresh_topic = appended and i == len(questions) - 1
            _answer(conv.start(text), self.index_path)
        conv.fresh_topic = False
        last = conv.turns[-1]
        yield _chat(conv), conv, *_panel(last, self.index_path), context_html(conv), gr.skip(), *_IDLE

    def refresh_landing(self):
        """What is loaded and the examples checked against it, as of the index's last commit."""
        engine = get_engine(self.index_path)
        examples = current_examples(self.index_path, engine)
        buttons = [gr.Button(value=examples[i].question, visible=True) if i < len(examples) else gr.Button(visible=False)
                   for i in range(MAX_EXAMPLES)]
        return loaded_html(engine.reader), *buttons


def _index(evt) -> int:
    i = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
    return int(i)


def build_ask_tab(index_path: Path):
    """Lay out the Ask tab inside the current Blocks and wire its events. Returns what the app runs on
    page load and after uploads: (refresh the landing, its outputs), (restore, its inputs, its outputs),
    and the steps that follow an answer (keep the conversation, refresh the source picker)."""
    w = _lay_out(index_path)
    h = _Handlers(index_path)
    assert len(w.panel) == h.n_panel
    ask_events = dict(outputs=w.outputs, concurrency_id="ask", concurrency_limit=4, show_progress="hidden")
    keep = dict(fn=h.remember, inputs=[w.conv], outputs=[w.saved], show_progress="hidden")
    sources = dict(fn=w.refresh_source, inputs=w.source_inputs, outputs=w.source_outputs, show_progress="hidden")
    asking = [
        w.send.click(h.respond, [w.question, w.conv], api_name="ask", **ask_events),  # also the load test's endpoint
        w.question.submit(h.respond, [w.question, w.conv], **ask_events),
        w.chatbot.option_select(h.on_option, [w.conv], **ask_events),
        w.chatbot.retry(h.on_retry, [w.conv], **ask_events),
        w.chatbot.edit(h.on_edit, [w.conv], **ask_events),
    ] + [b.click(h.respond, [b, w.conv], **ask_events) for b in w.examples]
    for event in asking:
        event.then(**keep).then(**sources)
    # the cancel goes out from the browser at once (no server round trip first), then the turn is marked stopped
    w.stop.click(None, None, None, cancels=asking, queue=False).then(h.on_stop, [w.conv], w.outputs, show_progress="hidden",
                                                                    queue=False).then(**keep)
    w.chatbot.like(h.on_like, [w.conv], [w.conv, w.rated], show_progress="hidden")
    w.chatbot.select(h.on_select, [w.conv], w.panel, show_progress="hidden").then(**sources)
    w.new_topic.click(h.on_new_topic, [w.conv], [w.conv, w.context], show_progress="hidden")
    w.clear.click(h.on_clear, None, w.outputs, show_progress="hidden").then(**keep).then(
        lambda: "", None, w.rated, show_progress="hidden")
    return (h.refresh_landing, [w.loaded, *w.examples]), (h.restore, [w.saved, w.conv], w.outputs), (keep, sources)
