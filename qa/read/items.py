"""Line items: the words that name what is asked, split into operands when two things are asked."""

from __future__ import annotations

import re
from dataclasses import replace

from ..lexicon.metrics import find_metric
from ..lexicon.operations import SPLITTERS
from ..lexicon.words import SIGN_ASIDE, EARNING_VERBS, QUESTION_VERBS, canonical_text, canonical_tokens, content_words
from ..plan import LineItem
from .units import USED_FOR

__all__ = ["line_item", "with_named_average", "operand_texts", "strip_scaffolding", "single_item_text", "OPERATION_WORDS"]

# Words that describe the computation or the question's form, never the line item.
OPERATION_WORDS = frozenset(canonical_tokens(
    "change changed changes increase increased decrease decreased decline declined grow grew growth rise rose fall fell drop "
    "dropped percent percentage rate difference differences between sum combined together aggregate ratio proportion fraction "
    "share portion higher lower larger smaller greater less more fewer compared compare versus vs which by what from to "
    "yoy year-over-year prior previous average mean respectively exceed exceeded highest lowest largest smallest most "
    "least biggest nominal both each all respective consist consists constitute constitutes account accounts form forms "
    "represent represents make makes comprise comprises contribute contributes over how much many"))
_LEAD = re.compile(r"^\s*(?:(?:what|how much|how many|which|when|who|tell me|give me|show me|find|get)\b(?:\s+(?:was|were|is|are|did|does|"
                   r"do|has|had|have|will))?|(?:was|were|is|are|did|does|do)\b)\s*", re.I)
_TAIL = re.compile(r"\s+(?:in|at|on|for|of|as of|during|by|over|from|to|between|and|the|its|their|ended|ending|as|as at|"
                   r"reported|respectively|both|each)\s*$", re.I)
_SCAFFOLD = re.compile(r"\b(?:per (?:the |its )?(?:(?:19|20)\d{2} )?(?:10-?[KQ]|20-?F|annual report|cover(?: page)?|filing|report)(?: cover(?: page)?)?|"
                       r"(?:on|from) (?:the|its) cover(?: page)?|(?:as of |on )?the cover[- ]page(?: date)?|"
                       r"the company(?:['’]s)?|its|their|according to (?:the )?(?:filing|report|10-?[KQ]|annual report)|"
                       r"(?:for|in|during) the (?:period|year|quarter)|as reported|reported|in (?:the )?(?:filing|report)|respective|"
                       r"in (?:a )?chronological order)\b", re.I)


def strip_scaffolding(text: str) -> str:
    """'What were the total net sales for the quarter ended ?' -> 'total net sales'."""
    t = " ".join(text.replace("?", " ").split())
    t = re.sub(r"^(?:in|for|during|as of|at)\s*,\s*", "", t, flags=re.I)  # 'In 2019, what is …' with its year taken out
    for _ in range(3):
        t = _LEAD.sub("", t).strip(" ,.:;")
    t = _SCAFFOLD.sub(" ", t)
    t = re.sub(r"^(?:the|a|an)\s+", "", " ".join(t.split()), flags=re.I)
    for _ in range(4):
        t = _TAIL.sub("", t).strip(" ,.:;")
    return t


_CUE_LEAD = re.compile(r"^(?:(?:the|by)\s+)?(?:(?:(?:nominal|net|percentage|absolute) )*difference|sum|total|ratio|change|increase|decrease|growth|"
                       r"gap|average|mean)\s+(?:between|of|in|for)\s+(?:the\s+)?|^(?:how much )?(?:more|less|higher|lower)\s+", re.I)
# the computation's own words inside the line item's ('revenue growth rate', 'percentage change in revenue')
_CUE_WORDS = re.compile(r"\b(?:(?:annual |year[- ]over[- ]year |yoy )?growth rate|rate of (?:growth|change|increase|decrease|decline)|"
                        r"percent(?:age)? (?:change|increase|decrease|growth)|(?:year[- ]over[- ]year|yoy) (?:change|growth)|"
                        r"compared (?:with|to)|versus|vs\.?)\b", re.I)


_LEFT_PREPOSITION = re.compile(r"^(?:in|of|for|on|between)\s+(?:the\s+)?", re.I)


