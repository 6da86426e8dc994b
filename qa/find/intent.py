"""What a question asked in words wants of a sentence: its content words (and the filing's synonyms for them) and the
kind of thing that answers it - a person, a firm, a date, a count, a description of the business, a place, a list, a
definition, a change, a method (``narrative_intent``); how much of that a sentence holds (``holds_most_words``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from index.facts import Chunk
from index.parsers.numbers import DATE_RE

from ..lexicon.prose import COUNT_CONTEXT, FILING_WORDS as SYNONYMS
from ..lexicon.words import GENERIC_LABEL_WORDS, QUESTION_WORDS, canonical_tokens
from ..plan import PeriodAsk, QueryPlan
from .wordsasked import FRAME_WORDS, REASON_WORDS, asks_in_words

__all__ = ["Asked", "asked_of", "Question", "Intent", "narrative_intent", "holds_most_words", "counted_number"]

@dataclass(frozen=True)
class Asked:
    """What the text search reads of a plan: the question, its content words, its companies and periods."""

    text: str
    tokens: tuple[str, ...]
    metric_text: str
    entities: tuple[str, ...]
    periods: tuple[PeriodAsk, ...]


# words that tell one table line from another ('Net deferred tax assets') but, in a sentence, qualify anything
# ('the net effect on our gross margin'): not the text's words of what was asked
_TABLE_ONLY = frozenset(canonical_tokens("net"))


def asked_of(plan: QueryPlan) -> Asked:
    named = {t for c in plan.companies for t in canonical_tokens(c.name)}  # who is asked about, not what
    words = tuple(dict.fromkeys(w for item in plan.items for w in item.words)) or tuple(
        t for t in canonical_tokens(plan.core) if t not in QUESTION_WORDS and not t.isdigit() and t not in named)
    words = tuple(w for w in words if w not in _TABLE_ONLY) or words  # 'net': a table's line word, prose's common one
    return Asked(plan.core or plan.text, words, " ".join(i.text for i in plan.items) or plan.core,
                 tuple(c.name for c in plan.companies), plan.periods)


Question = Asked  # the text search's view of a question


_NAMED = re.compile(r"\b(?:LLP|LLC|L\.L\.P\.|Inc\.|Ltd\.|Mr\.|Ms\.|Dr\.)|[A-Z][a-z]+ (?:&|and) [A-Z][a-z]+")


_BUSINESS_ASK = re.compile(
    r"^\s*what (?:does|do) .*\b(?:do|make|sell|produce|offer|provide)\b\s*\??$|\bwhat (?:kind of |type of )?business\b|"
    r"\b(?:describe|summari[sz]e|explain|overview of)\b.*\bbusiness\b|\bline of business\b|\bnature of (?:the |its )?business\b|"
    r"\bwhat (?:is|are) .*\b(?:main |core |principal )?business(?:es)?\b|\bwhat (?:does|do) .* (?:company|business) do\b", re.I)
_BUSINESS_SENTENCE = re.compile(
    r"\b(?:is|are)(?: now)? (?:a|an|the|one of the)\b[^.]{0,160}\b(?:company|leader|provider|retailer|manufacturer|developer|"
    r"designer|maker|business|platform|corporation|organization|enterprise|pioneer|supplier|distributor|insurer|bank|firm)\b|"
    r"\b(?:we|company|corporation)\b[^.]{0,40}\b(?:design|develop|manufactur|market|sell|provid|offer|operat|pioneer|serv)\w*\b",
    re.I)
_BUSINESS_FORM = frozenset(canonical_tokens("do does sell sells make makes produce offer provide business businesses "
                                             "company describe summarize explain line nature kind type main core principal"))
_BUSINESS_TITLE = re.compile(r"\bbusiness\b|\boverview\b|\bnature of\b|\borgani[sz]ation\b|\bdescription\b", re.I)
_PERSON = re.compile(r"\b(?:Mr|Ms|Mrs|Dr)\.\s?[A-Z][a-z]+|\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?: [A-Z]\.)? [A-Z][a-z]{2,}\b")
# Capitalised words that are titles, bodies or places, not a person's name ('Chief Executive Officer')
_NOT_NAMES = frozenset("""Chief Executive Officer Financial Operating Vice President Senior General Counsel Board Directors
Director Company Corporation Court Chancery State States United Annual Meeting Performance Award Stock Exchange Commission
Securities Plan Committee Audit Compensation Nominating Governance Supreme District Circuit Appeals Delaware Nevada
New York Trust Fund Group Holdings Global Market Markets Street Report Form Item Part Note Notes Total Net Fiscal
Year Quarter January February March April May June July August September October November December The This Our We
Accounting Officers Legal Proceedings Litigation Relating Related Risk Factors Management Discussion Analysis""".split())
_ROLE = frozenset(canonical_tokens("ceo cfo coo chief executive officer president chairman chair founder director "
                                   "officer general counsel secretary treasurer"))
_DATEISH = re.compile(DATE_RE.pattern + r"|\b(?:january|february|march|april|may|june|july|august|september|october|"
                      r"november|december)\s+(?:of\s+)?(?:19|20)\d{2}\b|\b(?:in|since|during|on|from) (?:early |late |mid-)?(?:19|20)\d{2}\b",
                      re.I)
_WHEN = re.compile(r"^\s*(?:when|on what date|in what year|what year|what date|since when)\b", re.I)
_WHO = re.compile(r"^\s*(?:who|whom|(?:which|what) (?:[\w-]+ ){0,2}(?:person|firm|company|executive|officer|auditor|bank|"
                  r"lender|underwriter|counsel|trustee|agent))\b", re.I)
_WHERE = re.compile(r"^\s*where\b", re.I)
# 'Which countries does the group operate … in?': the answer names them; a sentence need not say 'countries'
_PLACES_ASK = re.compile(r"^\s*(?:in )?(?:which|what) (countries|regions|jurisdictions|states|cities|locations)\b", re.I)
_NAMES_LISTED = re.compile(r"(?:\b[A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+)*, ){2,}")
_HOW_LONG, _LONG = re.compile(r"^\s*how long\b", re.I), frozenset(canonical_tokens("long"))  # 'how long': a duration asked
_HOW_MANY = re.compile(r"\bhow many\s+((?:[\w-]+\s+){0,2}?[\w-]+?)(?:\s+(?:does|do|did|is|are|was|were|has|have|had|will)\b|\?|$)", re.I)
_PLACE = re.compile(r"\b(?:located|based|headquartered) in\b|\bin [A-Z][a-z]+, [A-Z]", re.I)
_COUNT_CONTEXT = re.compile(r"\b(?:" + "|".join(COUNT_CONTEXT) + r")\s*$", re.I)


_CHANGE_ASK = re.compile(r"^\s*how (?:did|has|have|does|do|will)\b.*\b(?:change|changed|move|moved|evolve|evolved|trend|trended|"
                         r"perform|performed|develop|developed)\b", re.I)
_MOVED = re.compile(r"\b(?:increas|decreas|grew|grow|declin|rose|fell|dropp|improv|up|down)\w*\b[^.]{0,60}?\d[\d,.]*\s*(?:%|percent|"
                    r"basis points|million|billion)|\d[\d,.]*\s*(?:%|percent)\s+(?:increase|decrease|decline|growth|rise|drop)", re.I)
_HOW_METHOD = re.compile(r"^\s*how (?:is|are|was|were|do|does|did|will|should|can)\b(?! .*\b(?:much|many|long)\b)", re.I)
_DEFINE_ASK = re.compile(r"\bdefin(?:e|es|ed|ition)\b|\bwhat does .* mean\b|\bmeaning of\b", re.I)
_DEFINES = re.compile(r"\b(?:is|are|means?|refers? to)\s+(?:the|a|an|defined as)\b|\bis defined as\b", re.I)
_SAID = re.compile(r"[.!?;][”\"’)]?\s*$")  # a sentence ends so; a heading or a line's label does not
_AMOUNT = re.compile(r"(?:RMB|US\$|HK\$|USD|CNY|EUR|\$|€|£|¥)\s?\d")
_LIST_ASK = re.compile(r"^\s*(?:what|which) (?:are|were)\b.*\b\w{3,}s\s*\??$|\b(?:list|name) (?:the|its|all)\b", re.I)
_ENUMERATION = re.compile(r"\b(?:consist(?:s|ed)? of|include[sd]?|including|are|were|comprise[sd]?|compris\w+)\b[^.]*,[^.]*\band\b")
# Words of the question's form (never what it is about), and verbs that only frame it.
_FORM_WORDS = frozenset(canonical_tokens(
    "how many much what which who whom whose when where why was were is are did does do the a an company company's "
    "its their it they tell me give please about there any"))
_SOFT_WORDS = frozenset(canonical_tokens("define defined definition describe explain mean means happen happened "
                                         "occur occurred report reported disclose disclosed state stated"))
# 'the definition of the term "Earnings per share"': 'term' names the words asked about, it is not one of them
_TERM_NAMED, _TERM = re.compile(r"\b(?:definition|meaning) of the term\b|\bthe term [\"“'‘]", re.I), frozenset(canonical_tokens("term"))
# 'What do Other items in the table represent?': the table is where the line is, not what the sentence is about
_TABLE_NAMED, _TABLE = re.compile(r"\b(?:in|of|from|on) the (?:above |following )?table\b", re.I), frozenset(canonical_tokens("table"))


@dataclass(frozen=True)
class Intent:
    """What kind of sentence answers the question: a person, a firm, a date, a count of something,
    a description of the business, a place; and the filing's words for the question's words."""

    want: str | None  # 'person' | 'org' | 'who' | 'date' | 'count' | 'business' | 'place' | None
    groups: tuple[tuple[tuple[str, ...], ...], ...]  # per question word: it, or one of its synonym phrases
    weights: tuple[float, ...]
    count_nouns: frozenset[str] = frozenset()  # 'how many employees': the counted thing and its synonyms
    extra_terms: str = ""  # words to add to the search
    main: int = 0  # the first ``main`` groups are the question's own content words; the rest only support them


def narrative_intent(question: Question) -> Intent:
    text = question.text
    groups, weights, extra = [], [], []
    main = 0
    business = bool(_BUSINESS_ASK.search(text))
    frame = FRAME_WORDS | (REASON_WORDS if asks_in_words(text) else frozenset()) | (_LONG if _HOW_LONG.match(text) else frozenset()) \
        | (_TERM if _TERM_NAMED.search(text) else frozenset()) | (_TABLE if _TABLE_NAMED.search(text) else frozenset()) \
        | frozenset(canonical_tokens(m.group(1)) if (m := _PLACES_ASK.search(text)) else ())
    for t in dict.fromkeys(question.tokens):
        if t in _SOFT_WORDS or t in frame or (business and t in _BUSINESS_FORM):
            continue  # 'define', 'describe': how the question is put, added below with a small weight
        syn = SYNONYMS.get(t, "")
        alts = [(t,)] + [canonical_tokens(ph) for ph in syn.split(",") if canonical_tokens(ph)]
        groups.append(tuple(dict.fromkeys(alts)))
        weights.append(0.3 if t in GENERIC_LABEL_WORDS else 1.0)
        main += 1
        if syn:
            extra.append(syn.replace(",", " "))
    # words the metric parse drops as question words ('fiscal year') still say what a passage is about
    for t in dict.fromkeys(canonical_tokens(question.metric_text)):
        if (t in question.tokens and t not in _SOFT_WORDS) or t in _FORM_WORDS or t.isdigit():
            continue
        if business and t in _BUSINESS_FORM:
            continue
        syn = SYNONYMS.get(t, "")
        groups.append(tuple(dict.fromkeys([(t,)] + [canonical_tokens(ph) for ph in syn.split(",") if canonical_tokens(ph)])))
        weights.append(0.2 if t in _SOFT_WORDS else 0.5)
    want, nouns = None, frozenset()
    m = _HOW_MANY.search(text)
    if business:
        want = "business"
        extra.append("business company designs develops provides offers sells products services customers")
    elif m:
        want = "count"
        noun = canonical_tokens(m.group(1))
        # the counted thing and its one-word synonyms ('associates'); not the words of longer phrases
        single = [x.strip() for n in noun for x in SYNONYMS.get(n, "").split(",") if len(canonical_tokens(x)) == 1]
        nouns = frozenset((*noun, *(canonical_tokens(x)[0] for x in single)))
        # a count is written 'approximately 36,000 employees': search for that, not for every synonym's phrase
        extra = [" ".join(single), "approximately"]
    elif _WHEN.search(text):
        want = "date"
    elif _WHO.search(text):
        want = "person" if set(question.tokens) & _ROLE else "org" if {"auditor", "firm", "lawyer", "counsel"} & set(question.tokens) else "who"
    elif _WHERE.search(text):
        want = "place"
    elif _PLACES_ASK.search(text):
        want = "places"
    elif _LIST_ASK.search(text):
        want = "list"
    elif _DEFINE_ASK.search(text):
        want = "definition"
    elif _CHANGE_ASK.search(text):
        want = "change"
    elif _HOW_METHOD.search(text):
        want = "method"
    return Intent(want, tuple(groups), tuple(weights), nouns, " ".join(extra), main)


def _covered(intent: Intent, tokens: tuple[str, ...]) -> float:
    """The weighted share of the question's words the sentence holds (a synonym phrase counts
    only with its words side by side: 'Chief Financial Officer' does not hold 'chief executive officer')."""
    total = sum(intent.weights) or 1.0
    words, line = set(tokens), " " + " ".join(tokens) + " "

    def has(alt: tuple[str, ...]) -> bool:
        return alt[0] in words if len(alt) == 1 else f" {' '.join(alt)} " in line

    held = [any(has(a) for a in g) for g in intent.groups]
    if intent.main and not any(held[: intent.main]):
        return 0.0  # supporting words alone ('total', 'end') do not make a sentence about the question
    return sum(w for h, w in zip(held, intent.weights) if h) / total


def _main_share(intent: Intent, tokens: tuple[str, ...]) -> float:
    """The share of the question's own content words (not the supporting ones) the sentence holds."""
    main = Intent(intent.want, intent.groups[: intent.main], intent.weights[: intent.main])
    return _covered(main, tokens)


