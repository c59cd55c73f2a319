# The front door. `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  := data/processed/papers.parquet
SAMPLE := data/raw/daily-papers-search_2025-12-09.txt
HUB_API := $(wildcard data/raw/hub-api/*/*.json.gz)
# The sample was copied from the page on 2025-12-09 (its header says "Dec 9").
SAMPLE_AS_OF := 2025-12-09

.DEFAULT_GOAL := help
.PHONY: help lab test data lint bench gallery clean

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-6s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(VENV)/.installed $@

# The API files carry their own times; --as-of belongs to the copied page alone.
data: $(VENV)/.installed  ## build the store from the shipped real data (data/raw/)
	$(BIN)/dailypapers ingest $(HUB_API) --store $(STORE)
	$(BIN)/dailypapers ingest $(SAMPLE) --as-of $(SAMPLE_AS_OF) --store $(STORE)

lab: data  ## set up, build the store, open JupyterLab on notebooks/
	$(BIN)/jupyter lab notebooks/ $(if $(filter 0,$(shell id -u)),--allow-root)

# Test files run on every core, each file on one (a notebook's cells run in order in one kernel).
test: $(VENV)/.installed-test  ## set up and run every test (unit, notebooks, browser)
	@sh tests/browser/install-chromium.sh
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -n auto --dist loadfile

bench: $(VENV)/.installed-test  ## run the benchmarks
	$(BIN)/python benchmarks/all.py

gallery: data  ## every chart of the store as PNG, and the deck, in reports/gallery/
	$(BIN)/python docs/gallery.py

clean:  ## remove derived data and caches (keeps .venv)
	rm -rf data/processed/*.parquet reports .pytest_cache .ruff_cache
