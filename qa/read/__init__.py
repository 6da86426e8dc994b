"""Reading a question, once: text (and the previous plan) -> :class:`~qa.plan.QueryPlan`.

The question is taken apart in one pass, each part consuming its span of the text so no word is
read twice: instruction text (hints), companies, periods, the operation, the user's definitions,
and what is left - the line items. A follow-up fills only what its own text leaves open.
"""

from __future__ import annotations

import re

from ..lexicon.operations import BY_MEMBER, DEFINITION, FORWARD, LIST_ASK, MAGNITUDE, NARRATIVE, NUMBER_ASKED
from ..lexicon.prose import DOCUMENT_REFERENCE
from ..lexicon.words import canonical_tokens
from ..plan import Company, Op, Output, QueryPlan
from .companies import CompanyDirectory, _past_possessive
from .followup import merge_follow_up, merge_part
from .gap import asks_gap
from .instructions import split_instructions
from .items import line_item, strip_scaffolding, with_named_average
from .operation import read_operation
from .periods import read_periods
from .text import MAX_QUESTION_CHARS, clean_question
from .textkinds import cover_kind
from .units import MOVEMENT, unit_kind_asked
from .yearforms import sign_as_bound

__all__ = ["Reader", "MAX_QUESTION_CHARS", "CompanyDirectory"]


_TWO_QUESTIONS = re.compile(r",\s+and\s+(?:when|where|who|which|what|how|in what|why)\b", re.I)


# how to compute, spelled in the question itself ('…, counting A against B', 'A divided by B')
_SPECIFICATION = re.compile(r"\b(?:divided by|minus|plus|against|counting|less(?! than)|defined as|calculated as|computed as)\b", re.I)


def _unread_specification(rest: str, formula) -> tuple[str, ...]:
    """The question's own way of computing what it asks, when it was not read as a definition: kept, so
    the judge never vouches for a built-in formula in its place."""
    if formula is not None and formula.defined_by_user:
        return ()
    m = _SPECIFICATION.search(rest)
    return (" ".join(rest.split()),) if m and formula is not None else ()


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    for a, b in sorted(spans, reverse=True):
        text = text[:a] + " " * (b - a) + text[b:]
    return text


