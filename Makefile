# Runway: `make run` serves the portal with demo data, `make test` runs every test.
# Each target installs what it is missing first (see scripts/).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

ADDR ?= 127.0.0.1:3000
export CARGO_TERM_COLOR ?= always

# The compile cache every checkout on this machine shares (ARCHITECTURE.md, "Build time"):
# sccache as rustc's wrapper, once `make deps` has installed it (the first build on a new machine
# runs without it). Its own port, so another project's sccache server, with another cache, is
# never the one asked. RUNWAY_SCCACHE=off builds without it.
SCCACHE_BIN := $(HOME)/.cache/runway/sccache-0.16.0/bin/sccache
ifneq ($(RUNWAY_SCCACHE),off)
ifneq ($(wildcard $(SCCACHE_BIN)),)
export RUSTC_WRAPPER := $(SCCACHE_BIN)
export SCCACHE_DIR ?= $(HOME)/.cache/runway/sccache
export SCCACHE_CACHE_SIZE ?= 10G
export SCCACHE_SERVER_PORT ?= 4327
# The browser tests compile nothing for a quarter of an hour; the server (and the counts that
# `make test` reports) should outlive that.
export SCCACHE_IDLE_TIMEOUT ?= 3600
endif
endif

.PHONY: help deps test-deps cache-start build build-test run dev test check fmt lint test-rust test-e2e test-api test-reproducible bench fuzz clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

deps: ## Install the build tools (wasm target, cargo-leptos, wasm-bindgen, npm packages)
	@scripts/install-tools.sh

test-deps: deps ## Install what the tests need (Chromium, sqlite3, Playwright, PostgreSQL)
	@scripts/install-test-deps.sh

build: ## Build the release site and binary when an input changed (installs the build tools beside it)
	@scripts/build.sh

# The browser and API tests run the release site against the debug server the Rust tests compile
# (Cargo.toml's `runway-test` project says why).
build-test: deps
	@scripts/build.sh test

run: build ## Serve the portal on http://$(ADDR) with demo data in ./data/runway.db
	@printf '\n\033[1mRunway\033[0m is starting on \033[1mhttp://%s\033[0m with demo data (./data/runway.db).\n' "$(ADDR)"
	@printf 'Sign in as \033[1madmin\033[0m, \033[1mdeveloper\033[0m, \033[1mmanager\033[0m or \033[1mviewer\033[0m with the password \033[1mdemo-password\033[0m. Stop with Ctrl-C.\n\n'
	RUNWAY_ADDR=$(ADDR) RUNWAY_DEMO=true RUNWAY_ADMIN_PASSWORD=demo-password ./target/release/runway serve

dev: deps ## Rebuild and reload on every change (debug build)
	RUNWAY_DEMO=true cargo leptos watch --split --project runway

fmt: ## Format the Rust code
	cargo fmt --all

lint: deps ## Check formatting and run clippy on the server and the wasm builds
	cargo fmt --all -- --check
	cargo clippy -p app -p server --all-targets --features app/testing -- -D warnings
	cargo clippy -p app -p frontend --target wasm32-unknown-unknown --features app/hydrate -- -D warnings

# Each test phase has a bound besides each test's own (.config/nextest.toml, Playwright's
# `timeout`): a stuck phase ends `make test` with an error instead of running into CI's limit.
# The Rust phase's bound includes compiling the tests on a machine that has built nothing.
RUST_TESTS_LIMIT ?= 45m
E2E_RUN_LIMIT ?= 20m
API_TESTS_LIMIT ?= 15m

test-rust: test-deps ## Rust tests on SQLite and PostgreSQL (cargo-nextest: each test in its own process, killed after 2 minutes)
	RUNWAY_TEST_POSTGRES_URL="$$(scripts/ensure-postgres.sh)" timeout --kill-after=30s $(RUST_TESTS_LIMIT) \
	  cargo nextest run -p app -p server --features app/testing

# The hydrated specs run E2E_HYDRATED_RUNS times in all, each time on a fresh server and database
# (the specs make fixed-name data): a page that fails to hydrate now and then fails one of them.
E2E_HYDRATED_RUNS ?= 3

test-e2e: test-deps build-test ## Browser tests in Chromium: the release site, the debug server
	RUNWAY_BIN=target/debug/runway timeout --kill-after=30s $(E2E_RUN_LIMIT) scripts/run-e2e.sh
	for run in $$(seq 2 $(E2E_HYDRATED_RUNS)); do \
	  printf '\n\033[1mThe hydrated specs again, run %s of %s\033[0m\n' "$$run" "$(E2E_HYDRATED_RUNS)"; \
	  RUNWAY_BIN=target/debug/runway timeout --kill-after=30s $(E2E_RUN_LIMIT) scripts/run-e2e.sh --project=hydrated; \
	done

test-api: test-deps build-test ## schemathesis against the OpenAPI document, as an admin and anonymously
	RUNWAY_BIN=target/debug/runway timeout --kill-after=30s $(API_TESTS_LIMIT) scripts/run-schemathesis.sh

test-reproducible: deps ## Two builds of the same code give the same site, byte for byte
	scripts/check-reproducible.sh

test: test-deps cache-start lint test-rust test-e2e test-api test-reproducible ## Everything CI runs: lint, Rust tests on both databases, browser and API tests, a reproducible site
	@scripts/cache-stats.sh report
	@printf '\n\033[1;32mAll tests passed.\033[0m\n'

# Says which compile cache this run uses and counts its hits from here on.
cache-start: deps
	@scripts/cache-stats.sh start

bench: test-deps build ## Benchmarks: SSR latency, first-load bytes and times per page, wasm weight, memory
	scripts/bench.sh

fuzz: ## Fuzz the input parsers with cargo fuzz on nightly (FUZZ_SECONDS per target, default 60)
	scripts/fuzz.sh

clean: ## Remove build output and local data
	cargo clean
	rm -rf data node_modules end2end/node_modules
