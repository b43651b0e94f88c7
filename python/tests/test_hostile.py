"""Hostile inputs through every door (issue 16): generated CSV bytes, frames of every dtype
kind, dicts of any Python values, and report sentences.

The oracles:

- nothing escapes but an ``NtmError`` (or a documented ``TypeError`` for a wrong Python type);
- a CSV file gives exactly its data records (comment lines and empty lines aside), in order,
  with their codes, names and counts; or it is refused with a problem, never a silent loss;
- a frame's column, whatever its dtype, gives the statuses that per-row ``assess`` gives for
  the same values;
- ``audit(summary.report())`` is clean for any summary, and the reader reads the sentence back.

``make test`` runs a few dozen examples per test (seconds); ``make fuzz-py`` sets
``NTM_PROPERTY_PROFILE=long`` for a thousand each.
"""

from __future__ import annotations

import csv
import io
import math
import os
import unicodedata
from decimal import Decimal
from typing import Any, Callable, Dict, List, Optional, Tuple

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ntm_criteria as ntm

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")

PROFILE = os.environ.get("NTM_PROPERTY_PROFILE", "quick")
_SUPPRESS = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]
settings.register_profile("hostile-quick", max_examples=30, deadline=None, suppress_health_check=_SUPPRESS)
settings.register_profile("hostile-long", max_examples=1000, deadline=None, suppress_health_check=_SUPPRESS)
HOSTILE = settings.get_profile("hostile-long" if PROFILE == "long" else "hostile-quick")

SET = ntm.CriteriaSet.load("2016-2020")


def allowed(e: BaseException) -> bool:
    """An error the library may raise on bad input."""
    return isinstance(e, (ntm.NtmError, TypeError))


# --- CSV bytes ---------------------------------------------------------------------------

NAME_CHARS = st.sampled_from(list("abcXYZ ĐđạốưỡÀ,;\"'#%-.0123456789"))
CELL = st.one_of(st.integers(0, 19).map(str), st.sampled_from(["abc", "20", "-1", "1.5", "", "  7 "]))


@st.composite
def csv_file(draw: Any) -> Tuple[bytes, List[Tuple[str, str, str]], bool]:
    """CSV bytes of `code,met_count,name` in any line-end style, with comments, empty lines,
    quoted names and a BOM; the records written; and whether every record is valid."""
    n = draw(st.integers(1, 12))
    codes = [f"X{i:03d}" for i in range(n)]
    if n > 1 and draw(st.booleans()):
        codes[draw(st.integers(1, n - 1))] = codes[0]  # a duplicate code
    counts = [draw(st.one_of(st.integers(0, 19).map(str), CELL)) for _ in range(n)]
    names = [draw(st.text(NAME_CHARS, max_size=12)).strip() for _ in range(n)]
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter, lineterminator=end, quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])))
    w.writerow(["code", "met_count", "name"])
    for code, count, name in zip(codes, counts, names):
        for _ in range(draw(st.integers(0, 2))):
            out.write(draw(st.sampled_from(["# ghi chú" + end, end, delimiter * 2 + end])))
        w.writerow([code, count, name])
    text = out.getvalue()
    unclosed = draw(st.integers(0, 5)) == 0
    if unclosed:  # a quote opened in the last column and never closed (finding 2)
        text += delimiter.join(["Z999", "5", '"Xã chưa đóng']) + end + delimiter.join(["Z998", "6", "B"]) + end
    if draw(st.booleans()):
        text = text[: -len(end)]  # no line end after the last record
    data = text.encode("utf-8")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    valid = len(set(codes)) == n and all(c.strip().isdigit() and 0 <= int(c) <= 19 for c in counts) and not unclosed
    return data, list(zip(codes, counts, names)), valid


def clean_name(name: str) -> str:
    return unicodedata.normalize("NFC", name).strip()


