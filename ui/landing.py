"""What a new user sees first: which companies and filings are loaded, and example questions that
name a company and that the served index answers right.

Examples are made from the served index, never written down with their answers: for each company,
a headline line item of its latest full year (preferring the concepts analysts ask about first),
turned into a question and then asked through the real engine. An example is offered only when the
engine answers it, verified, with the very cell it was made from; anything else is dropped.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass

from .answer_view import shows_verified
from .formatting import company_name, esc

__all__ = ["SAMPLE_EXAMPLES", "MAX_EXAMPLES", "Example", "company_name", "loaded_html", "examples_for", "current_examples"]

log = logging.getLogger(__name__)

# The bundled sample filings name no company; these questions fit them (checked like the others).
SAMPLE_EXAMPLES = (
    "What was the share-based compensation expense for RSUs in 2022?",
    "How many restricted stock units vested in 2023?",
    "What was the total share-based compensation expense for options and RSUs in 2022?",
    "What was the share-based compensation expense for RSUs by year?",
    "How do the options vest?",
    "What was the company's revenue in 2022?",
)
_SAMPLE_SOURCES = {"000_7fa0d5a809f76b6d.txt", "004_fc044cdb5774b8f4.txt"}
# Line items analysts ask about first (XBRL concept local names), in that order.
_HEADLINE_CONCEPTS = ("Revenues", "RevenueFromContractWithCustomerExcludingAssessedTax", "SalesRevenueNet",
                      "NetIncomeLoss", "OperatingIncomeLoss", "GrossProfit", "Assets")
MAX_TRIES = 14  # engine calls per index commit, bounded
MAX_EXAMPLES = 6


@dataclass(frozen=True)
class Example:
    question: str
    company: str = ""


def loaded_html(reader) -> str:
    """One line per company: its filings (form, fiscal year); filings that name no company last."""
    by_company: dict[str, list[str]] = {}
    seen: set[tuple] = set()
    for f in sorted(reader.filings(), key=lambda f: (f.entity == "", f.entity, f.fiscal_year or 0)):
        key = (f.entity, f.form, f.fiscal_year, f.source.split("/")[0] if f.entity else f.source)
        if key in seen:
            continue
        seen.add(key)
        what = " ".join(x for x in (f.form, f"FY{f.fiscal_year}" if f.fiscal_year else "") if x) or f.source
        if what not in by_company.setdefault(f.entity, []):
            by_company[f.entity].append(what)
    if not by_company:
        return ('<div class="fq-loaded" id="fq-loaded-list"><b>No filings loaded yet.</b> Add some in the '
                '<b>Sources</b> tab.</div>')
    chips = []
    for entity, filings in by_company.items():
        name = esc(company_name(entity)) if entity else "Filings naming no company"
        chips.append(f'<span class="fq-co" title="{esc(entity)}"><b>{name}</b> <span class="fq-muted">'
                     f'{esc(", ".join(filings[:3]))}{" …" if len(filings) > 3 else ""}</span></span>')
    n = len(reader.filings())
    companies = sum(1 for e in by_company if e)
    lead = (f"{companies} compan{'y' if companies == 1 else 'ies'}, {n} filing document{'s' if n != 1 else ''} loaded:"
            if companies else f"{n} filing document{'s' if n != 1 else ''} loaded:")
    return f'<div class="fq-loaded" id="fq-loaded-list"><span class="fq-loaded-lead">{lead}</span> {"".join(chips)}</div>'


def _headline_facts(reader, entity: str) -> list:
    """The entity's headline line items for its latest full year, most wanted first."""
    placeholders = ", ".join("?" for _ in _HEADLINE_CONCEPTS)
    facts = reader.query_facts(
        "entity = ? AND n_members = 0 AND value_num IS NOT NULL AND period_end IS NOT NULL "
        f"AND regexp_replace(concept, '^.*:', '') IN ({placeholders}) "
        "AND (period_start IS NULL OR date_diff('day', period_start, period_end) > 350)",
        [entity, *_HEADLINE_CONCEPTS], limit=200, order="period_end DESC, source, row_index")
    rank = {c: i for i, c in enumerate(_HEADLINE_CONCEPTS)}
    latest = max((f.period.end for f in facts), default=None)
    picked: dict[str, object] = {}
    annual = [f for f in facts if f.period.start is not None]
    latest = max((f.period.end for f in annual), default=latest)  # a full year's flows before a balance
    for f in sorted(facts, key=lambda f: (f.period.end != latest, f.period.start is None, rank.get(f.concept.split(":")[-1], 99))):
        picked.setdefault(f.concept.split(":")[-1], f)
    return list(picked.values())


