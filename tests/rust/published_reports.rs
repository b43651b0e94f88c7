//! Golden tests from published provincial reports.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ntm_criteria::{
    Band, Banding, CommuneTable, CriteriaSet, Fixed, Lang, RecognitionLevel, ReportOptions, Summary, SummaryOptions,
};

const SEED: &str = "Đến hết tháng 7/2020, số tiêu chí bình quân 01 xã đạt 11,66 tiêu chí/xã, cụ thể: Số xã đạt 19 tiêu chí có 51/181 xã, chiếm 28,18%; Số xã đạt 15-18 tiêu chí có 04/181 xã, chiếm 2,21%; Số xã đạt 10-14 tiêu chí có 36/181 xã, chiếm 19,89%; Số xã đạt từ 5-9 tiêu chí có 90/181 xã, chiếm 49,72%.";

fn seed_banding() -> Banding {
    Banding::official().with_label(3, "từ 5-9", "5-9").expect("band 3 exists")
}

fn example_csv() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data/lang_son_2020.csv")
}

#[test]
fn seed_sentence_from_band_counts() {
    let s = Summary::from_band_counts(&[51, 4, 36, 90, 0], 2110, &seed_banding(), SummaryOptions::default()).unwrap();
    assert_eq!(s.report(Lang::Vi, &ReportOptions::default().as_of("Đến hết tháng 7/2020")), SEED);
}

#[test]
fn seed_sentence_is_in_the_reference_text() {
    if let Some(text) = crate::shared::reference("seed-lang-son-2020.txt") {
        assert!(text.contains(SEED), "the golden sentence must be the published one");
    }
}

#[test]
fn seed_sentence_from_the_commune_table() {
    let set = CriteriaSet::bundled("2016-2020").unwrap();
    let table = CommuneTable::from_path(example_csv(), set.criteria_count()).unwrap();
    assert_eq!(table.len(), 181);
    let s = table.summary(&seed_banding(), SummaryOptions::default()).unwrap();
    assert_eq!(s.total_criteria, 2110);
    assert_eq!(s.report(Lang::Vi, &ReportOptions::default().as_of("Đến hết tháng 7/2020")), SEED);
    let per = s.per_criterion.as_ref().expect("criteria lists are in the file");
    assert_eq!(per.iter().map(|c| c.met).sum::<u64>(), 2110);
    assert_eq!(per.iter().filter(|c| c.met < 51).count(), 0, "every 19/19 commune meets every criterion");
    let recognised_2020 = table
        .rows
        .iter()
        .filter(|r| r.recognition.level == RecognitionLevel::Ntm && r.recognition.year == Some(2020))
        .count();
    assert_eq!(recognised_2020, 2);
    let by = table.summary_by(|r| r.district.clone(), &seed_banding(), SummaryOptions::default()).unwrap();
    assert_eq!(by.len(), 11);
    assert_eq!(by.values().map(|s| s.communes).sum::<u64>(), 181);
    assert_eq!(by.values().map(|s| s.total_criteria).sum::<u64>(), 2110);
}

#[test]
fn seed_sentence_in_english() {
    let s = Summary::from_band_counts(&[51, 4, 36, 90, 0], 2110, &seed_banding(), SummaryOptions::default()).unwrap();
    assert_eq!(
        s.report(Lang::En, &ReportOptions::default()),
        "On average each commune meets 11.66 criteria: 51 of 181 communes (28.18%) meet all 19; 4 of 181 (2.21%) meet 15-18; 36 of 181 (19.89%) meet 10-14; 90 of 181 (49.72%) meet 5-9."
    );
}

#[test]
fn empty_bands_can_be_listed() {
    let s =
        Summary::from_band_counts(&[51, 4, 36, 90, 0], 2110, &Banding::official(), SummaryOptions::default()).unwrap();
    let opts = ReportOptions { include_empty_bands: true, ..ReportOptions::default() };
    assert!(s.report(Lang::Vi, &opts).ends_with("Số xã đạt dưới 5 tiêu chí có 00/181 xã, chiếm 0,00%."));
}

/// Thừa Thiên Huế, December 2019: 104 communes; 57 / 21 / 24 / 2 / 0 in 19, 15-18, 10-14, 8-9,
/// under 8; printed with one decimal: 54,8% / 20,2% / 23,1% / 1,9%.
#[test]
fn thua_thien_hue_2019_one_decimal() {
    let hue = Banding::new(
        vec![
            Band::new(19, 19, "19", "all 19"),
            Band::new(15, 18, "15-18", "15-18"),
            Band::new(10, 14, "10-14", "10-14"),
            Band::new(8, 9, "8-9", "8-9"),
            Band::new(0, 7, "dưới 8", "fewer than 8"),
        ],
        19,
        false,
    )
    .unwrap();
    let counts: Vec<u32> = std::iter::repeat_n(19, 57)
        .chain(std::iter::repeat_n(16, 21))
        .chain(std::iter::repeat_n(12, 24))
        .chain(std::iter::repeat_n(8, 2))
        .collect();
    let s = Summary::from_counts(counts, &hue, SummaryOptions { precision: 1, sum_to_100: false }).unwrap();
    let shares: Vec<String> = s.bands.iter().map(|b| b.share.to_vi()).collect();
    assert_eq!(shares, ["54,8", "20,2", "23,1", "1,9", "0,0"]);
    assert_eq!(s.communes, 104);
    let printed = s.report(Lang::Vi, &ReportOptions::default());
    assert!(printed.contains("Số xã đạt 8-9 tiêu chí có 02/104 xã, chiếm 1,9%"), "{printed}");
    assert!(!printed.contains("dưới 8"), "empty bands are left out: {printed}");
}

