"""Parser for EDGAR R pages flattened to text, one cell per ``|`` (the bundled sample format).

Layout, as the samples show it::

    |
    SHARE-BASED COMPENSATION (Details Narrative)      <- title
    ¥ in Thousands                                     <- scale line
    |12 Months Ended                                   <- duration group labels (empty ones dropped)
    |
    Jul. 01, 2023                                      <- one cell per column: date, then unit lines
    shares
    ...
    |Share-Based Compensation ... [Line Items]         <- body: a label cell, then its value cells
    |Restricted stock units, vested
    |1,587,950
    |10,326,250
    |Employees [Member] | Restricted Stock Units (RSUs) [Member]   <- member header (before [Line Items])
    ...
    |X                                                 <- definitions pop-ups start here

Empty cells were dropped, so the column of a value is found by :mod:`index.parsers.columns`.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..errors import ParseError
from ..facts import Chunk, Fact, Member, Mention, ParsedFiling, Period, stable_id
from .columns import ColumnDomains, solve_domains
from .numbers import CellValue, apply_scale, canonical, unit_from_header_line
from .prose import period_matches
from .rtextlayout import RColumn, RHeader, RRow, body_rows, cells, looks_like_rtext, read_header

__all__ = ["parse_rtext", "looks_like_rtext"]

_GROUP_RE = re.compile(r"^\d+\s+(?:Months?|Weeks?)\s+Ended$", re.IGNORECASE)
_COUNT_WORDS = re.compile(
    r"\b(number of|shares?|units?|options?|grants?|granted|vested|rsus?|awards?|warrants?|employees)\b", re.I
)
_MONEY_WORDS = re.compile(
    r"\b(amount|expense|cost|revenues?|sales|assets?|equity|value|price|invest\w*|proceeds|cash|debt|principal|"
    r"income|loss|liabilit\w+|payments?|fees?|balance|capital)\b",
    re.I,
)
_PER_SHARE_WORDS = re.compile(r"\b(per share|price|per unit|fair value of underlying)\b", re.I)




def parse_rtext(data: bytes | str, source: str, pins: dict[Decimal, list[Mention]] | None = None) -> ParsedFiling:
    """Parse one flattened R page. ``pins`` maps printed numbers to prose mentions that date them
    (from any note in the same ingest); a pin narrows a value's columns when it agrees with the layout."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    text = text.lstrip("\ufeff")
    filing_id = stable_id("rtext", text)
    page = cells(text)
    if not page:
        raise ParseError("the file is empty.", source=source)
    header = read_header(page, source)
    rows = body_rows(page, header)
    symbol_currency = header.symbol_currency()
    solved, pin_notes = _place_values(rows, header.columns, symbol_currency, pins or {})

    facts: list[Fact] = []
    chunks: list[Chunk] = []
    last_currency = ""
    for i_row, (r, domains) in enumerate(zip(rows, solved.domains)):
        row_currency = next((symbol_currency.get(v.symbol, "") for v in r.values if v.symbol), "")
        row_facts = [_fact(filing_id, source, header, r, j, value, dom, pin_notes.get((i_row, j)),
                           _fact_unit(r, value, row_currency, last_currency, symbol_currency, header.columns, dom),
                           symbol_currency)
                     for j, (value, dom) in enumerate(zip(r.values, domains))]
        if row_currency:
            last_currency = row_currency
        elif any(f.unit in ("USD", "CNY", "EUR", "GBP", "JPY", "HKD", "CAD") for f in row_facts):
            last_currency = next(f.unit for f in row_facts if f.unit and len(f.unit) == 3)
        facts.extend(row_facts)
        chunks.append(_row_chunk(filing_id, source, header.title, r, row_facts))
    return ParsedFiling(filing_id=filing_id, source=source, format="rtext", title=header.title, facts=tuple(facts),
                        chunks=tuple(chunks), warnings=(solved.note,) if solved.note else ())


