"""The question's own definitions: "ROA is defined as: FY2022 net income / (average total assets between
FY2021 and FY2022)", "Define unadjusted EBITDA as operating income + D&A", nested terms ("CCC is
defined as: DIO + DSO - DPO. DIO is defined as: …"), "change in inventory between …" (closing minus
opening), "prior-year revenue", constants. Each operand must be a metric of the lexicon; an operand
none names makes the definition :class:`Unreadable`, and the answer abstains naming it instead of
computing the measure by another definition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..lexicon.formulas import FORMULAS, PERCENTISH as _PERCENTISH, REF as _REF, Formula, metric_keys
from ..lexicon.metrics import find_metric
from ..lexicon.words import canonical_tokens

__all__ = ["Unreadable", "defined_formula", "spelled_formula", "read_expression"]

# --- a formula the question spells out -----------------------------------------------------------------
_DEFINED = re.compile(r"\b(?:is |be )?(?:defined|calculated|computed|measured) as\b:?|\bformula(?: is)?:|\bequals\b|=", re.I)
_DEFINE_AS = re.compile(r"^\s*(?:please\s+)?define\s+(.+?)\s+as\b:?", re.I)
_OPS = [(re.compile(r"^\s*(?:divided by\b|over\b|÷|/)\s*", re.I), "/"), (re.compile(r"^\s*(?:minus\b|less\b|−|–|-(?=\s))\s*", re.I), "-"),
        (re.compile(r"^\s*as an? (?:share|percent(?:age)?|%|fraction|proportion) of\b\s*", re.I), "/"),
        (re.compile(r"^\s*(?:plus\b|\+)\s*", re.I), "+"), (re.compile(r"^\s*(?:times\b|multiplied by\b|×|\*)\s*", re.I), "*"),
        (re.compile(r"^\s*\(\s*"), "("), (re.compile(r"^\s*\)\s*"), ")")]
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)(?![\d,])\s*")
_AVERAGE = re.compile(r"^\s*(?:the\s+)?average\s+(?:of\s+|between\s+)?(?:the\s+)?", re.I)
_CHANGE_IN = re.compile(r"^\s*(?:the\s+)?(?:change|increase|decrease)\s+in\s+(?:the\s+)?", re.I)
_FILLER = re.compile(r"\b(?:the|a|an|its|company['’]?s?|total|beginning|ending|opening|closing|end|start|of|year|period|"
                     r"and|balances?|fiscal|for|in|at|between|from|to|prior|current|unadjusted|reported|as|shown|"
                     r"FY\s?'?\d{2,4}|(?:19|20)\d{2})\b", re.I)
# '[from cash flow statement]', '(as shown in the cash flow statement)': where to read a number, not an operand
_WHERE = re.compile(r"\[[^\]]*\]|\((?:as )?(?:shown |reported |found )?(?:in|on|from) (?:the )?[\w&\s]*?statements?\)|"
                    r"\s(?:as )?(?:shown |reported )?(?:from|in|on) the (?:statement of cash flows|cash flow statement|income statement|"
                    r"balance sheet|statement of (?:income|operations|financial position))\b|"
                    r"\((?:including|excluding|incl\.|excl\.|i\.e\.|e\.g\.|net of)\b[^()]*\)", re.I)  # asides, not operands
# 'current and non-current debt and finance leases' names two lines, added
_QUALIFIER_WORD = r"(?:current|non-?current|short[- ]term|long[- ]term|domestic|foreign|international|federal|state|deferred)"
_DISTRIBUTED = re.compile(rf"\b({_QUALIFIER_WORD})\s+and\s+({_QUALIFIER_WORD})\s+((?:[\w'-]+\s*){{1,5}}?)(?=\s+(?:divided by|over|minus|less|plus|against)\b|[)]|$)",
                          re.I)
# 'long-term debt including current installments' is the two lines added
_INCLUDING = re.compile(r"((?:[\w'-]+\s+){0,5}?[\w'-]+)\s+including\s+((?:[\w'-]+\s*){1,5}?)(?=\s+(?:divided by|over|minus|less|plus|against)\b|\s*[)]|\s*$)",
                        re.I)
_EARLIER = re.compile(r"\b(?:prior|previous|preceding|last)[- ](?:fiscal[- ])?(?:year|period)\b|\ba year (?:earlier|before|ago)\b", re.I)
_NAME_STOP = frozenset("the a an of is are as its company's and".split())


@dataclass(frozen=True)
class Unreadable:
    """A definition the question gives for what it asks, with an operand no metric of this table
    names: the answer must not fall back on another definition of the same name."""

    name: str
    operand: str


def _item_key(items: dict[str, str], text: str) -> str:
    """The expression key of a line item named by words ('item_a', 'item_b' ...)."""
    text = " ".join(text.split()).strip(" ,.;:")
    if text not in items:
        items[text] = "item_" + "abcdefghijklmnopqrstuvwxyz"[len(items) % 26]
    return items[text]


def _read_body(body: str, defined: dict[str, str], depth: int = 0,
               items: dict[str, str] | None = None) -> str | Unreadable | None:
    """'365 * (average accounts payable between FY2021 and FY2022) / (FY2022 COGS + change in inventory
    ...)' -> '365 * (avg!(accounts_payable)) / (cost_of_sales + chg(inventory))'. Operands are metrics of
    :mod:`qa.metrics`, terms of ``defined`` (substituted in parentheses) or plain numbers. An operand
    nothing names gives an :class:`Unreadable`; text that is no expression at all gives None."""
    body = _DISTRIBUTED.sub(lambda m: f"( {m.group(1)} {m.group(3)} plus {m.group(2)} {m.group(3)} )", _WHERE.sub(" ", body))
    # 'A including B' is A's line that leaves B out, plus B: 'long-term debt, excluding current installments' + them
    body = _INCLUDING.sub(lambda m: f"( {m.group(1)} excluding {m.group(2).strip()} plus {m.group(2)} )", body)
    out: list[str] = []
    rest = body
    depth_open = 0
    while rest.strip():
        for rx, op in _OPS:
            hit = rx.match(rest)
            if hit:
                depth_open += {"(": 1, ")": -1}.get(op, 0)
                out.append(op)
                rest = rest[hit.end():]
                break
        else:
            num = _NUMBER.match(rest)
            if num and (not out or out[-1] in "(-+*/"):
                out.append(num.group(1))
                rest = rest[num.end():]
                continue
            mode = ""
            if (avg := _AVERAGE.match(rest)):
                rest, mode = rest[avg.end():], "avg!"
            elif (chg := _CHANGE_IN.match(rest)):
                rest, mode = rest[chg.end():], "chg"
            # an operand runs to the next operator word or parenthesis
            stop = re.search(r"\s+(?:divided by|over|minus|less|plus|times|multiplied by|as an? (?:share|percent(?:age)?|%|fraction|proportion) of)\s+|"
                             r"[÷/+×*()−–]|\s-\s", rest, re.I)
            chunk, rest = (rest[:stop.start()], rest[stop.start():]) if stop else (rest, "")
            term = _defined_term(chunk, defined)
            if term is not None and not mode:
                if depth > 4:
                    return None
                inner = _read_body(defined[term], defined, depth + 1, items)
                if not isinstance(inner, str):
                    return inner if isinstance(inner, Unreadable) else Unreadable(term, chunk.strip())
                out.append(f"( {inner} )")
                continue
            found = find_metric(chunk)
            leftover = _FILLER.sub(" ", chunk[:found[1].start()] + " " + chunk[found[1].end():]) if found else chunk
            if found is None or re.search(r"[A-Za-z]{3,}", leftover):
                # no metric of the lexicon names it (or only part of it): the line item its words name
                if items is None or not re.search(r"[A-Za-z]{3,}", _FILLER.sub(" ", chunk)):
                    return Unreadable("", chunk.strip()) if re.search(r"[A-Za-z]{2,}", chunk) else None
                key = _item_key(items, _EARLIER.sub(" ", chunk))
                out.append(f"avg!({key})" if mode == "avg!" else f"chg({key})" if mode == "chg" else
                           f"prior({key})" if _EARLIER.search(chunk) else key)
                continue
            key = found[0].key
            if mode == "chg" or re.search(r"\bchange in\b", chunk, re.I):
                out.append(f"chg({key})")
            elif _EARLIER.search(chunk):  # 'prior-year revenue', 'net income a year earlier'
                out.append(f"open({key})" if found[0].instant else f"prior({key})")
            else:
                out.append(f"avg!({key})" if mode or re.search(r"\baverage\b", chunk, re.I) else key)
    expr = " ".join(out)
    if depth_open != 0 or not metric_keys(expr) or not _well_formed(expr):
        return None
    return expr


def _name_tokens(name: str) -> frozenset[str]:
    return frozenset(t for t in canonical_tokens(name) if t not in _NAME_STOP)


def _defined_term(chunk: str, defined: dict[str, str]) -> str | None:
    """The defined term an operand names ('DIO' in 'DIO + DSO - DPO'), if any."""
    words = _name_tokens(_FILLER.sub(" ", chunk))
    if not words:
        return None
    for term in defined:
        if _name_tokens(term) == words:
            return term
    return None


def _definitions(sentences: tuple[str, ...] | list[str]) -> dict[str, str]:
    """Each 'X is defined as: A / B' or 'Define X as A + B' sentence as {X: 'A / B'} (in order)."""
    out: dict[str, str] = {}
    for s in sentences:
        s = s.strip()
        m = _DEFINE_AS.match(s)
        if m:
            name, body = m.group(1), s[m.end():]
        else:
            m = _DEFINED.search(s)
            if not m:
                continue
            name, body = s[:m.start()], s[m.end():]
        name = re.sub(r"^(?:if|where|assume|assuming|given that|and|note that|here,?)\s+", "", name.strip(" :,"), flags=re.I)
        body = re.split(r"[?;]|\.(?:\s|$)", body.strip(), maxsplit=1)[0].strip()
        if name and body:
            out[name] = body
    return out


def defined_formula(question: str, definitions: tuple[str, ...] | list[str],
                    items: dict[str, str] | None = None) -> tuple[Formula, re.Match] | Unreadable | None:
    """The formula the question's own definitions give for what it asks ('What is the FY2022 ROA?
    ROA is defined as: FY2022 net income / (average total assets between FY2021 and FY2022).'),
    or the question read as an expression over a defined term ('EBITDA less capital expenditures').
    An :class:`Unreadable` when the asked term's definition names something no metric covers."""
    defined = _definitions(definitions)
    if not defined:
        return None
    asked = _name_tokens(question)
    for term, body in defined.items():
        words = _name_tokens(term)
        pronoun = bool(re.fullmatch(r"(?:it|this|that|the (?:ratio|metric|measure))", term.strip(), re.I))
        if not (pronoun or (words and words <= asked)):
            continue
        expr = _read_body(body, defined, 0, items)
        if isinstance(expr, Unreadable):
            return Unreadable(term, expr.operand)
        if expr is None:
            return Unreadable(term, body)
        # the question may ask for an expression over the term: 'unadjusted EBITDA less capital expenditures'
        after = _term_span(question, term)
        if after is not None:
            tail = re.match(r"\s*(minus|less|plus|divided by|over)\s+(.+?)(?=\?|$|\s+(?:for|in|of|during|at)\s|\s*[,(])",
                            question[after:], re.I)
            if tail:
                other = _read_body(tail.group(2), defined, 0, items)
                if isinstance(other, str):
                    op = {"minus": "-", "less": "-", "plus": "+", "divided by": "/", "over": "/"}[tail.group(1).lower()]
                    expr = f"( {expr} ) {op} ( {other} )"
                    term = f"{term} {tail.group(1).lower()} {tail.group(2)}"
        percent = bool(re.search(_PERCENTISH, question, re.I)) and "ratio" not in term.lower() or bool(
            re.search(r"\bmargin\b|\breturn on\b|\broa\b|\broe\b", term, re.I))
        days = bool(re.search(r"\bdays?\b|\bdio\b|\bdso\b|\bdpo\b|\bcycle\b", f"{term} {question}", re.I)) and "365" in expr
        unit = "days" if days else ("percent" if percent else "ratio") if "/" in expr else "money"
        label = re.sub(r"^(?:the|a|an)\s+", "", term.strip(), flags=re.I)
        if pronoun:
            label = "the measure asked"
        return Formula("spelled", label, re.compile(re.escape(term), re.I), (expr,), unit), _Hit(term)
    return None


