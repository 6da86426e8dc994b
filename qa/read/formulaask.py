"""The derived measure a question asks for (a margin, a growth rate, a ratio the user defines) and the
names beside it that narrow it; read by :mod:`qa.read.operation`."""

from __future__ import annotations

import re

from ..lexicon.formulas import FORMULAS, find_formula, refs
from ..lexicon.metrics import BY_KEY as METRIC_BY_KEY, METRICS
from ..lexicon.words import QUESTION_WORDS, canonical_tokens
from ..plan import FormulaAsk, LineItem
from .definitions import Unreadable, defined_formula, spelled_formula
from .instructions import Hints
from .items import OPERATION_WORDS, line_item, share_operands, strip_scaffolding

__all__ = ["formula_asked"]


def formula_asked(rest: str, core: str, hints: Hints, full: str = "") -> FormulaAsk | None:
    """The derived measure asked: the question's own definition first, then one spelled inline, then the lexicon's."""
    wanted = rest + (" (%)" if hints.percent else "")
    items: dict[str, str] = {}
    if hints.definitions:
        found = defined_formula(f"{core} {full}", hints.definitions, items)
        if isinstance(found, Unreadable):
            return FormulaAsk("defined", found.name or "the measure asked", (), "ratio", defined_by_user=True,
                              unreadable=found.operand)
        if found is not None:
            f, _ = found
            expressions, unit, name = f.expressions, f.unit, f.name
            if unit == "money" and _MARGIN.search(wanted):  # 'EBITDA % margin' with EBITDA defined: the defined amount over revenue
                expressions, unit, name = tuple(f"( {e} ) / revenue" for e in expressions), "percent", f"{f.name} margin"
            return FormulaAsk("defined", name, expressions, unit, defined_by_user=True, operands=_operands(items),
                              qualifier=_qualifier(rest, f.pattern, plain_words=False))
    items.clear()
    spelled = spelled_formula(core, items)
    if spelled is not None:
        f, _ = spelled
        return FormulaAsk("defined", f.name, f.expressions, f.unit, defined_by_user=True, operands=_operands(items))
    found = find_formula(wanted)
    if found is None:
        return None
    f, hit = found
    if f.unit == "money" and _whole_of_a_share(rest, f.pattern):
        return None
    uses_x = any(key == "x" for e in f.expressions for _, _, _, key in refs(e))
    if not uses_x and _names_another_line(rest, f.pattern):
        return None
    x = _x_item(rest, f.pattern) if uses_x else None
    if x is not None and f.x_part_of and not x.metric and x.names and set(x.words) <= set(x.names):
        # a member named alone ('came from AWS') is that member's part of the line the formula divides by
        x = line_item(f"{x.text} {METRIC_BY_KEY[f.x_part_of].phrase}")
    return FormulaAsk(f.key, f.name, f.expressions, f.unit, x=x, qualifier=None if uses_x else _qualifier(rest, f.pattern))


_MARGIN = re.compile(r"\bmargin\b|%|\bas an? (?:percent(?:age)?|share) of (?:total |net )?(?:revenues?|sales)\b", re.I)


def _operands(items: dict[str, str]) -> tuple[tuple[str, LineItem], ...]:
    return tuple((key, line_item(text)) for text, key in items.items())


_FORMULA_ABBREVIATIONS = frozenset(("ebitda", "ebit", "fcf", "roa", "roe", "cogs", "sga", "dso", "dpo", "dio"))
# words beside a formula's name that do not narrow it
_STATEMENT_WORDS = re.compile(r"\b(?:(?:from|in|on|per|of)\s+)?(?:the\s+)?(?:cash[- ]flows?|income|balance[- ]sheet|operations|"
                             r"financial position|earnings)\s+statements?\b|\bstatements? of [\w ]+", re.I)
