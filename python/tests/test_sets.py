"""CriteriaSet, Criterion, Indicator, Region, CommuneGroup."""

from __future__ import annotations

import json
import pickle
import unicodedata
from pathlib import Path

import pytest

import ntm_criteria as ntm


def test_bundled_sets() -> None:
    assert ntm.criteria_sets() == ["2016-2020", "2021-2025", "2026-2030", "kieu-mau-2018-2020", "kieu-mau-2021-2025"]
    counts = {name: ntm.CriteriaSet.load(name).criteria_count for name in ntm.criteria_sets()}
    assert counts == {"2016-2020": 19, "2021-2025": 19, "2026-2030": 10, "kieu-mau-2018-2020": 4, "kieu-mau-2021-2025": 4}
    assert ntm.CriteriaSet.load("2026-2030").dimension == "commune_group"
    assert ntm.CriteriaSet.load("1980").id == "2016-2020"


def test_nang_cao_is_not_bundled() -> None:
    with pytest.raises(ntm.UnknownSetError) as e:
        ntm.CriteriaSet.load("2021-2025-nang-cao")
    assert isinstance(e.value, KeyError)
    assert "2016-2020" in str(e.value)


def test_criteria_and_indicators(demo_set: ntm.CriteriaSet) -> None:
    c = demo_set.criteria[16]
    assert (c.number, c.group, c.name_vi, c.name_en) == (17, "IV", "Môi trường và an toàn thực phẩm", "Environment and food safety")
    assert [i.id for i in c.indicators] == ["17.1", "17.2"]
    water = demo_set.indicator("17.1")
    assert water.components == ("hygienic", "clean")
    assert water.threshold("NMM") == (90.0, 50.0)
    assert water.threshold(ntm.Region.SCC) is None  # unknown, never filled in
    assert water.target("NMM") == "≥ 90 and ≥ 50"
    assert demo_set.indicator("10").threshold(ntm.region_of("Lạng Sơn")) == 36.0
    assert demo_set.indicator("2.2").threshold("NMM") is None  # a verdict rule
    with pytest.raises(ntm.UnknownIndicatorError):
        demo_set.indicator("99.9")
    with pytest.raises(ntm.UnknownCriterionError):
        demo_set.criterion(20)


def test_to_frame_pandas_and_polars(demo_set: ntm.CriteriaSet) -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    df = demo_set.to_frame()
    assert isinstance(df, pd.DataFrame)
    assert len(df) == demo_set.indicator_count * 7
    row = df[(df.indicator == "10") & (df.key == "NMM")].iloc[0]
    assert (row.threshold, row.rule, row.verified, row.sources) == (36.0, "at_least", "true", "T1")
    water = df[(df.indicator == "17.1") & (df.key == "RRD")].iloc[0]
    assert (water.threshold, water.threshold_2) == (98.0, 60.0)
    dfp = demo_set.to_frame(backend="polars")
    assert isinstance(dfp, pl.DataFrame)
    assert dfp.height == len(df)
    assert dfp.columns == list(df.columns)
    with pytest.raises(ntm.InvalidValueError):
        demo_set.to_frame(backend="excel")  # type: ignore[arg-type]


def test_with_overrides(demo_set: ntm.CriteriaSet) -> None:
    t = demo_set.with_overrides(
        {
            "10": 40,
            "17.1": {"NMM": (95, 60), "Hà Nội": None},
            "2.2": {"key": "NMM", "value": 60, "rule": "at_least", "unit": "percent", "verified": "partial"},
        },
        id="province",
    )
    assert t.id == "province" and t.based_on == "demo-19"
    assert t.indicator("10").threshold("SE") == 40.0
    assert t.indicator("17.1").threshold("NMM") == (95.0, 60.0)
    assert t.indicator("17.1").threshold("RRD") is None
    assert t.indicator("2.2").rule == "at_least"
    assert t.indicator("2.2").thresholds["NMM"]["verified"] == "partial"
    assert demo_set.indicator("10").threshold("SE") == 59.0  # the original is unchanged


