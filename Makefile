# Set-up and everyday commands. `make site` builds the briefing; `make test` runs every test
# (after scripts/install-test-deps has installed Chromium, axe-core and test locales).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test check serve bench clean

$(BIN)/briefing: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

site: $(BIN)/briefing
	$(BIN)/briefing build

check: $(BIN)/briefing
	$(BIN)/briefing check

test: $(BIN)/briefing
	scripts/install-test-deps
	$(BIN)/python -m pytest

# Build-time benchmark; e.g. make bench BENCH_ARGS="--sizes 100,1000 --runs 3"
bench: $(BIN)/briefing
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

clean:
	rm -rf site .briefing-cache .briefing-bench
