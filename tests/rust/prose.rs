//! The prose reader and the text auditor on sentences written for these tests (never copied from
//! a publication): one per phrasing the reader knows, and one per kind of fault. The published
//! corpus is in `published_corpus.rs`.

use ntm_criteria::prose::{audit_text, figure_span, read_reports};
use ntm_criteria::{Banding, FindingKind, Fixed, Lang, PublishedReport, ReportOptions, Summary, SummaryOptions};
use proptest::prelude::*;

fn fx(s: &str) -> Fixed {
    ntm_criteria::figures::parse_share(s).unwrap()
}

fn top(text: &str) -> PublishedReport {
    read_reports(text, 19).swap_remove(0)
}

fn bands(r: &PublishedReport) -> Vec<(u32, u32, u64, Option<Fixed>)> {
    r.bands.iter().map(|b| (b.lo, b.hi, b.count, b.share)).collect()
}

fn standard(r: &PublishedReport) -> Option<(Option<u64>, Option<u64>, Option<Fixed>)> {
    r.meeting_standard.as_ref().map(|m| (m.count, m.of, m.share))
}

#[test]
fn totals_of_communes() {
    assert_eq!(top("Toàn tỉnh có 150 xã, bình quân mỗi xã đạt 14,2 tiêu chí.").communes, Some(150));
    assert_eq!(top("Đến nay có 37/150 xã đạt chuẩn nông thôn mới.").communes, Some(150));
    assert_eq!(top("Trên tổng số 150 xã, đã có 37 xã đạt chuẩn nông thôn mới.").communes, Some(150));
    assert_eq!(top("Trong tổng số 1.224 xã tham gia chương trình, có 612 xã đạt chuẩn NTM.").communes, Some(1224));
    // "có 42 xã đạt chuẩn" is a count meeting the standard, not the total.
    assert_eq!(top("Toàn tỉnh có 42 xã đạt chuẩn nông thôn mới.").communes, None);
}

#[test]
fn a_whole_number_average_of_one_commune_is_not_a_band() {
    let text =
        "Số tiêu chí bình quân 01 xã đạt 12 tiêu chí/xã, cụ thể: Số xã đạt từ 10-14 tiêu chí có 02/2 xã, chiếm 100%.";
    let r = top(text);
    assert_eq!(r.average, Some(fx("12")));
    assert_eq!(bands(&r), [(10, 14, 2, Some(fx("100")))]);
    assert!(audit_text(text, 19).findings.is_empty());
}

#[test]
fn averages() {
    for (text, avg) in [
        ("Bình quân mỗi xã đạt 15,2 tiêu chí.", "15,2"),
        ("Số tiêu chí bình quân 01 xã đạt 11,66 tiêu chí/xã.", "11,66"),
        ("Bình quân xã đạt được là 14,3 tiêu chí.", "14,3"),
        ("Bình quân toàn tỉnh đạt 16,8 tiêu chí/xã.", "16,8"),
        ("Số tiêu chí bình quân xã đạt được là 12,5.", "12,5"),
        ("Các xã đã đạt bình quân 7,7 tiêu chí/xã.", "7,7"),
    ] {
        assert_eq!(top(text).average, Some(fx(avg)), "{text}");
    }
    // A change is not the average; an approximate figure is marked.
    assert_eq!(top("Bình quân tăng 2,7 tiêu chí/xã so với năm trước.").average, None);
    let near = top("Bình quân mỗi xã đạt gần 14 tiêu chí.");
    assert_eq!((near.average, near.approximate.as_slice()), (Some(fx("14")), &["average".to_string()][..]));
}

#[test]
fn bands_in_their_usual_forms() {
    let r = top("Có 12 xã đạt 15 - 18 tiêu chí; 25 xã đạt từ 10-14 tiêu chí (chiếm 20,83%); 30 xã đạt từ 5 đến 9 \
                 tiêu chí; 3 xã đạt dưới 5 tiêu chí.");
    assert_eq!(bands(&r), [(15, 18, 12, None), (10, 14, 25, Some(fx("20,83"))), (5, 9, 30, None), (0, 4, 3, None)]);
    let seed_form =
        top("Số xã đạt 19 tiêu chí có 08/60 xã, chiếm 13,33%; Số xã đạt từ 5-9 tiêu chí có 52/60 xã, chiếm 86,67%.");
    assert_eq!(bands(&seed_form), [(19, 19, 8, Some(fx("13,33"))), (5, 9, 52, Some(fx("86,67")))]);
    assert_eq!(seed_form.communes, Some(60));
    let groups =
        top("Nhóm 1 (đạt 19 tiêu chí): Có 20 xã, đạt 25,00%; Nhóm 2 (từ 15 – 18 tiêu chí): Có 08 xã (chiếm 10,00%); \
                      Nhóm 5 (dưới 05 tiêu chí): Không có.");
    assert_eq!(bands(&groups), [(19, 19, 20, Some(fx("25,00"))), (15, 18, 8, Some(fx("10,00"))), (0, 4, 0, None)]);
    let exact = top("Huyện có 2 xã đạt 19/19 tiêu chí, 1 xã đạt 18 tiêu chí và 4 xã đạt từ 10 tiêu chí trở lên.");
    assert_eq!(bands(&exact), [(19, 19, 2, None), (18, 18, 1, None), (10, 19, 4, None)]);
}

#[test]
fn empty_bands_the_rest_and_the_top_band() {
    let r = top(
        "Toàn tỉnh có 100 xã, trong đó 40 xã đạt chuẩn nông thôn mới, 35 xã đạt từ 15-18 tiêu chí, còn lại 25 xã; \
                 không còn xã dưới 10 tiêu chí.",
    );
    // The communes meeting the standard are the top band when other bands are printed; "còn
    // lại 25 xã" is the band below the lowest printed one; "không còn xã dưới 10" an empty band.
    assert_eq!(bands(&r), [(19, 19, 40, None), (15, 18, 35, None), (0, 9, 0, None), (10, 14, 25, None)]);
    assert_eq!(standard(&r), Some((Some(40), Some(100), None)));
}

#[test]
fn communes_meeting_the_standard() {
    assert_eq!(
        standard(&top("Có 42/82 xã đạt chuẩn nông thôn mới, chiếm 51,22%.")),
        Some((Some(42), Some(82), Some(fx("51,22"))))
    );
    assert_eq!(
        standard(&top("Toàn tỉnh có 27 xã được công nhận đạt chuẩn NTM (đạt 30,68%).")),
        Some((Some(27), None, Some(fx("30,68"))))
    );
    assert_eq!(
        standard(&top("Công nhận thêm 5 xã đạt chuẩn, nâng tổng số xã đạt chuẩn nông thôn mới lên 33 xã."))
            .map(|s| s.0),
        Some(Some(33))
    );
    assert_eq!(standard(&top("Tỉnh có 100% số xã đạt chuẩn nông thôn mới.")), Some((None, None, Some(fx("100")))));
    let gan = top("Tỉnh có 90/113 xã đạt chuẩn nông thôn mới, đạt tỷ lệ gần 80%.");
    assert!(gan.meeting_standard.as_ref().is_some_and(|m| m.approximate));
    // Higher levels and "nearly meeting" are not the standard.
    assert_eq!(standard(&top("Có 12 xã đạt chuẩn nông thôn mới nâng cao.")), None);
    assert_eq!(standard(&top("Có 9 xã cơ bản đạt chuẩn nông thôn mới.")), None);
}

#[test]
fn totals_of_criteria_and_numbers() {
    assert_eq!(top("Tổng số tiêu chí đạt của toàn tỉnh là 2.110 tiêu chí.").total_criteria, Some(2110));
    assert_eq!(top("Toàn tỉnh đạt được 1.586 tiêu chí, bình quân đạt 14,3 tiêu chí/xã.").total_criteria, Some(1586));
    let r = top("Có 1.224 xã, trong đó có 612/1.224 xã đạt chuẩn nông thôn mới, chiếm 50 phần trăm.");
    assert_eq!(standard(&r), Some((Some(612), Some(1224), Some(fx("50")))));
}

#[test]
fn scopes_targets_and_earlier_periods() {
    let text = "Đến nay tỉnh Hòa Bình có 80/150 xã đạt chuẩn nông thôn mới; bình quân đạt 15,1 tiêu chí/xã. \
                Trong đó, huyện Lạc Sơn có 09/24 xã đạt chuẩn nông thôn mới. Thành phố Hòa Bình có 06/06 xã đạt \
                chuẩn NTM. Phấn đấu đến năm 2025 có 100 xã đạt chuẩn. Năm 2010, bình quân mỗi xã chỉ đạt 3,2 tiêu chí.";
    let r = read_reports(text, 19);
    let scopes: Vec<Option<&str>> = r.iter().map(|r| r.scope.as_deref()).collect();
    assert_eq!(
        scopes,
        [Some("tỉnh Hòa Bình"), Some("huyện Lạc Sơn"), Some("Thành phố Hòa Bình"), Some("tỉnh Hòa Bình (mục tiêu)")]
    );
    assert_eq!((r[0].communes, r[0].average), (Some(150), Some(fx("15,1"))));
    assert_eq!((r[1].communes, standard(&r[1]).map(|s| s.0)), (Some(24), Some(Some(9))));
    assert_eq!(standard(&r[3]).map(|s| s.0), Some(Some(100)));
    // The earlier period is unread, with its reason and span.
    let u = &r[0].unread[0];
    assert_eq!(
        (u.text.as_str(), u.note.as_deref()),
        ("3,2 tiêu chí", Some("an earlier period, not the state reported"))
    );
    assert_eq!(&text[u.start..u.end], "3,2 tiêu chí");
    // A figure belongs to one scope only.
    assert_eq!(r[0].meeting_standard.as_ref().and_then(|m| m.count), Some(80));
}

