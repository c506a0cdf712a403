# Two commands do all set-up: `make run` (the demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test lint services clean demo-data

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	$(BIN)/etlx demo --dir workspace/demo

services:
	bash scripts/ensure-services.sh

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check etlx_desktop tests resources/demo
	$(BIN)/ruff format --check etlx_desktop tests resources/demo
	$(BIN)/mypy
	$(BIN)/lint-imports

test: $(VENV)/.installed-dev services lint
	$(BIN)/pytest

demo-data: $(VENV)/.installed-dev
	$(BIN)/python resources/demo/generate_demo.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache workspace
