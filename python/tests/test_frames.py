"""CriteriaSet.assess_frame and what_if with pandas and polars frames."""

from __future__ import annotations

import json
from typing import Any, Dict

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ntm_criteria as ntm
from ntm_criteria import _frames

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")

DATA: Dict[str, Any] = {
    "code": ["a", "b", "c", "d"],
    "vung": ["Lạng Sơn", "NMM", "Hà Nội", "SE"],
    "10": [40.0, 30.0, np.nan, 60.0],
    "11": [3.0, 20.0, 1.0, 1.0],
    "17.1:hygienic": [95.0, 80.0, 99.0, 99.0],
    "17.1:clean": [60.0, 40.0, 70.0, 70.0],
    "2.2": [True, False, True, True],
}


def frames() -> list[Any]:
    return [pd.DataFrame(DATA), pl.DataFrame(DATA)]


def rows(df: Any) -> list[Dict[str, Any]]:
    return df.to_dicts() if isinstance(df, pl.DataFrame) else df.to_dict("records")  # type: ignore[no-any-return]


@pytest.mark.parametrize("df", frames(), ids=["pandas", "polars"])
def test_same_library_out(demo_set: ntm.CriteriaSet, df: Any) -> None:
    out = demo_set.assess_frame(df, region_col="vung", id_col="code")
    assert type(out) is type(df)
    cols = list(out.columns)
    assert cols == ["code"] + [f"c{k}" for k in range(1, 20)] + ["met_count", "band", "meets_standard"]
    r = rows(out)
    assert [x["code"] for x in r] == ["a", "b", "c", "d"]
    assert [x["c10"] for x in r] == ["met", "not_met", "not_assessed", "met"]
    assert [x["c11"] for x in r] == ["met", "not_met", "met", "met"]
    assert [x["c17"] for x in r] == ["not_assessed", "not_met", "not_assessed", "not_assessed"]
    assert [x["c2"] for x in r] == ["not_assessed", "not_met", "not_assessed", "not_assessed"]
    assert [x["met_count"] for x in r] == [2, 0, 1, 2]
    assert [x["band"] for x in r] == ["dưới 5"] * 4
    assert [x["meets_standard"] for x in r] == [False] * 4


@pytest.mark.parametrize("df", frames(), ids=["pandas", "polars"])
def test_frame_equals_row_by_row(demo_set: ntm.CriteriaSet, df: Any) -> None:
    out = rows(demo_set.assess_frame(df, region_col="vung", id_col="code"))
    for raw, got in zip(rows(df), out):
        values = {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in raw.items() if k not in ("code", "vung")}
        a = demo_set.assess(values, region=raw["vung"])
        assert {f"c{k}": s for k, s in a.criteria.items()} == {k: got[k] for k in got if k.startswith("c") and k != "code"}
        assert a.met_count == got["met_count"] and a.band == got["band"]


def test_pandas_index_and_categoricals(demo_set: ntm.CriteriaSet) -> None:
    df = pd.DataFrame(DATA, index=[10, 11, 11, 12])  # duplicate labels are kept as they are
    out = demo_set.assess_frame(df, region_col="vung", ignore=["code"])
    assert list(out.index) == [10, 11, 11, 12]
    assert "code" not in out.columns
    assert out["c10"].dtype == pd.CategoricalDtype(["met", "not_met", "not_assessed"])
    assert out["met_count"].dtype == np.uint8
    out_pl = demo_set.assess_frame(pl.DataFrame(DATA), region_col="vung", id_col="code")
    assert out_pl["c10"].dtype == pl.Enum(["met", "not_met", "not_assessed"])


