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

from typing import Any, Dict, List, Tuple

__all__ = [
    "NtmError",
    "ValidationError",
    "CatalogError",
    "UnknownRegionError",
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
    """Base class of every error raised by ntm_criteria."""

    _errors: List[Dict[str, Any]]

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def errors(self) -> List[Dict[str, Any]]:
        """Every problem found: ``[{"loc": tuple, "type": str, "msg": str, "input": str | None}]``."""
        found = getattr(self, "_errors", None)
        if found is None:
            return [{"loc": ("error",), "type": "error", "msg": self.message, "input": None}]
        return [dict(e) for e in found]

    def error_count(self) -> int:
        """The number of problems found."""
        return len(self.errors())

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.message,), self.__dict__.copy())


class ValidationError(NtmError, ValueError):
    """Input data with problems: a table, a frame, indicator values. Lists every problem."""


class CatalogError(NtmError, ValueError):
    """A criteria-set file (JSON/TOML) or an override that is malformed or inconsistent."""


class UnknownRegionError(NtmError, KeyError):
    """A region (or province) that is not one of the 7 regions (63 provinces)."""


class UnknownProvinceError(NtmError, KeyError):
    """A province code or name that is not one of the 63 provinces."""


class UnknownCommuneGroupError(NtmError, KeyError):
    """A commune group that is not G1, G2 or G3."""


class UnknownSetError(NtmError, KeyError):
    """A bundled criteria-set name that does not exist."""


class UnknownIndicatorError(NtmError, KeyError):
    """An indicator id that the set does not define."""


class UnknownCriterionError(NtmError, KeyError):
    """A criterion number outside the set."""


class MissingDimensionError(NtmError, ValueError):
    """The set varies by region (or commune group) and none was given; ``.dimension`` names it."""


class InvalidValueError(NtmError, ValueError):
    """A value that cannot be used (e.g. a count above the number of criteria)."""


class BandingError(NtmError, ValueError):
    """A banding whose bands overlap, leave gaps, or do not fit the set."""


class EmptySummaryError(NtmError, ValueError):
    """A summary that cannot be computed (e.g. of zero communes)."""


class BatchError(NtmError, ValueError):
    """Columns of a batch that do not fit together."""


class FigureError(NtmError, ValueError):
    """A figure of a published report that cannot be parsed."""


class SnapshotError(NtmError, ValueError):
    """Snapshots that cannot be compared (different criteria sets, a repeated commune code,
    dates in the wrong order) or a malformed snapshot date (``YYYY-MM-DD``)."""


class NtmIOError(NtmError, OSError):
    """A file that cannot be read; ``.filename`` is its path."""

    def __init__(self, message: str = "") -> None:
        NtmError.__init__(self, message)

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.message,), {**self.__dict__, "filename": self.filename})


class MissingDependencyError(NtmError, ImportError):
    """An optional dependency is not installed; the message names the extra to install."""
