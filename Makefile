# tradebalance — `make check` runs the main job, `make test` the whole test suite (notebooks included),
# `make lint` formatting, style and types (mypy reads [tool.mypy] in pyproject.toml).
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
SHARED ?= ../shared/data
REPORT ?= report

.PHONY: check test lab notebooks data bench lint docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

check: $(STAMP)  ## check the seed's claims on the embedded data
	$(BIN)/tradebalance check --report $(REPORT)

NBVAL = --nbval --nbval-current-env --nbval-sanitize-with notebooks/nbval_sanitize.cfg

test: $(STAMP)  ## the whole test suite, notebooks included (offline)
	$(BIN)/python -m pytest tests notebooks $(NBVAL)

notebooks: $(STAMP)  ## re-execute the notebooks in place (stored outputs)
	$(BIN)/python notebooks/execute.py

lab: $(STAMP)  ## open JupyterLab with the project's kernel (as root with --allow-root, which JupyterLab needs then)
	$(BIN)/jupyter lab notebooks/ $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

data: $(STAMP)  ## rebuild the embedded snapshot from the official files
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
