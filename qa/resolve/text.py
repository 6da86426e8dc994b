"""TEXT: answers in words - a cover fact the filing tags (auditor, state of incorporation), or the
sentences that answer the question, quoted. Numbers only the prose states are `prose.py`'s."""

from __future__ import annotations

import calendar
import re
from dataclasses import replace

from index.parsers.prose import sentences

from ..answer import Answer, AnswerStatus
from ..find.prosenumbers import stated_figure
from ..find.passages import (asked_of, asks_amount, asks_in_words, best_sentences, company_spellings, footnote_for, holds_most_words, narrative_intent,
                             passage_citation, prose_count, retrieve, states_quantity)
from ..lexicon.textfacts import KINDS
from ..lexicon.words import GENERIC_LABEL_WORDS, canonical_tokens
from ..present import chunk_citation
from .context import Context
from .draft import Draft, Unanswerable
from .members import listed_members
from .textfacts import text_fact_answer

__all__ = ["text", "count_draft", "answer_draft", "years_asked"]

_KIND = {k.name: k for k in KINDS}


_RUN_ON_SENTENCES, _RUN_ON_CHARS = 5, 900


def continued(chunk, sentence: str) -> str:
    """A quoted sentence with the ones after it in its passage (up to five sentences, 900 characters, no table
    line) while each shares a word with it: why something moved is often told over several, one a segment
    ('Revenue increased 14%, driven by … Intelligent Cloud revenue increased, driven by … More Personal Computing
    revenue increased, driven by …'); a sentence about something else ('We file in many jurisdictions') ends it."""
    said = sentences(chunk.display)
    at = next((i for i, s in enumerate(said) if s in sentence), None)
    if at is None:
        return sentence
    out = sentence
    subject = set(canonical_tokens(sentence)) - GENERIC_LABEL_WORDS
    for nxt in said[at + 1:]:
        if nxt in out:
            continue
        words = set(canonical_tokens(nxt)) - GENERIC_LABEL_WORDS
        if "|" in nxt or len(out) + len(nxt) > _RUN_ON_CHARS or out.count(". ") + 1 >= _RUN_ON_SENTENCES \
                or (len(words) >= 3 and not words & subject):  # a piece split at initials ('C. I. S.') runs on
            break
        subject |= words
        out = f"{out} {nxt}"
    return out


def _quotes(plan, chosen: list) -> list:
    """The quotes as they are given: a reason runs on into the sentences after it; a second sentence that follows the
    first in its passage is quoted with it, as one quote ('Excludes stock-based compensation … Also excludes …')."""
    if asks_in_words(plan.text) and "|" not in chosen[0][1]:  # a reason runs on: the sentences after it, in one quote
        head = (chosen[0][0], continued(chosen[0][0], chosen[0][1]), chosen[0][2])
        chosen = [head] + [b for b in chosen[1:] if b[1] not in head[1]]
    out = [chosen[0]]
    for ch, s, sc in chosen[1:]:
        (hc, hs, hsc) = out[0]
        if ch.chunk_id == hc.chunk_id and _is_prose(s) and _is_prose(hs):
            said = " ".join(" ".join(sentences(ch.display)).split())
            for a, b in ((hs, s), (s, hs)):
                if " ".join(f"{a} {b}".split()) in said:
                    out[0] = (hc, f"{a} {b}", hsc)
                    break
            else:
                out.append((ch, s, sc))
            continue
        out.append((ch, s, sc))
    return out


# A sentence that says there was none of what was asked ('There was no material bad debt expense', 'No significant amounts
# were reclassified', 'did not recognize any impairment'): a figure asked is answered in words.
_NONE = re.compile(r"\b(?:no(?! (?:longer|later|more|less|earlier|sooner)\b)|none|nil|immaterial|not (?:material|significant)|"
                   r"did not (?:have|record|recogni[sz]e|incur|pay|make|identify)(?: any)?)\b", re.I)


def says_none(sentence: str) -> bool:
    return bool(_NONE.search(sentence))


def _is_prose(sentence: str) -> bool:
    return "|" not in sentence and not sentence.rstrip().endswith(":")


# 'What do the audit-related fees include?': what a line holds, which its footnote says when the table marks one
_HOLDS_ASK = re.compile(r"\bwhat (?:does|do|did) (?!the company\b).* (?:includes?|represents?|consists? of|comprises?|excludes?)\s*\??\s*$|"
                        r"\bwhat (?:is|are|was|were) (?:included|excluded) (?:in|from)\b", re.I)
