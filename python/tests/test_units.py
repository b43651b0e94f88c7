"""The unit a set assesses (issue 14): communes, or villages for a province's village set."""

from __future__ import annotations

from pathlib import Path

import pytest

import ntm_criteria as ntm

ROOT = Path(__file__).resolve().parents[2]
LAO_CAI = ROOT / "examples" / "sets" / "lao_cai_thon_ntm_2022.json"
BAC_KAN = ROOT / "examples" / "sets" / "bac_kan_thon_ntm_2021.json"


def test_a_village_set_counts_villages_and_says_thon(tmp_path: Path) -> None:
    s = ntm.CriteriaSet.load(LAO_CAI)
    assert (s.unit, s.criteria_count, s.decision, s.decision_date) == ("village", 14, "1144/QĐ-UBND", "")
    # Synthetic villages (not real data): two meet all 14 criteria, one meets 9.
    header = ",".join(str(k) for k in range(1, 15))
    rows = [",".join(["Đạt"] * 14)] * 2 + [",".join(["Đạt"] * 9 + ["Không đạt"] * 5)]
    path = tmp_path / "villages.csv"
    path.write_text(f"code,name,{header}\n" + "".join(f"T{i},Thôn {i},{r}\n" for i, r in enumerate(rows, 1)), encoding="utf-8")
    summary = ntm.read_communes(path, criteria_set=s).summarize()
    assert (summary.unit, summary.total, summary.meeting_standard) == ("village", 3, 2)
    vi = summary.report()
    assert vi.startswith("Số tiêu chí bình quân 01 thôn đạt 12,33 tiêu chí/thôn, cụ thể: Số thôn đạt 14 tiêu chí có 02/3 thôn, chiếm 66,67%"), vi
    assert "xã" not in vi
    assert summary.report(lang="en").startswith("On average each village meets 12.33 criteria: 2 of 3 villages")


def test_bac_kan_village_set_counts_villages_and_says_thon(tmp_path: Path) -> None:
    s = ntm.CriteriaSet.load(BAC_KAN)
    assert (s.unit, s.criteria_count, s.decision, s.decision_date) == ("village", 16, "902/QĐ-UBND", "2021-06-16")
    # The source names two groups but not which criteria are in which: no split is filled in.
    assert s.groups == [] and all(c.group is None for c in s.criteria)
    assert [c.name_vi for c in s.criteria][:3] == ["Ban phát triển thôn", "Hương ước, quy ước", "Kế hoạch"]
    # Synthetic villages (not real data): two meet all 16 criteria, one meets 10.
    header = ",".join(str(k) for k in range(1, 17))
    rows = [",".join(["Đạt"] * 16)] * 2 + [",".join(["Đạt"] * 10 + ["Không đạt"] * 6)]
    path = tmp_path / "villages.csv"
    path.write_text(f"code,name,{header}\n" + "".join(f"T{i},Thôn {i},{r}\n" for i, r in enumerate(rows, 1)), encoding="utf-8")
    summary = ntm.read_communes(path, criteria_set=s).summarize()
    assert (summary.unit, summary.total, summary.meeting_standard) == ("village", 3, 2)
    vi = summary.report()
    assert vi.startswith("Số tiêu chí bình quân 01 thôn đạt 14,00 tiêu chí/thôn, cụ thể: Số thôn đạt 16 tiêu chí có 02/3 thôn, chiếm 66,67%"), vi
    assert "xã" not in vi
    assert summary.report(lang="en").startswith("On average each village meets 14.00 criteria: 2 of 3 villages")


def test_counts_without_a_set_say_their_unit() -> None:
    assert ntm.summarize([19, 12]).unit == "commune"
    village = ntm.summarize([14, 14, 9], criteria_count=14, unit="thôn")
    assert village.unit == "village" and "02/3 thôn" in village.report()
    assert ntm.summarize([19, 12]).with_unit("village").with_unit("xã").unit == "commune"
    with pytest.raises(ntm.InvalidValueError) as e:
        ntm.summarize([19], unit="huyện")
    assert e.value.argument == "unit"


