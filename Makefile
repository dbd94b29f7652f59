# Every target installs what it needs into .venv first (Python >= 3.11 is the only prerequisite).
PYTHON ?= python3
OUT ?= bench-results
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: help verify test lint bench train vectors mutants mutation clean

help:                     ## list the targets (make TARGET; each installs what it needs into .venv first)
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z]+):[^#]*## /  \1\t/'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

verify: $(STAMP)          ## the main job: manual_backprop against the JAX oracle
	$(BIN)/backprop verify

test: $(STAMP)            ## the test suite on every core (HYPOTHESIS_PROFILE=ci|thorough for longer runs)
	$(BIN)/python -m pytest -n auto --maxprocesses=8

bench: $(STAMP)           ## benchmarks as the README's table ran them (--threads 1) into OUT (default bench-results)
	$(BIN)/backprop bench --threads 1 --out $(OUT)

train: $(STAMP)           ## gradient descent on real data, with progress and plots
	$(BIN)/backprop train

vectors: $(STAMP)         ## regenerate the language-neutral test vectors
	$(BIN)/backprop vectors --out vectors/

mutants: $(STAMP)         ## plant every catalogued bug and show which property catches it
	$(BIN)/backprop mutants

mutation: $(STAMP)        ## mutation testing (mutmut) of PART=core|campaign|compare|oracle|bench|port|train|judges, in a scratch copy of HEAD
	$(BIN)/python -m pip install --quiet -e ".[mutation]"
	$(BIN)/python tools/mutation.py $(PART)

lint: $(STAMP)            ## ruff and mypy
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:                    ## remove .venv and the tools' caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
