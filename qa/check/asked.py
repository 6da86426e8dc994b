"""Does the answer do what the question's words ask? The judge's test of the operation, from the
question as written and the cited facts - never the finder's reading of it.

A reading can go wrong in ways no line or period test sees: the increase in a line answered by the
line itself, a share of a total answered by another column, an average by one year, a total of two
years by the two years side by side, a relative change of a rate where points may be meant, or the
sign of figures printed as negatives. Each test here says why the answer cannot be vouched for; none
of them is fatal (the answer stands, unverified, with the reason).
"""

from __future__ import annotations

import re

from index.facts import Fact
from index.parsers.htmltables import SHARE_COUNTS_APART, SHARES_SCALE

from ..lexicon.metrics import BY_KEY, find_metric
from ..lexicon.operations import AVERAGE_WORDS, CUES, RESPECTIVELY
from ..plan import Op, QueryPlan

__all__ = ["asked_problems"]

# the question asks how a figure moved: 'the increase in X', 'how much did X change', 'X growth'
_MOVEMENT_ASKED = re.compile(r"\b(?:chang\w*|increas\w*|decreas\w*|declin\w*|grow\w*|growth|grew|rise|rose|risen|fall|fell|"
                             r"drop\w*|movements?|variance|differen\w*)\b", re.I)
# a cited line, member or column that is itself a movement ('Change', 'Increase (decrease)', '% change', 'Variance')
_MOVEMENT_SAID = re.compile(r"\b(?:chang\w*|increas\w*|decreas\w*|declin\w*|grow\w*|growth|movements?|variance|vs\.?|"
                            r"roll-?forward|additions?|reductions?|differen\w*)\b|\bnet (?:cash )?(?:provided|used)\b", re.I)
_SHARE_CUE = next(c.pattern for c in CUES if c.op is Op.SHARE)
_SHARE_ASKED = re.compile(_SHARE_CUE.pattern + r"|\bpercentage constitution\b|\bproportion\b|\bconstitute\b|\bpercentage of\b.*\bin the total\b",
                          re.I)
_SHARE_SAID = re.compile(r"%|\bpercent(?:age)?\b|\bshare\b|\bproportion\b|\bmix\b", re.I)
_TOTAL_ASKED = re.compile(r"\btotal\b|\bsum\b|\bcombined\b|\baltogether\b|\bin aggregate\b", re.I)
_DIFFERENCE_WORD = re.compile(r"\bdifferen(?:ce|t)\b", re.I)
_DIRECTED = re.compile(r"\bchang\w*|\bincreas\w*|\bdecreas\w*|\bfrom\b[^?]*\bto\b|\bmore\b|\bless\b|\bhigher\b|\blower\b|\bexceed",
                       re.I)
_RELATIVE_ASKED = re.compile(r"\bpercent(?:age)? (?:change|increase|decrease|growth|decline|difference)\b|%\s*change|"
                             r"\bby what percent|\bgrowth rate\b", re.I)
_POINTS_ASKED = re.compile(r"\bpercentage points?\b|\bbasis points?\b|\bbps\b|\bpoints?\b", re.I)
# a line that is a function of another ('Cost of license revenue' is not license revenue): its head must be asked
_FUNCTION_OF = re.compile(r"^\s*(?:less:?\s*)?(cost|costs|provision|allowance|gains?|loss(?:es)?|proceeds|impairments?|"
                          r"amortization|amortisation|depreciation|write-?downs?|payments?|purchases?|repayments?|"
                          r"tax(?:es)?|interest|reserves?)\s+(?:of|for|on|from|in|to)\b", re.I)


# words that split a line into kinds ('current' and 'deferred' income tax, 'basic' and 'diluted' EPS): asked, they must be said
_SPLITTING = re.compile(r"\b(current|deferred|non-?current|long-term|short-term|gross|accumulated|unrealized|realized|diluted|basic|"
                        r"federal|foreign|domestic|continuing|discontinued)\b(?!\s+(?:year|period|quarter|fiscal))",
                        re.I)


_RESPECTIVE = re.compile(r"\brespective(?:ly)?\b", re.I)
_NET = re.compile(r"\bnet\b(?!\s+of\b)", re.I)  # 'net deferred tax liabilities' ('net of tax' qualifies, it does not name)
_WHOLE = re.compile(r"\b(?:total|gross)\b", re.I)


def _said(f: Fact) -> str:
    """What a cited fact says of itself beside its value: label, members, column heading."""
    column = f.column_label if f.column_label and not re.search(r"\d{4}", f.column_label) else ""
    return " ".join((f.label or "", f.member_text or "", column))


def _columns(f: Fact) -> str:
    """What the fact's columns say (members and a heading that is not a date), not its line."""
    column = f.column_label if f.column_label and not re.search(r"\d{4}", f.column_label) else ""
    return f"{f.member_text or ''} {column}"