def test_verdict_columns(demo_set: ntm.CriteriaSet) -> None:
    df = pd.DataFrame(
        {
            "17.1": pd.array([True, False, None], dtype="boolean"),
            "10": pd.array([40, None, 20], dtype="Int64"),
            "2.2": [1.0, 0.0, np.nan],
        }
    )
    out = demo_set.assess_frame(df, region="NMM")
    water = [demo_set.assess({"17.1": v}, region="NMM").indicators for v in (True, False, None)]
    assert [w[[i.indicator for i in w].index("17.1")].status for w in water] == ["met", "not_met", "not_assessed"]
    assert list(out["c10"]) == ["met", "not_assessed", "not_met"]
    assert list(out["c2"]) == ["not_assessed", "not_met", "not_assessed"]
    outp = demo_set.assess_frame(pl.DataFrame({"17.1": [True, False, None], "10": [40, None, 20]}), region="NMM")
    assert outp["c10"].to_list() == ["met", "not_assessed", "not_met"]


def test_every_column_problem_is_listed(demo_set: ntm.CriteriaSet) -> None:
    df = pd.DataFrame(DATA).assign(**{"foo": 1, "17.1:dirty": 3.0, "name": "x", "11.9": 1.0})
    df = df.drop(columns=["17.1:clean"])
    with pytest.raises(ntm.ValidationError) as e:
        demo_set.assess_frame(df, region_col="vung", id_col="code")
    found = sorted((x["loc"][0], x["type"]) for x in e.value.errors())
    # "name" is the commune's name: passed through, as in a CSV file.
    assert found == [
        ("11.9", "unknown_column"),
        ("17.1:clean", "missing_component"),
        ("17.1:dirty", "unknown_component"),
        ("foo", "unknown_column"),
    ]
    ok = demo_set.assess_frame(pd.DataFrame(DATA).assign(name="x"), region_col="vung", id_col="code")
    assert list(ok.columns[:2]) == ["code", "name"]
    ok = demo_set.assess_frame(pd.DataFrame(DATA).assign(name="x"), region_col="vung", id_col="code", ignore="name")
    assert "name" not in ok.columns
    with pytest.raises(ntm.ValidationError) as e2:
        demo_set.assess_frame(pd.DataFrame(DATA), region_col="region", id_col="ma_xa")
    assert sorted(x["loc"][0] for x in e2.value.errors()) == ["id_col", "region_col"]


def test_missing_error_lists_every_indicator(demo_set: ntm.CriteriaSet) -> None:
    with pytest.raises(ntm.ValidationError) as e:
        demo_set.assess_frame(pd.DataFrame({"10": [40.0]}), region="NMM", missing="error")
    missing = [x["loc"][0] for x in e.value.errors()]
    assert len(missing) == demo_set.indicator_count - 1 and "10" not in missing and "17.1" in missing


def test_bad_values_name_rows_and_communes(demo_set: ntm.CriteriaSet) -> None:
    df = pd.DataFrame(DATA).assign(**{"10": [150.0, -1.0, 3.0, -4.0], "2.2": [1.0, 0.5, 1.0, 1.0]})
    with pytest.raises(ntm.ValidationError) as e:
        demo_set.assess_frame(df, region_col="vung", id_col="code")
    locs = sorted(x["loc"] for x in e.value.errors())
    assert locs == [(2, "b", "10"), (2, "b", "2.2"), (4, "d", "10")]


def test_unknown_regions_name_the_rows(demo_set: ntm.CriteriaSet) -> None:
    for df in (pd.DataFrame(DATA), pl.DataFrame(DATA)):
        bad = df.assign(vung=["Atlantis", "NMM", None, "Atlantis"]) if isinstance(df, pd.DataFrame) else df.with_columns(
            vung=pl.Series(["Atlantis", "NMM", None, "Atlantis"])
        )
        with pytest.raises(ntm.ValidationError) as e:
            demo_set.assess_frame(bad, region_col="vung", id_col="code")
        errs = {x["type"]: x for x in e.value.errors()}
        # One problem per bad value, at its first row and commune, naming the other rows.
        assert errs["unknown_region"]["input"] == "Atlantis" and errs["unknown_region"]["loc"] == (1, "a", "vung")
        assert "also on rows 4" in errs["unknown_region"]["msg"]
        assert errs["missing_region"]["loc"][0] == 3 and "missing on rows 3" in errs["missing_region"]["msg"]


