"""Words: the phrases that mean the same thing in questions and in filings, declared once.

Both sides (the question and every fact label) go through :func:`canonical_tokens`, so
"RSUs", "restricted stock units" and "restricted share units" all become ``rsu``, and
"stock-based compensation cost" meets "Allocated share based compensation expense".
Extend ``PHRASES`` to teach it a new synonym; tests pin the behaviour of each entry.
"""

from __future__ import annotations

import re
from functools import lru_cache

from index.bm25 import tokenize

__all__ = [
    "PHRASES", "EXPANSIONS", "MODIFIER_WORDS", "search_terms", "canonical_text", "canonical_tokens", "GENERIC_LABEL_WORDS", "QUESTION_WORDS",
    "COUNT_INTENT", "MONEY_INTENT", "PER_SHARE_INTENT", "PERCENT_INTENT", "DURATION_INTENT", "without_taken_out", "concept_words",
]

# (pattern, replacement) applied in order, case-insensitive, before tokenizing.
PHRASES: list[tuple[str, str]] = [
    (r"\bnon[- ]?employees?\b", " nonemployee "),
    (r"\brestricted (?:stock|share) units?\b|\brsus?\b|\brestricted stock units \(rsus\)", " rsu "),
    (r"\bperformance(?:[- ]based)? (?:stock|share) units?\b|\bpsus?\b", " psu "),
    (r"\b(?:share|stock|equity)[- ]based compensation\b|\bstock compensation\b|\bequity compensation\b|\bsbc\b", " sbc compensation "),
    (r"\b(?:share|stock|equity)[- ]based payments?\b", " sbc "),
    (r"\bshare[- ]based payment arrangement\b", " sbc "),
    (r"\b(?:stock|share) options?\b|\boptions?\b", " option "),
    (r"\bprovisions?\b(?=\s+(?:\(benefit\)\s+)?for\b)", " expense "),  # 'provision for income taxes' is the tax expense
    (r"\bexpenses?\b|\bcosts?\b|\bcharges?\b", " expense "),
    (r"\bgrants?\b|\bgranted\b|\bawarded\b|\bawards? granted\b", " grant "),
    (r"\bvest(?:ed|ing|s)?\b", " vest "),
    (r"\bexercisable\b", " exercisableitem "),  # the stemmer would make it 'exercised'
    (r"\boutstanding\b", " outstandingitem "),
    (r"\bforfeit(?:ed|ures?|s)?\b|\bcancell?ed\b", " forfeit "),
    (r"\bun(?:recognized|amortized)\b|\bnot yet recognized\b", " unrecognized "),
    (r"\bnet sales\b|\brevenues?\b|\bturnover\b|\btotal sales\b", " revenue "),
    (r"\bnet (?:income|earnings|profit)\b|\bnet (?:loss|income \(loss\))\b|\bprofit\b", " netincome "),
    (r"\bearnings per (?:common )?share\b|\beps\b", " eps "),
    (r"\bcash and cash equivalents\b", " cash "),
    (r"\bconvertible debentures?\b|\bdebentures?\b|\bconvertible notes?\b", " debenture "),
    (r"\bauthori[sz]ed\b", " authorized "),
    (r"\bweighted[- ]average\b", " weighted average "),
    (r"\bper share\b|\bper unit\b|\ba share\b", " pershare "),
    (r"\bdirectors?\b", " director "),
    (r"\bconsultants?\b", " consultant "),
    (r"\bexchanged?\b", " exchange "),
    (r"\binvestors?\b|\binvest(?:ed|ing|ment|ments)?\b", " invest "),
    (r"\binstall?ments?\b", " installment "),
    (r"\bconvert(?:ed|ible|sion)?\b", " convert "),
]
_COMPILED = [(re.compile(p, re.I), r) for p, r in PHRASES]

# Surface forms of each canonical word, for searching text that was indexed as printed.
EXPANSIONS: dict[str, str] = {
    "rsu": "restricted stock units restricted share units RSUs",
    "psu": "performance share units PSUs",
    "sbc": "share-based compensation stock-based compensation share-based payment",
    "option": "options stock options share options",
    "expense": "expense expenses cost costs",
    "grant": "grants granted",
    "vest": "vested vesting",
    "forfeit": "forfeited forfeitures",
    "unrecognized": "unrecognized unamortized",
    "revenue": "revenue revenues net sales",
    "netincome": "net income net loss net earnings",
    "eps": "earnings per share",
    "nonemployee": "nonemployee non-employees",
    "debenture": "convertible debentures notes",
    "invest": "investment investors invest",
    "pershare": "per share price",
    "convert": "conversion converted convertible",
}

