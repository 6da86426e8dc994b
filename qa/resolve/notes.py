"""What the answer must say beside its value: a second source that disagrees with the table, or the
text's own rounded statement of it.

The table stays the answer (a sentence can be wrong, stale or planted); the other source is quoted
and cited so the reader sees the disagreement instead of a silent choice, or sees the words the
document uses for the figure ('$1.8 million' for the cell 1,779 in thousands).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from index.facts import Fact, row_name
from index.parsers.prose import sentence_numbers, sentences
from index.store import IndexReader

from ..find.prosenumbers import as_said, printed_number
from ..lexicon.words import GENERIC_LABEL_WORDS, MODIFIER_WORDS, QUALIFIERS, canonical_tokens

__all__ = ["Note", "recipient_disagreement", "text_contradiction", "text_agreement", "restatement", "rounds_to"]


@dataclass(frozen=True)
class Note:
    """A sentence said beside the answer; each ``{}`` in ``text`` is the marker of the matching ``cites``
    entry (a fact, or a (passage, sentence) quoted), numbered when the answer is written."""

    text: str
    cites: tuple = ()

_RECIPIENTS = re.compile(r"\b(non-?employees?|independent directors?|directors and employees|external consultants?|consultants?|"
                         r"employees|directors?)\b", re.I)
_WHO = (("nonemployee", "nonemployee"), ("consultant", "consultant"), ("directors and employees", "directors and employees"),
        ("independent", "independent director"), ("director", "director"), ("employee", "employee"))


def _who(word: str) -> str:
    w = word.lower().replace("-", "")
    return next((name for key, name in _WHO if key in w), w)


def _printed(f: Fact) -> Decimal:
    """The number as the cell prints it (before its scale)."""
    if f.unit == "pure":
        return abs(f.value * 100)
    return abs(f.value.scaleb(-f.scale)) if f.scale else abs(f.value)


def recipient_disagreement(f: Fact, reader: IndexReader) -> Note | None:
    """A sentence of another document that states this number but names another recipient than the
    table's member ('granted to employees' against the member 'External Consultants')."""
    if f.value is None or not f.dimensions or abs(f.value) < 1000:
        return None
    fact_who = {_who(m.member) for m in f.dimensions}
    for m in reader.mentions_of([_printed(f)]):
        if not m.sentence or m.source == f.source:
            continue
        said = {_who(w) for w in _RECIPIENTS.findall(m.sentence)}
        if said and not said & fact_who:
            quote = m.sentence if len(m.sentence) < 200 else m.sentence[:197] + "…"
            return Note(f"Sources disagree on the recipient: the table tags this to "
                        f"{', '.join(sorted(d.member for d in f.dimensions))}, while {m.source} says “{quote}”")
    return None


def restatement(f: Fact, earlier: Fact) -> Note:
    """An earlier filing reported another value for the same line, company and period: the latest wins, said."""
    from ..present import format_value

    return Note(f"Restated: an earlier filing ({earlier.source}) reported "
                f"{format_value(earlier.value, earlier.unit, raw=earlier.raw)} for the same period {{}}; the answer uses the "
                "latest filing.", (earlier,))


def _is_reported(reader: IndexReader, filing_id: str, value: Decimal) -> bool:
    """Is this amount (at any scale) a tagged fact of the filing? Then the sentence is about that fact."""
    for k in (0, 3, 6, 9):
        v = float(abs(value.scaleb(k)))
        if reader.query_facts("filing_id = ? AND abs(value_num) BETWEEN ? AND ?", [filing_id, v * 0.995, v * 1.005], limit=1):
            return True
    return False


