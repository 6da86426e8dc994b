"""How people ask, as the harness's own table: verbs, possessives, tickers, fiscal-year forms.

Written from the way analysts, reporters and investors phrase questions, NOT from a metric table
(neither the engine's nor ``eval.genvocab``'s word lists): "How much did Apple spend on R&D?", "How
much did Apple earn from services?", "$NVDA revenue in FY'25", "Home Depot's fiscal 2024 net
earnings". The engine never imports this module (``tests/test_harness_independence.py``), so a
phrasing it cannot read shows up as a miss instead of being learnt from the same list.

Placeholders: ``{co}`` the company as named, ``{pos}`` its possessive, ``{p}`` the period phrase,
``{member}`` a product, service, segment or region; period forms take ``{fy}`` (2024), ``{yy}``
(24), ``{end}`` (the month the fiscal year ended, 'January 2025'); possessive forms also ``{m}``
(the line item) and ``{q}``/``{nth}`` (quarter number / 'second').
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["VerbPhrase", "VERB_PHRASES", "VERB_FAMILIES", "MEMBER_VERBS", "FISCAL_YEAR_FORMS", "POSSESSIVE_FORMS",
           "TICKER_FORMS"]


@dataclass(frozen=True)
class VerbPhrase:
    """Questions about one line item (a group of ``eval.genvocab.GROUPS``) that say it with a verb."""

    family: str  # spend_on | earn_from | bring_in | make | record
    group: str
    templates: tuple[str, ...]


VERB_PHRASES: tuple[VerbPhrase, ...] = (
    VerbPhrase("spend_on", "rnd", ("How much did {co} spend on research and development {p}?",
                                   "What did {co} spend on R&D {p}?",
                                   "How much money did {co} put into research and development {p}?")),
    VerbPhrase("spend_on", "capex", ("How much did {co} spend on property and equipment {p}?",
                                     "How much did {co} spend buying property and equipment {p}?",
                                     "How much did {co} spend on capital investments in property and equipment {p}?")),
    VerbPhrase("spend_on", "buybacks", ("How much did {co} spend buying back its own stock {p}?",
                                        "How much did {co} spend on repurchasing its common stock {p}?",
                                        "How much cash did {co} spend to buy back shares {p}?")),
    VerbPhrase("spend_on", "dividends_paid", ("How much did {co} spend on dividends to shareholders {p}?",
                                              "How much cash did {co} pay out to shareholders as dividends {p}?")),
    VerbPhrase("spend_on", "sga", ("How much did {co} spend on selling, general and administrative costs {p}?",)),
    VerbPhrase("spend_on", "opex", ("How much did {co} spend on operating expenses in total {p}?",)),
    VerbPhrase("earn_from", "operating_income", ("How much did {co} earn from its operations {p}?",
                                                 "What did {co} earn from operations {p}?")),
    VerbPhrase("earn_from", "net_income", ("How much did {co} earn after all expenses and taxes {p}?",
                                           "How much did {co} earn, after taxes, {p}?")),
    VerbPhrase("bring_in", "revenue", ("How much revenue did {co} bring in {p}?",
                                       "How much did {co} bring in from sales {p}?",
                                       "How much did {co} bring in from customers {p}?")),
    VerbPhrase("bring_in", "cfo", ("How much cash did {pos} operations bring in {p}?",
                                   "How much cash did {co} generate from its operations {p}?")),
    VerbPhrase("make", "net_income", ("How much profit did {co} make {p}?", "How much money did {co} make {p}?")),
    VerbPhrase("make", "gross_profit", ("How much gross profit did {co} make {p}?",)),
    VerbPhrase("record", "dna", ("How much depreciation and amortization did {co} record {p}?",
                                 "How much did {co} book for depreciation and amortization {p}?")),
    VerbPhrase("record", "sbc", ("How much stock-based compensation did {co} record {p}?",
                                 "How much did {co} expense for share-based pay {p}?")),
    VerbPhrase("record", "income_tax", ("How much income tax expense did {co} record {p}?",
                                        "What did {co} book as its provision for income taxes {p}?")),
)
VERB_FAMILIES: tuple[str, ...] = tuple(dict.fromkeys(v.family for v in VERB_PHRASES))

# revenue of one product, service, segment or region, said with a verb
MEMBER_VERBS: dict[str, tuple[str, ...]] = {
    "earn_from": ("How much did {co} earn from {member} {p}?", "How much revenue did {co} earn from {member} {p}?"),
    "bring_in": ("How much did {member} bring in for {co} {p}?", "How much revenue did {member} bring in at {co} {p}?"),
}

# fiscal years said the ways people write them (a period phrase for a question's end)
FISCAL_YEAR_FORMS: dict[str, tuple[str, ...]] = {
    "FY_space": ("in FY {fy}", "for FY {fy}"),
    "apostrophe": ("in FY'{yy}", "in fiscal '{yy}", "in FY '{yy}"),
    "the_fiscal_year": ("in the {fy} fiscal year", "during its {fy} fiscal year", "in fiscal year {fy}"),
    "full_year": ("for full-year fiscal {fy}", "for the full fiscal year {fy}"),
    "year_ending_month": ("in the fiscal year that ended in {end}", "for the fiscal year ending {end}"),
}

# the period before the line item, after the company's possessive
POSSESSIVE_FORMS: dict[str, tuple[str, ...]] = {
    "annual": ("What was {pos} fiscal {fy} {m}?", "What were {pos} FY{fy} {m}?", "{pos} fiscal year {fy} {m}?"),
    "quarter": ("What was {pos} Q{q} FY{yy} {m}?", "What were {pos} {nth}-quarter fiscal {fy} {m}?",
                "{pos} fiscal Q{q} {fy} {m}?"),
}

# a ticker said as people type it
TICKER_FORMS: dict[str, tuple[str, ...]] = {
    "ticker_possessive": ("What was {ticker}'s {m} {p}?", "{ticker}'s {m} {p}?"),
    "cashtag": ("${ticker} {m} {p}?", "What was ${ticker}'s {m} {p}?"),
    "lowercase": ("what was {lower}'s {m} {p}?", "{lower} {m} {p}"),  # the company's name, typed in lower case
}
