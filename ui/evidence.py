"""The evidence panel: for each citation, where the number (or sentence) sits in the filing.

For a table cell: statement/note title, the row with its members, the period (and how it was
established), unit and scale, the cell as printed, the table around it with the cell marked, and
the file. For a sentence: the passage with the sentence marked. For a computed answer: the
formula with every input cited. Pure HTML from an Answer plus the index reader.
"""

from __future__ import annotations

import logging
import re

from qa import Answer, Citation

from .answer_view import answer_style
from .formatting import amount, esc, measure_text, operation_name, period_list, period_text, readable_reason
from .tables import cell_text, passage_html, render_printed_row, render_table, table_around

__all__ = ["evidence_html", "empty_evidence_html", "formula_html", "citation_card"]

log = logging.getLogger(__name__)

_OPERATION = {"sum": "Sum", "difference": "Difference", "change": "Change", "growth": "Growth",
              "ratio": "Ratio", "compare": "Comparison"}


def empty_evidence_html() -> str:
    return (
        '<div class="fq-evidence fq-evidence-empty"><div class="fq-ev-head">Evidence</div>'
        '<p>Ask a question. Every number in an answer is shown here in its filing: the cell in its table, '
        'or the sentence in its note, with the file it came from.</p>'
        '<ul><li><b>✓ Verified</b> means the number equals cited cells (or is computed from them) and they are for the '
        'company, period and line item asked. Anything else says what differs, at the top of the answer.</li>'
        '<li>Markers like <a class="fq-ref">1</a> in an answer point to the cards below.</li></ul></div>'
    )


def formula_html(answer: Answer) -> str:
    comp = answer.computation
    if comp is None:
        return ""

    def operand(m: re.Match) -> str:
        n = int(m.group(1))
        c = answer.citations[n - 1] if 0 < n <= len(answer.citations) else None
        shown = esc(amount(c.value, c.unit)) if c is not None and c.value else ""
        return f'<span class="fq-operand">{shown}<a class="fq-ref" href="#fq-ev-{n}">{n}</a></span>'

    formula = re.sub(r"\[(\d{1,3})\]", operand, esc(comp.formula).replace("*", "×").replace(" / ", " ÷ ").replace(" - ", " − "))
    result = esc(measure_text(comp.result, answer.unit, style=answer_style(answer)))
    return (
        f'<div class="fq-formula"><div class="fq-formula-label">{esc(_OPERATION.get(comp.operation) or operation_name(comp.operation))} '
        f'computed from the cited figures</div><div class="fq-formula-body"><span class="fq-result">{result}</span> = '
        f'{formula}</div></div>'
    )


def evidence_html(answer: Answer | None, reader, extra: tuple[Citation, ...] = (), *, error: str = "") -> str:
    """The panel for one answer; ``extra`` are citations added by the chart (numbered after the answer's)."""
    if error:
        return f'<div class="fq-evidence"><div class="fq-ev-head">Evidence</div><p class="fq-muted">{esc(error)}</p></div>'
    if answer is None:
        return empty_evidence_html()
    if answer.abstained:
        return (
            '<div class="fq-evidence"><div class="fq-ev-head">Evidence</div>'
            f'<div class="fq-none">Nothing in the indexed filings supports an answer. '
            f'{esc(readable_reason(answer.reason, answer.question))}</div></div>'
        )
    filings = {f.source: f for f in reader.filings()}
    cards = [_card(n, c, reader, filings) for n, c in enumerate(answer.citations, 1)]
    chart_cards = [_card(n, c, reader, filings) for n, c in enumerate(extra, len(answer.citations) + 1)]
    count = len(answer.citations)
    head = (f'<div class="fq-ev-head">Evidence <span class="fq-ev-count">{count} citation{"s" if count != 1 else ""}'
            f'{f" · {len(extra)} more in the chart" if extra else ""}</span></div>')
    chart_part = ('<div class="fq-ev-sub">Also plotted</div>' + "".join(chart_cards)) if chart_cards else ""
    return f'<div class="fq-evidence">{head}{formula_html(answer)}{"".join(cards)}{chart_part}</div>'


def citation_card(n: int, c: Citation, reader) -> str:
    """One citation's card on its own (the statements view shows the clicked cell's)."""
    return _card(n, c, reader, {f.source: f for f in reader.filings()})


