#!/usr/bin/env python3
"""Check that the bundled data of crates/ntm-criteria/data/ is what the reference produces.

Usage:
    python3 tools/check_catalogs.py [REFERENCE_DIR]

Re-runs tools/build_catalogs.py into a temporary directory, compares every generated file byte
for byte with the committed one (printing a unified diff of the first lines that differ), runs
spot checks of known values, and prints the coverage table of each set (Markdown, the same table
as in crates/ntm-criteria/data/README.md).

Exit status: 0 when everything matches, 1 on any difference or failed spot check, 2 when the
conversion itself fails (a set the Rust core refuses to load included: build_catalogs.py loads
every set with it, so it needs the project's Python package as that script says). Standard
library only otherwise.
"""

from __future__ import annotations

import argparse
import difflib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
sys.path.insert(0, str(TOOLS))
import build_catalogs as bc  # noqa: E402

MAX_DIFF_LINES = 40


def diff_file(name: str, committed: Path, fresh: Path) -> list[str]:
    if not committed.exists():
        return [f"missing: {committed} (the build writes it)"]
    a, b = committed.read_bytes(), fresh.read_bytes()
    if a == b:
        return []
    out = [f"differs: {committed}"]
    try:
        lines = list(difflib.unified_diff(a.decode("utf-8").splitlines(), b.decode("utf-8").splitlines(),
                                          f"committed/{name}", f"rebuilt/{name}", lineterm="", n=1))
    except UnicodeDecodeError:
        return out + ["  (binary difference)"]
    out += ["  " + line for line in lines[:MAX_DIFF_LINES]]
    if len(lines) > MAX_DIFF_LINES:
        out.append(f"  … {len(lines) - MAX_DIFF_LINES} more diff lines")
    return out