#[test]
fn a_region_and_its_provinces() {
    let text = "Vùng Tây Nguyên có 600 xã, bình quân mỗi xã đạt 14,5 tiêu chí; trong đó tỉnh Đắk Lắk bình quân mỗi xã \
                đạt 15,1 tiêu chí, tỉnh Kon Tum bình quân mỗi xã đạt 13,2 tiêu chí.";
    let r = read_reports(text, 19);
    assert_eq!(r[0].average, Some(fx("14,5")));
    assert_eq!(r[1].scope.as_deref(), Some("tỉnh Đắk Lắk"));
    assert_eq!(r[1].average, Some(fx("15,1")));
    // Kon Tum's average is in the same clause as Đắk Lắk's: not placed, so unread, never mixed in.
    assert!(r.iter().all(|x| x.average != Some(fx("13,2")) || x.scope.as_deref() == Some("tỉnh Kon Tum")));
}

#[test]
fn unreadable_figures_are_unread_never_guessed() {
    for text in [
        "Số xã đạt 19 tiêu chí có 51/181 xã, chiếm 28x18%.",
        "Số xã đạt 19 tiêu chí có -51/181 xã.",
        "Bình quân mỗi xã đạt 11.66 tiêu chí.",
    ] {
        let r = top(text);
        assert!(!r.unread.is_empty(), "{text}: {r:?}");
        assert!(PublishedReport::from_sentence(text, 19).is_err(), "{text}");
    }
}

/// One sentence per kind of fault the auditor finds in text.
#[test]
fn each_kind_of_fault_in_text() {
    let cases: &[(&str, FindingKind)] = &[
        ("Có 30/82 xã đạt chuẩn nông thôn mới, chiếm 35,4%.", FindingKind::ShareMismatch),
        (
            "Có 4 xã đạt chuẩn nông thôn mới, chiếm 6%; 20 xã đạt từ 15-18 tiêu chí, chiếm 33,3%; 36 xã đạt từ 10-14 \
          tiêu chí, chiếm 60,0%.",
            FindingKind::ShareMismatch,
        ),
        (
            "Toàn tỉnh có 100 xã; 40 xã đạt 19 tiêu chí, 30 xã đạt 15-18 tiêu chí, 20 xã đạt 10-14 tiêu chí, không còn \
          xã dưới 10 tiêu chí.",
            FindingKind::BandsDoNotSum,
        ),
        ("Toàn tỉnh có 7 xã, bình quân mỗi xã đạt 12,42 tiêu chí.", FindingKind::AverageImpossible),
        ("Toàn tỉnh có 10 xã, đạt được 150 tiêu chí, bình quân đạt 14,0 tiêu chí/xã.", FindingKind::AverageMismatch),
        ("Đến nay có 280 xã đạt chuẩn nông thôn mới (đạt 68,36%).", FindingKind::ShareImpossible),
        ("Có 90/80 xã đạt chuẩn nông thôn mới.", FindingKind::ShareImpossible),
        (
            "Số xã đạt 19 tiêu chí có 10/20 xã; Số xã đạt 10-18 tiêu chí có 10/20 xã; bình quân mỗi xã đạt 9,0 tiêu chí.",
            FindingKind::AverageOutsideBands,
        ),
    ];
    for (text, kind) in cases {
        let a = audit_text(text, 19);
        let kinds: Vec<FindingKind> = a.findings.iter().map(|(_, f)| f.kind).collect();
        assert!(kinds.contains(kind), "{text}: {kinds:?} {:?}", a.reports);
        // Every finding about a figure points at it in the text.
        for (s, f) in &a.findings {
            if let Some(span) = figure_span(&a.reports[*s], f) {
                assert_eq!(&text[span.start..span.end], span.text);
            }
        }
    }
}

#[test]
fn consistent_texts_give_no_finding() {
    for text in [
        "Toàn tỉnh có 100 xã; 40 xã đạt 19 tiêu chí, chiếm 40%; 30 xã đạt 15-18 tiêu chí, 30 xã đạt 10-14 tiêu chí.",
        "Có 42/82 xã đạt chuẩn nông thôn mới, chiếm 51,22%; bình quân đạt 16,2 tiêu chí/xã.",
        // A partial listing: no sum to check, each share against the total.
        "Có 30/82 xã đạt chuẩn nông thôn mới, chiếm 36,59%; 22 xã đạt từ 15-18 tiêu chí.",
        // An empty middle band left out, the printed bands adding up.
        "Số xã đạt 19 tiêu chí có 05/10 xã; Số xã đạt 10-14 tiêu chí có 05/10 xã.",
    ] {
        let a = audit_text(text, 19);
        assert!(a.findings.is_empty(), "{text}: {:?}", a.findings);
        assert!(!a.reports[0].spans.is_empty(), "{text}: nothing read");
    }
}

proptest! {
    /// Our own report sentence, for any counts and precision, is read back into the same figures
    /// (at precision 0 the average is a whole number: "bình quân 01 xã đạt 12 tiêu chí/xã" was
    /// read again as a band of one commune).
    #[test]
    fn a_generated_sentence_is_read_back(counts in proptest::collection::vec(0u32..=19, 1..300), precision in 0u8..=4, en in Just(false)) {
        let options = SummaryOptions { precision, ..SummaryOptions::default() };
        let s = Summary::from_counts(counts.iter().copied(), &Banding::official(), options).unwrap();
        let text = s.report(if en { Lang::En } else { Lang::Vi }, &ReportOptions::default().as_of("Đến hết tháng 6/2021"));
        let r = PublishedReport::from_sentence(&text, 19).unwrap();
        prop_assert_eq!(r.average, Some(s.average));
        prop_assert_eq!(r.communes, Some(s.communes));
        let printed: Vec<(u32, u32, u64, Option<Fixed>)> =
            s.bands.iter().filter(|b| b.count > 0).map(|b| (b.lo, b.hi, b.count, Some(b.share))).collect();
        prop_assert_eq!(bands(&r), printed);
        prop_assert!(ntm_criteria::audit(&r).is_empty(), "{}", text);
    }

    /// The same for any banding of any criteria count, with the clause on criteria not assessed.
    #[test]
    fn any_banding_is_read_back(n in 3u32..=19, cuts in proptest::collection::btree_set(1u32..19, 1..4), counts in proptest::collection::vec(0u32..=19, 1..200)) {
        let mut edges: Vec<u32> = cuts.into_iter().filter(|&c| c < n).collect();
        edges.push(n);
        let mut bands_spec = Vec::new();
        let mut lo = 0;
        for hi in edges {
            let label = if lo == hi { hi.to_string() } else { format!("{lo}-{hi}") };
            bands_spec.push(ntm_criteria::Band::new(lo, hi, &label, &label));
            lo = hi + 1;
        }
        if lo <= n {
            let label = format!("{lo}-{n}");
            bands_spec.push(ntm_criteria::Band::new(lo, n, &label, &label));
        }
        bands_spec.reverse();
        let banding = Banding::new(bands_spec, n, false).unwrap();
        let s = Summary::from_counts(counts.iter().map(|c| c % (n + 1)), &banding, SummaryOptions::default()).unwrap();
        let text = s.report(Lang::Vi, &ReportOptions::default());
        let r = PublishedReport::from_sentence(&text, n).unwrap();
        prop_assert_eq!(r.average, Some(s.average));
        let printed: Vec<(u32, u32, u64, Option<Fixed>)> =
            s.bands.iter().filter(|b| b.count > 0).map(|b| (b.lo, b.hi, b.count, Some(b.share))).collect();
        prop_assert_eq!(bands(&r), printed, "{}", text);
    }
}

#[test]
fn a_total_of_criteria_until_now_is_not_of_a_group_named_before() {
    // "đến nay" (until now) is not "các xã này" (these communes).
    let text = "Tính đến nay, huyện Tân Châu đã đạt 126/171 tiêu chí, bình quân đạt 14 tiêu chí/xã.";
    let r = top(text);
    assert_eq!((r.total_criteria, r.communes, r.average), (Some(126), Some(9), Some(fx("14"))));
    assert!(audit_text(text, 19).findings.is_empty());
    let these = top("Huyện có 9 xã; các xã này đã đạt 126/171 tiêu chí.");
    assert_eq!(these.total_criteria, None);
    assert_eq!(these.unread[0].text, "126/171 tiêu chí");
}

#[test]
fn places_named_between_the_count_and_the_standard() {
    let r =
        top("Năm 2023, tỉnh công nhận 7 xã thuộc các huyện Tam Nông, Thanh Sơn và Yên Lập đạt chuẩn nông thôn mới.");
    assert_eq!(standard(&r), Some((Some(7), None, None)));
    assert_eq!(r.spans[0].text, "7 xã thuộc các huyện Tam Nông, Thanh Sơn và Yên Lập đạt chuẩn nông thôn mới");
    let r = top("Toàn huyện có 12 xã; có 3 xã Hòa An, Hòa Bình và Phú Lợi đạt chuẩn nông thôn mới, chiếm 25%.");
    assert_eq!(standard(&r), Some((Some(3), Some(12), Some(fx("25")))));
    // Without a standard phrase after the names, nothing is read.
    assert_eq!(standard(&top("Có 3 xã Hòa An, Hòa Bình và Phú Lợi đăng ký thực hiện.")), None);
}

