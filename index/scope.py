"""Asking within one document or company: ``within=`` words -> the filings a reader view keeps to.

A scope is written the way a user knows a document: its file name ("aapl-20250329.htm"), its
filing id (what `filingqa ingest` and the Sources tab list), or a company by name ("Apple",
"Apple Inc."), ticker ("AAPL") or CIK ("320193", leading zeros optional). The words resolve to
filing ids once; the stores then push the filter into every fact query and passage search
(``reader.within(ids)``), so the answering core sees only the scope.
"""

from __future__ import annotations

from dataclasses import dataclass

from .entity_names import normalized_name
from .errors import ScopeNotFound

__all__ = ["Scope", "resolve_scope"]

_LISTED = 8  # filings and companies named in the error when a scope matches nothing


@dataclass(frozen=True)
class Scope:
    """What ``within`` named and the filings it stands for."""

    asked: str
    kind: str  # "filing" | "file" | "company"
    name: str  # the file name(s) or the company's display name it resolved to
    filing_ids: tuple[str, ...]

    def describe(self) -> str:
        return f"{self.kind} {self.name}"


def _company_filings(reader, want: str) -> tuple[str, list[str]] | None:
    """(display name, filing ids) of the company the words name, by name, ticker or CIK."""
    words = want.strip()
    digits = words.lstrip("0") if words.isdigit() else None
    norm = normalized_name(words)
    hits = []
    for display, cik, ticker in reader.entities():
        if ((digits is not None and cik and cik.lstrip("0") == digits)
                or (ticker and ticker.lower() == words.lower())
                or (norm and normalized_name(display) == norm)):
            hits.append(display)
    if len(hits) != 1:
        return None
    display = hits[0]
    names = reader.names
    ids = [f.filing_id for f in reader.filings() if f.entity and names.canonical(f.entity) == display]
    return (display, ids) if ids else None


def resolve_scope(reader, within: str) -> Scope:
    """The filings ``within`` names in this reader's index; ScopeNotFound says what is indexed instead."""
    asked = " ".join(str(within or "").split())
    if not asked:
        raise ScopeNotFound("the scope is empty.")
    filings = reader.filings()
    by_id = [f for f in filings if f.filing_id == asked]
    if by_id:
        return Scope(asked, "filing", by_id[0].source, (by_id[0].filing_id,))
    low = asked.lower()
    by_name = [f for f in filings if f.source.lower() == low] or [
        f for f in filings if f.source.rsplit("/", 1)[-1].lower() == low.rsplit("/", 1)[-1]]
    if by_name:
        return Scope(asked, "file", ", ".join(sorted({f.source for f in by_name})), tuple(f.filing_id for f in by_name))
    company = _company_filings(reader, asked)
    if company is not None:
        display, ids = company
        return Scope(asked, "company", display, tuple(ids))
    raise ScopeNotFound(f"nothing in the index is “{asked}”: no filing id, file name or company matches it. "
                        f"{_what_is_indexed(reader, filings)}")


def _what_is_indexed(reader, filings) -> str:
    if not filings:
        return "The index holds no filings."
    files = ", ".join(sorted(f.source for f in filings)[:_LISTED]) + (" …" if len(filings) > _LISTED else "")
    companies = [f"{d} ({t or 'no ticker'}{', CIK ' + c if c else ''})" for d, c, t in reader.entities()]
    text = f"Indexed: {len(filings)} filing(s): {files}."
    if companies:
        text += (f" Companies: {'; '.join(companies[:_LISTED])}" + (" …" if len(companies) > _LISTED else "") + ".")
    return text