_MOVED_ASK = re.compile(r"\b(?:increas|decreas|grow|grew|declin|rose|rise|fell|fall|drop|chang)\w*\b", re.I)
_HOW_MOVED = re.compile(r"^\W*how (?:did|has|have|does|do|much did|much has)\b.*\b(?:increas|decreas|grow|grew|declin|rise|fall|drop|chang)\w*\b", re.I)


def years_asked(plan) -> frozenset[str]:
    return frozenset(str(a.year) for a in plan.periods if a.year)


def answer_draft(ctx: Context, kind: str, answer: Answer) -> Draft:
    return Draft(ctx.plan, kind, value=answer.value, unit=answer.unit, name=kind, extra={"answer": answer})


def text(ctx: Context, vector, figure: bool = False, prose: bool = False, nil: bool = False) -> Draft:
    """The sentences that answer, quoted; with ``figure``, only a sentence that states a quantity and names
    every year asked answers (the question asked for a figure the tables do not report); with ``prose``, only a
    sentence of prose (not a table line, nor the line introducing a table) holding most of the question's words and
    naming a year asked, if it asks one; with ``nil``, such a sentence that says there was none ('the Company had
    no accrued interest or penalties')."""
    plan = ctx.plan
    kind = _KIND.get(plan.text_kind)
    asked = asked_of(plan)
    if kind is not None:
        ciks = {c.name: c.cik for c in plan.companies if c.cik}
        found = text_fact_answer(ctx.reader.facts_with_concepts(kind.concepts + kind.companions), asked, kind, ciks)
        if found is not None:
            return answer_draft(ctx, "textfact", _with_the_filings_words(ctx, asked, kind, found, vector))
    intent = narrative_intent(asked)
    companies = company_spellings(ctx.reader, asked.entities)
    if intent.want == "list":  # 'What are Apple's reportable segments?': the members its filing tags
        listed = listed_members(ctx.reader, plan.core, companies)
        if listed is not None:
            return answer_draft(ctx, "members", listed)
    passages = retrieve(ctx.reader, asked, vector, k=30, kinds=("text",), extra_terms=intent.extra_terms, companies=companies)
    if intent.want == "count":
        hit = prose_count(passages, intent, years_asked(plan))
        if hit is not None:
            return count_draft(ctx, hit)
    best = best_sentences(passages, asked, n=8, intent=intent)
    if kind is not None:  # a cover fact asked for but not tagged: only a sentence that states one answers
        best = [b for b in best if kind.evident_in(b[1])]
    years = {str(a.year) for a in plan.periods if a.year}
    if plan.forward:  # a target or plan: a sentence of prose stating it for the year asked, not a table row
        best = [b for b in best if "|" not in b[1] and (not years or any(y in b[1] for y in years))]
    if figure:
        best = [b for b in best if "|" not in b[1] and states_quantity(b[1]) and _says_periods(b[1], plan.periods)
                and holds_most_words(intent, b[1])]
    if prose or nil:
        best = [b for b in best if _is_prose(b[1]) and (not years or any(y in b[1] for y in years)) and holds_most_words(intent, b[1])
                and (not nil or says_none(b[1]))]
    if best and ("|" in best[0][1] or _HOLDS_ASK.search(plan.text)) and not figure:
        # 'Service delivery costs(1) | 661,214': what a line holds, its footnote says (the line is in one of the rows quoted)
        note = next((n for n in (footnote_for(intent, passages, b[1]) for b in [b for b in best if "|" in b[1]][:3]) if n), None)
        if note is not None:
            best = [(note[0], note[1], best[0][2])] + [b for b in best[1:] if b[1] != note[1]]
    if asks_in_words(plan.text) and not figure:  # a reason or a method is said in prose: not a table line, nor the line introducing one
        best = [b for b in best if _is_prose(b[1])] or best
    best = best[:2]
    if not best or best[0][2] < 0.5:
        raise Unanswerable("No passage in the indexed filings addresses this question.")
    chosen = _quotes(plan, [best[0]] + [b for b in best[1:] if b[2] >= 0.75 * best[0][2]])
    facts = {f.fact_id: f for f in ctx.reader.facts_by_id([fid for ch, _, _ in chosen for fid in ch.fact_ids])}
    cites = tuple(passage_citation(ch, s, facts) for ch, s, _ in chosen)
    quote = " ".join(f"“{s}” [{i + 1}]" for i, (_, s, _) in enumerate(chosen))
    head = chosen[0][0]
    where = f"“{head.title}”" if head.title else "the filing's text"
    words = f"{head.entity}, in {where}: {quote}" if head.entity else f"In {where}: {quote}"
    asks_a_figure = figure or ((asks_amount(plan.text) or plan.output.unit_kind) and not asks_in_words(plan.text))
    moved = bool(_MOVED_ASK.search(plan.text))
    # the figure is read from the best sentence, not from the sentences quoted with it ('… is 14.3 years. … is 13.0 years.')
    said = best[0][1] if best[0][1] in chosen[0][1] else chosen[0][1]
    years = frozenset(a.year for a in plan.periods if a.year and not a.implied)
    stated = stated_figure(said, asked.tokens, plan.output.unit_kind, moved, years) if asks_a_figure else None
    if stated is None and moved and _HOW_MOVED.search(plan.text):
        # 'How did comparable store sales change in the third quarter?': a move the text states as a percentage
        stated = stated_figure(said, asked.tokens, "percent", True, years)
    if stated is not None:  # the figure the quote states for what was asked: its value, quoted, never verified
        words += f" The figure the text states is {stated[0]} [1]; it is quoted, not a tagged (reported) fact."
    answer = Answer(question=plan.text, status=AnswerStatus.ANSWERED, text=words, citations=cites, kind="narrative",
                    value=stated[1] if stated else None, unit=stated[2] if stated else None,
                    extra={"quotes_numbers": any(states_quantity(s) for _, s, _ in chosen), "quoted_prose": stated is not None})
    return answer_draft(ctx, "narrative", answer)


