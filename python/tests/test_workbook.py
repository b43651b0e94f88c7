"""write_workbook: the workbook reopened with openpyxl, every number equal to the summary's."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any, List

import openpyxl
import pandas as pd
import polars as pl
import pytest

import ntm_criteria as ntm

SEED = ntm.Banding.official().with_label(3, "từ 5-9", "5-9")


def share(cell: Any, precision: int = 2) -> Decimal:
    """A percent-formatted cell as the percent it shows."""
    assert cell.number_format == ("0." + "0" * precision + "%" if precision else "0%")
    return (Decimal(repr(cell.value)) * 100).quantize(Decimal(1).scaleb(-precision))


def check_summary_sheet(ws: Any, s: ntm.Summary, lang: str = "vi", as_of: Any = None) -> None:
    for i, (label, _lo, _hi, count, pct) in enumerate(s.bands if lang == "vi" else s.bands_en):
        row = 4 + i
        assert label in ws.cell(row, 1).value
        assert ws.cell(row, 2).value == count
        assert share(ws.cell(row, 3), s.precision) == pct
    total = 4 + len(s.bands) + (1 if s.unbanded else 0)
    assert ws.cell(total, 2).value == s.total
    k = total + 2
    assert ws.cell(k, 2).value == s.total
    assert ws.cell(k + 1, 2).value == s.meeting_standard
    assert (ws.cell(k + 2, 2).value, share(ws.cell(k + 2, 3), s.precision)) == (s.total_criteria, s.criteria_share)
    assert Decimal(repr(ws.cell(k + 3, 2).value)).quantize(s.average) == s.average
    if s.communes_not_assessed is not None:
        assert ws.cell(k + 4, 2).value == s.communes_not_assessed
    assert ws.cell(k + 7, 1).value == s.report(lang=lang, as_of=as_of)


def load(data: Any, **kw: Any) -> Any:
    buf = io.BytesIO()
    assert ntm.write_workbook(buf, data, **kw) is None
    return openpyxl.load_workbook(io.BytesIO(buf.getvalue()))


def test_the_lang_son_workbook_holds_the_summary_the_districts_and_the_criteria(tmp_path: Any) -> None:
    table = ntm.read_communes(ntm.examples.path("lang_son_2020.csv"))
    path = ntm.write_workbook(tmp_path / "lang_son_2020.xlsx", table, banding=SEED, place="Lạng Sơn", as_of="Đến hết tháng 7/2020", criteria_set="2016-2020")
    assert path == tmp_path / "lang_son_2020.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Tổng hợp", "Theo huyện", "Theo tiêu chí", "Danh sách xã"]
    s = ntm.summarize(table, banding=SEED)
    ws = wb["Tổng hợp"]
    assert ws.freeze_panes == "A4"
    check_summary_sheet(ws, s, as_of="Đến hết tháng 7/2020")
    assert ws.cell(4 + 5 + 2 + 7, 1).value.startswith("Đến hết tháng 7/2020, số tiêu chí bình quân 01 xã đạt 11,66 tiêu chí/xã")

    ws = wb["Theo huyện"]
    by = ntm.summarize_by(table, by="district", banding=SEED)
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert [r[0] for r in rows] == [*by.keys(), "Tổng cộng"]
    for r, g in zip(rows, [*by.values(), s]):
        assert r[1] == g.total
        assert [r[2 + 2 * i] for i in range(5)] == [b[3] for b in g.bands]
        assert [(Decimal(repr(r[3 + 2 * i])) * 100).quantize(Decimal("0.01")) for i in range(5)] == [b[4] for b in g.bands]
        assert r[12:16] == (g.meeting_standard, g.total_criteria, float(g.average), g.communes_not_assessed)

    ws = wb["Theo tiêu chí"]
    names = [c.name_vi for c in ntm.CriteriaSet.load("2016-2020").criteria]
    for i, (number, met, na, pct) in enumerate((c[0], c[1], c[2], c[3]) for c in _per_criterion(s)):
        assert ws.cell(4 + i, 1).value == number
        assert ws.cell(4 + i, 2).value == names[i]
        assert (ws.cell(4 + i, 3).value, share(ws.cell(4 + i, 4)), ws.cell(4 + i, 5).value) == (met, pct, na)

    back = ntm.read_communes(path, sheet="Danh sách xã")
    assert back.codes == table.codes
    assert ntm.summarize(back, banding=SEED) == s


def _per_criterion(s: ntm.Summary) -> List[Any]:
    per = s.per_criterion
    assert per is not None
    return [(c["number"], c["met"], c["not_assessed"], c["share"]) if isinstance(c, dict) else c for c in per]


def test_incomplete_data_is_said_in_the_sentence_and_the_counts() -> None:
    df = pd.DataFrame({"code": ["001", "002", "003"], "district": ["A", "A", "B"], **{f"TC{k}": ["Đạt", "Không đạt" if k % 2 else "", "Đạt"] for k in range(1, 20)}})
    s = ntm.summarize(df)
    assert s.communes_not_assessed == 1
    for lang, clause in [("vi", "(01 xã còn tiêu chí chưa đánh giá)"), ("en", "(1 commune with criteria not assessed)")]:
        wb = load(df, lang=lang)
        ws = wb.worksheets[0]
        check_summary_sheet(ws, s, lang)
        assert clause in ws.cell(4 + 5 + 2 + 7, 1).value
        assert wb.worksheets[1].cell(4, 16).value == 1  # district A
    wb = load(df, omit_not_assessed=True)
    assert "chưa đánh giá" not in wb.worksheets[0].cell(4 + 5 + 2 + 7, 1).value
    assert wb.worksheets[0].cell(4 + 5 + 2 + 4, 2).value == 1  # the count stays


@pytest.mark.parametrize("make", [pd.DataFrame, pl.DataFrame])
def test_frames_of_counts_and_a_summary(make: Any) -> None:
    df = make({"province": ["Lạng Sơn", "Cao Bằng", "Lạng Sơn"], "code": ["1", "2", "3"], "met_count": [19, 12, 7]})
    wb = load(df, by="province", lang="en", as_of=dt.date(2025, 12, 31))
    assert wb.sheetnames == ["Summary", "By province", "Communes"]
    check_summary_sheet(wb["Summary"], ntm.summarize(df), "en", as_of="As of 31 Dec 2025")
    assert wb["Summary"]["A1"].value.endswith("As of 31 Dec 2025")
    assert [r[0] for r in wb["By province"].iter_rows(min_row=4, values_only=True)] == ["Cao Bằng", "Lạng Sơn", "Total"]
    july = ntm.Summary.from_band_counts([51, 4, 36, 90, 0], 2110, banding=SEED)
    wb = load(july, precision=1)
    assert wb.sheetnames == ["Tổng hợp"]
    check_summary_sheet(wb["Tổng hợp"], july)


def test_an_indicator_table_is_assessed_and_named_by_its_set(tmp_path: Any) -> None:
    path = tmp_path / "t.csv"
    path.write_text("code;district;10;17.1:hygienic;17.1:clean\n001;A;38,5;92%;48\n002;A;31;;\n003;B;40;95;60\n", encoding="utf-8")
    t = ntm.read_communes(path, criteria_set="2016-2020", region="Lạng Sơn")
    wb = load(t)
    assert wb["Theo tiêu chí"].cell(4 + 9, 2).value == ntm.CriteriaSet.load("2016-2020").criteria[9].name_vi
    check_summary_sheet(wb["Tổng hợp"], ntm.summarize(t))


def test_bad_requests_are_typed_errors(tmp_path: Any) -> None:
    table = ntm.read_communes(ntm.examples.path("lang_son_2020.csv"))
    with pytest.raises(ntm.BandingError, match="19 criteria"):
        ntm.write_workbook(tmp_path / "x.xlsx", table, banding=ntm.Banding.default_for(10))
    with pytest.raises(ntm.InvalidValueError, match="cannot group by 'huyen'|cannot group by \"huyen\""):
        ntm.write_workbook(tmp_path / "x.xlsx", table, by="huyen")
    with pytest.raises(ntm.InvalidValueError, match="10 criteria but the data has 19"):
        ntm.write_workbook(tmp_path / "x.xlsx", table, criteria_set="2026-2030")
    with pytest.raises(ntm.InvalidValueError, match="lang"):
        ntm.write_workbook(tmp_path / "x.xlsx", table, lang="fr")
    with pytest.raises(TypeError, match="not dict"):
        ntm.write_workbook(tmp_path / "x.xlsx", {"A": 1})
    assert not (tmp_path / "x.xlsx").exists()
