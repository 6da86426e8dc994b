"""An index reader's reads of facts, mentions and passages (a part of :class:`index.store.IndexReader`).

:class:`StoredReads` is a mixin: it reads through what :class:`~index.store.IndexReader` opens (``con``,
``segments``, ``_segment_sql``, ``_entity_homes``, ``names``, the scope of a view made by ``within()``),
and through the in-memory :class:`~index.catalogue.FactCatalogue` once a reader has read enough to repay it.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from .catalogue import MEMORY_FACTS, FactCatalogue, filing_condition
from .facts import Chunk, Fact, Mention
from .memo import QueryMemo
from .tables import row_to_chunk, row_to_fact, row_to_mention

CATALOGUE_AFTER_READS = 24  # about two questions' reads: then the index's facts are held in memory


@dataclass
class _CatalogueSlot:
    reads: int = 0
    built: bool = False
    catalogue: FactCatalogue | None = None


def line_conditions(concepts: Iterable[str], group_keys: Iterable[str]) -> tuple[tuple[str, list[str]], ...]:
    """(column, values) pairs that find a line item's facts: by the concept's local name, prefix-
    insensitive ('us-gaap:Revenues' -> 'revenues'), and by line item (group key); empty ones left out."""
    return tuple((column, values) for column, values in (
        ("concept_local", sorted({c.split(":")[-1].split("_")[-1].lower() for c in concepts})),
        ("group_key", list(dict.fromkeys(group_keys)))) if values)


def in_params(values: list) -> str:
    """``(?, ?, ...)`` for an IN list: DuckDB answers a list of parameters from the column's index,
    where a joined-in array (``IN (SELECT unnest(?))``) scans every segment's table."""
    return "(" + ", ".join("?" * len(values)) + ")"


_HEX_ID = re.compile(r"[0-9a-f]{16}")


def _id_keys(ids: list[str]) -> np.ndarray | None:
    """16-hex-digit ids (what stable_id makes) as uint64; None if any has another form."""
    if not all(isinstance(i, str) and _HEX_ID.fullmatch(i) for i in ids):
        return None
    return np.array([int(i, 16) for i in ids], dtype=np.uint64)


@dataclass(frozen=True)
class ChunkBrief:
    """What a search needs to know of a passage before reading it whole."""

    chunk_id: str
    kind: str
    entity: str
    fact_ids: tuple[str, ...]


