"""How numbers, units and periods are written in answers, and citations built from facts.

Numbers are never rounded: 20,782 thousand yuan is written CNY 20,782,000 with the printed cell
beside it. A display scale ("in millions") only moves the decimal point.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from index.facts import Chunk, Fact, Mention, Period
from index.parsers.numbers import canonical, format_number

from .answer import Answer, AnswerStatus, Citation, Computation

__all__ = ["format_value", "format_period", "fact_citation", "mention_citation", "chunk_citation", "unit_words", "period_phrase",
           "compose", "abstention", "show_result", "signed", "count_words"]

_SCALE_WORDS = {3: "thousand", 6: "million", 9: "billion"}
_CURRENCY_SIGN = {"USD": "$", "CNY": "¥", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "C$", "HKD": "HK$"}


def unit_words(unit: str | None) -> str:
    if unit is None:
        return ""
    if unit == "shares":
        return "shares"
    if unit.endswith("/shares"):
        return f"{unit.split('/')[0]} per share"
    return unit


def format_value(value: Decimal | None, unit: str | None, *, raw: str = "", scale: int | None = None,
                 text_value: str | None = None) -> str:
    """'CNY 20,782,000', '1,587,950 shares', 'USD 0.71 per share', '90.00%', '1 year 2 months 1 day'."""
    if value is None:
        return raw or (text_value or "")
    if unit == "pure":
        pct = canonical(value * 100)
        digits = len(raw.split(".")[1].rstrip("%").strip()) if "." in raw and raw.strip().endswith("%") else None
        return f"{pct:.{digits}f}%" if digits is not None else f"{format_number(pct)}%"
    if unit == "years":
        return f"{format_number(value)} years"
    shown = value
    suffix = ""
    if scale and unit not in ("shares",) and not (unit or "").endswith("/shares"):
        shown = canonical(value.scaleb(-scale))
        suffix = f" {_SCALE_WORDS.get(scale, '')}"
    elif scale and unit == "shares":
        shown = canonical(value.scaleb(-scale))
        suffix = f" {_SCALE_WORDS.get(scale, '')}"
    num = format_number(shown)
    if unit is None:
        return f"{num}{suffix}"
    if unit == "shares":
        return f"{num}{suffix} shares"
    if unit.endswith("/shares"):
        return f"{unit.split('/')[0]} {num} per share"
    if len(unit) == 3 and unit.isupper():
        return f"{unit} {num}{suffix}"
    return f"{num}{suffix} {unit}"


def format_period(p: Period) -> str:
    return p.display()


def period_phrase(fact: Fact, matching: tuple[Period, ...] = ()) -> str:
    """'for the year ended Dec. 31, 2022', 'as of Dec. 31, 2022', 'on Jan. 01, 2020' or the candidates."""
    if fact.period is not None:
        p = fact.period
        if p.kind == "duration":
            if p.label and "Months" in p.label:
                return f"for the {p.label.lower()} {p.display().split(' Ended ')[-1]}"
            months = round((p.end - p.start).days / 30.44)
            if months in (3, 6, 9, 12) and abs((p.end - p.start).days - months * 30.44) < 12:
                words = {3: "three", 6: "six", 9: "nine", 12: "twelve"}[months]
                return f"for the {words} months ended {p.end:%b. %d, %Y}"
            return f"for {p.start:%b. %d, %Y} to {p.end:%b. %d, %Y}"
        if p.kind == "instant":
            return f"as of {p.end:%b. %d, %Y}"
        return f"in the {p.end:%b. %d, %Y} column"
    ps = matching or fact.candidate_periods
    if not ps and fact.year_period is not None:  # a bare-year column: the year, no invented dates
        return f"for fiscal {fact.year_period.year}"
    if not ps:
        return "(no period printed)"
    if len(ps) == 1:
        return f"in the {ps[0].end:%b. %d, %Y} column"
    return "in one of the columns dated " + ", ".join(f"{p.end:%b. %d, %Y}" for p in ps[:6]) + (" …" if len(ps) > 6 else "")


def fact_citation(f: Fact, snippet: str = "", chunk_id: str = "") -> Citation:
    if f.period is not None:
        period = f.period.iso()
    else:
        period = " | ".join(p.iso() for p in f.stated_periods)  # candidates, else a bare fiscal year ('FY2019')
    scale = f.scale_text or ""
    return Citation(
        source=f.source,
        title=f.title,
        row=(f"{f.member_text} › {f.label}" if f.dimensions else f.label),
        period=period,
        unit=f.unit,
        scale=scale,
        raw=f.raw,
        snippet=snippet or f.row_label,
        kind="fact",
        value=None if f.value is None else str(f.value),
        column=f.column_label,
        members=tuple(m.member for m in f.dimensions),
        period_note=f.period_basis,
        fact_id=f.fact_id,
        chunk_id=chunk_id,
        entity=f.entity,
    )


def mention_citation(m: Mention, title: str = "", value: Decimal | None = None, unit: str | None = None) -> Citation:
    return Citation(
        source=m.source,
        title=title,
        row="",
        period=" | ".join(p.iso() for p in m.dates),
        unit=unit,
        scale="",
        raw=m.number_text,
        snippet=m.sentence,
        kind="text",
        value=None if value is None else str(value),
        chunk_id=m.chunk_id,
    )


def chunk_citation(c: Chunk, quote: str) -> Citation:
    return Citation(
        source=c.source, title=c.title, row=c.section, period="", unit=None, scale="", raw=quote,
        snippet=c.display, kind="text", chunk_id=c.chunk_id, entity=c.entity,
    )


# --- the answer ---------------------------------------------------------------------------------------
_WORDS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()


def count_words(n: int) -> str:
    """Counts in our own words are spelled out, so the only digits in an answer are reported numbers."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else "many"