def test_categorical_region_column(demo_set: ntm.CriteriaSet) -> None:
    """A categorical region column is read through its codes: the same result as text, a
    category no row uses is never looked at, a bad one that rows use is named with its rows."""
    text = pd.DataFrame(DATA)
    cats = ["Atlantis", "SE", "NMM", "Hà Nội", "Lạng Sơn", "Mars"]  # two unused, not regions
    cat = text.assign(vung=pd.Categorical(DATA["vung"], categories=cats))
    want = demo_set.assess_frame(text, region_col="vung", id_col="code")
    pd.testing.assert_frame_equal(demo_set.assess_frame(cat, region_col="vung", id_col="code"), want)
    many = pd.Categorical(DATA["vung"], categories=cats + [f"x{i}" for i in range(200)])  # int16 codes
    assert many.codes.dtype == np.int16
    pd.testing.assert_frame_equal(demo_set.assess_frame(text.assign(vung=many), region_col="vung", id_col="code"), want)
    bad = text.assign(vung=pd.Categorical(["Atlantis", "NMM", None, "Atlantis"], categories=cats))
    with pytest.raises(ntm.ValidationError) as e:
        demo_set.assess_frame(bad, region_col="vung", id_col="code")
    errs = {x["type"]: x for x in e.value.errors()}
    assert errs["unknown_region"]["input"] == "Atlantis" and "also on rows 4" in errs["unknown_region"]["msg"]
    assert "missing on rows 3" in errs["missing_region"]["msg"]
    assert "Mars" not in str(e.value)


def test_region_arguments(demo_set: ntm.CriteriaSet) -> None:
    df = pd.DataFrame({"10": [40.0]})
    with pytest.raises(ntm.MissingDimensionError):
        demo_set.assess_frame(df)
    with pytest.raises(TypeError):
        demo_set.assess_frame(pd.DataFrame(DATA), region="NMM", region_col="vung")
    se = demo_set.assess_frame(df, region=ntm.Region.SE)
    dbkk = demo_set.assess_frame(df.assign(flag=[True]), region="SE", disadvantaged_col="flag")
    assert list(se["c10"]) == ["not_met"] and list(dbkk["c10"]) == ["met"]
    with pytest.raises(TypeError):
        demo_set.assess_frame({"10": [1.0]}, region="NMM")


GROUP_SET = {
    "format": 1,
    "id": "groups-3",
    "decision": "(test)",
    "decision_date": "2025-01-01",
    "valid_from": 2026,
    "valid_to": 2030,
    "title_vi": "t",
    "title_en": "t",
    "criteria_count": 2,
    "dimension": "commune_group",
    "sources": {"T": "test"},
    "criteria": [
        {
            "number": 1,
            "name_vi": "Thu nhập",
            "name_en": "Income",
            "indicators": [
                {
                    "id": "1.1",
                    "desc_vi": "Thu nhập",
                    "desc_en": "Income",
                    "unit": "million_vnd_per_person_year",
                    "rule": "at_least",
                    "thresholds": {g: {"value": v, "verified": True, "sources": ["T"]} for g, v in (("G1", 80), ("G2", 70), ("G3", 60))},
                }
            ],
        },
        {
            "number": 2,
            "name_vi": "Y tế",
            "name_en": "Health",
            "indicators": [{"id": "2.1", "desc_vi": "y", "desc_en": "h", "unit": "bool", "rule": "achieved"}],
        },
    ],
}


