//! # ntm-criteria
//!
//! Vietnam's National Target Program on New Rural Development (Chương trình mục tiêu quốc gia
//! xây dựng nông thôn mới, NTM) as a library: the national criteria sets (bộ tiêu chí) as data
//! with provenance on every threshold, assessment of communes (xã), bands, exact summaries and
//! the report sentence that provincial offices publish.
//!
//! ## Overview
//!
//! - [`CriteriaSet`]: one set of criteria (tiêu chí) made of indicators (chỉ tiêu). Bundled:
//!   `"2016-2020"` (Decision 1980/QĐ-TTg), `"2021-2025"` (318/QĐ-TTg) and `"2026-2030"`
//!   (51/2025/QĐ-TTg, 10 criteria by commune group). Load a province's own set from JSON or
//!   TOML, or derive it with [`CriteriaSet::with_overrides`].
//! - [`Region`], [`region_of`]: the 7 socio-economic regions (vùng) and the 63 provinces.
//! - [`CriteriaSet::assess`]: one commune from indicator values → [`Assessment`].
//! - [`CriteriaMask`]: the criteria of one commune as a bitmask; [`CommuneTable`]: a table of
//!   communes at the criterion level, read from CSV.
//! - [`CriteriaSet::assess_batch`]: millions of communes from columns ([`Column`], [`Keys`]),
//!   and [`CriteriaSet::what_if`] for sensitivity runs.
//! - [`Banding`], [`Summary`], [`Tally`]: bands, shares and averages rounded half-up from exact
//!   integers ([`Fixed`]); [`Summary::report`]: the report sentence in Vietnamese or English.
//! - Progress and audit (`docs/progress-and-audit.md`): [`Snapshot`] and [`compare`] (what
//!   changed between two reports), [`StatusSummary`] (recognised vs. meeting all criteria),
//!   planning ([`CommuneTable::nearest_to_standard`], [`CommuneTable::most_missed`],
//!   [`CommuneTable::target_gap`]), and [`audit()`] of a [`PublishedReport`]'s figures, read with
//!   [`figures`].
//!
//! Thresholds the reference data lacks are **absent**, never filled in; an indicator with an
//! unknown threshold is only assessed from a yes/no verdict, and every assessment lists the
//! thresholds it used that are not verified.
//!
//! ## Example: the Lạng Sơn report of July 2020
//!
//! ```
//! use ntm_criteria::{Banding, Lang, ReportOptions, Summary, SummaryOptions};
//!
//! let banding = Banding::official().with_label(3, "từ 5-9", "5-9")?;
//! let summary = Summary::from_band_counts(&[51, 4, 36, 90, 0], 2110, &banding, SummaryOptions::default())?;
//! let sentence = summary.report(Lang::Vi, &ReportOptions::default().as_of("Đến hết tháng 7/2020"));
//! assert!(sentence.starts_with("Đến hết tháng 7/2020, số tiêu chí bình quân 01 xã đạt 11,66 tiêu chí/xã"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Example: reading a communes file
//!
//! The main job: a province's table of communes, one row per commune, read and summarised into
//! the report sentence. CSV is read with its delimiter and encoding sniffed; `.xlsx`, `.xls` and
//! `.ods` workbooks (the `excel` feature, on by default) the same way, with Vietnamese headers
//! (`Mã xã`, `TC1`…) and verdict cells (`Đạt`, `x`, `Không đạt`). Every problem of the file
//! comes back at once, each with its row, commune and column ([`NtmError::problems`]).
//!
//! ```
//! use ntm_criteria::{Banding, CommuneTable, Lang, ReportOptions, SummaryOptions};
//! # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/data/lang_son_2020.csv");
//! let table = CommuneTable::from_path(path, 19)?; // the 181 communes of Lạng Sơn, July 2020
//! let banding = Banding::official().with_label(3, "từ 5-9", "5-9")?; // the province's label
//! let summary = table.summary(&banding, SummaryOptions::default())?;
//! assert_eq!((summary.communes, summary.meeting_standard), (181, 51));
//! let sentence = summary.report(Lang::Vi, &ReportOptions::default().as_of("Đến hết tháng 7/2020"));
//! assert!(sentence.contains("Số xã đạt 19 tiêu chí có 51/181 xã, chiếm 28,18%"));
//! # Ok::<(), ntm_criteria::NtmError>(())
//! ```
//!
//! ## Example: assessing a commune
//!
//! ```
//! use ntm_criteria::{region_of, CriteriaSet, Profile, Status, Value};
//!
//! let set = CriteriaSet::bundled("2016-2020")?;
//! let profile = Profile::region(region_of("Lạng Sơn")?);
//! let a = set.assess([("10", Value::Number(31.0)), ("11", Value::Verdict(true))], &profile)?;
//! assert_eq!(a.criterion(10), Some(Status::NotMet));
//! assert_eq!(a.shortfalls().next().map(|s| s.gap), Some(Some(5.0))); // 36 needed
//! // Poverty's regional thresholds are unsourced in the reference: the assessment says so.
//! assert!(a.unverified_thresholds.iter().any(|u| &*u.indicator == "11"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod amendment;
mod assess;
mod assessed;
mod audit;
mod band;
mod batch;
mod catalog;
pub mod communes;
pub mod error;
pub mod figures;
mod fixed;
mod frame_columns;
pub mod html;
mod id;
pub mod input;
mod kind;
mod mask;
pub mod overrides;
mod plan;
pub mod prose;
pub mod region;
mod relative;
mod report;
mod requires;
mod rollup;
mod set_workbook;
mod snapshot;
mod status;
mod summary;
pub mod table;
pub mod text;
mod threshold_table;
pub mod units2025;
mod validity;
#[cfg(feature = "xlsx")]
pub mod workbook;

