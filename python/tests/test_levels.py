"""Levels above the standard through every Python door (issue 14): a model-commune set (319/QĐ-TTg)
requires nâng cao, read from the commune's recognition, and its income condition is relative
(at least 110% of the nâng cao income level, two numbers)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import polars as pl
import pytest

import ntm_criteria as ntm

ROWS = [  # code, recognition, income, the nâng cao level: meets the set?
    ("A", "nang_cao", 55, 50, True),  # 55 = 1.1 × 50 exactly
    ("B", "kieu_mau", 80, 50, True),
    ("C", "ntm", 80, 50, False),  # every condition met, the prerequisite not
    ("D", "", 80, 50, False),  # not recognised
    ("E", "nang_cao", 54.9, 50, False),  # income short of 110%
]


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": [r[0] for r in ROWS],
            "recognition": [r[1] for r in ROWS],
            "1": ["Đạt"] * len(ROWS),
            "2:income": [float(r[2]) for r in ROWS],
            "2:nang_cao_income_level": [float(r[3]) for r in ROWS],
            "3": [1.0] * len(ROWS),
            "4": [1.0] * len(ROWS),
        }
    )


def test_the_model_commune_set_says_what_it_requires() -> None:
    s = ntm.CriteriaSet.load("319/QĐ-TTg")
    assert (s.id, s.level, s.requires) == ("kieu-mau-2021-2025", "kieu_mau", "nang_cao")
    assert s.indicator("2").rule == "at_least_times"
    assert s.indicator("2").components == ("income", "nang_cao_income_level")


@pytest.mark.parametrize("door", ["assess", "pandas", "polars", "csv"])
def test_a_commune_without_the_prerequisite_never_meets_the_set(door: str, tmp_path: Path) -> None:
    s = ntm.CriteriaSet.load("319")
    want = [r[4] for r in ROWS]
    if door == "assess":
        got = [
            s.assess({"1": True, "2": (r[2], r[3]), "3": 1, "4": 1}, recognition=r[1]).meets_standard for r in ROWS
        ]
    elif door in ("pandas", "polars"):
        df = frame() if door == "pandas" else pl.from_pandas(frame())
        out = s.assess_frame(df, id_col="code")
        got = list(out["meets_standard"])
        assert list(out["met_count"]) == [4, 4, 4, 4, 3]
    else:
        buf = io.StringIO()
        frame().to_csv(buf, index=False)
        path = tmp_path / "kieu_mau.csv"
        path.write_text(buf.getvalue(), encoding="utf-8")
        t = ntm.read_communes(path, criteria_set="319")
        got = [a.meets_standard for a in t.assess()]
        assert list(t.to_frame()["meets_standard"]) == want
    assert got == want


def test_the_prerequisite_is_not_assessed_without_a_recognition() -> None:
    s = ntm.CriteriaSet.load("319")
    a = s.assess({"1": True, "2": (60, 50), "3": 1, "4": 1})
    assert a.prerequisite == ("nang_cao", "not_assessed")
    assert (a.met_count, a.meets_standard) == (4, False)


def test_a_frame_without_a_recognition_column_is_refused() -> None:
    s = ntm.CriteriaSet.load("319")
    with pytest.raises(ntm.ValidationError) as e:
        s.assess_frame(frame().drop(columns="recognition"), id_col="code")
    assert "recognition" in str(e.value)
    assert e.value.errors()[0]["type"] == "missing_column"
