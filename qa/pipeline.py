"""The answering pipeline: read -> find -> resolve -> check -> present.

    plan    = read(question)                      qa.read     the question, read once
    draft   = resolve(plan)  (finding as it goes) qa.resolve  one resolver per operation; qa.find ranks facts
    answer  = compose(draft)                      qa.present  words and citations
    verdict = judge(plan, draft, answer)          qa.check    shares nothing with qa.find
    return conclude(answer, verdict)              qa.present  verified, unsure, or an honest abstention
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from functools import partial

from index.embed import Embedder, default_embedder
from index.scope import resolve_scope
from index.store import IndexReader

from .answer import Answer
from .check import Verdict, judge
from .find.candidates import Finder
from .plan import Op, QueryPlan
from .present import abstention, compose, joined
from .read import Reader
from .read.companies import CompanyDirectory
from .resolve import Context, Draft, Unanswerable, resolve, with_named_spans
from .resolve.prose import asks_figure, prose_change, prose_number
from .resolve.text import text
from .spelling import Speller

__all__ = ["Pipeline"]

_SCOPES_KEPT = 64  # pipelines over a scope kept per index (the TAT-QA eval asks within hundreds of pages)


def _quoted(ctx: Context, vector, **how) -> Draft | None:
    """The text's sentence for the question, read as ``how`` says (``nil``: a sentence saying there was none of what
    was asked, 'We had no investing activities in 2019 and 2018'; ``prose``: no figure asked and the line found does
    not say what was, a sentence holding most of the question's words), quoted; None when no sentence does."""
    try:
        return text(ctx, vector, **how)
    except Unanswerable:
        return None


def _name_unsaid(plan: QueryPlan, draft: Draft) -> bool:
    """The question names a member ('Blizzard') that no line found prints: the line is the whole, not the member."""
    from .lexicon.words import canonical_tokens

    said = {t for i in draft.inputs for t in canonical_tokens(f"{i.fact.label} {i.fact.member_text}")}
    return any(n not in said for it in plan.items for n in it.names)


_PROSE_TELLS = {Op.LOOKUP: prose_number, Op.CHANGE: prose_change, Op.GROWTH: prose_change, Op.SERIES: partial(_quoted, nil=True)}


