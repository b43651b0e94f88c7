"""Charts of NTM progress (matplotlib, an optional extra: ``pip install "ntm-criteria[plot]"``).

Five charts, in Vietnamese (``lang="vi"``, the default) or English (``lang="en"``):

- ``bands(summary)``: communes per band (19; 15-18; 10-14; 5-9; under 5);
- ``criteria(summary)``: the share of communes meeting each criterion;
- ``progress([summary_or_snapshot, ...], dates=[...])``: the bands over time, stacked, with the
  average number of criteria per commune on a second axis;
- ``districts({name: summary})``: one 100% stacked bar per district (``summarize_by``);
- ``criteria_by(table, by="district")``: a heatmap of the share of communes meeting each
  criterion per district, the shares written in the cells.

Every number drawn or written comes from a ``Summary`` of the Rust core (shares are its exact
decimals, rounded half-up); nothing is recomputed here.

**Every function returns the matplotlib ``Figure``**, not an Axes: the figure is what one saves
or prints, and it holds everything the chart draws (the title, the legend, the colour bar, the
second axis of ``progress``, the source footnote). ``fig.axes[0]`` is the main Axes. With
``ax=`` the chart is drawn on that Axes and its figure (``ax.figure``) is returned; that
figure's size and layout stay as the caller made them (make it with ``layout="constrained"``
to keep every label inside it).

**Print-ready.** The figures are made with constrained layout, so titles, long criterion names
("18. Hệ thống chính trị và tiếp cận pháp luật"), rotated district names, legends and the
footnote stay inside the figure whatever the size or the ``savefig`` settings:
``fig.savefig("bands.png", dpi=200)`` for print, ``figsize=(11.69, 8.27)`` for a landscape A4
page, ``fig.savefig("bands.pdf")`` for a vector file. The texts are set in DejaVu Sans (bundled
with matplotlib; it has every Vietnamese letter): ``rcParams["font.family"]`` is set while the
chart is built, so that each text keeps that font, and restored afterwards. Only that key is
restored (a ``matplotlib.rc_context`` would also undo what the backend sets when the first
figure is made, e.g. the interactive mode of Jupyter's inline backend, and the next figures of
a notebook would not show).

Options of every chart: ``title=`` (replaces the default title), ``place=`` and ``as_of=`` (a
second title line, e.g. ``"Lạng Sơn · Đến hết tháng 7/2020"``; ``as_of`` may be a
``datetime.date``), ``source=`` (a footnote under the chart), ``lang=``, ``figsize=``, ``ax=``.
A bad argument raises ``InvalidValueError``.

>>> import ntm_criteria as ntm
>>> seed = ntm.Banding.official().with_label(3, "từ 5-9", "5-9")
>>> july = ntm.Summary.from_band_counts([51, 4, 36, 90, 0], 2110, banding=seed)  # Lạng Sơn, 7/2020
>>> fig = ntm.plot.bands(july, lang="en", place="Lạng Sơn", as_of="July 2020")
>>> ax = fig.axes[0]
>>> [round(p.get_height()) for p in ax.patches]
[51, 4, 36, 90, 0]
>>> print(ax.get_title())
Communes by criteria met
Lạng Sơn · July 2020 · 181 communes
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import re
import textwrap
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, TypeVar, Union, cast

from . import _deps
from ._ntm_criteria import Banding, CriteriaSet, Snapshot, Summary
from .exceptions import InvalidValueError, NtmError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["bands", "criteria", "progress", "districts", "criteria_by", "FONT"]

FONT = "DejaVu Sans"
"""The font of every text of the charts: bundled with matplotlib, it covers Vietnamese."""


_TEXT = {
    "vi": {
        "bands_x": "Số tiêu chí đạt",
        "communes_axis": "Số xã",
        "bands_title": "Số xã theo nhóm số tiêu chí đạt",
        "crit_x": "Tỷ lệ xã đạt (%)",
        "crit_title": "Tỷ lệ xã đạt từng tiêu chí",
        "crit": "Tiêu chí {k}",
        "progress_title": "Tiến độ: số xã theo nhóm số tiêu chí đạt",
        "average": "Số tiêu chí bình quân/xã",
        "districts_title": "Tỷ lệ xã theo nhóm số tiêu chí đạt, theo {by}",
        "share_axis": "Tỷ lệ xã (%)",
        "avg_short": "bq {v}",
        "by_title": "Tỷ lệ xã đạt từng tiêu chí (%), theo {by}",
        "communes": "{n} xã",
        "not_assessed": "{n} xã còn tiêu chí chưa đánh giá",
        "as_of_date": "đến ngày {d}",
    },
    "en": {
        "bands_x": "Criteria met",
        "communes_axis": "Communes",
        "bands_title": "Communes by criteria met",
        "crit_x": "Communes meeting the criterion (%)",
        "crit_title": "Attainment per criterion",
        "crit": "Criterion {k}",
        "progress_title": "Progress: communes by criteria met",
        "average": "Average criteria met per commune",
        "districts_title": "Communes by criteria met, by {by}",
        "share_axis": "Communes (%)",
        "avg_short": "avg {v}",
        "by_title": "Communes meeting each criterion (%), by {by}",
        "communes": "{n} communes",
        "not_assessed": "{n} communes with criteria not assessed",
        "as_of_date": "as of {d}",
    },
}

def _text(lang: str, unit: str = "commune") -> Dict[str, str]:
    """The chart texts of ``lang`` for the unit counted: a village set's summaries say "thôn" /
    "villages" where a commune set's say "xã" / "communes"."""
    text = _TEXT[lang]
    if unit != "village":
        return text
    if lang == "vi":
        return {k: re.sub(r"\bxã\b", "thôn", v) for k, v in text.items()}
    words = {"communes": "villages", "Communes": "Villages", "commune": "village"}
    return {k: re.sub(r"\b(communes|Communes|commune)\b", lambda m: words[m.group(1)], v) for k, v in text.items()}


