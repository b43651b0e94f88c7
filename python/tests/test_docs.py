"""The examples in the docs run: the docstrings of the compiled module (pytest's
``--doctest-modules`` covers the Python files) and the README's Python quick start."""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, List

import pytest

import ntm_criteria
from ntm_criteria import _ntm_criteria

REPO = Path(__file__).resolve().parents[2]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _native_doctests() -> List[doctest.DocTest]:
    finder = doctest.DocTestFinder(exclude_empty=True)
    tests: List[doctest.DocTest] = []
    for name in sorted(_ntm_criteria.__all__):
        obj = getattr(_ntm_criteria, name)
        if callable(obj):
            tests.extend(finder.find(obj, name=f"ntm_criteria.{name}", module=False, globs=dict(vars(ntm_criteria))))
    return [t for t in tests if t.examples]


NATIVE = _native_doctests()


def test_the_compiled_module_has_examples() -> None:
    names = {t.name for t in NATIVE}
    for expected in ("ntm_criteria.CriteriaSet", "ntm_criteria.CriteriaSet.assess", "ntm_criteria.Summary", "ntm_criteria.region_of"):
        assert expected in names


@pytest.mark.parametrize("test", NATIVE, ids=[t.name for t in NATIVE])
def test_native_docstring(test: doctest.DocTest) -> None:
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    out: List[str] = []
    runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)


def _quick_start() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    m = re.search(r"## Python quick start.*?```python\n(.*?)```", text, re.S)
    assert m, "README.md has no Python quick start"
    return m.group(1)


def test_readme_quick_start(seed: str, tmp_path: Path) -> None:
    """The quick start, verbatim, from a directory outside the repository."""
    code = _quick_start()
    assert len([line for line in code.splitlines() if line.strip()]) <= 5
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == seed


def test_readme_workbook_example(seed: str, tmp_path: Path) -> None:
    """The README's Excel example, after the quick start: the workbook with a title block and
    Vietnamese headers gives the seed sentence too, and its district column came along."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    m = re.search(r"## Python quick start.*?```python\n.*?```.*?```python\n(.*?)```", text, re.S)
    assert m and "lang_son_2020.xlsx" in m.group(1), "README.md has no workbook example after the quick start"
    code = _quick_start() + m.group(1).replace('communes.summarize_by("district")', 'print(len(communes.summarize_by("district")))')
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    assert lines[0] == seed and lines[1] == seed
    assert int(lines[2]) == 11  # Lạng Sơn's 11 districts (10 huyện and the city)


def _toml(path: Path) -> Any:
    try:
        import tomllib  # Python 3.11+
    except ModuleNotFoundError:  # pragma: no cover - Python < 3.11
        tomllib = pytest.importorskip("tomli")
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_one_version_and_one_repository_url() -> None:
    """The changelog's newest version is Cargo's (the one place it is set), and the placeholder
    repository URL is the same in Cargo.toml, pyproject.toml and the changelog (RELEASING.md)."""
    cargo = _toml(REPO / "Cargo.toml")["workspace"]["package"]
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## \[(\d+\.\d+\.\d+)\]", changelog, re.M)
    assert versions and versions[0] == cargo["version"] == ntm_criteria.__version__
    urls = _toml(REPO / "pyproject.toml")["project"]["urls"]
    assert urls["Repository"] == cargo["repository"] == cargo["homepage"]
    links = re.findall(r"^\[[^\]]+\]: (\S+)", changelog, re.M)
    assert links and all(link.startswith(cargo["repository"] + "/") for link in links)


def test_set_format_spreadsheet_example(tmp_path: Path) -> None:
    """docs/set-format.md, "Sets from a spreadsheet": the Python example, verbatim, run in a
    directory outside the repository (it writes the template there and loads it back)."""
    text = (REPO / "docs" / "set-format.md").read_text(encoding="utf-8")
    m = re.search(r"## Sets from a spreadsheet.*?```python\n(.*?)```", text, re.S)
    assert m, "docs/set-format.md has no Python example of a set workbook"
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    run = subprocess.run([sys.executable, "-c", m.group(1)], cwd=tmp_path, env=env, capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "318/QĐ-TTg None", run.stdout
    assert (tmp_path / "bo_tieu_chi_2021_2025.xlsx").exists()
