"""Banding, Summary, summarize, summarize_by, summarize_frame, read_communes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

import ntm_criteria as ntm


def test_seed_from_band_counts(seed_banding: ntm.Banding, seed: str) -> None:
    s = ntm.Summary.from_band_counts([51, 4, 36, 90, 0], 2110, banding=seed_banding)
    assert s.report(as_of="Đến hết tháng 7/2020") == seed
    assert s.total == s.communes == 181
    assert s.average == Decimal("11.66") and isinstance(s.average, Decimal)
    assert s.bands[3] == ("từ 5-9", 5, 9, 90, Decimal("49.72"))
    assert s.per_criterion is None
    en = s.report("en", as_of="By the end of July 2020")
    assert en.startswith("By the end of July 2020, on average each commune meets 11.66 criteria")
    with pytest.raises(ntm.InvalidValueError):
        s.report("fr")  # type: ignore[arg-type]


def test_half_up_not_float_rounding() -> None:
    s = ntm.summarize([1] * 799 + [19])
    assert s.bands[0][4] == Decimal("0.13")  # 0.125 %: float formatting would give 0.12
    assert str(s.bands[4][4]) == "99.88"


def test_summarize_inputs_agree() -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    counts = [19, 19, 16, 12, 7, 0, 3]
    ref = ntm.Summary.from_counts(counts)
    assert ntm.summarize(counts) == ref
    assert ntm.summarize(tuple(counts)) == ref
    assert ntm.summarize(iter(counts)) == ref
    for dtype in (np.uint8, np.int64, np.int32, np.uint16, np.float64):
        assert ntm.summarize(np.array(counts, dtype=dtype)) == ref
    assert ntm.summarize(pd.Series(counts)) == ref
    assert ntm.summarize(pd.Series(counts, dtype="Int64")) == ref
    assert ntm.summarize(pl.Series(counts)) == ref
    assert ntm.summarize(pd.DataFrame({"met_count": counts})) == ref
    assert ntm.summarize(pl.DataFrame({"met_count": counts})) == ref
    assert ntm.summarize(np.array(counts)[::2]) == ntm.Summary.from_counts(counts[::2])  # strided


def test_bad_counts_are_all_listed() -> None:
    with pytest.raises(ntm.ValidationError) as e:
        ntm.summarize([19, 20, -1, 3.5, None])
    assert [x["loc"][0] for x in e.value.errors()] == [2, 3, 4, 5]
    assert [x["type"] for x in e.value.errors()] == ["out_of_range"] * 3 + ["missing_count"]
    with pytest.raises(ntm.ValidationError):
        ntm.summarize(np.array([19, 25], dtype=np.uint8))
    with pytest.raises(TypeError):
        ntm.summarize(np.array(["a"]))
    with pytest.raises(ntm.EmptySummaryError):
        ntm.summarize([])


def test_sum_to_100_and_precision() -> None:
    s = ntm.summarize([19, 12, 7], sum_to_100=True)
    assert sum(b[4] for b in s.bands) == Decimal("100.00")
    one = ntm.summarize([19, 12, 7], precision=1)
    assert one.average == Decimal("12.7") and one.precision == 1


def test_custom_banding() -> None:
    hue = ntm.Banding([(19, 19, "19"), (15, 18, "15-18"), (10, 14, "10-14"), (8, 9, "8-9"), (0, 7, ("dưới 8", "under 8"))])
    s = ntm.summarize([19, 9, 8, 7], banding=hue)
    assert [(b[0], b[3]) for b in s.bands] == [("19", 1), ("15-18", 0), ("10-14", 0), ("8-9", 2), ("dưới 8", 1)]
    assert s.bands_en[4][0] == "under 8"
    assert hue.bands[4] == (0, 7, "dưới 8", "under 8")
    with pytest.raises(ntm.BandingError):
        ntm.Banding([(0, 10, "a"), (12, 19, "b")])  # a gap
    partial = ntm.Banding([(14, 19, "từ 14")], partial=True)
    assert partial.max == 19 and partial.partial
    assert ntm.summarize([19, 3], banding=partial).unbanded == 1
    with pytest.raises(ntm.BandingError):
        ntm.summarize([19, 3], banding=partial, sum_to_100=True)
    assert ntm.Banding.official() == ntm.Banding.default_for(19)
    assert ntm.Banding.official().label_of(3, "en") == "fewer than 5"
    assert "Banding([(19, 19, '19', 'all 19')" in repr(ntm.Banding.official())


def test_assessments(demo_set: ntm.CriteriaSet) -> None:
    a = [demo_set.assess({i.id: True for i in demo_set.indicators}, region="NMM"), demo_set.assess({"10": 20.0}, region="NMM")]
    s = ntm.summarize(a)
    assert s.total == 2 and s.meeting_standard == 1
    assert s.per_criterion is not None and s.per_criterion[9] == (10, 1, 0, Decimal("50.00"))
    assert s.communes_not_assessed == 1
    with pytest.raises(TypeError):
        ntm.summarize([a[0], 19])


def test_to_frame_and_dict(seed_banding: ntm.Banding) -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    s = ntm.Summary.from_band_counts([51, 4, 36, 90, 0], 2110, banding=seed_banding)
    df = s.to_frame()
    assert list(df.columns) == ["band", "band_en", "lo", "hi", "communes", "share"]
    assert df.communes.sum() == 181 and df.share.iloc[0] == Decimal("28.18")
    dp = s.to_frame(backend="polars")
    assert isinstance(dp, pl.DataFrame) and dp["communes"].sum() == 181
    assert str(dp["share"][0]) == "28.18"
    d = s.to_dict()
    assert d["average"] == Decimal("11.66") and d["total"] == 181
    assert isinstance(pd.DataFrame, type)


def test_summarize_frame_and_by() -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    data = {"district": ["B", "A", "A", "B", "A"], "met_count": [19, 12, 7, 19, 3]}
    for df in (pd.DataFrame(data), pl.DataFrame(data)):
        t = ntm.summarize_frame(df, by="district")
        assert type(t) is type(df)
        rows = t.to_dicts() if isinstance(t, pl.DataFrame) else t.to_dict("records")
        assert [r["district"] for r in rows] == ["A", "B"]
        assert [r["communes"] for r in rows] == [3, 2]
        assert rows[0]["average"] == Decimal("7.33") and rows[1]["19 (%)"] == Decimal("100.00")
        by = ntm.summarize_by(df, by="district")
        assert list(by) == ["A", "B"] and by["B"] == ntm.summarize([19, 19])
    with pytest.raises(ntm.ValidationError) as e:
        ntm.summarize_frame(pd.DataFrame(data), by="province", count_col="tc")
    assert sorted(x["loc"][0] for x in e.value.errors()) == ["by", "count_col"]
    with pytest.raises(ntm.ValidationError):
        ntm.summarize_frame(pd.DataFrame({"district": ["A", None], "met_count": [1, 2]}), by="district")


def test_lang_son_table(lang_son_csv: Path, seed_banding: ntm.Banding, seed: str) -> None:
    t = ntm.read_communes(lang_son_csv)
    assert len(t) == 181 and t.criteria_count == 19
    s = ntm.summarize(t, banding=seed_banding)
    assert s.report(as_of="Đến hết tháng 7/2020") == seed
    assert t.summarize(banding=seed_banding) == s
    by = dict(t.summarize_by("district", banding=seed_banding))
    assert sum(x.total for x in by.values()) == 181


def test_lang_son_frames(lang_son_csv: Path, seed_banding: ntm.Banding) -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("polars")
    t = ntm.read_communes(lang_son_csv)
    s = ntm.summarize(t, banding=seed_banding)
    for backend in ("pandas", "polars"):
        df = t.to_frame(backend=backend)  # type: ignore[arg-type]
        assert ntm.summarize(df, banding=seed_banding) == s
        per = ntm.summarize_frame(df, by="district", banding=seed_banding)
        assert sum(per["communes"]) == 181


def test_read_communes_lists_every_problem(tmp_path: Path) -> None:
    p = tmp_path / "bad.csv"
    p.write_text("code,criteria_met,met_count,colour\n001,1;2;20,3,red\n", encoding="utf-8")
    with pytest.raises(ntm.ValidationError) as e:
        ntm.read_communes(p)
    assert e.value.errors()[0]["type"] == "unknown_column"
    with pytest.raises(ntm.NtmIOError):
        ntm.read_communes(tmp_path / "nope.csv")


def test_counts_that_overflow_64_bits_are_refused() -> None:
    # In a release build unchecked u64 arithmetic would wrap silently and print wrong figures.
    top = 2**64 - 1
    for bands, total in (([top, 1, 0, 0, 0], 0), ([top // 10, 0, 0, 0, 0], 0), ([0, 0, 0, 0, top // 50], 0)):
        with pytest.raises(ntm.InvalidValueError, match="overflows a 64-bit integer") as e:
            ntm.Summary.from_band_counts(bands, total)
        assert e.value.errors()[0]["type"] == "invalid_argument"
    s = ntm.Summary.from_band_counts([10**9, 0, 0, 0, 0], 19 * 10**9)
    assert s.average == Decimal("19.00") and s.communes == 10**9


def test_summarize_by_criteria_columns_equals_separate_summaries() -> None:
    """Grouped summaries of an assessed frame (criteria columns, with not-assessed cells) equal
    the summaries of each group's rows."""
    pd = pytest.importorskip("pandas")
    np = pytest.importorskip("numpy")
    cs = ntm.CriteriaSet.load("2016-2020")
    rng = np.random.default_rng(3)
    n = 300
    income = rng.uniform(20, 70, n)
    income[rng.random(n) < 0.1] = np.nan
    df = pd.DataFrame({"10": income, "11": rng.uniform(0, 15, n), "2.1": rng.random(n) < 0.5})
    district = rng.choice(["A", "B", "C"], n)
    out = cs.assess_frame(df, region="NMM").assign(district=district)
    by = ntm.summarize_by(out, by="district")
    assert sorted(by) == ["A", "B", "C"]
    for g, s in by.items():
        assert s == ntm.summarize(out[out["district"] == g])
        assert s.per_criterion is not None
    assert sum(s.communes for s in by.values()) == n