def _unit(summary: Any) -> str:
    """The unit a summary counts (``commune`` when it does not say)."""
    return str(getattr(summary, "unit", "commune") or "commune")


_BY = {
    "vi": {"district": "huyện", "district_code": "huyện", "province": "tỉnh", "region": "vùng"},
    "en": {"district": "district", "district_code": "district", "province": "province", "region": "region"},
}

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

_F = TypeVar("_F", bound=Callable[..., Any])
_Size = Optional[Tuple[float, float]]
_When = Union[str, _dt.date, None]


@contextlib.contextmanager
def _font(mpl: Any) -> Iterator[None]:
    """``rcParams["font.family"]`` is ``[FONT]`` inside, and as before after."""
    saved = mpl.rcParams["font.family"]
    mpl.rcParams["font.family"] = [FONT]
    try:
        yield
    finally:
        mpl.rcParams["font.family"] = saved


def _styled(fn: _F) -> _F:
    """Builds the chart with the font set, so that every text (ticks made later included: they
    copy the first tick's font) keeps DejaVu Sans after the font is restored."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        purpose = f"ntm_criteria.plot.{fn.__name__}"
        _deps.pyplot(purpose)
        with _font(_deps.require("matplotlib", purpose)):
            fig = fn(*args, **kwargs)
            for a in fig.axes:
                for axis in (a.xaxis, a.yaxis):
                    axis.get_major_ticks()
                    axis.get_minor_ticks()
        return fig

    return cast(_F, wrapper)


def _lang(lang: str) -> str:
    if lang not in _TEXT:
        raise InvalidValueError(f'lang must be "vi" or "en", not {lang!r}')
    return lang


def _pct(share: Decimal, lang: str) -> str:
    text = str(share)
    return text.replace(".", ",") if lang == "vi" else text


def _date(value: Union[str, _dt.date], lang: str) -> str:
    """A date as written in the language (31/7/2020, 31 Jul 2020); an ISO date text too, any
    other text as given."""
    if isinstance(value, str):
        try:
            day = _dt.date.fromisoformat(value)
        except ValueError:
            return value
    elif isinstance(value, _dt.date):
        day = value
    else:
        raise InvalidValueError(f"a date is a datetime.date or a text, not {type(value).__name__}")
    if lang == "vi":
        return f"{day.day}/{day.month}/{day.year}"
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _as_of(as_of: _When, lang: str) -> Optional[str]:
    if as_of is None or isinstance(as_of, str):
        return as_of
    if isinstance(as_of, _dt.date):
        return _TEXT[lang]["as_of_date"].format(d=_date(as_of, lang))
    raise InvalidValueError(f"as_of is a text or a datetime.date, not {type(as_of).__name__}")


def _wrap(text: str, within: Any, fontsize: float) -> str:
    """Wraps each line of ``text`` to the width of ``within``, a figure or an axes (about 0.6
    em per character)."""
    inches = within.bbox.width / within.figure.dpi
    width = max(24, int(inches * 72 * 0.92 / (fontsize * 0.6)))
    return "\n".join(textwrap.fill(line, width) if line else line for line in text.split("\n"))


def _figure(ax: Any, size: Tuple[float, float], figsize: _Size) -> Tuple[Any, Any]:
    """(figure, axes): a new constrained-layout figure, or ``ax`` and its figure."""
    if ax is not None:
        if figsize is not None:
            raise InvalidValueError("give figsize= or ax=, not both: with ax= the size is that of its figure")
        return ax.figure, ax
    if figsize is not None:
        try:
            w, h = (float(x) for x in figsize)
        except (TypeError, ValueError):
            raise InvalidValueError(f"figsize is (width, height) in inches, not {figsize!r}") from None
        if not (w > 0 and h > 0):
            raise InvalidValueError(f"figsize is (width, height) in inches, both positive, not {figsize!r}")
        size = (w, h)
    fig, ax = _deps.pyplot().subplots(figsize=size, layout="constrained")
    return fig, ax


def _header(ax: Any, lang: str, default: str, title: Optional[str], place: Optional[str], as_of: _When, extra: Sequence[str] = (), pad: float = 6) -> None:
    """The title: ``title`` (else ``default``), then a line with the place, the date and ``extra``."""
    parts = [p for p in (place, _as_of(as_of, lang), *extra) if p]
    lines = [title if title is not None else default] + ([" · ".join(parts)] if parts else [])
    text = "\n".join(line for line in lines if line)
    ax.set_title(_wrap(text, ax.figure, 11), fontsize=11, pad=pad)


def _footnote(ax: Any, source: Optional[str], own: bool) -> None:
    """``source`` as a footnote: at the bottom left of a figure made here (a ``supxlabel``,
    which constrained layout keeps clear of the axes), else under the axes and its x tick
    labels, left-aligned and wrapped to the axes' width."""
    if not source:
        return
    fig = ax.figure
    if own:
        fig.supxlabel(_wrap(str(source), fig, 8), x=0.01, ha="left", fontsize=8, color="#424242")
        return
    transforms = _deps.require("matplotlib.transforms", "ntm_criteria.plot")

    def below(renderer: Any) -> Any:
        boxes = [ax.get_window_extent(renderer), ax.xaxis.get_tightbbox(renderer)]
        return transforms.Bbox.union([b for b in boxes if b is not None and b.width > 0])

    ax.annotate(
        _wrap(str(source), ax, 8),
        xy=(0, 0),
        xycoords=below,
        xytext=(0, -6),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=8,
        color="#424242",
        annotation_clip=False,
    )


