"""Companies named in a question: by name ("Apple's"), ticker ("AMZN") or CIK, resolved against
the entities the index actually holds (so nothing is matched that could not be answered)."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Entity", "EntityDirectory"]

_SUFFIXES = re.compile(
    r"[,.]?\s+(?:inc|incorporated|corp|corporation|co|company|ltd|limited|llc|plc|s\.?a|a\.?g|n\.?v|s\.?e|holdings?|group|"
    r"technologies|technology)\.?$", re.I)
_GENERIC_FIRST = {"the", "first", "american", "united", "general", "international", "national", "global"}
# a royal-warrant title ahead of the name ("Koninklijke Philips N.V." is "Philips", "Royal Philips")
_HONORIFIC = {"koninklijke", "royal"}


@dataclass(frozen=True)
class Entity:
    name: str
    cik: str
    ticker: str

    def aliases(self) -> set[str]:
        """Lower-case phrases that name this company in a question."""
        out: set[str] = set()
        base = self.name.strip()
        while True:
            stripped = _SUFFIXES.sub("", base).strip(" ,.")
            if stripped == base:
                break
            base = stripped
        base = re.sub(r"\.com\b", "", base, flags=re.I).strip()
        if base:
            out.add(base.lower())
            words = base.lower().split()
            if len(words) > 1 and words[0] in _HONORIFIC:
                rest = " ".join(words[1:])
                out.update({rest, f"royal {rest}"})
                words = words[1:]
            first = words[0].strip(",.")
            if len(first) >= 4 and first not in _GENERIC_FIRST:
                out.add(first)
        if self.cik:
            out.add(self.cik.lstrip("0"))
        return {a for a in out if a}


def _cased(name: str) -> bool:
    return any(c.islower() for c in name)


class EntityDirectory:
    def __init__(self, rows: list[tuple[str, str, str]]):
        # one company per CIK (the reader already folds spellings; rows from elsewhere may not):
        # shown under a properly cased spelling when it has one, not EDGAR's capitals
        merged: dict[str, Entity] = {}
        for name, cik, ticker in rows:
            key = (cik or "").lstrip("0") or name.lower()
            prev = merged.get(key)
            if prev is not None and prev.name and (not name or _cased(prev.name) >= _cased(name)):
                name = prev.name
            merged[key] = Entity(name or "", cik or "", ticker or (prev.ticker if prev else ""))
        self.entities = list(merged.values())
        self._patterns: list[tuple[re.Pattern, Entity]] = []
        for e in self.entities:
            for alias in sorted(e.aliases(), key=len, reverse=True):
                lead = "0*" if alias.isdigit() else ""  # 'CIK 0001318605' names CIK 1318605
                pat = re.compile(rf"(?<![\w-]){lead}{re.escape(alias)}(?:['’]s)?(?![\w-])", re.I)
                self._patterns.append((pat, e))
            if e.ticker:  # tickers only in capitals: 'ON' or 'ALL' in lower case are words
                self._patterns.append((re.compile(rf"(?<![\w-]){re.escape(e.ticker.upper())}(?:['’]s)?(?![\w-])"), e))

    def find(self, text: str) -> list[tuple[Entity, tuple[int, int]]]:
        """Companies named in the text, in order of appearance, each once."""
        hits: list[tuple[int, int, Entity]] = []
        for pat, e in self._patterns:
            for m in pat.finditer(text):
                if any(a <= m.start() < b for a, b, _ in hits):
                    continue
                hits.append((m.start(), m.end(), e))
        hits.sort()
        seen: set[str] = set()
        out = []
        for a, b, e in hits:
            if e.name in seen:
                continue
            seen.add(e.name)
            out.append((e, (a, b)))
        return out

    def closest(self, name: str, min_ratio: float = 80.0) -> Entity | None:
        """The company a misspelt name most likely means ('Aple' -> Apple), or None."""
        from rapidfuzz import fuzz

        best, best_score = None, 0.0
        for e in self.entities:
            for alias in e.aliases():
                if alias.isdigit() or len(alias) < 4:
                    continue
                score = fuzz.ratio(name.lower(), alias)
                if score > best_score:
                    best, best_score = e, score
        return best if best_score >= min_ratio else None