def _pct(value: Decimal, places: int = 2) -> str:
    pct = value * 100
    q = Decimal(1).scaleb(-places)
    return ("−" if pct < 0 else "") + f"{abs(pct).quantize(q)}%"


def show_result(value: Decimal, unit: str | None, kind: str = "", scale: int | None = None, decimals: int | None = None) -> str:
    """A computed value: a percentage to two decimals ('47.05%'), a ratio to two ('0.94'), days to a tenth;
    an amount in full. The Answer's value keeps every digit."""
    if kind in ("percent", "share", "growth", "margin") or (unit == "pure" and kind not in ("ratio", "times")):
        return _pct(value, 2 if decimals is None else decimals)
    if kind in ("ratio", "times"):
        return f"{value.quantize(Decimal('0.01') if decimals is None else Decimal(1).scaleb(-decimals))}" + ("×" if kind == "times" else "")
    if unit == "days":
        return f"{value.quantize(Decimal('0.1'))} days"
    return format_value(value, unit, scale=scale)


def signed(value: Decimal, unit: str | None, scale: int | None = None) -> str:
    """'+USD 4,606,000,000' / '−USD 1,781,000,000': a change with its sign in front."""
    text = format_value(abs(value), unit, scale=scale)
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def _cite_all(facts) -> tuple[list[Citation], dict[str, int]]:
    cites: list[Citation] = []
    index: dict[str, int] = {}
    for f in facts:
        if f.fact_id not in index:
            cites.append(fact_citation(f))
            index[f.fact_id] = len(cites)
    return cites, index


def _printed_note(f: Fact) -> str:
    if f.scale and f.value is not None and f.unit not in ("pure",):
        return f" (printed {f.raw}, {f.scale_text.lower() if f.scale_text else 'scaled'})"
    return ""


def _line(f: Fact) -> str:
    return f"{f.label}" + (f" ({f.member_text})" if f.dimensions else "")


def _kind_of(draft) -> str:
    f = draft.plan.formula
    if f is not None and draft.operation not in ("change", "growth"):
        return "percent" if f.unit == "percent" or draft.operation.endswith("growth") else f.unit
    return {"growth": "growth", "share": "share", "ratio": "ratio"}.get(draft.operation, "")


