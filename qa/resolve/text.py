"""TEXT: answers in words - a cover fact the filing tags (auditor, state of incorporation), or the
sentences that answer the question, quoted - and numbers only the prose states (quoted, never
verified)."""

from __future__ import annotations

import re
from dataclasses import replace

from ..answer import Answer, AnswerStatus
from ..find.passages import (asked_of, best_sentences, company_spellings, mention_for, narrative_intent, passage_citation,
                             prose_count, prose_numbers, retrieve, states_quantity)
from ..lexicon.textfacts import KINDS
from ..present import chunk_citation, fact_citation, format_value, mention_citation
from .context import Context
from .draft import Draft, Unanswerable
from .members import listed_members
from .textfacts import text_fact_answer

__all__ = ["text", "prose_number"]

_KIND = {k.name: k for k in KINDS}


def _years(plan) -> frozenset[str]:
    return frozenset(str(a.year) for a in plan.periods if a.year)


def _answer_draft(ctx: Context, kind: str, answer: Answer) -> Draft:
    return Draft(ctx.plan, kind, value=answer.value, unit=answer.unit, name=kind, extra={"answer": answer})


def text(ctx: Context, vector) -> Draft:
    plan = ctx.plan
    kind = _KIND.get(plan.text_kind)
    asked = asked_of(plan)
    if kind is not None:
        ciks = {c.name: c.cik for c in plan.companies if c.cik}
        found = text_fact_answer(ctx.reader.facts_with_concepts(kind.concepts + kind.companions), asked, kind, ciks)
        if found is not None:
            return _answer_draft(ctx, "textfact", _with_the_filings_words(ctx, asked, kind, found, vector))
    intent = narrative_intent(asked)
    companies = company_spellings(ctx.reader, asked.entities)
    if intent.want == "list":  # 'What are Apple's reportable segments?': the members its filing tags
        listed = listed_members(ctx.reader, plan.core, companies)
        if listed is not None:
            return _answer_draft(ctx, "members", listed)
    passages = retrieve(ctx.reader, asked, vector, k=30, kinds=("text",), extra_terms=intent.extra_terms, companies=companies)
    if intent.want == "count":
        hit = prose_count(passages, intent, _years(plan))
        if hit is not None:
            return _count_draft(ctx, hit)
    best = best_sentences(passages, asked, n=8, intent=intent)
    if kind is not None:  # a cover fact asked for but not tagged: only a sentence that states one answers
        best = [b for b in best if kind.evident_in(b[1])]
    years = {str(a.year) for a in plan.periods if a.year}
    if plan.forward:  # a target or plan: a sentence of prose stating it for the year asked, not a table row
        best = [b for b in best if "|" not in b[1] and (not years or any(y in b[1] for y in years))]
    best = best[:2]
    if not best or best[0][2] < 0.5:
        raise Unanswerable("No passage in the indexed filings addresses this question.")
    chosen = [best[0]] + [b for b in best[1:] if b[2] >= 0.75 * best[0][2]]
    facts = {f.fact_id: f for f in ctx.reader.facts_by_id([fid for ch, _, _ in chosen for fid in ch.fact_ids])}
    cites = tuple(passage_citation(ch, s, facts) for ch, s, _ in chosen)
    quote = " ".join(f"“{s}” [{i + 1}]" for i, (_, s, _) in enumerate(chosen))
    head = chosen[0][0]
    where = f"“{head.title}”" if head.title else "the filing's text"
    words = f"{head.entity}, in {where}: {quote}" if head.entity else f"In {where}: {quote}"
    answer = Answer(question=plan.text, status=AnswerStatus.ANSWERED, text=words, citations=cites, kind="narrative",
                    extra={"quotes_numbers": any(states_quantity(s) for _, s, _ in chosen)})
    return _answer_draft(ctx, "narrative", answer)


def _with_the_filings_words(ctx: Context, asked, kind, answer: Answer, vector) -> Answer:
    """A tagged cover fact, and the filing's own sentence that states it in words when there is one ('our fiscal
    year ends on the last Sunday in January'): the fact answers, the sentence is quoted beside it."""
    if not kind.evidence:
        return answer
    passages = retrieve(ctx.reader, asked, vector, k=12, kinds=("text",), companies=company_spellings(ctx.reader, asked.entities))
    for chunk, sentence, score in best_sentences(passages, asked, n=4, intent=narrative_intent(asked)):
        if score >= 0.5 and kind.evident_in(sentence) and len(sentence) <= 400:
            cites = answer.citations + (chunk_citation(chunk, sentence),)
            return replace(answer, text=f"{answer.text} The filing says: “{sentence}” [{len(cites)}]", citations=cites)
    return answer