def test_with_overrides_lists_every_problem(demo_set: ntm.CriteriaSet) -> None:
    with pytest.raises(ntm.CatalogError) as e:
        demo_set.with_overrides({"99.9": 1, "10": {"Atlantis": 3}, "11": {"rule": "bigger", "colour": "red"}})
    kinds = sorted(x["type"] for x in e.value.errors())
    assert kinds == ["bad_rule", "unknown_field"]
    with pytest.raises(ntm.CatalogError) as e2:
        demo_set.with_overrides({"99.9": 1, "10": {"Atlantis": 3}})
    assert sorted(x["type"] for x in e2.value.errors()) == ["unknown_indicator", "unknown_key"]


def test_with_overrides_takes_python_values_as_they_come(demo_set: ntm.CriteriaSet) -> None:
    """The binding converts (Region and CommuneGroup objects, tuples, numpy numbers); the core reads."""
    np = pytest.importorskip("numpy")
    t = demo_set.with_overrides(
        {
            "10": {ntm.Region.NMM: np.float64(30), "Hà Nội": np.int64(45), "SE": 50},
            "17.1": {ntm.Region("Lạng Sơn"): [95, 60]},
            "2.2": {"NMM": {"value": 60, "rule": "at_least", "unit": "percent", "verified": False, "note": "n"}},
        }
    )
    assert [t.indicator("10").threshold(k) for k in ("NMM", "RRD", "SE")] == [30.0, 45.0, 50.0]
    assert t.indicator("17.1").threshold("NMM") == (95.0, 60.0)
    assert (t.indicator("2.2").thresholds["NMM"]["verified"], t.indicator("2.2").thresholds["NMM"]["note"]) == ("false", "n")
    assert t.indicator("2.2").rule == "at_least"
    g = ntm.CriteriaSet.load("2026-2030")
    t = g.with_overrides({"C3-income-growth": {ntm.CommuneGroup("G2"): 7, "nhóm 3": 8}})
    assert [t.indicator("C3-income-growth").threshold(k) for k in ("G2", "G3")] == [7.0, 8.0]
    with pytest.raises(ntm.CatalogError) as e:
        demo_set.with_overrides({"10": {5: 30, "NMM": True}, "2.2": {"key": None, "note": 5, "value": object()}})
    got = [(x["loc"][0], x["type"]) for x in e.value.errors()]
    assert got == [
        ('overrides["10"]', "bad_key"),
        ('overrides["10"]["NMM"]', "bad_value"),
        ('overrides["2.2"].key', "bad_key"),
        ('overrides["2.2"].note', "bad_note"),
        ('overrides["2.2"].value', "bad_value"),
    ]
    with pytest.raises(TypeError, match="overrides must be a dict"):
        demo_set.with_overrides([("10", 40)])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="override keys are indicator ids"):
        demo_set.with_overrides({10: 40})  # type: ignore[dict-item]
    nested: object = []
    for _ in range(100_000):
        nested = [nested]
    with pytest.raises(ntm.CatalogError, match="a pair has two numbers, and"):
        demo_set.with_overrides({"17.1": (nested, 60)})  # a deep value is not looked into


def test_load_files(tmp_path: Path, demo_set: ntm.CriteriaSet) -> None:
    p = tmp_path / "copy.json"
    p.write_text(demo_set.to_json(), encoding="utf-8")
    assert ntm.CriteriaSet.load(p) == demo_set
    assert ntm.CriteriaSet.load(str(p)) == demo_set
    bad = tmp_path / "bad.json"
    doc = json.loads(demo_set.to_json())
    doc["criteria_count"] = 40
    doc["decision_date"] = "17/10/2016"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ntm.CatalogError) as e:
        ntm.CriteriaSet.load(bad)
    assert {x["loc"][-1] for x in e.value.errors()} >= {"criteria_count", "decision_date"}
    assert e.value.error_count() >= 2
    with pytest.raises(ntm.NtmIOError) as io:
        ntm.CriteriaSet.load(tmp_path / "missing.json")
    assert isinstance(io.value, OSError)
    assert io.value.filename == str(tmp_path / "missing.json")