@HOSTILE
@given(f=csv_file())
def test_a_csv_file_gives_every_record_or_a_problem(f: Tuple[bytes, List[Tuple[str, str, str]], bool], tmp_path_factory: Any) -> None:
    data, records, valid = f
    path = tmp_path_factory.mktemp("csv") / "communes.csv"
    path.write_bytes(data)
    try:
        table = ntm.read_communes(path)
    except ntm.ValidationError as e:
        assert not valid, f"valid records refused: {e}\n{data!r}"
        assert e.error_count() >= 1
        if b'"Xa\xcc' in data or "Xã chưa đóng".encode() in data:
            assert "unclosed_quote" in {x["type"] for x in e.errors()} | set(e.omitted), e.errors()
        return
    assert valid, f"invalid records accepted:\n{data!r}"
    df = table.to_frame()
    assert len(df) == len(records), data
    assert list(df["code"]) == [r[0] for r in records]
    assert [int(x) for x in df["met_count"]] == [int(r[1]) for r in records]
    names = [clean_name(x) if isinstance(x, str) else "" for x in df["name"]]
    assert names == [clean_name(r[2]) for r in records], data
    # The text door reads the same text the same way.
    text = data.decode("utf-8-sig")
    same = ntm.CommuneTable.from_csv_text(text).to_frame()
    assert list(same["code"]) == list(df["code"]) and list(same["met_count"]) == list(df["met_count"])


@HOSTILE
@given(data=st.binary(max_size=400), set_door=st.booleans())
def test_arbitrary_bytes_are_a_table_or_an_ntm_error(data: bytes, set_door: bool, tmp_path_factory: Any) -> None:
    path = tmp_path_factory.mktemp("bytes") / "x.csv"
    path.write_bytes(data)
    try:
        if set_door:
            t: Any = ntm.read_communes(path, criteria_set=SET, region="NMM")
        else:
            t = ntm.read_communes(path)
        len(t.summarize().bands)
    except ntm.NtmError:
        pass


# --- frames of every dtype kind ---------------------------------------------------------

VALUE = st.one_of(st.none(), st.integers(0, 90).map(float), st.integers(0, 900).map(lambda x: x / 10))


def expected(values: List[Optional[float]]) -> List[str]:
    """The status of criterion 10 (income) that per-row `assess` gives each value."""
    return [SET.assess({} if v is None else {"10": v}, region="NMM").criteria[10] for v in values]


def number_text(v: Optional[float]) -> Optional[str]:
    return None if v is None else f"{v:g}"


PANDAS_KINDS: Dict[str, Callable[[List[Optional[float]]], Any]] = {
    "float64": lambda v: pd.Series([np.nan if x is None else x for x in v], dtype="float64"),
    "float32": lambda v: pd.Series([np.nan if x is None else x for x in v], dtype="float32"),
    "Float64": lambda v: pd.Series(v, dtype="Float64"),
    "Int64": lambda v: pd.Series([None if x is None else int(x) for x in v], dtype="Int64"),
    "object": lambda v: pd.Series(v, dtype=object),
    "object-decimal": lambda v: pd.Series([None if x is None else Decimal(str(x)) for x in v], dtype=object),
    "str": lambda v: pd.Series([number_text(x) for x in v], dtype="str"),
    "category": lambda v: pd.Series([number_text(x) for x in v], dtype="category"),
    "double[pyarrow]": lambda v: pd.Series(v, dtype="double[pyarrow]"),
    "string[pyarrow]": lambda v: pd.Series([number_text(x) for x in v], dtype="string[pyarrow]"),
}

POLARS_KINDS: Dict[str, Callable[[List[Optional[float]]], Any]] = {
    "Float64": lambda v: pl.Series(v, dtype=pl.Float64),
    "Float32": lambda v: pl.Series(v, dtype=pl.Float32),
    "Int64": lambda v: pl.Series([None if x is None else int(x) for x in v], dtype=pl.Int64),
    "String": lambda v: pl.Series([number_text(x) for x in v], dtype=pl.String),
    "Categorical": lambda v: pl.Series([number_text(x) for x in v], dtype=pl.Categorical),
    "Decimal": lambda v: pl.Series([None if x is None else Decimal(str(x)) for x in v], dtype=pl.Decimal(10, 2)),
}


def as_kind(kind: str, values: List[Optional[float]]) -> List[Optional[float]]:
    """The values a column of `kind` holds (float32 rounds; integer kinds hold whole numbers)."""
    if kind.lower().startswith("int"):
        return [None if x is None else float(int(x)) for x in values]
    if kind.lower() == "float32":
        return [None if x is None else float(np.float32(x)) for x in values]
    return values


