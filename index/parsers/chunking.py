"""Prose -> retrieval chunks (sentence windows that fit the embedding model) with their numbers.

Shared by every parser that reads running text: XBRL text blocks, inline XBRL documents, HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..facts import Chunk, Mention, stable_id
from .prose import extract_mentions, sentences

__all__ = ["MAX_CHUNK_WORDS", "Section", "prose_chunks"]

MAX_CHUNK_WORDS = 110  # ~256 word pieces: the MiniLM window


@dataclass(frozen=True)
class Section:
    """A run of paragraphs under one heading ("Item 7. Management's Discussion…", a note title)."""

    title: str
    heading: str
    paragraphs: tuple[str, ...]


def prose_chunks(sections: list[Section], *, filing_id: str, source: str, start: int = 0, entity: str = "",
                 form: str = "", fiscal_year: int | None = None) -> tuple[list[Chunk], list[Mention]]:
    chunks: list[Chunk] = []
    mentions: list[Mention] = []
    position = start
    for sec in sections:
        for para in sec.paragraphs:
            window: list[str] = []
            for sent in sentences(para) + [None]:
                if sent is not None and (not window or sum(len(s.split()) for s in window) + len(sent.split()) <= MAX_CHUNK_WORDS):
                    window.append(sent)
                    continue
                if window:
                    display = " ".join(window)
                    cid = stable_id(filing_id, "text", position)
                    head = sec.title + (f" — {sec.heading}" if sec.heading and sec.heading != sec.title else "")
                    chunks.append(Chunk(chunk_id=cid, filing_id=filing_id, source=source, title=sec.title, kind="text",
                                        text=f"{head}\n{display}", display=display, position=position,
                                        section=sec.heading, entity=entity, form=form, fiscal_year=fiscal_year))
                    for s in window:
                        mentions.extend(extract_mentions(s, filing_id=filing_id, chunk_id=cid, source=source))
                    position += 1
                window = [sent] if sent is not None else []
    return chunks, mentions
