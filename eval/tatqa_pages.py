"""TAT-QA contexts as documents: one small HTML page per context, read like any filing page.

A context is one table and the paragraphs around it, from a real annual report. The page prints
the paragraphs in order and the table where the paragraph that introduces it ends ("... by contract
type (in millions):"; a unit line such as "(In thousands)" and the titles right above it count as
introducing it, as they stand in the report), or before the paragraphs when none does. The table is printed cell for cell
as TAT-QA gives it - no colspans (TAT-QA lost them), empty cells kept - so the parser meets it as it
would meet a table made from a PDF. Nothing is added: no company, no dates, no scale.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

__all__ = ["Page", "context_page", "page_name"]

_INTRO = re.compile(r"\b(?:following\s+table|table\s+(?:below|above)|below\s+table|as\s+follows|following\s+(?:is|are)|"
                    r"the\s+following\s+(?:summari[sz]es|shows|presents|sets\s+forth|provides|details|lists|reconciles)|"
                    r"summari[sz]ed\s+(?:below|as)|presented\s+below|shown\s+below|set\s+forth\s+below|consist(?:s|ed)?\s+of\s+the\s+following)\b",
                    re.I)


@dataclass(frozen=True)
class Page:
    name: str  # the file name the page is ingested under (what ``within=`` names)
    html: str
    table_after: int | None  # the paragraph (0-based, in order) the table follows; None = before them all


def page_name(context: dict) -> str:
    return f"tatqa-{context['table']['uid'][:13]}.html"


def _scale_line(p: str) -> bool:
    """A line that states the unit of the table below it: '(In thousands)', '(in millions, except per-share
    amounts)', 'Expressed in US $000's except share and per share amounts'."""
    from index.parsers.tablescale import scale_in, stated_scale

    return len(p) <= 400 and not p.rstrip().endswith(".") and (stated_scale(p) is not None or (
        scale_in(p) is not None and len(p) <= 80))  # (up to a page heading that states the unit of its tables)


def _caption(p: str) -> bool:
    """A title line over a table: short, not a sentence ('BALANCE SHEET DATA', 'North America')."""
    return len(p) <= 80 and not re.search(r"[.;]\s*$", p.strip())


def _introducing(paragraphs: list[str]) -> int | None:
    """The paragraph the table belongs after: one ending in a colon that speaks of a table or what
    follows (else any ending in a colon), with a unit line right under it; else a sentence that says a
    table follows and states its unit; else a unit line with the titles under it; else the titles the
    paragraphs open with; else one that says a table follows."""
    ends = [i for i, p in enumerate(paragraphs) if p.rstrip().endswith(":")]
    at = next((i for i in ends if _INTRO.search(paragraphs[i]) or re.search(r"\btable\b|\bbelow\b", paragraphs[i], re.I)),
              ends[0] if ends else None)
    if at is None:  # a sentence that says a table follows and states its unit ('The following table presents … (in thousands).')
        from index.parsers.tablescale import stated_scale

        said = [i for i, p in enumerate(paragraphs) if _INTRO.search(p) and stated_scale(p) is not None]
        at = said[0] if said else None
    if at is None:
        units = [i for i, p in enumerate(paragraphs) if _scale_line(p)]
        at = units[0] if units else None
    if at is None:
        leading = 0
        while leading < len(paragraphs) and _caption(paragraphs[leading]):
            leading += 1
        at = leading - 1 if 0 < leading < len(paragraphs) else None
    if at is None:
        said = [i for i, p in enumerate(paragraphs) if _INTRO.search(p)]
        return said[0] if said else None
    while at + 1 < len(paragraphs) and (_scale_line(paragraphs[at + 1]) or (
            _caption(paragraphs[at + 1]) and not paragraphs[at].rstrip().endswith(":"))):
        at += 1  # the unit line and titles that stand right under it are above the table too
    return at


def _table_html(table: list[list[str]]) -> str:
    rows = []
    for row in table:
        cells = "".join(f"<td>{html.escape(str(c))}</td>" for c in row)
        rows.append(f"<tr>{cells}</tr>")
    return "<table>\n" + "\n".join(rows) + "\n</table>"


def context_page(context: dict) -> Page:
    paragraphs = [p["text"] for p in sorted(context.get("paragraphs", []), key=lambda p: p.get("order", 0))]
    at = _introducing(paragraphs)
    parts = [f"<p>{html.escape(p)}</p>" for p in paragraphs]
    table = _table_html(context["table"]["table"])
    parts.insert(0 if at is None else at + 1, table)
    name = page_name(context)
    body = "\n".join(parts)
    page = (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{html.escape(name)}</title></head>\n"
            f"<body>\n{body}\n</body></html>\n")
    return Page(name, page, at)
