"""What ``ask()`` returns: an Answer that carries its Citations (the contract in DESIGN.md)."""

from __future__ import annotations

import enum
import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal

__all__ = ["AnswerStatus", "Citation", "Answer", "Computation"]


class AnswerStatus(str, enum.Enum):
    ANSWERED = "answered"
    ABSTAINED = "abstained"


@dataclass(frozen=True, kw_only=True)
class Citation:
    """Where a number (or a quoted sentence) came from, down to the cell."""

    source: str  # file name
    title: str  # statement / note title
    row: str  # row label as printed, with members
    period: str  # '2023-12-31', '2023-01-01..2023-12-31', or the candidates when the layout leaves it open
    unit: str | None
    scale: str  # 'CNY in Thousands' style text, '' when unscaled
    raw: str  # the cell text exactly as printed ('¥ 20,782'), or the quoted sentence
    snippet: str  # the row or passage around it
    kind: str = "fact"  # 'fact' | 'text'
    value: str | None = None  # base units, as a string
    column: str = ""  # column header as printed
    members: tuple[str, ...] = ()
    period_note: str = ""  # how the period was established, or why it is uncertain
    fact_id: str = ""
    chunk_id: str = ""
    entity: str = ""  # the company that reported it, as its filing names it

    def to_dict(self) -> dict:
        d = asdict(self)
        d["members"] = list(self.members)
        return d


@dataclass(frozen=True, kw_only=True)
class Computation:
    """A computed answer: the operation, its inputs (indexes into citations) and the result."""

    operation: str  # 'sum' | 'difference' | 'change' | 'growth' | 'ratio' | 'compare' | a formula key (qa/formulas.py)
    formula: str  # human form with [n] markers: '[1] / ([2] + [3])'
    inputs: tuple[int, ...]  # every citation index the result uses
    result: Decimal
    sides: tuple[tuple[int, ...], ...] = ()  # operands as sums of citations: ((0,), (1, 2)) is [1] op ([2] + [3])
    # a derived metric's arithmetic over 1-based citation markers, '([1] - [2]) / (([3] + [4]) / 2)'; when
    # set, the verifier re-evaluates exactly this (qa/expression.py) instead of ``operation`` over ``sides``
    expression: str = ""


@dataclass(frozen=True, kw_only=True)
class Answer:
    question: str
    status: AnswerStatus
    text: str
    value: Decimal | None = None
    unit: str | None = None
    verified: bool = False
    citations: tuple[Citation, ...] = ()
    period: str = ""
    kind: str = ""  # 'lookup' | 'arith' | 'narrative' | 'abstain'
    reason: str = ""  # why it abstained, or what was uncertain
    computation: Computation | None = None
    notes: tuple[str, ...] = ()  # caveats: ambiguous periods, sources that disagree
    suggestions: tuple[str, ...] = ()  # what to ask instead (abstentions)
    latency_ms: float = 0.0
    extra: dict = field(default_factory=dict)

    @property
    def abstained(self) -> bool:
        return self.status is AnswerStatus.ABSTAINED

    def to_dict(self) -> dict:
        """Exactly the contract fields (value as a string, citations as objects)."""
        return {
            "status": self.status.value,
            "abstained": self.abstained,
            "text": self.text,
            "value": None if self.value is None else str(self.value),
            "unit": self.unit,
            "verified": self.verified,
            "citations": [c.to_dict() for c in self.citations],
        }

    def to_json(self, **kw) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kw)
