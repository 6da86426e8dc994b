"""The index in PostgreSQL + pgvector: the second implementation of :mod:`index.storage`.

For indexes past one machine: point filingqa at a PostgreSQL (or a Citus cluster, see
``index/sql/citus.sql``) with ``--store postgresql://…`` or ``FILINGQA_STORE``.

Tables (every one carries ``cik``, so Citus can distribute facts, passages and mentions on it,
colocated: one filing's rows live on one shard)::

    fq_meta       model, dim, format and the commit generation (readers reload when it moves)
    filings       one row per filing: source, content hash, counts, BM25 length sum
    facts         the fact table's columns (index.tables.FACT_SCHEMA) + concept_local
    chunks        passages + embedding halfvec(384) (HNSW, inner product) + BM25 term counts
                  (jsonb) + a tsvector of the same terms (GIN) for the keyword prefilter
    fact_chunks   fact -> passage it was read from
    mentions      numbers printed in prose
    filing_entities  per filing: the company names (with CIK, ticker) its facts and passages use, and
                  how many rows each; the reader folds them into one name per CIK
                  (:mod:`index.entity_names`) without scanning facts or passages
    groups        one BM25 document per line item (group_key), shared by all companies

Ranking semantics equal the embedded store's: keyword search takes the passages whose tsvector
holds a query term (the app's own tokens: stems and number forms of :func:`index.bm25.tokenize`,
not PostgreSQL's English parser), then scores them with the app's BM25 code on float32, so the
order, ties included, is the one the embedded store gives. Dense search is HNSW over fp16 vectors
with ``hnsw.iterative_scan = strict_order``: a company filter inside the search still returns k
rows in exact distance order. Company names are folded as in the embedded store: every spelling
of one CIK is read back under one display name, and a company filter reaches all its spellings.

Writes: one transaction per ingested file (one filing, or the filings one file holds), so a writer
killed mid-ingest leaves every earlier file whole and nothing of the one it was writing. Re-ingest
of the same bytes is a no-op (content hash); several writers may run at once (advisory locks on
the file name and the filing id keep two copies of one filing out).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable
from decimal import Decimal

import numpy as np

from .bm25 import BM25Segment, BM25Stats, score_segment, tokenize
from .catalogue import filing_condition
from .embed import DIM, MODEL_NAME, Embedder
from .entity_names import EntityNames
from .errors import FilingQAError, IndexIncompatible, IndexNotFound
from .facts import Chunk, Fact, Mention, ParsedFiling
from .manifest import FilingInfo, now_iso
from .memo import QueryMemo
from .nearcopy import Match, Print, copy_of
from .segments import embed_texts
from .store import ChunkBrief, ChunkHit, GroupHit, line_conditions
from .writer import CommitResult, NewFile, keep_one_copy
from .tables import CHUNK_SCHEMA, FACT_SCHEMA, MENTION_SCHEMA, chunk_to_row, fact_to_row, group_text, mention_to_row, \
    row_to_chunk, row_to_fact, row_to_mention

__all__ = ["PgReader", "PgWriter", "generation", "SCHEMA_VERSION"]

SCHEMA_VERSION = "2"  # 2: facts and mentions without a unique key (ids may repeat in a filing); filing_entities
_EF_SEARCH = 400  # HNSW candidate list (recall@10 0.62 at 100 -> 0.92 at 400, 10k); iterative scan extends it under a filter

_PG_TYPES = {"string": 'text COLLATE "C"', "double": "double precision", "int32": "integer", "date32[day]": "date"}


def _columns(schema, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(f.name, _PG_TYPES[str(f.type)]) for f in schema if f.name not in skip]


_FACT_COLS = [n for n, _ in _columns(FACT_SCHEMA)] + ["concept_local"]
_CHUNK_COLS = [n for n, _ in _columns(CHUNK_SCHEMA, ("row",))]
_MENTION_COLS = [n for n, _ in _columns(MENTION_SCHEMA)]


def _ddl() -> list[str]:
    def cols(schema, skip=()):
        return ", ".join(f"{n} {t}" for n, t in _columns(schema, skip))

    return [
        "CREATE EXTENSION IF NOT EXISTS vector",
        "CREATE TABLE IF NOT EXISTS fq_meta (key text PRIMARY KEY, value text NOT NULL)",
        """CREATE TABLE IF NOT EXISTS filings (
             cik text COLLATE "C" NOT NULL, filing_id text COLLATE "C" NOT NULL, seq bigserial,
             source text COLLATE "C" NOT NULL, sha256 text NOT NULL, format text, title text, entity text, form text,
             fiscal_year integer, facts integer, chunks integer, chunk_len double precision, ingested_at text,
             warnings jsonb, PRIMARY KEY (cik, filing_id))""",
        "CREATE INDEX IF NOT EXISTS filings_source ON filings (source)",
        "CREATE INDEX IF NOT EXISTS filings_filing_id ON filings (filing_id)",
        # facts and mentions have no unique key: a parser can give two cells of one filing the same id
        # (PLRTF's 20-F: 13 such pairs), and the embedded store keeps both rows, so this one does too
        f"""CREATE TABLE IF NOT EXISTS facts ({cols(FACT_SCHEMA)}, concept_local text COLLATE "C")""",
        # stores made before fiscal-year periods get the column (NULL in their rows: read as before)
        "ALTER TABLE facts ADD COLUMN IF NOT EXISTS period_year integer",
        "CREATE INDEX IF NOT EXISTS facts_key ON facts (cik, fact_id)",
        "CREATE INDEX IF NOT EXISTS facts_fact_id ON facts (fact_id)",
        "CREATE INDEX IF NOT EXISTS facts_group_key ON facts (group_key, entity)",
        "CREATE INDEX IF NOT EXISTS facts_concept_local ON facts (concept_local, entity)",
        "CREATE INDEX IF NOT EXISTS facts_filing ON facts (cik, filing_id)",
        "CREATE INDEX IF NOT EXISTS facts_filing_id ON facts (filing_id)",
        "CREATE INDEX IF NOT EXISTS facts_value ON facts (value_num)",
        f"""CREATE TABLE IF NOT EXISTS chunks ({cols(CHUNK_SCHEMA, ('row',))}, cik text COLLATE "C" NOT NULL,
             entity_lc text COLLATE "C", doc_len real NOT NULL, tf jsonb NOT NULL, tsv tsvector NOT NULL,
             embedding halfvec({DIM}) NOT NULL, PRIMARY KEY (cik, chunk_id))""",
        "CREATE INDEX IF NOT EXISTS chunks_chunk_id ON chunks (chunk_id)",
        "CREATE INDEX IF NOT EXISTS chunks_filing ON chunks (cik, filing_id)",
        "CREATE INDEX IF NOT EXISTS chunks_filing_id ON chunks (filing_id, position)",
        "CREATE INDEX IF NOT EXISTS chunks_entity ON chunks (entity_lc)",
        "CREATE INDEX IF NOT EXISTS chunks_tsv ON chunks USING gin (tsv)",
        # filing passages are full of near-ties (boilerplate across companies and years): the default graph
        # (m 16, ef_construction 64) found 4 of the exact 10 at 10k replayed passages, this one 9 (make bench)
        "CREATE INDEX IF NOT EXISTS chunks_embedding ON chunks USING hnsw (embedding halfvec_ip_ops) "
        "WITH (m = 32, ef_construction = 200)",
        """CREATE TABLE IF NOT EXISTS fact_chunks (cik text COLLATE "C" NOT NULL, filing_id text COLLATE "C" NOT NULL,
             fact_id text COLLATE "C" NOT NULL, chunk_id text COLLATE "C" NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS fact_chunks_fact ON fact_chunks (fact_id)",
        "CREATE INDEX IF NOT EXISTS fact_chunks_filing ON fact_chunks (cik, filing_id)",
        f"""CREATE TABLE IF NOT EXISTS mentions ({cols(MENTION_SCHEMA)}, cik text COLLATE "C" NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS mentions_value ON mentions (value_num)",
        "CREATE INDEX IF NOT EXISTS mentions_filing ON mentions (cik, filing_id)",
        # kind 'fact': (entity, the fact's cik, ticker) of the facts; 'chunk': entity of the passages
        """CREATE TABLE IF NOT EXISTS filing_entities (cik text COLLATE "C" NOT NULL, filing_id text COLLATE "C" NOT NULL,
             kind text NOT NULL, entity text COLLATE "C" NOT NULL, entity_cik text COLLATE "C" NOT NULL,
             ticker text COLLATE "C" NOT NULL, n integer NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS filing_entities_filing ON filing_entities (cik, filing_id)",
        # line items are shared across companies (us-gaap:Revenues): a small table, a Citus reference table
        """CREATE TABLE IF NOT EXISTS groups (group_key text COLLATE "C" PRIMARY KEY, seq bigserial,
             text text, doc_len real NOT NULL, tf jsonb NOT NULL, tsv tsvector NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS groups_tsv ON groups USING gin (tsv)",
        # per filing: the print of the file it came from (index.nearcopy), to keep one copy of a filing
        """CREATE TABLE IF NOT EXISTS filing_prints (cik text COLLATE "C" NOT NULL, filing_id text COLLATE "C" NOT NULL,
             source text COLLATE "C" NOT NULL, accession text NOT NULL, print_cik text NOT NULL, entity text NOT NULL,
             form text NOT NULL, period text NOT NULL, minhash text NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS filing_prints_filing ON filing_prints (cik, filing_id)",
    ]


def _connect(url: str, **kw):
    import psycopg

    try:
        return psycopg.connect(url, **kw)
    except psycopg.OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "connection refused"
        raise IndexNotFound(f"cannot reach the PostgreSQL store ({first}).",
                            "Check the postgresql:// address and that the server is running.") from None


def _lexeme(term: str) -> str:
    """A term as a tsvector/tsquery lexeme, quoted: our tokens, not the server's parser, are the words."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _terms_doc(text: str) -> tuple[int, dict[str, int]]:
    counts: dict[str, int] = {}
    toks = tokenize(text)
    for t in toks:
        counts[t] = counts.get(t, 0) + 1
    return len(toks), counts


def _tsv(counts: dict[str, int]) -> str:
    return " ".join(_lexeme(t) for t in sorted(counts))


def _halfvec(v: np.ndarray) -> str:
    return "[" + ",".join(f"{x:.7g}" for x in v.tolist()) + "]"


def _concept_local(concept: str) -> str | None:
    """'us-gaap:Revenues' -> 'revenues', as the embedded store computes it in DuckDB."""
    if not concept:
        return None
    m = re.search(r"([^:_]+)$", concept)
    return m.group(1).lower() if m else ""


def _filing_cik(pf: ParsedFiling) -> str:
    """The distribution key of a filing: its CIK, or the first a fact names ('' for text-only files)."""
    return pf.cik or next((f.cik for f in pf.facts if f.cik), "")


_gen_lock = threading.Lock()
_gen_cons: dict[str, object] = {}


def generation(url: str) -> int:
    """The store's commit generation (one cheap query on a kept connection)."""
    import psycopg

    with _gen_lock:
        for attempt in range(2):
            con = _gen_cons.get(url)
            if con is None or con.closed:
                con = _gen_cons[url] = _connect(url, autocommit=True)
            try:
                row = con.execute("SELECT value FROM fq_meta WHERE key = 'generation'").fetchone()
                break
            except psycopg.errors.UndefinedTable:
                raise IndexNotFound("the PostgreSQL store holds no filingqa index yet.",
                                    "Ingest filings into it first: filingqa ingest --store URL FILES") from None
            except psycopg.OperationalError:
                con.close()
                if attempt:
                    raise
        if row is None:
            raise IndexNotFound("the PostgreSQL store holds no filingqa index yet.")
        return int(row[0])


def _check_meta(con, embedder_name: str, dim: int) -> None:
    meta = dict(con.execute("SELECT key, value FROM fq_meta").fetchall())
    if meta.get("model") != embedder_name or int(meta.get("dim", 0)) != dim:
        raise IndexIncompatible(
            f"the PostgreSQL store was built with {meta.get('model')} ({meta.get('dim')}-dim); "
            f"this run embeds with {embedder_name} ({dim}-dim).")
    if meta.get("schema") != SCHEMA_VERSION:
        raise IndexIncompatible(f"the PostgreSQL store has schema version {meta.get('schema')}; "
                                f"this filingqa reads version {SCHEMA_VERSION}.")


class PgWriter:
    """Writes filings into a PostgreSQL store; any number may run at once."""

    def __init__(self, url: str, embedder: Embedder):
        self.url = url
        self.embedder = embedder
        self.con = _connect(url, autocommit=True)
        try:
            with self.con.transaction():
                # one schema creator at a time (CREATE ... IF NOT EXISTS races on the catalog)
                self.con.execute("SELECT pg_advisory_xact_lock(7351001)")
                for stmt in _ddl():
                    self.con.execute(stmt)
                self.con.execute(
                    "INSERT INTO fq_meta VALUES ('model', %s), ('dim', %s), ('schema', %s), ('generation', '0') "
                    "ON CONFLICT (key) DO NOTHING", [embedder.name, str(embedder.dim), SCHEMA_VERSION])
            _check_meta(self.con, embedder.name, embedder.dim)
        except BaseException:
            self.con.close()
            raise

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "PgWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def known(self, source: str, sha256: str) -> bool:
        return self.con.execute("SELECT 1 FROM filings WHERE source = %s AND sha256 = %s LIMIT 1",
                                [source, sha256]).fetchone() is not None

    def known_sha(self, sha256: str) -> bool:
        return self.con.execute("SELECT 1 FROM filings WHERE sha256 = %s LIMIT 1", [sha256]).fetchone() is not None

    def indexed_as(self, sha256: str) -> str | None:
        row = self.con.execute("SELECT source FROM filings WHERE sha256 = %s ORDER BY seq LIMIT 1", [sha256]).fetchone()
        return row[0] if row else None

    def _copy_of(self, nf: NewFile, p: Print) -> Match | None:
        """The stored file ``nf`` copies (index.nearcopy): only prints whose identity can agree are read."""
        rows = self.con.execute(
            "SELECT DISTINCT source, accession, print_cik, entity, form, period, minhash FROM filing_prints "
            "WHERE source <> %(source)s AND ((%(acc)s <> '' AND accession = %(acc)s) OR ("
            "(print_cik = '' OR %(cik)s = '' OR print_cik = %(cik)s) AND (form = '' OR %(form)s = '' OR form = %(form)s) "
            "AND (period = '' OR %(period)s = '' OR period = %(period)s)))",
            {"source": nf.source, "acc": p.accession, "cik": p.cik, "form": p.form, "period": p.period}).fetchall()
        return copy_of(p, ((r[0], Print(*r[1:])) for r in rows))

    def commit(self, files: Iterable[NewFile], progress=None) -> CommitResult:
        files = list(files)
        todo = [nf for nf in files if not self.known(nf.source, nf.sha256)]
        unchanged = [nf.source for nf in files if nf not in todo]
        # copies of stored filings are left out before they are embedded (and checked again when written)
        todo, prints, copies = keep_one_copy(todo, {})
        copies = list(copies)
        for nf in list(todo):
            if nf.filings and (m := self._copy_of(nf, prints[nf.source])):
                copies.append((nf.source, m.why))
                todo.remove(nf)
        # embed the whole batch first (one pass, repeated texts once), then one transaction per file
        texts = [c.text for nf in todo for pf in nf.filings for c in pf.chunks]
        vectors = embed_texts(texts, self.embedder, progress) if texts else np.zeros((0, self.embedder.dim), np.float32)
        at = 0
        added, replaced, duplicates = [], [], []
        n_facts = n_chunks = 0
        for nf in todo:
            n = sum(len(pf.chunks) for pf in nf.filings)
            outcome, facts, chunks = self._commit_file(nf, vectors[at:at + n], prints[nf.source])
            at += n
            if isinstance(outcome, Match):
                copies.append((nf.source, outcome.why))
                continue
            {"added": added, "replaced": replaced, "duplicate": duplicates, "unchanged": unchanged}[outcome].append(nf.source)
            n_facts += facts
            n_chunks += chunks
        wrote = bool(added or replaced)
        return CommitResult(tuple(added), tuple(unchanged), tuple(replaced), n_facts, n_chunks,
                            "postgres" if wrote else None, tuple(duplicates), copies=tuple(copies))

    def _commit_file(self, nf: NewFile, vectors: np.ndarray, p: Print) -> tuple[str | Match, int, int]:
        """One file in one transaction: its old version out, its filings in, the generation bumped."""
        con = self.con
        with con.transaction():
            # the same file or filing written by two writers at once: the second waits, then sees the first;
            # a copy of a filing under another name too (one writer at a time compares and writes prints)
            keys = sorted({f"source:{nf.source}", "nearcopy"} | {f"filing:{pf.filing_id}" for pf in nf.filings})
            for key in keys:
                con.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])
            if self.known(nf.source, nf.sha256):
                return "unchanged", 0, 0
            if nf.filings and (m := self._copy_of(nf, p)):
                return m, 0, 0
            prior = con.execute("SELECT cik, filing_id FROM filings WHERE source = %s", [nf.source]).fetchall()
            for cik, fid in prior:
                self._delete_filing(cik, fid)
            live = {r[0] for r in con.execute("SELECT filing_id FROM filings WHERE filing_id = ANY(%s)",
                                              [[pf.filing_id for pf in nf.filings]]).fetchall()}
            at, facts, chunks = 0, 0, 0
            for pf in nf.filings:
                vecs = vectors[at:at + len(pf.chunks)]
                at += len(pf.chunks)
                if pf.filing_id in live:
                    continue  # the same filing under another name: one copy
                live.add(pf.filing_id)
                self._insert_filing(nf, pf, vecs)
                con.execute("INSERT INTO filing_prints VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                            [_filing_cik(pf), pf.filing_id, nf.source, p.accession, p.cik, p.entity, p.form, p.period,
                             p.minhash])
                facts += len(pf.facts)
                chunks += len(pf.chunks)
            if not facts and not chunks and not prior:
                return "duplicate", 0, 0
            con.execute("UPDATE fq_meta SET value = (value::bigint + 1)::text WHERE key = 'generation'")
        return ("replaced" if prior else "added"), facts, chunks

    def _delete_filing(self, cik: str, filing_id: str) -> None:
        for table in ("facts", "chunks", "fact_chunks", "mentions", "filing_entities", "filing_prints", "filings"):
            self.con.execute(f"DELETE FROM {table} WHERE cik = %s AND filing_id = %s", [cik, filing_id])

    def _insert_filing(self, nf: NewFile, pf: ParsedFiling, vectors: np.ndarray) -> None:
        con, cik = self.con, _filing_cik(pf)
        fact_rows = [fact_to_row(f) for f in pf.facts]
        with con.cursor().copy(f"COPY facts ({', '.join(_FACT_COLS)}) FROM STDIN") as cp:
            for r in fact_rows:
                r["concept_local"] = _concept_local(r["concept"])
                cp.write_row([r[c] for c in _FACT_COLS])
        chunk_len = 0.0
        with con.cursor().copy(f"COPY chunks ({', '.join(_CHUNK_COLS)}, cik, entity_lc, doc_len, tf, tsv, embedding) "
                               "FROM STDIN") as cp:
            for c, v in zip(pf.chunks, vectors):
                r = chunk_to_row(c, 0)
                n, counts = _terms_doc(c.text)
                chunk_len += n
                cp.write_row([r[k] for k in _CHUNK_COLS] + [cik, (c.entity or "").lower(), n, json.dumps(counts),
                                                            _tsv(counts), _halfvec(v)])
        with con.cursor().copy("COPY fact_chunks (cik, filing_id, fact_id, chunk_id) FROM STDIN") as cp:
            for c in pf.chunks:
                for fid in c.fact_ids:
                    cp.write_row([cik, pf.filing_id, fid, c.chunk_id])
        with con.cursor().copy(f"COPY mentions ({', '.join(_MENTION_COLS)}, cik) FROM STDIN") as cp:
            for m in pf.mentions:
                r = mention_to_row(m)
                cp.write_row([r[k] for k in _MENTION_COLS] + [cik])
        names: dict[tuple[str, str, str, str], int] = {}
        for f in pf.facts:
            key = ("fact", f.entity or "", f.cik or "", f.ticker or "")
            names[key] = names.get(key, 0) + 1
        for c in pf.chunks:
            key = ("chunk", c.entity or "", "", "")
            names[key] = names.get(key, 0) + 1
        with con.cursor().copy("COPY filing_entities (cik, filing_id, kind, entity, entity_cik, ticker, n) FROM STDIN") as cp:
            for (kind, entity, entity_cik, ticker), n in sorted(names.items()):
                cp.write_row([cik, pf.filing_id, kind, entity, entity_cik, ticker, n])
        groups: dict[str, str] = {}
        for f, r in zip(pf.facts, fact_rows):
            groups.setdefault(r["group_key"], group_text(f))
        rows = []
        for key in sorted(groups):  # one order for every writer: concurrent inserts of a key cannot deadlock
            n, counts = _terms_doc(groups[key])
            rows.append([key, groups[key], n, json.dumps(counts), _tsv(counts)])
        if rows:
            con.cursor().executemany(
                "INSERT INTO groups (group_key, text, doc_len, tf, tsv) VALUES (%s, %s, %s, %s, %s::tsvector) "
                "ON CONFLICT (group_key) DO NOTHING", rows)
        con.execute(
            "INSERT INTO filings (cik, filing_id, source, sha256, format, title, entity, form, fiscal_year, facts, "
            "chunks, chunk_len, ingested_at, warnings) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
            [cik, pf.filing_id, nf.source, nf.sha256, pf.format, pf.title, pf.entity, pf.form, pf.fiscal_year,
             len(pf.facts), len(pf.chunks), chunk_len, now_iso(), json.dumps(list(pf.warnings))])

    def remove(self, sources: Iterable[str]) -> list[str]:
        names = sorted(set(sources))
        with self.con.transaction():
            hit = self.con.execute("SELECT cik, filing_id, source FROM filings WHERE source = ANY(%s)", [names]).fetchall()
            for cik, fid, _ in hit:
                self._delete_filing(cik, fid)
            if hit:
                self.con.execute("UPDATE fq_meta SET value = (value::bigint + 1)::text WHERE key = 'generation'")
        return sorted({s for _, _, s in hit})


