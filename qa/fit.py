"""Does the answer fit the question? The second half of "verified".

``qa.verify`` checks that every number equals a cited fact or is computed from cited facts.
That is not enough: a number can equal a cell of another period, another company or a member
row. This module checks, independently of how the matcher scored its candidates, that the
facts the answer rests on are what the question names:

* every company the question names is the company that reported them;
* every explicit date is the date of their period (within a 52/53-week week);
* a duration word ("quarter", "six months", "nine months", "year", "FY", "H1") is the length of
  each flow's period, and a bare year or fiscal year asks for the full year of a flow;
* every year or fiscal year named is the (filer-named) fiscal or calendar year of their period,
  and a named fiscal quarter is their fiscal quarter;
* a member row (a breakdown) answers only a question that names that member;
* a cash-flow "change in" line does not answer a balance, a held-for-sale or discontinued line
  does not answer the whole;
* numbers quoted from prose are never "verified" as reported facts.

Each problem is a plain sentence (no amounts, so it cannot itself break the number check).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from index.facts import Fact, Period

from .answer import Answer
from .fiscal import calendar_of, months_of
from .instructions import split_instructions
from .metrics import find_metric
from .multiyear import N_YEAR_AVERAGE, years_averaged
from .periods import DURATION_WORDS, PeriodAsk, calendar_year, parse_periods, prior_period
from .vocabulary import GENERIC_LABEL_WORDS, QUESTION_WORDS
from .vocabulary import canonical_tokens, concept_words, without_taken_out

__all__ = ["FitReport", "check_fit"]

_NEUTRAL_MEMBER_WORDS = frozenset(canonical_tokens(
    "consolidated consolidation entity entities parent company total reportable segment segments operating "
    "common stock class ordinary shares member domain us gaap"))
_CHANGE_WORDS = re.compile(r"\b(?:chang\w*|increas\w*|decreas\w*|movement|cash flows? from|working capital)\b", re.I)
_PARTIAL_LINES = (
    (re.compile(r"held[- ]for[- ]sale|heldforsale|disposal group", re.I), re.compile(r"held[- ]for[- ]sale|disposal|divest", re.I),
     "a held-for-sale (disposal group) line"),
    (re.compile(r"discontinued", re.I), re.compile(r"discontinued", re.I), "a discontinued-operations line"),
)
_YEARS_WORD = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten".split())} | {
    str(i): i for i in range(1, 21)}
_NAMES = {3: "a quarter", 6: "six months", 9: "nine months", 12: "a full year"}


@dataclass(frozen=True)
class FitReport:
    problems: tuple[str, ...]
    kind: str = ""  # the first problem's kind: 'company' | 'period' | 'member' | 'line' | 'prose'

    @property
    def ok(self) -> bool:
        return not self.problems


def _near(m: float, months: int) -> bool:
    return abs(m - months) < 0.8


def _months_name(m: float) -> str:
    for n, name in _NAMES.items():
        if abs(m - n) < 0.8:
            return name
    return f"about {round(m)} months"


def _period_text(p: Period) -> str:
    return p.display()


def _bearing(answer: Answer) -> list[int]:
    """Indexes of the citations the answer's value rests on (not the ones cited beside it)."""
    if answer.computation is not None:
        return [i for i in answer.computation.inputs if 0 <= i < len(answer.citations)]
    out = []
    for i, c in enumerate(answer.citations):
        if c.kind != "fact":
            continue
        if answer.value is None:
            if i == 0:
                out.append(i)  # a text fact: the first citation is the answer
            continue
        try:
            if c.value is not None and abs(Decimal(c.value)) == abs(answer.value):
                out.append(i)
        except ArithmeticError:
            continue
    return out


def _wanted_months(text: str) -> int | None:
    found = {n for n, pat in DURATION_WORDS if pat.search(text)}
    if 12 in found and len(found) > 1:
        found.discard(12)
    if re.search(r"\b(?:year[- ]to[- ]date|YTD)\b", text, re.I):
        return None  # to date: any length from the fiscal year's start
    return found.pop() if len(found) == 1 else None


def _company_ok(f: Fact, asked: list) -> bool:
    for e in asked:
        if e.cik and f.cik and e.cik.lstrip("0") == f.cik.lstrip("0"):
            return True
        if f.entity and f.entity.lower() == e.name.lower():
            return True
    return False


def _is_breakdown(f: Fact, member, related: Callable[[Fact], list[Fact]] | None) -> bool:
    """A member makes a fact a breakdown when the filing also reports, for the same line item and
    period, the fact without that member (the total) or with a sibling member in its place; a
    member every such fact carries ('Subsequent events') only qualifies the line item."""
    if related is None:
        return True
    ends = {p.end for p in f.periods}
    others = set(f.dimensions) - {member}
    for g in related(f):
        if g.fact_id == f.fact_id or not ({p.end for p in g.periods} & ends):
            continue
        dims = set(g.dimensions)
        if dims == others:
            return True
        swapped = dims - others
        if len(dims) == len(f.dimensions) and others <= dims and member not in dims and all(
                not member.axis or x.axis == member.axis for x in swapped):
            return True
    return False


