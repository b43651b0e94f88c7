//! Levels above the standard (issue 14): prerequisites (`requires`), relative thresholds
//! (`at_least_times`), and the bundled model-commune sets of 691/QĐ-TTg and 319/QĐ-TTg.

use ntm_criteria::input::{ColumnData, ReadOptions, Source, SourceColumn, read};
use ntm_criteria::{BatchBuffers, CriteriaSet, IndicatorTable, Profile, RecognitionLevel, Status, Target, Value};
use proptest::prelude::*;

fn kieu_mau() -> &'static CriteriaSet {
    CriteriaSet::bundled("319").unwrap()
}

/// Every condition of 319 met, with the income `income` against a nâng cao level of 50.
fn all_conditions(income: f64) -> Vec<(&'static str, Value)> {
    vec![
        ("1", Value::Verdict(true)),
        ("2", Value::Pair(income, 50.0)),
        ("3", Value::Number(1.0)),
        ("4", Value::Number(2.0)),
    ]
}

#[test]
fn the_model_commune_sets_are_bundled_with_their_decisions() {
    let s319 = kieu_mau();
    assert_eq!((s319.id(), s319.decision(), s319.criteria_count()), ("kieu-mau-2021-2025", "319/QĐ-TTg", 4));
    let s691 = CriteriaSet::bundled("691/QĐ-TTg").unwrap();
    assert_eq!((s691.id(), s691.decision()), ("kieu-mau-2018-2020", "691/QĐ-TTg"));
    for s in [s319, s691] {
        assert_eq!(s.level(), Some(RecognitionLevel::KieuMau));
        assert_eq!(s.requires().map(|r| r.level), Some(RecognitionLevel::NangCao));
    }
    // 691's groups III and IV were not read in any source: no indicator, never met.
    assert!(s691.criterion(3).unwrap().indicators.is_empty() && s691.criterion(4).unwrap().indicators.is_empty());
    assert_eq!(s691.indicator("I.3").unwrap().target(s691.dimension(), "all"), Some(Target::AtLeastTimes(1.5)));
    // The set in force is the commune standard, never a model-commune set.
    assert_eq!(CriteriaSet::in_force("2023-05-01").unwrap().id(), "2021-2025");
}

#[test]
fn income_at_least_a_multiple_of_its_base() {
    let p = Profile::default().recognised(RecognitionLevel::NangCao);
    let met = kieu_mau().assess(all_conditions(55.0), &p).unwrap();
    assert_eq!(met.criterion(2), Some(Status::Met)); // 55 ≥ 1.1 × 50
    assert!(met.meets_standard);
    let short = kieu_mau().assess(all_conditions(54.9), &p).unwrap();
    assert_eq!(short.criterion(2), Some(Status::NotMet));
    let gap = short.indicators.iter().find(|o| &*o.id == "2").unwrap().gap.unwrap();
    assert!((gap - 0.1).abs() < 1e-9, "{gap}");
    // A missing base: not assessed, never met.
    let mut v = all_conditions(60.0);
    v[1].1 = Value::Missing;
    assert_eq!(kieu_mau().assess(v, &p).unwrap().criterion(2), Some(Status::NotAssessed));
}

#[test]
fn a_691_commune_is_never_met_while_groups_iii_and_iv_are_unknown() {
    let s = CriteriaSet::bundled("691").unwrap();
    let values: Vec<Value> = s
        .indicators()
        .map(|i| match i.rule {
            ntm_criteria::RuleKind::AtLeastTimes => Value::Pair(100.0, 10.0),
            ntm_criteria::RuleKind::Absent => Value::Number(0.0),
            _ => Value::Verdict(true),
        })
        .collect();
    let a = s.assess_values(&values, &Profile::default().recognised(RecognitionLevel::KieuMau)).unwrap();
    assert_eq!((a.criterion(1), a.criterion(2)), (Some(Status::Met), Some(Status::Met)));
    assert_eq!((a.criterion(3), a.criterion(4)), (Some(Status::NotAssessed), Some(Status::NotAssessed)));
    assert!(!a.meets_standard);
}