def _place_values(rows: list[RRow], columns: list[RColumn], symbol_currency: dict[str, str],
                  pins: dict[Decimal, list[Mention]]) -> tuple[ColumnDomains, dict[tuple[int, int], str]]:
    """Which columns each value may occupy (empty cells were dropped), solved over the whole table;
    and, per (row, value), the prose note that narrowed it."""
    pin_notes: dict[tuple[int, int], str] = {}

    def compatible(i: int, j: int, row: RRow, value: CellValue, strict: bool) -> frozenset[int]:
        allowed = set(range(len(columns)))
        currency = ""
        if row.unit_suffix:
            suffix_unit = _suffix_unit(row.unit_suffix, symbol_currency)
            sym = row.unit_suffix if row.unit_suffix in symbol_currency else ""
            allowed &= {c.index for c in columns if suffix_unit in c.units or (sym and sym in c.symbols)}
            currency = suffix_unit if len(suffix_unit) == 3 else ""
        if value.symbol:
            # strict: a column prints every amount with one symbol, its last currency-like unit's
            # ('CNY (¥) / $ / shares' prints CNY as '$'); loose: any symbol the column lists
            allowed &= {c.index for c in columns if (value.symbol == c.display_symbol if strict else value.symbol in c.symbols)}
            currency = currency or symbol_currency.get(value.symbol, "")
        if not allowed:
            allowed = set(range(len(columns)))
        pinned = _pinned_columns(value, currency, allowed, columns, pins)
        if pinned is not None:
            narrowed, note = pinned
            pin_notes[(i, j)] = note
            if narrowed:
                allowed = narrowed
        return frozenset(allowed)

    # The strict reading of printed symbols narrows most; if the page breaks it, fall back to the loose one.
    solved = None
    for strict in (True, False):
        pin_notes.clear()
        compat = [[compatible(i, j, r, v, strict) for j, v in enumerate(r.values)] for i, r in enumerate(rows)]
        solved = solve_domains(compat, len(columns))
        if solved.coverage_used and not solved.note:
            break
    return solved, pin_notes


def _fact(filing_id: str, source: str, header: RHeader, r: RRow, j: int, value: CellValue, dom: frozenset[int],
          pin_note: str | None, unit_and_basis: tuple[str | None, str], symbol_currency: dict[str, str]) -> Fact:
    """One value as a fact: dated when every column the layout allows it has one date."""
    columns = header.columns
    unit, unit_basis = unit_and_basis
    scale_key, scale = _scale_for(unit, value, header.scales, symbol_currency)
    number: Decimal | None = None
    if value.number is not None:
        number = canonical(value.number / 100) if value.percent else apply_scale(value.number, scale)
    dates = sorted({columns[c].date for c in dom}, reverse=True)
    cand = tuple(Period(end=d, kind="date") for d in dates)
    if len(cand) == 1:
        period, basis = cand[0], (
            "the only column the table layout allows" if len(dom) == 1 else "every column the layout allows has this date"
        )
        column_label = columns[min(dom)].header if len(dom) == 1 else columns[min(dom)].header_lines[0]
    else:
        period = None
        basis = (
            f"ambiguous: the flattened table drops empty cells, so this value may sit in any of {len(dom)} "
            f"columns ({len(cand)} dates)"
        )
        column_label = " or ".join(dict.fromkeys(columns[c].header_lines[0] for c in sorted(dom)))
    if pin_note:
        basis = f"{basis}; {pin_note}"
    return Fact(
        fact_id=stable_id(filing_id, r.index, j),
        filing_id=filing_id,
        source=source,
        title=header.title,
        label=r.label,
        raw=value.raw,
        value=number,
        text_value=value.duration_iso or None,
        unit="duration" if value.duration_iso else unit,
        scale=scale if value.number is not None and not value.percent else 0,
        scale_text=scale_key,
        decimals=None,
        period=period,
        candidate_periods=cand,
        period_basis=basis + (f"; unit {unit_basis}" if unit_basis else ""),
        dimensions=tuple(Member(member=m) for m in r.members),
        row_label=r.printed,
        row_index=r.index,
        column_label=column_label,
        column_index=min(dom) if len(dom) == 1 else None,
    )


