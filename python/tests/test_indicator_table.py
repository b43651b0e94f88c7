"""``read_communes(path, criteria_set=...)``: communes with indicator values (the core's
``IndicatorTable``), assessed, summarised and turned into frames like a ``CommuneTable``.

The oracle is ``CriteriaSet.assess``, one commune at a time, with the values written out by hand
from the messy file (``tests/bad_input/ok/messy_indicators.csv``, also read by the Rust tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

import ntm_criteria as ntm

REPO = Path(__file__).resolve().parent.parent.parent
MESSY = REPO / "tests" / "bad_input" / "ok" / "messy_indicators.csv"

# The values of the messy file as the rules read them (docs/input-rules.md), with the ĐBKK flag.
EXPECTED: List[Tuple[str, Dict[str, Any], bool]] = [
    ("05992", {"10": 38.5, "4.2": 85.0, "17.1": (92.5, 48.0), "1.1": True, "2.2": True, "9.1": 0.0}, False),
    ("05995", {"10": 36.0, "4.2": 85.0, "17.1": (90.0, 50.0), "1.1": False, "2.2": None, "9.1": 2.0}, True),
    ("06001", {"10": 250.0, "4.2": 0.85, "17.1": None, "1.1": True, "2.2": False, "9.1": False}, True),
    ("06004", {"10": None, "4.2": 100.0, "17.1": (95.0, 55.0), "1.1": False, "2.2": True, "9.1": True}, False),
]


@pytest.fixture(scope="module")
def set_2016() -> ntm.CriteriaSet:
    return ntm.CriteriaSet.load("2016-2020")


@pytest.fixture(scope="module")
def table(set_2016: ntm.CriteriaSet) -> ntm.IndicatorTable:
    return ntm.read_communes(MESSY, criteria_set=set_2016)


def _oracle(s: ntm.CriteriaSet) -> List[ntm.Assessment]:
    return [s.assess(values, region="Lạng Sơn", disadvantaged=dbkk) for _, values, dbkk in EXPECTED]


def test_reads_and_assesses_like_one_commune_at_a_time(table: ntm.IndicatorTable, set_2016: ntm.CriteriaSet) -> None:
    assert isinstance(table, ntm.IndicatorTable)
    assert len(table) == 4
    assert table.codes == [code for code, _, _ in EXPECTED]
    assert table.criteria_set == set_2016 and table.criteria_count == 19
    assert table.source == str(MESSY)
    got = table.assess()
    want = _oracle(set_2016)
    assert [a.criteria for a in got] == [a.criteria for a in want]
    assert [a.met_count for a in got] == [a.met_count for a in want]
    assert [[(o.indicator, o.status) for o in a.indicators] for a in got] == [
        [(o.indicator, o.status) for o in a.indicators] for a in want
    ]
    assert got[0].criteria[10] == "met" and got[0].criteria[17] == "not_met"  # clean water 48 < 50


def test_summaries_match_the_assessments(table: ntm.IndicatorTable, set_2016: ntm.CriteriaSet) -> None:
    want = ntm.summarize(_oracle(set_2016))
    assert table.summarize() == want
    assert ntm.summarize(table) == want
    assert ntm.summarize(table, precision=1) == ntm.summarize(_oracle(set_2016), precision=1)
    by = table.summarize_by("region")
    assert list(by) == ["NMM"] and by["NMM"] == want  # from the province column
    by_code = ntm.summarize_by(table, by="code")
    assert {k: s.total_criteria for k, s in by_code.items()} == {
        code: a.met_count for (code, _, _), a in zip(EXPECTED, _oracle(set_2016))
    }
    frame = ntm.summarize_frame(table, by="region")
    assert list(frame["communes"]) == [4]


@pytest.mark.parametrize("backend", ["pandas", "polars"])
def test_to_frame(table: ntm.IndicatorTable, set_2016: ntm.CriteriaSet, backend: str) -> None:
    pytest.importorskip(backend)
    df = table.to_frame(backend=backend)
    want = _oracle(set_2016)
    cols = list(df.columns)
    # The code, the file's passthrough columns in file order, then the keys the assessment used.
    assert cols[:6] == ["code", "name", "province", "region", "commune_group", "disadvantaged"]
    assert [f"c{k}" for k in range(1, 20)] == [c for c in cols if c.startswith("c") and c[1:].isdigit()]
    assert list(df["code"]) == table.codes
    assert list(df["region"]) == ["NMM"] * 4
    assert list(df["disadvantaged"]) == [dbkk for _, _, dbkk in EXPECTED]
    assert list(df["met_count"]) == [a.met_count for a in want]
    assert list(df["band"]) == [a.band for a in want]
    assert list(df["meets_standard"]) == [a.meets_standard for a in want]
    for k in range(1, 20):
        assert [str(x) for x in df[f"c{k}"]] == [a.criteria[k] for a in want], k
    # The frame summarises to the table's summary.
    assert ntm.summarize(df) == table.summarize()


def test_the_set_can_be_named_and_defaults_fill_rows(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("code,10\n001,40\n002,\n", encoding="utf-8")
    # No region column and no default: nothing can be assessed (said once, as for a frame).
    with pytest.raises(ntm.MissingDimensionError):
        ntm.read_communes(path, criteria_set="2016-2020")
    # A region column with empty cells: one problem listing the rows.
    gaps = tmp_path / "gaps.csv"
    gaps.write_text("code,region,10\n001,,40\n002,NMM,\n003,,1\n", encoding="utf-8")
    with pytest.raises(ntm.ValidationError) as e:
        ntm.read_communes(gaps, criteria_set="2016-2020")
    assert [(x["loc"], x["type"]) for x in e.value.errors()] == [((2, "001", "region"), "missing_region")]
    assert "missing on rows 2, 4" in e.value.errors()[0]["msg"]
    nmm = ntm.read_communes(path, criteria_set="2016-2020", region="NMM")
    rrd = ntm.read_communes(path, criteria_set=ntm.CriteriaSet.load("2016-2020"), region=ntm.Region.RRD)
    assert [a.criteria[10] for a in nmm.assess()] == ["met", "not_assessed"]  # 40 ≥ 36
    assert [a.criteria[10] for a in rrd.assess()] == ["not_met", "not_assessed"]  # 40 < 50
    assert nmm != rrd and nmm == ntm.read_communes(path, criteria_set="2016-2020", region="Lạng Sơn")
    # 2026-2030 varies by commune group.
    g = tmp_path / "g.csv"
    g.write_text("code,commune_group,C1-general-plan\n001,,Đạt\n002,G1,\n", encoding="utf-8")
    t = ntm.read_communes(g, criteria_set="2026-2030", commune_group="G3")
    assert list(t.to_frame()["commune_group"]) == ["G3", "G1"]
    assert {k: v.total_criteria for k, v in t.summarize_by("commune_group").items()} == {"G1": 0, "G3": 1}


def test_bad_arguments(tmp_path: Path, set_2016: ntm.CriteriaSet) -> None:
    path = tmp_path / "t.csv"
    path.write_text("code,region,10\n001,NMM,40\n", encoding="utf-8")
    with pytest.raises(TypeError, match="not both"):
        ntm.read_communes(path, criteria_set=set_2016, criteria_count=19)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="criteria_set"):
        ntm.read_communes(path, region="NMM")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="criteria_set must be"):
        ntm.read_communes(path, criteria_set=19)  # type: ignore[call-overload]
    with pytest.raises(ntm.UnknownSetError):
        ntm.read_communes(path, criteria_set="2030-2035")
    with pytest.raises(ntm.UnknownRegionError):
        ntm.read_communes(path, criteria_set=set_2016, region="Atlantis")
    with pytest.raises(ntm.NtmIOError):
        ntm.read_communes(tmp_path / "missing.csv", criteria_set=set_2016)
    t = ntm.read_communes(path, criteria_set=set_2016)
    with pytest.raises(ValueError, match="cannot group by"):
        t.summarize_by("colour")  # type: ignore[arg-type]
    with pytest.raises(ntm.BandingError):
        t.to_frame(banding=ntm.Banding.default_for(10))


def test_an_empty_table(tmp_path: Path, set_2016: ntm.CriteriaSet) -> None:
    """A file with a header and no rows says so, and an empty file says that."""
    path = tmp_path / "t.csv"
    path.write_text("code,region,10\n", encoding="utf-8")
    with pytest.raises(ntm.ValidationError) as e:
        ntm.read_communes(path, criteria_set=set_2016)
    assert [(x["loc"], x["type"]) for x in e.value.errors()] == [((1, "file"), "no_rows")]
    path.write_text("", encoding="utf-8")
    with pytest.raises(ntm.ValidationError) as e:
        ntm.read_communes(path, criteria_set=set_2016)
    assert [(x["loc"], x["type"]) for x in e.value.errors()] == [((1, "file"), "empty_file")]


def test_repr(table: ntm.IndicatorTable) -> None:
    assert repr(table).startswith("<IndicatorTable 4 communes, set '2016-2020', from ")
    html = table._repr_html_()
    assert "05992" in html and "NMM" in html and "Mai Pha" in html
