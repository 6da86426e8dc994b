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
from .match import ScoredFact, find_facts, latest_first, same_value
from .narrative import best_sentences, mention_for, prose_numbers, retrieve
from .present import chunk_citation, fact_citation, format_value, mention_citation, period_phrase
from .entities import EntityDirectory
from .followup import follow_up
from .spelling import Speller
from .question import PeriodAsk, Question, parse_question
from .verify import verify
from .vocabulary import GENERIC_LABEL_WORDS, MODIFIER_WORDS, canonical_tokens

__all__ = ["Engine"]

_RECIPIENTS = re.compile(r"\b(non-?employees?|independent directors?|directors and employees|external consultants?|consultants?|employees|directors?)\b", re.I)
_FLOW_LABEL = re.compile(r"\b(grant\w*|issu\w*|vest\w*|receiv\w*|forfeit\w*|exercis\w*|invest\w*|repurchas\w*)\b", re.I)


@dataclass
class _Pick:
    """A chosen value: the facts that report it (first = primary) and the facts that disagree."""

    facts: list[ScoredFact]
    conflicts: list[ScoredFact]

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
        answer = replace(answer, verified=ok, latency_ms=(time.perf_counter() - t0) * 1000,
                         extra={**answer.extra, "question": q, "verify_problems": problems})
        return answer

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
        if not q.tokens:
            return self._abstain(q, "The question names no metric to look up.", suggest=True)
        if q.unknown_entities and not q.entities:
            names = " or ".join(f"“{n}”" for n in q.unknown_entities[:2])
            return self._abstain(q, f"No filing of {names} is in this index, so nothing here can answer for it. "
                                    "Ingest its filings first, or ask about a company the index holds.")
        if q.narrative:
            return self._narrative(q)
        if q.operation in ("change", "growth") and len(_distinct_periods(q)) >= 2:
            return self._two_periods(q)
        if q.operation in ("sum", "difference") and not q.operands and len(_distinct_periods(q)) >= 2:
            return self._two_periods(q, in_question_order=True)  # 'total in 2022 and 2023', 'more in 2021 than in 2022'
        if q.operation in ("sum", "difference", "ratio", "compare") and len(q.entities) == 2:
            return self._two_entities(q)
        if q.operation in ("sum", "difference", "ratio", "compare") and q.operands:
            return self._two_operands(q)
        if q.operation == "difference" and len(_distinct_periods(q)) >= 2:
            return self._two_periods(replace(q, operation="change"))
        return self._lookup(q)

    # --- lookups ---------------------------------------------------------------------------------
    def _vector(self, q: Question):
        # one question is embedded once, however many retrieval steps ask for it
        cached = self._vectors.get(q.text)
        if cached is None:
            cached = self.embedder.encode([q.text])[0]
            if len(self._vectors) > 256:
                self._vectors.clear()
            self._vectors[q.text] = cached
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
        if not q.periods or q.periods[0].relation == "latest":
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
        return _Pick(same, conflicts + [sf for sf in others if sf not in conflicts]), fitting

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
        if notes:
            text += " " + " ".join(notes)
        return Answer(
            question=q.text, status=AnswerStatus.ANSWERED, text=text,
            value=f.value if f.value is not None else None, unit=f.unit, citations=tuple(cites),
            period=f.period.iso() if f.period else " | ".join(p.iso() for p in sf.matching_periods),
            kind="lookup", notes=tuple(notes),
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

    # --- text ---------------------------------------------------------------------------------------
    def _narrative(self, q: Question) -> Answer:
        passages = retrieve(self.reader, q, self._vector(q), k=8, kinds=("text",))
        best = best_sentences(passages, q, n=2)
        if not best or best[0][2] < 0.5:
            return self._abstain(q, "No passage in the indexed filings addresses this question.", suggest=True)
        chosen = [best[0]] + [b for b in best[1:] if b[2] >= 0.75 * best[0][2]]
        cites = tuple(chunk_citation(ch, s) for ch, s, _ in chosen)
        quote = " ".join(f"“{s}” [{i + 1}]" for i, (_, s, _) in enumerate(chosen))
        text = f"{chosen[0][0].title}: {quote}"
        return Answer(question=q.text, status=AnswerStatus.ANSWERED, text=text, citations=cites, kind="narrative")

    def _from_prose(self, q: Question) -> Answer | None:
        """A number only the note text states, tied by its sentence to the period asked."""
        if not q.periods:
            return None
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
        for _, sib_val, _ in pn.siblings:
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
                      citations=tuple(cites), kind="lookup", notes=("Number taken from the note text, not a tagged table cell.",))

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
        key = (a.relation, a.year, a.day, a.quarter, a.months)
        if key not in seen and a.relation in ("in", "end", "on", "fy", "quarter", "months"):
            seen.add(key)
            out.append(a)
    return out


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
