"""Facts, chunks and mentions <-> columnar rows (Arrow tables, stored in each segment's DuckDB file).

The mapping is exact: ``row_to_fact(fact_to_row(f)) == f`` (tested), so nothing a parser found
is lost or rounded on the way through the index.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import lru_cache

import pyarrow as pa

from .facts import Chunk, Fact, Member, Mention, Period, stable_id

__all__ = [
    "FACT_SCHEMA", "CHUNK_SCHEMA", "MENTION_SCHEMA", "GROUP_SCHEMA",
    "fact_to_row", "row_to_fact", "chunk_to_row", "row_to_chunk", "mention_to_row", "row_to_mention",
    "group_key", "group_text", "to_table", "select_columns",
]

FACT_SCHEMA = pa.schema([
    ("fact_id", pa.string()), ("filing_id", pa.string()), ("source", pa.string()), ("title", pa.string()),
    ("label", pa.string()), ("raw", pa.string()), ("value_text", pa.string()), ("value_num", pa.float64()),
    ("text_value", pa.string()), ("unit", pa.string()), ("scale", pa.int32()), ("scale_text", pa.string()),
    ("decimals", pa.int32()), ("period_start", pa.date32()), ("period_end", pa.date32()), ("period_kind", pa.string()),
    ("period_label", pa.string()), ("candidates", pa.string()), ("cand_min_end", pa.date32()),
    ("cand_max_end", pa.date32()), ("period_basis", pa.string()), ("dimensions", pa.string()),
    ("member_text", pa.string()), ("n_members", pa.int32()), ("concept", pa.string()), ("entity", pa.string()),
    ("cik", pa.string()), ("ticker", pa.string()), ("form", pa.string()), ("fiscal_year", pa.int32()),
    ("fiscal_period", pa.string()), ("report_date", pa.date32()), ("row_label", pa.string()),
    ("row_index", pa.int32()), ("column_label", pa.string()), ("column_index", pa.int32()),
    ("definition", pa.string()), ("group_key", pa.string()), ("period_year", pa.int32()),
])

CHUNK_SCHEMA = pa.schema([
    ("chunk_id", pa.string()), ("filing_id", pa.string()), ("source", pa.string()), ("title", pa.string()),
    ("kind", pa.string()), ("text", pa.string()), ("display", pa.string()), ("position", pa.int32()),
    ("section", pa.string()), ("fact_ids", pa.string()), ("entity", pa.string()), ("form", pa.string()),
    ("fiscal_year", pa.int32()), ("row", pa.int32()),
])

MENTION_SCHEMA = pa.schema([
    ("mention_id", pa.string()), ("filing_id", pa.string()), ("chunk_id", pa.string()), ("source", pa.string()),
    ("number_text", pa.string()), ("value_text", pa.string()), ("value_num", pa.float64()), ("currency", pa.string()),
    ("dates", pa.string()), ("sentence", pa.string()),
])

GROUP_SCHEMA = pa.schema([("group_key", pa.string()), ("text", pa.string()), ("row", pa.int32())])


def _periods_json(periods: tuple[Period, ...]) -> str:
    return json.dumps([[p.start.isoformat() if p.start else None, p.end.isoformat(), p.kind, p.label] for p in periods])


@lru_cache(maxsize=16384)  # a filing's facts share a handful of periods: decode each text once (the tuple is immutable)
def _periods_from_json(text: str) -> tuple[Period, ...]:
    return tuple(
        Period(start=date.fromisoformat(s) if s else None, end=date.fromisoformat(e), kind=k, label=lab)
        for s, e, k, lab in json.loads(text or "[]")
    )


@lru_cache(maxsize=16384)  # as for periods: member lists repeat across a table's rows
def _members_from_json(text: str) -> tuple[Member, ...]:
    return tuple(Member(axis=a, member=m) for a, m in json.loads(text))


def group_key(f: Fact) -> str:
    """Facts that report the same line item (concept or label, same members) share a group."""
    name = f.concept or f.label.lower()
    return stable_id(name, tuple(sorted(m.member.lower() for m in f.dimensions)))


def _split_camel(concept: str) -> str:
    name = concept.split(":")[-1].split("_")[-1]
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)


def group_text(f: Fact) -> str:
    """What the fact-group search reads: label, members, concept words, statement title."""
    parts = [f.label, " ".join(m.member for m in f.dimensions), f.column_label if f.column_index is not None and not re.search(r"\d{4}", f.column_label) else ""]
    if f.concept:
        parts.append(_split_camel(f.concept))
    parts.append(f.title)
    return " | ".join(p for p in parts if p)


def _period_columns(f: Fact) -> tuple:
    """(start, end, kind, label, year) of the fact's period: the dated one, else the bare fiscal year."""
    if f.period is not None:
        return f.period.start, f.period.end, f.period.kind, f.period.label, None
    if f.year_period is not None:
        return None, None, "fiscal_year", f.year_period.label, f.year_period.year
    return None, None, None, None, None