def _total_beside(words: str, f: Fact, reader) -> Fact | None:
    """A total row of the cited fact's table and period ('Total', 'Total costs', an unlabelled sum) that the
    question's 'total …' may mean, when the cited line is not a total itself."""
    if reader is None or re.search(r"\btotal\b", f.label or "", re.I):
        return None
    asked = set(re.findall(r"[a-z]+", words.lower()))
    rows = reader.filing_facts(f.filing_id, limit=2000, title=f.title)
    for g in rows:
        if g.fact_id == f.fact_id or g.value is None or g.value == f.value or g.period != f.period or (
                (g.year_period and g.year_period.year) != (f.year_period and f.year_period.year)) or g.dimensions != f.dimensions:
            continue
        m = re.match(r"^\s*total\b(.*)$", g.label or "", re.I)
        if m and set(re.findall(r"[a-z]{4,}", m.group(1).lower())) <= asked | {"total"}:
            return g
    return None


def _words_of_slot(plan: QueryPlan, inp, words: str) -> str:
    """The words a total row is asked by: a share's or a ratio's own operand ('total costs' is the whole, not the part
    'termination costs' beside it); the whole question otherwise."""
    if plan.operation in (Op.SHARE, Op.RATIO) and len(plan.items) >= 2 and 0 <= inp.slot.item < len(plan.items):
        return plan.items[inp.slot.item].text if re.search(r"\btotal\b", plan.items[inp.slot.item].text, re.I) else ""
    if plan.operation is Op.SUM and len(plan.items) == 1 and len(plan.periods) >= 2:
        return ""  # 'the total tax fees for 2019 and 2020': the total asked is the years added up, which the answer is
    return words


def _year_of_a_january_year_end(plan: QueryPlan, draft) -> bool:
    """A bare year asked ('in 2019') answered by a fiscal year that ends in January or February: whether
    the year ended Feb. 1, 2019 is '2019' or '2018' is the filer's convention, not the question's."""
    for i in draft.inputs:
        ask, p = i.slot.period, i.fact.period
        if ask is not None and ask.relation == "in" and p is not None and p.end is not None and p.end.month <= 2:
            return True
    return False


def _unsaid_kind(words: str, facts: list[Fact], plan: QueryPlan) -> str:
    """A word of the question that splits a line into kinds ('current income tax expense') that a cited fact
    does not say (its label, members, column or table title)."""
    if plan.formula is not None:
        return ""  # a formula's operands are named by the lexicon, not by the question's words
    for m in _SPLITTING.finditer(words):
        w = m.group(1).lower().replace("-", "")
        for f in facts:
            said = f"{_said(f)} {f.title or ''} {f.concept or ''}".lower().replace("-", "")
            if w not in said:
                return m.group(1)
    return ""


def _named_by_lexicon(f: Fact, metric_key: str) -> bool:
    """The lexicon names the fact's concept, or its printed label, for the metric the input was asked as."""
    metric = BY_KEY.get(metric_key)
    if metric is None:
        return False
    hit = find_metric(f.label or "")  # the label is the metric from its first word ('Cost of sales'), not a line of it
    return metric.has_concept(f.concept) or (hit is not None and hit[0].key == metric.key and not (f.label or "")[:hit[1].start()].strip())


def movement_unsaid(plan: QueryPlan, draft, facts: list[Fact]) -> bool:
    """Does the question ask how much a line moved ('the increase in interest income') while the cited lines give
    the figure itself? (The text may state the movement: 'Interest income increased $16.9 million'.)"""
    return bool(facts) and draft.kind in ("lookup", "series") and bool(_MOVEMENT_ASKED.search(plan.core or plan.text)) \
        and not any(_MOVEMENT_SAID.search(_said(f)) for f in facts)