def compose(draft) -> Answer:
    """The answer's words and citations for a draft (before the judge reads them)."""
    plan = draft.plan
    if "answer" in draft.extra:  # text answers are written by their resolver
        return draft.extra["answer"]
    facts = [i.fact for i in draft.inputs]
    cites, index = _cite_all(facts)
    scale = plan.output.scale
    who = f"{facts[0].entity} — " if facts[0].entity and len({f.entity for f in facts}) == 1 else ""
    comp = None
    if draft.kind == "lookup":
        f = facts[0]
        value = format_value(f.value, f.unit, raw=f.raw, scale=scale, text_value=f.text_value)
        text = f"{who}{_line(f)}: {value}{_printed_note(f)} {period_phrase(f)} [1]."
        if plan.output.decimals is not None and f.value is not None:
            text += f" Rounded as asked: {_rounded(f.value, f.unit, scale, plan.output.decimals)}."
        for other in draft.extra.get("same", ()):
            cites.append(fact_citation(other))
        if len(cites) > 1:
            text += " The same figure is reported in " + ", ".join(
                f"{c.source} ({c.title}, row “{c.row}”) [{i + 1}]" for i, c in enumerate(cites) if i > 0) + "."
        comp = None
    elif draft.kind == "series":
        parts = [f"{format_value(f.value, f.unit, raw=f.raw, scale=scale)} {period_phrase(f)} [{index[f.fact_id]}]" for f in facts]
        if len({_line(f) for f in facts}) > 1:  # several lines asked ('the respective sales and purchases'): each named
            parts = [f"{_line(f)}: {p}" for f, p in zip(facts, parts)]
            text = f"{who}" + "; ".join(parts) + "."
        else:
            text = f"{who}{_line(facts[0])}: " + "; ".join(parts) + "."
    elif draft.kind == "which":
        parts = [f"{format_value(f.value, f.unit, raw=f.raw, scale=scale)} ({i.slot.label}) [{index[f.fact_id]}]"
                 for f, i in zip(facts, draft.inputs)]
        words = draft.answer_words
        if words[:1].islower() and not any(c.isupper() for c in words):  # 'fiscal 2024' starts a sentence; 'iPhone' stays
            words = words[:1].upper() + words[1:]
        text = f"{words} — {who}{_line(facts[0]) if len({_line(f) for f in facts}) == 1 else 'compared'}: " \
               + " versus ".join(parts) + "."
    else:  # arith
        # the expression's markers are the inputs' positions; the citations cite each fact once
        marker = {i + 1: index[inp.fact.fact_id] for i, inp in enumerate(draft.inputs)}
        expression = re.sub(r"\[(\d+)\]", lambda m: f"[{marker.get(int(m.group(1)), m.group(1))}]", draft.expression)
        kind = _kind_of(draft)
        shown = show_result(draft.value, draft.unit, kind, scale, plan.output.decimals if kind in ("percent", "share", "growth") else None)
        if draft.operation in ("change", "difference") and draft.unit != "pure":
            shown = signed(draft.value, draft.unit, scale)
        if draft.operation.endswith(" change") and draft.unit == "pure":
            sign = "+" if draft.value > 0 else "−" if draft.value < 0 else ""
            shown = f"{sign}{abs(draft.value * 100).quantize(Decimal('0.01'))} percentage points"
        human = expression.replace(" - ", " − ").replace(" * ", " × ").replace(" / ", " ÷ ")
        lines = [f"{(i.slot.label or _line(f))}: {_line(f)} {period_phrase(f)}, {format_value(f.value, f.unit, raw=f.raw)} [{index[f.fact_id]}]"
                 for f, i in zip(facts, draft.inputs)]
        name = draft.name[:1].upper() + draft.name[1:]
        text = f"{who}{name}: {shown}, computed as {human} from: " + "; ".join(dict.fromkeys(lines)) + "."
        sides = tuple(tuple(marker[i + 1] - 1 for i in side) for side in draft.extra.get("sides", ()))
        comp = Computation(operation=draft.operation, formula=human, inputs=tuple(range(len(cites))), result=draft.value,
                           expression=expression, sides=sides)
    for note in draft.notes:
        text += " " + _note(note, cites)
    period = facts[0].period.iso() if facts[0].period else ""
    kind = {"lookup": "lookup", "series": "lookup", "which": "lookup"}.get(draft.kind, "arith")
    return Answer(question=plan.text, status=AnswerStatus.ANSWERED, text=text, value=draft.value, unit=draft.unit,
                  citations=tuple(cites), period=period, kind=kind, computation=comp)


def _rounded(value: Decimal, unit: str | None, scale: int | None, decimals: int) -> str:
    """The reported value at the scale and number of decimals the question asked for ('394 billion')."""
    if unit == "pure":
        return f"{(value * 100).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)}%"
    shown = value.scaleb(-scale) if scale else value
    shown = shown.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return format_value(shown.scaleb(scale) if scale else shown, unit, scale=scale)


def _note(note, cites: list[Citation]) -> str:
    """A note's words with a marker for each thing it cites (appended to the answer's citations)."""
    if isinstance(note, str):
        return note
    marks = []
    for cited in note.cites:
        if isinstance(cited, Fact):
            cites.append(fact_citation(cited))
        else:
            chunk, sentence = cited
            cites.append(chunk_citation(chunk, sentence))
        marks.append(f"[{len(cites)}]")
    return note.text.format(*marks)


def abstention(question: str, reason: str, suggestions: tuple[str, ...] = (), near=()) -> Answer:
    """An honest 'I can't answer that', with the reason in one sentence and what to ask instead."""
    text = f"I can't answer that from the indexed filings. {reason}"
    cites = tuple(fact_citation(f) for f in near[:2])
    if cites:
        text += " The closest reported figure is cited below, but it is not what was asked."
    if suggestions:
        text += " You could ask: " + "; ".join(f"“{s}”" for s in suggestions[:3])
    return Answer(question=question, status=AnswerStatus.ABSTAINED, text=text, kind="abstain", reason=reason,
                  suggestions=tuple(suggestions), citations=cites)


def joined(question: str, answers: list[Answer]) -> Answer:
    """Two questions asked in one, answered in turn: each answer's words with its citation markers moved
    past the ones before it; an abstained part says so in its turn."""
    if all(a.abstained for a in answers):
        first = answers[0]
        return abstention(question, " ".join(a.reason for a in answers if a.reason) or first.reason)
    texts, cites, notes = [], [], []
    for n, a in enumerate(answers, 1):
        offset = len(cites)
        texts.append(f"({n}) " + re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", a.text))
        cites.extend(a.citations)
        notes.extend(a.notes)
    return Answer(question=question, status=AnswerStatus.ANSWERED, text=" ".join(texts), citations=tuple(cites),
                  kind="narrative", notes=tuple(dict.fromkeys(notes)), extra={"parts": tuple(answers)})

