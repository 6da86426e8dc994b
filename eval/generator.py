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
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Callable, Iterable

from .xbrl_model import XFact as Fact

from .fiscal import FiscalCalendar, calendar_of_filing, duration_kind
from .genvocab import (ABSENT_COMPANIES, ABSENT_METRICS, CASH_FLOW_GROUPS, DERIVED, GENERIC_WORDS, GROUP_BY_NAME,
                       GROUPS, SINGLE_WORD_LABELS, Derived)
from .genphrases import FISCAL_YEAR_FORMS, POSSESSIVE_FORMS, TICKER_FORMS, VERB_FAMILIES
from .gold import GoldQuestion
from .phrasing import (MONTHS_WORD, ORDINAL, clean_label, clean_member, concept_words, fmt_date, label_key,
                       month_year, possessive, short_name)

__all__ = ["GenQuestion", "Generator", "generate", "CATEGORIES"]

DEFAULT_PER_CATEGORY = 100

_CONCEPT_GROUP = {c.lower(): g.name for g in GROUPS for c in g.concepts}
_MEMBER_AXIS = re.compile(r"segment|product|service|geograph", re.IGNORECASE)
_MEMBER_SKIP = re.compile(r"aggregation|reportable|eliminat|consolidat|corporate|adjust|all other|intersegment|"
                          r"operating segment|nonreportable|parent|subsidiar|scenario|minimum|maximum|member$",
                          re.IGNORECASE)
_DEI_KEEP = {"entitypublicfloat", "entitycommonstocksharesoutstanding"}
# A label that says one of these is a question about the derived ratio, not the line item
# (Apple's "Gross margin" row is dollars; "gross margin" in a question usually means a percentage).
_DERIVED_WORDS = {w.lower() for d in DERIVED for w in d.words} | {"gross margin", "operating margin", "net margin"}
# An analyst word ("net income") names its group's concepts: a line item of another concept that
# happens to carry that label (Tesla's redeemable-NCI "Net income") is not what the words ask for.
_GROUP_WORD = {label_key(w): g.name for g in GROUPS for w in g.words}
_UNIT_OK = re.compile(r"^(USD|EUR|GBP|JPY|CNY|CHF|CAD|AUD|shares|USD/shares|EUR/shares|pure)$")


@dataclass(frozen=True)
class GenQuestion:
    """One generated question; ``gold()`` is the DESIGN.md gold record, ``to_json()`` adds the category."""

    id: str
    question: str
    kind: str  # lookup | arith | abstain
    value: Decimal | None
    unit: str | None
    category: str
    source: str
    facts: tuple[str, ...] = ()  # the fact ids the gold comes from
    explain: str = ""  # how the gold was obtained, for a person reading the dump
    round_to: int | None = None  # the question asks for this many decimals (of the displayed number)
    display: str = ""  # 'pct' when the displayed number is a percentage of the fractional gold
    accept_text: tuple[str, ...] = ()  # narrative questions: phrases a right answer contains

    def gold(self) -> GoldQuestion:
        # a text question's phrases are alternatives ('Seattle, Washington' or 'Seattle'; 'DE' or 'Delaware')
        return GoldQuestion(id=self.id, question=self.question, kind=self.kind, value=self.value, unit=self.unit,
                            accept_text=self.accept_text, source=self.source, accept_mode="any")

    def to_json(self) -> dict:
        out = {"id": self.id, "question": self.question, "kind": self.kind,
               "value": None if self.value is None else (int(self.value) if self.value == self.value.to_integral_value()
                                                         and abs(self.value) < 10 ** 18 else float(self.value)),
               "unit": self.unit, "accept_text": list(self.accept_text), "accept_mode": "any", "source": self.source,
               "category": self.category,
               "facts": list(self.facts), "explain": self.explain}
        if self.round_to is not None:
            out["round_to"] = self.round_to
            out["display"] = self.display
        return out


@dataclass(frozen=True)
class Company:
    key: str  # CIK when known, else the entity name
    cik: str
    names: tuple[str, ...]
    ticker: str
    short: str
    december_year_end: bool


