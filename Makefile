# Set-up and everyday commands. `make site` builds the briefing; `make test` runs every test
# (ruff and mypy first, then scripts/install-test-deps installs Chromium, axe-core and test locales).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test lint check serve bench clean

$(BIN)/briefing: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	$(BIN)/python -m compileall -q generator  # as `pip install .` does: no compiling at each start
	touch $@

site: $(BIN)/briefing
	$(BIN)/briefing build

check: $(BIN)/briefing
	$(BIN)/briefing check

test: $(BIN)/briefing lint
	scripts/install-test-deps
	$(BIN)/python -m pytest

# ruff over all the code, mypy (strict) over the generator; part of make test
lint: $(BIN)/briefing
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/mypy generator

# Build-time benchmark; e.g. make bench BENCH_ARGS="--sizes 100,1000 --runs 3"
bench: $(BIN)/briefing
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

clean:
	rm -rf site .briefing-cache .briefing-bench
