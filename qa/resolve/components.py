"""LIST of a table's lines: 'What are the components of total revenue?', 'What items are under deferred tax
liabilities?', 'What financial items are listed in the table?' - the rows a table prints above its total
line (or under its heading), each cited to a cell of its row. A list has no number to check: it is never
said to be verified.

A total's components are the rows printed right above it, back to the previous total or subtotal (a row
named Total, Net, Gross or Subtotal) - the way a statement stacks its blocks - plus the rows the table files
under the total's heading ('Deferred tax liabilities: Other')."""

from __future__ import annotations

import re
from decimal import Decimal

from index.facts import Fact

from ..answer import Answer, AnswerStatus
from ..lexicon.words import canonical_tokens
from ..present import fact_citation
from .context import Context
from .draft import Draft
from .headblock import heading_block
from .text import answer_draft

__all__ = ["components_asked", "table_components", "components"]

_NOUNS = r"(?:components?|items|line items|elements|constituents|categories|types|parts)"
_ASKED = re.compile(
    rf"\b{_NOUNS}\s+(?:(?:are|were) there\s+)?(?:of|under|in|within|making up|that make up|which make up|comprising|included in)\s+(?:the\s+)?(?P<x>[^?]+?)\s*\??\s*$|"
    rf"\b(?:financial\s+)?{_NOUNS}\s+(?:does|do|did)\s+(?:the\s+)?(?P<y>[^?]+?)\s+(?:consist of|comprise(?: of)?|include)\s*\??\s*$",
    re.I)
_WHOLE_TABLE = re.compile(rf"\b{_NOUNS}\b.*\b(?:listed|shown|presented|included|disclosed) in the table\b|"
                          rf"\b{_NOUNS} in the table\s*\??\s*$", re.I)
# 'What are the countries in the table whereby revenue is split?', 'Which regions are shown in the table of revenues by
# geographic location?': the places a table's rows name (the noun right after 'the', so 'the types of X segments in the
# table' - a part of the rows - is not read so)
_PLACES_IN_TABLE = re.compile(r"^\W*(?:what|which)\s+(?:are\s+)?(?:the\s+)?(?:geographic(?:al)?\s+)?(?:countries|regions|geographies|"
                              r"locations|markets)\s+(?:(?:are|were)\s+)?(?:(?:shown|listed|presented|included|disclosed)\s+)?"
                              r"in\s+the\s+table\b", re.I)
_SEGMENTS_OF = re.compile(r"^\W*what (?:are|were) the segments of (?:the\s+)?(?P<x>[^?]+?)\s*\??\s*$", re.I)
_HOW_MANY = re.compile(rf"^\W*how many (?:\w+\s+)?{_NOUNS}\b", re.I)
# ('Net operating loss carryforwards', 'Net losses on sales of assets' are lines of their own, not a net of those above)
_TOTAL = re.compile(r"^\s*(?:total|subtotal|sub-total|gross|net(?!\s+(?:operating\s+loss|(?:gains?|loss(?:es)?)\s+on)\b))\b|"
                    r"\btotal\s*$", re.I)
_TOTAL_WORDS = frozenset(canonical_tokens("total subtotal gross net the table in"))


def components_asked(question: str) -> str | None:
    """The line whose components are asked for ('total revenue'), '' for every line of the table, None when the
    question asks for no list of lines."""
    if _WHOLE_TABLE.search(question) or _PLACES_IN_TABLE.search(question):
        return ""
    m = _ASKED.search(question)
    if m is None:
        return None
    line = re.sub(r"\s+in the table\b.*$|\s+(?:are|is|were) (?:there|shown|listed)\s*$", "", m.group("x") or m.group("y"), flags=re.I)
    return line.strip(" ,")


def _words(label: str) -> frozenset[str]:
    return frozenset(canonical_tokens(label)) - _TOTAL_WORDS


def _rows(facts: list[Fact]) -> dict[tuple[str, str], dict[int, Fact]]:
    """Each table's rows (by source and title), one cell of each row, by row index."""
    tables: dict[tuple[str, str], dict[int, Fact]] = {}
    for f in sorted(facts, key=lambda f: (f.source, f.title, f.row_index, f.column_index or 0, f.fact_id)):
        tables.setdefault((f.source, f.title), {}).setdefault(f.row_index, f)
    return tables


def _shown(f: Fact) -> str:
    return (f.row_label or f.label).strip()


