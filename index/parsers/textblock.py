"""Parser for a note's text block as it survives in a full-submission ``.txt`` turned to text::

    XML 47 R29.htm IDEA: XBRL DOCUMENT v3.23.1      <- what is left of <TYPE>, <SEQUENCE>, <FILENAME>...
    SHARE-BASED COMPENSATION                        <- note title
    12 Months Ended                                 <- duration label
    Dec. 31, 2022                                   <- column date: the period of the whole note
    Disclosure of ... [Abstract]
    SHARE-BASED COMPENSATION                        <- the text block's row label
    23. SHARE-BASED COMPENSATION                    <- the note itself: prose and whitespace tables
    ...

Prose becomes sentence chunks and :class:`Mention`s (numbers tied to dates); whitespace tables
(roll-forwards such as "Outstanding as of December 31, 2020 / Granted / Forfeited ...") become
facts whose periods come from the balance rows around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ..errors import ParseError
from ..facts import Chunk, Fact, Mention, ParsedFiling, Period, stable_id
from .numbers import apply_scale, canonical, parse_date
from .prose import extract_mentions, paragraphs, sentences

__all__ = ["parse_textblock", "looks_like_textblock", "HEADER_RE"]

HEADER_RE = re.compile(r"^(?:XML|EX-\S+|HTML?)\s+\d+\s+(R\d+\.htm)\s+IDEA:\s*XBRL DOCUMENT\b(?:\s+v?([\d.]+))?")
_DURATION_HDR = re.compile(r"^(\d+)\s+Months?\s+Ended$", re.I)
_VALUE_TOKEN = re.compile(r"^(?:\(?-?[\d,]*\.?\d+\)?%?|—|–|-|N/A|n/a|%|\$|US\$)$")
_DEDUCTION = re.compile(r"\b(forfeit\w*|exercised|vested|expired|cancel\w*|repurchased|redeemed|settled|surrender\w*)\b", re.I)
_BALANCE = re.compile(r"\b(?:as of|at)\s+(.+\d{4})\s*$", re.I)
_UNIT_TOKEN = re.compile(r"^(?:US\$|000[’']\s?US\$|RMB|000[’']\s?RMB|\$|%|¥|HK\$)$")
_SCALE_PREFIX = re.compile(r"^000[’']\s?")
_MAX_CHUNK_WORDS = 110


def looks_like_textblock(text: str) -> bool:
    first = text.lstrip("\ufeff").lstrip().split("\n", 1)[0]
    return bool(HEADER_RE.match(first))


@dataclass
class _Table:
    heading: str
    intro: str
    columns: list[str]
    units: list[str]
    rows: list[tuple[str, list[str], int]]  # label, value tokens, line number


def _is_blank(line: str) -> bool:
    return not line.replace("\xa0", " ").strip()


def _value_tokens(line: str) -> list[str] | None:
    toks = line.replace("\xa0", " ").split()
    if toks and all(_VALUE_TOKEN.match(t) for t in toks) and any(re.search(r"\d|—|N/A", t) for t in toks):
        return toks
    return None


def _next_nonblank(lines: list[str], i: int) -> int:
    while i < len(lines) and _is_blank(lines[i]):
        i += 1
    return i


def _split_tables(lines: list[str]) -> tuple[list[tuple[int, str]], list[_Table]]:
    """Separate prose lines from whitespace tables. Returns (prose lines with numbers, tables)."""
    prose: list[tuple[int, str]] = []
    tables: list[_Table] = []
    heading = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = " ".join(line.replace("\xa0", " ").split())
        if stripped and re.match(r"^\([a-z]\)\s+\S", stripped) and len(stripped) < 80:
            heading = stripped
        # a table starts after an intro line ending with ':' whose next content lines are short headers
        if stripped.endswith(":") and i + 1 < len(lines):
            table, end = _read_table(lines, i + 1, heading, stripped)
            if table is not None:
                prose.append((i, line))
                tables.append(table)
                i = end
                continue
        prose.append((i, line))
        i += 1
    return prose, tables


def _read_table(lines: list[str], start: int, heading: str, intro: str) -> tuple[_Table | None, int]:
    # header groups: runs of short text lines separated by whitespace-only (non-empty) lines
    groups: list[list[str]] = [[]]
    i = start
    while i < len(lines):
        raw = lines[i]
        if raw == "":
            i += 1
            continue
        if _is_blank(raw):
            if groups[-1]:
                groups.append([])
            i += 1
            continue
        j = _next_nonblank(lines, i + 1)
        if _value_tokens(raw) is None and j < len(lines) and _value_tokens(lines[j]) is not None and len(groups) > 1:
            break  # first data row: label line followed by a value line
        if len(raw.strip()) > 60:
            return None, start
        groups[-1].append(" ".join(raw.replace("\xa0", " ").split()))
        i += 1
    groups = [g for g in groups if g]
    if not groups or i >= len(lines):
        return None, start
    names = [" ".join(g).replace("- ", "-") for g in groups if not all(_UNIT_TOKEN.match(t) for t in g)]
    units = [" ".join(g) for g in groups if all(_UNIT_TOKEN.match(t) for t in g)]
    if not names:
        return None, start
    rows: list[tuple[str, list[str], int]] = []
    while i < len(lines):
        raw = lines[i]
        if _is_blank(raw):
            i += 1
            continue
        j = _next_nonblank(lines, i + 1)
        if _value_tokens(raw) is not None:
            i += 1
            continue
        label = " ".join(raw.replace("\xa0", " ").split())
        if j < len(lines) and _value_tokens(lines[j]) is not None and len(label) < 100:
            rows.append((label, _value_tokens(lines[j]) or [], i))
            i = j + 1
            continue
        break
    if not rows:
        return None, start
    return _Table(heading, intro, names, units, rows), i


def _column_units(table: _Table) -> list[tuple[str | None, int]]:
    """(unit, scale) per column: counts are shares, prices per share, '000'US$' amounts in thousands."""
    out: list[tuple[str | None, int]] = []
    money_cols = [k for k, n in enumerate(table.columns) if re.search(r"price|value|amount|cost", n, re.I)]
    unit_for = {k: table.units[n] for n, k in enumerate(money_cols) if n < len(table.units)}
    for k, name in enumerate(table.columns):
        if re.search(r"\bnumber\b|shares|RSUs|units|options", name, re.I) and k not in unit_for:
            out.append(("shares", 0))
        elif re.search(r"\bterm\b|years|life", name, re.I):
            out.append(("years", 0))
        elif k in unit_for:
            u = unit_for[k]
            scale = 3 if _SCALE_PREFIX.match(u) else 0
            cur = "CNY" if "RMB" in u else "USD"
            per_share = re.search(r"price|fair value", name, re.I) and not re.search(r"aggregate|total", name, re.I)
            out.append((f"{cur}/shares" if per_share else cur, scale))
        else:
            out.append((None, 0))
    return out


