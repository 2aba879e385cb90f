# The two commands the README starts with: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup run test exports bench

$(BIN)/snnbib: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

setup: $(BIN)/snnbib

run: setup
	$(BIN)/snnbib export --topic ann2snn

test: setup
	./scripts/install-system-deps
	$(BIN)/python -m pytest -q

exports: setup
	$(BIN)/snnbib build
	$(BIN)/snnbib export --all -o exports/
	$(BIN)/snnbib zotero rdf -o zotero/snnbib.rdf

bench: setup
	$(BIN)/python benchmarks/run.py