def test_toml(demo_set: ntm.CriteriaSet) -> None:
    s = ntm.CriteriaSet.from_toml(
        """
format = 1
id = "demo"
decision = "1/QĐ-UBND"
decision_date = "2020-01-01"
valid_from = 2020
valid_to = 2020
title_vi = "Thử"
title_en = "Demo"
criteria_count = 1
dimension = "none"
[sources]
P1 = "https://example.org"
[[criteria]]
number = 1
name_vi = "Điện"
name_en = "Electricity"
[[criteria.indicators]]
id = "1.1"
desc_vi = "Tỷ lệ hộ dùng điện"
desc_en = "Households using electricity"
unit = "percent"
rule = "at_least"
thresholds.all = { value = 95, verified = true, sources = ["P1"] }
""",
        "demo.toml",
    )
    assert s.keys == ["all"]
    a = s.assess({"1.1": 97.0})
    assert a.meets_standard and a.band == "1"


def test_pickle_and_equality(demo_set: ntm.CriteriaSet) -> None:
    again = pickle.loads(pickle.dumps(demo_set))
    assert again == demo_set and hash(again) == hash(demo_set)
    assert pickle.loads(pickle.dumps(ntm.Region.NMM)) is not None
    assert pickle.loads(pickle.dumps(ntm.Region.NMM)) == ntm.Region.NMM
    assert pickle.loads(pickle.dumps(ntm.CommuneGroup.G2)) == ntm.CommuneGroup.G2


def test_regions() -> None:
    assert [r.code for r in ntm.regions()] == ["NMM", "RRD", "NCC", "SCC", "CH", "SE", "MRD"]
    r = ntm.region_of("Lạng Sơn")
    assert (r.code, r.name_vi, r.name_en) == ("NMM", "Trung du và miền núi phía Bắc", "Northern Midlands and Mountains")
    nfd = unicodedata.normalize("NFD", "Lạng Sơn")
    assert nfd != "Lạng Sơn"
    assert ntm.region_of(nfd) == r
    assert ntm.region_of("lang son") == ntm.region_of("LẠNG SƠN") == r
    assert ntm.region_of("NMM") == ntm.region_of("TDMNPB") == r
    assert ntm.region_of(unicodedata.normalize("NFD", "Đồng bằng sông Cửu Long")).code == "MRD"
    assert ntm.Region("Tây Nguyên") == ntm.Region.CH
    assert {ntm.Region.NMM, ntm.region_of("20")} == {ntm.Region.NMM}
    assert str(ntm.Region.SE) == "SE" and repr(ntm.Region.SE) == "Region('SE')"
    with pytest.raises(ntm.UnknownRegionError) as e:
        ntm.region_of("Atlantis")
    assert isinstance(e.value, KeyError)
    assert e.value.errors() == [
        {"loc": ("region",), "type": "unknown_region", "msg": 'unknown region "Atlantis"', "input": "Atlantis"}
    ]
    assert len(ntm.provinces()) == 63


def test_commune_groups() -> None:
    assert ntm.CommuneGroup("nhóm 2") == ntm.CommuneGroup.G2
    assert [g.code for g in ntm.CommuneGroup.all()] == ["G1", "G2", "G3"]
    with pytest.raises(ntm.UnknownCommuneGroupError):
        ntm.CommuneGroup("G4")


def test_html_reprs(demo_set: ntm.CriteriaSet) -> None:
    html = demo_set._repr_html_()
    assert "<table>" in html and "Môi trường và an toàn thực phẩm" in html
    a = demo_set.assess({"10": 30.0}, region="NMM")
    assert "✘" in a._repr_html_() and "≥ 36" in a._repr_html_()
    assert "&lt;" in ntm.Summary.from_counts([19], banding=ntm.Banding([(19, 19, "<19>"), (0, 18, "x")]))._repr_html_()