@dataclass
class _Item:
    """What one (company, metric words, period words, member) picks out."""

    values: set[Decimal] = field(default_factory=set)
    facts: list[Fact] = field(default_factory=list)


def _usable_concept(f: Fact) -> bool:
    local = f.concept.split(":")[-1].lower()
    prefix = f.concept.split(":")[0].lower() if ":" in f.concept else ""
    if prefix == "dei":
        return local in _DEI_KEEP
    if prefix in ("ecd", "cyd") or "textblock" in local or "policy" in local:
        return False
    return True


def _label_ok(label: str) -> bool:
    words = re.findall(r"[a-z]+", label.lower())
    content = [w for w in words if w not in GENERIC_WORDS and len(w) > 2]
    # a label with figures in it ("net of tax of $(83), $72") or a year names a cell, not a line item
    if not content or re.match(r"^\s*\(", label) or re.search(r"\d{2}|\$", label) or len(label) > 100:
        return False
    return len(words) >= 2 or words[0] in SINGLE_WORD_LABELS


# words that do not tell two line items apart: fillers, and the accounting verbs a label may carry
# ("Revenue recognized" in a deferred-revenue roll-forward reads as "revenue" out of its table)
_FILLER = frozenset("a an and of the in on at to for by recognized recorded reported incurred".split())


def word_bag(text: str) -> frozenset:
    """The words of a line item, in any order, without filler words."""
    return frozenset(w for w in label_key(text).split() if w not in _FILLER)