#[test]
fn figures_right_after_a_group_of_communes_are_not_placed() {
    // The average may be the group's or the province's: not guessed.
    let text = "Toàn tỉnh có 120 xã. […] Trong tổng số 20 xã đăng ký xây dựng nông thôn mới nâng cao có 12 xã đạt \
                từ 15 - 18 tiêu chí và 8 xã đạt từ 10 - 14 tiêu chí. Bình quân chung đạt 15,2 tiêu chí/xã.";
    let r = read_reports(text, 19);
    assert_eq!(r[0].communes, Some(120));
    assert!(r.iter().all(|x| x.average.is_none()), "{r:?}");
    let u = r[0].unread.iter().find(|u| u.text == "15,2 tiêu chí").expect("the average is unread");
    assert!(u.note.as_deref().is_some_and(|n| n.contains("group")));
    assert_eq!(r[1].scope.as_deref(), Some("20 xã đăng ký xây dựng nông thôn mới nâng cao"));
    // A clause naming the whole is the whole's.
    let whole = text.replace("Bình quân chung", "Toàn tỉnh bình quân");
    assert_eq!(top(&whole).average, Some(fx("15,2")));
}

#[test]
fn levels_above_the_standard_are_scopes_of_their_own() {
    let text = "Đến nay, tỉnh Phú Thọ có 45/120 xã đạt chuẩn nông thôn mới, chiếm 37,5%; trong đó có 9 xã đạt chuẩn \
                nông thôn mới nâng cao và 2 xã đạt chuẩn nông thôn mới kiểu mẫu. Phấn đấu đến năm 2030 có 30% số xã \
                đạt chuẩn nông thôn mới nâng cao (tương đương 14/45 xã đạt chuẩn).";
    let a = audit_text(text, 19);
    let scopes: Vec<Option<&str>> = a.reports.iter().map(|r| r.scope.as_deref()).collect();
    assert_eq!(
        scopes,
        [
            Some("tỉnh Phú Thọ"),
            Some("tỉnh Phú Thọ (nâng cao)"),
            Some("tỉnh Phú Thọ (kiểu mẫu)"),
            Some("tỉnh Phú Thọ (nâng cao) (mục tiêu)")
        ]
    );
    assert_eq!(standard(&a.reports[0]), Some((Some(45), Some(120), Some(fx("37,5")))));
    assert_eq!(standard(&a.reports[1]).map(|s| s.0), Some(Some(9)));
    assert_eq!(a.reports[1].spans[0].text, "9 xã đạt chuẩn nông thôn mới nâng cao");
    assert_eq!(standard(&a.reports[2]).map(|s| s.0), Some(Some(2)));
    assert_eq!(standard(&a.reports[3]), Some((Some(14), Some(45), Some(fx("30")))));
    // 14/45 is 31,1%: the target's share is flagged, in the target's scope only.
    let kinds: Vec<(usize, FindingKind)> = a.findings.iter().map(|(s, f)| (*s, f.kind)).collect();
    assert_eq!(kinds, [(3, FindingKind::ShareMismatch)]);
    // "ít nhất 10%" is approximate: not checked for exactness.
    let least =
        read_reports("Phấn đấu có ít nhất 10% số xã đạt chuẩn nông thôn mới kiểu mẫu (tương đương 5/45 xã).", 19);
    assert_eq!(least[1].scope.as_deref(), Some("(kiểu mẫu)"));
    assert!(least[1].meeting_standard.as_ref().is_some_and(|m| m.approximate), "{least:?}");
    assert_eq!(least[1].spans[0].text, "10% số xã đạt chuẩn nông thôn mới kiểu mẫu (tương đương 5/45 xã)");
}

#[test]
fn a_target_after_a_district_is_not_the_state_of_the_province() {
    // Only a text that states nothing of the present is a plan whose targets are its figures.
    let r = read_reports(
        "Tỉnh Hòa Bình đẩy mạnh xây dựng nông thôn mới. Trong đó, huyện Cao Phong có 5 xã đạt chuẩn nông thôn mới. \
         Phấn đấu đến năm 2025 có 60 xã đạt chuẩn nông thôn mới.",
        19,
    );
    assert_eq!((r[0].scope.as_deref(), &r[0].meeting_standard), (Some("Tỉnh Hòa Bình"), &None));
    assert_eq!(r[1].scope.as_deref(), Some("huyện Cao Phong"));
    assert_eq!(standard(&r[2]).map(|s| s.0), Some(Some(60)));
    assert_eq!(r[2].scope.as_deref(), Some("Tỉnh Hòa Bình (mục tiêu)"));
}

#[test]
fn a_ratio_to_an_unprinted_count_is_checked() {
    // 22/12 = 1,83: consistent.
    let ok = audit_text("Đến nay có 22 xã đạt từ 15 tiêu chí trở lên, gấp 1,83 lần so với năm 2015.", 19);
    assert!(ok.findings.is_empty(), "{:?}", ok.findings);
    assert_eq!(ok.reports[0].spans[1].text, "22 xã đạt từ 15 tiêu chí trở lên, gấp 1,83 lần");
    // 29/12 = 2,4166… is 2,42 rounded, 2,41 truncated; 29/13 = 2,23.
    let text = "Số xã đạt từ 10 tiêu chí trở lên là 29 xã, gấp 2,41 lần so với kế hoạch.";
    let a = audit_text(text, 19);
    let (scope, f) = &a.findings[0];
    assert_eq!((f.kind, f.truncation_explains), (FindingKind::ShareImpossible, Some(true)));
    assert_eq!(f.number("total_if_truncated").map(|x| x.units), Some(12));
    assert!(f.message.contains("29/12 = 2,42") && f.message.contains("29/13 = 2,23"), "{}", f.message);
    assert_eq!(figure_span(&a.reports[*scope], f).map(|s| s.text.as_str()), Some("29 xã, gấp 2,41 lần"));
    // Not after a change, nor with a qualifier.
    assert!(audit_text("Tăng 29 xã, gấp 2,41 lần so với năm trước.", 19).findings.is_empty());
    assert!(audit_text("Có 29 xã đạt chuẩn nông thôn mới, gấp gần 2,41 lần kế hoạch.", 19).findings.is_empty());
}

#[test]
fn a_share_in_brackets_between_the_count_and_the_standard() {
    let text = "Đến cuối năm 2023, toàn tỉnh có 96/130 xã (chiếm 73,8%) đạt chuẩn nông thôn mới; 21 xã (16,2%) đạt \
                chuẩn nông thôn mới nâng cao.";
    let a = audit_text(text, 19);
    assert_eq!(standard(&a.reports[0]), Some((Some(96), Some(130), Some(fx("73,8")))));
    assert_eq!(a.reports[0].spans[0].text, "96/130 xã (chiếm 73,8%) đạt chuẩn nông thôn mới");
    assert_eq!(standard(&a.reports[1]), Some((Some(21), None, Some(fx("16,2")))));
    assert!(a.findings.is_empty(), "{:?}", a.findings);
    // 96/130 is 73,8%, not 74,8%.
    let bad = audit_text(&text.replace("73,8", "74,8"), 19);
    assert_eq!(bad.findings.iter().map(|(s, f)| (*s, f.kind)).collect::<Vec<_>>(), [(0, FindingKind::ShareMismatch)]);
    let r = top("Cả nước có 4.100 xã (46,12%) đạt chuẩn nông thôn mới (NTM), tăng 120 xã so với năm trước.");
    assert_eq!(standard(&r), Some((Some(4100), None, Some(fx("46,12")))));
    assert_eq!(r.spans[0].text, "4.100 xã (46,12%) đạt chuẩn nông thôn mới (NTM)");
}

#[test]
fn the_share_of_the_communes_of_places_counted_before_it_is_not_the_scope_s() {
    let r = top("Cả nước có 60,5% số xã đạt chuẩn; có 9 tỉnh đã có 100% số xã đạt chuẩn nông thôn mới.");
    assert_eq!(standard(&r), Some((None, None, Some(fx("60,5")))), "{r:?}");
    assert_eq!(r.unread[0].text, "9 tỉnh đã có 100% số xã đạt chuẩn nông thôn mới");
    // A year or a named place before the share is no count of places.
    let r = top("Giai đoạn 2016-2020 tỉnh Hà Nam có 100% số xã đạt chuẩn nông thôn mới.");
    assert_eq!(standard(&r), Some((None, None, Some(fx("100")))));
}

#[test]
fn a_target_met_is_a_fact_not_a_target() {
    let r = read_reports(
        "Đến nay có 120 xã đạt chuẩn nông thôn mới, vượt mục tiêu đề ra; bình quân đạt 17,2 tiêu chí/xã.",
        19,
    );
    assert_eq!((r.len(), r[0].average), (1, Some(fx("17,2"))), "{r:?}");
    let r = read_reports("Tỉnh đã hoàn thành kế hoạch năm 2023, bình quân đạt 17,4 tiêu chí/xã.", 19);
    assert_eq!((r.len(), r[0].average), (1, Some(fx("17,4"))), "{r:?}");
    // Striving to exceed a target is still a target.
    let r = read_reports(
        "Có 80 xã đạt chuẩn nông thôn mới; phấn đấu vượt mục tiêu, đạt 90 xã đạt chuẩn nông thôn mới.",
        19,
    );
    assert_eq!(standard(&r[0]).map(|s| s.0), Some(Some(80)));
    assert_eq!(r[1].scope.as_deref(), Some("(mục tiêu)"));
}

