"""The answering engine: question -> facts or passages -> pick or compute -> verify -> Answer.

It reads the index only through :class:`index.store.IndexReader`. Nothing here is specific to a
filing: every number comes from the fact table or a quoted sentence, and every answer is checked
by :func:`qa.verify.verify` before it is returned.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, replace
from decimal import Decimal

from index.embed import Embedder, default_embedder
from index.facts import Fact, Period
from index.parsers.numbers import canonical, format_number
from index.parsers.prose import sentence_numbers, sentences
from index.store import IndexReader

from .answer import Answer, AnswerStatus, Citation, Computation
from .match import ScoredFact, find_facts, label_says_exactly, latest_first, same_value
from .metrics import find_metric
from .narrative import (best_sentences, company_spellings, mention_for, narrative_intent, passage_citation, prose_count,
                        prose_numbers, retrieve, states_quantity)
from .textfacts import kind_asked, text_fact_answer
from .present import chunk_citation, fact_citation, format_value, mention_citation, period_phrase
from .entities import EntityDirectory
from .followup import follow_up
from .spelling import Speller
from .question import PeriodAsk, Question, parse_question
from .fit import FitReport, check_fit
from .multiyear import average_over_years
from .verify import verify
from .vocabulary import GENERIC_LABEL_WORDS, MODIFIER_WORDS, QUESTION_WORDS, canonical_tokens, concept_words

__all__ = ["Engine"]

_RECIPIENTS = re.compile(r"\b(non-?employees?|independent directors?|directors and employees|external consultants?|consultants?|employees|directors?)\b", re.I)
_FLOW_LABEL = re.compile(r"\b(grant\w*|issu\w*|vest\w*|receiv\w*|forfeit\w*|exercis\w*|invest\w*|repurchas\w*)\b", re.I)


@dataclass
class _Pick:
    """A chosen value: the facts that report it (first = primary) and the facts that disagree."""

    facts: list[ScoredFact]
    conflicts: list[ScoredFact]
    exact_rival: ScoredFact | None = None  # another line whose printed label is the question's words exactly

    @property
    def primary(self) -> ScoredFact:
        return self.facts[0]


class Engine:
    def __init__(self, reader: IndexReader, embedder: Embedder | None = None):
        self.reader = reader
        self._embedder = embedder
        self.directory = EntityDirectory(reader.entities())
        self.speller = Speller(reader.label_words())
        self._vectors: dict[str, object] = {}

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = default_embedder("query")
        return self._embedder

    # ------------------------------------------------------------------------------------------
    def ask(self, text: str, previous: Question | None = None) -> Answer:
        t0 = time.perf_counter()
        parse_question(text)  # validates before anything is corrected
        corrected, fixes = self.speller.correct(text)
        q = replace(parse_question(corrected, self.directory), text=" ".join(text.split()))
        if previous is not None:
            q = follow_up(q, previous)
        answer = self._with_snippets(self._answer(q))
        if fixes:
            said = ", ".join(f"“{a}” as “{b}”" for a, b in fixes)
            answer = replace(answer, text=f"{answer.text} (Read {said}.)", notes=answer.notes + (f"Read {said}.",))
        ok, problems = verify(answer)
        fit = check_fit(corrected, answer, self.reader.facts_by_id, self.directory, self._same_line_item,
                        context=(previous.core or previous.text) if previous is not None else "",
                        reported=self._reported_as)
        if (not answer.abstained and answer.value is None and not any(c.kind == "fact" for c in answer.citations)
                and (q.unit_kind in ("money", "count", "per_share", "percent") or not q.narrative)):
            # a number was asked for and a passage came back: useful to read, not a verified figure
            fit = FitReport(fit.problems + ("The question asks for a number; the answer quotes a passage instead.",),
                            fit.kind or "prose")
        if fit.problems and fit.kind != "prose":
            # a computed measure that does not fit is not rescued by some number the text states
            quoted = self._from_prose(q) if answer.kind != "narrative" and answer.computation is None else None
            if quoted is not None and not quoted.abstained:
                # the table row found is not what was asked, but the text states it: quote it, unverified
                answer, ok = self._with_snippets(quoted), False
                fit = FitReport(("The number is quoted from the filing's text, not a tagged table value.",), "prose")
            else:
                answer = self._does_not_fit(q, answer, fit.problems)
                ok = False
        elif fit.problems:
            ok = False
        if answer.extra.get("rival_line") and not answer.abstained:
            ok, fit = False, FitReport(fit.problems + (answer.extra["rival_line"],), fit.kind or "line")
        answer = replace(answer, verified=ok, latency_ms=(time.perf_counter() - t0) * 1000,
                         extra={**answer.extra, "question": q, "verify_problems": problems + list(fit.problems),
                                "fit_problems": list(fit.problems)})
        return answer

    def _same_line_item(self, f: Fact) -> list[Fact]:
        """Facts of the same filing and line item (its total and its other members)."""
        if f.concept:
            return self.reader.query_facts("filing_id = ? AND concept = ?", [f.filing_id, f.concept], limit=400)
        return self.reader.query_facts("filing_id = ? AND label = ?", [f.filing_id, f.label], limit=400)

    def _reported_as(self, filing_id: str, concept_local: str) -> list[Fact]:
        """The filing's facts of a concept, whatever its prefix."""
        return self.reader.query_facts("filing_id = ? AND (concept = ? OR concept LIKE ?)",
                                       [filing_id, concept_local, f"%:{concept_local}"], limit=50)

    def _does_not_fit(self, q: Question, answer: Answer, problems: tuple[str, ...]) -> Answer:
        """The facts found are not the period, company, member or line item asked: say what was
        found instead, and do not give it as the answer."""
        reason = problems[0]
        text = (f"I can't answer that exactly from the indexed filings. {reason} "
                "The closest reported figure is cited below, but it is not what was asked.")
        return replace(answer, status=AnswerStatus.ABSTAINED, text=text, value=None, unit=None, kind="abstain",
                       reason=reason, computation=None, notes=answer.notes + tuple(problems[1:]))

    def _with_snippets(self, answer: Answer) -> Answer:
        """Fill each fact citation's snippet with the row it was read from, as the table prints it."""
        ids = [c.fact_id for c in answer.citations if c.kind == "fact" and c.fact_id]
        if not ids:
            return answer
        chunks = self.reader.chunks_for_facts(ids)
        cites = tuple(
            replace(c, snippet=chunks[c.fact_id].display, chunk_id=chunks[c.fact_id].chunk_id)
            if c.kind == "fact" and c.fact_id in chunks else c
            for c in answer.citations
        )
        return replace(answer, citations=cites)

    def _answer(self, q: Question) -> Answer:
        if not q.tokens and not (q.narrative or kind_asked(q)):
            return self._abstain(q, "The question names no metric to look up.", suggest=True)
        if q.unknown_entities and not q.entities:
            names = " or ".join(f"“{n}”" for n in q.unknown_entities[:2])
            return self._abstain(q, f"No filing of {names} is in this index, so nothing here can answer for it. "
                                    "Ingest its filings first, or ask about a company the index holds.")
        if _FORWARD.search(q.metric_text) and not q.hints.definitions:
            # a target, guidance or plan is stated in the text, never a reported fact: find the sentence
            stated = self._narrative(replace(q, narrative=True, operation=None))
            if not stated.abstained:
                return stated
        if (averaged := average_over_years(q, self._answer, self._abstain)) is not None:  # 'FY20 - FY22 3 year average of …'
            return averaged
        if (derived := self._derived(q)) is not None:  # a derived metric named (qa/formulas.py)
            return derived
        if q.narrative or kind_asked(q):
            return self._narrative(q)
        if q.operation in ("change", "growth") and len(_distinct_periods(q)) >= 2:
            return self._two_periods(q)
        if q.operation in ("sum", "difference") and not q.operands and len(_distinct_periods(q)) >= 2:
            return self._two_periods(q, in_question_order=True)  # 'total in 2022 and 2023', 'more in 2021 than in 2022'
        if q.operation in ("sum", "difference", "ratio", "compare") and len(q.entities) == 2:
            return self._two_entities(q)
        if q.operation == "sum" and q.operands and (whole := self._one_line_named(q)):
            return self._lookup(replace(q, operation=None, operands=(), operand_texts=(), tokens=whole))
        if q.operation in ("sum", "difference", "ratio", "compare") and q.operands:
            return self._two_operands(q)
        if q.operation == "difference" and len(_distinct_periods(q)) >= 2:
            return self._two_periods(replace(q, operation="change"))
        return self._lookup(q)

    # --- lookups ---------------------------------------------------------------------------------
    def _vector(self, q: Question):
        # one question is embedded once, however many retrieval steps ask for it
        text = q.core or q.text  # instruction text around the question is not what to search for
        cached = self._vectors.get(text)
        if cached is None:
            cached = self.embedder.encode([text])[0]
            if len(self._vectors) > 256:
                self._vectors.clear()
            self._vectors[text] = cached
        return cached

    def _dense_context(self, q: Question, vec) -> tuple[list[str], list[str]]:
        """Facts of the passages nearest the question, and those passages' companies, best first."""
        hits = [h.chunk_id for h in self.reader.dense_chunks(vec, k=8)]
        chunks = self.reader.chunk_briefs(hits)  # one query, not one per hit; no text needed
        return [fid for c in chunks for fid in c.fact_ids], list(dict.fromkeys(c.entity for c in chunks))

    def _pick(self, q: Question, tokens: tuple[str, ...] | None = None,
              line_item: str | None = None) -> tuple[_Pick | None, list[ScoredFact]]:
        vec = self._vector(q)
        fact_ids, companies = self._dense_context(q, vec)
        matched, fitting = find_facts(self.reader, q, tokens, fact_ids, company_hint=companies)
        if line_item is not None:  # the other period of a change must be the same line item
            matched = [sf for sf in matched if _line_key(sf.fact) == line_item]
            fitting = [sf for sf in fitting if _line_key(sf.fact) == line_item]
        matched = [sf for sf in matched if sf.fact.value is not None or sf.fact.text_value]
        if not matched:
            return None, fitting
        top = matched[0].score
        pool = [sf for sf in matched if sf.score >= 0.8 * top]
        certain = [sf for sf in pool if sf.period_certain]
        if certain:
            pool = certain + [sf for sf in pool if not sf.period_certain and any(same_value(sf.fact, c.fact) for c in certain)]
        elif q.periods and len({sf.fact.value for sf in pool if sf.fact.value is not None}) > 1:
            # every candidate's period is uncertain and they disagree: the layout cannot tell which is asked
            return _Pick([], pool), fitting
        if not q.periods or q.periods[0].wants_latest:
            pool = latest_first(pool)
        else:
            # equal matches: the latest filing first (a later report restates an earlier one)
            pool.sort(key=lambda sf: (-round(sf.score, 6), -(sf.fact.report_date.toordinal() if sf.fact.report_date else 0),
                                      sf.fact.source, sf.fact.row_index))
        first = pool[0]
        if not q.entities:
            # several companies report this and the question names none: keep to the best-scoring one,
            # and let the answer say which company it is
            pool = [sf for sf in pool if sf.fact.entity == first.fact.entity]
        same = [sf for sf in pool if same_value(sf.fact, first.fact) or sf is first]
        others = [sf for sf in pool if sf not in same]
        conflicts = [sf for sf in others if _periods_overlap(sf, first)]
        toks = tokens if tokens is not None else q.tokens
        exact = None
        if not label_says_exactly(toks, first.fact):
            declared = _declared_metric(q.metric_text, first.fact) if tokens is None else None
            exact = next((sf for sf in matched if sf.fact.entity == first.fact.entity and sf.fact.value is not None
                          and not same_value(sf.fact, first.fact)
                          and sf.period_certain and _periods_overlap(sf, first) and label_says_exactly(toks, sf.fact)
                          # 'net income' is the metric's own concept; a 'Net income' row of another table
                          # (the redeemable-interest roll-forward) does not make it uncertain
                          and not (declared and sf.fact.title != first.fact.title)), None)
        return _Pick(same, conflicts + [sf for sf in others if sf not in conflicts], exact), fitting

    def _one_line_named(self, q: Question) -> tuple[str, ...] | None:
        """'total liabilities and stockholders' equity' is one printed line, not a sum of two: its
        words, 'total' kept, when the filing prints such a line."""
        whole = tuple(dict.fromkeys(q.tokens + tuple(canonical_tokens("total"))))
        pick, _ = self._pick(replace(q, operation=None), tokens=whole)
        return whole if pick is not None and pick.facts and label_says_exactly(whole, pick.primary.fact) else None

    def _lookup(self, q: Question) -> Answer:
        pick, fitting = self._pick(q)
        if pick is not None and not pick.facts:
            return self._ambiguous(q, pick.conflicts)
        if pick is None:
            prose = self._from_prose(q)
            if prose is not None:
                return prose
            if q.unit_kind is None and not fitting:
                # no number was asked for in so many words: the question may be about the text
                narrative = self._narrative(q)
                if not narrative.abstained:
                    return narrative
            return self._no_fact(q, fitting)
        # several different values on different dates within one asked year: a flow summed over the year
        summed = self._year_sum(q, pick)
        if summed is not None:
            return summed
        return self._lookup_answer(q, pick)

    def _lookup_answer(self, q: Question, pick: _Pick) -> Answer:
        sf = pick.primary
        f = sf.fact
        cites: list[Citation] = [fact_citation(f)]
        for other in pick.facts[1:3]:
            if other.fact.source != f.source or other.fact.title != f.title:
                cites.append(fact_citation(other.fact))
        value_text = format_value(f.value, f.unit, raw=f.raw, scale=q.scale, text_value=f.text_value)
        printed = _printed_note(f)
        members = f" ({f.member_text})" if f.dimensions else ""
        when = period_phrase(f, sf.matching_periods)
        who = f"{f.entity} — " if f.entity else ""
        text = f"{who}{f.label}{members}: {value_text}{printed} {when} [1]."
        if len(cites) > 1:
            text += " The same figure is reported in " + ", ".join(
                f"{c.source} ({c.title}, row “{c.row}”) [{i + 1}]" for i, c in enumerate(cites) if i > 0
            ) + "."
        notes = self._notes(q, sf, pick) + self._conflict_notes(sf, pick, cites) + self._text_contradictions(q, f, cites)
        rival = pick.exact_rival or _rival_line(sf, pick, q.tokens)
        extra = {}
        if rival is not None:  # said at the top of the notes, with its own citation: the reader picks
            if not any(c.fact_id == rival.fact.fact_id for c in cites):
                cites.append(fact_citation(rival.fact))
            n = next(i for i, c in enumerate(cites, 1) if c.fact_id == rival.fact.fact_id)
            extra["rival_line"] = (f"Not verified: the question's words fit “{rival.fact.label}” "
                                   f"({format_value(rival.fact.value, rival.fact.unit, raw=rival.fact.raw)}) [{n}] about as well "
                                   f"as “{f.label}”; the answer is the closer fit, not a certain one.")
            notes = [extra["rival_line"]] + [x for x in notes if f"[{n}]" not in x]
        if notes:
            text += " " + " ".join(notes)
        return Answer(
            question=q.text, status=AnswerStatus.ANSWERED, text=text,
            value=f.value if f.value is not None else None, unit=f.unit, citations=tuple(cites),
            period=f.period.iso() if f.period else " | ".join(p.iso() for p in sf.matching_periods),
            kind="lookup", notes=tuple(notes), extra=extra,
        )

    def _text_contradictions(self, q: Question, f: Fact, cites: list[Citation]) -> list[str]:
        """Prose of the same company that states another amount for the same line item and date.

        The tagged fact stays the answer (a sentence can be wrong, stale, or planted); the other
        figure is quoted and cited so the reader sees the contradiction instead of a silent choice.
        Strict on purpose: the sentence must name the line item and tie the number to the fact's date.
        """
        if f.value is None or not f.unit or len(f.unit) != 3 or f.period is None:
            return []
        item = {t for t in canonical_tokens(f.label) if t not in GENERIC_LABEL_WORDS}
        members = {t for m in f.dimensions for t in canonical_tokens(m.member) if t not in GENERIC_LABEL_WORDS}
        if not item:
            return []
        passages = [p for p in retrieve(self.reader, q, self._vector(q), k=4, kinds=("text",))
                    if not f.entity or p.chunk.entity == f.entity]

        def same_amount(v: Decimal) -> bool:
            return any(abs(v.scaleb(k) - abs(f.value)) <= abs(f.value) * Decimal("0.01") for k in (0, 3, 6, 9))

        for p in passages:
            for sentence in sentences(p.chunk.display):
                words = set(canonical_tokens(sentence))
                if not item <= words or (members and not members & words):
                    continue  # not clearly about this line item (and member)
                if (words & _QUALIFIERS) - set(canonical_tokens(f.label + " " + f.member_text)):
                    continue  # 'restricted cash', 'unearned revenue': a different item than the fact's
                numbers = sentence_numbers(sentence).numbers
                if any(same_amount(v) for _, v, _, _ in numbers if v):
                    continue  # the sentence states the tagged amount: no contradiction
                for text, value, currency, dates in numbers:
                    if currency == f.unit and value and any(d.end == f.period.end for d in dates) \
                            and not self._is_reported(f.filing_id, value):
                        cites.append(chunk_citation(p.chunk, sentence))
                        return [f"The text of {p.chunk.source} states a different figure: “{sentence}” [{len(cites)}]; "
                                f"the answer keeps the tagged value."]
        return []

    def _is_reported(self, filing_id: str, value: Decimal) -> bool:
        """Is this amount (at any scale) a tagged fact of the filing? Then the sentence is about that fact."""
        for k in (0, 3, 6, 9):
            v = float(abs(value.scaleb(k)))
            if self.reader.query_facts("filing_id = ? AND abs(value_num) BETWEEN ? AND ?",
                                       [filing_id, v * 0.995, v * 1.005], limit=1):
                return True
        return False

    def _notes(self, q: Question, sf: ScoredFact, pick: _Pick) -> list[str]:
        f = sf.fact
        notes: list[str] = []
        if f.period is None and len(f.candidate_periods) > 1:
            if q.periods and sf.matching_periods:
                asked = ", ".join(a.describe() for a in q.periods)
                notes.append(
                    f"Period: the flattened table leaves this cell's column open ({_count(len(f.candidate_periods))} dates are "
                    f"possible); it is the value of this line item whose possible columns include {asked}."
                )
            else:
                notes.append(f"Period: the flattened table leaves this cell's column open ({_count(len(f.candidate_periods))} dates are possible).")
        if "sources disagree" in f.period_basis:
            notes.append("Sources disagree on the date: " + f.period_basis.split("sources disagree: ", 1)[1].split("; unit")[0] + ".")
        notes.extend(self._member_disagreement(f))
        return notes

    def _conflict_notes(self, sf: ScoredFact, pick: _Pick, cites: list[Citation]) -> list[str]:
        """Different values for the same line item and period: shown, with their own citations."""
        f = sf.fact
        out = []
        for c in pick.conflicts[:2]:
            same_item = (c.fact.label, c.fact.dimensions) == (f.label, f.dimensions)
            if c.fact.value is None or f.value is None or c.fact.value == f.value or not _periods_overlap(c, sf):
                continue
            cites.append(fact_citation(c.fact))
            restated = (c.fact.concept and c.fact.concept == f.concept and c.fact.entity == f.entity
                        and c.fact.filing_id != f.filing_id and c.fact.period == f.period)
            if restated:
                out.append(
                    f"Restated: an earlier filing ({c.fact.source}) reported "
                    f"{format_value(c.fact.value, c.fact.unit, raw=c.fact.raw)} for the same period [{len(cites)}]; "
                    f"the answer uses the latest filing."
                )
                continue
            what = "this line item" if same_item else f"“{c.fact.label}”"
            out.append(
                f"Also reported for {what}, with a period that may overlap: "
                f"{format_value(c.fact.value, c.fact.unit, raw=c.fact.raw)} ({c.fact.source}) [{len(cites)}]."
            )
        return out

    def _member_disagreement(self, f: Fact) -> list[str]:
        """A note sentence that states this number but names a different recipient than the table's member."""
        if f.value is None or not f.dimensions or abs(f.value) < 1000:
            return []
        fact_who = {m.member.lower() for m in f.dimensions}
        out = []
        for m in self.reader.mentions_of([_printed_number(f)]):
            if not m.sentence or m.source == f.source:
                continue
            said = {w.lower() for w in _RECIPIENTS.findall(m.sentence)}
            said_norm = {_norm_who(w) for w in said}
            fact_norm = {_norm_who(w) for w in fact_who}
            if said_norm and not (said_norm & fact_norm):
                quote = m.sentence if len(m.sentence) < 200 else m.sentence[:197] + "…"
                out.append(
                    f"Sources disagree on the recipient: the table tags this grant to {', '.join(sorted(m2.member for m2 in f.dimensions))}, "
                    f"while {m.source} says “{quote}”"
                )
                break
        return out

    def _year_sum(self, q: Question, pick: _Pick) -> Answer | None:
        asks = [a for a in q.periods if a.relation == "in" and a.year]
        if len(asks) != 1 or not _FLOW_LABEL.search(pick.primary.fact.label):
            return None
        key = (pick.primary.fact.label, pick.primary.fact.dimensions, pick.primary.fact.source)
        dated = [pick.primary] + [c for c in pick.conflicts if (c.fact.label, c.fact.dimensions, c.fact.source) == key]
        dated = [d for d in dated if d.fact.period is not None and d.fact.period.kind != "duration" and d.period_certain]
        ends = {d.fact.period.end for d in dated}
        if len(dated) < 2 or len(ends) != len(dated):
            return None
        dated.sort(key=lambda d: d.fact.period.end)
        cites = tuple(fact_citation(d.fact) for d in dated)
        total = canonical(sum((d.fact.value for d in dated), Decimal(0)))
        f = dated[0].fact
        parts = " + ".join(f"{format_value(d.fact.value, d.fact.unit)} on {d.fact.period.end:%b. %d, %Y} [{i + 1}]" for i, d in enumerate(dated))
        members = f" ({f.member_text})" if f.dimensions else ""
        text = (f"{f.label}{members} in {asks[0].year}: {format_value(total, f.unit, scale=q.scale)}, the sum of the "
                f"{len(dated)} amounts dated in that year: {parts}.")
        comp = Computation(operation="sum", formula=" + ".join(f"[{i + 1}]" for i in range(len(dated))),
                           inputs=tuple(range(len(dated))), result=total)
        notes = [n for d in dated for n in self._member_disagreement(d.fact)][:2]
        if notes:
            text += " " + " ".join(notes)
        return Answer(question=q.text, status=AnswerStatus.ANSWERED, text=text, value=total, unit=f.unit, citations=cites,
                      kind="arith", computation=comp, period=str(asks[0].year), notes=tuple(notes))

    def _ambiguous(self, q: Question, candidates: list[ScoredFact]) -> Answer:
        """Several values could be the one asked for and the filing's layout cannot tell which."""
        seen: dict = {}
        for sf in candidates:
            seen.setdefault(sf.fact.value, sf)
        options = list(seen.values())[:4]
        cites = tuple(fact_citation(sf.fact) for sf in options)
        listed = ", ".join(f"{format_value(sf.fact.value, sf.fact.unit, raw=sf.fact.raw)} [{i + 1}]" for i, sf in enumerate(options))
        asked = ", ".join(a.describe() for a in q.periods)
        reason = (f"The filing reports {listed} for “{options[0].fact.label}”, but its flattened table does not say "
                  f"which column each sits in, and more than one could be {asked}.")
        return Answer(question=q.text, status=AnswerStatus.ABSTAINED, text=f"I can't tell which value is asked for. {reason}",
                      kind="abstain", reason=reason, citations=cites,
                      suggestions=("Add the note that states these numbers with their dates (e.g. the full-year "
                                   "share-based compensation note) to the index.",))

    # --- computations ------------------------------------------------------------------------------
    def _resolve_one(self, q: Question, tokens: tuple[str, ...], periods: tuple[PeriodAsk, ...],
                     line_item: str | None = None) -> list[ScoredFact] | None:
        """One operand: the fact asked for, or, when the filing reports only a breakdown by members
        and the question names none of them, the members summed (the total it did not print)."""
        sub = replace(q, tokens=tokens, periods=periods, operation=None)
        pick, _ = self._pick(sub, tokens, line_item)
        if pick is None or not pick.facts:
            return None
        first = pick.primary
        if not first.item.extra_members:
            return [first]
        f = first.fact
        siblings = [sf for sf in [first] + pick.conflicts
                    if sf.fact.label == f.label and sf.fact.source == f.source and sf.fact.unit == f.unit
                    and len(sf.fact.dimensions) == len(f.dimensions) and _periods_overlap(sf, first)]
        members = {sf.fact.dimensions for sf in siblings}
        if len(members) == len(siblings) > 1:
            return siblings
        return [first]

    def _two_periods(self, q: Question, in_question_order: bool = False) -> Answer:
        asks = _distinct_periods(q)[:2]
        if not in_question_order:  # a change runs from the earlier period to the later one
            asks = sorted(asks, key=lambda a: (a.year or 0, a.day or Period.parse("1900-01-01").end))
        item = self._line_item_for_both(q, asks)
        a = self._resolve_one(q, q.tokens, (asks[0],), item)
        b = self._resolve_one(_same_company(q, a), q.tokens, (asks[1],), item)
        if not a or not b:
            missing = asks[0] if not a else asks[1]
            return self._abstain(q, f"No reported value of this line item was found for {missing.describe()}, so the "
                                    "change cannot be computed from the filings.", suggest=True)
        op = q.operation if q.operation in ("growth", "sum", "difference") else "change"
        return self._compute(q, op, a, b, labels=(asks[0].describe(), asks[1].describe()))

    def _line_item_for_both(self, q: Question, asks: list[PeriodAsk]) -> str | None:
        """The best-fitting line item reported for both periods (a change compares one thing with itself)."""
        both = replace(q, periods=tuple(asks), operation=None)
        fact_ids, companies = self._dense_context(both, self._vector(both))
        matched, _ = find_facts(self.reader, both, None, fact_ids, company_hint=companies)
        best: dict[str, float] = {}
        seen: dict[str, set[int]] = {}
        certain: dict[str, set[int]] = {}
        for sf in matched:
            key = _line_key(sf.fact)
            for i, ask in enumerate(asks):
                if any(ask.score(p, sf.fact) > 0 for p in sf.fact.periods):
                    seen.setdefault(key, set()).add(i)
                    if sf.fact.period_is_certain:
                        certain.setdefault(key, set()).add(i)
            best[key] = max(best.get(key, 0.0), sf.item.score)
        everything = set(range(len(asks)))
        complete = [k for k in best if seen.get(k) == everything]
        # a line item whose cells are dated for both periods beats one whose columns the layout leaves open
        return max(complete, key=lambda k: (certain.get(k) == everything, best[k])) if complete else None

    def _two_entities(self, q: Question) -> Answer:
        picks = []
        for name in q.entities:
            pick, _ = self._pick(replace(q, entities=(name,), operation=None))
            if pick is None:
                return self._abstain(q, f"No reported fact of {name} matches the metric and period asked.", suggest=True)
            picks.append(pick.primary)
        return self._compute(q, q.operation, picks[0], picks[1], labels=(q.entities[0], q.entities[1]))

    def _two_operands(self, q: Question) -> Answer:
        a_only, b_only = q.operands
        base = tuple(t for t in q.tokens if t not in set(a_only) | set(b_only))
        if q.operation == "ratio":
            base = ()  # 'operating margin (A divided by B)': the ratio's name is not a word of either side
        texts = q.operand_texts if len(q.operand_texts) == 2 else ("", "")
        # each side names its own metric ('operating income' / 'net sales'), not the whole question's
        a = self._resolve_one(replace(q, metric_text=texts[0] or q.metric_text), base + tuple(a_only), q.periods)
        qb = _same_company(q, a)
        b = self._resolve_one(replace(qb, metric_text=texts[1] or q.metric_text), base + tuple(b_only), q.periods)
        if not a or not b:
            which = " ".join(a_only if not a else b_only)
            return self._abstain(q, f"No reported fact was found for “{which}” with the period asked, so the "
                                    f"{q.operation} cannot be computed.", suggest=True)
        if {sf.fact.fact_id for sf in a} == {sf.fact.fact_id for sf in b}:
            return self._abstain(q, "Both parts of the question resolve to the same reported fact; ask for each part separately.")
        return self._compute(q, q.operation, a, b, labels=_distinguish(a[0].fact, b[0].fact) if len(a) == len(b) == 1
                             else (_operand_name(a), _operand_name(b)))

    def _compute(self, q: Question, op: str, a: ScoredFact | list[ScoredFact], b: ScoredFact | list[ScoredFact],
                 labels: tuple[str, str]) -> Answer:
        """op over two operands, each one fact or the sum of several (a total made of its members)."""
        side_a = a if isinstance(a, list) else [a]
        side_b = b if isinstance(b, list) else [b]
        facts = [sf.fact for sf in side_a + side_b]
        if any(f.value is None for f in facts):
            return self._abstain(q, "One of the inputs is not a number, so nothing can be computed.")
        units = {f.unit for f in facts if f.unit}
        if op in ("sum", "difference", "change", "compare") and len(units) > 1:
            return self._abstain(q, f"The figures are in different units ({', '.join(sorted(units))}); they cannot be combined.")
        cites = tuple(fact_citation(f) for f in facts)
        ia = tuple(range(len(side_a)))
        ib = tuple(range(len(side_a), len(facts)))
        va = canonical(sum((sf.fact.value for sf in side_a), Decimal(0)))
        vb = canonical(sum((sf.fact.value for sf in side_b), Decimal(0)))
        unit_a, unit_b = side_a[0].fact.unit, side_b[0].fact.unit

        def side_text(side, idx, label, value, unit) -> str:
            if len(side) == 1:
                f = side[0].fact
                return f"{format_value(f.value, f.unit, raw=f.raw)} ({label}) [{idx[0] + 1}]"
            parts = " + ".join(f"{format_value(sf.fact.value, sf.fact.unit)} ({sf.fact.member_text or sf.fact.label}) [{i + 1}]"
                               for sf, i in zip(side, idx))
            return f"{format_value(value, unit)} ({label}: {parts})"

        def ref(idx) -> str:
            return f"[{idx[0] + 1}]" if len(idx) == 1 else "(" + " + ".join(f"[{i + 1}]" for i in idx) + ")"

        desc_a, desc_b = side_text(side_a, ia, labels[0], va, unit_a), side_text(side_b, ib, labels[1], vb, unit_b)
        ra, rb = ref(ia), ref(ib)
        if op == "sum":
            result, unit = va + vb, unit_a
            text = f"{format_value(canonical(result), unit, scale=q.scale)} = {desc_a} + {desc_b}."
            formula, sides = f"{ra} + {rb}", (ia, ib)
        elif op == "difference":
            result, unit = va - vb, unit_a
            text = f"{_signed(canonical(result), unit, q.scale)} = {desc_a} − {desc_b}."
            formula, sides = f"{ra} - {rb}", (ia, ib)
        elif op == "change":
            result, unit = vb - va, unit_a
            text = (f"{side_a[0].fact.label}: {desc_b} versus {desc_a}, a change of {_signed(canonical(result), unit, q.scale)} "
                    f"(computed as {rb} − {ra}).")
            formula, sides = f"{rb} - {ra}", (ib, ia)
        elif op == "growth":
            if va == 0:
                return self._abstain(q, "The earlier value is zero, so a growth rate is undefined.")
            result, unit = (vb - va) / va, "pure"
            text = (f"{side_a[0].fact.label}: from {desc_a} to {desc_b}, a change of {_pct_text(canonical(result * 100))} "
                    f"(computed as ({rb} − {ra}) ÷ {ra}).")
            formula, sides = f"({rb} - {ra}) / {ra}", (ia, ib)
        elif op == "ratio":
            if vb == 0:
                return self._abstain(q, "The second value is zero, so the ratio is undefined.")
            result = va / vb
            unit = "pure" if unit_a == unit_b else f"{unit_a}/{unit_b}"
            text = f"The ratio of {desc_a} to {desc_b} is {_ratio_text(canonical(result))} (computed as {ra} ÷ {rb})."
            formula, sides = f"{ra} / {rb}", (ia, ib)
        else:  # compare
            result, unit = max(va, vb), unit_a
            higher = labels[0] if va >= vb else labels[1]
            text = f"{higher[:1].upper() + higher[1:]} is higher: {desc_a} versus {desc_b}."
            formula, sides = f"max({ra}, {rb})", (ia, ib)
        result = canonical(result)
        comp = Computation(operation=op, formula=formula, inputs=tuple(range(len(facts))), result=result, sides=sides)
        notes = []
        for i, f in enumerate(facts):
            if f.period is None and len(f.candidate_periods) > 1:
                notes.append(f"Period of [{i + 1}] is not pinned by the table layout ({_count(len(f.candidate_periods))} dates possible).")
        if notes:
            text += " " + " ".join(notes)
        return Answer(question=q.text, status=AnswerStatus.ANSWERED, text=text, value=result, unit=unit,
                      citations=cites, kind="arith", computation=comp, notes=tuple(notes))

    # --- derived metrics ---------------------------------------------------------------------------
    def _derived(self, q: Question) -> Answer | None:
        """A metric computed from reported ones (gross margin %, free cash flow, DSO ...), declared in
        qa/formulas.py. Each input is resolved like any lookup, all from one company, for the period
        asked (balances at its end, and at its start when averaged); the answer shows the formula with
        every input cited, and carries the arithmetic over the citations for the verifier to redo.
        None when the question names no derived metric."""
        from datetime import timedelta

        from .expression import ExpressionError, evaluate
        from .formulas import UNIT_OF, Unreadable, match_formula, metric_name, refs
        from .metrics import BY_KEY
        from .fiscal import calendar_of

        # 'Answer in units of percents' said around the question counts as saying 'percent' in it
        found = match_formula(q.text + (" (%)" if q.hints.percent else ""), q.hints.definitions)
        if found is None:
            return None
        if isinstance(found, Unreadable):
            what = f"“{found.name}”" if found.name else "what the question asks"
            return self._abstain(q, f"The question defines {what}, but “{found.operand}” in that definition is not a "
                                    "line item I can look up, so I will not compute it another way.")
        formula, hit = found
        if len(q.entities) > 1:  # each input must come from one company; two companies are two questions
            return self._abstain(q, f"{formula.name[:1].upper() + formula.name[1:]} is computed for one company at a time; "
                                    f"ask for {q.entities[0]} and {q.entities[1]} separately.")
        asks = _distinct_periods(q)
        if any(fn == "prior" for _, _, fn, _ in refs(formula.expressions[0])):
            # the formula reads the year before itself: the year-earlier period the parser added is not asked
            asks = [a for a in asks if not a.text.endswith("(a year earlier)")] or asks
        if formula.at_most_one_period and (len(asks) >= 2 or q.narrative or q.operands):
            return None  # 'growth from 2021 to 2022' is a change between two named periods
        title = formula.name[:1].upper() + formula.name[1:]

        def show(value: Decimal, unit: str | None) -> str:
            """A percentage to a tenth (28.5%), a ratio to a hundredth, days to a tenth; the value keeps full precision."""
            if formula.unit == "percent":
                pct = value * 100
                return f"{pct.quantize(Decimal('0.01') if abs(pct) < 1 else Decimal('0.1'))}%"
            if formula.unit in ("ratio", "times"):
                return f"{value.quantize(Decimal('0.01'))}" + ("×" if formula.unit == "times" else "")
            if formula.unit == "days":
                return f"{value.quantize(Decimal('0.1'))} days"
            return _signed(value, unit, q.scale) if value < 0 else format_value(value, unit, scale=q.scale)

        if (len(asks) >= 2 and q.operation in ("change", "growth", "difference") and "YEARS" not in formula.expressions[0]
                and not formula.at_most_one_period):
            # 'how did the operating margin change from 2021 to 2022': the formula for each period, then the change
            early, late = sorted(asks[:2], key=lambda a: (a.year or 0, a.day or _DATE_MIN))
            parts = [self._derived(replace(q, periods=(a,), operation=None)) for a in (early, late)]
            for part in parts:
                if part is None or part.abstained:
                    return part
            a, b = parts
            n = len(a.citations)
            renumber = lambda t: re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + n}]", t)
            ea, eb = a.computation.expression, renumber(b.computation.expression)
            relative = q.operation == "growth" and formula.unit == "money"
            expr = f"(({eb}) - ({ea})) / ({ea})" if relative else f"({eb}) - ({ea})"
            cites = a.citations + b.citations
            try:
                delta = canonical(evaluate(expr, {i + 1: Decimal(c.value) for i, c in enumerate(cites)}).value)
            except ExpressionError as e:
                return self._abstain(q, f"The change in {formula.name} is undefined for these inputs ({e}).")
            sign = "+" if delta > 0 else "−" if delta < 0 else ""
            if relative:
                change = f"{sign}{abs(delta * 100).quantize(Decimal('0.1'))}%"
            elif formula.unit == "percent":
                change = f"{sign}{abs(delta * 100).quantize(Decimal('0.1'))} percentage points"
            else:
                change = sign + show(abs(delta), a.unit)
            text = (f"{title} went from {show(a.value, a.unit)} ({early.describe()}) to {show(b.value, b.unit)} "
                    f"({late.describe()}), a change of {change}. {early.describe()[:1].upper() + early.describe()[1:]}: "
                    f"{a.text} {late.describe()[:1].upper() + late.describe()[1:]}: {renumber(b.text)}")
            comp = Computation(operation=f"{formula.key} change", formula=expr.replace(" - ", " − ").replace(" / ", " ÷ "),
                               inputs=tuple(range(len(cites))), result=delta, expression=expr)
            return Answer(question=q.text, status=AnswerStatus.ANSWERED, text=text, value=delta,
                          unit="pure" if relative or formula.unit == "percent" else a.unit, citations=cites,
                          kind="arith", computation=comp, period=f"{a.period} | {b.period}")
        says_average = bool(re.search(r"\baverage\b", q.text, re.I))
        says_closing = bool(re.search(r"\b(?:ending|closing|year[- ]end|period[- ]end)\s+(?:balances?|inventor|receivable|payable|assets|equity)", q.text, re.I))

        # 'x': the metric the question names around the formula's words ('revenue growth', 'CAGR of net income')
        x_rest = formula.pattern.sub(" ", q.metric_text)
        x_metric = find_metric(x_rest)
        drop = set(canonical_tokens(hit.group(0) + " rate percent percentage annual compound growth"))
        x_tokens = tuple(t for t in canonical_tokens(x_rest) if t in set(q.tokens) and t not in drop)
        first_ask = last_ask = None
        if asks:
            ordered = sorted(asks, key=lambda a: (a.year or 0, a.day or _DATE_MIN))
            first_ask, last_ask = ordered[0], ordered[-1]
            span = re.search(r"\bover (?:the )?(?:past |last |prior )?(two|three|four|five|six|seven|eight|nine|ten|\d{1,2}) years\b", q.text, re.I)
            if len(ordered) == 1 and span and ordered[0].year:
                n = int(span.group(1)) if span.group(1).isdigit() else _WORDS.index(span.group(1).lower())
                first_ask = replace(ordered[0], year=ordered[0].year - n, day=None, text="")

        state: dict = {}
        cache: dict[tuple[str, str], list[ScoredFact] | None] = {}

        def ask_for(mode: str, instant: bool) -> tuple[PeriodAsk, ...]:
            anchor: ScoredFact | None = state["anchor"]
            ap = anchor.fact.period if anchor is not None else None
            flow = ap is not None and ap.kind == "duration" and ap.start is not None
            if mode in ("first", "last"):
                a = first_ask if mode == "first" else last_ask
                return (a,) if a is not None else ()
            if mode == "prior":
                if not flow:
                    return ()
                months = round((ap.end - ap.start).days / 30.44)
                return (PeriodAsk("months", ap.end.year - 1, ap.end - timedelta(days=364), months=months),)
            if instant:
                if mode == "open":
                    if flow:  # the closing balance of the period before
                        return (PeriodAsk("on", None, ap.start - timedelta(days=1)),)
                    day = state["balance_day"]
                    if day is not None:
                        return (PeriodAsk("end", calendar_of(state["balance_fact"]).year_of(day) - 1),)
                    return ()
                if ap is not None:
                    return (PeriodAsk("on", None, ap.end),)
                if state["balance_day"] is not None:
                    return (PeriodAsk("on", None, state["balance_day"]),)
                return tuple(asks)
            if flow:  # every flow over the same period as the first
                months = round((ap.end - ap.start).days / 30.44)
                return (PeriodAsk("months", ap.end.year, ap.end, months=months),)
            return tuple(asks)

        def resolve(key: str, mode: str) -> list[ScoredFact] | None:
            if (key, mode) in cache:
                return cache[(key, mode)]
            metric = (x_metric[0] if x_metric else None) if key == "x" else BY_KEY.get(key)
            periods = ask_for(mode, bool(metric and metric.instant))
            got = None
            if (key != "x" or x_tokens or metric is not None) and (periods or mode in ("", "close")):
                # a known metric is looked up by its own name; 'x' the table does not know, by the question's words
                tokens = tuple(canonical_tokens(metric.phrase)) if metric is not None else x_tokens
                text = metric.phrase if metric is not None else x_rest
                sub = replace(state["q"], metric_text=text, operation=None, operands=(), operand_texts=(), narrative=False,
                              unit_kind=metric.unit_kind if metric is not None else None,
                              extra={"metric": metric.key} if metric is not None else {})
                got = self._resolve_one(sub, tokens or tuple(canonical_tokens(text)), periods)
                if got and any(not sf.fact.period_is_certain or sf.fact.value is None for sf in got):
                    got = None  # a derived number needs each input's period pinned and a number
                if got and metric is not None and metric.unit_kind == "money" and not all(
                        sf.fact.unit and len(sf.fact.unit) == 3 and sf.fact.unit.isupper() for sf in got):
                    got = None  # an amount of money, not a percentage of sales printed beside it
                if got and metric is not None and metric.unit_kind == "percent" and not all(
                        sf.fact.unit == "pure" for sf in got):
                    got = None  # a stated rate, not an amount whose label mentions the rate
            cache[(key, mode)] = got
            if got:
                state["q"] = _same_company(state["q"], got)
                p = got[0].fact.period
                if state["anchor"] is None and p.kind == "duration" and mode == "":
                    state["anchor"] = got[0]
                if state["balance_day"] is None and p.kind == "instant" and mode in ("", "close"):
                    state["balance_day"], state["balance_fact"] = p.end, got[0].fact
            return got

        failed = None
        for expression in formula.expressions:
            state.update(q=q, anchor=None, balance_day=None, balance_fact=None)
            cache.clear()
            plan: list[tuple[str, str]] = []
            for _, _, fn, key in refs(expression):
                if fn in ("avg", "bal", "avg!"):
                    averaged_here = fn == "avg!" or (fn == "avg" and not says_closing) or (fn == "bal" and says_average)
                    plan += [(key, "close")] + ([(key, "open")] if averaged_here else [])
                elif fn == "prior":
                    plan += [(key, ""), (key, "prior")]
                elif fn == "chg":  # the change in a balance over the period: closing minus opening
                    plan += [(key, "close"), (key, "open")]
                elif fn == "open":
                    plan.append((key, "open"))
                else:
                    plan.append((key, fn))
            # a flow first (it fixes the period), then balances at its end, then openings and prior years
            is_balance = lambda k: k != "x" and bool(BY_KEY.get(k) and BY_KEY[k].instant)
            plan.sort(key=lambda km: (km[1] in ("open", "prior"), km[1] != "" or is_balance(km[0])))
            failed = next(((k, m) for k, m in plan if not resolve(k, m)), None)
            if failed is None:
                break
            if expression == formula.expressions[0]:
                first_failure = failed
        if failed is not None:
            key, mode = first_failure
            name = (x_metric[0].phrase if x_metric else " ".join(x_tokens) or "the metric") if key == "x" else metric_name(key)
            when = {"open": "the opening balance (the end of the prior period)", "prior": "the year before",
                    "first": first_ask.describe() if first_ask else "the first year of the span",
                    "last": last_ask.describe() if last_ask else "the last year of the span"}.get(
                mode, ", ".join(a.describe() for a in asks) or "the period asked")
            concepts = f" ({', '.join(BY_KEY[key].concepts[:2])})" if key in BY_KEY else ""
            return self._abstain(q, f"{title} cannot be computed: no reported value of {name}{concepts} was found "
                                    f"for {when} in the indexed filings.")

        # one citation per fact, and the arithmetic over their markers
        cites: list[Citation] = []
        index: dict[str, int] = {}
        lines: list[str] = []

        def mark(sfs: list[ScoredFact], name: str) -> str:
            out = []
            for sf in sfs:
                f = sf.fact
                if f.fact_id not in index:
                    cites.append(fact_citation(f))
                    index[f.fact_id] = len(cites)
                    members = f" ({f.member_text})" if f.dimensions else ""
                    lines.append(f"{name}: {f.label}{members} {period_phrase(f)}, "
                                 f"{format_value(f.value, f.unit, raw=f.raw)} [{len(cites)}]")
                out.append(f"[{index[f.fact_id]}]")
            return out[0] if len(out) == 1 else "(" + " + ".join(out) + ")"

        anchor = state["anchor"]
        ap = anchor.fact.period if anchor is not None else None
        days = Decimal(365) if ap is None or (ap.end - ap.start).days > 330 else Decimal((ap.end - ap.start).days + 1)
        years = Decimal((last_ask.year or 0) - (first_ask.year or 0)) if first_ask and last_ask else Decimal(0)
        if "YEARS" in expression and years <= 0:
            return self._abstain(q, f"A {formula.name} needs two different years (say 'from 2020 to 2023').")
        pieces, pos, averaged, changed = [], 0, [], []
        for start, end, fn, key in refs(expression):
            pieces.append(expression[pos:start])
            pos = end
            name = (x_metric[0].phrase if x_metric else " ".join(x_tokens)) if key == "x" else metric_name(key)
            if fn in ("avg", "avg!", "bal"):
                close, opening = cache[(key, "close")], cache.get((key, "open"))
                if opening:
                    pieces.append(f"(({mark(close, name + ', closing')} + {mark(opening, name + ', opening')}) / 2)")
                    averaged.append(name)
                else:
                    pieces.append(mark(close, name))
            elif fn == "prior":
                pieces.append(mark(cache[(key, "prior")], name + ", a year earlier"))
            elif fn == "chg":
                pieces.append(f"({mark(cache[(key, 'close')], name + ', closing')} - {mark(cache[(key, 'open')], name + ', opening')})")
                changed.append(name)
            elif fn == "open":
                pieces.append(mark(cache[(key, "open")], name + ", opening"))
            elif fn in ("first", "last"):
                pieces.append(mark(cache[(key, fn)], f"{name}, {'first' if fn == 'first' else 'last'} year"))
            else:
                pieces.append(mark(cache[(key, "")], name))
        pieces.append(expression[pos:])
        expr = "".join(pieces).replace("DAYS", str(days)).replace("YEARS", str(years))
        facts = [sf.fact for sfs in cache.values() if sfs for sf in sfs]
        if len({f.entity for f in facts}) > 1:
            return self._abstain(q, f"The inputs of {formula.name} come from different companies; ask about one company.")
        currencies = {f.unit for f in facts if f.unit and len(f.unit) == 3 and f.unit.isupper()}
        if len(currencies) > 1:
            return self._abstain(q, f"The inputs are in different currencies ({', '.join(sorted(currencies))}).")
        try:
            result = canonical(evaluate(expr, {i + 1: Decimal(c.value) for i, c in enumerate(cites)}).value)
        except ExpressionError as e:
            return self._abstain(q, f"{title} is undefined for these inputs ({e}).")
        unit = UNIT_OF.get(formula.unit) or (next(iter(currencies)) if currencies else facts[0].unit)
        shown = show(result, unit)
        human = expr.replace(" - ", " − ").replace(" * ", " × ").replace(" / ", " ÷ ")
        who = f"{facts[0].entity} — " if facts[0].entity else ""
        when = (f"from {first_ask.describe()} to {last_ask.describe()}" if "YEARS" in expression
                else period_phrase(anchor.fact) if anchor is not None else period_phrase(facts[0]))
        how = "as the filing reports it:" if re.fullmatch(r"\[\d+\]", expr.strip()) else f"computed as {human} from"
        text = f"{who}{title} {when}: {shown}, {how} " + "; ".join(lines) + "."
        if averaged:
            text += f" The {' and '.join(averaged)} is the average of the opening and closing balances."
        if changed:
            text += f" The change in {' and '.join(changed)} is the closing minus the opening balance."
        comp = Computation(operation=formula.key, formula=human, inputs=tuple(range(len(cites))), result=result,
                           expression=expr)
        period = (anchor.fact if anchor is not None else facts[0]).period
        return Answer(question=q.text, status=AnswerStatus.ANSWERED, text=text, value=result, unit=unit,
                      citations=tuple(cites), kind="arith", computation=comp, period=period.iso() if period else "")

    # --- text ---------------------------------------------------------------------------------------
    def _narrative(self, q: Question) -> Answer:
        # a cover fact the filing tags (auditor, address, fiscal year end) answers as a reported fact
        kind = kind_asked(q)
        if kind is not None:
            ciks = {e.name: e.cik for e in self.directory.entities if e.cik}
            found = text_fact_answer(self.reader.facts_with_concepts(kind.concepts + kind.companions), q, kind, ciks)
            if found is not None:
                return found
        intent = narrative_intent(q)
        companies = company_spellings(self.reader, q.entities)
        passages = retrieve(self.reader, q, self._vector(q), k=30, kinds=("text",), extra_terms=intent.extra_terms,
                            companies=companies)
        best = best_sentences(passages, q, n=8, intent=intent)
        if kind is not None:  # a cover fact asked for but not tagged: only a sentence that states one answers
            best = [b for b in best if kind.evident_in(b[1])]
        best = best[:2]
        if not best or best[0][2] < 0.5:
            return self._abstain(q, "No passage in the indexed filings addresses this question.", suggest=True)
        chosen = [best[0]] + [b for b in best[1:] if b[2] >= 0.75 * best[0][2]]
        facts = {f.fact_id: f for f in self.reader.facts_by_id([fid for ch, _, _ in chosen for fid in ch.fact_ids])}
        cites = tuple(passage_citation(ch, s, facts) for ch, s, _ in chosen)
        quote = " ".join(f"“{s}” [{i + 1}]" for i, (_, s, _) in enumerate(chosen))
        head = chosen[0][0]
        where = f"“{head.title}”" if head.title else "the filing's text"
        text = f"{head.entity}, in {where}: {quote}" if head.entity else f"In {where}: {quote}"
        # The answer is the quotation: it gives no number of its own (value None, numbers only inside
        # the quotes), so it is not flagged 'quoted_prose'; answers that state a prose number are.
        return Answer(question=q.text, status=AnswerStatus.ANSWERED, text=text, citations=cites, kind="narrative",
                      extra={"quotes_numbers": any(states_quantity(s) for _, s, _ in chosen)})

    def _from_prose(self, q: Question) -> Answer | None:
        """A number only the note text states, tied by its sentence to the period asked, or a count
        the text states ('we employed approximately 470,100 associates'). Either is quoted, never
        presented as a reported fact: ``extra['quoted_prose']`` tells the verifier so."""
        if not q.periods:
            intent = narrative_intent(q)
            if intent.want != "count":
                return None
            passages = retrieve(self.reader, q, self._vector(q), k=30, kinds=("text",), extra_terms=intent.extra_terms,
                                companies=company_spellings(self.reader, q.entities))
            hit = prose_count(passages, intent)
            if hit is None:
                return None
            chunk, sentence, number_text, value = hit
            who = f"{chunk.entity}: " if chunk.entity else ""
            text = (f"{who}the filing's text states {number_text} [1]: “{sentence}” [1] "
                    f"This number is quoted from the text; it is not a tagged (reported) fact.")
            return Answer(question=q.text, status=AnswerStatus.ANSWERED, text=text, value=value, unit=None,
                          citations=(chunk_citation(chunk, sentence),), kind="narrative",
                          notes=("Number quoted from the filing's text, not a tagged fact.",), extra={"quoted_prose": True})
        passages = retrieve(self.reader, q, self._vector(q), k=8, kinds=("text",))
        found = prose_numbers(passages, q)
        if not found:
            return None
        pn = found[0]
        if q.unit_kind == "money" and not pn.currency:
            cands = [p for p in found if p.currency]
            if not cands:
                return None
            pn = cands[0]
        mentions = self.reader.mentions_of([pn.value] + [v for _, v, _ in pn.siblings])
        m = mention_for(pn, mentions)
        if m is None:
            return None
        # The prose rarely states its scale. If a sibling number of the same list equals a table cell
        # with a known scale and currency, the list shares it; otherwise say the scale is unknown.
        scale, scale_fact = 0, None
        states_scale = re.search(r"\b(?:thousand|million|billion|trillion|bn|mm|mn)s?\b", pn.number_text, re.I)
        for _, sib_val, _ in ([] if states_scale else pn.siblings):  # '$11 billion' says its own scale
            for f in self._facts_printed_as(sib_val, pn.currency):
                scale, scale_fact = f.scale, f
                break
            if scale_fact:
                break
        value = canonical(pn.value.scaleb(scale)) if scale else pn.value
        unit = pn.currency or None
        cites = [mention_citation(m, title=pn.chunk.title, value=value, unit=unit)]
        text = f"The note states {pn.number_text} for {', '.join(a.describe() for a in q.periods)} [1]"
        if scale_fact is not None:
            cites.append(fact_citation(scale_fact))
            text += (f"; the same sentence's {scale_fact.raw} matches a table cell reported {scale_fact.scale_text} [2], "
                     f"so this is {format_value(value, unit, scale=q.scale)}.")
        else:
            text += ". The text does not state the scale of this amount."
        text += f" “{pn.sentence}”"
        return Answer(question=q.text, status=AnswerStatus.ANSWERED, text=text, value=value, unit=unit,
                      citations=tuple(cites), kind="lookup", notes=("Number taken from the note text, not a tagged table cell.",),
                      extra={"quoted_prose": True})

    def _facts_printed_as(self, number: Decimal, currency: str) -> list[Fact]:
        """Table cells that print this number at some scale (¥ 20,782 in thousands prints 20782)."""
        targets = [float(abs(number).scaleb(s)) for s in (3, 6, 9)]
        return self.reader.query_facts(
            "unit = ? AND scale > 0 AND value_num IN (SELECT unnest(?::DOUBLE[]))", [currency or "CNY", targets], limit=20
        )

    # --- abstaining ----------------------------------------------------------------------------------
    def _no_fact(self, q: Question, fitting: list[ScoredFact]) -> Answer:
        if fitting and q.periods:
            item = fitting[0].fact
            label = f"{item.label}" + (f" ({item.member_text})" if item.dimensions else "")
            have = sorted({p.end.year for sf in fitting[:20] for p in sf.fact.periods if
                           sf.fact.label == item.label and sf.fact.dimensions == item.dimensions})
            asked = ", ".join(a.describe() for a in q.periods)
            years = ", ".join(str(y) for y in have)
            return self._abstain(
                q, f"“{label}” is reported{' for ' + years if years else ''}, but not for {asked}.",
                suggestions=tuple(f"{' '.join(q.metric_text.split()).rstrip('?')} in {y}?" for y in have[-2:]),
            )
        return self._abstain(q, f"No reported fact in the indexed filings matches “{_asked_for(q)}”.", suggest=True)

    def _abstain(self, q: Question, reason: str, *, suggest: bool = False, suggestions: tuple[str, ...] = ()) -> Answer:
        if suggest and not suggestions:
            suggestions = self._suggestions(q)
        text = f"I can't answer that from the indexed filings. {reason}"
        if suggestions:
            text += " You could ask: " + "; ".join(f"“{s}”" for s in suggestions[:3])
        return Answer(question=q.text, status=AnswerStatus.ABSTAINED, text=text, kind="abstain", reason=reason,
                      suggestions=tuple(suggestions))

    def _suggestions(self, q: Question) -> tuple[str, ...]:
        from .vocabulary import search_terms

        hits = self.reader.bm25_groups(search_terms(" ".join(q.tokens) or q.text), k=6)
        facts = self.reader.facts_in_groups([h.group_key for h in hits], limit=200)
        seen, out = set(), []
        for f in facts:
            label = f.label + (f" ({f.member_text})" if f.dimensions else "")
            if label in seen or f.value is None:
                continue
            seen.add(label)
            year = max((p.end.year for p in f.periods), default=None)
            out.append(f"What was {label[0].lower() + label[1:]}" + (f" in {year}?" if year else "?"))
        return tuple(out[:3])