class Generator:
    """Reads the facts once; each ``_gen_*`` method makes the candidates of some categories."""

    def __init__(self, facts: Iterable[Fact], seed: int = 0):
        self.seed = seed
        facts = list(facts)
        by_filing: dict[str, list[Fact]] = defaultdict(list)
        for f in facts:
            by_filing[f.filing_id].append(f)
        self.calendars: dict[str, FiscalCalendar] = {}
        self.report_fp: dict[str, tuple[date | None, str]] = {}
        for fid, fs in by_filing.items():
            cal = calendar_of_filing(fs)
            if cal is not None:
                self.calendars[fid] = cal
            self.report_fp[fid] = (next((x.report_date for x in fs if x.report_date), None),
                                   next((x.fiscal_period for x in fs if x.fiscal_period), ""))
        self.company_calendar: dict[str, FiscalCalendar] = {}
        self.companies: dict[str, Company] = {}
        names: dict[str, list[str]] = defaultdict(list)
        tickers: dict[str, str] = {}
        for f in facts:
            key = self._company_key(f)
            if not key:
                continue
            if f.entity and f.entity not in names[key]:
                names[key].append(f.entity)
            if f.ticker:
                tickers.setdefault(key, f.ticker)
            if key not in self.company_calendar and f.filing_id in self.calendars:
                self.company_calendar[key] = self.calendars[f.filing_id]
        for key, ns in names.items():
            cal = self.company_calendar.get(key)
            self.companies[key] = Company(key=key, cik=key if key.isdigit() else "", names=tuple(ns),
                                          ticker=tickers.get(key, ""), short=short_name(ns[0]),
                                          december_year_end=bool(cal and cal.anchor_end.month == 12 and cal.anchor_end.day == 31))
        self.all_names = {n.lower() for c in self.companies.values() for n in (*c.names, c.short, c.ticker) if n}
        self.labels_of: dict[str, set[str]] = defaultdict(set)  # company -> every label, lower case
        self.concepts_of: dict[str, set[str]] = defaultdict(set)
        self.fiscal_years: dict[str, set[int]] = defaultdict(set)
        self.items: dict[tuple, _Item] = defaultdict(_Item)
        # every value some words can name: (company, bag of words, period, member) -> values. Words name a
        # fact through its printed label, its concept's name and its group's analyst words, in any order
        # ("other expense (income), net" also reads "other income (expense), net")
        self.readings: dict[tuple, set[Decimal]] = defaultdict(set)
        self.facts = facts
        for f in facts:
            self._index(f)

    # --- reading the facts ------------------------------------------------------------------------
    @staticmethod
    def _company_key(f: Fact) -> str:
        return (f.cik or "").lstrip("0") or f.entity

    def calendar_of(self, f: Fact) -> FiscalCalendar | None:
        return self.calendars.get(f.filing_id) or self.company_calendar.get(self._company_key(f))

    def period_keys(self, f: Fact) -> list[tuple]:
        """Every way of naming this fact's period that the generator knows, as resolution keys:
        ('FY', fy), ('Q', fy, q), ('H1', fy), ('9M', fy), ('YTD', end), ('D', start, end, months),
        ('QM', year, month), ('CY', year), ('I', end), ('FYE', fy), ('MY', year, month)."""
        p = f.period
        if p is None:
            return []
        cal = self.calendar_of(f)
        keys: list[tuple] = []
        if p.kind == "instant":
            keys.append(("I", p.end))
            keys.append(("MY", p.end.year, p.end.month))
            if cal and cal.is_year_end(p.end):
                keys.append(("FYE", cal.fiscal_year_of(p.end)))
            return keys
        if p.kind != "duration":
            return []  # a bare date (flattened text) does not say instant or duration
        dk = duration_kind(p, cal)
        if dk is None or not dk.months:
            return []
        keys.append(("D", p.start, p.end, dk.months))
        if cal is None:
            return keys
        fy = cal.fiscal_year_of(p.end)
        if dk.months == 12 and cal.is_year_end(p.end):
            keys.append(("FY", fy))
            if p.end.month == 12 and p.end.day == 31 and p.start.month == 1 and p.start.day == 1:
                keys.append(("CY", p.end.year))
        if dk.months == 3:
            q = cal.quarter_of(p.end)
            if q:
                keys.append(("Q", fy, q))
                keys.append(("QM", p.end.year, p.end.month))
        if dk.from_fiscal_start and dk.months == 6:
            keys.append(("H1", fy))
        if dk.from_fiscal_start and dk.months == 9:
            keys.append(("9M", fy))
        report, fp = self.report_fp.get(f.filing_id, (None, ""))
        if dk.from_fiscal_start and report == p.end and fp.upper().startswith("Q") and dk.months < 12:
            keys.append(("YTD", p.end))
        return keys

    def metric_keys(self, f: Fact) -> list[tuple[str, tuple, str]]:
        """(metric form, resolution key, words) for this fact's line item."""
        out: list[tuple[str, tuple, str]] = []
        local = f.concept.split(":")[-1].lower() if f.concept else ""
        said_by = _GROUP_WORD.get(label_key(f.label))
        # a cash-flow change printed under 'Changes in operating assets and liabilities' as plain 'Deferred
        # revenue': the label alone reads as the balance, so it is asked only by its concept's words
        elided_change = local.startswith("increasedecrease") and not re.search(r"increase|decrease|change", f.label, re.I)
        if _label_ok(clean_label(f.label)) and clean_label(f.label).lower() not in _DERIVED_WORDS and not elided_change \
                and (said_by is None or said_by == _CONCEPT_GROUP.get(local)):
            out.append(("label", ("l", label_key(f.label)), clean_label(f.label)))
        if f.concept and ":" in f.concept:
            cw = concept_words(f.concept)
            if label_key(cw) != label_key(f.label) and len(cw.split()) >= 2:
                out.append(("concept", ("c", local), cw))
            g = _CONCEPT_GROUP.get(local)
            if g:
                out.append(("synonym", ("g", g), ""))  # words chosen per question
        return out

    def _member(self, f: Fact) -> str | None:
        if len(f.dimensions) != 1:
            return None
        m = f.dimensions[0]
        name = clean_member(m.member)
        if not _MEMBER_AXIS.search(m.axis or "") or _MEMBER_SKIP.search(name) or _MEMBER_SKIP.search(m.member[:-6]):
            return None
        if not (1 <= len(name.split()) <= 5) or not re.search(r"[A-Za-z]{3}", name):
            return None
        return name

    def _index(self, f: Fact) -> None:
        co = self._company_key(f)
        if not co:
            return
        if f.label:
            self.labels_of[co].add(f.label.lower())
        if f.concept:
            self.concepts_of[co].add(f.concept.split(":")[-1].lower())
        if f.value is None or f.period is None or not _usable_concept(f) or not _UNIT_OK.match(f.unit or ""):
            return
        pkeys = self.period_keys(f)
        for pk in pkeys:
            if pk[0] in ("FY", "Q", "H1", "9M", "FYE"):
                self.fiscal_years[co].add(pk[1])
        if f.dimensions:
            member = self._member(f)
            if member is None:
                return
        else:
            member = ""
        mkeys = {mk for _form, mk, _words in self.metric_keys(f)}
        if f.concept and ":" in f.concept:
            mkeys.add(("c", f.concept.split(":")[-1].lower()))  # by concept, always (derived checks read it)
        for mk in mkeys:
            for pk in pkeys:
                it = self.items[(co, mk, pk, member.lower())]
                it.values.add(f.value)
                it.facts.append(f)
        for bag in self._bags(f):
            for pk in pkeys:
                self.readings[(co, bag, pk, member.lower())].add(f.value)

    @staticmethod
    def _bags(f: Fact) -> set[frozenset]:
        out = {word_bag(f.label)} if f.label else set()
        if f.concept and ":" in f.concept:
            out.add(word_bag(concept_words(f.concept)))
            g = _CONCEPT_GROUP.get(f.concept.split(":")[-1].lower())
            out |= {word_bag(w) for w in GROUP_BY_NAME[g].words} if g else set()
        return out - {frozenset()}

    def says_one_value(self, co: str, words: str, pk: tuple, member: str = "") -> bool:
        """Do these words, read as any line's label, concept or analyst word, name one value for this
        company, period and member? (A question whose words fit two lines has no single gold.)"""
        return len(self.readings.get((co, word_bag(words), pk, member.lower()), ())) == 1

    def unique(self, co: str, mk: tuple, pk: tuple, member: str = "") -> _Item | None:
        it = self.items.get((co, mk, pk, member.lower()))
        if it is None or len(it.values) != 1:
            return None
        return it

    def group_value(self, co: str, group: str, pk: tuple) -> tuple[Decimal, list[Fact]] | None:
        it = self.unique(co, ("g", group), pk)
        if it is None:
            return None
        return next(iter(it.values)), it.facts

    # --- saying things ----------------------------------------------------------------------------
    def company_phrase(self, c: Company, form: str, rng: random.Random) -> str:
        if form == "name":
            return rng.choice(c.names)
        if form == "ticker" and c.ticker:
            return c.ticker
        if form == "cik" and c.cik:
            return rng.choice((f"CIK {c.cik}", f"CIK {c.cik.zfill(10)}"))
        return c.short

    @staticmethod
    def ask(co: str, metric: str, period: str, rng: random.Random, *, of_form: bool = False) -> str:
        templates = [
            "What was the {m} of {co} {p}?",
            "How much was the {m} reported by {co} {p}?",
        ]
        if not of_form:
            templates += ["What was {pos} {m} {p}?", "What were {pos} {m} {p}?", "{pos} {m} {p}?",
                          "Tell me {pos} {m} {p}."]
        t = rng.choice(templates)
        return t.format(co=co, pos=possessive(co), m=metric, p=period)

    # period forms: category -> (resolution key kind, how to say it)
    def period_phrase(self, form: str, pk: tuple, rng: random.Random) -> str | None:
        k = pk[0]
        d = lambda x: fmt_date(x, rng)  # noqa: E731
        if k == "FY":
            fy = pk[1]
            return {"fiscal_year": f"in fiscal {fy}", "FY_long": f"in FY{fy}", "FY_short": f"in FY{fy % 100:02d}",
                    "fiscal_year_words": f"for fiscal year {fy}"}.get(form)
        if k == "CY":
            return f"in {pk[1]}" if form == "calendar_year" else None
        if k == "D":
            start, end, months = pk[1], pk[2], pk[3]
            if form == "year_ended" and months == 12:
                return f"for the year ended {d(end)}"
            if form == "quarter_ended" and months == 3:
                return f"for the quarter ended {d(end)}"
            if form == "months_ended" and months in (3, 6, 9):
                return f"for the {MONTHS_WORD[months]} months ended {d(end)}"
            return None
        if k == "QM":
            return f"in the {month_year(date(pk[1], pk[2], 1))} quarter" if form == "month_quarter" else None
        if k == "Q":
            fy, q = pk[1], pk[2]
            return {"q_fy": f"in Q{q} FY{fy % 100:02d}", "nQyy": f"in {q}Q{fy % 100:02d}",
                    "ordinal_quarter": f"in the {ORDINAL[q]} quarter of fiscal {fy}"}.get(form)
        if k == "H1":
            fy = pk[1]
            return {"first_half": f"in the first half of fiscal {fy}", "H1": f"in H1 FY{fy % 100:02d}",
                    "first_six_months": f"in the first six months of fiscal {fy}"}.get(form)
        if k == "9M":
            return f"in the first nine months of fiscal {pk[1]}" if form == "first_nine_months" else None
        if k == "YTD":
            return rng.choice((f"year to date through {d(pk[1])}", f"year-to-date as of {d(pk[1])}")) \
                if form == "year_to_date" else None
        if k == "I":
            return f"as of {d(pk[1])}" if form == "as_of_date" else None
        if k == "FYE":
            fy = pk[1]
            return {"end_of_fiscal": f"at the end of fiscal {fy}", "year_end": f"as of year end FY{fy % 100:02d}"}.get(form)
        if k == "MY":
            return f"as of {month_year(date(pk[1], pk[2], 1))}" if form == "month_year" else None
        return None


