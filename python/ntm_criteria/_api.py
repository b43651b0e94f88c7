"""summarize, summarize_by and summarize_frame: dispatch on the input, then call the core.

Frames are read by the core's input layer (``_summarize_frame``): criterion columns (``c1``…
``cN``, ``TC5``, ``Tiêu chí 5``), a criteria list or a ``met_count`` column, the same cells as a
CSV file means them; grouping keys are compared as text (NFC), so a name typed on a Mac and on
Windows is one group.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Dict, List, Optional, Tuple, cast

import numpy as np

from . import _deps
from ._frames import make_frame
from ._ntm_criteria import (
    Assessment,
    Banding,
    CommuneTable,
    IndicatorTable,
    Summary,
    _summarize_assessments,
    _summarize_counts,
    _summarize_frame,
)

__all__ = ["summarize", "summarize_by", "summarize_frame"]


def _banding(banding: Optional[Banding], criteria_count: Optional[int]) -> Optional[Banding]:
    if banding is None and criteria_count is not None:
        return Banding.default_for(criteria_count)
    if banding is not None and criteria_count is not None:
        banding.check_criteria_count(criteria_count)  # BandingError naming the band that does not fit
    return banding


def _counts(data: Any) -> Optional["np.ndarray[Any, Any]"]:
    """Counts of criteria met as a numpy array: from an array, a pandas or polars Series, or a
    list of numbers (``None`` for anything else)."""
    if isinstance(data, np.ndarray):
        return np.ascontiguousarray(data)
    if _deps.is_pandas(data, "Series"):
        return np.ascontiguousarray(data.to_numpy(dtype=np.float64, na_value=np.nan) if data.dtype == object or data.hasnans else data.to_numpy())
    if _deps.is_polars(data, "Series"):
        return np.ascontiguousarray(data.to_numpy())
    return None


def summarize(
    data: Any,
    *,
    banding: Optional[Banding] = None,
    precision: int = 2,
    sum_to_100: bool = False,
    criteria_count: Optional[int] = None,
    unit: Optional[str] = None,
) -> Summary:
    """Summarises communes: counts per band, shares and the average, exact and rounded half-up.

    ``data`` is any of:

    - counts of criteria met, one per commune: a list, a numpy array, a pandas or polars Series
      (taken in one pass by the core, without copying a ``uint8`` or ``int64`` array);
    - a list of ``Assessment`` objects;
    - a pandas or polars frame, read by the core as a criterion-level table: criterion columns
      (``c1``…``cN`` as ``assess_frame`` returns them, or ``TC5``, ``Tiêu chí 5`` with
      ``Đạt`` / ``Không đạt``) give the attainment per criterion, else a ``met_count`` column
      the counts; other columns are left out;
    - a ``CommuneTable`` or an ``IndicatorTable`` from ``read_communes`` (an
      ``IndicatorTable`` is assessed against its set, whose banding is the default).

    A mapping is refused: give the counts themselves. The banding defaults to the set's (the
    official one for 19 criteria; ``criteria_count`` picks the default for another number of
    criteria). ``unit`` says what counts that come without a set are of (``"village"`` or
    ``"thôn"`` for villages; a table read with a village set already says so).

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
    >>> s = ntm.summarize([14, 14, 9], criteria_count=14, unit="village")
    >>> s.unit, "có 02/3 thôn" in s.report()
    ('village', True)
    """
    s = _summarize(data, banding=banding, precision=precision, sum_to_100=sum_to_100, criteria_count=criteria_count)
    return s if unit is None else s.with_unit(unit)


def _summarize(data: Any, *, banding: Optional[Banding], precision: int, sum_to_100: bool, criteria_count: Optional[int]) -> Summary:
    kw: Dict[str, Any] = {"banding": _banding(banding, criteria_count), "precision": precision, "sum_to_100": sum_to_100}
    if isinstance(data, (CommuneTable, IndicatorTable)):
        return data.summarize(**kw)
    if _deps.is_pandas(data) or _deps.is_polars(data):
        return _summarize_frame(data, criteria_count=criteria_count, **kw)  # type: ignore[no-any-return]
    if isinstance(data, Mapping):
        raise TypeError("summarize takes counts of criteria met, not a mapping: give the counts (a list, an array or a Series)")
    counts = _counts(data)
    if counts is not None:
        return _summarize_counts(counts, **kw)
    items = list(data)
    if items and any(isinstance(x, Assessment) for x in items):
        if not all(isinstance(x, Assessment) for x in items):
            raise TypeError("summarize takes counts or Assessments, not a mix of both")
        return _summarize_assessments(items, **kw)
    arr = np.asarray(items)
    if arr.dtype == object or arr.size == 0:
        arr = np.asarray(items, dtype=np.float64)
    return _summarize_counts(np.ascontiguousarray(arr), **kw)


def _group_summaries(data: Any, by: Any, count_col: str, kw: Dict[str, Any], criteria_count: Optional[int]) -> Tuple[List[Any], List[Summary], str]:
    if isinstance(data, (CommuneTable, IndicatorTable)):
        by_key = data.summarize_by(cast(Any, str(by)), **kw)
        return list(by_key), list(by_key.values()), "pandas"
    if not (_deps.is_pandas(data) or _deps.is_polars(data)):
        raise TypeError(f"summarize_by takes a pandas or polars frame, a CommuneTable or an IndicatorTable, not {type(data).__name__}")
    count = None if count_col == "met_count" else count_col
    keys, summaries = _summarize_frame(data, by=by, count_col=count, criteria_count=criteria_count, **kw)
    return list(keys), list(summaries), "polars" if _deps.is_polars(data) else "pandas"


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

    ``data`` is a pandas or polars frame (with criterion columns the summaries have the
    attainment per criterion; otherwise ``count_col`` gives the counts), a ``CommuneTable`` or
    an ``IndicatorTable``. Keys are the group's text (NFC, trimmed).

    >>> import polars as pl, ntm_criteria as ntm
    >>> df = pl.DataFrame({"district": ["B", "A", "A"], "met_count": [19, 12, 7]})
    >>> {k: (s.total, s.average) for k, s in ntm.summarize_by(df, by="district").items()}
    {'A': (2, Decimal('9.50')), 'B': (1, Decimal('19.00'))}
    """
    kw: Dict[str, Any] = {"banding": _banding(banding, criteria_count), "precision": precision, "sum_to_100": sum_to_100}
    keys, summaries, _ = _group_summaries(data, by, count_col, kw, criteria_count)
    return dict(zip(keys, summaries))


def summarize_frame(
    df: Any,
    *,
    by: Any = None,
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
    ``backend``). ``by`` names the column to group by (``"district"``); without it the call is
    refused with a ``TypeError`` that says so (``summarize(df)`` is the summary of the whole
    frame).

    >>> import pandas as pd, ntm_criteria as ntm
    >>> df = pd.DataFrame({"district": ["A", "A", "B"], "met_count": [19, 12, 7]})
    >>> t = ntm.summarize_frame(df, by="district")
    >>> t[["district", "communes", "average", "19", "19 (%)"]].to_string(index=False)
    'district  communes average  19  19 (%)\\n       A         2   15.50   1   50.00\\n       B         1    7.00   0    0.00'
    """
    if by is None:
        raise TypeError(
            'summarize_frame needs by=, the column to group by (e.g. by="district"); '
            "summarize(df) gives one summary of the whole frame"
        )
    kw: Dict[str, Any] = {"banding": _banding(banding, criteria_count), "precision": precision, "sum_to_100": sum_to_100}
    keys, summaries, kind = _group_summaries(df, by, count_col, kw, criteria_count)
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
