//! Progress between snapshots, recognition status, planning and the report auditor (issue #6).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use ntm_criteria::figures::{parse_count, parse_count_of, parse_decimal, parse_range, parse_share, parse_thousands};
use ntm_criteria::{
    Banding, CommuneRecord, CommuneTable, CriteriaMask, CriteriaSet, Finding, FindingKind, Fixed, NtmError,
    PublishedReport, Recognition, RecognitionLevel, Snapshot, Summary, SummaryOptions, Tally, audit, compare,
    compare_with,
};
use proptest::prelude::*;

const SEED: &str = "Đến hết tháng 7/2020, số tiêu chí bình quân 01 xã đạt 11,66 tiêu chí/xã, cụ thể: Số xã đạt 19 tiêu chí có 51/181 xã, chiếm 28,18%; Số xã đạt 15-18 tiêu chí có 04/181 xã, chiếm 2,21%; Số xã đạt 10-14 tiêu chí có 36/181 xã, chiếm 19,89%; Số xã đạt từ 5-9 tiêu chí có 90/181 xã, chiếm 49,72%.";

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/data").join(name)
}

fn set() -> &'static CriteriaSet {
    CriteriaSet::bundled("2016-2020").unwrap()
}

fn july() -> Snapshot {
    Snapshot::from_path(data("lang_son_2020.csv"), set()).unwrap().dated("2020-07-31").unwrap()
}

fn end_2020() -> Snapshot {
    Snapshot::from_path(data("lang_son_2020_end.csv"), set()).unwrap().dated("2020-12-31").unwrap()
}

fn kinds(findings: &[Finding]) -> Vec<FindingKind> {
    findings.iter().map(|f| f.kind).collect()
}

fn vi(f: Option<Fixed>) -> Option<String> {
    f.map(Fixed::to_vi)
}

fn record(code: &str, met: &[u32], level: RecognitionLevel) -> CommuneRecord {
    let mask = CriteriaMask::from_numbers(met, 19).unwrap();
    CommuneRecord {
        code: code.into(),
        name: format!("Xã {code}"),
        commune_code: String::new(),
        commune: String::new(),
        district_code: String::new(),
        district: String::new(),
        province: "Lạng Sơn".into(),
        region: None,
        commune_group: None,
        disadvantaged: false,
        met: Some(mask),
        not_assessed: CriteriaMask::EMPTY,
        met_count: mask.count(),
        recognition: Recognition { level, year: None, decision: None },
        line: 0,
    }
}

fn all19() -> Vec<u32> {
    (1..=19).collect()
}

// ---------------------------------------------------------------- status

#[test]
fn july_status_has_two_recognitions_in_2020() {
    let s = july().status();
    assert_eq!(s.communes, 181);
    assert_eq!(s.meeting_all, 51);
    assert_eq!(s.recognitions_in(2020), 2, "Có 02 xã được thẩm định công nhận đạt chuẩn nông thôn mới năm 2020");
    assert_eq!(s.recognised, 51);
    assert_eq!(s.recognised_ntm, 51);
    assert_eq!((s.recognised_nang_cao, s.recognised_kieu_mau), (0, 0));
    assert_eq!(s.meeting_all_not_recognised, 0);
    assert_eq!(s.recognised_below_all, 0);
    assert_eq!(s.recognitions_by_year.values().sum::<u64>() + s.recognised_year_unknown, s.recognised);
    assert!(s.recognitions_by_year.keys().all(|y| (2012..=2020).contains(y)));
}

#[test]
fn end_of_2020_status_separates_the_three_cases() {
    let s = end_2020().status();
    assert_eq!(s.meeting_all, 61);
    assert_eq!(s.recognitions_in(2020), 13);
    assert_eq!(s.meeting_all_not_recognised_codes, ["06019", "06562"]);
    let below: BTreeSet<&str> = s.recognised_below_all_codes.iter().map(String::as_str).collect();
    assert_eq!(below, BTreeSet::from(["05986", "06295", "06496"]));
    // 61 at 19 = recognised and at 19 + at 19 not recognised.
    assert_eq!(s.recognised - s.recognised_below_all + s.meeting_all_not_recognised, s.meeting_all);
}

#[test]
fn status_counts_levels() {
    let rows = vec![
        record("1", &all19(), RecognitionLevel::KieuMau),
        record("2", &all19(), RecognitionLevel::NangCao),
        record("3", &[1, 2], RecognitionLevel::NangCao),
        record("4", &all19(), RecognitionLevel::None),
    ];
    let s = CommuneTable::new(19, rows).status_summary();
    assert_eq!((s.recognised, s.recognised_kieu_mau, s.recognised_nang_cao, s.recognised_ntm), (3, 1, 2, 0));
    assert_eq!(s.recognised_below_all_codes, ["3"]);
    assert_eq!(s.meeting_all_not_recognised_codes, ["4"]);
    assert_eq!(s.recognised_year_unknown, 3);
}

// ---------------------------------------------------------------- compare

