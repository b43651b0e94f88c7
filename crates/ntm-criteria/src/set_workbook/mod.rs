//! Criteria sets as workbooks: `CriteriaSet::write_template` writes a set as an `.xlsx` file an
//! office fills in Excel, and [`CriteriaSet::from_workbook_bytes`] (or [`CriteriaSet::from_path`],
//! [`CriteriaSet::load`] with a `.xlsx` path) reads it back through the input layer's workbook
//! door (`input::excel`: the same limits, the same cell rules) and validates it like a JSON set
//! file. The layout is documented in `docs/set-format.md` ("Sets from a spreadsheet").
//!
//! Sheets (headers are bilingual, `Vietnamese / English`; either half, the whole header or the
//! set-file key is accepted, case, accents and spacing ignored):
//!
//! - **Bộ tiêu chí** (Set): one row per top-level field (`id`, `decision`, …, `dimension`) and
//!   one `notes` row per note;
//! - **Tiêu chí** (Criteria): one row per criterion, with the ids of its indicators;
//! - **Chỉ tiêu** (Indicators): one row per indicator: criterion, id, text, unit, rule, then for
//!   each key of the set's dimension (`national`, `NMM` … `MRD`; `G1` … `G3`; `all`) three
//!   columns: the threshold, its sources and its verified state;
//! - **Chi tiết ngưỡng** (Threshold details): the note, year and detail of a threshold cell;
//! - **Nguồn** (Sources), **Nhóm** (Groups) and, when the set has its own, **Phân loại** (Banding).
//!
//! ```
//! use ntm_criteria::CriteriaSet;
//! let set = CriteriaSet::bundled("2021-2025")?;
//! # #[cfg(feature = "xlsx")] {
//! let bytes = set.template_bytes()?;
//! let again = CriteriaSet::from_workbook_bytes(&bytes, "2021-2025.xlsx")?;
//! assert_eq!(&again, set);
//! # }
//! # Ok::<(), ntm_criteria::NtmError>(())
//! ```

// Without both workbook features, parts of the layout are unused.
#![cfg_attr(not(all(feature = "excel", feature = "xlsx")), allow(dead_code, unused_imports))]

#[cfg(feature = "excel")]
mod indicators;
#[cfg(feature = "excel")]
mod read;
#[cfg(feature = "excel")]
mod rows;
#[cfg(feature = "xlsx")]
mod write;

use crate::catalog::{CriteriaSet, Dimension};
#[cfg(feature = "excel")]
use crate::error::Result;

/// A sheet's name in Vietnamese (as written) and English (also accepted).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SheetName {
    pub vi: &'static str,
    pub en: &'static str,
}

impl SheetName {
    /// Whether a sheet's name is this one (case, accents and spacing ignored).
    #[cfg(feature = "excel")]
    pub fn matches(&self, name: &str) -> bool {
        let k = crate::text::key(name);
        k == crate::text::key(self.vi) || k == crate::text::key(self.en)
    }
}

pub(crate) const SET: SheetName = SheetName { vi: "Bộ tiêu chí", en: "Set" };
pub(crate) const CRITERIA: SheetName = SheetName { vi: "Tiêu chí", en: "Criteria" };
pub(crate) const INDICATORS: SheetName = SheetName { vi: "Chỉ tiêu", en: "Indicators" };
pub(crate) const DETAILS: SheetName = SheetName { vi: "Chi tiết ngưỡng", en: "Threshold details" };
pub(crate) const SOURCES: SheetName = SheetName { vi: "Nguồn", en: "Sources" };
pub(crate) const GROUPS: SheetName = SheetName { vi: "Nhóm", en: "Groups" };
pub(crate) const BANDING: SheetName = SheetName { vi: "Phân loại", en: "Banding" };

/// A column: its header in Vietnamese and English, and the set-file key it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Col {
    pub vi: &'static str,
    pub en: &'static str,
    pub field: &'static str,
}

impl Col {
    /// The header as written: `Vietnamese / English`.
    pub fn header(&self) -> String {
        format!("{} / {}", self.vi, self.en)
    }

    /// Whether a header (in [`crate::text::key`] form) names this column.
    #[cfg(feature = "excel")]
    pub fn matches(&self, key: &str) -> bool {
        [self.vi, self.en, self.field, &self.header()].iter().any(|h| crate::text::key(h) == key)
    }
}

const fn col(vi: &'static str, en: &'static str, field: &'static str) -> Col {
    Col { vi, en, field }
}