# --- helpers ------------------------------------------------------------------------------------------
def _line_key(f: Fact) -> str:
    """What makes two facts the same line item across periods and filings."""
    return (f.concept or f.label).lower()


def _operand_name(side: list[ScoredFact]) -> str:
    f = side[0].fact
    return f"total {f.label[:1].lower() + f.label[1:]}" if len(side) > 1 else (f.member_text or f.label)


def _asked_for(q: Question) -> str:
    """The metric part of a question, for messages: 'What was the company's revenue in 2022?' -> 'revenue'."""
    t = " ".join(q.metric_text.split()).strip(" ?.")
    t = re.sub(r"^(?:what|how much|how many|which|when|who|tell me)\b(?:\s+(?:was|were|is|are|did|does|do|has|had))?"
               r"(?:\s+the)?(?:\s+(?:company|group|firm)(?:['’]s)?)?\s*", "", t, flags=re.I)
    t = re.sub(r"\s+(?:in|at|on|for|of|as of|during|by)\s*$", "", t, flags=re.I)
    return t or q.text


def _distinguish(a: Fact, b: Fact) -> tuple[str, str]:
    """Name each of two facts by what differs between them: company, member, line item or period."""
    if a.entity != b.entity and a.entity and b.entity:
        return a.entity, b.entity
    if a.dimensions != b.dimensions:
        return a.member_text or "total", b.member_text or "total"
    if a.label != b.label:
        return a.label, b.label
    pa = a.period.display() if a.period else "period not pinned"
    pb = b.period.display() if b.period else "period not pinned"
    return pa, pb


