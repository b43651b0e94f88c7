//! The JSON set-file loader (sets and override files) on arbitrary text. A set that loads
//! serialises to a set that loads back equal, and assesses an empty commune for every key.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(set) = ntm_criteria::CriteriaSet::from_json_str(text, "fuzz.json") {
        common::check_valid_set(&set);
    }
});
