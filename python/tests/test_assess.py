"""CriteriaSet.assess: one commune."""

from __future__ import annotations

import math

import pytest

import ntm_criteria as ntm


def test_assess_statuses_and_shortfalls(demo_set: ntm.CriteriaSet) -> None:
    a = demo_set.assess({"10": 31.0, "11": 4.0, "17.1": (92, 48), "2.2": True}, region="Lạng Sơn")
    assert a.key == "NMM" and a.set_id == "demo-19"
    assert a.criteria[10] == "not_met"
    assert a.criteria[11] == "met"
    assert a.criteria[17] == "not_met"
    assert a.criteria[1] == "not_assessed"  # no value: never met, never failed
    assert a.criterion(2) == "not_assessed"  # 2.1 has no value
    assert a.met_count == 1 and a.met == [11] and a.band == "dưới 5" and not a.meets_standard
    short = {s.indicator: (s.value, s.threshold, s.gap) for s in a.shortfalls}
    assert short == {"10": (31.0, 36.0, 5.0), "17.1": ((92.0, 48.0), (90.0, 50.0), 2.0)}
    assert [(u.indicator, u.key, u.verified) for u in a.unverified_thresholds] == [("2.2", "NMM", None), ("11", "NMM", "false")]
    outcome = a.indicators[0]
    assert (outcome.indicator, outcome.status, outcome.reason) == ("1.1", "not_assessed", "missing_value")


def test_components_as_keys(demo_set: ntm.CriteriaSet) -> None:
    a = demo_set.assess({"17.1:hygienic": 92.0, "17.1:clean": 55.0}, region="NMM")
    assert a.criteria[17] == "not_assessed"  # 17.2 has no value
    assert a.indicators[[i.indicator for i in a.indicators].index("17.1")].status == "met"
    with pytest.raises(ntm.ValidationError) as e:
        demo_set.assess({"17.1:hygienic": 92.0, "17.1:dirty": 3.0}, region="NMM")
    assert sorted(x["type"] for x in e.value.errors()) == ["missing_component", "unknown_component"]


def test_verdicts_and_numpy_scalars(demo_set: ntm.CriteriaSet) -> None:
    np = pytest.importorskip("numpy")
    values = {i.id: True for i in demo_set.indicators}
    a = demo_set.assess(values, region="SE")
    assert a.meets_standard and a.met_count == 19 and a.band == "19"
    b = demo_set.assess({"10": np.float64(60.0), "2.2": np.bool_(False)}, region="SE")
    assert b.criteria[10] == "met" and b.criteria[2] == "not_met"


def test_missing_region_names_it(demo_set: ntm.CriteriaSet) -> None:
    with pytest.raises(ntm.MissingDimensionError) as e:
        demo_set.assess({"10": 40.0})
    assert e.value.dimension == "region"  # type: ignore[attr-defined]
    assert "region" in str(e.value)
    assert isinstance(e.value, ValueError)


def test_disadvantaged_uses_nmm(demo_set: ntm.CriteriaSet) -> None:
    se = demo_set.assess({"10": 40.0}, region="SE")
    dbkk = demo_set.assess({"10": 40.0}, region="SE", disadvantaged=True)
    assert se.criteria[10] == "not_met" and dbkk.criteria[10] == "met" and dbkk.key == "NMM"


def test_every_bad_value_is_listed(demo_set: ntm.CriteriaSet) -> None:
    with pytest.raises(ntm.ValidationError) as e:
        demo_set.assess({"10": -5.0, "11": 150.0, "17.1": 3.0, "2.1": math.nan, "1.1": "yes"}, region="NMM")
    locs = sorted(x["loc"][0] for x in e.value.errors())
    assert locs == ["1.1", "10", "11", "17.1", "2.1"]
    assert e.value.error_count() == 5
    assert isinstance(e.value, ValueError)


def test_unknown_indicators_listed(demo_set: ntm.CriteriaSet) -> None:
    with pytest.raises(ntm.ValidationError) as e:
        demo_set.assess({"99.1": 1.0, "99.2": 2.0}, region="NMM")
    assert [x["input"] for x in e.value.errors()] == ["99.1", "99.2"]


def test_values_must_be_a_mapping(demo_set: ntm.CriteriaSet) -> None:
    with pytest.raises(TypeError):
        demo_set.assess([("10", 3.0)], region="NMM")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        demo_set.assess({"10": 3.0}, region=7)  # type: ignore[arg-type]


def test_assessment_json(demo_set: ntm.CriteriaSet) -> None:
    import json

    a = demo_set.assess({"10": 40.0}, region="NMM")
    d = json.loads(a.to_json())
    assert d["met_count"] == 1 and d["key"] == "NMM"
    assert a == demo_set.assess({"10": 40.0}, region="NMM")
    assert a != demo_set.assess({"10": 20.0}, region="NMM")
