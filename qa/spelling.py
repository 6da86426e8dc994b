"""Typos in questions ('restriced stock units'), corrected toward the words the index's labels use.

Only a word the index has never seen is corrected, only to a label word that is nearly the same
(RapidFuzz ratio >= 88), and the answer keeps the question as asked. Nothing is corrected into a
word the filings do not contain, so a correction can only help a match, never invent one.
"""

from __future__ import annotations

import re

__all__ = ["Speller"]

_KEEP = frozenset("""how many much what which when where who why was were is are did does do the company companies
its their there this that these those from with into over under after before during between and or not for of
in on at by to as per year years fiscal quarter total amount number value share shares price rate percent
percentage million millions billion billions thousand thousands report reported filing filings end ended ending
granted grants vested vest expense expenses cost costs revenue revenues income sales""".split())


def _english_words() -> frozenset[str]:
    """Whole words of the embedding model's WordPiece vocabulary: real words, never 'corrected'."""
    try:
        from index.embed import model_dir

        lines = (model_dir() / "vocab.txt").read_text(encoding="utf-8").splitlines()
    except (OSError, Exception):  # pragma: no cover - the model package is a pinned dependency
        return frozenset()
    return frozenset(w for w in lines if w.isalpha() and w.islower() and len(w) >= 3)


_NEGATIONS = ("un", "non", "non-", "in", "im", "il", "ir", "dis", "de", "anti", "counter", "mis", "pre", "post", "sub", "over", "under", "re")


def _negates(word: str, correction: str) -> bool:
    """'unadjusted' -> 'adjusted' (or back) would turn a word into its opposite: never."""
    for p in _NEGATIONS:
        if word == p + correction or correction == p + word:
            return True
        if word.startswith(p) and correction.startswith(p) is False and word[len(p):][:4] == correction[:4]:
            return True  # a prefix dropped along with a typo
        if correction.startswith(p) and not word.startswith(p) and correction[len(p):][:4] == word[:4]:
            return True
    return False


class Speller:
    def __init__(self, vocabulary: set[str]):
        self.vocab = {w for w in vocabulary if len(w) >= 4}
        self._sorted = sorted(self.vocab)
        self._english = _english_words()

    def correct(self, text: str) -> tuple[str, list[tuple[str, str]]]:
        """(corrected text, [(typo, correction)])."""
        if not self.vocab:
            return text, []
        from rapidfuzz import fuzz, process

        fixes: list[tuple[str, str]] = []

        def fix(m: re.Match) -> str:
            word = m.group(0)
            if "'" in word or "’" in word:  # a possessive or a contraction is a name or a word, never a typo
                return word
            low = word.lower()
            if (len(low) < 5 or low in self.vocab or low in _KEEP or low.rstrip("s") in self.vocab
                    or low in self._english or low.rstrip("s") in self._english):
                return word
            best = process.extractOne(low, self._sorted, scorer=fuzz.ratio, score_cutoff=88)
            if best is None or _negates(low, best[0]):
                return word
            fixes.append((word, best[0]))
            return best[0]

        return re.sub(r"[A-Za-z][A-Za-z'-]+", fix, text), fixes
