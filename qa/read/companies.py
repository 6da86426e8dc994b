"""Companies as people write them, resolved against the companies an index holds.

One directory per index, from every filing's own names (registrant spellings, CIK, trading
symbols) plus the CIK-ticker-name table edgartools ships offline (``edgar/reference/data/
company_tickers.parquet``, about 10,000 rows): a filing with no ``dei:TradingSymbol`` is still
found by its ticker, and a company the index does not hold is recognised as one (and abstained on,
by name) instead of being read as line-item words.

A name and a question are compared after one normalisation: case, punctuation, "&" = "and",
hyphens (Harley-Davidson = HARLEY DAVIDSON INC), legal suffixes, a leading "The". Aliases derived
from each name: the whole name, its words run together (ExxonMobil = EXXON MOBIL), its initials
with "&" (B&N = Barnes & Noble), and a distinctive first word (Plymouth = Plymouth Rock
Technologies).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..plan import Company

__all__ = ["CompanyDirectory", "normalized_words", "ticker_table"]

_LEGAL = frozenset("inc incorporated corp corporation co company ltd limited llc plc nv sa ag se lp llp the cos".split())
_GROUPING = frozenset("holdings holding group".split())  # 'UnitedHealth Group' is also 'UnitedHealth'
_CONNECT = frozenset("and of the de".split())
_GENERIC_FIRST = frozenset("the first american united general international national global new north south east west "
                           "royal koninklijke china great pacific atlantic central southern northern western eastern "
                           "federal capital security standard universal advanced applied digital energy health".split())
# finance words written in capitals that are not tickers ('EPS', 'COGS'): never a company
ACRONYMS = frozenset("""EPS FCF EBIT EBITDA COGS SGA ROA ROE ROIC ROI DSO DIO DPO CCC YOY YTD TTM LTM GAAP IFRS USD EUR CNY
JPY GBP RMB HKD CAD FY CIK CFO CEO COO CAPEX OPEX AOCI OCI NCI US USA UK EU IPO ESPP RSU RSUS PSU LLC LLP INC SEC IRS EBT
NOPAT WACC AWS PPE NII NIM AUM ARR MRR LTV CAC DTA DTL NOL SBC ETR RD XBRL MCR DPS PPNE AR AP FX OTC NYSE CY Q1 Q2 Q3 Q4
H1 H2 LLM AI IT HR PP SG CCO CTO PCAOB EIN ZIP ID""".split())
_TOKEN = re.compile(r"[A-Za-z0-9]+|&")


def normalized_words(text: str, grouping: bool = True) -> tuple[str, ...]:
    """'HARLEY-DAVIDSON, INC.' -> ('harley', 'davidson'); 'Barnes & Noble' -> ('barnes', 'and', 'noble').
    ``grouping=False`` also drops a trailing 'Group' / 'Holdings'."""
    t = re.sub(r"\b([A-Za-z])\.(?=[A-Za-z]\.)", r"\1", text)  # 'N.V.' -> 'NV', 'U.S.' -> 'US'
    words = [("and" if w == "&" else w.lower()) for w in _TOKEN.findall(t)]
    while words and (words[-1] in _LEGAL or (not grouping and words[-1] in _GROUPING)):
        words.pop()
    while words and words[0] == "the":
        words.pop(0)
    return tuple(words)


def _aliases(name: str) -> set[tuple[str, ...]]:
    words = normalized_words(name, grouping=False)
    out: set[tuple[str, ...]] = {normalized_words(name)} - {()}
    if not words:
        return out
    out.add(words)
    if words[0] in ("koninklijke", "royal") and len(words) > 1:  # 'Koninklijke Philips' is 'Philips', 'Royal Philips'
        out |= {words[1:], ("royal",) + words[1:]}
        words = words[1:]
    if words and words[-1] == "com" and len(words) > 1:  # 'AMAZON COM' / 'Amazon.com'
        out.add(words[:-1])
    content = [w for w in words if w not in _CONNECT]
    if len(words) > 1:
        out.add(("".join(w for w in words if w != "and"),))  # written as one word: ExxonMobil, Unitedhealth
    if len(content) >= 2 and "and" in words:  # initials with '&': B&N
        initials = []
        for w in words:
            initials.append("and" if w == "and" else w[0])
        out.add(tuple(initials))
    first = words[0]
    if len(first) >= 4 and first not in _GENERIC_FIRST and not first.isdigit():
        out.add((first,))
    return out


@lru_cache(maxsize=1)
def ticker_table() -> tuple[tuple[str, str, str], ...]:
    """(cik without leading zeros, ticker, name) rows of edgartools' offline company table ((): none)."""
    try:
        import edgar.reference.data as ref  # a data package: nothing is fetched
        import pyarrow.parquet as pq

        path = Path(ref.__file__).parent / "company_tickers.parquet"
        rows = pq.read_table(path, columns=["cik", "ticker", "name"]).to_pylist()
    except Exception:  # noqa: BLE001 - the table only widens what is recognised
        return ()
    return tuple(((r["cik"] or "").lstrip("0"), (r["ticker"] or "").upper(), r["name"] or "") for r in rows)


