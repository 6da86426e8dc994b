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

__all__ = ["Formula", "FORMULAS", "Ref", "match_formula", "spelled_formula", "refs", "UNIT_OF"]


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
    _f("gross_margin_pct", "gross margin", r"\bgross (?:profit )?margin\b|\bgross profit\b",
       ("gross_margin / revenue", "(revenue - cost_of_sales) / revenue"), "percent", needs=_PERCENTISH),
    _f("ebitda_margin", "EBITDA margin", r"\bebitda margin\b",
       "(operating_income + depreciation_amortization) / revenue", "percent"),
    _f("operating_margin", "operating margin", r"\boperating (?:profit )?margins?\b|\bebit margin\b|\boperating income margin\b",
       "operating_income / revenue", "percent"),
    _f("net_margin", "net margin", r"\bnet (?:profit |income )?margins?\b|(?<!gross )\bprofit margins?\b",
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
       "income_tax / pretax_income", "percent"),
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
    _f("asset_turnover", "asset turnover", r"\b(?:total )?asset turnover\b", "revenue / avg(total_assets)", "times"),
    _f("payout_ratio", "dividend payout ratio", r"\b(?:dividend )?payout ratio\b",
       "dividends_paid / net_income", "percent"),
    _f("cagr", "compound annual growth rate", r"\bcagr\b|\bcompound(?:ed)? annual(?: growth)?(?: rate)?\b",
       "(last(x) / first(x)) ^ (1 / YEARS) - 1", "percent"),
    _f("yoy_growth", "year-over-year growth",
       r"\b(?:yoy|y/y|year[- ]over[- ]year|year[- ]on[- ]year)\b|\bgrowth(?: rate)?\b(?! in (?:dollars|absolute))",
       "(x - prior(x)) / prior(x)", "percent", at_most_one_period=True),
]


def match_formula(text: str) -> tuple[Formula, re.Match] | None:
    """The derived metric a question names, if any (the first in table order)."""
    spelled = spelled_formula(text)
    if spelled is not None:
        return spelled
    for f in FORMULAS:
        hit = f.pattern.search(text)
        if hit and (f.needs is None or f.needs.search(text)):
            return f, hit
    return None


# --- references in an expression ---------------------------------------------------------------------
_REF = re.compile(r"\b(avg|bal|prior|first|last|avg!)\(([a-z_]+)\)|\b([a-z_]{2,}|x)\b|(DAYS|YEARS)")


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
_OPS = [(re.compile(r"^\s*(?:divided by\b|over\b|÷|/)\s*", re.I), "/"), (re.compile(r"^\s*(?:minus\b|less\b|−|–|-(?=\s))\s*", re.I), "-"),
        (re.compile(r"^\s*(?:plus\b|\+)\s*", re.I), "+"), (re.compile(r"^\s*(?:times\b|multiplied by\b|×|\*)\s*", re.I), "*"),
        (re.compile(r"^\s*\(\s*"), "("), (re.compile(r"^\s*\)\s*"), ")")]
_AVERAGE = re.compile(r"^\s*(?:the\s+)?average\s+(?:of\s+|between\s+)?(?:the\s+)?", re.I)
_FILLER = re.compile(r"\b(?:the|a|an|its|company['’]?s?|total|beginning|ending|opening|closing|end|start|of|year|period|"
                     r"and|balances?|fiscal|for|in|at|between|from|to|prior|current|FY\s?'?\d{2,4}|(?:19|20)\d{2})\b", re.I)


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
    out: list[str] = []
    rest = body
    average_depth: list[int] = []  # parentheses opened by 'average of ...'
    depth = 0
    while rest.strip():
        for rx, op in _OPS:
            hit = rx.match(rest)
            if hit:
                if op == "(":
                    depth += 1
                elif op == ")":
                    depth -= 1
                out.append(op)
                rest = rest[hit.end():]
                break
        else:
            avg = _AVERAGE.match(rest)
            if avg:
                rest = rest[avg.end():]
                mode = "avg!"
            else:
                mode = ""
            # an operand runs to the next operator word or parenthesis
            stop = re.search(r"\s+(?:divided by|over|minus|less|plus|times|multiplied by)\s+|[÷/+×*()−–]|\s-\s", rest, re.I)
            chunk, rest = (rest[:stop.start()], rest[stop.start():]) if stop else (rest, "")
            found = find_metric(chunk)
            if found is None:
                return None
            key = found[0].key
            leftover = _FILLER.sub(" ", chunk[:found[1].start()] + " " + chunk[found[1].end():])
            if re.search(r"[A-Za-z]{3,}", leftover):
                return None  # words the metric does not account for: not a formula we can read safely
            out.append(f"avg!({key})" if mode or re.search(r"\baverage\b", chunk, re.I) else key)
    expr = " ".join(out)
    if depth != 0 or not metric_keys(expr) or not re.search(r"[-+*/]", expr) or not _well_formed(expr):
        return None
    words = name.split()
    label = " ".join(words[-4:]) if words else "the defined measure"
    label = re.sub(r"^(?:if|where|assume|assuming|given that|and)\s+", "", label, flags=re.I) or "the defined measure"
    percent = bool(re.search(_PERCENTISH, text, re.I)) or "margin" in label.lower() or "return" in label.lower()
    unit = ("percent" if percent else "ratio") if "/" in expr else "money"
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
