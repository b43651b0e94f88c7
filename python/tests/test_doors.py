"""One rule: the same communes through every door give the same answer.

Random communes (codes, names, districts, provinces written the ways offices write them,
income, percentages, verdicts, counts, the two numbers of 17.1, empty cells) are written out
through every door of the input layer:

- a CSV file delimited by ``,`` (decimal points),
- a CSV file delimited by ``;`` with decimal commas,
- an ``.xlsx`` workbook (openpyxl) with a title block above the header, typed numbers, and
  percentages as percent-formatted cells,
- a pandas frame with object text columns, one with Arrow-backed ``str`` columns (pyarrow), a
  polars frame,
- per-row dicts to ``CriteriaSet.assess``.

Every door must give identical statuses, met counts and passthrough columns; and the same bad
cell, planted in one row, the same problem (kind, column, commune) through every door.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ntm_criteria as ntm

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")
openpyxl = pytest.importorskip("openpyxl")

SET = ntm.CriteriaSet.load("2016-2020")
TEXT = ["code", "name", "district", "province"]
NUMBERS = ["10", "4.2", "11", "9.1"]
VERDICTS = ["1.1", "2.2"]
PAIR = ("17.1:hygienic", "17.1:clean")
COLUMNS = TEXT + NUMBERS + VERDICTS + list(PAIR)
PERCENT = {"4.2", "11", *PAIR}
PROVINCES = ["Lạng Sơn", "LẠNG SƠN", "Hà Nội", "Cà Mau", "Daklak", "TP.HCM", "Thừa Thiên – Huế", "La\u0323ng So\u031bn"]
NAMES = ["Mai Pha", "Hợp Thành", "Tân Liên", "Đồng Đăng", "Hòa Bình", "Hoà Bình"]
DISTRICTS = ["Thành phố Lạng Sơn", "Huyện Cao Lộc", "Huyện Tràng Định"]

PROFILE = os.environ.get("NTM_PROPERTY_PROFILE", "quick")
settings.register_profile("quick", max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])

Row = Dict[str, Any]


def one_decimal(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.integers(int(lo * 10), int(hi * 10)).map(lambda x: x / 10)


@st.composite
def communes(draw: Any) -> List[Row]:
    n = draw(st.integers(1, 10))
    rows = []
    for i in range(n):
        maybe = lambda s: draw(st.one_of(st.none(), s))  # noqa: E731
        # A percentage is 0, or at least 1 (a bare fraction in text is ambiguous by rule).
        pct = st.one_of(st.just(0.0), one_decimal(1, 100))
        water = draw(st.one_of(st.none(), st.tuples(pct, pct)))
        rows.append(
            {
                "code": f"{i + 1:05d}",
                "name": draw(st.sampled_from(NAMES)),
                "district": draw(st.sampled_from(DISTRICTS)),
                "province": draw(st.sampled_from(PROVINCES)),
                "10": maybe(one_decimal(0, 90)),
                "4.2": maybe(pct),
                "11": maybe(pct),
                "9.1": maybe(st.integers(0, 3).map(float)),
                "1.1": maybe(st.booleans()),
                "2.2": maybe(st.booleans()),
                PAIR[0]: water and water[0],
                PAIR[1]: water and water[1],
            }
        )
    return rows


def text(v: Any, comma: bool = False, percent: bool = False) -> str:
    """A cell as an office types it."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "Đạt" if v else "Không đạt"
    if isinstance(v, float):
        s = f"{v:g}"
        s = s.replace(".", ",") if comma else s
        return s + "%" if percent else s
    return str(v)


def write_csv(rows: List[Row], path: Path, delimiter: str) -> None:
    comma = delimiter == ";"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow([text(r[c], comma=comma, percent=comma and c in PERCENT) for c in COLUMNS])