def asked_problems(plan: QueryPlan, draft, facts: list[Fact], reader=None) -> list[str]:
    """Why the answer's operation may not be the one the question's words ask for ([] when it is)."""
    if not facts or draft.kind not in ("lookup", "arith", "series", "which"):
        return []
    if draft.operation == "years":
        return ["The years the table prints are listed, each with a cell of it: there is no figure to verify."]
    words = plan.core or plan.text
    op = draft.operation or draft.kind
    out: list[str] = []
    movement = _MOVEMENT_ASKED.search(words)
    if movement_unsaid(plan, draft, facts):
        out.append(f"The question asks for the {movement.group(0).lower()} of a figure; the answer gives the figure itself.")
    if not movement and any(_MOVEMENT_SAID.search(_columns(f)) for f in facts):
        out.append("The cited figure is in a column of changes; the question asks for no change.")
    computed = plan.formula is not None or bool(plan.years_averaged)  # a formula's own words ('average inventory') are its own
    if AVERAGE_WORDS.search(words) and op != "average" and not computed and not any(AVERAGE_WORDS.search(_said(f)) for f in facts):
        out.append("The question asks for an average; the answer is not one.")
    if _SHARE_ASKED.search(words) and op not in ("share", "ratio") and not computed and not (
            draft.kind == "lookup" and all(f.unit == "pure" and _SHARE_SAID.search(_said(f)) for f in facts)):
        out.append("The question asks for a share of a total; the answer is not computed as one.")
    if draft.kind == "series" and _TOTAL_ASKED.search(words) and not RESPECTIVELY.search(words) and len(facts) >= 2:
        out.append("The question asks for a total; the answer lists the figures without adding them.")
    for f, inp in zip(facts, draft.inputs):
        head = _FUNCTION_OF.match(f.label or "")
        asked_as = {inp.slot.metric, *(i.metric for i in plan.items)}
        if plan.formula is not None:  # a formula's operands, as the lexicon or the user's definition names them
            asked_as |= {item.metric for _, item in plan.formula.operands} | ({plan.formula.x.metric} if plan.formula.x else set())
        if head and any(_named_by_lexicon(f, key) for key in asked_as if key):
            continue  # 'Cost of sales' for cost of goods sold, 'Payments to acquire PP&E' for capex: the metric itself
        if head and not re.search(rf"\b{re.escape(head.group(1)[:4])}", words, re.I):
            out.append(f"The cited line “{f.label}” is the {head.group(1).lower()} of a line, not the line asked for.")
            break
    if plan.operation is Op.SUM and len(plan.items) < 2 and len(plan.periods) >= 2:
        covered = {i.slot.period.key for i in draft.inputs if i.slot.period is not None}
        if any(a.key not in covered for a in plan.periods):
            out.append("The total does not add every period the question names.")
    if re.search(r"\btotal\b", words, re.I) and not (draft.kind == "series" and not RESPECTIVELY.search(words)):
        asked_by = [(f, _words_of_slot(plan, inp, words)) for f, inp in zip(facts, draft.inputs)]
        total = next((t for t in (_total_beside(w, f, reader) for f, w in asked_by if w) if t is not None), None)
        if total is not None:
            out.append(f"The question asks for a total; the table's total row “{total.label}” is another line than the one cited.")
    if _year_of_a_january_year_end(plan, draft):
        out.append("The year asked is a bare year and the cited fiscal year ends in January or February: which calendar "
                   "year it is called by is the filer's convention.")
    if _RESPECTIVE.search(words) and draft.kind in ("lookup", "series") and len(facts) < 2:
        out.append("The question asks for several figures ('respectively'); the answer gives one.")
    if _NET.search(words) and plan.formula is None and any(
            _WHOLE.search(_said(f)) and not _NET.search(_said(f)) for f in facts):
        out.append("The question asks for a net figure; the cited line is a total or a gross figure.")
    unsaid = _unsaid_kind(words, facts, plan)
    if unsaid:
        out.append(f"The question says “{unsaid}”; the cited line does not.")
    if any(SHARES_SCALE in f.period_basis for f in facts if f.unit not in (None, "pure", "shares")):
        out.append("The scale applied was stated for share counts ('shares in thousands'); the amounts' scale is not stated.")
    if any(SHARE_COUNTS_APART in f.period_basis for f in facts if f.unit not in (None, "pure", "shares")):
        out.append("The page states one scale for share counts and another for amounts; the cited line does not say "
                   "which it is.")
    # an untagged table prints a sign as presentation ('(1,234)'); a tagged fact's sign is its meaning (a tax benefit)
    numbers = [f.value for f in facts if f.value is not None and not f.concept]
    if draft.kind in ("arith", "which") and numbers and len(numbers) == len(facts) and all(v < 0 for v in numbers):
        out.append("The figures are printed as negatives; whether the answer takes their sign or their size is a "
                   "convention the question does not settle.")
    if op == "share" and draft.kind == "arith" and "(-[" in (draft.expression or ""):
        out.append("The part is printed as a negative; the share is of its size, a convention the question does not settle.")
    rates = all(f.unit == "pure" for f in facts)
    if rates and op == "growth":  # 'the percentage change in the WACC' is as often meant in points as relative
        out.append("A relative change of a rate: the question may mean the change in percentage points.")
    if rates and op == "change" and draft.kind == "arith" and _RELATIVE_ASKED.search(words) and not _POINTS_ASKED.search(words):
        out.append("A percentage change of a rate: the question may mean the relative change, not percentage points.")
    if op in ("change", "difference") and _DIFFERENCE_WORD.search(words) and not _DIRECTED.search(
            _DIFFERENCE_WORD.sub(" ", words)) and draft.value is not None and draft.value < 0:
        out.append("The question asks for the difference between two figures without saying which is taken from which; "
                   "the sign is not settled.")
    return out