def _band_colors(n: int) -> List[Any]:
    """One colour per band, from green (all criteria) to red (fewest)."""
    cmap = _deps.pyplot().get_cmap("RdYlGn")
    return [cmap(0.88 - 0.76 * i / max(n - 1, 1)) for i in range(n)]


def _ink(color: Any) -> str:
    """A text colour readable on ``color``."""
    r, g, b = _deps.require("matplotlib.colors", "ntm_criteria.plot").to_rgb(color)
    return "white" if 0.299 * r + 0.587 * g + 0.114 * b < 0.5 else "#212121"


def _communes_note(summary: Summary, lang: str) -> List[str]:
    """The number of communes ("181 xã"), and how many have criteria not assessed, if any."""
    text = _text(lang, _unit(summary))
    notes = [text["communes"].format(n=summary.total)]
    missing = summary.communes_not_assessed
    if missing:
        notes.append(text["not_assessed"].format(n=missing))
    return notes


def _legend_on_top(ax: Any, handles: Sequence[Any], labels: Sequence[str]) -> float:
    """A legend in one or two rows just above the axes; returns the title pad it needs."""
    ncol = len(handles) if len(handles) <= 6 else -(-len(handles) // 2)
    ax.legend(handles, labels, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=ncol, frameon=False, fontsize=8, borderaxespad=0.3, handlelength=1.4, columnspacing=1.2)
    return 26.0 if ncol == len(handles) else 40.0


@_styled
def bands(
    summary: Summary,
    ax: Any = None,
    *,
    lang: str = "vi",
    color: Optional[str] = None,
    title: Optional[str] = None,
    place: Optional[str] = None,
    as_of: _When = None,
    source: Optional[str] = None,
    figsize: _Size = None,
) -> Figure:
    """A bar chart of communes per band, each bar labelled with its count and percentage.

    The bars take the band colours of ``progress`` and ``districts`` (green for all criteria),
    or one ``color``. The title's second line gives ``place``, ``as_of``, the number of
    communes and, when some have criteria not assessed, how many.

    >>> import ntm_criteria as ntm
    >>> fig = ntm.plot.bands(ntm.summarize([19, 19, 16, 12, 7, 3]), place="Lạng Sơn", source="Nguồn: số liệu thử")
    >>> ax = fig.axes[0]
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['19', '15-18', '10-14', '5-9', 'dưới 5']
    >>> ax.texts[0].get_text(), fig.get_supxlabel()  # the footnote
    ('2\\n(33,33%)', 'Nguồn: số liệu thử')
    >>> import io
    >>> fig.savefig(io.BytesIO(), dpi=200)  # for print ("bands.png"): every label stays inside
    """
    lang = _lang(lang)
    own = ax is None
    fig, ax = _figure(ax, (6.5, 4.2), figsize)
    rows = summary.bands if lang == "vi" else summary.bands_en
    positions = list(range(len(rows)))
    bars = ax.bar(positions, [r[3] for r in rows], color=color or _band_colors(len(rows)))
    ax.set_xticks(positions, [r[0] for r in rows])
    for bar, (_, _, _, count, share) in zip(bars, rows):
        ax.annotate(
            f"{count}\n({_pct(share, lang)}%)",
            xy=(bar.get_x() + bar.get_width() / 2, bar.get_height()),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=9,
        )
    text = _text(lang, _unit(summary))
    ax.set_xlabel(text["bands_x"])
    ax.set_ylabel(text["communes_axis"])
    ax.margins(y=0.25)
    ax.spines[["top", "right"]].set_visible(False)
    _header(ax, lang, text["bands_title"], title, place, as_of, _communes_note(summary, lang))
    _footnote(ax, source, own)
    return cast("Figure", fig)


def _names(criteria_set: Optional[CriteriaSet], n: int, lang: str) -> List[str]:
    if criteria_set is not None and criteria_set.criteria_count == n:
        return [f"{c.number}. {c.name_vi if lang == 'vi' else c.name_en}" for c in criteria_set.criteria]
    return [_TEXT[lang]["crit"].format(k=k) for k in range(1, n + 1)]


def _per_criterion(summary: Summary, what: str) -> Sequence[Tuple[int, int, int, Decimal]]:
    per = summary.per_criterion
    if per is None:
        raise InvalidValueError(
            f"{what} has no counts per criterion: summarise the frame of assess_frame, or a "
            "communes table that lists the criteria met"
        )
    return per


@_styled
def criteria(
    summary_or_frame: Any,
    ax: Any = None,
    *,
    criteria_set: Optional[CriteriaSet] = None,
    lang: str = "vi",
    color: Optional[str] = None,
    title: Optional[str] = None,
    place: Optional[str] = None,
    as_of: _When = None,
    source: Optional[str] = None,
    figsize: _Size = None,
) -> Figure:
    """Attainment per criterion: one horizontal bar per criterion (its share of communes),
    named in Vietnamese or English from ``criteria_set``, labelled with the number of communes
    meeting it and its share.

    ``summary_or_frame`` is a ``Summary`` with per-criterion counts, or anything ``summarize``
    takes that has them (a ``CommuneTable``, a frame with ``c1``…``cN`` columns).

    >>> import pandas as pd, ntm_criteria as ntm
    >>> s = ntm.CriteriaSet.load("2016-2020")
    >>> df = s.assess_frame(pd.DataFrame({"10": [40.0, 30.0]}), region="NMM")
    >>> fig = ntm.plot.criteria(df, criteria_set=s, lang="en")
    >>> ax = fig.axes[0]
    >>> len(ax.patches), ax.get_yticklabels()[9].get_text()
    (19, '10. Income')
    >>> ax.get_title().splitlines()[1]
    '2 communes · 2 communes with criteria not assessed'
    """
    lang = _lang(lang)
    summary = summary_or_frame if isinstance(summary_or_frame, Summary) else _summarize(summary_or_frame)
    per = _per_criterion(summary, "this summary")
    own = ax is None
    fig, ax = _figure(ax, (7.5, 0.32 * len(per) + 1.9), figsize)
    positions = list(range(len(per)))
    shares = [float(p[3]) for p in per]  # plotting only; labels print the exact decimals
    bars = ax.barh(positions, shares, color=color or "#1565c0")
    ax.set_yticks(positions, _names(criteria_set, len(per), lang))
    ax.invert_yaxis()
    for bar, (_, met, _, share) in zip(bars, per):
        ax.annotate(
            f" {met} ({_pct(share, lang)}%)",
            xy=(bar.get_width(), bar.get_y() + bar.get_height() / 2),
            va="center",
            fontsize=8,
        )
    ax.set_xlim(0, 118)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.spines[["top", "right"]].set_visible(False)
    text = _text(lang, _unit(summary))
    ax.set_xlabel(text["crit_x"])
    _header(ax, lang, text["crit_title"], title, place, as_of, _communes_note(summary, lang))
    _footnote(ax, source, own)
    return cast("Figure", fig)


def _summarize(data: Any, banding: Optional[Banding] = None) -> Summary:
    from ._api import summarize

    return summarize(data, banding=banding)


def _series(items: Iterable[Any], dates: Optional[Sequence[Any]], banding: Optional[Banding], lang: str) -> Tuple[List[Summary], List[str]]:
    """The summaries of ``items`` (Summary as given, Snapshot and the rest summarised with
    ``banding``) and their date labels."""
    items = list(items)
    if not items:
        raise InvalidValueError("progress needs at least one summary or snapshot")
    if dates is None:
        dates = [x.date if isinstance(x, Snapshot) else None for x in items]
        if any(d is None for d in dates):
            raise InvalidValueError("give dates=[...], one per summary: only a Snapshot with a date carries its own")
    elif isinstance(dates, (str, bytes)) or len(dates) != len(items):
        n = "a text" if isinstance(dates, (str, bytes)) else f"{len(dates)} dates"
        raise InvalidValueError(f"dates must list one date per summary: {n} for {len(items)} summaries")
    summaries = [
        x if isinstance(x, Summary) else x.summarize(banding=banding) if isinstance(x, Snapshot) else _summarize(x, banding)
        for x in items
    ]
    first = [(r[1], r[2]) for r in summaries[0].bands]
    for k, s in enumerate(summaries[1:], start=2):
        if [(r[1], r[2]) for r in s.bands] != first:
            raise InvalidValueError(
                f"summary {k} has other bands than summary 1 ({[(r[1], r[2]) for r in s.bands]} vs {first}): "
                "summarise every date with the same banding"
            )
    return summaries, [_date(d, lang) for d in dates]


@_styled
def progress(
    summaries: Iterable[Any],
    dates: Optional[Sequence[Union[str, _dt.date]]] = None,
    ax: Any = None,
    *,
    banding: Optional[Banding] = None,
    lang: str = "vi",
    title: Optional[str] = None,
    place: Optional[str] = None,
    as_of: _When = None,
    source: Optional[str] = None,
    figsize: _Size = None,
) -> Figure:
    """The bands over time: one stacked bar of communes per date (all criteria at the bottom),
    and the average number of criteria per commune on a second axis (right), labelled.

    ``summaries`` holds ``Summary`` objects, ``Snapshot`` objects (summarised with
    ``banding``), or anything ``summarize`` takes; they must share their bands. ``dates``
    labels them, one each (a ``datetime.date``, an ISO date, or any text such as "7/2020");
    without it, the snapshots' own dates are used.

    >>> import ntm_criteria as ntm
    >>> july = ntm.summarize([19, 19, 16, 12, 7, 3])
    >>> end = ntm.summarize([19, 19, 19, 14, 9, 5])
    >>> fig = ntm.plot.progress([july, end], dates=["2020-07-31", "2020-12-31"], place="Xã thử")
    >>> ax, right = fig.axes
    >>> [t.get_text() for t in ax.get_xticklabels()], [round(p.get_height()) for p in ax.patches[:2]]
    (['31/7/2020', '31/12/2020'], [2, 3])
    >>> [float(v) for v in right.lines[0].get_ydata()], right.texts[1].get_text()
    ([12.67, 14.17], '14,17')
    >>> ntm.plot.progress([july, end], dates=["7/2020"])
    Traceback (most recent call last):
    ...
    ntm_criteria.exceptions.InvalidValueError: dates must list one date per summary: 1 dates for 2 summaries
    """
    lang = _lang(lang)
    items, labels = _series(summaries, dates, banding, lang)
    own = ax is None
    fig, ax = _figure(ax, (max(6.5, 1.1 * len(items) + 4.0), 4.6), figsize)
    rows = [s.bands if lang == "vi" else s.bands_en for s in items]
    colors = _band_colors(len(rows[0]))
    x = list(range(len(items)))
    bottom = [0] * len(items)
    for i, color in enumerate(colors):
        counts = [r[i][3] for r in rows]
        ax.bar(x, counts, 0.6, bottom=bottom, color=color, label=rows[0][i][0])
        for xi, base, count, s in zip(x, bottom, counts, items):
            if count and count >= 0.04 * s.total:
                ax.text(xi, base + count / 2, str(count), ha="center", va="center", fontsize=8, color=_ink(color))
        bottom = [b + c for b, c in zip(bottom, counts)]
    ax.set_xticks(x, labels)
    ax.set_xlim(-0.6, len(items) - 0.4)
    ax.set_ylim(0, max(max(bottom), 1) * 1.04)
    text = _text(lang, _unit(items[0]))
    ax.set_ylabel(text["communes_axis"])
    right = ax.twinx()
    (line,) = right.plot(x, [float(s.average) for s in items], color="#263238", marker="o", linewidth=1.5, label=text["average"])
    for xi, s in zip(x, items):
        right.annotate(_pct(s.average, lang), (xi, float(s.average)), xytext=(0, 8), textcoords="offset points", ha="center", fontsize=9, fontweight="bold", bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85})
    right.set_ylim(0, max(s.criteria_count for s in items) * 1.1)
    right.set_ylabel(text["average"])
    handles, names = ax.get_legend_handles_labels()
    pad = _legend_on_top(ax, [*handles, line], [*names, text["average"]])
    _header(ax, lang, text["progress_title"], title, place, as_of, pad=pad)
    _footnote(ax, source, own)
    return cast("Figure", fig)