#[test]
fn the_prerequisite_is_reported_and_gates_the_standard() {
    let unknown = kieu_mau().assess(all_conditions(60.0), &Profile::default()).unwrap();
    let pre = unknown.prerequisite.clone().unwrap();
    assert_eq!((pre.level, pre.status), (RecognitionLevel::NangCao, Status::NotAssessed));
    assert_eq!(unknown.met_count, 4);
    assert!(!unknown.meets_standard, "a unit whose recognition is unknown is not counted at the higher level");
    let ntm = kieu_mau().assess(all_conditions(60.0), &Profile::default().recognised(RecognitionLevel::Ntm)).unwrap();
    assert_eq!(ntm.prerequisite.unwrap().status, Status::NotMet);
    assert!(!ntm.meets_standard);
    let plain = CriteriaSet::bundled("2016-2020").unwrap();
    assert!(
        plain.assess([("10", Value::Number(40.0))], &Profile::default().recognised(RecognitionLevel::None)).is_err()
    );
}

/// A table of communes of the 319 set: code, recognition, and the four conditions.
fn table_csv(rows: &[(RecognitionLevel, bool)]) -> String {
    let mut s = String::from("code,recognition,1,2:income,2:nang_cao_income_level,3,4\n");
    for (i, (level, all)) in rows.iter().enumerate() {
        let income = if *all { 60 } else { 40 };
        s.push_str(&format!("{i:03},{},Đạt,{income},50,1,1\n", level.as_str()));
    }
    s
}

