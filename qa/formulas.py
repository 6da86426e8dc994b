"""Derived metrics analysts expect, declared once as data: the words that name each, the formula
over metrics of :mod:`qa.metrics`, and the unit of the result.

A formula's expression is written over metric keys with four kinds of reference:

- ``revenue``            the metric for the period asked (a flow over it, or a balance at its end);
- ``avg(inventory)``     the average of the opening and closing balance (the closing balance of
                         the prior period and of this one) -- unless the question says 'ending';
- ``bal(total_assets)``  the closing balance -- or the average when the question says 'average';
- ``prior(x)``           the same metric a year earlier; ``first(x)``/``last(x)``: the earliest and
                         latest of the periods the question names (for CAGR).

``x`` stands for the metric the question names itself ('revenue growth', 'CAGR of net income').
``DAYS`` is the number of days in the period (365 for a year) and ``YEARS`` the years between
``first`` and ``last``. Alternatives are tried in order: the first whose inputs are all reported wins
('gross profit / revenue', else '(revenue - cost of sales) / revenue').

Adding a metric is one entry in :data:`FORMULAS` and one case in ``tests/test_formulas.py``.
A question can also spell its formula out ("... is defined as operating income divided by the
average of beginning and ending total assets"): :func:`spelled_formula` reads that into the same form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .metrics import BY_KEY, find_metric

__all__ = ["Formula", "FORMULAS", "Ref", "Unreadable", "match_formula", "spelled_formula", "defined_formula", "refs", "UNIT_OF"]


@dataclass(frozen=True)
class Formula:
    key: str
    name: str  # how the answer names it
    pattern: re.Pattern  # the words that name it
    expressions: tuple[str, ...]  # alternatives over metric keys, first fully reported wins
    unit: str  # 'percent' | 'ratio' | 'times' | 'days' | 'money'
    needs: re.Pattern | None = None  # words that must also be said ('gross margin' alone is the dollar line)
    at_most_one_period: bool = False  # with two periods named, the question is a change between them


def _f(key: str, name: str, words: str, expressions: str | tuple[str, ...], unit: str, *,
       needs: str | None = None, at_most_one_period: bool = False) -> Formula:
    exprs = (expressions,) if isinstance(expressions, str) else expressions
    return Formula(key, name, re.compile(words, re.I), exprs, unit,
                   re.compile(needs, re.I) if needs else None, at_most_one_period)


# result units: a percent or ratio is a fraction (unit 'pure'); days are 'days'; money keeps its currency
UNIT_OF = {"percent": "pure", "ratio": "pure", "times": "pure", "days": "days"}

_PERCENTISH = r"%|\bpercent(?:age)?\b|\bratio\b|\brate\b|\bas a (?:share|fraction|proportion) of\b|\bmargin (?:pct|percent)\b"

# Order matters where names overlap: 'EBITDA margin' before 'EBITDA' before 'EBIT', 'current ratio'
# before 'working capital', 'days payable' before 'payable turnover'.
FORMULAS: list[Formula] = [
    _f("gross_profit_margin", "gross profit margin",
       r"\bgross profit (?:%\s*)?margin\b",
       ("gross_margin / revenue", "(revenue - cost_of_sales) / revenue"), "percent"),
    _f("gross_margin_pct", "gross margin", r"\bgross (?:profit )?(?:%\s*)?margin\b|\bgross profit\b",
       ("gross_margin / revenue", "(revenue - cost_of_sales) / revenue"), "percent", needs=_PERCENTISH),
    _f("ebitda_margin", "EBITDA margin", r"\bebitda (?:%\s*)?margin\b",
       "(operating_income + depreciation_amortization) / revenue", "percent"),
    _f("operating_margin", "operating margin", r"\boperating (?:profit |income )?(?:%\s*)?margins?\b|\bebit (?:%\s*)?margin\b",
       "operating_income / revenue", "percent"),
    _f("net_margin", "net margin", r"\bnet (?:profit |income )?(?:%\s*)?margins?\b|(?<!gross )\bprofit (?:%\s*)?margins?\b",
       "net_income / revenue", "percent"),
    _f("ebitda", "EBITDA", r"\bebitda\b", "operating_income + depreciation_amortization", "money"),
    _f("ebit", "EBIT", r"\bebit\b", ("operating_income", "pretax_income + interest_expense"), "money"),
    _f("capex_to_revenue", "capital expenditures as a share of revenue",
       r"\b(?:capex|capital expenditures?|capital spending)\b[^?]*?\b(?:as a (?:percent(?:age)?|share|%) of|to|over|relative to|divided by|/)\s+(?:total |net )?(?:revenues?|sales)\b"
       r"|\bcap(?:ex|ital) intensity\b",
       "capex / revenue", "percent"),
    _f("free_cash_flow", "free cash flow", r"\bfree cash flows?\b|\bfcf\b", "operating_cash_flow - capex", "money"),
    _f("current_ratio", "current ratio", r"\bcurrent ratio\b|\bworking capital ratio\b",
       "current_assets / current_liabilities", "ratio"),
    _f("quick_ratio", "quick ratio", r"\bquick ratio\b|\bacid[- ]test(?: ratio)?\b",
       "(current_assets - inventory) / current_liabilities", "ratio"),
    _f("working_capital", "working capital", r"\b(?:net )?working capital\b",
       "current_assets - current_liabilities", "money"),
    _f("debt_to_equity", "debt-to-equity ratio", r"\bdebt[- ](?:to[- ])?equity\b|\bd/e\b|\bgearing\b",
       ("total_debt / equity", "(long_term_debt + current_debt) / equity"), "ratio"),
    _f("net_debt", "net debt", r"\bnet debt\b",
       ("total_debt - cash", "long_term_debt + current_debt - cash"), "money"),
    _f("interest_coverage", "interest coverage", r"\binterest coverage\b|\btimes interest earned\b",
       "operating_income / interest_expense", "times"),
    _f("effective_tax_rate", "effective tax rate", r"\beffective (?:income )?tax rate\b",
       ("reported_tax_rate", "income_tax / pretax_income"), "percent"),
    _f("roa", "return on assets", r"\breturn on (?:average )?(?:total )?assets\b|\broa\b",
       "net_income / bal(total_assets)", "percent"),
    _f("roe", "return on equity",
       r"\breturn on (?:average )?(?:total )?(?:shareholders['’]? |stockholders['’]? |common )?equity\b|\broe\b",
       "net_income / bal(equity)", "percent"),
    _f("dio", "days inventory outstanding",
       r"\bdays? (?:of |in )?inventor(?:y|ies)(?: outstanding)?\b|\bdio\b|\binventory days\b|\bdays sales (?:of|in) inventory\b",
       "DAYS * avg(inventory) / cost_of_sales", "days"),
    _f("dso", "days sales outstanding",
       r"\bdays sales outstanding\b|\bdso\b|\bdays (?:of |in )?(?:accounts )?receivables?\b|\breceivables? days\b",
       "DAYS * avg(receivables) / revenue", "days"),
    _f("dpo", "days payable outstanding",
       r"\bdays payables? outstanding\b|\bdpo\b|\bdays (?:of |in )?(?:accounts )?payables?\b|\bpayables? days\b",
       "DAYS * avg(accounts_payable) / cost_of_sales", "days"),
    _f("inventory_turnover", "inventory turnover", r"\binventory turnover\b|\binventory turns\b",
       "cost_of_sales / avg(inventory)", "times"),
    _f("receivables_turnover", "receivables turnover", r"\b(?:accounts )?receivables? turnover\b",
       "revenue / avg(receivables)", "times"),
    _f("payables_turnover", "payables turnover", r"\b(?:accounts )?payables? turnover\b",
       "cost_of_sales / avg(accounts_payable)", "times"),
    _f("fixed_asset_turnover", "fixed asset turnover", r"\bfixed[- ]assets? turnover\b|\bpp&e turnover\b",
       "revenue / avg(ppe_net)", "times"),
    _f("asset_turnover", "asset turnover", r"\b(?:total )?asset turnover\b", "revenue / avg(total_assets)", "times"),
    _f("retention_ratio", "retention ratio", r"\b(?:earnings )?retention ratio\b|\bplowback ratio\b",
       "1 - dividends_paid / net_income", "ratio"),
    _f("operating_cash_flow_ratio", "operating cash flow ratio", r"\boperating cash flow ratio\b",
       "operating_cash_flow / current_liabilities", "ratio"),
    _f("cash_conversion_cycle", "cash conversion cycle", r"\bcash conversion cycle\b|\bccc\b",
       "DAYS * avg(inventory) / cost_of_sales + DAYS * avg(receivables) / revenue - DAYS * avg(accounts_payable) / cost_of_sales",
       "days"),
    _f("medical_care_ratio", "medical care ratio", r"\bmedical (?:care|cost|loss) ratio\b|\bmcr\b|\bmedical loss ratio\b",
       "medical_costs / premiums", "percent"),
    _f("payout_ratio", "dividend payout ratio", r"\b(?:dividend )?payout ratio\b",
       "dividends_paid / net_income", "percent"),
    # any line item as a share of revenue: 'COGS % margin', 'SG&A as a % of total revenue', 'D&A as a percentage of sales'
    _f("share_of_revenue", "share of revenue",
       r"(?:%\s*|\bpercent(?:age)?\s+)margin\b|\bmargin\s*(?:%|\(%\))|\bas an? (?:%|percent(?:age)?|share|proportion|fraction) of "
       r"(?:total |net )?(?:revenues?|sales)\b|\bto (?:total |net )?(?:revenues?|sales) ratio\b|\bshare of (?:total |net )?(?:revenues?|sales)\b",
       "x / revenue", "percent"),
    _f("cagr", "compound annual growth rate", r"\bcagr\b|\bcompound(?:ed)? annual(?: growth)?(?: rate)?\b",
       "(last(x) / first(x)) ^ (1 / YEARS) - 1", "percent"),
    _f("yoy_growth", "year-over-year growth",
       r"\b(?:yoy|y/y|year[- ]over[- ]year|year[- ]on[- ]year)\b|\bgrowth(?: rate)?\b(?! in (?:dollars|absolute))",
       "(x - prior(x)) / prior(x)", "percent", at_most_one_period=True),
]


def match_formula(text: str, definitions: tuple[str, ...] = ()) -> tuple[Formula, re.Match] | Unreadable | None:
    """The derived metric a question names, if any: the question's own definition of it first
    (an :class:`Unreadable` when that definition cannot be read), then one spelled inline, then the
    first of the table in order."""
    if definitions:
        defined = defined_formula(text, definitions)
        if defined is not None:
            return defined
    spelled = spelled_formula(text)
    if spelled is not None:
        return spelled
    for f in FORMULAS:
        hit = f.pattern.search(text)
        if hit and (f.needs is None or f.needs.search(text)):
            return f, hit
    return None


# --- references in an expression ---------------------------------------------------------------------
_REF = re.compile(r"\b(avg|bal|prior|first|last|chg|open|avg!)\(([a-z_]+)\)|\b([a-z_]{2,}|x)\b|(DAYS|YEARS)")


@dataclass(frozen=True)
class Ref:
    """One operand of a formula: a metric key ('x' for the question's own) and which value of it."""

    key: str
    mode: str  # 'close' | 'open' | 'prior' | 'first' | 'last' | 'period'


def refs(expression: str) -> list[tuple[int, int, str, str]]:
    """(start, end, function, key) for every reference, in order ('' function for a bare key)."""
    out = []
    for m in _REF.finditer(expression):
        if m.group(4):
            continue
        fn, key = (m.group(1), m.group(2)) if m.group(1) else ("", m.group(3))
        if key in ("DAYS", "YEARS"):
            continue
        out.append((m.start(), m.end(), fn, key))
    return out


def metric_keys(expression: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(k for _, _, _, k in refs(expression)))


# --- a formula the question spells out -----------------------------------------------------------------
_DEFINED = re.compile(r"\b(?:is |be )?(?:defined|calculated|computed|measured) as\b:?|\bformula(?: is)?:|\bequals\b|=", re.I)
_DEFINE_AS = re.compile(r"^\s*(?:please\s+)?define\s+(.+?)\s+as\b:?", re.I)
_OPS = [(re.compile(r"^\s*(?:divided by\b|over\b|÷|/)\s*", re.I), "/"), (re.compile(r"^\s*(?:minus\b|less\b|−|–|-(?=\s))\s*", re.I), "-"),
        (re.compile(r"^\s*(?:plus\b|\+)\s*", re.I), "+"), (re.compile(r"^\s*(?:times\b|multiplied by\b|×|\*)\s*", re.I), "*"),
        (re.compile(r"^\s*\(\s*"), "("), (re.compile(r"^\s*\)\s*"), ")")]
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)(?![\d,])\s*")
_AVERAGE = re.compile(r"^\s*(?:the\s+)?average\s+(?:of\s+|between\s+)?(?:the\s+)?", re.I)
_CHANGE_IN = re.compile(r"^\s*(?:the\s+)?(?:change|increase|decrease)\s+in\s+(?:the\s+)?", re.I)
_FILLER = re.compile(r"\b(?:the|a|an|its|company['’]?s?|total|beginning|ending|opening|closing|end|start|of|year|period|"
                     r"and|balances?|fiscal|for|in|at|between|from|to|prior|current|unadjusted|reported|as|shown|"
                     r"FY\s?'?\d{2,4}|(?:19|20)\d{2})\b", re.I)