#[test]
fn half_up_on_the_exact_value() {
    // 1 of 800 is 0.125%: officials print 0,13; float formatting prints 0.12.
    assert_eq!(format!("{:.2}", 0.125_f64), "0.12");
    let mut counts = vec![0u32; 799];
    counts.push(19);
    let s = Summary::from_counts(counts, &Banding::official(), SummaryOptions::default()).unwrap();
    assert_eq!(s.bands[0].share.to_vi(), "0,13");
    assert_eq!(Fixed::ratio(2110, 181, 2).to_vi(), "11,66");
}

#[test]
fn share_of_all_criteria() {
    // 1,586 of 2,888 criteria (152 communes × 19) = 54.92%.
    let mut counts = vec![10u32; 152];
    let extra = 1586 - 1520;
    for c in counts.iter_mut().take(extra) {
        *c += 1;
    }
    let s = Summary::from_counts(counts, &Banding::official(), SummaryOptions::default()).unwrap();
    assert_eq!(s.total_criteria, 1586);
    assert_eq!(s.criteria_share.to_vi(), "54,92");
}

#[test]
fn largest_remainder_sums_to_100() {
    let s = Summary::from_band_counts(
        &[51, 4, 36, 90, 0],
        2110,
        &Banding::official(),
        SummaryOptions { precision: 2, sum_to_100: true },
    )
    .unwrap();
    let total: i64 = s.bands.iter().map(|b| b.share.units).sum();
    assert_eq!(total, 10000);
    // Independent rounding of the seed gives 100.00 too; a case that does not:
    let s =
        Summary::from_counts([19, 16, 12], &Banding::official(), SummaryOptions { precision: 2, sum_to_100: false })
            .unwrap();
    assert_eq!(s.bands.iter().map(|b| b.share.units).sum::<i64>(), 9999);
    let s = Summary::from_counts([19, 16, 12], &Banding::official(), SummaryOptions { precision: 2, sum_to_100: true })
        .unwrap();
    assert_eq!(s.bands.iter().map(|b| b.share.units).sum::<i64>(), 10000);
}

#[test]
fn zero_communes_is_an_error() {
    let err = Summary::from_counts([], &Banding::official(), SummaryOptions::default()).unwrap_err();
    assert!(matches!(err, ntm_criteria::NtmError::EmptySummary { .. }));
}

/// Two communes for which only one criterion is known: the sentence says so, in both languages,
/// the figures do not change (a criterion not assessed is not met), and the clause can be left
/// out on request. The auditor reads the sentence with the clause as before.
#[test]
fn the_sentence_says_when_criteria_are_not_assessed() {
    use ntm_criteria::{CriteriaMask, PublishedReport, Tally};
    let rest: Vec<u32> = (2..=19).collect();
    let unknown = CriteriaMask::from_numbers(&rest, 19).unwrap();
    let mut t = Tally::new(19);
    t.add_mask(CriteriaMask::from_numbers(&[1], 19).unwrap(), unknown).unwrap();
    t.add_mask(CriteriaMask(0), unknown).unwrap();
    t.add_mask(CriteriaMask::from_numbers(&(1..=19).collect::<Vec<_>>(), 19).unwrap(), CriteriaMask(0)).unwrap();
    let s = t.summarize(&Banding::official(), SummaryOptions::default()).unwrap();
    assert_eq!(s.communes_not_assessed, Some(2));
    assert_eq!(s.average.to_vi(), "6,67");
    let vi = s.report(Lang::Vi, &ReportOptions::default());
    assert!(
        vi.starts_with("Số tiêu chí bình quân 01 xã đạt 6,67 tiêu chí/xã (02 xã còn tiêu chí chưa đánh giá), cụ thể:"),
        "{vi}"
    );
    let en = s.report(Lang::En, &ReportOptions::default());
    assert!(
        en.starts_with("On average each commune meets 6.67 criteria (2 communes with criteria not assessed):"),
        "{en}"
    );
    let checked = ReportOptions { omit_not_assessed: true, ..ReportOptions::default() };
    assert!(!s.report(Lang::Vi, &checked).contains("chưa đánh giá"));
    assert!(!s.report(Lang::En, &checked).contains("not assessed"));
    // Complete data: no clause.
    let full = Summary::from_counts([19, 12, 7], &Banding::official(), SummaryOptions::default()).unwrap();
    assert!(!full.report(Lang::Vi, &ReportOptions::default()).contains('('));
    // The auditor reads our own sentence, clause included, into the same figures.
    let read = PublishedReport::from_sentence(&vi, 19).unwrap();
    assert_eq!(read.communes, Some(3));
    assert_eq!(read.average.map(|a| a.to_vi()), Some("6,67".to_string()));
    assert!(read.audit().is_empty(), "{:?}", read.audit());
}
