# tradebalance — `make check` runs the main job, `make test` the whole test suite (notebooks included),
# `make lint` formatting, style and types (mypy reads [tool.mypy] in pyproject.toml).
# `make check` and `make data` install the package alone; the other targets add the dev extra (notebooks,
# tests, docs, lint) the first time one of them runs.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
BASE    = $(VENV)/.installed-base
STAMP   = $(VENV)/.installed
SHARED ?= ../shared/data
REPORT ?= report
APP_PORT ?= 8866

.PHONY: check test lab app notebooks data bench lint docs clean

define venv
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
endef

$(BASE): pyproject.toml  ## the package and what it needs to run
	$(venv)
	$(BIN)/python -m pip install --quiet -e .
	touch $(BASE)

$(STAMP): pyproject.toml  ## everything: the package with the dev extra (notebooks, tests, docs, lint)
	$(venv)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(BASE) $(STAMP)

check: $(BASE)  ## check the seed's claims on the embedded data
	$(BIN)/tradebalance check --report $(REPORT)

NBVAL = --nbval --nbval-current-env --nbval-sanitize-with notebooks/nbval_sanitize.cfg

test: $(STAMP)  ## the whole test suite, notebooks included (offline)
	$(BIN)/python -m pytest tests notebooks $(NBVAL)

notebooks: $(STAMP)  ## re-execute the notebooks in place (stored outputs)
	$(BIN)/python notebooks/execute.py

lab: $(STAMP)  ## open JupyterLab with the project's kernel (as root with --allow-root, which JupyterLab needs then)
	$(BIN)/jupyter lab notebooks/ $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

app: $(STAMP)  ## notebook 07, "Check an article", as a web page without code (Voilà) on http://127.0.0.1:$(APP_PORT)
	JUPYTER_PATH=$(CURDIR)/notebooks/app $(BIN)/voila notebooks/07-check-an-article.ipynb --template=tradebalance --no-browser --port=$(APP_PORT) --Voila.ip=127.0.0.1

data: $(BASE)  ## rebuild the embedded snapshot from the official files
	$(BIN)/tradebalance data build --from $(SHARED)

bench: $(STAMP)  ## measure speed against the targets (not part of make test); writes benchmarks/results.json
	$(BIN)/python benchmarks/run.py --repeat 5 --out benchmarks/results.json

lint: $(STAMP)  ## formatting, style (pydocstyle rules included) and types; CI runs it before the tests
	$(BIN)/ruff format --check tradebalance tests benchmarks notebooks/execute.py
	$(BIN)/ruff check tradebalance tests benchmarks
	$(BIN)/mypy

docs: $(STAMP)  ## the documentation site, offline, warnings as errors, into docs/_build/html
	$(BIN)/sphinx-build -b html -E -n -W --keep-going docs docs/_build/html

clean:
	rm -rf $(VENV) build dist .pytest_cache $(REPORT)
