//! The report auditor (kiểm tra số liệu báo cáo): do the figures of a published report add up?
//!
//! [`PublishedReport`] holds what a report prints (any figure may be missing); [`audit()`] returns
//! a list of [`Finding`]s, each with a [`FindingKind`], a message and the numbers involved. A
//! consistent report returns no findings.
//!
//! The arithmetic is exact: a printed share `s` with `p` decimals agrees with `count / total`
//! when it equals `count · 100 / total` rounded half-up to `p` decimals ([`Fixed::ratio`]); when
//! it equals the truncated value instead ([`Fixed::truncated`]) the finding says that truncation
//! explains it. A printed average is possible only if some whole number of criteria `T` in
//! `0..=N·communes` gives it when rounded.
//!
//! ```
//! use ntm_criteria::{audit, FindingKind, PublishedReport};
//! // Lạng Sơn, July 2020 (the seed report): consistent.
//! let seed = PublishedReport::new(19)
//!     .with_communes(181)
//!     .with_band_text("19", "51", Some("28,18%"))?
//!     .with_band_text("15-18", "04", Some("2,21%"))?
//!     .with_band_text("10-14", "36", Some("19,89%"))?
//!     .with_band_text("từ 5-9", "90", Some("49,72%"))?
//!     .with_average_text("11,66")?
//!     .with_total_criteria(2110);
//! assert!(audit(&seed).is_empty());
//!
//! // An average that no total can produce: 12,42 for 7 communes.
//! let r = PublishedReport::new(19).with_communes(7).with_average_text("12,42")?;
//! let f = audit(&r);
//! assert_eq!(f[0].kind, FindingKind::AverageImpossible);
//! assert_eq!(f[0].number("nearest_below").map(|x| x.to_vi()), Some("12,29".to_string()));
//! assert_eq!(f[0].number("nearest_above").map(|x| x.to_vi()), Some("12,43".to_string()));
//! assert_eq!(f[0].truncation_explains, Some(true)); // 87/7 = 12,428… truncated
//! # Ok::<(), ntm_criteria::NtmError>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use crate::error::{NtmError, Result};
use crate::figures::{parse_count, parse_count_of, parse_decimal, parse_range, parse_share};
use crate::fixed::Fixed;

/// One band as a report prints it: communes meeting `lo..=hi` criteria, and maybe their share.
///
/// In JSON (and Python dicts) `count` may be a number or a printed figure (`"04"`), and `share` a
/// printed figure (`"28,18%"`) or `{"units": 2818, "scale": 2}`.
///
/// ```
/// use ntm_criteria::{Fixed, PublishedBand};
/// let b: PublishedBand = serde_json::from_str(r#"{"lo": 15, "hi": 18, "count": "04", "share": "2,21%"}"#)?;
/// assert_eq!((b.count, b.share), (4, Some(Fixed::new(221, 2))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedBand {
    /// Lowest count of criteria.
    pub lo: u32,
    /// Highest count of criteria.
    pub hi: u32,
    /// Communes in the band.
    #[serde(deserialize_with = "de_count")]
    pub count: u64,
    /// The printed share, percent, with its printed decimals.
    #[serde(default, deserialize_with = "de_opt_figure")]
    pub share: Option<Fixed>,
    /// The printed label ("từ 5-9"), for messages.
    #[serde(default)]
    pub label: Option<String>,
}

impl PublishedBand {
    fn name(&self) -> String {
        match &self.label {
            Some(l) => l.clone(),
            None if self.lo == self.hi => self.lo.to_string(),
            None => format!("{}-{}", self.lo, self.hi),
        }
    }
}