# '[from cash flow statement]', '(as shown in the cash flow statement)': where to read a number, not an operand
_WHERE = re.compile(r"\[[^\]]*\]|\((?:as )?(?:shown |reported |found )?(?:in|on|from) (?:the )?[\w&\s]*?statements?\)|"
                    r"\((?:including|excluding|incl\.|excl\.|i\.e\.|e\.g\.|net of)\b[^()]*\)", re.I)  # asides, not operands
_EARLIER = re.compile(r"\b(?:prior|previous|preceding|last)[- ](?:fiscal[- ])?(?:year|period)\b|\ba year (?:earlier|before|ago)\b", re.I)
_NAME_STOP = frozenset("the a an of is are as its company's and".split())


@dataclass(frozen=True)
class Unreadable:
    """A definition the question gives for what it asks, with an operand no metric of this table
    names: the answer must not fall back on another definition of the same name."""

    name: str
    operand: str


def _read_body(body: str, defined: dict[str, str], depth: int = 0) -> str | Unreadable | None:
    """'365 * (average accounts payable between FY2021 and FY2022) / (FY2022 COGS + change in inventory
    ...)' -> '365 * (avg!(accounts_payable)) / (cost_of_sales + chg(inventory))'. Operands are metrics of
    :mod:`qa.metrics`, terms of ``defined`` (substituted in parentheses) or plain numbers. An operand
    nothing names gives an :class:`Unreadable`; text that is no expression at all gives None."""
    body = _WHERE.sub(" ", body)
    out: list[str] = []
    rest = body
    depth_open = 0
    while rest.strip():
        for rx, op in _OPS:
            hit = rx.match(rest)
            if hit:
                depth_open += {"(": 1, ")": -1}.get(op, 0)
                out.append(op)
                rest = rest[hit.end():]
                break
        else:
            num = _NUMBER.match(rest)
            if num and (not out or out[-1] in "(-+*/"):
                out.append(num.group(1))
                rest = rest[num.end():]
                continue
            mode = ""
            if (avg := _AVERAGE.match(rest)):
                rest, mode = rest[avg.end():], "avg!"
            elif (chg := _CHANGE_IN.match(rest)):
                rest, mode = rest[chg.end():], "chg"
            # an operand runs to the next operator word or parenthesis
            stop = re.search(r"\s+(?:divided by|over|minus|less|plus|times|multiplied by)\s+|[÷/+×*()−–]|\s-\s", rest, re.I)
            chunk, rest = (rest[:stop.start()], rest[stop.start():]) if stop else (rest, "")
            term = _defined_term(chunk, defined)
            if term is not None and not mode:
                if depth > 4:
                    return None
                inner = _read_body(defined[term], defined, depth + 1)
                if not isinstance(inner, str):
                    return inner if isinstance(inner, Unreadable) else Unreadable(term, chunk.strip())
                out.append(f"( {inner} )")
                continue
            found = find_metric(chunk)
            if found is None:
                return Unreadable("", chunk.strip()) if re.search(r"[A-Za-z]{2,}", chunk) else None
            key = found[0].key
            leftover = _FILLER.sub(" ", chunk[:found[1].start()] + " " + chunk[found[1].end():])
            if re.search(r"[A-Za-z]{3,}", leftover):
                return Unreadable("", chunk.strip())  # words the metric does not account for
            if mode == "chg" or re.search(r"\bchange in\b", chunk, re.I):
                out.append(f"chg({key})")
            elif _EARLIER.search(chunk):  # 'prior-year revenue', 'net income a year earlier'
                out.append(f"open({key})" if found[0].instant else f"prior({key})")
            else:
                out.append(f"avg!({key})" if mode or re.search(r"\baverage\b", chunk, re.I) else key)
    expr = " ".join(out)
    if depth_open != 0 or not metric_keys(expr) or not _well_formed(expr):
        return None
    return expr