def _label(f) -> str:
    """'Net income (loss)' -> 'net income': the words a person would type."""
    label = re.sub(r"\s*\([^)]*\)\s*$", "", f.label).strip() or f.label
    label = re.sub(r"\s+Loss$", "", label) if re.search(r"\bIncome Loss$", label) else label  # 'Net Income Loss'
    # 'Net Income' -> 'net income'; acronyms ('EBITDA', 'R&D') stay as written
    return " ".join(w if (w.isupper() and len(w) > 1) else w.lower() for w in label.split())


def _answered_right(engine, question: str, fact) -> bool:
    try:
        a = engine.ask(question)
    except Exception:  # an example that fails is simply not offered
        log.exception("checking example %r failed", question)
        return False
    return shows_verified(a) and a.value == fact.value and any(c.fact_id == fact.fact_id for c in a.citations)


def examples_for(engine, limit: int = 6) -> tuple[Example, ...]:
    """Example questions for the served index, each checked against the engine."""
    reader = engine.reader
    sources = {f.source for f in reader.filings()}
    if _SAMPLE_SOURCES <= sources:
        return tuple(Example(q) for q in SAMPLE_EXAMPLES)
    entities = [e for e, *_ in reader.entities() if e]
    out: list[Example] = []
    tries = 0
    growth: list[tuple[str, object]] = []
    for round_ in range(2):  # one per company first, then a second line item each
        for entity in entities:
            facts = _headline_facts(reader, entity)
            if len(facts) <= round_:
                continue
            f = facts[round_]
            if len(_label(f).split()) > 6:  # a concept name spelled out, not words anyone types
                continue
            name = company_name(entity)
            q = f"What was {name}'s {_label(f)} in {f.period.end.year}?"
            if tries >= MAX_TRIES or len(out) >= limit:
                break
            tries += 1
            if _answered_right(engine, q, f):
                out.append(Example(q, entity))
                growth.append((name, f))
    for name, f in growth[:1]:  # one computation, checked too
        q = f"How did {name}'s {_label(f)} change from {f.period.end.year - 1} to {f.period.end.year}?"
        if tries < MAX_TRIES and len(out) < limit + 1:
            tries += 1
            try:
                a = engine.ask(q)
                if shows_verified(a) and a.computation is not None and any(c.fact_id == f.fact_id for c in a.citations):
                    out.insert(min(2, len(out)), Example(q, f.entity))
            except Exception:
                log.exception("checking example %r failed", q)
    if not out:  # nothing checks out: fall back to line items found, still asked through the engine
        for f in reader.query_facts("period_end IS NOT NULL AND value_num IS NOT NULL AND n_members = 0", [], limit=60):
            if tries >= MAX_TRIES or len(out) >= 4:
                break
            q = f"What was {f.label[:1].lower()}{f.label[1:]} in {f.period.end.year}?"
            if f.label and len(f.label) < 70 and all(e.question != q for e in out):
                tries += 1
                if _answered_right(engine, q, f):
                    out.append(Example(q, f.entity))
    return tuple(out[:limit])


_checked: dict[str, tuple[int, tuple[Example, ...]]] = {}
_checked_lock = threading.Lock()


def current_examples(index, engine) -> tuple[Example, ...]:
    """The examples for the index as of its last commit: checked once per commit (a page opened after
    an upload shows examples for what is loaded now), then served from memory."""
    from index.storage import commit_stamp

    key = str(index)
    stamp = commit_stamp(index)
    with _checked_lock:  # one check per commit, however many pages open at once
        cached = _checked.get(key)
        if cached is None or cached[0] != stamp:
            cached = (stamp, examples_for(engine, MAX_EXAMPLES))
            _checked[key] = cached
    return cached[1]