def text_contradiction(f: Fact, passages: list, reader: IndexReader) -> Note | None:
    """A sentence of the same company's text that states another amount for the same line item and date.

    Strict on purpose: the sentence must name the line item (and member) and tie the number to the
    fact's date, in the fact's currency; a sentence stating the tagged amount is no contradiction."""
    if f.value is None or not f.unit or len(f.unit) != 3 or f.period is None:
        return None
    item = {t for t in canonical_tokens(f.label) if t not in GENERIC_LABEL_WORDS}
    members = {t for m in f.dimensions for t in canonical_tokens(m.member) if t not in GENERIC_LABEL_WORDS}
    if not item:
        return None

    def same_amount(text: str, v: Decimal) -> bool:
        return rounds_to(f.value, text, v) or any(abs(v.scaleb(k) - abs(f.value)) <= abs(f.value) * Decimal("0.01")
                                                  for k in (0, 3, 6, 9))

    qualifiers = MODIFIER_WORDS | QUALIFIERS
    for p in passages:
        if f.entity and p.chunk.entity != f.entity:
            continue
        for sentence in sentences(p.chunk.display):
            words = set(canonical_tokens(sentence))
            if not item <= words or (members and not members & words):
                continue  # not clearly about this line item (and member)
            if (words & qualifiers) - set(canonical_tokens(f.label + " " + f.member_text)):
                continue  # 'restricted cash', 'unearned revenue': another item than the fact's
            numbers = sentence_numbers(sentence).numbers
            if any(same_amount(t, v) for t, v, _, _ in numbers if v):
                continue  # the sentence states the tagged amount
            for _, value, currency, dates in numbers:
                if currency == f.unit and value and any(d.end == f.period.end for d in dates) \
                        and not _is_reported(reader, f.filing_id, value):
                    return Note(f"The text of {p.chunk.source} states a different figure: “{sentence}” {{}}; the answer "
                                "keeps the tagged value.", ((p.chunk, sentence),))
    return None


def rounds_to(value: Decimal, number_text: str, said: Decimal, coarser_than: int | None = None) -> bool:
    """Is ``said`` (a prose number as read, scale word applied: '$1.8' million -> 1,800,000) the amount ``value``
    rounded to the precision the sentence prints it at? 1,779,000 is '$1.8 million'. Magnitudes only (the
    words carry the sign: 'a net loss of $9.8 million'), and two significant digits at least ('$2 million' could
    round half the table). ``coarser_than``: only a figure printed less precisely than to this power of ten."""
    shown = printed_number(number_text)
    if not shown or not said or len(shown.as_tuple().digits) < 2:
        return False
    power = abs(said) / shown
    if power != Decimal(10) ** power.adjusted():  # not the printed digits times a scale word
        return False
    step = Decimal(1).scaleb(power.adjusted() + shown.as_tuple().exponent)
    if coarser_than is not None and step.adjusted() <= coarser_than:
        return False
    return abs(value).quantize(step, rounding=ROUND_HALF_UP) == abs(said).quantize(step)


def _printed_power(f: Fact) -> int:
    """The power of ten of the cell's last printed digit: 3 for '1,779' in thousands, 5 for '$24.9' in millions."""
    shown = printed_number(f.raw)
    return f.scale + shown.as_tuple().exponent if shown is not None else f.scale


def _years(periods) -> set[int]:
    return {p.year or p.end.year for p in periods if p is not None and (p.year or p.end)}


def _about(f: Fact, words: set[str]) -> bool:
    """Does a sentence's words name the fact's row (most of its words, two at least) and its member?"""
    item = {t for t in canonical_tokens(row_name(f.label)) if t not in GENERIC_LABEL_WORDS}
    if not item or len(item & words) < min(2, len(item)) or len(item & words) < 0.6 * len(item):
        return False
    members = {t for m in f.dimensions for t in canonical_tokens(m.member) if t not in GENERIC_LABEL_WORDS}
    return not members or bool(members & words)


def text_agreement(facts: list[Fact], passages: list) -> Note | None:
    """The sentence of the same document that states these amounts as rounded figures ('Net cash provided by
    financing activities was $1.8 million for 2018' beside the cell 1,779 in thousands): quoted, so the reader
    sees the text's figure agree with the cell, and finds the answer in the words the document uses for it.

    Strict: one sentence names each fact's row, states an amount that is the fact rounded to the sentence's
    precision, and (when it dates the amount) dates it in the fact's year."""
    if not facts or any(f.value is None or not f.unit or f.unit == "pure" or not f.scale for f in facts):
        return None
    for p in passages:
        if any(p.chunk.source != f.source for f in facts):
            continue
        for sentence in sentences(p.chunk.display):
            words = set(canonical_tokens(sentence))
            if not all(_about(f, words) for f in facts):
                continue
            numbers = sentence_numbers(sentence).numbers
            said = []
            for f in facts:
                years = _years(f.stated_periods)
                hit = next(((t, v) for t, v, _, dates in numbers if rounds_to(f.value, t, v, coarser_than=_printed_power(f))
                            and (not dates or not years or _years(dates) & years) and (t, v) not in said), None)
                if hit is None:
                    break
                said.append(hit)
            else:
                shown = " and ".join(f"“{as_said(t, v)}”" for t, v in said)
                return Note(f"The text rounds {'it' if len(said) == 1 else 'them'} to {shown}: “{sentence}” {{}}.",
                            ((p.chunk, sentence),))
    return None
