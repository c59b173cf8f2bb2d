# The two set-up commands: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
WEB := src/dyad/web

.PHONY: demo test quick bench clean

$(STAMP): pyproject.toml $(WEB)/package-lock.json
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found; dyad needs Python 3.11 (set PYTHON=/path/to/python3.11)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@# the dashboard's country shapes (npm package world-atlas, pinned by the lock file)
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix $(WEB) --no-audit --no-fund --loglevel=error; \
	 else echo "note: npm not found; the dashboard's map will show a graticule without country shapes"; fi
	touch $(STAMP)

demo: $(STAMP)
	@bash examples/demo.sh

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q

# the quick loop: no test of a heavy kind (tests/conftest.py). Compiled modules are kept between
# runs even where PYTHONDONTWRITEBYTECODE is set: recompiling and assertion-rewriting them took
# half the collection (8.5 CPU s, 4.6 with them kept)
quick: $(STAMP)
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -m "not slow" -n 2 -q

bench: $(STAMP)
	@for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
