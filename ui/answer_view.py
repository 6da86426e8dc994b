"""One answer as a chat message: the value with unit and period, a verified badge (or a plain
warning), the answer text with citation markers, caveats; abstentions say why."""

from __future__ import annotations

from qa import Answer

from .answer_table import CitedTable, column_labels, period_span, table_html
from .formatting import (
    amount, capitalized, esc, headline, markers_to_html, measure_text, operation_name, period_list, period_text, ratio_style,
    readable_reason,
)

__all__ = ["answer_html", "error_html", "pending_html", "stopped_html", "question_html", "headline_period", "shows_verified",
           "fit_problems", "computation_html", "answer_style"]

_QUESTION_SHOWN = 400  # characters of a long paste echoed back


def question_html(text: str) -> str:
    if len(text) <= _QUESTION_SHOWN:
        return esc(text)
    return f'{esc(text[:_QUESTION_SHOWN])}… <span class="fq-muted">({len(text):,} characters)</span>'


def pending_html() -> str:
    return '<div class="fq-answer fq-pending"><span class="fq-spinner"></span>Looking in the filings…</div>'


def stopped_html() -> str:
    return ('<div class="fq-answer fq-stopped"><div class="fq-head"><span class="fq-badge fq-b-none">Stopped</span></div>'
            '<p>You stopped this question before it was answered. Ask it again, or edit it (the pencil on your question).</p></div>')


def error_html(message: str) -> str:
    return (f'<div class="fq-answer fq-error"><div class="fq-head"><span class="fq-badge fq-b-error">Could not answer'
            f'</span></div><p>{esc(capitalized(message))}</p></div>')


def _chip_period(period: str) -> str:
    parts = period_list(period)
    if len(parts) > 1:
        return f"date not printed with the cell · {len(parts)} possible dates"
    return period_text(period)


def _computed_over(a: Answer) -> str:
    """The periods a computation spans ('year ended Dec 31, 2021 → year ended Dec 31, 2022'), when its
    cells are for more than one: a change from 2021 to 2022 is not headlined with 2021 alone."""
    comp = a.computation
    if comp is None:
        return ""
    cells = [a.citations[i] for i in comp.inputs if 0 <= i < len(a.citations) and a.citations[i].kind == "fact"]
    periods = list(dict.fromkeys(c.period for c in cells if c.period))
    if len(periods) < 2 or any(len(period_list(p)) != 1 for p in periods):
        return ""

    spans = sorted(((p, *period_span(p)) for p in periods), key=lambda x: (x[2], x[1] or x[2]))
    if any(e is None for _, _, e in spans):
        return ""
    joiner = " → " if comp.operation in ("change", "growth") and len(spans) == 2 else " · "
    return joiner.join(column_labels(spans))  # '2021 → 2022', '3 months to Mar 29, 2025 · …'


def headline_period(a: Answer) -> str:
    spanned = _computed_over(a)
    if spanned:
        return spanned
    if a.period and not a.period.isdigit():
        return _chip_period(a.period)
    if a.period.isdigit():
        return a.period
    periods = {c.period for c in a.citations if c.kind == "fact" and c.period}
    if len(periods) == 1:
        return _chip_period(periods.pop())
    if periods and all(len(period_list(p)) == 1 for p in periods):
        return " vs ".join(sorted(period_text(p) for p in periods))
    return ""


def fit_problems(a: Answer) -> list[str]:
    """Sentences from the engine saying the cells found are for another period, line item or company
    than the one asked (absent on engines that do not report them), in the question's own words."""
    problems = a.extra.get("fit_problems") if isinstance(a.extra, dict) else None
    return [readable_reason(str(p), a.question) for p in problems or () if str(p).strip()]


def answer_style(a: Answer) -> str:
    """'times' when the answer's number is a computed ratio (shown 0.82×), else ''."""
    comp = a.computation
    if a.unit != "pure" or comp is None:
        return ""
    return ratio_style(comp.operation, a.question)


def shows_verified(a: Answer) -> bool:
    """✓ only when the engine's check passed for a number, and nothing says it answers something else."""
    return a.verified is True and a.kind != "narrative" and not fit_problems(a) and not a.abstained


