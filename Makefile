# contractsmith: every target sets up .venv itself.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
AS_OF  ?= 2026-01-15
JOBS   ?= 2
RUFF_PATHS := src tests benchmarks scripts
# Type-checked in `make test`: the packages that are clean today (add one when it is).
PKG    := src/contractsmith
TYPED  := $(PKG)/commands $(PKG)/ingest $(PKG)/spec $(PKG)/library $(PKG)/lint $(PKG)/report \
          $(PKG)/atomic.py $(PKG)/baseline.py $(PKG)/cli.py $(PKG)/config.py $(PKG)/findings.py \
          $(PKG)/resources.py $(PKG)/inputs.py $(PKG)/outputs.py $(PKG)/selection.py \
          $(PKG)/safexml.py $(PKG)/ooxml_active.py $(PKG)/ooxml_fields.py $(PKG)/env.py $(PKG)/analyse/workers.py \
          $(PKG)/review $(PKG)/consistency $(PKG)/workdays.py

.PHONY: demo test bench lint format clean

$(STAMP): pyproject.toml setup.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/contractsmith validate examples/*.yaml
	@if command -v soffice >/dev/null 2>&1 || [ -n "$$CONTRACTSMITH_SOFFICE" ]; then \
	  $(BIN)/contractsmith render examples/*.yaml -o out/ --as-of $(AS_OF) --format docx,pdf -j $(JOBS) && \
	  $(BIN)/contractsmith inspect out/sponsorship.pdf; \
	else \
	  echo "LibreOffice not found: rendering DOCX only (apt-get install libreoffice-writer-nogui for PDF)"; \
	  $(BIN)/contractsmith render examples/*.yaml -o out/ --as-of $(AS_OF); \
	fi
	$(BIN)/contractsmith check examples/contracts --format html -o out/check-report.html --fail-on never
	$(BIN)/contractsmith check examples/contracts --fail-on never
	@# review exits 1 when something is late or missed, as the example log is meant to be;
	@# only a usage error (2) stops the demo
	$(BIN)/contractsmith review out/sponsorship.docx --log examples/logs/sponsorship.yaml --letter out/sponsorship-review-letter.docx --calendar out/sponsorship-deadlines.ics; test $$? -le 1
	$(BIN)/contractsmith review out/sponsorship.docx --log examples/logs/sponsorship.yaml --format html -o out/sponsorship-review.html; test $$? -le 1
	@echo
	@echo "Contracts written to: $(CURDIR)/out/"
	@echo "Check report (HTML):  $(CURDIR)/out/check-report.html"
	@echo "Review report (HTML): $(CURDIR)/out/sponsorship-review.html"

test: $(STAMP)
	$(BIN)/ruff check $(RUFF_PATHS)
	$(BIN)/ruff format --check $(RUFF_PATHS)
	$(BIN)/mypy $(TYPED)
	$(BIN)/contractsmith lint clauses/
	$(BIN)/contractsmith rules lint
	$(BIN)/python -m pytest -n $(JOBS) -q

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run_all

lint: $(STAMP)
	$(BIN)/ruff check $(RUFF_PATHS)
	$(BIN)/ruff format --check $(RUFF_PATHS)
	$(BIN)/mypy $(TYPED)

format: $(STAMP)
	$(BIN)/ruff format $(RUFF_PATHS)
	$(BIN)/ruff check --fix $(RUFF_PATHS)

clean:
	rm -rf out build dist *.egg-info src/*.egg-info
