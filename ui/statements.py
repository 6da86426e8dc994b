"""A filing's statements as the filing presents them: rows in the filing's order, one column per
period side by side, every cell one reported fact (and so clickable to its evidence).

Read through the index reader only (facts carry their statement title, row and column). The income
statement, balance sheet, cash-flow statement, equity and comprehensive income come first, named
by their titles' words; every other table of the filing (R pages' notes and details, an HTML
filing's tables) follows. Amounts are shown in the scale the filing prints them in (XBRL
instances carry it as ``decimals``: -6 is "in Millions"); the downloads carry the exact values too.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from index.facts import Fact

from .formatting import company_name, esc

__all__ = ["StatementInfo", "StatementRow", "Statement", "statements_of", "statement", "statement_html",
           "write_statement_csv", "write_statement_xlsx", "filing_choices", "KINDS"]

# (kind, words in the title); the order is the order a statement pack is read in
KINDS = (
    ("Income statement", r"\b(?:statements? of (?:consolidated )?(?:operations|income|earnings|loss)|income statements?|"
                         r"statements? of (?:profit|loss) and|profit (?:and|or) loss|statements? of loss\b)"),
    ("Comprehensive income", r"\bcomprehensive (?:income|loss)\b"),
    ("Balance sheet", r"\bbalance sheets?\b|\bfinancial (?:position|condition)\b"),
    ("Cash flows", r"\bcash flows?\b"),
    ("Equity", r"\b(?:stockholders|shareholders|owners)['’]? (?:equity|deficit)\b|\bchanges in (?:equity|net assets)\b"),
)
_NOT_A_STATEMENT = re.compile(r"\((?:details|tables|policies)\)|\bdetails\b|^[A-Z][\w ,&'’-]+ - ", re.I)
_PARENTHETICAL = re.compile(r"\bparenthetical\b", re.I)
OPEN_COLUMN = "column open"
_MAX_FACTS = 200_000


@dataclass(frozen=True)
class StatementInfo:
    title: str
    kind: str  # one of KINDS' names, or '' for any other table
    facts: int


@dataclass(frozen=True)
class StatementRow:
    label: str  # the line item, or the member for a breakdown row
    line_item: str  # the line item it belongs to
    members: tuple[str, ...]
    depth: int  # 0 a line item, 1 a member of the line item above
    cells: tuple[Fact | None, ...]


@dataclass(frozen=True)
class Statement:
    filing_id: str
    source: str
    company: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[StatementRow, ...]
    scales: tuple[tuple[str, int], ...]  # (unit, power of ten shown) for each unit in the table
    doubled: int = 0  # cells holding more than one fact (the first is shown)

    def scale_of(self, unit: str | None) -> int:
        return dict(self.scales).get(unit or "", 0)

    @property
    def scale_text(self) -> str:
        words = {3: "Thousands", 6: "Millions", 9: "Billions"}
        parts = [f"{'shares' if u == 'shares' else u} in {words[p]}" for u, p in self.scales if p in words]
        return ", ".join(parts)


def _kind(title: str) -> str:
    if _NOT_A_STATEMENT.search(title):
        return ""
    for name, words in KINDS:
        if re.search(words, title, re.I):
            return name
    return ""


def statements_of(reader, filing_id: str) -> list[StatementInfo]:
    """The filing's tables: its primary statements first (in KINDS order, each with its parenthetical
    after it), then every other table in title order."""
    facts = reader.query_facts("filing_id = ?", [filing_id], limit=_MAX_FACTS, order="title, row_index")
    counts = Counter(f.title for f in facts if f.title)
    infos = [StatementInfo(t, _kind(t), n) for t, n in counts.items()]
    order = {name: i for i, (name, _) in enumerate(KINDS)}

    def key(s: StatementInfo):
        primary = s.kind != "" and not _PARENTHETICAL.search(s.title)
        return (0 if s.kind else 1, order.get(s.kind, 99), not primary, s.title.lower())
    return sorted(infos, key=key)


def _power(facts: list[Fact]) -> int:
    """The scale a unit's cells are printed in: the filing's own ('in Millions'), else their decimals."""
    votes = Counter()
    for f in facts:
        if f.value is None:
            continue
        if f.scale:
            votes[f.scale] += 1
        elif f.decimals is not None and f.decimals < 0:
            votes[min(9, (-f.decimals) // 3 * 3)] += 1
        else:
            votes[0] += 1
    return votes.most_common(1)[0][0] if votes else 0


def statement(reader, filing_id: str, title: str) -> Statement:
    facts = reader.query_facts("filing_id = ? AND title = ?", [filing_id, title], limit=_MAX_FACTS,
                               order="row_index, column_index NULLS LAST, fact_id")
    columns = sorted({(f.column_index, f.column_label) for f in facts if f.column_index is not None})
    open_cells = any(f.column_index is None for f in facts)
    labels = [label for _, label in columns] + ([OPEN_COLUMN] if open_cells else [])
    col_at = {ci: j for j, (ci, _) in enumerate(columns)}
    by_row: dict[tuple, list[Fact]] = {}
    for f in facts:
        by_row.setdefault((f.row_index, f.label, f.member_text), []).append(f)
    # a line item's breakdown rows (members) sit above its total row, as statements print them
    keys = sorted(by_row, key=lambda k: (k[0], k[1], k[2] == "", k[2].lower()))
    rows, doubled = [], 0
    for key in keys:
        cells: list[Fact | None] = [None] * len(labels)
        for f in by_row[key]:
            j = col_at[f.column_index] if f.column_index is not None else len(labels) - 1
            if cells[j] is None:
                cells[j] = f
            else:
                doubled += 1
        first = by_row[key][0]
        members = tuple(m.member for m in first.dimensions)
        rows.append(StatementRow(label=", ".join(members) if members else first.label, line_item=first.label,
                                 members=members, depth=1 if members else 0, cells=tuple(cells)))
    units = sorted({f.unit or "" for f in facts if f.value is not None})
    scales = tuple((u, 0 if (u == "pure" or u.endswith("/shares")) else _power([f for f in facts if (f.unit or "") == u]))
                   for u in units)
    first = facts[0] if facts else None
    return Statement(filing_id=filing_id, source=first.source if first else "", company=first.entity if first else "",
                     title=title, columns=tuple(labels), rows=tuple(rows), scales=scales, doubled=doubled)


def cell_text(f: Fact, power: int) -> str:
    """A cell as the statement shows it: the printed text when the filing printed it in this scale,
    else the exact value in that scale (negative in parentheses)."""
    if f.value is None:
        text = " ".join((f.text_value or f.raw or "").split())
        return text if len(text) <= 60 else text[:60] + "…"
    printed = f.raw.strip()
    machine = re.fullmatch(r"-?\d{4,}(?:\.\d+)?", printed)  # an XBRL instance's '513983000000'
    if f.scale == power and not machine and re.fullmatch(r"[($€£¥\s-]*[\d,]+(?:\.\d+)?\)?%?", printed):
        return f"({printed[1:]})" if printed.startswith("-") else printed  # negatives as statements print them
    if f.unit == "pure":
        return f"{(f.value * 100).normalize():f}%"
    v = f.value.scaleb(-power) if power else f.value
    places = max(0, -v.normalize().as_tuple().exponent) if v != v.to_integral_value() else 0
    shown = f"{abs(v):,.{min(places, 4)}f}"
    return f"({shown})" if v < 0 else shown


def _is_total(label: str) -> bool:
    return bool(re.match(r"\s*(?:total|net (?:income|loss|cash|increase|decrease|sales|revenues?))\b", label, re.I))


def statement_html(st: Statement, selected: str = "") -> str:
    """The statement as a table; every cell a button naming its fact (``data-fact``)."""
    if not st.rows:
        return '<div class="fq-stmt-empty fq-muted">This filing reports no facts under that title.</div>'
    head = "".join(f'<th scope="col" class="fq-num">{esc(c)}</th>' for c in st.columns)
    body = []
    for r in st.rows:
        tds = []
        for f in r.cells:
            if f is None:
                tds.append('<td class="fq-num"></td>')
                continue
            power = st.scale_of(f.unit)
            sel = " fq-stmt-selected" if f.fact_id == selected else ""
            tds.append(f'<td class="fq-num"><button type="button" class="fq-stmt-cell{sel}" data-fact="{esc(f.fact_id)}" '
                       f'title="{esc(r.line_item)}{" (" + esc(", ".join(r.members)) + ")" if r.members else ""} · '
                       f'{esc(f.column_label)} · printed {esc(f.raw[:80])}">{esc(cell_text(f, power))}</button></td>')
        cls = f"fq-stmt-d{r.depth}" + (" fq-stmt-total" if r.depth == 0 and _is_total(r.label) else "")
        label_title = f' title="{esc(r.line_item)}"' if r.depth else ""
        body.append(f'<tr class="{cls}"><th scope="row"{label_title}>{esc(r.label)}</th>{"".join(tds)}</tr>')
    scale = f'<span class="fq-muted"> · {esc(st.scale_text)}</span>' if st.scale_text else ""
    who = f'{esc(company_name(st.company))} · ' if st.company else ""
    note = (f'<div class="fq-more">{st.doubled} cell(s) hold more than one fact; the first is shown (the Fact explorer lists all).</div>'
            if st.doubled else "")
    return (f'<div class="fq-stmt-wrap"><div class="fq-stmt-cap"><b>{esc(st.title)}</b><span class="fq-muted"> · {who}'
            f'{esc(st.source)}</span>{scale}</div><div class="fq-stmt-scroll"><table class="fq-stmt"><thead><tr>'
            f'<th scope="col">Line item</th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>{note}'
            '<p class="fq-stmt-hint fq-muted">Click a number to see its evidence and the filing it comes from.</p></div>')


def _stem(st: Statement) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", f"{company_name(st.company) if st.company else st.source} {st.title}").strip("-")[:80] or "statement"


def write_statement_csv(st: Statement, folder: Path) -> Path:
    """The statement as CSV: one row per line, one column per period, exact values in base units."""
    path = Path(folder) / f"{_stem(st)}.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Line item", "Member", "Concept", "Unit", *st.columns])
        for r in st.rows:
            first = next(f for f in r.cells if f is not None)
            w.writerow([r.line_item, ", ".join(r.members), first.concept, first.unit or "",
                        *("" if f is None else (str(f.value) if f.value is not None else f.raw) for f in r.cells)])
    return path


def write_statement_xlsx(st: Statement, folder: Path) -> Path:
    """An Excel workbook: 'Statement' as presented (numbers in the filing's scale, real numeric cells),
    and 'Cells' with every fact's exact value, period, concept and fact id."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Statement"
    ws.append([st.title])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append([" · ".join(x for x in (company_name(st.company) if st.company else "", st.source, st.scale_text) if x)])
    ws.append(["Line item", *st.columns])
    for c in ws[3]:
        c.font = Font(bold=True)
        c.alignment = Alignment(wrap_text=True, vertical="top")
    for r in st.rows:
        values = []
        for f in r.cells:
            if f is None:
                values.append(None)
            elif f.value is None:
                values.append(cell_text(f, 0))
            else:
                power = st.scale_of(f.unit)
                values.append(float(f.value.scaleb(-power)) if power else float(f.value))
        ws.append([("    " if r.depth else "") + r.label, *values])
        row = ws.max_row
        for j, f in enumerate(r.cells, start=2):
            if f is not None and f.value is not None:
                power = st.scale_of(f.unit)
                exact = f.value.scaleb(-power) if power else f.value
                decimals = max(0, -exact.normalize().as_tuple().exponent) if exact != exact.to_integral_value() else 0
                ws.cell(row=row, column=j).number_format = "#,##0" + ("." + "0" * min(decimals, 4) if decimals else "") + \
                    ";(#,##0" + ("." + "0" * min(decimals, 4) if decimals else "") + ")"
        if r.depth == 0 and _is_total(r.label):
            ws.cell(row=row, column=1).font = Font(bold=True)
    ws.column_dimensions["A"].width = 58
    for j in range(len(st.columns)):
        ws.column_dimensions[chr(ord("B") + j) if j < 25 else "Z"].width = 18
    ws.freeze_panes = "B4"
    cells = wb.create_sheet("Cells")
    cells.append(["Line item", "Member", "Column", "Period start", "Period end", "Value", "Unit", "As printed", "Concept",
                  "Fact id"])
    for r in st.rows:
        for label, f in zip(st.columns, r.cells):
            if f is None:
                continue
            p = f.period
            cells.append([r.line_item, ", ".join(r.members), label, p.start.isoformat() if p and p.start else "",
                          p.end.isoformat() if p else "", str(f.value) if f.value is not None else "", f.unit or "", f.raw,
                          f.concept, f.fact_id])
    path = Path(folder) / f"{_stem(st)}.xlsx"
    wb.save(path)
    return path


def filing_choices(reader) -> list[tuple[str, str]]:
    """(label, filing id) for every filing that reports facts, companies by name."""
    out = []
    for f in sorted(reader.filings(), key=lambda f: (f.entity == "", company_name(f.entity).lower() if f.entity else "",
                                                      -(f.fiscal_year or 0), f.source)):
        if not f.facts:
            continue
        what = " ".join(x for x in (f.form, f"FY{f.fiscal_year}" if f.fiscal_year else "") if x)
        who = company_name(f.entity) if f.entity else "No company named"
        out.append((f"{who} — {what} ({f.source})" if what else f"{who} ({f.source})", f.filing_id))
    return out