#[test]
fn a_change_or_a_range_after_the_average_words_is_not_the_average() {
    assert_eq!(top("Số tiêu chí bình quân/xã tăng thêm từ 0,8-1 tiêu chí so với năm trước.").average, None);
    assert_eq!(top("Bình quân tiêu chí/xã tăng thêm tối thiểu 0,5 tiêu chí/xã.").average, None);
    // The level it rose to is the average.
    assert_eq!(top("Số tiêu chí bình quân tăng lên 16,4 tiêu chí/xã.").average, Some(fx("16,4")));
    let r = top("Bình quân mỗi xã đạt 15-16 tiêu chí.");
    assert_eq!(r.average, None);
    assert_eq!(
        (r.unread[0].text.as_str(), r.unread[0].note.as_deref()),
        ("15-16 tiêu chí", Some("a range of criteria, not an average"))
    );
}

#[test]
fn an_approximate_count_is_not_read_as_exact() {
    let r =
        top("Có khoảng 1.500 xã đạt chuẩn nông thôn mới; gần 30 xã đạt từ 15-18 tiêu chí; hơn 40/90 xã đạt chuẩn NTM.");
    assert_eq!((&r.meeting_standard, r.bands.len()), (&None, 0), "{r:?}");
    assert_eq!(r.unread.len(), 3);
    assert!(r.unread.iter().all(|u| u.note.as_deref() == Some("an approximate count of communes")));
}

#[test]
fn a_total_of_criteria_over_the_communes() {
    let text = "Tổng tiêu chí đạt được: 1.150 tiêu chí/85 xã; số tiêu chí bình quân: 13,5 tiêu chí/xã.";
    let r = top(text);
    assert_eq!((r.total_criteria, r.communes, r.average), (Some(1150), Some(85), Some(fx("13,5"))));
    assert!(audit_text(text, 19).findings.is_empty());
    // 1.150/85 is 13,53: 13,6 is flagged.
    let bad = audit_text(&text.replace("13,5", "13,6"), 19);
    let kinds: Vec<FindingKind> = bad.findings.iter().map(|(_, f)| f.kind).collect();
    assert_eq!(kinds, [FindingKind::AverageMismatch]);
}

#[test]
fn an_earlier_year_after_a_figure_and_the_present_after_it() {
    let r = top("Từ chỗ bình quân mỗi xã chỉ đạt 3 tiêu chí năm 2010, đến nay mỗi xã đạt bình quân 16,2 tiêu chí.");
    assert_eq!(r.average, Some(fx("16,2")), "{r:?}");
    assert_eq!(
        (r.unread[0].text.as_str(), r.unread[0].note.as_deref()),
        ("3 tiêu chí", Some("an earlier period, not the state reported"))
    );
}

#[test]
fn one_year_s_figures_are_not_the_state() {
    let r = top("Riêng năm 2022, có 25 xã đạt chuẩn nông thôn mới; toàn tỉnh có 140 xã đạt chuẩn nông thôn mới.");
    assert_eq!(standard(&r).map(|s| s.0), Some(Some(140)), "{r:?}");
    assert_eq!(r.unread[0].text, "25 xã đạt chuẩn nông thôn mới");
    assert!(r.unread[0].note.as_deref().is_some_and(|n| n.starts_with("one year")));
    // "địa phương" counts places too.
    assert_eq!(top("Cả nước có 6 địa phương có 100% số xã đạt chuẩn nông thôn mới.").meeting_standard, None);
}

#[test]
fn a_group_of_communes_opening_a_clause() {
    // The words describing the group are no target, and its count is its total.
    let r = read_reports(
        "Riêng 12 xã phấn đấu đạt chuẩn nông thôn mới trong năm nay, đã đạt bình quân 16,1 tiêu chí/xã.",
        19,
    );
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(r[1].scope.as_deref(), Some("12 xã phấn đấu đạt chuẩn nông thôn mới trong năm nay"));
    assert_eq!((r[1].communes, r[1].average, &r[1].meeting_standard), (Some(12), Some(fx("16,1")), &None));
    let text =
        "Đối với 6 xã thuộc kế hoạch đạt chuẩn năm 2024, đến nay đã đạt tổng số 96 tiêu chí, bình quân 16 tiêu chí/xã.";
    let a = audit_text(text, 19);
    assert_eq!(a.reports.len(), 2, "{:?}", a.reports);
    assert_eq!((a.reports[1].communes, a.reports[1].total_criteria), (Some(6), Some(96)));
    assert!(a.findings.is_empty(), "{:?}", a.findings);
    let bad = audit_text(&text.replace("bình quân 16", "bình quân 15"), 19);
    assert_eq!(bad.findings.iter().map(|(s, f)| (*s, f.kind)).collect::<Vec<_>>(), [(1, FindingKind::AverageMismatch)]);
    // "Trong số 25 xã nông thôn mới" is a group, not the total the band shares are of (60).
    let text = "Có 12 xã đạt dưới 10 tiêu chí, chiếm 20%; 18 xã đạt 10-14 tiêu chí, chiếm 30%. Trong số 25 xã nông \
                thôn mới của tỉnh, qua rà soát chỉ có 20 xã giữ vững 19/19 tiêu chí.";
    let a = audit_text(text, 19);
    assert!(a.findings.is_empty(), "{:?}", a.findings);
    assert_eq!((a.reports[0].communes, a.reports[1].communes), (None, Some(25)));
    // A province named in the next sentence makes it the whole's.
    let r = read_reports(
        "Trong tổng số 10 xã đăng ký đạt chuẩn nâng cao có 4 xã đạt 19 tiêu chí. Kết quả rà soát, Quảng Trị hiện \
         có 50 xã đạt 15-18 tiêu chí; 30 xã đạt 10-14 tiêu chí.",
        19,
    );
    assert_eq!(bands(&r[0]), [(15, 18, 50, None), (10, 14, 30, None)], "{r:?}");
}

#[test]
fn communes_aiming_at_the_standard_are_a_target() {
    let r = read_reports(
        "Toàn tỉnh có 80 xã đạt chuẩn nông thôn mới. Năm nay có 9 xã phấn đấu đạt chuẩn nông thôn mới; 4 xã đăng ký \
         đạt chuẩn nông thôn mới nâng cao.",
        19,
    );
    assert_eq!(standard(&r[0]).map(|s| s.0), Some(Some(80)), "{r:?}");
    assert_eq!((r[1].scope.as_deref(), standard(&r[1]).map(|s| s.0)), (Some("(mục tiêu)"), Some(Some(9))));
    assert_eq!((r[2].scope.as_deref(), standard(&r[2]).map(|s| s.0)), (Some("(nâng cao) (mục tiêu)"), Some(Some(4))));
}

#[test]
fn the_number_of_communes_meeting_the_standard_is() {
    assert_eq!(standard(&top("Số xã đạt chuẩn nông thôn mới là 45 xã.")), Some((Some(45), None, None)));
    let text = "Đến tháng 6, số xã đạt chuẩn NTM là 84 xã/120 xã, đạt tỷ lệ 70%.";
    assert_eq!(standard(&top(text)), Some((Some(84), Some(120), Some(fx("70")))));
    assert!(audit_text(text, 19).findings.is_empty());
    // The count is also the band it is stated with, whose share is the standard's.
    let r = top("Số xã đạt chuẩn nông thôn mới là 60 xã đạt 19 tiêu chí (chiếm 50%), 60 xã đạt từ 15 đến 18 tiêu chí.");
    assert_eq!(standard(&r), Some((Some(60), None, Some(fx("50")))));
    assert_eq!(bands(&r), [(19, 19, 60, Some(fx("50"))), (15, 18, 60, None)]);
    assert_eq!(top("Toàn tỉnh nâng tổng số tiêu chí đạt chuẩn lên 1.530 tiêu chí.").total_criteria, Some(1530));
}

#[test]
fn districts_listed_with_their_counts_add_up_to_the_whole() {
    let text = "Toàn tỉnh có 45 xã đạt chuẩn nông thôn mới, phân bổ ở 4 huyện. Trong đó, huyện Tân Sơn có 15 xã đạt \
                chuẩn nông thôn mới; số xã đạt chuẩn nông thôn mới của các huyện còn lại gồm: Thanh Sơn (12 xã), Yên \
                Lập (10 xã), thị xã Phú Thọ (8 xã).";
    let a = audit_text(text, 19);
    let scopes: Vec<(Option<&str>, Option<u64>)> =
        a.reports.iter().map(|r| (r.scope.as_deref(), r.meeting_standard.as_ref().and_then(|m| m.count))).collect();
    assert_eq!(
        scopes,
        [
            (None, Some(45)),
            (Some("huyện Tân Sơn"), Some(15)),
            (Some("huyện Thanh Sơn"), Some(12)),
            (Some("huyện Yên Lập"), Some(10)),
            (Some("thị xã Phú Thọ"), Some(8))
        ]
    );
    assert_eq!(a.reports[2].spans[0].text, "Thanh Sơn (12 xã)");
    assert!(a.findings.is_empty(), "{:?}", a.findings);
    // 15 + 12 + 9 + 8 = 44, not 45.
    let bad = audit_text(&text.replace("(10 xã)", "(9 xã)"), 19);
    let (scope, f) = &bad.findings[0];
    assert_eq!((*scope, f.kind, bad.findings.len()), (0, FindingKind::PartsDoNotSum, 1));
    assert_eq!((f.number("sum"), f.number("total")), (Some(Fixed::new(44, 0)), Some(Fixed::new(45, 0))));
    assert_eq!(figure_span(&bad.reports[0], f).map(|s| s.text.as_str()), Some("45 xã đạt chuẩn nông thôn mới"));
    // Spread over 5 districts and 4 listed: nothing is known of the fifth.
    assert!(audit_text(&text.replace("(10 xã)", "(9 xã)").replace("4 huyện", "5 huyện"), 19).findings.is_empty());
}

