"""A tiny arithmetic language for computed answers, evaluated without ``eval()``.

An expression is written over citation markers and constants: ``([1] - [2]) / [3]``,
``365 * (([2] + [3]) / 2) / [1]``, ``([2] / [1]) ^ (1 / 3) - 1``. The engine writes one for every
derived answer and the verifier re-evaluates it from the cited values alone, so what is shown as
the formula is exactly what was computed. Grammar (usual precedence, ``^`` binds tightest and
associates right, unary minus allowed)::

    expr   := term (('+' | '-') term)*
    term   := factor (('*' | '/') factor)*
    factor := '-' factor | power
    power  := atom ('^' factor)?
    atom   := NUMBER | '[' INT ']' | '(' expr ')'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext

from index.parsers.numbers import canonical

__all__ = ["ExpressionError", "Evaluation", "evaluate", "markers", "constants", "recompute"]

_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|\[(\d+)\]|([-+*/^()]))")
MAX_LENGTH = 400  # an expression is written by the engine for one answer, never long


class ExpressionError(ValueError):
    """The expression is malformed, names a citation that is missing, or divides by zero."""


@dataclass(frozen=True)
class Evaluation:
    value: Decimal
    parts: tuple[Decimal, ...]  # the value of every sub-expression (what the answer text may show)


def _tokens(text: str) -> list[tuple[str, str]]:
    if len(text) > MAX_LENGTH:
        raise ExpressionError("expression too long")
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ExpressionError(f"unexpected text at {pos}: {text[pos:pos + 10]!r}")
        num, ref, op = m.groups()
        out.append(("num", num) if num else ("ref", ref) if ref else ("op", op))
        pos = m.end()
    return out


def markers(text: str) -> tuple[int, ...]:
    """The 1-based citation markers an expression uses, in order of first use."""
    return tuple(dict.fromkeys(int(v) for k, v in _tokens(text) if k == "ref"))


def constants(text: str) -> tuple[Decimal, ...]:
    """The literal numbers written in an expression (365, 2, 100 ...)."""
    return tuple(Decimal(v) for k, v in _tokens(text) if k == "num")


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], values: dict[int, Decimal]):
        self.toks, self.i, self.values, self.parts = tokens, 0, values, []

    def _peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def _op(self, *ops: str) -> str | None:
        t = self._peek()
        if t and t[0] == "op" and t[1] in ops:
            self.i += 1
            return t[1]
        return None

    def _note(self, v: Decimal) -> Decimal:
        self.parts.append(v)
        return v

    def expr(self) -> Decimal:
        v = self.term()
        while (op := self._op("+", "-")) is not None:
            r = self.term()
            v = self._note(v + r if op == "+" else v - r)
        return v

    def term(self) -> Decimal:
        v = self.factor()
        while (op := self._op("*", "/")) is not None:
            r = self.factor()
            if op == "/" and r == 0:
                raise ExpressionError("division by zero")
            v = self._note(v * r if op == "*" else v / r)
        return v

    def factor(self) -> Decimal:
        if self._op("-"):
            return self._note(-self.factor())
        return self.power()

    def power(self) -> Decimal:
        base = self.atom()
        if self._op("^"):
            exp = self.factor()
            if base < 0 and exp != exp.to_integral_value():
                raise ExpressionError("fractional power of a negative number")
            if base == 0 and exp < 0:
                raise ExpressionError("division by zero")
            if abs(exp) > 100:
                raise ExpressionError("exponent too large")
            return self._note(base ** exp)
        return base

    def atom(self) -> Decimal:
        t = self._peek()
        if t is None:
            raise ExpressionError("expression ends too early")
        self.i += 1
        kind, text = t
        if kind == "num":
            return Decimal(text)
        if kind == "ref":
            n = int(text)
            if n not in self.values:
                raise ExpressionError(f"[{n}] names no cited value")
            return self._note(self.values[n])
        if text == "(":
            v = self.expr()
            if not self._op(")"):
                raise ExpressionError("unbalanced parenthesis")
            return v
        raise ExpressionError(f"unexpected {text!r}")


def evaluate(text: str, values: dict[int, Decimal]) -> Evaluation:
    """Evaluate ``text`` with ``values`` for its markers ({1: Decimal(...), ...})."""
    toks = _tokens(text)
    if not toks:
        raise ExpressionError("empty expression")
    with localcontext() as ctx:
        ctx.prec = 28
        p = _Parser(toks, values)
        try:
            v = p.expr()
        except (InvalidOperation, ArithmeticError) as e:
            raise ExpressionError(str(e)) from e
        if p.i != len(toks):
            raise ExpressionError(f"unexpected {toks[p.i][1]!r} after the end")
        return Evaluation(v, tuple(p.parts))


# --- a computed answer, recomputed from its citations alone (the contract of Answer.computation) ----------
def _cited_values(citations) -> dict[int, Decimal]:
    """The cited values by their 1-based [n] marker (citations without a number are left out)."""
    out = {}
    for i, c in enumerate(citations):
        if c.value is not None:
            try:
                out[i + 1] = Decimal(c.value)
            except InvalidOperation:
                pass
    return out


def recompute(computation, citations) -> Decimal | None:
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


