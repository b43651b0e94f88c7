"""The install check of a built wheel (`make wheel-test`), as a user without Rust would install it.

1. Creates a fresh virtualenv in a temporary directory.
2. Installs the wheel of ``dist/`` (binary packages only: nothing may be compiled) with ``cargo``
   and ``rustc`` hidden from ``PATH``; the check fails if either can still be found.
3. Runs the README's Python quick start, verbatim, from a directory outside the repository, and
   checks that it prints the seed sentence (the README's quoted sentence of the Lạng Sơn report).
4. Runs the README's workbook example the same way, and imports every public name.

Usage: ``python tools/wheel_check.py [dist]``. Exits non-zero with the reason on any failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path
from typing import Dict, List

REPO = Path(__file__).resolve().parent.parent


def fail(msg: str) -> None:
    print(f"wheel check FAILED: {msg}", file=sys.stderr)
    sys.exit(1)


def the_wheel(dist: Path) -> Path:
    wheels = sorted(dist.glob("ntm_criteria-*-cp39-abi3-*.whl"))
    if len(wheels) != 1:
        fail(f"expected one abi3 wheel in {dist}, found {[w.name for w in wheels]} (run `make wheel`)")
    return wheels[0]


def path_without_rust() -> str:
    """PATH with every directory that holds cargo or rustc left out."""
    keep: List[str] = []
    for d in os.environ.get("PATH", "").split(os.pathsep):
        if d and not any((Path(d) / tool).exists() for tool in ("cargo", "rustc", "cargo.exe", "rustc.exe")):
            keep.append(d)
    return os.pathsep.join(keep)


def readme_blocks() -> List[str]:
    """The quick start and the workbook example: the first two Python blocks of the section."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Python quick start", 1)[1]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    if len(blocks) < 2:
        fail("README.md's Python quick start has fewer than two Python blocks")
    return blocks[:2]


def seed_sentence() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    m = re.search(r"^> (Đến hết tháng 7/2020, .*)$", text, re.M)
    if not m:
        fail("README.md quotes no seed sentence")
    return m.group(1).strip()


def run(args: List[str], env: Dict[str, str], cwd: Path) -> str:
    p = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, encoding="utf-8")
    if p.returncode != 0:
        fail(f"{' '.join(args[:4])} … exited {p.returncode}:\n{p.stdout}\n{p.stderr}")
    return p.stdout


def main() -> None:
    dist = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "dist"
    wheel = the_wheel(dist.resolve())
    with tempfile.TemporaryDirectory(prefix="ntm-wheel-check-") as tmp:
        root = Path(tmp)
        venv.EnvBuilder(with_pip=True).create(root / "venv")
        bindir = root / "venv" / ("Scripts" if os.name == "nt" else "bin")
        py = str(bindir / "python")
        env = dict(os.environ, PATH=str(bindir) + os.pathsep + path_without_rust(), PYTHONIOENCODING="utf-8")
        env.pop("CARGO_TARGET_DIR", None)
        env.pop("VIRTUAL_ENV", None)
        for tool in ("cargo", "rustc"):
            found = shutil.which(tool, path=env["PATH"])
            if found:
                fail(f"{tool} is still on PATH at {found}")
        work = root / "elsewhere"
        work.mkdir()
        pip = [py, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--only-binary", ":all:"]
        run(pip + [str(wheel), "openpyxl"], env, work)
        quick, workbook = readme_blocks()
        seed = seed_sentence()
        out = run([py, "-c", quick], env, work).strip()
        if out != seed:
            fail(f"the quick start printed\n  {out!r}\nnot the seed sentence\n  {seed!r}")
        lines = run([py, "-c", quick + workbook], env, work).strip().splitlines()
        if lines[:2] != [seed, seed]:
            fail(f"the workbook example printed {lines[:2]!r}")
        where = run([py, "-c", "import ntm_criteria as n; print(n.__file__); [getattr(n, x) for x in n.__all__]"], env, work)
        if str(REPO) in where:
            fail(f"ntm_criteria was imported from the repository ({where.strip()}), not the wheel")
        print(f"wheel check passed: {wheel.name} installed without cargo or rustc on PATH; the quick start printed the seed sentence from {work}")


if __name__ == "__main__":
    main()
