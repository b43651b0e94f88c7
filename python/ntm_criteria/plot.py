"""Plots (matplotlib, an optional extra: ``pip install "ntm-criteria[plot]"``).

Both functions draw on ``ax`` (a new figure when ``None``) and return the Axes. The numbers come
from a ``Summary``; nothing is recomputed here.

>>> import ntm_criteria as ntm
>>> seed = ntm.Banding.official().with_label(3, "từ 5-9", "5-9")
>>> july = ntm.Summary.from_band_counts([51, 4, 36, 90, 0], 2110, banding=seed)  # Lạng Sơn, 7/2020
>>> ax = ntm.plot.bands(july, lang="en")
>>> [round(p.get_height()) for p in ax.patches]
[51, 4, 36, 90, 0]
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, List, Optional, Sequence, Tuple

from . import _deps
from ._ntm_criteria import CriteriaSet, Summary
from .exceptions import InvalidValueError

__all__ = ["bands", "criteria"]

_TEXT = {
    "vi": {
        "bands_x": "Số tiêu chí đạt",
        "bands_y": "Số xã",
        "bands_title": "Số xã theo nhóm tiêu chí đạt ({total} xã)",
        "crit_x": "Tỷ lệ xã đạt (%)",
        "crit_title": "Số xã đạt từng tiêu chí ({total} xã)",
        "crit": "Tiêu chí {k}",
    },
    "en": {
        "bands_x": "Criteria met",
        "bands_y": "Communes",
        "bands_title": "Communes by criteria met ({total} communes)",
        "crit_x": "Communes meeting the criterion (%)",
        "crit_title": "Attainment per criterion ({total} communes)",
        "crit": "Criterion {k}",
    },
}


def _lang(lang: str) -> str:
    if lang not in _TEXT:
        raise InvalidValueError(f'lang must be "vi" or "en", not {lang!r}')
    return lang


def _pct(share: Decimal, lang: str) -> str:
    text = str(share)
    return text.replace(".", ",") if lang == "vi" else text


def _axes(ax: Any, size: Tuple[float, float], purpose: str) -> Any:
    plt = _deps.pyplot(purpose)
    if ax is None:
        _, ax = plt.subplots(figsize=size)
    return ax


def bands(summary: Summary, ax: Any = None, *, lang: str = "vi", color: Optional[str] = None) -> Any:
    """A bar chart of communes per band, each bar labelled with its count and percentage.

    >>> import ntm_criteria as ntm
    >>> ax = ntm.plot.bands(ntm.summarize([19, 19, 16, 12, 7, 3]))
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['19', '15-18', '10-14', '5-9', 'dưới 5']
    >>> ax.texts[0].get_text()
    '2\\n(33,33%)'
    """
    lang = _lang(lang)
    ax = _axes(ax, (6.5, 3.8), "ntm_criteria.plot.bands")
    rows = summary.bands if lang == "vi" else summary.bands_en
    positions = list(range(len(rows)))
    counts = [r[3] for r in rows]
    bars = ax.bar(positions, counts, color=color or "#2e7d32")
    ax.set_xticks(positions, [r[0] for r in rows])
    for bar, (_, _, _, count, share) in zip(bars, rows):
        ax.annotate(
            f"{count}\n({_pct(share, lang)}%)",
            xy=(bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=9,
        )
    text = _TEXT[lang]
    ax.set_xlabel(text["bands_x"])
    ax.set_ylabel(text["bands_y"])
    ax.set_title(text["bands_title"].format(total=summary.total))
    ax.margins(y=0.25)
    return ax


def _names(criteria_set: Optional[CriteriaSet], n: int, lang: str) -> List[str]:
    if criteria_set is not None and criteria_set.criteria_count == n:
        return [f"{c.number}. {c.name_vi if lang == 'vi' else c.name_en}" for c in criteria_set.criteria]
    return [_TEXT[lang]["crit"].format(k=k) for k in range(1, n + 1)]


def criteria(
    summary_or_frame: Any,
    ax: Any = None,
    *,
    criteria_set: Optional[CriteriaSet] = None,
    lang: str = "vi",
    color: Optional[str] = None,
) -> Any:
    """Attainment per criterion: one horizontal bar per criterion (its share of communes),
    named in Vietnamese or English from ``criteria_set``.

    ``summary_or_frame`` is a ``Summary`` with per-criterion counts, or a frame accepted by
    ``summarize`` with ``c1``…``cN`` columns.

    >>> import pandas as pd, ntm_criteria as ntm
    >>> s = ntm.CriteriaSet.load("2016-2020")
    >>> df = s.assess_frame(pd.DataFrame({"10": [40.0, 30.0]}), region="NMM")
    >>> ax = ntm.plot.criteria(df, criteria_set=s, lang="en")
    >>> len(ax.patches), ax.get_yticklabels()[9].get_text()
    (19, '10. Income')
    """
    lang = _lang(lang)
    summary = summary_or_frame if isinstance(summary_or_frame, Summary) else _summarize(summary_or_frame)
    per: Optional[Sequence[Tuple[int, int, int, Decimal]]] = summary.per_criterion
    if per is None:
        raise InvalidValueError(
            "this summary has no counts per criterion: summarise the frame of assess_frame, or a "
            "communes table that lists the criteria met"
        )
    ax = _axes(ax, (7.5, 0.35 * len(per) + 1.2), "ntm_criteria.plot.criteria")
    names = _names(criteria_set, len(per), lang)
    positions = list(range(len(per)))
    shares = [float(p[3]) for p in per]  # plotting only; labels print the exact decimals
    bars = ax.barh(positions, shares, color=color or "#1565c0")
    ax.set_yticks(positions, names)
    ax.invert_yaxis()
    for bar, (_, met, _, share) in zip(bars, per):
        ax.annotate(
            f" {met} ({_pct(share, lang)}%)",
            xy=(bar.get_width(), bar.get_y() + bar.get_height() / 2),
            va="center",
            fontsize=8,
        )
    ax.set_xlim(0, 118)
    text = _TEXT[lang]
    ax.set_xlabel(text["crit_x"])
    ax.set_title(text["crit_title"].format(total=summary.total))
    return ax


def _summarize(data: Any) -> Summary:
    from ._api import summarize

    return summarize(data)
