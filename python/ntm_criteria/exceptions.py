"""The exceptions of ntm_criteria.

Every error of the library is an :class:`NtmError`. Each error of the Rust core has its own
class, which also derives from the matching built-in exception (``ValueError``, ``KeyError``,
``OSError``), so ``except ValueError`` keeps working.

Every exception lists **all** the problems found, not only the first one:
``errors()`` returns one dict per problem, ``{"loc", "type", "msg", "input"}``, where ``loc`` is
a tuple ``(row, commune, where)`` (row and commune only when known; rows count from 1, the
header excluded), and ``error_count()`` their number.

>>> import ntm_criteria
>>> s = ntm_criteria.CriteriaSet.load("2016-2020")
>>> try:
...     s.assess({"10": -5.0, "99.9": 1.0, "17.1": (120, 40), "11": "yes"}, region="NMM")
... except ntm_criteria.ValidationError as e:
...     print(e.error_count(), sorted(x["loc"][0] for x in e.errors()))
4 ['10', '11', '17.1', '99.9']
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

__all__ = [
    "NtmError",
    "ValidationError",
    "CatalogError",
    "UnknownRegionError",
    "AmbiguousRegionError",
    "UnknownProvinceError",
    "UnknownCommuneGroupError",
    "UnknownSetError",
    "UnknownIndicatorError",
    "UnknownCriterionError",
    "MissingDimensionError",
    "InvalidValueError",
    "BandingError",
    "EmptySummaryError",
    "BatchError",
    "FigureError",
    "SnapshotError",
    "NtmIOError",
    "MissingDependencyError",
]


class NtmError(Exception):
    """Base class of every error raised by ntm_criteria.

    >>> import ntm_criteria as ntm
    >>> try:
    ...     ntm.CriteriaSet.load("2016-2020").assess({"10": 38.5})  # no region given
    ... except ntm.NtmError as e:
    ...     print(type(e).__name__, e.error_count(), e.errors()[0]["type"])
    MissingDimensionError 1 missing_dimension
    """

    _errors: List[Dict[str, Any]]

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def errors(self) -> List[Dict[str, Any]]:
        """Every problem found: ``[{"loc": tuple, "type": str, "msg": str, "input": str | None}]``.

        >>> import ntm_criteria as ntm
        >>> try:
        ...     ntm.summarize([20])
        ... except ntm.ValidationError as e:
        ...     print(e.errors())
        [{'loc': (1, 'met_count'), 'type': 'out_of_range', 'msg': 'a count of criteria met is a whole number in 0..=19', 'input': '20'}]
        """
        found = getattr(self, "_errors", None)
        if found is None:
            return [{"loc": ("error",), "type": "error", "msg": self.message, "input": None}]
        return [dict(e) for e in found]

    def error_count(self) -> int:
        """The number of problems found, counting those left out of ``errors()`` (which lists
        at most 1,000, then one entry of type ``"omitted"`` with the counts of the rest by kind).

        >>> import ntm_criteria as ntm
        >>> try:
        ...     ntm.read_communes("/dev/null")  # an empty file says so
        ... except ntm.ValidationError as e:
        ...     print(e.error_count(), e.errors()[0]["type"])
        1 empty_file
        """
        found = self.errors()
        omitted: Dict[str, int] = getattr(self, "omitted", {})
        return len([e for e in found if e["type"] != "omitted"]) + sum(omitted.values())

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.message,), self.__dict__.copy())


class ValidationError(NtmError, ValueError):
    """Input data with problems: a table, a frame, indicator values. Lists every problem.

    >>> import ntm_criteria as ntm
    >>> s = ntm.CriteriaSet.load("2016-2020")
    >>> s.assess({"10": -5.0, "99.9": 1.0}, region="NMM")
    Traceback (most recent call last):
    ...
    ntm_criteria.exceptions.ValidationError: 2 problem(s) in ...
    """


class CatalogError(NtmError, ValueError):
    """A criteria-set file (JSON/TOML) or an override that is malformed or inconsistent.

    >>> import ntm_criteria as ntm
    >>> ntm.CriteriaSet.from_json('{"id": 1}')
    Traceback (most recent call last):
    ...
    ntm_criteria.exceptions.CatalogError: 1 problem(s) in <json>:
      - id: invalid type: integer `1`, expected a string at line 1 column 8
    """


class UnknownRegionError(NtmError, KeyError):
    """A region (or province) that is not one of the 7 regions (63 provinces).

    >>> import ntm_criteria as ntm
    >>> ntm.region_of("Lạng Sơn").code
    'NMM'
    >>> ntm.region_of("Atlantis")
    Traceback (most recent call last):
    ...
    ntm_criteria.exceptions.UnknownRegionError: unknown region "Atlantis"
    """


class AmbiguousRegionError(NtmError, ValueError):
    """A place that, on the date asked, is a provincial unit spanning two regions (since 1/7/2025,
    Lâm Đồng is Lâm Đồng, Đắk Nông and Bình Thuận). ``unit`` names the unit; the message lists the
    former provinces with their regions. Give the former province, or the region.

    >>> import ntm_criteria as ntm
    >>> try:
    ...     ntm.region_of("Gia Lai", as_of="2026-01-01")
    ... except ntm.AmbiguousRegionError as e:
    ...     print(e.unit)
    Gia Lai
    """


class UnknownProvinceError(NtmError, KeyError):
    """A province code or name that is not one of the 63 provinces.

    The Python functions look a name up as a region *or* a province (``region_of``, the
    ``region`` arguments and columns), so they report an unknown name as
    :class:`UnknownRegionError`; this class maps the core's ``UnknownProvince`` error. Like
    every lookup error it is a ``KeyError``:

    >>> import ntm_criteria as ntm
    >>> issubclass(ntm.UnknownProvinceError, KeyError), len(ntm.provinces())
    (True, 63)
    """


class UnknownCommuneGroupError(NtmError, KeyError):
    """A commune group that is not G1, G2 or G3.

    >>> import ntm_criteria as ntm
    >>> ntm.CommuneGroup("G4")
    Traceback (most recent call last):
    ...
    ntm_criteria.exceptions.UnknownCommuneGroupError: unknown commune group "G4" (expected G1, G2 or G3)
    """


class UnknownSetError(NtmError, KeyError):
    """A bundled criteria-set name that does not exist.

    >>> import ntm_criteria as ntm
    >>> ntm.CriteriaSet.load("2030-2035")
    Traceback (most recent call last):
    ...
    ntm_criteria.exceptions.UnknownSetError: unknown criteria set "2030-2035" (bundled: 2016-2020, 2021-2025, 2026-2030, kieu-mau-2018-2020, kieu-mau-2021-2025)
    """


class UnknownIndicatorError(NtmError, KeyError):
    """An indicator id that the set does not define.

    >>> import ntm_criteria as ntm
    >>> ntm.CriteriaSet.load("2016-2020").indicator("99.9")
    Traceback (most recent call last):
    ...
    ntm_criteria.exceptions.UnknownIndicatorError: unknown indicator "99.9" in set 2016-2020
    """


class UnknownCriterionError(NtmError, KeyError):
    """A criterion number outside the set.

    >>> import ntm_criteria as ntm
    >>> ntm.CriteriaSet.load("2016-2020").criterion(20)
    Traceback (most recent call last):
    ...
    ntm_criteria.exceptions.UnknownCriterionError: criterion 20 does not exist in set 2016-2020 (1..=19)
    """


class MissingDimensionError(NtmError, ValueError):
    """The set varies by region (or commune group) and none was given; ``.dimension`` names it.

    >>> import ntm_criteria as ntm
    >>> ntm.CriteriaSet.load("2016-2020").assess({"10": 38.5})
    Traceback (most recent call last):
    ...
    ntm_criteria.exceptions.MissingDimensionError: set 2016-2020 varies its thresholds by region: give the commune's region
    """


class InvalidValueError(NtmError, ValueError):
    """A value that cannot be used: an indicator's value (``indicator`` names it), or an
    argument outside what it accepts (``argument`` names it: ``lang``, ``precision``,
    ``criteria_count``, ``total_criteria``, …). The other attribute is ``None``.

    >>> import ntm_criteria as ntm
    >>> ntm.Summary.from_band_counts([1, 0, 0, 0, 0], 500)
    Traceback (most recent call last):
    ...
    ntm_criteria.exceptions.InvalidValueError: total_criteria: 500 criteria cannot come from these bands (possible: 19..=19)
    >>> try:
    ...     ntm.Banding.default_for(19).label_of(5, "fr")
    ... except ntm.InvalidValueError as e:
    ...     print(e.argument, e.indicator, "|", e)
    lang None | lang: "fr" is not a report language (vi or en)
    """

    indicator: Optional[str] = None
    argument: Optional[str] = None


class BandingError(NtmError, ValueError):
    """A banding whose bands overlap, leave gaps, or do not fit the set.

    >>> import ntm_criteria as ntm
    >>> ntm.Banding.official().with_label(7, "a", "b")
    Traceback (most recent call last):
    ...
    ntm_criteria.exceptions.BandingError: bad banding: no band 7: bands are numbered from 0, and this banding's 5 bands are 0 "19", 1 "15-18", 2 "10-14", 3 "5-9", 4 "dưới 5"
    """


class EmptySummaryError(NtmError, ValueError):
    """A summary that cannot be computed (e.g. of zero communes).

    >>> import ntm_criteria as ntm
    >>> ntm.summarize([])
    Traceback (most recent call last):
    ...
    ntm_criteria.exceptions.EmptySummaryError: cannot summarise: there are no communes
    """


class BatchError(NtmError, ValueError):
    """Columns of a batch that do not fit together, or a batch operation the set refuses.

    >>> import pandas as pd, ntm_criteria as ntm
    >>> s = ntm.CriteriaSet.load("2016-2020")
    >>> df = pd.DataFrame({"code": ["001"], "17.1:hygienic": [92.0], "17.1:clean": [48.0]})
    >>> s.what_if(df, "17.1", [90], region="NMM", id_col="code")
    Traceback (most recent call last):
    ...
    ntm_criteria.exceptions.BatchError: batch input: indicator 17.1 has a at_least_both rule; a what-if moves a single-number threshold
    """


class FigureError(NtmError, ValueError):
    """A figure of a published report that cannot be parsed.

    >>> import ntm_criteria as ntm
    >>> ntm.PublishedReport.from_sentence("bình quân đạt 11.66")
    Traceback (most recent call last):
    ...
    ntm_criteria.exceptions.FigureError: cannot parse figure "bình quân đạt 11.66": a figure that cannot be read ("11.66"): a dot separates thousands in Vietnamese figures (1.586 = 1586), ...
    """


class SnapshotError(NtmError, ValueError):
    """Snapshots that cannot be compared (different criteria sets, a repeated commune code,
    dates in the wrong order) or a malformed snapshot date (``YYYY-MM-DD``).

    >>> import ntm_criteria as ntm
    >>> t = ntm.CommuneTable.from_csv_text("code,met_count\\n001,19\\n")
    >>> ntm.Snapshot(t, "2016-2020", date="2020-13-01")
    Traceback (most recent call last):
    ...
    ntm_criteria.exceptions.SnapshotError: snapshot: date "2020-13-01": no such month
    """


class NtmIOError(NtmError, OSError):
    """A file that cannot be read; ``.filename`` is its path.

    >>> import ntm_criteria as ntm
    >>> try:
    ...     ntm.read_communes("/no/such/file.csv")
    ... except OSError as e:
    ...     print(type(e).__name__, e.filename)
    NtmIOError /no/such/file.csv
    """

    def __init__(self, message: str = "") -> None:
        NtmError.__init__(self, message)

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.message,), {**self.__dict__, "filename": self.filename})


class MissingDependencyError(NtmError, ImportError):
    """An optional dependency is not installed; the message names the extra to install,
    e.g. ``plotting needs matplotlib, which is not installed: pip install "ntm-criteria[plot]"``.
    It is an ``ImportError``, so code that already guards optional imports keeps working:

    >>> import ntm_criteria as ntm
    >>> issubclass(ntm.MissingDependencyError, ImportError)
    True
    """
