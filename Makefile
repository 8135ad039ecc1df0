# Two commands for a fresh machine, in either order:
#   make book   (installs what it trains on, imports the archives in results/, builds the whole book)
#   make test   (the test suite)
PYTHON ?= python3
VENV ?= .venv
PROFILE ?= default
BIN := $(CURDIR)/$(VENV)/bin
export PATH := $(BIN):$(PATH)
export BAYES_SGD_CACHE ?= $(CURDIR)/.cache
export BAYES_SGD_CLAIMS ?= $(CURDIR)/_build/claims

MATHJAX := book/_static/mathjax

FASHION := /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: book test test-slow lint install browser fashion browser-test mathjax benchmark clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	touch $@

# Debian's headless Chromium and its driver, for the browser test (needs root or sudo).
browser: /usr/bin/chromedriver

/usr/bin/chromedriver:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver

# Fashion-MNIST from Debian's package dataset-fashion-mnist (needs root or sudo; elsewhere the
# loader takes the four files from $BAYES_SGD_CACHE/fashion-mnist or downloads them).
fashion: $(FASHION)

$(FASHION):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq dataset-fashion-mnist

# MathJax 3, served with the book so that its pages render offline (from the npm registry, by name).
mathjax: $(MATHJAX)/tex-mml-chtml.js

$(MATHJAX)/tex-mml-chtml.js:
	rm -rf $(MATHJAX) $(MATHJAX).tmp && mkdir -p $(MATHJAX).tmp
	cd $(MATHJAX).tmp && npm pack --silent mathjax@3.2.2 >/dev/null && tar -xzf mathjax-3.2.2.tgz \
	  package/es5/tex-mml-chtml.js package/es5/output/chtml/fonts package/es5/input/tex/extensions package/LICENSE
	mv $(MATHJAX).tmp/package/es5 $(MATHJAX) && mv $(MATHJAX).tmp/package/LICENSE $(MATHJAX)/LICENSE
	rm -rf $(MATHJAX).tmp

book: install fashion mathjax
	$(BIN)/python -m bayes_sgd book --profile $(PROFILE) --expected claims_expected.json

# The suite a developer runs often: the linter, then every test but the slow ones (papermill,
# the book build, subprocesses, clusters: `make test-slow`, which CI runs too).
test: install browser fashion mathjax lint
	$(BIN)/python -m pytest -q -m "not slow"

test-slow: install browser fashion mathjax
	$(BIN)/python -m pytest -q -m slow

lint: install
	$(BIN)/ruff check src tests benchmarks book

# Opens every page of the built book (_build/html) in headless Chromium; screenshots in _build/screenshots.
browser-test: install browser fashion mathjax
	BOOK_HTML=$(CURDIR)/_build/html BOOK_SCREENSHOTS=$(CURDIR)/_build/screenshots \
	  $(BIN)/python -m pytest -q tests/test_browser.py -k every_page

benchmark: install
	$(BIN)/python benchmarks/bench_evidence.py
	$(BIN)/python benchmarks/bench_trainer.py
	$(BIN)/python benchmarks/bench_profiles.py
	$(BIN)/python benchmarks/bench_dask.py
	$(BIN)/python benchmarks/bench_search.py

clean:
	rm -rf _build book/*.ipynb book/_generated $(MATHJAX)