def _asked_member_problem(f: Fact, q_tokens: set[str], related: Callable[[Fact], list[Fact]] | None,
                          metric_tokens: set[str] = frozenset()) -> str:
    """The question names a member ('Services', 'Americas') that the filing reports as a row of the
    cited line item for the same period, and the cited fact is not that row."""
    if related is None or f.value is None:
        return ""
    ends = {p.end for p in f.periods}
    said = set(canonical_tokens(f"{f.label} {f.member_text} {f.entity}"))  # a concept's "Services" is not the member
    concept = set(canonical_tokens(concept_words(f.concept)))
    asked = metric_tokens or q_tokens
    unexplained = {t for t in asked - concept - _NEUTRAL_MEMBER_WORDS - QUESTION_WORDS - _STOP if not t.isdigit()}
    if asked & concept and not unexplained:
        said |= concept  # the question is worded by the concept ('cost of goods and services sold'): no member named
    for g in related(f):
        added = set(g.dimensions) - set(f.dimensions)
        if len(added) != 1 or not set(f.dimensions) <= set(g.dimensions) or not ({p.end for p in g.periods} & ends):
            continue
        member = next(iter(added))
        words = {w for w in canonical_tokens(member.member) if not w.isdigit()} - _NEUTRAL_MEMBER_WORDS - said
        if words and words <= q_tokens and g.value != f.value:
            return f"The question asks for the “{member.member}” part of “{f.label}”; the cited figure is the whole."
    return ""


def _total_differs(f: Fact, member, related: Callable[[Fact], list[Fact]] | None) -> bool:
    """The same line item and period is also reported without ``member``, with another value."""
    if related is None or f.value is None:
        return False
    ends = {p.end for p in f.periods}
    others = set(f.dimensions) - {member}
    return any(g.fact_id != f.fact_id and set(g.dimensions) == others and g.value is not None and g.value != f.value
               and ({p.end for p in g.periods} & ends) and g.unit == f.unit for g in related(f))


