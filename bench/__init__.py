"""Benchmarks (``make bench``): ingest throughput vs raw encode, and at 10k / 100k (/ 1M) chunks
the index size, load time, peak memory, ask() latency and vector recall, beside plain llama-index."""