@lru_cache(maxsize=1)
def _english() -> frozenset[str]:
    from ..spelling import _english_words

    return _english_words()


@lru_cache(maxsize=1)
def _outside_names() -> dict[tuple[str, ...], str]:
    """Normalised names of every company in the table -> its name (to recognise a company not indexed).
    Single words only when distinctive: not an English word, not a generic first word."""
    out: dict[tuple[str, ...], str] = {}
    english = _english()
    for _, _, name in ticker_table():
        words = normalized_words(name)
        if not words:
            continue
        out.setdefault(words, name)
        if len(words[0]) >= 5 and words[0] not in english and words[0] not in _GENERIC_FIRST:
            out.setdefault(words[:1], name)
    return out


@dataclass(frozen=True)
class _Entry:
    company: Company
    aliases: frozenset[tuple[str, ...]]
    tickers: frozenset[str]


class CompanyDirectory:
    """The companies of one index, and how questions name them."""

    def __init__(self, rows: list[tuple[str, str, str]]):
        table_by_cik: dict[str, list[tuple[str, str]]] = {}
        for cik, ticker, name in ticker_table():
            table_by_cik.setdefault(cik, []).append((ticker, name))
        merged: dict[str, dict] = {}
        for name, cik, ticker in rows:
            key = (cik or "").lstrip("0") or " ".join(normalized_words(name or ""))
            e = merged.setdefault(key, {"names": [], "cik": (cik or "").lstrip("0"), "tickers": set()})
            if name:
                e["names"].append(name)
            if ticker:
                e["tickers"].add(ticker.upper())
        self.entries: list[_Entry] = []
        for key, e in merged.items():
            names = e["names"] or [key]
            shown = min(names, key=lambda n: (not any(c.islower() for c in n), -len(n), n))
            tickers = set(e["tickers"])
            for ticker, tname in table_by_cik.get(e["cik"], []) if e["cik"] else []:
                tickers.add(ticker)
                names.append(tname)
            if not e["cik"]:  # no CIK in the filing (a press release): the table by name
                for cik, ticker, tname in ticker_table():
                    if normalized_words(tname) == normalized_words(shown):
                        tickers.add(ticker)
            aliases = set().union(*(_aliases(n) for n in names))
            if e["cik"]:
                aliases.add((e["cik"],))
            company = Company(name=shown, cik=e["cik"], ticker=min(tickers, key=len) if tickers else "")
            self.entries.append(_Entry(company, frozenset(aliases), frozenset(t.replace(".", "-") for t in tickers)))

    @property
    def companies(self) -> list[Company]:
        return [e.company for e in self.entries]

    # --- reading a question ---------------------------------------------------------------------
    def find(self, text: str) -> list[tuple[Company, tuple[int, int]]]:
        """Companies named in the text, in order of appearance, each once, with the span they used."""
        tokens = [(("and" if m.group(0) == "&" else m.group(0).lower()), m.start(), m.end(), m.group(0))
                  for m in _TOKEN.finditer(text)]
        hits: list[tuple[int, int, Company]] = []
        taken: list[tuple[int, int]] = []
        for entry in self.entries:
            for alias in sorted(entry.aliases, key=len, reverse=True):
                for i in range(len(tokens) - len(alias) + 1):
                    if tuple(t[0] for t in tokens[i:i + len(alias)]) != alias:
                        continue
                    a, b = tokens[i][1], tokens[i + len(alias) - 1][2]
                    if len(alias) == 1 and alias[0].isdigit() and not re.search(r"\bcik\b", text[max(0, a - 12):a], re.I):
                        continue  # a bare number is a CIK only after 'CIK'
                    if self._taken(taken, a, b):
                        continue
                    hits.append((a, b, entry.company))
                    taken.append((a, b))
            for i, (low, a, b, raw) in enumerate(tokens):
                upper = raw.upper()
                if upper not in entry.tickers or self._taken(taken, a, b):
                    continue
                if raw != upper and (len(raw) < 3 or low in _english()):
                    continue  # a lower-case ticker only when it is no word ('tsla' yes, 'low' no)
                hits.append((a, b, entry.company))
                taken.append((a, b))
        hits.sort(key=lambda h: h[0])
        seen: set[str] = set()
        out = []
        for a, b, company in hits:
            if company.name in seen:
                continue
            seen.add(company.name)
            b = _past_possessive(text, b)
            out.append((company, (a, b)))
        return out

    @staticmethod
    def _taken(taken: list[tuple[int, int]], a: int, b: int) -> bool:
        return any(a < y and x < b for x, y in taken)

    def closest(self, name: str, min_ratio: float = 85.0) -> Company | None:
        """The indexed company a misspelt name most likely means ('Aple' -> Apple), or None."""
        from rapidfuzz import fuzz

        low = " ".join(normalized_words(name))
        best, best_score = None, 0.0
        for e in self.entries:
            for alias in e.aliases:
                text = " ".join(alias)
                if len(text) < 4 or text.isdigit():
                    continue
                score = fuzz.ratio(low, text)
                if score > best_score:
                    best, best_score = e.company, score
        return best if best_score >= min_ratio else None

    def unknown(self, text: str, taken: list[tuple[int, int]]) -> tuple[list[tuple[str, tuple[int, int]]], list[tuple[str, tuple[int, int]]]]:
        """Names written where a company goes that no indexed company answers to, with their spans:
        (companies - known to the offline table or written as a ticker: 'reported by COST in FY22',
        'for Costco', 'Microsoft's' -, other possessive names that may be one: 'Acme's')."""
        strong: list[tuple[str, tuple[int, int]]] = []
        weak: list[tuple[str, tuple[int, int]]] = []
        known_tickers = set().union(*(e.tickers for e in self.entries)) if self.entries else set()
        outside = _outside_names()

        def free(span: tuple[int, int]) -> bool:
            return not self._taken(taken + [s for _, s in strong + weak], *span)

        for m in _TICKER_LIKE.finditer(text):
            t = m.group(1)
            if t not in ACRONYMS and t not in known_tickers and free(m.span(1)):
                strong.append((t, m.span(1)))
        # a company of the offline table written in capitals ('for Costco', 'Walmart's'), not indexed
        for m in re.finditer(r"\b[A-Z0-9][\w&.-]*(?:\s+(?:&\s+)?[A-Z][\w&.-]*){0,3}", text):
            before, after = text[max(0, m.start() - 12):m.start()], text[m.end():m.end() + 3]
            if not (_COMPANY_SLOT.search(before) or re.match(r"['’]s?\b", after) or m.start() == 0):
                continue  # only where a company goes: 'for Costco', 'did Costco', "Walmart's"
            words = normalized_words(m.group(0))
            for n in range(len(words), 0, -1):
                if words[:n] in outside and not any(words[:n] in e.aliases for e in self.entries) \
                        and m.group(0).split()[0] not in _NOT_OWNERS and free(m.span()):
                    strong.append((m.group(0), m.span()))
                    break
        for m in _POSSESSIVE.finditer(text):
            name = m.group(1)
            words = name.split()
            if words[-1] in _GENERIC_OWNERS or words[0] in _NOT_OWNERS or name.upper() in ACRONYMS or not free(m.span()):
                continue
            weak.append((name, m.span()))
        return strong, weak


