# Set-up and everyday commands. `make demo` runs the main job on the seed article,
# `make test` runs linters, type checks and the test suite. Both create .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The CPU build of torch; without a pin pip may pull a multi-GB CUDA build.
TORCH_SPEC ?= torch==2.13.0
SEED := seeds/mehr-iran-russia-ict.fa.txt

.PHONY: setup demo test lint bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q "$(TORCH_SPEC)"
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

GLOSSARY := glossaries/iran-russia-ict.tsv

# The main job, as far as it exists: check the glossary, segment the seed article and find
# every glossary term in it.
demo: setup
	$(BIN)/toolkit glossary check $(GLOSSARY)
	$(BIN)/toolkit segment $(SEED) --format json > /dev/null
	$(BIN)/toolkit glossary match $(SEED) --glossary $(GLOSSARY)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