def _name_tokens(name: str) -> frozenset[str]:
    from .vocabulary import canonical_tokens

    return frozenset(t for t in canonical_tokens(name) if t not in _NAME_STOP)


def _defined_term(chunk: str, defined: dict[str, str]) -> str | None:
    """The defined term an operand names ('DIO' in 'DIO + DSO - DPO'), if any."""
    words = _name_tokens(_FILLER.sub(" ", chunk))
    if not words:
        return None
    for term in defined:
        if _name_tokens(term) == words:
            return term
    return None


def _definitions(sentences: tuple[str, ...] | list[str]) -> dict[str, str]:
    """Each 'X is defined as: A / B' or 'Define X as A + B' sentence as {X: 'A / B'} (in order)."""
    out: dict[str, str] = {}
    for s in sentences:
        s = s.strip()
        m = _DEFINE_AS.match(s)
        if m:
            name, body = m.group(1), s[m.end():]
        else:
            m = _DEFINED.search(s)
            if not m:
                continue
            name, body = s[:m.start()], s[m.end():]
        name = re.sub(r"^(?:if|where|assume|assuming|given that|and|note that|here,?)\s+", "", name.strip(" :,"), flags=re.I)
        body = re.split(r"[?;]|\.(?:\s|$)", body.strip(), maxsplit=1)[0].strip()
        if name and body:
            out[name] = body
    return out


