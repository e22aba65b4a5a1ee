# Trill! Mag. `make run` serves the demo magazine (and runs its job worker); `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.PHONY: run test install install-test clean bench bench-quick bench-import drill drill-quick

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# A secret key for this checkout, made once and kept out of git.
.env:
	@$(PYTHON) -c "import secrets; print('DJANGO_SECRET_KEY=' + secrets.token_urlsafe(50))" > .env
	@echo "Wrote a new DJANGO_SECRET_KEY to .env"

# Absolute links (feeds, sitemaps, emails) follow where `make run` serves unless SITE_URL is set.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install .env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@$(PY) manage.py ensure_admin
	@echo "Serving Trill! Mag on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@# A job worker runs beside gunicorn and stops with it (Ctrl-C stops both).
	$(PY) manage.py jobs_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	DJANGO_HTTPS=off $(VENV)/bin/gunicorn --config gunicorn.conf.py

test: install-test
	$(PY) -m pytest $(PYTEST_ARGS)

# The benchmark (bench/README.md): needs wrk; PostgreSQL rows when it answers on
# 127.0.0.1; BENCH_REDIS_URL runs the cached PostgreSQL rows with Redis.
bench: install
	@command -v wrk >/dev/null || { echo "make bench needs wrk (Debian: apt-get install wrk)"; exit 1; }
	$(PY) bench/run.py --profile full --write-readme $(BENCH_ARGS)

bench-quick: install
	@command -v wrk >/dev/null || { echo "make bench-quick needs wrk (Debian: apt-get install wrk)"; exit 1; }
	$(PY) bench/run.py --profile quick --write-readme $(BENCH_ARGS)

# The WordPress import's target (bench/import_bench.py): a generated export of 10,000 posts,
# 100,000 comments and 2,000 photos, imported on SQLite and PostgreSQL, then again.
bench-import: install-test
	$(PY) bench/import_bench.py --write-readme $(BENCH_ARGS)

# Outage drills (bench/drill.py): PostgreSQL restarted, Redis stopped, SMTP stalled under load,
# on two app servers; needs redis-server and PostgreSQL's initdb. About 15 minutes; drill-quick, 3.
drill: install-test
	$(PY) bench/drill.py --profile full $(DRILL_ARGS)

drill-quick: install-test
	$(PY) bench/drill.py --profile quick $(DRILL_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