@_styled
def districts(
    summaries: Mapping[str, Summary],
    ax: Any = None,
    *,
    by: str = "district",
    lang: str = "vi",
    title: Optional[str] = None,
    place: Optional[str] = None,
    as_of: _When = None,
    source: Optional[str] = None,
    figsize: _Size = None,
) -> Figure:
    """One 100% stacked bar per district (in the mapping's order, top to bottom): the share of
    its communes in each band, written in the segments wide enough, with its number of
    communes after its name and its average number of criteria per commune at the right.

    ``summaries`` maps a name to a ``Summary``, as ``summarize_by`` and
    ``CommuneTable.summarize_by`` return; ``by`` only names the grouping in the default title
    ("district", "province", "region", or any word).

    >>> import ntm_criteria as ntm
    >>> by = {"Huyện A": ntm.summarize([19, 19, 12, 7]), "Huyện B": ntm.summarize([16, 8])}
    >>> fig = ntm.plot.districts(by, lang="en", as_of="July 2020")
    >>> ax = fig.axes[0]
    >>> [t.get_text() for t in ax.get_yticklabels()], [float(p.get_width()) for p in ax.patches[:2]]
    (['Huyện A (4)', 'Huyện B (2)'], [50.0, 0.0])
    >>> ax.get_title()
    'Communes by criteria met, by district\\nJuly 2020'
    """
    lang = _lang(lang)
    items = list(summaries.items()) if isinstance(summaries, Mapping) else None
    if not items:
        raise InvalidValueError("districts takes a non-empty mapping of names to Summary objects (e.g. table.summarize_by(\"district\"))")
    bad = [str(k) for k, s in items if not isinstance(s, Summary)]
    if bad:
        raise InvalidValueError(f"districts takes Summary values; not a Summary: {', '.join(bad)}")
    first = [(r[1], r[2]) for r in items[0][1].bands]
    if any([(r[1], r[2]) for r in s.bands] != first for _, s in items):
        raise InvalidValueError("the summaries have different bands: summarise every district with the same banding")
    own = ax is None
    fig, ax = _figure(ax, (7.5, 0.42 * len(items) + 2.2), figsize)
    rows = [s.bands if lang == "vi" else s.bands_en for _, s in items]
    y = list(range(len(items)))
    left = [0.0] * len(items)
    for i, color in enumerate(_band_colors(len(first))):
        shares = [r[i][4] for r in rows]
        ax.barh(y, [float(v) for v in shares], 0.7, left=left, color=color, label=rows[0][i][0])
        for yi, base, share in zip(y, left, shares):
            if share >= 10:
                ax.text(base + float(share) / 2, yi, _pct(share, lang), ha="center", va="center", fontsize=7, color=_ink(color))
        left = [b + float(v) for b, v in zip(left, shares)]
    ax.set_yticks(y, [f"{name} ({s.total})" for name, s in items])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    for yi, (_, s) in zip(y, items):
        ax.annotate(_text(lang)["avg_short"].format(v=_pct(s.average, lang)), (100, yi), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8, annotation_clip=False)
    text = _text(lang, _unit(items[0][1]))
    ax.set_xlabel(text["share_axis"])
    ax.spines[["top", "right"]].set_visible(False)
    handles, names = ax.get_legend_handles_labels()
    pad = _legend_on_top(ax, handles, names)
    default = text["districts_title"].format(by=_BY[lang].get(by, by))
    _header(ax, lang, default, title, place, as_of, pad=pad)
    _footnote(ax, source, own)
    return cast("Figure", fig)