def defined_formula(question: str, definitions: tuple[str, ...] | list[str]) -> tuple[Formula, re.Match] | Unreadable | None:
    """The formula the question's own definitions give for what it asks ('What is the FY2022 ROA?
    ROA is defined as: FY2022 net income / (average total assets between FY2021 and FY2022).'),
    or the question read as an expression over a defined term ('EBITDA less capital expenditures').
    An :class:`Unreadable` when the asked term's definition names something no metric covers."""
    defined = _definitions(definitions)
    if not defined:
        return None
    asked = _name_tokens(question)
    for term, body in defined.items():
        words = _name_tokens(term)
        pronoun = bool(re.fullmatch(r"(?:it|this|that|the (?:ratio|metric|measure))", term.strip(), re.I))
        if not (pronoun or (words and words <= asked)):
            continue
        expr = _read_body(body, defined)
        if isinstance(expr, Unreadable):
            return Unreadable(term, expr.operand)
        if expr is None:
            return Unreadable(term, body)
        # the question may ask for an expression over the term: 'unadjusted EBITDA less capital expenditures'
        after = _term_span(question, term)
        if after is not None:
            tail = re.match(r"\s*(minus|less|plus|divided by|over)\s+(.+?)(?=\?|$|\s+(?:for|in|of|during|at)\s|\s*[,(])",
                            question[after:], re.I)
            if tail:
                other = _read_body(tail.group(2), defined)
                if isinstance(other, str):
                    op = {"minus": "-", "less": "-", "plus": "+", "divided by": "/", "over": "/"}[tail.group(1).lower()]
                    expr = f"( {expr} ) {op} ( {other} )"
                    term = f"{term} {tail.group(1).lower()} {tail.group(2)}"
        percent = bool(re.search(_PERCENTISH, question, re.I)) and "ratio" not in term.lower() or bool(
            re.search(r"\bmargin\b|\breturn on\b|\broa\b|\broe\b", term, re.I))
        days = bool(re.search(r"\bdays?\b|\bdio\b|\bdso\b|\bdpo\b|\bcycle\b", f"{term} {question}", re.I)) and "365" in expr
        unit = "days" if days else ("percent" if percent else "ratio") if "/" in expr else "money"
        label = re.sub(r"^(?:the|a|an)\s+", "", term.strip(), flags=re.I)
        if pronoun:
            label = "the measure asked"
        return Formula("spelled", label, re.compile(re.escape(term), re.I), (expr,), unit), _Hit(term)
    return None