def _printed_number(f: Fact) -> Decimal:
    """The number as the cell prints it (before scale): '¥ 20,782' -> 20782."""
    if f.value is None:
        return Decimal(0)
    if f.unit == "pure":
        return abs(canonical(f.value * 100))
    return abs(canonical(f.value.scaleb(-f.scale))) if f.scale else abs(f.value)


def _printed_note(f: Fact) -> str:
    if f.scale and f.value is not None and f.unit not in ("pure",):
        return f" (printed {f.raw}, {f.scale_text.lower() if f.scale_text else 'scaled'})"
    return ""


def _norm_who(w: str) -> str:
    w = w.lower().replace("-", "")
    if "nonemployee" in w:
        return "nonemployee"
    if "consultant" in w:
        return "consultant"
    if "directors and employees" in w:
        return "directors and employees"
    if "independent" in w:
        return "independent director"
    if w.startswith("director"):
        return "director"
    if w.startswith("employee"):
        return "employee"
    return w


def _declared_metric(metric_text: str, f: Fact) -> bool:
    """The question's words are all one metric of the table (nothing more asked) and ``f`` is one of
    that metric's own concepts."""
    found = find_metric(metric_text)
    if found is None:
        return False
    metric, hit = found
    rest = [t for t in canonical_tokens(metric_text[:hit.start()] + " " + metric_text[hit.end():])
            if t not in QUESTION_WORDS and t not in GENERIC_LABEL_WORDS and not t.isdigit()]
    return not rest and metric.has_concept(f.concept)