class Pipeline:
    def __init__(self, reader: IndexReader, embedder: Embedder | None = None, *, scope: str = "",
                 parent: "Pipeline | None" = None):
        self.reader = reader
        self._embedder = embedder
        self._lock = threading.Lock()
        self.scope = scope  # the `within` words this pipeline's reader view keeps to ('' = the whole index)
        self._parent = parent  # the pipeline over the whole index (a scope's view shares its question vectors)
        self._scoped: dict[str, Pipeline] = {}
        self.directory = CompanyDirectory(reader.entities())
        self.questions = Reader(self.directory, Speller(reader.label_words()))
        self.finder = Finder(reader, self.vector)
        self._vectors: dict[str, object] = {}

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = default_embedder("query")
        return self._embedder

    def within(self, within: str) -> "Pipeline":
        """This pipeline over a view of the index that sees only the filing(s) or company ``within``
        names (a file name, filing id, company name, ticker or CIK): every fact query and passage
        search keeps to it. ScopeNotFound names what the index holds when nothing matches."""
        if self._parent is not None:
            return self._parent.within(within)
        words = " ".join(str(within or "").split())
        with self._lock:
            hit = self._scoped.pop(words, None)
            if hit is not None:
                self._scoped[words] = hit  # most recently used last
                return hit
        scope = resolve_scope(self.reader, words)
        scoped = Pipeline(self.reader.within(scope.filing_ids), self._embedder, scope=words, parent=self)
        with self._lock:
            self._scoped[words] = scoped
            while len(self._scoped) > _SCOPES_KEPT:
                self._scoped.pop(next(iter(self._scoped)))
        return scoped

    def vector(self, text: str):
        """A question is embedded once, however many retrieval steps ask for it."""
        if self._parent is not None:
            return self._parent.vector(text)
        with self._lock:
            cached = self._vectors.get(text)
        if cached is None:
            cached = self.embedder.encode([text])[0]
            with self._lock:
                if len(self._vectors) > 256:
                    self._vectors.clear()
                self._vectors[text] = cached
        return cached

    def _question_vector(self, plan: QueryPlan):
        """The question's embedding, computed when a passage search first needs it: most questions
        are answered from the fact table alone, and embedding is the largest part of their time."""
        return lambda: self.vector(plan.core or plan.text)

    def read(self, question: str, previous=None, within: str | None = None) -> QueryPlan:
        before = previous.extra.get("plan") if isinstance(previous, Answer) else previous
        return self.questions.read(question, previous=before if isinstance(before, QueryPlan) else None, scope=within or "")

    def ask(self, question: str, *, within: str | None = None, previous=None) -> Answer:
        words = " ".join(str(within or "").split())
        if words and words != self.scope:  # answered by the view of that scope only
            return self.within(words).ask(question, within=words, previous=previous)
        t0 = time.perf_counter()
        plan = self.read(question, previous, self.scope)
        if plan.parts:  # two questions in one: each answered and judged alone, then said together
            # a part no reported fact answers may be told by the text ('what rate do the notes carry, and when do they mature?')
            results = [self._answer(part, quote_unfound=True) for part in plan.parts]
            answer = joined(plan.text, [a for a, _, _ in results])
            verdict = Verdict(all(v.verified for _, _, v in results) and not answer.abstained,
                              problems=tuple(dict.fromkeys(p for a, _, v in results if not a.abstained for p in v.problems)))
            return self._finish(answer, plan, None, verdict, t0)
        answer, draft, verdict = self._answer(plan)
        return self._finish(answer, plan, draft, verdict, t0)

    def _answer(self, plan: QueryPlan, quote_unfound: bool = False) -> tuple[Answer, Draft | None, Verdict]:
        ctx = with_named_spans(Context(self.reader, self.finder, plan))  # '2021-2022' heading a column: that column
        plan = ctx.plan
        try:
            draft = resolve(ctx, self._question_vector(plan))
        except Unanswerable as e:
            printed = self._printed_measure(plan)
            if printed is None:
                if quote_unfound and plan.operation is Op.LOOKUP and not plan.unknown_companies:
                    return self._answer(plan.with_(operation=Op.TEXT))
                return abstention(plan.text, e.reason, e.suggestions, e.near), None, Verdict(False)
            plan, draft = printed
            ctx = Context(self.reader, self.finder, plan)
        answer = compose(draft)
        verdict = judge(plan, draft, answer, self.reader)
        if (verdict.fatal or verdict.line_unsaid) and plan.operation in _PROSE_TELLS and draft.operation != "sum":
            # (a whole added up from the rows that make it up names none of them as the whole: no reason to quote)
            # the table row found is not what was asked; numbers the text states may be (quoted, never verified)
            quoted = _PROSE_TELLS[plan.operation](ctx, self._question_vector(plan))
            if quoted is None and plan.operation is Op.LOOKUP:
                quoted = _quoted(ctx, self._question_vector(plan), nil=True)
            if quoted is None and plan.operation is Op.CHANGE and verdict.line_unsaid and plan.formula is None and _name_unsaid(plan, draft):
                # 'the decrease in Blizzard net bookings': the line found is the whole, a sentence states the member's change
                quoted = _quoted(ctx, self._question_vector(plan), figure=True)
            if quoted is None and plan.operation is Op.LOOKUP and verdict.line_unsaid and not asks_figure(plan):
                quoted = _quoted(ctx, self._question_vector(plan), prose=True)
            if quoted is not None:
                answer, draft = compose(quoted), quoted
                verdict = judge(plan, draft, answer, self.reader)
        if verdict.fatal:
            answer = abstention(plan.text, verdict.fatal[0], near=draft.facts[:1])
        return answer, draft, verdict

    def _printed_measure(self, plan: QueryPlan) -> tuple[QueryPlan, Draft] | None:
        """A lexicon measure that cannot be computed ('Adjusted EBITDA': no operating income printed) may be a line the
        document prints under that name: the question read again with the measure's words as a line's (else the first
        reading's reason stands). A share or ratio read so is the formula's own work, not a line's. The company's
        definition of the line is its own, so the judge is told (qa.check: never verified)."""
        if plan.formula is None or plan.formula.defined_by_user or plan.parts or plan.carried:
            return None
        again = self.questions.read(plan.text, scope=plan.scope, formulas=False)
        if again.formula is not None or again.operation in (Op.TEXT, Op.SHARE, Op.RATIO) or not again.items \
                or not again.items[0].words:
            return None
        try:
            draft = resolve(Context(self.reader, self.finder, again), self._question_vector(again))
        except Unanswerable:
            return None
        return again, replace(draft, extra={**draft.extra, "printed_measure": plan.formula.name})

    def _finish(self, answer: Answer, plan: QueryPlan, draft: Draft | None, verdict: Verdict, t0: float) -> Answer:
        notes = list(answer.notes)
        if plan.fixes:
            said = ", ".join(f"“{a}” as “{b}”" for a, b in plan.fixes)
            notes.append(f"Read {said}.")
        if plan.carried:
            notes.append("Kept from the previous question: " + "; ".join(plan.carried) + ".")
        text = answer.text
        problems = list(verdict.problems) if not answer.abstained else []
        if problems and not answer.abstained:
            text = f"{text} Not verified: {problems[0]}"
        if plan.fixes:
            text += f" ({notes[len(answer.notes)]})"
        return replace(
            answer, text=text, verified=verdict.verified and not answer.abstained, notes=tuple(notes),
            latency_ms=(time.perf_counter() - t0) * 1000,
            extra={**answer.extra, "plan": plan, "question": plan, "fit_problems": problems,
                   "verify_problems": list(verdict.all), "confidence": draft.confidence if draft else 0.0,
                   "carried": plan.carried},
        )
