# `make run` and `make test` work on a fresh machine: they create .venv and install first.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTHON ?= python3

.PHONY: install run test unit lint bench fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,ray]'
	touch $(STAMP)

install: $(STAMP)

# examples/bad holds broken inputs on purpose: analyze lists them and exits 1, which is the
# expected outcome here; any other non-zero exit fails the target.
run: install
	$(BIN)/counterpoint analyze examples/corpus examples/coverage examples/bad \
		--db out/counterpoint.db --report out/report.html --json out/analysis.json \
		|| [ $$? -eq 1 ]
	@echo "Report written to $(CURDIR)/out/report.html (JSON: $(CURDIR)/out/analysis.json)"
	@echo "Browse it: $(BIN)/counterpoint serve --db out/counterpoint.db"

# Chromium for the browser tests (scripts/browser-setup.sh), the whole suite on this venv's
# Python, then the unit tests on the other supported Pythons, each in its own venv (.venv312,
# .venv313), made on first use by scripts/test-other-pythons.sh.
test: install lint
	bash scripts/browser-setup.sh
	url=$$(bash scripts/pg-test-server.sh) && \
		COUNTERPOINT_PG_URL=$$url $(BIN)/pytest -q && \
		COUNTERPOINT_PG_URL=$$url bash scripts/test-other-pythons.sh

# The unit tests alone: no real model, no server, no ../shared.
unit: install
	$(BIN)/pytest -q tests/unit

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

bench: install
	mkdir -p bench/results
	$(BIN)/python bench/extract_html.py
	$(BIN)/python bench/extract_dumps.py
	$(BIN)/python bench/annotate.py
	$(BIN)/python bench/annotate_real.py
	$(BIN)/python bench/claims_real.py
	$(BIN)/python bench/compare_real.py
	$(BIN)/python bench/synthetic_link.py --sizes 10000 100000 --embedder synthetic
	$(BIN)/python bench/synthetic_link.py --sizes 10000 --embedder use \
		--out bench/results/link_use.json
	$(BIN)/python bench/scale.py

# Fuzz ingest + extract for FUZZ_SECONDS (default 300); crashing inputs land in fuzz/crashes/.
fuzz: install
	mkdir -p fuzz/crashes fuzz/corpus
	$(BIN)/python fuzz/ingest_extract.py -max_total_time=$(or $(FUZZ_SECONDS),300) \
		-max_len=16384 -timeout=60 -rss_limit_mb=2048 -artifact_prefix=fuzz/crashes/ fuzz/corpus

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
