"""The kind of number a question asks for: money, a count, per share, a percentage, a duration."""

from __future__ import annotations

import re

from ..plan import FormulaAsk, Op

__all__ = ["unit_kind_asked", "USED_FOR", "MOVEMENT", "COUNT_INTENT", "MONEY_INTENT", "PER_SHARE_INTENT", "PERCENT_INTENT", "DURATION_INTENT"]

COUNT_INTENT = re.compile(r"\bhow many\b|\bnumber of\b|\bcount\b|\bshares?\b(?! price)(?![- ]based)(?!.*\bper share\b)", re.I)
MONEY_INTENT = re.compile(r"\bhow much\b|\bamount\b|\bexpense|\bcost|\bvalue\b|\bprice\b|\brevenue|\bincome\b|\bcash\b|"
                          r"\bprincipal\b|\binvest|\bsales\b|\bspend|\bearn|\bpaid\b|\bpay\b|(?<!based )\bpayments?\b|\$|\bdollars?\b|\bUSD\b", re.I)
PER_SHARE_INTENT = re.compile(r"\bper (?:common |ordinary |diluted |basic )?share\b|\bprice\b(?! adjustments?\b)|\bper unit\b|\beps\b|"
                              r"\bfair value of (?:the )?underlying\b|\bpar value\b|\bdps\b", re.I)
# 'tax expense at the federal statutory income tax rate' is an amount named by the rate it is computed at
# ('interest rate swaps', 'rate locks': instruments named by a rate, not rates)
PERCENT_INTENT = re.compile(r"\bpercent(?:age)?\b|%|\bmargin\b|^(?!.*\b(?:expense|benefit|amount)\b.*\bat (?:the )?(?:\w+ ){0,4}rate\b).*\brate\b"
                            r"(?!\s+(?:swaps?|caps?|locks?|floors?|collars?|contracts?|derivatives?|hedges?|instruments?|agreements?)\b)",
                            re.I)
DURATION_INTENT = re.compile(r"\bhow long\b|\bperiod over which\b|\bweighted[- ]average period\b|\bcompliance period\b|"
                             r"\bmaximum period\b|\bremaining (?:contractual )?term\b|\b(?:amortization|depreciation|vesting|payback) period\b|"
                             r"\bover what (?:duration|period|time)\b|\bwhat duration\b", re.I)
# a rate named as what moved an amount ('effect of exchange rate changes on cash'): the amount is asked
_RATE_AS_CAUSE = re.compile(r"\beffects? of (?:\w+ ){0,3}rates?\b|\brates? (?:changes?|fluctuations?|movements?) on\b", re.I)
# how much a line moved, asked as one figure ('net decrease in cash for 2020'): a flow, never the balance at a date
MOVEMENT = re.compile(r"\b(?:net )?(?:increase|decrease|change|rise|decline|drop)s? in\b", re.I)
# what an amount is used for ('net income used in computing basic net income per share') is not what is asked
USED_FOR = re.compile(r",?\s+(?:used|applied)\s+(?:in|for|to)\s+(?:the\s+)?(?:comput|calculat|determin|arriv)\w*\b.*$", re.I)
_EXPLICIT_PERCENT = re.compile(r"^\s*(?:what|which) (?:percent(?:age)?|%)\b|\bin percent(?:age)?\b|\bas an? percent(?:age)?\b", re.I)
_FORMULA_UNIT = {"percent": "percent", "ratio": "ratio", "times": "ratio", "days": "duration", "money": "money"}


def unit_kind_asked(core: str, op: Op, formula: FormulaAsk | None) -> str | None:
    """What the answer's number must be; None when the words do not say."""
    core = USED_FOR.sub("", core) or core
    if op is Op.GROWTH:  # a growth rate, of a line or of a derived amount ('growth in free cash flow')
        return "percent"
    if formula is not None and formula.expressions:
        return _FORMULA_UNIT.get(formula.unit)
    if op is Op.SHARE:
        return "percent"
    if op is Op.RATIO:
        return "ratio"
    if op is Op.TEXT:
        return None
    if DURATION_INTENT.search(core):
        return "duration"
    if _EXPLICIT_PERCENT.search(core):  # 'what percentage of the share price …': a percentage, whatever it is of
        return "percent"
    if PER_SHARE_INTENT.search(core):
        return "per_share"
    if PERCENT_INTENT.search(core) and not re.search(r"\binterest rate\b.*\b(?:expense|paid)\b", core, re.I) \
            and not _RATE_AS_CAUSE.search(core):
        return "percent"
    if re.search(r"\bhow many\b|^\s*what (?:is|was|are|were) the (?:total )?number of\b", core, re.I):
        return "count"
    if MONEY_INTENT.search(core):
        return "money"
    if COUNT_INTENT.search(core):
        return "count"
    return None