def _quoted_from(a: Answer) -> str:
    names = list(dict.fromkeys(c.entity or c.source for c in a.citations if c.kind == "text"))
    where = names[0] if names else "the filing"
    more = f" and {len(names) - 1} more" if len(names) > 1 else ""
    return f"Quoted from {where}{more}"


def _badge(a: Answer) -> str:
    if a.kind == "narrative":  # a quotation is not a checked answer: a neutral label, never a tick
        return (f'<span class="fq-badge fq-b-quote" title="Sentences quoted word for word from the cited passages. '
                f'Read them to judge whether they answer the question.">{esc(_quoted_from(a))}</span>')
    if shows_verified(a):
        return ('<span class="fq-badge fq-b-ok" title="The number equals the cited cells (or is computed from them), and '
                'they are for the period, company and line item asked.">✓ Verified</span>')
    if fit_problems(a):
        return '<span class="fq-badge fq-b-warn" title="See the message above.">⚠ Not what you asked</span>'
    return '<span class="fq-badge fq-b-warn" title="See the warning below the answer.">⚠ Not verified</span>'


def _fit_html(a: Answer) -> str:
    problems = fit_problems(a)
    if not problems:
        return ""
    items = "".join(f"<li>{esc(capitalized(p))}</li>" for p in problems[:4])
    return (f'<div class="fq-fit" role="alert"><div class="fq-fit-title">The filings do not report exactly what you asked'
            f'</div><ul>{items}</ul></div>')


def _value_html(a: Answer) -> str:
    if answer_style(a) == "times":
        shown = measure_text(a.value, a.unit, style="times")
        return f'<span class="fq-value" title="Exactly {esc(a.value)}">{esc(shown)}</span>'
    first = next((c for c in a.citations if c.kind == "fact" and c.value is not None), None)
    parens = bool(first and first.raw.strip().startswith("(") and first.raw.strip().endswith(")"))
    h = headline(a.value, a.unit, scale_text=first.scale if first and a.computation is None else "", parentheses=parens)
    out = f'<span class="fq-value" title="Exactly {esc(h.exact)}">{esc(h.short)}</span>'
    detail = h.reported if h.reported else (h.exact if h.exact != h.short else "")
    if detail:
        label = "as reported" if h.reported and first is not None and first.scale else "" if h.reported else "exactly"
        out += f'<span class="fq-exact" title="Exactly {esc(h.exact)}">{esc(detail)} <span class="fq-muted">{label}</span></span>'
    return out


_OPERATION = {"sum": "Total", "difference": "Difference", "change": "Change", "growth": "Growth",
              "ratio": "Ratio", "compare": "Comparison"}


def _side_label(a: Answer, idx: tuple[int, ...]) -> tuple[str, str, str]:
    cites = [a.citations[i] for i in idx if 0 <= i < len(a.citations)]
    if not cites:
        return "", "", ""
    names = " + ".join(dict.fromkeys((c.row.split(" › ")[-1] or c.title) + (f" ({', '.join(c.members)})" if c.members else "")
                                     for c in cites))
    periods = " + ".join(dict.fromkeys(period_text(c.period) for c in cites))
    total = sum((_dec(c.value) for c in cites), start=_dec(0))
    refs = "".join(f'<a class="fq-ref" href="#fq-ev-{i + 1}">{i + 1}</a>' for i in idx)
    return f"{esc(names)} {refs}", esc(periods), esc(amount(total, cites[0].unit))


def _dec(v):
    from decimal import Decimal

    return Decimal(str(v)) if v not in (None, "") else Decimal(0)


