"""examples/data/communes_2026_synthetic.csv: a SYNTHETIC criterion-level table for the 2026-2030 set
(51/2025/QĐ-TTg, 10 criteria, commune groups) on the map of 34 provincial units since 1/7/2025.

The expected figures are computed here from the CSV with the csv module, independently of the
library, and pinned to the hand-counted values of the file."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import ntm_criteria as ntm

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "data" / "communes_2026_synthetic.csv"
AS_OF = "2026-01-01"
CRITERIA = [f"c{k}" for k in range(1, 11)]


def _rows() -> list[dict[str, str]]:
    with EXAMPLE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def _meets_all(row: dict[str, str]) -> bool:
    return all(row[c] == "Đạt" for c in CRITERIA)


def test_the_file_is_labelled_synthetic_and_has_no_district() -> None:
    first = EXAMPLE.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#") and "SYNTHETIC" in first
    rows = _rows()
    assert list(rows[0]) == ["code", "name", "province", "commune_group", *CRITERIA]
    assert {r["commune_group"] for r in rows} == {"G1", "G2", "G3"}
    assert {r[c] for r in rows for c in CRITERIA} <= {"Đạt", "Không đạt", ""}


def test_the_summary_matches_the_hand_counts() -> None:
    rows = _rows()
    total = len(rows)
    meeting = sum(_meets_all(r) for r in rows)
    lao_cai = [r for r in rows if r["province"] == "Lào Cai"]
    assert (total, meeting) == (30, 9)
    assert (len(lao_cai), sum(_meets_all(r) for r in lao_cai)) == (5, 3)

    assert ntm.CriteriaSet.load("2026-2030").criteria_count == 10
    table = ntm.read_communes(EXAMPLE, criteria_count=10)
    s = table.summarize()
    assert (s.total, s.meeting_standard) == (total, meeting)
    assert "Số xã đạt 10 tiêu chí có 09/30 xã, chiếm 30,00%" in s.report()

    by = table.summarize_by("province")
    expected: dict[str, tuple[int, int]] = {}
    for r in rows:
        n, m = expected.get(r["province"], (0, 0))
        expected[r["province"]] = (n + 1, m + _meets_all(r))
    assert {k: (v.total, v.meeting_standard) for k, v in by.items()} == expected
    assert (by["Lào Cai"].total, by["Lào Cai"].meeting_standard) == (5, 3)

    # Without a count, the columns c1…c10 give it (as examples/data/README.md reads the file).
    implied = ntm.read_communes(EXAMPLE)
    assert implied.criteria_count == 10 and implied.summarize() == s


def test_every_province_is_one_of_the_34_units() -> None:
    names = {r["province"] for r in _rows()}
    units = {name for _, name, _ in ntm.provinces(as_of=AS_OF)}
    assert len(units) == 34
    assert names <= units, names - units
    assert len(names) >= 5 and {"Lâm Đồng", "Tuyên Quang"} <= names  # two units formed by mergers
    for name in sorted(names):
        try:
            assert isinstance(ntm.region_of(name, as_of=AS_OF), ntm.Region)
        except ntm.AmbiguousRegionError as e:  # a unit spanning two regions (Lâm Đồng, Gia Lai)
            assert e.unit == name


def test_a_unit_spanning_regions_is_refused_not_guessed() -> None:
    with pytest.raises(ntm.AmbiguousRegionError):
        ntm.region_of("Lâm Đồng", as_of=AS_OF)
    assert ntm.region_of("Tuyên Quang", as_of=AS_OF).code == "NMM"