/// The columns of sheet Bộ tiêu chí.
pub(crate) const SET_COLS: [Col; 3] =
    [col("Trường", "Field", "field"), col("Giá trị", "Value", "value"), col("Ý nghĩa", "Meaning", "meaning")];

/// The rows of sheet Bộ tiêu chí: the set-file key and what it means.
pub(crate) const FIELDS: [(&str, &str); 20] = [
    ("format", "Phiên bản định dạng (luôn là 1) / format version, always 1"),
    ("id", "Mã bộ tiêu chí / short id of the set"),
    ("decision", "Số quyết định / decision number"),
    ("decision_date", "Ngày ký, YYYY-MM-DD (để trống nếu không rõ) / signing date, empty when not known"),
    ("effective", "Ngày hiệu lực, YYYY-MM-DD / entry into force"),
    ("valid_from", "Năm bắt đầu / first year"),
    ("valid_to", "Năm kết thúc / last year"),
    ("title_vi", "Tên bộ tiêu chí / title (Vietnamese)"),
    ("title_en", "Tên tiếng Anh / title (English)"),
    ("based_on", "Bộ tiêu chí gốc / the set this one was derived from"),
    ("criteria_count", "Số tiêu chí / number of criteria"),
    ("dimension", "Ngưỡng theo: region (vùng), commune_group (nhóm xã) hoặc none / what thresholds vary by"),
    ("unit", "Đơn vị đánh giá: commune (xã) hoặc village (thôn) / what the set assesses"),
    ("disadvantaged_uses", "Vùng áp dụng cho xã ĐBKK/ATK / region whose thresholds ĐBKK communes use"),
    ("level", "Mức công nhận khi đạt bộ tiêu chí: ntm, nang_cao, kieu_mau / the level meeting the set earns"),
    ("aliases", "Tên khác, cách nhau bằng dấu phẩy / other names of the set, comma-separated"),
    (
        "requires",
        "Điều kiện tiên quyết, JSON: {\"level\": \"nang_cao\", \"set\": …, \"verified\": true} / the level a unit must already hold",
    ),
    ("recognition_valid_years", "Thời hạn công nhận (năm) / years a recognition lasts"),
    ("amendments", "Quyết định sửa đổi, JSON, mỗi dòng một quyết định / an amending decision, one row each"),
    ("notes", "Ghi chú, mỗi dòng một ghi chú / a note, one row each"),
];

/// The columns of sheet Tiêu chí.
pub(crate) const CRITERIA_COLS: [Col; 6] = [
    col("Số TC", "Criterion", "number"),
    col("Nhóm", "Group", "group"),
    col("Tên tiêu chí", "Name", "name_vi"),
    col("Tên tiếng Anh", "Name (EN)", "name_en"),
    col("Các chỉ tiêu", "Indicators", "indicators"),
    col("Nguồn", "Sources", "sources"),
];

/// The columns of sheet Chỉ tiêu before the threshold columns.
pub(crate) const INDICATOR_HEAD: [Col; 6] = [
    col("Số TC", "Criterion", "criterion"),
    col("Tên tiêu chí", "Criterion name", "criterion_name"),
    col("Mã chỉ tiêu", "Indicator", "id"),
    col("Nội dung", "Text", "desc_vi"),
    col("Đơn vị", "Unit", "unit"),
    col("Quy tắc", "Rule", "rule"),
];

/// The columns of sheet Chỉ tiêu after the threshold columns.
pub(crate) const INDICATOR_TAIL: [Col; 6] = [
    col("Nội dung tiếng Anh", "Text (EN)", "desc_en"),
    col("Thành phần", "Components", "components"),
    col("Nội dung đã đối chiếu", "Text verified", "text_verified"),
    col("Có thể không có trong bảng", "Existence uncertain", "existence_uncertain"),
    col("Nguồn chỉ tiêu", "Indicator sources", "sources"),
    col("Ghi chú", "Note", "note"),
];

/// The columns of sheet Chi tiết ngưỡng.
pub(crate) const DETAIL_COLS: [Col; 6] = [
    col("Mã chỉ tiêu", "Indicator", "indicator"),
    col("Khóa", "Key", "key"),
    col("Năm", "Year", "year"),
    col("Ghi chú", "Note", "note"),
    col("Yêu cầu chi tiết", "Detail", "detail"),
    col("Tương đối (JSON)", "Relative (JSON)", "relative"),
];

/// The columns of sheet Nguồn.
pub(crate) const SOURCE_COLS: [Col; 2] = [col("Mã nguồn", "Source id", "id"), col("Nguồn", "Source", "text")];

