"""What the facts of filings say, as the harness's independent reader reads them (``eval.xbrl_facts``):
the companies, their fiscal calendars, the line items and the periods, and which words pick out exactly
one value. ``eval.generator`` makes questions from this model.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Iterable

from .fiscal import FiscalCalendar, calendar_of_filing, duration_kind
from .genvocab import DERIVED, GENERIC_WORDS, GROUP_BY_NAME, GROUPS, SINGLE_WORD_LABELS
from .gold import GoldQuestion
from .phrasing import (MONTHS_WORD, ORDINAL, clean_label, clean_member, concept_words, fmt_date, label_key,
                       month_year, possessive, short_name)
from .xbrl_model import XFact as Fact

__all__ = ["GenQuestion", "Generator", "PERIOD_FORMS", "word_bag"]

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
UNIT_OK = re.compile(r"^(USD|EUR|GBP|JPY|CNY|CHF|CAD|AUD|shares|USD/shares|EUR/shares|pure)$")


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
class Item:
    """What one (company, metric words, period words, member) picks out."""

    values: set[Decimal] = field(default_factory=set)
    facts: list[Fact] = field(default_factory=list)


def usable_concept(f: Fact) -> bool:
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
        self.items: dict[tuple, Item] = defaultdict(Item)
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
        if f.value is None or f.period is None or not usable_concept(f) or not UNIT_OK.match(f.unit or ""):
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
        for mk in sorted(mkeys):  # sorted: a set's order changes with the hash seed, and the order of items decides ties
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

    def unique(self, co: str, mk: tuple, pk: tuple, member: str = "") -> Item | None:
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
            end, months = pk[2], pk[3]
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
