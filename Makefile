# The news dataset: seeds/ → build/articles/<id>.json → build/news.db → Datasette.
# `make help` lists the targets.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.SUFFIXES:
MAKEFLAGS += --warn-undefined-variables --no-builtin-rules
.DEFAULT_GOAL := build

# ---- settings (override on the command line: make serve PORT=9000) --------
PYTHON   ?= python3
HOST     ?= 127.0.0.1
PORT     ?= 8001
JOBS     ?= $(shell nproc 2>/dev/null || echo 1)
# Processes serving the site: one per core (1 runs `datasette serve` itself).
WORKERS  ?= $(JOBS)
STRICT   ?=
# A Dask scheduler (tcp://host:8786) to send the language work to instead of JOBS local processes.
DASK_SCHEDULER ?=
SEEDS    ?= seeds
BUILD    ?= build
MAX_BYTES ?=
export MAX_BYTES

CHROMIUM ?= /usr/bin/chromium
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
VENV     := .venv
PY       := $(VENV)/bin/python
DB       := $(BUILD)/news.db
INDEX    := $(BUILD)/collection.json
INSPECT  := $(BUILD)/inspect.json
EXTRACTS := $(BUILD)/extracts
MANIFEST := $(SEEDS)/manifest.yml
# The folders are the cache boundary: any change in scripts/extract/ re-extracts
# (its fingerprint hashes the same folder); a change in scripts/load/ only reloads.
EXTRACT_CODE := $(wildcard scripts/extract/*.py scripts/extract/data/*)
LOAD_CODE    := $(wildcard scripts/load/*.py scripts/load/*.sql)
# Datasette's settings live in settings.json (its own format); here as flags.
SETTINGS     := settings.json
DATASETTE_SETTINGS = $(shell $(PY) -m scripts.tools.settings $(SETTINGS) --with-site)

.PHONY: all build add serve extracts test check evaluate bench bench-long bench-dask profile bench-serve profile-serve soak clean help
all: build ## same as build

build: $(DB) ## build build/news.db from seeds/ (STRICT=1: fail when a seed file is rejected; DASK_SCHEDULER=tcp://host:8786: extract on a Dask cluster)
ifneq ($(STRICT),)
	@$(PY) -m scripts.extract --check $(INDEX)
endif

help: ## list the targets
	@grep -hE '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /\1\t/' | expand -t 12

# ---- environment -----------------------------------------------------------
$(VENV)/.installed: requirements.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	touch $@

# ---- pipeline --------------------------------------------------------------
# What is in seeds/ (names, sizes, times). Rewritten only when that changes, so
# an unchanged folder costs one `find`; file names with spaces are fine here.
$(BUILD)/seeds.lst: FORCE
	@mkdir -p $(@D)
	@find $(SEEDS) -mindepth 1 -printf '%P\t%s\t%T@\n' | LC_ALL=C sort > $@.tmp
	@if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi

# One JSON per article. The extractor re-analyses only the articles whose bytes
# or extraction code changed, loading the model once per worker: a local process,
# or a Dask worker that sends the bytes back (the files are the same either way).
$(INDEX): $(BUILD)/seeds.lst $(EXTRACT_CODE) | $(VENV)/.installed
	$(PY) -m scripts.extract $(SEEDS) $(BUILD)/articles --index $@ $(if $(DASK_SCHEDULER),--scheduler $(DASK_SCHEDULER),--jobs $(JOBS))

# The database, written beside the old one and renamed into place: in full, or,
# when it was built from the same code and manifest, only what the changed,
# added or removed articles change (the loader decides, and says which).
$(DB): $(INDEX) $(wildcard $(MANIFEST)) $(LOAD_CODE) | $(VENV)/.installed
	$(PY) -m scripts.load $(INDEX) --manifest $(MANIFEST) --out $@

$(INSPECT): $(DB)
	$(VENV)/bin/datasette inspect $(DB) --inspect-file $@

# ---- adding articles -------------------------------------------------------
# Addresses reach the script through the environment, never through the
# shell's parsing, so "&" and quotes in a URL are harmless.
URL  ?=
URLS ?=
export URL URLS
add: | $(VENV)/.installed ## fetch URL=https://… or URLS=file (one address a line) into seeds/ as <id>.html, then build
	@[ -n "$${URL}$${URLS}" ] || { echo "make add: give URL=https://… or URLS=a file with one address a line" >&2; exit 2; }
	@status=0; $(PY) -m scripts.tools.add --seeds $(SEEDS) $${URLS:+--urls "$$URLS"} $${URL:+"$$URL"} || status=$$?; \
	$(MAKE) --no-print-directory build; exit $$status

# ---- publishing ------------------------------------------------------------
serve: $(DB) $(INSPECT) $(SETTINGS) ## build if needed, then serve it at http://127.0.0.1:8001/ (HOST=, PORT=, WORKERS= processes, default one per core)
ifeq ($(WORKERS),1)
	$(VENV)/bin/datasette serve -i $(DB) --inspect-file $(INSPECT) -m metadata.yml \
	  -h $(HOST) -p $(PORT) $(DATASETTE_SETTINGS)
else
	$(PY) -m scripts.tools.serve $(DB) --inspect-file $(INSPECT) --metadata metadata.yml \
	  --host $(HOST) --port $(PORT) --workers $(WORKERS)
endif

# Every table and every canned query as CSV and JSON. The lists come from the
# schema and metadata.yml (read only when extracts are asked for).
TABLES   = $(shell sed -nE 's/^CREATE TABLE ([a-z_]+) .*/\1/p' scripts/load/schema.sql)
QUERIES  = $(shell $(PY) -c 'import yaml; print(*yaml.safe_load(open("metadata.yml"))["databases"]["news"]["queries"])')
.SECONDEXPANSION:
extracts: ## write build/extracts/: CSV and JSON of every table and canned query
extracts: $$(foreach t,$$(TABLES),$(EXTRACTS)/$$(t).csv $(EXTRACTS)/$$(t).json) \
          $$(foreach q,$$(QUERIES),$(EXTRACTS)/query-$$(q).csv $(EXTRACTS)/query-$$(q).json)

$(EXTRACTS)/query-%.csv: $(DB) metadata.yml scripts/tools/export.py | $(EXTRACTS)
	$(PY) -m scripts.tools.export $(DB) metadata.yml $* --csv > $@
$(EXTRACTS)/query-%.json: $(DB) metadata.yml scripts/tools/export.py | $(EXTRACTS)
	$(PY) -m scripts.tools.export $(DB) metadata.yml $* --json > $@
$(EXTRACTS)/%.csv: $(DB) | $(EXTRACTS)
	$(VENV)/bin/sql2csv --db sqlite:///$(DB) --query 'select * from [$*]' > $@
$(EXTRACTS)/%.json: $(DB) | $(EXTRACTS)
	$(VENV)/bin/sqlite-utils rows $(DB) $* > $@
$(EXTRACTS):
	mkdir -p $@

# ---- checks ----------------------------------------------------------------
test: | $(VENV)/.installed $(CHROMIUM) ## run the test suite (builds its own databases; browser tests in Chromium)
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest -q -m "not check" tests

check: $(DB) | $(VENV)/.installed ## nasty inputs, killed builds, hostile queries, and the integrity of build/news.db
	$(PY) -m pytest -q -m check tests
	$(PY) -m scripts.tools.integrity $(DB)

# The browser tests drive Debian's Chromium; Playwright never downloads a browser.
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

# Hand-annotated sets: the seeds; hold-out articles of the first round; development
# articles whose misses may be read; blind articles whose misses are never read
# while changing a rule (tests/annotations/GUIDELINES.md). Each is built like seeds/.
EVAL_SETS := holdout dev dev10 dev11 dev12 dev13 dev14 dev15 blind
eval-%: FORCE | $(VENV)/.installed
	@$(MAKE) --no-print-directory SEEDS=tests/$* BUILD=$(BUILD)/eval/$* $(BUILD)/eval/$*/news.db
# Folders of saved-page fixtures, each with the values a reader expects (expected.yml).
PAGE_SETS := $(patsubst %/expected.yml,%,$(wildcard tests/extract/pages/expected.yml tests/extract/pages/*/expected.yml))
evaluate: $(DB) $(addprefix eval-,$(EVAL_SETS)) ## precision and recall per set against the hand annotations (seeds, hold-out, dev, blind); DETAILS=1 lists misses
	$(PY) -m scripts.tools.evaluate $(DB) tests/annotations/seeds.yml \
	  $(foreach s,$(EVAL_SETS),$(BUILD)/eval/$(s)/news.db tests/annotations/$(s).yml) $(if $(DETAILS),--details)
	@echo; echo "Date resolution on the annotated date words, side by side with dateparser:"
	$(PY) -m scripts.tools.temporal $(DB) tests/annotations/seeds.yml $(MANIFEST) \
	  $(foreach s,$(EVAL_SETS),$(BUILD)/eval/$(s)/news.db tests/annotations/$(s).yml tests/$(s)/manifest.yml)
	@echo; echo "Saved web pages against their expected values (right/out of; chrome kept: fewer is better):"
	$(PY) -m scripts.tools.page_metadata $(PAGE_SETS) $(if $(DETAILS),--details)
DETAILS ?=

# ---- benchmarks (commands, not tests: compare ratios from one run) --------
N ?= 500
bench: | $(VENV)/.installed ## build N synthetic articles (default 500) and report throughput vs bare nlp.pipe, rebuilds, memory
	$(PY) -m scripts.tools.bench --n $(N) --jobs $(JOBS) --out $(BUILD)/bench

bench-long: | $(VENV)/.installed ## extraction cost per word of a 1 MB single-line article against normal articles
	$(PY) -m scripts.tools.bench --long --out $(BUILD)/bench

profile: | $(VENV)/.installed ## pyinstrument profile of a rebuild after one article changes (after make bench N=...)
	$(PY) -m scripts.tools.bench --profile --n $(N) --jobs $(JOBS) --out $(BUILD)/bench

bench-dask: | $(VENV)/.installed ## make build of SEEDS with JOBS local processes, then on a local Dask cluster of JOBS workers: times, worker memory, same bytes
	$(PY) -m scripts.tools.bench --dask $(SEEDS) --jobs $(JOBS) --out $(BUILD)/bench

SERVE_N ?= 10000
SECONDS ?= 60
RATE    ?= 25
# REUSE=1: serve the database the last bench-serve of SERVE_N loaded instead of loading it again (13 minutes at 100,000).
REUSE   ?=
bench-serve: | $(VENV)/.installed ## load SERVE_N synthetic articles (default 10000; no NLP), serve them with 1 and WORKERS processes: 20 clients in closed loop, then RATE requests/s in open loop, SECONDS each (REUSE=1: the last loaded database)
	$(PY) -m scripts.tools.bench --serve --n $(SERVE_N) --jobs $(JOBS) --seconds $(SECONDS) --rate $(RATE) --workers 1,$(WORKERS) --out $(BUILD)/bench $(if $(REUSE),--reuse)

profile-serve: | $(VENV)/.installed ## each page of the SERVE_N bench-serve database alone, slowest first, and the canned queries' plans (after make bench-serve)
	$(PY) -m scripts.tools.bench --serve-profile --n $(SERVE_N) --out $(BUILD)/bench

SOAK_SECONDS ?= 300
soak: | $(VENV)/.installed ## 50 clients with heavy and runaway SQL for SOAK_SECONDS against SERVE_N articles: errors, memory, latency
	$(PY) -m scripts.tools.bench --serve --heavy --users 50 --n $(SERVE_N) --jobs $(JOBS) --seconds $(SOAK_SECONDS) --out $(BUILD)/bench

clean: ## remove build/ (never touches seeds/)
	rm -rf $(BUILD)

FORCE:
