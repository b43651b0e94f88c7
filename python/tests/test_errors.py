"""Every core error is a typed exception that lists every problem; panics never escape."""

from __future__ import annotations

import pickle
from typing import Any
import threading

import pytest

import ntm_criteria as ntm
from ntm_criteria import _deps, _ntm_criteria


def test_hierarchy() -> None:
    builtin = {
        ntm.ValidationError: ValueError,
        ntm.CatalogError: ValueError,
        ntm.UnknownRegionError: KeyError,
        ntm.UnknownProvinceError: KeyError,
        ntm.UnknownCommuneGroupError: KeyError,
        ntm.UnknownSetError: KeyError,
        ntm.UnknownIndicatorError: KeyError,
        ntm.UnknownCriterionError: KeyError,
        ntm.MissingDimensionError: ValueError,
        ntm.InvalidValueError: ValueError,
        ntm.BandingError: ValueError,
        ntm.EmptySummaryError: ValueError,
        ntm.BatchError: ValueError,
        ntm.FigureError: ValueError,
        ntm.SnapshotError: ValueError,
        ntm.NtmIOError: OSError,
        ntm.MissingDependencyError: ImportError,
    }
    for cls, base in builtin.items():
        assert issubclass(cls, ntm.NtmError) and issubclass(cls, base), cls


def _pandas() -> Any:
    return pytest.importorskip("pandas")


def test_each_variant_maps_to_its_class(demo_set: ntm.CriteriaSet, tmp_path: object) -> None:
    cases = [
        (lambda: ntm.region_of("Atlantis"), ntm.UnknownRegionError, "unknown_region"),
        (lambda: ntm.CommuneGroup("G9"), ntm.UnknownCommuneGroupError, "unknown_commune_group"),
        (lambda: ntm.CriteriaSet.load("1999"), ntm.UnknownSetError, "unknown_set"),
        (lambda: demo_set.indicator("0.0"), ntm.UnknownIndicatorError, "unknown_indicator"),
        (lambda: demo_set.criterion(0), ntm.UnknownCriterionError, "unknown_criterion"),
        (lambda: demo_set.assess({}), ntm.MissingDimensionError, "missing_dimension"),
        (lambda: ntm.Summary.from_band_counts([1, 0, 0, 0, 0], 500), ntm.InvalidValueError, "invalid_argument"),
        (lambda: demo_set.what_if(_pandas().DataFrame({"10": [40.0]}), "10", [-5.0], region="NMM"), ntm.InvalidValueError, "invalid_value"),
        (lambda: ntm.CriteriaSet.from_json("{"), ntm.CatalogError, "syntax"),
        (lambda: demo_set.assess({"10": -1.0}, region="NMM"), ntm.ValidationError, "negative"),
        (lambda: ntm.Banding([(0, 3, "a"), (3, 19, "b")]), ntm.BandingError, "bad_banding"),
        (lambda: ntm.summarize([]), ntm.EmptySummaryError, "empty_summary"),
        (lambda: ntm.read_communes("/no/such/file.csv"), ntm.NtmIOError, "io"),
        (lambda: ntm.PublishedReport.from_sentence("bình quân đạt 11.66"), ntm.FigureError, "bad_figure"),
        (
            lambda: ntm.Snapshot(ntm.CommuneTable.from_csv_text("code,met_count\nA,1\n"), "2016-2020", date="2020-13-01"),
            ntm.SnapshotError,
            "snapshot",
        ),
        (lambda: demo_set.coverage("XYZ"), ntm.UnknownRegionError, "unknown_region"),
    ]
    for call, cls, kind in cases:
        with pytest.raises(cls) as e:
            call()
        assert type(e.value) is cls, (cls, type(e.value))
        errors = e.value.errors()
        assert errors and errors[0]["type"] == kind, (cls, errors)
        assert set(errors[0]) == {"loc", "type", "msg", "input"}
        assert isinstance(errors[0]["loc"], tuple)
        assert e.value.error_count() == len(errors)
        assert str(e.value)


def test_validation_lists_all_problems(demo_set: ntm.CriteriaSet) -> None:
    with pytest.raises(ntm.ValidationError) as e:
        ntm.summarize(list(range(-60, 0)))
    assert e.value.error_count() == 60
    assert "… and 10 more (out_of_range: 10)" in str(e.value)  # the message shows 50; errors() has them all
    assert len(e.value.errors()) == 60


def test_panic_becomes_ntm_error() -> None:
    with pytest.raises(ntm.NtmError) as e:
        _ntm_criteria._panic_for_test()
    assert type(e.value) is ntm.NtmError
    assert "panic" in str(e.value) and e.value.errors()[0]["type"] == "panic"


def test_panic_in_a_thread_becomes_ntm_error() -> None:
    caught: list[BaseException] = []

    def run() -> None:
        try:
            _ntm_criteria._panic_for_test()
        except BaseException as exc:  # noqa: BLE001 - the test records what arrives
            caught.append(exc)

    t = threading.Thread(target=run)
    t.start()
    t.join()
    assert len(caught) == 1 and type(caught[0]) is ntm.NtmError


def test_exceptions_pickle() -> None:
    with pytest.raises(ntm.UnknownRegionError) as e:
        ntm.region_of("Atlantis")
    again = pickle.loads(pickle.dumps(e.value))
    assert type(again) is ntm.UnknownRegionError
    assert again.errors() == e.value.errors() and str(again) == str(e.value)
    with pytest.raises(ntm.NtmIOError) as io:
        ntm.read_communes("/no/such/file.csv")
    again_io = pickle.loads(pickle.dumps(io.value))
    assert str(again_io) == str(io.value) and again_io.filename == "/no/such/file.csv"


