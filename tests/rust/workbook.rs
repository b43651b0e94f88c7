//! The report workbook (`ntm_criteria::workbook`, feature `xlsx`): written, reopened with
//! calamine, and every number compared with the summary it came from; the commune sheet read
//! back through the input layer as the same table.

use std::path::PathBuf;

use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use ntm_criteria::input::ReadOptions;
use ntm_criteria::workbook::{ReportWorkbook, WorkbookOptions};
use ntm_criteria::{Banding, CommuneTable, CriteriaSet, Fixed, Lang, NtmError, ReportOptions, Summary, SummaryOptions};

fn example() -> CommuneTable {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/data/lang_son_2020.csv");
    CommuneTable::from_path(path, 19).unwrap()
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ntm-workbook-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn seed_options(lang: Lang) -> WorkbookOptions {
    WorkbookOptions {
        lang,
        place: Some("Lạng Sơn".into()),
        banding: Some(Banding::official().with_label(3, "từ 5-9", "5-9").unwrap()),
        report: ReportOptions::default().as_of("Đến hết tháng 7/2020"),
        ..WorkbookOptions::default()
    }
}

struct Book {
    wb: Xlsx<std::io::BufReader<std::fs::File>>,
}

impl Book {
    fn open(path: &PathBuf) -> Book {
        Book { wb: open_workbook(path).unwrap() }
    }
    fn sheet(&mut self, name: &str) -> Range<Data> {
        self.wb.worksheet_range(name).unwrap()
    }
}

fn num(r: &Range<Data>, row: u32, col: u32) -> f64 {
    match r.get_value((row, col)) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("({row}, {col}) is not a number: {other:?}"),
    }
}

fn count(r: &Range<Data>, row: u32, col: u32) -> u64 {
    let v = num(r, row, col);
    assert_eq!(v.fract(), 0.0, "({row}, {col}) = {v}");
    v as u64
}

/// A share cell (a fraction with a percent format) as the percent it shows.
fn share(r: &Range<Data>, row: u32, col: u32, precision: u8) -> Fixed {
    let units = num(r, row, col) * 100.0 * 10f64.powi(precision as i32);
    Fixed::new(units.round() as i64, precision)
}

fn decimal(r: &Range<Data>, row: u32, col: u32, precision: u8) -> Fixed {
    Fixed::new((num(r, row, col) * 10f64.powi(precision as i32)).round() as i64, precision)
}

fn text(r: &Range<Data>, row: u32, col: u32) -> String {
    match r.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        None | Some(Data::Empty) => String::new(),
        other => panic!("({row}, {col}) is not text: {other:?}"),
    }
}

/// Sheet 1 against the summary: bands, total, key figures, sentence.
fn check_summary_sheet(r: &Range<Data>, s: &Summary, sentence: &str) {
    let p = s.precision;
    for (i, b) in s.bands.iter().enumerate() {
        let row = 3 + i as u32;
        assert!(text(r, row, 0).contains(&b.label_vi) || text(r, row, 0).contains(&b.label_en));
        assert_eq!((count(r, row, 1), share(r, row, 2, p)), (b.count, b.share), "band {}", b.label_vi);
    }
    let total = 3 + s.bands.len() as u32 + u32::from(s.unbanded > 0);
    assert_eq!(count(r, total, 1), s.communes);
    let k = total + 2;
    assert_eq!(count(r, k, 1), s.communes);
    assert_eq!(count(r, k + 1, 1), s.meeting_standard);
    assert_eq!(share(r, k + 1, 2, p), Fixed::ratio(s.meeting_standard * 100, s.communes, p));
    assert_eq!((count(r, k + 2, 1), share(r, k + 2, 2, p)), (s.total_criteria, s.criteria_share));
    assert_eq!(decimal(r, k + 3, 1, p), s.average);
    match s.communes_not_assessed {
        Some(n) => assert_eq!(count(r, k + 4, 1), n),
        None => assert!(text(r, k + 4, 1).contains("không rõ") || text(r, k + 4, 1).contains("unknown")),
    }
    assert_eq!(text(r, k + 7, 0), sentence);
}

/// Sheet 2 row `row` against a group's summary.
fn check_group_row(r: &Range<Data>, row: u32, s: &Summary) {
    let p = s.precision;
    assert_eq!(count(r, row, 1), s.communes);
    let mut col = 2;
    for b in &s.bands {
        assert_eq!((count(r, row, col), share(r, row, col + 1, p)), (b.count, b.share), "row {row}");
        col += 2;
    }
    assert_eq!(count(r, row, col), s.meeting_standard);
    assert_eq!(count(r, row, col + 1), s.total_criteria);
    assert_eq!(decimal(r, row, col + 2, p), s.average);
    assert_eq!(Some(count(r, row, col + 3)), s.communes_not_assessed);
}