RIVAL_MARGIN = 0.9  # a second line item scoring this close to the first, with another value, leaves the choice open


def _said_of(f: Fact, asked: set[str]) -> set[str]:
    return asked & set(canonical_tokens(f"{f.label} {f.member_text} {concept_words(f.concept)}"))


def _unasked_of(f: Fact, asked: set[str]) -> set[str]:
    """Words the fact's printed line adds to the question ('Domestic', 'Other')."""
    return {t for t in canonical_tokens(f"{f.label} {f.member_text}") if t not in asked and not t.isdigit()
            and (t not in GENERIC_LABEL_WORDS or t in _OTHER) and t not in QUESTION_WORDS}


_OTHER = frozenset(canonical_tokens("other"))  # 'Other current liabilities' adds a word to 'current liabilities'


def _rival_line(sf: ScoredFact, pick: _Pick, tokens: tuple[str, ...]) -> ScoredFact | None:
    """Another line item of the same company and period that fits the question's words nearly as well,
    saying every word the answer's line says and adding none it does not, and reports another value ('Total deferred tax assets'
    and 'Net deferred tax asset' for 'net deferred tax asset'): the answer may still be the better
    fit, but it is not a verified one."""
    f = sf.fact
    asked = set(tokens)
    said, adds = _said_of(f, asked), _unasked_of(f, asked)
    for c in pick.conflicts:
        g = c.fact
        if g.value is None or f.value is None or g.value == f.value or g.entity != f.entity or g.unit != f.unit:
            continue
        if (g.concept or g.label, g.dimensions) == (f.concept or f.label, f.dimensions):
            continue  # the same line item in another filing: a restatement, said as such
        if g.concept == f.concept and set(f.dimensions) < set(g.dimensions):
            continue  # a part of the answer's own total (a member the question names is checked by the fit)
        if c.score >= RIVAL_MARGIN * sf.score and _periods_overlap(c, sf) and _said_of(g, asked) >= said \
                and _unasked_of(g, asked) <= adds:
            return c
    return None