def check_fit(question: str, answer: Answer, facts: Callable[[Iterable[str]], list[Fact]], directory=None,
              related: Callable[[Fact], list[Fact]] | None = None, context: str = "",
              reported: Callable[[str, str], list[Fact]] | None = None) -> FitReport:
    """The ways the cited facts differ from what ``question`` asks (empty when they fit).

    ``context``: the earlier question a follow-up ('and in 2021?') continues; its company and
    line-item words still hold, and its periods unless the follow-up names its own.
    ``reported(filing_id, concept_local_name)``: that filing's facts of a concept (None: assume any
    concept may be reported, the strict reading)."""
    if answer.abstained:
        return FitReport(())
    own, hints = split_instructions(" ".join(question.split()))
    earlier = split_instructions(" ".join(context.split()))[0] if context else ""
    core = f"{earlier} {own}".strip()
    period_text = own if (not earlier or parse_periods(own)[0]) else earlier
    problems: list[tuple[str, str]] = []
    if answer.extra.get("quoted_prose") or (answer.value is not None and not any(c.kind == "fact" for c in answer.citations)):
        problems.append(("prose", "The number is quoted from the filing's text, not a tagged table value."))
    idx = _bearing(answer)
    ids = [answer.citations[i].fact_id for i in idx if answer.citations[i].fact_id]
    by_id = {f.fact_id: f for f in facts(ids)} if ids else {}
    bearing = [by_id[i] for i in ids if i in by_id]
    if not bearing:
        return FitReport(tuple(p for _, p in problems), problems[0][0] if problems else "")

    # companies
    if directory is not None:
        asked = [e for e, _ in directory.find(core)]
        if asked:
            for f in bearing:
                if not _company_ok(f, asked):
                    names = " and ".join(e.name for e in asked)
                    problems.append(("company", f"The question asks about {names}; the cited figure is reported by {f.entity or 'another filer'}."))
                    break

    asks, _spans = parse_periods(period_text)
    wanted = _wanted_months(period_text)
    averaging = bool(re.search(r"\baverage\b|\bavg\b", core, re.I))
    comp = answer.computation
    if comp is not None and re.search(r"\bcagr\b|\bcompound\b|\bover the (?:past|last|previous|prior) \w+ (?:fiscal )?years\b", core, re.I):
        back = []  # a growth over several years cites the years before the one named
        for a in asks:
            b = a
            for _ in range(10):
                b = prior_period(b) if b is not None else None
                if b is not None:
                    back.append(b)
        asks = asks + back
    if comp is not None and "average" in f"{comp.formula} {answer.text}".lower():
        averaging = True  # turnover and days average the opening and closing balances
    reads_prior = comp is not None and (comp.operation in ("change", "growth") or re.search(
        r"\b(?:year[- ]over[- ]year|yoy|growth|prior[- ]year|previous[- ]year|a year earlier)\b", question, re.I))
    if reads_prior and len({a.year for a in asks if a.year}) <= 1:
        # a change named by one period ('growth in fiscal 2024') compares it with the year before
        asks = asks + [b for b in (prior_period(a) for a in asks) if b is not None]
    averaged_years = years_averaged(core, asks) if comp is not None else None
    if averaged_years:  # 'the FY2020 - FY2022 3 year average': every year of the span is asked
        asks = asks + [PeriodAsk("fy", y) for y in averaged_years]
        if reads_prior:  # an average of year-over-year growths reads the year before the first one too
            asks = asks + [PeriodAsk("fy", min(averaged_years) - 1)]
    span = re.search(r"\bover the (?:past|last|previous|prior) (\w+) (?:fiscal )?years\b", core, re.I)
    n_years = _YEARS_WORD.get(span.group(1).lower()) if span else None
    if comp is not None and n_years:
        years = {calendar_of(f).year_of(p.end) for f in bearing for p in f.periods}
        if years and max(years) - min(years) != n_years:
            problems.append(("period", f"The question asks about {span.group(1)} years; the cited figures span "
                                       f"fiscal {min(years)} to fiscal {max(years)}."))
    for f in bearing:
        periods = f.periods
        if not periods:
            continue
        problem = _period_problem(f, periods, asks, wanted, averaging)
        if problem:
            problems.append(("period", problem))
            break

    # members: a breakdown row answers only a question that names its member
    q_tokens = set(canonical_tokens(core))
    for f in bearing:
        for m in f.dimensions:
            words = set(canonical_tokens(m.member)) - _NEUTRAL_MEMBER_WORDS
            words = {w for w in words if not w.isdigit()}
            if words and not (words & q_tokens) and _is_breakdown(f, m, related):
                problems.append(("member", f"The cited figure is the “{m.member}” part of “{f.label}”, not the total the question asks for."))
                break
            if not words and _total_differs(f, m, related):
                # 'Parent Company', 'Reportable segments': neutral words, but the filing also reports the
                # consolidated figure, and it is another number
                problems.append(("member", f"The cited figure is reported for “{m.member}”; the filing's consolidated "
                                           f"“{f.label}” is another figure."))
                break
        else:
            continue
        break

    # a member asked ('Services cost of sales') is its row, not the total beside it
    if comp is None:
        for f in bearing:
            problem = _asked_member_problem(f, q_tokens, related, set(canonical_tokens(_metric_text(core, directory))))
            if problem:
                problems.append(("member", problem))
                break

    # the kind of number: a rate is not an amount, a share count is not a dollar figure
    worded = comp is None and bool(bearing) and _worded_by_concept(_metric_text(core, directory), bearing[0])
    problem = _unit_problem(core, answer, hints.scale, worded)
    if problem:
        problems.append(("line", problem))

    # the line item: the question's metric words must be said by the cited line (or its concept)
    # a follow-up that names its own line item ('and net income?') is about that item, not the earlier one
    line_text = own if earlier and _metric_words(own, directory) else core
    if comp is None and answer.value is not None and _worded_by_concept(_metric_text(line_text, directory), bearing[0]):
        pass  # the question names the cited concept word for word: that is the line item
    elif comp is None and answer.value is not None:  # text facts are matched by their own phrasings table
        problem = (_line_problem(line_text, bearing[0], directory) or _qualifier_problem(core, bearing[0], reported)
                   or _asked_qualifier_problem(_metric_text(line_text, directory), bearing[0]))
        if problem:
            problems.append(("line", problem))
    elif comp is not None:
        problem = _computed_line_problem(line_text, bearing, directory, hints.definitions)
        if problem:
            problems.append(("line", problem))
        if "average" in comp.formula.lower() + answer.text.lower() and re.search(
                r"\b(?:year[- ]end|ending|closing|end[- ]of[- ](?:year|period))\s+(?:balance\s+(?:of\s+)?)?(?:accounts|receivables?|"
                r"inventor|payables?|assets|equity)", core, re.I) and not re.search(r"\baverage\b", core, re.I):
            problems.append(("line", "The question asks for the year-end balance; the computation averages the opening and closing balances."))

    # a flow the metric table knows ('depreciation and amortization for fiscal 2021') is not a balance
    flow = find_metric(_metric_text(core, directory)) if comp is None and answer.value is not None else None
    if flow is not None and not flow[0].instant and bearing and all(
            p.kind == "instant" for p in bearing[0].periods) and bearing[0].periods and not _BALANCE_DATE.search(period_text):
        problems.append(("line", f"The question asks for {flow[0].phrase} over a period; the cited “{bearing[0].label}” "
                                 "is a balance at a date."))

    # cash that moved ('proceeds from', 'payments for', 'repayments of') is a flow, never a balance at a date
    if comp is None and answer.value is not None and bearing and bearing[0].periods and all(
            p.kind == "instant" for p in bearing[0].periods) and _CASH_MOVED.search(_metric_text(core, directory)) \
            and not _CASH_MOVED.search(f"{bearing[0].label} {concept_words(bearing[0].concept)}"):
        problems.append(("line", f"The question asks for cash received or paid over a period; the cited "
                                 f"“{bearing[0].label}” is a balance at a date."))

    # line items that are not what a plain question means
    for f in bearing:
        concept = f.concept.split(":")[-1]
        if (concept.startswith("IncreaseDecrease") or re.match(r"^(?:increase|decrease)", f.label, re.I)) \
                and not _CHANGE_WORDS.search(core) and not worded:
            problems.append(("line", f"The cited line “{f.label}” is a change over the period (a cash-flow line), not the balance asked for."))
            break
        for in_fact, in_question, what in _PARTIAL_LINES:
            text = f"{f.concept} {f.label} {f.member_text}"
            if in_fact.search(text) and not in_question.search(core):
                problems.append(("line", f"The cited line “{f.label}” is {what}, not the whole line item asked for."))
                break
    return FitReport(tuple(p for _, p in problems), problems[0][0] if problems else "")