#[test]
fn the_lang_son_workbook_reopens_with_every_number_of_its_summary() {
    let table = example();
    let set = CriteriaSet::bundled("2016-2020").unwrap();
    let book = ReportWorkbook::from_table(&table, seed_options(Lang::Vi)).unwrap().with_criteria(set).unwrap();
    let path = tmp("lang_son_2020.xlsx");
    book.save(&path).unwrap();
    let mut wb = Book::open(&path);
    assert_eq!(wb.wb.sheet_names(), ["Tổng hợp", "Theo huyện", "Theo tiêu chí", "Danh sách xã"]);
    let s = book.summary();
    assert_eq!((s.communes, s.total_criteria, s.meeting_standard), (181, 2110, 51));

    let r = wb.sheet("Tổng hợp");
    let title = text(&r, 0, 0);
    assert!(title.contains("Lạng Sơn") && title.contains("Đến hết tháng 7/2020"), "{title}");
    check_summary_sheet(&r, s, &book.sentence());
    assert!(book.sentence().starts_with(
        "Đến hết tháng 7/2020, số tiêu chí bình quân 01 xã đạt 11,66 tiêu chí/xã, cụ thể: Số xã đạt 19 tiêu chí có 51/181 xã, chiếm 28,18%"
    ));

    let r = wb.sheet("Theo huyện");
    let groups = book.groups().unwrap();
    assert_eq!(groups.len(), 11);
    for (i, (key, g)) in groups.iter().enumerate() {
        assert_eq!(&text(&r, 3 + i as u32, 0), key);
        check_group_row(&r, 3 + i as u32, g);
    }
    assert_eq!(text(&r, 3 + groups.len() as u32, 0), "Tổng cộng");
    check_group_row(&r, 3 + groups.len() as u32, s);

    let r = wb.sheet("Theo tiêu chí");
    let per = s.per_criterion.as_ref().unwrap();
    for (i, c) in per.iter().enumerate() {
        let row = 3 + i as u32;
        assert_eq!(count(&r, row, 0), u64::from(c.number));
        assert_eq!(text(&r, row, 1), set.criterion(c.number).unwrap().name_vi);
        assert_eq!((count(&r, row, 2), share(&r, row, 3, 2), count(&r, row, 4)), (c.met, c.share, c.not_assessed));
        for (g, (_, gs)) in groups.iter().enumerate() {
            let gc = &gs.per_criterion.as_ref().unwrap()[i];
            let col = 5 + 2 * g as u32;
            assert_eq!((count(&r, row, col), share(&r, row, col + 1, 2)), (gc.met, gc.share));
        }
    }

    // Sheet 4 reads back through the input layer as the same communes.
    let back = CommuneTable::read(&path, &ReadOptions::criteria(19).sheet("Danh sách xã")).unwrap();
    assert_eq!(back.rows.len(), table.rows.len());
    for (a, b) in table.rows.iter().zip(&back.rows) {
        assert_eq!(
            (&a.code, &a.name, &a.district_code, &a.district),
            (&b.code, &b.name, &b.district_code, &b.district)
        );
        assert_eq!((a.met, a.met_count, a.region, &a.recognition), (b.met, b.met_count, b.region, &b.recognition));
    }
    assert_eq!(
        back.summary(&Banding::official(), SummaryOptions::default()).unwrap().bands,
        table.summary(&Banding::official(), SummaryOptions::default()).unwrap().bands
    );
}

fn with_gaps() -> CommuneTable {
    let mut csv = String::from("code,name,district,province");
    for k in 1..=19 {
        csv += &format!(",TC{k}");
    }
    csv += "\n";
    let rows = [("001", "A", "Đạt"), ("002", "A", ""), ("003", "B", "Không đạt"), ("004", "B", "Đạt")];
    for (code, district, last) in rows {
        csv += &format!("{code},Xã {code},{district},Lạng Sơn");
        for k in 1..=19 {
            let cell = if k == 19 {
                last
            } else if k % 2 == 0 {
                "Không đạt"
            } else {
                "Đạt"
            };
            csv += &format!(",{cell}");
        }
        csv += "\n";
    }
    CommuneTable::from_csv_reader(csv.as_bytes(), "gaps.csv", 19).unwrap()
}