#[test]
fn july_to_end_of_2020() {
    let c = compare(&july(), &end_2020(), None).unwrap();
    assert_eq!(c.newly_meeting.len(), 13);
    let fell: BTreeSet<&str> = c.fell_from_standard.iter().map(String::as_str).collect();
    assert_eq!(fell, BTreeSet::from(["05986", "06295", "06496"]));
    assert_eq!(c.newly_recognised.len(), 11);
    assert!(c.only_before.is_empty() && c.only_after.is_empty() && c.merged.is_empty());
    assert_eq!(c.meeting_standard_change, 10);
    assert_eq!(c.total_criteria_change, 2181 - 2110);
    assert_eq!(c.after.average.to_vi(), "12,05");
    // Exactly (2181·181 − 2110·181) / 181² = 71/181 = 0,392…
    assert_eq!(c.average_change.to_vi(), "0,39");
    let bands: Vec<(u64, u64, i64)> = c.bands.iter().map(|b| (b.before, b.after, b.change)).collect();
    assert_eq!(bands, [(51, 61, 10), (4, 3, -1), (36, 29, -7), (90, 88, -2), (0, 0, 0)]);

    // The three drops: one criterion each, as the generator says.
    for (code, k) in [("05986", 17), ("06295", 17), ("06496", 10)] {
        let ch = c.changes.iter().find(|x| x.code == code).unwrap();
        assert_eq!(ch.lost, Some(vec![k]), "{code}");
        assert_eq!(ch.gained, Some(vec![]));
        assert_eq!((ch.met_before, ch.met_after, ch.change), (19, 18, -1));
        assert!(ch.fell_from_standard && !ch.reached_standard);
        assert_eq!(ch.recognition_after, RecognitionLevel::Ntm);
    }
    for code in &c.newly_meeting {
        let ch = c.changes.iter().find(|x| &x.code == code).unwrap();
        assert!(ch.reached_standard);
        assert_eq!(ch.gained.as_ref().map(Vec::len), Some((19 - ch.met_before) as usize));
    }
    // Per commune and per criterion agree with the totals.
    assert_eq!(c.changes.iter().map(|x| x.change).sum::<i64>(), 71);
    assert_eq!(c.changes.len() as u64 + c.unchanged, 181);
    let crit = c.criteria.as_ref().unwrap();
    assert_eq!(crit.iter().map(|x| x.change).sum::<i64>(), 71);
    for x in crit {
        assert_eq!(x.change, x.gained as i64 - x.lost as i64, "criterion {}", x.number);
    }
    assert_eq!(crit.iter().map(|x| x.lost).sum::<u64>(), 3);

    // Annualised over 153 days.
    let r = c.per_year.as_ref().unwrap();
    assert_eq!(r.days, 153);
    assert_eq!(r.meeting_standard.to_vi(), "23,86"); // 10 · 365 / 153
    assert_eq!(r.total_criteria.to_vi(), "169,38"); // 71 · 365 / 153
    assert_eq!(r.average.to_vi(), "0,94"); // 71 · 365 / (181 · 153)
}

#[test]
fn compare_is_serialisable() {
    let c = compare(&july(), &end_2020(), None).unwrap();
    let json = serde_json::to_string(&c).unwrap();
    let back: ntm_criteria::Comparison = serde_json::from_str(&json).unwrap();
    assert_eq!(back, c);
}

#[test]
fn a_snapshot_compared_with_itself_has_no_change() {
    let s = july();
    let c = compare(&s, &s, None).unwrap();
    assert!(c.changes.is_empty() && c.newly_meeting.is_empty() && c.fell_from_standard.is_empty());
    assert_eq!(c.unchanged, 181);
    assert_eq!(c.average_change, Fixed::new(0, 2));
    assert_eq!(c.per_year, None); // no time passed
    assert!(c.criteria.unwrap().iter().all(|x| x.change == 0));
}