_STOP = frozenset(canonical_tokens(
    "company company's firm its their reported report filing filings amount value total figure number much many "
    "what was were is are the of for in on at by as to from during ended ending end year years fiscal quarter quarterly "
    "month months period annual full half first second third fourth latest last most recent current calendar "
    "usd dollars million millions billion billions thousand thousands according statement statements consolidated "
    "net give tell me show please approximately about count share shares loss income expense benefit "
    "gaap us including excluding attributable pay paid pays spend spent spending return returned and about out "
    "through thru until till"))


_POSSESSIVE = re.compile(r"\b((?:[A-Z][\w&.-]*)(?:\s+[A-Z][\w&.-]*){0,3})['’]s?(?=\s)")


def _without_companies(text: str, directory) -> str:
    """The question without the companies it names (misspelt ones too: 'Aple's')."""
    if directory is None:
        return text
    for _, (a, b) in sorted(directory.find(text), key=lambda x: -x[1][0]):
        text = text[:a] + " " + text[b:]
    for m in reversed(list(_POSSESSIVE.finditer(text))):
        if directory.closest(m.group(1)) is not None:
            text = text[:m.start()] + " " + text[m.end():]
    return text


def _metric_text(text: str, directory) -> str:
    """The question without its companies and periods: what is left names the line item."""
    text = _without_companies(text, directory)
    for a, b in sorted(parse_periods(text)[1], reverse=True):
        text = text[:a] + " " + text[b:]
    return text


# 'as of', 'at the end of fiscal 2024', 'year end': a balance at a date is what is asked
_BALANCE_DATE = re.compile(r"\bas of\b|\bas at\b|\bat (?:the )?(?:end|close) of\b|\byear[- ]end\b|\bbalance\b|\boutstanding at\b", re.I)
_CASH_MOVED = re.compile(r"\b(?:proceeds|payments?|repayments?|purchases?|paid|received|issuances?|borrowings?)\b", re.I)
_INCLUDING = re.compile(r",?\s*\(?\bincluding\b.*$", re.I)


def _said_by(f: Fact, question: str = "") -> set[str]:
    """Every word a fact's line says: label, members, statement, concept name, printed row, company.
    What a label says only after 'including' ('…, Period Increase (Decrease), Including Exchange Rate
    Effect') is a part the total holds, not what the line is, unless the question says 'including' too."""
    if question and not re.search(r"\binclu", question, re.I):
        label, concept, row = (_INCLUDING.sub("", t) or t for t in (f.label, concept_words(f.concept), f.row_label))
    else:
        label, concept, row = f.label, concept_words(f.concept), f.row_label
    return set(canonical_tokens(f"{label} {without_taken_out(label)} {f.member_text} {f.title} {concept} {row} {f.entity}"))


def _names_another_metric(text: str, f: Fact) -> str:
    """The question names one metric and the cited line, by its own printed words, another one
    ('provision for income taxes' answered by 'Income tax benefit related to share-based compensation
    expense'), and the fact is not a concept of the metric asked."""
    asked = find_metric(text)
    printed = find_metric(without_taken_out(f.label))
    if asked is None or printed is None or asked[0].key == printed[0].key:
        return ""
    if asked[0].has_concept(f.concept):
        return ""
    if set(canonical_tokens(printed[1].group(0))) <= set(canonical_tokens(text)):
        return ""  # the question says the printed metric's words too ('cash flow from operations' in a longer line)
    return f"The cited line “{f.label}” is {printed[0].phrase}, not the {asked[0].phrase} asked for."


def _metric_words(text: str, directory) -> list[str]:
    text = _metric_text(text, directory)
    return [t for t in canonical_tokens(text) if t not in QUESTION_WORDS and t not in GENERIC_LABEL_WORDS
            and t not in _STOP and not t.isdigit() and len(t) > 1]


def _worded_by_concept(text: str, f: Fact) -> bool:
    """The question names the cited line by its concept, word for word ('contract with customer
    liability revenue recognized' is ContractWithCustomerLiabilityRevenueRecognized)."""
    if not f.concept:
        return False
    content = lambda ws: {w for w in ws if (w in _QUALIFIERS or w not in QUESTION_WORDS and w not in _STOP)
                          and not w.isdigit() and len(w) > 1}
    asked = content(canonical_tokens(text))
    named = content(canonical_tokens(concept_words(f.concept)))
    return bool(asked) and len(named) >= 2 and asked == named


