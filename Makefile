# Set-up and everyday commands. `make demo` runs the main job on the seed article,
# `make test` runs linters, type checks and the test suite. Both create .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# torch is installed first, from TORCH_INDEX when set. A pin alone does not pick the CPU build:
# on Linux the public index serves the CUDA build; TORCH_INDEX=https://download.pytorch.org/whl/cpu
# gives the CPU one. (Here the pin resolves to a CPU wheel on local disk.)
TORCH_SPEC ?= torch==2.13.0
TORCH_INDEX ?=
SEED := seeds/mehr-iran-russia-ict.fa.txt

.PHONY: setup demo demo-offline test lint browsers clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q "$(TORCH_SPEC)" $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	$(BIN)/python -m pip install -q -e '.[all,dev]'
	touch $@

GLOSSARY := glossaries/iran-russia-ict.tsv

# The main job: summarize the seed article, translate it into English and Russian under the
# domain glossary, check the translations, write everything to out/mehr-iran-russia-ict/.
# The first run downloads the default model (facebook/nllb-200-distilled-600M, about 2.5 GB)
# and converts it to CTranslate2 int8 once.
demo: setup
	TOOLKIT_MODEL_HINT="no network? make demo-offline runs the same pipeline with a tiny local model" \
		$(BIN)/toolkit run $(SEED) --glossary $(GLOSSARY) --force

# The same pipeline fully offline, with a tiny random-weight model built on the spot: the
# translations are noise, but every stage runs and every glossary term is guaranteed.
demo-offline: setup
	$(BIN)/python tests/tiny_models.py out/tiny-nllb
	rm -f out/demo-offline-memory.sqlite3*  # a fresh memory: the output README.md shows
	HF_HUB_OFFLINE=1 $(BIN)/toolkit run $(SEED) --glossary $(GLOSSARY) --model out/tiny-nllb \
		--out out/demo-offline --cache-path out/demo-offline-memory.sqlite3 --force

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The review page's browser tests (tests/review) need Chromium and its driver, Debian's
# chromium and chromium-driver: installed here when missing, as root (or with sudo -n in CI).
# Where apt-get is missing or fails, the tests skip and say why on a developer's machine,
# and fail in CI (CI set), so that they cannot pass there by not running.
browsers:
	@if command -v chromedriver >/dev/null 2>&1 && \
		{ command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; }; then \
		exit 0; \
	fi; \
	if [ "$$(id -u)" = 0 ]; then as_root=""; elif [ -n "$$CI" ]; then as_root="sudo -n"; \
	else echo "make: chromium or chromedriver missing: the browser tests will skip" >&2; exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
		echo "make: no apt-get to install chromium: the browser tests will skip" >&2; exit 0; \
	fi; \
	{ $$as_root apt-get update -qq && \
		$$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; } \
		|| echo "make: chromium not installed: the browser tests will skip" >&2

test: lint browsers
	$(BIN)/pytest -q --durations=20

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