def single_item_text(text: str) -> str:
    """The one line item of a question that compares it across companies or periods: 'Difference between
    operating cash flow and operating cash flow' -> 'operating cash flow'."""
    t = _CUE_LEAD.sub("", strip_scaffolding(_CUE_WORDS.sub(" ", text)))
    t = _LEFT_PREPOSITION.sub("", t)  # 'percentage change in net bookings': the cue's own preposition
    halves = re.split(r"\s+(?:and|vs\.?|versus|than|to|minus|compared (?:to|with))\s+", t, maxsplit=1, flags=re.I)
    if len(halves) == 2 and content_words(halves[0]) == content_words(halves[1]):
        t = halves[0]
    return strip_scaffolding(t)


def _plain(text: str) -> tuple[str, ...]:
    return tuple(w for w in re.findall(r"[a-z]+", text.lower()) if w not in _PLAIN_STOP)


_PLAIN_STOP = frozenset("a an the of and or for in on at to by as is are was were what how much many did does do its their "
                        "tell me give show reported report s year years end ended ending fiscal quarter months during period".split())


def spells_a_concept(text: str) -> bool:
    """The words read like a taxonomy concept name ('net income loss', 'contract with customer liability
    revenue recognized'): four or more plain words with no question form among them."""
    return len(_plain(text)) >= 3 and bool(re.search(r"\bloss\b|\bnet of\b|\bcurrent\b|\bnoncurrent\b|\bexcluding\b|\brecognized\b",
                                                     text, re.I))


_PRONOUNS = frozenset(canonical_tokens("those these that this it they them than one ones own such whose whom"))
# '(loss)', '(benefit)': the other sign of the same line, not another word of it


# ', including intersegment sales': the scope of the total asked, not a member of it
_INCLUDING = re.compile(r",?\s*\(?\b(?:including|inclusive of|incl\.)\b[^()]*\)?\s*$", re.I)


def line_item(text: str) -> LineItem:
    """The line item the words name."""
    text = " ".join(SIGN_ASIDE.sub(" ", text).split()).strip(" ,.;:?")
    text = USED_FOR.sub("", text).strip(" ,.;:?") or text
    clause = _INCLUDING.search(text)
    if clause and re.match(r"\s*Including\s+[A-Z]", clause.group(0)) and re.search(r"\b[A-Z][\w&.-]*\s*$", text[:clause.start()]):
        clause = None  # a name that says 'Including' ('China Including Hong Kong'), not a clause
    if clause is not None:
        text = (text[:clause.start()] + text[clause.end():]).strip(" ,.;:?") or text
    including = tuple(content_words(re.sub(r"(?i)\b(?:including|inclusive of|incl\.)", " ", clause.group(0)))) \
        if clause and text != clause.string.strip(" ,.;:?") else ()
    words = [w for w in content_words(text) if (w not in OPERATION_WORDS or w in ("rate", "share", "ratio", "margin"))
             and w not in _PRONOUNS]
    # a year left after the periods were read names a thing ('the 2019 Plan', 'the 2030 Notes'): a word of the line
    words += [y for y in re.findall(r"\b(?:19|20)\d{2}\b", text) if y not in words]
    # a name keeps its words even when they read as question words ('Compute & Networking', 'Data Center')
    names: list[str] = []
    joined: list[tuple[str, str, str]] = []
    plain_text = canonical_text(text)
    for hit in re.finditer(r"(?<![\w.])[\w&-]*[A-Z][\w&-]*(?:\s+(?:&\s+)?[\w&-]*[A-Z][\w&-]*)*", plain_text):
        name = hit.group(0)
        toks = [t for t in canonical_tokens(name) if not t.isdigit()]
        if not plain_text[:hit.start()].strip(" \"'“(") and len(toks) == 1 and toks[0] in OPERATION_WORDS:
            continue  # a sentence's first word is capitalized for the sentence ('Compare ...'), not as a name
        plain = re.findall(r"[A-Za-z]+", name)
        for a, b in zip(plain, plain[1:]):  # 'Optum Rx' is also written 'Optumrx'
            ja, jb, jab = canonical_tokens(a), canonical_tokens(b), canonical_tokens(a + b)
            if len(ja) == len(jb) == len(jab) == 1:
                joined.append((jab[0], ja[0], jb[0]))
        words += [t for t in toks if t not in words]
        names += [t for t in toks if t not in names]
    words = tuple(words)
    found = find_metric(text)
    if found is None and EARNING_VERBS.search(text) and names:  # 'earn from Data Center': Data Center's revenue
        return line_item(f"{' '.join(EARNING_VERBS.sub(' ', text).split())} revenue")
    metric, metric_words = "", ()
    if found is not None:
        metric = found[0].key
        metric_words = tuple(canonical_tokens(found[1].group(0))) + tuple(QUESTION_VERBS) + tuple(canonical_tokens(found[0].restates))
    metric_words = tuple(w for w in metric_words if w in words)
    return LineItem(text=text, words=words, metric=metric, metric_words=metric_words,
                    concept_named=spells_a_concept(text), names=tuple(n for n in names if n not in metric_words),
                    joined=tuple(joined), including=including)


