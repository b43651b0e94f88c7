"""ntm_criteria.plot: the five charts return their Figure, draw the library's numbers, keep every
text inside the figure (default size, A4 landscape, 200 dpi) and set Vietnamese in a font that
has its letters, without touching the global rcParams."""

from __future__ import annotations

import datetime
import io
import warnings
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Tuple

import pytest

import ntm_criteria as ntm

plt = pytest.importorskip("matplotlib.pyplot")
import matplotlib  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.text import Text  # noqa: E402

TTFont = pytest.importorskip("fontTools.ttLib").TTFont

A4_LANDSCAPE = (11.69, 8.27)
SOURCE = "Nguồn: Văn phòng Điều phối NTM tỉnh Lạng Sơn, báo cáo ngày 14/8/2020 (tiêu chí từng xã: dữ liệu tổng hợp)"
VIETNAMESE = set("ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđơư")


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def lang_son(lang_son_csv: Path, seed_banding: ntm.Banding) -> Dict[str, Any]:
    """The July and end-of-2020 example tables of Lạng Sơn, and what the charts are drawn from."""
    table = ntm.read_communes(lang_son_csv)
    criteria_set = ntm.CriteriaSet.load("2016-2020")
    july = ntm.Snapshot(table, "2016-2020", date="2020-07-31")
    end = ntm.Snapshot.from_path(lang_son_csv.with_name("lang_son_2020_end.csv"), criteria_set, date="2020-12-31")
    return {
        "table": table,
        "set": criteria_set,
        "summary": ntm.summarize(table, banding=seed_banding),
        "july": july,
        "end": end,
        "banding": seed_banding,
    }


def _charts(d: Dict[str, Any]) -> Dict[str, Callable[..., Any]]:
    """Each chart of the module on the Lạng Sơn data, as a function of the common options."""
    return {
        "bands": lambda **kw: ntm.plot.bands(d["summary"], **kw),
        "criteria": lambda **kw: ntm.plot.criteria(d["summary"], criteria_set=d["set"], **kw),
        "progress": lambda **kw: ntm.plot.progress([d["july"], d["end"]], banding=d["banding"], **kw),
        "districts": lambda **kw: ntm.plot.districts(d["table"].summarize_by("district", banding=d["banding"]), **kw),
        "criteria_by": lambda **kw: ntm.plot.criteria_by(d["table"], "district", criteria_set=d["set"], **kw),
    }


CHARTS = ["bands", "criteria", "progress", "districts", "criteria_by"]
OPTIONS = {"place": "Tỉnh Lạng Sơn", "as_of": "Đến hết tháng 7/2020", "source": SOURCE}


def _drawn_texts(fig: Any, monkeypatch: pytest.MonkeyPatch) -> List[Text]:
    """The texts that a full draw of ``fig`` actually draws (visible, not empty)."""
    drawn: List[Text] = []
    original = Text.draw

    def draw(self: Text, renderer: Any) -> Any:
        drawn.append(self)
        return original(self, renderer)

    monkeypatch.setattr(Text, "draw", draw)
    fig.canvas.draw()
    monkeypatch.setattr(Text, "draw", original)
    return [t for t in drawn if t.get_visible() and t.get_text().strip()]


def _outside(fig: Any, texts: List[Text]) -> List[Tuple[str, Tuple[float, ...]]]:
    renderer = fig.canvas.get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    out = []
    for t in texts:
        e = t.get_window_extent(renderer)
        if e.x0 < -0.5 or e.y0 < -0.5 or e.x1 > width + 0.5 or e.y1 > height + 0.5:
            out.append((t.get_text(), tuple(round(v) for v in e.extents)))
    return out


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("chart", CHARTS)
def test_each_chart_renders_and_returns_its_figure(chart: str, lang: str, lang_son: Dict[str, Any]) -> None:
    fig = _charts(lang_son)[chart](lang=lang, **OPTIONS)
    assert isinstance(fig, Figure)
    assert fig.get_layout_engine() is not None and type(fig.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=60)
    assert png.getvalue().startswith(b"\x89PNG")
    title = fig.axes[0].get_title()
    assert "Tỉnh Lạng Sơn" in title and "Đến hết tháng 7/2020" in title
    assert fig.get_supxlabel().replace("\n", " ") == SOURCE


