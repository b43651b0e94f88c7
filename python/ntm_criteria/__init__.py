"""ntm_criteria: Vietnam's New Rural Development (NTM) criteria for Python.

The National Target Program on New Rural Development (Chương trình mục tiêu quốc gia xây dựng
nông thôn mới) assesses every rural commune (xã) against a criteria set (bộ tiêu chí): 19
criteria for 2016-2020 and 2021-2025, 10 for 2026-2030, each made of indicators (chỉ tiêu).
This package assesses communes (one at a time, or frames of millions), bands and summarises
them with exact half-up arithmetic, and prints the report sentence as provinces publish it.

Everything is computed by the Rust core (``ntm-criteria``); Python converts types and errors.

>>> import ntm_criteria as ntm
>>> s = ntm.CriteriaSet.load("2016-2020")
>>> a = s.assess({"10": 38.5, "17.1": (92, 48)}, region=ntm.region_of("Lạng Sơn"))
>>> a.criteria[10], a.criteria[17]
('met', 'not_met')
>>> seed = ntm.Banding.official().with_label(3, "từ 5-9", "5-9")
>>> ntm.Summary.from_band_counts([51, 4, 36, 90, 0], 2110, banding=seed).average
Decimal('11.66')
"""

from __future__ import annotations

from . import examples, plot
from ._api import summarize, summarize_by, summarize_frame
from ._workbook import write_workbook
from ._ntm_criteria import (
    STATUSES,
    Assessment,
    Banding,
    CommuneGroup,
    CommuneTable,
    Comparison,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorOutcome,
    PublishedReport,
    IndicatorTable,
    Region,
    Snapshot,
    StatusSummary,
    Summary,
    Table,
    TargetGap,
    UnverifiedThreshold,
    __version__,
    audit,
    read_reports,
    compare,
    criteria_sets,
    provinces,
    read_communes,
    region_of,
    regions,
)
from .exceptions import (
    BandingError,
    BatchError,
    CatalogError,
    EmptySummaryError,
    FigureError,
    InvalidValueError,
    MissingDependencyError,
    MissingDimensionError,
    NtmError,
    NtmIOError,
    SnapshotError,
    UnknownCommuneGroupError,
    UnknownCriterionError,
    UnknownIndicatorError,
    UnknownProvinceError,
    UnknownRegionError,
    AmbiguousRegionError,
    UnknownSetError,
    ValidationError,
)

__all__ = [
    "__version__",
    # criteria sets and assessment
    "CriteriaSet",
    "Criterion",
    "Indicator",
    "Assessment",
    "IndicatorOutcome",
    "UnverifiedThreshold",
    "STATUSES",
    "criteria_sets",
    # regions
    "Region",
    "CommuneGroup",
    "region_of",
    "regions",
    "provinces",
    # summaries
    "Banding",
    "Summary",
    "summarize",
    "summarize_by",
    "summarize_frame",
    "write_workbook",
    "CommuneTable",
    "IndicatorTable",
    "read_communes",
    # progress, status, planning and audit
    "Snapshot",
    "compare",
    "Comparison",
    "StatusSummary",
    "TargetGap",
    "Table",
    "PublishedReport",
    "audit",
    "read_reports",
    # plots and the example data
    "plot",
    "examples",
    # errors
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