_NAMED_AVERAGE = re.compile(r"\baverage\b", re.I)
_AVERAGE = canonical_tokens("average")[0]


def with_named_average(item: LineItem) -> LineItem:
    """'average price per share' asked as one figure, not as a mean of periods: 'average' names the line (as
    'weighted average shares' does), so it is one of the line's words. The computation's words leave it out
    of every item, for 'the average revenue of 2018 and 2019'."""
    if _AVERAGE in item.words or not _NAMED_AVERAGE.search(item.text):
        return item
    return replace(item, words=item.words + (_AVERAGE,))


def _clean_operand(text: str) -> str:
    # (after the question's lead: 'What is the difference in the high' -> 'high')
    t = re.sub(r"^(?:the\s+)?(?:difference|ratio|sum|total|percentage|proportion|share|portion|fraction)\s+(?:between|of|in)\s+", "",
               strip_scaffolding(text.strip()), flags=re.I)
    t = re.sub(r"^(?:(?:the|combined|total|aggregate|sum of|both)\s+)+", "", strip_scaffolding(t), flags=re.I)
    return t


_EXPLICIT = re.compile(r"\s+(?:minus|less|plus|divided by|over|than|exceed(?:ed|s)?|as an? (?:%|percent(?:age)?|share|fraction|"
                       r"proportion|portion) of|as an? ratio (?:of|to))\s+", re.I)


def _free_splits(text: str, pattern: re.Pattern) -> list[re.Match]:
    """Matches of ``pattern`` not inside a metric's own words ('property and equipment', 'research and development')."""
    from ..lexicon.metrics import METRICS

    taken = [m.span() for metric in METRICS for m in metric.pattern.finditer(text)]
    return [m for m in pattern.finditer(text) if not any(a < m.start() and m.end() < b for a, b in taken)]


def operand_texts(text: str, op: str, names_only: bool = False) -> tuple[str, str] | None:
    """The two operands a two-sided question names ('ratio of A to B', 'A as a % of B', 'what share of B
    is A', 'A minus B', 'A and B'), each as written, with a shared head or tail given to both ('Greater
    China and Japan net sales' -> 'Greater China net sales', 'Japan net sales'). None when one side is
    empty (the two sides are periods or companies, already read)."""
    t = " ".join(text.split()).rstrip(" ?.")
    if op == "share":
        found = share_operands(t)
        if found is not None:
            return found
    if op == "ratio":
        if re.search(r"\bratio of\s+.+?\s+(?:to|over|versus|vs\.?)$", t, re.I):
            return None  # 'the ratio of X in 2019 to 2018': the second side is a period, read already
        m = (re.search(r"\bratio of\s+(.+?)\s+(?:to|over|versus|vs\.?)\s+(.+)$", t, re.I)
             or re.search(r"\bratio of\s+(.+?)\s+(?:to|and|over|versus|vs\.?)\s+(.+)$", t, re.I)
             or re.search(r"^(.*?)\s+(?:divided by|over)\s+(.+)$", t, re.I)
             or re.search(r"^(.*?)\s+to\s+(.+?)\s+ratio\b", t, re.I))
        if m:
            return _pair(m.group(1), m.group(2), shared_metric=False)
    explicit = _free_splits(t, _EXPLICIT)
    if explicit:
        m = explicit[0]
        return _pair(t[:m.start()], t[m.end():])
    if op in ("difference", "sum", "compare"):
        m = re.search(r"\b(?:between|of)\s+(.+)$", t, re.I)
        if m:
            inner = m.group(1)
            ands = _free_splits(inner, re.compile(r"\s+(?:and|vs\.?|versus|or)\s+", re.I))
            if ands:
                pair = _pair(inner[:ands[0].start()], inner[ands[0].end():], shared_metric="names" if names_only else True)
                head = find_metric(t[:m.start()])  # 'net sales of North America and International': the metric is ahead
                if pair and head is not None and not find_metric(pair[0]) and not find_metric(pair[1]):
                    pair = (f"{pair[0]} {head[1].group(0)}", f"{pair[1]} {head[1].group(0)}")
                if pair:
                    return pair
    splits = _free_splits(t, SPLITTERS)
    if splits:
        return _pair(t[:splits[0].start()], t[splits[0].end():], shared_metric="names" if names_only else True)
    return None