@_styled
def criteria_by(
    table: Any,
    by: str = "district",
    ax: Any = None,
    *,
    criteria_set: Optional[CriteriaSet] = None,
    precision: int = 0,
    lang: str = "vi",
    cmap: str = "YlGn",
    title: Optional[str] = None,
    place: Optional[str] = None,
    as_of: _When = None,
    source: Optional[str] = None,
    figsize: _Size = None,
) -> Figure:
    """A heatmap of the share of communes meeting each criterion (rows, named from
    ``criteria_set``) per district (columns, with their number of communes), the share written
    in each cell.

    ``table`` is a ``CommuneTable``, an ``IndicatorTable`` or a frame with criterion columns;
    it is grouped with ``summarize_by(table, by=by, precision=precision)``: the cells show the
    core's shares rounded half-up to ``precision`` decimals (whole percents by default).

    >>> import ntm_criteria as ntm
    >>> t = ntm.read_communes(ntm.examples.path("lang_son_2020.csv"))
    >>> fig = ntm.plot.criteria_by(t, "district", criteria_set=ntm.CriteriaSet.load("2016-2020"))
    >>> ax = fig.axes[0]
    >>> ax.get_xticklabels()[0].get_text(), ax.get_yticklabels()[0].get_text(), ax.texts[0].get_text()
    ('Huyện Bình Gia (18)', '1. Quy hoạch', '94')
    """
    lang = _lang(lang)
    from ._api import summarize_by

    try:
        groups = list(summarize_by(table, by=by, precision=precision).items())
    except ValueError as e:
        if isinstance(e, NtmError):
            raise
        raise InvalidValueError(f"criteria_by: {e}") from e  # CommuneTable.summarize_by's own ValueError
    if not groups:
        raise InvalidValueError(f"criteria_by: no communes to group by {by!r}")
    pers = [_per_criterion(s, f"the summary of {name!r}") for name, s in groups]
    n = len(pers[0])
    own = ax is None
    fig, ax = _figure(ax, (max(7.0, 0.55 * len(groups) + 4.8), 0.3 * n + 3.0), figsize)
    grid = [[float(per[k][3]) for per in pers] for k in range(n)]
    image = ax.imshow(grid, cmap=cmap, vmin=0, vmax=100, aspect="auto")
    for k in range(n):
        for j, per in enumerate(pers):
            ink = _ink(image.cmap(image.norm(grid[k][j])))
            ax.text(j, k, _pct(per[k][3], lang), ha="center", va="center", fontsize=7, color=ink)
    ax.set_yticks(list(range(n)), _names(criteria_set, n, lang), fontsize=8)
    labels = [f"{name} ({s.total})" for name, s in groups]
    ax.set_xticks(list(range(len(groups))), labels, rotation=40, ha="right", rotation_mode="anchor", fontsize=8)
    ax.tick_params(which="both", length=0)
    ax.spines[:].set_visible(False)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    text = _text(lang, _unit(groups[0][1]))
    bar.set_label(text["crit_x"])
    default = text["by_title"].format(by=_BY[lang].get(by, by))
    _header(ax, lang, default, title, place, as_of)
    _footnote(ax, source, own)
    return cast("Figure", fig)
