#!/usr/bin/env python3
"""Check that the bundled data of crates/ntm-criteria/data/ is what the reference produces.

Usage:
    python3 tools/check_catalogs.py [REFERENCE_DIR] [--data DIR] [--no-core-check]

Re-runs tools/build_catalogs.py into a temporary directory, compares every generated file byte
for byte with the committed one (printing a unified diff of the first lines that differ), runs
spot checks of known values, and prints the coverage table of each set (Markdown, the same table
as in crates/ntm-criteria/data/README.md).

Exit status: 0 when everything matches, 1 on any difference or failed spot check, 2 when the
conversion itself fails (a set the Rust core refuses to load included: build_catalogs.py loads
every set with it, so it needs the project's Python package as that script says). Standard
library only otherwise. ``--no-core-check`` passes the same flag to build_catalogs.py (no load by
the installed core: only while the core does not yet accept a new field or rule); the default
is to check with the core.
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

    expect = {"2016-2020": (19, 49, "region"), "2021-2025": (19, 58, "region"), "2026-2030": (10, 7, "commune_group"),
              "kieu-mau-2018-2020": (4, 13, "none"), "kieu-mau-2021-2025": (4, 4, "none")}
    check(sorted(sets) == sorted(expect), f"sets built: {sorted(sets)}")
    levels = {"2016-2020": ("ntm", ["1980", "1980/QĐ-TTg"]), "2021-2025": ("ntm", ["318", "318/QĐ-TTg"]),
              "2026-2030": ("ntm", ["51", "51/2025", "51/2025/QĐ-TTg"]),
              "kieu-mau-2018-2020": ("kieu_mau", ["691", "691/QĐ-TTg"]),
              "kieu-mau-2021-2025": ("kieu_mau", ["319", "319/QĐ-TTg"])}
    for sid, (level, aliases) in levels.items():
        check((sets[sid].get("level"), sets[sid].get("aliases")) == (level, aliases), f"{sid}: level/aliases")
        keys = list(sets[sid])
        check(keys[keys.index("dimension") + 1:keys.index("dimension") + 3] == ["level", "aliases"],
              f"{sid}: level and aliases follow dimension")
        check(("requires" in sets[sid]) == (level == "kieu_mau"), f"{sid}: requires only on the kiểu mẫu sets")
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
    # 318/QĐ-TTg amended by 211/QĐ-TTg (additions_2026.json); no other set is amended.
    s318 = sets["2021-2025"]
    am = s318.get("amendments")
    check(isinstance(am, list) and len(am) == 1, f"2021-2025 has exactly one amendment: {am}")
    if isinstance(am, list) and len(am) == 1:
        a = am[0]
        check(list(a) == ["decision", "date", "verified", "sources", "note"], f"2021-2025 amendment keys {list(a)}")
        check((a.get("decision"), a.get("date"), a.get("verified"), a.get("sources"))
              == ("211/QĐ-TTg", "2024-03-01", True, ["M1"]), f"2021-2025 amendment is {a}")
        check(s318["sources"].get("M1", "").startswith("https://lawnet.vn/") and "133694" in s318["sources"]["M1"],
              f"2021-2025 source M1 is {s318['sources'].get('M1')!r}")
        note = a.get("note", "")
        check("huyện NTM đặc thù" in note and "not in the reference" in note and "on or after 2024" in note,
              "2021-2025 amendment note: scope and 'not in the reference'")
    keys = list(s318)
    check("amendments" in keys and keys.index("amendments") == keys.index("aliases") + 1,
          "2021-2025: amendments follow aliases")
    for sid in sets:
        if sid != "2021-2025":
            check("amendments" not in sets[sid], f"{sid}: no amendments expected")
    # Kiểu mẫu sets (seed-sets/sets.json).
    km18, km21 = sets["kieu-mau-2018-2020"], sets["kieu-mau-2021-2025"]
    check((km18["decision"], km18["decision_date"], km18["valid_from"], km18["valid_to"])
          == ("691/QĐ-TTg", "2018-06-05", 2018, 2020), "691 header")
    check((km21["decision"], km21["decision_date"], km21["valid_from"], km21["valid_to"])
          == ("319/QĐ-TTg", "2022-03-08", 2021, 2025), "319 header")
    for sid in ("kieu-mau-2018-2020", "kieu-mau-2021-2025"):
        for c in sets[sid]["criteria"]:
            for i in c["indicators"]:
                check(list(i["thresholds"]) == ["all"], f"{sid} {i['id']}: keys {list(i['thresholds'])}")
                for cellv in i["thresholds"].values():
                    check(cellv.get("sources") and cellv.get("verified") in (True, "partial", False),
                          f"{sid} {i['id']}: cell without provenance")
    check([i["id"] for c in km18["criteria"] for i in c["indicators"]]
          == ["I.1", "I.2", "I.3", "I.4"] + [f"II.{n}" for n in range(1, 10)], "691 indicator ids")
    c = cell("kieu-mau-2018-2020", "I.2", "all")
    check(c.get("value") == 2 and c.get("verified") is True and c.get("sources") == ["VH691"]
          and indicator("kieu-mau-2018-2020", "I.2").get("unit") == "count", f"691 I.2 is {c}")
    i3 = indicator("kieu-mau-2018-2020", "I.3")
    check(i3.get("rule") == "at_least_times" and i3.get("unit") == "million_vnd_per_person_year"
          and i3.get("components") == ["income", "income_at_recognition"]
          and i3["thresholds"]["all"].get("value") == 1.5, "691 I.3 is at_least_times 1.5")
    i4 = indicator("kieu-mau-2018-2020", "I.4")
    check(i4.get("rule") == "absent" and i4["thresholds"]["all"].get("value") == "Không", "691 I.4 absent")
    check(cell("kieu-mau-2018-2020", "I.1", "all").get("value") == "Đạt", "691 I.1 Đạt")
    check(all(indicator("kieu-mau-2018-2020", f"II.{n}").get("text_verified") is False
              and "EN only" in indicator("kieu-mau-2018-2020", f"II.{n}").get("note", "") for n in range(1, 10)),
          "691 group II is EN only")
    check(all(indicator("kieu-mau-2018-2020", f"I.{n}").get("text_verified") is True for n in range(1, 5)),
          "691 group I was read in Vietnamese")
    check([c["indicators"] for c in km18["criteria"][2:]] == [[], []], "691 criteria 3-4 have no indicators")
    check(all("chưa có nội dung" in c["name_vi"] for c in km18["criteria"][2:]), "691 criteria 3-4 placeholders")
    check(km18.get("requires", {}).get("level") == "nang_cao" and km18["requires"].get("verified") == "partial"
          and km18["requires"].get("sources") == ["AG691"], "691 requires nang_cao, partial")
    check(any("never be 'met'" in n for n in km18["notes"]), "691 notes: never met while III-IV unknown")
    i2 = indicator("kieu-mau-2021-2025", "2")
    check(i2.get("rule") == "at_least_times" and i2.get("components") == ["income", "nang_cao_income_level"]
          and i2["thresholds"]["all"].get("value") == 1.1 and i2["thresholds"]["all"].get("verified") is True,
          "319 criterion 2 is at_least_times 1.1")
    check(km21.get("requires", {}).get("level") == "nang_cao" and km21["requires"].get("verified") is True
          and "NOT in the bundled data" in km21["requires"].get("note", ""), "319 requires nang_cao")
    check([(i["id"], i["rule"], i["thresholds"]["all"].get("value")) for c in km21["criteria"] for i in c["indicators"]]
          == [("1", "achieved", "Đạt"), ("2", "at_least_times", 1.1), ("3", "at_least", 1), ("4", "at_least", 1)],
          "319 indicators")
    # Nothing filled in: every 2026-2030 cell of the reference is null, so no cell is written.
    check(all(not i["thresholds"] for c in sets["2026-2030"]["criteria"] for i in c["indicators"]),
          "2026-2030 has a threshold cell")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("reference_dir", nargs="?", type=Path, default=bc.DEFAULT_REF)
    ap.add_argument("--data", type=Path, default=bc.DEFAULT_OUT, help="committed data directory to check")
    ap.add_argument("--no-core-check", action="store_true",
                    help="build without loading the sets with the installed core (see build_catalogs.py)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ntm-catalogs-") as tmp:
        run = subprocess.run([sys.executable, str(TOOLS / "build_catalogs.py"), str(args.reference_dir),
                              "--out", tmp] + (["--no-core-check"] if args.no_core_check else []),
                             capture_output=True, text=True)
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

    print(bc.coverage_markdown([sets[s["id"]] for s in bc.SETS + bc.SEED_SETS if s["id"] in sets]))
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
