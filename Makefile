# Two commands on a fresh machine (Python 3.11+):
#   make serve  - the main job: the gRPC server on the embedded SQLite default
#   make test   - the test suite
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python

# The package declares compatible ranges; our own environments (and CI, which runs
# `make install`) get the exact versions tested, from constraints/ci.txt.
CONSTRAINTS ?= constraints/ci.txt

$(VENV)/.installed: pyproject.toml $(CONSTRAINTS)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -c $(CONSTRAINTS) --upgrade pip
	$(PY) -m pip install -q -c $(CONSTRAINTS) -e '.[dev]'
	touch $@

.PHONY: install serve demo test lint typecheck bench check
install: $(VENV)/.installed

# Without REDEMPTION_CORE_APPS, `make serve` admits one development app (dev-app/dev-token).
serve: install
	REDEMPTION_CORE_APPS="$${REDEMPTION_CORE_APPS:-{\"dev-app\": \"dev-token\"}}" \
		$(VENV)/bin/redemption-core serve

demo: install
	rm -f demo.db demo.db-wal demo.db-shm
	$(VENV)/bin/redemption-core replay tests/replay/worked_example.jsonl --deterministic --store sqlite:demo.db

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .

typecheck: install
	MYPY=$(VENV)/bin/mypy tools/typecheck.sh

bench: install
	$(PY) bench/bench_json_api.py

check: lint typecheck test
