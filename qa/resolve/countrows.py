"""How many lines of a table pass a bound in a year: 'How many components of deferred tax assets exceeded $50,000
thousand in 2019?', 'How many expense lines in 2018 were below $100 million?'. The lines are those the table prints
under the line named (qa.resolve.components), or every line that is not a total when the question names none; each
is read in the one column of the year asked. Which lines are peers is read from the table's layout, so the count is
never said to be verified (a list has no figure the judge can check)."""

from __future__ import annotations

import re
from decimal import Decimal

from index.facts import Fact

from ..answer import Answer, AnswerStatus
from ..lexicon.operations import THRESHOLD
from ..present import fact_citation
from ..read.yearforms import HOW_MANY_YEARS
from .bounds import bound_of, passes
from .components import _shown, components_asked, table_components
from .context import Context
from .draft import Draft
from .text import answer_draft

__all__ = ["count_rows"]

_HOW_MANY = re.compile(r"^\W*(?:(?:in|for|during)\s+[^,]+,\s*)?how many\b", re.I)
_VERB = re.compile(r"\b(?:did|do|does|was|were|is|are|had|have|has)\s*$", re.I)


def _year_of(f: Fact) -> int | None:
    if f.period is not None:
        return f.period.end.year
    if f.year_period is not None:
        return f.year_period.year
    return f.candidate_periods[0].end.year if len(f.candidate_periods) == 1 else None


def _cells(facts: list[Fact], rows: list[Fact], year: int) -> list[Fact] | None:
    """Each row's cell for the year, all from one column; None when a row has none or the year has several columns."""
    cells = []
    for r in rows:
        mine = [g for g in facts if (g.source, g.title, g.row_index) == (r.source, r.title, r.row_index)
                and _year_of(g) == year and g.value is not None]
        if len({g.column_index for g in mine}) != 1:
            return None
        cells.append(mine[0])
    return cells if len({g.column_index for g in cells}) == 1 else None


def count_rows(ctx: Context) -> Draft | None:
    plan = ctx.plan
    text = " ".join((plan.core or plan.text).split())
    bound = THRESHOLD.search(text)
    if not plan.scope or not bound or not _HOW_MANY.search(text) or HOW_MANY_YEARS.search(text) or len(plan.periods) != 1:
        return None
    year = plan.periods[0].year
    if year is None:
        return None
    rest = _VERB.sub("", text[:bound.start()]).rstrip() + " " + text[bound.end():]
    if plan.periods[0].text:
        rest = re.sub(r"\b(?:in|for|during|as of|at)\s+" + re.escape(plan.periods[0].text) + r"\b|" + re.escape(plan.periods[0].text),
                      " ", rest, flags=re.I)
    rest = " ".join(rest.replace(",", " ").split())
    line = components_asked(rest.rstrip(" ?") + "?") or ""
    facts = ctx.reader.query_facts(limit=5000)
    rows = table_components(facts, line)
    cells = _cells(facts, rows, year) if len(rows) >= 2 else None
    if cells is None:
        return None
    limit = bound_of(bound)
    passing = [c for c in cells if passes(c, limit, as_printed=True)]
    if [c.fact_id for c in passing] != [c.fact_id for c in cells if passes(c, limit, as_printed=False)]:
        return None  # a bound written without its scale reads two ways here: no one count
    listed = "; ".join(f"{_shown(c)} [{i + 1}]" for i, c in enumerate(passing))
    what = f"the lines of “{line}”" if line else "the lines of the table"
    said = text[bound.start():bound.end()]
    answer = Answer(question=plan.text, status=AnswerStatus.ANSWERED, value=Decimal(len(passing)), kind="narrative",
                    text=f"{len(passing)} — {what} in the table “{cells[0].title}” {said} in {year}: {listed or 'none'}.",
                    citations=tuple(fact_citation(c) for c in passing), extra={"listed": tuple(_shown(c) for c in passing)})
    return answer_draft(ctx, "members", answer)
