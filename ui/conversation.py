"""One browser session's conversation: its turns, what each follow-up took from the question before
it, and the chat messages and context line drawn from them (no Gradio events here).

A turn takes from the earlier question only what its own text leaves open (``qa.followup.carried``);
a self-contained question takes nothing and is answered exactly as when asked first. The line
under the chat says, for the last question, exactly what was carried and from which question.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from index.errors import FilingQAError
from qa import Answer, Citation, Question
from qa.followup import Carried, carried
from qa.question import parse_question

from .answer_table import CitedTable
from .answer_view import answer_html, error_html, pending_html, stopped_html
from .charts import Chart
from .formatting import company_name, esc

__all__ = ["Turn", "Conversation", "history", "context_html", "carried_parts"]

QUESTION_SHOWN = 400  # characters of a long paste echoed back


@dataclass
class Turn:
    question: str
    answer: Answer | None = None
    error: str = ""
    carried: Carried = field(default_factory=Carried)  # what this question took from the one before
    carried_from: str = ""  # that question, as the user typed it
    previous: Question | None = None  # the context it was asked in (a retry asks in the same one)
    table: CitedTable | None = None
    chart: Chart | None = None
    chart_citations: tuple[Citation, ...] = ()
    pending: bool = False
    stopped: bool = False  # the user pressed Stop before the answer came
    fresh: bool = False  # asked after "New topic" (asking it again must not follow up either)
    feedback: str | None = None  # "Like" | "Dislike" as shown on the answer's thumbs


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
        return next((t for t in reversed(self.turns) if t.answer is not None), None)

    def context(self):
        """What a follow-up would refer to: the question as the engine read it for the last answer
        (``answer.extra["question"]``, passed back as ``ask(previous=...)``)."""
        if self.fresh_topic:
            return None
        last = self._last_answered()
        return last.answer.extra.get("question") if last is not None else None

    def context_text(self) -> str:
        last = None if self.fresh_topic else self._last_answered()
        return last.question if last is not None and self.context() is not None else ""

    def start(self, text: str, directory=None) -> Turn:
        """A new pending turn, with what it takes from the current context worked out before it is asked."""
        previous = self.context()
        if previous is not None and not isinstance(previous, Question):
            # an answering core that reads questions into another form: it decides what a follow-up takes
            turn = Turn(text, previous=previous, carried_from=self.context_text(), pending=True, fresh=self.fresh_topic)
            self.turns.append(turn)
            self.shown = -1
            return turn
        try:
            take = carried(parse_question(text, directory), previous)
        except FilingQAError:
            take = Carried()
        turn = Turn(text, carried=take, carried_from=self.context_text() if take else "",
                    previous=previous if take else None, pending=True, fresh=self.fresh_topic)
        self.turns.append(turn)
        self.shown = -1
        return turn


def history(conv: Conversation) -> list[dict]:
    """The chat's messages: the question as typed (plain text, so editing it edits the words), then the answer."""
    messages: list[dict] = []
    for t in conv.turns:
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
                   "content": answer_html(t.answer, t.table, len(t.chart.points) if t.chart else 0)}
            if t.answer.suggestions:
                msg["options"] = [{"value": s, "label": s} for s in t.answer.suggestions[:3]]
            messages.append(msg)
    return messages


def carried_parts(take: Carried) -> list[str]:
    """'company Apple', 'period the six months ended Mar. 29, 2025', 'line item “net sales”'."""
    parts = []
    if take.companies:
        parts.append("company " + ", ".join(company_name(e) for e in take.companies))
    if take.periods:
        parts.append("period " + ", ".join(p.describe() for p in take.periods))
    if take.line_item:
        words = take.line_item if len(take.line_item) <= 80 else take.line_item[:80] + "…"
        parts.append(("line item with the new member " if take.member_swapped else "line item ") + f"“{words.strip()}”")
    return parts


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
    if last.previous is not None and not isinstance(last.previous, Question):
        said = (f'“{_quoted(last.question, 80)}” was asked with “{_quoted(last.carried_from)}” as its context; '
                'the answer says what it took from it.')
    elif last.carried:
        took = " · ".join(f"<b>{esc(p)}</b>" for p in carried_parts(last.carried))
        said = (f'“{_quoted(last.question, 80)}” took {took} from “{_quoted(last.carried_from)}”; '
                'everything else is as you wrote it.')
    else:
        said = f'“{_quoted(last.question, 80)}” was asked as written: nothing was carried from earlier questions.'
    return f'<div class="fq-context" id="fq-context-line" role="status"><span class="fq-carried">{said}</span> {hint}</div>'
