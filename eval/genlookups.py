"""Lookup questions: one line item of one company for one period, named by its label, its concept or an
analyst's word, by every company form; a member's value; the cover page's text facts; and questions the
index cannot answer (a period, company or metric it does not have)."""

from __future__ import annotations

from __future__ import annotations

import random
import re
from collections import defaultdict

from .generator import COMPANY_FORMS, METRIC_FORMS, TEXT_FACTS, Builder
from .genmodel import PERIOD_FORMS, UNIT_OK, Generator, Item, usable_concept
from .genvocab import ABSENT_COMPANIES, ABSENT_METRICS, GROUP_BY_NAME
from .phrasing import clean_label, clean_member, possessive
from .xbrl_model import XFact as Fact

def lookups_of(g: Generator) -> list[tuple[str, tuple, str, tuple, Fact, Item]]:
    """Every unambiguous (company, metric form, metric key, period key, fact, item) with no member, in a
    stable order."""
    out = []
    seen = set()
    for f in g.facts:
        if f.dimensions or f.value is None or f.period is None or not usable_concept(f) or not UNIT_OK.match(f.unit or ""):
            continue
        co = g._company_key(f)
        if co not in g.companies:
            continue
        for form, mk, words in g.metric_keys(f):
            for pk in g.period_keys(f):
                key = (co, mk, pk)
                if key in seen:
                    continue
                seen.add(key)
                it = g.unique(co, mk, pk)
                said = unambiguous_words(g, co, mk, words, pk)
                if it is not None and f.value != 0 and said:
                    out.append((co, form, said, mk, pk, f, it))
    return out


def unambiguous_words(g: Generator, co: str, mk: tuple, words: str, pk: tuple, member: str = ""):
    """The words a question may use for this line item: the label or concept words when they name one
    value; for an analyst group, those of its words that do (a tuple; empty when none does)."""
    if mk[0] == "g":
        return tuple(w for w in GROUP_BY_NAME[mk[1]].words if g.says_one_value(co, w, pk, member))
    return words if g.says_one_value(co, words, pk, member) else ""


def metric_words(mk: tuple, words, rng: random.Random) -> str:
    """The words for one question: a group's unambiguous words are chosen from at random."""
    return rng.choice(words) if mk[0] == "g" else words


def explain_lookup(f: Fact, mk: tuple, pk: tuple) -> str:
    return f"{f.source}: {f.concept or f.label} {f.period.iso() if f.period else ''} = {f.raw} ({f.value} {f.unit}); " \
           f"key {mk} {pk}"


def gen_periods(g: Generator, lookups, builders: dict[str, Builder]) -> None:
    for form, kind in PERIOD_FORMS.items():
        b = builders.get(f"period:{form}")
        if b is None:
            continue
        pool = [c for c in lookups if c[4][0] == kind]
        if form == "calendar_year":
            pool = [c for c in pool if g.companies[c[0]].december_year_end]
        b.rng.shuffle(pool)
        for co, mform, words, mk, pk, f, it in pool:
            phrase = g.period_phrase(form, pk, b.rng)
            if phrase is None:
                continue
            c = g.companies[co]
            q = g.ask(g.company_phrase(c, "short", b.rng), metric_words(mk, words, b.rng), phrase, b.rng)
            b.add(q, "lookup", f.value, f.unit, f.source, it.facts, explain_lookup(f, mk, pk))


_ANNUAL_FORMS = ("fiscal_year", "FY_long", "FY_short", "fiscal_year_words")


def base_period(g: Generator, pk: tuple, rng: random.Random) -> str | None:
    """A plain way to say a fiscal year or year-end (for categories that test something else)."""
    if pk[0] == "FY":
        return g.period_phrase(rng.choice(_ANNUAL_FORMS), pk, rng)
    if pk[0] == "FYE":
        return g.period_phrase(rng.choice(("end_of_fiscal", "year_end")), pk, rng)
    return None


