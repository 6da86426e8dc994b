"""One browser session's conversation: its turns, what each follow-up took from the question before
it, and the chat messages and context line drawn from them (no Gradio events here).

Each question is asked with the previous answer as its context (``ask(previous=...)``); the
answering core reads it into a plan and fills in only what the new text leaves open, saying what in
``answer.extra["carried"]`` (empty for a self-contained question, which is then answered exactly as
when asked first). The line under the chat repeats that, for the last question, with the question it
came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qa import Answer, Citation

from .answer_table import CitedTable
from .answer_view import answer_html, error_html, pending_html, stopped_html
from .charts import Chart
from .formatting import esc

__all__ = ["Turn", "Conversation", "history", "context_html", "carried_of"]

QUESTION_SHOWN = 400  # characters of a long paste echoed back


def carried_of(answer: Answer | None) -> tuple[str, ...]:
    """What the core says a question took from the one before ('company: Apple Inc.', 'period: 2024')."""
    if answer is None or not isinstance(answer.extra, dict):
        return ()
    return tuple(str(c) for c in answer.extra.get("carried") or ())


@dataclass
class Turn:
    question: str
    answer: Answer | None = None
    error: str = ""
    carried_from: str = ""  # the question its context came from, as the user typed it
    previous: Answer | None = None  # the context it was asked in (a retry asks in the same one)
    table: CitedTable | None = None
    chart: Chart | None = None
    chart_citations: tuple[Citation, ...] = ()
    pending: bool = False
    stopped: bool = False  # the user pressed Stop before the answer came
    fresh: bool = False  # asked after "New topic" (asking it again must not follow up either)
    feedback: str | None = None  # "Like" | "Dislike" as shown on the answer's thumbs

    @property
    def carried(self) -> tuple[str, ...]:
        """What this question took from ``previous`` (known once it is answered)."""
        return carried_of(self.answer) if self.previous is not None else ()


@dataclass
class Conversation:
    turns: list[Turn] = field(default_factory=list)
    fresh_topic: bool = False  # the user asked to drop the follow-up context
    shown: int = -1  # the turn whose evidence is on screen (-1: the last)

    def shown_turn(self) -> Turn | None:
        if not self.turns:
            return None
        return self.turns[self.shown] if -len(self.turns) <= self.shown < len(self.turns) else self.turns[-1]

    def _last_answered(self) -> Turn | None:
        """The turn a follow-up refers to: the last one answered (an abstention too: 'and in 2021?' after it)."""
        if self.fresh_topic:
            return None
        return next((t for t in reversed(self.turns) if t.answer is not None), None)

    def start(self, text: str) -> Turn:
        """A new pending turn, asked in the context of the last answer (none after "New topic")."""
        last = self._last_answered()
        turn = Turn(text, previous=last.answer if last else None, carried_from=last.question if last else "",
                    pending=True, fresh=self.fresh_topic)
        self.turns.append(turn)
        self.shown = -1
        return turn


def history(conv: Conversation) -> list[dict]:
    """The chat's messages: the question as typed (plain text, so editing it edits the words), then the answer."""
    messages: list[dict] = []
    for k, t in enumerate(conv.turns):
        shown = t.question if len(t.question) <= QUESTION_SHOWN else (
            f"{t.question[:QUESTION_SHOWN]}… ({len(t.question):,} characters)")
        messages.append({"role": "user", "content": shown})
        if t.pending:
            messages.append({"role": "assistant", "content": pending_html()})
        elif t.stopped:
            messages.append({"role": "assistant", "content": stopped_html()})
        elif t.error:
            messages.append({"role": "assistant", "content": error_html(t.error)})
        elif t.answer is not None:
            msg = {"role": "assistant",
                   "content": answer_html(t.answer, t.table, len(t.chart.points) if t.chart else 0,
                                          buttons=k == len(conv.turns) - 1)}
            if t.answer.suggestions:
                msg["options"] = [{"value": s, "label": s} for s in t.answer.suggestions[:3]]
            messages.append(msg)
    return messages


def _quoted(text: str, limit: int = 120) -> str:
    return esc(text if len(text) <= limit else text[:limit] + "…")


def context_html(conv: Conversation) -> str:
    """The line under the chat: exactly what the last question took from the one before, and what a
    follow-up would refer to now."""
    hint = ('<span class="fq-muted">Follow-ups like “and net income?” or “what about 2021?” take the company, '
            'line item and period they leave out from your last question; a full question stands alone.</span>')
    if conv.fresh_topic:
        return '<div class="fq-context fq-context-off" id="fq-context-line">New topic: the next question stands on its own.</div>'
    last = conv.turns[-1] if conv.turns else None
    if last is None:
        return f'<div class="fq-context fq-context-off" id="fq-context-line">{hint}</div>'
    if last.pending:
        said = (f'“{_quoted(last.question, 80)}” is read against “{_quoted(last.carried_from)}”: it takes only what '
                'it leaves open.' if last.previous is not None else f'“{_quoted(last.question, 80)}” is asked as written.')
    elif last.answer is None:
        said = f'“{_quoted(last.question, 80)}” was not answered' + (
            f'; follow-ups still refer to “{_quoted(last.carried_from)}”.' if last.previous is not None else '.')
    elif last.carried:
        took = " · ".join(f"<b>{esc(c)}</b>" for c in last.carried)
        said = (f'“{_quoted(last.question, 80)}” took {took} from “{_quoted(last.carried_from)}”; '
                'everything else is as you wrote it.')
    else:
        said = f'“{_quoted(last.question, 80)}” was asked as written: nothing was carried from earlier questions.'
    return f'<div class="fq-context" id="fq-context-line" role="status"><span class="fq-carried">{said}</span> {hint}</div>'
