"""Reading a question: what is asked (metric words), for when (periods), in what form (unit,
scale), and whether it asks for a lookup, a computation or a passage of text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from index.errors import InvalidQuestion

from .instructions import Hints, split_instructions
from .periods import PeriodAsk, parse_periods, prior_period
from .vocabulary import (
    COUNT_INTENT, DURATION_INTENT, MONEY_INTENT, PER_SHARE_INTENT, PERCENT_INTENT, QUESTION_WORDS, canonical_tokens,
)

__all__ = ["PeriodAsk", "Question", "parse_question", "MAX_QUESTION_CHARS"]

MAX_QUESTION_CHARS = 2000

_NARRATIVE = re.compile(
    r"^\s*(?:how (?:do|does|did|are|is|will|were|was)\b(?! .*\b(?:much|many)\b)|why\b|describe\b|explain\b|"
    r"what (?:is|was|are) the (?:policy|method|model|basis|approach|terms?|vesting|schedule|reason|purpose)\b|"
    r"what (?:method|model|approach|assumptions?|happens?|does|do)\b|when (?:do|does|did|will)\b|who\b|"
    r"summari[sz]e\b|tell me about\b)",
    re.I,
)
_SUM = re.compile(r"\b(?:total|sum|combined|altogether|in aggregate|together|add(?:ed)? up)\b", re.I)
_DIFF = re.compile(r"\bdifference between\b|\bhow (?:much|many) (?:more|less|fewer|higher|lower)\b|\bminus\b", re.I)
_CHANGE = re.compile(r"\b(?:chang\w*|increas\w*|decreas\w*|declin\w*|gr[eo]w\w*|rise|rose|fall|fell|drop\w*)\b", re.I)
_GROWTH = re.compile(r"(?:\b(?:percent(?:age)?|%)|(?<!exchange )(?<!interest )(?<!tax )(?<!discount )\brate)\b.*\b(?:chang\w*|increas\w*|decreas\w*|gr[eo]w\w*|declin\w*)\b|"
                     r"\b(?:chang\w*|increas\w*|decreas\w*|gr[eo]w\w*|declin\w*)\b.*\b(?:percent(?:age)?|%)|\bgrowth rate\b|"
                     r"\byear[- ]over[- ]year\b|\byoy\b|\bgrowth\b(?! in (?:dollars|absolute))", re.I)  # 'growth' the noun: a rate
_RATIO = re.compile(r"\bratio of\b|\bas a (?:percent(?:age)?|share|fraction|proportion) of\b|\bwhat (?:percent(?:age)?|share|fraction|proportion) of\b|"
                    r"\bdivided by\b", re.I)
_COMPARE = re.compile(r"\bwhich\b.*\b(?:higher|larger|greater|more|bigger|lower|smaller|less|fewer)\b|\bwas .* (?:higher|larger|greater|lower|smaller) than\b", re.I)
_COMPARE_TWO = re.compile(r"^\s*compare\b|\bcompared?\b.*\b(?:and|with|to|vs\.?|versus)\b", re.I)
_MULTI_YEAR = re.compile(r"\bcagr\b|\bcompound\b|\bover the (?:past|last|previous|prior) \w+ (?:fiscal )?years\b", re.I)
_YOY = re.compile(r"\b(?:did|has|have)\b.*\b(?:increase|decrease|grow|change|decline|rise|fall|drop)\b|\byear[- ]over[- ]year\b|\byoy\b|"
                  r"\b(?:vs\.?|versus|compared (?:to|with)) (?:the )?(?:prior|previous|last) (?:fiscal )?year\b", re.I)
_OPERATION_WORDS = frozenset(canonical_tokens(
    "change changed increase increased decrease decreased decline declined grow grew growth rise rose fall fell drop "
    "dropped percent percentage rate difference between total sum combined together aggregate ratio proportion "
    "fraction share higher lower larger smaller greater less more fewer compared compare versus vs which by what from to "
    "yoy year-over-year prior previous"))
_POSSESSIVE = re.compile(r"\b((?:[A-Z][\w&.-]*)(?:\s+[A-Z][\w&.-]*){0,3})['’]s?\b")
_GENERIC_OWNERS = {"Company", "Group", "Plan", "Board", "Registrant", "Issuer", "Fund", "Trust", "Partnership", "Entity", "Bank"}
_SCALE = {"thousand": 3, "thousands": 3, "million": 6, "millions": 6, "billion": 9, "billions": 9}
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"


@dataclass(frozen=True)
class Question:
    text: str
    tokens: tuple[str, ...]  # canonical content tokens (metric + member words), periods removed
    periods: tuple[PeriodAsk, ...] = ()
    unit_kind: str | None = None  # 'count' | 'money' | 'per_share' | 'percent' | 'duration'
    scale: int | None = None  # 'in millions' -> 6: how to display, never what to look up
    operation: str | None = None  # 'sum' | 'difference' | 'change' | 'growth' | 'ratio' | 'compare'
    narrative: bool = False
    entities: tuple[str, ...] = ()  # company names the question names, resolved against the index
    operands: tuple[tuple[str, ...], ...] = ()  # token sets of two things compared/summed ('options' and 'RSUs')
    metric_text: str = ""  # the question with period words removed, for retrieval
    operand_texts: tuple[str, ...] = ()  # the two sides as written ('operating income', 'net sales')
    unknown_entities: tuple[str, ...] = ()  # companies named ('Microsoft's') that no indexed filing is from
    hints: Hints = Hints()  # what the instruction text around the question asked for (scale, rounding, statement)
    core: str = ""  # the question without its instruction text: what retrieval embeds
    extra: dict = field(default_factory=dict)

    def with_context(self, previous: "Question") -> "Question":
        """A follow-up ('and in 2022?') keeps the previous metric when it names none of its own."""
        if len(self.tokens) >= 1 and not set(self.tokens) <= {"and", "what", "about"}:
            return self
        return replace(
            previous,
            text=self.text,
            periods=self.periods or previous.periods,
            scale=self.scale or previous.scale,
            metric_text=previous.metric_text,
        )


def _unit_kind(text: str) -> str | None:
    if DURATION_INTENT.search(text):
        return "duration"
    if PERCENT_INTENT.search(text) and not re.search(r"\binterest rate\b", text, re.I):
        return "percent"
    if PER_SHARE_INTENT.search(text):
        return "per_share"
    if re.search(r"\bhow many\b", text, re.I):
        return "count"
    if MONEY_INTENT.search(text):
        return "money"
    if COUNT_INTENT.search(text):
        return "count"
    return None


def _operands(text: str) -> tuple[tuple[str, ...], ...]:
    return _operands_and_text(text)[0]


def _operands_and_text(text: str) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """'options and RSUs', 'A vs B', 'A or B', 'A compared to B', 'ratio of A to B',
    'A as a percentage of B' -> the two sides' tokens, and the two sides as written (for metric names)."""
    r = (re.search(r"\(([^()]+?)\s+(?:divided by|as a (?:percent(?:age)?|share|fraction|proportion) of|over)\s+([^()]+?)\)", text, re.I)
         or re.search(r"\bratio of\s+(.+?)\s+to\s+(.+?)(?:\?|$| in \d| for | at )", text, re.I)
         or re.search(r"^(?:what (?:was|is) )?(?:the )?(.+?)\s+divided by\s+(.+?)(?:\?|$| in \d| for | at )", text, re.I)
         or re.search(r"^(?:what (?:was|is) )?(?:the )?(.+?)\s+as a (?:percent(?:age)?|share|fraction|proportion) of\s+(.+?)(?:\?|$| in \d| for | at )", text, re.I)
         or re.search(r"\bwhat (?:percent(?:age)?|share|fraction|proportion) of\s+(.+?)\s+(?:was|is|were|came from|comes from|did)\s+(.+?)(?:\?|$| in \d| for | at )", text, re.I))
    if r:
        a, b = (r.group(1), r.group(2))
        if r.re.pattern.startswith("\\bwhat"):
            a, b = b, a  # 'what percentage of B was A' is A / B
        ta = tuple(t for t in canonical_tokens(a) if t not in QUESTION_WORDS and t not in _OPERATION_WORDS and not t.isdigit())
        tb = tuple(t for t in canonical_tokens(b) if t not in QUESTION_WORDS and t not in _OPERATION_WORDS and not t.isdigit())
        if ta and tb:
            return (ta, tb), (a, b)
    m = re.search(r"\b(?:between|of|for|was|were|did|had|in)?\s*([\w\s\-,'’()]+?)\s+(?:and|vs\.?|versus|or|compared (?:to|with))\s+([\w\s\-'’()]+?)(?:\?|$|,| in \d| for | during | at | on | combined| together| higher| lower| larger| smaller| greater)", text, re.I)
    if not m:
        return (), ()
    a, b = canonical_tokens(m.group(1)), canonical_tokens(m.group(2))
    a = tuple(t for t in a if t not in QUESTION_WORDS and t not in _OPERATION_WORDS and not t.isdigit())
    b = tuple(t for t in b if t not in QUESTION_WORDS and t not in _OPERATION_WORDS and not t.isdigit())
    if not a or not b:
        return (), ()
    if len(a) == 1 and len(b) > 1:
        # 'Americas and Europe net sales': the line item after B belongs to A too
        return (a + b[1:3], b[:3]), (m.group(1), m.group(2))
    return (a[-2:], b[:2]), (m.group(1), m.group(2))