def test_missing_dependency_names_the_extra(monkeypatch: pytest.MonkeyPatch, demo_set: ntm.CriteriaSet) -> None:
    def missing(name: str) -> None:
        raise ImportError(f"No module named {name!r}")

    monkeypatch.setattr(_deps.importlib, "import_module", missing)
    with pytest.raises(ntm.MissingDependencyError, match=r'pip install "ntm-criteria\[plot\]"'):
        ntm.plot.bands(ntm.summarize([19]))
    with pytest.raises(ntm.MissingDependencyError, match=r'pip install "ntm-criteria\[pandas\]"'):
        demo_set.to_frame()
    with pytest.raises(ntm.MissingDependencyError, match=r'pip install "ntm-criteria\[polars\]"') as e:
        demo_set.to_frame(backend="polars")
    assert isinstance(e.value, ImportError)


@pytest.mark.parametrize(
    "call",
    [
        lambda: ntm.Banding.default_for(0),
        lambda: ntm.Banding.default_for(33),
        lambda: ntm.Banding.default_for(1000),
        lambda: ntm.Banding.default_for(-1),
        lambda: ntm.summarize([1, 2], criteria_count=50),
        lambda: ntm.summarize([1, 2], precision=9),
        lambda: ntm.summarize([1, 2], precision=-1),
        lambda: ntm.Summary.from_counts([19, 12], precision=7),
        lambda: ntm.Summary.from_counts([-1]),
    ],
    ids=["default_for_0", "default_for_33", "default_for_1000", "default_for_-1", "summarize_criteria_count_50",
         "precision_9", "precision_-1", "from_counts_precision_7", "from_counts_negative"],
)
def test_out_of_range_arguments_are_refused_never_clamped(call: Any) -> None:
    """Issue 16, findings 6 and 19: a number of criteria outside 1 to 32, a precision outside
    0 to 6 and a negative count are refused with InvalidValueError saying what is allowed; before,
    they were clamped (to 1, 32, 6) or raised a bare OverflowError."""
    with pytest.raises(ntm.InvalidValueError) as info:
        call()
    assert any(s in str(info.value) for s in ("1 to 32", "0 to 6", "from 0")), str(info.value)


@pytest.mark.parametrize(
    "call, what",
    [
        (lambda: ntm.Banding([(-1, 5, "a")]), "band lo"),
        (lambda: ntm.Banding([(0, 2**40, "a")]), "band hi"),
        (lambda: ntm.Banding([(0, 5, "a")], max=-5), "max"),
        (lambda: ntm.Summary.from_band_counts([2**64, 1, 0, 0, 0], 10), "band_counts"),
        (lambda: ntm.Summary.from_band_counts([1, 1, 0, 0, 0], -3), "total_criteria"),
        (lambda: ntm.Summary.from_band_counts([1.5, 1, 0, 0, 0], 30), "band_counts"),
    ],
    ids=["negative_lo", "huge_hi", "negative_max", "count_over_64_bits", "negative_total", "fractional_count"],
)
def test_band_bounds_and_counts_out_of_range_are_invalid_values(call: Any, what: str) -> None:
    """Issue 16, finding 19: negative bounds and counts beyond 64 bits raised a bare
    OverflowError; they are InvalidValueError naming the argument and the allowed range."""
    with pytest.raises(ntm.InvalidValueError, match="is not a whole number in 0..=") as info:
        call()
    assert (info.value.argument, info.value.indicator) == (what, None)


def test_every_exception_class_the_binding_names_exists() -> None:
    """The binding maps each core error variant to a class by name (an exhaustive match in
    crates/ntm-criteria-py/src/errors.rs): each name must be a subclass of NtmError here."""
    import re
    from pathlib import Path

    import ntm_criteria.exceptions as exceptions

    source = (Path(__file__).resolve().parents[2] / "crates" / "ntm-criteria-py" / "src" / "errors.rs").read_text(encoding="utf-8")
    named = set(re.findall(r'"([A-Z][A-Za-z]*Error)"', source))
    assert {"UnknownRegionError", "AmbiguousRegionError", "NtmIOError", "ValidationError"} <= named
    for name in sorted(named):
        cls = getattr(exceptions, name, None)
        assert isinstance(cls, type) and issubclass(cls, exceptions.NtmError), name


def test_the_five_unclear_messages_of_finding_20(demo_set: ntm.CriteriaSet) -> None:
    """Issue 16, finding 20: each message says what is wrong in the caller's own terms."""
    pd = pytest.importorskip("pandas")
    with pytest.raises(ntm.CatalogError) as info:
        demo_set.with_overrides({"17.1": (95, None)})
    assert "a pair has two numbers, and None is not one" in str(info.value), str(info.value)
    with pytest.raises(ntm.CatalogError) as info:
        demo_set.with_overrides({"99.9": (95, 60)})
    assert "the set has no such indicator" in str(info.value) and '"99.9"' in str(info.value), str(info.value)
    with pytest.raises(ntm.InvalidValueError) as lang:
        ntm.Banding.default_for(19).label_of(5, "fr")
    assert str(lang.value) == 'lang: "fr" is not a report language (vi or en)'
    assert (lang.value.argument, lang.value.indicator) == ("lang", None)
    frame = pd.DataFrame({"code": ["A"], "region": ["NMM"], "junk": ["x"], "10": [40.0]})
    out = demo_set.assess_frame(frame, ignore="junk")  # one name, not the characters j, u, n, k
    assert "junk" not in out.columns and len(out) == 1
    with pytest.raises(ntm.ValidationError, match='id_col="10" names indicator 10'):
        demo_set.assess_frame(frame.drop(columns="code"), id_col="10")
