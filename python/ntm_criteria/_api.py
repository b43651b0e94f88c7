"""summarize, summarize_by and summarize_frame: dispatch on the input, then call the core."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, cast

import numpy as np

from . import _deps
from ._frames import _Frame, _Pandas, _Polars, adapt, make_frame
from ._ntm_criteria import (
    Assessment,
    Banding,
    CommuneTable,
    IndicatorTable,
    Summary,
    _summarize_assessments,
    _summarize_counts,
    _summarize_groups,
    _summarize_statuses,
)
from .exceptions import ValidationError

__all__ = ["summarize", "summarize_by", "summarize_frame"]


def _missing_columns(fr: _Frame, wanted: Dict[str, Any]) -> None:
    """Raises one ValidationError naming every missing column."""
    entries = [
        {"loc": (param,), "type": "missing_column", "msg": f"the frame has no column {str(col)!r}", "input": str(col)}
        for param, col in wanted.items()
        if not fr.has(col)
    ]
    if entries:
        err = ValidationError(
            f"{len(entries)} problem(s) in frame columns:"
            + "".join(f"\n  - {e['loc'][0]}: {e['msg']}" for e in entries)
        )
        err._errors = entries
        raise err


def _criteria_columns(fr: _Frame) -> List[str]:
    """``c1``…``cN``: the criterion columns of ``assess_frame`` and ``CommuneTable.to_frame``."""
    cols: List[str] = []
    while fr.has(f"c{len(cols) + 1}"):
        cols.append(f"c{len(cols) + 1}")
    return cols


def _banding(banding: Optional[Banding], criteria_count: Optional[int]) -> Optional[Banding]:
    if banding is None and criteria_count is not None:
        return Banding.default_for(criteria_count)
    return banding


def _series_frame(data: Any) -> Optional[_Frame]:
    """A one-column adapter for a pandas or polars Series of counts."""
    if _deps.is_pandas(data, "Series"):
        return _Pandas(data.to_frame(name="met_count"))
    if _deps.is_polars(data, "Series"):
        return _Polars(data.rename("met_count").to_frame())
    return None


def summarize(
    data: Any,
    *,
    banding: Optional[Banding] = None,
    precision: int = 2,
    sum_to_100: bool = False,
    criteria_count: Optional[int] = None,
) -> Summary:
    """Summarises communes: counts per band, shares and the average, exact and rounded half-up.

    ``data`` is any of:

    - counts of criteria met, one per commune: a list, a numpy array, a pandas or polars Series
      (taken in one pass by the core, without copying a ``uint8`` or ``int64`` array);
    - a list of ``Assessment`` objects;
    - the frame returned by ``CriteriaSet.assess_frame`` or ``CommuneTable.to_frame`` (the
      ``c1``…``cN`` columns give the attainment per criterion), or any frame with a
      ``met_count`` column;
    - a ``CommuneTable`` or an ``IndicatorTable`` from ``read_communes`` (an
      ``IndicatorTable`` is assessed against its set, whose banding is the default).

    The banding defaults to the set's (the official one for 19 criteria; ``criteria_count``
    picks the default for another number of criteria).

    >>> import ntm_criteria as ntm
    >>> s = ntm.summarize([19, 19, 16, 12, 7])
    >>> s.total, s.average, s.meeting_standard
    (5, Decimal('14.60'), 2)
    >>> [(label, count) for label, lo, hi, count, share in s.bands]
    [('19', 2), ('15-18', 1), ('10-14', 1), ('5-9', 1), ('dưới 5', 0)]
    >>> ntm.summarize([1] * 799 + [19]).bands[0][4]  # 1 of 800 is 0.125%: half-up gives 0.13
    Decimal('0.13')
    >>> ntm.summarize([20])
    Traceback (most recent call last):
    ...
    ntm_criteria.exceptions.ValidationError: 1 problem(s) in counts of criteria met:
      - row 1, met_count: a count of criteria met is a whole number in 0..=19 (input: "20")
    """
    kw: Dict[str, Any] = {
        "banding": _banding(banding, criteria_count),
        "precision": precision,
        "sum_to_100": sum_to_100,
    }
    if isinstance(data, (CommuneTable, IndicatorTable)):
        return data.summarize(**kw)
    if _deps.is_pandas(data) or _deps.is_polars(data):
        fr = adapt(data, "summarize")
        crit = _criteria_columns(fr)
        if crit:
            codes = [fr.status_codes(c) for c in crit]
            met_count = fr.counts("met_count") if fr.has("met_count") else None
            if kw["banding"] is None:
                kw["banding"] = Banding.default_for(len(crit))
            return _summarize_statuses(codes, met_count=met_count, **kw)
        _missing_columns(fr, {"met_count": "met_count"})
        return _summarize_counts(fr.counts("met_count"), **kw)
    series = _series_frame(data)
    if series is not None:
        return _summarize_counts(series.counts("met_count"), **kw)
    if isinstance(data, np.ndarray):
        return _summarize_counts(np.ascontiguousarray(data), **kw)
    items = list(data)
    if items and any(isinstance(x, Assessment) for x in items):
        if not all(isinstance(x, Assessment) for x in items):
            raise TypeError("summarize takes counts or Assessments, not a mix of both")
        return _summarize_assessments(items, **kw)
    arr = np.asarray(items)
    if arr.dtype == object or arr.size == 0:
        arr = np.asarray(items, dtype=np.float64)
    return _summarize_counts(np.ascontiguousarray(arr), **kw)


def _group_summaries(
    data: Any,
    by: Any,
    count_col: str,
    kw: Dict[str, Any],
    use_criteria: bool,
) -> tuple[List[Any], List[Summary], str]:
    if isinstance(data, (CommuneTable, IndicatorTable)):
        by_key = data.summarize_by(cast(Any, str(by)), **kw)
        return list(by_key), list(by_key.values()), "pandas"
    fr = adapt(data, "summarize_frame")
    crit = _criteria_columns(fr) if use_criteria else []
    _missing_columns(fr, {"by": by} if crit else {"by": by, "count_col": count_col})
    codes, uniques = fr.factorize(str(by), sort=True)
    if crit:
        if kw["banding"] is None:
            kw["banding"] = Banding.default_for(len(crit))
        statuses = [fr.status_codes(c) for c in crit]
        summaries = _summarize_groups(codes, len(uniques), codes=statuses, column=str(by), **kw)
    else:
        summaries = _summarize_groups(codes, len(uniques), counts=fr.counts(count_col), column=str(by), **kw)
    return uniques, summaries, fr.kind


def summarize_by(
    data: Any,
    *,
    by: Any,
    count_col: str = "met_count",
    banding: Optional[Banding] = None,
    precision: int = 2,
    sum_to_100: bool = False,
    criteria_count: Optional[int] = None,
) -> Dict[Any, Summary]:
    """One ``Summary`` per group (district, province, …), in key order.

    ``data`` is a pandas or polars frame (with ``c1``…``cN`` columns the summaries have the
    attainment per criterion; otherwise ``count_col`` gives the counts), a ``CommuneTable`` or
    an ``IndicatorTable``.

    >>> import polars as pl, ntm_criteria as ntm
    >>> df = pl.DataFrame({"district": ["B", "A", "A"], "met_count": [19, 12, 7]})
    >>> {k: (s.total, s.average) for k, s in ntm.summarize_by(df, by="district").items()}
    {'A': (2, Decimal('9.50')), 'B': (1, Decimal('19.00'))}
    """
    kw: Dict[str, Any] = {
        "banding": _banding(banding, criteria_count),
        "precision": precision,
        "sum_to_100": sum_to_100,
    }
    keys, summaries, _ = _group_summaries(data, by, count_col, kw, use_criteria=True)
    return dict(zip(keys, summaries))


def summarize_frame(
    df: Any,
    *,
    by: Any,
    count_col: str = "met_count",
    banding: Optional[Banding] = None,
    precision: int = 2,
    sum_to_100: bool = False,
    criteria_count: Optional[int] = None,
    backend: Optional[str] = None,
) -> Any:
    """One row per group: communes, average, meeting the standard, and per band the count and
    the share (``"<band> (%)"``). Averages and shares are exact ``Decimal`` values. The frame
    is of the library of ``df`` (pandas for a ``CommuneTable`` or ``IndicatorTable``, or
    ``backend``).

    >>> import pandas as pd, ntm_criteria as ntm
    >>> df = pd.DataFrame({"district": ["A", "A", "B"], "met_count": [19, 12, 7]})
    >>> t = ntm.summarize_frame(df, by="district")
    >>> t[["district", "communes", "average", "19", "19 (%)"]].to_string(index=False)
    'district  communes average  19  19 (%)\\n       A         2   15.50   1   50.00\\n       B         1    7.00   0    0.00'
    """
    kw: Dict[str, Any] = {
        "banding": _banding(banding, criteria_count),
        "precision": precision,
        "sum_to_100": sum_to_100,
    }
    keys, summaries, kind = _group_summaries(df, by, count_col, kw, use_criteria=False)
    data: Dict[str, Any] = {
        str(by): keys,
        "communes": [s.total for s in summaries],
        "total_criteria": [s.total_criteria for s in summaries],
        "average": [s.average for s in summaries],
        "criteria_share": [s.criteria_share for s in summaries],
        "meeting_standard": [s.meeting_standard for s in summaries],
    }
    labels = [b[0] for b in summaries[0].bands] if summaries else []
    for i, label in enumerate(labels):
        data[label] = [s.bands[i][3] for s in summaries]
        data[f"{label} (%)"] = [s.bands[i][4] for s in summaries]
    return make_frame(data, backend or kind)
