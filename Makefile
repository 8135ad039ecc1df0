# Two commands for a fresh machine:  make book   (the whole book, default profile)
#                                    make test   (the test suite)
PYTHON ?= python3
VENV ?= .venv
PROFILE ?= default
BIN := $(CURDIR)/$(VENV)/bin
export PATH := $(BIN):$(PATH)
export BAYES_SGD_CACHE ?= $(CURDIR)/.cache
export BAYES_SGD_CLAIMS ?= $(CURDIR)/_build/claims
export MPLBACKEND ?= Agg

.PHONY: book test install clean benchmark

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	touch $@

book: install
	$(BIN)/python -m bayes_sgd book --profile $(PROFILE) --expected claims_expected.json

test: install
	$(BIN)/python -m pytest -q

benchmark: install
	$(BIN)/python benchmarks/bench_evidence.py

clean:
	rm -rf _build book/*.ipynb book/_generated