def table_components(facts: list[Fact], line: str) -> list[Fact]:
    """One cell of each row that makes up ``line`` ('' = every row that is not a total), in the table's order;
    [] when no table prints such a line with two or more rows above it."""
    best: list[Fact] = []
    for rows in _rows(facts).values():
        order = sorted(rows)
        if not line:
            found = [rows[i] for i in order if not _TOTAL.search(_shown(rows[i]))]
            if len(found) >= 2 and (not best or len(found) > len(best)):
                best = found
            continue
        want = _words(line)
        if not want:
            return []
        # the total line named as asked: 'Total current assets' for 'current assets' (its own words first)
        named = [i for i in order if _words(rows[i].label) == want or _words(_shown(rows[i])) == want]
        named.sort(key=lambda i: (canonical_tokens(_shown(rows[i])) != canonical_tokens(line), not _TOTAL.search(_shown(rows[i]))))
        # a total that says more ('Total deferred tax assets before valuation allowances'), after those
        named += [i for i in order if i not in named and _TOTAL.search(_shown(rows[i])) and _words(_shown(rows[i])) > want]
        most: list[Fact] = []
        for at in named:  # the total whose block is the longest: 'Net X' under 'Gross X' is a block of one
            above = []
            for i in reversed([j for j in order if j < at]):
                if _TOTAL.search(_shown(rows[i])) or (above and above[-1].row_index - i > 1):
                    break
                above.append(rows[i])
            heading = [rows[i] for i in order if i != at and ":" in rows[i].label
                       and _words(rows[i].label.split(":")[0]) == want]
            found = sorted({f.fact_id: f for f in above + heading}.values(), key=lambda f: f.row_index)
            if len(found) >= 2 and len(found) > len(most):
                most = found
        if most:
            return most
        block = _under_heading(rows, order, want)
        if len(block) >= 2:
            return block
    return best


def _under_heading(rows: dict[int, Fact], order: list[int], want: frozenset[str]) -> list[Fact]:
    """The rows a heading that names the line heads, when the table prints no total named so: the first row labelled
    'Heading: row' (a label the table repeats under another heading) and the rows after it, up to a total row or
    another heading ('Finite-lived intangible assets: Customer lists', 'Patents', 'Total'). (A row before it may be
    under another heading the table does not print on its rows: it is not taken.)"""
    def head(f: Fact) -> str | None:
        return f.label.split(":")[0] if ":" in f.label else None

    at = next((k for k, i in enumerate(order) if head(rows[i]) is not None and _words(head(rows[i])) == want
               and not _TOTAL.search(_shown(rows[i]))), None)
    if at is None:
        return []
    block = [rows[order[at]]]
    for k in range(at + 1, len(order)):
        f = rows[order[k]]
        h = head(f)
        if (h is not None and _words(h) != want) or _TOTAL.search(_shown(f)) or order[k] - order[k - 1] > 1:
            break
        block.append(f)
    return sorted(block, key=lambda f: f.row_index)


def components(ctx: Context) -> Draft | None:
    """The answer listing a table's lines, or None when the question asks for none or no table prints them."""
    plan = ctx.plan
    line = components_asked(plan.core or plan.text)
    if line is None and plan.scope and not plan.companies:
        # one document asked 'What are the segments of revenue?': its table's lines above total revenue (a company's
        # segments asked by name are the members its filing tags: qa.resolve.members)
        m = _SEGMENTS_OF.search(plan.core or plan.text)
        line = m.group("x").strip(" ,") if m else None
    if line is None or not (plan.scope or plan.companies):
        return None
    where = "TRUE"
    args: list = []
    if plan.companies and not plan.scope:
        where = f"entity IN ({', '.join('?' for _ in plan.companies)})"
        args = [c.name for c in plan.companies]
    facts = ctx.reader.query_facts(where, args, limit=5000)
    found = table_components(facts, line) or (heading_block(ctx.reader, facts, line) if line else [])
    if not found:
        return None
    cites = tuple(fact_citation(f) for f in found)
    listed = "; ".join(f"{_shown(f)} [{i + 1}]" for i, f in enumerate(found))
    what = f"The lines that make up “{line}”" if line else "The lines"
    text = f"{what} in the table “{found[0].title}” ({found[0].source}): {listed}."
    count = Decimal(len(found)) if _HOW_MANY.search(plan.core or plan.text) else None
    if count is not None:  # 'How many components are there under X?': the number of those lines, counted
        text = f"{len(found)} — {text}"
    answer = Answer(question=plan.text, status=AnswerStatus.ANSWERED, text=text, citations=cites, kind="narrative",
                    value=count, extra={"listed": tuple(_shown(f) for f in found)})
    return answer_draft(ctx, "members", answer)
