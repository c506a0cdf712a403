# Two commands do all set-up: `make run` (the demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test lint services clean demo-data bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

# The desktop app where there is a screen; the same demo headless where there is none.
run: $(VENV)/.installed
	@if [ -n "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
		$(BIN)/etlx-desktop --demo-dir workspace/demo; \
	else \
		echo "No display: running the demo headless (the desktop app needs a screen)."; \
		$(BIN)/etlx demo --dir workspace/demo; \
	fi

services:
	bash scripts/ensure-services.sh

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check etlx_desktop tests resources/demo
	$(BIN)/ruff format --check etlx_desktop tests resources/demo
	$(BIN)/mypy
	$(BIN)/lint-imports

test: $(VENV)/.installed-dev services lint
	$(BIN)/pytest

# PG->PG against the raw COPY floor, and the preview; not part of `make test` (minutes long).
bench: $(VENV)/.installed-dev services
	$(BIN)/python benchmarks/pg_pipeline.py --sizes 100000 1000000 --repeat 3
	$(BIN)/python benchmarks/preview.py

demo-data: $(VENV)/.installed-dev
	$(BIN)/python resources/demo/generate_demo.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache workspace
