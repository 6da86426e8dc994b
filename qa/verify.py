"""Every number in an answer must come from what it cites.

``verify`` reads the numbers out of the answer text (skipping dates, years, citation markers
and the quoted passages themselves), and checks each one, and the answer's value, against the
cited facts: their base values, their cells as printed, the same value shown at another scale,
a percentage, or the result of the stated computation recomputed from the cited values. Any
number that traces to nothing makes the answer unverified. This is a check on our own composer
(and on any LLM-written text), not a formality: a wrong scale or a stray number fails it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from index.parsers.numbers import DATE_RE, canonical

from .answer import Answer, Citation, Computation
from .expression import ExpressionError, constants, evaluate

__all__ = ["verify", "numbers_in", "allowed_numbers", "recompute"]

_NUM = re.compile(r"(?<![\w.])[-(]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w]|\.\d)")
_MARKER = re.compile(r"\[\d+\]")
_QUOTE = re.compile(r"“[^”]*”|\"[^\"]*\"")
_YEARISH = re.compile(r"^(?:19|20)\d{2}$")


def _dec(text: str) -> Decimal | None:
    t = text.strip("()").replace(",", "")
    try:
        return canonical(Decimal(t))
    except InvalidOperation:
        return None


def numbers_in(text: str, names: Iterable[str] = ()) -> list[Decimal]:
    """Quantities written in the text: not dates, years, [n] markers, quoted passages, or the
    digits of ``names`` (the cited companies: '1-800-FLOWERS.COM, Inc.' holds no quantity)."""
    t = text
    for name in sorted(set(names), key=len, reverse=True):  # longest first: one name may contain another
        if name:
            t = t.replace(name, " ")
    t = _MARKER.sub(" ", t)
    t = _QUOTE.sub(" ", t)
    t = re.sub(r"\S*[A-Za-z_]\S*\.(?:txt|htm|html|xml|xsd|zip|json)\b", " ", t)  # file names
    t = DATE_RE.sub(" ", t)
    t = re.sub(r"\b\d{4}-\d{2}-\d{2}(?:\.\.\d{4}-\d{2}-\d{2})?\b", " ", t)
    t = re.sub(r"\b(?:FY|Q[1-4])\s?\d{2,4}\b", " ", t)
    t = re.sub(r"\b\d{1,2} (?:months?|weeks?) (?:ended|ending)\b", " ", t, flags=re.I)  # period words, not quantities
    out = []
    for m in _NUM.finditer(t):
        raw = m.group(0).lstrip("(")
        if _YEARISH.match(raw):
            continue
        v = _dec(raw)
        if v is not None:
            out.append(abs(v))
    return out


def _variants(v: Decimal) -> set[Decimal]:
    v = abs(v)
    out = {canonical(v)}
    for s in (3, 6, 9):
        out.add(canonical(v.scaleb(-s)))
    out.add(canonical(v * 100))  # percent
    return out


def _cell_numbers(raw: str) -> set[Decimal]:
    return {abs(d) for d in (_dec(m.group(0)) for m in _NUM.finditer(raw.replace("(", " "))) if d is not None}


def allowed_numbers(citations: tuple[Citation, ...], computation: Computation | None) -> set[Decimal]:
    ok: set[Decimal] = set()
    for c in citations:
        if c.value is not None:
            try:
                ok |= _variants(Decimal(c.value))
            except InvalidOperation:
                pass
        ok |= _cell_numbers(c.raw if c.kind == "fact" else c.raw)
        if c.kind == "fact":
            ok |= {d for d in _cell_numbers(c.row) if d < 10000}  # member names like '2019'
    if computation is not None:
        ok |= _variants(computation.result)
        if computation.expression:
            # the constants of the formula (365 days, the 2 of an average) and the value of each of its
            # parts (an average, a numerator) may be written out; all are recomputed here, not trusted
            try:
                ok |= {abs(c) for c in constants(computation.expression)}
                for part in evaluate(computation.expression, _cited_values(citations)).parts:
                    ok |= _variants(part)
                    # a part shown rounded as the answer shows it (a margin of each year: 43.3%)
                    ok |= {abs(v).quantize(Decimal(q)) for v in (part, part * 100) for q in ("0.1", "0.01")
                           if abs(v) < Decimal("1e12")}
            except (ExpressionError, InvalidOperation):
                pass
        for side in computation.sides:  # an operand that is a sum of cited values may be shown as its total
            try:
                ok |= _variants(sum((Decimal(citations[i].value) for i in side), Decimal(0)))
            except (IndexError, TypeError, InvalidOperation):
                pass
    return ok


def _cited_values(citations: tuple[Citation, ...]) -> dict[int, Decimal]:
    """The cited values by their 1-based [n] marker (citations without a number are left out)."""
    out = {}
    for i, c in enumerate(citations):
        if c.value is not None:
            try:
                out[i + 1] = Decimal(c.value)
            except InvalidOperation:
                pass
    return out


def recompute(computation: Computation, citations: tuple[Citation, ...]) -> Decimal | None:
    """The computation's result from the cited values alone (None if an input is missing)."""
    if computation.expression:
        # every marker the expression uses must be cited, with a number, and among the stated inputs
        try:
            return canonical(evaluate(computation.expression, _cited_values(citations)).value)
        except (ExpressionError, InvalidOperation):
            return None
    sides = computation.sides or tuple((i,) for i in computation.inputs)
    vals = []
    for side in sides:
        total = Decimal(0)
        for i in side:
            if not (0 <= i < len(citations)) or citations[i].value is None:
                return None
            total += Decimal(citations[i].value)
        vals.append(total)
    op = computation.operation
    try:
        if op == "sum":
            return canonical(sum(vals, Decimal(0)))
        if op in ("difference", "change"):
            return canonical(vals[0] - vals[1])
        if op == "growth":
            return canonical((vals[1] - vals[0]) / vals[0]) if vals[0] != 0 else None
        if op == "ratio":
            return canonical(vals[0] / vals[1]) if vals[1] != 0 else None
        if op == "compare":
            return canonical(max(vals))
    except (ArithmeticError, IndexError):
        return None
    return None