/// The figures of a published report (số liệu báo cáo); every one may be missing.
///
/// In JSON (and Python dicts) every field may be left out (`criteria_count` is then 19); figures
/// may be given as printed text (`"11,66"`, `"2.110"`, `"04"`); unknown fields are refused.
///
/// ```
/// use ntm_criteria::PublishedReport;
/// let r: PublishedReport = serde_json::from_str(r#"{
///     "communes": 181, "average": "11,66", "total_criteria": "2.110",
///     "bands": [{"lo": 19, "hi": 19, "count": 51, "share": "28,18%"}]
/// }"#)?;
/// assert_eq!((r.criteria_count, r.total_criteria), (19, Some(2110)));
/// assert!(serde_json::from_str::<PublishedReport>(r#"{"average": 11.66}"#).is_err()); // a float is not exact
/// assert!(serde_json::from_str::<PublishedReport>(r#"{"avg": "11,66"}"#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PublishedReport {
    /// Number of criteria of the set (19 unless told).
    pub criteria_count: u32,
    /// Total communes (tổng số xã).
    #[serde(deserialize_with = "de_opt_count")]
    pub communes: Option<u64>,
    /// The bands, in report order.
    pub bands: Vec<PublishedBand>,
    /// Printed average criteria per commune (số tiêu chí bình quân/xã).
    #[serde(deserialize_with = "de_opt_figure")]
    pub average: Option<Fixed>,
    /// Printed total of criteria met by all communes (tổng số tiêu chí đạt).
    #[serde(deserialize_with = "de_opt_count")]
    pub total_criteria: Option<u64>,
    /// Printed share of all criteria met, percent (total criteria / (communes × criteria)).
    #[serde(deserialize_with = "de_opt_figure")]
    pub criteria_share: Option<Fixed>,
    /// Printed communes meeting each criterion, by criterion number (may be partial).
    pub per_criterion: BTreeMap<u32, u64>,
    /// Printed communes meeting the standard (đạt chuẩn nông thôn mới): "42/82 xã, chiếm 51,22%".
    pub meeting_standard: Option<PublishedStandard>,
    /// The bands are a partial listing: the text prints only some bands (or none), so their sum
    /// and the counts they leave out are not checked; each printed share still is.
    pub partial: bool,
    /// The place this report is about, as the text names it ("huyện Ba Vì"), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Figures printed with a qualifier ("gần 14", "khoảng 80%"): `"average"`. Not checked for
    /// exactness.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub approximate: Vec<String>,
    /// Where each figure read from text stands in it (empty for figures typed in).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<FigureSpan>,
    /// Figures next to NTM words that the reader could not place, with the reason.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unread: Vec<FigureSpan>,
    /// The text the figures were read from (NFC), which the spans point into; shared by every
    /// scope read from the same text, not copied into each.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<std::sync::Arc<str>>,
}

/// Communes meeting the standard as printed: a count, maybe "of" a total, maybe a share.
///
/// ```
/// let m: ntm_criteria::PublishedStandard = serde_json::from_str(r#"{"count": 42, "of": 82, "share": "51,22%"}"#)?;
/// assert_eq!((m.count, m.of, m.share.map(|s| s.to_vi())), (Some(42), Some(82), Some("51,22".into())));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedStandard {
    /// Communes meeting the standard ("100% số xã" prints no count).
    #[serde(default, deserialize_with = "de_opt_count")]
    pub count: Option<u64>,
    /// The total printed with the count ("42/82 xã").
    #[serde(default, deserialize_with = "de_opt_count")]
    pub of: Option<u64>,
    /// The printed share, percent.
    #[serde(default, deserialize_with = "de_opt_figure")]
    pub share: Option<Fixed>,
    /// The share carries a qualifier ("gần 80%"): not checked for exactness.
    #[serde(default)]
    pub approximate: bool,
}

/// Where a figure read from text stands: byte offsets into the text (in its NFC form, which is
/// the text itself in nearly every case), the fragment quoted, and a note (for an unread figure,
/// why it was not read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FigureSpan {
    /// What the figure is: `communes`, `average`, `band`, `meeting_standard`, `total_criteria`,
    /// `per_criterion`, `rest`, `ratio` (a count "gấp 2,46 lần" a figure the text does not print),
    /// `parts` ("phân bổ 11 huyện"; these two are checked by [`crate::prose::audit_text`]), or
    /// `unread`.
    pub figure: String,
    /// First byte.
    pub start: usize,
    /// Byte after the last.
    pub end: usize,
    /// The fragment of the text.
    pub text: String,
    /// Why the figure was not read, or a remark.
    pub note: Option<String>,
}

