"""Reading numbers, units, scales and dates the way filings print them.

"¥ 20,782" with "¥ in Thousands" is CNY 20,782,000; "(1,234)" is -1234; "90.00%" is 0.9;
"1 year 2 months 1 day" is a duration, kept as text (ISO 'P1Y2M1D') rather than a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Context, Decimal, InvalidOperation

__all__ = [
    "CellValue",
    "parse_cell",
    "parse_scale_line",
    "parse_date",
    "DATE_RE",
    "SYMBOL_CURRENCY",
    "unit_from_header_line",
    "apply_scale",
    "canonical",
    "format_number",
]

# Symbols printed in cells. ¥ is resolved per filing from the column headers ("CNY (¥)" or "JPY (¥)").
SYMBOL_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY", "US$": "USD", "HK$": "HKD", "C$": "CAD", "CA$": "CAD"}
_SYMBOLS = sorted(SYMBOL_CURRENCY, key=len, reverse=True)
_SYMBOL_RE = "|".join(re.escape(s) for s in _SYMBOLS)

_MONTH_NUM = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
            ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
            ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ]
    )
    for m in names
}
_MONTH_RE = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
DATE_RE = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}}),\s*(\d{{4}})\b", re.IGNORECASE)

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_CELL_NUMBER_RE = re.compile(
    rf"^(?P<neg1>\()?\s*(?P<sym>{_SYMBOL_RE})?\s*(?P<neg2>\()?\s*(?P<sign>-)?\s*(?P<num>{_NUM})\s*(?P<pct>%)?\s*\)?\s*(?P<pct2>%)?$"
)
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s+(years?|months?|days?|weeks?|hours?)\b", re.IGNORECASE)
_DURATION_RE = re.compile(r"^(?:\d+(?:\.\d+)?\s+(?:years?|months?|days?|weeks?|hours?)\s*)+$", re.IGNORECASE)
_SCALE_WORDS = {"units": 0, "thousands": 3, "millions": 6, "billions": 9, "trillions": 12}


@dataclass(frozen=True)
class CellValue:
    """One cell as read: number (no scale applied) or duration text, plus what the cell itself says."""

    raw: str
    number: Decimal | None = None  # as printed, sign applied, percent NOT yet divided
    symbol: str = ""  # currency symbol printed in the cell
    percent: bool = False
    duration_iso: str = ""  # 'P1Y2M1D' for "1 year 2 months 1 day"
    decimals_printed: int = 0

    @property
    def is_number(self) -> bool:
        return self.number is not None


def _to_decimal(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - regex guarantees digits
        raise ValueError(text) from exc


def parse_cell(text: str) -> CellValue | None:
    """Parse a table cell; None when it is not a value (then it is a label or prose)."""
    raw = " ".join(text.replace("\xa0", " ").split())
    if not raw:
        return None
    m = _CELL_NUMBER_RE.match(raw)
    if m:
        num = _to_decimal(m.group("num"))
        negative = bool(m.group("neg1") or m.group("neg2") or m.group("sign"))
        if negative:
            num = -num
        frac = m.group("num").split(".")[1] if "." in m.group("num") else ""
        return CellValue(raw=raw, number=num, symbol=m.group("sym") or "", percent=bool(m.group("pct") or m.group("pct2")),
                         decimals_printed=len(frac))
    if _DURATION_RE.match(raw):
        return CellValue(raw=raw, duration_iso=duration_to_iso(raw))
    return None


def duration_to_iso(text: str) -> str:
    """'1 year 2 months 1 day' -> 'P1Y2M1D'; '29 days' -> 'P29D'."""
    parts = {"Y": "", "M": "", "W": "", "D": "", "H": ""}
    for amount, word in _DURATION_PART.findall(text):
        key = {"y": "Y", "m": "M", "d": "D", "w": "W", "h": "H"}[word[0].lower()]
        parts[key] = amount
    date_part = "".join(f"{v}{k}" for k, v in parts.items() if v and k != "H")
    time_part = f"T{parts['H']}H" if parts["H"] else ""
    return f"P{date_part}{time_part}"


def parse_scale_line(line: str) -> dict[str, int] | None:
    """'$ / shares in Units, ¥ in Thousands, $ in Thousands' -> {'$ / shares': 0, '¥': 3, '$': 3}.

    Returns None when the line is not a scale line.
    """
    parts = [p.strip() for p in line.split(",")]
    out: dict[str, int] = {}
    for part in parts:
        m = re.match(r"^(.+?)\s+in\s+(Units|Thousands|Millions|Billions|Trillions)$", part, re.IGNORECASE)
        if not m:
            return None
        out[m.group(1).strip()] = _SCALE_WORDS[m.group(2).lower()]
    return out or None


def parse_date(text: str) -> date | None:
    m = DATE_RE.search(text)
    if not m:
        return None
    month = _MONTH_NUM.get(m.group(1).lower().rstrip("."))
    if month is None:
        return None
    try:
        return date(int(m.group(3)), month, int(m.group(2)))
    except ValueError:
        return None


def unit_from_header_line(line: str) -> tuple[str, str] | None:
    """A column-header unit line -> (unit, symbol): 'CNY (¥)' -> ('CNY','¥'); '$ / shares' -> ('USD/shares','$');
    'shares' -> ('shares',''). None when the line is not a unit."""
    s = line.strip()
    m = re.match(r"^([A-Z]{3})\s*\((.+)\)$", s)
    if m:
        return m.group(1), m.group(2).strip()
    m = re.match(rf"^({_SYMBOL_RE})\s*/\s*(\w+)$", s)
    if m:
        return f"{SYMBOL_CURRENCY[m.group(1)]}/{m.group(2)}", m.group(1)
    if s in ("shares", "pure", "%"):
        return ("pure" if s == "%" else s), ""
    if re.match(r"^[A-Za-z][A-Za-z ]{0,30}$", s) and not DATE_RE.search(s):
        return s, ""  # custom units such as 'Vendor', 'segment', 'Employee'
    return None


_MAX_DIGITS = 60


def canonical(value: Decimal) -> Decimal:
    """One spelling per number (20782000, not 2.0782E+7; 0.9, not 0.9000) so equal values compare and print alike."""
    if value == value.to_integral_value():
        sign, digits, exponent = value.as_tuple()
        width = len(digits) + max(exponent, 0)  # digits of the integer
        if width > _MAX_DIGITS:  # no reported amount is this long (found by fuzzing): keep it exact, in E form
            return value
        return value.quantize(Decimal(1), context=Context(prec=max(28, width + 1)))
    return value.normalize(Context(prec=max(28, len(value.as_tuple().digits))))


def apply_scale(number: Decimal, scale: int) -> Decimal:
    """Expand a printed number to base units without float error (20,782 thousands -> 20782000)."""
    return canonical(number.scaleb(scale))


def format_number(value: Decimal) -> str:
    """1587950 -> '1,587,950'; 0.71 -> '0.71'; keeps every significant digit, never rounds."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    s = format(value.normalize(), "f")
    whole, _, frac = s.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    return f"{sign}{int(whole):,}.{frac}"