# category -> the period-key kind it names
PERIOD_FORMS: dict[str, str] = {
    "fiscal_year": "FY", "FY_long": "FY", "FY_short": "FY", "fiscal_year_words": "FY", "year_ended": "D",
    "calendar_year": "CY", "quarter_ended": "D", "months_ended": "D", "month_quarter": "QM", "q_fy": "Q",
    "nQyy": "Q", "ordinal_quarter": "Q", "first_half": "H1", "H1": "H1", "first_six_months": "H1",
    "first_nine_months": "9M", "year_to_date": "YTD", "as_of_date": "I", "end_of_fiscal": "FYE", "year_end": "FYE",
    "month_year": "MY",
}
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


class _Builder:
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


def _lookups(g: Generator) -> list[tuple[str, tuple, str, tuple, Fact, _Item]]:
    """Every unambiguous (company, metric form, metric key, period key, fact, item) with no member, in a
    stable order."""
    out = []
    seen = set()
    for f in g.facts:
        if f.dimensions or f.value is None or f.period is None or not _usable_concept(f) or not _UNIT_OK.match(f.unit or ""):
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
                said = _unambiguous_words(g, co, mk, words, pk)
                if it is not None and f.value != 0 and said:
                    out.append((co, form, said, mk, pk, f, it))
    return out


