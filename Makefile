# Two commands do all set-up: `make run` (the demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test lint services clean demo-data bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# setup.py builds the C parts (keyed hashes, binary numerics); a change to them builds them again
BUILD_INPUTS := pyproject.toml setup.py etlx_desktop/core/anonymize/_keyed_hash.c \
	etlx_desktop/core/storage/_pg_numeric.c

$(VENV)/.installed: $(BUILD_INPUTS) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(BUILD_INPUTS) | $(BIN)/python
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

# PG->PG against the raw COPY floor, memory at 1M and 10M rows, and the preview; not part of
# `make test` (about 20 minutes, most of it building the 10M-row source once).
bench: $(VENV)/.installed-dev services
	$(BIN)/python benchmarks/pg_pipeline.py --sizes 100000 1000000 --repeat 3
	$(BIN)/python benchmarks/memory.py --sizes 1000000 10000000
	$(BIN)/python benchmarks/preview.py

demo-data: $(VENV)/.installed-dev
	$(BIN)/python resources/demo/generate_demo.py

# The one-folder desktop bundle dist/etlx-desktop/ (PyInstaller; packaging/README.md).
.PHONY: package icons
$(VENV)/.installed-package: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[package]'
	touch $(VENV)/.installed $@

# The PNGs are committed; they are drawn again (every size at once) when the SVG changes.
ICON_PNG := resources/icons/etlx-desktop-256.png
icons: $(ICON_PNG)
$(ICON_PNG): resources/icons/etlx-desktop.svg packaging/render_icons.py | $(VENV)/.installed
	$(BIN)/python packaging/render_icons.py

package: $(VENV)/.installed-package $(ICON_PNG)
	$(BIN)/pyinstaller --noconfirm --clean packaging/etlx-desktop.spec \
		--distpath dist --workpath build/pyinstaller
	dist/etlx-desktop/etlx-desktop --self-test

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache workspace

# The generated references (docs/reference/) from the code; tests/test_docs_current.py checks them.
.PHONY: docs docs-screenshots
docs: $(VENV)/.installed
	$(BIN)/python -m etlx_desktop.docgen

# The guides' screenshots, taken by the Qt tests; the ones no guide references are removed.
DOCS_SCREENSHOT_TESTS := \
	tests/ui/test_main_window.py::test_opens_the_demo_with_every_part \
	tests/ui/test_full_flow.py \
	tests/ui/test_module_editor.py::test_screenshot_of_the_scan_dialog \
	tests/ui/test_preview_privacy.py::test_the_strip_shows_k_of_the_demo_customers \
	tests/ui/test_run_panel.py::test_demo_run_shows_the_report \
	tests/ui/test_schema_browser.py::test_browser_adds_a_table_and_shows_columns
docs-screenshots: $(VENV)/.installed-dev services
	ETLX_SCREENSHOTS=docs/images $(BIN)/pytest -q -p no:cacheprovider $(DOCS_SCREENSHOT_TESTS)
	$(BIN)/python -m etlx_desktop.docgen --prune-images
