"""One company, one name: the spellings a company's filings use, folded by CIK.

Filings of the same registrant print its name differently ("APPLE INC" in a 2015 instance,
"Apple Inc." in a 2022 one). Facts and passages keep the name as filed; a reader maps every
spelling to one display name per company, so a question about Apple finds all its filings and a
company is listed once.

Identity is the CIK. A spelling seen with no CIK (a press release, a plain-HTML filing) joins the
CIK company whose names normalise to the same words ("Buckle, Inc." / "BUCKLE, INC"), when exactly
one does; otherwise spellings without a CIK that normalise alike are one company among themselves.
Two CIKs are never merged, whatever their names.

The rows come from plain SQL any store can run (:data:`ENTITY_ROWS_SQL`), and the mapping is
applied as a portable SQL ``CASE`` (:meth:`EntityNames.sql_case`), so DuckDB and PostgreSQL
stores share this step.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["EntityNames", "ENTITY_ROWS_SQL", "normalized_name"]

# (entity, cik, ticker, rows) of the facts and of the passages, over tables named facts and chunks
ENTITY_ROWS_SQL = (
    "SELECT entity, cik, ticker, count(*) AS n FROM {facts} WHERE entity <> '' GROUP BY entity, cik, ticker "
    "UNION ALL SELECT entity, '' AS cik, '' AS ticker, count(*) AS n FROM {chunks} WHERE entity <> '' GROUP BY entity"
)

_LEGAL = {"inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "plc", "nv",
          "sa", "ag", "se", "lp", "llp", "the"}


def normalized_name(name: str) -> str:
    """Words of a company name without case, punctuation or legal form: 'Apple Inc.' -> 'apple'."""
    text = name.lower().replace("&", " and ")
    text = re.sub(r"\b([a-z])\.", r"\1", text)  # initials: 'n.v.' -> 'nv'
    words = re.findall(r"[a-z0-9]+", text)
    while words and words[-1] in _LEGAL:
        words.pop()
    while words and words[0] == "the":
        words.pop(0)
    return " ".join(words)


def _display_rank(name: str, rows: int) -> tuple:
    """Which spelling a company is shown under: properly cased first (a registrant's own name, not
    EDGAR's capitals), then the one most of its facts use, then the longer, then by text."""
    cased = any(c.islower() for c in name)
    return (not cased, -rows, -len(name), name)


@dataclass
class _Company:
    cik: str = ""
    tickers: dict[str, int] = field(default_factory=dict)
    names: dict[str, int] = field(default_factory=dict)  # spelling -> rows

    def add(self, name: str, ticker: str, rows: int) -> None:
        self.names[name] = self.names.get(name, 0) + rows
        if ticker:
            self.tickers[ticker] = self.tickers.get(ticker, 0) + rows

    @property
    def display(self) -> str:
        return min(self.names, key=lambda n: _display_rank(n, self.names[n]))

    @property
    def ticker(self) -> str:
        return max(self.tickers, key=lambda t: (self.tickers[t], t)) if self.tickers else ""


class EntityNames:
    """Spelling -> display name, and back: built once per reader from :data:`ENTITY_ROWS_SQL` rows."""

    def __init__(self, rows: Iterable[tuple[str, str, str, int]]):
        by_cik: dict[str, _Company] = {}
        loose: list[tuple[str, str, int]] = []
        spelling_ciks: dict[str, set[str]] = {}
        for entity, cik, ticker, n in rows:
            entity, cik, ticker = entity or "", (cik or "").lstrip("0"), ticker or ""
            if not entity:
                continue
            if cik:
                by_cik.setdefault(cik, _Company(cik=cik)).add(entity, ticker, int(n or 0))
                spelling_ciks.setdefault(entity, set()).add(cik)
            else:
                loose.append((entity, ticker, int(n or 0)))
        # normalised words -> the CIK companies that use them (a name two CIKs share joins neither)
        words_cik: dict[str, set[str]] = {}
        for cik, co in by_cik.items():
            for name in co.names:
                words_cik.setdefault(normalized_name(name), set()).add(cik)
        by_words: dict[str, _Company] = {}
        for entity, ticker, n in loose:
            ciks = spelling_ciks.get(entity) or words_cik.get(normalized_name(entity), set())
            if len(ciks) == 1:
                by_cik[next(iter(ciks))].add(entity, ticker, n)
            elif not ciks:
                by_words.setdefault(normalized_name(entity) or entity.lower(), _Company()).add(entity, ticker, n)
            else:  # the same words under several CIKs: cannot tell which company it is, keep it apart
                by_words.setdefault(entity, _Company()).add(entity, ticker, n)
        self._companies = list(by_cik.values()) + list(by_words.values())
        self._canonical: dict[str, str] = {}
        self._spellings: dict[str, set[str]] = {}
        for co in self._companies:
            shown = co.display
            for name in co.names:
                # a spelling filed under two CIKs keeps its own name (it cannot say which company)
                if len(spelling_ciks.get(name, ())) > 1:
                    continue
                self._canonical[name] = shown
                self._spellings.setdefault(shown, set()).add(name)
        for co in self._companies:
            self._spellings.setdefault(co.display, set()).add(co.display)

    def canonical(self, name: str) -> str:
        """The display name of the company this spelling belongs to (itself when unknown)."""
        return self._canonical.get(name, name)

    def spellings(self, names: Iterable[str]) -> list[str]:
        """Every stored spelling of the companies named (by any of their spellings), sorted."""
        out: set[str] = set()
        for name in names:
            shown = self.canonical(name)
            out.update(self._spellings.get(shown, {name}))
            out.add(name)
        return sorted(out)

    def directory(self) -> list[tuple[str, str, str]]:
        """(display name, CIK, ticker) once per company, by name."""
        return sorted((co.display, co.cik, co.ticker) for co in self._companies)

    @property
    def renames(self) -> dict[str, str]:
        """Spellings shown under another name."""
        return {s: c for s, c in self._canonical.items() if s != c}

    def sql_case(self, column: str = "entity") -> str:
        """A standard-SQL expression giving ``column``'s display name (the column itself when no
        spelling needs renaming)."""
        ren = self.renames
        if not ren:
            return column

        def lit(v: str) -> str:
            return "'" + v.replace("'", "''") + "'"

        whens = " ".join(f"WHEN {lit(s)} THEN {lit(c)}" for s, c in sorted(ren.items()))
        return f"CASE {column} {whens} ELSE {column} END"

    def canonical_select(self, select_sql: str) -> str:
        """``select_sql`` (rows with an ``entity`` column) with every spelling shown under its
        company's display name (DuckDB's ``* REPLACE``; unchanged when nothing is renamed)."""
        if not self.renames:
            return select_sql
        return f"SELECT * REPLACE ({self.sql_case('entity')} AS entity) FROM ({select_sql}) AS spelled"
