# The two commands of README.md: `make demo` and `make test`. Everything they need is
# set up here, in ./.venv, from pyproject.toml.
VENV := .venv
BIN := $(VENV)/bin
PYTHON_FOR_VENV = $(shell scripts/find-python)

.PHONY: demo run test lint format clean chromium

demo: $(VENV)/.installed
	$(BIN)/depeches demo

run: $(VENV)/.installed
	$(BIN)/depeches run

test: $(VENV)/.installed-dev chromium
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	@echo "== SQLite half"
	$(BIN)/python -m pytest
	VENV=$(VENV) scripts/with-postgres $(BIN)/python -m pytest

# tests/e2e drive Debian's Chromium (Playwright's own browser download cannot work here):
# installed when absent, with sudo when not root; when it cannot be, the browser tests skip
# with a line saying why.
chromium:
	@[ -x /usr/bin/chromium ] || { \
	  sudo=$$([ "$$(id -u)" = 0 ] || echo "sudo -n"); \
	  echo "== installing Debian's chromium for tests/e2e"; \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
	  || { $$sudo apt-get update -qq >/dev/null 2>&1 \
	       && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1; } \
	  || echo "== chromium could not be installed (apt-get failed): tests/e2e will be skipped"; }

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

$(VENV)/bin/python:
	$(PYTHON_FOR_VENV) -m venv $(VENV)
	# The system's pip 23 mishandles some extras (lxml_html_clean for trafilatura).
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache src/*.egg-info