impl Default for PublishedReport {
    fn default() -> Self {
        PublishedReport::new(19)
    }
}

/// A figure as given in JSON: printed text, a whole number, or `{units, scale}`.
#[derive(Deserialize)]
#[serde(untagged)]
enum FigureRepr {
    Int(u64),
    Text(String),
    Exact(Fixed),
    Float(f64),
}

fn figure_of(r: FigureRepr) -> std::result::Result<Fixed, String> {
    match r {
        FigureRepr::Int(i) => i64::try_from(i).map(|u| Fixed::new(u, 0)).map_err(|_| format!("{i} is too large")),
        FigureRepr::Text(s) => parse_share(&s).or_else(|_| parse_decimal(&s)).map_err(|e| e.to_string()),
        FigureRepr::Exact(f) if f.scale > 9 => Err(format!("at most 9 decimals, not {}", f.scale)),
        FigureRepr::Exact(f) => Ok(f),
        FigureRepr::Float(x) => {
            Err(format!("{x} is a float, not an exact figure: give the printed text (\"11,66\") or units and scale"))
        }
    }
}

fn de_opt_figure<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<Fixed>, D::Error> {
    match Option::<FigureRepr>::deserialize(d)? {
        None => Ok(None),
        Some(r) => figure_of(r).map(Some).map_err(serde::de::Error::custom),
    }
}

/// A count as given in JSON: a whole number or printed text.
#[derive(Deserialize)]
#[serde(untagged)]
enum CountRepr {
    Int(u64),
    Text(String),
}

fn count_of(r: CountRepr) -> std::result::Result<u64, String> {
    match r {
        CountRepr::Int(i) => Ok(i),
        CountRepr::Text(s) => parse_count(&s).map_err(|e| e.to_string()),
    }
}

fn de_count<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<u64, D::Error> {
    count_of(CountRepr::deserialize(d)?).map_err(serde::de::Error::custom)
}

fn de_opt_count<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<u64>, D::Error> {
    match Option::<CountRepr>::deserialize(d)? {
        None => Ok(None),
        Some(r) => count_of(r).map(Some).map_err(serde::de::Error::custom),
    }
}

impl PublishedReport {
    /// An empty report for a set of `criteria_count` criteria.
    ///
    /// ```
    /// assert!(ntm_criteria::PublishedReport::new(19).bands.is_empty());
    /// ```
    pub fn new(criteria_count: u32) -> PublishedReport {
        PublishedReport {
            criteria_count,
            communes: None,
            bands: Vec::new(),
            average: None,
            total_criteria: None,
            criteria_share: None,
            per_criterion: BTreeMap::new(),
            meeting_standard: None,
            partial: false,
            scope: None,
            approximate: Vec::new(),
            spans: Vec::new(),
            unread: Vec::new(),
            source: None,
        }
    }

    /// Sets the total communes.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::PublishedReport::new(19).with_communes(181).communes, Some(181));
    /// ```
    pub fn with_communes(mut self, communes: u64) -> PublishedReport {
        self.communes = Some(communes);
        self
    }

    /// Adds a band `lo..=hi` with its count and printed share.
    ///
    /// ```
    /// use ntm_criteria::{Fixed, PublishedReport};
    /// let r = PublishedReport::new(19).with_band(15, 18, 4, Some(Fixed::new(221, 2)));
    /// assert_eq!(r.bands[0].count, 4);
    /// ```
    pub fn with_band(mut self, lo: u32, hi: u32, count: u64, share: Option<Fixed>) -> PublishedReport {
        self.bands.push(PublishedBand { lo, hi, count, share, label: None });
        self
    }