# Words that appear in many labels without saying what the line item is.
GENERIC_LABEL_WORDS = frozenset(tokenize(
    "number amount period total value allocated share based arrangement payment award line items member "
    "details narrative compensation arrangement by other in of the for during reporting"
))
# Words of the question form itself, not of the metric.
QUESTION_WORDS = frozenset(tokenize(
    "how many much what which was were is are did does do the company its their report reported show "
    "tell me give value amount total number figure year years fiscal during period as at end of on in by "
    "according filing filings disclose disclosed state stated group please quarter ended ending "
    "there related recognized were was record recorded under hold held have had cik ticker "
    "calculate compute determine find provide estimate through thru until till came come comes"
))

COUNT_INTENT = re.compile(r"\bhow many\b|\bnumber of\b|\bcount\b|\bshares?\b(?! price)", re.I)
MONEY_INTENT = re.compile(r"\bhow much\b|\bamount\b|\bexpense|\bcost|\bvalue\b|\bprice\b|\brevenue|\bincome\b|\bcash\b|"
                          r"\bprincipal\b|\binvest", re.I)
PER_SHARE_INTENT = re.compile(r"\bper share\b|\bprice\b|\bper unit\b|\beps\b|\bfair value of (?:the )?underlying\b", re.I)
# 'tax expense at the federal statutory income tax rate' is an amount named by the rate it is computed at
PERCENT_INTENT = re.compile(r"\bpercent(?:age)?\b|%|^(?!.*\b(?:expense|benefit|amount)\b.*\bat (?:the )?(?:\w+ ){0,4}rate\b).*\brate\b", re.I)
DURATION_INTENT = re.compile(r"\bhow long\b|\bperiod over which\b|\bweighted[- ]average period\b|\bcompliance period\b|"
                             r"\bmaximum period\b|\bremaining (?:contractual )?term\b", re.I)


def canonical_text(text: str) -> str:
    t = text.replace("\xa0", " ").replace("’", "'")
    for pat, rep in _COMPILED:
        t = pat.sub(rep, t)
    return t


@lru_cache(maxsize=65536)
def canonical_tokens(text: str) -> tuple[str, ...]:
    """Stemmed tokens after synonym folding; numbers kept (thousands separators removed)."""
    return tuple(tokenize(canonical_text(text)))


# Words that turn a line item into a different one ('Unrecognized compensation expense' is not the
# expense of the year): a label carrying one the question does not ask for is a poor match.
MODIFIER_WORDS = frozenset(canonical_tokens(
    "unrecognized unvested nonvested outstanding exercisable forfeited expired intrinsic minimum maximum "
    "deferred accumulated weighted average remaining fair"))


def search_terms(text: str) -> list[str]:
    """Raw tokens of the text plus the surface forms of its canonical words (for BM25 over printed text)."""
    terms = list(tokenize(text))
    for tok in canonical_tokens(text):
        if tok in EXPANSIONS:
            terms.extend(tokenize(EXPANSIONS[tok]))
    return terms


# What a label says after 'net of' / 'less' / 'excluding' is what it takes out, not what the line is:
# 'SALES, Net of returns and allowances' is sales; 'Long-term debt, excluding current installments' is long-term debt.
TAKEN_OUT = re.compile(r",?\s*\(?\b(?:net of(?! (?:income )?tax)|less|excluding|exclusive of|after deducting)\b.*$", re.I)  # 'net of tax' is what it is


def without_taken_out(label: str) -> str:
    """The label without the part that names what it deducts (the whole label when nothing is left)."""
    kept = TAKEN_OUT.sub("", label or "")
    kept = kept if re.search(r"[A-Za-z]{3,}", kept) else (label or "")
    # a statement row printed as plain 'Sales' ('SALES, Net of returns and allowances') is the revenue line
    return "revenue" if re.fullmatch(r"\s*(?:total\s+)?sales\s*:?\s*", kept, re.I) else kept


def concept_words(concept: str) -> str:
    """A concept's name in words: 'us-gaap:NetIncomeLoss' -> 'Net Income Loss' (an extension's prefix dropped)."""
    local = concept.split(":")[-1].split("_")[-1]
    return re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", local)
