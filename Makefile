# Two commands do all the set-up on a fresh machine:
#   make serve   build the graph and serve the dashboard + SPARQL endpoint on http://127.0.0.1:8050
#   make test    install what the tests need and run the whole suite
# Debian packages are installed with apt-get (as root, as on the project's machines).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8050
SERVE_PACKAGES := chromium libseccomp2
TEST_PACKAGES := chromium chromium-driver virtuoso-opensource libseccomp2

.PHONY: serve test build lint bench system-serve system-test vendor-yasgui

$(BIN)/itud-align: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

system-serve:
	$(call apt_install,$(SERVE_PACKAGES))

system-test:
	$(call apt_install,$(TEST_PACKAGES))

build: $(BIN)/itud-align
	$(BIN)/itud-align build

serve: system-serve $(BIN)/itud-align
	$(BIN)/itud-align serve --host $(HOST) --port $(PORT)

test: system-test $(BIN)/itud-align
	$(BIN)/pytest --headless

lint: $(BIN)/itud-align
	$(BIN)/ruff check graph dashboards tests
	$(BIN)/ruff format --check graph dashboards tests
	$(BIN)/mypy

bench: $(BIN)/itud-align
	$(BIN)/python -m tests.benchmarks.run

# YASGUI for the Query page, from the npm registry (needs npm): make vendor-yasgui [YASGUI_VERSION=4.6.2]
vendor-yasgui:
	dashboards/refresh_yasgui.sh $(YASGUI_VERSION)