#[test]
fn mergers_are_listed_never_dropped() {
    // Lạng Sơn, 2020-01-01: communes merged (207 → 181). Here: 05998 and 06001 become "NEW1";
    // 06004 is renamed "06004B"; 06007 maps to a code that does not exist after.
    let before = july();
    let mut after = before.clone();
    let take = |code: &str, after: &mut Snapshot| {
        let i = after.table.rows.iter().position(|r| r.code == code).unwrap();
        after.table.rows.remove(i)
    };
    let a = take("05998", &mut after);
    let _ = take("06001", &mut after);
    let mut merged = a.clone();
    merged.code = "NEW1".into();
    merged.name = "Xã mới".into();
    after.table.rows.push(merged);
    let mut renamed = take("06004", &mut after);
    renamed.code = "06004B".into();
    after.table.rows.push(renamed);
    let _gone = take("06007", &mut after);

    // Without a mapping: every unmatched commune is listed on its side.
    let c = compare(&before, &after, None).unwrap();
    let ob: Vec<&str> = c.only_before.iter().map(|u| u.code.as_str()).collect();
    let oa: Vec<&str> = c.only_after.iter().map(|u| u.code.as_str()).collect();
    assert_eq!(ob, ["05998", "06001", "06004", "06007"]);
    assert_eq!(oa, ["NEW1", "06004B"]);
    assert_eq!(c.unchanged as usize + c.changes.len() + ob.len(), 181);

    let mapping: BTreeMap<String, String> = [
        ("05998", "NEW1"),
        ("06001", "NEW1"),
        ("06004", "06004B"),
        ("06007", "GONE"),
        ("99999", "NEW1"), // not a code of the earlier snapshot
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    let c = compare(&before, &after, Some(&mapping)).unwrap();
    assert_eq!(c.merged.len(), 1);
    assert_eq!(c.merged[0].code, "NEW1");
    assert_eq!(c.merged[0].predecessors, ["05998", "06001"]);
    assert_eq!(c.merged[0].met_before.len(), 2);
    assert!(c.only_after.is_empty());
    assert_eq!(c.only_before.len(), 1);
    assert_eq!(c.only_before[0].code, "06007");
    assert_eq!(c.only_before[0].mapped_to.as_deref(), Some("GONE"));
    let renamed = c.changes.iter().find(|x| x.code == "06004B").unwrap();
    assert_eq!((renamed.before_code.as_str(), renamed.change), ("06004", 0));
    assert_eq!(c.unused_mapping, ["99999"]);
    // Every earlier commune is accounted for exactly once.
    let accounted = c.unchanged as usize + c.changes.len() + c.merged[0].predecessors.len() + c.only_before.len();
    assert_eq!(accounted, 181);
}

#[test]
fn compare_refusals() {
    let b = july();
    let mut other_set = end_2020();
    other_set.set_id = "2021-2025".into();
    assert!(matches!(compare(&b, &other_set, None), Err(NtmError::Snapshot { .. })));

    let e = end_2020();
    let err = compare(&e, &b, None).unwrap_err();
    assert!(err.to_string().contains("dated before"), "{err}");

    let mut dup = end_2020();
    let first = dup.table.rows[0].clone();
    dup.table.rows.push(first);
    let err = compare(&b, &dup, None).unwrap_err();
    assert!(err.to_string().contains("repeats commune codes: 05986"), "{err}");

    let mut bad_date = end_2020();
    bad_date.date = Some("2020-12-32".into());
    assert!(matches!(compare(&b, &bad_date, None), Err(NtmError::Snapshot { .. })));

    let empty = Snapshot::new(CommuneTable::new(19, vec![]), CriteriaSet::bundled("2016-2020").unwrap()).unwrap();
    assert!(matches!(compare(&empty, &empty, None), Err(NtmError::EmptySummary { .. })));
}

#[test]
fn compare_with_counts_only_has_no_criteria_detail() {
    let b = CommuneTable::from_csv_reader("code,met_count\nA,18\nB,19\n".as_bytes(), "b", 19).unwrap();
    let a = CommuneTable::from_csv_reader("code,met_count\nA,19\nB,17\n".as_bytes(), "a", 19).unwrap();
    let c = compare_with(
        &Snapshot::new(b, CriteriaSet::bundled("2016-2020").unwrap()).unwrap(),
        &Snapshot::new(a, CriteriaSet::bundled("2016-2020").unwrap()).unwrap(),
        None,
        &Banding::official(),
        SummaryOptions { precision: 1, sum_to_100: false },
    )
    .unwrap();
    assert_eq!(c.newly_meeting, ["A"]);
    assert_eq!(c.fell_from_standard, ["B"]);
    assert_eq!(c.changes[0].gained, None);
    assert_eq!(c.criteria, None);
    assert_eq!(c.average_change.to_vi(), "-0,5");
}

// ---------------------------------------------------------------- planning

#[test]
fn nearest_to_standard_in_july() {
    let s = july();
    let near = s.nearest_to_standard(4);
    assert_eq!(near.len(), 4);
    // The 4 communes of the 15-18 band.
    assert!(near.iter().all(|c| (15..=18).contains(&c.met_count)));
    for c in &near {
        assert_eq!(c.missing.as_ref().map(Vec::len), Some(c.missing_count as usize));
    }
    assert!(near.windows(2).all(|w| w[0].missing_count <= w[1].missing_count));
    assert_eq!(s.nearest_to_standard(1000).len(), 181 - 51);
}

#[test]
fn most_missed_in_july() {
    let m = july().most_missed().unwrap();
    assert_eq!(m.len(), 19);
    assert_eq!(m.iter().map(|c| c.missed).sum::<u64>(), 181 * 19 - 2110);
    assert!(m.windows(2).all(|w| w[0].missed >= w[1].missed));
    assert_eq!(m.iter().map(|c| c.rank).collect::<Vec<_>>(), (1..=19).collect::<Vec<_>>());
    // Near the standard: the 4 communes at 15-18.
    let near_missing: u64 = july().nearest_to_standard(4).iter().map(|c| u64::from(c.missing_count)).sum();
    assert_eq!(m.iter().map(|c| c.missed_near).sum::<u64>(), near_missing);
    // Poverty (11) and income (10) are rarely met outside the communes at 19 (generator weights).
    let top5: Vec<u32> = m.iter().take(5).map(|c| c.number).collect();
    assert!(top5.contains(&11) || top5.contains(&10), "{top5:?}");
}

#[test]
fn target_of_13_more_communes() {
    let s = july();
    let g = s.target_gap(s.status().meeting_all + 13);
    assert_eq!((g.target, g.meeting_all, g.needed), (64, 51, 13));
    assert!(g.reachable);
    assert_eq!(g.communes.len(), 13);
    assert_eq!(g.lists_unknown, 0);
    assert_eq!(g.criteria_to_gain, g.communes.iter().map(|c| u64::from(c.missing_count)).sum::<u64>());
    assert_eq!(g.per_criterion.iter().map(|c| c.communes).sum::<u64>(), g.criteria_to_gain);
    // The 13 chosen are at least as near as any other commune below the standard.
    let worst = g.communes.iter().map(|c| c.missing_count).max().unwrap();
    let chosen: BTreeSet<&str> = g.communes.iter().map(|c| c.code.as_str()).collect();
    for c in s.nearest_to_standard(1000) {
        if !chosen.contains(c.code.as_str()) {
            assert!(c.missing_count >= worst);
        }
    }
    // The end-of-2020 snapshot reached the target with the 4 of 15-18 among its 13.
    let newly: BTreeSet<String> = compare(&s, &end_2020(), None).unwrap().newly_meeting.into_iter().collect();
    for c in s.nearest_to_standard(4) {
        assert!(newly.contains(&c.code) && chosen.contains(c.code.as_str()));
    }
    assert!(!s.target_gap(1000).reachable);
    assert_eq!(s.target_gap(1000).communes.len(), 130);
    assert_eq!(s.target_gap(10).needed, 0);
    assert!(s.target_gap(10).communes.is_empty());
}

#[test]
fn most_missed_needs_criteria_lists() {
    let t = CommuneTable::from_csv_reader("code,met_count\nA,18\nB,3\n".as_bytes(), "t.csv", 19).unwrap();
    let err = t.most_missed().unwrap_err();
    let codes: Vec<_> = err.problems().iter().map(|p| p.commune.as_deref()).collect();
    assert_eq!(codes, [Some("A"), Some("B")]);
    assert_eq!(t.nearest_to_standard(1)[0].missing, None);
    assert_eq!(t.target_gap(1).lists_unknown, 1);
    assert_eq!(t.target_gap(2).lists_unknown, 2);
}

// ---------------------------------------------------------------- figures

#[test]
fn vietnamese_figures() {
    assert_eq!(parse_count("04").unwrap(), 4);
    assert_eq!(parse_count("181").unwrap(), 181);
    assert_eq!(parse_thousands("1.586").unwrap(), 1586);
    assert_eq!(parse_count("2\u{a0}110").unwrap(), 2110);
    assert_eq!(parse_decimal("11,66").unwrap(), Fixed::new(1166, 2));
    assert_eq!(parse_decimal("1.586,25").unwrap(), Fixed::new(158_625, 2));
    assert_eq!(parse_share(" 49,72 % ").unwrap(), Fixed::new(4972, 2));
    assert_eq!(parse_count_of("04/181").unwrap(), (4, 181));
    let n = 19;
    for (text, want) in [
        ("19", (19, 19)),
        ("05-09", (5, 9)),
        ("15 – 18", (15, 18)),
        ("15—18", (15, 18)),
        ("dưới 5", (0, 4)),
        ("DƯỚI 5 TIÊU CHÍ", (0, 4)),
        ("duoi 5", (0, 4)),
        ("từ 5-9", (5, 9)),
        ("từ 5 đến 9", (5, 9)),
        ("từ 14 trở lên", (14, 19)),
        ("14 tiêu chí trở lên", (14, 19)),
        ("trên 14", (15, 19)),
        ("< 5", (0, 4)),
        ("<5", (0, 4)),
        ("≥14", (14, 19)),
        (">= 14", (14, 19)),
        ("fewer than 5", (0, 4)),
        ("all 19", (19, 19)),
        ("đạt 19 tiêu chí", (19, 19)),
    ] {
        assert_eq!(parse_range(text, n).unwrap(), want, "{text}");
    }
    // The NFD form (typed on macOS) reads the same.
    assert_eq!(parse_range("du\u{31b}\u{301}o\u{31b}i 5", n).unwrap(), (0, 4));
    for bad in ["", "abc", "1,586", "-4", "1.58", "1 58", "12a"] {
        let err = parse_count(bad).unwrap_err();
        assert!(matches!(err, NtmError::Figure { ref input, .. } if input == bad), "{bad}: {err}");
    }
    for bad in ["11.66", "11,", ",5", "1,2,3", "1,1234567890", "x", "99999999999999999999"] {
        assert!(parse_decimal(bad).is_err(), "{bad}");
    }
    for bad in ["", "20", "0-20", "9-5", "dưới 0", "từ 5", "trên 19 hoặc", "5 - ", "trên 4294967295"] {
        assert!(parse_range(bad, n).is_err(), "{bad}");
    }
}

proptest! {
    #[test]
    fn figure_parsers_never_panic(s in "\\PC{0,24}") {
        let _ = parse_count(&s);
        let _ = parse_decimal(&s);
        let _ = parse_share(&s);
        let _ = parse_count_of(&s);
        let _ = parse_range(&s, 19);
        let _ = PublishedReport::from_sentence(&s, 19);
    }

    #[test]
    fn figure_like_text_never_panics(s in "[0-9.,/ %-–dướitừ]{0,16}") {
        let _ = parse_decimal(&s);
        let _ = parse_range(&s, 19);
        let _ = PublishedReport::from_sentence(&format!("Số xã đạt {s} tiêu chí có {s} xã, chiếm {s}"), 19);
    }

    #[test]
    fn printed_decimals_round_trip(units in 0i64..10_000_000, scale in 0u8..4) {
        let f = Fixed::new(units, scale);
        prop_assert_eq!(parse_decimal(&f.to_vi()).unwrap(), f);
    }
}

// ---------------------------------------------------------------- audit

fn seed_report() -> PublishedReport {
    PublishedReport::new(19)
        .with_communes(181)
        .with_band_text("19", "51", Some("28,18%"))
        .unwrap()
        .with_band_text("15-18", "04", Some("2,21%"))
        .unwrap()
        .with_band_text("10-14", "36", Some("19,89%"))
        .unwrap()
        .with_band_text("từ 5-9", "90", Some("49,72%"))
        .unwrap()
        .with_average_text("11,66")
        .unwrap()
        .with_total_criteria(2110)
}

#[test]
fn the_seed_report_is_consistent() {
    assert_eq!(audit(&seed_report()), []);
}

#[test]
fn the_seed_sentence_is_read_and_consistent() {
    let r = PublishedReport::from_sentence(SEED, 19).unwrap();
    assert_eq!(r.communes, Some(181));
    assert_eq!(r.average, Some(Fixed::new(1166, 2)));
    let bands: Vec<(u32, u32, u64, Option<Fixed>)> = r.bands.iter().map(|b| (b.lo, b.hi, b.count, b.share)).collect();
    assert_eq!(
        bands,
        [
            (19, 19, 51, Some(Fixed::new(2818, 2))),
            (15, 18, 4, Some(Fixed::new(221, 2))),
            (10, 14, 36, Some(Fixed::new(1989, 2))),
            (5, 9, 90, Some(Fixed::new(4972, 2))),
        ]
    );
    assert_eq!(audit(&r), []);
    // With the printed total of the July table too.
    assert_eq!(audit(&r.with_total_criteria(2110)), []);

    // The whole article (the sentence sits in the middle of it).
    if let Some(article) = crate::shared::reference("seed-lang-son-2020.txt") {
        let r = ntm_criteria::prose::read_reports(&article, 19).swap_remove(0);
        assert_eq!((r.communes, r.bands.len()), (Some(181), 4));
        assert_eq!(audit(&r), []);
    }
}

#[test]
fn the_july_table_agrees_with_the_seed_report() {
    // The report an office would print from the table, per criterion included.
    let s = july().summary(&Banding::official(), SummaryOptions::default()).unwrap();
    let mut r = seed_report();
    for c in s.per_criterion.as_ref().unwrap() {
        r = r.with_criterion(c.number, c.met);
    }
    r = r.with_criteria_share(s.criteria_share);
    assert_eq!(audit(&r), []);
}

#[test]
fn thua_thien_hue_december_2019_is_consistent() {
    let r = PublishedReport::new(19)
        .with_communes(104)
        .with_band_text("19", "57", Some("54,8"))
        .unwrap()
        .with_band_text("15-18", "21", Some("20,2"))
        .unwrap()
        .with_band_text("10-14", "24", Some("23,1"))
        .unwrap()
        .with_band_text("8-9", "2", Some("1,9"))
        .unwrap()
        .with_band_text("dưới 8", "0", None)
        .unwrap();
    assert_eq!(audit(&r), []);
}

#[test]
fn an_average_of_12_42_for_7_communes_is_impossible() {
    let r = PublishedReport::new(19).with_communes(7).with_average_text("12,42").unwrap();
    let f = audit(&r);
    assert_eq!(kinds(&f), [FindingKind::AverageImpossible]);
    assert_eq!(vi(f[0].number("nearest_below")), Some("12,29".into())); // 86/7
    assert_eq!(vi(f[0].number("nearest_above")), Some("12,43".into())); // 87/7
    assert_eq!(f[0].number("total_if_truncated"), Some(Fixed::new(87, 0)));
    assert_eq!(f[0].truncation_explains, Some(true));
    // Possible averages for 7 communes are not findings.
    for t in 0..=133u64 {
        let a = Fixed::ratio(t, 7, 2);
        assert_eq!(audit(&PublishedReport::new(19).with_communes(7).with_average(a)), [], "{t}/7");
    }
    // Above what 19 criteria allow.
    let f = audit(&PublishedReport::new(19).with_communes(3).with_average_text("19,50").unwrap());
    assert_eq!(kinds(&f), [FindingKind::AverageImpossible]);
    assert_eq!(vi(f[0].number("nearest_below")), Some("19,00".into()));
    assert_eq!(f[0].truncation_explains, Some(false));
}

#[test]
fn an_inconsistent_banding() {
    // Bands that overlap (10-15 and 15-18), leave a gap (9), go above 19, and miss 4 communes.
    let r = PublishedReport::new(19)
        .with_communes(100)
        .with_band(19, 19, 10, None)
        .with_band(15, 18, 20, None)
        .with_band(10, 15, 30, None)
        .with_band(5, 8, 30, None)
        .with_band(0, 4, 5, None)
        .with_band(18, 20, 1, None);
    let f = audit(&r);
    assert_eq!(
        kinds(&f),
        [
            FindingKind::BandOutOfRange,
            FindingKind::BandsOverlap,
            FindingKind::BandsDoNotSum,
            FindingKind::BandsLeaveGap
        ]
    );
    assert_eq!(f[0].bands, [5]);
    assert_eq!(f[1].bands, [1, 2]);
    assert_eq!((f[1].number("lo"), f[1].number("hi")), (Some(Fixed::new(15, 0)), Some(Fixed::new(15, 0))));
    assert_eq!(f[2].number("sum"), Some(Fixed::new(96, 0)));
    assert_eq!(f[2].number("difference"), Some(Fixed::new(4, 0)));
    assert_eq!((f[3].number("lo"), f[3].number("hi")), (Some(Fixed::new(9, 0)), Some(Fixed::new(9, 0))));
}

#[test]
fn wrong_shares_and_averages() {
    // 7 communes: 1 at 19 (1/7 = 14,2857…% printed truncated as 14,28), 6 at 10-18 (85,71 printed
    // 85,70); an average of 12,42 that no total gives; a total of 80 that gives 11,43.
    let r = PublishedReport::new(19)
        .with_communes(7)
        .with_band_text("19", "01", Some("14,28%"))
        .unwrap()
        .with_band_text("10-18", "06", Some("85,70%"))
        .unwrap()
        .with_average_text("12,42")
        .unwrap()
        .with_total_criteria(80);
    let f = audit(&r);
    assert_eq!(
        kinds(&f),
        [
            FindingKind::ShareMismatch,
            FindingKind::ShareMismatch,
            FindingKind::AverageImpossible,
            FindingKind::AverageMismatch
        ]
    );
    assert_eq!(f[0].truncation_explains, Some(true));
    assert_eq!(vi(f[0].number("expected")), Some("14,29".into()));
    assert!(f[0].message.contains("truncation printed as rounding"), "{}", f[0].message);
    assert_eq!(f[1].truncation_explains, Some(false));
    assert_eq!(vi(f[1].number("expected")), Some("85,71".into()));
    assert_eq!(vi(f[3].number("expected")), Some("11,43".into()));
    assert_eq!(f[3].truncation_explains, Some(false));
}

#[test]
fn figures_outside_the_bands_and_per_criterion_counts() {
    // 10 communes: 1 at 19 and 9 at 5-18, so 64..=181 criteria; printed 40 (an average of 4,00).
    let mut r = PublishedReport::new(19)
        .with_communes(10)
        .with_band(19, 19, 1, None)
        .with_band(5, 18, 9, None)
        .with_average_text("4,00")
        .unwrap()
        .with_total_criteria(40)
        .with_criteria_share(parse_share("21,06%").unwrap()) // 40/190 = 21,05%
        .with_criterion(1, 11) // more than the 10 communes
        .with_criterion(2, 0) // fewer than the 1 commune at 19
        .with_criterion(20, 1); // no criterion 20
    for k in 3..=19 {
        r = r.with_criterion(k, 2);
    }
    let f = audit(&r);
    assert_eq!(
        kinds(&f),
        [
            FindingKind::AverageOutsideBands,
            FindingKind::TotalOutsideBands,
            FindingKind::ShareMismatch,
            FindingKind::CriterionCountImpossible,
            FindingKind::CriterionCountImpossible,
            FindingKind::CriterionCountImpossible,
            FindingKind::CriteriaDoNotSum,
        ]
    );
    assert_eq!(vi(f[0].number("low")), Some("6,40".into()));
    assert_eq!(vi(f[0].number("high")), Some("18,10".into()));
    assert_eq!(f[1].number("low"), Some(Fixed::new(64, 0)));
    assert_eq!(vi(f[2].number("expected")), Some("21,05".into()));
    assert_eq!(f[3].criterion, Some(1));
    assert_eq!(f[4].criterion, Some(2));
    assert_eq!(f[5].criterion, Some(20));
    assert_eq!(f[6].number("sum"), Some(Fixed::new(11 + 17 * 2, 0)));

    // Without a printed total the per-criterion sum is checked against the average.
    let mut r = PublishedReport::new(3).with_communes(2).with_average_text("1,50").unwrap();
    r = r.with_criterion(1, 2).with_criterion(2, 1).with_criterion(3, 1);
    let f = audit(&r);
    assert_eq!(kinds(&f), [FindingKind::CriteriaDoNotSum]);
    assert_eq!(vi(f[0].number("expected")), Some("2,00".into()));
}

#[test]
fn every_finding_kind_is_tested() {
    // The constructed reports above, together, give every kind.
    let all = [
        FindingKind::BandOutOfRange,
        FindingKind::BandsOverlap,
        FindingKind::BandsLeaveGap,
        FindingKind::BandsDoNotSum,
        FindingKind::ShareMismatch,
        FindingKind::AverageImpossible,
        FindingKind::AverageMismatch,
        FindingKind::AverageOutsideBands,
        FindingKind::TotalOutsideBands,
        FindingKind::CriteriaDoNotSum,
        FindingKind::CriterionCountImpossible,
    ];
    let names: BTreeSet<&str> = all.iter().map(|k| k.as_str()).collect();
    assert_eq!(names.len(), all.len());
    for k in all {
        assert_eq!(serde_json::to_value(k).unwrap(), serde_json::Value::String(k.as_str().into()));
    }
}

#[test]
fn an_omitted_empty_band_is_not_a_fault_when_the_bands_add_up() {
    // Reports leave out bands that hold no commune, at the ends (the seed's "dưới 5") and in the
    // middle alike. When the printed bands add up to the total, no commune can be in the gap.
    let end = PublishedReport::new(19).with_communes(10).with_band(19, 19, 4, None).with_band(5, 18, 6, None);
    assert_eq!(audit(&end), []);
    let mid = PublishedReport::new(19).with_communes(10).with_band(19, 19, 4, None).with_band(5, 14, 6, None);
    assert_eq!(audit(&mid), []);
    let both = PublishedReport::new(19)
        .with_communes(10)
        .with_band(19, 19, 4, None)
        .with_band(10, 14, 5, None)
        .with_band(0, 4, 1, None);
    assert_eq!(audit(&both), []);
    // Communes missing from the bands: the sum is a fault, and every gap is where they may be.
    let short = PublishedReport::new(19).with_communes(12).with_band(19, 19, 4, None).with_band(5, 14, 6, None);
    let f = audit(&short);
    assert_eq!(kinds(&f), [FindingKind::BandsDoNotSum, FindingKind::BandsLeaveGap, FindingKind::BandsLeaveGap]);
    assert_eq!((f[1].number("lo"), f[1].number("hi")), (Some(Fixed::new(0, 0)), Some(Fixed::new(4, 0))));
    assert_eq!((f[2].number("lo"), f[2].number("hi")), (Some(Fixed::new(15, 0)), Some(Fixed::new(18, 0))));
    // Without a printed total nothing can be known about the gap.
    let open = PublishedReport::new(19).with_band(19, 19, 4, None).with_band(5, 14, 6, None);
    assert_eq!(audit(&open), []);
}

#[test]
fn published_report_from_json() {
    let r: PublishedReport = serde_json::from_str(
        r#"{"communes": "181", "average": "11,66", "total_criteria": 2110,
            "bands": [{"lo": 19, "hi": 19, "count": 51, "share": "28,18%"},
                      {"lo": 15, "hi": 18, "count": "04", "share": {"units": 221, "scale": 2}},
                      {"lo": 10, "hi": 14, "count": 36, "share": "19,89"},
                      {"lo": 5, "hi": 9, "count": 90, "share": "49,72%", "label": "từ 5-9"}]}"#,
    )
    .unwrap();
    assert_eq!(r, {
        let mut s = seed_report();
        s.bands.iter_mut().for_each(|b| b.label = None);
        s.bands[3].label = Some("từ 5-9".into());
        s
    });
    assert_eq!(audit(&r), []);
    assert!(serde_json::from_str::<PublishedReport>(r#"{"communes": "1,5"}"#).is_err());
    assert!(serde_json::from_str::<PublishedReport>(r#"{"bands": [{"lo": 1, "hi": 2}]}"#).is_err());
    let empty: PublishedReport = serde_json::from_str("{}").unwrap();
    assert_eq!(empty, PublishedReport::new(19));
    assert_eq!(audit(&empty), []);
    // Findings serialise as plain data.
    let f = audit(&PublishedReport::new(19).with_communes(7).with_average_text("12,42").unwrap());
    let v = serde_json::to_value(&f).unwrap();
    assert_eq!(v[0]["kind"], "average_impossible");
    assert_eq!(v[0]["numbers"]["nearest_above"]["units"], 1243);
}

#[test]
fn from_sentence_refusals() {
    assert!(PublishedReport::from_sentence("Không có số liệu.", 19).is_err());
    let two_totals = "Số xã đạt 19 tiêu chí có 51/181 xã; Số xã đạt 15-18 tiêu chí có 04/180 xã.";
    let err = PublishedReport::from_sentence(two_totals, 19).unwrap_err();
    assert!(err.to_string().contains("a second total of communes"), "{err}");
}

fn report_of(s: &Summary) -> PublishedReport {
    let mut r = PublishedReport::new(s.criteria_count)
        .with_communes(s.communes)
        .with_average(s.average)
        .with_total_criteria(s.total_criteria)
        .with_criteria_share(s.criteria_share);
    // As reports print them: every band, but an empty band at either end may be left out (the
    // seed leaves out an empty "dưới 5"); an empty band between two printed ones is printed.
    let used: Vec<usize> = (0..s.bands.len()).filter(|&i| s.bands[i].count > 0).collect();
    let (first, last) = (used.first().copied().unwrap_or(0), used.last().copied().unwrap_or(0));
    for b in s.bands.iter().enumerate().filter(|(i, _)| (first..=last).contains(i)).map(|(_, b)| b) {
        r = r.with_band(b.lo, b.hi, b.count, Some(b.share));
    }
    for c in s.per_criterion.iter().flatten() {
        r = r.with_criterion(c.number, c.met);
    }
    r
}

proptest! {
    /// Oracle: whatever a correct summary prints, the auditor finds nothing in it.
    #[test]
    fn a_summary_audits_clean(masks in prop::collection::vec(0u32..(1 << 19), 1..300), precision in 0u8..4) {
        let mut t = Tally::new(19);
        for m in &masks {
            t.add_mask(CriteriaMask(*m), CriteriaMask::EMPTY).unwrap();
        }
        let s = t.summarize(&Banding::official(), SummaryOptions { precision, sum_to_100: false }).unwrap();
        let findings = audit(&report_of(&s));
        prop_assert!(findings.is_empty(), "{:?}", findings);
    }

    /// Dropping one commune from a band always shows.
    #[test]
    fn a_missing_commune_is_found(masks in prop::collection::vec(0u32..(1 << 19), 2..200)) {
        let mut t = Tally::new(19);
        for m in &masks {
            t.add_mask(CriteriaMask(*m), CriteriaMask::EMPTY).unwrap();
        }
        let s = t.summarize(&Banding::official(), SummaryOptions::default()).unwrap();
        let mut r = report_of(&s);
        r.communes = r.communes.map(|c| c + 1);
        prop_assert!(kinds(&audit(&r)).contains(&FindingKind::BandsDoNotSum));
    }

    /// No input makes the auditor panic.
    #[test]
    fn audit_never_panics(
        n in 0u32..40,
        communes in prop::option::of(0u64..u64::MAX),
        bands in prop::collection::vec((0u32..40, 0u32..40, 0u64..u64::MAX, prop::option::of((any::<i64>(), 0u8..40))), 0..6),
        average in prop::option::of((any::<i64>(), 0u8..40)),
        total in prop::option::of(any::<u64>()),
        per in prop::collection::btree_map(0u32..40, any::<u64>(), 0..25),
    ) {
        let mut r = PublishedReport::new(n);
        r.communes = communes;
        for (lo, hi, c, share) in bands {
            r = r.with_band(lo, hi, c, share.map(|(u, s)| Fixed { units: u, scale: s }));
        }
        r.average = average.map(|(u, s)| Fixed { units: u, scale: s });
        r.total_criteria = total;
        r.criteria_share = r.average;
        r.per_criterion = per;
        let _ = audit(&r);
    }
}

/// Malformed figures in report text are refused, as the structured door refuses them, never read
/// as a nearby number (issue 16, finding 3).
#[test]
fn malformed_figures_in_text_are_refused() {
    let seed = "Số tiêu chí bình quân 01 xã đạt 11,66 tiêu chí/xã, cụ thể: Số xã đạt 19 tiêu chí có 51/181 xã, \
                chiếm 28,18%; Số xã đạt 15-18 tiêu chí có 04/181 xã, chiếm 2,21%; Số xã đạt 10-14 tiêu chí có \
                36/181 xã, chiếm 19,89%; Số xã đạt từ 5-9 tiêu chí có 90/181 xã, chiếm 49,72%.";
    assert!(audit(&PublishedReport::from_sentence(seed, 19).unwrap()).is_empty());
    for bad in [seed.replace("28,18%", "28x18%"), seed.replace("28,18%", "28 18%"), seed.replace("51/181", "-51/181")] {
        let err = PublishedReport::from_sentence(&bad, 19).unwrap_err();
        assert!(matches!(err, ntm_criteria::NtmError::Figure { .. }), "{bad}: {err}");
    }
    let words = seed.replace("28,18%", "28,18 phần trăm");
    assert_eq!(PublishedReport::from_sentence(&words, 19).unwrap().bands[0].share, Some(Fixed::new(2818, 2)));
}

/// A mapping key typed in NFD (or with spaces around it) still names the commune whose code the
/// table holds in NFC (issue 16, finding 17); two spellings of one key that disagree are refused.
#[test]
fn mapping_keys_are_normalised_like_the_codes() {
    let set = CriteriaSet::bundled("2016-2020").unwrap();
    let b = CommuneTable::from_csv_reader("code,met_count\nHòa Bình,1\n".as_bytes(), "b", 19).unwrap();
    let a = CommuneTable::from_csv_reader("code,met_count\nB,19\n".as_bytes(), "a", 19).unwrap();
    let (b, a) = (Snapshot::new(b, set).unwrap(), Snapshot::new(a, set).unwrap());
    let nfd = "Ho\u{300}a Bi\u{300}nh ".to_string();
    let c = compare(&b, &a, Some(&BTreeMap::from([(nfd.clone(), "B".to_string())]))).unwrap();
    assert!(c.unused_mapping.is_empty(), "{:?}", c.unused_mapping);
    assert_eq!(c.newly_meeting, ["B"]);
    let both = BTreeMap::from([(nfd, "B".to_string()), ("Hòa Bình".to_string(), "C".to_string())]);
    let err = compare(&b, &a, Some(&both)).unwrap_err();
    assert!(err.to_string().contains("sends \"Hòa Bình\" to both"), "{err}");
}

/// Recognition levels are nested as offices print them (issue 14): the nâng cao count includes
/// the kiểu mẫu communes, and a level no commune reached is left out of the sentence; a village
/// set's snapshot says "thôn".
#[test]
fn status_sentences_nest_the_levels() {
    use ntm_criteria::{AssessedUnit, Lang};
    let csv = "code,met_count,recognition\nA,19,ntm\nB,19,nang_cao\nC,19,kieu_mau\nD,18,nang_cao\nE,12,\n";
    let s = CommuneTable::from_csv_reader(csv.as_bytes(), "t", 19).unwrap().status_summary();
    assert_eq!((s.recognised, s.at_least_nang_cao(), s.recognised_kieu_mau), (4, 3, 1));
    assert_eq!(
        s.sentence(Lang::Vi),
        "Có 04/5 xã đạt chuẩn nông thôn mới, trong đó 03 xã đạt chuẩn NTM nâng cao (có 01 xã đạt chuẩn NTM kiểu mẫu)."
    );
    let only_ntm = CommuneTable::from_csv_reader("code,met_count,recognition\nA,19,ntm\n".as_bytes(), "t", 19).unwrap();
    assert_eq!(only_ntm.status_summary().sentence(Lang::Vi), "Có 01/1 xã đạt chuẩn nông thôn mới.");
    assert_eq!(only_ntm.status_summary().sentence(Lang::En), "1 of 1 commune is recognised as a new rural commune.");
    let village = ntm_criteria::StatusSummary { unit: AssessedUnit::Village, ..s };
    assert!(village.sentence(Lang::Vi).starts_with("Có 04/5 thôn đạt chuẩn nông thôn mới, trong đó 03 thôn"));
    assert_eq!(village.rows()[0].label_vi, "Tổng số thôn");
}