#[test]
fn the_standard_is_the_top_band_of_a_listing_it_belongs_to() {
    // A listing of the low bands only, in another sentence: the standard is no band of it.
    let r = top("Toàn tỉnh đã có 30 xã đạt chuẩn nông thôn mới. Số xã dưới 5 tiêu chí chỉ còn 4 xã.");
    assert_eq!(bands(&r), [(0, 4, 4, None)]);
    // Bands running up to 18: the communes at 19 are the standard's.
    let r = top(
        "Toàn tỉnh có 30 xã đạt chuẩn nông thôn mới. Ngoài ra còn 20 xã đạt từ 15-18 tiêu chí, 15 xã đạt 10-14 tiêu chí.",
    );
    assert_eq!(bands(&r), [(19, 19, 30, None), (15, 18, 20, None), (10, 14, 15, None)]);
    // Bands that need it to add up to the total.
    let text =
        "Toàn tỉnh có 50 xã. Có 30 xã đạt chuẩn nông thôn mới. Có 12 xã đạt 10-14 tiêu chí; 8 xã đạt 5-9 tiêu chí.";
    let r = top(text);
    assert_eq!(bands(&r), [(19, 19, 30, None), (10, 14, 12, None), (5, 9, 8, None)]);
    assert!(!r.partial);
    assert!(audit_text(text, 19).findings.is_empty());
}

#[test]
fn a_count_of_a_total_and_the_national_set() {
    let text = "Đến nay toàn tỉnh có 120 trong tổng số 150 xã được công nhận đạt chuẩn nông thôn mới, chiếm 80%.";
    let r = top(text);
    assert_eq!((standard(&r), r.communes), (Some((Some(120), Some(150), Some(fx("80")))), Some(150)));
    assert!(audit_text(text, 19).findings.is_empty());
    let bad = audit_text(&text.replace("80%", "81%"), 19);
    assert_eq!(bad.findings.iter().map(|(_, f)| f.kind).collect::<Vec<_>>(), [FindingKind::ShareMismatch]);
    let r = top("Toàn tỉnh có 23 xã đạt chuẩn theo Bộ tiêu chí quốc gia; bình quân mỗi xã đạt 9,5 tiêu chí.");
    assert_eq!(standard(&r), Some((Some(23), None, None)));
    assert_eq!(r.spans[0].text, "23 xã đạt chuẩn theo Bộ tiêu chí quốc gia");
}

#[test]
fn communes_recognised_are_not_the_total() {
    let r = top(
        "Toàn tỉnh có 150 xã. Đến nay, trong 90 xã đã được công nhận đạt chuẩn nông thôn mới thì có 12 xã chưa duy trì chuẩn.",
    );
    assert_eq!((r.communes, standard(&r).map(|s| s.0)), (Some(150), Some(Some(90))), "{r:?}");
    assert!(r.unread.is_empty(), "{:?}", r.unread);
    let r = top("Trong 90 xã đã được công nhận đạt chuẩn nông thôn mới, có 12 xã chưa duy trì chuẩn.");
    assert_eq!(r.communes, None, "{r:?}");
}

/// A commune named as recognised and stated below every criterion is flagged; the same text with
/// every recognised commune at 19/19, or with the commune at 18/19 not among those recognised, is
/// clean (bac-giang-nd's wording; names of our own).
#[test]
fn a_recognised_commune_below_every_criterion_is_flagged() {
    use ntm_criteria::prose::audit_text;
    let text = |a: u32, named: &str| {
        format!(
            "Chủ tịch UBND tỉnh vừa ký Quyết định công nhận thêm 2 xã đạt chuẩn nông thôn mới.\n\n\
             2 xã được công nhận đợt này là: xã Tân An (huyện Yên Thế), {named} (huyện Lục Nam).\n\n\
             Trong đó: xã Tân An, huyện Yên Thế đạt {a}/19 tiêu chí; xã Bình Sơn, huyện Lục Nam đạt 19/19 tiêu chí."
        )
    };
    let bad = audit_text(&text(18, "Bình Sơn"), 19);
    let kinds: Vec<FindingKind> = bad.findings.iter().map(|(_, f)| f.kind).collect();
    assert_eq!(kinds, [FindingKind::RecognisedBelowStandard], "{:?}", bad.findings);
    assert!(bad.findings[0].1.message.contains("Tân An"));
    assert!(audit_text(&text(19, "Bình Sơn"), 19).findings.is_empty());
    // Tân An at 18/19 but the list names others: not a recognised commune of this text.
    let other = text(18, "Bình Sơn").replace("xã Tân An (huyện Yên Thế)", "xã Lam Cốt (huyện Tân Yên)");
    assert!(audit_text(&other, 19).findings.is_empty());
}

/// An empty band stated as a fact is a band of 0 communes; stated as a target it is a goal with
/// no count, left unread with the reason (whether the text reports the present or is all plan).
#[test]
fn an_empty_band_is_a_band_as_a_fact_and_a_goal_as_a_target() {
    let fact = ntm_criteria::prose::read_reports("Đến nay có 42/82 xã đạt chuẩn; không còn xã dưới 5 tiêu chí.", 19);
    assert_eq!(fact[0].bands.iter().map(|b| (b.lo, b.hi, b.count)).collect::<Vec<_>>(), [(0, 4, 0)]);
    for text in [
        "Đến nay có 42/82 xã đạt chuẩn; phấn đấu đến năm 2025 không còn xã dưới 15 tiêu chí.",
        "Phấn đấu đến năm 2025, tỉnh có 85% số xã đạt chuẩn nông thôn mới (tương đương 96 xã); không còn xã dưới 15 tiêu chí.",
    ] {
        let reports = ntm_criteria::prose::read_reports(text, 19);
        assert!(reports.iter().all(|r| r.bands.is_empty()), "{text}: {reports:?}");
        let unread: Vec<&str> = reports.iter().flat_map(|r| r.unread.iter().map(|u| u.text.as_str())).collect();
        assert!(unread.iter().any(|u| u.starts_with("không còn xã dưới 15")), "{text}: {unread:?}");
    }
}

/// A text listing hundreds of districts gives each its own scope with its own figures (the scopes
/// are found by a folded key, one lookup per figure: 1,600 districts read in 4 s before, as
/// every lookup folded every scope's name).
#[test]
fn a_text_of_many_districts_gives_each_its_scope() {
    let syl = ["Bắc", "Nam", "Đông", "Tây", "Cao", "Lộc", "Văn", "Quan"];
    let mut names = Vec::new();
    for a in syl {
        for b in syl {
            for c in syl {
                names.push(format!("{a} {b} {c}"));
            }
        }
    }
    let text: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, n)| format!("Huyện {n} có {}/10 xã đạt chuẩn nông thôn mới, chiếm {}%;", i % 10, i % 10 * 10))
        .collect();
    let reports = read_reports(&text.join(" "), 19);
    for (i, n) in names.iter().enumerate() {
        let r = reports.iter().find(|r| {
            r.scope.as_deref() == Some(&format!("huyện {n}")) || r.scope.as_deref() == Some(&format!("Huyện {n}"))
        });
        let r = r.unwrap_or_else(|| panic!("no scope for {n}"));
        assert_eq!(r.meeting_standard.as_ref().and_then(|m| m.count), Some((i % 10) as u64), "{n}");
    }
    assert!(audit_text(&text.join(" "), 19).findings.is_empty());
}

/// Phrasings met in real reports outside the corpus (2026-12-03), in sentences written here: the
/// band before its count in a listing, a count of communes in words, an empty band stated as
/// "Không có" after its band, and the standard raised to "N xã/M xã" by "đưa … lên" with its
/// share after "tương ứng".
#[test]
fn listings_with_the_band_first_counts_in_words_and_raised_totals() {
    let r = top("Bình quân mỗi xã đạt 16,4 tiêu chí/xã, cụ thể: đạt 19 tiêu chí có 40 xã, đạt 15 - 18 tiêu chí có \
                 12 xã, đạt 10 - 14 tiêu chí có 6 xã, đạt 9 tiêu chí là 2 xã.");
    assert_eq!(bands(&r), vec![(19, 19, 40, None), (15, 18, 12, None), (10, 14, 6, None), (9, 9, 2, None)]);
    assert_eq!(r.average, Some(fx("16,4")));
    // A band-first item with its share, and a count before the band stays the count's rule.
    let r = top("Kết quả: đạt 19 tiêu chí có 8 xã (chiếm 40%); 12 xã đạt từ 15-18 tiêu chí.");
    assert_eq!(bands(&r), vec![(19, 19, 8, Some(fx("40"))), (15, 18, 12, None)]);

    let r = top("Toàn tỉnh có 60 xã; có một xã đạt 19/19 tiêu chí, 20 xã đạt từ 15-18 tiêu chí, \
                 39 xã đạt 10-14 tiêu chí.");
    assert_eq!(r.communes, Some(60));
    assert_eq!(bands(&r), vec![(19, 19, 1, None), (15, 18, 20, None), (10, 14, 39, None)]);
    assert!(
        audit_text(
            "Toàn tỉnh có 60 xã; có một xã đạt 19/19 tiêu chí, 20 xã đạt từ 15-18 tiêu chí, \
                        39 xã đạt 10-14 tiêu chí.",
            19
        )
        .findings
        .is_empty()
    );
    assert_eq!(
        bands(&top("Năm xã đạt 19 tiêu chí, ba xã đạt 15-18 tiêu chí.")),
        vec![(19, 19, 5, None), (15, 18, 3, None)]
    );
    // "là một xã …" describes a commune; "Quảng Nam" and "Hà Nam" are names, not five.
    assert!(bands(&top("Xã Tân An là một xã đạt 19 tiêu chí.")).is_empty());
    assert!(bands(&top("Tỉnh Hà Nam xã nào cũng đạt 19 tiêu chí.")).is_empty());
    // A word number that is not a count of communes is not read.
    assert_eq!(top("Bình quân đạt 15,2 tiêu chí/xã, cao hơn cả nước hai tiêu chí.").average, Some(fx("15,2")));

    assert_eq!(
        bands(&top("Có 30 xã đạt chuẩn, 10 xã đạt từ 10 - 14 tiêu chí, không có xã đạt chuẩn dưới 10 tiêu chí.")),
        vec![(19, 19, 30, None), (10, 14, 10, None), (0, 9, 0, None)]
    );
    let r = top("Số xã đạt 10-14 tiêu chí: 5 xã; số xã dưới 10 tiêu chí: Không có.");
    assert_eq!(bands(&r), vec![(10, 14, 5, None), (0, 9, 0, None)]);

    // "số xã hoàn thành 19/19 tiêu chí là 30xã" (the count glued to "xã"), then the empty band.
    let text = "Toàn huyện có 50 xã. Đến cuối năm, số xã hoàn thành 19/19 tiêu chí là 30xã, đạt tỷ lệ 60%; \
                số xã đạt 15-18 tiêu chí: 20 xã (40%); số xã dưới 15 tiêu chí: Không có.";
    assert_eq!(bands(&top(text)), vec![(19, 19, 30, Some(fx("60"))), (15, 18, 20, Some(fx("40"))), (0, 14, 0, None)]);
    assert!(audit_text(text, 19).findings.is_empty());
    assert_eq!(audit_text(&text.replace("(40%)", "(45%)"), 19).findings.len(), 1);

    let text = "Trong năm có thêm 6 xã đạt chuẩn, đưa tổng số xã đạt chuẩn toàn huyện lên 12 xã/20 xã, \
                tương ứng tỷ lệ 60%.";
    let r = top(text);
    assert_eq!(standard(&r), Some((Some(12), Some(20), Some(fx("60")))));
    assert_eq!(r.communes, Some(20));
    assert!(audit_text(text, 19).findings.is_empty());
    let wrong = audit_text(&text.replace("60%", "65%"), 19);
    assert_eq!(wrong.findings.len(), 1, "{:?}", wrong.findings);
}

