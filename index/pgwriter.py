"""Writing filings into the PostgreSQL store: one transaction per ingested file (see :mod:`index.pgstore`)."""

from __future__ import annotations

import json
from collections.abc import Iterable

import numpy as np

from .embed import Embedder
from .facts import ParsedFiling
from .manifest import now_iso
from .nearcopy import Match, Print, copy_of
from .pgschema import (SCHEMA_VERSION, _CHUNK_COLS, _FACT_COLS, _MENTION_COLS, _check_meta, _concept_local, _connect, _ddl,
                       _filing_cik, _halfvec, _terms_doc, _tsv)
from .segments import embed_texts
from .tables import chunk_to_row, fact_to_row, group_text, mention_to_row
from .writer import CommitResult, NewFile, keep_one_copy

__all__ = ["PgWriter"]


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