#[test]
fn a_workbook_of_incomplete_data_says_so_in_both_languages() {
    let table = with_gaps();
    for (lang, clause, status) in [
        (Lang::Vi, "(01 xã còn tiêu chí chưa đánh giá)", "Chưa đánh giá"),
        (Lang::En, "(1 commune with criteria not assessed)", "not_assessed"),
    ] {
        let book = ReportWorkbook::from_table(&table, WorkbookOptions { lang, ..WorkbookOptions::default() }).unwrap();
        assert!(book.sentence().contains(clause), "{}", book.sentence());
        let path = tmp(&format!("gaps-{lang:?}.xlsx"));
        book.save(&path).unwrap();
        let mut wb = Book::open(&path);
        let names = book.sheet_names();
        let r = wb.sheet(&names[0]);
        check_summary_sheet(&r, book.summary(), &book.sentence());
        let r = wb.sheet(&names[1]);
        check_group_row(&r, 3, &book.groups().unwrap()[0].1); // district A: 1 commune not assessed
        assert_eq!(count(&r, 3, 2 + 2 * 5 + 3), 1);
        let r = wb.sheet(&names[3]);
        let c19 = (0..r.width() as u32).find(|&c| ["TC19", "c19"].contains(&text(&r, 2, c).as_str())).unwrap();
        assert_eq!(text(&r, 4, c19), status); // commune 002, criterion 19
        let back = CommuneTable::read(&path, &ReadOptions::criteria(19).sheet(names[3].as_str())).unwrap();
        assert_eq!(
            back.rows.iter().map(|r| (r.met, r.not_assessed)).collect::<Vec<_>>(),
            table.rows.iter().map(|r| (r.met, r.not_assessed)).collect::<Vec<_>>()
        );
    }
    let checked = WorkbookOptions {
        report: ReportOptions { omit_not_assessed: true, ..ReportOptions::default() },
        ..WorkbookOptions::default()
    };
    assert!(!ReportWorkbook::from_table(&table, checked).unwrap().sentence().contains("chưa đánh giá"));
}

#[test]
fn counts_alone_give_no_criterion_sheet_and_say_what_is_unknown() {
    let t =
        CommuneTable::from_csv_reader("code,district,met_count\n001,A,19\n002,B,7\n".as_bytes(), "c.csv", 19).unwrap();
    let book = ReportWorkbook::from_table(&t, WorkbookOptions::default()).unwrap();
    assert_eq!(book.sheet_names(), ["Tổng hợp", "Theo huyện", "Danh sách xã"]);
    let path = tmp("counts.xlsx");
    book.save(&path).unwrap();
    let mut wb = Book::open(&path);
    check_summary_sheet(&wb.sheet("Tổng hợp"), book.summary(), &book.sentence());
    let back = CommuneTable::read(&path, &ReadOptions::criteria(19).sheet("Danh sách xã")).unwrap();
    assert_eq!(back.rows.iter().map(|r| (r.met, r.met_count)).collect::<Vec<_>>(), [(None, 19), (None, 7)]);
}

#[test]
fn a_summary_alone_gives_its_sheet() {
    let s =
        Summary::from_band_counts(&[51, 4, 36, 90, 0], 2110, &Banding::official(), SummaryOptions::default()).unwrap();
    let book = ReportWorkbook::from_summary(&s, WorkbookOptions { lang: Lang::En, ..WorkbookOptions::default() });
    let path = tmp("summary.xlsx");
    book.save(&path).unwrap();
    let mut wb = Book::open(&path);
    assert_eq!(wb.wb.sheet_names(), ["Summary"]);
    check_summary_sheet(&wb.sheet("Summary"), &s, &book.sentence());
    // Precision 1: the percent format and the stored fraction follow it.
    let s1 = Summary::from_band_counts(
        &[51, 4, 36, 90, 0],
        2110,
        &Banding::official(),
        SummaryOptions::checked(1, false).unwrap(),
    )
    .unwrap();
    let path = tmp("summary1.xlsx");
    ReportWorkbook::from_summary(&s1, WorkbookOptions::default()).save(&path).unwrap();
    check_summary_sheet(&Book::open(&path).sheet("Tổng hợp"), &s1, &s1.report(Lang::Vi, &ReportOptions::default()));
}