def _close(a: Decimal, b: Decimal) -> bool:
    """Equal, allowing only the last-digit noise of a Decimal division (28 significant digits)."""
    if a == b:
        return True
    if b == 0:
        return abs(a) < Decimal("1e-20")
    return abs(a - b) / abs(b) < Decimal("1e-20")


def verify(answer: Answer) -> tuple[bool, list[str]]:
    """(verified, problems). An abstention is never 'verified'."""
    if answer.abstained:
        return False, ["abstained"]
    problems: list[str] = []
    if not answer.citations:
        return False, ["no citations"]
    ok = allowed_numbers(answer.citations, answer.computation)
    if answer.computation is not None:
        r = recompute(answer.computation, answer.citations)
        if r is None or not _close(r, answer.computation.result):
            problems.append(f"computation {answer.computation.formula} does not recompute from the cited values")
    if answer.value is not None:
        targets = set()
        for c in answer.citations:
            if c.value is not None:
                targets.add(abs(Decimal(c.value)))
        if answer.computation is not None:
            targets.add(abs(answer.computation.result))
        if not any(_close(abs(answer.value), t) for t in targets):
            problems.append(f"value {answer.value} equals no cited fact or computed result")
    computed = _variants(answer.computation.result) if answer.computation is not None else set()
    # the cited companies' names and the cited lines' labels are quoted, not quantities
    # ('Property and equipment, net of accumulated depreciation of $17,606 and $14,793')
    quoted = [c.entity for c in answer.citations] + [part for c in answer.citations if c.kind == "fact"
                                                     for part in (c.row, *c.row.split(" › "), *c.members)]
    for n in numbers_in(answer.text, quoted):
        if any(_close(n, a) for a in ok):
            continue
        # a computed ratio may be shown rounded: it must equal the result rounded to the digits shown
        places = -n.as_tuple().exponent if n.as_tuple().exponent < 0 else 0
        if any(abs(c).quantize(Decimal(1).scaleb(-places)) == n for c in computed):
            continue
        problems.append(f"the number {n} in the text traces to no citation")
    return (not problems), problems
