"""Issue 16, "No silent loss": the 21 findings of the hostile-testing pass, each with its minimal
reproducer from the issue and the exact right answer or problem kind.

Several findings are also covered where their rule lives (the bad-input catalog, the hostile
property tests, test_errors.py); this file keeps one regression test per finding in one place,
numbered as in the issue.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List

import numpy as np
import pytest

import ntm_criteria as ntm

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")

SET = ntm.CriteriaSet.load("2016-2020")
SEED = (
    "Số tiêu chí bình quân 01 xã đạt 11,66 tiêu chí/xã, cụ thể: "
    "Số xã đạt 19 tiêu chí có 51/181 xã, chiếm 28,18%"
)


def kinds(e: Any) -> List[str]:
    return [x["type"] for x in e.value.errors()]


def indicator(values: Dict[str, Any], ind: str, **profile: Any) -> str:
    a = SET.assess(values, region=profile.pop("region", "NMM"), **profile)
    return next(o.status for o in a.indicators if o.indicator == ind)


# --- data lost or misread, silently ------------------------------------------------------


def test_01_cr_only_line_ends_and_a_comment_keep_every_row() -> None:
    t = ntm.CommuneTable.from_csv_text("code,met_count\rA,19\r# note\rB,12\rC,5\r")
    assert list(t.to_frame()["code"]) == ["A", "B", "C"]


def test_02_a_quote_never_closed_is_refused_at_its_line() -> None:
    with pytest.raises(ntm.ValidationError) as e:
        ntm.CommuneTable.from_csv_text('code,met_count,name\nA,19,"Xa A\nB,12,Xa B\nC,7,Xa C\n')
    assert [(x["type"], x["loc"][0]) for x in e.value.errors()] == [("unclosed_quote", 2)]


@pytest.mark.parametrize("bad", [SEED.replace("28,18%", "28x18%"), SEED.replace("28,18%", "28 18%"), SEED.replace("51/181", "-51/181")])
def test_03_malformed_figures_in_text_are_refused(bad: str) -> None:
    with pytest.raises(ntm.FigureError):
        ntm.PublishedReport.from_sentence(bad)


def test_04_more_than_32_criterion_columns_are_refused() -> None:
    df = pd.DataFrame({f"c{k}": [True] for k in range(1, 34)})
    with pytest.raises(ntm.ValidationError) as e:
        ntm.summarize(df)
    assert [(x["type"], x["loc"][-1]) for x in e.value.errors()] == [("unknown_criterion", "c33")]


def test_05_the_same_column_named_by_an_int_and_a_str_is_refused() -> None:
    for columns in ({10: [40.0], "10": [20.0]}, {"10": [20.0], 10: [40.0]}):
        with pytest.raises(ntm.ValidationError) as e:
            SET.assess_frame(pd.DataFrame(columns), region="NMM")
        assert kinds(e) == ["duplicate_column"]


SENTENCE = "Số tiêu chí bình quân 01 xã đạt 11,66 tiêu chí/xã, cụ thể: Số xã đạt 15-18 tiêu chí có 04/181 xã, chiếm 2,21%"


@pytest.mark.parametrize(
    "call",
    [
        lambda: ntm.read_communes(ntm.examples.path("lang_son_2020.csv"), criteria_count=0),
        lambda: ntm.read_communes(ntm.examples.path("lang_son_2020.csv"), criteria_count=33),
        lambda: ntm.read_communes(ntm.examples.path("lang_son_2020.csv"), criteria_count=256),
        lambda: ntm.Banding.default_for(0),
        lambda: ntm.Banding.default_for(1000),
        lambda: ntm.summarize([5], criteria_count=50),
        lambda: ntm.summarize([5], precision=9),
        lambda: ntm.CommuneTable.from_csv_text("code,met_count\nA,5\n", criteria_count=0),
        lambda: ntm.read_reports(SENTENCE, criteria_count=0),
        lambda: ntm.read_reports(SENTENCE, criteria_count=40),
        lambda: ntm.read_reports(SENTENCE, criteria_count=-1),
        lambda: ntm.PublishedReport.from_sentence(SENTENCE, 33),
        lambda: ntm.audit(SENTENCE, criteria_count=0),
    ],
    ids=[
        "count_0", "count_33", "count_256", "default_for_0", "default_for_1000", "summarize_50", "precision_9",
        "csv_text_0", "read_reports_0", "read_reports_40", "read_reports_negative", "from_sentence_33", "audit_0",
    ],
)
def test_06_out_of_range_arguments_are_refused_not_clamped(call: Any) -> None:
    with pytest.raises(ntm.InvalidValueError) as e:
        call()
    assert kinds(e) == ["invalid_argument"] and e.value.argument in ("criteria_count", "precision")


def test_07_a_complex_value_is_refused() -> None:
    with pytest.raises(ntm.ValidationError) as e:
        SET.assess_frame(pd.DataFrame({"10": [20 + 50j]}), region="NMM")
    assert kinds(e) == ["not_a_number"]


def test_08_the_auditor_finds_nothing_in_the_library_s_own_sentence() -> None:
    assert len(ntm.audit(ntm.summarize([15, 15, 2]).report())) == 0


def test_09_a_mapping_given_to_summarize_is_refused_never_read_as_its_keys() -> None:
    with pytest.raises(TypeError, match="not a mapping"):
        ntm.summarize({19: 51, 15: 4})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value, status",
    [(0, "met"), (3, "not_met"), ("0", "met"), ("1", "not_met"), ("Đạt", "met"), ("Không đạt", "not_met"), (True, "met"), ("true", "met"), (False, "not_met")],
)
def test_10_an_absent_indicator_reads_numbers_as_counts_and_words_as_verdicts(value: Any, status: str) -> None:
    """9.1 (no temporary houses): a number is a count (met when 0), a verdict word or bool is
    the agency's verdict (docs/input-rules.md §6)."""
    assert indicator({"9.1": value}, "9.1") == status


