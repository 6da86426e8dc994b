"""The PostgreSQL store's schema: its tables (see :mod:`index.pgstore`), the connection, the commit
generation readers poll, and the words of a passage as tsvector lexemes (the app's own tokens)."""

from __future__ import annotations

import re
import threading

import numpy as np

from .bm25 import tokenize
from .embed import DIM, MODEL_NAME
from .errors import IndexIncompatible, IndexNotFound
from .facts import ParsedFiling
from .tables import CHUNK_SCHEMA, FACT_SCHEMA, MENTION_SCHEMA

__all__ = ["SCHEMA_VERSION", "generation"]

SCHEMA_VERSION = "2"  # 2: facts and mentions without a unique key (ids may repeat in a filing); filing_entities

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
    """A writer's check: the store was built with the embedder this run uses."""
    meta = dict(con.execute("SELECT key, value FROM fq_meta").fetchall())
    _check_meta_dict(meta, embedder_name, dim, "this run embeds with")


def _check_meta_dict(meta: dict, model: str = MODEL_NAME, dim: int = DIM,
                     ours: str = "this filingqa embeds questions with") -> None:
    if meta.get("model") != model or int(meta.get("dim", 0)) != dim:
        raise IndexIncompatible(
            f"the PostgreSQL store was built with {meta.get('model')} ({meta.get('dim')}-dim); {ours} {model} ({dim}-dim).")
    if meta.get("schema") != SCHEMA_VERSION:
        raise IndexIncompatible(f"the PostgreSQL store has schema version {meta.get('schema')}; "
                                f"this filingqa reads version {SCHEMA_VERSION}.")
