"""Memory and time of reading large indicator-level CSV files (issue 16, finding 21).

Two files are written, each about ``--mb`` megabytes (200 by default, about 470,000 communes):

- a clean indicator-level file of the 2016-2020 set: code, name, district, province, region and
  one column per indicator (numbers with decimal points, verdict words, empty cells), and
- the same file with one bad cell on every row (``abc`` in indicator 10), which the reader
  refuses with a capped problem list (each row's bad cell differs: identical cells are folded
  into one problem) (1,000 problems plus counts per kind beyond the cap).

Each step runs in a **child process**, so that its peak resident memory (``VmHWM``) is its own:

1. ``read_communes(path, criteria_set="2016-2020")`` of the clean file, then ``summarize()``, then
   ``to_frame()`` (pandas): the peak above the RSS before reading (after the imports), against the
   file's size;
2. the same read of the file with a bad cell on every row: its peak, and the error's size;
3. time of step 1's read and summary at 1/4, 1/2 and the whole of the file, per commune (the
   fastest of two runs of each), to show that time grows linearly with the rows.

Targets (issue 16): the bad file peaks under 1 GB; reading, summarising and ``to_frame`` peak
under 5× the file size; time per commune of the whole file within 1.25× of the quarter file's.

Usage: ``python benchmarks/bench_memory.py [--mb 200] [--dir DIR] [--json OUT]``. ``--mb 2`` is
the smoke run of ``make test``: it checks that the script works, not the targets.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, List

import ntm_criteria as ntm

SET = "2016-2020"
REGIONS = ["NMM", "RRD", "NCC", "SCC", "CH", "SE", "MRD"]
PROVINCES = ["Lạng Sơn", "Hà Giang", "Nghệ An", "Đắk Lắk", "Cà Mau", "Bình Dương", "Thái Bình"]
VERDICTS = ["Đạt", "Không đạt", "x", "", "Đạt"]


def header(cs: Any) -> List[str]:
    cols = ["code", "name", "district", "province", "region"]
    for ind in cs.indicators:
        if ind.id == "17.1":
            cols += ["17.1:hygienic", "17.1:clean"]
        else:
            cols.append(ind.id)
    return cols


def cell(cs: Any, ind: Any, rng: random.Random) -> List[str]:
    if ind.id == "17.1":
        return [f"{rng.uniform(60, 100):.1f}", f"{rng.uniform(20, 80):.1f}"]
    if rng.random() < 0.05:
        return [""]
    if ind.rule == "absent":
        return [str(rng.randint(0, 3))]
    if ind.unit == "bool":
        return [rng.choice(VERDICTS)]
    return [f"{rng.uniform(1, 100):.2f}"]


def row_pool(cs: Any, size: int, seed: int) -> List[str]:
    """Distinct row tails (everything after the code), drawn once and reused, so that writing
    hundreds of megabytes takes seconds."""
    rng = random.Random(seed)
    pool = []
    for i in range(size):
        region = REGIONS[i % len(REGIONS)]
        cells = [f"Xã số {i}", f"Huyện {i % 97}", PROVINCES[i % len(PROVINCES)], region]
        for ind in cs.indicators:
            cells += cell(cs, ind, rng)
        pool.append(",".join(f'"{c}"' if "," in c else c for c in cells))
    return pool


def write_csv(path: Path, mb: float, bad_every_row: bool, seed: int = 2020) -> int:
    """Writes about `mb` megabytes; returns the number of communes."""
    cs = ntm.CriteriaSet.load(SET)
    cols = header(cs)
    pool = row_pool(cs, 4096, seed)
    at = cols.index("10") - 1  # the pool's cells start after the code
    # With a bad cell, each row's differs ("abc<n>"): identical bad cells are folded into one
    # problem, and this file must fill the problem list past its cap.
    split = [(",".join(r.split(",")[:at]) + ",", "," + ",".join(r.split(",")[at + 1 :])) for r in pool]
    target = int(mb * 1_000_000)
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(cols) + "\n")
        size = 0
        while size < target:
            if bad_every_row:
                pre, post = split[n % len(split)]
                line = f"X{n:08d},{pre}abc{n}{post}\n"
            else:
                line = f"X{n:08d},{pool[n % len(pool)]}\n"
            f.write(line)
            size += len(line.encode("utf-8"))
            n += 1
    return n


CHILD = r"""
import json, sys, time
import pandas, ntm_criteria as ntm
sys.path.insert(0, sys.argv[3])
from procmem import hwm, settle
path, step = sys.argv[1], sys.argv[2]
cs = ntm.CriteriaSet.load("2016-2020")
before = settle()
out = {"before": before}
t = time.perf_counter()
try:
    table = ntm.read_communes(path, criteria_set=cs)