_DUCKDB_ARRAY = re.compile(r"\?::DOUBLE\[\]", re.I)
_YEAR = re.compile(r"\byear\(", re.I)
_DATE_DIFF_DAYS = re.compile(r"\bdate_diff\(\s*'day'\s*,", re.I)


def _call_args(sql: str, start: int) -> tuple[list[str], int]:
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


def _bytewise(order: str) -> str:
    """An ORDER BY over text columns compared byte by byte, as DuckDB compares them: the database's locale
    would put 'aapl-….htm' before 'R2.htm', and both stores must give the same first rows."""
    return re.sub(r"\b(source|label|title|concept|entity|member_text)\b(?!\s+COLLATE)", r'\1 COLLATE "C"', order)


def _portable(where: str) -> str:
    """query_facts' condition, written for either store (DuckDB's dialect: '?' parameters, DOUBLE[],
    year(d), date_diff('day', a, b)), for psycopg and PostgreSQL."""
    sql = _YEAR.sub("date_part('year', ", where)
    while m := _DATE_DIFF_DAYS.search(sql):
        args, end = _call_args(sql, m.end())
        if len(args) != 2:
            raise ValueError(f"date_diff('day', a, b) takes two dates: {where!r}")
        sql = f"{sql[:m.start()]}(({args[1]}) - ({args[0]})){sql[end:]}"  # date - date is days in PostgreSQL
    return _DUCKDB_ARRAY.sub("%s::float8[]", sql.replace("%", "%%")).replace("?", "%s")


