"""Words: phrases that mean the same in questions and in filings, and the word lists every stage
reads, declared once.

Both sides (the question and every fact label) go through :func:`canonical_tokens`, so "RSUs",
"restricted stock units" and "restricted share units" all become ``rsu``, and "stock-based
compensation cost" meets "Allocated share based compensation expense". Each synonym row carries an
example that ``tests/test_lexicon.py`` checks; extend the tables to teach a new word, never an ``if``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from index.bm25 import tokenize

__all__ = [
    "Synonym", "SYNONYMS", "EXPANSIONS", "canonical_text", "canonical_tokens", "search_terms", "concept_words",
    "GENERIC_LABEL_WORDS", "QUESTION_WORDS", "MODIFIER_WORDS", "QUALIFIERS", "OTHER_KIND", "NEUTRAL_MEMBER_WORDS",
    "QUESTION_VERBS", "without_taken_out", "content_words", "CLASS_MEMBER_WORDS", "implied_words",
]


@dataclass(frozen=True)
class Synonym:
    pattern: str  # regex over the text, case-insensitive
    replacement: str  # the canonical word(s)
    example: str  # a phrase the pattern must fold (tests/test_lexicon.py)


# applied in order, before tokenizing
SYNONYMS: tuple[Synonym, ...] = (
    Synonym(r"\bnon[- ]?employees?\b", " nonemployee ", "non-employee directors"),
    Synonym(r"\brestricted (?:stock|share) units?\b|\brsus?\b|\brestricted stock units \(rsus\)", " rsu ", "restricted share units"),
    Synonym(r"\bperformance(?:[- ]based)? (?:stock|share) units?\b|\bpsus?\b", " psu ", "performance share units"),
    Synonym(r"\b(?:share|stock|equity)[- ]based compensation\b|\bstock compensation\b|\bequity compensation\b|\bsbc\b",
            " sbc compensation ", "stock-based compensation"),
    Synonym(r"\b(?:share|stock|equity)[- ]based payments?\b", " sbc ", "share-based payment"),
    Synonym(r"\bshare[- ]based payment arrangement\b", " sbc ", "share-based payment arrangement"),
    Synonym(r"\b(?:stock|share) options?\b|\boptions?\b", " option ", "stock options"),
    # 'provision for income taxes' is the tax expense
    Synonym(r"\bprovisions?\b(?=\s+(?:\(benefit\)\s+)?for\b)", " expense ", "provision for income taxes"),
    Synonym(r"\bexpenses?\b|\bcosts?\b|\bcharges?\b", " expense ", "restructuring charges"),
    Synonym(r"\bgrants?\b|\bgranted\b|\bawarded\b|\bawards? granted\b", " grant ", "options granted"),
    Synonym(r"\bvest(?:ed|ing|s)?\b", " vest ", "units vested"),
    Synonym(r"\bexercisable\b", " exercisableitem ", "options exercisable"),  # the stemmer would make it 'exercised'
    Synonym(r"\boutstanding\b", " outstandingitem ", "shares outstanding"),
    Synonym(r"\bunderlying\b", " underlyingitem ", "underlying EBITDA"),  # the stemmer makes it 'under', a question word
    Synonym(r"\bforfeit(?:ed|ures?|s)?\b|\bcancell?ed\b", " forfeit ", "forfeitures"),
    Synonym(r"\bun(?:recognized|amortized)\b|\bnot yet recognized\b", " unrecognized ", "unamortized compensation"),
    Synonym(r"\bnet sales\b|\brevenues?\b|\bturnover\b|\btotal sales\b", " revenue ", "net sales"),
    Synonym(r"\bnet (?:income|earnings|profit)\b|\bnet (?:loss|income \(loss\))\b|\bprofit\b", " netincome ", "net earnings"),
    # 'earnings per common diluted share': the kind of share said inside the name
    Synonym(r"\bearnings per (?:common |ordinary )?(basic|diluted) share\b", r" \1 eps ", "earnings per common diluted share"),
    Synonym(r"\bearnings per (?:common |ordinary )?share\b|\beps\b", " eps ", "earnings per common share"),
    Synonym(r"\bcash and cash equivalents\b", " cash ", "cash and cash equivalents"),
    Synonym(r"\bconvertible debentures?\b|\bdebentures?\b|\bconvertible notes?\b", " debenture ", "convertible notes"),
    Synonym(r"\bauthori[sz]ed\b", " authorized ", "shares authorised"),
    Synonym(r"\bweighted[- ]average\b", " weighted average ", "weighted-average"),
    Synonym(r"\bper share\b|\bper unit\b|\ba share\b", " pershare ", "dividends per share"),
    Synonym(r"\bdirectors?\b", " director ", "directors"),
    Synonym(r"\b(?:share|stock)(?:holder|owner)s?['’]?(?=\W|$)", " stockholders ", "shareholders' equity"),
    Synonym(r"\bconsultants?\b", " consultant ", "consultants"),
    Synonym(r"\bexchanged?\b", " exchange ", "exchanged"),
    Synonym(r"\binvestors?\b|\binvest(?:ed|ing|ment|ments)?\b", " invest ", "investments"),
    Synonym(r"\binstall?ments?\b", " installment ", "current installments"),
    Synonym(r"\bconver(?:t|ts|ted|tible|sion)\b", " convert ", "conversion"),
    Synonym(r"\bnon[- ]?u\.?s\.?(?=\W|$)|\boutside (?:of )?(?:the )?(?:u\.?s\.?|unitedstates|united states)(?=\W|$)|"
            r"\binternational\b|\bforeign\b", " foreign ", "outside the U.S."),
    Synonym(r"\bnon[- ]?current\b", " noncurrent ", "non-current liabilities"),
    Synonym(r"\bu\.s\.(?=\W|$)|\bunited states\b", " unitedstates ", "United States"),  # not the word 'unit'
    # a column 'Men | Women' for a question's 'male' or 'female' ('a male member aged 65')
    Synonym(r"\bfemales?\b|\bwom[ae]n\b", " female ", "women"),
    Synonym(r"\bmales?\b|\bmen\b", " male ", "men"),
)
_COMPILED = [(re.compile(s.pattern, re.I), s.replacement) for s in SYNONYMS]

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
    "unitedstat": "United States U.S. domestic",
    "foreign": "foreign international non-U.S.",
}


def canonical_text(text: str) -> str:
    t = text.replace("\xa0", " ").replace("’", "'")
    for pat, rep in _COMPILED:
        t = pat.sub(rep, t)
    return t


@lru_cache(maxsize=65536)
def canonical_tokens(text: str) -> tuple[str, ...]:
    """Stemmed tokens after synonym folding; numbers kept (thousands separators removed)."""
    return tuple(tokenize(canonical_text(text)))


def _tokens(text: str) -> frozenset[str]:
    return frozenset(canonical_tokens(text))


# Words that appear in many labels without saying what the line item is.
GENERIC_LABEL_WORDS = frozenset(tokenize(
    "number amount period total value allocated share based arrangement payment award line items member "
    "details narrative compensation arrangement by other in of the for during reporting"
))
# Words of the question form itself, not of the line item.
QUESTION_WORDS = frozenset(tokenize(
    "how many much what which was were is are did does do the company its their report reported show "
    "tell me give value amount total number figure year years fiscal during period as at end of on in by "
    "according filing filings disclose disclosed state stated group please quarter ended ending "
    "there related recognized were was record recorded under hold held have had cik ticker "
    "calculate compute determine find provide estimate through thru until till came come comes"
))
# Verbs a question wraps around a line item ('how much did it *spend* on capex'): never words a line must carry.
QUESTION_VERBS = _tokens("pay pays paid paying spend spends spent spending report reports reported record recorded "
                         "generate generated generates incur incurred have has had return returned make made earn earned "
                         "earns bring brought book booked post posted see saw log logged rack racked take took out")

# Verbs that say money came in ('how much did NVDA earn from Data Center', 'what did Automotive leasing bring
# in'): with no line item named, the line is the revenue of what follows or precedes them.
EARNING_VERBS = re.compile(r"\b(?:earn(?:s|ed)?|ma(?:k|d)e|brings?(?: in)?|brought(?: in)?|generat(?:e|es|ed)|collect(?:s|ed)?|rake[ds]? in)"
                           r"(?:\s+(?:from|in|on|through|via|with|by))?\b", re.I)

# Words that turn a line item into a different one ('Unrecognized compensation expense' is not the
# expense of the year): a label carrying one the question does not ask for is a poor match.
MODIFIER_WORDS = _tokens(
    "unrecognized unvested nonvested outstanding exercisable forfeited expired intrinsic minimum maximum "
    "deferred accumulated weighted average remaining fair")
# Narrowing words: a line saying one the question does not ask is a part, not the line asked.
QUALIFIERS = _tokens(
    "state local foreign federal domestic current noncurrent deferred unrecognized noncontrolling preferred "
    "restricted discontinued international unitedstates")
# Words that make a line another kind of line: an accrued payable is not the expense, an allowance not the receivable.
OTHER_KIND = _tokens("payable receivable accrued accumulated impairment unrealized allowance reserve")
# Words that name a charge against a line ('amortization related to transition costs'): a line that does not say it
# is the thing charged (the asset's balance), not the charge asked.
CHARGE_OF = _tokens("amortization depreciation impairment")
# Member words that do not narrow a line item (a consolidated or total member qualifies, it does not split).
NEUTRAL_MEMBER_WORDS = _tokens(
    "consolidated consolidation total reportable segment segments operating member domain us gaap")
# Members that split a share count by class without making it another line ('Common Stock', 'Class A')
CLASS_MEMBER_WORDS = _tokens("common stock class ordinary shares")


@lru_cache(maxsize=1)
def _expansions() -> dict[str, str]:
    """EXPANSIONS keyed as the tokenizer spells its words ('revenue' -> 'revenu')."""
    out: dict[str, str] = {}
    for word, forms in EXPANSIONS.items():
        for tok in canonical_tokens(word) or (word,):
            out[tok] = forms
        out[word] = forms
    return out


def search_terms(text: str) -> list[str]:
    """Raw tokens of the text plus the surface forms of its canonical words (for BM25 over printed text)."""
    terms = list(tokenize(text))
    table = _expansions()
    for tok in canonical_tokens(text):
        if tok in table:
            terms.extend(tokenize(table[tok]))
    return terms


# What a label says after 'net of' / 'less' / 'excluding' is what it takes out, not what the line is:
# 'SALES, Net of returns and allowances' is sales; 'Long-term debt, excluding current installments' is long-term debt.
TAKEN_OUT = re.compile(r",?\s*\(?\b(?:net of(?! (?:income )?tax)|less|excluding|exclusive of|after deducting)\b.*$", re.I)


@lru_cache(maxsize=8192)  # pure in the label; called for every candidate line, labels repeat
def without_taken_out(label: str) -> str:
    """The label without the part that names what it deducts (the whole label when nothing is left)."""
    kept = TAKEN_OUT.sub("", label or "")
    kept = kept if re.search(r"[A-Za-z]{3,}", kept) else (label or "")
    # a statement row printed as plain 'Sales' ('SALES, Net of returns and allowances') is the revenue line
    return "revenue" if re.fullmatch(r"\s*(?:total\s+)?sales\s*:?\s*", kept, re.I) else kept


_NET_OF_CURRENT = re.compile(r"\b(?:net of|less|excluding|exclusive of)\s+(?:the\s+)?current\s+(?:portion|installments?|maturities|part)\b", re.I)


# A sign printed beside a name ('Net income (loss)', 'Other comprehensive income (loss)'): it says which way the
# number may go, not another line. A question may say it or not; either way it asks the same line.
SIGN_ASIDE = re.compile(r"\s*\((?:loss|losses|benefit|deficit|expense|income|gain|gains|used in|used)\)", re.I)

# The two directions a movement line is named by: a question saying one asks not for a line saying only the other
# ('increases in tax positions for prior years' is not 'Decreases in tax positions for prior years').
DIRECTION_WORDS = (frozenset(_tokens("increase increases increased addition additions")),
                   frozenset(_tokens("decrease decreases decreased reduction reductions")))


def opposite_direction(asked_text: str, label: str) -> bool:
    """Whether ``label`` names only the direction opposite to the one only ``asked_text`` says."""
    asked, said = set(canonical_tokens(asked_text)), set(canonical_tokens(label))
    up, down = DIRECTION_WORDS
    return bool((asked & up and not asked & down and said & down and not said & up)
                or (asked & down and not asked & up and said & up and not said & down))


# what a label says it includes ('…, Including Portion Attributable to Noncontrolling Interest'): never a narrowing
INCLUDED_CLAUSE = re.compile(r",?\s*\(?\b(?:including|inclusive of)\b[^()]*\)?", re.I)


# a stock's price range printed as 'High | Low' (a row, or a column over quarters): the high and low sales price
_PRICE_RANGE = re.compile(r"^\W*(?:(?:common\s+)?stock\s+)?(?:(?:sales?\s+)?price\s+range\s+)?(?:high|low)(?:est)?"
                          r"(?:\s+(?:sales?\s+)?price)?\W*$", re.I)  # (as index.parsers.tablerows reads a price range)


def implied_words(label: str) -> frozenset[str]:
    """Words a label implies without printing them: 'Debt, net of current portion' is the noncurrent debt; a bare
    'High' or 'Low' is a stock's high or low price."""
    if _PRICE_RANGE.match(label or ""):
        return frozenset(canonical_tokens("price sale stock common per share"))
    return frozenset(canonical_tokens("noncurrent")) if _NET_OF_CURRENT.search(label or "") else frozenset()


@lru_cache(maxsize=16384)  # pure in the concept name; asked of every gathered line
def concept_words(concept: str) -> str:
    """A concept's name in words: 'us-gaap:NetIncomeLoss' -> 'Net Income Loss' (an extension's prefix dropped)."""
    local = concept.split(":")[-1].split("_")[-1]
    return re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", local)


def content_words(text: str) -> tuple[str, ...]:
    """Canonical tokens that say what a line item is: no question words, no verbs, no bare numbers. A verb
    written as a plural noun ('net bookings', 'billings', 'borrowings') is the line's word, not the question's."""
    nouns = {t for w in re.findall(r"[A-Za-z-]+ings\b", text) for t in canonical_tokens(w)}
    # 'audit-related fees', 'acquisition-related costs': 'related' joined to a noun is part of the line's name
    joined = {t for w in re.findall(r"\b[A-Za-z]+-related\b", text, re.I) for t in canonical_tokens(w)}
    return tuple(t for t in dict.fromkeys(canonical_tokens(text)) if t in joined
                 or (t not in QUESTION_WORDS and (t not in QUESTION_VERBS or t in nouns) and not t.isdigit()))