@HOSTILE
@given(values=st.lists(VALUE, min_size=1, max_size=8), kind=st.sampled_from(sorted(PANDAS_KINDS)), backend=st.sampled_from(["pandas", "polars"]), data=st.data())
def test_a_column_of_any_dtype_agrees_with_per_row_assess(values: List[Optional[float]], kind: str, backend: str, data: Any) -> None:
    if backend == "polars":
        kind = data.draw(st.sampled_from(sorted(POLARS_KINDS)))
        column = POLARS_KINDS[kind](values)
        df = pl.DataFrame({"code": [f"C{i}" for i in range(len(values))], "10": column})
    else:
        if kind.endswith("[pyarrow]"):
            pytest.importorskip("pyarrow")
        df = pd.DataFrame({"code": [f"C{i}" for i in range(len(values))], "10": PANDAS_KINDS[kind](values)})
    out = SET.assess_frame(df, region="NMM", id_col="code")
    got = list(out["c10"].to_list() if backend == "polars" else out["c10"].astype(str))
    assert got == expected(as_kind(kind, values)), (backend, kind, values, got)


# A bool column is not here: a bool is the sector agency's verdict, accepted for any indicator
# (docs/input-rules.md, verdicts).
REFUSED_PANDAS: Dict[str, Callable[[int], Any]] = {
    "complex": lambda n: pd.Series([20 + 50j] * n),
    "datetime": lambda n: pd.Series(pd.date_range("2020-01-01", periods=n)),
    "timedelta": lambda n: pd.Series(pd.to_timedelta(range(n), unit="D")),
    "bytes": lambda n: pd.Series([b"40"] * n, dtype=object),
    "text": lambda n: pd.Series(["bốn mươi"] * n, dtype=object),
    "beyond-float": lambda n: pd.Series([10**400] * n, dtype=object),
    "decimal-snan": lambda n: pd.Series([Decimal("sNaN")] * n, dtype=object),
}


@pytest.mark.parametrize("kind", sorted(REFUSED_PANDAS))
def test_a_column_that_cannot_hold_income_is_refused_with_an_ntm_error(kind: str) -> None:
    df = pd.DataFrame({"code": ["A", "B"], "10": REFUSED_PANDAS[kind](2)})
    with pytest.raises(ntm.NtmError) as info:
        SET.assess_frame(df, region="NMM", id_col="code")
    assert any(e["loc"][-1] == "10" or "10" in e["msg"] for e in info.value.errors()), info.value.errors()


# --- dicts -------------------------------------------------------------------------------

ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.binary(max_size=4),
    st.complex_numbers(max_magnitude=100),
    st.tuples(st.floats(0, 100), st.floats(0, 100)),
    st.lists(st.floats(0, 100), max_size=3),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    st.sampled_from([np.float32(40.5), np.int64(3), np.bool_(True), np.nan]),
)
KEYS = st.sampled_from(["10", "1.1", "9.1", "17.1", "11", "99.9", "", "c5"])


@HOSTILE
@given(values=st.dictionaries(KEYS, ANY_VALUE, max_size=5))
def test_a_dict_of_any_values_is_assessed_or_refused_with_an_ntm_error(values: Dict[str, Any]) -> None:
    try:
        a = SET.assess(values, region="NMM")
    except Exception as e:  # noqa: BLE001 - the oracle is the type of what escapes
        assert allowed(e), f"{type(e).__name__}: {e} for {values!r}"
        return
    plain = {k: v for k, v in values.items() if type(v) is float and math.isfinite(v)}
    if values and plain == values and set(values) <= {"10", "11"}:
        df = pd.DataFrame({k: [v] for k, v in values.items()} | {"code": ["A"]})
        out = SET.assess_frame(df, region="NMM", id_col="code")
        assert [out[f"c{k}"][0] for k in range(1, 20)] == [a.criteria[k] for k in range(1, 20)]


# --- report sentences --------------------------------------------------------------------


@HOSTILE
@given(
    counts=st.lists(st.integers(0, 19), min_size=1, max_size=400),
    precision=st.integers(0, 4),
    lang=st.sampled_from(["vi", "en"]),
    empty=st.booleans(),
)
def test_the_auditor_finds_nothing_in_our_own_sentences(counts: List[int], precision: int, lang: str, empty: bool) -> None:
    s = ntm.summarize(counts, precision=precision)
    text = s.report(lang=lang, include_empty_bands=empty)
    assert len(ntm.audit(text)) == 0, text
    if lang == "vi":
        r = ntm.PublishedReport.from_sentence(text)
        assert r.communes == len(counts), text


