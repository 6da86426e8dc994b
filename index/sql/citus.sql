-- Optional: spread a filingqa PostgreSQL store over a Citus cluster, sharded by company (CIK).
--
-- Run once on the coordinator, after the first `filingqa ingest --store postgresql://coordinator/...`
-- created the tables (index/pgstore.py) and before loading in bulk:
--
--     psql postgresql://coordinator/filingqa -f index/sql/citus.sql
--
-- Every row of facts, chunks, fact_chunks, mentions and filings carries the filing's cik, and their
-- keys (primary keys; facts and mentions, which may repeat an id, a plain index) start with it, so all rows of one company live on one shard (colocated): a question
-- about one company is answered by one worker; a question across companies fans out to all.
-- Line items (groups) are shared by all companies and small (distinct concepts and labels), so
-- they are a reference table, copied to every worker. fq_meta is tiny: a reference table too.
--
-- Not run by the tests (no Citus here); written against Citus 12/13.

CREATE EXTENSION IF NOT EXISTS citus;

SELECT create_reference_table('fq_meta');
SELECT create_reference_table('groups');

-- 128 shards: ~10^9 passages / 128 ~ 8M passages (~10 GB of halfvec + HNSW) a shard; 8 workers of 16 shards
SET citus.shard_count = 128;
SELECT create_distributed_table('filings', 'cik');
SELECT create_distributed_table('facts', 'cik', colocate_with => 'filings');
SELECT create_distributed_table('chunks', 'cik', colocate_with => 'filings');
SELECT create_distributed_table('fact_chunks', 'cik', colocate_with => 'filings');
SELECT create_distributed_table('mentions', 'cik', colocate_with => 'filings');
SELECT create_distributed_table('filing_prints', 'cik', colocate_with => 'filings');

-- The HNSW and GIN indexes are created per shard by Citus; each worker searches its shards' graphs
-- and the coordinator merges the k best (ORDER BY embedding <#> q LIMIT k is pushed down per shard).
-- Set on every worker (or in postgresql.conf) for filtered dense search:
--   ALTER SYSTEM SET hnsw.iterative_scan = 'strict_order';  SELECT pg_reload_conf();