def _unambiguous_words(g: Generator, co: str, mk: tuple, words: str, pk: tuple, member: str = ""):
    """The words a question may use for this line item: the label or concept words when they name one
    value; for an analyst group, those of its words that do (a tuple; empty when none does)."""
    if mk[0] == "g":
        return tuple(w for w in GROUP_BY_NAME[mk[1]].words if g.says_one_value(co, w, pk, member))
    return words if g.says_one_value(co, words, pk, member) else ""


def _metric_words(mk: tuple, words, rng: random.Random) -> str:
    """The words for one question: a group's unambiguous words are chosen from at random."""
    return rng.choice(words) if mk[0] == "g" else words


def _explain_lookup(f: Fact, mk: tuple, pk: tuple) -> str:
    return f"{f.source}: {f.concept or f.label} {f.period.iso() if f.period else ''} = {f.raw} ({f.value} {f.unit}); " \
           f"key {mk} {pk}"


def _pick_by_key(cands, rng, kinds: set[str], prefer_synonym: bool = True):
    pool = [c for c in cands if c[4][0] in kinds]
    rng.shuffle(pool)
    return pool


def _gen_periods(g: Generator, lookups, builders: dict[str, _Builder]) -> None:
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
            q = g.ask(g.company_phrase(c, "short", b.rng), _metric_words(mk, words, b.rng), phrase, b.rng)
            b.add(q, "lookup", f.value, f.unit, f.source, it.facts, _explain_lookup(f, mk, pk))


