"""What a table shows: 'What does the table show?', 'What does the table represent?' - said by the words that
introduce it ('The carrying value of goodwill by segment was as follows:') and the heading above them, quoted.

"The table" names one table only when the document asked about holds one: within a filing of many tables the
question abstains, as before. A quotation is never verified."""

from __future__ import annotations

import re

from index.parsers.prose import sentences

from ..answer import Answer, AnswerStatus
from ..present import chunk_citation
from .context import Context
from .draft import Draft
from .text import answer_draft

__all__ = ["asks_table_subject", "introduction", "one_table", "table_subject"]

_ASKED = re.compile(r"^\s*what (?:[\w-]+ ){0,2}(?:does|do|did|is|are) (?:the|this) table (?:show|shows|represent|present|"
                    r"display|illustrate|depict|summari[sz]e|describe|provide|contain|tell)\b|"
                    r"^\s*what is (?:the|this) table (?:about|showing|representing)\b", re.I)
_INTRODUCES = re.compile(r":\s*$|\b(?:following|below|as follows|table (?:shows|sets|presents|summari[sz]es|provides))\b", re.I)
_SAYS_TABLE = re.compile(r"\b(?:following|this|the above|above) table (?:shows|sets|presents|summari[sz]es|provides|details|"
                         r"reconciles|lists)\b", re.I)
_HEADING_WORDS = 12  # a line this short before the introduction is its heading ('9. Accrued Expenses')


def asks_table_subject(question: str) -> bool:
    """Does the question ask what 'the table' shows (not a figure of it)?"""
    return bool(_ASKED.search(question))


def introduction(before: list[str], after: list[str] = ()) -> list[str]:
    """Of the sentences printed before a table (in order), the one that introduces it - the last that ends
    with a colon or says 'following' / 'below' / 'as follows' - with a short heading right above it; failing
    that, a sentence after it that says what 'the table' shows, else the heading. Column headers printed
    above the table ('Year Ended December 31,') are not sentences."""
    before = [b for b in before if len(b.split()) >= 2 and not b.rstrip().endswith(",")]
    at = next((i for i in range(len(before) - 1, -1, -1) if _INTRODUCES.search(before[i])), None)
    if at is None:
        later = next((a for a in after if _SAYS_TABLE.search(a)), None)
        if later is not None:
            return [later]
        at = len(before) - 1
    if at < 0:
        return []
    said = [before[at]]
    if at > 0 and len(before[at - 1].split()) <= _HEADING_WORDS:
        said.insert(0, before[at - 1])
    return said


def one_table(ctx: Context) -> tuple[object, list[str]] | None:
    """(the text chunk, the words of it and above it) that introduce the only table of the scope."""
    scope = ctx.reader.scope
    if not scope or len(scope) != 1:
        return None
    chunks = [c for fid in scope for c in ctx.reader.chunks_of_filing(fid)]
    if len({c.title for c in chunks if c.kind == "row"}) != 1:
        return None  # no table, or several: 'the table' does not say which
    texts = [c for c in chunks if c.kind == "text"]
    start = next((i for i, c in enumerate(texts) if " | " in c.display), None)
    if not start:
        return None  # no text above the table
    said = [(c, s) for c in texts for s in sentences(c.display) if " | " not in s]
    cut = sum(1 for c in texts[:start] for _ in sentences(c.display))
    told = introduction([s for _, s in said[:cut]], [s for _, s in said[cut:]])
    if not told:
        return None
    return next(c for c, s in said if s == told[-1]), told


def table_subject(ctx: Context) -> Draft | None:
    """The answer quoting what introduces the only table of the scope, or None."""
    plan = ctx.plan
    if not plan.scope or not asks_table_subject(plan.text):
        return None
    found = one_table(ctx)
    if found is None:
        return None
    chunk, said = found
    quote = " ".join(said)
    words = f"What the table shows, in the document's words: “{quote}” [1]"
    answer = Answer(question=plan.text, status=AnswerStatus.ANSWERED, text=words, citations=(chunk_citation(chunk, quote),),
                    kind="narrative")
    return answer_draft(ctx, "narrative", answer)
