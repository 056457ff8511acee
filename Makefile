# The two commands a newcomer needs:  make run  and  make test.
# Both create .venv with a Python 3.12+ and install the pinned requirements first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test check serve bench clean

# A Python older than 3.12 (or none at all) gets a sentence, not a pip traceback.
$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Ceasefire Timeline needs Python 3.12 or newer, and '$(PYTHON)' was not found. Install Python 3.12+ (pyenv reads .python-version) or run: make PYTHON=/path/to/python3.13 ..." >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Ceasefire Timeline needs Python 3.12 or newer (Django 6.1 does); $(PYTHON) is " + sys.version.split()[0] + ". Install Python 3.12+ (pyenv reads .python-version) or run: make PYTHON=/path/to/python3.13 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: $(BIN)/python requirements.txt
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-run requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

# TimelineJS 3 from the npm registry, pinned by package-lock.json, for one browser test only
# (tests/test_browser_timelinejs.py); the app itself needs no Node. Without npm that test
# skips, or fails under REQUIRE_BROWSER=1, and says so.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: the TimelineJS browser test cannot run. Install Node.js and npm (Debian: apt-get install nodejs npm)." >&2; \
	fi

# The German interface: each catalog (.po, in git) compiled to the .mo Django reads (not in git).
# msgfmt comes from GNU gettext, which pip cannot install.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(VENV)/.installed-run
	@command -v msgfmt >/dev/null 2>&1 || { echo "msgfmt not found: the German interface cannot be compiled. Install GNU gettext (Debian/Ubuntu: apt-get install gettext; macOS: brew install gettext)." >&2; exit 1; }
	$(BIN)/python manage.py compilemessages --locale $* --ignore .venv --ignore node_modules

## make run: set up, migrate, load the seeds (first run), create an editor account (first run), serve.
run: $(VENV)/.installed-run $(MO_FILES)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_seeds --missing-only
	$(BIN)/python manage.py create_local_editor
	@echo "Ceasefire Timeline: http://$(HOST):$(PORT)/  (editing: http://$(HOST):$(PORT)/admin/)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: set up and run the whole test suite (browser tests included).
test: $(VENV)/.installed-dev node_modules/.installed $(MO_FILES)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## make check: the fast guards CI runs besides the tests.
check: $(VENV)/.installed-dev
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m ruff check .

## make serve: production. Needs SECRET_KEY and ALLOWED_HOSTS (the settings refuse to load
## without them): collect static files, migrate, then gunicorn as gunicorn.conf.py says.
serve: export DJANGO_DEBUG := 0
serve: $(VENV)/.installed-run
	$(BIN)/python manage.py check --deploy
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/gunicorn

## make bench: build the benchmark database (once) and measure the production server on it;
## writes BENCHMARKS.md. BENCH_ARGS="--events 1000 --duration 3" for a quick try.
bench: $(VENV)/.installed-dev
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache node_modules