def test_commune_group_sets() -> None:
    s = ntm.CriteriaSet.from_json(json.dumps(GROUP_SET))
    assert s.dimension == "commune_group" and s.keys == ["G1", "G2", "G3"]
    df = pl.DataFrame({"nhom": ["G1", "nhóm 2", "3"], "1.1": [75.0, 75.0, 75.0], "2.1": [True, True, False]})
    out = s.assess_frame(df, commune_group_col="nhom")
    assert out["c1"].to_list() == ["not_met", "met", "met"]
    assert out["band"].to_list() == ["dưới 2", "2", "dưới 2"]
    with pytest.raises(ntm.MissingDimensionError) as e:
        s.assess_frame(df.drop("nhom"), region="NMM")
    assert e.value.dimension == "commune_group"  # type: ignore[attr-defined]
    with pytest.raises(ntm.ValidationError) as e:
        s.assess_frame(df.with_columns(nhom=pl.Series(["G1", "G9", "G2"])), commune_group_col="nhom")
    assert [(x["loc"], x["type"], x["input"]) for x in e.value.errors()] == [((2, "nhom"), "unknown_commune_group", "G9")]
    assert s.assess({"1.1": 61.0}, commune_group=ntm.CommuneGroup.G3).criteria[1] == "met"


def test_columns_are_handed_over_without_copies() -> None:
    """float64 columns, categorical codes and Arrow text reach the core as views of the frame's
    own memory (no copy, no Python object per row)."""
    df = pd.DataFrame({"10": np.arange(5, dtype=np.float64), "vung": pd.Categorical(["NMM"] * 5)})
    _, rows, cols = _frames.describe(df)
    assert rows == 5 and cols[0][1] == "f64" and np.shares_memory(cols[0][2], df["10"].to_numpy())
    assert cols[1][1] == "codes" and np.shares_memory(cols[1][2], df["vung"].array.codes)
    s = pl.Series("10", np.arange(5, dtype=np.float64))
    _, _, pcols = _frames.describe(pl.DataFrame([s]))
    assert np.shares_memory(pcols[0][2], s.to_numpy())
    pa = pytest.importorskip("pyarrow")
    text = pd.Series(["NMM", None, "RRD"], dtype=pd.StringDtype("pyarrow"))
    kind, chunks = _frames.describe(pd.DataFrame({"vung": text}))[2][0][1:]
    assert kind == "utf8"
    data = pa.array(text.array).buffers()[2]
    assert np.shares_memory(chunks[0][1], np.frombuffer(data, np.uint8))


@pytest.mark.parametrize("df", frames(), ids=["pandas", "polars"])
def test_what_if(demo_set: ntm.CriteriaSet, df: Any) -> None:
    t = demo_set.what_if(df, "10", [30, 36, 50, 70], region_col="vung", id_col="code")
    assert type(t) is type(df)
    r = rows(t)
    assert [x["threshold"] for x in r] == [30.0, 36.0, 50.0, 70.0]
    # Incomes 40 (NMM), 30 (NMM), missing (RRD), 60 (SE): the threshold is set for every region.
    assert [x["c10"] for x in r] == [3, 2, 1, 0]
    assert [x["dưới 5"] for x in r] == [4, 4, 4, 4]
    assert [x["meeting_standard"] for x in r] == [0, 0, 0, 0]
    with pytest.raises(ntm.BatchError):
        demo_set.what_if(df, "17.1", [90], region_col="vung", id_col="code")
    with pytest.raises(ntm.InvalidValueError):
        demo_set.what_if(df, "11", [120], region_col="vung", id_col="code")


def test_reassess_with_overrides(demo_set: ntm.CriteriaSet) -> None:
    df = pd.DataFrame(DATA)
    before = demo_set.assess_frame(df, region_col="vung", id_col="code")
    looser = demo_set.with_overrides({"10": {"NMM": 30}}).assess_frame(df, region_col="vung", id_col="code")
    assert (before["c10"] == "met").sum() == 2 and (looser["c10"] == "met").sum() == 3
    assert ntm.summarize(looser).per_criterion[9][1] == 3  # type: ignore[index]


