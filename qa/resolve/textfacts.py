"""Answers a filing's cover gives in words: who audits it, where it is, when its year ends.

Filings tag these as non-numeric XBRL facts (``dei:AuditorName``, ``dei:EntityAddressCityOrTown``,
``dei:CurrentFiscalYearEndDate`` ...). They are reported facts like any cell, so the answer cites
them as facts (kind "fact", the value as printed) instead of quoting whatever sentence happens to
mention an auditor. Each kind of question is one :class:`TextFactKind` entry in ``KINDS``: the
concepts that answer it, the question forms that ask for it, and the words those forms use (a
question with other content words asks for something else: "auditor fees" is not "auditor").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from index.facts import Fact

from ..answer import Answer, AnswerStatus, Citation
from ..find.passages import Asked as Question
from ..lexicon.textfacts import KINDS, MONTH_NAMES as _MONTH_NAMES, US_STATES as _US_STATES, TextFactKind
from ..present import fact_citation, format_value

__all__ = ["text_fact_answer", "fiscal_year_end_text", "KINDS"]


# --- choosing the facts ------------------------------------------------------------------------
def _company_key(f: Fact) -> str:
    return f.cik or f.entity.lower()


def _named(facts: list[Fact], q: Question, ciks: dict[str, str]) -> list[Fact]:
    """Facts of the companies the question names (by name or by the CIK the name resolves to:
    one company files under several spellings)."""
    if not q.entities:
        return facts
    names = {e.lower() for e in q.entities}
    wanted_ciks = {ciks[e] for e in q.entities if ciks.get(e)}
    return [f for f in facts if f.entity.lower() in names or (f.cik and f.cik in wanted_ciks)]


def _fits_period(f: Fact, q: Question) -> bool:
    if not q.periods or all(a.relation in ("latest", "after") for a in q.periods):
        return True
    years = {a.year for a in q.periods if a.year}
    days = {a.day for a in q.periods if a.day}
    return bool(f.fiscal_year in years or (f.report_date and f.report_date.year in years)
                or (f.report_date and f.report_date in days))


def _primary(facts: list[Fact], kind: TextFactKind) -> list[Fact]:
    """Several facts of one concept in one filing (one per class of stock): the common stock's,
    or the undimensioned one, first; each distinct value once."""
    def rank(f: Fact) -> tuple:
        common = any("common" in m.member.lower() or "ordinary" in m.member.lower() for m in f.dimensions)
        return (0 if not f.dimensions else 1 if common else 2, f.row_index)

    seen, out = set(), []
    for f in sorted(facts, key=rank):
        key = (f.text_value or f.raw or "").strip().lower() if f.value is None else str(f.value)
        if key and key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _filing_facts(facts: list[Fact], kind: TextFactKind) -> dict[str, list[Fact]]:
    """The answering facts of each company's latest filing that reports them."""
    by_company: dict[str, dict[str, list[Fact]]] = {}
    for f in facts:
        by_company.setdefault(_company_key(f), {}).setdefault(f.filing_id, []).append(f)
    out = {}
    for company, filings in by_company.items():
        def when(fid: str) -> tuple:
            fs = filings[fid]
            has_main = any(f.concept.split(":")[-1] == kind.concepts[0] for f in fs)
            rd = max((f.report_date for f in fs if f.report_date), default=date.min)
            return (has_main, rd, fid)
        best = max(filings, key=when)
        if any(f.concept.split(":")[-1] == kind.concepts[0] for f in filings[best]) or kind.join == "address":
            out[company] = filings[best]
    return out


# --- writing the answer ----------------------------------------------------------------------------
def fiscal_year_end_text(raw: str) -> str:
    """'--09-30' / '09-30' / '12/31' -> 'September 30'; 'February 2' stays as printed."""
    t = raw.strip()
    m = re.fullmatch(r"-{0,2}(\d{1,2})[-/](\d{1,2})", t)
    if m and 1 <= int(m.group(1)) <= 12:
        return f"{_MONTH_NAMES[int(m.group(1)) - 1]} {int(m.group(2))}"
    return t


def _shown(f: Fact, kind: TextFactKind) -> str:
    text = (f.text_value or f.raw or "").strip()
    local = f.concept.split(":")[-1]
    if kind.join == "fiscal":
        return fiscal_year_end_text(text)
    if local == "EntityIncorporationStateCountryCode" and text.upper() in _US_STATES:
        return f"{text} ({_US_STATES[text.upper()]})"
    if local in ("EntityAddressCityOrTown",):
        return text.rstrip(", ")
    return text


