"""Conditions written in DuckDB's dialect, as the engine passes them to ``query_facts``, made
portable to PostgreSQL (a part of :mod:`index.pgstore`): ``?`` parameters, ``DOUBLE[]``, ``year(d)``,
``date_diff('day', a, b)``, and ORDER BY compared byte by byte as DuckDB compares text."""

from __future__ import annotations

import re

_DUCKDB_ARRAY = re.compile(r"\?::DOUBLE\[\]", re.I)
_YEAR = re.compile(r"\byear\(", re.I)
_DATE_DIFF_DAYS = re.compile(r"\bdate_diff\(\s*'day'\s*,", re.I)


def call_args(sql: str, start: int) -> tuple[list[str], int]:
    """The top-level arguments of the call whose argument list starts at ``start`` (just past its
    '(' or a comma), and the index just past its ')'."""
    args, depth, quoted, at = [], 0, False, start
    for i in range(start, len(sql)):
        ch = sql[i]
        if ch == "'":
            quoted = not quoted
        elif quoted:
            continue
        elif ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        elif ch in ",)" and not depth:
            args.append(sql[at:i].strip())
            at = i + 1
            if ch == ")":
                return args, i + 1
    raise ValueError(f"unbalanced parentheses in the condition: {sql!r}")


def bytewise(order: str) -> str:
    """An ORDER BY over text columns compared byte by byte, as DuckDB compares them: the database's locale
    would put 'aapl-….htm' before 'R2.htm', and both stores must give the same first rows."""
    return re.sub(r"\b(source|label|title|concept|entity|member_text)\b(?!\s+COLLATE)", r'\1 COLLATE "C"', order)


def portable(where: str) -> str:
    """query_facts' condition, written for either store (DuckDB's dialect: '?' parameters, DOUBLE[],
    year(d), date_diff('day', a, b)), for psycopg and PostgreSQL."""
    sql = _YEAR.sub("date_part('year', ", where)
    while m := _DATE_DIFF_DAYS.search(sql):
        args, end = call_args(sql, m.end())
        if len(args) != 2:
            raise ValueError(f"date_diff('day', a, b) takes two dates: {where!r}")
        sql = f"{sql[:m.start()]}(({args[1]}) - ({args[0]})){sql[end:]}"  # date - date is days in PostgreSQL
    return _DUCKDB_ARRAY.sub("%s::float8[]", sql.replace("%", "%%")).replace("?", "%s")
