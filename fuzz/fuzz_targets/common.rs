//! Checks shared by the set-file targets.

use ntm_criteria::{Column, CommuneGroup, CriteriaSet, Dimension, Keys, Profile, Region, Value};

/// The profiles of every assessment key of a set.
pub fn profiles(set: &CriteriaSet) -> Vec<Profile> {
    match set.dimension() {
        Dimension::Region => Region::ALL.iter().map(|r| Profile::region(*r)).collect(),
        Dimension::CommuneGroup => CommuneGroup::ALL.iter().map(|g| Profile::group(*g)).collect(),
        Dimension::None => vec![Profile::default()],
    }
}

/// A set that loaded: it round-trips through JSON, and every path of assessment works on it.
pub fn check_valid_set(set: &CriteriaSet) {
    let json = set.to_json();
    let again = CriteriaSet::from_json_str(&json, "again.json");
    assert!(again.as_ref().is_ok_and(|a| a == set), "round trip failed: {again:?}");
    let n = set.indicator_count();
    for p in profiles(set) {
        let a = set.assess_values(&vec![Value::Missing; n], &p);
        assert!(a.is_ok(), "{a:?}");
        let all = set.assess_values(&vec![Value::Verdict(true); n], &p);
        assert!(all.is_ok_and(|a| a.met_count as usize == set.criteria().iter().filter(|c| !c.indicators.is_empty()).count()));
        let cols = vec![Column::Missing; n];
        let b = set.assess_batch(&cols, Keys::Same(p), 3);
        assert!(b.is_ok(), "{b:?}");
        let _ = set.coverage(set.dimension().key(0).unwrap_or("all"));
    }
    let _ = set.banding().bands();
}