def holds_most_words(intent: Intent, sentence: str) -> bool:
    """Does the quote hold three in four of the question's content words (or their synonyms)? A figure quoted
    from the text must be stated by a sentence about what was asked ('net interest margin', not 'gross margin')."""
    return _main_share(intent, canonical_tokens(sentence)) >= 0.75




def counted_number(sentence: str, nouns: frozenset[str]) -> tuple[str, Decimal] | None:
    """'we employed approximately 470,100 associates' -> ('470,100', 470100): a number written
    right before the counted thing, in a sentence that states a count (not 'granted to 25 employees')."""
    for m in re.finditer(r"(?<![\w.$])(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(\s+(?:thousand|million))?(?=((?:\s+[\w-]+){1,3}))", sentence):
        after = [t for t in canonical_tokens(m.group(3))]
        if not after or not any(t in nouns for t in after[:3]):
            continue
        if after[0] not in nouns and not re.match(r"\s+(?:full-time|part-time|active|total|retail|permanent|regular|"
                                                   r"salaried|hourly|[\w-]+ed)\b", m.group(3), re.I):
            continue  # something else sits between the number and the noun
        if not _COUNT_CONTEXT.search(sentence[: m.start()]):
            continue
        value = Decimal(m.group(1).replace(",", ""))
        if m.group(2):
            value = value.scaleb(3 if "thousand" in m.group(2) else 6)
        words = m.group(3).split()
        upto = next(i for i, w in enumerate(words) if any(t in nouns for t in canonical_tokens(w)))
        return " ".join([m.group(1) + (m.group(2) or "")] + words[: upto + 1]).strip(" ,.;"), value
    return None