    /// Adds a band from printed text: a range (`"15 – 18"`, `"dưới 5"`, see
    /// [`crate::figures::parse_range`]), a count (`"04"`, or `"04/181"`, which also sets the total
    /// communes when it is not set) and a share (`"2,21%"`).
    ///
    /// ```
    /// use ntm_criteria::PublishedReport;
    /// let r = PublishedReport::new(19).with_band_text("dưới 5", "04/181", Some("2,21%"))?;
    /// assert_eq!((r.bands[0].lo, r.bands[0].hi, r.bands[0].count, r.communes), (0, 4, 4, Some(181)));
    /// assert!(PublishedReport::new(19).with_band_text("15-18", "bốn", None).is_err());
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn with_band_text(mut self, range: &str, count: &str, share: Option<&str>) -> Result<PublishedReport> {
        let (lo, hi) = parse_range(range, self.criteria_count)?;
        let count = if count.contains('/') {
            let (c, total) = parse_count_of(count)?;
            self.communes.get_or_insert(total);
            c
        } else {
            parse_count(count)?
        };
        let share = share.map(parse_share).transpose()?;
        self.bands.push(PublishedBand { lo, hi, count, share, label: Some(crate::text::nfc(range)) });
        Ok(self)
    }

    /// Sets the printed average.
    ///
    /// ```
    /// use ntm_criteria::{Fixed, PublishedReport};
    /// assert_eq!(PublishedReport::new(19).with_average(Fixed::new(1166, 2)).average, Some(Fixed::new(1166, 2)));
    /// ```
    pub fn with_average(mut self, average: Fixed) -> PublishedReport {
        self.average = Some(average);
        self
    }

    /// Sets the printed average from its text (`"11,66"`).
    ///
    /// ```
    /// let r = ntm_criteria::PublishedReport::new(19).with_average_text("11,66")?;
    /// assert_eq!(r.average.map(|a| a.to_vi()), Some("11,66".to_string()));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn with_average_text(self, average: &str) -> Result<PublishedReport> {
        Ok(self.with_average(parse_decimal(average)?))
    }

    /// Sets the printed total of criteria met.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::PublishedReport::new(19).with_total_criteria(2110).total_criteria, Some(2110));
    /// ```
    pub fn with_total_criteria(mut self, total: u64) -> PublishedReport {
        self.total_criteria = Some(total);
        self
    }

    /// Sets the printed share of all criteria met, percent.
    ///
    /// ```
    /// use ntm_criteria::{Fixed, PublishedReport};
    /// let r = PublishedReport::new(19).with_criteria_share(Fixed::new(6135, 2));
    /// assert!(r.criteria_share.is_some());
    /// ```
    pub fn with_criteria_share(mut self, share: Fixed) -> PublishedReport {
        self.criteria_share = Some(share);
        self
    }

    /// Sets the printed number of communes meeting criterion `number`.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::PublishedReport::new(19).with_criterion(1, 181).per_criterion[&1], 181);
    /// ```
    pub fn with_criterion(mut self, number: u32, communes: u64) -> PublishedReport {
        self.per_criterion.insert(number, communes);
        self
    }

    /// Reads the report sentence of a provincial office with the prose reader
    /// ([`crate::prose::read_reports`]) and returns its top-level scope: the average ("số tiêu
    /// chí bình quân 01 xã đạt 11,66 tiêu chí/xã"), the band clauses ("Số xã đạt 15-18 tiêu chí
    /// có 04/181 xã, chiếm 2,21%") and the other figures. Strict, for one sentence: a figure the
    /// reader cannot place (a malformed share "28x18%", a negative count, a second total) is an
    /// error ([`NtmError::Figure`]), and so is a text with neither an average nor a band. For
    /// whole texts, with several places, use [`crate::prose::read_reports`].
    ///
    /// ```
    /// use ntm_criteria::{audit, PublishedReport};
    /// let text = "Đến hết tháng 7/2020, số tiêu chí bình quân 01 xã đạt 11,66 tiêu chí/xã, cụ thể: \
    ///     Số xã đạt 19 tiêu chí có 51/181 xã, chiếm 28,18%; Số xã đạt 15-18 tiêu chí có 04/181 xã, chiếm 2,21%; \
    ///     Số xã đạt 10-14 tiêu chí có 36/181 xã, chiếm 19,89%; Số xã đạt từ 5-9 tiêu chí có 90/181 xã, chiếm 49,72%.";
    /// let r = PublishedReport::from_sentence(text, 19)?;
    /// assert_eq!((r.communes, r.bands.len(), r.bands[3].lo), (Some(181), 4, 5));
    /// assert!(audit(&r).is_empty());
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn from_sentence(text: &str, criteria_count: u32) -> Result<PublishedReport> {
        let fail = |reason: String| NtmError::Figure { input: text.to_string(), reason };
        let reports = crate::prose::read_reports(text, criteria_count);
        let top = reports.into_iter().next().ok_or_else(|| fail("nothing was read".into()))?;
        if let Some(u) = top.unread.first() {
            let why = u.note.as_deref().unwrap_or("a figure that cannot be placed");
            return Err(fail(format!("{why}: {:?}", u.text)));
        }
        if top.average.is_none() && top.bands.is_empty() {
            return Err(fail("neither an average (bình quân) nor a band clause (số xã đạt …) was found".into()));
        }
        Ok(top)
    }

    /// The findings of [`audit()`].
    ///
    /// ```
    /// use ntm_criteria::{FindingKind, PublishedReport};
    /// let r = PublishedReport::new(19).with_communes(3).with_band(19, 19, 2, None);
    /// let kinds: Vec<_> = r.audit().iter().map(|f| f.kind).collect();
    /// // One commune missing, and no band for 0-18 where it could be.
    /// assert_eq!(kinds, [FindingKind::BandsDoNotSum, FindingKind::BandsLeaveGap]);
    /// ```
    pub fn audit(&self) -> Vec<Finding> {
        audit(self)
    }
}

