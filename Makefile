# Boussole: two commands for a newcomer.
#   make dev    set everything up and run the emulator (embedded Postgres+pgvector, Redis, every function,
#               the schedules, the SMS console sink)
#   make test   set everything up, lint (ruff, strict mypy) and run the whole test suite
# Needs only Python 3.11 and make. No Docker, no system Postgres or Redis, no API keys.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
PHONE  ?= +33612345678
PORT   ?= $(or $(BOUSSOLE_PORT),8080)

.PHONY: setup dev console test lint bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@rm -f $(VENV)/.installed-*; touch $@

setup: $(STAMP)

dev: setup
	$(BIN)/python -m local.emulator --port $(PORT) --console "$(PHONE)" $(EMULATOR_ARGS)

console: setup
	$(BIN)/python -m local.console --phone "$(PHONE)" --url http://127.0.0.1:$(PORT)

test: setup lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: setup
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache *.egg-info .local/bench
