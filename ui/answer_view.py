"""One answer as a chat message: the value with unit and period, a verified badge (or a plain
warning), the answer text with citation markers, caveats; abstentions say why."""

from __future__ import annotations

from qa import Answer

from .formatting import amount, capitalized, esc, markers_to_html, period_list, period_text

__all__ = ["answer_html", "error_html", "pending_html", "question_html", "headline_period"]

_QUESTION_SHOWN = 400  # characters of a long paste echoed back


def question_html(text: str) -> str:
    if len(text) <= _QUESTION_SHOWN:
        return esc(text)
    return f'{esc(text[:_QUESTION_SHOWN])}… <span class="fq-muted">({len(text):,} characters)</span>'


def pending_html() -> str:
    return '<div class="fq-answer fq-pending"><span class="fq-spinner"></span>Looking in the filings…</div>'


def error_html(message: str) -> str:
    return (f'<div class="fq-answer fq-error"><div class="fq-head"><span class="fq-badge fq-b-error">Could not answer'
            f'</span></div><p>{esc(capitalized(message))}</p></div>')


def _chip_period(period: str) -> str:
    parts = period_list(period)
    if len(parts) > 1:
        return f"column not pinned · {len(parts)} possible dates"
    return period_text(period)


def headline_period(a: Answer) -> str:
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


def _badge(a: Answer) -> str:
    if a.verified and a.kind == "narrative":
        return '<span class="fq-badge fq-b-ok" title="The quoted sentences appear word for word in the cited passages.">✓ Quoted from the filing</span>'
    if a.verified:
        return ('<span class="fq-badge fq-b-ok" title="Every number in this answer equals a cited cell or is computed from '
                'cited cells.">✓ Verified</span>')
    return '<span class="fq-badge fq-b-warn" title="See the warning below the answer.">⚠ Not verified</span>'


def _body_and_caveats(a: Answer) -> tuple[str, list[str]]:
    """The engine appends its caveats to the text; show them once, as a list."""
    text, caveats = a.text, []
    for note in a.notes:
        if note and note in text:
            text = text.replace(note, "").strip()
            caveats.append(note)
    return text, caveats


def answer_html(a: Answer, charted: int = 0) -> str:
    """The message for an answer; ``charted`` = how many cited facts the chart beside it plots."""
    if a.abstained:
        tries = ('<p class="fq-try">You could ask one of these instead, or look up what the filings do report in '
                 'the <b>Fact explorer</b> tab:</p>' if a.suggestions else
                 '<p class="fq-try">The <b>Fact explorer</b> tab lists every reported fact: search it for what the filings cover.</p>')
        return (
            '<div class="fq-answer fq-abstain"><div class="fq-head"><span class="fq-badge fq-b-none">'
            'No answer in these filings</span></div>'
            f'<p class="fq-reason">{esc(a.reason or a.text)}</p>{tries}</div>'
        )
    head = []
    if a.value is not None:
        head.append(f'<span class="fq-value">{esc(amount(a.value, a.unit))}</span>')
    period = headline_period(a) if a.value is not None else ""
    if period:
        head.append(f'<span class="fq-period">{esc(period)}</span>')
    head.append(_badge(a))
    text, caveats = _body_and_caveats(a)
    parts = [f'<div class="fq-head">{"".join(head)}</div>',
             f'<p class="fq-text">{markers_to_html(esc(text), "fq-ev-")}</p>']
    if not a.verified:
        problems = a.extra.get("verify_problems") or []
        detail = f" ({esc('; '.join(str(p) for p in problems[:2]))})" if problems else ""
        parts.append(f'<p class="fq-warning">This answer could not be checked against the cited cells{detail}. '
                     'Read the evidence before relying on it.</p>')
    if caveats:
        parts.append('<ul class="fq-caveats">' + "".join(f"<li>{markers_to_html(esc(c), 'fq-ev-')}</li>" for c in caveats) + "</ul>")
    n = len(a.citations)
    chart = f" · {charted} values charted" if charted else ""
    parts.append(f'<div class="fq-foot">{n} citation{"s" if n != 1 else ""}{chart} · {a.latency_ms:,.0f} ms · '
                 'evidence on the right</div>')
    kind = "fq-verified" if a.verified else "fq-unverified"
    return f'<div class="fq-answer {kind}">{"".join(parts)}</div>'
