# contractsmith: every target sets up .venv itself.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
AS_OF  ?= 2026-01-15
JOBS   ?= 2

.PHONY: demo test bench lint format clean

$(STAMP): pyproject.toml setup.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/contractsmith validate examples/*.yaml
	$(BIN)/contractsmith render examples/*.yaml -o out/ --as-of $(AS_OF)
	$(BIN)/contractsmith check examples/contracts --format text || true
	@echo
	@echo "Contracts written to: $(CURDIR)/out/"

test: $(STAMP)
	$(BIN)/contractsmith lint clauses/
	$(BIN)/python -m pytest -n $(JOBS) -q

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run_all

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

clean:
	rm -rf out build dist *.egg-info src/*.egg-info
