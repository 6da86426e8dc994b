"""Prose in filings: rebuilding paragraphs, splitting sentences, and reading the numbers a
sentence ties to dates ("RMB 2,573 and RMB 616 as of December 31, 2021 and 2022, respectively").

Shared by every parser that meets note text (text blocks, inline XBRL, HTML).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..facts import Mention, Period, stable_id
from .numbers import _MONTH_RE, DATE_RE, _MONTH_NUM, canonical

__all__ = ["paragraphs", "sentences", "extract_mentions", "SentenceNumbers", "sentence_numbers", "period_matches"]

_SENT_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z(“\"])")
_ABBREV = re.compile(r"\b(?:No|Nos|Inc|Ltd|Co|Corp|U\.S|e\.g|i\.e|Mr|Ms|Dr|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx|vs|St)\.$", re.I)
_HEADING = re.compile(r"^(?:\(?[a-z0-9]{1,3}[.)]\s+\S.{0,80}|[A-Z][A-Z0-9 ,&’'()-]{3,80}|Item\s+\d+[A-Z]?\..{0,80})$")

_CURRENCY_WORDS = {"RMB": "CNY", "US$": "USD", "$": "USD", "¥": "CNY", "HK$": "HKD", "€": "EUR", "£": "GBP",
                   "USD": "USD", "CNY": "CNY", "EUR": "EUR", "C$": "CAD", "CAD": "CAD"}
_CUR_RE = r"(?:RMB|US\$|HK\$|C\$|USD|CNY|EUR|CAD|\$|¥|€|£)"
_NUMBER_RE = re.compile(
    rf"(?P<cur>{_CUR_RE})?\s?(?P<num>\(?\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+\.\d+|\d+)\)?"
    r"(?P<pct>\s?%|\s(?:percent|per cent)\b)?(?P<mult>\s(?:million|billion|thousand))?(?P<short>(?:m|mn|bn|k)\b)?"
    r"(?P<suffix>\s+(?:[A-Za-z’'-]+))?",
)
# '31 March 2019', as reports outside the US date things (DATE_RE reads 'March 31, 2019')
_DAY_FIRST_DATE = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_RE})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)
_YEAR_LIST = re.compile(r"\b((?:19|20)\d{2})\b")
# the prior year's figure in parentheses, as Australian and UK reports write it: 'was $9.8 million (2018: $6.6 million)';
# its year dates the figures inside only
_COMPARATIVE = re.compile(r"\((?:FY\s?)?(?:19|20)?\d{2}\s*[:–—-][^()]*\)")


_BARE_YEAR = "year"  # the label of a period a sentence names only by its year ('in 2019', 'fiscal 2019')


def _year_named(y: int) -> Period:
    """A year the sentence names without a day: held as the calendar year, labelled as only named."""
    return Period(start=date(y, 1, 1), end=date(y, 12, 31), kind="duration", label=_BARE_YEAR)


def names_only_a_year(p: Period) -> bool:
    """Was this period named by its year alone? Its dates are the calendar year's stand-in, not the sentence's."""
    return p.label == _BARE_YEAR and p.kind == "duration"


def paragraphs(lines: list[str]) -> list[str]:
    """Join lines broken mid-sentence (inline tags in the source split them) back into paragraphs."""
    out: list[str] = []
    buf: list[str] = []
    for raw in lines:
        line = " ".join(raw.replace("\xa0", " ").split())
        if not line:
            if buf and buf[-1].endswith((".", ":", ";")):
                out.append(" ".join(buf))
                buf = []
            continue
        if buf:
            prev = buf[-1]
            starts_new = line[:1].isupper() or line[:1] in "(“\"•"
            if (prev.endswith((".", ":", "?", "!")) and starts_new) or (_HEADING.match(prev) and starts_new and len(prev) < 90):
                out.append(" ".join(buf))
                buf = []
        buf.append(line)
    if buf:
        out.append(" ".join(buf))
    return [p for p in out if p]


def sentences(paragraph: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for m in _SENT_END.finditer(paragraph):
        piece = paragraph[start : m.start() + 1].rstrip()
        if _ABBREV.search(piece.split()[-1] if piece.split() else ""):
            continue
        parts.append(paragraph[start : m.end()].strip())
        start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        parts.append(tail)
    return parts


@dataclass(frozen=True)
class _Num:
    start: int
    text: str
    value: Decimal
    currency: str
    kind: str  # grouping key: currency, '%', or the word after the number


@dataclass(frozen=True)
class SentenceNumbers:
    """The dated periods and the numbers of one sentence, aligned where the sentence allows."""

    periods: tuple[Period, ...]
    numbers: tuple[tuple[str, Decimal, str, tuple[Period, ...]], ...]  # (text, value, currency, periods)


def _date_spans(sentence: str) -> list[tuple[int, int, Period]]:
    """Full dates, years continuing a date list ('December 31, 2021 and 2022'), and bare year lists."""
    spans: list[tuple[int, int, Period]] = []
    for m in _DAY_FIRST_DATE.finditer(sentence):
        try:
            d = date(int(m.group(3)), _MONTH_NUM.get(m.group(2).lower().rstrip(".")), int(m.group(1)))
        except (TypeError, ValueError):
            continue
        spans.append((m.start(), m.end(), Period(end=d, kind="date")))
    for m in DATE_RE.finditer(sentence):
        month = _MONTH_NUM.get(m.group(1).lower())
        try:
            d = date(int(m.group(3)), month, int(m.group(2)))
        except (TypeError, ValueError):
            continue
        spans.append((m.start(), m.end(), Period(end=d, kind="date")))
        # 'December 31, 2020, 2021 and 2022': the same month and day in later years
        tail = sentence[m.end():]
        pos = m.end()
        while True:
            t = re.match(r"(,\s*|\s+and\s+|,\s*and\s+)((?:19|20)\d{2})\b(?!\s*(?:Plan|Share|Incentive|[A-Z][a-z]+ Plan))(?!,\d|\d)", tail)
            if not t or re.match(r"\s*[A-Z][a-z]+\.?\s+\d", tail[t.end():]):
                break
            y = int(t.group(2))
            try:
                spans.append((pos + t.start(2), pos + t.end(2), Period(end=date(y, d.month, d.day), kind="date")))
            except ValueError:
                break
            pos += t.end()
            tail = sentence[pos:]
    taken = [(a, b) for a, b, _ in spans]
    for m in _YEAR_LIST.finditer(sentence):
        if any(a <= m.start() < b for a, b in taken):
            continue
        after = sentence[m.end(): m.end() + 30]
        before = sentence[max(0, m.start() - 12): m.start()]
        if re.match(r"\s*(?:Plan|Share Incentive|Notes?|Debentures?|\[)", after) or re.search(r"(?:the|our)\s+$", before):
            continue  # '2019 Plan', 'the 2017 Plan': names, not periods
        y = int(m.group(1))
        spans.append((m.start(), m.end(), _year_named(y)))
    spans.sort(key=lambda s: s[0])
    return spans


# a year written right after an amount is that amount's ('$4.90 million in 2024'), unless it opens a list of years
# ('$1.2 million in 2019 and 2018, respectively': one amount for both)
_YEAR_AFTER = re.compile(r"\s*(?:thousand|million|billion)?\s*(?:in|for|during)\s+(?:(?:the\s+)?fiscal\s+(?:year\s+)?|FY\s?)?"
                         r"((?:19|20)\d{2})\b(?!\s*(?:,|and|to|through|-|–)\s*(?:19|20)?\d{2}\b)")
_LIST_SEP = re.compile(r"^(?:,\s*|\s+and\s+|,\s*and\s+)$")
_NUM_LIST_SEP = re.compile(r"^(?:\s+[A-Za-z’'-]+)?(?:,\s*|\s+and\s+|,\s*and\s+)$")


def _lists(items: list, start_of, end_of, text: str, sep: re.Pattern) -> list[list]:
    """Group items into lists written as 'a, b and c' (only separators between them)."""
    out: list[list] = []
    for item in items:
        if out and sep.match(text[end_of(out[-1][-1]): start_of(item)]):
            out[-1].append(item)
        else:
            out.append([item])
    return out


def sentence_numbers(sentence: str) -> SentenceNumbers:
    spans = _date_spans(sentence)
    nums: list[tuple[_Num, int]] = []
    for m in _NUMBER_RE.finditer(sentence):
        a = m.start("num")
        if any(s <= a < e for s, e, _ in spans):
            continue
        raw = m.group("num").strip("()")
        if re.fullmatch(r"(?:19|20)\d{2}", raw):
            continue  # a year outside a date list ('2019 Plan')
        if sentence[m.end("num"): m.end("num") + 1] == "/" or sentence[max(0, a - 1): a] == "/":
            continue  # fractions like (1/4)
        if a == 0 and sentence[m.end("num"): m.end("num") + 1] == ".":
            continue  # section numbers '23. SHARE-BASED COMPENSATION'
        value = Decimal(raw.replace(",", ""))
        if m.group("mult"):
            value = value.scaleb({"thousand": 3, "million": 6, "billion": 9}[m.group("mult").strip()])
        elif m.group("short") and m.group("cur"):  # '£59.1m', '$3.2bn': short only after a currency sign
            value = value.scaleb({"k": 3, "m": 6, "mn": 6, "bn": 9}[m.group("short")])
        cur = _CURRENCY_WORDS.get(m.group("cur") or "", "")
        kind = cur or ("%" if m.group("pct") else "number")
        prefix = m.group("cur") or ""
        text = (prefix + ("" if prefix.endswith("$") or not prefix else " ") + raw) + ("%" if m.group("pct") else "")
        end = m.end("pct") if m.group("pct") else m.end("num")
        nums.append((_Num(m.start("cur") if m.group("cur") else a, text, canonical(value), cur, kind), end))

    comparatives = [(m.start(), m.end()) for m in _COMPARATIVE.finditer(sentence)]

    def group(pos: int) -> tuple[int, int] | None:
        return next(((a, b) for a, b in comparatives if a <= pos < b), None)

    outer = [s for s in spans if group(s[0]) is None]
    periods = tuple(p for _, _, p in outer)
    date_lists = _lists(outer, lambda s: s[0], lambda s: s[1], sentence, _LIST_SEP)
    num_lists = _lists(nums, lambda n: n[0].start, lambda n: n[1], sentence, _NUM_LIST_SEP)
    long_date_lists = [dl for dl in date_lists if len(dl) > 1]
    years = {p.end.year for p in periods}
    aligned: list[tuple[str, Decimal, str, tuple[Period, ...]]] = []
    for nl in num_lists:
        for k, (n, end) in enumerate(nl):
            inside = group(n.start)
            next_year = _YEAR_AFTER.match(sentence, end)
            if inside is not None:  # the comparative's own year, if it names one
                dates = tuple(p for a, _, p in spans if inside[0] <= a < inside[1])[:1]
            elif next_year is not None and len(years) > 1:  # 'from $7.79 million in 2023 to $4.90 million in 2024'
                dates = tuple(p for a, _, p in spans if a == next_year.start(1))[:1] or (_year_named(int(next_year.group(1))),)
            elif len(set(periods)) == 1:
                dates: tuple[Period, ...] = periods[:1]
            elif len(long_date_lists) == 1 and len(long_date_lists[0]) == len(nl) > 1:
                dates = (long_date_lists[0][k][2],)  # parallel lists: the k-th number goes with the k-th date
            elif len(years) == 1:
                y = next(iter(years))
                dates = (_year_named(y),)
            else:
                dates = ()
            aligned.append((n.text, n.value, n.currency, dates))
    return SentenceNumbers(tuple(p for _, _, p in spans), tuple(aligned))


def extract_mentions(sentence: str, *, filing_id: str, chunk_id: str, source: str) -> list[Mention]:
    out = []
    sn = sentence_numbers(sentence)
    for k, (text, value, currency, dates) in enumerate(sn.numbers):
        out.append(
            Mention(
                mention_id=stable_id(chunk_id, k, text),
                filing_id=filing_id,
                chunk_id=chunk_id,
                source=source,
                number_text=text,
                value=value,
                currency=currency,
                dates=dates,
                sentence=sentence,
            )
        )
    return out


def period_matches(p: Period, d: date) -> bool:
    """Does a period a sentence names cover a column date?"""
    if p.kind == "duration" and p.start is not None:
        return p.start <= d <= p.end
    return p.end == d
