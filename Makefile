# The two commands a newcomer needs: `make demo` and `make test`. Both set up .venv first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DBT := $(BIN)/dbt
export DBT_PROFILES_DIR ?= $(CURDIR)
export RECON_DUCKDB_PATH ?= $(CURDIR)/data/reconciliation.duckdb

AS_OF ?= $(shell date -u +%F)
SEED ?= 42
CUSTOMERS ?= 1600
DAYS ?= 30
VARS := {as_of_date: '$(AS_OF)'}

.PHONY: help setup demo report docs replay contracts test test-spark lint pytest dbt-test bench lock clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt constraints.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt -c constraints.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

profiles.yml:
	cp profiles.example.yml profiles.yml

setup: $(BIN)/.installed profiles.yml ## create .venv, install the pinned dependencies and the recon package

demo: setup ## generate the demo world, build everything on it, print the summary
	$(BIN)/recon demo-data --seed $(SEED) --customers $(CUSTOMERS) --as-of $(AS_OF)
	$(DBT) build --vars "$(VARS)"
	$(BIN)/recon summary --as-of $(AS_OF)
	$(BIN)/recon digest --as-of $(AS_OF)
	$(BIN)/recon match evaluate

report: setup ## the exception report of the last build: one offline HTML file, target/report/index.html
	$(BIN)/recon report --as-of $(AS_OF)

docs: setup ## dbt's documentation as one static offline page: target/static_index.html
	$(DBT) docs generate --static --vars "$(VARS)"

replay: setup ## replay DAYS demo days (default 30), a daily build each; rerun to resume, ARGS=--restart to start over
	$(BIN)/recon replay --days $(DAYS) --seed $(SEED) --customers $(CUSTOMERS) $(ARGS)

contracts: setup ## the Great Expectations checkpoint alone (ARGS=--postgres before a PostgreSQL build)
	$(BIN)/recon contracts $(ARGS)

lint: setup ## ruff and sqlfluff
	$(BIN)/ruff check src tests/python models/contracts models/marts
	$(BIN)/ruff format --check src tests/python models/contracts models/marts
	RECON_DUCKDB_PATH=:memory: $(BIN)/sqlfluff lint --processes 2 models tests analyses

pytest: setup ## the Python test suite (builds its own small worlds)
	$(BIN)/pytest -n 2 --dist loadfile --durations=15

dbt-test: setup ## dbt build with every data and unit test on the demo world (own DuckDB file)
	RECON_DUCKDB_PATH=$(CURDIR)/data/test.duckdb $(BIN)/recon demo-data --seed $(SEED) --customers $(CUSTOMERS) --as-of $(AS_OF)
	RECON_DUCKDB_PATH=$(CURDIR)/data/test.duckdb $(DBT) build --vars "$(VARS)"

test: lint pytest dbt-test ## everything CI runs: lint, pytest (with the Spark tests), dbt build with all tests

test-spark: setup ## the Spark target alone: demo world built on Spark and DuckDB, marts compared (needs Java 17)
	$(BIN)/pytest -n 2 --dist loadfile tests/python/test_spark_target.py tests/python/test_data_contracts_spark.py

SIZES ?= 10000,100000,1000000

bench: setup ## the daily build against a hand-written query at SIZES customers (not part of test)
	$(BIN)/recon bench --sizes $(SIZES) $(ARGS)

lock: setup ## refresh constraints.txt from the installed versions
	{ echo "# Exact versions known to work together (pip freeze of a fresh 'make setup')."; \
	  echo "# make setup installs requirements.txt under these constraints; refresh with 'make lock'."; \
	  $(BIN)/pip freeze --exclude-editable; } > constraints.txt

clean: ## remove build output and local databases (keeps .venv)
	rm -rf target logs data
