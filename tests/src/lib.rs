//! The integration tests of `ntm-criteria` live in `rust/` (one test binary); this crate has no
//! library code of its own.