class PgReader:
    """The index as a PostgreSQL store holds it now (each query sees the last committed filings)."""

    def __init__(self, url: str):
        import psycopg
        from psycopg.rows import dict_row

        self.url = url
        self.con = _connect(url, autocommit=True, row_factory=dict_row)
        try:
            meta = {r["key"]: r["value"] for r in self.con.execute("SELECT key, value FROM fq_meta").fetchall()}
        except psycopg.errors.UndefinedTable:
            self.con.close()
            raise IndexNotFound("the PostgreSQL store holds no filingqa index yet.",
                                "Ingest filings into it first: filingqa ingest --store URL FILES") from None
        try:
            _check_meta_dict(meta)
        except FilingQAError:
            self.con.close()
            raise
        self.generation = int(meta["generation"])
        self.con.execute(f"SET hnsw.ef_search = {_EF_SEARCH}")
        self.con.execute("SET hnsw.iterative_scan = strict_order")
        self._lock = threading.RLock()
        self._memo = QueryMemo()
        self._entity_count: int | None = None
        # one name per company (CIK), whatever spelling each filing used: the rows ENTITY_ROWS_SQL gives the
        # embedded reader, summed per filing at write time (no scan of facts or passages here)
        self.names = EntityNames(
            (r["entity"], r["entity_cik"], r["ticker"], int(r["n"])) for r in self._rows(
                "SELECT entity, entity_cik, ticker, sum(n) AS n FROM filing_entities WHERE entity <> '' "
                "GROUP BY kind, entity, entity_cik, ticker ORDER BY kind, entity, entity_cik, ticker"))
        have = {r["column_name"] for r in self._rows(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'facts' AND table_schema = current_schema()")}
        # a store no writer of this version has opened yet lacks newer columns: they read as NULL
        self._fact_cols = ", ".join(c if c in have else f"NULL::integer AS {c}" for c in _FACT_COLS)
        self._scope: frozenset[str] | None = None
        self._scope_ids: list[str] = []
        self._facts_view = self._canonical_facts_sql()
        st = self._one("SELECT coalesce(sum(chunks), 0) AS n, coalesce(sum(chunk_len), 0) AS total FROM filings")
        self._chunk_stats = BM25Stats(int(st["n"]), float(st["total"]) / st["n"] if st["n"] else 0.0)
        st = self._one("SELECT count(*) AS n, coalesce(sum(doc_len), 0) AS total FROM groups")
        self._group_stats = BM25Stats(int(st["n"]), float(st["total"]) / st["n"] if st["n"] else 0.0)

    # --- plumbing --------------------------------------------------------------------------------
    def _canonical_facts_sql(self) -> str:
        """The facts table as query_facts' conditions see it: entity is the company's display name;
        in a view made by within(), only the scope's rows (ids as literals: the caller's condition
        brings its own parameters)."""
        where = ""
        if self._scope is not None:
            lits = ", ".join("'" + i.replace("'", "''").replace("%", "%%") + "'" for i in self._scope_ids)
            where = f" WHERE filing_id IN ({lits})" if lits else " WHERE FALSE"
        cols = ", ".join(f"{self.names.sql_case('entity')} AS entity" if c == "entity" else c
                         for c in self._fact_cols.split(", ")) if self.names.renames else self._fact_cols
        return f"(SELECT {cols} FROM facts{where}) AS facts"

    def _fact(self, r: dict) -> Fact:
        r["entity"] = self.names.canonical(r["entity"] or "")
        return row_to_fact(r)

    def _chunk(self, r: dict) -> Chunk:
        r["entity"] = self.names.canonical(r["entity"] or "")
        return row_to_chunk(r)

    def _entity_filter(self, column: str, entities: Iterable[str], lower: bool = False) -> tuple[str, list]:
        """A condition keeping rows of these companies, by any stored spelling of each."""
        spellings = self.names.spellings(entities)
        return f" AND {column} = ANY(%s)", [sorted({e.lower() for e in spellings}) if lower else spellings]

    def _rows(self, sql: str, params: list | None = None) -> list[dict]:
        with self._lock:
            return self.con.execute(sql, params or []).fetchall()

    def _one(self, sql: str, params: list | None = None) -> dict:
        rows = self._rows(sql, params)
        return rows[0] if rows else {}

    def forget(self) -> None:
        self._memo.clear()

    def close(self) -> None:
        if self._scope is not None:
            return  # a view shares its reader's connection: the reader closes it
        with self._lock:
            self.con.close()

    def verify(self, full: bool = False) -> None:
        """PostgreSQL keeps its own checksums and WAL; here: the tables answer and agree on counts."""
        st = self._one("SELECT (SELECT coalesce(sum(facts), 0) FROM filings) AS want, (SELECT count(*) FROM facts) AS have")
        if int(st["want"]) != int(st["have"]):
            from .errors import IndexCorrupt

            raise IndexCorrupt(f"the PostgreSQL store lists {st['want']} facts but holds {st['have']}.")

    def counts(self) -> dict[str, int]:
        st = self._one("SELECT count(*) AS filings, coalesce(sum(facts), 0) AS facts, coalesce(sum(chunks), 0) AS chunks "
                       "FROM filings")
        return {k: int(v) for k, v in st.items()}

    # --- facts -----------------------------------------------------------------------------------
    def facts_by_id(self, fact_ids: Iterable[str]) -> list[Fact]:
        ids = list(dict.fromkeys(fact_ids))
        if not ids:
            return []
        by_id = {r["fact_id"]: self._fact(r) for r in self._rows(
            f"SELECT {self._fact_cols} FROM facts WHERE fact_id = ANY(%s){self._scope_and()}", [ids, *self._scope_params()])}
        return [by_id[i] for i in ids if i in by_id]

    def facts_in_groups(self, group_keys: Iterable[str], limit: int = 5000, entities: Iterable[str] | None = None) -> list[Fact]:
        keys = list(dict.fromkeys(group_keys))
        if not keys:
            return []
        return self._facts_matching((("group_key", keys),), limit, entities, "source, row_index, fact_id")

    def facts_with_concepts(self, concepts: Iterable[str], limit: int = 20000, entities: Iterable[str] | None = None) -> list[Fact]:
        conditions = line_conditions(concepts, ())
        return self._facts_matching(conditions, limit, entities, "source, row_index") if conditions else []

    def facts_of_lines(self, concepts: Iterable[str] = (), group_keys: Iterable[str] = (), limit: int = 25000,
                       entities: Iterable[str] | None = None) -> list[Fact]:
        conditions = line_conditions(concepts, group_keys)
        return self._facts_matching(conditions, limit, entities, "source, row_index, fact_id") if conditions else []

    def _facts_matching(self, conditions: tuple[tuple[str, list[str]], ...], limit: int, entities: Iterable[str] | None,
                        order: str) -> list[Fact]:
        ents = None if entities is None else sorted({self.names.canonical(e) for e in entities})
        key = (tuple((c, tuple(v)) for c, v in conditions), limit, None if ents is None else tuple(ents))

        def read() -> tuple[Fact, ...]:
            where = "(" + " OR ".join(f"{column} = ANY(%s)" for column, _ in conditions) + ")"
            params: list = [values for _, values in conditions]
            if ents is not None:
                extra, more = self._entity_filter("entity", ents)
                where += extra
                params += more
            rows = self._rows(f"SELECT {self._fact_cols} FROM facts WHERE {where}{self._scope_and()} "
                              f"ORDER BY {_bytewise(order)} LIMIT %s", [*params, *self._scope_params(), limit])
            return tuple(self._fact(r) for r in rows)

        return list(self._memo.get(key, read))

    def query_facts(self, where: str = "TRUE", params: list | None = None, limit: int = 1000,
                    order: str = "source, row_index") -> list[Fact]:
        rows = self._rows(f"SELECT {self._fact_cols} FROM {self._facts_view} WHERE {_portable(where)} "
                          f"ORDER BY {_bytewise(order)} LIMIT %s", [*(params or []), limit])
        return [row_to_fact(r) for r in rows]

    def filing_facts(self, filing_id: str, limit: int = 3000, **match) -> list[Fact]:
        where, params = filing_condition(filing_id, match)
        return self.query_facts(where, params, limit=limit, order="source, row_index, fact_id")

    def group_keys_of(self, fact_ids: Iterable[str]) -> list[str]:
        ids = list(dict.fromkeys(fact_ids))
        if not ids:
            return []
        return sorted(r["group_key"] for r in self._rows(
            f"SELECT DISTINCT group_key FROM facts WHERE fact_id = ANY(%s){self._scope_and()}", [ids, *self._scope_params()]))

    def group_keys_in_chunks(self, chunk_ids: Iterable[str]) -> list[str]:
        ids = list(dict.fromkeys(chunk_ids))
        if not ids:
            return []
        return list(self._memo.get(("group_keys_in_chunks", tuple(ids)), lambda: sorted(r["group_key"] for r in self._rows(
            f"SELECT DISTINCT f.group_key FROM fact_chunks fc JOIN facts f ON f.fact_id = fc.fact_id "
            f"WHERE fc.chunk_id = ANY(%s){self._scope_and('f.filing_id')}", [ids, *self._scope_params()]))))

    def entity_count(self) -> int:
        with self._lock:
            if self._entity_count is None:
                rows = self._rows(f"SELECT DISTINCT entity FROM filing_entities WHERE kind = 'fact'{self._scope_and()}",
                                  self._scope_params())
                self._entity_count = len({self.names.canonical(r["entity"]) for r in rows})
            return self._entity_count

    def fact_count(self) -> int:
        return int(self._one(f"SELECT count(*) AS n FROM facts{self._scope_where()}", self._scope_params())["n"])

    # --- mentions and chunks ---------------------------------------------------------------------
    def mentions_of(self, values: Iterable[Decimal]) -> list[Mention]:
        vals = sorted({float(abs(v)) for v in values if v is not None})
        if not vals:
            return []
        rows = self._rows(f"SELECT {', '.join(_MENTION_COLS)} FROM mentions WHERE value_num = ANY(%s::float8[]){self._scope_and()}",
                          [vals, *self._scope_params()])
        return [row_to_mention(r) for r in rows]

    def chunks_by_id(self, chunk_ids: Iterable[str]) -> list[Chunk]:
        ids = list(dict.fromkeys(chunk_ids))
        if not ids:
            return []
        by_id = {r["chunk_id"]: self._chunk(r) for r in self._rows(
            f"SELECT {', '.join(_CHUNK_COLS)} FROM chunks WHERE chunk_id = ANY(%s){self._scope_and()}", [ids, *self._scope_params()])}
        return [by_id[i] for i in ids if i in by_id]

    def chunk_briefs(self, chunk_ids: Iterable[str]) -> list[ChunkBrief]:
        ids = list(dict.fromkeys(chunk_ids))
        if not ids:
            return []
        rows = self._rows(f"SELECT chunk_id, kind, entity, fact_ids FROM chunks WHERE chunk_id = ANY(%s){self._scope_and()}",
                          [ids, *self._scope_params()])
        by_id = {r["chunk_id"]: ChunkBrief(r["chunk_id"], r["kind"], self.names.canonical(r["entity"] or ""),
                                           tuple(json.loads(r["fact_ids"] or "[]")))
                 for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def chunks_for_facts(self, fact_ids: Iterable[str]) -> dict[str, Chunk]:
        ids = list(dict.fromkeys(fact_ids))
        if not ids:
            return {}
        cols = ", ".join(f"c.{c}" for c in _CHUNK_COLS)
        rows = self._rows(f"SELECT fc.fact_id AS _fact, {cols} FROM fact_chunks fc JOIN chunks c "
                          f"USING (cik, chunk_id) WHERE fc.fact_id = ANY(%s){self._scope_and('c.filing_id')} ORDER BY c.chunk_id",
                          [ids, *self._scope_params()])
        out: dict[str, Chunk] = {}
        for r in rows:
            fid = r.pop("_fact")
            out.setdefault(fid, self._chunk(r))
        return out

    def chunks_of_filing(self, filing_id: str) -> list[Chunk]:
        rows = self._rows(f"SELECT {', '.join(_CHUNK_COLS)} FROM chunks WHERE filing_id = %s{self._scope_and()} ORDER BY position",
                          [filing_id, *self._scope_params()])
        return [self._chunk(r) for r in rows]

    # --- search ----------------------------------------------------------------------------------
    def _bm25(self, table: str, key: str, terms: list[str], stats: BM25Stats, extra: str = "",
              params: list | None = None) -> list[tuple[str, float]]:
        """(key, score) of every row of ``table`` holding a query term: candidates by the tsvector
        index, scores by the app's BM25 (index.bm25.score_segment) so both stores rank alike."""
        distinct = sorted(set(terms))
        query = " | ".join(_lexeme(t) for t in distinct)
        dfs = self._rows(
            f"SELECT t.term, (SELECT count(*) FROM {table} WHERE tsv @@ t.q::tsquery) AS df "
            "FROM unnest(%s::text[], %s::text[]) AS t(term, q)", [distinct, [_lexeme(t) for t in distinct]])
        idf = {r["term"]: stats.idf(int(r["df"])) for r in dfs}
        rows = self._rows(f"SELECT {key} AS key, doc_len, tf FROM {table} WHERE tsv @@ %s::tsquery{extra}",
                          [query, *(params or [])])
        if not rows:
            return []
        vocab = {t: i for i, t in enumerate(distinct)}
        postings: list[list[tuple[int, int]]] = [[] for _ in distinct]
        for d, r in enumerate(rows):
            for t, c in r["tf"].items():
                if t in vocab:
                    postings[vocab[t]].append((d, c))
        indptr = np.zeros(len(distinct) + 1, dtype=np.int64)
        for i, p in enumerate(postings):
            indptr[i + 1] = indptr[i] + len(p)
        seg = BM25Segment(vocab, indptr, np.array([d for p in postings for d, _ in p], dtype=np.int32),
                          np.array([c for p in postings for _, c in p], dtype=np.float32),
                          np.array([r["doc_len"] for r in rows], dtype=np.float32))
        scores = score_segment(seg, terms, idf, stats)
        return [(r["key"], float(s)) for r, s in zip(rows, scores) if s > 0]

    def bm25_chunks(self, text: str, k: int = 20, entities: Iterable[str] | None = None) -> list[ChunkHit]:
        terms = tokenize(text)
        if not terms:
            return []
        extra, params = self._scope_and(), self._scope_params()
        if entities is not None:
            more, more_params = self._entity_filter("entity_lc", entities, lower=True)
            extra, params = extra + more, params + more_params
        hits = self._bm25("chunks", "chunk_id", terms, self._chunk_stats, extra, params)
        return [ChunkHit(cid, sc, "bm25") for cid, sc in sorted(hits, key=lambda h: (-h[1], h[0]))[:k]]

    def dense_chunks(self, vector: np.ndarray, k: int = 20, entities: Iterable[str] | None = None) -> list[ChunkHit]:
        q = _halfvec(np.asarray(vector, dtype=np.float32).reshape(-1))
        extra, params = self._scope_and(), self._scope_params()
        if entities is not None:
            more, more_params = self._entity_filter("entity_lc", entities, lower=True)
            extra, params = extra + more, params + more_params
        where = "WHERE" + extra[len(" AND"):] if extra else ""
        rows = self._rows(f"SELECT chunk_id, (embedding <#> %s::halfvec) AS d FROM chunks {where} "
                          f"ORDER BY embedding <#> %s::halfvec LIMIT %s", [q, *params, q, k])
        hits = [(r["chunk_id"], float(-r["d"])) for r in rows]
        return [ChunkHit(cid, sc, "dense") for cid, sc in sorted(hits, key=lambda h: (-h[1], h[0]))]

    def bm25_groups(self, terms: list[str], k: int = 50, entities: Iterable[str] | None = None) -> list[GroupHit]:
        if not terms:
            return []
        # only line items some live fact still reports (a removed filing's groups stay in the table),
        # within the view's scope, and of the companies asked about, when given
        extra = f" AND EXISTS (SELECT 1 FROM facts f WHERE f.group_key = groups.group_key{self._scope_and('f.filing_id')}"
        params = self._scope_params()
        if entities is not None:
            extra += " AND f.entity = ANY(%s)"
            params = [*params, sorted({self.names.canonical(e) for e in entities})]
        hits = self._bm25("groups", "group_key", terms, self._group_stats, extra + ")", params)
        return [GroupHit(g, sc) for g, sc in sorted(hits, key=lambda h: (-h[1], h[0]))[:k]]

    def label_words(self) -> set[str]:
        f = f"(SELECT * FROM facts{self._scope_where()}) AS f"
        rows = self._rows(f"SELECT DISTINCT label AS t FROM {f} UNION SELECT DISTINCT member_text FROM {f} "
                          f"UNION SELECT DISTINCT title FROM {f} UNION SELECT DISTINCT column_label FROM {f}",
                          self._scope_params() * 4)
        words: set[str] = set()
        for r in rows:
            words.update(w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]{3,}", r["t"] or ""))
        return words

    def entities(self) -> list[tuple[str, str, str]]:
        """(display name, CIK, ticker) once per company, as the embedded reader lists them (in a view
        made by within(), the scope's companies only)."""
        if self._scope is None:
            return self.names.directory()
        shown = {self.names.canonical(r["entity"]) for r in self._rows(
            f"SELECT DISTINCT entity FROM filing_entities WHERE entity <> ''{self._scope_and()}", self._scope_params())}
        return [row for row in self.names.directory() if row[0] in shown]

    # --- a scope: the same reader seeing only some filings -----------------------------------------
    def within(self, filing_ids: Iterable[str]) -> "PgReader":
        """A view of this reader that sees only these filings: each query (facts, passages by BM25
        and by HNSW with the filter inside the search, line items, companies, filings) keeps to them.
        It shares this reader's connection; closing it closes nothing."""
        import copy

        view = copy.copy(self)
        view._scope = frozenset(filing_ids)
        view._scope_ids = sorted(view._scope)
        view._memo, view._entity_count = QueryMemo(), None
        view._facts_view = view._canonical_facts_sql()
        return view

    @property
    def scope(self) -> frozenset[str] | None:
        return self._scope

    def _scope_and(self, column: str = "filing_id") -> str:
        return "" if self._scope is None else f" AND {column} = ANY(%s)"

    def _scope_where(self, column: str = "filing_id") -> str:
        return "" if self._scope is None else f" WHERE {column} = ANY(%s)"

    def _scope_params(self) -> list:
        return [] if self._scope is None else [self._scope_ids]

    def filings(self) -> list[FilingInfo]:
        rows = self._rows(f"SELECT * FROM filings{self._scope_where()} ORDER BY seq", self._scope_params())
        return [FilingInfo(filing_id=r["filing_id"], source=r["source"], sha256=r["sha256"], format=r["format"],
                           segment="postgres", title=r["title"] or "", entity=r["entity"] or "", form=r["form"] or "",
                           fiscal_year=r["fiscal_year"], facts=r["facts"], chunks=r["chunks"],
                           ingested_at=r["ingested_at"] or "", warnings=list(r["warnings"] or []))
                for r in rows]


def _check_meta_dict(meta: dict) -> None:
    if meta.get("model") != MODEL_NAME or int(meta.get("dim", 0)) != DIM:
        raise IndexIncompatible(
            f"the PostgreSQL store was built with {meta.get('model')} ({meta.get('dim')}-dim); "
            f"this filingqa embeds questions with {MODEL_NAME} ({DIM}-dim).")
    if meta.get("schema") != SCHEMA_VERSION:
        raise IndexIncompatible(f"the PostgreSQL store has schema version {meta.get('schema')}; "
                                f"this filingqa reads version {SCHEMA_VERSION}.")