/// What kind of inconsistency a [`Finding`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FindingKind {
    /// A band with `lo > hi` or going above the number of criteria.
    BandOutOfRange,
    /// Two bands share some counts.
    BandsOverlap,
    /// Counts of criteria in no band while communes are missing from the bands (they sum to
    /// less than the total). An empty band left out, at an end ("dưới 5" with no commune) or in
    /// the middle, is not a finding when the bands add up.
    BandsLeaveGap,
    /// The band counts do not sum to the total communes.
    BandsDoNotSum,
    /// A printed share is not `count / total` rounded half-up (also the share of all criteria).
    ShareMismatch,
    /// A printed average that no whole number of criteria can produce for the communes.
    AverageImpossible,
    /// A printed average that is not the printed total of criteria over the communes.
    AverageMismatch,
    /// A printed average outside what the band counts allow.
    AverageOutsideBands,
    /// A printed total of criteria outside what the band counts allow.
    TotalOutsideBands,
    /// Per-criterion counts whose sum is not the total of criteria (or does not give the average).
    CriteriaDoNotSum,
    /// A per-criterion count that cannot be: above the total communes, below the communes meeting
    /// every criterion, or for a criterion the set does not have.
    CriterionCountImpossible,
    /// A printed share that no whole number of communes reproduces (the total is not printed),
    /// or a count of communes meeting the standard above its printed total; in text, also a
    /// ratio to an unprinted count ("37 xã, gấp 2,46 lần so kế hoạch": 37/15 is 2,47).
    ShareImpossible,
    /// In text: the counts of the places a count is spread over ("68 xã …, phân bổ 11 huyện"),
    /// when the text lists as many places, do not sum to it.
    PartsDoNotSum,
    /// In text: a commune named as recognised is stated below every criterion ("xã Quang Châu
    /// … đạt 18/19 tiêu chí" among the communes "được công nhận"); recognition requires them all.
    RecognisedBelowStandard,
}

