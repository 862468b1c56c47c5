# The two commands of README.md: `make demo` and `make test`. Everything they need is
# set up here, in ./.venv, from pyproject.toml.
VENV := .venv
BIN := $(VENV)/bin
PYTHON_FOR_VENV = $(shell scripts/find-python)

.PHONY: demo run test lint format clean

demo: $(VENV)/.installed
	$(BIN)/depeches demo

run: $(VENV)/.installed
	$(BIN)/depeches run

test: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	@echo "== SQLite half"
	$(BIN)/python -m pytest
	VENV=$(VENV) scripts/with-postgres $(BIN)/python -m pytest

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
