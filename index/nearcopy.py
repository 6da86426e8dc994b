"""Recognising a filing the index already holds, however its copy differs in name or in bytes.

Two copies of one filing would make every number in it ambiguous ("I can't tell which value…") where one
copy answers it. A new file is a copy of an indexed one when

* both carry the same EDGAR accession number, or
* nothing they say about themselves disagrees — company (CIK, else name), form, period — and their content
  is nearly the same: at least :data:`SIMILAR` of the facts and passages they hold in common (Jaccard),
  compared with whitespace and case ignored, so a space or a line break changed is no difference.

The content is compared through a MinHash :class:`Print` (64 numbers a filing, kept beside it in the
index), so a new file is compared with every indexed one without reading them back. A 10-K/A, the next
year's 10-K, or another company's filing differs in form, period or company and is never a copy, even
when most of its text is the same.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .facts import ParsedFiling

__all__ = ["Print", "fingerprint", "SIMILAR", "copy_of", "Match"]

SIMILAR = 0.9
_N = 64
_P = np.uint64(4294967311)  # a prime above 2**32
_rng = np.random.default_rng(20240917)
_A = _rng.integers(1, 1 << 32, _N, dtype=np.uint64)
_B = _rng.integers(0, 1 << 32, _N, dtype=np.uint64)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Print:
    """What a filing says it is, and a MinHash of what it holds."""

    accession: str = ""
    cik: str = ""
    entity: str = ""
    form: str = ""
    period: str = ""  # the report date, else 'FY2023' / 'Q2 2023'
    minhash: str = ""  # base64 of _N little-endian uint32 ('' when the filing holds nothing)

    def hashes(self) -> np.ndarray:
        return np.frombuffer(base64.b64decode(self.minhash), dtype="<u4").astype(np.uint64) if self.minhash \
            else np.zeros(0, np.uint64)


def _norm(text: str) -> str:
    return _SPACE.sub("", text).lower()


def _elements(pf: ParsedFiling) -> Iterable[str]:
    for f in pf.facts:
        period = f.period.iso() if f.period else ",".join(p.iso() for p in f.candidate_periods)
        members = ",".join(sorted(_norm(m.display()) for m in f.dimensions))
        yield f"f\x1f{_norm(f.concept or f.label)}\x1f{f.value if f.value is not None else _norm(f.raw)}\x1f{f.unit}" \
              f"\x1f{period}\x1f{members}"
    for c in pf.chunks:
        yield f"c\x1f{_norm(c.text)}"


def _minhash(elements: Iterable[str]) -> str:
    keys = np.fromiter((int.from_bytes(hashlib.blake2b(e.encode("utf-8", "replace"), digest_size=4).digest(), "little")
                        for e in set(elements)), dtype=np.uint64)
    if not len(keys):
        return ""
    low = np.full(_N, np.iinfo(np.uint64).max, dtype=np.uint64)
    for at in range(0, len(keys), 20000):  # bounded memory: 20,000 x 64 at a time
        block = keys[at:at + 20000]
        low = np.minimum(low, ((block[:, None] * _A[None, :] + _B[None, :]) % _P).min(axis=0))
    return base64.b64encode(low.astype("<u4").tobytes()).decode()


def _period(pf: ParsedFiling) -> str:
    if pf.report_date:
        return pf.report_date.isoformat()
    if pf.fiscal_year:
        return f"{pf.fiscal_period or 'FY'} {pf.fiscal_year}"
    return ""


def fingerprint(filings: Sequence[ParsedFiling], accession: str = "") -> Print:
    """The print of one file's filings (its identity is its first filing that names a company)."""
    main = next((pf for pf in filings if pf.cik or pf.entity), filings[0] if filings else None)
    if main is None:
        return Print(accession=accession)
    return Print(accession=accession, cik=main.cik.lstrip("0"), entity=_norm(re.sub(r"[^\w\s]", "", main.entity)),
                 form=main.form.upper(), period=_period(main),
                 minhash=_minhash(e for pf in filings for e in _elements(pf)))


def similarity(a: Print, b: Print) -> float:
    ha, hb = a.hashes(), b.hashes()
    if not len(ha) or len(ha) != len(hb):
        return 0.0
    return float(np.mean(ha == hb))


def _agree(x: str, y: str) -> bool:
    return not x or not y or x == y


@dataclass(frozen=True)
class Match:
    source: str  # the indexed file this one copies
    why: str  # in words, for the user


def copy_of(new: Print, indexed: Iterable[tuple[str, Print]]) -> Match | None:
    """The indexed file (name, print) that ``new`` is a copy of, if any."""
    best: tuple[float, str] | None = None
    for source, old in indexed:
        if new.accession and new.accession == old.accession:
            return Match(source, f"it has the same accession number ({new.accession}) as {source}, already indexed")
        if new.accession and old.accession:
            continue  # two different submissions
        company = _agree(new.cik, old.cik) if new.cik and old.cik else _agree(new.entity, old.entity)
        if not (company and _agree(new.form, old.form) and _agree(new.period, old.period)):
            continue
        sim = similarity(new, old)
        if sim >= SIMILAR and (best is None or sim > best[0]):
            best = (sim, source)
    if best is None:
        return None
    sim, source = best
    return Match(source, f"it is a near-copy of {source}, already indexed: the same company, form and period as far as "
                         f"both say, and {sim:.0%} of their facts and passages are the same")
