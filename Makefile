# The two commands: `make run` (the main job on the bundled sample) and `make test` (the test suite).
# Both bootstrap .venv from requirements-lock.txt when it is missing or older than the lock / pyproject.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench evaluate browser clean

$(STAMP): requirements-lock.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-lock.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Crawl the bundled sample site (served on 127.0.0.1 by the command itself) into data/spbe.duckdb
# and print the claims found.
run: $(STAMP)
	$(BIN)/spbe sample

# Debian's chromium for the evidence-report browser test (skipped when it cannot be installed).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) 2>/dev/null || \
	  echo "chromium not installed: browser tests will be skipped"; }

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

evaluate: $(STAMP)
	$(BIN)/spbe evaluate tests/corpus/dev tests/corpus/seeds --floors eval/floors.toml
	$(BIN)/spbe evaluate tests/corpus/heldout
	$(BIN)/spbe evaluate tests/corpus/tuning
	$(BIN)/spbe evaluate tests/corpus/negatives
	$(BIN)/spbe evaluate tests/corpus/sealed2 tests/corpus/sealed3   # measure only: never tune rules on them

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_extract.py

clean:
	rm -rf $(VENV) data/
