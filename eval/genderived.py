"""Derived-metric questions (margins, ratios, growth: gold computed from the facts of the inputs) and the
wrappers around a lookup or a derived metric (an analyst's request, USD millions, rounding, a definition
given in the question, a multi-year average)."""

from __future__ import annotations

from __future__ import annotations

import random
from collections import defaultdict
from decimal import Decimal

from .generator import WRAPPERS, Builder
from .genlookups import base_period, explain_lookup, metric_words
from .genmodel import Company, Generator
from .genvocab import CASH_FLOW_GROUPS, DERIVED, GROUP_BY_NAME, Derived
from .phrasing import possessive
from .xbrl_model import XFact as Fact

def _derived_inputs(g: Generator, co: str, d: Derived, pk: tuple) -> tuple[dict[str, Decimal], list[Fact]] | None:
    """The input values of ``d`` for the period ``pk`` ('FY', fy) or ('Q', fy, q), or None when one is
    missing or ambiguous."""
    kind = pk[0]
    vals: dict[str, Decimal] = {}
    facts: list[Fact] = []
    for role, group, when in d.inputs:
        balance = GROUP_BY_NAME[group].statement == "balance"
        if kind == "Q" and (balance or when != "cur"):
            return None
        fy = pk[1] - (1 if when in ("prev", "open") else 0)
        key = ("FYE", fy) if (balance or d.timing == "instant") else ((kind, fy) if kind == "FY" else pk)
        got = g.group_value(co, group, key)
        if got is None:
            return None
        vals[role], fs = got
        facts += fs
    return vals, facts


def _effective_rate_reported(g: Generator, co: str, fy: int) -> Decimal | None:
    it = g.unique(co, ("c", "effectiveincometaxratecontinuingoperations"), ("FY", fy))
    return next(iter(it.values)) if it else None


def gen_derived(g: Generator, builders: dict[str, Builder]) -> list[tuple]:
    """Derived-metric questions; returns (co, derived, pk, value, facts) for the wrappers to reuse."""
    made = []
    periods: dict[str, set[tuple]] = defaultdict(set)
    for (co, mk, pk, member) in g.items:
        if not member and pk[0] in ("FY", "Q"):
            periods[co].add(pk)
    for d in DERIVED:
        b = builders.get(f"derived:{d.name}")
        cands = []
        for co in sorted(periods):
            if co not in g.companies:
                continue
            for pk in sorted(periods[co]):
                if pk[0] == "Q" and d.name not in ("gross_margin", "operating_margin", "net_margin"):
                    continue
                got = _derived_inputs(g, co, d, pk)
                if got is None:
                    continue
                vals, facts = got
                if any(v == 0 for v in vals.values()) or (d.display == "pct" and "rev" in vals and vals["rev"] < 0):
                    continue
                value = d.compute(vals)
                if d.name == "effective_tax_rate":
                    rep = _effective_rate_reported(g, co, pk[1])
                    if rep is not None and abs(rep - value) > abs(value) * Decimal("0.0001"):
                        continue  # the filing states a rounded rate (16.2% vs 16.204%): two defensible golds
                cands.append((co, d, pk, value, facts, vals))
        made.extend(cands)
        if b is None:
            continue
        pool = list(cands)
        b.rng.shuffle(pool)
        for co, d_, pk, value, facts, vals in pool:
            c = g.companies[co]
            period = base_period(g, pk, b.rng) if pk[0] == "FY" else g.period_phrase(
                b.rng.choice(("q_fy", "ordinal_quarter")), pk, b.rng)
            if d.timing == "instant":
                period = g.period_phrase(b.rng.choice(("end_of_fiscal", "year_end")), ("FYE", pk[1]), b.rng)
            q = _derived_question(c, d, period, b.rng)
            b.add(q, "arith", value, _derived_unit(d, facts), facts[0].source, facts,
                  f"{d.formula} with " + ", ".join(f"{k}={v}" for k, v in vals.items()))
    return made


def _derived_unit(d: Derived, facts: list[Fact]) -> str | None:
    if d.display in ("pct", "ratio"):
        return "pure"
    if d.display == "money":
        return facts[0].unit
    return None  # days: no agreed unit name


def _derived_question(c: Company, d: Derived, period: str, rng: random.Random) -> str:
    word = rng.choice(d.words)
    q = rng.choice((f"What was {possessive(c.short)} {word} {period}?", f"What was the {word} of {c.short} {period}?",
                    f"Calculate {possessive(c.short)} {word} {period}."))
    if d.spell_out:
        q = q[:-1] + f", computed as {d.formula}" + q[-1]
    return q