def computation_html(a: Answer) -> str:
    """A computed answer as the small table an analyst would draw: each operand, then the result."""
    comp = a.computation
    if comp is None:
        return ""
    sides = comp.sides or tuple((i,) for i in comp.inputs)
    rows = []
    for side in sides:
        name, period, value = _side_label(a, tuple(side))
        if name:
            rows.append(f'<tr><td class="fq-calc-item">{name}</td><td>{period}</td><td class="fq-num">{value}</td></tr>')
    if not rows:
        return ""
    op = _OPERATION.get(comp.operation) or operation_name(comp.operation)
    result = measure_text(comp.result, a.unit, signed=comp.operation in ("change", "difference"), style=answer_style(a))
    rows.append(f'<tr class="fq-calc-result"><td>{esc(op)}</td><td class="fq-muted">{esc(_formula_words(comp.formula))}</td>'
                f'<td class="fq-num">{esc(result)}</td></tr>')
    return ('<div class="fq-calc-wrap"><table class="fq-calc"><thead><tr><th>Line item</th><th>Period</th><th class="fq-num">Value</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def _formula_words(formula: str) -> str:
    return formula.replace("*", "×").replace(" / ", " ÷ ").replace(" - ", " − ")


def _body_and_caveats(a: Answer) -> tuple[str, list[str]]:
    """The engine appends its caveats to the text; show them once, as a list."""
    text, caveats = a.text, []
    for note in a.notes:
        if note and note in text:
            text = text.replace(note, "").strip()
            caveats.append(note)
    return text, caveats


def answer_html(a: Answer, table: CitedTable | None = None, charted: int = 0, *, buttons: bool = True) -> str:
    """The message for an answer; ``table``: its cells as rows × periods (comparisons, series,
    breakdowns), shown instead of the operand list; ``charted`` = how many cells the chart plots;
    ``buttons``: the chat shows the suggestions as buttons under it (Gradio does so for the last message
    only: an earlier one lists them in its text)."""
    if a.abstained:
        listed = "" if buttons else '<ul class="fq-suggest">' + "".join(
            f"<li>{esc(q)}</li>" for q in a.suggestions[:3]) + "</ul>"
        tries = ('<p class="fq-try">You could ask one of these instead, or look up what the filings do report in '
                 f'the <b>Fact explorer</b> tab:</p>{listed}' if a.suggestions else
                 '<p class="fq-try">The <b>Fact explorer</b> tab lists every reported fact: search it for what the filings cover.</p>')
        return (
            '<div class="fq-answer fq-abstain"><div class="fq-head"><span class="fq-badge fq-b-none">'
            'No answer in these filings</span></div>'
            f'<p class="fq-reason">{esc(readable_reason(a.reason or a.text, a.question))}</p>{tries}</div>'
        )
    head = []
    if a.value is not None:
        head.append(_value_html(a))
    period = headline_period(a) if a.value is not None else ""
    if a.value is None and table is not None and len(table.columns) > 1:  # a series: the span its table shows
        period = f"{table.columns[0].label} – {table.columns[-1].label}"
    if period:
        head.append(f'<span class="fq-period">{esc(period)}</span>')
    head.append(_badge(a))
    text, caveats = _body_and_caveats(a)
    # comparisons, changes and breakdowns read best as the cited grid; a formula over several line items
    # (a ratio, a sum) as its operands and result
    comp = a.computation
    grid = table is not None and (comp is None or comp.operation in ("change", "growth", "difference", "compare"))
    worked = table_html(table) if grid else computation_html(a)
    parts = [_fit_html(a), f'<div class="fq-head">{"".join(head)}</div>', worked,
             f'<p class="fq-text">{markers_to_html(esc(text), "fq-ev-")}</p>']
    if not a.verified:
        problems = a.extra.get("verify_problems") or []
        detail = f" ({esc('; '.join(readable_reason(str(p), a.question) for p in problems[:2]))})" if problems else ""
        parts.append(f'<p class="fq-warning">This answer could not be checked against the cited cells{detail}. '
                     'Read the evidence before relying on it.</p>')
    if caveats:
        parts.append('<ul class="fq-caveats">' + "".join(f"<li>{markers_to_html(esc(c), 'fq-ev-')}</li>" for c in caveats) + "</ul>")
    n = len(a.citations)
    chart = f" · {charted} value{'s' if charted != 1 else ''} charted" if charted else ""
    parts.append(f'<div class="fq-foot">{n} citation{"s" if n != 1 else ""}{chart} · {a.latency_ms:,.0f} ms · '
                 'evidence <span class="fq-wide">on the right</span><span class="fq-narrow">below the chat</span></div>')
    kind = "fq-verified" if shows_verified(a) else "fq-quoted" if a.kind == "narrative" else "fq-unverified"
    return f'<div class="fq-answer {kind}">{"".join(parts)}</div>'