def gen_metric_and_company(g: Generator, lookups, builders: dict[str, Builder]) -> None:
    for mform in METRIC_FORMS:
        b = builders.get(f"metric:{mform}")
        if b is None:
            continue
        pool = [c for c in lookups if c[1] == mform and c[4][0] in ("FY", "FYE")]
        b.rng.shuffle(pool)
        for co, _form, words, mk, pk, f, it in pool:
            c = g.companies[co]
            q = g.ask(g.company_phrase(c, "short", b.rng), metric_words(mk, words, b.rng), base_period(g, pk, b.rng), b.rng)
            b.add(q, "lookup", f.value, f.unit, f.source, it.facts, explain_lookup(f, mk, pk))
    for cform in COMPANY_FORMS:
        b = builders.get(f"company:{cform}")
        if b is None:
            continue
        pool = [c for c in lookups if c[4][0] in (("FY", "Q") if cform == "terse" else ("FY", "FYE"))]
        pool = [c for c in pool if (cform not in ("ticker", "terse") or g.companies[c[0]].ticker)
                and (cform != "cik" or g.companies[c[0]].cik) and (cform != "terse" or c[3][0] == "g")]
        b.rng.shuffle(pool)
        for co, _form, words, mk, pk, f, it in pool:
            c = g.companies[co]
            m = metric_words(mk, words, b.rng)
            if cform == "terse":
                yy = pk[1] % 100
                p = f"FY{yy:02d}" if pk[0] == "FY" else b.rng.choice((f"Q{pk[2]} FY{yy:02d}", f"{pk[2]}Q{yy:02d}"))
                q = f"{c.ticker} {m} {p}"
            else:
                q = g.ask(g.company_phrase(c, cform, b.rng), m, base_period(g, pk, b.rng), b.rng, of_form=cform == "cik")
            b.add(q, "lookup", f.value, f.unit, f.source, it.facts, explain_lookup(f, mk, pk))


def gen_members(g: Generator, builders: dict[str, Builder]) -> None:
    b = builders.get("member")
    if b is None:
        return
    pool = []
    seen = set()
    for (co, mk, pk, member), it in g.items.items():
        if not member or pk[0] not in ("FY", "FYE", "Q") or len(it.values) != 1 or co not in g.companies:
            continue
        if mk[0] not in ("g", "l") or (co, mk[1], pk, member) in seen:
            continue
        seen.add((co, mk[1], pk, member))
        pool.append((co, mk, pk, member, it))
    pool.sort(key=lambda x: (x[0], str(x[1]), str(x[2]), x[3]))
    b.rng.shuffle(pool)
    for co, mk, pk, member, it in pool:
        f = it.facts[0]
        if f.value == 0:
            continue
        said = unambiguous_words(g, co, mk, clean_label(f.label), pk, member)
        if not said:
            continue
        words = metric_words(mk, said, b.rng)
        name = clean_member(f.dimensions[0].member)
        period = base_period(g, pk, b.rng) if pk[0] != "Q" else g.period_phrase("q_fy", pk, b.rng)
        c = g.companies[co]
        q = b.rng.choice((f"What was {possessive(c.short)} {name} {words} {period}?",
                          f"What was the {words} of {c.short}'s {name} segment {period}?"
                          if "segment" in (f.dimensions[0].axis or "").lower() else
                          f"How much {words} came from {name} at {c.short} {period}?"))
        b.add(q, "lookup", f.value, f.unit, f.source, it.facts, explain_lookup(f, mk, pk) + f" member {name}")




