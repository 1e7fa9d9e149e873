# CCHC: two commands for a newcomer: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
VENDOR := src/cchc/web/static/vendor
export CCHC_CHROMIUM := $(CHROMIUM)

.PHONY: install demo test lint format e2e-browser bench clean

install: $(BIN)/.installed $(VENDOR)/.installed

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Front-end packages come from the npm registry (pinned in package.json and package-lock.json) and are
# copied into static files; nothing third-party is committed. No package runs install scripts (swagger-ui-dist
# pulls in @scarf/scarf, whose install script would report the installation to a third party).
$(VENDOR)/.installed: package.json package-lock.json
	SCARF_ANALYTICS=false npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/bootstrap $(VENDOR)/bootstrap-icons $(VENDOR)/htmx $(VENDOR)/swagger-ui $(VENDOR)/tom-select $(VENDOR)/chart.js
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map $(VENDOR)/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map $(VENDOR)/bootstrap/
	cp -r node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/font/fonts $(VENDOR)/bootstrap-icons/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/swagger-ui-dist/swagger-ui.css node_modules/swagger-ui-dist/swagger-ui.css.map $(VENDOR)/swagger-ui/
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui-bundle.js.map $(VENDOR)/swagger-ui/
	cp node_modules/swagger-ui-dist/LICENSE $(VENDOR)/swagger-ui/
	cp node_modules/tom-select/dist/js/tom-select.complete.min.js node_modules/tom-select/dist/js/tom-select.complete.min.js.map $(VENDOR)/tom-select/
	cp node_modules/tom-select/dist/css/tom-select.bootstrap5.min.css node_modules/tom-select/dist/css/tom-select.bootstrap5.min.css.map $(VENDOR)/tom-select/
	cp node_modules/tom-select/LICENSE $(VENDOR)/tom-select/
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map node_modules/chart.js/LICENSE.md $(VENDOR)/chart.js/
	touch $@

# End-to-end tests drive Debian's Chromium; install it when it is missing (never a downloaded browser).
e2e-browser:
	@test -x $(CHROMIUM) || { \
	  echo "Installing Debian's chromium for the end-to-end tests"; \
	  SUDO=$$(command -v sudo >/dev/null && [ "$$(id -u)" != 0 ] && echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core; }

# The demo runs as production does (DEBUG off, static files through WhiteNoise, the site's own error pages), but
# on plain http on this machine: its own random key, made once into var/demo-secret, and no HTTPS-only settings.
DEMO_SECRET := var/demo-secret
DEMO_ENV = CCHC_DEBUG=0 CCHC_SECRET_KEY="$$(cat $(DEMO_SECRET))" CCHC_ALLOWED_HOSTS=127.0.0.1,localhost \
	CCHC_SECURE_SSL_REDIRECT=0 CCHC_SESSION_COOKIE_SECURE=0 CCHC_CSRF_COOKIE_SECURE=0 CCHC_SECURE_HSTS_SECONDS=0 \
	CCHC_SECURE_HSTS_INCLUDE_SUBDOMAINS=0 CCHC_SECURE_HSTS_PRELOAD=0

$(DEMO_SECRET):
	mkdir -p $(@D)
	umask 077 && $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

demo: install $(DEMO_SECRET)
	$(DEMO_ENV) $(BIN)/cchc migrate --no-input
	$(DEMO_ENV) $(BIN)/cchc load-demo
	@echo ""
	@echo "CCHC chạy tại http://127.0.0.1:$(PORT)  (tài khoản mẫu: xem README.md)"
	$(DEMO_ENV) $(BIN)/cchc runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: install
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

# The suite runs in TEST_WORKERS processes (pytest-xdist), each with its own test database; 2 fits CI's two cores.
TEST_WORKERS ?= 2
test: install e2e-browser lint
	$(BIN)/cchc makemigrations --check --dry-run
	$(BIN)/pytest -n $(TEST_WORKERS)

# The benchmarks measure with DEBUG off; production settings then need a key, and the test client speaks HTTP.
BENCH_ENV := CCHC_DEBUG=0 CCHC_SECRET_KEY=bench-only-not-a-secret CCHC_SECURE_SSL_REDIRECT=0
bench: install
	$(BENCH_ENV) $(BIN)/python bench/bench_regulation.py
	$(BENCH_ENV) $(BIN)/python bench/bench_plans.py
	$(BIN)/python bench/bench_ingest.py
	$(BENCH_ENV) $(BIN)/python bench/bench_reports.py
	$(BENCH_ENV) $(BIN)/python bench/bench_index.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
