# The two commands a newcomer needs:   make demo   and   make test
# Both create .venv and install the core and the three sport plugins on first use.

PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
PLUGINS := plugins/scoracle_nba plugins/scoracle_nfl plugins/scoracle_football

.PHONY: demo test lint bench install clean plugins-alone

$(STAMP): pyproject.toml $(addsuffix /pyproject.toml,$(PLUGINS))
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check uv
	VIRTUAL_ENV=$(VENV) $(BIN)/uv pip install -q -e '.[dev]' $(addprefix -e ,$(PLUGINS))
	touch $(STAMP)

install: $(STAMP)

## Run the main job: replay weeks of real NBA/NFL/football schedules against the simulator.
demo: $(STAMP)
	$(BIN)/scoracle demo

## Run the test suite (starts PostgreSQL when it can; under CI=true PostgreSQL tests must run).
test: $(STAMP)
	@SCORACLE_TEST_PG="$$(scripts/pg-up.sh | tail -n 1)"; \
	export SCORACLE_TEST_PG="$${SCORACLE_TEST_PG:-postgresql://scoracle:scoracle@127.0.0.1:5432/scoracle_test}"; \
	$(BIN)/pytest -q

## Each sport plugin's own tests with only the core beside it (what `pip install scoracle-nba` gets)
plugins-alone: $(STAMP)
	$(BIN)/nox -s plugin_alone

## ruff, mypy --strict, import-linter
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

## Benchmarks in quick mode (each prints its figures and a same-run baseline ratio)
bench: $(STAMP)
	@for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b --quick || exit 1; done

clean:
	rm -rf $(VENV) .nox .pytest_cache .mypy_cache .ruff_cache .hypothesis