def _joined(parts: list[tuple[Fact, str, int]], kind: TextFactKind) -> str:
    """Parts are (fact, shown text, citation number)."""
    if kind.join == "phone":
        area = next((s for f, s, _ in parts if f.concept.endswith("CityAreaCode")), "")
        local = next((s for f, s, _ in parts if f.concept.endswith("LocalPhoneNumber")), "")
        marks = "".join(f"[{n}]" for _, _, n in parts)
        area = area if area.startswith("(") else f"({area})" if area else ""
        return f"{area} {local}".strip() + f" {marks}"
    if kind.join == "address":
        out = []
        for f, s, n in parts:
            sep = " " if f.concept.endswith("PostalZipCode") and out else ", " if out else ""
            out.append(f"{sep}{s} [{n}]")
        return "".join(out)
    return "; ".join(f"{s} [{n}]" for _, s, n in parts)


def _when_text(f: Fact) -> str:
    if f.period is None:
        return ""
    return f"{f.period.end:%b. %d, %Y}"


def _one_company(facts: list[Fact], kind: TextFactKind, cites: list[Citation]) -> tuple[str, Fact]:
    """The answer clause for one company's facts, appending their citations."""
    main_concepts = [c for c in kind.concepts]
    parts: list[tuple[Fact, str, int]] = []
    for concept in main_concepts:
        chosen = _primary([f for f in facts if f.concept.split(":")[-1] == concept], kind)
        for f in chosen[: (1 if kind.join in ("address", "phone") else 4)]:
            cites.append(fact_citation(f))
            parts.append((f, _shown(f, kind), len(cites)))
    head = parts[0][0]
    who = head.entity or "The company"
    if kind.as_of:
        f = head
        amount = format_value(f.value, f.unit, raw=f.raw, text_value=f.text_value)
        clause = f"{who} reported its {kind.noun} ({amount}) as of {_when_text(f)} [{parts[0][2]}]"
        return clause, head
    value = _joined(parts, kind)
    clause = f"{who}'s {kind.noun}: {value}"
    extras = []
    for concept in kind.companions:
        comp = _primary([f for f in facts if f.concept.split(":")[-1] == concept], kind)
        if comp:
            cites.append(fact_citation(comp[0]))
            extras.append(f"{comp[0].label.lower()} {(comp[0].text_value or comp[0].raw).strip()} [{len(cites)}]")
    if extras:
        clause += " (" + "; ".join(extras) + ")"
    return clause, head


def text_fact_answer(facts: Iterable[Fact], q: Question, kind: TextFactKind,
                     ciks: dict[str, str] | None = None) -> Answer | None:
    """An answer citing the cover facts of ``kind`` for the companies the question names, or None
    when the index holds no such fact for them (the caller may then look in the text)."""
    pool = [f for f in facts if f.concept.split(":")[-1] in set(kind.concepts) | set(kind.companions)]
    pool = [f for f in _named(pool, q, ciks or {}) if _fits_period(f, q)]
    if not pool:
        return None
    per_company = _filing_facts(pool, kind)
    if not per_company:
        return None
    cites: list[Citation] = []
    clauses: list[tuple[str, Fact]] = []
    for company in sorted(per_company, key=lambda c: per_company[c][0].entity.lower()):
        clauses.append(_one_company(per_company[company], kind, cites))
    if len(clauses) == 1:
        clause, head = clauses[0]
        source = ("cover page" if head.title.lower().startswith(("cover", "document and entity", "entity information"))
                  or not head.title else head.title)
        text = f"{clause}, as tagged in its filing for the period ended {head.report_date:%b. %d, %Y} ({source})." \
            if head.report_date else f"{clause}."
    else:
        text = ("The question names no company; the indexed filings report: "
                + "; ".join(c for c, _ in clauses[:6]) + ".")
    head = clauses[0][1]
    return Answer(
        question=q.text, status=AnswerStatus.ANSWERED, text=text, value=None, unit=None,
        citations=tuple(cites), period=head.period.iso() if head.period else "", kind="lookup",
        extra={"text_fact": kind.name},
    )
