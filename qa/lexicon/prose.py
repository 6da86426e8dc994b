"""The filing's words for what a question calls by another name, for questions answered from the text.

A question asks about "allegations", "jobs" or "the cyberattack"; the filing writes "the complaint
asserted", "6,000 roles", "a cybersecurity incident". Each row maps a question word (its canonical
token) to the filing's phrases, comma-separated; a phrase counts only when all its words stand side
by side in a sentence. They are searched for and count as the question's word when sentences are
scored. Teaching the text search a new word is one row here; ``tests/test_lexicon.py`` checks each row's
question word reads as the token it is filed under.
"""

from __future__ import annotations

__all__ = ["FILING_WORDS", "COUNT_CONTEXT", "DOCUMENT_REFERENCE", "LISTED_AXES", "NOT_LISTED_MEMBERS"]

FILING_WORDS: dict[str, str] = {
    # people and their roles
    "employe": "employees, employed, employ, associates, workforce, headcount, personnel, staff, team members",
    "staff": "employees, employed, associates, workforce, headcount, personnel",
    "workforc": "employees, employed, associates, workforce, headcount, personnel",
    "headcount": "employees, employed, associates, workforce, headcount, personnel",
    "job": "jobs, roles, positions, employees, headcount, workforce",
    "ceo": "chief executive officer, ceo",
    "cfo": "chief financial officer, cfo",
    "coo": "chief operating officer, coo",
    "founder": "founded, co-founded, founder",
    "found": "founded, co-founded, founder, incorporated",
    # the company's books and its auditors
    "auditor": "independent registered public accounting firm, auditor, auditors",
    "audit": "auditor, auditors, audited, independent registered public accounting firm, accountants",
    "currenc": "currency, dollars, expressed in, presented in, functional currency",
    "headquart": "principal executive offices, headquarters, headquartered",
    # the market
    "competitor": "compete, competition, competitors, competitive",
    "compet": "compete, competition, competitors, competitive",
    "store": "stores, locations",
    "custom": "customers, clients",
    # incidents
    "cyberattack": "cyberattack, cybersecurity incident, attack, threat actors",
    "hack": "cyberattack, cybersecurity incident, attack",
    "breach": "cyberattack, cybersecurity incident, attack",
    # courts and claims
    "lawsuit": "litigation, legal proceedings, lawsuit, complaint",
    "su": "litigation, legal proceedings, lawsuit, complaint",
    "alleg": "alleged, alleging, allegations, asserted, asserts, claims, claimed, complaint, contends",
    "decid": "decision, decided, ruled, ruling, found, finding, held, ordered, opinion, judgment",
    "rul": "decision, decided, ruled, ruling, found, held, ordered, opinion, judgment",
    "verdict": "decision, ruled, ruling, found, held, jury, judgment",
    # movement of a figure told in words ('how did comparable sales change')
    "chang": "change, changed, increase, increased, decrease, decreased, grew, declined, rose, fell",
    "cut": "cut, cuts, reduce, reduction, reductions, eliminate, eliminated, layoffs",
    "matur": "matures, maturity, due",
}

# Words right before a number that make it a count of what follows ('employed approximately 470,100
# associates', 'includes 53 weeks', 'by an additional 6,000 roles'), not an aside ('granted to 25 employees').
COUNT_CONTEXT: tuple[str, ...] = (
    r"employ\w*", "had", "have", "has", r"operat\w*", r"total(?:ed|ing)? of", r"consist\w* of", "workforce of",
    "headcount of", "staff of", "team of", "approximately", "about", "over", "more than", "nearly", "roughly", "some",
    r"includ\w*", r"contain\w*", r"compris\w*", "additional", "further", "another", r"an additional", r"cut\w*",
    r"eliminat\w*", r"reduc\w* (?:\w+ )?by(?: an? (?:additional|further))?",
)

# A question's reference to the document it is asking about ('in its 2024 annual report', 'in the 10-K'):
# where to look, not what the answer is about.
DOCUMENT_REFERENCE = (r"\b(?:in|from|according to|per|within)\s+(?:its|the|their|this|that|his|her)\s+(?:(?:19|20)\d{2}\s+|"
                      r"(?:most recent|latest|last|recent)\s+)?(?:annual report|quarterly report|10-k|10-q|20-f|40-f|8-k|6-k|"
                      r"filing|proxy(?: statement)?|press release|earnings release|report)(?:'s)?(?:\s+(?:cover|front)(?:\s+page)?)?\b")

# Lists a filing states by tagging, not in a sentence: 'What are Apple's reportable segments?' is answered by
# the members of its segment axis. Each row: the question's words that ask for the list (canonical tokens,
# any of them), the words an axis name holds to be that list, and what the answer calls the list.
LISTED_AXES: tuple[tuple[str, str, str], ...] = (
    ("segment segments", "segment segments", "segments"),
    ("geographic geographical geography region regions area areas market markets country countries",
     "geographic geographical region regions", "geographic areas"),
    ("product products service services category categories", "product products service services", "products and services"),
)
# Members of such an axis that are no item of the list: totals, reconciliations, eliminations.
NOT_LISTED_MEMBERS = ("reconciling", "reconciliation", "elimination", "eliminations", "intersegment", "corporate",
                      "consolidated", "consolidation", "total", "unallocated", "nonsegment", "non-segment", "operating segments",
                      "reportable segments", "segments")
