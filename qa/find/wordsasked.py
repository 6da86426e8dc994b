"""What a question's form says about its answer: words (a reason, a method, a place, a composition, whether
there was any) or an amount ('how much', 'the amount of'); and the words that only frame the question."""

from __future__ import annotations

import re

from ..lexicon.words import canonical_tokens

__all__ = ["asks_amount", "asks_in_words", "FRAME_WORDS", "REASON_WORDS"]

# Questions whose answer is words whatever figures they name: a reason, a way of working something out, a place, how
# often, what a line is made of, whether there was any ('Why did revenue increase by 14%?', 'How is EBITDA calculated?',
# 'What does working capital consist primarily of?', 'Were there any impairment charges in 2019?'). A figure is never
# their answer; the sentence that says it is.
_MOSTLY = r"(?:(?:primarily|mainly|principally|largely|mostly|chiefly|generally) )?"
_IN_WORDS = re.compile(
    r"^\s*(?:in (?:fiscal )?\d{4},?\s*)?(?:why\b|where\b|how often\b|when (?:is|are|was|were|will|would|do|does|did)\b|"
    r"(?:was|were|is|are) there\b|"
    r"how (?:is|are|was|were|do|does|did|should|can|will) (?!.*\b(?:much|many|long)\b).*\b(?:calculated|computed|determined|"
    r"derived|measured|defined|estimated|recogni[sz]ed|accounted|tested|assessed|valued|presented|classified|treated)\b)|"
    r"\b(?:reasons?|rationale|caus(?:e|es|ed)|drivers?|drove|factors?|driven by|impacted|influenced)\b|"
    r"\b(?:due to|attributable to)\s*\??\s*$|"
    rf"\bwhat (?:does|do|did) (?:the )?(?!company\b)[^?]* (?:includes?|represents?|{_MOSTLY}consists? of|{_MOSTLY}comprises?|means?|"
    r"refers? to|relates? to)\s*\??\s*$|"
    rf"\b(?:included in|excluded from|{_MOSTLY}composed of|consists? {_MOSTLY}of|comprised? {_MOSTLY}of)\s*\??\s*$|"
    r"\b(?:recogni[sz]ed|classified|recorded|treated|presented|accounted for) as\s*\??\s*$|"
    r"^\s*what (?:is|was|are) the (?:definition|meaning) of\b", re.I)


_AMOUNT_ASK = re.compile(r"\bhow (?:much|many)\b|\bwhat (?:amount|percentage|proportion|portion|share|number)\b|"
                         r"\b(?:amount|value|balance|total|sum|number|percentage|ratio)s? (?:of|for|in)\b", re.I)

# Words that only frame a question asked in words ('Where can … be found?', 'How often are …?', 'Why …?'): what the
# question is about is in its other words, and a sentence answers without them.
FRAME_WORDS = frozenset(canonical_tokens("where why can could would should might often"))
# ... and, in a question asked in words, the words that ask for a reason ('What was the main reason for the increase
# in revenue?'): the sentence that gives it says 'driven by', 'primarily due to', not 'the main reason'.
REASON_WORDS = frozenset(canonical_tokens("reason reasons main primary factor factors cause caused causes driver drivers "
                                          "rationale"))


def asks_amount(question: str) -> bool:
    """Does the question ask for an amount in so many words ('how much', 'the amount of'), not only name a line?"""
    return bool(_AMOUNT_ASK.search(question))


def asks_in_words(question: str) -> bool:
    """Is the answer to this question a sentence (a reason, a method, a place, a composition), never a figure?"""
    return bool(_IN_WORDS.search(question))