# the legal form written after a name the directory knows without it ('NVIDIA CORP's', 'HOME DEPOT, INC.'s')
_LEGAL_AFTER = re.compile(r"(?:,?\s+(?:inc|incorporated|corp|corporation|co|company|ltd|limited|llc|plc|n\.?v|s\.?a|ag|se|lp|llp|cos)"
                          r"\b\.?)+", re.I)


def _past_possessive(text: str, b: int) -> int:
    legal = _LEGAL_AFTER.match(text, b)
    b = legal.end() if legal else b
    m = re.match(r"(?:['’]s?|\.com\b)", text[b:])
    return b + m.end() if m else b


_COMPANY_SLOT = re.compile(r"\b(?:for|by|of|at|from|did|does|do|has|had|was|is|were|about|compare|and|versus|vs\.?)\s+$", re.I)
_POSSESSIVE = re.compile(r"\b((?:[A-Z][\w&.-]*)(?:\s+[A-Z][\w&.-]*){0,3})['’]s?(?=\s|$|[?,.])")
_GENERIC_OWNERS = {"Company", "Group", "Plan", "Board", "Registrant", "Issuer", "Fund", "Trust", "Partnership", "Entity", "Bank",
                   "Segment", "Court", "Chancery"}
_NOT_OWNERS = {"What", "How", "Which", "Who", "When", "Where", "Why", "Is", "Was", "Did", "Does", "The", "In", "For", "By", "Of",
               "According", "Based", "Using", "As", "At", "On", "To", "From", "And", "Or", "Here", "There", "Let", "It",
               "This", "That", "Today", "Year", "Quarter", "Fiscal", "Q1", "Q2", "Q3", "Q4", "FY"}
# an all-capitals word where a company goes ('reported by COST in FY22', 'of XYZ?'), not a finance acronym
_TICKER_LIKE = re.compile(r"\b(?:by|of|for|at|from)\s+([A-Z]{2,5})\b(?=\s+(?:in|for|during|as|at|on)\b|\s*[?.]?\s*$)")
