# cnnlab: the few targets people use. Everything runs inside .venv, created on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# `make grade ASSIGNMENT=pytorch_cnn` grades the other assignment
ASSIGNMENT ?= numpy_cnn

.PHONY: setup system-packages demo test lint format release grade bench student-bundle clean

setup: $(STAMP)   ## create .venv and install cnnlab with the instructor and dev pins

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

system-packages:  ## Debian packages for the sandbox, PostgreSQL and browser tests (apt, as root)
	bash scripts/system-packages.sh

demo: setup       ## the whole course cycle: release, autograde two students, grades, feedback
	$(BIN)/python -m autograder demo

test: setup system-packages  ## lint + every test (unit, notebooks, nbgrader end to end)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

release: setup    ## regenerate assignments/ from solutions/, both assignments (commit the result)
	$(BIN)/python -m autograder release numpy_cnn
	$(BIN)/python -m autograder release pytorch_cnn

grade: setup      ## repair, sandbox, autograde submitted/*/$(ASSIGNMENT) (2 at a time), grades.csv, feedback
	$(BIN)/python -m autograder grade $(ASSIGNMENT) --workers 2

bench: setup      ## timings against PyTorch (ratios): naive conv, fast layers, im2col memory
	$(BIN)/python benchmarks/conv.py
	$(BIN)/python benchmarks/layers.py

student-bundle: setup  ## dist/student/: release notebooks, cnnlab, data, README; leak-scanned
	$(BIN)/python -m autograder bundle

clean:
	rm -rf .demo submitted autograded feedback gradebook.db grades.csv grading_logs grading gradebook.shard-*.db