def gen_abstain(g: Generator, lookups, builders: dict[str, Builder]) -> None:
    annual = [c for c in lookups if c[4][0] == "FY" and c[3][0] == "g"]
    b = builders.get("abstain:period")
    if b is not None:
        pool = list(annual)
        b.rng.shuffle(pool)
        for co, _form, words, mk, pk, f, it in pool:
            years = g.fiscal_years.get(co) or {pk[1]}
            fy = min(years) - b.rng.randint(4, 9)
            c = g.companies[co]
            q = g.ask(c.short, metric_words(mk, words, b.rng), g.period_phrase(b.rng.choice(_ANNUAL_FORMS), ("FY", fy), b.rng), b.rng)
            b.add(q, "abstain", None, None, f.source, (), f"{c.short} has no facts before fiscal {min(years)}")
    b = builders.get("abstain:company")
    if b is not None:
        absent = [(n, t) for n, t in ABSENT_COMPANIES if n.lower() not in g.all_names and t.lower() not in g.all_names]
        pool = list(annual)
        b.rng.shuffle(pool)
        for co, _form, words, mk, pk, f, it in pool:
            name, ticker = b.rng.choice(absent)
            who = name if b.rng.random() < 0.7 else ticker
            q = g.ask(who, metric_words(mk, words, b.rng), base_period(g, pk, b.rng), b.rng)
            b.add(q, "abstain", None, None, "", (), f"{name} is not in the index")
    b = builders.get("abstain:metric")
    if b is not None:
        pool = sorted({(co, pk) for co, _f, _w, _mk, pk, _ff, _it in annual})
        b.rng.shuffle(pool)
        for co, pk in pool:
            labels = " | ".join(g.labels_of.get(co, ()))
            options = [m for m in ABSENT_METRICS
                       if not any(c.lower() in g.concepts_of.get(co, set()) for c in m.concepts)
                       and not any(w.lower() in labels for w in m.words)]
            if not options:
                continue
            m = b.rng.choice(options)
            c = g.companies[co]
            q = g.ask(c.short, m.words[0], base_period(g, pk, b.rng), b.rng)
            b.add(q, "abstain", None, None, "", (), f"{c.short} reports no {m.name}")


_STATES = {"DE": "Delaware", "TX": "Texas", "NV": "Nevada", "NE": "Nebraska", "CA": "California", "WA": "Washington",
           "GA": "Georgia", "MN": "Minnesota", "NY": "New York"}


def _accepted(concept: str, text: str) -> tuple[str, ...]:
    """The phrases a right answer may contain: the fact's text, its first part ('Seattle' of
    'Seattle, Washington'), a state's name for its code, an exchange's short name."""
    t = text.strip(" ,.;")
    out = [t]
    if "," in t:
        out.append(t.split(",")[0].strip())
    if concept == "EntityIncorporationStateCountryCode":
        if t.upper() in _STATES:
            out.append(_STATES[t.upper()])
        for code, name in _STATES.items():
            if t.lower() == name.lower():
                out.append(code)
    if concept == "SecurityExchangeName":
        if "nasdaq" in t.lower():
            out.append("Nasdaq")
        if "new york stock exchange" in t.lower():
            out.append("NYSE")
    return tuple(dict.fromkeys(out))


def gen_text(g: Generator, builders: dict[str, Builder]) -> None:
    """Narrative questions whose answer is a cover-page text fact (one distinct text per company)."""
    texts: dict[tuple[str, str], dict[str, list[Fact]]] = defaultdict(lambda: defaultdict(list))
    for f in g.facts:
        local = f.concept.split(":")[-1] if f.concept.startswith("dei:") else ""
        text = (f.text_value or "").strip()
        co = g._company_key(f)
        if local in TEXT_FACTS and co in g.companies and text and not f.dimensions and re.search(r"[A-Za-z]{2}", text):
            texts[(co, local)][text].append(f)
    for local, templates in TEXT_FACTS.items():
        b = builders.get(f"text:{local}")
        if b is None:
            continue
        for (co, loc), by_text in sorted(texts.items()):
            if loc != local or len(by_text) != 1:
                continue
            (text, facts), = by_text.items()
            accept = _accepted(local, text)
            c = g.companies[co]
            for name in dict.fromkeys((c.short, g.company_phrase(c, "name", b.rng))):
                q = b.rng.choice(templates).format(co=name, pos=possessive(name))
                b.add(q, "narrative", None, None, facts[0].source, facts, f"{local} = {text!r}", accept_text=accept)