_LEXICON_PATTERNS = tuple(m.pattern for m in METRICS) + tuple(f.pattern for f in FORMULAS)
_NOT_A_QUALIFIER = frozenset(canonical_tokens(
    "percentage percent ratio rate margin overall total consolidated company companies whole business entire "
    "reported basis figure metric measure level value calculated computed based using annual annualized "
    "trailing ttm gaap statement statements information provided primarily judgments defined"))


def _unnamed_by_lexicon(text: str) -> str:
    """The text without the words a statement, a metric or a formula of the lexicon names."""
    for pattern in (_STATEMENT_WORDS,) + _LEXICON_PATTERNS:
        text = pattern.sub(" ", text)
    return text


def _plain_qualifier(text: str, item: LineItem) -> tuple[str, ...]:
    """One or two plain words beside a formula's name that no metric or formula names ('products' in 'gross
    margin for products'); more than that is the question's prose, not a qualifier."""
    left = set(canonical_tokens(_unnamed_by_lexicon(text)))
    plain = tuple(w for w in item.words if w in left and w not in item.names and w not in _NOT_A_QUALIFIER
                  and w not in QUESTION_WORDS and not w.isdigit())
    return plain if len(plain) <= 2 else ()


def _whole_of_a_share(rest: str, pattern: re.Pattern) -> bool:
    """'the percentage constitution of depreciation in EBITDA': an amount a formula names is the whole of a share the
    question asks, not its answer."""
    pair = share_operands(rest)
    return pair is not None and bool(pattern.search(pair[1])) and not pattern.search(pair[0])


def _names_another_line(rest: str, pattern: re.Pattern) -> bool:
    """Three or more plain words beside a formula's name that no metric or formula names ('effective income
    tax rate reconciliation other adjustments'): the words name a reported line of their own, not the formula."""
    text = _unnamed_by_lexicon(strip_scaffolding(pattern.sub(" ", rest)))
    words = [w for w in canonical_tokens(text) if w not in _NOT_A_QUALIFIER and w not in QUESTION_WORDS and not w.isdigit()
             and w not in OPERATION_WORDS]
    return len(words) >= 3


def _qualifier(rest: str, pattern: re.Pattern, plain_words: bool = True) -> LineItem | None:
    """Names beside a formula's name that narrow all its inputs ('AWS' in "AWS segment's operating margin",
    'Greater China'): only names, never the formula's own words or its operands spelled out."""
    text = strip_scaffolding(pattern.sub(" ", rest))
    item = line_item(" ".join(text.split())) if text.strip() else None
    if item is None:
        return None
    names = tuple(w for w in item.names if w not in _FORMULA_ABBREVIATIONS)
    # a plain word left beside the formula's name narrows it as a name does ('gross margin for products'):
    # dropping it would answer for the whole company
    plain = _plain_qualifier(text, item) if plain_words else ()  # a user's definition names its own operands
    words = tuple(dict.fromkeys(names + plain))
    if not words:
        return None
    shown = " ".join(w for w in text.split() if any(c.isupper() for c in w) or set(canonical_tokens(w)) & set(plain))
    return LineItem(shown or text, words, names=names)


_CAME_FROM = re.compile(r"\b(?:came|come|comes|coming|was|were|is|are|derived|generated|contributed|attributable|attributed)\s+"
                        r"(?:from|by|to)\b", re.I)


def _x_item(rest: str, pattern: re.Pattern) -> LineItem | None:
    """The line item around a formula's own words ('revenue' in 'revenue CAGR', 'SG&A' in 'SG&A as a % of revenue')."""
    text = strip_scaffolding(pattern.sub(" ", rest))
    text = re.sub(r"\b(?:rate|percent(?:age)?|annual|compound|growth|%)\b|\b\d+[- ]years?\b|"
                  r"\b(?:over|in|during|for) the (?:past|last|previous|prior)\b", " ", text, flags=re.I)
    text = _CAME_FROM.sub(" ", text)  # 'what share of net sales came from AWS': AWS
    text = strip_scaffolding(" ".join(text.split()))
    return line_item(text) if text else None