def _as_written(stem: str, text: str) -> str:
    """The word of ``text`` a canonical stem came from ('indefinit' -> 'indefinite'), else the stem."""
    hit = re.search(rf"(?<![A-Za-z]){re.escape(stem)}[A-Za-z]*", text, re.I)
    return hit.group(0).lower() if hit else stem


def _line_problem(core: str, f: Fact, directory) -> str:
    """The cited line says too few of the question's metric words to be the line item asked."""
    text = _metric_text(core, directory)
    found = find_metric(text)
    covered: set[str] = set()
    if found is not None and found[0].has_concept(f.concept):
        covered = set(canonical_tokens(found[1].group(0)))  # the metric is the cited concept; the rest must still fit
    words = [t for t in dict.fromkeys(canonical_tokens(text)) if t not in covered
             and t not in QUESTION_WORDS and t not in GENERIC_LABEL_WORDS and t not in _STOP and not t.isdigit() and len(t) > 1]
    if re.search(r"\b(?:interest|taxes|tax|dividends?)\s+paid\b", text, re.I) and not re.search(
            r"paid|payment|cash", f"{f.label} {f.concept} {f.row_label}", re.I):
        return f"The question asks for cash paid; the cited line “{f.label}” is not a payment."
    if found is not None and found[0].strict and not covered and not found[0].pattern.search(f"{f.label} | {f.row_label}"):
        return f"The cited line “{f.label}” is not {found[0].phrase}, which the filing does not report under that name."
    if not words:
        return ""
    other = _names_another_metric(text, f)
    if other:
        return other
    printed = set(canonical_tokens(f"{without_taken_out(f.label)} {f.member_text} {f.row_label}"))
    if not covered and not printed & set(words):
        # 'Severance costs' tagged with a restructuring concept: the printed line says none of what was asked
        return f"The cited line “{f.label}” says none of the words the question asks for ({', '.join(words[:4])})."
    line = f"{f.label} {concept_words(f.concept)} {f.row_label}"
    for side in ("before", "after"):  # 'gain before reclassification' is not the reclassification, pre-tax not after-tax
        asked = re.search(rf"\b{side}\b(?:\s+(\w+))?", text, re.I)
        if asked and not re.search(rf"\b{side}\b", line, re.I):
            what = f"{side} {asked.group(1)}" if asked.group(1) else side
            return f"The question asks for the amount {what}; the cited line “{f.label}” is not that."
    local = f.concept.split(":")[-1]
    if local.endswith("Value") and re.search(r"\bshares\s*(?:\?|$|in |for |during |as of |reported )", text, re.I) \
            and not re.search(r"\bvalue\b|\bamount\b|\$", text, re.I):
        return f"The question asks for a number of shares; the cited line “{f.label}” is their value."
    if local.endswith("Shares") and re.search(r"\bvalue\b", text, re.I) and not re.search(r"\bshares?\b", text, re.I):
        return f"The question asks for a value; the cited line “{f.label}” is a number of shares."
    said = _said_by(f, core)
    if said & set(canonical_tokens("increase decrease")):
        said |= set(canonical_tokens("change changes movement"))  # 'Increase (decrease) in …' is the change in it
    missing = [w for w in words if w not in said]
    counted = [w for w in missing if w in _ORDINAL_WORDS]
    if counted:  # 'due in two years', 'year four': which row of a schedule, never slack
        return f"The cited line “{f.label}” does not say {', '.join(counted)}, which the question asks for."
    # 'due after 1 year through 5 years': the figures of a schedule row are which row it is
    asked_numbers = set(re.findall(r"(?<![\d,.$])\b\d{1,2}\b(?![\d,.%])", text))
    if asked_numbers - set(re.findall(r"\b\d{1,2}\b", f"{f.label} {f.row_label} {f.member_text}")):
        return f"The cited line “{f.label}” is another row than the one the question's figures name."
    included = re.search(r"\bincluding (?:the )?(current (?:portion|maturities)|short[- ]term \w+)", text, re.I)
    if included and re.search(rf"^\W*{re.escape(included.group(1).split()[0])}\b", f.label, re.I) \
            and not re.search(r"\btotal\b|\binclud", f.label, re.I):
        return f"The question asks for a total including the {included.group(1)}; the cited line “{f.label}” is that part alone."
    # 'indefinite' asked where the line says 'finite', 'noncurrent' where it says 'current': the opposite, never slack
    opposite = [(m, w) for m in missing for w in said if m != w and min(len(m), len(w)) >= 4
                and (m.endswith(w) or w.endswith(m)) and re.match(r"^(?:in|un|non|dis|im)", m if len(m) > len(w) else w)]
    if opposite:
        m, w = (_as_written(x, t) for x, t in zip(opposite[0], (text, f"{f.label} {concept_words(f.concept)}")))
        return f"The question asks for “{m}”; the cited line “{f.label}” says “{w}”, another line."
    if len(missing) <= len(words) // 5:  # every distinguishing word said (one slack in a long phrase)
        return ""
    label_extra = [w for w in canonical_tokens(f.label) if w not in set(canonical_tokens(text)) | covered
                   and w not in GENERIC_LABEL_WORDS and w not in _STOP and not w.isdigit() and len(w) > 1]
    if len(missing) == 1 and len(words) >= 3 and not label_extra:
        return ""  # one word of a long phrase unsaid, and the line says nothing the question did not: the same item
    return f"The cited line “{f.label}” does not say what the question asks for ({', '.join(missing)})."