def _fits(intent: Intent, sentence: str, chunk: Chunk) -> float:
    """How well a sentence has the kind of thing the question asks for (bonus, or a penalty
    when it plainly lacks it)."""
    want = intent.want
    if want is None:
        return 0.0
    if want == "business":
        score = 0.45 if _BUSINESS_SENTENCE.search(sentence) else 0.0
        if _BUSINESS_TITLE.search(chunk.title or chunk.section or ""):
            score += 0.2
        if chunk.entity and chunk.entity.split()[0].strip(",.").lower() in sentence.lower():
            score += 0.1
        return score
    if want == "count":
        return 0.5 if counted_number(sentence, intent.count_nouns) else -0.3
    if want == "date":
        return 0.35 if DATE_RE.search(sentence) else 0.2 if _DATEISH.search(sentence) else -0.25
    if want == "person":
        if _former_role(intent, sentence):
            return -0.2  # 'Chief Financial Officer of the Company from October 2013 to September 2016': who held it once
        if " | " in sentence:  # a table of names and titles names everyone: a sentence naming the one asked says more
            return 0.1 if _names_person(sentence) else -0.2
        return 0.3 if _names_person(sentence) else -0.2
    if want == "org":
        return 0.3 if _NAMED.search(sentence) else -0.1
    if want == "who":
        return 0.25 if (_NAMED.search(sentence) or _names_person(sentence)) else 0.0
    if want == "change":  # 'how did comparable sales change': a sentence saying by how much, and which way
        return 0.3 if _MOVED.search(sentence) else -0.1
    if want == "method":  # 'how is it recognized' asks for a way, not for amounts
        return -0.2 if len(_AMOUNT.findall(sentence)) >= 2 else 0.0
    if want == "definition":  # a sentence saying what the term is; not a heading or a table's line naming it
        return 0.2 if _DEFINES.search(sentence) else -0.2 if not _SAID.search(sentence) else 0.0
    if want == "list":
        return 0.3 if _ENUMERATION.search(sentence) else 0.0
    if want == "place":
        return 0.2 if _PLACE.search(sentence) else 0.0
    if want == "places":  # 'which countries': a sentence naming several ('in Germany, Ghana, India and the UK')
        return 0.3 if _NAMES_LISTED.search(sentence) else -0.1
    return 0.0