_ANNUAL_FORMS = ("fiscal_year", "FY_long", "FY_short", "fiscal_year_words")


def _base_period(g: Generator, pk: tuple, rng: random.Random) -> str | None:
    """A plain way to say a fiscal year or year-end (for categories that test something else)."""
    if pk[0] == "FY":
        return g.period_phrase(rng.choice(_ANNUAL_FORMS), pk, rng)
    if pk[0] == "FYE":
        return g.period_phrase(rng.choice(("end_of_fiscal", "year_end")), pk, rng)
    return None


def _gen_metric_and_company(g: Generator, lookups, builders: dict[str, _Builder]) -> None:
    for mform in METRIC_FORMS:
        b = builders.get(f"metric:{mform}")
        if b is None:
            continue
        pool = [c for c in lookups if c[1] == mform and c[4][0] in ("FY", "FYE")]
        b.rng.shuffle(pool)
        for co, _form, words, mk, pk, f, it in pool:
            c = g.companies[co]
            q = g.ask(g.company_phrase(c, "short", b.rng), _metric_words(mk, words, b.rng), _base_period(g, pk, b.rng), b.rng)
            b.add(q, "lookup", f.value, f.unit, f.source, it.facts, _explain_lookup(f, mk, pk))
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
            m = _metric_words(mk, words, b.rng)
            if cform == "terse":
                yy = pk[1] % 100
                p = f"FY{yy:02d}" if pk[0] == "FY" else b.rng.choice((f"Q{pk[2]} FY{yy:02d}", f"{pk[2]}Q{yy:02d}"))
                q = f"{c.ticker} {m} {p}"
            else:
                q = g.ask(g.company_phrase(c, cform, b.rng), m, _base_period(g, pk, b.rng), b.rng, of_form=cform == "cik")
            b.add(q, "lookup", f.value, f.unit, f.source, it.facts, _explain_lookup(f, mk, pk))


def _gen_members(g: Generator, builders: dict[str, _Builder]) -> None:
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
        said = _unambiguous_words(g, co, mk, clean_label(f.label), pk, member)
        if not said:
            continue
        words = _metric_words(mk, said, b.rng)
        name = clean_member(f.dimensions[0].member)
        period = _base_period(g, pk, b.rng) if pk[0] != "Q" else g.period_phrase("q_fy", pk, b.rng)
        c = g.companies[co]
        q = b.rng.choice((f"What was {possessive(c.short)} {name} {words} {period}?",
                          f"What was the {words} of {c.short}'s {name} segment {period}?"
                          if "segment" in (f.dimensions[0].axis or "").lower() else
                          f"How much {words} came from {name} at {c.short} {period}?"))
        b.add(q, "lookup", f.value, f.unit, f.source, it.facts, _explain_lookup(f, mk, pk) + f" member {name}")


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


