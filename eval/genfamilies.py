"""Question families said the way people say them (``eval.genphrases``): verbs, possessives with the
period first, tickers as typed, fiscal years in their many spellings.

Each family takes the same unambiguous (company, line item, period) picks as the harness's other
lookups (``lookups_of``: one distinct value for the words and the period), so its gold is the value
the independent reader read, and only the wording differs.
"""

from __future__ import annotations

from .generator import Builder
from .genlookups import base_period, explain_lookup, metric_words
from .genmodel import Generator
from .genphrases import (FISCAL_YEAR_FORMS, MEMBER_VERBS, POSSESSIVE_FORMS, TICKER_FORMS, VERB_FAMILIES,
                         VERB_PHRASES)
from .phrasing import ORDINAL, clean_member, month_year, possessive

__all__ = ["generate_people_phrasings"]


def _worded(lookups) -> list[tuple]:
    """The lookups named by an analyst's word or the line's printed label (not by a concept's name):
    these families test the wording around the line item, not the line item's own words."""
    return [x for x in lookups if x[1] in ("synonym", "label")]


def _period(g: Generator, pk: tuple, rng) -> str | None:
    if pk[0] == "Q":
        return g.period_phrase(rng.choice(("q_fy", "ordinal_quarter")), pk, rng)
    return base_period(g, pk, rng)


def _subject(g: Generator, co: str, rng) -> str:
    """The company as the subject of a verb: its short name mostly, its ticker sometimes."""
    c = g.companies[co]
    return c.ticker if c.ticker and rng.random() < 0.25 else c.short


def _verbs(g: Generator, lookups, builders: dict[str, Builder]) -> None:
    for family in VERB_FAMILIES:
        b = builders.get(f"verb:{family}")
        if b is None:
            continue
        pool = [(v, x) for v in VERB_PHRASES if v.family == family
                for x in lookups if x[3] == ("g", v.group) and x[4][0] in ("FY", "Q")]
        pool += [(None, x) for x in _member_revenue(g)] if family in MEMBER_VERBS else []
        b.rng.shuffle(pool)
        for v, (co, _form, _words, mk, pk, f, it) in pool:
            period, who = _period(g, pk, b.rng), _subject(g, co, b.rng)
            if period is None:
                continue
            if v is None:
                member = clean_member(f.dimensions[0].member)
                q = b.rng.choice(MEMBER_VERBS[family]).format(co=who, member=member, p=period)
                why = f" member {member}"
            else:
                q = b.rng.choice(v.templates).format(co=who, pos=possessive(who), p=period)
                why = ""
            b.add(q, "lookup", f.value, f.unit, f.source, it.facts, explain_lookup(f, mk, pk) + why)


def _member_revenue(g: Generator) -> list[tuple]:
    """(co, form, words, key, period, fact, item) for revenue of one member, in lookup shape."""
    out = []
    for (co, mk, pk, member), it in sorted(g.items.items(), key=lambda kv: str(kv[0])):
        if mk != ("g", "revenue") or not member or pk[0] not in ("FY", "Q") or len(it.values) != 1 \
                or co not in g.companies or it.facts[0].value == 0:
            continue
        out.append((co, "synonym", "", mk, pk, it.facts[0], it))
    return out


def _fiscal_forms(g: Generator, lookups, builders: dict[str, Builder]) -> None:
    for form, templates in FISCAL_YEAR_FORMS.items():
        b = builders.get(f"fiscal:{form}")
        if b is None:
            continue
        pool = [x for x in lookups if x[4][0] == "FY"]
        b.rng.shuffle(pool)
        for co, _form, words, mk, pk, f, it in pool:
            fy = pk[1]
            phrase = b.rng.choice(templates).format(fy=fy, yy=f"{fy % 100:02d}", end=month_year(f.period.end))
            q = g.ask(g.companies[co].short, metric_words(mk, words, b.rng), phrase, b.rng)
            b.add(q, "lookup", f.value, f.unit, f.source, it.facts, explain_lookup(f, mk, pk))


def _possessives(g: Generator, lookups, builders: dict[str, Builder]) -> None:
    for form, templates in POSSESSIVE_FORMS.items():
        b = builders.get(f"possessive:{form}")
        if b is None:
            continue
        pool = [x for x in lookups if x[4][0] == ("Q" if form == "quarter" else "FY")]
        b.rng.shuffle(pool)
        for co, _form, words, mk, pk, f, it in pool:
            fy, q = pk[1], (pk[2] if pk[0] == "Q" else 0)
            text = b.rng.choice(templates).format(pos=possessive(g.companies[co].short), fy=fy, yy=f"{fy % 100:02d}",
                                                  m=metric_words(mk, words, b.rng), q=q, nth=ORDINAL.get(q, ""))
            b.add(text[:1].upper() + text[1:], "lookup", f.value, f.unit, f.source, it.facts, explain_lookup(f, mk, pk))


def _tickers(g: Generator, lookups, builders: dict[str, Builder]) -> None:
    for form, templates in TICKER_FORMS.items():
        b = builders.get(f"company:{form}")
        if b is None:
            continue
        pool = [x for x in lookups if x[4][0] in ("FY", "FYE") and (form == "lowercase" or g.companies[x[0]].ticker)]
        b.rng.shuffle(pool)
        for co, _form, words, mk, pk, f, it in pool:
            c = g.companies[co]
            q = b.rng.choice(templates).format(ticker=c.ticker, lower=c.short.lower(), m=metric_words(mk, words, b.rng),
                                               p=base_period(g, pk, b.rng))
            b.add(q.lower() if form == "lowercase" else q, "lookup", f.value, f.unit, f.source, it.facts,
                  explain_lookup(f, mk, pk))


def generate_people_phrasings(g: Generator, lookups, builders: dict[str, Builder]) -> None:
    lookups = _worded(lookups)
    _verbs(g, lookups, builders)
    _fiscal_forms(g, lookups, builders)
    _possessives(g, lookups, builders)
    _tickers(g, lookups, builders)