fn level_strategy() -> impl Strategy<Value = RecognitionLevel> {
    prop_oneof![
        Just(RecognitionLevel::None),
        Just(RecognitionLevel::Ntm),
        Just(RecognitionLevel::NangCao),
        Just(RecognitionLevel::KieuMau)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A unit that fails the prerequisite is never counted at the higher level, whatever its
    /// criteria: through one-at-a-time assessment, the table's status summary, and the batch
    /// kernel's "meets the standard" flags.
    #[test]
    fn a_prerequisite_failure_keeps_a_unit_out(rows in proptest::collection::vec((level_strategy(), any::<bool>()), 1..40)) {
        let set = kieu_mau();
        let csv = table_csv(&rows);
        let t = IndicatorTable::from_csv_reader(csv.as_bytes(), "t.csv", set, &Profile::default()).unwrap();
        let want: Vec<bool> = rows.iter().map(|(l, all)| *all && *l >= RecognitionLevel::NangCao).collect();
        let one: Vec<bool> = t.assess(set).unwrap().iter().map(|a| a.meets_standard).collect();
        prop_assert_eq!(&one, &want);
        let expected = want.iter().filter(|&&m| m).count() as u64;
        prop_assert_eq!(t.assessed(set).unwrap().status_summary().meeting_all, expected);
        let n = rows.len();
        let (mut met, mut na, mut cnt, mut meets) = (vec![0u32; n], vec![0u32; n], vec![0u8; n], vec![false; n]);
        let r = read(
            Source::frame("f", vec![
                SourceColumn::new("recognition", ColumnData::text(rows.iter().map(|(l, _)| l.as_str()))),
                SourceColumn::new("1", ColumnData::text(rows.iter().map(|_| "Đạt"))),
                SourceColumn::new("2:income", ColumnData::text(rows.iter().map(|(_, all)| if *all { "60" } else { "40" }))),
                SourceColumn::new("2:nang_cao_income_level", ColumnData::text(rows.iter().map(|_| "50"))),
                SourceColumn::new("3", ColumnData::text(rows.iter().map(|_| "1"))),
                SourceColumn::new("4", ColumnData::text(rows.iter().map(|_| "1"))),
            ]),
            &ReadOptions::indicators(set),
        ).unwrap();
        r.assess(set, BatchBuffers::new(&mut met, &mut na, &mut cnt).with_meets_standard(&mut meets)).unwrap();
        prop_assert_eq!(&meets, &want);
        prop_assert!(cnt.iter().zip(&rows).all(|(&c, (_, all))| (c == 4) == *all));
    }
}

#[test]
fn a_set_file_requires_a_set_beside_it() {
    let dir = std::env::temp_dir().join(format!("ntm-requires-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mini = |id: &str, level: &str, requires: &str| {
        format!(
            r#"{{"format": 1, "id": "{id}", "decision": "(test)", "decision_date": "2020-01-01", "valid_from": 2020,
            "valid_to": 2020, "title_vi": "t", "title_en": "t", "criteria_count": 1, "dimension": "none",
            "level": "{level}", {requires} "sources": {{"T": "test"}},
            "criteria": [{{"number": 1, "name_vi": "a", "name_en": "a", "indicators": [
              {{"id": "1", "unit": "bool", "rule": "achieved", "thresholds": {{"all": {{"value": "Đạt", "verified": true, "sources": ["T"]}}}}}}]}}]}}"#
        )
    };
    std::fs::write(dir.join("nc.json"), mini("nc", "nang_cao", r#""requires": {"level": "ntm", "set": "2016-2020"},"#))
        .unwrap();
    std::fs::write(
        dir.join("km.json"),
        mini("km", "kieu_mau", r#""requires": {"level": "nang_cao", "set": "nc.json"},"#),
    )
    .unwrap();
    let km = CriteriaSet::from_path(dir.join("km.json")).unwrap();
    assert_eq!(km.requires().and_then(|r| r.set.as_deref()), Some("nc.json"));
    // A required set that does not earn the level it is required for.
    std::fs::write(
        dir.join("bad.json"),
        mini("bad", "kieu_mau", r#""requires": {"level": "nang_cao", "set": "2016-2020"},"#),
    )
    .unwrap();
    let err = CriteriaSet::from_path(dir.join("bad.json")).unwrap_err();
    assert_eq!(err.problems()[0].kind, "prerequisite_level", "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Lào Cai's model villages (thôn kiểu mẫu) require a thôn NTM, a set file beside them, and
/// their title lasts 3 years: the status on a date honours it.
#[test]
fn a_model_village_title_expires_after_its_term() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/sets");
    let set = CriteriaSet::from_path(dir.join("lao_cai_thon_kieu_mau_2022.json")).unwrap();
    assert_eq!(set.requires().and_then(|r| r.set.as_deref()), Some("lao_cai_thon_ntm_2022.json"));
    assert_eq!((set.unit(), set.recognition_valid_years()), (ntm_criteria::AssessedUnit::Village, Some(3)));
    let csv = "code,commune,met_count,recognition,recognition_year\n\
               T1,Cam Đường,12,kieu_mau,2019\nT2,Cam Đường,12,kieu_mau,2022\nT3,Cam Đường,12,kieu_mau,2023\n\
               T4,Cam Đường,12,ntm,2018\nT5,Cam Đường,12,kieu_mau,\n";
    let t = ntm_criteria::CommuneTable::from_csv_reader(csv.as_bytes(), "thon.csv", 12).unwrap();
    let s = t.status_summary_on("2025-06-30", &set).unwrap();
    // T1 (2019: ended 2022) expired; T2 (2022) ends in 2025: unknown; T3 held; T5 has no year:
    // unknown; T4 is not kiểu mẫu.
    assert_eq!((s.expired, s.expired_codes.as_slice(), s.expiry_unknown), (1, &["T1".to_string()][..], 2));
    assert_eq!((s.recognised_kieu_mau, s.recognised_ntm), (3, 1));
    let before = t.status_summary_on("2022-01-01", &set).unwrap();
    assert_eq!((before.recognised_kieu_mau, before.expired, before.expiry_unknown), (3, 0, 2));
    assert!(t.status_summary_on("2025-13-01", &set).is_err());
}

#[test]
fn the_status_sentence_says_how_many_titles_expired_or_may_have() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/sets");
    let set = CriteriaSet::from_path(dir.join("lao_cai_thon_kieu_mau_2022.json")).unwrap();
    let csv = "code,met_count,recognition,recognition_year\nT1,12,kieu_mau,2019\nT2,12,kieu_mau,2022\nT3,12,ntm,2020\n";
    let t = ntm_criteria::CommuneTable::from_csv_reader(csv.as_bytes(), "thon.csv", 12).unwrap();
    let s = t.status_summary_on("2025-06-30", &set).unwrap();
    assert_eq!(s.unit, ntm_criteria::AssessedUnit::Commune); // a table read without a village set
    assert_eq!(
        s.sentence(ntm_criteria::Lang::Vi),
        "Có 02/3 xã đạt chuẩn nông thôn mới, trong đó 01 xã đạt chuẩn NTM nâng cao (có 01 xã đạt chuẩn NTM kiểu mẫu); 01 xã đã hết thời hạn công nhận; 01 xã không rõ còn thời hạn công nhận."
    );
    let rows = s.rows();
    let expired = rows.iter().find(|r| r.status == "recognition_expired").unwrap();
    assert_eq!((expired.communes, expired.codes.as_deref()), (1, Some(&["T1".to_string()][..])));
}

/// A provincial set whose income threshold is 110% of another set's for the same region (319's
/// rule, with a base the province has): computed when the set is loaded, the base's year kept;
/// a base that is not known leaves the threshold unknown; sets that refer to each other are refused.
#[test]
fn a_threshold_relative_to_another_sets() {
    let dir = std::env::temp_dir().join(format!("ntm-relative-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let set_file = |id: &str, cells: &str| {
        format!(
            r#"{{"format": 1, "id": "{id}", "decision": "(test)", "decision_date": "", "valid_from": 2021,
            "valid_to": 2025, "title_vi": "t", "title_en": "t", "criteria_count": 1, "dimension": "region",
            "sources": {{"T": "test"}}, "criteria": [{{"number": 1, "name_vi": "Thu nhập", "name_en": "Income",
            "indicators": [{{"id": "10", "unit": "million_vnd_per_person_year", "rule": "at_least", "thresholds": {{{cells}}}}}]}}]}}"#
        )
    };
    let nang_cao = set_file("nc", r#""NMM": {"value": 45, "year": 2023, "verified": true, "sources": ["T"]}"#);
    let kieu_mau = set_file(
        "km",
        r#""NMM": {"relative": {"times": 1.1, "set": "nc.json", "indicator": "10"}, "verified": true, "sources": ["T"]},
           "RRD": {"relative": {"times": 1.1, "set": "nc.json", "indicator": "10"}, "verified": true, "sources": ["T"]}"#,
    );
    std::fs::write(dir.join("nc.json"), nang_cao).unwrap();
    std::fs::write(dir.join("km.json"), &kieu_mau).unwrap();
    let km = CriteriaSet::from_path(dir.join("km.json")).unwrap();
    let income = km.indicator("10").unwrap();
    assert_eq!(income.target(km.dimension(), "NMM"), Some(Target::AtLeast(49.5)));
    assert_eq!(income.cell("NMM").unwrap().year, Some(2023));
    assert_eq!(income.target(km.dimension(), "RRD"), None, "the base has no RRD value: unknown, never filled in");
    let a = km
        .assess([("10", Value::Number(49.5))], &Profile::region(ntm_criteria::Region::NorthernMidlandsMountains))
        .unwrap();
    assert_eq!(a.criterion(1), Some(Status::Met));
    // Without the file beside it, the base set cannot be found.
    let err = CriteriaSet::from_json_str(&kieu_mau, "km.json").unwrap_err();
    assert_eq!(err.problems()[0].kind, "unknown_set", "{err}");
    // Two sets relative to each other.
    let a_file =
        set_file("a", r#""NMM": {"relative": {"times": 1.1, "set": "b.json", "indicator": "10"}, "verified": true}"#);
    let b_file =
        set_file("b", r#""NMM": {"relative": {"times": 1.1, "set": "a.json", "indicator": "10"}, "verified": true}"#);
    std::fs::write(dir.join("a.json"), a_file).unwrap();
    std::fs::write(dir.join("b.json"), b_file).unwrap();
    let err = CriteriaSet::from_path(dir.join("a.json")).unwrap_err();
    assert_eq!(err.problems()[0].kind, "prerequisite_cycle", "{err}");
    // The template of a relative set keeps the relation and reads back equal.
    let bytes = km.template_bytes().unwrap();
    std::fs::write(dir.join("km.xlsx"), bytes).unwrap();
    assert_eq!(CriteriaSet::from_path(dir.join("km.xlsx")).unwrap(), km);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Villages rolled up to their commune and province: every village counted once, none dropped;
/// a village without a commune refused.
#[test]
fn villages_roll_up_to_their_commune_and_province() {
    use ntm_criteria::input::ReadOptions;
    let csv = "code,commune,province,met_count,recognition\n\
               T1,Cam Đường,Lào Cai,14,ntm\nT2,Cam Đường,Lào Cai,14,ntm\nT3,Tả Phời,Lào Cai,13,\n\
               T4,Bản Xèo,Lào Cai,14,\nT5,Na Sầm,Lạng Sơn,14,ntm\n";
    let options = ReadOptions::criteria(14).unit(ntm_criteria::AssessedUnit::Village);
    let t = ntm_criteria::CommuneTable::from_csv_reader_with(csv.as_bytes(), "thon.csv", &options).unwrap();
    let by_commune = t.villages_by("commune").unwrap();
    let rows: Vec<(&str, u64, u64, u64, bool)> =
        by_commune.rows.iter().map(|r| (r.key.as_str(), r.villages, r.meeting, r.recognised, r.all_meeting)).collect();
    assert_eq!(
        rows,
        [
            ("Bản Xèo", 1, 1, 0, true),
            ("Cam Đường", 2, 2, 2, true),
            ("Na Sầm", 1, 1, 1, true),
            ("Tả Phời", 1, 0, 0, false)
        ]
    );
    assert_eq!(by_commune.rows.iter().map(|r| r.villages).sum::<u64>(), 5);
    assert_eq!(by_commune.sentence(ntm_criteria::Lang::Vi), "Có 03/4 xã có 100% thôn đạt chuẩn thôn nông thôn mới.");
    let by_province = t.villages_by("province").unwrap();
    assert_eq!(by_province.sentence(ntm_criteria::Lang::Vi), "Có 01/2 tỉnh có 100% thôn đạt chuẩn thôn nông thôn mới.");
    let orphan = "code,commune,met_count\nT1,,14\n";
    let t = ntm_criteria::CommuneTable::from_csv_reader_with(orphan.as_bytes(), "thon.csv", &options).unwrap();
    assert!(matches!(t.villages_by("commune"), Err(ntm_criteria::NtmError::InvalidArgument { .. })));
}

/// A village report reads back: the reader counts "thôn" as it counts "xã" (the "thôn" of "nông
/// thôn" aside), so the auditor checks the library's own village sentences, and a fault in one
/// is flagged.
#[test]
fn a_village_report_reads_back_and_audits_clean() {
    use ntm_criteria::prose::{audit_text, read_reports};
    use ntm_criteria::{Banding, Lang, ReportOptions, Summary, SummaryOptions};
    let band = |lo, hi, vi: &str| ntm_criteria::Band::new(lo, hi, vi, vi);
    let banding =
        Banding::new(vec![band(14, 14, "14"), band(10, 13, "10-13"), band(0, 9, "dưới 10")], 14, false).unwrap();
    let s = Summary::from_band_counts(&[100, 12, 3], 1570, &banding, SummaryOptions::default())
        .unwrap()
        .with_unit(ntm_criteria::AssessedUnit::Village);
    let text = s.report(Lang::Vi, &ReportOptions::default());
    assert!(text.contains("Số thôn đạt 14 tiêu chí có 100/115 thôn"), "{text}");
    let r = &read_reports(&text, 14)[0];
    let bands: Vec<(u32, u32, u64)> = r.bands.iter().map(|b| (b.lo, b.hi, b.count)).collect();
    assert_eq!(bands, [(14, 14, 100), (10, 13, 12), (0, 9, 3)], "{text}");
    assert!(audit_text(&text, 14).findings.is_empty(), "{text}");
    // The nested status sentence and a village count with its share.
    let status = "Có 83/120 thôn bản đạt chuẩn thôn nông thôn mới, chiếm 69,17%.";
    let m = read_reports(status, 14)[0].meeting_standard.clone().unwrap();
    assert_eq!((m.count, m.of), (Some(83), Some(120)));
    assert!(audit_text(status, 14).findings.is_empty());
    let wrong = "Có 83/120 thôn bản đạt chuẩn thôn nông thôn mới, chiếm 70,17%.";
    assert!(!audit_text(wrong, 14).findings.is_empty(), "83/120 is 69,17%");
}

/// The sources a prerequisite or an amendment cites are the set's, as a threshold cell's are.
#[test]
fn a_prerequisite_or_amendment_citing_an_unknown_source_is_refused() {
    let text = r#"{"format": 1, "id": "km", "decision": "(test)", "decision_date": "", "valid_from": 2021,
        "valid_to": 2025, "title_vi": "t", "title_en": "t", "criteria_count": 1, "dimension": "none",
        "level": "kieu_mau", "requires": {"level": "nang_cao", "sources": ["NOPE"]},
        "amendments": [{"decision": "1/QĐ", "date": "2024-13-01", "verified": true, "sources": ["GONE"]}],
        "sources": {"T": "test"}, "criteria": [{"number": 1, "name_vi": "a", "name_en": "a"}]}"#;
    let err = CriteriaSet::from_json_str(text, "km.json").unwrap_err();
    let got: Vec<(&str, &str)> = err.problems().iter().map(|p| (p.loc.as_str(), p.kind.as_str())).collect();
    assert_eq!(
        got,
        [
            ("amendments[0].date", "bad_date"),
            ("amendments[0].sources[0]", "unknown_source"),
            ("requires.sources[0]", "unknown_source")
        ]
    );
}

/// A set file saved decomposed (NFD, as macOS editors may) is the same set as its NFC form.
#[test]
fn a_set_file_saved_in_nfd_is_the_same_set() {
    use unicode_normalization::UnicodeNormalization;
    let nfc = CriteriaSet::bundled("kieu-mau-2021-2025").unwrap().to_json();
    let nfd: String = nfc.nfd().collect();
    assert_ne!(nfd, nfc);
    let set = CriteriaSet::from_json_str(&nfd, "nfd.json").unwrap();
    assert_eq!(&set, CriteriaSet::bundled("319").unwrap());
    assert_eq!(set.decision(), "319/QĐ-TTg");
}
