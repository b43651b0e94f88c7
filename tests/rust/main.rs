//! The integration tests of the core, one module per concern, in one test binary.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod bad_input;
mod catalogs;
mod excel;
mod levels;
mod progress;
mod properties;
mod prose;
mod published_corpus;
mod published_reports;
mod set_workbook;
mod shared;
mod workbook;
