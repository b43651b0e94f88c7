"""Criteria sets from a spreadsheet: ``CriteriaSet.write_template`` and ``CriteriaSet.load`` of
the filled workbook (issue 14, section 7). The office's edits are made with openpyxl, as Excel
would save them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import ntm_criteria as ntm

openpyxl = pytest.importorskip("openpyxl")


def _column(ws: Any, header: str) -> int:
    """The 1-based column of a header in row 1."""
    return next(c.column for c in ws[1] if c.value == header)


def _row(ws: Any, indicator: str) -> int:
    """The 1-based row of an indicator (column C)."""
    return next(c.row for c in ws["C"] if c.value == indicator)


@pytest.mark.parametrize("name", ["2016-2020", "2021-2025", "2026-2030"])
def test_every_bundled_set_round_trips(name: str, tmp_path: Path) -> None:
    s = ntm.CriteriaSet.load(name)
    path = tmp_path / f"{name}.xlsx"
    s.write_template(path)
    assert ntm.CriteriaSet.load(path) == s
    assert ntm.CriteriaSet.load(str(path)).to_json() == s.to_json()


def test_write_fill_load_assess(tmp_path: Path) -> None:
    """An office fills two empty 2021-2025 thresholds: one with its source, one without."""
    template = tmp_path / "template.xlsx"
    ntm.CriteriaSet.load("2021-2025").write_template(template)
    wb = openpyxl.load_workbook(template)
    ws = wb["Chỉ tiêu"]
    row, nmm = _row(ws, "4.2"), _column(ws, "NMM")
    assert ws.cell(row, nmm).value is None
    ws.cell(row, nmm).value = 95
    ws.cell(row, nmm + 1).value = "T1"
    row10, rrd = _row(ws, "10"), _column(ws, "RRD")
    ws.cell(row10, rrd).value = "55"  # typed as text, without a source
    ours = tmp_path / "lang_son_2021.xlsx"
    wb.save(ours)

    s = ntm.CriteriaSet.load(ours)
    assert s.indicator("4.2").threshold("NMM") == 95.0
    cell = s.indicator("4.2").thresholds["NMM"]
    assert (cell["verified"], cell["sources"]) == ("true", ["T1"])
    a = s.assess({"4.2": 90}, region="Lạng Sơn")
    (short,) = a.shortfalls
    assert (short.indicator, short.gap) == ("4.2", 5.0)
    met = s.assess({"4.2": 97}, region="Lạng Sơn")
    assert next(o for o in met.indicators if o.indicator == "4.2").status == "met"

    unsourced = s.indicator("10").thresholds["RRD"]
    assert (unsourced["value"], unsourced["verified"]) == (55.0, "false")
    assert unsourced["note"] == "typed in lang_son_2021.xlsx without a source"
    b = s.assess({"10": 60}, region="RRD")
    assert b.criterion(10) == "met"
    assert [(u.indicator, u.key, u.verified) for u in b.unverified_thresholds] == [("10", "RRD", "false")]


def test_mistakes_name_sheet_row_and_column(tmp_path: Path) -> None:
    template = tmp_path / "template.xlsx"
    ntm.CriteriaSet.load("2016-2020").write_template(template)
    wb = openpyxl.load_workbook(template)
    ws = wb["Chỉ tiêu"]
    ws.cell(_row(ws, "10"), _column(ws, "CH")).value = "36 triệu"
    ws.cell(_row(ws, "17.2"), _column(ws, "SCC")).value = 0.9
    ws.cell(1, _column(ws, "MRD")).value = "MRR"
    ws.delete_rows(_row(ws, "5"))
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    with pytest.raises(ntm.CatalogError) as e:
        ntm.CriteriaSet.load(bad)
    found = {(err["loc"][-1].split("!")[0], err["type"]) for err in e.value.errors()}
    assert found == {
        ("Chỉ tiêu", "unknown_key"),
        ("Chỉ tiêu", "missing_column"),
        ("Chỉ tiêu", "not_a_number"),
        ("Chỉ tiêu", "ambiguous_percent"),
        ("Tiêu chí", "missing_indicator"),
    }
    for err in e.value.errors():
        row, where = err["loc"]
        assert isinstance(row, int) and "!" in where, err
    assert 'did you mean "MRD"' in str(e.value)
