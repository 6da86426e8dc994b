"""Instruction text around a question: read for its hints, never searched as metric words.

Benchmarks and users wrap a question: "Assume that you are a financial analyst…", "(in USD
millions)", "Round your answer to two decimal places", "Answer in percentage terms", "Base your
judgment on the cash flow statement". Each such sentence or parenthesis is taken out of the
question and turned into a hint: the display scale, the rounding, a percentage wanted, the
statement to prefer. A sentence that defines a metric ("X is defined as A / B") is kept apart
as a definition, for the formulas to read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Hints", "split_instructions"]

# Examples each pattern must read (tests/test_lexicon.py checks them): wrapper text -> what it gives.
EXAMPLES: tuple[tuple[str, dict], ...] = (
    ("What is Apple's FY2022 COGS? Please state answer in USD millions.", {"scale": 6}),
    ("What is the quick ratio? Round your answer to two decimal places.", {"decimals": 2}),
    ("What is the margin? Answer in units of percents and round to one decimal place.", {"percent": True, "decimals": 1}),
    ("What was diluted EPS for FY2015, rounded to one decimal?", {"decimals": 1}),
    ("What was revenue in 2022, rounded to the nearest billion?", {"scale": 9, "decimals": 0}),
    ("Using the cash flow statement, answer the following question: how much did Apple generate?", {"statement": "cash flow"}),
    ("What is ROA? ROA is defined as: net income / total assets.", {"definitions": 1}),
    ("Assume that you are a public equities analyst. What is the year end net PPNE?", {"instructions": 1}),
    ("What was revenue (in thousands)?", {"scale": 3}),
    ("What does NVIDIA do, in a sentence?", {"instructions": 1}),
)

_SCALES = {"thousand": 3, "thousands": 3, "k": 3, "million": 6, "millions": 6, "mm": 6, "mn": 6,
           "billion": 9, "billions": 9, "bn": 9}
_STATEMENTS = (
    ("cash flow", re.compile(r"\bcash[- ]flows? statements?\b|\bstatements? of cash flows?\b", re.I)),
    ("income", re.compile(r"\bincome statements?\b|\bstatements? of (?:income|operations|earnings)\b|\bP&L\b|\bprofit and loss\b", re.I)),
    ("balance sheet", re.compile(r"\bbalance sheets?\b|\bstatements? of financial position\b", re.I)),
)
# a sentence that only tells how to answer, not what to answer
_INSTRUCTION = re.compile(
    r"^\s*(?:please\s+)?(?:assume|assuming|imagine|pretend|suppose|act as|you are|as an? (?:financial|investment|equity)|"
    r"respond|answer|round|base|using|use|only use|rely|relying|consider|express|format|keep|do not|don't|return|reply|"
    r"note that|if (?:needed|necessary)|(?:your|the) answer|(?:give|provide|report|show|state|present)\s+(?:your|the)\s+"
    r"(?:answer|result|response|figure|number)s?\b)\b", re.I)
_DEFINITION = re.compile(r"\b(?:is|are) (?:defined|calculated|computed|measured) as\b|\bdefined as\b|\bequals?\b.*[/÷+]|"
                         r"^\s*(?:please\s+)?define\s+.+?\s+as\b", re.I)
# '(as shown in cash flow statement)', '[from cash flow statement]': where to read the number, a hint
_WHERE_HINT = re.compile(r"\[[^\]]*\bstatements?\b[^\]]*\]|\([^()]{0,20}?\b(?:as )?(?:shown |reported |found |presented )?(?:in|on|from|per) "
                         r"(?:the )?[\w&\s]*?statements?\)", re.I)
# 'unadjusted operating income': the figure as the filing reports it, the only one it tags
_AS_REPORTED = re.compile(r"\b(?:unadjusted|non-?adjusted)\s+", re.I)
_PAREN_HINT = re.compile(
    r"\((?:\s*(?:in|expressed in|amounts? in|figures? in|answer in|all)\s+)?(?:(?:USD|US\$|\$|EUR|€|GBP|£|CNY|JPY|dollars?)\s*)?"
    r"(thousands?|millions?|billions?|k|mm|mn|bn)?(?:\s+of\s+(?:USD|dollars?))?\s*(?:%|percent(?:age)?(?: terms)?)?\s*\)", re.I)
_INLINE_SCALE = re.compile(r"\b(?:in|expressed in)\s+(?:(?:USD|US\$|\$|EUR|€|GBP|£|CNY|JPY|U\.S\. dollars|dollars)\s+)?"
                           r"(thousands?|millions?|billions?)\b(?:\s+of\s+(?:USD|dollars?|U\.S\. dollars))?", re.I)


@dataclass(frozen=True)
class Hints:
    scale: int | None = None  # display scale asked for ('in USD millions' -> 6)
    decimals: int | None = None  # 'round to two decimal places'
    percent: bool = False  # 'answer in percentage terms'
    statement: str = ""  # 'cash flow' | 'income' | 'balance sheet'
    definitions: tuple[str, ...] = ()  # 'X is defined as A / B' sentences
    instructions: tuple[str, ...] = ()  # every instruction sentence taken out, as written


# a question led in by how to answer it, up to a comma or colon before the question word
_LEAD_IN = re.compile(r"^(.{6,}?)[:,]\s+((?:what|how|which|who|when|where|is|was|does|did|has)\b.*)$", re.I)
_LEAD_WORDS = re.compile(r"^\s*(?:by|based on|using|relying on|according to|from|given|with|drawing|looking at|referring to|"
                         r"in (?:the|its)|only|here(?:'s| is) the question|the question is|question)\b|^\s*\w+ing\b", re.I)
_LEAD_TOPIC = re.compile(r"\b(?:information|details|data|judgments?|statements?|balance sheet|P&L|perspective)\b", re.I)
# 'Here's the question:' and the like, ending a preamble: everything before it is instruction
_QUESTION_FOLLOWS = re.compile(r"^(.*?\b(?:here(?:'s| is) the question|the question is|question)\s*:)\s*(.+)$", re.I)
# 'free cash flow (cash from operations less capex)', '…, defined as A minus B': a definition inside the question
_OPERATOR_WORDS = r"(?:less|minus|plus|divided by|over|as an? (?:share|percent(?:age)?|%|fraction|proportion) of|against)"
_INLINE_DEFINITION = re.compile(
    r"^(?P<head>.*?\b(?P<name>[\w&%' -]{3,60}?))\s*(?:(?:for|at|as of)\s+(?:the\s+)?[\w ,.'-]{0,60}?)?\s*"
    rf"(?:\((?P<paren>[^()]*\b{_OPERATOR_WORDS}\b[^()]*)\)|"
    r",\s*(?:defined|calculated|computed|measured) as\s+(?P<inline>[^?]+?)|"
    rf":\s*(?P<colon>[^?:]*\b{_OPERATOR_WORDS}\b[^?:]*?)|"
    r",\s*counting\s+(?P<counting>[^?]+?\bagainst\b[^?]+?))(?P<tail>\s*\??\s*)$", re.I)
# '(using total cash dividends paid and net income attributable to shareholders)': how, not what
_HOW_PAREN = re.compile(r"\((?:using|based on|use|calculated (?:using|from|with)|computed (?:using|from)|from|as shown|per)\b[^()]*\)|"
                        r"\((?=[^()]*\b(?:round\w*|decimal places?|in units of|answer in|expressed in)\b)[^()]*\)", re.I)

# how long the answer should be ('…, in a sentence?', 'briefly, …'): a wish about the answer's form
_BREVITY = re.compile(r",?\s*\b(?:in (?:a|one|a single|two|a few|few) (?:sentences?|words?|lines?)|in brief|in short|briefly|"
                      r"in a nutshell|in plain (?:english|words|language))\b\s*,?\s*(?=\?|$)|^\s*(?:briefly|in short|in brief),\s*", re.I)
# '…, rounded to one decimal?', '… to the nearest million?': how to round, said at the end of the question
_ROUNDING_TAIL = re.compile(r",?\s*\b(?:rounded|round(?:ed)? off|round(?:ing)?)\s+(?:up\s+|down\s+)?(?:to\s+)?(?:the\s+nearest\s+)?"
                            r"(?:(?:\d|zero|one|two|three|four|five|six)\s+)?(?:decimals?(?: places?| points?)?|whole (?:number|dollar|percent)s?|"
                            r"integers?|(?:tenth|hundredth|thousand|million|billion|dollar|cent|percent|percentage point)s?)\b\s*,?\s*(?=\?|$)", re.I)
_WORD_NUM = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _without_spelled_abbreviations(text: str) -> str:
    """'return on assets (ROA)', 'days sales outstanding (DSO)': the parenthesis repeats the words before it."""
    def repeat(m: re.Match) -> str:
        letters = m.group(1).lower()
        before = re.findall(r"[A-Za-z&]+", text[:m.start()])
        every = "".join(w[0].lower() for w in before)
        content = "".join(w[0].lower() for w in before if w.lower() not in ("of", "on", "and", "to", "the", "&"))
        return " " if every.endswith(letters) or content.endswith(letters) else m.group(0)
    return re.sub(r"\(([A-Z]{2,6})s?\)", repeat, text)


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.?!])\s+(?=[A-Z(\"'])", text.strip())
    return [p for p in (s.strip() for s in parts) if p]


def _inline_definitions(sentences: list[str]) -> tuple[list[str], list[str]]:
    """'What was free cash flow for 2024 (operating cash flow minus capex)?' -> the question without the
    parenthesis, and 'free cash flow is defined as operating cash flow minus capex'."""
    kept, found = [], []
    for s in sentences:
        m = _INLINE_DEFINITION.match(s)
        group = next((g for g in ("paren", "inline", "colon", "counting") if m and m.group(g)), None)
        body = m.group(group) if group else None
        if m and body and not re.search(r"\b(?:USD|millions?|thousands?|billions?|round|decimal)\b", body, re.I):
            body = re.sub(r"\bagainst\b", "divided by", body, flags=re.I)
            name = re.split(r"(?:['’]s?|\b(?:19|20)\d{2}\b|\bFY\s?'?\d{2,4}\b|\b(?:the|is|was|are|were|what|its|their)\b)\s+",
                            m.group("name").strip(), flags=re.I)[-1]
            found.append(f"{name.strip()} is defined as {_AS_REPORTED.sub('', body.strip())}")
            start = m.start(group) - 1 if group == "paren" else (s.rfind(":", 0, m.start(group)) if group == "colon"
                                                                   else s.rfind(",", 0, m.start(group)))
            end = m.end(group) + (1 if group == "paren" else 0)
            s = (s[:start] + s[end:]).strip()
        kept.append(s)
    return kept, found


# 'in terms of $M', "in $'000": the column heading's own short form of a money scale, read as 'in $ millions'
_SHORT_MONEY_SCALE = re.compile(r"\bin (?:terms of )?(US\$|\$|USD|£|€)\s?(m|mn|mm|'000|000s|k|b|bn)(?![\w'])", re.I)
_SHORT_SCALE_WORD = {"m": "millions", "mn": "millions", "mm": "millions", "'000": "thousands", "000s": "thousands",
                     "k": "thousands", "b": "billions", "bn": "billions"}


def split_instructions(text: str) -> tuple[str, Hints]:
    """(the question itself, the hints its wrapping gave)."""
    text = _SHORT_MONEY_SCALE.sub(lambda m: f"in {m.group(1)} {_SHORT_SCALE_WORD[m.group(2).lower()]}", text)
    scale = None
    decimals = None
    percent = False
    statement = ""
    definitions: list[str] = []
    instructions: list[str] = []
    kept: list[str] = []
    sentences = _sentences(text)
    asks = [s for s in sentences if s.endswith("?")]
    for s in sentences:
        is_question = s.endswith("?")
        if _DEFINITION.search(s) and not is_question:
            definitions.append(s)
            continue
        if not is_question and (_INSTRUCTION.search(s) or (asks and not re.match(r"^\s*(?:what|how|which|who|when|where)\b", s, re.I))):
            instructions.append(s)
            continue
        follows = _QUESTION_FOLLOWS.match(s) if is_question else None
        if follows and len(follows.group(2)) > 10:
            instructions.append(follows.group(1))
            s = follows.group(2)
        lead = _LEAD_IN.match(s) if is_question else None
        if lead and (_INSTRUCTION.search(lead.group(1)) or _LEAD_WORDS.match(lead.group(1)) or _LEAD_TOPIC.search(lead.group(1))):
            # 'Using only the income statement, what is …?', '… shown in the balance sheet: what is …?'
            instructions.append(lead.group(1))
            s = lead.group(2)
        kept.append(s)
    definitions = [_AS_REPORTED.sub("", d) for d in definitions]
    kept, inline = _inline_definitions(kept)
    definitions += inline
    for s in instructions:
        for name, pat in _STATEMENTS:
            if pat.search(s) and not statement:
                statement = name
    body = " ".join(kept) if kept else text
    for m in _PAREN_HINT.finditer(body):
        if m.group(1):
            scale = _SCALES[m.group(1).lower().rstrip("s") if m.group(1).lower().rstrip("s") in _SCALES else m.group(1).lower()]
        if re.search(r"%|percent", m.group(0), re.I):
            percent = True
        instructions.append(m.group(0))
    body = _PAREN_HINT.sub(" ", body)
    for m in _WHERE_HINT.finditer(body):
        instructions.append(m.group(0))
        for name, pat in _STATEMENTS:
            if pat.search(m.group(0)) and not statement:
                statement = name
    body = _WHERE_HINT.sub(" ", body)
    instructions.extend(m.group(0) for m in _HOW_PAREN.finditer(body))
    body = _HOW_PAREN.sub(" ", body)
    instructions.extend(m.group(0) for m in _BREVITY.finditer(body))
    body = _BREVITY.sub(lambda m: " " if m.start() == 0 else "", body)
    instructions.extend(m.group(0) for m in _ROUNDING_TAIL.finditer(body))
    body = _ROUNDING_TAIL.sub("", body)
    everything = " ".join(instructions)
    body = _AS_REPORTED.sub("", body)
    m = _INLINE_SCALE.search(everything) or _INLINE_SCALE.search(body)
    if m and scale is None:
        scale = _SCALES[m.group(1).lower()]
    if re.search(r"\b(?:in|as a|as)\s+percent(?:age)?(?:\s+terms)?\b|\bpercentage terms\b|\bunits of percent", everything, re.I):
        percent = True
    d = re.search(r"\b(?:round\w*|to)\b[^.]*?\b(\d|zero|one|two|three|four|five|six)\s+decimal(?: places?| points?)?", everything, re.I)
    if d:
        g = d.group(1).lower()
        decimals = int(g) if g.isdigit() else _WORD_NUM[g]
    elif re.search(r"\bnearest (?:whole number|integer)\b", everything, re.I):
        decimals = 0
    nearest = re.search(r"\bnearest (thousand|million|billion)\b", everything, re.I)
    if nearest and scale is None:  # 'to the nearest billion': shown in billions, no decimals
        scale, decimals = _SCALES[nearest.group(1).lower()], 0 if decimals is None else decimals
    body = " ".join(_without_spelled_abbreviations(body).split())
    return body, Hints(scale=scale, decimals=decimals, percent=percent, statement=statement,
                       definitions=tuple(definitions), instructions=tuple(instructions))