/// A level above the standard and the standard itself given as alternatives ("đạt chuẩn thôn NTM
/// kiểu mẫu/thôn NTM", met on a 2024 provincial page) say nothing of whose count it is: it never
/// replaces the count of the level's scope.
#[test]
fn a_level_and_the_standard_as_alternatives_are_not_the_level_s_count() {
    let text = "Toàn tỉnh có 30/50 xã đạt chuẩn nông thôn mới, 2 xã đạt chuẩn NTM kiểu mẫu; có 150/400 thôn \
                được công nhận đạt chuẩn thôn NTM kiểu mẫu/thôn NTM.";
    let reports = read_reports(text, 19);
    assert_eq!(standard(&reports[0]), Some((Some(30), Some(50), None)));
    let model = reports.iter().find(|r| r.scope.as_deref().is_some_and(|s| s.contains("kiểu mẫu"))).unwrap();
    assert_eq!(standard(model), Some((Some(2), None, None)));
    assert_eq!(model.communes, None);
}

/// Communes that do not (yet) meet the standard are not its count; "đạt 19 tiêu chí về xây dựng
/// nông thôn mới" names the criteria, it is not taking part in the program.
#[test]
fn communes_not_meeting_the_standard_and_the_criteria_named_in_full() {
    let text = "Toàn tỉnh hiện có 40/90 xã vùng cao đạt 19 tiêu chí về xây dựng nông thôn mới. 50 xã vùng cao \
                chưa đạt chuẩn nông thôn mới, trong đó có 20 xã đạt từ 15-18 tiêu chí; 25 xã đạt từ 10-14 tiêu \
                chí; 05 xã đạt 9 tiêu chí.";
    let r = top(text);
    assert_eq!(standard(&r), Some((Some(40), Some(90), None)));
    assert_eq!(bands(&r), [(19, 19, 40, None), (15, 18, 20, None), (10, 14, 25, None), (9, 9, 5, None)]);
    let unread = r.unread.iter().find(|u| u.text.starts_with("50 xã")).expect("the 50 are unread");
    assert!(unread.note.as_deref().is_some_and(|n| n.contains("chưa đạt chuẩn")), "{unread:?}");
    assert!(audit_text(text, 19).findings.is_empty());
    // A count of the total that is a band, not the standard: "cơ bản đạt chuẩn … đạt 15 - 18".
    let text = "Có 03/60 xã đạt chuẩn nông thôn mới đạt 19/19 tiêu chí và 07/60 xã cơ bản đạt chuẩn nông thôn mới \
                đạt 15 - 18 tiêu chí. Có 30 xã đạt từ 10 - 14 tiêu chí; 20 xã đạt từ 5 - 9 tiêu chí.";
    let r = top(text);
    assert_eq!(standard(&r).map(|s| s.0), Some(Some(3)));
    assert_eq!(
        r.bands.iter().map(|b| (b.lo, b.hi, b.count)).collect::<Vec<_>>(),
        [(19, 19, 3), (15, 18, 7), (10, 14, 30), (5, 9, 20)]
    );
    assert!(audit_text(text, 19).findings.is_empty());
    // "đạt chuẩn và cơ bản đạt chuẩn", however long the phrase, is not the standard's count.
    let both = "Đến nay tỉnh có 10/60 xã đã nhận Quyết định công nhận xã đạt chuẩn nông thôn mới và xã cơ bản đạt \
                chuẩn nông thôn mới, chiếm 16,67%.";
    assert_eq!(top(both).meeting_standard, None);
}

/// "tăng bình quân X tiêu chí/xã" is a change; "toàn tỉnh đạt X tiêu chí/xã" (criteria per
/// commune, no "bình quân") is the average.
#[test]
fn an_average_without_binh_quan_and_a_change_of_it() {
    let r = top("Đến nay toàn tỉnh đạt 14,6 tiêu chí/xã, tăng bình quân 9,25 tiêu chí/xã so với năm 2011.");
    assert_eq!(r.average, Some(fx("14,6")));
    assert!(r.unread.iter().any(|u| u.text.contains("9,25")), "{:?}", r.unread);
    assert_eq!(top("Toàn tỉnh tăng bình quân 9,25 tiêu chí/xã so với năm 2011.").average, None);
    // A bound in words: "dưới năm tiêu chí" is below five.
    let r = top("Toàn tỉnh có 30 xã đạt 19 tiêu chí, 70 xã đạt 5 - 18 tiêu chí; không còn xã dưới năm tiêu chí.");
    assert_eq!(r.bands.last().map(|b| (b.lo, b.hi, b.count)), Some((0, 4, 0)));
    let r = top("Huyện có 12 xã, đạt gần 16 tiêu chí/xã.");
    assert_eq!((r.average, r.approximate.as_slice()), (Some(fx("16")), &["average".to_string()][..]));
    // After "bình quân" the average is read once, not twice.
    let r = top("Bình quân (120 xã) toàn tỉnh đạt 15,1 tiêu chí/xã.");
    assert_eq!(r.average, Some(fx("15,1")));
    assert!(r.unread.is_empty(), "{:?}", r.unread);
}

/// A text that counts communes reads "thôn" as villages: their counts are unread, never the
/// communes'; a list opened by "có thêm" goes on across its clauses, as additions.
#[test]
fn villages_beside_communes_and_a_list_of_additions() {
    let text = "Trong năm, tỉnh có thêm 9 xã, 30 thôn/bản đạt chuẩn NTM; 4 xã đạt chuẩn NTM nâng cao; 1 xã, 12 \
                thôn/bản đạt chuẩn NTM kiểu mẫu. Hiện tỉnh có 210 xã, 650 thôn/bản đạt chuẩn NTM, 25 xã đạt chuẩn \
                NTM nâng cao; 3 xã, 40 thôn bản đạt chuẩn NTM kiểu mẫu; có 35 thôn đạt chuẩn thôn kiểu mẫu.";
    let reports = read_reports(text, 19);
    let of = |level: &str| {
        let r = reports.iter().find(|r| r.scope.as_deref().is_some_and(|s| s.contains(level))).unwrap();
        standard(r).and_then(|s| s.0)
    };
    assert_eq!(standard(&reports[0]).and_then(|s| s.0), Some(210));
    assert_eq!((of("nâng cao"), of("kiểu mẫu")), (Some(25), Some(3)));
    let villages: Vec<&str> = reports[0]
        .unread
        .iter()
        .filter(|u| u.note.as_deref().is_some_and(|n| n.contains("villages")))
        .map(|u| u.text.as_str())
        .collect();
    assert_eq!(villages, ["650 thôn/bản", "40 thôn bản", "35 thôn đạt chuẩn thôn kiểu mẫu"]);
    // A clause with a share states the whole, not one more addition.
    let r = top("Năm nay có thêm 15 xã đạt chuẩn NTM; 120 xã đạt chuẩn NTM, chiếm 60%.");
    assert_eq!(standard(&r), Some((Some(120), None, Some(fx("60")))));
    // A village report (no commune counted) still counts its villages.
    let r = top("Có 83/120 thôn bản đạt chuẩn thôn nông thôn mới, chiếm 69,17%.");
    assert_eq!(standard(&r), Some((Some(83), Some(120), Some(fx("69,17")))));
}