def fact_to_row(f: Fact) -> dict:
    ends = [p.end for p in f.periods]
    start, end, kind, label, year = _period_columns(f)
    return {
        "fact_id": f.fact_id, "filing_id": f.filing_id, "source": f.source, "title": f.title, "label": f.label,
        "raw": f.raw, "value_text": None if f.value is None else str(f.value),
        "value_num": None if f.value is None else float(f.value), "text_value": f.text_value, "unit": f.unit,
        "scale": f.scale, "scale_text": f.scale_text, "decimals": f.decimals,
        "period_start": start, "period_end": end, "period_kind": kind, "period_label": label, "period_year": year,
        "candidates": _periods_json(f.candidate_periods),
        "cand_min_end": min(ends) if ends else None, "cand_max_end": max(ends) if ends else None,
        "period_basis": f.period_basis,
        "dimensions": json.dumps([[m.axis, m.member] for m in f.dimensions]),
        "member_text": f.member_text, "n_members": len(f.dimensions), "concept": f.concept, "entity": f.entity,
        "cik": f.cik, "ticker": f.ticker, "form": f.form, "fiscal_year": f.fiscal_year,
        "fiscal_period": f.fiscal_period, "report_date": f.report_date, "row_label": f.row_label,
        "row_index": f.row_index, "column_label": f.column_label, "column_index": f.column_index,
        "definition": f.definition, "group_key": group_key(f),
    }


def row_to_fact(r: dict) -> Fact:
    period = year_period = None
    if r["period_end"] is not None:
        period = Period(start=r["period_start"], end=r["period_end"], kind=r["period_kind"], label=r["period_label"] or "")
    elif r["period_kind"] == "fiscal_year" and r.get("period_year") is not None:  # (older indexes have no period_year)
        year_period = Period.fiscal(r["period_year"], r["period_label"] or "")
    return Fact(
        fact_id=r["fact_id"], filing_id=r["filing_id"], source=r["source"], title=r["title"], label=r["label"],
        raw=r["raw"], value=None if r["value_text"] is None else Decimal(r["value_text"]), text_value=r["text_value"],
        unit=r["unit"], scale=r["scale"], scale_text=r["scale_text"], decimals=r["decimals"], period=period,
        candidate_periods=_periods_from_json(r["candidates"]), year_period=year_period, period_basis=r["period_basis"],
        dimensions=_members_from_json(r["dimensions"] or "[]"),
        concept=r["concept"], entity=r["entity"], cik=r["cik"], ticker=r["ticker"], form=r["form"],
        fiscal_year=r["fiscal_year"], fiscal_period=r["fiscal_period"], report_date=r["report_date"],
        row_label=r["row_label"], row_index=r["row_index"], column_label=r["column_label"],
        column_index=r["column_index"], definition=r["definition"],
    )


def chunk_to_row(c: Chunk, row: int) -> dict:
    return {
        "chunk_id": c.chunk_id, "filing_id": c.filing_id, "source": c.source, "title": c.title, "kind": c.kind,
        "text": c.text, "display": c.display, "position": c.position, "section": c.section,
        "fact_ids": json.dumps(list(c.fact_ids)), "entity": c.entity, "form": c.form, "fiscal_year": c.fiscal_year,
        "row": row,
    }


def row_to_chunk(r: dict) -> Chunk:
    return Chunk(
        chunk_id=r["chunk_id"], filing_id=r["filing_id"], source=r["source"], title=r["title"], kind=r["kind"],
        text=r["text"], display=r["display"], position=r["position"], section=r["section"],
        fact_ids=tuple(json.loads(r["fact_ids"] or "[]")), entity=r["entity"], form=r["form"],
        fiscal_year=r["fiscal_year"],
    )


def mention_to_row(m: Mention) -> dict:
    return {
        "mention_id": m.mention_id, "filing_id": m.filing_id, "chunk_id": m.chunk_id, "source": m.source,
        "number_text": m.number_text, "value_text": str(m.value), "value_num": float(m.value),
        "currency": m.currency, "dates": _periods_json(m.dates), "sentence": m.sentence,
    }


def row_to_mention(r: dict) -> Mention:
    return Mention(
        mention_id=r["mention_id"], filing_id=r["filing_id"], chunk_id=r["chunk_id"], source=r["source"],
        number_text=r["number_text"], value=Decimal(r["value_text"]), currency=r["currency"],
        dates=_periods_from_json(r["dates"]), sentence=r["sentence"],
    )


_SQL_TYPES = {"string": "VARCHAR", "double": "DOUBLE", "int32": "INTEGER", "date32[day]": "DATE"}


def select_columns(schema: pa.Schema, present: Iterable[str]) -> str:
    """The schema's columns for a SELECT, in schema order; a column an older segment was written
    without (``period_year`` before fiscal-year periods) reads as NULL, so old indexes stay readable."""
    have = set(present)
    return ", ".join(n if n in have else f"NULL::{_SQL_TYPES[str(schema.field(n).type)]} AS {n}" for n in schema.names)


def to_table(rows: list[dict], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=schema)