def write_xlsx(rows: List[Row], path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "BIỂU TỔNG HỢP (bảng thử)"
    ws.append([])
    ws.append(COLUMNS)
    for r in rows:
        ws.append([text(r[c]) if c in TEXT or c in VERDICTS else r[c] for c in COLUMNS])
    # Percentages as an office formats them: 85% stored as 0.85 in a cell shown as a percentage.
    for row in ws.iter_rows(min_row=4):
        for cell, c in zip(row, COLUMNS):
            if c in PERCENT and isinstance(cell.value, float):
                cell.value = cell.value / 100
                cell.number_format = "0.0%"
    wb.save(path)


def has_bad(values: List[Any]) -> bool:
    return any(isinstance(v, Bad) for v in values)


def pandas_object(rows: List[Row]) -> Any:
    """Text columns as objects; number columns as float64 (NaN for empty), or as objects mixing
    numbers and the planted text."""
    cols = {}
    for c in COLUMNS:
        v = [r[c] for r in rows]
        if c in VERDICTS:
            cols[c] = pd.Series([None if x is None else text(x) for x in v], dtype=object)
        elif c in TEXT or has_bad(v):
            cols[c] = pd.Series(v, dtype=object)
        else:
            cols[c] = pd.Series([float("nan") if x is None else x for x in v], dtype="float64")
    return pd.DataFrame(cols)


def pandas_arrow(rows: List[Row]) -> Any:
    """Text columns as Arrow-backed str (what read_csv makes with pyarrow installed)."""
    df = pandas_object(rows)
    for c in COLUMNS:
        if df[c].dtype == object:
            df[c] = pd.Series([None if x is None else text(x) for x in df[c]], dtype=pd.StringDtype("pyarrow"))
    return df


def polars_frame(rows: List[Row]) -> Any:
    cols = {}
    for c in COLUMNS:
        v = [r[c] for r in rows]
        if c in TEXT or c in VERDICTS or has_bad(v):
            cols[c] = pl.Series(c, [None if x is None else text(x) for x in v], dtype=pl.String)
        else:
            cols[c] = pl.Series(c, v, dtype=pl.Float64)
    return pl.DataFrame(list(cols.values()))


Result = Tuple[List[Tuple[Any, ...]], List[Tuple[str, str, Optional[str]]]]


def outcome(frame: Any) -> List[Tuple[Any, ...]]:
    """Per commune: code, name, district, province, statuses, met count. The passthrough text
    is compared as text (NFC): a file's table holds its cells normalised, a frame's result the
    frame's own column, as it came."""
    rows = frame.to_dicts() if isinstance(frame, pl.DataFrame) else frame.to_dict("records")
    crit = [f"c{k}" for k in range(1, 20)]
    return [
        tuple(ntm_nfc(str(r[c])) for c in ["code", "name", "district", "province"])
        + tuple(str(r[c]) for c in crit)
        + (int(r["met_count"]),)
        for r in rows
    ]


def problems(e: ntm.ValidationError) -> List[Tuple[str, str, Optional[str]]]:
    """(kind, column, commune) of each problem: the same through every door."""
    out = []
    for x in e.errors():
        loc = x["loc"]
        commune = loc[1] if len(loc) == 3 else None
        out.append((x["type"], str(loc[-1]), commune))
    return sorted(out)


def run(door: Callable[[], Any]) -> Any:
    try:
        return ("ok", outcome(door()))
    except ntm.ValidationError as e:
        return ("error", problems(e))


def doors(rows: List[Row], tmp: Path) -> Dict[str, Callable[[], Any]]:
    comma, semi, xlsx = tmp / "comma.csv", tmp / "semicolon.csv", tmp / "values.xlsx"
    write_csv(rows, comma, ",")
    write_csv(rows, semi, ";")
    write_xlsx(rows, xlsx)
    return {
        "csv ,": lambda: ntm.read_communes(comma, criteria_set=SET).to_frame(),
        "csv ;": lambda: ntm.read_communes(semi, criteria_set=SET).to_frame(),
        "xlsx": lambda: ntm.read_communes(xlsx, criteria_set=SET).to_frame(),
        "pandas object": lambda: SET.assess_frame(pandas_object(rows)),
        "pandas arrow": lambda: SET.assess_frame(pandas_arrow(rows)),
        "polars": lambda: SET.assess_frame(polars_frame(rows)),
    }


def dict_outcome(rows: List[Row]) -> List[Tuple[Any, ...]]:
    out = []
    for r in rows:
        values: Dict[str, Any] = {c: r[c] for c in NUMBERS + VERDICTS}
        values["17.1"] = None if r[PAIR[0]] is None else (r[PAIR[0]], r[PAIR[1]])
        a = SET.assess(values, region=r["province"])
        out.append(tuple(a.criteria[k] for k in range(1, 20)) + (a.met_count,))
    return out


@settings(settings.get_profile(PROFILE))
@given(rows=communes())
def test_every_door_gives_the_same_answer(rows: List[Row]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        got = {name: run(door) for name, door in doors(rows, Path(tmp)).items()}
    first = got["csv ,"]
    assert first[0] == "ok", first
    for name, result in got.items():
        diff = [(i, x, y) for i, (x, y) in enumerate(zip(result[1], first[1])) if x != y]
        assert result == first, f"{name} differs from csv ,: {diff}"
    # Passthrough: the text as the file holds it (NFC), in every door.
    assert [r[1:4] for r in first[1]] == [tuple(ntm_nfc(r[c]) for c in ("name", "district", "province")) for r in rows]
    assert [r[4:] for r in first[1]] == dict_outcome(rows)


def ntm_nfc(s: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFC", s)


BAD = [("10", "abc", "not_a_number"), ("4.2", "#N/A", "excel_error"), ("1.1", "có", "not_yes_no"), ("9.1", "0,5", "not_whole"), ("11", "120", "out_of_range")]


@settings(settings.get_profile(PROFILE))
@given(rows=communes(), bad=st.sampled_from(BAD), data=st.data())
def test_the_same_bad_cell_is_the_same_problem_through_every_door(rows: List[Row], bad: Tuple[str, str, str], data: Any) -> None:
    column, cell, kind = bad
    r = data.draw(st.integers(0, len(rows) - 1))
    rows[r] = dict(rows[r], **{column: Bad(cell)})
    with tempfile.TemporaryDirectory() as tmp:
        got = {name: run(door) for name, door in doors(rows, Path(tmp)).items()}
    want = ("error", [(kind, column, rows[r]["code"])])
    for name, result in got.items():
        assert result == want, name
    values = {column: cell}
    with pytest.raises(ntm.ValidationError) as e:
        SET.assess(values, region="NMM")
    assert [(x["type"], x["loc"][-1]) for x in e.value.errors()] == [(kind, column)]


class Bad(str):
    """A planted bad cell: written as its text by every door."""


_text = text


def text(v: Any, comma: bool = False, percent: bool = False) -> str:  # noqa: F811
    if isinstance(v, Bad):
        return str(v)
    return _text(v, comma, percent)


# Criterion-level tables (a verdict per criterion, no criteria set): the number of criteria is
# the highest criterion column's when no count is given, in every door.
CRITERION_HEADERS = ["TC{}", "c{}", "Tiêu chí {}", "TC {}"]


@st.composite
def criterion_table(draw: Any) -> Tuple[List[str], List[List[Optional[bool]]]]:
    n = draw(st.integers(1, 32))
    form = draw(st.sampled_from(CRITERION_HEADERS))
    headers = [form.format(k) for k in range(1, n + 1)]
    rows = draw(st.lists(st.lists(st.one_of(st.none(), st.booleans()), min_size=n, max_size=n), min_size=1, max_size=6))
    return headers, rows


def criterion_doors(headers: List[str], rows: List[List[Optional[bool]]], tmp: Path) -> Dict[str, Callable[[], Any]]:
    codes = [f"{i + 1:05d}" for i in range(len(rows))]
    cells = [[text(v) for v in r] for r in rows]
    body = "\n".join(",".join([c] + r) for c, r in zip(codes, cells))
    csv_text = ",".join(["Mã xã"] + headers) + "\n" + body + "\n"
    path, xlsx = tmp / "criteria.csv", tmp / "criteria.xlsx"
    path.write_text(csv_text, encoding="utf-8")
    wb = openpyxl.Workbook()
    wb.active.append(["Mã xã"] + headers)
    for c, r in zip(codes, cells):
        wb.active.append([c] + [v or None for v in r])
    wb.save(xlsx)
    data = {"Mã xã": codes, **{h: [r[k] or None for r in cells] for k, h in enumerate(headers)}}
    frame = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in data.items()})
    return {
        "csv file": lambda: ntm.read_communes(path).summarize(),
        "xlsx file": lambda: ntm.read_communes(xlsx).summarize(),
        "csv text": lambda: ntm.CommuneTable.from_csv_text(csv_text).summarize(),
        "pandas": lambda: ntm.summarize(frame),
        "polars": lambda: ntm.summarize(pl.DataFrame(data, schema={k: pl.String for k in data})),
    }


@settings(settings.get_profile(PROFILE))
@given(table=criterion_table())
def test_every_door_takes_the_number_of_criteria_from_the_criterion_columns(table: Any) -> None:
    headers, rows = table
    with tempfile.TemporaryDirectory() as tmp:
        got = {name: door() for name, door in criterion_doors(headers, rows, Path(tmp)).items()}
    n = len(headers)
    for name, s in got.items():
        assert s.criteria_count == n, name
        assert s == got["csv file"], f"{name} differs from the csv file"
    # A commune meeting every one of the n criteria meets the standard; a blank cell is a
    # criterion not assessed, never a criterion met.
    assert got["csv file"].meeting_standard == sum(all(v is True for v in r) for r in rows)
    assert got["csv file"].communes_not_assessed == sum(any(v is None for v in r) for r in rows)


def test_a_count_given_keeps_the_absent_criteria_not_assessed() -> None:
    csv_text = "code,TC1,TC2,TC3\n001,Đạt,Đạt,Đạt\n"
    implied = ntm.CommuneTable.from_csv_text(csv_text).summarize()
    given19 = ntm.CommuneTable.from_csv_text(csv_text, criteria_count=19).summarize()
    assert (implied.criteria_count, implied.meeting_standard, implied.communes_not_assessed) == (3, 1, 0)
    assert (given19.criteria_count, given19.meeting_standard, given19.communes_not_assessed) == (19, 0, 1)
    assert "(01 xã còn tiêu chí chưa đánh giá)" in given19.report()