class Reader:
    """Reads questions against one index: its companies and the words of its labels."""

    def __init__(self, directory: CompanyDirectory, speller=None):
        self.directory = directory
        self.speller = speller

    def read(self, text: str, *, previous: QueryPlan | None = None, scope: str = "", formulas: bool = True) -> QueryPlan:
        """``formulas=False``: the words a lexicon formula names ('EBITDA') read as a line's own, not computed."""
        q = clean_question(text)
        corrected, fixes = self.speller.correct(q) if self.speller is not None else (q, [])
        core, hints = split_instructions(corrected)
        core = sign_as_bound(core)  # 'In which year was X negative?': the years below zero
        two = _TWO_QUESTIONS.search(core)
        if two is not None:  # 'Who audits X, and in what currency are its statements?': each question read alone
            first = self.read(core[: two.start()].rstrip(" ,") + "?", previous=previous, scope=scope)
            second = merge_part(self.read(core[two.start():].lstrip(" ,").removeprefix("and").strip(), scope=scope), first)
            return QueryPlan(text=q, core=core, operation=Op.TEXT, companies=first.companies, periods=first.periods,
                             scope=scope, fixes=tuple(fixes), parts=(first, second), carried=first.carried)
        periods, period_spans = read_periods(core)
        # companies are read in the whole text: a lead-in ('According to Apple's 10-Q, …') names one too
        companies, _, unknown, unresolved = self._companies(_blank(corrected, read_periods(corrected)[1]))
        company_spans = self._companies(_blank(core, period_spans))[1]
        if scope and not self.directory.entries:
            # within a document of an index that names no company, a name is the document's own filer when written
            # as an owner ("Autodesk's goodwill"), else words of the line asked ('revenue from Apple', 'for EMEA')
            companies, unknown, unresolved = [], [], []
            company_spans = _owner_spans(self.directory, _blank(core, period_spans))
        rest = _blank(core, company_spans + period_spans)
        rest = re.sub(DOCUMENT_REFERENCE, lambda m: " " * len(m.group(0)), rest, flags=re.I)  # where to look, not what
        scale = hints.scale
        m = re.search(r"\bin (?:(?:USD|US\$|\$|dollars)\s+)?(thousands?|millions?|billions?)\b", rest, re.I)
        if m:
            scale = scale or {"thousand": 3, "million": 6, "billion": 9}[m.group(1).lower().rstrip("s")]
            rest = rest[:m.start()] + " " * (m.end() - m.start()) + rest[m.end():]
        reading = read_operation(rest, core, periods, companies, hints, full=corrected, formulas=formulas)
        kind = cover_kind(rest, core) if reading.op in (Op.LOOKUP, Op.TEXT) else None
        op = reading.op
        number_asked = bool(NUMBER_ASKED.search(core))
        if kind is not None and kind.as_of and number_asked:
            kind = None  # 'how many shares were outstanding as of the cover date': the count, not the date
        forward = bool(FORWARD.search(rest)) and not hints.definitions and reading.formula is None
        if kind is not None:
            op = Op.TEXT  # a cover fact asked in words: the tagged text, quoted
        elif op is Op.LOOKUP and NARRATIVE.search(core) and not number_asked:
            op = Op.TEXT
        elif op is Op.LOOKUP and DEFINITION.search(core) and not number_asked and not periods and not companies:
            op = Op.TEXT  # 'What is Tax Fees?': what the term means, in the filing's words - not its figure
        elif op is Op.LOOKUP and LIST_ASK.search(core) and not periods and not (reading.items and reading.items[0].metric):
            op = Op.TEXT  # 'What are Apple's reportable segments?': a list, in words
        items = reading.items or ((line_item(strip_scaffolding(rest)),) if strip_scaffolding(rest) else ())
        if op is not Op.AVERAGE and not reading.years_averaged:
            items = tuple(with_named_average(i) for i in items)
        output = Output(
            unit_kind=unit_kind_asked(core, op, reading.formula) or ("money" if scale and op is Op.LOOKUP else None),
            scale=scale, decimals=hints.decimals, percent=hints.percent,
            magnitude=op in (Op.CHANGE, Op.DIFFERENCE) and bool(MAGNITUDE.search(core)),
            gap=op is Op.CHANGE and len(reading.periods) == 2 and asks_gap(core),
            points=reading.points, movement=op is Op.LOOKUP and bool(MOVEMENT.search(core)),
        )
        plan = QueryPlan(
            text=q, core=core, operation=op, items=items, companies=tuple(companies),
            unknown_companies=tuple(unknown), unresolved_names=tuple(unresolved), periods=tuple(reading.periods),
            formula=reading.formula, output=output, statement=hints.statement, text_kind=kind.name if kind else "",
            forward=forward, years_averaged=reading.years_averaged, extreme=reading.extreme, rank_over=reading.rank_over,
            breakdown=bool(BY_MEMBER.search(core)) and reading.rank_over != "member" and not (reading.items and not reading.items[0].words)
            and not (reading.op is Op.SERIES and not reading.periods),  # 'in which years was X by segment given': years, no breakdown
            scope=scope, fixes=tuple(fixes), definitions=hints.definitions + _unread_specification(rest, reading.formula),
        )
        if previous is not None:
            plan = merge_follow_up(plan, previous)
        return plan

    def _companies(self, core: str) -> tuple[list[Company], list[tuple[int, int]], list[str], list[str]]:
        found = self.directory.find(core)
        companies = [c for c, _ in found]
        spans = [s for _, s in found]
        strong, weak = self.directory.unknown(core, spans)
        unresolved = []
        for name, span in weak:
            near = self.directory.closest(name)
            if near is not None:  # a misspelt company the index does hold ('Aple's')
                if near not in companies:
                    companies.append(near)
                spans.append(span)
            else:
                unresolved.append(name)
                spans.append(span)
        spans += [s for _, s in strong]
        return companies, spans, [n for n, _ in strong], unresolved


def _owner_spans(directory: CompanyDirectory, text: str) -> list[tuple[int, int]]:
    """Spans of the names the text writes as owners ('Autodesk's', "Teekay Tankers'")."""
    strong, weak = directory.unknown(text, [])
    # the span takes the possessive with the name: "Autodesk's goodwill" leaves 'goodwill', not "'s goodwill"
    return [(span[0], _past_possessive(text, span[1])) for _, span in strong + weak
            if re.match(r"\s*['’]", text[span[1]:span[1] + 2]) or re.search(r"['’]s?$", text[span[0]:span[1]])]


def words_of(text: str) -> tuple[str, ...]:
    return tuple(canonical_tokens(text))
