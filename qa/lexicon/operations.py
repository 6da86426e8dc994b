"""The words that say what to do with the facts: each cue a pattern, the operation it names, and
examples (tests/test_lexicon.py). ``qa.read.operation`` applies them in the order given here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..plan import Op

__all__ = ["Cue", "CUES", "NARRATIVE", "DEFINITION", "LIST_ASK", "TOTAL_OF_PERIODS", "THRESHOLD", "FORWARD", "SPLITTERS", "MAGNITUDE", "RANK_MAX", "RANK_MIN", "RANK_OVER_MEMBER", "MEMBER_AXIS_WORDS", "BY_MEMBER", "RANK_OVER_PERIOD", "ALL_YEARS", "SHARE_MOVED",
           "RESPECTIVELY", "BY_YEAR", "SUM_WORDS", "AVERAGE_WORDS", "NUMBER_ASKED"]


@dataclass(frozen=True)
class Cue:
    op: Op
    pattern: re.Pattern
    examples: tuple[str, ...]


def _c(op: Op, pattern: str, *examples: str) -> Cue:
    return Cue(op, re.compile(pattern, re.I), examples)


# Tried in order; the first that matches names the operation (refined by what the question holds).
CUES: tuple[Cue, ...] = (
    _c(Op.RANK, r"\b(?:in )?which (?:fiscal )?(?:year|period|quarter|fy)\b.*\b(?:highest|lowest|largest|smallest|greatest|least|most|"
       r"more|less|higher|lower|larger|smaller|greater|bigger|biggest|maximum|minimum)\b|"
       r"\bwhich (?:one|item|segment|region|category|component|type|of the)\b.*\b(?:highest|lowest|largest|smallest|greatest|least|most|"
       r"biggest|maximum|minimum)\b|\b(?:which|what) (?:\w+ ){0,3}(?:had|has|have|was|were|is|are|generated|brought in|earned|made|"
       r"contributed|produced|reported|posted|recorded|delivered|sold) the (?:highest|lowest|largest|smallest|greatest|least|most|biggest)\b|"
       r"\bwhat (?:is|was) the (?:\w+ ){1,3}(?:that|which) (?:had|has|have|was|were|is|are|contributed|generated|made) the "
       r"(?:highest|lowest|largest|smallest|greatest|least|most|biggest)\b|"
       r"^\W*(?:in |for )?which (?:\w+ ){1,3}?(?:was|were|is|are) (?:the )?.+ the (?:highest|lowest|largest|smallest|greatest|least|"
       r"biggest)\W*$",
       "In which year was the revenue larger?", "Which segment had the highest operating income in 2019?",
       "In which region was the total amount of deposits the smallest?", "What is the item that contributed the most to revenue?"),
    _c(Op.COMPARE, r"\bwhich\b.*\b(?:higher|larger|greater|more|bigger|lower|smaller|less|fewer)\b|"
       r"\b(?:was|were|is|are|did) .* (?:higher|larger|greater|lower|smaller|more|less) than\b",
       "Which company had higher net income, Apple or Amazon?"),
    _c(Op.SHARE, r"\bwhat (?:percent(?:age)?|share|fraction|proportion|portion) of\b|\bas an? (?:%|percent(?:age)?|share|fraction|proportion|"
       r"portion) of\b|\b(?:percent(?:age)?|share|proportion|fraction|portion) of (?:the )?total\b|\bpercentage of\b.*\b(?:consist|constitut|"
       r"account|make|form|represent|comprise)|\b(?:accounts?|accounted) for\b.*\b(?:percent|%)|"
       # 'the percentage (constitution) of X in / among / out of the total Y', 'the proportion of X over Y'
       r"\b(?:percent(?:age)?|proportion|fraction|portion)(?:\s+constitution)?(?:,?\s+in percentage,?|\s+\(in percentage\))?\s+of\b"
       r"(?:.+?\s(?:in|among|out of|over|within|of|from)\s+(?:the\s+)?(?:total|gross|overall|group total)\b|.+?\sover\s)|"
       r"\b(?:percent(?:age)?|share|proportion|fraction|portion)\s+constitution\s+of\b.+?\s(?:in|among|within)\s+\w",
       "What percentage of total income before taxes does Swiss income form?", "R&D as a percentage of revenue",
       "What is the percentage constitution of prepaid expenses among the total prepaid expenses and other?",
       "What is the proportion of land over total assets?", "What is the percentage constitution of rent in EBITDA in 2020?"),
    _c(Op.RATIO, r"\bratio (?:of|between)\b|\bdivided by\b|\bfor every (?:dollar|\$)\b|\bas an? ratio (?:of|to)\b",
       "What is the ratio of current assets to current liabilities?", "net income divided by revenue"),
    _c(Op.GROWTH, r"(?:\bpercent(?:age)?|%)\s*(?:\w+\s+){0,3}?(?:chang\w*|increas\w*|decreas\w*|gr[eo]w\w*|declin\w*|rise|rose|fall|fell|drop\w*|differen\w*)\b|"
       r"\b(?:chang\w*|increas\w*|decreas\w*|gr[eo]w\w*|declin\w*|rise|rose|fall|fell|drop\w*)\b.*\b(?:by what|in|as a|what) (?:percent(?:age)?|%)|"
       r"\bby what (?:percent(?:age)?|%)|\bgrowth rate\b|\brate of (?:growth|change|increase|decrease|decline)\b|"
       r"\byear[- ]over[- ]year\b|\byoy\b|\bgrowth\b(?! in (?:dollars|absolute))",
       "What is the percentage change in revenue from 2018 to 2019?", "revenue growth in fiscal 2025",
       "By what percentage did revenue grow?"),
    _c(Op.DIFFERENCE, r"\bdifferen(?:ce|t)\b|\bhow (?:much|many) (?:more|less|fewer|higher|lower|greater|larger|smaller)\b|\bminus\b|"
       r"\bexceed(?:ed)?\b|\bless\b(?= (?:its |the )?(?:purchases|capex|capital))|\bgap between\b",
       "What is the difference between 2019 and 2018 revenue?", "How much more net income did NVIDIA earn than Home Depot?"),
    # 'increases in tax positions', plural, names a roll-forward's line, not a change to compute
    _c(Op.CHANGE, r"\b(?:chang\w*|increas(?!es\b)\w*|decreas(?!es\b)\w*|declin\w*|gr[eo]w\w*|rise|rose|risen|fall|fell|fallen|drop\w*|movement|"
       r"went (?:up|down)|go (?:up|down))\b",
       "What was the change in revenue from 2018 to 2019?", "How much did cash fall between September 28, 2024 and March 29, 2025?"),
    _c(Op.AVERAGE, r"\baverage\b|\bmean\b|\bavg\.?\b", "What is the average revenue for 2018 and 2019?"),
    _c(Op.SUM, r"\b(?:sum|combined|altogether|in aggregate|together|add(?:ed)? up|in total)\b|\btotal (?:of|for)\b|"
       r"\btotal\b.*\b(?:for|from)\b.+\band\b|\btotal\s+(?:[\w&-]+\s+){0,2}and\s+[\w&-]+",
       "What were the combined net sales of Greater China and Japan?", "What is the sum of revenue in 2018 and 2019?",
       "What was the total option and RSU expense in 2023?", "What is the total share of revenue from Acme and Zenith?"),
)

# A question answered in words: a sentence, a cover fact.
NARRATIVE = re.compile(
    r"^\s*(?:how (?:do|does|did|are|is|will|were|was)\b(?! .*\b(?:much|many)\b)|why\b|describe\b|explain\b|"
    r"what (?:is|was|are|were) the (?:policy|method|model|basis|approach|terms?|vesting|schedule|reason|purpose|nature)\b|"
    r"what (?:method|model|approach|assumptions?|happens?|does|do|did)\b(?!.*\b(?:earn|spend|pay|generate|report|record|"
    r"make|sell|bring|book)\b)|when (?:do|does|did|will)\b|who\b|what (?:cyberattack|incident|event|lawsuit|allegations?)\b|"
    r"what were the allegations\b|summari[sz]e\b|tell me about\b|what (?:led|leads|caused|causes|drove|drives|contributed|resulted) "
    r"(?:to|in)\b|.*\b(?:rationale|reasons?) (?:for|behind)\b|.*\bdue to\s*\??\s*$|what (?:is|are|was|were) (?:the )?(?:main |principal )?"
    r"(?:risks?|reasons?|drivers?|factors?)\b|what \w+ (?:does|do|did) \S.*\b(?:develop|sell|offer|provide|produce|make|do|"
    r"manufacture|design|use|face|disclose)\s*\??\s*$|(?:has|have|had|did|does|do|is|are|was|were|will|can)\s+(?:the |its |it )?"
    r"(?:company|registrant|group|firm|\w+)\b(?!.*\bhow (?:much|many)\b)(?!.*\b(?:more|less|higher|lower|than)\b))",
    re.I,
)
# What a term means or holds, asked in words: 'What is Tax Fees?' (a term with no article, no period, no company),
# 'What is represented by the allowance?', 'What is excluded from operating interest expense?', 'What is LTV used for?'
DEFINITION = re.compile(
    r"^\s*what (?:is|are) (?!the\b|a\b|an\b|its\b|our\b|their\b|this\b|that\b|these\b|those\b|total\b|company\b)[A-Za-z][^?\d]*\??\s*$|"
    r"\bwhat (?:is|are|was|were) (?:represented|excluded|included|meant|referred to)\b|\bused (?:by [^?]*)?for\s*\??\s*$|"
    r"\bwhat (?:does|do|did) .* (?:include|represent|consist of|comprise|mean|refer to|relate to)\s*\??\s*$",
    re.I,
)
# 'What are Apple's reportable segments?': a list of things, named in words
LIST_ASK = re.compile(r"^\s*(?:what|which) (?:are|were)\b(?!.*\b(?:total|amount|number|value|how much|how many)\b)", re.I)
# 'What is the total deposits in 2018 and 2019?': the periods added up ('Total' capitalised is a label: a series)
TOTAL_OF_PERIODS = re.compile(r"\b(?:the|its|their|[a-z]\w*['’]s|what(?:'s| is| was| were| are)) total\b(?!.*\brespectively\b)")
# a bound a figure is compared with: 'less than 2,000 thousands', 'more than $1.5 million', 'below 50%'
THRESHOLD = re.compile(r"\b(less|more|greater|fewer|lower|higher|larger|smaller|above|below|under|over|exceed(?:s|ed|ing)?)"
                       r"(?:\s+than)?\s*(?:\$|€|£|USD\s|US\$)?\s?([-−]?\d[\d,]*(?:\.\d+)?)\s*(%|percent\b|(?:thousand|million|billion)s?\b)?",
                       re.I)
# Targets, plans, guidance: stated in the text, never a reported fact.
FORWARD = re.compile(r"\b(?:targets?|targeted|guidance|outlook|forecasts?|aims?|goals?|ambitions?|plans? to|will|expects? to|"
                     r"expect\w* to report)\b", re.I)
# A number, not a sentence, is asked for.
NUMBER_ASKED = re.compile(r"\bhow (?:much|many)\b|\bwhat (?:was|were|is|are) (?:the )?(?:total |net )?(?:amount|number|value|"
                          r"percentage|ratio|rate)\b|\bby how much\b", re.I)
# Two operands joined: 'A and B', 'A vs B', 'A to B' (ratios), 'A as a % of B'.
SPLITTERS = re.compile(r"\s+(?:and|vs\.?|versus|or|compared (?:to|with)|against|to|relative to|over|minus|less|divided by|"
                       r"as an? (?:%|percent(?:age)?|share|fraction|proportion|portion) of|as an? ratio (?:of|to))\s+", re.I)
# 'how much did X fall / decrease by': the size of the decline, a positive amount
MAGNITUDE = re.compile(r"\bhow (?:much|many)\b.*\b(?:fall|fell|fallen|decreas\w*|declin\w*|drop\w*|go down|went down|reduc\w*|"
                       r"shr[ai]nk\w*)\b|\b(?:decrease|decline|drop|fall|reduction) (?:of|by) how much\b", re.I)
RANK_MAX = re.compile(r"\b(?:highest|largest|greatest|most|biggest|maximum|max|higher|larger|greater|bigger|more)\b", re.I)
RANK_MIN = re.compile(r"\b(?:lowest|smallest|least|minimum|min|lower|smaller|less|fewer)\b", re.I)
# 'which segment / region / product had the highest …': the members of one axis ranked (qa/lexicon/prose.py LISTED_AXES)
_AXIS_WORDS = (r"(?:reportable |operating |business |geographic(?:al)? |product )?(?:segments?|regions?|geograph(?:y|ies|ic areas?)|"
               r"areas?|markets?|countr(?:y|ies)|products?(?: lines?| categor(?:y|ies))?|services?|categor(?:y|ies))")
RANK_OVER_MEMBER = re.compile(rf"\b[Ww]hich (?:of (?:its |the |the company['’]s |[A-Z][\w.&'’-]*['’]s? )?|(?:[A-Z][\w.&'’-]*\s+){{1,3}})?"
                              rf"(?i:{_AXIS_WORDS})\b")
# 'net sales by segment', 'revenue broken down by region': a figure for each member of the axis
BY_MEMBER = re.compile(rf"\b(?:by|per|for each|across|broken down by|split by|for every)\s+(?:its\s+|the\s+|each\s+)?{_AXIS_WORDS}\b", re.I)
# the axis named in the question's words once 'which' is read ('segment had the highest net sales'): not the line item
MEMBER_AXIS_WORDS = re.compile(rf"^\s*(?:of\s+(?:its\s+|the\s+)?)?{_AXIS_WORDS}\b", re.I)
RANK_OVER_PERIOD = re.compile(r"\bwhich (?:fiscal )?(?:year|period|quarter|fy)s?\b|\bwhen was\b", re.I)
RESPECTIVELY = re.compile(r"\brespective(?:ly)?\b|\beach (?:year|period)\b|\bfor (?:both|each|all)(?: of the)? (?:years|periods|fys|fiscal years)\b",
                          re.I)
BY_YEAR = re.compile(r"\bby (?:fiscal )?year\b|\bper year\b|\bover (?:the )?(?:years|periods)\b|\btrend\b|\bhistory\b", re.I)
# 'across all 3 years', 'over all the years', 'for the three years': every year the line is printed for
ALL_YEARS = re.compile(r"\b(?:across|over|for|in|during)\s+(?:all\s+(?:the\s+|of\s+the\s+)?(?:(two|three|four|five|[2-9])\s+)?|"
                       r"(?:the|both)\s+(two|three|four|five|[2-9])\s+)(?:fiscal\s+)?(?:years|periods)\b(?!\s+(?:ended|ending))", re.I)
SUM_WORDS = re.compile(r"\b(?:total|sum|combined|altogether|aggregate|together)\b", re.I)
AVERAGE_WORDS = re.compile(r"\baverage\b|\bmean\b|\bavg\b", re.I)
# 'the change in the percent of total sales from APAC', 'the increase/(decrease) in percentage of net revenues of OEM'
SHARE_MOVED = re.compile(r"^\W*(?:what|how much)\b[^?]*?\b(?:change|increase|decrease|difference)\s*(?:/\s*\(?\s*(?:increase|decrease)\s*\)?\s*)?"
                         r"in (?:the )?(?P<share>(?:percent(?:age)?|share|proportion) of (?!change\b))", re.I)