/// The columns of sheet Nhóm.
pub(crate) const GROUP_COLS: [Col; 4] = [
    col("Mã nhóm", "Group", "id"),
    col("Tên nhóm", "Name", "name_vi"),
    col("Tên tiếng Anh", "Name (EN)", "name_en"),
    col("Các tiêu chí", "Criteria", "criteria"),
];

/// The columns of sheet Phân loại.
pub(crate) const BANDING_COLS: [Col; 4] = [
    col("Từ", "From", "lo"),
    col("Đến", "To", "hi"),
    col("Nhãn", "Label", "label_vi"),
    col("Nhãn tiếng Anh", "Label (EN)", "label_en"),
];

/// What one of a key's three columns holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyPart {
    /// The threshold.
    Value,
    /// Its source ids.
    Sources,
    /// Its verified state.
    Verified,
}

impl KeyPart {
    pub const ALL: [KeyPart; 3] = [KeyPart::Value, KeyPart::Sources, KeyPart::Verified];

    /// The header of a key's column: `NMM`, `NMM nguồn / NMM sources`, `NMM xác minh / NMM verified`.
    pub fn header(self, key: &str) -> String {
        match self {
            KeyPart::Value => key.to_string(),
            KeyPart::Sources => format!("{key} nguồn / {key} sources"),
            KeyPart::Verified => format!("{key} xác minh / {key} verified"),
        }
    }

    /// The part a header's words after the key name (in [`crate::text::key`] form) stand for.
    #[cfg(feature = "excel")]
    pub fn of_suffix(words: &str) -> Option<KeyPart> {
        match words {
            "" => Some(KeyPart::Value),
            "nguon" | "sources" | "source" | "nguon sources" => Some(KeyPart::Sources),
            "xac minh" | "verified" | "xac minh verified" => Some(KeyPart::Verified),
            _ => None,
        }
    }
}

/// The cell keys of a dimension, as the template writes them: `national` first for regions.
pub(crate) fn keys_of(dimension: Dimension) -> Vec<&'static str> {
    let national = (dimension == Dimension::Region).then_some("national");
    national.into_iter().chain((0..dimension.width()).filter_map(|k| dimension.key(k))).collect()
}

/// The separator of an `at_least_both` pair and of a component list: `90 / 50`.
pub(crate) const PAIR_SEPARATOR: &str = " / ";

/// The note a threshold typed without a source gets (it is also marked `verified: false`).
pub(crate) fn unsourced_note(file_name: &str) -> String {
    format!("typed in {file_name} without a source")
}

#[cfg(feature = "excel")]
impl CriteriaSet {
    /// Reads a set from the bytes of a set workbook (the layout `CriteriaSet::write_template`
    /// writes; `.xlsx`, `.xlsm`, `.xlsb`, `.xls` or `.ods`), validated like a JSON set file.
    /// Every problem of the workbook is reported at once, each located as `sheet!cell`
    /// (`Chỉ tiêu!H12`) with its row; a threshold typed without a source loads as unsourced
    /// (`verified: false`, with the note "typed in … without a source").
    ///
    /// ```
    /// use ntm_criteria::CriteriaSet;
    /// let err = CriteriaSet::from_workbook_bytes(b"not a workbook", "x.xlsx").unwrap_err();
    /// assert_eq!(err.problems()[0].kind, "not_a_workbook");
    /// ```
    pub fn from_workbook_bytes(bytes: &[u8], source_name: &str) -> Result<CriteriaSet> {
        read::set_of_bytes(bytes, source_name)
    }

    /// Reads a set workbook file (see [`CriteriaSet::from_workbook_bytes`]); [`CriteriaSet::from_path`]
    /// and [`CriteriaSet::load`] call it for workbook extensions.
    ///
    /// ```
    /// let err = ntm_criteria::CriteriaSet::from_workbook_path("no/such/set.xlsx").unwrap_err();
    /// assert!(matches!(err, ntm_criteria::NtmError::Io { .. }));
    /// ```
    pub fn from_workbook_path(path: impl AsRef<std::path::Path>) -> Result<CriteriaSet> {
        let path = path.as_ref();
        let bytes = crate::input::excel::read_limited(path)?;
        read::set_of_bytes(&bytes, &path.display().to_string())
    }
}

/// Whether a path names a workbook a set can be read from, by its extension (`.xlsx`, `.xlsm`,
/// `.xlsb`, `.xls`, `.ods`, any case).
pub(crate) fn is_workbook_path(path: &std::path::Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    matches!(ext.as_deref(), Some("xlsx" | "xlsm" | "xlsb" | "xls" | "ods"))
}
