# The two commands: `make run` and `make test`. Both create .venv when needed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
DEMO_PASSWORD ?= finsam-demo
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist workers: one per core, at most four (PYTEST_WORKERS=0 runs in one process).
# --dist load hands tests out in the collected order (the accessibility walk first, tests/conftest.py),
# so each worker still runs pytest-django's transactional tests after the others.
PYTEST_WORKERS ?= $(shell bash scripts/pytest_workers.sh)

# Let Python keep the modules it compiles (an environment may say not to): otherwise every test
# worker and every manage.py or Celery subprocess compiles the project and its libraries anew
# (collecting the tests took 5.1 s against 2.1 s; issue 16).
export PYTHONDONTWRITEBYTECODE :=

.PHONY: run test install lint migrate worker beat clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# --no-compile: Python compiles the modules it imports on first use (and keeps them, above);
# compiling every installed file ahead took about 20 of the 35 s an install takes (issue 16).
$(VENV)/.installed: $(VENV)/bin/python requirements.txt requirements-dev.txt
	$(PY) -m pip install --quiet --no-compile -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

run: migrate
	$(PY) manage.py seed_demo --password "$(DEMO_PASSWORD)"
	$(PY) manage.py seed_pathways_demo
	$(PY) manage.py publish_board_years
	@echo "Demo users: administrator, kansli, insatsansvarig, deltagaransvarig, styrelse (password $(DEMO_PASSWORD))"
	@echo ""
	@echo "Serving on http://$(HOST):$(PORT)/  (stop with Ctrl-C)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# pytest exits 5 when it collected nothing: that is a failure, not a pass.
test: install
	@bash scripts/ensure_chromium.sh
	@bash scripts/ensure_libreoffice.sh
	@bash scripts/ensure_pdf_deps.sh
	@bash scripts/ensure_axe.sh
	@$(PY) -m pytest -n $(PYTEST_WORKERS) --dist load $(PYTEST_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "ERROR: pytest collected no tests"; exit 1; fi; exit $$rc

lint: install
	$(VENV)/bin/ruff check .

worker: install
	$(VENV)/bin/celery -A finsam worker -l info

beat: install
	$(VENV)/bin/celery -A finsam beat -l info

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