def _gen_derived(g: Generator, builders: dict[str, _Builder]) -> list[tuple]:
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
            period = _base_period(g, pk, b.rng) if pk[0] == "FY" else g.period_phrase(
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


def _gen_wrappers(g: Generator, lookups, derived, builders: dict[str, _Builder]) -> None:
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
                          if d.timing == "instant" else _base_period(g, pk, b.rng))
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
            q = g.ask(c.short, _metric_words(mk, words, b.rng), _base_period(g, pk, b.rng), b.rng)
            if w == "analyst":
                q = b.rng.choice((f"Assume you are a financial analyst reviewing {possessive(c.short)} filings. {q}",
                                  f"You are an equity research analyst. {q} Answer with the reported figure."))
            elif w == "usd_millions":
                q = b.rng.choice((f"{q} (in USD millions)", f"{q[:-1]} (in USD millions)?" if q.endswith("?") else q,
                                  f"{q} Answer in USD millions."))
            else:
                q = b.rng.choice((f"Base your judgment on the cash flow statement. {q}",
                                  f"{q} Use the cash flow statement."))
            b.add(q, "lookup", f.value, f.unit, f.source, it.facts, _explain_lookup(f, mk, pk))


_STATEMENT_INSTRUCTIONS = (
    "Base your judgment on the information provided in the financial statements.",
    "Give a response to the question by relying on the details shown in the income statement and the balance sheet.",
    "Calculate (or extract) the answer from the statements as reported.",
)


def _gen_defined(g: Generator, derived, b: _Builder) -> None:
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


def _gen_multi_year_average(g: Generator, derived, b: _Builder) -> None:
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


def _gen_abstain(g: Generator, lookups, builders: dict[str, _Builder]) -> None:
    annual = [c for c in lookups if c[4][0] == "FY" and c[3][0] == "g"]
    b = builders.get("abstain:period")
    if b is not None:
        pool = list(annual)
        b.rng.shuffle(pool)
        for co, _form, words, mk, pk, f, it in pool:
            years = g.fiscal_years.get(co) or {pk[1]}
            fy = min(years) - b.rng.randint(4, 9)
            c = g.companies[co]
            q = g.ask(c.short, _metric_words(mk, words, b.rng), g.period_phrase(b.rng.choice(_ANNUAL_FORMS), ("FY", fy), b.rng), b.rng)
            b.add(q, "abstain", None, None, f.source, (), f"{c.short} has no facts before fiscal {min(years)}")
    b = builders.get("abstain:company")
    if b is not None:
        absent = [(n, t) for n, t in ABSENT_COMPANIES if n.lower() not in g.all_names and t.lower() not in g.all_names]
        pool = list(annual)
        b.rng.shuffle(pool)
        for co, _form, words, mk, pk, f, it in pool:
            name, ticker = b.rng.choice(absent)
            who = name if b.rng.random() < 0.7 else ticker
            q = g.ask(who, _metric_words(mk, words, b.rng), _base_period(g, pk, b.rng), b.rng)
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
            q = g.ask(c.short, m.words[0], _base_period(g, pk, b.rng), b.rng)
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


def _gen_text(g: Generator, builders: dict[str, _Builder]) -> None:
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


def generate(facts: Iterable[Fact], seed: int = 0, per_category: int | None = DEFAULT_PER_CATEGORY,
             categories: Iterable[str] | None = None) -> list[GenQuestion]:
    """Generated questions, at most ``per_category`` of each category (None: all), in category order.

    ``categories`` may name whole families ('period', 'derived') or single categories ('period:q_fy')."""
    wanted = list(CATEGORIES)
    if categories:
        sel = list(categories)
        wanted = [c for c in CATEGORIES if c in sel or c.split(":")[0] in sel]
    g = Generator(facts, seed)
    builders = {c: _Builder(g, c) for c in wanted}
    lookups = _lookups(g)
    _gen_periods(g, lookups, builders)
    _gen_metric_and_company(g, lookups, builders)
    _gen_members(g, builders)
    derived = _gen_derived(g, builders)
    _gen_wrappers(g, lookups, derived, builders)
    _gen_text(g, builders)
    _gen_abstain(g, lookups, builders)
    from .genfamilies import generate_people_phrasings  # here: genfamilies builds on this module

    generate_people_phrasings(g, lookups, builders)
    out: list[GenQuestion] = []
    for c in wanted:
        qs = builders[c].out
        out.extend(qs if per_category is None else qs[:per_category])
    return out