def gen_wrappers(g: Generator, lookups, derived, builders: dict[str, Builder]) -> None:
    annual = [c for c in lookups if c[4][0] in ("FY", "FYE")]
    for w in WRAPPERS:
        b = builders.get(f"wrapper:{w}")
        if b is None:
            continue
        if w == "defined":
            _gen_defined(g, derived, b)
            continue
        if w == "multi_year_average":
            _gen_multi_year_average(g, derived, b)
            continue
        if w in ("round_decimals", "percentage_terms"):
            pool = [x for x in derived if x[1].display in ("pct", "ratio") and x[2][0] == "FY"]
            if w == "percentage_terms":
                pool = [x for x in pool if x[1].display == "pct"]
            b.rng.shuffle(pool)
            for co, d, pk, value, facts, vals in pool:
                c = g.companies[co]
                period = (g.period_phrase(b.rng.choice(("end_of_fiscal", "year_end")), ("FYE", pk[1]), b.rng)
                          if d.timing == "instant" else base_period(g, pk, b.rng))
                q = _derived_question(c, d, period, b.rng)
                if w == "percentage_terms":
                    q = b.rng.choice((f"{q} Answer in percentage terms.", f"Answer in percentage terms. {q}"))
                    b.add(q, "arith", value, "pure", facts[0].source, facts, d.formula)
                else:
                    q = f"{q} Round your answer to two decimal places."
                    b.add(q, "arith", value, "pure", facts[0].source, facts, d.formula, round_to=2,
                          display="pct" if d.display == "pct" else "ratio")
            continue
        pool = list(annual)
        if w == "usd_millions":
            pool = [x for x in pool if x[5].unit == "USD" and abs(x[5].value) >= 10 ** 6]
        if w == "cash_flow_statement":
            pool = [x for x in pool if x[3][0] == "g" and x[3][1] in CASH_FLOW_GROUPS]
        b.rng.shuffle(pool)
        for co, _form, words, mk, pk, f, it in pool:
            c = g.companies[co]
            q = g.ask(c.short, metric_words(mk, words, b.rng), base_period(g, pk, b.rng), b.rng)
            if w == "analyst":
                q = b.rng.choice((f"Assume you are a financial analyst reviewing {possessive(c.short)} filings. {q}",
                                  f"You are an equity research analyst. {q} Answer with the reported figure."))
            elif w == "usd_millions":
                q = b.rng.choice((f"{q} (in USD millions)", f"{q[:-1]} (in USD millions)?" if q.endswith("?") else q,
                                  f"{q} Answer in USD millions."))
            else:
                q = b.rng.choice((f"Base your judgment on the cash flow statement. {q}",
                                  f"{q} Use the cash flow statement."))
            b.add(q, "lookup", f.value, f.unit, f.source, it.facts, explain_lookup(f, mk, pk))


_STATEMENT_INSTRUCTIONS = (
    "Base your judgment on the information provided in the financial statements.",
    "Give a response to the question by relying on the details shown in the income statement and the balance sheet.",
    "Calculate (or extract) the answer from the statements as reported.",
)


def _gen_defined(g: Generator, derived, b: Builder) -> None:
    """Benchmark-style wrapping: the question gives its own definition of the metric ('X is defined as:
    A / B.'), asks for rounding, and names the fiscal year tersely ('FY2022'). The gold is the
    harness's own computation of that definition from the facts."""
    pool = [x for x in derived if x[2][0] == "FY"]
    b.rng.shuffle(pool)
    for co, d, pk, value, facts, vals in pool:
        c = g.companies[co]
        word = b.rng.choice(d.words)
        name = word[:1].upper() + word[1:]
        pct = d.display == "pct"
        ask = b.rng.choice((f"What is the FY{pk[1]} {word}{' (as a %)' if pct else ''} for {c.short}?",
                            f"What is {possessive(c.short)} FY{pk[1]} {word}?"))
        rounding = (" Answer in units of percents and round to one decimal place." if pct
                    else " Round your answer to two decimal places.")
        q = f"{ask} {name} is defined as: {d.formula}.{rounding} {b.rng.choice(_STATEMENT_INSTRUCTIONS)}"
        if d.display == "money":
            b.add(q.replace(rounding, " Answer in USD millions."), "arith", value, _derived_unit(d, facts), facts[0].source,
                  facts, d.formula)
        else:
            b.add(q, "arith", value, _derived_unit(d, facts), facts[0].source, facts, d.formula,
                  round_to=1 if pct else 2, display="pct" if pct else "ratio")


def _gen_multi_year_average(g: Generator, derived, b: Builder) -> None:
    """'What is the FY2020 - FY2022 3 year average of <metric> for <company>?': the mean of the metric
    over each fiscal year of the span, every year computed by the harness from the facts."""
    by_key: dict[tuple, dict[int, tuple]] = defaultdict(dict)
    for co, d, pk, value, facts, vals in derived:
        if pk[0] == "FY" and d.timing == "duration" and d.display in ("pct", "money"):
            by_key[(co, d.name)][pk[1]] = (d, value, facts)
    pool = []
    for (co, _name), years in sorted(by_key.items()):
        for y in sorted(years):
            for n in (2, 3):
                span = list(range(y - n + 1, y + 1))
                if all(x in years for x in span):
                    pool.append((co, span, [years[x] for x in span]))
    b.rng.shuffle(pool)
    words = {2: ("2 year", "two-year"), 3: ("3 year", "three-year")}
    for co, span, parts in pool:
        c = g.companies[co]
        d = parts[0][0]
        value = sum(p[1] for p in parts) / len(parts)
        facts = [f for p in parts for f in p[2]]
        word = b.rng.choice(d.words)
        n = b.rng.choice(words[len(span)])
        pct = d.display == "pct"
        q = b.rng.choice((f"What is the FY{span[0]} - FY{span[-1]} {n} average {word} for {c.short}?",
                          f"What is {possessive(c.short)} {n} average {word} from FY{span[0]} to FY{span[-1]}?"))
        if pct:
            b.add(q + " Answer in units of percents and round to one decimal place.", "arith", value, "pure",
                  facts[0].source, facts, f"mean of {d.formula} over fiscal {span[0]}-{span[-1]}", round_to=1, display="pct")
        else:
            b.add(q + " Answer in USD millions.", "arith", value, _derived_unit(d, facts), facts[0].source, facts,
                  f"mean of {d.formula} over fiscal {span[0]}-{span[-1]}")


