# ntm-criteria: `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
VPY := $(VENV)/bin/python
# maturin builds (pip install .) use their own target dir, so that switching between
# `cargo test` and the Python build does not rebuild pyo3 each time.
export MATURIN_NO_INSTALL_RUST := 1
PY_TARGET := $(CURDIR)/target/python

.PHONY: help
help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-14s %s\n", $$1, $$2}'

.PHONY: example
example: ## the main job: print the Lạng Sơn July 2020 report
	cargo run --example lang_son_2020

.PHONY: test
test: lint rust-test python-test ## everything CI runs: fmt, clippy, Rust tests and doctests, Python tests, notebook, stubtest

.PHONY: lint
lint: ## cargo fmt --check, clippy with warnings as errors, and a doc example on every public fn
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	$(PYTHON) tools/check_doc_examples.py -q

.PHONY: rust-test
rust-test: ## all Rust tests and doctests of the core crate
	cargo test -p ntm-criteria --all-targets
	cargo test -p ntm-criteria --doc
	cargo run -q --example lang_son_2020 > /dev/null

$(VPY):
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -q --upgrade pip

.PHONY: python-install
python-install: $(VPY) ## build and install the Python package with its test extras into .venv
	CARGO_TARGET_DIR=$(PY_TARGET) $(VPY) -m pip install -q ".[test]"

# pytest runs from the root against the INSTALLED package: --pyargs collects the docstring
# examples of site-packages/ntm_criteria, so the source tree (without the compiled module) never
# shadows it. The notebook runs inside pytest (python/tests/test_notebook.py).
.PHONY: python-test
python-test: python-install ## pytest (with doctests), the notebook, an example on every exported name, method and property, stubtest, mypy, and a smoke run of the benchmark
	$(VPY) -m pytest -q --pyargs ntm_criteria python/tests
	$(VPY) tools/check_doc_examples.py --python --methods -q
	$(VPY) -m mypy.stubtest ntm_criteria._ntm_criteria
	$(VPY) -m mypy
	$(VPY) benchmarks/bench_assess.py --sizes 1000 --repeat 1 --no-memory > /dev/null  # smoke: (a) agrees with (b)

.PHONY: bench
bench: ## Rust criterion benchmarks and the Python benchmark (not part of `make test`)
	cargo bench -p ntm-criteria
	$(VPY) benchmarks/bench_assess.py

.PHONY: clean
clean: ## remove build products and the virtualenv
	cargo clean
	rm -rf $(VENV)