_SHARE_NOUN = r"(?:percent(?:age)?|share|proportion|fraction|portion)"
# 'what percentage of (the) total Y is / does X (form)', 'what proportion of Y is made up of X'
_SHARE_WHOLE_FIRST = re.compile(rf"\bwhat {_SHARE_NOUN} of (?:the )?(.+?)\s+(?:was|is|were|are|does|did|do|came from|comes from)\s+(.+)$", re.I)
# 'X as a percentage of Y'
_SHARE_AS = re.compile(rf"^(.*?)\s+(?:expressed\s+|stated\s+|shown\s+)?as an? (?:%|{_SHARE_NOUN}) of\s+(.+)$", re.I)
# 'the percentage (constitution) of X in / among / out of the total Y', 'the proportion of X over Y'
_SHARE_PART_FIRST = re.compile(rf"\b{_SHARE_NOUN}(?:\s+constitution)?(?:,?\s+in percentage,?|\s+\(in percentage\))?\s+of\s+"
                               r"(?:constitution of\s+)?(.+?)\s+(?:(?:in|among|out of|within|of|from|to)\s+(?:the\s+)?"
                               r"((?:total|gross|overall|group total)\b.+)|over\s+(.+))$", re.I)
# 'the percentage constitution of X in Y': the words say a part of a whole, whatever the whole is named
_SHARE_CONSTITUTION = re.compile(rf"\b{_SHARE_NOUN}\s+constitution\s+of\s+(.+?)\s+(?:in|among|within)\s+(?:the\s+)?(.+)$", re.I)
# how a part is said to make up its whole: words of the question, not of the line ('generated from', 'form a part of')
_PART_LEAD = re.compile(r"^(?:(?:generated|derived|made up|comprised|contributed|accounted|attributable|attributed|represented|"
                        r"coming|came|comes|come)\s+(?:from|of|by|to|for)\s+)", re.I)
_PART_TAIL = re.compile(r"\s+(?:form|constitut|represent|make up|made up|account|comprise|contribut)\w*(?:\s+for)?(?:\s+(?:a\s+)?part)?"
                        r"(?:\s+of)?$", re.I)


def _part_verbs_out(text: str) -> str:
    return _PART_TAIL.sub("", _PART_LEAD.sub("", text.strip()), count=1).strip()


