"""What a resolver hands on: a :class:`Draft` answer - its inputs (each fact with the slot of the plan it
answers), the value, and the arithmetic - or the reason it could not be drafted."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from index.facts import Chunk, Fact

from ..plan import PeriodAsk, QueryPlan

__all__ = ["Slot", "Input", "Quote", "Draft", "Unanswerable"]


@dataclass(frozen=True)
class Slot:
    """Which part of the plan an input answers: a line item (index into ``plan.items``, or a formula
    operand by metric key), a period, a company."""

    item: int = 0
    period: PeriodAsk | None = None
    company: str = ""  # the company the plan names for it ('' when it names none)
    metric: str = ""  # a formula operand: the lexicon metric key (or 'item_a' for a user's operand)
    role: str = ""  # a formula operand: '' | 'close' | 'open' | 'prior' | 'first' | 'last'
    label: str = ""  # how the answer names this input ('fiscal 2024', 'Apple', 'operating income')
    asked: PeriodAsk | None = None  # the plan's period this input serves (a formula's operands: the period it is computed for)


@dataclass(frozen=True)
class Input:
    fact: Fact
    slot: Slot


@dataclass(frozen=True)
class Quote:
    """A sentence quoted from a passage (never a verified number)."""

    chunk: Chunk
    sentence: str


@dataclass(frozen=True)
class Draft:
    plan: QueryPlan
    kind: str  # 'lookup' | 'arith' | 'series' | 'which' | 'narrative' | 'textfact' | 'prose'
    inputs: tuple[Input, ...] = ()
    value: Decimal | None = None
    unit: str | None = None
    expression: str = ""  # the arithmetic over [n] markers (1-based positions in ``inputs``)
    operation: str = ""  # 'sum' | 'difference' | 'change' | 'growth' | 'ratio' | 'share' | 'average' | formula key
    name: str = ""  # what the value is called ('gross margin', 'Net sales')
    answer_words: str = ""  # an answer in words: the period or item a RANK names, a cover fact
    quotes: tuple[Quote, ...] = ()
    confidence: float = 1.0  # the finder's softmax share of the value picked
    rivals: tuple[Fact, ...] = ()  # other lines that fit nearly as well, with other values
    notes: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)

    @property
    def facts(self) -> tuple[Fact, ...]:
        return tuple(i.fact for i in self.inputs)


class Unanswerable(Exception):
    """A resolver's reason for abstaining, in one plain sentence (and what to ask instead)."""

    def __init__(self, reason: str, suggestions: tuple[str, ...] = (), near: tuple[Fact, ...] = ()):
        super().__init__(reason)
        self.reason = reason
        self.suggestions = suggestions
        self.near = near  # the closest facts found, cited so the reader sees what is there
