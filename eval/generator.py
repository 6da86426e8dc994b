"""Questions with gold answers, generated from the facts of filings as an independent reader reads
them (``eval.xbrl_facts``: lxml over the XBRL files, no code shared with the engine's parsers).

Every gold comes from the facts themselves: a lookup's gold IS the value of the fact it names; a
derived metric's gold is computed from the facts of its inputs; an abstention names a period, a
company or a metric the index does not have. A question is made only when its gold is unambiguous:
the company (by CIK), the metric words, the period words and (when named) the member pick out
exactly one distinct value among all the facts, and the period of every fact used is certain.

Periods are named on the FILER's fiscal calendar (``eval.fiscal``), in the forms analysts use.
Seeded: ``generate(facts, seed)`` gives the same questions for the same facts and seed, and each
category has its own random stream, so asking for one category does not change another.
"""

from __future__ import annotations

import random
from typing import Iterable

from .genmodel import PERIOD_FORMS, GenQuestion, Generator
from .genphrases import FISCAL_YEAR_FORMS, POSSESSIVE_FORMS, TICKER_FORMS, VERB_FAMILIES
from .genvocab import DERIVED
from .xbrl_model import XFact as Fact

__all__ = ["GenQuestion", "Generator", "generate", "CATEGORIES", "DEFAULT_PER_CATEGORY"]

DEFAULT_PER_CATEGORY = 100

COMPANY_FORMS = ("name", "short", "ticker", "cik", "terse")
METRIC_FORMS = ("label", "concept", "synonym")
WRAPPERS = ("analyst", "usd_millions", "cash_flow_statement", "round_decimals", "percentage_terms", "defined",
            "multi_year_average")
ABSTAIN_FORMS = ("period", "company", "metric")
# Text facts of the cover page (dei) and how one asks for them.
TEXT_FACTS: dict[str, tuple[str, ...]] = {
    "AuditorName": ("Who is {co}'s auditor?", "Which audit firm audits {co}?", "Who audited {pos} financial statements?"),
    "AuditorLocation": ("Where is {pos} auditor located?", "In which city is the auditor of {co} based?"),
    "EntityAddressCityOrTown": ("In which city is {co} headquartered?", "Where are {pos} principal executive offices (city)?"),
    "EntityIncorporationStateCountryCode": ("Where is {co} incorporated?", "In which state is {co} incorporated?"),
    "SecurityExchangeName": ("On which exchange is {pos} common stock listed?", "Where does {co} stock trade?"),
}
CATEGORIES: tuple[str, ...] = (
    *(f"period:{p}" for p in PERIOD_FORMS), *(f"metric:{m}" for m in METRIC_FORMS), "member",
    *(f"company:{c}" for c in (*COMPANY_FORMS, *TICKER_FORMS)), *(f"wrapper:{w}" for w in WRAPPERS),
    *(f"derived:{d.name}" for d in DERIVED), *(f"text:{t}" for t in TEXT_FACTS), *(f"abstain:{a}" for a in ABSTAIN_FORMS),
    # said as people say it, from the harness's own phrasing table (eval.genphrases, eval.genfamilies)
    *(f"verb:{f}" for f in VERB_FAMILIES), *(f"possessive:{f}" for f in POSSESSIVE_FORMS),
    *(f"fiscal:{f}" for f in FISCAL_YEAR_FORMS),
)


class Builder:
    """Makes the candidate questions of one category with that category's own random stream."""

    def __init__(self, gen: Generator, category: str):
        self.g = gen
        self.category = category
        self.rng = random.Random(f"{gen.seed}:{category}")
        self.out: list[GenQuestion] = []
        self.seen: set[str] = set()

    def add(self, question: str, kind: str, value, unit, source: str, facts: Iterable[Fact] = (), explain: str = "",
            round_to: int | None = None, display: str = "", accept_text: tuple[str, ...] = ()) -> None:
        if question in self.seen:
            return
        self.seen.add(question)
        slug = self.category.replace(":", "-")
        self.out.append(GenQuestion(id=f"gen-{slug}-{len(self.out) + 1:04d}", question=question, kind=kind,
                                    value=value, unit=unit, category=self.category, source=source,
                                    facts=tuple(dict.fromkeys(f.fact_id for f in facts)), explain=explain,
                                    round_to=round_to, display=display, accept_text=accept_text))


def generate(facts: Iterable[Fact], seed: int = 0, per_category: int | None = DEFAULT_PER_CATEGORY,
             categories: Iterable[str] | None = None) -> list[GenQuestion]:
    """Generated questions, at most ``per_category`` of each category (None: all), in category order.

    ``categories`` may name whole families ('period', 'derived') or single categories ('period:q_fy')."""
    wanted = list(CATEGORIES)
    if categories:
        sel = list(categories)
        wanted = [c for c in CATEGORIES if c in sel or c.split(":")[0] in sel]
    g = Generator(facts, seed)
    builders = {c: Builder(g, c) for c in wanted}
    from .genderived import gen_derived, gen_wrappers
    from .genfamilies import generate_people_phrasings
    from .genlookups import gen_abstain, gen_members, gen_metric_and_company, gen_periods, gen_text, lookups_of

    lookups = lookups_of(g)
    gen_periods(g, lookups, builders)
    gen_metric_and_company(g, lookups, builders)
    gen_members(g, builders)
    derived = gen_derived(g, builders)
    gen_wrappers(g, lookups, derived, builders)
    gen_text(g, builders)
    gen_abstain(g, lookups, builders)
    generate_people_phrasings(g, lookups, builders)
    out: list[GenQuestion] = []
    for c in wanted:
        qs = builders[c].out
        out.extend(qs if per_category is None else qs[:per_category])
    return out
