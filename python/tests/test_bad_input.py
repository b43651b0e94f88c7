"""The bad-input catalog (tests/bad_input/cases.json), shared with tests/rust/bad_input.rs.

Every case runs through the Python API and must raise exactly the expected exception class,
with exactly the expected problems in ``errors()`` (location and type, in order).

APIs: ``csv`` → ``read_communes(path, criteria_count=...)``, or with a set
``read_communes(path, criteria_set=set, region=..., commune_group=...)``; ``workbook`` → the same
with ``sheet=...``; ``set_json`` /
``set_toml`` / ``set_workbook`` → ``CriteriaSet.load(path)``; ``assess`` → ``CriteriaSet.assess``; ``frame`` →
``CriteriaSet.assess_frame`` with pandas; ``summary_csv`` / ``summary_counts`` → ``summarize``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import pytest

import ntm_criteria as ntm

REPO = Path(__file__).resolve().parent.parent.parent
CATALOG = REPO / "tests" / "bad_input"
CASES: List[Dict[str, Any]] = json.loads((CATALOG / "cases.json").read_text(encoding="utf-8"))["cases"]

# The core's NtmError variant → the Python exception class.
CLASSES: Dict[str, type] = {
    "Validation": ntm.ValidationError,
    "Catalog": ntm.CatalogError,
    "UnknownRegion": ntm.UnknownRegionError,
    "UnknownProvince": ntm.UnknownProvinceError,
    "UnknownCommuneGroup": ntm.UnknownCommuneGroupError,
    "UnknownSet": ntm.UnknownSetError,
    "UnknownIndicator": ntm.UnknownIndicatorError,
    "UnknownCriterion": ntm.UnknownCriterionError,
    "MissingDimension": ntm.MissingDimensionError,
    "InvalidValue": ntm.InvalidValueError,
    "InvalidArgument": ntm.InvalidValueError,
    "Banding": ntm.BandingError,
    "EmptySummary": ntm.EmptySummaryError,
    "Batch": ntm.BatchError,
    "Figure": ntm.FigureError,
    "Io": ntm.NtmIOError,
}


def _number(v: Any) -> float:
    if v == "NaN":
        return math.nan
    if v == "inf":
        return math.inf
    if v == "-inf":
        return -math.inf
    return float(v)


def _value(v: Any) -> Any:
    """A manifest value as a Python value: None, a bool, a number, "NaN"/"inf", or a pair."""
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, list):
        return (_number(v[0]), _number(v[1]))
    return _number(v)


def _column(values: List[Any]) -> List[Any]:
    return [_number(v) if v in ("NaN", "inf", "-inf") else v for v in values]


def _set(case: Dict[str, Any]) -> ntm.CriteriaSet:
    name = case["set"]
    if name.endswith((".json", ".toml")):
        return ntm.CriteriaSet.load(CATALOG / name)
    return ntm.CriteriaSet.load(name)


def _profile(case: Dict[str, Any]) -> Dict[str, Any]:
    return {k: case[k] for k in ("region", "commune_group", "disadvantaged") if k in case}


def _call(case: Dict[str, Any]) -> Callable[[], Any]:
    api = case["api"]
    path = CATALOG / case["file"] if "file" in case else None
    if api == "csv" and "set" not in case:
        return lambda: ntm.read_communes(path, criteria_count=case.get("criteria_count", 19))
    if api == "csv":
        return lambda: ntm.read_communes(path, criteria_set=_set(case), **_profile(case))
    if api == "workbook":
        sheet = {"sheet": case["sheet"]} if "sheet" in case else {}
        if "set" in case:
            return lambda: ntm.read_communes(path, criteria_set=_set(case), **_profile(case), **sheet)
        return lambda: ntm.read_communes(path, criteria_count=case.get("criteria_count", 19), **sheet)
    if api in ("set_json", "set_toml", "set_workbook"):
        return lambda: ntm.CriteriaSet.load(path)
    if api == "assess":
        return lambda: _set(case).assess({k: _value(v) for k, v in case["values"]}, **_profile(case))
    if api == "frame":
        pd = pytest.importorskip("pandas")
        df = pd.DataFrame({k: _column(v) for k, v in case["columns"].items()})
        return lambda: _set(case).assess_frame(df, **case["kwargs"])
    if api == "summary_csv":
        return lambda: ntm.summarize(ntm.read_communes(path, criteria_count=case.get("criteria_count", 19)))
    if api == "summary_counts":
        kw = {"criteria_count": case["criteria_count"]} if "criteria_count" in case else {}
        return lambda: ntm.summarize(case["counts"], banding=_banding(case), **kw)
    raise AssertionError(f"unknown api {api!r}")


def _banding(case: Dict[str, Any]) -> ntm.Banding:
    """The case's banding: ``bands`` (and ``partial``) or the official one, with ``label``."""
    b = ntm.Banding([tuple(x) for x in case["bands"]], partial=case.get("partial", False)) if "bands" in case else ntm.Banding.official()
    if "label" in case:
        b = b.with_label(case["label"][0], case["label"][1])
    return b


def _expected_loc(p: Dict[str, Any]) -> Tuple[Any, ...]:
    """The ``loc`` of ``errors()``: ``(row, commune, where)``, row and commune only when known."""
    return tuple(x for x in (p.get("row"), p.get("commune"), p["loc"]) if x is not None)


def _params() -> List[Any]:
    return [pytest.param(case, id=case["id"]) for case in CASES]


def test_the_catalog_has_40_cases() -> None:
    assert len(CASES) >= 40
    assert {c["api"] for c in CASES} >= {"csv", "workbook", "set_json", "set_toml", "set_workbook", "assess", "frame"}
    assert sum(1 for c in CASES if c["api"] == "csv" and "set" in c) >= 15  # IndicatorTable cases


@pytest.mark.parametrize("case", _params())
def test_case(case: Dict[str, Any]) -> None:
    expect = case["expect"]
    cls = CLASSES[expect["error"]]
    with pytest.raises(ntm.NtmError) as info:
        _call(case)()
    err = info.value
    assert type(err) is cls, f"{case['id']}: {type(err).__name__}, not {cls.__name__}: {err}"
    assert str(err)
    if "problems" in expect:
        got = [(e["loc"], e["type"]) for e in err.errors()]
        want = [(_expected_loc(p), p["kind"]) for p in expect["problems"]]
        assert got == want, f"{case['id']}: {err}"
        assert all(e["msg"] for e in err.errors())
    if "message" in expect:
        assert expect["message"] in str(err), f"{case['id']}: {err}"