_WANTS_RATE = re.compile(r"%|\bpercent(?:age)?\b|\bratio\b|(?<!exchange )\brate\b|\b(?:operating|net|profit|pre-?tax|ebitda|ebit|"
                         r"gross profit|gross margin %)\s+margin\b|\bmargin\s*%|\bcoverage\b|"
                         r"\b(?:assets?|inventor(?:y|ies)|receivables?|payables?|capital|equity|pp&e)\s+turnover\b|\bturnover (?:ratio|rate)\b", re.I)
_WANTS_COUNT = re.compile(r"\bhow many\b|\bnumber of (?:shares|employees|stores|units|customers)\b|\bshare count\b|"
                          r"\bshares\b(?! of (?:net|the)\b)(?!.*\bper share\b)", re.I)
_WANTS_PER_SHARE = re.compile(r"\bper (?:common |ordinary |diluted |basic )?share\b|\beps\b|\bprice\b|\bper unit\b|\bpar value\b|"
                              r"\bearnings per\b|\bdps\b|/\s*share\b", re.I)
_AMOUNT_WORDS = re.compile(r"\b(?:how much|amount|value|dollars?|USD|cost|paid|proceeds|price)\b|\$", re.I)


# 'income tax expense at the federal statutory rate': an amount computed at a rate
_AT_RATE = re.compile(r"\b(?:expense|benefit|amount)\b.*\bat (?:the )?(?:\w+ ){0,4}rate\b", re.I)


def _is_currency(unit: str | None) -> bool:
    return bool(unit) and len(unit) == 3 and unit.isupper()


def _unit_problem(core: str, answer: Answer, scale: int | None = None, worded: bool = False) -> str:
    """``worded``: the question names the cited concept word for word, so its words ('rate
    differential', 'per share') say what the concept is and cannot ask for another kind of number."""
    if answer.value is None:
        return ""
    if scale and answer.unit == "pure":  # '(in USD millions)': an amount of money, whatever else the words say
        return "The question asks for an amount in millions or thousands; the cited figure is a rate or percentage."
    if worded:
        return ""
    if _WANTS_RATE.search(core) and _is_currency(answer.unit) and not re.search(r"\binterest rate\b.*\b(?:expense|paid)\b", core, re.I) \
            and not _AT_RATE.search(core):
        return "The question asks for a rate or ratio; the cited figure is an amount of money."
    if answer.unit == "pure" and answer.computation is None and not _WANTS_RATE.search(core) \
            and not re.search(r"\b(?:ratio|percent|rate|yield|margin|share of|proportion|fraction|multiple|times)\b", core, re.I):
        return "The question asks for an amount; the cited figure is a rate or percentage."
    if answer.unit and "/" in answer.unit and answer.unit.split("/")[-1].lower().startswith("share") \
            and not _WANTS_PER_SHARE.search(core):
        return "The question asks for an amount; the cited figure is per share."
    if _WANTS_COUNT.search(core) and _is_currency(answer.unit) and not _AMOUNT_WORDS.search(core) \
            and not re.search(r"\bper share\b|\beps\b", core, re.I):
        return "The question asks for a number of shares or items; the cited figure is an amount of money."
    return ""


_ORDINAL_WORDS = frozenset(canonical_tokens(
    "one two three four five six seven eight nine ten first second third fourth fifth thereafter"))
_QUALIFIERS = frozenset(canonical_tokens(
    "state local foreign federal domestic current noncurrent deferred unrecognized noncontrolling preferred "
    "restricted discontinued international"))
# words that make a line another kind of line: an accrued payable is not the expense, an allowance not the receivable
# (the cost of revenue is not revenue: _names_another_metric)
_OTHER_KIND = frozenset(canonical_tokens(
    "payable receivable accrued accumulated impairment unrealized allowance reserve"))


def _asked_qualifier_problem(core: str, f: Fact) -> str:
    """A narrowing word the question asks ('current income tax expense', 'deferred revenue', 'foreign')
    must be said by the line itself (label, members, concept, printed row), not only by the title of
    the note it sits in: 'Income tax expense (benefit)' is the total, not its current part."""
    asked = [w for w in dict.fromkeys(canonical_tokens(core)) if w in _QUALIFIERS]
    if not asked:
        return ""
    own = set(canonical_tokens(f"{f.label} {f.member_text} {concept_words(f.concept)} {f.row_label}"))
    missing = [w for w in asked if w not in own]
    if missing:
        return f"The cited line “{f.label}” does not say {', '.join(missing)}, which the question asks for."
    return ""