def _parse_number(token: str) -> Decimal | None:
    t = token.strip()
    if t in ("—", "–", "-", "N/A", "n/a", "%", "$", "US$"):
        return None
    neg = t.startswith("(") or t.startswith("-")
    t = t.strip("()-%")
    try:
        v = Decimal(t.replace(",", ""))
    except Exception:
        return None
    return -v if neg else v


def parse_textblock(data: bytes | str, source: str) -> ParsedFiling:
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    if not lines or not HEADER_RE.match(lines[0].strip()):
        raise ParseError("the first line is not an 'XML n Rn.htm IDEA: XBRL DOCUMENT' header.", source=source)
    filing_id = stable_id("textblock", text)
    m = HEADER_RE.match(lines[0].strip())
    r_page = m.group(1)

    pos = 1
    title = lines[pos].strip() if pos < len(lines) else ""
    pos += 1
    duration_label, period_end = "", None
    while pos < len(lines) and (not lines[pos].strip() or _DURATION_HDR.match(lines[pos].strip()) or parse_date(lines[pos]) and len(lines[pos].strip()) < 16):
        s = lines[pos].strip()
        if _DURATION_HDR.match(s):
            duration_label = s
        elif s:
            period_end = parse_date(s)
        pos += 1
    if not title or period_end is None:
        raise ParseError("no note title and period header after the document line.", source=source)
    note_period = _note_period(duration_label, period_end)
    while pos < len(lines) and lines[pos].strip().endswith("[Abstract]"):
        pos += 1
    if pos < len(lines) and lines[pos].strip().upper() == title.upper():
        pos += 1  # the text block's own row label repeats the title
    body = lines[pos:]

    prose_lines, tables = _split_tables(body)
    chunks: list[Chunk] = []
    mentions: list[Mention] = []
    facts: list[Fact] = []
    meta = dict(fiscal_year=note_period.end.year if duration_label.startswith("12") else None, report_date=period_end)

    # --- prose: paragraphs -> sentence windows that fit the embedding model ------------------------
    section = ""
    position = 0
    for para in paragraphs([ln for _, ln in prose_lines]):
        if re.match(r"^\(?[a-z0-9]{1,3}[.)]\s+\S.{0,70}$", para) and not para.endswith("."):
            section = para
            continue
        window: list[str] = []
        for sent in sentences(para) + [None]:
            if sent is not None and sum(len(s.split()) for s in window) + len(sent.split()) <= _MAX_CHUNK_WORDS:
                window.append(sent)
                continue
            if window:
                display = " ".join(window)
                cid = stable_id(filing_id, "text", position)
                chunks.append(
                    Chunk(chunk_id=cid, filing_id=filing_id, source=source, title=title, kind="text",
                          text=f"{title}{' — ' + section if section else ''}\n{display}", display=display,
                          position=position, section=section, fiscal_year=meta["fiscal_year"])
                )
                for s in window:
                    mentions.extend(extract_mentions(s, filing_id=filing_id, chunk_id=cid, source=source))
                position += 1
            window = [sent] if sent is not None else []

    # --- whitespace tables -> facts with periods from the balance rows -----------------------------
    for t_index, table in enumerate(tables):
        col_units = _column_units(table)
        balance_dates = [(_BALANCE.search(lbl), n) for n, (lbl, _, _) in enumerate(table.rows)]
        table_title = f"{title} — {table.heading}" if table.heading else title
        for n, (label, tokens, line_no) in enumerate(table.rows):
            cid = stable_id(filing_id, "tablerow", t_index, n)
            row_facts: list[Fact] = []
            for k, token in enumerate(tokens[: len(table.columns)]):
                number = _parse_number(token)
                if number is None:
                    continue
                period, basis = _row_period(table, n, balance_dates, table.columns[k])
                unit, scale = col_units[k] if k < len(col_units) else (None, 0)
                if unit is None and re.search(r"\((?:US\$|RMB)\)", label):
                    cur = "CNY" if "RMB" in label else "USD"
                    unit = f"{cur}/shares" if re.search(r"price|fair value", label, re.I) else cur
                value = apply_scale(number, scale)
                row_basis = basis
                if number < 0 and _DEDUCTION.search(label):
                    value = -value  # a roll-forward prints deductions in parentheses; the count itself is positive
                    row_basis += "; shown in parentheses as a deduction"
                fact = Fact(
                    fact_id=stable_id(filing_id, "table", t_index, n, k),
                    filing_id=filing_id,
                    source=source,
                    title=table_title,
                    label=label,
                    raw=token,
                    value=canonical(value),
                    unit=unit,
                    scale=scale,
                    scale_text="in thousands" if scale == 3 else "",
                    period=period,
                    candidate_periods=(period,) if period else (),
                    period_basis=row_basis,
                    row_label=label,
                    row_index=line_no,
                    column_label=table.columns[k],
                    column_index=k,
                    fiscal_year=meta["fiscal_year"],
                    report_date=period_end,
                )
                row_facts.append(fact)
                if period is not None:
                    mentions.append(
                        Mention(mention_id=stable_id(fact.fact_id, "m"), filing_id=filing_id, chunk_id=cid,
                                source=source, number_text=token.strip("()"), value=canonical(abs(number)),
                                dates=(period,), sentence=f"{table_title}: {label} — {table.columns[k]}: {token.strip('()')}")
                    )
            facts.extend(row_facts)
            values = "; ".join(f"{f.column_label}: {f.raw}" for f in row_facts) or " ".join(tokens)
            chunk = Chunk(chunk_id=cid, filing_id=filing_id, source=source, title=table_title, kind="row",
                          text=f"{table_title}\n{table.intro}\n{label}: {values}",
                          display=f"{label} | " + " | ".join(tokens), position=10_000 + t_index * 1000 + n,
                          section=table.heading, fact_ids=tuple(f.fact_id for f in row_facts),
                          fiscal_year=meta["fiscal_year"])
            chunks.append(chunk)
    return ParsedFiling(
        filing_id=filing_id,
        source=source,
        format="textblock",
        title=title,
        fiscal_year=meta["fiscal_year"],
        report_date=period_end,
        facts=tuple(facts),
        chunks=tuple(chunks),
        mentions=tuple(mentions),
        warnings=() if r_page else ("no R page name in the header",),
    )


