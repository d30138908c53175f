# Every target creates or reuses .venv and installs what it needs, so on a fresh
# machine `make demo` and `make test` are the only commands a newcomer runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LINT_PATHS := $(wildcard canvas_npq tests benchmarks)

.PHONY: demo test lint bench fault-matrix fidelity-table clean browser

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m canvas_npq.demo course_spec/npqltd

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

# The preview's browser tests drive Debian's chromium (Playwright's own browser
# download is not used). Install it when missing and we are root; otherwise say why
# those tests will be skipped (under CI, CI=true, they fail instead).
CHROMIUM ?= /usr/bin/chromium
browser:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing chromium for the preview's browser tests (apt-get)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	    || echo "apt-get could not install chromium: the browser tests cannot run"; \
	else \
	  echo "$(CHROMIUM) is missing and this is not root: the preview's browser tests will be skipped (apt-get install chromium)"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/mypy

# docs/canvas-fidelity.md from the @fidelity rows of tests/fidelity/ (a test fails while
# the committed table differs from what the tests declare).
fidelity-table: $(STAMP)
	$(BIN)/python scripts/fidelity_table.py

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache test-artifacts

# Kill an apply of the NPQLTD spec after every one of its requests, then re-apply
# and check the course (`make test` runs a sample of these points). SPEC=small kills
# the small end-to-end spec's apply instead.
fault-matrix: $(STAMP)
	CANVAS_NPQ_FAULT_MATRIX=all CANVAS_NPQ_FAULT_MATRIX_SPEC=$(SPEC) $(BIN)/python -m pytest -q tests/e2e/test_kill_matrix.py -k converges -s