def _periods_overlap(a: ScoredFact, b: ScoredFact) -> bool:
    pa = {p.end for p in (a.matching_periods or a.fact.periods)}
    pb = {p.end for p in (b.matching_periods or b.fact.periods)}
    return bool(pa & pb)


_QUALIFIERS = MODIFIER_WORDS | frozenset(canonical_tokens(
    "restricted unearned foreign carryforward carryforwards segment acquired pro forma adjusted non-gaap"))


def _same_company(q: Question, first: list[ScoredFact] | None) -> Question:
    """The second operand of a computation comes from the same company as the first, unless the
    question names the companies itself."""
    if q.entities or not first:
        return q
    return replace(q, entities=(first[0].fact.entity,))


def _distinct_periods(q: Question) -> list[PeriodAsk]:
    seen, out = set(), []
    for a in q.periods:
        key = (a.relation, a.year, a.day, a.quarter, a.months, a.month, a.calendar)
        if key not in seen and a.relation in ("in", "end", "on", "fy", "quarter", "months", "calendar", "ytd", "month", "h2"):
            seen.add(key)
            out.append(a)
    return out


_DATE_MIN = Period.parse("1900-01-01").end
_FORWARD = re.compile(r"\b(?:targets?|targeted|guidance|outlook|forecasts?|aims?|goals?|ambitions?|plans? to|will|expects? to)\b", re.I)
_WORDS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()


def _count(n: int) -> str:
    """Counts in our own words are spelled out, so the only digits in an answer are reported numbers."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else "many"


def _ratio_text(r: Decimal) -> str:
    return f"{r.quantize(Decimal('0.0001'))} ({(r * 100).quantize(Decimal('0.01'))}%)"


def _pct_text(pct: Decimal) -> str:
    """A computed percentage, shown to two decimals (the value keeps full precision)."""
    sign = "+" if pct > 0 else "−" if pct < 0 else ""
    return f"{sign}{abs(pct).quantize(Decimal('0.01'))}%"


def _signed(v: Decimal, unit: str | None, scale: int | None) -> str:
    s = format_value(abs(v), unit, scale=scale)
    return ("+" if v > 0 else "−" if v < 0 else "") + s
