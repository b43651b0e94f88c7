"""A loaded CriteriaSet is immutable and shared between threads: 8 threads assessing at once get
identical results, and errors raised in threads are the same typed errors. Frames run without
the GIL."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, List

import numpy as np
import pytest

import ntm_criteria as ntm

THREADS = 8


def _together(work: Callable[[int], Any]) -> List[Any]:
    """Runs ``work(i)`` in 8 threads released at the same instant; returns the results in order.
    An exception in a thread is returned, not lost."""
    start = threading.Barrier(THREADS)
    results: List[Any] = [None] * THREADS

    def run(i: int) -> None:
        start.wait()
        try:
            results[i] = work(i)
        except BaseException as exc:  # noqa: BLE001 - the test inspects what happened
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _communes(n: int) -> List[Any]:
    """Deterministic, varied one-commune inputs (values, region)."""
    rng = np.random.default_rng(20200814)
    regions = ["NMM", "RRD", "NCC", "SCC", "CH", "SE", "MRD"]
    out = []
    for k in range(n):
        values = {
            "10": float(rng.uniform(20, 70)),
            "11": float(rng.uniform(0, 20)),
            "17.1": (float(rng.uniform(80, 100)), float(rng.uniform(30, 80))),
            "1.1": bool(rng.integers(0, 2)),
            "2.1": float(rng.uniform(60, 100)) if k % 5 else None,
            "9.1": float(rng.integers(0, 3)),
        }
        out.append((values, regions[k % len(regions)]))
    return out


def test_eight_threads_assess_one_shared_set(demo_set: ntm.CriteriaSet) -> None:
    communes = _communes(400)
    expected = [demo_set.assess(v, region=r) for v, r in communes]
    results = _together(lambda _: [demo_set.assess(v, region=r) for v, r in communes])
    for got in results:
        assert not isinstance(got, BaseException), got
        assert got == expected
    assert len({a.met_count for a in expected}) > 1  # the inputs are varied


def test_eight_threads_assess_a_bundled_set() -> None:
    # Loading races with first use: every thread loads the bundled set, then assesses with it.
    def work(i: int) -> Any:
        s = ntm.CriteriaSet.load("2016-2020")
        return s, [s.assess({"10": 30.0 + j, "17.1": (92, 40.0 + j)}, region="NMM").met_count for j in range(30)]

    results = _together(work)
    sets = [r[0] for r in results]
    counts = [r[1] for r in results]
    assert all(s == sets[0] for s in sets)
    assert all(c == counts[0] for c in counts)


def test_eight_threads_get_the_same_errors(demo_set: ntm.CriteriaSet) -> None:
    def work(i: int) -> Any:
        try:
            demo_set.assess({"10": -1.0, "4.2": 120.0, "17.1": 95.0}, region="NMM")
        except ntm.ValidationError as e:
            return type(e), e.errors()
        return None

    results = _together(work)
    assert results[0] is not None and results[0][0] is ntm.ValidationError
    assert [x["loc"] for x in results[0][1]] == [("4.2",), ("10",), ("17.1",)]
    assert all(r == results[0] for r in results)


def test_eight_threads_assess_frames_at_once(demo_set: ntm.CriteriaSet) -> None:
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(7)
    n = 50_000
    df = pd.DataFrame(
        {
            "province": rng.choice(["Lạng Sơn", "Hà Nội", "Cà Mau", "Đắk Lắk"], n),
            "10": rng.uniform(20, 70, n),
            "11": rng.uniform(0, 20, n),
            "17.1:hygienic": rng.uniform(80, 100, n),
            "17.1:clean": rng.uniform(30, 80, n),
        }
    )
    expected = demo_set.assess_frame(df, region_col="province")
    results = _together(lambda _: demo_set.assess_frame(df, region_col="province"))
    for got in results:
        assert not isinstance(got, BaseException), got
        assert got.equals(expected)


def test_one_set_many_threads(demo_set: ntm.CriteriaSet) -> None:
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(7)
    n = 200_000
    df = pd.DataFrame(
        {
            "10": rng.uniform(20, 70, n),
            "11": rng.uniform(0, 20, n),
            "17.1:hygienic": rng.uniform(80, 100, n),
            "17.1:clean": rng.uniform(30, 80, n),
        }
    )
    expected = ntm.summarize(demo_set.assess_frame(df, region="NMM"))
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(lambda _: ntm.summarize(demo_set.assess_frame(df, region="NMM")), range(THREADS)))
    assert all(r == expected for r in results)
    assert expected.total == n


def test_eight_threads_read_indicator_tables_against_one_set(demo_set: ntm.CriteriaSet, tmp_path: Any) -> None:
    # Reading and assessing run without the GIL; the set is shared, the results identical.
    rng = np.random.default_rng(11)
    provinces = ["Lạng Sơn", "Hà Nội", "Cà Mau", "Đắk Lắk"]
    lines = ["code;province;10;11;17.1:hygienic;17.1:clean;1.1"]
    for k in range(2_000):
        lines.append(
            f"{k:05d};{provinces[k % 4]};{rng.uniform(20, 70):.1f}".replace(".", ",")
            + f";{rng.uniform(1, 20):.2f}".replace(".", ",")  # a poverty rate in percent: 1 or more
            + f";{rng.uniform(80, 100):.1f}%;{rng.uniform(30, 80):.1f}%".replace(".", ",")
            + (";Đạt" if k % 3 else ";")
        )
    path = tmp_path / "communes.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = ntm.read_communes(path, criteria_set=demo_set)
    want = [a.criteria for a in expected.assess()]
    summary = expected.summarize()

    def work(i: int) -> Any:
        t = ntm.read_communes(path, criteria_set=demo_set)
        return t, [a.criteria for a in t.assess()], t.summarize()

    for got in _together(work):
        assert not isinstance(got, BaseException), got
        assert got[0] == expected and got[1] == want and got[2] == summary
    assert len({a.met_count for a in expected.assess()}) > 1