def _without_word(concept: str, word: str) -> str:
    """The concept's local name without the parts that spell ``word`` ('FinanceLeaseLiabilityCurrent'
    without 'current' is 'FinanceLeaseLiability')."""
    parts = re.findall(r"[A-Z]+(?![a-z])|[A-Z][a-z]*|[a-z]+|\d+", concept.split(":")[-1])
    return "".join(p for p in parts if tuple(canonical_tokens(p)) != (word,))


def _less_qualified_reported(f: Fact, word: str, reported: Callable[[str, str], list[Fact]] | None) -> bool:
    """The filing also reports the line without the concept's qualifier (FinanceLeaseLiability beside
    …Current), at the same date and with another value: then the plain words could mean either."""
    if reported is None:
        return True
    plain = _without_word(f.concept, word)
    if not plain or plain == f.concept.split(":")[-1]:
        return False
    ends = {p.end for p in f.periods}
    return any(g.value is not None and g.value != f.value and not g.dimensions and ({p.end for p in g.periods} & ends)
               for g in reported(f.filing_id, plain))


_TERM_QUALIFIERS = ((re.compile(r"\blong[- ]term\b|\bnon-?current\b", re.I), "noncurrent"),
                    (re.compile(r"\bshort[- ]term\b|(?<!non)(?<!non-)\bcurrent\b", re.I), "current"))


def _term_words(text: str) -> set[str]:
    """'long-term' says noncurrent, 'short-term' says current (as canonical tokens)."""
    return {t for pat, word in _TERM_QUALIFIERS if pat.search(text) for t in canonical_tokens(word)}


def _qualifier_problem(core: str, f: Fact, reported: Callable[[str, str], list[Fact]] | None = None) -> str:
    """A printed label that narrows the line item ('State income taxes', 'Current portion of …') the
    question did not narrow, or makes it another kind of line ('Total cost of revenues' for revenue):
    another line item than the one asked."""
    asked = set(canonical_tokens(core)) | _term_words(core)
    if re.search(r"\b(?:non-?)?U\.?S\.?(?:-based)?\b", without_taken_out(f.label)) and not re.search(
            r"\bU\.?S\.?\b|\bunited states\b|\bdomestic\b|\bforeign\b|\binternational\b", core, re.I):
        return f"The cited line “{f.label}” is narrower than the line item asked (a geography the question does not name)."
    for excluded in re.findall(r"\b(?:excluding|excl\.?|other than|except)\s+(\w+)", core, re.I):
        if set(canonical_tokens(excluded)) & set(canonical_tokens(without_taken_out(f.label))):
            return f"The question excludes {excluded}; the cited line “{f.label}” includes it."
    metric = find_metric(core)
    if metric is not None and metric[0].has_concept(f.concept):
        return ""  # the concept the metric table names for what was asked, whatever its standard label adds
    said = dict.fromkeys(canonical_tokens(without_taken_out(f.label)))
    said.update(dict.fromkeys(_term_words(without_taken_out(f.label))))
    # a row printed as 'Finance lease liabilities' under current liabilities is tagged ...Current: another
    # line than the plain words when the filing reports the unqualified total too
    said.update(dict.fromkeys(w for w in canonical_tokens(concept_words(f.concept))
                              if w in _QUALIFIERS and w not in said and _less_qualified_reported(f, w, reported)))
    extra = [w for w in said if (w in _QUALIFIERS or w in _OTHER_KIND) and w not in asked]
    if extra:
        return f"The cited line “{f.label}” is narrower than the line item asked (it says {', '.join(extra)})."
    return ""


_OP_WORDS = frozenset(canonical_tokens(
    "change changed increase decrease growth grow grew rate ratio margin percent percentage difference between sum "
    "combined compared versus vs divided over as of share proportion fraction from to calculate computed compute defined "
    "using formula average beginning ending opening closing days year-over-year yoy times higher lower more less fewer "
    "than decline declined fall fell drop dropped rise rose larger smaller bigger greater which per share pershare "
    "past last previous prior over years annual compound cagr"))


def _computed_line_problem(core: str, bearing: list[Fact], directory, definitions: tuple[str, ...] = ()) -> str:
    """The words a computed answer's name does not explain must be said by its inputs (a term the
    question defines itself is explained by its definition)."""
    from .formulas import Unreadable, match_formula

    text = N_YEAR_AVERAGE.sub(" ", core)  # 'the FY2020 - FY2022 three-year average of …' names the span, not the line
    found = match_formula(text, definitions)
    if isinstance(found, Unreadable):
        return f"The question's definition of {found.name or 'the measure'} could not be read."
    if found is not None and found[0].key == "spelled" and definitions:
        return ""
    if found is not None:
        text = text.replace(found[1].group(0), " ")
        return ""  if _spelled(core) else _words_missing(text, bearing, directory)
    return _words_missing(text, bearing, directory)


