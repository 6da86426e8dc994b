"""Derived measures analysts expect, declared once as data: the words that name each, the formula
over metrics of :mod:`qa.lexicon.metrics`, and the unit of the result.

A formula's expression is written over metric keys with these references:

- ``revenue``            the metric for the period asked (a flow over it, or a balance at its end);
- ``avg(inventory)``     the average of the opening and closing balance -- unless the question says 'ending';
- ``avg!(x)``            the average, whatever the question says (a user's own definition);
- ``bal(total_assets)``  the closing balance -- or the average when the question says 'average';
- ``prior(x)``           the same metric a year earlier; ``first(x)``/``last(x)``: the earliest and
                         latest of the periods the question names (for CAGR);
- ``chg(x)``             closing minus opening balance; ``open(x)`` the opening balance.

``x`` stands for the line item the question names itself ('revenue growth', 'CAGR of net income').
``DAYS`` is the number of days in the period (365 for a year) and ``YEARS`` the years between
``first`` and ``last``. Alternatives are tried in order: the first whose inputs are all reported wins.
Each row carries examples that ``tests/test_lexicon.py`` checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Formula", "FORMULAS", "BY_KEY", "UNIT_OF", "PERCENTISH", "find_formula", "REF", "refs", "metric_keys"]


@dataclass(frozen=True)
class Formula:
    key: str
    name: str  # how the answer names it
    pattern: re.Pattern  # the words that name it
    expressions: tuple[str, ...]  # alternatives over metric keys, first fully reported wins
    unit: str  # 'percent' | 'ratio' | 'times' | 'days' | 'money'
    needs: re.Pattern | None = None  # words that must also be said ('gross margin' alone is the dollar line)
    at_most_one_period: bool = False  # with two periods named, the question is a change between them
    examples: tuple[str, ...] = ()
    # ``x`` named by a member alone ('what share of net sales came from AWS'): the part of this line item
    x_part_of: str = ""


def _f(key: str, name: str, words: str, expressions: str | tuple[str, ...], unit: str, *, needs: str | None = None,
       at_most_one_period: bool = False, examples: tuple[str, ...] = (), x_part_of: str = "") -> Formula:
    exprs = (expressions,) if isinstance(expressions, str) else expressions
    return Formula(key, name, re.compile(words, re.I), exprs, unit, re.compile(needs, re.I) if needs else None,
                   at_most_one_period, examples, x_part_of)


# result units: a percent or ratio is a fraction (unit 'pure'); days are 'days'; money keeps its currency
UNIT_OF = {"percent": "pure", "ratio": "pure", "times": "pure", "days": "days"}

PERCENTISH = r"%|\bpercent(?:age)?\b|\bratio\b|\brate\b|\bas a (?:share|fraction|proportion) of\b|\bmargin (?:pct|percent)\b"

# Order matters where names overlap: 'EBITDA margin' before 'EBITDA' before 'EBIT', 'current ratio'
# before 'working capital'. 'gross margin' is a percentage only with a percent word, or when it stands
# alone as a margin ('gross margin in Q2'): the dollar line is 'gross profit'.
FORMULAS: tuple[Formula, ...] = (
    _f("gross_margin_pct", "gross margin", r"\bgross (?:profit )?(?:%\s*)?margins?\b",
       ("gross_profit / revenue", "(revenue - cost_of_sales) / revenue"), "percent",
       examples=("gross margin percentage", "gross profit margin", "gross margin")),
    _f("ebitda_margin", "EBITDA margin", r"\bebitda (?:%\s*)?margin\b",
       "(operating_income + depreciation_amortization) / revenue", "percent", examples=("EBITDA margin",)),
    _f("operating_margin", "operating margin", r"\boperating (?:profit |income )?(?:%\s*)?margins?\b|\bebit (?:%\s*)?margin\b",
       "operating_income / revenue", "percent", examples=("operating margin", "operating income margin")),
    _f("net_margin", "net margin", r"\bnet (?:profit |income )?(?:%\s*)?margins?\b|(?<!gross )\bprofit (?:%\s*)?margins?\b",
       "net_income / revenue", "percent", examples=("net profit margin", "net margin")),
    _f("ebitda", "EBITDA", r"\bebitda\b", "operating_income + depreciation_amortization", "money", examples=("EBITDA",)),
    _f("ebit", "EBIT", r"\bebit\b", ("operating_income", "pretax_income + interest_expense"), "money", examples=("EBIT",)),
    _f("capex_to_revenue", "capital expenditures as a share of revenue",
       r"\b(?:capex|capital expenditures?|capital spending)\b[^?]*?\b(?:as a (?:percent(?:age)?|share|%) of|to|over|relative to|divided by|/)\s+(?:total |net )?(?:revenues?|sales)\b"
       r"|\bcap(?:ex|ital) intensity\b",
       "capex / revenue", "percent", examples=("capex as a % of revenue", "capital intensity")),
    _f("free_cash_flow", "free cash flow", r"\bfree cash flows?\b|\bfcf\b", "operating_cash_flow - capex", "money",
       examples=("free cash flow", "FCF")),
    _f("current_ratio", "current ratio", r"\bcurrent ratio\b|\bworking capital ratio\b",
       "current_assets / current_liabilities", "ratio", examples=("current ratio", "working capital ratio")),
    _f("quick_ratio", "quick ratio", r"\bquick ratio\b|\bacid[- ]test(?: ratio)?\b",
       "(current_assets - inventory) / current_liabilities", "ratio", examples=("quick ratio", "acid-test ratio")),
    _f("working_capital", "working capital", r"\b(?:net )?working capital\b",
       "current_assets - current_liabilities", "money", examples=("net working capital",)),
    _f("debt_to_equity", "debt-to-equity ratio", r"\bdebt[- ](?:to[- ])?equity\b|\bd/e\b|\bgearing\b",
       ("total_debt / equity", "(long_term_debt + current_debt) / equity"), "ratio",
       examples=("debt-to-equity", "D/E ratio")),
    # the debt ratio: what is owed over what is owned; with no debt line, the filer's total liabilities are what is owed
    _f("liabilities_to_assets", "liabilities-to-assets ratio",
       r"\b(?:total[- ])?liabilit(?:y|ies)[- ]to[- ](?:total[- ])?assets?(?:[- ]ratio)?\b",
       "total_liabilities / total_assets", "ratio",
       examples=("liability to asset ratio", "total liabilities to total assets ratio")),
    _f("debt_to_assets", "debt-to-assets ratio", r"\b(?:total[- ])?debt[- ]to[- ](?:total[- ])?assets?(?:[- ]ratio)?\b|\bdebt ratio\b",
       ("total_debt / total_assets", "total_liabilities / total_assets"), "ratio",
       examples=("debt-to-asset ratio", "debt ratio")),
    _f("net_debt", "net debt", r"\bnet debt\b",
       ("total_debt - cash", "long_term_debt + current_debt - cash"), "money", examples=("net debt",)),
    _f("interest_coverage", "interest coverage", r"\binterest coverage\b|\btimes interest earned\b",
       "operating_income / interest_expense", "times", examples=("interest coverage ratio",)),
    _f("effective_tax_rate", "effective tax rate", r"\beffective (?:income )?tax rate\b",
       ("reported_tax_rate", "income_tax / pretax_income"), "percent", examples=("effective tax rate",)),
    _f("roa", "return on assets", r"\breturn on (?:average )?(?:total )?assets\b|\broa\b",
       "net_income / bal(total_assets)", "percent", examples=("return on assets", "ROA")),
    _f("roe", "return on equity",
       r"\breturn on (?:average )?(?:total )?(?:shareholders['’]? |stockholders['’]? |common )?equity\b|\broe\b",
       "net_income / bal(equity)", "percent", examples=("return on equity", "ROE")),
    _f("dio", "days inventory outstanding",
       r"\bdays? (?:of |in )?inventor(?:y|ies)(?: outstanding)?\b|\bdio\b|\binventory days\b|\bdays sales (?:of|in) inventory\b",
       "DAYS * avg(inventory) / cost_of_sales", "days", examples=("days inventory outstanding", "DIO")),
    _f("dso", "days sales outstanding",
       r"\bdays sales outstanding\b|\bdso\b|\bdays (?:of |in )?(?:accounts )?receivables?\b|\breceivables? days\b",
       "DAYS * avg(receivables) / revenue", "days", examples=("days sales outstanding", "DSO")),
    _f("dpo", "days payable outstanding",
       r"\bdays payables? outstanding\b|\bdpo\b|\bdays (?:of |in )?(?:accounts )?payables?\b|\bpayables? days\b",
       "DAYS * avg(accounts_payable) / cost_of_sales", "days", examples=("days payable outstanding", "DPO")),
    _f("inventory_turnover", "inventory turnover", r"\binventory turnover\b|\binventory turns\b",
       "cost_of_sales / avg(inventory)", "times", examples=("inventory turnover",)),
    _f("receivables_turnover", "receivables turnover", r"\b(?:accounts )?receivables? turnover\b",
       "revenue / avg(receivables)", "times", examples=("receivables turnover",)),
    _f("payables_turnover", "payables turnover", r"\b(?:accounts )?payables? turnover\b",
       "cost_of_sales / avg(accounts_payable)", "times", examples=("accounts payable turnover",)),
    _f("fixed_asset_turnover", "fixed asset turnover", r"\bfixed[- ]assets? turnover\b|\bpp&e turnover\b",
       "revenue / avg(ppe_net)", "times", examples=("fixed asset turnover",)),
    _f("asset_turnover", "asset turnover", r"\b(?:total )?asset turnover\b", "revenue / avg(total_assets)", "times",
       examples=("asset turnover",)),
    _f("retention_ratio", "retention ratio", r"\b(?:earnings )?retention ratio\b|\bplowback ratio\b",
       "1 - dividends_paid / net_income", "ratio", examples=("retention ratio",)),
    _f("operating_cash_flow_ratio", "operating cash flow ratio", r"\boperating cash flow ratio\b",
       "operating_cash_flow / current_liabilities", "ratio", examples=("operating cash flow ratio",)),
    _f("cash_conversion_cycle", "cash conversion cycle", r"\bcash conversion cycle\b|\bccc\b",
       "DAYS * avg(inventory) / cost_of_sales + DAYS * avg(receivables) / revenue - DAYS * avg(accounts_payable) / cost_of_sales",
       "days", examples=("cash conversion cycle",)),
    _f("medical_care_ratio", "medical care ratio", r"\bmedical (?:care|cost|loss) ratio\b|\bmcr\b|\bmedical loss ratio\b",
       "medical_costs / premiums", "percent", examples=("medical care ratio", "MCR")),
    _f("payout_ratio", "dividend payout ratio", r"\b(?:dividend )?payout ratio\b",
       "dividends_paid / net_income", "percent", examples=("dividend payout ratio",)),
    # any line item as a share of revenue: 'COGS % margin', 'SG&A as a % of total revenue'
    _f("share_of_revenue", "share of revenue",
       r"(?:%\s*|\bpercent(?:age)?\s+)margin\b|\bmargin\s*(?:%|\(%\))|\bas an? (?:%|percent(?:age)?|share|proportion|fraction) of "
       r"(?:total |net )?(?:revenues?|sales)\b|\bto (?:total |net )?(?:revenues?|sales) ratio\b|\bshare of (?:total |net )?(?:revenues?|sales)\b",
       "x / revenue", "percent", examples=("COGS % margin", "SG&A as a % of total revenue", "share of net sales"),
       x_part_of="revenue"),
    _f("cagr", "compound annual growth rate", r"\bcagr\b|\bcompound(?:ed)? annual(?: growth)?(?: rate)?\b",
       "(last(x) / first(x)) ^ (1 / YEARS) - 1", "percent", examples=("revenue CAGR", "compound annual growth rate")),
    _f("yoy_growth", "year-over-year growth",
       r"\b(?:yoy|y/y|year[- ]over[- ]year|year[- ]on[- ]year)\b|\bgrowth(?: rate)?\b(?! in (?:dollars|absolute))",
       "(x - prior(x)) / prior(x)", "percent", at_most_one_period=True, examples=("year-over-year growth", "growth rate")),
)

BY_KEY: dict[str, Formula] = {f.key: f for f in FORMULAS}


def find_formula(text: str) -> tuple[Formula, re.Match] | None:
    """The first formula of the table the text names (with the words it must also say)."""
    for f in FORMULAS:
        hit = f.pattern.search(text)
        if hit and (f.needs is None or f.needs.search(text)):
            return f, hit
    return None


# --- references in an expression ------------------------------------------------------------------
REF = re.compile(r"\b(avg|bal|prior|first|last|chg|open|avg!)\(([a-z_]+)\)|\b([a-z_]{2,}|x)\b|(DAYS|YEARS)")


def refs(expression: str) -> list[tuple[int, int, str, str]]:
    """(start, end, function, key) for every reference, in order ('' function for a bare key)."""
    out = []
    for m in REF.finditer(expression):
        if m.group(4):
            continue
        fn, key = (m.group(1), m.group(2)) if m.group(1) else ("", m.group(3))
        out.append((m.start(), m.end(), fn, key))
    return out


def metric_keys(expression: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(k for _, _, _, k in refs(expression)))
