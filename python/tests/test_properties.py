"""Properties mirroring the Rust invariants (tests/rust/properties.rs), checked from Python.

- Python summaries equal Rust summaries, whatever the input form.
- Band counts sum to the number of communes; shares and averages are the exact values rounded
  half-up; with ``sum_to_100`` the shares sum to exactly 100.
- The frame path equals the one-commune path row by row (the oracle).
- Improving a value never lowers a count.
"""

from __future__ import annotations

import math
import os
from decimal import Decimal
from typing import Any, Dict, List, Optional

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ntm_criteria as ntm

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")

# `make fuzz-py` sets NTM_PROPERTY_PROFILE=long: a thousand examples instead of 60.
EXAMPLES = 1000 if os.environ.get("NTM_PROPERTY_PROFILE") == "long" else 60
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
REGIONS = ["NMM", "RRD", "NCC", "SCC", "CH", "SE", "MRD"]


def half_up(num: int, den: int, p: int) -> Decimal:
    units = (num * 10**p * 2 + den) // (2 * den)
    return Decimal(units).scaleb(-p)


counts_st = st.lists(st.integers(0, 19), min_size=1, max_size=300)


@SETTINGS
@given(counts=counts_st, precision=st.integers(0, 4))
def test_summaries_equal_rust_and_oracle(counts: List[int], precision: int) -> None:
    rust = ntm.Summary.from_counts(counts, precision=precision)
    for data in (counts, np.array(counts, dtype=np.uint8), np.array(counts), pd.Series(counts), pl.Series(counts)):
        assert ntm.summarize(data, precision=precision) == rust
    n = len(counts)
    assert rust.total == n and sum(b[3] for b in rust.bands) == n
    assert rust.total_criteria == sum(counts)
    assert rust.average == half_up(sum(counts), n, precision)
    assert rust.criteria_share == half_up(100 * sum(counts), 19 * n, precision)
    for label, lo, hi, count, share in rust.bands:
        assert count == sum(1 for c in counts if lo <= c <= hi)
        assert share == half_up(100 * count, n, precision)
    assert rust.meeting_standard == counts.count(19)


@SETTINGS
@given(counts=counts_st)
def test_sum_to_100(counts: List[int]) -> None:
    s = ntm.summarize(counts, sum_to_100=True)
    assert sum(b[4] for b in s.bands) == Decimal("100.00")
    for b in s.bands:
        exact = Decimal(100 * b[3]) / Decimal(len(counts))
        assert abs(b[4] - exact) < Decimal("0.01")


@st.composite
def communes(draw: Any) -> Dict[str, List[Any]]:
    n = draw(st.integers(1, 40))
    num = st.one_of(st.none(), st.floats(0, 100, allow_nan=False))
    verdict = st.one_of(st.none(), st.booleans())
    # The two numbers of 17.1 are given together or not at all (one alone is refused).
    water = draw(st.lists(st.one_of(st.none(), st.tuples(st.floats(0, 100), st.floats(0, 100))), min_size=n, max_size=n))
    return {
        "region": draw(st.lists(st.sampled_from(REGIONS), min_size=n, max_size=n)),
        "dbkk": draw(st.lists(st.booleans(), min_size=n, max_size=n)),
        "10": draw(st.lists(num, min_size=n, max_size=n)),
        "11": draw(st.lists(num, min_size=n, max_size=n)),
        "17.1:hygienic": [w and w[0] for w in water],
        "17.1:clean": [w and w[1] for w in water],
        "2.2": draw(st.lists(verdict, min_size=n, max_size=n)),
        "5.1": draw(st.lists(verdict, min_size=n, max_size=n)),
    }


def _values(data: Dict[str, List[Any]], r: int) -> Dict[str, Any]:
    v: Dict[str, Any] = {k: data[k][r] for k in ("10", "11", "2.2", "5.1")}
    a, b = data["17.1:hygienic"][r], data["17.1:clean"][r]
    v["17.1"] = None if a is None or b is None else (a, b)
    return v


