//! The examples of `ntm-criteria` (`cargo run --example lang_son_2020`); this crate has no
//! library code of its own.