def spot_checks(sets: dict[str, dict]) -> list[str]:
    """Known facts of the reference that the converted sets must show (a failure is a bug)."""
    problems: list[str] = []

    def check(cond: bool, msg: str) -> None:
        if not cond:
            problems.append(msg)

    def cell(set_id: str, iid: str, key: str) -> dict:
        for c in sets[set_id]["criteria"]:
            for i in c["indicators"]:
                if i["id"] == iid:
                    return i["thresholds"].get(key, {})
        problems.append(f"{set_id}: no indicator {iid}")
        return {}

    def indicator(set_id: str, iid: str) -> dict:
        for c in sets[set_id]["criteria"]:
            for i in c["indicators"]:
                if i["id"] == iid:
                    return i
        return {}

    expect = {"2016-2020": (19, 49, "region"), "2021-2025": (19, 58, "region"), "2026-2030": (10, 7, "commune_group")}
    for sid, (n_crit, n_ind, dim) in expect.items():
        s = sets[sid]
        ids = [i["id"] for c in s["criteria"] for i in c["indicators"]]
        check(s["criteria_count"] == n_crit == len(s["criteria"]), f"{sid}: criteria_count")
        check([c["number"] for c in s["criteria"]] == list(range(1, n_crit + 1)), f"{sid}: criteria not 1..{n_crit}")
        check(len(ids) == n_ind, f"{sid}: {len(ids)} indicators, expected {n_ind}")
        check(len(set(ids)) == len(ids), f"{sid}: duplicate indicator ids")
        check(s["dimension"] == dim, f"{sid}: dimension")
    check("banding" not in sets["2016-2020"] and "banding" not in sets["2021-2025"], "1980/318 must not set banding")
    check(sets["2026-2030"].get("banding") == bc.BANDING_2026, "2026-2030 banding")
    check("groups" not in sets["2026-2030"], "2026-2030 has no groups")
    check(sets["2021-2025"].get("disadvantaged_uses") == "NMM", "318 disadvantaged_uses")
    check("disadvantaged_uses" not in sets["2016-2020"], "1980 has no disadvantaged_uses")
    for sid in ("2016-2020", "2021-2025"):
        for c in sets[sid]["criteria"]:
            for i in c["indicators"]:
                bad = set(i["thresholds"]) - set(bc.REGION_KEYS)
                check(not bad, f"{sid} {i['id']}: keys {bad}")
    for c in sets["2026-2030"]["criteria"]:
        for i in c["indicators"]:
            check(not set(i["thresholds"]) - set(bc.GROUP_KEYS), f"2026-2030 {i['id']}: keys")

    c = cell("2016-2020", "17.1", "NMM")
    check(c.get("value") == [90, 50] and c.get("verified") is True, f"1980 17.1 NMM is {c}")
    c = cell("2016-2020", "17.1", "SCC")
    check(c.get("value") == [None, 60], f"1980 17.1 SCC is {c}")
    c = cell("2016-2020", "10", "NMM")
    check(c.get("value") == 36 and c.get("verified") is True, f"1980 10 NMM is {c}")
    check(indicator("2016-2020", "17.1").get("components") == ["hygienic", "clean"], "1980 17.1 components")
    check(indicator("2016-2020", "15.3").get("rule") == "at_most", "1980 15.3 is a ceiling")
    c = cell("2021-2025", "11", "NMM")
    check(c.get("value") == 13 and c.get("verified") == "partial" and indicator("2021-2025", "11")["rule"] == "at_most",
          f"318 11 NMM is {c}")
    c = cell("2021-2025", "10", "NMM")
    check(c.get("value") == 39 and c.get("year") == 2022 and c.get("verified") == "partial"
          and any(s.startswith("A") for s in c.get("sources", [])), f"318 10 NMM is {c}")
    for iid in ("5", "14.1"):
        ind = indicator("2021-2025", iid)
        check(ind.get("rule") == "achieved" and ind.get("unit") == "bool", f"318 {iid} rule/unit")
        check(all("value" not in x and x.get("detail") for k, x in ind["thresholds"].items() if k != "national"),
              f"318 {iid}: structured cells keep detail, no value")
    # Nothing filled in: every 2026-2030 cell of the reference is null, so no cell is written.
    check(all(not i["thresholds"] for c in sets["2026-2030"]["criteria"] for i in c["indicators"]),
          "2026-2030 has a threshold cell")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("reference_dir", nargs="?", type=Path, default=bc.DEFAULT_REF)
    ap.add_argument("--data", type=Path, default=bc.DEFAULT_OUT, help="committed data directory to check")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ntm-catalogs-") as tmp:
        run = subprocess.run([sys.executable, str(TOOLS / "build_catalogs.py"), str(args.reference_dir),
                              "--out", tmp], capture_output=True, text=True)
        if run.returncode != 0:
            sys.stderr.write(run.stdout + run.stderr)
            print("conversion failed", file=sys.stderr)
            return 2
        tmp_dir = Path(tmp)
        names = sorted(str(p.relative_to(tmp_dir)) for p in tmp_dir.rglob("*") if p.is_file())
        report: list[str] = []
        for name in names:
            report += diff_file(name, args.data / name, tmp_dir / name)
        extra = sorted(str(p.relative_to(args.data)) for p in (args.data / "sets").glob("*.json")
                       if str(p.relative_to(args.data)) not in names)
        report += [f"not produced by the build: {args.data / e}" for e in extra]
        sets = {}
        for name in names:
            if name.startswith("sets/"):
                s = json.loads((tmp_dir / name).read_text(encoding="utf-8"))
                sets[s["id"]] = s
    problems = spot_checks(sets)

    print(bc.coverage_markdown([sets[s["id"]] for s in bc.SETS]))
    if report:
        print("\n".join(report))
    for p in problems:
        print(f"spot check failed: {p}")
    if report or problems:
        print(f"FAIL: {len([r for r in report if not r.startswith('  ')])} file difference(s), "
              f"{len(problems)} failed spot check(s). Regenerate with: python3 tools/build_catalogs.py")
        return 1
    print(f"OK: {len(names)} files match the reference conversion; spot checks pass.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