/// The cell parser, under its former name: [`input::cell`].
pub mod parse {
    pub use crate::input::cell::*;
}

pub use amendment::Amendment;
pub use assess::{
    Assessment, IndicatorOutcome, NotAssessedReason, Profile, Status, SupersededThreshold, UnverifiedThreshold, Value,
};
pub use assessed::AssessedUnit;
pub use audit::{FigureSpan, Finding, FindingKind, PublishedBand, PublishedReport, PublishedStandard, audit};
pub use band::{Band, Banding, DEFAULT_CRITERIA_COUNT, criteria_count};
pub use batch::{BatchBuffers, BatchOutput, Column, Keys, WhatIfRow, band_indices, histogram, status_codes};
pub use catalog::{
    CellValue, Coverage, CriteriaSet, Criterion, Dimension, Group, Indicator, Override, RuleKind, SetFile, Target,
    ThresholdCell, Unit, Verified,
};
pub use communes::{CommuneRecord, CommuneTable, IndicatorTable, Recognition, RecognitionLevel};
pub use error::{NtmError, Omitted, Problem, Result};
pub use fixed::Fixed;
pub use frame_columns::FrameColumns;
pub use id::Id;
pub use kind::ProblemKind;
pub use mask::CriteriaMask;
pub use overrides::{Tree, cell_key};
pub use plan::{CriterionNeed, MissedCriterion, NearCommune, TargetGap};
pub use region::{CommuneGroup, Province, Region, RegionMap, province, provinces, region_of};
pub use relative::RelativeTo;
pub use report::{Lang, ReportOptions};
pub use requires::{PrerequisiteOutcome, Requirement};
pub use rollup::{Rollup, RollupRow};
pub use snapshot::{
    AnnualRate, BandChange, CommuneChange, Comparison, CriterionChange, Merger, Snapshot, StatusSummary,
    UnmatchedCommune, compare, compare_with,
};
pub use status::StatusRow;
pub use summary::{BandSummary, CriterionSummary, Summary, SummaryOptions, Tally};
pub use threshold_table::ThresholdTable;
pub use validity::Standing;

/// The README's Rust examples, run as doctests so that the README stays true.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;

/// The Rust examples of docs/set-format.md ("Sets from a spreadsheet" writes a workbook).
#[cfg(all(doctest, feature = "xlsx"))]
#[doc = include_str!("../../../docs/set-format.md")]
struct SetFormatDoctests;