def _pandas(data: Dict[str, List[Any]]) -> Any:
    df = pd.DataFrame({k: v for k, v in data.items() if k not in ("2.2", "5.1", "dbkk")})
    for k in ("10", "11", "17.1:hygienic", "17.1:clean"):
        df[k] = pd.array(data[k], dtype="Float64")
    for k in ("2.2", "5.1"):
        df[k] = pd.array(data[k], dtype="boolean")
    df["dbkk"] = data["dbkk"]
    return df


@SETTINGS
@given(data=communes())
def test_frame_equals_one_by_one(demo_set: ntm.CriteriaSet, data: Dict[str, List[Any]]) -> None:
    n = len(data["region"])
    oracle = [
        demo_set.assess(_values(data, r), region=data["region"][r], disadvantaged=data["dbkk"][r]) for r in range(n)
    ]
    for df in (_pandas(data), pl.DataFrame(data)):
        out = demo_set.assess_frame(df, region_col="region", disadvantaged_col="dbkk")
        records = out.to_dicts() if isinstance(out, pl.DataFrame) else out.to_dict("records")
        for a, row in zip(oracle, records):
            assert {k: row[f"c{k}"] for k in range(1, 20)} == a.criteria
            assert (row["met_count"], row["band"], row["meets_standard"]) == (a.met_count, a.band, a.meets_standard)
        assert ntm.summarize(out) == ntm.summarize(oracle)


@SETTINGS
@given(data=communes(), delta=st.floats(0, 50, allow_nan=False))
def test_improving_income_never_lowers_a_count(
    demo_set: ntm.CriteriaSet, data: Dict[str, List[Any]], delta: float
) -> None:
    better: Dict[str, List[Any]] = dict(data)
    better["10"] = [None if x is None else x + delta for x in data["10"]]
    before = demo_set.assess_frame(pl.DataFrame(data), region_col="region", disadvantaged_col="dbkk")
    after = demo_set.assess_frame(pl.DataFrame(better), region_col="region", disadvantaged_col="dbkk")
    assert all(a >= b for a, b in zip(after["met_count"].to_list(), before["met_count"].to_list()))
    s0, s1 = ntm.summarize(before), ntm.summarize(after)
    assert s1.meeting_standard >= s0.meeting_standard
    assert s0.per_criterion is not None and s1.per_criterion is not None
    assert all(b[1] >= a[1] for a, b in zip(s0.per_criterion, s1.per_criterion))


@SETTINGS
@given(data=communes(), grid=st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=5))
def test_what_if_equals_overrides(demo_set: ntm.CriteriaSet, data: Dict[str, List[Any]], grid: List[float]) -> None:
    df = pl.DataFrame(data).drop("dbkk")
    table = demo_set.what_if(df, "10", grid, region_col="region")
    for x, met10, standard in zip(grid, table["c10"].to_list(), table["meeting_standard"].to_list()):
        moved = demo_set.with_overrides({"10": x}).assess_frame(df, region_col="region")
        assert met10 == (moved["c10"] == "met").sum()
        assert standard == moved["meets_standard"].sum()


@SETTINGS
@given(
    counts=st.lists(st.integers(0, 19), min_size=1, max_size=80),
    groups=st.lists(st.sampled_from(["Bắc Sơn", "Cao Lộc", "Lộc Bình"]), min_size=80, max_size=80),
)
def test_groups_equal_separate_summaries(counts: List[int], groups: List[str]) -> None:
    keys = groups[: len(counts)]
    df = pd.DataFrame({"district": keys, "met_count": counts})
    by = ntm.summarize_by(df, by="district")
    for k, s in by.items():
        assert s == ntm.summarize([c for c, g in zip(counts, keys) if g == k])
    assert sum(s.total for s in by.values()) == len(counts)


def test_nan_is_missing_in_frames_but_refused_one_by_one(demo_set: ntm.CriteriaSet) -> None:
    out = demo_set.assess_frame(pd.DataFrame({"10": [math.nan]}), region="NMM")
    assert out["c10"].iloc[0] == "not_assessed"
    with pytest.raises(ntm.ValidationError):
        demo_set.assess({"10": math.nan}, region="NMM")
    none: Optional[float] = None
    assert demo_set.assess({"10": none}, region="NMM").criteria[10] == "not_assessed"
