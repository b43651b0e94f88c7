"""Shared fixtures. The tests import the INSTALLED package (see the Makefile)."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

import pytest  # noqa: E402

import ntm_criteria as ntm  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DATA = HERE / "data"
SEED = (
    "Đến hết tháng 7/2020, số tiêu chí bình quân 01 xã đạt 11,66 tiêu chí/xã, cụ thể: "
    "Số xã đạt 19 tiêu chí có 51/181 xã, chiếm 28,18%; Số xã đạt 15-18 tiêu chí có 04/181 xã, chiếm 2,21%; "
    "Số xã đạt 10-14 tiêu chí có 36/181 xã, chiếm 19,89%; Số xã đạt từ 5-9 tiêu chí có 90/181 xã, chiếm 49,72%."
)


@pytest.fixture(scope="session")
def demo_set() -> ntm.CriteriaSet:
    """A 19-criteria set shaped like 1980/QĐ-TTg (test values, not official)."""
    return ntm.CriteriaSet.load(DATA / "demo_set.json")


@pytest.fixture(scope="session")
def lang_son_csv() -> Path:
    path = REPO / "examples" / "data" / "lang_son_2020.csv"
    assert path.exists(), f"{path} is missing (tools/make_lang_son_example.py makes it)"
    return path


@pytest.fixture(scope="session")
def seed_banding() -> ntm.Banding:
    """The banding of the Lạng Sơn report, whose last band reads "từ 5-9"."""
    return ntm.Banding.official().with_label(3, "từ 5-9", "5-9")


@pytest.fixture(scope="session")
def seed() -> str:
    """The sentence of the Lạng Sơn report of 14/8/2020 (shared/reference/seed-lang-son-2020.txt)."""
    return SEED