/// Names in brackets between a count and its band, a total raised to with "đạt", and a share
/// after a closing quote.
#[test]
fn names_in_brackets_a_total_raised_with_dat_and_a_quoted_standard() {
    let text = "Toàn huyện có 2 xã đạt 5 - 8 tiêu chí; 3 xã (Bản Mới, Nà Hang) đạt 12 tiêu chí; 1 xã (Pác Nặm) \
                đạt 19 tiêu chí.";
    assert_eq!(
        top(text).bands.iter().map(|b| (b.lo, b.hi, b.count)).collect::<Vec<_>>(),
        [(5, 8, 2), (12, 12, 3), (19, 19, 1)]
    );
    let r = top("Năm nay nâng tổng số xã đạt chuẩn NTM toàn tỉnh đến cuối năm 2023 đạt 96 xã, chiếm 80%.");
    assert_eq!(standard(&r), Some((Some(96), None, Some(fx("80")))));
    let r = top("Toàn tỉnh có 21/84 xã được Chủ tịch UBND tỉnh công nhận đạt chuẩn “Xã nông thôn mới” (chiếm 25%).");
    assert_eq!(standard(&r), Some((Some(21), Some(84), Some(fx("25")))));
}

/// The auditor on such texts: one finding per printed figure (a share printed once for the
/// standard and its top band), the total the printed shares imply when it is not the band sum,
/// and truncation named for a share with no total.
#[test]
fn one_finding_per_printed_share_and_the_total_the_shares_imply() {
    // 20/80 is 25%: the share is printed once, so one finding.
    let text = "Có 20/80 xã được công nhận đạt chuẩn nông thôn mới (chiếm 26%), 30 xã đạt 15 - 18 tiêu chí, 30 xã \
                đạt 10 - 14 tiêu chí.";
    let a = audit_text(text, 19);
    assert_eq!(
        a.findings.iter().map(|f| f.1.kind).collect::<Vec<_>>(),
        [FindingKind::ShareMismatch],
        "{:?}",
        a.findings
    );
    // Shares of 100 communes, bands summing to 101 (the first count is one too many).
    let text = "Toàn tỉnh có 21 xã đạt chuẩn NTM, chiếm 20,0%; 50 xã đạt từ 15 đến 18 tiêu chí, chiếm 50,0%; 30 xã \
                đạt từ 10 đến 14 tiêu chí, chiếm 30,0%; không còn xã đạt dưới 10 tiêu chí.";
    let a = audit_text(text, 19);
    let kinds: Vec<FindingKind> = a.findings.iter().map(|f| f.1.kind).collect();
    assert_eq!(kinds, [FindingKind::BandsDoNotSum, FindingKind::ShareMismatch], "{:?}", a.findings);
    assert!(a.findings[0].1.message.contains("of 100 communes (2 of 3 shares fit it), but the band counts sum to 101"));
    assert!(a.findings[1].1.message.contains("21/100"), "{}", a.findings[1].1.message);
    assert!(audit_text(&text.replace("21 xã", "20 xã"), 19).findings.is_empty());
    // 150/204 is 73,5294%: no total rounds to "73,52%", but 150/204 truncated is it.
    let a = audit_text("Toàn tỉnh có 150 xã đạt chuẩn nông thôn mới, chiếm 73,52%.", 19);
    let f = &a.findings[0].1;
    assert_eq!((f.kind, f.truncation_explains), (FindingKind::ShareImpossible, Some(true)), "{}", f.message);
    assert!(f.message.contains("150/204 truncated gives it"), "{}", f.message);
}

/// Plans said with "để đạt", "để có thêm" and paragraphs that open with a target; a percent of a
/// plan is no share of the communes.
#[test]
fn plans_in_purpose_clauses_and_target_paragraphs_and_shares_of_a_plan() {
    let r = read_reports(
        "Đến nay có 20 xã đạt chuẩn nông thôn mới. Tỉnh chọn 8 xã tập trung đầu tư để đạt xã nông thôn mới.",
        19,
    );
    assert_eq!((standard(&r[0]).and_then(|s| s.0), standard(&r[1]).and_then(|s| s.0)), (Some(20), Some(8)));
    assert_eq!(r[1].scope.as_deref(), Some("(mục tiêu)"));
    let text = "Đến nay toàn tỉnh có 40 xã đạt 19 tiêu chí, 30 xã đạt 15 - 18 tiêu chí, 30 xã đạt 10 - 14 tiêu chí.\n\
                Mục tiêu đến hết năm 2025, tỉnh có 60 xã đạt chuẩn nông thôn mới. Bình quân đạt 17 tiêu chí/xã. \
                Không còn xã dưới 12 tiêu chí. Đến nay đã không còn xã dưới 10 tiêu chí.";
    let reports = read_reports(text, 19);
    let r = &reports[0];
    assert_eq!(r.meeting_standard, None, "{r:?}");
    assert_eq!(r.average, None);
    let bands: Vec<(u32, u32, u64)> = r.bands.iter().map(|b| (b.lo, b.hi, b.count)).collect();
    assert_eq!(bands, [(19, 19, 40), (15, 18, 30), (10, 14, 30), (0, 9, 0)]);
    let plan = reports.iter().find(|r| r.scope.as_deref().is_some_and(|s| s.ends_with("(mục tiêu)"))).unwrap();
    assert_eq!((standard(plan).and_then(|s| s.0), plan.average), (Some(60), Some(fx("17"))));
    // "để có thêm": a plan too.
    let r = top(
        "Có 60 xã đạt chuẩn NTM. Năm nay tỉnh tập trung đầu tư để có thêm 5 xã NTM; không còn xã đạt dưới 13 tiêu chí.",
    );
    assert!(r.bands.is_empty() && standard(&r).and_then(|s| s.0) == Some(60), "{r:?}");
    // "đạt 104,5% kế hoạch", "đạt 75% mục tiêu": of a plan, not of the communes.
    let text = "Toàn tỉnh có 12 xã được công nhận, đưa tổng số xã đạt chuẩn nông thôn mới lên 50/120 xã, đạt 104,5% \
                kế hoạch.";
    assert_eq!(standard(&top(text)), Some((Some(50), Some(120), None)));
    assert!(audit_text(text, 19).findings.is_empty());
    assert_eq!(standard(&top("Tỉnh có 15 xã đạt chuẩn NTM, đạt 75% mục tiêu 5 năm.")), Some((Some(15), None, None)));
    // Communes being appraised do not meet the standard yet.
    assert_eq!(
        top("Có 20 xã đạt chuẩn nông thôn mới; 3 xã đang được thẩm định đạt chuẩn.")
            .meeting_standard
            .and_then(|m| m.count),
        Some(20)
    );
    assert_eq!(top("Có 3 xã đang được thẩm định đạt chuẩn nông thôn mới.").meeting_standard, None);
}

/// More forms of counts and places: "xã, thị trấn" counted together, a share in brackets before
/// the band, the band first with "chỉ còn", a group line with "N/M xã", a band named in full
/// before "là", a count with its share in brackets that is no total, a district after "Đặc
/// biệt", a name with an apostrophe, and a dateline that is not the place.
#[test]
fn townships_shares_in_brackets_group_lines_and_datelines() {
    let r = top("Trong đó 4 xã, thị trấn đạt từ 11 đến 13 tiêu chí; 50 xã, thị trấn đạt từ 6 đến 10 tiêu chí.");
    assert_eq!(r.bands.iter().map(|b| (b.lo, b.hi, b.count)).collect::<Vec<_>>(), [(11, 13, 4), (6, 10, 50)]);
    let text = "Tỉnh đã có 10 xã (10%) hoàn thành 19/19 tiêu chí. Có 20 xã (20%) đạt từ 15 - 18 tiêu chí, 68 xã (68%) \
                đạt từ 10 - 14 tiêu chí, đạt dưới 10 tiêu chí chỉ còn 2 xã (2 %).";
    let r = top(text);
    assert_eq!(
        bands(&r),
        [
            (19, 19, 10, Some(fx("10"))),
            (15, 18, 20, Some(fx("20"))),
            (10, 14, 68, Some(fx("68"))),
            (0, 9, 2, Some(fx("2")))
        ]
    );
    assert!(audit_text(text, 19).findings.is_empty());
    let text =
        "Nhóm 1 (đạt 19/19 tiêu chí): 30/120 xã chiếm 25%; Nhóm 2 (đạt từ 15 - 18 tiêu chí): 90/120 xã chiếm 75%.";
    let r = top(text);
    assert_eq!((bands(&r), r.communes), (vec![(19, 19, 30, Some(fx("25"))), (15, 18, 90, Some(fx("75")))], Some(120)));
    let r = top("Số xã hoàn thành 19 tiêu chí xây dựng NTM là 45 xã, chiếm 30%.");
    assert_eq!(bands(&r), [(19, 19, 45, Some(fx("30")))]);
    let r = top("Đến hết năm 2018, toàn tỉnh có 60 xã (bằng 50% tổng số xã) đạt chuẩn nông thôn mới.");
    assert_eq!((standard(&r), r.communes), (Some((Some(60), None, Some(fx("50")))), None));
    let text = "Tỉnh Lâm Viên có 20 xã đạt chuẩn.\nĐặc biệt huyện Đắk R’lông có 6/7 xã đạt chuẩn nông thôn mới.";
    let reports = read_reports(text, 19);
    assert_eq!(reports[1].scope.as_deref(), Some("huyện Đắk R’lông"));
    assert_eq!(standard(&reports[1]), Some((Some(6), Some(7), None)));
    assert_eq!(standard(&reports[0]).and_then(|s| s.0), Some(20));
    let r = top("Hà Nội (TTXVN 17/9) Sau 12 năm thực hiện, Quảng Ninh hiện có 98/98 xã đạt chuẩn nông thôn mới.");
    assert_eq!(r.scope.as_deref(), Some("Quảng Ninh"));
}