def _card(n: int, c: Citation, reader, filings: dict) -> str:
    try:
        body = _fact_body(c, reader) if c.kind == "fact" else _text_body(c, reader)
    except Exception:  # the panel must still show the citation's own fields
        log.exception("could not place citation %s in its filing", n)
        body = f'<div class="fq-passage">{esc(c.snippet)}</div>'
    kind = "Table cell" if c.kind == "fact" else "Note text"
    info = filings.get(c.source)
    about = []
    if info is not None:
        about = [x for x in (info.entity, info.form, f"FY{info.fiscal_year}" if info.fiscal_year else "",
                             _FORMATS.get(info.format, info.format)) if x]
    file_line = f'<span class="fq-file">{esc(c.source)}</span>' + (
        f' <span class="fq-muted">· {esc(" · ".join(about))}</span>' if about else "")
    return (
        f'<section class="fq-card" id="fq-ev-{n}"><div class="fq-card-head"><a class="fq-ref">{n}</a>'
        f'<span class="fq-card-title">{esc(c.title or c.source)}</span><span class="fq-kind">{kind}</span></div>'
        f'{_fields(c)}{body}<div class="fq-card-foot">From {file_line}</div></section>'
    )


_FORMATS = {"rtext": "R page (text)", "textblock": "note text", "xbrl": "XBRL instance", "ixbrl": "inline XBRL",
            "rpage": "R page", "html": "HTML document", "submission": "EDGAR submission"}


def _fields(c: Citation) -> str:
    rows = []
    if c.kind == "fact":
        label = c.row.split(" › ")[-1] if c.row else ""
        members = "".join(f'<span class="fq-member">{esc(_member(m))}</span>' for m in c.members)
        rows.append(("Row", f"{esc(label)} {members}"))
        periods = period_list(c.period)
        period = esc(period_text(c.period))
        if c.column and len(periods) == 1:
            period += f' <span class="fq-muted">· column “{esc(c.column)}”</span>'
        if c.period_note and not _INTERNAL_NOTE.match(c.period_note):
            period += f'<div class="fq-note">{esc(_sentence(c.period_note))}</div>'
        rows.append(("Period", period))
        unit = esc(c.unit or "—") + (f' <span class="fq-muted">· {esc(c.scale)}</span>' if c.scale else "")
        rows.append(("Unit", unit))
        printed = f'<code class="fq-raw">{esc(cell_text(c.raw))}</code>'
        if c.value:
            printed += f' <span class="fq-muted">= {esc(amount(c.value, c.unit))}</span>'
        rows.append(("Printed", printed))
    else:
        if c.row:
            rows.append(("Section", esc(c.row)))
        if c.period:
            rows.append(("Dates", esc(", ".join(period_list(c.period)))))
        if c.value:
            rows.append(("Number", f'<code class="fq-raw">{esc(c.raw)}</code> <span class="fq-muted">= {esc(amount(c.value, c.unit))}</span>'))
    return '<dl class="fq-fields">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _member(m: str) -> str:
    """'Segments = North America' -> 'North America': the axis name is a word of the data model."""
    return m.split(" = ", 1)[1] if " = " in m else m


# 'XBRL context i66a08f…_D20220101-20221231': an id for machines; the period shown already says it
_INTERNAL_NOTE = re.compile(r"^\s*(?:inline )?xbrl context \S+\s*$", re.I)


def _sentence(note: str) -> str:
    note = note.strip()
    return note[0].upper() + note[1:] if note else note


def _fact_body(c: Citation, reader) -> str:
    if not c.fact_id:
        return ""
    table = table_around(reader, c.fact_id)
    if table is None:
        return '<p class="fq-muted">This fact is no longer in the index (its filing was removed).</p>'
    printed = ""
    if table.printed is not None:
        printed = f'<div class="fq-printed"><span class="fq-printed-label">As printed</span>{render_printed_row(table.printed)}</div>'
    return render_table(table) + printed


def _text_body(c: Citation, reader) -> str:
    chunks = reader.chunks_by_id([c.chunk_id]) if c.chunk_id else []
    passage = chunks[0].display if chunks else c.snippet
    # A number quoted from prose cites the number (raw) inside its sentence (snippet).
    if c.value is not None and c.snippet and c.raw in c.snippet and len(c.raw) < len(c.snippet):
        sentence, number = c.snippet, c.raw
    else:
        sentence, number = c.raw, ""
    return f'<blockquote class="fq-passage">{passage_html(passage, sentence, number)}</blockquote>'