@pytest.mark.parametrize("value, kind", [("Có", "not_yes_no"), ("yes", "not_yes_no"), ("x", "not_yes_no"), (0.5, "not_whole"), ("0,5", "not_whole")])
def test_10_ambiguous_words_and_fractional_counts_are_refused(value: Any, kind: str) -> None:
    with pytest.raises(ntm.ValidationError) as e:
        SET.assess({"9.1": value}, region="NMM")
    assert kinds(e) == [kind]


# --- doors that disagree -----------------------------------------------------------------


@pytest.mark.parametrize("columns", [["10", "10"], ["met_count", "met_count"]])
def test_11_duplicate_frame_columns_are_a_duplicate_column_problem(columns: List[str]) -> None:
    df = pd.DataFrame([[1.0, 2.0]], columns=columns)
    with pytest.raises(ntm.ValidationError) as e:
        SET.assess_frame(df, region="NMM") if columns[0] == "10" else ntm.summarize(df)
    assert kinds(e) == ["duplicate_column"]


def test_12_one_number_of_17_1_without_the_other_is_refused_by_every_door(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_text("code,17.1:hygienic,17.1:clean\nA,10,\n", encoding="utf-8")
    with pytest.raises(ntm.ValidationError) as csv:
        ntm.read_communes(path, criteria_set=SET, region="NMM")
    frame = pd.DataFrame({"code": ["A"], "17.1:hygienic": [10.0], "17.1:clean": [np.nan]})
    with pytest.raises(ntm.ValidationError) as df:
        SET.assess_frame(frame, region="NMM", id_col="code")
    assert kinds(csv) == kinds(df) == ["missing_component"]


CRITERION_17 = [i.id for i in SET.indicators if i.id.startswith("17.")]


@pytest.mark.parametrize("value, status", [(1, "met"), (0, "not_met"), (1.0, "met"), (True, "met")])
def test_13_17_1_given_1_or_0_is_a_verdict_through_every_door(value: Any, status: str) -> None:
    others = {i: True for i in CRITERION_17 if i != "17.1"}
    one = SET.assess({**others, "17.1": value}, region="NMM")
    assert next(o.status for o in one.indicators if o.indicator == "17.1") == status
    frame = pd.DataFrame({**{i: [True] for i in others}, "17.1": [float(value)]})
    assert SET.assess_frame(frame, region="NMM")["c17"].tolist() == [one.criteria[17]] == [status]


@pytest.mark.parametrize("header", ["10 ", "\xa010", " 10"])
def test_14_headers_with_white_space_are_matched_by_frames_as_by_the_csv(header: str) -> None:
    out = SET.assess_frame(pd.DataFrame({header: [40.0, 20.0]}), region="NMM")
    assert out["c10"].tolist() == ["met", "not_met"]


def test_14_component_headers_ignore_case_in_frames_as_in_the_csv() -> None:
    others = {i: [True] for i in CRITERION_17 if i != "17.1"}
    for hygienic, clean in (("17.1:Hygienic", "17.1:CLEAN"), ("17.1: hygienic", "17.1:clean")):
        out = SET.assess_frame(pd.DataFrame({**others, hygienic: [95.0], clean: [70.0]}), region="NMM")
        assert out["c17"].tolist() == ["met"], (hygienic, clean)


@pytest.mark.parametrize(
    "counts",
    [["5", "19"], [True, False], pd.Series(["5", "19"]), pd.Series([True, False]), pl.Series([True, False]), pl.Series(["5", "19"])],
    ids=["str_list", "bool_list", "str_series", "bool_series", "bool_polars", "str_polars"],
)
def test_15_text_and_bool_counts_are_refused_by_every_form(counts: Any) -> None:
    with pytest.raises(TypeError, match="counts must be"):
        ntm.summarize(counts)


@pytest.mark.parametrize("flag, disadvantaged", [("x", True), ("có", True), ("1", True), (True, True), ("", False), (None, False), (np.nan, False), ("không", False), (0, False)])
def test_16_a_disadvantaged_flag_reads_the_same_in_frames_as_in_the_csv(flag: Any, disadvantaged: bool, tmp_path: Path) -> None:
    frame = pd.DataFrame({"code": ["A"], "region": ["RRD"], "10": [40.0], "dbkk": pd.Series([flag], dtype=object)})
    got = SET.assess_frame(frame, region_col="region", disadvantaged_col="dbkk", id_col="code")["c10"].tolist()
    want = SET.assess({"10": 40.0}, region="RRD", disadvantaged=disadvantaged).criteria[10]
    assert got == [want]
    cell = "" if flag is None or flag is np.nan else str(flag)
    path = tmp_path / "d.csv"
    path.write_text(f"code,region,disadvantaged,10\nA,RRD,{cell},40\n", encoding="utf-8")
    t = ntm.read_communes(path, criteria_set=SET)
    assert t.assess()[0].criteria[10] == want


def test_17_duplicate_ids_nfd_keys_and_nfd_mapping_keys() -> None:
    with pytest.raises(ntm.ValidationError) as e:
        SET.assess_frame(pd.DataFrame({"code": ["A", "A"], "10": [40.0, 1.0]}), region="NMM", id_col="code")
    assert kinds(e) == ["duplicate_code"]
    nfc = "Hòa Bình"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    by = ntm.summarize_frame(pd.DataFrame({"met_count": [19, 5], "district": [nfc, nfd]}), by="district")
    assert len(by) == 1 and int(by["communes"][0]) == 2
    before = ntm.Snapshot(ntm.CommuneTable.from_csv_text(f"code,met_count\n{nfc},1\n"), "2016-2020")
    after = ntm.Snapshot(ntm.CommuneTable.from_csv_text("code,met_count\nB,19\n"), "2016-2020")
    c = ntm.compare(before, after, mapping={nfd: "B"})
    assert c.unused_mapping == [] and c.newly_meeting == ["B"]


def test_18_mismatched_sets_are_refused() -> None:
    ten = ntm.CommuneTable.from_csv_text("code,met_count\nA,1\n", criteria_count=10)
    with pytest.raises(ntm.SnapshotError):
        ntm.Snapshot(ten, "2016-2020")
    with pytest.raises(ntm.UnknownSetError):
        ntm.Snapshot(ntm.CommuneTable.from_csv_text("code,met_count\nA,1\n"), "no-such-set")
    with pytest.raises(ntm.InvalidValueError) as e:
        SET.assess({}, region="NMM", commune_group="G1")
    assert e.value.argument == "commune_group"


# --- errors that are not ours, or not clear ----------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: SET.assess_frame(pd.DataFrame({"10": pd.Series([Decimal("sNaN")], dtype=object)}), region="NMM"),
        lambda: SET.assess_frame(pd.DataFrame({"10": pd.Series([10**400], dtype=object)}), region="NMM"),
        lambda: SET.assess_frame(pd.DataFrame({"10": [40.0]}), region="NMM", disadvantaged_col=["x"]),
        lambda: ntm.Banding([(-1, 5, "a")]),
        lambda: ntm.summarize([5], precision=-1),
        lambda: ntm.read_communes(ntm.examples.path("lang_son_2020.csv"), criteria_count=-1),
        lambda: ntm.Summary.from_counts([-1]),
        lambda: ntm.Summary.from_band_counts([2**64, 1, 0, 0, 0], 10),
    ],
    ids=["decimal_snan", "int_beyond_float", "disadvantaged_col_list", "negative_band", "negative_precision", "negative_count", "negative_counts", "counts_over_64_bits"],
)
def test_19_bad_values_raise_our_errors(call: Any) -> None:
    with pytest.raises((ntm.NtmError, TypeError)) as e:
        call()
    assert isinstance(e.value, ntm.NtmError) or "must be" in str(e.value), repr(e.value)


def test_20_messages_say_what_is_wrong_in_the_caller_s_terms() -> None:
    """The five messages; test_errors.py::test_the_five_unclear_messages_of_finding_20 checks
    them in full."""
    with pytest.raises(ntm.CatalogError, match="a pair has two numbers, and None is not one"):
        SET.with_overrides({"17.1": (95, None)})
    with pytest.raises(ntm.InvalidValueError, match='^lang: "fr" is not a report language'):
        ntm.Banding.default_for(19).label_of(5, "fr")


# --- resources ---------------------------------------------------------------------------


def test_21_a_file_with_a_bad_cell_on_every_row_lists_1000_problems_and_counts_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("code,10\n" + "".join(f"X{i},abc{i}\n" for i in range(2500)), encoding="utf-8")
    with pytest.raises(ntm.ValidationError) as e:
        ntm.read_communes(path, criteria_set=SET, region="NMM")
    listed = [x for x in e.value.errors() if x["type"] != "omitted"]
    assert len(listed) == 1000 and e.value.omitted == {"not_a_number": 1500}
    assert e.value.error_count() == 2500  # every problem found, listed or counted