def share_operands(text: str) -> tuple[str, str] | None:
    """(part, whole) of a share of a total, as written: the whole keeps its 'total' (the total row is
    the whole; 'total costs' is not 'costs')."""
    t = " ".join(text.split()).rstrip(" ?.")
    m, heads = _SHARE_WHOLE_FIRST.search(t), True
    if m:
        part, whole = m.group(2), m.group(1)
    else:
        m = _SHARE_AS.search(t) or _SHARE_PART_FIRST.search(t) or _SHARE_CONSTITUTION.search(t)
        if not m:
            return None
        heads = m.re is not _SHARE_CONSTITUTION  # (a whole named after 'in' takes no head word of the part)
        part, whole = m.group(1), next(g for g in m.groups()[1:] if g)
    part = _part_verbs_out(strip_scaffolding(part))
    part = re.sub(rf"^(?:(?:the|a|an)\s+)?(?:(?:value|amount|{_SHARE_NOUN})\s+of\s+)+", "", part, flags=re.I)
    whole = _part_verbs_out(strip_scaffolding(re.sub(r"\s*,\s*(?:based on|as|by|according to)\b.*$", "", whole.strip(), flags=re.I)))
    if not strip_scaffolding(part) or not strip_scaffolding(whole):
        return None
    if re.search(r"\s+and\s+", part) and find_metric(part) is not None and find_metric(whole) is None:
        return _clean_operand(part), _clean_operand(whole)  # 'deferred revenue and accrued warranty over gross deferred tax
        # assets': the part lists two lines, the whole names its own; no metric words pass between them
    if re.match(r"^(?:the\s+)?(?:total|gross|overall|group total)\b", whole, re.I):
        total = re.match(r"^(?:the\s+)?((?:total|gross|overall|group total)\s+)", whole, re.I)
        if total is None:  # the whole is 'Total' alone: the table's total row
            return (_clean_operand(part), whole) if line_item(_clean_operand(part)).words else None
        rest = whole[total.end():] or whole
        pair = _pair(part, rest, heads=False)
        if pair is None:
            return None
        if find_metric(rest) is None:  # the whole never takes the part's metric words ('total assets' stays total assets)
            pair = (pair[0], _clean_operand(rest))
        # the part takes the whole's metric words ('energy generation' of total revenues); the whole keeps its 'total'
        return pair[0], f"{total.group(1)}{pair[1]}" if not pair[1].lower().startswith(total.group(1).lower()) else pair[1]
    return _pair(part, whole, heads=heads)


def _pair(a: str, b: str, heads: bool = True, shared_metric: bool | str = True) -> tuple[str, str] | None:
    """Two operands as written; when only one names a metric, the other takes its metric words
    ('Greater China and Japan net sales', 'net sales of the Greater China and Japan segments'); with
    ``heads``, a one-word operand of a list also takes the other's head noun ('options granted and RSUs')."""
    a, b = _clean_operand(a), _clean_operand(b)
    ia, ib = line_item(a), line_item(b)
    if not [w for w in ia.words if w not in OPERATION_WORDS] and not ia.metric or \
            not [w for w in ib.words if w not in OPERATION_WORDS] and not ib.metric:
        return None
    fa, fb = find_metric(a), find_metric(b)
    if not shared_metric and (fa is None) != (fb is None) and len((b if fa else a).split()) >= 2:
        return a, b  # 'the ratio of inventory reserves to accrued compensation': two lines, each named in full
    if shared_metric == "names" and (fa is None) != (fb is None) and not re.search(r"[A-Z]", b if fa else a):
        return a, b  # 'the respective sales and purchases': two lines; 'International and Foodservice net sales': members
    if fa and not fb:
        return _member_with(a, fa[1]), f"{_member(b)} {fa[1].group(0)}".strip()
    if fb and not fa:
        return f"{_member(a)} {fb[1].group(0)}".strip(), _member_with(b, fb[1])
    wa, wb = a.split(), b.split()
    if not heads:
        return a, b
    if not fa and not fb and len(wa) == 1 and len(wb) > 1:  # 'domestic and international discount rates'
        return f"{a} {' '.join(wb[1:])}", b
    if not fa and not fb and len(wb) == 1 and len(wa) > 1:  # 'options granted and RSUs'
        return a, f"{b} {' '.join(wa[1:])}"
    return a, b


def _member(text: str) -> str:
    return re.sub(r"^(?:of|from|for|in|at|by)\s+(?:the\s+)?", "", text.strip(), flags=re.I)


def _member_with(text: str, hit: re.Match) -> str:
    """'net sales from the Greater China' -> 'Greater China net sales' (the member first, as labels print it)."""
    before, after = text[:hit.start()].strip(), _member(text[hit.end():])
    return " ".join(p for p in (before, after, hit.group(0)) if p)