class _Hit:
    """Stands in for the regex match of a formula's name: a defined term is found by its words."""

    def __init__(self, text: str):
        self._text = text

    def group(self, _n: int = 0) -> str:
        return self._text


def _term_span(question: str, term: str) -> int | None:
    """Where the defined term ends in the question (by its last word), if it is written there."""
    words = [w for w in re.findall(r"[\w&]+", term) if w.lower() not in _NAME_STOP]
    if not words:
        return None
    m = re.search(r"\b" + re.escape(words[-1]) + r"\b", question, re.I)
    return m.end() if m else None


def spelled_formula(text: str, items: dict[str, str] | None = None) -> tuple[Formula, re.Match] | None:
    """'X is defined as A / (average of B and C)' -> a Formula over known metrics, or None when any
    operand is not a metric this table knows (then the question is not read as a formula)."""
    m = _DEFINED.search(text)
    if not m:
        return None
    name = text[:m.start()].strip()
    body = re.split(r"[?;]|\.(?:\s|$)", text[m.end():], maxsplit=1)[0].strip()
    if not body:
        return None
    expr = _read_body(body, {}, 0, items)
    if not isinstance(expr, str) or not re.search(r"[-+*/]", expr):
        return None
    named = next((f for f in FORMULAS if f.pattern.search(name)), None)  # 'the DSO of …, computed as …'
    words = name.split()
    label = named.name if named else " ".join(words[-4:]) if words else "the defined measure"
    label = re.sub(r"^(?:if|where|assume|assuming|given that|and)\s+", "", label, flags=re.I) or "the defined measure"
    percent = bool(re.search(_PERCENTISH, text, re.I)) or "margin" in label.lower() or "return" in label.lower()
    days = "365" in expr and bool(re.search(r"\bdays?\b|\bdio\b|\bdso\b|\bdpo\b|\bcycle\b", name, re.I))
    unit = "days" if days else ("percent" if percent else "ratio") if "/" in expr else "money"
    return Formula("spelled", label, re.compile(re.escape(m.group(0))), (expr,), unit), m


def _well_formed(expression: str) -> bool:
    """Does the expression parse (operands and operators in a sensible order)?"""
    from ..expression import ExpressionError, evaluate

    n = iter(range(1, 1000))
    markers = _REF.sub(lambda m: f"[{next(n)}]" if not m.group(4) else "2", expression)
    try:
        evaluate(markers, {i: Decimal(i) + Decimal("0.5") for i in range(1, 1000)})
    except ExpressionError as e:
        return "division by zero" in str(e)
    return True




def read_expression(body: str, items: dict[str, str] | None = None) -> str | Unreadable | None:
    """An expression over metrics as written in words ('operating cash flow minus capital expenditures')."""
    return _read_body(body, {}, 0, items)