def test_summaries_from_frames_agree(demo_set: ntm.CriteriaSet) -> None:
    a = ntm.summarize(demo_set.assess_frame(pd.DataFrame(DATA), region_col="vung", id_col="code"))
    b = ntm.summarize(demo_set.assess_frame(pl.DataFrame(DATA), region_col="vung", id_col="code"))
    c = ntm.summarize([demo_set.assess({k: v for k, v in r.items() if k not in ("code", "vung") and v == v}, region=r["vung"]) for r in rows(pd.DataFrame(DATA))])
    assert a == b == c
    edited = demo_set.assess_frame(pd.DataFrame(DATA), region_col="vung", id_col="code")
    edited.loc[0, "met_count"] = 7
    with pytest.raises(ntm.ValidationError) as e:
        ntm.summarize(edited)
    assert e.value.errors()[0]["type"] == "count_mismatch"


@given(
    st.lists(
        st.one_of(
            st.sampled_from(["NMM", "RRD", "ĐBSH", "Tây Nguyên", "nmm", "Lạng Sơn", "La\u0323ng So\u031bn"]),
            st.none(),
            st.just(float("nan")),
        ),
        min_size=1,
        max_size=60,
    ),
    st.booleans(),
)
@settings(max_examples=100, deadline=None)
def test_object_region_columns_equal_categoricals(values: list, shared: bool) -> None:
    """An object region column gives the result of the same values as a categorical, whether
    its texts are shared objects (as CSV readers make them) or one object per row (as numpy
    makes them); a missing value (None, NaN) is a missing region."""
    s = ntm.CriteriaSet.load("2016-2020")
    objs = [v if shared or not isinstance(v, str) else "".join(list(v)) for v in values]
    income = np.linspace(30.0, 60.0, len(values))
    obj = pd.DataFrame({"10": income, "vung": pd.Series(np.array(objs + [None], dtype=object)[:-1], dtype=object)})
    cat = obj.assign(vung=pd.Categorical([None if isinstance(v, float) else v for v in values]))
    def run(df: Any) -> Any:
        try:
            return s.assess_frame(df, region_col="vung", region=None)
        except ntm.ValidationError as e:
            return [(x["loc"], x["type"]) for x in e.errors()]
    a, b = run(obj), run(cat)
    if isinstance(a, list):
        assert a == b
    else:
        pd.testing.assert_frame_equal(a, b)


def test_objects_that_are_not_text() -> None:
    """Numbers, bools and other objects in a text column are read as the cells they stand for,
    and refused with the rule's kind (never skipped)."""
    s = ntm.CriteriaSet.load("2016-2020")
    df = pd.DataFrame({"10": [40.0, 40.0, 40.0], "vung": pd.Series(["NMM", 3, True], dtype=object)})
    with pytest.raises(ntm.ValidationError) as e:
        s.assess_frame(df, region_col="vung")
    assert sorted((x["loc"], x["input"]) for x in e.value.errors()) == [((2, "vung"), "3"), ((3, "vung"), "true")]
    many = pd.DataFrame({"10": np.full(5000, 40.0), "vung": np.array(["".join(["NM", "M"]) for _ in range(5000)], dtype=object)})
    assert (s.assess_frame(many, region_col="vung")["c10"] == "met").all()


def test_result_frame_does_not_share_the_input_id_column(demo_set: ntm.CriteriaSet) -> None:
    df = pd.DataFrame({"code": ["a", "b"], "10": [40.0, 30.0]}, index=[7, 9])
    out = demo_set.assess_frame(df, region="NMM", id_col="code")
    assert out.index.tolist() == [7, 9] and out["code"].tolist() == ["a", "b"]
    out.loc[7, "code"] = "changed"
    assert df.loc[7, "code"] == "a"
    df.loc[9, "code"] = "changed"
    assert out.loc[9, "code"] == "b"
