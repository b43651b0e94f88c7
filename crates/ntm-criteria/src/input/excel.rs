//! The workbook door (placeholder while the CSV door is brought up).

use std::path::Path;

use crate::error::{NtmError, Result};
use crate::input::Source;

/// Reads a workbook into a source.
pub fn source_of_path(path: &Path, _sheet: Option<&str>) -> Result<Source<'static>> {
    Err(NtmError::Io { path: path.display().to_string(), message: "workbooks are not read yet".into() })
}
