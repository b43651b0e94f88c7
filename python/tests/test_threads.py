"""CriteriaSet objects are immutable and shared between threads; frames run without the GIL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import ntm_criteria as ntm

pd = pytest.importorskip("pandas")


def test_one_set_many_threads(demo_set: ntm.CriteriaSet) -> None:
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
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: ntm.summarize(demo_set.assess_frame(df, region="NMM")), range(8)))
    assert all(r == expected for r in results)
    assert expected.total == n
