"""'What was the total USD denominated monetary assets?' - a whole the table does not print as a line, only as its
parts: the rows it names as the whole with a qualifier ('Monetary assets, current', 'Monetary assets,
non-current'). The answer adds the parts' cells of one column and period. Which rows make up the whole is read from their labels, not reported: the sum is never vouched for."""

from __future__ import annotations

import re

from index.facts import Fact

from ..lexicon.words import canonical_tokens
from ..plan import Op
from ..read.items import line_item
from .context import Context
from .draft import Draft, Input, Slot, Unanswerable
from .operands import evaluate_over

__all__ = ["parts_sum", "whole_words", "WHOLE_ASKED", "sum_draft", "row_words"]

# 'total X', 'the sum of all X', 'all X': the whole of X asked
WHOLE_ASKED = re.compile(r"^\s*(?:the\s+)?(?:(?:sum|total)\s+of\s+(?:all\s+)?(?:the\s+)?|total\s+(?:of\s+)?(?:all\s+)?(?:the\s+)?|all\s+(?:the\s+)?)(?=\w)", re.I)
_PART_TOTAL = re.compile(r"^\s*(?:total|subtotal|sub-total|net|gross)\b|\btotal\s*$", re.I)
_NOISE = frozenset(canonical_tokens("total sum all the of"))
_GUESSED = 0.45


def whole_words(text: str) -> frozenset[str] | None:
    """The words of the whole asked ('all Tax credit carryforwards' -> tax, credit, carryforward), None when the
    item does not ask for a whole ('Tax credit carryforwards')."""
    if not WHOLE_ASKED.match(text):
        return None
    return frozenset(canonical_tokens(WHOLE_ASKED.sub("", text))) - _NOISE


_QUALIFIED = re.compile(r"^(?P<head>[^()]+?)\s*\((?P<q>[A-Za-z][A-Za-z -]{2,})\)\s*$")  # 'Deferred revenue (non-current)'


def _head(label: str) -> tuple[str, str] | None:
    """(the whole a row's label names, the separator): 'X: part' -> ('X', ':'), 'X, qualifier' -> ('X', ','),
    'X (qualifier)' -> ('X', ',') (a qualifier in words, not a footnote marker)."""
    for sep in (":", ","):
        if sep in label:
            head = label.split(sep)[0].strip()
            return (head, sep) if head else None
    m = _QUALIFIED.match(label)
    return (m.group("head").strip(), ",") if m else None


def row_words(text: str) -> frozenset[str]:
    return frozenset(canonical_tokens(re.sub(r"\(\d+\)", " ", text))) - _NOISE


def _column(f: Fact) -> tuple:
    return (f.filing_id, f.title, f.source, f.column_index, f.period, f.year_period, f.dimensions, f.unit)


def _parts(ctx: Context, f: Fact, head: frozenset[str]) -> list[Fact] | None:
    """The cells of ``f``'s column whose rows are labelled 'Head, qualifier'; None when the column prints the whole
    itself (a row named so, a total of it, or 'Head, net'), or when fewer than two parts are found. (A label
    'Heading: row' is not taken: a table's rows carry their heading only where the row's own name repeats, so
    the rows found so would not be all of the heading's.)"""
    rows = [g for g in ctx.reader.filing_facts(f.filing_id, limit=3000, title=f.title) if _column(g) == _column(f)]
    parts: list[Fact] = []
    for g in sorted(rows, key=lambda g: (g.row_index, g.fact_id)):
        shown = g.row_label or g.label
        if row_words(g.label) == head or (_PART_TOTAL.search(shown) and row_words(shown) >= head):
            return None  # the whole is printed: a lookup answers it
        h = _head(g.label)
        if h is not None and h[1] == "," and row_words(h[0]) == head:
            if g.value is None or _PART_TOTAL.search(g.label[len(h[0]):].strip(" :,()")):
                return None
            parts.append(g)
    return parts if len(parts) >= 2 else None


def parts_sum(ctx: Context) -> Draft | None:
    """The draft adding the parts of the one whole asked, or None when the question asks no such whole or the
    table prints it (or does not break it down by its rows' labels)."""
    plan = ctx.plan
    if plan.operation not in (Op.LOOKUP, Op.SUM) or len(plan.items) != 1 or len(plan.periods) > 1 or not plan.scope:
        return None
    item = plan.items[0]
    want = whole_words(item.text)
    if not want:
        return None
    ask = plan.periods[0] if plan.periods else None
    company = plan.companies[0] if plan.companies else None
    for c in ctx.candidates(line_item(WHOLE_ASKED.sub("", item.text)), ask, company, unit_kind=None)[:10]:
        f = c.fact
        h = _head(f.label)
        head = row_words(h[0]) if h else frozenset()
        # the rows' heading is the whole asked; the question's other words name the column ('USD denominated')
        if not head or not head <= want or not (want - head) <= row_words(f.member_text):
            continue
        parts = _parts(ctx, f, head)
        if parts is None:
            return None
        return sum_draft(ctx, parts, ask, company)
    return None


def sum_draft(ctx: Context, parts: list[Fact], ask, company) -> Draft:
    plan = ctx.plan
    units = {f.unit for f in parts}
    if len(units) != 1:
        raise Unanswerable("The parts of the total asked are in different units.")
    inputs = [Input(f, Slot(item=0, period=ask, company=company.name if company else "", label=f.label)) for f in parts]
    # parts all printed in parentheses and untagged ('Monetary liabilities, current (14,732)'): the total is their size
    sizes = all(f.value is not None and f.value < 0 and not f.concept for f in parts)
    expr = " + ".join(f"(-[{i + 1}])" if sizes else f"[{i + 1}]" for i in range(len(parts)))
    value = evaluate_over(expr, inputs)
    return Draft(plan.with_(operation=Op.SUM), "arith", tuple(inputs), value, next(iter(units)), expression=expr,
                 operation="sum", name="the sum", confidence=_GUESSED, rivals=(),
                 extra={"sides": tuple((i,) for i in range(len(parts)))})
