"""A span of years the question writes as one period ('from 2020 to 2021-2022') that the page heads a column with
('2021-2022' of a maturity table): that column is the period asked, not the years inside it (the reader, which
does not see the page, reads '2021-2022' as 2021).

Only within one document, and only for a span some cell's column is headed with, as written. Any other span keeps
its reading as years ('the average net income from 2017-2019'), a row's too (a lease schedule's row '2020 – 2024':
the row is the line, which the finder matches by the line's words, not by a period - not handled yet)."""

from __future__ import annotations

from dataclasses import replace

from ..plan import PeriodAsk
from ..read.yearspans import YEAR_SPAN, span_text
from .context import Context

__all__ = ["with_named_spans"]


def _page_spans(ctx: Context) -> set[str]:
    spans = set()
    for f in ctx.reader.query_facts(limit=5000):
        for t in [m.member for m in f.dimensions]:  # (a row headed so names no line the finder can match: not yet)
            s = span_text(t)
            if s:
                spans.add(s)
    return spans


def with_named_spans(ctx: Context) -> Context:
    """``ctx`` with the plan's periods re-read when the question names a span the page heads a column with:
    the span as one named period, in the question's order with the other periods it names; else ``ctx`` itself."""
    plan = ctx.plan
    text = plan.core or plan.text
    hits = [m for m in YEAR_SPAN.finditer(text) if span_text(m.group(0))]
    if not plan.scope or not hits:
        return ctx
    page = _page_spans(ctx)
    named = [m for m in hits if span_text(m.group(0)) in page]
    if not named:
        return ctx
    inside = [m.span() for m in named]
    found: list[tuple[int, PeriodAsk]] = [(m.start(), PeriodAsk("named", text=span_text(m.group(0)))) for m in named]
    for ask in plan.periods:
        at = _outside(text, ask.text, inside)
        if at is None:
            continue  # a year of a named span ('2021' of '2021-2022'): the span stands for it
        found.append((at, ask))
    periods = tuple(a for _, a in sorted(found, key=lambda x: x[0]))
    return replace(ctx, plan=plan.with_(periods=periods))


def _outside(text: str, said: str, spans: list[tuple[int, int]]) -> int | None:
    """Where the question writes ``said`` outside the named spans; None when only inside one (or never: implied)."""
    if not said:
        return None
    at = text.find(said)
    while at >= 0:
        if not any(a <= at < b for a, b in spans):
            return at
        at = text.find(said, at + 1)
    return None