class _Hit:
    """Stands in for the regex match of a formula's name: a defined term is found by its words."""

    def __init__(self, text: str):
        self._text = text

    def group(self, _n: int = 0) -> str:
        return self._text


def _term_span(question: str, term: str) -> int | None:
    """Where the defined term ends in the question (by its last word), if it is written there."""
    words = [w for w in re.findall(r"[\w&]+", term) if w.lower() not in _NAME_STOP]
    if not words:
        return None
    m = re.search(r"\b" + re.escape(words[-1]) + r"\b", question, re.I)
    return m.end() if m else None


def spelled_formula(text: str) -> tuple[Formula, re.Match] | None:
    """'X is defined as A / (average of B and C)' -> a Formula over known metrics, or None when any
    operand is not a metric this table knows (then the question is not read as a formula)."""
    m = _DEFINED.search(text)
    if not m:
        return None
    name = text[:m.start()].strip()
    body = re.split(r"[?;]|\.(?:\s|$)", text[m.end():], maxsplit=1)[0].strip()
    if not body:
        return None
    expr = _read_body(body, {})
    if not isinstance(expr, str) or not re.search(r"[-+*/]", expr):
        return None
    named = next((f for f in FORMULAS if f.pattern.search(name)), None)  # 'the DSO of …, computed as …'
    words = name.split()
    label = named.name if named else " ".join(words[-4:]) if words else "the defined measure"
    label = re.sub(r"^(?:if|where|assume|assuming|given that|and)\s+", "", label, flags=re.I) or "the defined measure"
    percent = bool(re.search(_PERCENTISH, text, re.I)) or "margin" in label.lower() or "return" in label.lower()
    days = "365" in expr and bool(re.search(r"\bdays?\b|\bdio\b|\bdso\b|\bdpo\b|\bcycle\b", name, re.I))
    unit = "days" if days else ("percent" if percent else "ratio") if "/" in expr else "money"
    return Formula("spelled", label, re.compile(re.escape(m.group(0))), (expr,), unit), m


def _well_formed(expression: str) -> bool:
    """Does the expression parse (operands and operators in a sensible order)?"""
    from .expression import ExpressionError, evaluate

    n = iter(range(1, 1000))
    markers = _REF.sub(lambda m: f"[{next(n)}]" if not m.group(4) else "2", expression)
    try:
        evaluate(markers, {i: Decimal(i) + Decimal("0.5") for i in range(1, 1000)})
    except ExpressionError as e:
        return "division by zero" in str(e)
    return True


def metric_name(key: str) -> str:
    return BY_KEY[key].phrase if key in BY_KEY else key