def test_the_sentence_never_hides_criteria_not_assessed() -> None:
    """Two communes for which only income (indicator 10) is given: every sentence says that
    criteria are not assessed, in vi and en, in summarize, summarize_by and the HTML display;
    the figures are those of offices (not assessed is not met); the clause can be left out."""
    pd = pytest.importorskip("pandas")
    cs = ntm.CriteriaSet.load("2016-2020")
    df = pd.DataFrame({"code": ["A", "B"], "district": ["X", "Y"], "10": [60.0, 20.0]})
    out = cs.assess_frame(df, id_col="code", region="Đông Nam Bộ")
    s = ntm.summarize(out)
    assert s.communes_not_assessed == 2
    assert s.report().startswith("Số tiêu chí bình quân 01 xã đạt 0,50 tiêu chí/xã (02 xã còn tiêu chí chưa đánh giá), cụ thể:")
    assert s.report("en").startswith("On average each commune meets 0.50 criteria (2 communes with criteria not assessed):")
    assert "chưa đánh giá" not in s.report(omit_not_assessed=True)
    assert "not assessed" not in s.report("en", omit_not_assessed=True)
    assert "02 xã còn tiêu chí chưa đánh giá" in s._repr_html_()
    for district, part in ntm.summarize_by(out, by="district").items():
        assert "(01 xã còn tiêu chí chưa đánh giá)" in part.report(), district
        assert "(1 commune with criteria not assessed)" in part.report("en"), district
    # Complete data, or counts alone (nothing known of what was assessed): no clause.
    assert "chưa đánh giá" not in ntm.summarize([19, 12]).report()
    assert "chưa đánh giá" not in ntm.summarize([19, 12])._repr_html_()
    # Our own sentence, clause included, audits clean.
    assert len(ntm.audit(s.report())) == 0


