# Two commands do everything: `make run` and `make test` (see README.md).
VENV    := .venv
PY      := $(VENV)/bin/python
FLASK   := $(VENV)/bin/flask --app app
PYTEST_ARGS ?= -n 2 -q

.PHONY: run test audit install translations db demo bench bench-http clean rules-doc screenshots

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -d $(VENV) || python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

translations: install
	$(PY) -m ecosystem.i18n

db: install translations
	$(FLASK) db upgrade
	$(FLASK) db-is-empty && $(FLASK) seed-demo || echo "Database already has data: demo not reloaded."
	$(FLASK) warm

run: db
	$(FLASK) run --host 127.0.0.1 --port 5000

# Known vulnerabilities in the pinned requirements fail the build (exceptions: audit-exceptions.txt).
audit: install
	$(PY) scripts/audit.py

test: install translations audit
	$(PY) scripts/test_both.py $(PYTEST_ARGS)

BENCHES := matching support events certification funds awards dashboard

bench: install
	@for b in $(BENCHES); do echo "== bench/$$b.py"; $(PY) bench/$$b.py || exit 1; done

# Issue 15's figures at 50,000 startups on PostgreSQL (builds the ecosystem once; ~10 min the first time).
bench-http: install
	$(PY) bench/http.py
	$(PY) bench/memory.py

rules-doc: install
	$(PY) scripts/rules_doc.py

# docs/screenshots/: each role's home at 1366 px and the check-in desk at 390 px (demo in a temp SQLite).
screenshots: install translations
	$(PY) scripts/screenshots.py

clean:
	rm -rf build .pytest_cache