# an all-capitals word where a company goes ('reported by COST in FY22', 'of XYZ?'), not a finance acronym
_TICKER_LIKE = re.compile(r"\b(?:by|of|for|at|from)\s+([A-Z]{2,5})\b(?=\s+(?:in|for|during|as|at|on)\b|\s*[?.]?\s*$)")
_ACRONYMS = frozenset("""EPS FCF EBIT EBITDA COGS SGA ROA ROE ROIC ROI DSO DIO DPO CCC YOY YTD TTM LTM GAAP IFRS USD EUR CNY
JPY GBP RMB HKD CAD FY CIK CFO CEO COO CAPEX OPEX AOCI OCI NCI US USA UK EU IPO ESPP RSU RSUS PSU LLC LLP INC SEC IRS EBT NOPAT
WACC AWS PPE NII NIM AUM ARR MRR LTV CAC DTA DTL NOL SBC ETR RD XBRL""".split())


def _period_count(periods: list[PeriodAsk]) -> int:
    """How many periods are named: 'year to date' with a date ('year-to-date as of June 30') is one."""
    dated = [p for p in periods if p.relation != "ytd"]
    return len(dated) if dated else len(periods)


def parse_question(text: str, directory=None) -> Question:
    """Read a question. ``directory`` (an EntityDirectory of the index) resolves company names."""
    if not isinstance(text, str):
        raise InvalidQuestion(f"the question must be text, not {type(text).__name__}.")
    q = " ".join(text.replace("\x00", " ").split())
    if not q:
        raise InvalidQuestion("the question is empty.")
    if len(q) > MAX_QUESTION_CHARS:
        raise InvalidQuestion(
            f"the question is {len(q):,} characters long; the limit is {MAX_QUESTION_CHARS:,}.",
            "Ask one question at a time, in a sentence or two.",
        )
    if not re.search(r"[A-Za-z]{2,}", q):
        raise InvalidQuestion("the question has no words in it.")
    q, hints = split_instructions(q)
    periods, spans = parse_periods(q)
    entities: list[str] = []
    if directory is not None:
        for ent, span in directory.find(q):
            entities.append(ent.name)
            # 'Plymouth Rock Technologies'': the rest of the registered name is the company, not the metric
            name_words = {w.strip(".,").lower() for w in ent.name.split()}
            a, b = span
            # the registered name written in full, punctuation and all ('AMAZON.COM, INC.'s'), is the company
            words = re.findall(r"[A-Za-z0-9&]+", ent.name)
            full = re.compile(r"\b" + r"[\W_]*".join(map(re.escape, words)) + r"\b\.?(?:['’]s?\b)?", re.I) if words else None
            whole = full.match(q, a) if full else None
            if whole and whole.end() > b:
                b = whole.end()
            while (nxt := re.match(r"\s+([\w.&-]+?)(?:['’]s?)?(?=\W|$)", q[b:])) and nxt.group(1).lower().strip(".,") in name_words:
                b += nxt.end()
            spans.append((a, b))
    # 'Microsoft's revenue' when no Microsoft filing is indexed: a company the index cannot speak for
    unknown = []
    if directory is not None:
        known_spans = spans[len(spans) - len(entities):] if entities else []
        for m in _POSSESSIVE.finditer(q):
            name = m.group(1)
            if name.split()[-1] in _GENERIC_OWNERS or any(a <= m.start() < b for a, b in known_spans):
                continue
            near = directory.closest(name)
            if near is not None:  # a misspelt company the index does hold
                if near.name not in entities:
                    entities.append(near.name)
                    spans.append(m.span())
                continue
            unknown.append(name)
        for m in _TICKER_LIKE.finditer(q):  # 'reported by COST in FY22': a ticker the index does not hold
            if m.group(1) not in _ACRONYMS and not any(a <= m.start(1) < b for a, b in spans) and m.group(1) not in unknown:
                unknown.append(m.group(1))
    stripped = q
    for a, b in sorted(spans, reverse=True):
        stripped = stripped[:a] + " " + stripped[b:]
    stripped = re.sub(rf"\b(?:{_MONTHS})\b\.?", " ", stripped, flags=re.I)
    scale = hints.scale
    m = re.search(r"\bin (?:(?:USD|US\$|\$|dollars)\s+)?(thousands?|millions?|billions?)\b", stripped, re.I)
    if m:
        scale = scale or _SCALE[m.group(1).lower()]
        stripped = stripped.replace(m.group(0), " ")
    tokens = tuple(t for t in canonical_tokens(stripped) if t not in QUESTION_WORDS and not t.isdigit())
    op = None
    if _COMPARE.search(q):
        op = "compare"
    elif _RATIO.search(q):
        op = "ratio"
    elif _GROWTH.search(q):
        op = "growth"
    elif _DIFF.search(q):
        op = "difference"
    elif _CHANGE.search(q) and _period_count(periods) >= 2:
        op = "change"
    elif _SUM.search(q) and _operands(stripped):
        op = "sum"  # 'total X for A and B'; a bare 'total X' is a label word ('Total assets')
    elif re.search(r"\b(?:in total|combined|altogether|together|sum)\b", q, re.I) and len({(p.year, p.day) for p in periods}) >= 2:
        op = "sum"  # 'in total in 2022 and 2023': one line item over two periods
    if op is None and len(entities) >= 2 and _SUM.search(q):
        op = "sum"
    if op is None and _COMPARE_TWO.search(q) and (len(entities) >= 2 or len(periods) >= 2):
        op = "compare"
    if len({(p.relation, p.year, p.day, p.quarter, p.months, p.month) for p in periods}) == 1 and (
            op == "growth" or _YOY.search(q)) and not _MULTI_YEAR.search(q):
        before = prior_period(periods[0])
        if before is not None:  # 'revenue growth in fiscal 2024': against the same period a year earlier
            periods = [before, periods[0]]
            op = op if op in ("growth", "change") else "change"
    if op is not None:  # 'change', 'percentage', 'combined'... describe the computation, not the metric
        tokens = tuple(t for t in tokens if t not in _OPERATION_WORDS)
    narrative = bool(_NARRATIVE.search(q)) and op is None
    return Question(
        text=q,
        tokens=tokens,
        periods=tuple(periods),
        # 'growth rate', 'as a percentage of': the result is a percentage, its operands are not
        unit_kind=None if narrative or (op in ("growth", "ratio", "change") and _unit_kind(q) == "percent") else (
            _unit_kind(q) or ("money" if hints.scale and op is None else None)),  # '(in USD millions)': money
        scale=scale,
        operation=op,
        narrative=narrative,
        operands=_operands(stripped) if op in ("sum", "difference", "ratio", "compare") else (),
        operand_texts=_operands_and_text(stripped)[1] if op in ("sum", "difference", "ratio", "compare") else (),
        metric_text=stripped,
        entities=tuple(entities),
        unknown_entities=tuple(unknown),
        hints=hints,
        core=q,
    )
