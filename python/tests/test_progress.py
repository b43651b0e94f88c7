"""Progress, recognition status, planning and audit from Python (issue 6).

The figures come from the Rust core; these tests check them against the example data (two
Lạng Sơn snapshots, July and end of 2020), against naive oracles computed here from the
communes frames, and that every result comes as a table with a pandas and a polars frame.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ntm_criteria as ntm

REPO = Path(__file__).resolve().parents[2]
JULY = REPO / "examples" / "data" / "lang_son_2020.csv"
END = REPO / "examples" / "data" / "lang_son_2020_end.csv"
ALL = ";".join(str(k) for k in range(1, 20))
BACKENDS = ["pandas", "polars"]


@pytest.fixture(scope="module")
def july() -> ntm.Snapshot:
    return ntm.Snapshot.from_path(JULY, "2016-2020", date="2020-07-31")


@pytest.fixture(scope="module")
def end() -> ntm.Snapshot:
    return ntm.Snapshot.from_path(END, ntm.CriteriaSet.load("2016-2020"), date="2020-12-31")


@pytest.fixture(scope="module")
def comparison(july: ntm.Snapshot, end: ntm.Snapshot) -> ntm.Comparison:
    return ntm.compare(july, end)


def _rows(df: Any) -> List[Dict[str, Any]]:
    """Rows of a pandas frame as dicts."""
    return [dict(r) for r in df.to_dict("records")]


def _frame_len(df: Any) -> int:
    return int(df.shape[0])


# ------------------------------------------------------------------------------------------
# Snapshots and compare
# ------------------------------------------------------------------------------------------


def test_snapshot(july: ntm.Snapshot) -> None:
    assert (july.date, july.set_id, july.criteria_count, len(july)) == ("2020-07-31", "2016-2020", 19, 181)
    assert july.table == ntm.read_communes(JULY)
    assert july.summarize() == ntm.summarize(ntm.read_communes(JULY))
    assert july.dated("2020-08-01").date == "2020-08-01" and july.date == "2020-07-31"
    assert ntm.Snapshot(july.table, "2016-2020", date="2020-07-31") == july
    assert ntm.Snapshot(july.table, ntm.CriteriaSet.load("2016-2020")).set_id == "2016-2020"
    assert repr(july) == "<Snapshot 2016-2020 as of 2020-07-31: 181 communes>"
    assert ntm.Snapshot.from_path(JULY).set_id == "2016-2020"


def test_lang_son_end_of_2020(comparison: ntm.Comparison) -> None:
    """The synthetic second snapshot: 13 more communes at 19 and 3 that dropped a criterion."""
    c = comparison
    assert (len(c.newly_meeting), len(c.fell_from_standard)) == (13, 3)
    assert c.fell_from_standard == ["05986", "06295", "06496"]
    lost = {r["code"]: r["lost"] for r in c.changes if r["fell_from_standard"]}
    assert lost == {"05986": [17], "06295": [17], "06496": [10]}
    assert (c.before.meeting_standard, c.after.meeting_standard, c.meeting_standard_change) == (51, 61, 10)
    assert (c.before.average, c.after.average, c.average_change) == (Decimal("11.66"), Decimal("12.05"), Decimal("0.39"))
    assert (c.before.total_criteria, c.after.total_criteria, c.total_criteria_change) == (2110, 2181, 71)
    assert [(r["label_vi"], r["before"], r["after"], r["change"]) for r in c.bands] == [
        ("19", 51, 61, 10),
        ("15-18", 4, 3, -1),
        ("10-14", 36, 29, -7),
        ("5-9", 90, 88, -2),
        ("dưới 5", 0, 0, 0),
    ]
    assert c.days == 153 and c.per_year is not None and c.per_year["days"] == 153
    assert not (c.merged or c.only_before or c.only_after or c.unused_mapping)
    assert len(c.newly_recognised) == 11
    assert c.unchanged + len(c.changes) == 181
    assert c.criteria is not None and len(c.criteria) == 19
    assert {r["number"]: r["lost"] for r in c.criteria if r["lost"]} == {10: 1, 17: 2}
    assert c.criteria[16]["name_vi"].startswith("Môi trường")


def test_compare_against_an_oracle(july: ntm.Snapshot, end: ntm.Snapshot, comparison: ntm.Comparison) -> None:
    """Newly meeting, fell, gained and lost recomputed from the two communes frames."""
    a = {r["code"]: r for r in _rows(july.table.to_frame())}
    b = {r["code"]: r for r in _rows(end.table.to_frame())}
    assert set(a) == set(b)
    order = list(b)
    assert comparison.newly_meeting == [k for k in order if a[k]["met_count"] < 19 <= b[k]["met_count"]]
    assert comparison.fell_from_standard == [k for k in order if b[k]["met_count"] < 19 <= a[k]["met_count"]]
    changed = [
        k
        for k in order
        if a[k]["met_count"] != b[k]["met_count"]
        or any(a[k][f"c{i}"] != b[k][f"c{i}"] for i in range(1, 20))
        or a[k]["recognition"] != b[k]["recognition"]
        or a[k]["recognition_year"] != b[k]["recognition_year"]
    ]
    assert [r["code"] for r in comparison.changes] == changed
    for r in comparison.changes:
        k = r["code"]
        assert r["gained"] == [i for i in range(1, 20) if a[k][f"c{i}"] != "met" and b[k][f"c{i}"] == "met"]
        assert r["lost"] == [i for i in range(1, 20) if a[k][f"c{i}"] == "met" and b[k][f"c{i}"] != "met"]
        assert r["change"] == b[k]["met_count"] - a[k]["met_count"]
        assert (r["recognition_before"], r["recognition_after"]) == (a[k]["recognition"], b[k]["recognition"])


@pytest.mark.parametrize("backend", BACKENDS)
def test_comparison_frames(comparison: ntm.Comparison, backend: str) -> None:
    bands = comparison.to_frame(backend=backend)
    assert list(bands.columns) == ["label_vi", "label_en", "lo", "hi", "before", "after", "change"]
    assert list(bands["change"]) == [10, -1, -7, -2, 0]
    changes = comparison.changes.to_frame(backend=backend)
    assert _frame_len(changes) == len(comparison.changes)
    assert "gained" in changes.columns and "recognition_after" in changes.columns
    assert comparison.criteria is not None
    crit = comparison.criteria.to_frame(backend=backend)
    assert list(crit.columns) == ["number", "name_vi", "name_en", "before", "after", "change", "gained", "lost"]
    for empty in (comparison.merged, comparison.only_before, comparison.only_after):
        assert _frame_len(empty.to_frame(backend=backend)) == 0


def test_comparison_dict_json_html(comparison: ntm.Comparison) -> None:
    d = comparison.to_dict()
    assert d["newly_meeting"] == comparison.newly_meeting
    assert d["average_change"] == Decimal("0.39")
    j = json.loads(comparison.to_json())
    assert j["average_change"] == {"units": 39, "scale": 2}
    assert "xã mới đạt chuẩn" in comparison._repr_html_()
    assert repr(comparison).startswith("<Comparison 2020-07-31 → 2020-12-31: meeting all 51 → 61 (+10)")


def test_compare_same_as_the_rust_docs() -> None:
    """The example of docs/progress-and-audit.md §1, with the same results as in Rust."""
    july = (
        "code,name,criteria_met,recognition,recognition_year\n"
        f"05986,Hoàng Đồng,{ALL},ntm,2012\n"
        "06019,Xã A,1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18,,\n"
        "06100,Xã B,1;4;8;19,,\n"
    )
    december = (
        "code,name,criteria_met,recognition,recognition_year\n"
        "05986,Hoàng Đồng,1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;18;19,ntm,2012\n"
        f"06019,Xã A,{ALL},ntm,2020\n"
        "06100,Xã B,1;4;8;12;19,,\n"
    )
    before = ntm.Snapshot(ntm.CommuneTable.from_csv_text(july), "2016-2020", date="2020-07-31")
    after = ntm.Snapshot(ntm.CommuneTable.from_csv_text(december), "2016-2020", date="2020-12-31")
    c = ntm.compare(before, after)
    assert (c.newly_meeting, c.fell_from_standard, c.newly_recognised) == (["06019"], ["05986"], ["06019"])
    assert (c.changes[0]["lost"], c.changes[0]["recognition_after"]) == ([17], "ntm")
    assert (c.total_criteria_change, c.average_change, c.days) == (1, Decimal("0.33"), 153)
    assert after.status().recognised_below_all == 1


def test_compare_with_mergers() -> None:
    before = ntm.Snapshot(ntm.CommuneTable.from_csv_text("code,met_count\nA,19\nB,12\nC,8\n"), "2016-2020")
    after = ntm.Snapshot(ntm.CommuneTable.from_csv_text("code,met_count\nAB,16\nC,9\n"), "2016-2020")
    c = ntm.compare(before, after)
    assert ([r["code"] for r in c.only_before], [r["code"] for r in c.only_after]) == (["A", "B"], ["AB"])
    c = ntm.compare(before, after, {"A": "AB", "B": "AB", "Z": "AB"})
    m = c.merged[0]
    assert (m["code"], m["predecessors"], m["met_before"], m["met_after"]) == ("AB", ["A", "B"], [19, 12], 16)
    assert m["any_predecessor_met_all"] and not m["meets_all"]
    assert not c.only_before and not c.only_after
    assert c.unused_mapping == ["Z"]
    assert c.days is None and c.per_year is None and c.criteria is None
    # One mapped code without a counterpart is listed with where it was sent.
    c = ntm.compare(before, after, {"A": "X"})
    assert [(r["code"], r["mapped_to"]) for r in c.only_before] == [("A", "X"), ("B", None)]


def test_compare_banding_and_precision(july: ntm.Snapshot, end: ntm.Snapshot) -> None:
    hue = ntm.Banding([(19, 19, "19"), (15, 18, "15-18"), (10, 14, "10-14"), (8, 9, "8-9"), (0, 7, "dưới 8")])
    c = ntm.compare(july, end, banding=hue, precision=1)
    assert [r["label_vi"] for r in c.bands] == ["19", "15-18", "10-14", "8-9", "dưới 8"]
    assert (c.before.average, c.after.average, c.average_change) == (Decimal("11.7"), Decimal("12.0"), Decimal("0.4"))


def test_snapshot_errors(july: ntm.Snapshot) -> None:
    other = ntm.Snapshot(july.table, "2021-2025")
    with pytest.raises(ntm.SnapshotError, match="different criteria sets") as e:
        ntm.compare(july, other)
    assert isinstance(e.value, ValueError) and isinstance(e.value, ntm.NtmError)
    assert e.value.errors()[0]["type"] == "snapshot"
    with pytest.raises(ntm.SnapshotError, match="dated before"):
        ntm.compare(july, july.dated("2020-01-01"))
    with pytest.raises(ntm.SnapshotError, match="no such day"):
        july.dated("2021-02-29")
    with pytest.raises(ntm.SnapshotError, match="YYYY-MM-DD"):
        ntm.Snapshot(july.table, "2016-2020", date="31/7/2020")
    with pytest.raises(ntm.SnapshotError, match="the table has 10 criteria but set 2016-2020 has 19"):
        ntm.Snapshot(ntm.CommuneTable.from_csv_text("code,met_count\nA,10\n", criteria_count=10), "2016-2020")
    ten = ntm.Snapshot(ntm.CommuneTable.from_csv_text("code,met_count\nA,10\n", criteria_count=10), "2026-2030")
    with pytest.raises(ntm.SnapshotError, match="different criteria sets"):
        ntm.compare(july, ten)
    with pytest.raises(ntm.ValidationError, match="no data rows"):
        ntm.CommuneTable.from_csv_text("code,met_count\n")  # a header and no rows says so
    with pytest.raises(TypeError):
        ntm.compare(july.table, july)  # type: ignore[arg-type]
    with pytest.raises(ntm.UnknownSetError):
        ntm.Snapshot.from_path(JULY, "1999")
    with pytest.raises(ntm.NtmIOError):
        ntm.Snapshot.from_path(REPO / "no-such.csv")


# ------------------------------------------------------------------------------------------
# Recognition status
# ------------------------------------------------------------------------------------------


def test_status_summaries(july: ntm.Snapshot, end: ntm.Snapshot) -> None:
    s = july.status()
    assert (s.communes, s.meeting_all, s.recognised, s.recognised_ntm) == (181, 51, 51, 51)
    assert s.recognitions_in(2020) == 2  # "Có 02 xã được thẩm định công nhận đạt chuẩn NTM năm 2020"
    assert s == july.table.status_summary()
    e = end.status()
    assert (e.meeting_all, e.recognised, e.recognitions_in(2020)) == (61, 62, 13)
    assert e.meeting_all_not_recognised_codes == ["06019", "06562"]
    assert e.recognised_below_all_codes == ["05986", "06295", "06496"]
    assert sum(e.recognitions_by_year.values()) + e.recognised_year_unknown == e.recognised
    assert e.recognised == e.recognised_ntm + e.recognised_nang_cao + e.recognised_kieu_mau
    assert e.meeting_all - e.meeting_all_not_recognised == e.recognised - e.recognised_below_all
    assert e.to_dict()["recognitions_by_year"][2020] == 13
    assert json.loads(e.to_json())["meeting_all"] == 61
    assert "chưa giữ vững" in e._repr_html_()


@pytest.mark.parametrize("backend", BACKENDS)
def test_status_frame(end: ntm.Snapshot, backend: str) -> None:
    df = end.status().to_frame(backend=backend)
    assert list(df.columns) == ["status", "label_vi", "label_en", "communes", "codes"]
    rows = dict(zip(list(df["status"]), list(df["communes"])))
    assert (rows["meeting_all"], rows["recognised_below_all"], rows["recognised_in_2020"]) == (61, 3, 13)
    labels = dict(zip(list(df["status"]), list(df["label_vi"])))
    assert labels["meeting_all"] == "Số xã đạt 19/19 tiêu chí"


def test_status_levels() -> None:
    t = ntm.CommuneTable.from_csv_text(
        "code,met_count,recognition,recognition_year,recognition_decision\n"
        "06016,19,ntm,2020,\n06361,19,ntm,2020,\n05992,19,kiểu mẫu,2019,\n05986,18,ntm,2012,\n06019,19,,,\n"
        "06020,19,nâng cao,,\n"
    )
    s = t.status_summary()
    assert s.recognitions_in(2020) == 2
    assert (s.recognised, s.recognised_ntm, s.recognised_nang_cao, s.recognised_kieu_mau) == (5, 3, 1, 1)
    assert (s.meeting_all_not_recognised_codes, s.recognised_below_all_codes) == (["06019"], ["05986"])
    assert s.recognised_year_unknown == 1
    assert [r["recognition"] for r in t.nearest_to_standard()] == ["ntm"]


# ------------------------------------------------------------------------------------------
# Planning
# ------------------------------------------------------------------------------------------


def test_nearest_to_standard(july: ntm.Snapshot) -> None:
    near = july.nearest_to_standard(181)
    frame = _rows(july.table.to_frame())
    below = [r for r in frame if r["met_count"] < 19]
    # Fewest missing first, ties in table order (a stable sort of the table).
    expected = sorted(below, key=lambda r: 19 - r["met_count"])
    assert [r["code"] for r in near] == [r["code"] for r in expected]
    by_code = {r["code"]: r for r in frame}
    for r in near:
        assert r["missing_count"] == 19 - r["met_count"]
        assert r["missing"] == [k for k in range(1, 20) if by_code[r["code"]][f"c{k}"] != "met"]
    assert len(july.nearest_to_standard(5)) == 5 and len(july.nearest_to_standard()) == 10
    assert [r["code"] for r in july.nearest_to_standard(4)] == [r["code"] for r in near][:4]
    assert july.nearest_to_standard(0).to_dicts() == []


def test_most_missed(july: ntm.Snapshot) -> None:
    missed = july.most_missed()
    frame = _rows(july.table.to_frame())
    near = [r for r in frame if 15 <= r["met_count"] <= 18]
    for r in missed:
        k = r["number"]
        assert r["missed"] == sum(1 for x in frame if x[f"c{k}"] != "met")
        assert r["missed_near"] == sum(1 for x in near if x[f"c{k}"] != "met")
        assert r["share"] == (Decimal(r["missed"] * 100) / 181).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    assert [r["rank"] for r in missed] == list(range(1, 20))
    keys = [(-r["missed"], -r["missed_near"], r["number"]) for r in missed]
    assert keys == sorted(keys)
    assert missed[0]["name_vi"] and missed.columns[:4] == ["rank", "number", "name_vi", "name_en"]
    plain = july.table.most_missed()
    assert "name_vi" not in plain.columns
    assert july.table.most_missed(criteria_set="2016-2020") == missed


def test_most_missed_needs_the_criteria_lists() -> None:
    t = ntm.CommuneTable.from_csv_text("code,met_count\nA,18\nB,12\n")
    with pytest.raises(ntm.ValidationError) as e:
        t.most_missed()
    assert [(x["loc"], x["type"]) for x in e.value.errors()] == [
        ((2, "A", "criteria_met"), "missing_criteria_list"),
        ((3, "B", "criteria_met"), "missing_criteria_list"),
    ]


def test_target_gap(july: ntm.Snapshot) -> None:
    g = july.target_gap(more=13)  # "phấn đấu thêm 13 xã đạt chuẩn" in 2020
    assert (g.target, g.meeting_all, g.needed, g.reachable) == (64, 51, 13, True)
    assert g == july.target_gap(64) == july.table.target_gap(64)
    nearest = july.nearest_to_standard(13)
    assert [r["code"] for r in g.communes] == [r["code"] for r in nearest]
    assert g.criteria_to_gain == sum(r["missing_count"] for r in nearest)
    per = {r["number"]: r["communes"] for r in g.per_criterion}
    assert sum(per.values()) == g.criteria_to_gain and g.lists_unknown == 0
    for k, n in per.items():
        assert n == sum(1 for r in nearest if k in r["missing"])
    assert [r["communes"] for r in g.per_criterion] == sorted(per.values(), reverse=True)
    assert g.per_criterion[0]["name_en"]
    assert july.target_gap(10).needed == 0 and len(july.target_gap(10).communes) == 0
    everyone = july.target_gap(500)
    assert not everyone.reachable and len(everyone.communes) == 130
    assert g.to_dict()["needed"] == 13 and json.loads(g.to_json())["target"] == 64
    with pytest.raises(TypeError):
        july.target_gap()
    with pytest.raises(TypeError):
        july.target_gap(64, more=13)


@pytest.mark.parametrize("backend", BACKENDS)
def test_planning_frames(july: ntm.Snapshot, backend: str) -> None:
    near = july.nearest_to_standard(5).to_frame(backend=backend)
    assert list(near.columns) == ["code", "name", "district", "met_count", "missing_count", "missing", "recognition"]
    assert _frame_len(near) == 5
    missed = july.most_missed().to_frame(backend=backend)
    assert _frame_len(missed) == 19 and "share_near" in missed.columns
    gap = july.target_gap(more=13)
    assert _frame_len(gap.to_frame(backend=backend)) == 13
    assert _frame_len(gap.per_criterion.to_frame(backend=backend)) == len(gap.per_criterion)


def test_counts_only_planning() -> None:
    t = ntm.CommuneTable.from_csv_text("code,met_count\nA,19\nB,12\nC,18\nD,18\n")
    assert [(r["code"], r["missing_count"], r["missing"]) for r in t.nearest_to_standard()] == [
        ("C", 1, None),
        ("D", 1, None),
        ("B", 7, None),
    ]
    g = t.target_gap(more=2)
    assert (g.criteria_to_gain, g.lists_unknown, len(g.per_criterion)) == (2, 2, 0)


# ------------------------------------------------------------------------------------------
# Table
# ------------------------------------------------------------------------------------------


def test_table_protocol(july: ntm.Snapshot) -> None:
    t = july.nearest_to_standard(3)
    assert t.name == "nearest_to_standard" and len(t) == 3 and bool(t)
    assert t[-1] == t[2] == t.to_dicts()[2] == list(t)[2]
    assert t[1:] == t.to_dicts()[1:] and t[::-1] == t.to_dicts()[::-1] and t[5:] == []
    with pytest.raises(IndexError):
        t[3]
    with pytest.raises(TypeError):
        t["code"]  # type: ignore[call-overload]
    assert json.loads(t.to_json())[0]["code"] == t[0]["code"]
    assert t == july.nearest_to_standard(3) and t != july.nearest_to_standard(4)
    assert repr(t) == "<Table nearest_to_standard: 3 rows × 7 columns>"
    assert "<table>" in t._repr_html_()
    assert not ntm.audit({})


# ------------------------------------------------------------------------------------------
# Audit
# ------------------------------------------------------------------------------------------


def test_audit_of_the_seed_sentence(seed: str) -> None:
    assert len(ntm.audit(seed)) == 0
    r = ntm.PublishedReport.from_sentence(seed)
    assert (r.communes, r.average, len(r.bands)) == (181, Decimal("11.66"), 4)
    assert [(b["lo"], b["hi"], b["count"], b["share"]) for b in r.bands][-1] == (5, 9, 90, Decimal("49.72"))
    assert len(r.audit()) == 0 and len(ntm.audit(r)) == 0
    # The same figures as a dict and as keyword arguments, as printed and as numbers.
    bands = [
        {"lo": 19, "hi": 19, "count": "51", "share": "28,18%"},
        {"lo": 15, "hi": 18, "count": "04", "share": "2,21%"},
        {"lo": 10, "hi": 14, "count": 36, "share": Decimal("19.89")},
        {"lo": 5, "hi": 9, "count": 90, "share": "49,72"},
    ]
    assert len(ntm.audit({"communes": 181, "bands": bands, "average": "11,66", "total_criteria": "2.110"})) == 0
    assert len(ntm.audit(communes=181, bands=bands, average=Decimal("11.66"), total_criteria=2110)) == 0


def test_audit_of_a_constructed_inconsistent_report() -> None:
    """The inconsistent report of docs/progress-and-audit.md §4: the same findings as in Rust."""
    findings = ntm.audit(
        communes=7,
        bands=[
            {"lo": 19, "hi": 19, "count": "01", "share": "14,28%"},  # 1/7 = 14,2857…: truncated
            {"lo": 10, "hi": 18, "count": "05", "share": "71,43%"},
        ],
        average="12,42",  # no whole number of criteria gives it for 7 communes
    )
    assert [f["kind"] for f in findings] == ["bands_do_not_sum", "bands_leave_gap", "share_mismatch", "average_impossible"]
    share, average = findings[2], findings[3]
    assert (share["bands"], share["truncation_explains"]) == ([0], True)
    assert (share["numbers"]["expected"], share["numbers"]["printed"]) == (Decimal("14.29"), Decimal("14.28"))
    assert (average["numbers"]["nearest_below"], average["numbers"]["nearest_above"]) == (Decimal("12.29"), Decimal("12.43"))
    assert average["numbers"]["total_if_truncated"] == 87 and average["truncation_explains"] is True
    assert "truncat" in share["message"]
    assert findings[0]["numbers"] == {"sum": 6, "total": 7, "difference": 1}


def test_audit_every_kind_of_check() -> None:
    findings = ntm.audit(
        communes=10,
        bands=[{"lo": 19, "hi": 19, "count": 3}, {"lo": 15, "hi": 19, "count": 2}, {"lo": 0, "hi": 14, "count": 5}],
        average="12,30",
        total_criteria=125,
        per_criterion={1: 11, 2: 2, 25: 1},
    )
    kinds = [f["kind"] for f in findings]
    assert kinds == [
        "bands_overlap",
        "average_mismatch",
        "criterion_count_impossible",
        "criterion_count_impossible",
        "criterion_count_impossible",
    ]
    assert [f["criterion"] for f in findings[2:]] == [1, 2, 25]
    assert ntm.audit(bands=[{"lo": 18, "hi": 20, "count": 1}])[0]["kind"] == "band_out_of_range"
    bands_only = [{"lo": 19, "hi": 19, "count": 2}, {"lo": 0, "hi": 18, "count": 2}]
    assert [f["kind"] for f in ntm.audit(bands=bands_only, average="19,00")] == ["average_outside_bands"]
    assert [f["kind"] for f in ntm.audit(bands=bands_only, total_criteria=80)] == ["total_outside_bands"]
    crit = {k: 1 for k in range(1, 20)}
    assert [f["kind"] for f in ntm.audit(communes=1, total_criteria=18, per_criterion=crit)] == ["criteria_do_not_sum"]
    assert [f["kind"] for f in ntm.audit(communes=2, total_criteria=19, criteria_share="50,01%")] == ["share_mismatch"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_audit_frames(backend: str) -> None:
    findings = ntm.audit(
        communes=7,
        bands=[{"lo": 19, "hi": 19, "count": 1, "share": "14,28%"}, {"lo": 10, "hi": 18, "count": 5}],
        average="12,42",
    )
    df = findings.to_frame(backend=backend)
    cols = list(df.columns)
    assert cols[:4] == ["kind", "message", "bands", "criterion"]
    assert cols[-4:] == ["truncation_explains", "scope", "scope_index", "span"]
    assert {"printed", "expected", "nearest_above", "sum", "total"} <= set(cols)
    assert "numbers" not in cols
    assert list(df["kind"]) == [f["kind"] for f in findings]
    assert _frame_len(ntm.audit().to_frame(backend=backend)) == 0


def test_published_report_input_conversion() -> None:
    a = ntm.PublishedReport(average=Decimal("11.66"), criteria_share=Decimal("61.4"), per_criterion={1: 181, "2": 100})
    b = ntm.PublishedReport({"average": "11,66", "criteria_share": "61,4%"}, per_criterion={"1": 181, 2: 100})
    assert a == b and a.per_criterion == {1: 181, 2: 100}
    assert ntm.PublishedReport(b.to_dict()) == b == ntm.PublishedReport(b)
    assert json.loads(b.to_json())["average"] == {"units": 1166, "scale": 2}
    # Keyword arguments override the fields of the dict.
    assert ntm.PublishedReport({"communes": 1}, communes=2).communes == 2
    assert ntm.PublishedReport(criteria_count=10).criteria_count == 10
    assert ntm.PublishedReport(total_criteria="1.586").total_criteria == 1586
    assert ntm.PublishedReport(average=Decimal("1.2E+1")).average == Decimal("12")
    assert repr(a) == "<PublishedReport criteria_count=19, average='11,66'>"


def test_published_report_lists_every_problem() -> None:
    with pytest.raises(ntm.ValidationError) as e:
        ntm.audit(
            {"communes": 1.5, "bands": [{"lo": 19, "hi": 19, "count": "bốn"}, {"lo": 1}], "average": 11.66, "avg": 1}
        )
    errors = {x["loc"][0]: x["type"] for x in e.value.errors()}
    assert errors == {
        "average": "bad_figure",  # a float is not an exact figure
        "avg": "unknown_field",
        "bands[0].count": "bad_figure",
        "bands[1]": "invalid_field",  # no hi
        "communes": "bad_figure",
    }
    assert "11,66" in str(e.value)
    with pytest.raises(ntm.ValidationError, match="dot separates thousands"):
        ntm.audit(average="11.66")
    with pytest.raises(ntm.ValidationError):
        ntm.PublishedReport(average=Decimal("NaN"))
    with pytest.raises(ntm.ValidationError):
        ntm.PublishedReport(communes=object())
    with pytest.raises(ntm.ValidationError):
        ntm.PublishedReport(per_criterion={(1, 2): 3})
    with pytest.raises(TypeError):
        ntm.audit(5)  # type: ignore[arg-type]
    # A text with no figure: nothing found, and `.read` says that nothing was read.
    nothing = ntm.audit("no figures in this text")
    assert len(nothing) == 0 and len(nothing.read) == 1 and nothing.read[0].spans == []
    with pytest.raises(ntm.FigureError):
        ntm.PublishedReport.from_sentence("Số xã đạt 19 tiêu chí có 51/181 xã; Số xã đạt 15-18 tiêu chí có 04/180 xã")


def test_report_from_a_summary_is_consistent() -> None:
    """What summarize prints, the auditor accepts (both from the core, checked end to end)."""
    s = ntm.summarize([19, 19, 16, 12, 7, 3, 3])
    report = {
        "communes": s.total,
        "bands": [{"lo": lo, "hi": hi, "count": n, "share": share} for _, lo, hi, n, share in s.bands],
        "average": s.average,
        "total_criteria": s.total_criteria,
        "criteria_share": s.criteria_share,
    }
    assert len(ntm.audit(report)) == 0
    assert len(ntm.audit(ntm.PublishedReport.from_sentence(s.report()))) == 0


@settings(max_examples=60, deadline=None)
@given(
    counts=st.lists(st.integers(0, 19), min_size=1, max_size=300),
    precision=st.integers(0, 3),
)
def test_audit_accepts_every_summary(counts: List[int], precision: int) -> None:
    s = ntm.summarize(counts, precision=precision)
    report = {
        "communes": s.total,
        "bands": [{"lo": lo, "hi": hi, "count": n, "share": share} for _, lo, hi, n, share in s.bands],
        "average": s.average,
        "total_criteria": s.total_criteria,
        "criteria_share": s.criteria_share,
    }
    assert ntm.audit(report).to_dicts() == []


figures = st.one_of(
    st.none(),
    st.integers(-5, 10**6),
    st.text(alphabet="0123456789.,% -", max_size=8),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**6, max_value=10**6),
)


@settings(max_examples=150, deadline=None)
@given(
    communes=figures,
    average=figures,
    total=figures,
    bands=st.lists(
        st.fixed_dictionaries(
            {"lo": st.integers(0, 25), "hi": st.integers(0, 25), "count": figures, "share": figures}
        ),
        max_size=6,
    ),
)
def test_audit_never_panics(communes: Any, average: Any, total: Any, bands: List[Dict[str, Any]]) -> None:
    """Any input gives findings or a typed error, never a panic (which would be an NtmError
    with type "panic") nor another exception."""
    try:
        findings = ntm.audit(communes=communes, average=average, total_criteria=total, bands=bands)
    except ntm.ValidationError as e:
        assert all(x["type"] != "panic" for x in e.errors())
        return
    for f in findings:
        assert isinstance(f["kind"], str) and f["message"]


# ------------------------------------------------------------------------------------------
# The docs
# ------------------------------------------------------------------------------------------


def _doc_blocks() -> List[str]:
    import re

    text = (REPO / "docs" / "progress-and-audit.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, re.S)


def test_the_docs_have_python_examples() -> None:
    assert len(_doc_blocks()) >= 2


@pytest.mark.parametrize("block", _doc_blocks())
def test_docs_python_examples(block: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Python examples of docs/progress-and-audit.md run (from the repository root)."""
    monkeypatch.chdir(REPO)
    exec(compile(block, "docs/progress-and-audit.md", "exec"), {})


def test_readme_progress_example(monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```python\n(.*?)```", text, re.S) if "ntm.compare(" in b]
    assert len(blocks) == 1
    monkeypatch.chdir(REPO)
    exec(compile("import ntm_criteria as ntm\n" + blocks[0], "README.md", "exec"), {})


def test_a_snapshot_refuses_a_set_that_does_not_fit_its_table() -> None:
    """Issue 16, finding 18: a 10-criteria table under the 19 criteria of 2016-2020, and a set
    that does not exist, are refused."""
    ten = ntm.CommuneTable.from_csv_text("code,met_count\n1,5\n", criteria_count=10)
    with pytest.raises(ntm.SnapshotError, match="the table has 10 criteria but set 2016-2020 has 19"):
        ntm.Snapshot(ten, "2016-2020")
    with pytest.raises(ntm.UnknownSetError):
        ntm.Snapshot(ten, "no-such-set")
    assert ntm.Snapshot(ten, "2026-2030").set_id == "2026-2030"
    s = ntm.CriteriaSet.load("2016-2020")
    with pytest.raises(ntm.InvalidValueError, match="varies its thresholds by region"):
        s.assess({"10": 40}, region="Lạng Sơn", commune_group="G1")
