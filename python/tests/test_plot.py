"""ntm_criteria.plot: both plots return the Axes and label what they draw."""

from __future__ import annotations

from pathlib import Path

import pytest

import ntm_criteria as ntm

plt = pytest.importorskip("matplotlib.pyplot")


def test_bands(seed_banding: ntm.Banding) -> None:
    s = ntm.Summary.from_band_counts([51, 4, 36, 90, 0], 2110, banding=seed_banding)
    fig, ax = plt.subplots()
    assert ntm.plot.bands(s, ax=ax) is ax
    assert [t.get_text() for t in ax.get_xticklabels()] == ["19", "15-18", "10-14", "từ 5-9", "dưới 5"]
    assert [p.get_height() for p in ax.patches] == [51, 4, 36, 90, 0]
    assert ax.texts[0].get_text() == "51\n(28,18%)"
    en = ntm.plot.bands(s, lang="en")
    assert en.texts[0].get_text() == "51\n(28.18%)" and en.get_xticklabels()[0].get_text() == "all 19"
    plt.close("all")


def test_criteria(lang_son_csv: Path, seed_banding: ntm.Banding) -> None:
    t = ntm.read_communes(lang_son_csv)
    s = ntm.summarize(t, banding=seed_banding)
    demo = ntm.CriteriaSet.load(Path(__file__).parent / "data" / "demo_set.json")
    ax = ntm.plot.criteria(s, criteria_set=demo, lang="vi")
    labels = [x.get_text() for x in ax.get_yticklabels()]
    assert len(ax.patches) == 19 and labels[9] == "10. Thu nhập"
    assert s.per_criterion is not None
    assert ax.patches[0].get_width() == pytest.approx(float(s.per_criterion[0][3]))
    plain = ntm.plot.criteria(t.to_frame())
    assert plain.get_yticklabels()[0].get_text() == "Tiêu chí 1"
    with pytest.raises(ntm.InvalidValueError):
        ntm.plot.criteria(ntm.summarize([19, 3]))
    with pytest.raises(ntm.InvalidValueError):
        ntm.plot.bands(s, lang="fr")
    plt.close("all")
