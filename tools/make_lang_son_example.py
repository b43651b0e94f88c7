#!/usr/bin/env python3
"""Generate the Lạng Sơn example communes tables (181 real xã, SYNTHETIC criteria lists).

Writes two files (UTF-8, LF) in the format read by ``CommuneTable`` (crates/ntm-criteria/src/communes.rs):

* ``examples/data/lang_son_2020.csv``: end of July 2020. The aggregates equal the ones published in
  the Lạng Sơn report of 14/8/2020 (seed: ``seed-lang-son-2020.txt``): 51 / 4 / 36 / 90 / 0 communes
  meeting 19 / 15-18 / 10-14 / 5-9 / under 5 criteria, 2110 criteria in total (11,66 per commune),
  and 2 communes recognised in 2020.
* ``examples/data/lang_son_2020_end.csv``: a SYNTHETIC second snapshot at the end of 2020 derived
  from the first (no published aggregate): 13 communes newly at 19 (11 of them recognised in
  2020), 3 recognised communes that dropped one criterion, a few communes gaining 1-2 criteria.

Only the commune codes, names and districts are real (GSO list of 01/06/2020, from
``lang_son_communes_2020.csv``; phường and thị trấn are left out). No per-commune table was
published: which criteria each commune meets, the recognition years and the end-of-2020 changes
are generated here with a fixed seed. Recognition decision numbers are never invented (left empty).

Usage (stdlib only, deterministic)::

    python3 tools/make_lang_son_example.py [REFERENCE_DIR] [--out-dir DIR]

REFERENCE_DIR defaults to ``../shared/reference`` relative to the repository root.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from statistics import NormalDist

SEED = 20200814  # the date of the report (14/8/2020)

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = REPO_ROOT / ".." / "shared" / "reference"
DEFAULT_OUT = REPO_ROOT / "examples" / "data"

N_CRITERIA = 19
REGION = "NMM"  # Trung du và miền núi phía Bắc (Northern Midlands and Mountains)

HEADER = [
    "code",
    "name",
    "district_code",
    "district",
    "region",
    "criteria_met",
    "met_count",
    "recognition",
    "recognition_year",
    "recognition_decision",
]

# Published aggregates (report of 14/8/2020, "Đến hết tháng 7/2020").
EXPECTED_COMMUNES = 181
# (low, high, number of communes), in the report's order.
BANDS = [(19, 19, 51), (15, 18, 4), (10, 14, 36), (5, 9, 90), (0, 4, 0)]
EXPECTED_TOTAL = 2110
RECOGNISED_IN_2020_JULY = 2

# End-of-2020 design (synthetic).
NEW_AT_19 = 13  # all 4 of the 15-18 band and the 9 highest of the 10-14 band
NEW_AT_19_RECOGNISED = 11  # appraised and recognised in late 2020; the other 2 not yet
DROPPERS = 3  # recognised communes at 19 in July that lost one criterion
DROPPED_CRITERIA = (17, 17, 10)  # environment, environment, income
OTHER_GAINERS = 15  # other communes gaining 1-2 criteria
END_AT_19 = 51 - DROPPERS + NEW_AT_19  # 61

# How often each criterion is met by communes that do not meet all 19 (weights for sampling
# without replacement). 2016-2020 set (Decision 1980/QĐ-TTg).
CRITERION_WEIGHTS = {
    1: 40.0,  # Quy hoạch (planning)
    2: 0.8,  # Giao thông (transport)
    3: 6.0,  # Thủy lợi (irrigation)
    4: 20.0,  # Điện (electricity)
    5: 0.8,  # Trường học (schools)
    6: 1.5,  # Cơ sở vật chất văn hóa (cultural facilities)
    7: 4.0,  # Cơ sở hạ tầng thương mại nông thôn (rural markets)
    8: 25.0,  # Thông tin và Truyền thông (information)
    9: 3.0,  # Nhà ở dân cư (housing)
    10: 0.5,  # Thu nhập (income)
    11: 0.25,  # Hộ nghèo (poverty)
    12: 12.0,  # Lao động có việc làm (labour)
    13: 0.6,  # Tổ chức sản xuất (production organisation)
    14: 5.0,  # Giáo dục và Đào tạo (education)
    15: 5.0,  # Y tế (health)
    16: 2.5,  # Văn hóa (culture)
    17: 0.3,  # Môi trường và an toàn thực phẩm (environment)
    18: 18.0,  # Hệ thống chính trị và tiếp cận pháp luật (political system)
    19: 40.0,  # Quốc phòng và An ninh (defence and security)
}

# District "strength" used to rank communes (plus noise): Thành phố Lạng Sơn and the districts on
# the Hà Nội - Lạng Sơn corridor ahead, the remote border districts behind.
DISTRICT_BIAS = {
    "178": 3.0,  # Thành phố Lạng Sơn
    "186": 0.6,  # Hữu Lũng
    "183": 0.55,  # Cao Lộc
    "187": 0.55,  # Chi Lăng
    "185": 0.2,  # Bắc Sơn
    "184": 0.15,  # Văn Quan
    "188": 0.1,  # Lộc Bình
    "182": 0.0,  # Văn Lãng
    "189": -0.3,  # Đình Lập
    "181": -0.35,  # Bình Gia
    "180": -0.35,  # Tràng Định
}
# Noise scale. The noise is stratified within each district (normal quantiles dealt out in a
# random order), so that a district's spread follows its bias and only the order is random.
NOISE = 0.7

# Distribution of the number of criteria within each band before the exact-total adjustment.
COUNT_WEIGHTS = {
    (15, 18): {15: 1, 16: 2, 17: 2, 18: 1},
    (10, 14): {10: 2, 11: 3, 12: 3, 13: 3, 14: 3},
    (5, 9): {5: 2, 6: 3, 7: 3, 8: 3, 9: 2},
}

# Recognition years of the 49 communes recognised before 2020 (synthetic, sums to 49).
EARLIER_YEARS = {2012: 2, 2013: 4, 2014: 6, 2015: 8, 2016: 7, 2017: 7, 2018: 7, 2019: 8}

SOURCE = (
    "Lạng Sơn provincial report of 14/8/2020 (UBND tỉnh online conference on the NTM programme, "
    "first 7 months of 2020; article by Trung tâm VHTT&TT Lộc Bình)"
)
SEED_SENTENCE = (
    "Đến hết tháng 7/2020, số tiêu chí bình quân 01 xã đạt 11,66 tiêu chí/xã, cụ thể: "
    "Số xã đạt 19 tiêu chí có 51/181 xã, chiếm 28,18%; Số xã đạt 15-18 tiêu chí có 04/181 xã, "
    "chiếm 2,21%; Số xã đạt 10-14 tiêu chí có 36/181 xã, chiếm 19,89%; Số xã đạt từ 5-9 tiêu chí "
    "có 90/181 xã, chiếm 49,72%."
)


def weighted_choice(rng: random.Random, weights: dict[int, float]) -> int:
    keys = sorted(weights)
    total = sum(weights[k] for k in keys)
    x = rng.random() * total
    for k in keys:
        x -= weights[k]
        if x < 0:
            return k
    return keys[-1]


def weighted_sample(rng: random.Random, items: list[int], k: int) -> list[int]:
    """k items without replacement, weights CRITERION_WEIGHTS (Efraimidis-Spirakis keys)."""
    keyed = sorted(((rng.random() ** (1.0 / CRITERION_WEIGHTS[i]), i) for i in sorted(items)), reverse=True)
    return sorted(i for _, i in keyed[:k])


def band_of(count: int) -> int:
    for b, (lo, hi, _) in enumerate(BANDS):
        if lo <= count <= hi:
            return b
    raise ValueError(count)


def fmt2(num: int, den: int) -> str:
    """num/den rounded half-up to 2 decimals, Vietnamese decimal comma."""
    v = (Decimal(num) / Decimal(den)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return str(v).replace(".", ",")


def read_communes(reference: Path) -> list[dict[str, str]]:
    path = reference / "lang_son_communes_2020.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = [
            {k: unicodedata.normalize("NFC", (v or "").strip()) for k, v in r.items()}
            for r in csv.DictReader(f)
        ]
    xa = [r for r in rows if r["unit_type"] == "xã"]
    assert len(xa) == EXPECTED_COMMUNES, f"expected {EXPECTED_COMMUNES} xã, found {len(xa)}"
    assert len({r["code"] for r in xa}) == EXPECTED_COMMUNES, "duplicate commune codes"
    assert set(r["district_code"] for r in xa) == set(DISTRICT_BIAS), "unexpected district codes"
    return xa


def july_2020(rng: random.Random, xa: list[dict[str, str]]) -> list[dict]:
    n = len(xa)
    # 1. Rank communes by district strength plus noise; the bands are filled from the top.
    by_district: dict[str, list[int]] = {}
    for i, r in enumerate(xa):
        by_district.setdefault(r["district_code"], []).append(i)
    score = [0.0] * n
    for d in sorted(by_district):
        members = by_district[d][:]
        rng.shuffle(members)
        for k, i in enumerate(members):
            score[i] = DISTRICT_BIAS[d] + NOISE * NormalDist().inv_cdf((k + 0.5) / len(members))
    order = sorted(range(n), key=lambda i: (-score[i], i))
    counts = [0] * n
    start = 0
    band_members: list[list[int]] = []
    for lo, hi, size in BANDS:
        members = order[start : start + size]
        start += size
        band_members.append(members)
    assert start == n

    # 2. Draw each commune's count within its band, then fix the total exactly.
    drawn: dict[int, list[int]] = {}
    for b, (lo, hi, _) in enumerate(BANDS):
        if lo == hi:
            drawn[b] = [lo] * len(band_members[b])
        elif band_members[b]:
            drawn[b] = [weighted_choice(rng, COUNT_WEIGHTS[(lo, hi)]) for _ in band_members[b]]
        else:
            drawn[b] = []
    diff = EXPECTED_TOTAL - sum(sum(v) for v in drawn.values())
    while diff != 0:
        step = 1 if diff > 0 else -1
        movable = [
            (b, j)
            for b, (lo, hi, _) in enumerate(BANDS)
            if lo != hi
            for j, c in enumerate(drawn[b])
            if lo <= c + step <= hi
        ]
        assert movable, "the published total is out of reach of the bands"
        b, j = movable[rng.randrange(len(movable))]
        drawn[b][j] += step
        diff -= step
    # Higher-ranked communes get the higher counts within their band.
    for b in range(len(BANDS)):
        for i, c in zip(band_members[b], sorted(drawn[b], reverse=True)):
            counts[i] = c

    # 3. Which criteria: weighted sampling without replacement.
    all_criteria = list(range(1, N_CRITERIA + 1))
    met = [weighted_sample(rng, all_criteria, c) for c in counts]

    # 4. Recognition: the 51 at 19 are all recognised; the 2 lowest-ranked in 2020, the others
    #    earlier, earlier years to higher-ranked communes.
    at19 = band_members[0]  # ranked, best first
    years = [y for y in sorted(EARLIER_YEARS) for _ in range(EARLIER_YEARS[y])]
    assert len(years) + RECOGNISED_IN_2020_JULY == len(at19)
    # a little shuffling of the years between neighbours so that districts mix
    for k in range(len(years) - 1):
        if rng.random() < 0.35:
            years[k], years[k + 1] = years[k + 1], years[k]
    rec_year = {i: y for i, y in zip(at19, years + [2020] * RECOGNISED_IN_2020_JULY)}

    out = []
    for i, r in enumerate(xa):
        out.append(
            {
                "row": r,
                "met": met[i],
                "recognition": "ntm" if i in rec_year else "",
                "year": rec_year.get(i),
                "score": score[i],
            }
        )
    return out


def end_2020(rng: random.Random, july: list[dict]) -> tuple[list[dict], dict]:
    end = [dict(c, met=list(c["met"])) for c in july]
    n = len(end)
    all_criteria = set(range(1, N_CRITERIA + 1))

    def rank_key(i: int):
        return (-len(july[i]["met"]), -july[i]["score"], i)

    # Droppers: 3 communes recognised before 2018 lose one criterion.
    candidates = [i for i in range(n) if july[i]["year"] is not None and july[i]["year"] <= 2017]
    droppers = sorted(rng.sample(candidates, DROPPERS))
    for i, crit in zip(droppers, DROPPED_CRITERIA):
        end[i]["met"] = [c for c in end[i]["met"] if c != crit]

    # Gainers to 19: the whole 15-18 band and the top of the 10-14 band.
    band15 = sorted((i for i in range(n) if 15 <= len(july[i]["met"]) <= 18), key=rank_key)
    band10 = sorted((i for i in range(n) if 10 <= len(july[i]["met"]) <= 14), key=rank_key)
    gainers = band15 + band10[: NEW_AT_19 - len(band15)]
    assert len(gainers) == NEW_AT_19
    for i in gainers:
        end[i]["met"] = sorted(all_criteria)
    # 11 of the 13 appraised and recognised in late 2020; the 2 lowest in July not yet.
    recognised_now = sorted(gainers, key=rank_key)[:NEW_AT_19_RECOGNISED]
    for i in recognised_now:
        end[i]["recognition"] = "ntm"
        end[i]["year"] = 2020

    # A few other communes gain 1-2 criteria (chosen among their missing ones, same weights).
    rest = [i for i in range(n) if len(july[i]["met"]) <= 14 and i not in gainers]
    others = sorted(rng.sample(rest, OTHER_GAINERS))
    for i in others:
        missing = sorted(all_criteria - set(end[i]["met"]))
        k = 1 if rng.random() < 0.6 else 2
        end[i]["met"] = sorted(set(end[i]["met"]) | set(weighted_sample(rng, missing, k)))

    info = {
        "droppers": droppers,
        "dropped": dict(zip(droppers, DROPPED_CRITERIA)),
        "gainers": sorted(gainers),
        "recognised_now": sorted(recognised_now),
        "not_yet": sorted(set(gainers) - set(recognised_now)),
        "others": others,
    }
    return end, info


def band_counts(table: list[dict]) -> list[int]:
    counts = [0] * len(BANDS)
    for c in table:
        counts[band_of(len(c["met"]))] += 1
    return counts


def total(table: list[dict]) -> int:
    return sum(len(c["met"]) for c in table)


def check_row_invariants(table: list[dict]) -> None:
    for c in table:
        m = c["met"]
        assert m == sorted(set(m)) and all(1 <= x <= N_CRITERIA for x in m)
        assert c["recognition"] in ("", "ntm")
        assert (c["year"] is None) == (c["recognition"] == "")
        if c["year"] is not None:
            assert 2012 <= c["year"] <= 2020


def check_july(july: list[dict]) -> None:
    check_row_invariants(july)
    assert len(july) == EXPECTED_COMMUNES
    assert band_counts(july) == [size for _, _, size in BANDS], band_counts(july)
    assert total(july) == EXPECTED_TOTAL, total(july)
    assert fmt2(total(july), len(july)) == "11,66"
    at19 = [c for c in july if len(c["met"]) == 19]
    assert all(c["recognition"] == "ntm" for c in at19)
    assert all(c["recognition"] == "" for c in july if len(c["met"]) < 19)
    assert sum(1 for c in at19 if c["year"] == 2020) == RECOGNISED_IN_2020_JULY
    assert all(2012 <= c["year"] <= 2019 for c in at19 if c["year"] != 2020)
    # the published percentages
    shares = [fmt2(100 * size, EXPECTED_COMMUNES) for _, _, size in BANDS[:4]]
    assert shares == ["28,18", "2,21", "19,89", "49,72"], shares


def check_end(july: list[dict], end: list[dict], info: dict) -> None:
    check_row_invariants(end)
    assert [c["row"]["code"] for c in end] == [c["row"]["code"] for c in july]
    n = len(end)
    j19 = {i for i in range(n) if len(july[i]["met"]) == 19}
    e19 = {i for i in range(n) if len(end[i]["met"]) == 19}
    assert len(e19) == END_AT_19 == 61, len(e19)
    newly = e19 - j19
    dropped = j19 - e19
    assert len(newly) == NEW_AT_19 and sorted(newly) == info["gainers"]
    assert len(dropped) == DROPPERS and sorted(dropped) == info["droppers"]
    # the 13 newly at 19: all of the 15-18 band and the top of the 10-14 band
    from15 = [i for i in newly if 15 <= len(july[i]["met"]) <= 18]
    from10 = [i for i in newly if 10 <= len(july[i]["met"]) <= 14]
    assert len(from15) == BANDS[1][2] and len(from15) + len(from10) == NEW_AT_19
    left10 = [len(july[i]["met"]) for i in range(n) if 10 <= len(july[i]["met"]) <= 14 and i not in newly]
    assert max(left10) <= min(len(july[i]["met"]) for i in from10)
    rec_now = [i for i in newly if end[i]["recognition"] == "ntm" and end[i]["year"] == 2020]
    assert len(rec_now) == NEW_AT_19_RECOGNISED
    assert sum(1 for i in newly if end[i]["recognition"] == "") == NEW_AT_19 - NEW_AT_19_RECOGNISED
    # the droppers: one criterion less, still recognised with the same year
    for i in dropped:
        assert len(end[i]["met"]) == 18
        assert set(end[i]["met"]) < set(july[i]["met"])
        assert end[i]["recognition"] == "ntm" and end[i]["year"] == july[i]["year"] <= 2019
    # nobody else loses anything; the others gain at most 2 criteria
    for i in range(n):
        if i in dropped:
            continue
        assert set(july[i]["met"]) <= set(end[i]["met"])
        if i not in newly:
            assert len(end[i]["met"]) - len(july[i]["met"]) <= 2
            assert end[i]["recognition"] == july[i]["recognition"] and end[i]["year"] == july[i]["year"]
    gained_1_2 = [i for i in range(n) if i not in newly and len(end[i]["met"]) > len(july[i]["met"])]
    assert sorted(gained_1_2) == info["others"] and len(gained_1_2) == OTHER_GAINERS
    # recognition: everybody at 19 is recognised except the 2 not yet appraised
    assert sum(1 for i in e19 if end[i]["recognition"] == "") == NEW_AT_19 - NEW_AT_19_RECOGNISED
    assert sum(1 for c in end if c["year"] == 2020) == RECOGNISED_IN_2020_JULY + NEW_AT_19_RECOGNISED
    assert sum(1 for c in end if c["recognition"] == "ntm") == 51 + NEW_AT_19_RECOGNISED
    assert band_counts(end)[4] == 0


def render(table: list[dict], comments: list[str]) -> str:
    buf = io.StringIO()
    for line in comments:
        assert "\n" not in line
        buf.write(f"# {line}\n")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADER)
    for c in table:
        r = c["row"]
        w.writerow(
            [
                r["code"],
                r["name"],
                r["district_code"],
                r["district"],
                REGION,
                ";".join(str(x) for x in c["met"]),
                len(c["met"]),
                c["recognition"],
                "" if c["year"] is None else c["year"],
                "",  # recognition_decision: never invented
            ]
        )
    return buf.getvalue()


def bands_text(table: list[dict]) -> str:
    b = band_counts(table)
    t = total(table)
    return (
        f"{b[0]} at 19, {b[1]} at 15-18, {b[2]} at 10-14, {b[3]} at 5-9, {b[4]} under 5; "
        f"{t} criteria in total ({t}/{len(table)} = {fmt2(t, len(table))} per commune)"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("reference_dir", nargs="?", type=Path, default=DEFAULT_REFERENCE)
    ap.add_argument("--out-dir", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)

    xa = read_communes(args.reference_dir.resolve())
    rng = random.Random(SEED)
    july = july_2020(rng, xa)
    check_july(july)
    end, info = end_2020(rng, july)
    check_end(july, end, info)

    def code(i: int) -> str:
        return july[i]["row"]["code"]

    rec2020 = [c["row"]["code"] for c in july if c["year"] == 2020]
    first = "Lạng Sơn, 181 xã (GSO list 01/06/2020). SYNTHETIC per-commune criteria: no per-commune table was published."
    july_comments = [
        first,
        f"The lists are generated by tools/make_lang_son_example.py (seed {SEED}) so that the aggregates equal the "
        f"published ones: {bands_text(july)}; 2 xã recognised in 2020. Source: {SOURCE}.",
        "Only code, name, district_code and district are real (GSO). criteria_met (which criteria each xã meets), "
        "met_count and recognition_year are SYNTHETIC: the per-criterion pattern and the district spread are "
        "plausible, not data.",
        f"The 49 other xã at 19 carry recognition=ntm with a SYNTHETIC earlier year (2012-2019); the 2 recognised in "
        f"2020 ({', '.join(rec2020)}) are chosen by the script too. recognition_decision is left empty: the real "
        "decision numbers are not known.",
        "region NMM = Trung du và miền núi phía Bắc (Northern Midlands and Mountains). criteria_met: criterion "
        "numbers of the 2016-2020 set (Decision 1980/QĐ-TTg), ascending, separated by ';'.",
    ]
    end_comments = [
        first,
        f"SECOND SNAPSHOT, end of 2020: entirely SYNTHETIC, no aggregate was published. Derived from "
        f"lang_son_2020.csv (end of July 2020) by tools/make_lang_son_example.py (seed {SEED}).",
        f"Changes since July: {NEW_AT_19} xã newly at 19 (the 4 of the 15-18 band and the 9 highest of the 10-14 "
        f"band), {NEW_AT_19_RECOGNISED} of them recognised in 2020 and 2 not yet appraised; {DROPPERS} recognised "
        f"xã dropped one criterion each ({', '.join(f'{code(i)}: {c}' for i, c in info['dropped'].items())}) "
        f"and keep recognition=ntm; {OTHER_GAINERS} other xã gained 1-2 criteria.",
        f"So 51 - {DROPPERS} + {NEW_AT_19} = {END_AT_19} xã at 19. Result: {bands_text(end)}.",
        "Only code, name, district_code and district are real (GSO). recognition_decision is left empty: the "
        "real decision numbers are not known. region NMM = Trung du và miền núi phía Bắc.",
    ]

    out = args.out_dir
    out.mkdir(parents=True, exist_ok=True)
    for name, table, comments in (
        ("lang_son_2020.csv", july, july_comments),
        ("lang_son_2020_end.csv", end, end_comments),
    ):
        (out / name).write_bytes(render(table, comments).encode("utf-8"))

    # Report on stdout.
    print(f"lang_son_2020.csv:     {bands_text(july)}")
    print(f"lang_son_2020_end.csv: {bands_text(end)}")
    print(f"recognised in 2020 (July): {', '.join(rec2020)}")
    print(f"droppers: {', '.join(f'{code(i)} (-{c})' for i, c in info['dropped'].items())}")
    print(f"newly at 19, recognised 2020: {', '.join(code(i) for i in info['recognised_now'])}")
    print(f"newly at 19, not yet recognised: {', '.join(code(i) for i in info['not_yet'])}")
    print(f"other gainers: {', '.join(code(i) for i in info['others'])}")
    print("criterion: communes meeting it (July / end)")
    for k in range(1, N_CRITERIA + 1):
        a = sum(1 for c in july if k in c["met"])
        b = sum(1 for c in end if k in c["met"])
        print(f"  {k:>2}: {a:>3} / {b:>3}")
    print("district: xã, at 19 / 15-18 / 10-14 / 5-9 (July), average")
    districts: dict[str, list[dict]] = {}
    for c in july:
        districts.setdefault(c["row"]["district"], []).append(c)
    for d, cs in districts.items():
        b = band_counts(cs)
        print(f"  {d:<22} {len(cs):>2}: {b[0]:>2} / {b[1]} / {b[2]:>2} / {b[3]:>2}   {fmt2(total(cs), len(cs))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