class StoredReads:
    """Facts, mentions and passages by id, line item, company and filing; see the module's note."""

    con: object
    _lock: threading.RLock
    _memo: QueryMemo
    _catalogue_slot: _CatalogueSlot
    _scope: frozenset[str] | None

    # --- facts ----------------------------------------------------------------------------------
    def _rows(self, sql: str, params: list) -> list[dict]:
        with self._lock:
            cur = self.con.execute(sql, params)
            cols = [c[0] for c in cur.description]
            return [dict(zip(cols, r)) for r in cur.fetchall()]

    # Segment pruning. Each segment's tables have their own indexes, so a lookup costs one index
    # probe per segment; at a million passages (five segments) that, not the probe, is the cost.
    # Ids are 64-bit hashes, held per segment as sorted arrays (8 bytes a row), so a lookup by id
    # reads only the segments that hold it; a company's facts, only the segments of its filings.
    def _homes_of(self, ids: list[str], kind: str) -> set[int] | None:
        """The segments holding these fact or chunk ids (None: look everywhere)."""
        keys = _id_keys(ids)
        if keys is None:
            return None
        homes = set()
        for seg in self.segments:
            held = seg.fact_keys if kind == "fact" else seg.chunk_keys_sorted
            if held is None:
                homes.add(seg.ordinal)
                continue
            at = np.searchsorted(held, keys).clip(0, max(len(held) - 1, 0))
            if len(held) and (held[at] == keys).any():
                homes.add(seg.ordinal)
        return homes

    def _source(self, table: str, homes: set[int] | None) -> str:
        """``table`` restricted to the segments ``homes`` (all of them when None), and to the scope's
        filings in a view made by :meth:`within`."""
        if self._scope is not None:
            homes = self._scope_homes if homes is None else homes & self._scope_homes
        if homes is None or len(homes) >= len(self.segments):
            sql = table
        elif not homes:
            return f"(SELECT * FROM {table} WHERE FALSE)"
        else:
            sql = "(" + " UNION ALL ".join(self._segment_sql[table][o] for o in sorted(homes)) + ")"
        if self._scope is not None and table != "fact_chunks":  # (a fact's passage is found through chunks)
            return f"(SELECT * FROM {sql} WHERE filing_id IN {self._scope_literal})"
        return sql

    def _rows_by_id(self, table: str, columns: str, ids: list[str]) -> list[dict]:
        """``columns`` of the ``table`` ('facts' or 'chunks') rows with these ids, read only from
        the segments that hold them."""
        kind = "fact" if table == "facts" else "chunk"
        return self._rows(f"SELECT {columns} FROM {self._source(table, self._homes_of(ids, kind))} "
                          f"WHERE {kind}_id IN {in_params(ids)}", ids)

    def forget(self) -> None:
        """Drop what earlier questions left in the memo: the benchmark calls it so each question
        is measured as if it were the first."""
        self._memo.clear()

    def facts_by_id(self, fact_ids: Iterable[str]) -> list[Fact]:
        ids = list(dict.fromkeys(fact_ids))
        if not ids:
            return []
        if (cat := self._catalogue()) is not None:
            return cat.facts_by_id(ids, self._scope)
        rows = self._rows_by_id("facts", "*", ids)
        by_id = {r["fact_id"]: row_to_fact(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def facts_in_groups(self, group_keys: Iterable[str], limit: int = 5000, entities: Iterable[str] | None = None) -> list[Fact]:
        """Facts of these line items; only those of ``entities`` when given (filtered in SQL: at scale
        most of a line item's facts belong to other companies)."""
        keys = list(dict.fromkeys(group_keys))
        if not keys:
            return []
        return self._facts_matching((("group_key", keys),), limit, entities, "source, row_index, fact_id")

    def facts_of_lines(self, concepts: Iterable[str] = (), group_keys: Iterable[str] = (), limit: int = 25000,
                       entities: Iterable[str] | None = None) -> list[Fact]:
        """Facts whose concept's local name is one of ``concepts`` or whose line item is one of
        ``group_keys``, in one read: each read costs milliseconds however few rows it returns, and
        the finder gathers a line item by both."""
        conditions = line_conditions(concepts, group_keys)
        return self._facts_matching(conditions, limit, entities, "source, row_index, fact_id") if conditions else []

    def _facts_matching(self, conditions: tuple[tuple[str, list[str]], ...], limit: int, entities: Iterable[str] | None,
                        order: str) -> list[Fact]:
        """Facts whose ``column`` is one of its ``values`` for any of the ``conditions`` (of ``entities``
        only, when given), through a small memo: a reader never changes, and one question reads the
        same line items several times (both periods of a change, each side of a ratio)."""
        ents = None if entities is None else sorted({self.names.canonical(e) for e in entities})
        if (cat := self._catalogue()) is not None:
            return cat.lines(conditions, limit, None if ents is None else frozenset(ents), self._scope)
        key = (tuple((c, tuple(v)) for c, v in conditions), limit, None if ents is None else tuple(ents))

        def read() -> tuple[Fact, ...]:
            where = "(" + " OR ".join(f"{column} IN {in_params(values)}" for column, values in conditions) + ")"
            params = [v for _, values in conditions for v in values]
            homes = None
            if ents is not None:
                where += f" AND entity IN {in_params(ents)}" if ents else " AND FALSE"
                params.extend(ents)
                homes = set().union(*(self._entity_homes.get(e, set()) for e in ents))
            rows = self._rows(f"SELECT * FROM {self._source('facts', homes)} WHERE {where} ORDER BY {order} LIMIT ?",
                              [*params, limit])
            return tuple(row_to_fact(r) for r in rows)

        return list(self._memo.get(key, read))

    def filing_facts(self, filing_id: str, limit: int = 3000, **match) -> list[Fact]:
        """The facts of one filing whose ``match`` columns (unit, concept, title, label, period_end,
        period_year) equal the values given, in the store's order: what the judge reads of a cited
        fact's neighbours."""
        if (cat := self._catalogue()) is not None:
            return cat.filing_facts(filing_id, match, limit, self._scope)
        where, params = filing_condition(filing_id, match)
        return self.query_facts(where, params, limit=limit, order="source, row_index, fact_id")

    def _catalogue(self) -> FactCatalogue | None:
        """The index's facts and passages in memory (index.catalogue) when the index is small enough;
        None for a large one, whose reads go to DuckDB, and for a reader's first few reads: building it
        costs about as much as a few questions' reads, which a one-off `filingqa ask` never repays."""
        slot = self._catalogue_slot
        if slot.built:
            return slot.catalogue
        with self._lock:
            slot.reads += 1
            if slot.reads > CATALOGUE_AFTER_READS and not slot.built:
                slot.catalogue, slot.built = self._build_catalogue(), True
            return slot.catalogue

    def _build_catalogue(self) -> FactCatalogue | None:
        if self.con.execute("SELECT count(*) FROM facts").fetchone()[0] > MEMORY_FACTS:
            return None
        rows = self._rows("SELECT * FROM facts ORDER BY source, row_index, fact_id", [])
        chunks = {r["chunk_id"]: row_to_chunk(r) for r in self._rows("SELECT * FROM chunks", [])}
        chunk_of_fact: dict[str, str] = {}
        facts_of_chunk: dict[str, list[str]] = {}
        for fid, cid in self.con.execute("SELECT fact_id, chunk_id FROM fact_chunks ORDER BY chunk_id").fetchall():
            chunk_of_fact.setdefault(fid, cid)
            facts_of_chunk.setdefault(cid, []).append(fid)
        return FactCatalogue([row_to_fact(r) for r in rows], {r["fact_id"]: r["group_key"] for r in rows},
                             {r["fact_id"]: r["concept_local"] or "" for r in rows}, chunks, chunk_of_fact, facts_of_chunk)

    def entity_count(self) -> int:
        with self._lock:
            if self._entity_count is None:
                self._entity_count = self.con.execute(
                    f"SELECT count(DISTINCT entity) FROM {self._source('facts', None)}").fetchone()[0]
            return self._entity_count

    def fact_count(self) -> int:
        with self._lock:
            return self.con.execute(f"SELECT count(*) FROM {self._source('facts', None)}").fetchone()[0]

    def query_facts(self, where: str = "TRUE", params: list | None = None, limit: int = 1000, order: str = "source, row_index") -> list[Fact]:
        """Facts by a SQL condition over the fact table's columns (used by the fact explorer)."""
        rows = self._rows(f"SELECT * FROM {self._source('facts', None)} AS facts WHERE {where} ORDER BY {order} LIMIT ?",
                          [*(params or []), limit])
        return [row_to_fact(r) for r in rows]

    # --- mentions and chunks ----------------------------------------------------------------------
    def mentions_of(self, values: Iterable[Decimal]) -> list[Mention]:
        vals = sorted({float(abs(v)) for v in values if v is not None})
        if not vals:
            return []
        rows = self._rows(f"SELECT * FROM {self._source('mentions', None)} WHERE value_num IN {in_params(vals)}", vals)
        return [row_to_mention(r) for r in rows]

    def chunks_by_id(self, chunk_ids: Iterable[str]) -> list[Chunk]:
        ids = list(dict.fromkeys(chunk_ids))
        if not ids:
            return []
        if (cat := self._catalogue()) is not None:
            return cat.chunks_by_id(ids, self._scope)
        rows = self._rows_by_id("chunks", "*", ids)
        by_id = {r["chunk_id"]: row_to_chunk(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def chunk_briefs(self, chunk_ids: Iterable[str]) -> list[ChunkBrief]:
        """Kind, company and facts of these passages, in the order given, without their text (the
        text columns are most of what a row read costs)."""
        ids = list(dict.fromkeys(chunk_ids))
        if not ids:
            return []
        if (cat := self._catalogue()) is not None:
            return [ChunkBrief(c.chunk_id, c.kind, c.entity, c.fact_ids) for c in cat.chunks_by_id(ids, self._scope)]
        rows = self._rows_by_id("chunks", "chunk_id, kind, entity, fact_ids", ids)
        by_id = {r["chunk_id"]: ChunkBrief(r["chunk_id"], r["kind"], r["entity"], tuple(json.loads(r["fact_ids"] or "[]")))
                 for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def group_keys_of(self, fact_ids: Iterable[str]) -> list[str]:
        """The line items (fact groups) these facts report, sorted."""
        ids = list(dict.fromkeys(fact_ids))
        if not ids:
            return []
        if (cat := self._catalogue()) is not None:
            return cat.group_keys_of(ids, self._scope)
        rows = self._rows_by_id("facts", "DISTINCT group_key", ids)
        return sorted(r["group_key"] for r in rows)

    def group_keys_in_chunks(self, chunk_ids: Iterable[str]) -> list[str]:
        """The line items (fact groups) of the facts these passages hold, sorted."""
        ids = list(dict.fromkeys(chunk_ids))
        if not ids:
            return []
        if (cat := self._catalogue()) is not None:
            return cat.group_keys_in_chunks(ids, self._scope)

        def read() -> list[str]:
            homes = self._homes_of(ids, "chunk")  # a passage's facts are in its segment
            rows = self._rows(f"SELECT DISTINCT f.group_key FROM {self._source('fact_chunks', homes)} fc "
                              f"JOIN {self._source('facts', homes)} f USING (fact_id, segment) WHERE fc.chunk_id IN {in_params(ids)}", ids)
            return sorted(r["group_key"] for r in rows)

        return list(self._memo.get(("group_keys_in_chunks", tuple(ids)), read))

    def chunks_for_facts(self, fact_ids: Iterable[str]) -> dict[str, Chunk]:
        """The passage (table row, note sentence) each fact was read from."""
        ids = list(dict.fromkeys(fact_ids))
        if not ids:
            return {}
        if (cat := self._catalogue()) is not None:
            return cat.chunks_for_facts(ids, self._scope)
        homes = self._homes_of(ids, "fact")  # a fact's passage is in the fact's segment
        rows = self._rows(
            f"SELECT fc.fact_id AS _fact, c.* FROM {self._source('fact_chunks', homes)} fc "
            f"JOIN {self._source('chunks', homes)} c USING (chunk_id, segment) WHERE fc.fact_id IN {in_params(ids)}", ids)
        out = {}
        for r in rows:
            fid = r.pop("_fact")
            out.setdefault(fid, row_to_chunk(r))
        return out

    def chunks_of_filing(self, filing_id: str) -> list[Chunk]:
        rows = self._rows(f"SELECT * FROM {self._source('chunks', None)} WHERE filing_id = ? ORDER BY position", [filing_id])
        return [row_to_chunk(r) for r in rows]

    def facts_with_concepts(self, concepts: Iterable[str], limit: int = 20000, entities: Iterable[str] | None = None) -> list[Fact]:
        """Facts whose XBRL concept's local name is one of ``concepts`` (prefix-insensitive: 'Revenues'),
        of ``entities`` only when given."""
        conditions = line_conditions(concepts, ())
        return self._facts_matching(conditions, limit, entities, "source, row_index") if conditions else []