def test_a_unit_that_is_neither_commune_nor_village_is_refused() -> None:
    doc = LAO_CAI.read_text(encoding="utf-8").replace('"unit": "village"', '"unit": "huyện"')
    with pytest.raises(ntm.CatalogError) as e:
        ntm.CriteriaSet.from_json(doc)
    assert [(x["loc"][-1], x["type"]) for x in e.value.errors()] == [("unit", "unknown_unit")]


def test_a_village_table_carries_its_commune_and_rolls_up(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    s = ntm.CriteriaSet.load(LAO_CAI)
    header = ",".join(str(k) for k in range(1, 15))
    full, short = ",".join(["Đạt"] * 14), ",".join(["Đạt"] * 13 + ["Không đạt"])
    path = tmp_path / "villages.csv"  # synthetic villages of two communes (not real data)
    path.write_text(
        f"Mã thôn,Thôn,Mã xã,Xã,{header}\nT1,Thôn 1,X1,Xã A,{full}\nT2,Thôn 2,X1,Xã A,{full}\nT3,Thôn 3,X2,Xã B,{short}\n",
        encoding="utf-8",
    )
    t = ntm.read_communes(path, criteria_set=s)
    df = t.to_frame()
    assert list(df[["code", "name", "commune_code", "commune"]].itertuples(index=False, name=None))[2] == ("T3", "Thôn 3", "X2", "Xã B")
    by = t.summarize_by("commune")
    assert [k for k, v in by.items() if v.meeting_standard == v.total] == ["Xã A"]
    assert isinstance(df, pd.DataFrame)


def test_the_readme_says_what_the_library_prints() -> None:
    """README, "Provincial sets, villages and recognition levels": its example outputs are the
    library's (the comment shows the start of the village sentence)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    village = ntm.summarize([14, 14, 9], criteria_count=14, unit="village").report()
    shown = "# 'Số tiêu chí bình quân 01 thôn đạt 12,33 tiêu chí/thôn, cụ thể: Số thôn đạt 14 tiêu chí có 02/3 thôn, …'"
    assert shown in readme and village.startswith(shown[3:].split(", …")[0])
    t = ntm.CommuneTable.from_csv_text("code,met_count,recognition\nA,19,ntm\nB,19,nang_cao\nC,19,kieu_mau\nD,18,nang_cao\nE,12,\n")
    sentence = t.status_summary().sentence()
    assert sentence == "Có 04/5 xã đạt chuẩn nông thôn mới, trong đó 03 xã đạt chuẩn NTM nâng cao (có 01 xã đạt chuẩn NTM kiểu mẫu)."
    assert " ".join(sentence.split()) in " ".join(readme.split())


def test_a_criterion_level_village_table_says_thon(tmp_path: Path) -> None:
    path = tmp_path / "villages.csv"  # synthetic (not real data)
    path.write_text("Mã thôn,Thôn,Xã,Số tiêu chí đạt\nT1,Thôn 1,Xã A,14\nT2,Thôn 2,Xã A,9\n", encoding="utf-8")
    t = ntm.read_communes(path, criteria_count=14, unit="thôn")
    assert t.to_frame()["commune"].tolist() == ["Xã A", "Xã A"]
    s = t.summarize()
    assert s.unit == "village" and "có 01/2 thôn" in s.report()
    with pytest.raises(TypeError, match="not both"):
        ntm.read_communes(path, criteria_set=ntm.CriteriaSet.load(LAO_CAI), unit="village")
    with pytest.raises(ntm.InvalidValueError):
        ntm.read_communes(path, criteria_count=14, unit="huyện")


def test_charts_of_a_village_summary_say_thon() -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    s = ntm.summarize([14, 14, 9], criteria_count=14, unit="village")
    fig = ntm.plot.bands(s)
    ax = fig.axes[0]
    assert ax.get_ylabel() == "Số thôn"
    assert "3 thôn" in ax.get_title() and "xã" not in ax.get_title()
    en = ntm.plot.bands(s, lang="en").axes[0]
    assert en.get_ylabel() == "Villages" and "3 villages" in en.get_title()
    communes = ntm.plot.bands(ntm.summarize([19, 12])).axes[0]
    assert communes.get_ylabel() == "Số xã"