def _note_period(duration_label: str, end: date) -> Period:
    m = _DURATION_HDR.match(duration_label or "")
    if not m:
        return Period(end=end, kind="instant")
    months = int(m.group(1))
    y, mo = end.year, end.month - months
    while mo <= 0:
        mo += 12
        y -= 1
    try:
        start = date(y, mo, end.day) + timedelta(days=1)
    except ValueError:  # month ends: 'Feb. 28' style; step to the first of the next month
        start = date(y, mo % 12 + 1, 1) if mo < 12 else date(y + 1, 1, 1)
    return Period(start=start, end=end, kind="duration", label=duration_label)


def _row_period(table: _Table, n: int, balances: list, column: str = "") -> tuple[Period | None, str]:
    """Balance rows carry their own date; movement rows span from the balance above to the one below;
    in a table whose columns are years ('2021 | 2022'), the column is the period."""
    label = table.rows[n][0]
    if re.fullmatch(r"(?:19|20)\d{2}", column.strip()):
        y = int(column)
        return Period(start=date(y, 1, 1), end=date(y, 12, 31), kind="duration", label="year"), "the column header is the year"
    own = _BALANCE.search(label)
    if own and parse_date(own.group(1)):
        return Period(end=parse_date(own.group(1)), kind="instant"), "the row label states the date"
    before = next((parse_date(m.group(1)) for m, k in reversed(balances[:n]) if m and parse_date(m.group(1))), None)
    after = next((parse_date(m.group(1)) for m, k in balances[n + 1:] if m and parse_date(m.group(1))), None)
    if before and after:
        return (
            Period(start=before + timedelta(days=1), end=after, kind="duration"),
            "a movement between the balance rows above and below it",
        )
    return None, "the table does not date this row"