_FORMERLY = re.compile(r"\bfrom\s+(?:[A-Z][a-z]+\.?\s+)?(?:\d{1,2},?\s+)?(?:19|20)\d{2}\s+(?:to|until|through)\s+"
                       r"(?:[A-Z][a-z]+\.?\s+)?(?:\d{1,2},?\s+)?(?:(?:19|20)\d{2}|\d{3})\b|\bformer(?:ly)?\b")


def _former_role(intent: Intent, sentence: str) -> bool:
    """Does the part of a career line that holds the question's words ('Chief Financial Officer') say the role was held
    from one date to another ('…; Chief Financial Officer of the Company from October 2013 to September 2016; …'), not
    since one? A person asked for by role is who holds it now."""
    parts = [p for p in re.split(r"[;]", sentence) if p.strip()]
    if len(parts) < 2 and not _FORMERLY.search(sentence):
        return False
    best = max(parts, key=lambda p: _covered(intent, canonical_tokens(p)))
    if _covered(intent, canonical_tokens(best)) == 0:
        return False
    return bool(_FORMERLY.search(best)) and not re.search(r"\bsince\b", best, re.I)


def _names_person(sentence: str) -> bool:
    for m in _PERSON.finditer(sentence):
        words = re.findall(r"[A-Z][a-z]+", m.group(0))
        if m.group(0)[:3] in ("Mr.", "Ms.", "Dr.") or m.group(0)[:4] == "Mrs.":
            return True
        if words and not any(w in _NOT_NAMES for w in words):
            return True
    return False