def test_a_banding_past_the_criteria_count_is_refused() -> None:
    typo = ntm.Banding([(15, 25, "15-25"), (0, 14, "dưới 15")])
    with pytest.raises(ntm.BandingError, match='band "15-25" goes to 25, past the 19 criteria of the set'):
        ntm.summarize([19, 15, 3], banding=typo, criteria_count=19)
    cs = ntm.CriteriaSet.load("2016-2020")
    table = ntm.read_communes(Path(__file__).resolve().parents[2] / "examples" / "data" / "lang_son_2020.csv", criteria_count=19)
    with pytest.raises(ntm.BandingError, match='band "15-25" goes to 25'):
        ntm.summarize(table, banding=typo)
    with pytest.raises(ntm.BandingError, match="numbered from 0"):
        ntm.Banding.official().with_label(5, "x")
    assert cs.criteria_count == 19


def test_summarize_frame_without_by_says_what_to_give() -> None:
    """Issue 15: summarize_frame(out) without by= was pyo3's bare 'missing keyword' TypeError."""
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"district": ["A", "B"], "met_count": [19, 7]})
    with pytest.raises(TypeError, match=r'needs by=, the column to group by \(e\.g\. by="district"\); summarize\(df\)'):
        ntm.summarize_frame(df)
    assert ntm.summarize(df).communes == 2