_PART_YEAR = re.compile(r"\b(?:quarters?|Q[1-4]|(?:three|six|nine|3|6|9)[- ]months?|half|halves|H[12]|year[- ]to[- ]date|"
                        r"january|february|march|april|may|june|july|august|september|october|november|december)\b", re.I)
_QUARTER_WORDS = re.compile(r"\b(?:quarters?|Q[1-4]|three[- ]months?|3[- ]months?)\b", re.I)
_SPAN_WORDS = {3: _QUARTER_WORDS, 6: re.compile(r"\b(?:six[- ]months?|6[- ]months?|half|H[12])\b", re.I),
               9: re.compile(r"\b(?:nine[- ]months?|9[- ]months?)\b", re.I)}  # a span of n months, in words


def _says_periods(sentence: str, periods) -> bool:
    """Does a sentence name every period asked: its year, and for part of a year (a quarter, six months) that part
    too - a year's figure is not a quarter's ('revenue of $509,589 in 2024' does not answer 'the first quarter of 2025');
    for a period ended on a date, that date's month and the span's length ('nine months ended March 29, 2025' is not
    answered by a sentence of the three and six months, nor 'the quarter ended June 28' by one 'as of March 29')."""
    for ask in periods:
        if ask.year and not re.search(rf"\b{ask.year}\b", sentence):
            return False
        if ask.day is not None and not re.search(rf"\b{calendar.month_name[ask.day.month]}\b|\b{calendar.month_abbr[ask.day.month]}\.?\s",
                                                 sentence, re.I):
            return False
        span = _SPAN_WORDS.get(ask.months or 0)
        if span is not None and not span.search(sentence):
            return False
        if ask.quarter or ask.relation in ("quarter", "ytd"):
            if not _QUARTER_WORDS.search(sentence) and not (ask.relation == "ytd" and _PART_YEAR.search(sentence)):
                return False
        elif ask.relation in ("months", "h2", "month") and not _PART_YEAR.search(sentence):
            return False
    return True


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


def count_draft(ctx: Context, hit) -> Draft:
    chunk, sentence, number_text, value = hit
    who = f"{chunk.entity}: " if chunk.entity else ""
    words = (f"{who}the filing's text states {number_text} [1]: “{sentence}” [1] "
             f"This number is quoted from the text; it is not a tagged (reported) fact.")
    answer = Answer(question=ctx.plan.text, status=AnswerStatus.ANSWERED, text=words, value=value, unit=None,
                    citations=(chunk_citation(chunk, sentence),), kind="narrative",
                    notes=("Number quoted from the filing's text, not a tagged fact.",), extra={"quoted_prose": True})
    return answer_draft(ctx, "prose", answer)
