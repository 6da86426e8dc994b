"""A laptop-size index's facts and passages held in memory, with the lookups a question makes.

A DuckDB read costs one to three milliseconds however few rows it returns (planning the query over
the segments' views, then turning each row into Python objects), and one question makes a dozen of
them: reading the line items the finder gathers, the cited facts the judge re-reads, their passages,
the rival lines of the same filing. An index of a few filings holds a few thousand facts, so the
reader keeps them all, as the same :class:`~index.facts.Fact` and :class:`~index.facts.Chunk`
objects a read returns, with a dictionary for each lookup; a lookup then costs microseconds.

It is the index loaded, not an answer cache: built once from the store's own views after a
reader's first few reads (every live row, removed filings hidden), never changed (a reader never
changes under its readers), and the same for every question. It takes about 2.6 KB a fact or passage (the
corpus index: 2,706 facts and 3,465 passages in 16 MB, built in 0.3-0.7 s). Above
``FILINGQA_MEMORY_FACTS`` facts (default 100,000, a few hundred MB) the reader keeps reading DuckDB,
whose reads scale to millions of facts.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .facts import Chunk, Fact

__all__ = ["FactCatalogue", "MEMORY_FACTS", "FILING_FILTERS", "check_filters", "filing_condition"]

MEMORY_FACTS = int(os.environ.get("FILINGQA_MEMORY_FACTS", 100_000))

# what a filing's facts may be narrowed by (column name -> the fact's value of it)
FILING_FILTERS = {
    "unit": lambda f: f.unit,
    "concept": lambda f: f.concept,
    "title": lambda f: f.title,
    "label": lambda f: f.label,
    "period_end": lambda f: f.period.end if f.period is not None else None,
    "period_year": lambda f: f.year_period.year if f.year_period is not None else None,
}



def check_filters(match: dict[str, object]) -> None:
    """``filing_facts`` takes only the columns of FILING_FILTERS, whichever store answers it."""
    unknown = set(match) - set(FILING_FILTERS)
    if unknown:
        raise TypeError(f"filing_facts: no filter named {sorted(unknown)}; the filters are {sorted(FILING_FILTERS)}")


def filing_condition(filing_id: str, match: dict[str, object]) -> tuple[str, list]:
    """The SQL condition (and its parameters) of ``filing_facts`` for the stores that read SQL."""
    check_filters(match)
    return " AND ".join(["filing_id = ?", *(f"{column} = ?" for column in match)]), [filing_id, *match.values()]

@dataclass
class FactCatalogue:
    """Every live fact and passage of one index, in the store's order (source, row, id)."""

    facts: list[Fact]
    group_of: dict[str, str]  # fact id -> its line item (group key)
    concept_of: dict[str, str]  # fact id -> its concept's local name, lower case ('' when untagged)
    chunks: dict[str, Chunk]  # chunk id -> passage
    chunk_of_fact: dict[str, str]  # fact id -> the passage it was read from (the first one)
    facts_of_chunk: dict[str, list[str]]  # chunk id -> fact ids (the store's fact_chunks)
    by_id: dict[str, Fact] = field(init=False)
    _rank: dict[str, int] = field(init=False)
    _by_group: dict[str, list[Fact]] = field(init=False)
    _by_concept: dict[str, list[Fact]] = field(init=False)
    _by_filing: dict[str, list[Fact]] = field(init=False)
    _groups_of_entity: dict[str, set[str]] = field(init=False)
    _filing_tables: dict[tuple, dict[tuple, list[Fact]]] = field(init=False)  # (filing, filters) -> values -> facts
    derived: dict[tuple, object] = field(init=False)  # what readers work out from these facts once (search masks)

    def __post_init__(self) -> None:
        self.by_id = {f.fact_id: f for f in self.facts}
        self._rank = {f.fact_id: i for i, f in enumerate(self.facts)}
        self._by_group, self._by_concept, self._by_filing = {}, {}, {}
        self._groups_of_entity, self._filing_tables, self.derived = {}, {}, {}
        for f in self.facts:
            self._groups_of_entity.setdefault(f.entity, set()).add(self.group_of[f.fact_id])
            self._by_group.setdefault(self.group_of[f.fact_id], []).append(f)
            if self.concept_of[f.fact_id]:
                self._by_concept.setdefault(self.concept_of[f.fact_id], []).append(f)
            self._by_filing.setdefault(f.filing_id, []).append(f)

    # --- facts ------------------------------------------------------------------------------------
    def facts_by_id(self, ids: list[str], scope: frozenset[str] | None) -> list[Fact]:
        return [f for f in (self.by_id.get(i) for i in ids) if f is not None and _kept(f, scope)]

    def lines(self, conditions: tuple[tuple[str, list[str]], ...], limit: int, entities: frozenset[str] | None,
              scope: frozenset[str] | None) -> list[Fact]:
        """Facts whose concept's local name or line item is one of the values of ``conditions``
        (``index.store.line_conditions``), of ``entities`` only when given, in the store's order."""
        found: dict[str, Fact] = {}
        for column, values in conditions:
            index = self._by_concept if column == "concept_local" else self._by_group
            for value in values:
                for f in index.get(value, ()):
                    if (entities is None or f.entity in entities) and _kept(f, scope):
                        found[f.fact_id] = f
        return sorted(found.values(), key=lambda f: self._rank[f.fact_id])[:limit]

    def group_keys_of(self, ids: Iterable[str], scope: frozenset[str] | None) -> list[str]:
        return sorted({self.group_of[f.fact_id] for f in self.facts_by_id(list(ids), scope)})

    def group_keys_in_chunks(self, chunk_ids: Iterable[str], scope: frozenset[str] | None) -> list[str]:
        ids = [fid for c in chunk_ids for fid in self.facts_of_chunk.get(c, ())]
        return self.group_keys_of(ids, scope)

    def groups_of(self, entities: frozenset[str]) -> frozenset[str]:
        return frozenset().union(*(self._groups_of_entity.get(e, ()) for e in entities))

    def filing_facts(self, filing_id: str, match: dict[str, object], limit: int, scope: frozenset[str] | None) -> list[Fact]:
        """The filing's facts whose columns in ``match`` (keys of FILING_FILTERS) equal the values given."""
        check_filters(match)
        if (scope is not None and filing_id not in scope) or any(v is None for v in match.values()):
            return []  # (as SQL's '= NULL': a missing value matches nothing)
        columns = tuple(sorted(match))
        table = self._filing_tables.get((filing_id, columns))
        if table is None:  # the filing's facts by these columns' values, made once per filing and set of columns
            table = {}
            for f in self._by_filing.get(filing_id, ()):
                table.setdefault(tuple(FILING_FILTERS[c](f) for c in columns), []).append(f)
            self._filing_tables[(filing_id, columns)] = table
        wanted = tuple(_as_date(match[c]) if c == "period_end" else match[c] for c in columns)
        return table.get(wanted, [])[:limit]

    # --- passages ---------------------------------------------------------------------------------
    def chunks_by_id(self, ids: list[str], scope: frozenset[str] | None) -> list[Chunk]:
        return [c for c in (self.chunks.get(i) for i in ids) if c is not None and _kept(c, scope)]

    def chunks_for_facts(self, ids: list[str], scope: frozenset[str] | None) -> dict[str, Chunk]:
        out = {}
        for i in ids:
            chunk = self.chunks.get(self.chunk_of_fact.get(i, ""))
            if chunk is not None and i in self.by_id and _kept(self.by_id[i], scope):
                out[i] = chunk
        return out


def _kept(row: Fact | Chunk, scope: frozenset[str] | None) -> bool:
    return scope is None or row.filing_id in scope


def _as_date(value: object) -> object:
    """A period end as the fact holds it (given as ISO text, it is a date)."""
    return date.fromisoformat(value) if isinstance(value, str) else value