except ntm.ValidationError as e:
    listed = [x for x in e.errors() if x["type"] != "omitted"]
    out.update(error=True, listed=len(listed), omitted=sum(e.omitted.values()),
               message_bytes=len(str(e).encode()))
    table = None
out["read_s"] = time.perf_counter() - t
out["peak_read"] = hwm()
if table is not None:
    t = time.perf_counter()
    s = table.summarize()
    out["summary_s"] = time.perf_counter() - t
    out["peak_summary"] = hwm()
    out["communes"] = s.communes
if table is not None and step == "full":
    t = time.perf_counter()
    df = table.to_frame()
    out["to_frame_s"] = time.perf_counter() - t
    out["peak_to_frame"] = hwm()
    out["frame_rows"] = len(df)
print(json.dumps(out))
"""


# Reads timed per size; the time per commune of each size is the fastest of them.
TIMINGS = 2


def child(path: Path, step: str) -> Dict[str, Any]:
    here = str(Path(__file__).resolve().parent)
    res = subprocess.run([sys.executable, "-c", CHILD, str(path), step, here], capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(f"child failed ({step}):\n{res.stderr}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def head_of(src: Path, dst: Path, rows: int) -> None:
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8", newline="") as g:
        for i, line in enumerate(f):
            if i > rows:
                break
            g.write(line)


def best_time(path: Path, rows: int, runs: List[Dict[str, Any]]) -> float:
    """The fastest of `TIMINGS` reads and summaries of `path` (runs already made count): a single
    run on this VM can be half again slower than the next one."""
    while len(runs) < TIMINGS:
        r = child(path, "time")
        assert r.get("communes") == rows, r
        runs.append(r)
    return min(r["read_s"] + r["summary_s"] for r in runs)


def measure(d: Path, mb: float) -> Dict[str, Any]:
    clean, bad = d / "indicators.csv", d / "indicators_bad.csv"
    rows = write_csv(clean, mb, False)
    bad_rows = write_csv(bad, mb, True)
    size = clean.stat().st_size
    full = child(clean, "full")
    assert full.get("communes") == rows == full.get("frame_rows"), (full, rows)
    wrong = child(bad, "bad")
    assert wrong.get("error") and wrong["listed"] + wrong["omitted"] == bad_rows, (wrong, bad_rows)
    scaling = []
    for frac in (4, 2, 1):
        part = d / f"indicators_{frac}.csv"
        if frac == 1:
            part = clean
        else:
            head_of(clean, part, rows // frac)
        scaling.append((rows // frac, best_time(part, rows // frac, [full] if frac == 1 else [])))
        if frac != 1:
            part.unlink()
    return {"file_bytes": size, "bad_file_bytes": bad.stat().st_size, "rows": rows, "full": full, "bad": wrong, "scaling": scaling}


def report(r: Dict[str, Any], check: bool) -> int:
    mb, full, bad = r["file_bytes"] / 1e6, r["full"], r["bad"]
    extra = {k: (full[k] - full["before"]) / r["file_bytes"] for k in ("peak_read", "peak_summary", "peak_to_frame")}
    print(f"clean file: {mb:.1f} MB, {r['rows']:,} communes")
    print(f"  read {full['read_s']:.2f} s, summarize {full['summary_s']:.3f} s, to_frame {full['to_frame_s']:.2f} s")
    for k, v in extra.items():
        print(f"  {k}: {(full[k] - full['before']) / 1e6:,.0f} MB above the RSS before reading = {v:.2f}x the file")
    bad_peak = bad["peak_read"] / 1e6
    print(f"bad file: {r['bad_file_bytes'] / 1e6:.1f} MB; refused in {bad['read_s']:.2f} s, "
          f"{bad['listed']} problems listed + {bad['omitted']:,} counted, message {bad['message_bytes']:,} bytes, peak RSS {bad_peak:,.0f} MB")
    per = [(n, t / n * 1e6) for n, t in r["scaling"]]
    print("time (read + summarize) per commune: " + ", ".join(f"{n:,} rows {us:.2f} µs" for n, us in per))
    growth = per[-1][1] / per[0][1]
    print(f"  whole file / quarter file, per commune: {growth:.2f}x")
    if not check:
        return 0
    ok = [("bad file peaks under 1 GB", bad["peak_read"] < 1e9),
          ("read, summarize, to_frame peak under 5x the file", max(extra.values()) < 5),
          ("time per commune grows at most 1.25x from 1/4 to the whole file", growth <= 1.25)]
    for name, good in ok:
        print(f"  target: {name}: {'pass' if good else 'FAIL'}")
    return 0 if all(g for _, g in ok) else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=200.0)
    ap.add_argument("--dir", type=Path, default=None, help="where to write the files (default: a temporary directory)")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as d:
        r = measure(Path(d), args.mb)
    if args.json:
        args.json.write_text(json.dumps(r, indent=1))
    return report(r, check=args.mb >= 50)


if __name__ == "__main__":
    sys.exit(main())
