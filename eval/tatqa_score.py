"""Is an answer right by TAT-QA's gold? Numbers in base units, words by containment, lists all-of.

TAT-QA gives each gold answer with a ``scale`` ("", thousand, million, billion, percent) and rounds
computed answers to two decimals. An answer's value (base units; a percentage as a fraction) is
turned into the gold's scale - 1,496,500,000 into 1,496.5 "million", 0.2222 into 22.22 "percent" -
and both are rounded to two decimals before they are compared, sign included, as TAT-QA gives it.

* a number (arithmetic, count, or a span that is a number): the answer's value, rounded so. TAT-QA
  gives many spans copied from a table in thousands with no scale ("$33,014" for a cell of a table
  "(in thousands)", while the sums over the same table say "thousand"): such a span claims only the
  number as printed, so the answer's value as printed (in the scale of the cell it cites) counts too;
* words (a span): the gold phrase appears in the answer's text (case, quotes, dashes and spacing
  aside); a year asked for ("In which year …?" -> "2019") must be the first year the answer names;
* a list (multi-span): every item is found, each as a number (the value, or a number the text
  states) or as words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = ["Gold", "gold_of", "judge", "Judgement", "SCALE_POWER", "numbers_in_text"]

SCALE_POWER = {"": 0, "thousand": 3, "million": 6, "billion": 9, "percent": 0}
_NUMBER = re.compile(r"^\s*[(\-−]?\s*(?:[$€£¥]|US\$|RMB|USD|EUR|GBP)?\s*[(\-−]?\s*(\d[\d,]*(?:\.\d+)?|\.\d+)\s*\)?\s*(%)?\s*\)?\s*$")
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_TEXT_NUMBER = re.compile(r"(?<![\w.])([-−(]?)\s?(?:[$€£¥]|US\$|USD |EUR |GBP |CAD |AUD |CNY )?\s?([-−]?\d[\d,]*(?:\.\d+)?)\)?"
                          r"(\s?%|\s(?:thousand|million|billion|trillion)s?\b)?", re.I)
_WORD_POWER = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
# a span that is one amount with its scale in words ('$616 million', '$14.8 billion'): an amount, in base units
_SCALED_SPAN = re.compile(r"^\s*([(\-−]?)\s*(?:[$€£¥]|US\$|RMB|USD|EUR|GBP)?\s*(\d[\d,]*(?:\.\d+)?)\s*"
                          r"(thousand|million|billion|trillion)s?\s*\)?\.?$", re.I)
_TWO = Decimal("0.01")


@dataclass(frozen=True)
class Gold:
    """One gold item: its text as TAT-QA gives it, and its number when it is one (in the gold's scale)."""

    text: str
    number: Decimal | None
    year: bool = False
    percent: bool = False  # printed with '%': compared as a percentage whatever the scale says


def _number(text: str) -> Decimal | None:
    m = _NUMBER.match(str(text))
    if not m:
        return None
    try:
        n = Decimal(m.group(1).replace(",", ""))
    except InvalidOperation:
        return None
    t = str(text).strip()
    if t.startswith(("(", "-", "−")) or re.match(r"^[$€£¥]\s*[(\-−]", t):
        n = -n
    return n


def gold_of(question: dict) -> list[Gold]:
    """The gold items of a TAT-QA question."""
    answer = question["answer"]
    items = answer if isinstance(answer, list) else [answer]
    out = []
    for item in items:
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            out.append(Gold(str(item), Decimal(str(item))))
            continue
        text = " ".join(str(item).split())
        year = bool(_YEAR.match(text))
        out.append(Gold(text, None if year else _number(text), year, "%" in text))
    return out


def _round(d: Decimal) -> Decimal:
    return d.quantize(_TWO, rounding=ROUND_HALF_UP)


def in_gold_scale(value: Decimal, unit: str | None, scale: str) -> Decimal:
    """An answer's value in the unit TAT-QA states its gold in."""
    if scale == "percent":
        return value * 100 if unit == "pure" else value
    return value.scaleb(-SCALE_POWER.get(scale, 0))


def numbers_in_text(text: str) -> list[tuple[Decimal, bool]]:
    """(base value, is a percentage) of every number an answer's text states: 'USD 1.5 million', '22.4%'."""
    out = []
    for m in _TEXT_NUMBER.finditer(text or ""):
        digits = m.group(2).replace(",", "")
        try:
            n = Decimal(digits.lstrip("-−"))
        except InvalidOperation:
            continue
        if m.group(1) in ("-", "−", "(") or digits[:1] in ("-", "−"):  # '−USD 5' and 'USD -5' alike
            n = -n
        word = (m.group(3) or "").strip().lower().rstrip("s")
        if word == "%":
            out.append((n, True))
        else:
            out.append((n.scaleb(_WORD_POWER.get(word, 0)), False))
    return out


def _same(pred: Decimal, gold: Decimal) -> bool:
    return _round(pred) == _round(gold)


def _normal(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"[–—−]", "-", text)
    return " ".join(re.sub(r"[^\w%$.,'\-/ ]", " ", text).split()).strip(" .,")


@dataclass(frozen=True)
class Judgement:
    right: bool
    how: str  # what was compared: 'value', 'text', 'first year', 'all items', or why not


def _number_found(g: Gold, value: Decimal | None, unit: str | None, text: str, scale: str, printed: int) -> bool:
    powers = {SCALE_POWER.get(scale, 0)} | ({printed} if not scale else set())
    if value is not None and any(_same(in_gold_scale(value, unit, scale).scaleb(SCALE_POWER.get(scale, 0) - p), g.number)
                                 for p in powers):
        return True
    for n, pct in numbers_in_text(text):
        if pct or scale == "percent":
            if _same(n, g.number):
                return True
        elif any(_same(n.scaleb(-p), g.number) for p in powers):
            return True
    return False


def judge(question: dict, value: Decimal | None, unit: str | None, text: str, abstained: bool,
          printed_scale: int = 0) -> Judgement:
    """Is this answer right by the question's gold? ``printed_scale`` is the power of ten of the cell
    the answer cites (3 for a table in thousands), for spans TAT-QA gives without a scale."""
    if abstained:
        return Judgement(False, "abstained")
    golds = gold_of(question)
    scale = question.get("scale") or ""
    if not scale and printed_scale and question.get("answer_type") in ("span", "multi-span") and value is not None:
        as_printed = value.scaleb(-printed_scale)
        if len(golds) == 1 and golds[0].number is not None and not golds[0].percent and _same(as_printed, golds[0].number):
            return Judgement(True, "value as printed (TAT-QA gives this span no scale)")
    words = _normal(text)
    if len(golds) == 1:
        g = golds[0]
        if g.year:
            years = re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", text or "")
            return Judgement(bool(years) and years[0] == g.text, "first year")
        if g.number is not None:
            if value is None:
                return Judgement(False, "no value")
            return Judgement(_same(in_gold_scale(value, unit, "percent" if g.percent else scale), g.number), "value")
        scaled = _SCALED_SPAN.match(g.text)
        if scaled and value is not None and unit != "pure":  # the amount exactly, in base units, sign included
            amount = Decimal(scaled.group(2).replace(",", "")).scaleb(_WORD_POWER[scaled.group(3).lower()])
            if value == (-amount if scaled.group(1) else amount):
                return Judgement(True, "amount of a span")
        return Judgement(bool(_normal(g.text)) and _normal(g.text) in words, "text")
    if all(g.year for g in golds) and " — " in (text or ""):  # years asked: the ones the answer names, not every year it shows
        words = _normal(text.split(" — ")[0])
    found = []
    for g in golds:
        if g.number is not None:
            found.append(_number_found(g, value, unit, text, "percent" if g.percent else scale, printed_scale))
        else:
            found.append(bool(_normal(g.text)) and _normal(g.text) in words)
    return Judgement(all(found), f"all items ({sum(found)}/{len(found)} found)")