@pytest.mark.parametrize("size", ["default", "A4 landscape", "default at 200 dpi"])
@pytest.mark.parametrize("chart", CHARTS)
def test_every_text_lies_inside_the_figure(chart: str, size: str, lang_son: Dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    figsize = A4_LANDSCAPE if size == "A4 landscape" else None
    fig = _charts(lang_son)[chart](figsize=figsize, **OPTIONS)
    if size == "default at 200 dpi":
        fig.set_dpi(200)
    if figsize is not None:
        assert tuple(fig.get_size_inches()) == pytest.approx(A4_LANDSCAPE)
    texts = _drawn_texts(fig, monkeypatch)
    assert len(texts) > 10
    assert _outside(fig, texts) == []


def test_criterion_labels_are_not_cut_by_a_plain_savefig(lang_son: Dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The regression of issue 13: ``savefig(path)`` cut "1. Quy hoạch" on the left."""
    fig = _charts(lang_son)["criteria"]()
    fig.savefig(io.BytesIO(), format="png")
    labels = [t for t in _drawn_texts(fig, monkeypatch) if t.get_text() == "1. Quy hoạch"]
    assert len(labels) == 1 and _outside(fig, labels) == []


def _font_lacks(family: str, chars: str) -> bool:
    path = font_manager.findfont(font_manager.FontProperties(family=[family]), fallback_to_default=False)
    cmap = TTFont(path).getBestCmap()
    return any(ord(c) not in cmap for c in chars)


@pytest.mark.parametrize("chart", CHARTS)
def test_vietnamese_letters_have_glyphs_whatever_the_users_font(chart: str, lang_son: Dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    hostile = "STIXGeneral"  # bundled with matplotlib, without "ạ"
    assert _font_lacks(hostile, "ạ")
    before = dict(matplotlib.rcParams)
    with plt.rc_context({"font.family": [hostile]}), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = _charts(lang_son)[chart](**OPTIONS)
        texts = _drawn_texts(fig, monkeypatch)
    assert not [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert dict(matplotlib.rcParams) == before, "the chart changed the global rcParams"
    letters = "".join(t.get_text() for t in texts)
    assert VIETNAMESE & set(letters), "no Vietnamese letter drawn: the check would prove nothing"
    cmaps: Dict[str, Any] = {}
    for t in texts:
        path = font_manager.findfont(t.get_fontproperties(), fallback_to_default=False)
        assert Path(path).name.startswith("DejaVuSans"), (t.get_text(), path)
        cmap = cmaps.setdefault(path, TTFont(path).getBestCmap())
        missing = sorted({c for c in t.get_text() if not c.isspace() and ord(c) not in cmap})
        assert missing == [], (t.get_text(), path)


def test_what_the_backend_sets_while_a_chart_is_made_is_kept(lang_son: Dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Jupyter's inline backend turns the interactive mode on when the first figure is made;
    restoring every rcParam after the chart (rc_context) turned it off again, and the next
    charts of the notebook did not show. Only the font is restored."""
    monkeypatch.setitem(matplotlib.rcParams, "interactive", False)
    subplots = plt.subplots

    def first_figure(*args: Any, **kwargs: Any) -> Any:
        matplotlib.interactive(True)  # what matplotlib_inline does when the backend loads
        return subplots(*args, **kwargs)

    monkeypatch.setattr(plt, "subplots", first_figure)
    family = list(matplotlib.rcParams["font.family"])
    ntm.plot.bands(lang_son["summary"])
    assert matplotlib.is_interactive()
    assert matplotlib.rcParams["font.family"] == family


def test_bands(seed_banding: ntm.Banding) -> None:
    s = ntm.Summary.from_band_counts([51, 4, 36, 90, 0], 2110, banding=seed_banding)
    fig, ax = plt.subplots()
    assert ntm.plot.bands(s, ax=ax) is fig
    assert [t.get_text() for t in ax.get_xticklabels()] == ["19", "15-18", "10-14", "từ 5-9", "dưới 5"]
    assert [p.get_height() for p in ax.patches] == [51, 4, 36, 90, 0]
    assert ax.texts[0].get_text() == "51\n(28,18%)"
    assert ax.get_title() == "Số xã theo nhóm số tiêu chí đạt\n181 xã"
    en = ntm.plot.bands(s, lang="en", title="Lạng Sơn", as_of=datetime.date(2020, 7, 31)).axes[0]
    assert en.texts[0].get_text() == "51\n(28.18%)" and en.get_xticklabels()[0].get_text() == "all 19"
    assert en.get_title() == "Lạng Sơn\nas of 31 Jul 2020 · 181 communes"
    with pytest.raises(ntm.InvalidValueError, match='lang must be "vi" or "en"'):
        ntm.plot.bands(s, lang="fr")
    with pytest.raises(ntm.InvalidValueError, match="as_of"):
        ntm.plot.bands(s, as_of=2020)


def test_criteria(lang_son_csv: Path, seed_banding: ntm.Banding, demo_set: ntm.CriteriaSet) -> None:
    t = ntm.read_communes(lang_son_csv)
    s = ntm.summarize(t, banding=seed_banding)
    ax = ntm.plot.criteria(s, criteria_set=demo_set, lang="vi").axes[0]
    labels = [x.get_text() for x in ax.get_yticklabels()]
    assert len(ax.patches) == 19 and labels[9] == "10. Thu nhập"
    assert s.per_criterion is not None
    assert ax.patches[0].get_width() == pytest.approx(float(s.per_criterion[0][3]))
    assert ax.texts[0].get_text() == f" {s.per_criterion[0][1]} ({str(s.per_criterion[0][3]).replace('.', ',')}%)"
    plain = ntm.plot.criteria(t.to_frame()).axes[0]
    assert plain.get_yticklabels()[0].get_text() == "Tiêu chí 1"
    with pytest.raises(ntm.InvalidValueError, match="no counts per criterion"):
        ntm.plot.criteria(ntm.summarize([19, 3]))


def test_progress_draws_the_bands_and_the_average_of_each_date(lang_son: Dict[str, Any]) -> None:
    july, end = (lang_son[k].summarize(banding=lang_son["banding"]) for k in ("july", "end"))
    fig = ntm.plot.progress([lang_son["july"], lang_son["end"]], banding=lang_son["banding"], lang="en")
    ax, right = fig.axes
    assert [t.get_text() for t in ax.get_xticklabels()] == ["31 Jul 2020", "31 Dec 2020"]
    heights = [round(p.get_height()) for p in ax.patches]
    assert heights == [c for i in range(5) for c in (july.bands[i][3], end.bands[i][3])]
    assert [p.get_y() for p in ax.patches[2:4]] == [july.bands[0][3], end.bands[0][3]]  # stacked on "19"
    assert list(right.lines[0].get_ydata()) == [float(july.average), float(end.average)]
    assert [t.get_text() for t in right.texts] == ["11.66", str(end.average)]
    assert [t.get_text() for t in ax.get_legend().get_texts()][0] == "all 19"
    vi = ntm.plot.progress([july, end], dates=[datetime.date(2020, 7, 31), "12/2020"]).axes
    assert [t.get_text() for t in vi[0].get_xticklabels()] == ["31/7/2020", "12/2020"]
    assert vi[1].texts[0].get_text() == "11,66"


def test_progress_refuses_bad_arguments(lang_son: Dict[str, Any]) -> None:
    s = lang_son["summary"]
    with pytest.raises(ntm.InvalidValueError, match="1 dates for 2 summaries"):
        ntm.plot.progress([s, s], dates=["7/2020"])
    with pytest.raises(ntm.InvalidValueError, match="give dates="):
        ntm.plot.progress([s, lang_son["end"]])
    with pytest.raises(ntm.InvalidValueError, match="at least one"):
        ntm.plot.progress([], dates=[])
    with pytest.raises(ntm.InvalidValueError, match="one date per summary: a text"):
        ntm.plot.progress([s], dates="7/2020")
    other = ntm.Banding([(19, 19, "19"), (0, 18, "0-18")])
    with pytest.raises(ntm.InvalidValueError, match="same banding"):
        ntm.plot.progress([s, lang_son["end"]], dates=["7/2020", "12/2020"], banding=other)
    with pytest.raises(ntm.InvalidValueError, match="lang"):
        ntm.plot.progress([s], dates=["7/2020"], lang="VI")


def test_districts_draws_the_shares_of_each_district(lang_son: Dict[str, Any]) -> None:
    by = lang_son["table"].summarize_by("district", banding=lang_son["banding"])
    fig = ntm.plot.districts(by, place="Lạng Sơn")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [f"{k} ({s.total})" for k, s in by.items()]
    n = len(by)
    for i in range(5):  # band i of every district, in order
        assert [p.get_width() for p in ax.patches[i * n:(i + 1) * n]] == pytest.approx([float(s.bands[i][4]) for s in by.values()])
    first = next(iter(by.values()))
    assert f"bq {str(first.average).replace('.', ',')}" in [t.get_text() for t in ax.texts]
    assert ax.get_title() == "Tỷ lệ xã theo nhóm số tiêu chí đạt, theo huyện\nLạng Sơn"
    with pytest.raises(ntm.InvalidValueError, match="non-empty mapping"):
        ntm.plot.districts({})
    with pytest.raises(ntm.InvalidValueError, match="not a Summary: B"):
        ntm.plot.districts({"A": first, "B": 3})
    with pytest.raises(ntm.InvalidValueError, match="same banding"):
        ntm.plot.districts({"A": first, "B": ntm.summarize([19], banding=ntm.Banding([(19, 19, "19"), (0, 18, "0-18")]))})


def test_criteria_by_is_a_heatmap_of_the_shares_per_district(lang_son: Dict[str, Any]) -> None:
    table = lang_son["table"]
    fig = ntm.plot.criteria_by(table, criteria_set=lang_son["set"], lang="en")
    ax = fig.axes[0]
    by = table.summarize_by("district", precision=0)  # what the chart draws: whole percents, half-up
    pers = [s.per_criterion for s in by.values()]
    assert all(p is not None for p in pers)
    grid = ax.images[0].get_array()
    assert grid.shape == (19, len(by))
    for k in range(19):
        assert [float(grid[k, j]) for j in range(len(by))] == [float(p[k][3]) for p in pers]
    assert [t.get_text() for t in ax.texts[: len(by)]] == [str(p[0][3]) for p in pers]
    assert ax.get_yticklabels()[0].get_text() == "1. Planning"
    assert [t.get_text() for t in ax.get_xticklabels()] == [f"{k} ({s.total})" for k, s in by.items()]
    assert fig.axes[1].get_ylabel() == "Communes meeting the criterion (%)"  # the colour bar
    exact = ntm.plot.criteria_by(table.to_frame(), by="district", precision=2).axes[0]
    first = next(iter(table.summarize_by("district").values())).per_criterion
    assert first is not None and exact.texts[0].get_text() == str(first[0][3]).replace(".", ",")
    assert exact.get_yticklabels()[0].get_text() == "Tiêu chí 1"
    with pytest.raises(ntm.InvalidValueError, match='cannot group by "foo"'):
        ntm.plot.criteria_by(table, by="foo")
    counts_only = ntm.CommuneTable.from_csv_text("code,district,met_count\nA,X,19\nB,Y,12\n")
    with pytest.raises(ntm.InvalidValueError, match="no counts per criterion"):
        ntm.plot.criteria_by(counts_only)


def test_ax_and_figsize(lang_son: Dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5), layout="constrained")
    assert ntm.plot.bands(lang_son["summary"], ax=left, source=SOURCE) is fig
    assert ntm.plot.districts(lang_son["table"].summarize_by("district"), ax=right) is fig
    assert fig.get_supxlabel() == "", "with ax= the footnote stays on the axes"
    assert left.texts[-1].get_text().replace("\n", " ") == SOURCE
    assert _outside(fig, _drawn_texts(fig, monkeypatch)) == []
    with pytest.raises(ntm.InvalidValueError, match="figsize= or ax="):
        ntm.plot.bands(lang_son["summary"], ax=left, figsize=(4, 3))
    with pytest.raises(ntm.InvalidValueError, match="figsize"):
        ntm.plot.bands(lang_son["summary"], figsize=(0, 3))
    with pytest.raises(ntm.InvalidValueError, match="figsize"):
        ntm.plot.bands(lang_son["summary"], figsize="A4")
    title_only = ntm.plot.bands(lang_son["summary"], title="").axes[0].get_title()
    assert title_only == "181 xã"
