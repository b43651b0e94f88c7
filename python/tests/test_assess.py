"""CriteriaSet.assess: one commune."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# An Assessment computes its criteria at once and its indicator detail on first use; the two
# must agree with the core's full assessment (its JSON) whatever the values.
_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.floats(min_value=0, max_value=100, allow_nan=False),
    st.tuples(st.floats(0, 100), st.floats(0, 100)),
)


@settings(max_examples=150, deadline=None)
@given(
    data=st.data(),
    set_name=st.sampled_from(["2016-2020", "2021-2025"]),
    region=st.sampled_from(["NMM", "RRD", "NCC", "SCC", "CH", "SE", "MRD"]),
    disadvantaged=st.booleans(),
)
def test_lazy_assessment_equals_the_full_one(data: Any, set_name: str, region: str, disadvantaged: bool) -> None:
    cs = ntm.CriteriaSet.load(set_name)
    ids = [i.id for i in cs.indicators]
    chosen = data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
    values = {}
    for i in chosen:
        ind = cs.indicator(i)
        v = data.draw(_VALUE)
        if isinstance(v, tuple) != (ind.rule == "at_least_both") and v is not None and not isinstance(v, bool):
            continue  # a shape the indicator refuses (tested elsewhere)
        if isinstance(v, float) and ind.rule in ("achieved", "province_defined"):
            v = float(v > 50)
        if isinstance(v, float) and ind.rule == "absent":
            v = float(round(v))  # an absent-rule indicator counts things: whole numbers
        values[i] = v
    a = cs.assess(values, region=region, disadvantaged=disadvantaged)
    full = json.loads(a.to_json())
    assert a.key == full["key"] and a.set_id == full["set_id"]
    assert a.met_count == full["met_count"] and a.meets_standard == full["meets_standard"]
    assert a.band == full["band"]
    assert [a.criteria[k] for k in range(1, cs.criteria_count + 1)] == full["criteria"]
    assert [a.criterion(k) for k in range(1, cs.criteria_count + 1)] == full["criteria"]
    # Asked again, the same objects.
    assert a == cs.assess(values, region=region, disadvantaged=disadvantaged)


def test_reused_value_dicts_see_their_new_values(demo_set: ntm.CriteriaSet) -> None:
    """Key objects are remembered by identity; values are always read afresh."""
    values = {"10": 40.0, "11": 4.0}
    first = demo_set.assess(values, region="NMM")
    values["10"] = 30.0
    second = demo_set.assess(values, region="NMM")
    assert first.criteria[10] == "met" and second.criteria[10] == "not_met"
    del values["10"]
    assert demo_set.assess(values, region="NMM").criteria[10] == "not_assessed"
    for _ in range(3):  # new key objects with the same text, many times over
        assert demo_set.assess({"".join(["1", "0"]): 40.0}, region="NMM").criteria[10] == "met"


def test_a_key_whose_eq_reenters_assess_does_not_deadlock(demo_set: ntm.CriteriaSet) -> None:
    calls = []

    class Key(str):
        __hash__ = str.__hash__

        def __eq__(self, other: object) -> bool:
            calls.append(demo_set.assess({"10": 40.0}, region="NMM").criteria[10])
            return str.__eq__(self, other)

    a = demo_set.assess({Key("10"): 30.0, "11": 4.0}, region="NMM")
    assert a.criteria[10] == "not_met"
    assert calls and set(calls) == {"met"}  # the nested call ran, without the key cache