#[test]
fn bad_workbook_requests_are_typed_errors() {
    let t = example();
    let by = WorkbookOptions { by: "huyen".into(), ..WorkbookOptions::default() };
    assert!(matches!(ReportWorkbook::from_table(&t, by), Err(NtmError::InvalidArgument { .. })));
    let ten = WorkbookOptions { banding: Some(Banding::default_for(10)), ..WorkbookOptions::default() };
    let err = ReportWorkbook::from_table(&t, ten).unwrap_err();
    assert!(matches!(err, NtmError::Banding { .. }), "{err}");
    let empty = CommuneTable::new(19, Vec::new());
    assert!(matches!(
        ReportWorkbook::from_table(&empty, WorkbookOptions::default()),
        Err(NtmError::EmptySummary { .. })
    ));
    let dir = tmp("a-directory");
    std::fs::create_dir_all(&dir).unwrap();
    let err = ReportWorkbook::from_table(&t, WorkbookOptions::default()).unwrap().save(&dir).unwrap_err();
    assert!(matches!(&err, NtmError::Write { path, .. } if path.ends_with("a-directory")), "{err}");
}

#[test]
fn a_summary_of_a_partial_banding_keeps_its_own_band_labels() {
    // Two bands that leave 0-9 out: the summary's own labels, not those of another banding.
    let partial = Banding::new(
        vec![ntm_criteria::Band::new(19, 19, "19", "all 19"), ntm_criteria::Band::new(10, 18, "10-18", "10-18")],
        19,
        true,
    )
    .unwrap();
    let s = Summary::from_counts([19, 12, 15], &partial, SummaryOptions::default()).unwrap();
    assert_eq!(s.unbanded, 0);
    let path = tmp("partial.xlsx");
    ReportWorkbook::from_summary(&s, WorkbookOptions::default()).save(&path).unwrap();
    let r = Book::open(&path).sheet("Tổng hợp");
    assert_eq!((text(&r, 3, 0), text(&r, 4, 0)), ("Đạt 19 tiêu chí".to_string(), "Đạt 10-18 tiêu chí".to_string()));
    check_summary_sheet(&r, &s, &s.report(Lang::Vi, &ReportOptions::default()));
}

/// A village set's workbook (issue 14) says "thôn" everywhere a commune workbook says "xã",
/// keeps the village's commune in columns of its own, and its village sheet reads back through the
/// input layer with the same set.
#[test]
fn a_village_sets_workbook_counts_villages_and_reads_back() {
    use ntm_criteria::{IndicatorTable, Profile};
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/sets/lao_cai_thon_ntm_2022.json");
    let set = CriteriaSet::from_path(path).unwrap();
    let header: Vec<String> = (1..=14).map(|k| k.to_string()).collect();
    let (all, short) = (vec!["Đạt"; 14].join(","), [vec!["Đạt"; 13], vec!["Không đạt"]].concat().join(","));
    // Synthetic villages of two communes (not real data).
    let csv = format!(
        "Mã thôn,Thôn,Mã xã,Xã,Huyện,{}\nT1,Thôn 1,X1,Xã A,Bát Xát,{all}\nT2,Thôn 2,X1,Xã A,Bát Xát,{all}\nT3,Thôn 3,X2,Xã B,Bát Xát,{short}\n",
        header.join(",")
    );
    let t = IndicatorTable::from_csv_reader(csv.as_bytes(), "villages.csv", &set, &Profile::default()).unwrap();
    let assessed = t.assessed(&set).unwrap();
    let wb = ReportWorkbook::from_table(&assessed, WorkbookOptions::default()).unwrap().with_criteria(&set).unwrap();
    assert_eq!(wb.sheet_names(), ["Tổng hợp", "Theo huyện", "Theo tiêu chí", "Danh sách thôn"]);
    assert!(wb.sentence().contains("có 02/3 thôn"), "{}", wb.sentence());
    let out = tmp("villages.xlsx");
    wb.save(&out).unwrap();
    let mut book = Book::open(&out);
    let villages = book.sheet("Danh sách thôn");
    let headers: Vec<String> = (0..6).map(|c| text(&villages, 2, c)).collect();
    assert_eq!(headers, ["STT", "Mã thôn", "Tên thôn", "Huyện", "Tỉnh", "Mã xã"]);
    assert_eq!(text(&villages, 2, 6), "Xã");
    let summary = book.sheet("Tổng hợp");
    let words: Vec<String> = summary
        .cells()
        .filter_map(|(_, _, d)| match d {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    assert!(!words.iter().any(|s| s.contains(" xã") || s.starts_with("Số xã")), "{words:?}");
    // The village sheet reads back as the table it was written from (criterion level, villages).
    let options = ReadOptions::criteria(14).unit(ntm_criteria::AssessedUnit::Village).sheet("Danh sách thôn");
    let back = CommuneTable::read(&out, &options).unwrap();
    let key = |t: &CommuneTable| -> Vec<(String, String, String, u32)> {
        t.rows.iter().map(|r| (r.code.clone(), r.name.clone(), r.commune.clone(), r.met_count)).collect()
    };
    assert_eq!(key(&back), key(&assessed));
}
