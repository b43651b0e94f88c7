"""write_workbook: the report workbook (biểu) an office attaches to its report.

The layout is the Rust core's (``ntm_criteria::workbook``, written with rust_xlsxwriter), so that
Python and Rust write the same sheets; this module only turns a date into the "as of" phrase and
writes the bytes.
"""

from __future__ import annotations

import datetime as _dt
import os
import pathlib
from typing import IO, Any, Optional, Union

from ._ntm_criteria import Banding, CriteriaSet, _workbook_bytes
from .plot import _as_of, _lang

__all__ = ["write_workbook"]


def write_workbook(
    path: Union[str, "os.PathLike[str]", IO[bytes]],
    data: Any,
    *,
    by: str = "district",
    lang: str = "vi",
    as_of: Union[str, _dt.date, None] = None,
    place: Optional[str] = None,
    banding: Optional[Banding] = None,
    precision: int = 2,
    sum_to_100: bool = False,
    criteria_set: Union[CriteriaSet, str, None] = None,
    criteria_count: Optional[int] = None,
    omit_not_assessed: bool = False,
) -> Optional[pathlib.Path]:
    """Writes the report workbook (``.xlsx``) of ``data`` to ``path`` (a path, or a binary file
    object such as ``io.BytesIO``); returns the path written (``None`` for a file object).

    ``data`` is a ``CommuneTable`` or an ``IndicatorTable`` (assessed against its set), a pandas
    or polars frame read at the criterion level (``assess_frame``'s output, or columns ``TC1`` …,
    a criteria list or ``met_count``), or a ``Summary``. Four sheets, headers in ``lang``:

    1. **Tổng hợp / Summary**: communes per band with shares, the communes meeting every
       criterion, the criteria met, the average, the communes with criteria not assessed, and the
       report sentence (which says so when criteria were not assessed, unless
       ``omit_not_assessed=True``);
    2. **Theo huyện / By district**: one row per value of ``by`` (``"province"`` for data since
       the 2025 map, which has no districts), and the total;
    3. **Theo tiêu chí / By criterion**: communes meeting each criterion, overall and per group,
       named from ``criteria_set`` (an ``IndicatorTable``'s own set by default); left out when
       the data gives only counts of criteria met;
    4. **Danh sách xã / Communes**: one row per commune, its status per criterion, criteria met,
       band and recognition; ``read_communes(path, sheet="Danh sách xã")`` reads it back.

    A ``Summary`` gives sheet 1 (and 3 when it has per-criterion counts). Each title row carries
    ``place`` and ``as_of`` (a text, opening the sentence as printed: ``"Đến hết tháng 7/2020"``,
    or a ``datetime.date``). Counts and averages are numbers; shares are numbers with a percent
    format (28,18% is stored as 0.2818), rounded half-up to ``precision`` as in the summary.

    >>> import io, openpyxl, ntm_criteria as ntm
    >>> table = ntm.read_communes(ntm.examples.path("lang_son_2020.csv"))
    >>> seed = ntm.Banding.official().with_label(3, "từ 5-9", "5-9")
    >>> buf = io.BytesIO()
    >>> ntm.write_workbook(buf, table, banding=seed, place="Lạng Sơn", as_of="Đến hết tháng 7/2020")
    >>> wb = openpyxl.load_workbook(buf)
    >>> wb.sheetnames
    ['Tổng hợp', 'Theo huyện', 'Theo tiêu chí', 'Danh sách xã']
    >>> ws = wb["Tổng hợp"]
    >>> ws["A1"].value
    'Biểu 1. Tổng hợp kết quả thực hiện Bộ tiêu chí quốc gia về xã nông thôn mới — Lạng Sơn — Đến hết tháng 7/2020'
    >>> ws["A4"].value, ws["B4"].value, ws["C4"].value, ws["C4"].number_format
    ('Đạt 19 tiêu chí', 51, 0.2818, '0.00%')
    """
    phrase = _as_of(as_of, _lang(lang))
    if phrase:
        phrase = phrase[0].upper() + phrase[1:]
    content = _workbook_bytes(
        data,
        by=by,
        lang=lang,
        as_of=phrase,
        place=place,
        banding=banding,
        precision=precision,
        sum_to_100=sum_to_100,
        criteria_set=criteria_set,
        criteria_count=criteria_count,
        omit_not_assessed=omit_not_assessed,
    )
    if hasattr(path, "write"):
        path.write(content)
        return None
    target = pathlib.Path(path)
    target.write_bytes(content)
    return target