def _pinned_columns(
    value: CellValue, currency: str, allowed: set[int], columns: list[RColumn], pins: dict[Decimal, list[Mention]]
) -> tuple[set[int], str] | None:
    """Columns whose dates a prose mention of the same number names. None when no mention applies;
    an empty set (with a note) when the prose names a date no allowed column has: the sources disagree."""
    if value.number is None or value.percent:
        return None
    mentions = [
        m for m in pins.get(abs(canonical(value.number)), [])
        if m.dates and (not m.currency or not currency or m.currency == currency)
        and (abs(value.number) >= 1000 or (m.currency and m.currency == currency))
    ]
    if not mentions:
        return None
    exact = {c for c in allowed for m in mentions for p in m.dates if p.kind != "duration" and period_matches(p, columns[c].date)}
    hit = exact or {c for c in allowed for m in mentions for p in m.dates if period_matches(p, columns[c].date)}
    if exact:
        mentions = [m for m in mentions if any(p.kind != "duration" for p in m.dates)] or mentions
    quote = mentions[0].sentence if len(mentions[0].sentence) <= 220 else mentions[0].sentence[:217] + "..."
    if hit:
        return hit, f"narrowed by {mentions[0].source}: \u201c{quote}\u201d"
    said = ", ".join(sorted({p.display() for m in mentions for p in m.dates}))
    return set(), f"sources disagree: {mentions[0].source} dates this number {said} (\u201c{quote}\u201d), a date no column of this table allows"


def _suffix_unit(suffix: str, symbol_currency: dict[str, str]) -> str:
    if suffix in symbol_currency:
        return symbol_currency[suffix]
    u = unit_from_header_line(suffix)
    return u[0] if u else suffix


def _fact_unit(
    row: RRow,
    value: CellValue,
    row_currency: str,
    last_currency: str,
    symbol_currency: dict[str, str],
    columns: list[RColumn],
    dom: frozenset[int],
) -> tuple[str | None, str]:
    """The unit of one value and, when it had to be inferred, how ('' when printed)."""
    if value.duration_iso:
        return "duration", ""
    if value.percent:
        return "pure", ""
    if row.unit_suffix:
        return _suffix_unit(row.unit_suffix, symbol_currency), ""
    if value.symbol:
        cur = symbol_currency.get(value.symbol, "")
        col_units = {u for c in dom for u in columns[c].units}
        per_share = f"{cur}/shares" in col_units and (f"{cur}" not in col_units or _PER_SHARE_WORDS.search(row.label))
        return (f"{cur}/shares" if per_share else cur), ""
    if row_currency and not _COUNT_WORDS.search(row.label):
        return row_currency, "from the currency printed elsewhere in the row"
    if _COUNT_WORDS.search(row.label):
        return "shares", "inferred from the row label (no unit printed)"
    if _MONEY_WORDS.search(row.label) and (row_currency or last_currency):
        return row_currency or last_currency, "inferred: the renderer prints the currency only on the first row of a block"
    return None, "not printed"


def _scale_for(unit: str | None, value: CellValue, scales: dict[str, int], symbol_currency: dict[str, str]) -> tuple[str, int]:
    """Which part of the scale line applies ('¥ in Thousands' -> ('¥', 3))."""
    if unit is None or value.percent or value.duration_iso:
        return "", 0
    if "/" in unit:
        for key, s in scales.items():
            if "/" in key:
                return f"{key} in {_scale_word(s)}", s
        return "", 0
    if unit == "shares":
        return (f"shares in {_scale_word(scales['shares'])}", scales["shares"]) if "shares" in scales else ("", 0)
    for key, s in scales.items():
        if "/" not in key and symbol_currency.get(key) == unit:
            return f"{key} in {_scale_word(s)}", s
    return "", 0


def _scale_word(s: int) -> str:
    return {0: "Units", 3: "Thousands", 6: "Millions", 9: "Billions", 12: "Trillions"}[s]


def _row_chunk(filing_id: str, source: str, title: str, row: RRow, facts: list[Fact]) -> Chunk:
    members = " | ".join(row.members)
    values = "; ".join(
        f"{f.raw}" + (f" ({f.period.display()})" if f.period is not None else "") for f in facts
    )
    head = f"{title}" + (f" — {members}" if members else "")
    text = f"{head}\n{row.label}: {values}"
    display = f"{row.printed} | " + " | ".join(f.raw for f in facts)
    return Chunk(
        chunk_id=stable_id(filing_id, "row", row.index),
        filing_id=filing_id,
        source=source,
        title=title,
        kind="row",
        text=text,
        display=display,
        position=row.index,
        section=members,
        fact_ids=tuple(f.fact_id for f in facts),
    )