/// A district named after a time ("Trong năm 2024, huyện …", "Tính đến nay, huyện …") or after
/// the count ("14/14 xã của huyện …"); group lines "Nhóm xã đạt chuẩn từ R tiêu chí có N xã";
/// pilot communes ("12/12 xã điểm") are no total; a listing whose shares are of its own sum is
/// complete, so its average is checked.
#[test]
fn districts_after_a_time_or_a_count_group_lines_and_shares_that_complete_a_listing() {
    let text = "Tỉnh Sơn Hà có 50 xã đạt chuẩn NTM. Trong năm 2024, huyện Tân Lạc có 3 xã đạt chuẩn NTM nâng cao. \
                Tính đến nay, huyện Mai Sơn đã có 06/07 xã đạt chuẩn nông thôn mới. Đến nay, 9/9 xã của huyện Yên \
                Châu đã được công nhận đạt chuẩn nông thôn mới.";
    let reports = read_reports(text, 19);
    let scope = |name: &str| reports.iter().find(|r| r.scope.as_deref() == Some(name)).unwrap();
    assert_eq!(standard(scope("huyện Tân Lạc (nâng cao)")).and_then(|s| s.0), Some(3));
    assert_eq!(standard(scope("huyện Mai Sơn")), Some((Some(6), Some(7), None)));
    assert_eq!(standard(scope("huyện Yên Châu")), Some((Some(9), Some(9), None)));
    assert_eq!((standard(&reports[0]).and_then(|s| s.0), reports[0].communes), (Some(50), None));
    let r = top(
        "Toàn huyện có 5 xã đạt 19/19 tiêu chí. Nhóm xã đạt chuẩn từ 15 -18 tiêu chí có 4 xã: A (17), B (16). Nhóm \
                 xã đạt từ 10-14 tiêu chí có 3 xã.",
    );
    assert_eq!(
        r.bands.iter().map(|b| (b.lo, b.hi, b.count)).collect::<Vec<_>>(),
        [(19, 19, 5), (15, 18, 4), (10, 14, 3)]
    );
    let r = top("Tỉnh đã có 12/12 xã điểm về đích. Toàn tỉnh hiện có 15/90 xã đạt chuẩn nông thôn mới.");
    assert_eq!((r.communes, standard(&r)), (Some(90), Some((Some(15), Some(90), None))));
    // 240 criteria over 16 communes is 15,00: "15,10" is flagged once the shares show the
    // listing holds all 16 (4/16 = 25%, 8/16 = 50%, 4/16 = 25%).
    let text = "Toàn huyện đạt 240 tiêu chí, bình quân 15,10 tiêu chí/xã. Trong đó có 4 xã đạt 19/19 tiêu chí, chiếm \
                25,00%; 8 xã đạt từ 15-18 tiêu chí, chiếm 50,00%; 4 xã đạt 10-14 tiêu chí, chiếm 25,00%.";
    let kinds: Vec<FindingKind> = audit_text(text, 19).findings.iter().map(|f| f.1.kind).collect();
    assert!(kinds.contains(&FindingKind::AverageMismatch), "{kinds:?}");
    assert!(audit_text(&text.replace("15,10", "15,00"), 19).findings.is_empty());
}

/// Regions and plural provinces are no place of their own; a province's name ends with the
/// province; "xã, phường, thị trấn" is one unit; "vượt P%" is a change; the average of the
/// remaining communes is not the whole's; "NTM và NTM nâng cao" is no level's count.
#[test]
fn regions_wards_exceeding_shares_the_rest_s_average_and_mixed_levels() {
    let r = top("Hiện các tỉnh Tây Bắc đã có 40/500 xã, phường, thị trấn đạt tiêu chí nông thôn mới.");
    assert_eq!((r.scope.as_deref(), standard(&r)), (None, Some((Some(40), Some(500), None))));
    let r = top("Đến nay tỉnh Gia Lai Trần Văn An cho biết có 31 xã đạt chuẩn nông thôn mới.");
    assert_eq!(r.scope.as_deref(), Some("tỉnh Gia Lai"));
    let r =
        top("Đã hoàn thành vượt 10,5% số xã đạt chuẩn NTM so với mục tiêu, nay cả nước có 60,2% số xã đạt chuẩn NTM.");
    assert_eq!(standard(&r), Some((None, None, Some(fx("60,2")))));
    let r = top(
        "Tỉnh có thêm 10 xã đạt chuẩn, nâng tổng số xã đạt chuẩn nông thôn mới lên 70 xã; các xã còn lại đạt bình quân 15 tiêu chí.",
    );
    assert_eq!((standard(&r).and_then(|s| s.0), r.average), (Some(70), None));
    let reports = read_reports("Toàn tỉnh có 60 xã đạt chuẩn NTM. Thị xã có 4 ấp tại 4/4 xã NTM và NTM nâng cao.", 19);
    assert!(reports.iter().all(|r| !r.scope.as_deref().is_some_and(|s| s.contains("nâng cao"))), "{reports:?}");
}

/// A share printed after the names of a part ("trong đó có 2 xã … nâng cao (xã A, xã B), chiếm
/// 54,6% số xã") may be the part's or the whole's: unread, never a false alarm; "2/9 huyện" is no
/// date, so the place named before it is not skipped past; a district after "Cụ thể:" opens its
/// clause.
#[test]
fn a_share_after_a_part_s_names_counts_of_districts_and_a_colon() {
    let text = "Như vậy, 60/110 xã đạt chuẩn nông thôn mới, trong đó có 2 xã đạt chuẩn nông thôn mới nâng cao (xã \
                Tân Hòa, huyện Thạnh Phú và xã An Lạc, huyện Ba Tri), chiếm 54,5% số xã toàn tỉnh.";
    let a = audit_text(text, 19);
    assert!(a.findings.is_empty(), "{:?}", a.findings);
    let high = a.reports.iter().find(|r| r.scope.as_deref().is_some_and(|s| s.contains("nâng cao"))).unwrap();
    assert_eq!(standard(high), Some((Some(2), None, None)));
    assert!(a.reports[0].unread.iter().any(|u| u.note.as_deref().is_some_and(|n| n.contains("part's or the whole's"))));
    let r = top(
        "Đến nay toàn tỉnh đã có 2/9 huyện là Yên Lạc và Bình Xuyên đạt chuẩn; thành phố Vĩnh Yên đang thẩm định. Có 80/110 xã đạt chuẩn NTM.",
    );
    assert_eq!(r.scope, None);
    let reports =
        read_reports("Toàn tỉnh có 50/100 xã đạt chuẩn NTM. Cụ thể: Huyện Nam Sơn: 10/12 xã đạt chuẩn NTM.", 19);
    assert_eq!(reports[1].scope.as_deref(), Some("Huyện Nam Sơn"));
    assert_eq!(standard(&reports[1]), Some((Some(10), Some(12), None)));
}

/// "N xã/M xã" is a count of a total; a year before "xã <Name>" is no count; a count said to be
/// of now outranks an earlier year's; "đạt chuẩn từ R tiêu chí" is a band.
#[test]
fn counts_of_a_total_with_the_unit_twice_years_before_names_and_counts_of_now() {
    let text = "Toàn tỉnh hiện có 90 xã/150 xã đạt chuẩn nông thôn mới (chiếm 60% tổng số xã toàn tỉnh).";
    assert_eq!(standard(&top(text)), Some((Some(90), Some(150), Some(fx("60")))));
    assert!(audit_text(text, 19).findings.is_empty());
    // In a plan ("sẽ"), as in the text's present: the year is no count of communes.
    for text in [
        "Bình quân mỗi xã đạt 14 tiêu chí. Năm 2026 xã Tân Hòa sẽ đạt chuẩn nông thôn mới.",
        "Năm 2026 xã Tân Hòa sẽ đạt chuẩn nông thôn mới.",
    ] {
        assert!(read_reports(text, 19).iter().all(|r| r.meeting_standard.is_none()), "{text}");
    }
    let r = top(
        "Năm 2016, tỉnh có 50 xã được công nhận đạt chuẩn. Đến nay, toàn tỉnh có 150 xã (80% tổng số xã) đạt chuẩn NTM.",
    );
    assert_eq!(standard(&r), Some((Some(150), None, Some(fx("80")))));
    let r = top(
        "Có 20 xã đạt 19 tiêu chí; 15 xã cơ bản đạt chuẩn từ 15 – 17 tiêu chí, 28 xã đạt chuẩn từ 10 – 14 tiêu chí.",
    );
    assert_eq!(
        r.bands.iter().map(|b| (b.lo, b.hi, b.count)).collect::<Vec<_>>(),
        [(19, 19, 20), (15, 17, 15), (10, 14, 28)]
    );
}

/// A level of the standard named without "nông thôn mới" ("đạt chuẩn nâng cao") is that level's
/// count, with its share of the total.
#[test]
fn a_level_named_without_the_program_s_name() {
    let text = "Toàn tỉnh có 80/80 xã đạt chuẩn nông thôn mới, 48/80 xã (đạt 60,0% tổng số xã) đạt chuẩn nâng cao, \
                20/80 xã đạt chuẩn kiểu mẫu.";
    let reports = read_reports(text, 19);
    let level =
        |name: &str| reports.iter().find(|r| r.scope.as_deref().is_some_and(|s| s.contains(name))).and_then(standard);
    assert_eq!(level("nâng cao"), Some((Some(48), Some(80), Some(fx("60,0")))));
    assert_eq!(level("kiểu mẫu"), Some((Some(20), Some(80), None)));
    assert!(audit_text(text, 19).findings.is_empty());
    assert_eq!(audit_text(&text.replace("60,0%", "61,0%"), 19).findings.len(), 1);
}