def _count_draft(ctx: Context, hit) -> Draft:
    chunk, sentence, number_text, value = hit
    who = f"{chunk.entity}: " if chunk.entity else ""
    words = (f"{who}the filing's text states {number_text} [1]: “{sentence}” [1] "
             f"This number is quoted from the text; it is not a tagged (reported) fact.")
    answer = Answer(question=ctx.plan.text, status=AnswerStatus.ANSWERED, text=words, value=value, unit=None,
                    citations=(chunk_citation(chunk, sentence),), kind="narrative",
                    notes=("Number quoted from the filing's text, not a tagged fact.",), extra={"quoted_prose": True})
    return _answer_draft(ctx, "prose", answer)


def _printed_as(reader, number, currency: str) -> list:
    """Table cells that print this number at some scale (¥ 20,782 in thousands prints 20782)."""
    targets = [float(abs(number).scaleb(s)) for s in (3, 6, 9)]
    return reader.query_facts(f"unit = ? AND scale > 0 AND value_num IN ({', '.join('?' for _ in targets)})",
                              [currency or "CNY", *targets], limit=20)


def prose_number(ctx: Context, vector) -> Draft | None:
    """A number only the note text states, tied by its sentence to the period asked, or a count the
    text states ('we employed approximately 470,100 associates'); quoted, never a reported fact."""
    plan = ctx.plan
    asked = asked_of(plan)
    intent = narrative_intent(asked)
    if not plan.periods or intent.want == "count":
        if intent.want != "count":
            return None
        passages = retrieve(ctx.reader, asked, vector, k=30, kinds=("text",), extra_terms=intent.extra_terms,
                            companies=company_spellings(ctx.reader, asked.entities))
        hit = prose_count(passages, intent, _years(plan))
        return _count_draft(ctx, hit) if hit is not None else None
    passages = retrieve(ctx.reader, asked, vector, k=8, kinds=("text",),
                        companies=company_spellings(ctx.reader, asked.entities))
    found = prose_numbers(passages, asked)
    if not found:
        return None
    pn = found[0]
    if plan.output.unit_kind == "money" and not pn.currency:
        cands = [p for p in found if p.currency]
        if not cands:
            return None
        pn = cands[0]
    mentions = ctx.reader.mentions_of([pn.value] + [v for _, v, _ in pn.siblings])
    m = mention_for(pn, mentions)
    if m is None:
        return None
    states_scale = re.search(r"\b(?:thousand|million|billion|trillion|bn|mm|mn)s?\b", pn.number_text, re.I)
    # the prose rarely states its scale: when a number of the same list is a table cell printed at a known
    # scale and currency, the list shares it; otherwise the answer says the scale is unknown
    scale_fact = None
    for _, sibling, _ in ([] if states_scale else pn.siblings):
        scale_fact = next(iter(_printed_as(ctx.reader, sibling, pn.currency)), None)
        if scale_fact is not None:
            break
    value = pn.value.scaleb(scale_fact.scale) if scale_fact is not None else pn.value
    unit = pn.currency or None
    cites = [mention_citation(m, title=pn.chunk.title, value=value, unit=unit)]
    words = f"The note states {pn.number_text} for {', '.join(a.describe() for a in plan.periods)} [1]"
    if scale_fact is not None:
        cites.append(fact_citation(scale_fact))
        words += (f"; the same sentence's {scale_fact.raw} matches a table cell reported {scale_fact.scale_text} [2], "
                  f"so this is {format_value(value, unit, scale=plan.output.scale)}")
    elif not states_scale:
        words += ". The text does not state the scale of this amount"
    words += f". “{pn.sentence}”"
    answer = Answer(question=plan.text, status=AnswerStatus.ANSWERED, text=words, value=value, unit=unit,
                    citations=tuple(cites), kind="lookup", notes=("Number taken from the note text, not a tagged table cell.",),
                    extra={"quoted_prose": True})
    return _answer_draft(ctx, "prose", answer)

