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
# The shared reference (../shared/reference) sits beside the repository for developers and CI.
# Without it (a user's clone), the checks against it are skipped and say so; with it, a missing
# file fails them (tests/rust/shared.rs).
ifeq ($(wildcard ../shared/reference),)
export NTM_SHARED_OPTIONAL := 1
$(info ../shared/reference is absent: the checks against it will be skipped, each saying so)
endif

.PHONY: help
help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-14s %s\n", $$1, $$2}'

.PHONY: example
example: ## the main job: print the Lạng Sơn July 2020 report
	cargo run --example lang_son_2020

.PHONY: test
test: lint rust-test python-test package-check wheel-test ## everything CI runs: fmt, clippy, yamllint, Rust tests and doctests, Python tests, notebook, stubtest, the crate package, the wheel install check

.PHONY: lint
lint: $(VPY) ## cargo fmt --check, clippy with warnings as errors, the crate docs without a rustdoc warning, a doc example on every public fn, yamllint of the workflows
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p ntm-criteria-examples --features xlsx --examples -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc -q -p ntm-criteria --no-deps --all-features
	$(PYTHON) tools/check_doc_examples.py -q
	$(VPY) -m pip install -q "yamllint>=1.35"
	$(VPY) -m yamllint --strict -c .yamllint.yml .github/workflows

.PHONY: rust-test
rust-test: ## all Rust tests and doctests of the core crate (unit tests, the integration test binary of tests/, doctests, the example)
	cargo test -p ntm-criteria -p ntm-criteria-tests --all-targets
	cargo test -p ntm-criteria --doc --all-features
	cargo run -q --example lang_son_2020 > /dev/null
	cargo run -q -p ntm-criteria-examples --features xlsx --example lang_son_2020 -- --xlsx target/lang_son_2020.xlsx > /dev/null

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
	$(VPY) benchmarks/bench_memory.py --mb 2 > /dev/null  # smoke: every row read, every bad row counted

# The Hypothesis tests of every door (CSV bytes, frames of every dtype kind, dicts, report
# sentences) with a thousand examples each instead of a few dozen: minutes, not part of `make test`.
.PHONY: fuzz-py
fuzz-py: python-install ## the property tests of every door, a thousand examples each (minutes)
	NTM_PROPERTY_PROFILE=long $(VPY) -m pytest -q -p no:cacheprovider python/tests/test_hostile.py python/tests/test_doors.py python/tests/test_properties.py

# Release wheels: maturin with zig as the linker (the `ziglang` package), so that the wheel is
# manylinux2014 (glibc 2.17) whatever the build machine's glibc, with no system toolchain but Rust.
WHEEL_TOOLS := "maturin>=1.9,<2" "ziglang>=0.13,<0.16" "auditwheel>=6"

.PHONY: wheel
ifeq ($(shell uname -s),Linux)
wheel: $(VPY) ## build the abi3 wheel (manylinux2014 on Linux, checked by auditwheel show) and the sdist into dist/
	$(VPY) -m pip install -q $(WHEEL_TOOLS)
	rm -rf dist
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" CARGO_TARGET_DIR=$(PY_TARGET) $(VPY) -m maturin build --release --strip --zig --compatibility manylinux2014 --out dist
	$(VPY) -m maturin sdist --out dist
	$(VPY) -m auditwheel show dist/*.whl | tee dist/auditwheel.txt
	grep -q '"manylinux_2_17_$(shell uname -m)"' dist/auditwheel.txt
else
wheel: $(VPY)
	$(VPY) -m pip install -q "maturin>=1.9,<2"
	rm -rf dist
	CARGO_TARGET_DIR=$(PY_TARGET) $(VPY) -m maturin build --release --strip --out dist
	$(VPY) -m maturin sdist --out dist
endif

.PHONY: wheel-test
wheel-test: wheel ## install the wheel into a fresh virtualenv with cargo and rustc hidden, run the README quick start from outside the repo
	$(VPY) tools/wheel_check.py dist

.PHONY: package-check
package-check: ## cargo publish --dry-run of the core crate (data inside the crate, nothing outside it), and the declared rust-version
	cargo publish --dry-run --allow-dirty -p ntm-criteria
	$(PYTHON) tools/check_msrv.py

.PHONY: bench
bench: ## Rust criterion benchmarks and the Python benchmark (not part of `make test`)
	cargo bench -p ntm-criteria
	$(VPY) benchmarks/bench_assess.py
	$(VPY) benchmarks/bench_memory.py

.PHONY: clean
clean: ## remove build products and the virtualenv
	cargo clean
	rm -rf $(VENV)