def _spelled(core: str) -> bool:
    return bool(re.search(r"\b(?:defined|computed|calculated) as\b", core, re.I))


def _words_missing(text: str, bearing: list[Fact], directory) -> str:
    text = _metric_text(text, directory)
    words = [t for t in dict.fromkeys(canonical_tokens(text)) if t not in QUESTION_WORDS and t not in GENERIC_LABEL_WORDS
             and t not in _STOP and t not in _OP_WORDS and not t.isdigit() and len(t) > 1]
    if not words:
        return ""
    said = set().union(*(_said_by(f) for f in bearing))
    said |= _metric_words_covered(text, bearing)
    missing = [w for w in words if w not in said]
    if len(missing) <= len(words) // 5:
        return ""
    return f"The computation's inputs do not say what the question asks for ({', '.join(missing)})."


def _metric_words_covered(text: str, bearing: list[Fact]) -> set[str]:
    """The words of each metric the text names ('COGS') whose concepts an input is ('CostOfRevenue')."""
    covered: set[str] = set()
    for _ in range(4):
        found = find_metric(text)
        if found is None:
            break
        metric, hit = found
        if any(metric.has_concept(f.concept) for f in bearing):
            covered |= set(canonical_tokens(hit.group(0)))
        text = text[:hit.start()] + " " + text[hit.end():]
    return covered


def _period_problem(f: Fact, periods: tuple[Period, ...], asks: list[PeriodAsk], wanted: int | None, averaging: bool) -> str:
    """Why none of the fact's periods is the period asked (empty when one is)."""
    cal = calendar_of(f)
    reasons: list[str] = []
    for p in periods:
        r = _one_period_problem(f, p, cal, asks, wanted, averaging)
        if not r:
            return ""  # one candidate period fits (an open column is reported as such elsewhere)
        reasons.append(r)
    return reasons[0]


def _one_period_problem(f: Fact, p: Period, cal, asks: list[PeriodAsk], wanted: int | None, averaging: bool) -> str:
    dur = p.kind == "duration"
    m = months_of(p)
    found = _period_text(p)
    # an explicit duration word is the length of a flow
    if dur and wanted is not None and abs(m - wanted) >= 0.8:
        return f"The question asks for {_NAMES[wanted]}; the cited figure covers {_months_name(m)} ({found})."
    if dur and any(a.relation == "ytd" for a in asks) and not _near(m, 3 * cal.quarter_of(p.end)):
        return f"The question asks for the year to date; the cited figure covers {_months_name(m)} ({found})."
    dated = [a for a in asks if a.day is not None]
    if dated and not any(abs((p.end - a.day).days) <= 7 for a in dated):
        if not (averaging and not dur):
            return f"The question asks about {', '.join(a.describe() for a in dated)}; the cited figure is for {found}."
    months_asked = [a for a in asks if a.relation == "month" and a.month]
    if months_asked and not any(
            (p.end.year, p.end.month) == (a.year, a.month) or (p.end.day <= 7 and p.end.year * 12 + p.end.month - 1 == a.year * 12 + a.month)
            for a in months_asked):
        return f"The question asks about {', '.join(a.describe() for a in months_asked)}; the cited figure is for {found}."
    if dur and asks and all(a.relation == "end" for a in asks) and not averaging:
        return f"The question asks for a balance at a year end; the cited figure is a flow over {_months_name(m)} ({found})."
    years = [a for a in asks if a.year is not None and a.relation in ("fy", "in", "calendar", "end", "quarter", "ytd", "h2")]
    if years:
        fy = cal.year_of(p.end)
        cy = calendar_year(p)
        ok = False
        for a in years:
            fiscal_only = a.relation in ("fy", "end", "ytd", "h2") or (a.relation == "quarter" and not a.calendar)
            year_ok = fy == a.year if fiscal_only else (fy == a.year or cy == a.year)
            if not year_ok and averaging and not dur and fy == a.year - 1 and cal.is_year_end(p.end):
                year_ok = True  # the opening balance of an average
            if not year_ok:
                continue
            if a.relation == "quarter" and a.quarter:
                if not dur:
                    ok = True
                elif a.calendar:
                    ok = abs(m - 3) < 0.8 and (((p.end.month - 1) // 3 + 1) == a.quarter or p.end.day <= 7)
                else:
                    ok = abs(m - 3) < 0.8 and cal.quarter_of(p.end) == a.quarter
            elif a.relation == "h2":
                ok = False
            elif a.relation == "ytd":
                ok = not dur or (a.months is None or abs(m - a.months) < 0.8)
            elif dur and wanted is None and a.relation in ("fy", "in", "calendar") and abs(m - 12) >= 0.8:
                ok = False  # a bare year asks for the year, not a quarter of it
            else:
                ok = True
            if ok:
                break
        if not ok:
            asked = ", ".join(dict.fromkeys(a.describe() for a in years))
            name = f"fiscal {fy}" if cal.known else str(cy)
            length = f"{_months_name(m)} " if dur else ""
            return f"The question asks about {asked}; the cited figure is for {length}{found} ({name})."
    return ""