impl FindingKind {
    /// The snake_case name (`"bands_do_not_sum"`), as in JSON and Python.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::FindingKind::ShareMismatch.as_str(), "share_mismatch");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::BandOutOfRange => "band_out_of_range",
            FindingKind::BandsOverlap => "bands_overlap",
            FindingKind::BandsLeaveGap => "bands_leave_gap",
            FindingKind::BandsDoNotSum => "bands_do_not_sum",
            FindingKind::ShareMismatch => "share_mismatch",
            FindingKind::AverageImpossible => "average_impossible",
            FindingKind::AverageMismatch => "average_mismatch",
            FindingKind::AverageOutsideBands => "average_outside_bands",
            FindingKind::TotalOutsideBands => "total_outside_bands",
            FindingKind::CriteriaDoNotSum => "criteria_do_not_sum",
            FindingKind::CriterionCountImpossible => "criterion_count_impossible",
            FindingKind::ShareImpossible => "share_impossible",
            FindingKind::PartsDoNotSum => "parts_do_not_sum",
            FindingKind::RecognisedBelowStandard => "recognised_below_standard",
        }
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One inconsistency of a published report.
///
/// `numbers` names the figures involved; the names used are `count`, `total` (communes),
/// `printed`, `expected` (half-up), `truncated`, `sum`, `difference`, `low`, `high`, `lo`, `hi`,
/// `nearest_below`, `nearest_above`, `total_if_truncated`, `total_criteria`, `meeting_all`,
/// `ratio`, `places`.
/// Whole numbers have scale 0. Messages print figures as Vietnamese reports do (`28,18`).
///
/// ```
/// use ntm_criteria::{audit, FindingKind, PublishedReport};
/// let r = PublishedReport::new(19)
///     .with_communes(181)
///     .with_band_text("19", "51", Some("28,17%"))?
///     .with_band_text("dưới 19", "130", None)?;
/// let f = &audit(&r)[0];
/// assert_eq!(f.kind, FindingKind::ShareMismatch);
/// assert_eq!(f.bands, [0]);
/// assert_eq!(f.number("expected").map(|x| x.to_vi()), Some("28,18".to_string()));
/// assert_eq!(f.truncation_explains, Some(true)); // 28,176… truncated is 28,17
/// assert!(f.message.contains("truncat"));
/// # Ok::<(), ntm_criteria::NtmError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The kind.
    pub kind: FindingKind,
    /// What is wrong, in English with the figures as printed.
    pub message: String,
    /// Indexes of the bands involved (in [`PublishedReport::bands`]).
    pub bands: Vec<usize>,
    /// The criterion involved, for per-criterion findings.
    pub criterion: Option<u32>,
    /// The numbers involved, by name.
    pub numbers: BTreeMap<String, Fixed>,
    /// For a share or an average: whether truncating instead of rounding gives the printed
    /// figure ("truncation printed as rounding").
    pub truncation_explains: Option<bool>,
}

impl Finding {
    pub(crate) fn new(kind: FindingKind, message: String) -> Finding {
        Finding {
            kind,
            message,
            bands: Vec::new(),
            criterion: None,
            numbers: BTreeMap::new(),
            truncation_explains: None,
        }
    }

    fn bands(mut self, bands: &[usize]) -> Finding {
        self.bands = bands.to_vec();
        self
    }

    fn num(mut self, name: &str, value: Fixed) -> Finding {
        self.numbers.insert(name.to_string(), value);
        self
    }

    pub(crate) fn int(self, name: &str, value: u128) -> Finding {
        self.num(name, whole(value))
    }

    /// The number named `name`, if the finding has it.
    ///
    /// ```
    /// use ntm_criteria::{audit, PublishedReport};
    /// let r = PublishedReport::new(19).with_communes(3).with_band(19, 19, 2, None);
    /// assert_eq!(audit(&r)[0].number("sum").map(|x| x.units), Some(2));
    /// ```
    pub fn number(&self, name: &str) -> Option<Fixed> {
        self.numbers.get(name).copied()
    }
}

fn whole(v: u128) -> Fixed {
    Fixed::new(i64::try_from(v).unwrap_or(i64::MAX), 0)
}

mod checks;
mod json;
pub use checks::audit;
pub(crate) use checks::{parts_check, ratio_check};
