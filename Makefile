# The two commands a newcomer runs: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test install clean-db report screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/tieline demo --db tieline.db

test: $(STAMP)
	$(BIN)/python -m pytest

clean-db:
	rm -f tieline.db tieline.db-wal tieline.db-shm

# Regenerate the committed sample report and page screenshots (never edit them by hand).
report: $(STAMP)
	$(BIN)/python -m tieline.reporting --sample docs/sample-report.html

screenshots: $(STAMP)
	$(BIN)/python -m tieline.web.serving docs/images