@HOSTILE
@given(counts=st.lists(st.integers(0, 19), min_size=1, max_size=50), cut=st.integers(0, 400), insert=st.text(max_size=8))
def test_a_mangled_sentence_is_read_or_refused_never_crashes(counts: List[int], cut: int, insert: str) -> None:
    text = ntm.summarize(counts).report()
    cut = min(cut, len(text))
    mangled = text[:cut] + insert + text[cut + len(insert) :]
    try:
        ntm.audit(mangled)
        ntm.read_reports(mangled)
    except ntm.NtmError:
        pass


def test_the_profile_is_known() -> None:
    """A typo in NTM_PROPERTY_PROFILE must not silently run the quick profile under `make fuzz-py`."""
    assert PROFILE in ("quick", "long"), PROFILE
    assert HOSTILE.max_examples == (1000 if PROFILE == "long" else 30)


# --- a bad number in a typed column ---------------------------------------------------------

BAD_NUMBERS = [
    ("17.1", 95.0, "needs_components"),
    ("11", 120.0, "out_of_range"),
    ("10", -5.0, "negative"),
    ("9.1", 0.5, "not_whole"),
    ("1.1", 2.0, "not_yes_no"),
    ("17.1:hygienic", 120.0, "out_of_range"),
]


@pytest.mark.parametrize("column, value, kind", BAD_NUMBERS, ids=[b[0] for b in BAD_NUMBERS])
def test_a_bad_number_is_the_same_problem_in_a_typed_column_a_csv_and_a_dict(column: str, value: float, kind: str, tmp_path: Any) -> None:
    """Issue 16, findings 12-14: a float column of a frame goes through the batch kernel, a CSV
    cell and a dict value through the cell parser; the problem must be the same (kind, column)."""
    cols: Dict[str, List[Any]] = {"code": ["A"], column: [value]}
    if column == "17.1:hygienic":
        cols["17.1:clean"] = [50.0]
    got = {}
    for name, df in {"pandas": pd.DataFrame(cols), "polars": pl.DataFrame(cols)}.items():
        with pytest.raises(ntm.ValidationError) as e:
            SET.assess_frame(df, region="NMM", id_col="code")
        got[name] = [(x["type"], x["loc"][-1]) for x in e.value.errors()]
    path = tmp_path / "x.csv"
    path.write_text(",".join(cols) + "\n" + ",".join(f"{v[0]:g}" if isinstance(v[0], float) else v[0] for v in cols.values()) + "\n", encoding="utf-8")
    with pytest.raises(ntm.ValidationError) as e:
        ntm.read_communes(path, criteria_set=SET, region="NMM")
    got["csv"] = [(x["type"], x["loc"][-1]) for x in e.value.errors()]
    one = {"17.1": (value, 50.0)} if column == "17.1:hygienic" else {column: value}
    with pytest.raises(ntm.ValidationError) as e:
        SET.assess(one, region="NMM")
    got["dict"] = [(x["type"], column) for x in e.value.errors()]
    assert {name: [k for k, _ in v] for name, v in got.items()} == {name: [kind] for name in got}, got
    assert {name: v for name, v in got.items() if name != "dict"} == {name: [(kind, column)] for name in got if name != "dict"}, got


def test_a_deeply_nested_report_is_refused_not_a_crash() -> None:
    # A list nested 200,000 deep once overflowed the Rust stack (a segmentation fault): the
    # conversion now stops at a fixed depth with a ValidationError that says where.
    deep: object = []
    for _ in range(200_000):
        deep = [deep]
    for make in (lambda: ntm.PublishedReport(bands=deep), lambda: ntm.PublishedReport({"per_criterion": {1: deep}})):
        with pytest.raises(ntm.ValidationError) as e:
            make()
        assert e.value.errors()[0]["type"] == "invalid_type" and "nested too deep" in e.value.errors()[0]["msg"]
    # An ordinary report is as deep as a band's fields: it still reads.
    assert ntm.PublishedReport(bands=[{"lo": 19, "hi": 19, "count": 3}]).bands[0]["count"] == 3
