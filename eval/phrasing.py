"""How the generated questions say things: dates, fiscal periods, companies, metrics, wrappers.

Pure functions of their inputs plus a seeded ``random.Random``, so the same seed gives the same words.
"""

from __future__ import annotations

import random
import re
from datetime import date

__all__ = ["fmt_date", "month_year", "ORDINAL", "short_name", "concept_words", "clean_label", "clean_member",
           "label_key", "MONTHS_WORD", "possessive"]

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")
ORDINAL = {1: "first", 2: "second", 3: "third", 4: "fourth"}
MONTHS_WORD = {3: "three", 6: "six", 9: "nine", 12: "twelve"}


def fmt_date(d: date, rng: random.Random) -> str:
    """'March 29, 2025' mostly; sometimes 'Mar 29, 2025' or '29 March 2025'."""
    name = _MONTH_NAMES[d.month - 1]
    style = rng.random()
    if style < 0.6:
        return f"{name} {d.day}, {d.year}"
    if style < 0.85:
        return f"{name[:3]} {d.day}, {d.year}"
    return f"{d.day} {name} {d.year}"


def month_year(d: date) -> str:
    return f"{_MONTH_NAMES[d.month - 1]} {d.year}"


_SUFFIX = re.compile(r"[,\s]+(inc\.?|incorporated|corp\.?|corporation|co\.?|company|ltd\.?|plc|n\.\s?v\.?|group|holdings)$",
                     re.IGNORECASE)


def short_name(name: str) -> str:
    """'HOME DEPOT, INC.' -> 'Home Depot'; 'UnitedHealth Group Incorporated' -> 'UnitedHealth';
    'AMAZON.COM, INC.' -> 'Amazon'; all-caps words of up to three letters (acronyms) stay as they are."""
    s = name.strip()
    prev = None
    while prev != s:
        prev = s
        s = _SUFFIX.sub("", s).strip(" ,")
    s = re.sub(r"^the\s+", "", s, flags=re.IGNORECASE)
    s = re.sub(r"\.com$", "", s, flags=re.IGNORECASE)
    if s.isupper():
        s = " ".join(w if len(w) <= 3 and w.isalpha() else w.capitalize() for w in s.split())
    return s or name


def concept_words(concept: str) -> str:
    """'us-gaap:PaymentsToAcquirePropertyPlantAndEquipment' -> 'payments to acquire property plant and equipment'."""
    local = concept.split(":")[-1]
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", local)
    return " ".join(w if (w.isupper() and len(w) > 1) else w.lower() for w in words)


def clean_label(label: str) -> str:
    """A label as a phrase inside a question: no '[Member]'/'(in shares)' tails, lower case except acronyms."""
    s = re.sub(r"\s*\[[^\]]*\]\s*", " ", label)
    s = re.sub(r"\s*\((in [^)]*)\)\s*", " ", s).strip(" ,:")
    return " ".join(w if (w.isupper() and len(w) > 1) else w.lower() for w in s.split())


def label_key(label: str) -> str:
    """Two labels with the same words are the same question words."""
    return " ".join(re.findall(r"[a-z0-9]+", clean_label(label).lower()))


def clean_member(member: str) -> str:
    """'Compute And Networking Segment Member' -> 'Compute and Networking'."""
    s = re.sub(r"\s*\[?member\]?$", "", member.strip(), flags=re.IGNORECASE)
    s = re.sub(r"\s+segment$", "", s, flags=re.IGNORECASE)
    return " ".join(w.lower() if w.lower() in ("and", "of", "the", "or") else w for w in s.split())


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"
