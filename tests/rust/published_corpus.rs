//! The prose reader and the auditor on the corpus of real published statements in
//! `../shared/reference/published/corpus.json` (URL, date, verbatim text, figures typed by hand).
//! Without `../shared` the checks are skipped and say so (tests/rust/shared.rs).
//!
//! `NTM_CORPUS_REPORT=1` prints every difference.

use ntm_criteria::prose::read_reports;
use ntm_criteria::{Fixed, PublishedReport, audit};
use serde_json::Value as J;

/// How the reader did on one figure kind.
#[derive(Default, Debug)]
struct Score {
    right: usize,
    wrong: usize,
    missed: usize,
}

fn fixed(s: &str) -> Option<Fixed> {
    let s = s.trim().trim_start_matches("gần").trim_start_matches("khoảng").trim();
    ntm_criteria::figures::parse_share(s).ok()
}

fn compare<T: PartialEq + std::fmt::Debug>(
    s: &mut Score,
    what: &str,
    id: &str,
    typed: Option<T>,
    read: Option<T>,
    log: &mut Vec<String>,
) {
    match (typed, read) {
        (Some(a), Some(b)) if a == b => s.right += 1,
        (Some(a), Some(b)) => {
            s.wrong += 1;
            log.push(format!("{id}: {what} typed {a:?}, read {b:?}"));
        }
        (Some(a), None) => {
            s.missed += 1;
            log.push(format!("{id}: {what} typed {a:?}, not read"));
        }
        (None, Some(b)) => {
            s.wrong += 1;
            log.push(format!("{id}: {what} not typed, read {b:?}"));
        }
        (None, None) => {}
    }
}

type Band = (u64, u64, u64, Option<Fixed>);

fn typed_bands(f: &J) -> Vec<Band> {
    let mut v: Vec<Band> = f["bands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["lo"].as_u64().unwrap(),
                b["hi"].as_u64().unwrap(),
                b["count"].as_u64().unwrap(),
                b["share"].as_str().and_then(fixed),
            )
        })
        .collect();
    v.sort();
    v
}

fn read_bands(r: &PublishedReport) -> Vec<Band> {
    let mut v: Vec<Band> = r.bands.iter().map(|b| (u64::from(b.lo), u64::from(b.hi), b.count, b.share)).collect();
    v.sort();
    v
}

fn score_case(case: &J, scores: &mut [Score; 5], log: &mut Vec<String>) {
    let id = case["id"].as_str().unwrap();
    let f = &case["figures"];
    let reports = read_reports(case["text"].as_str().unwrap(), 19);
    let r = &reports[0];
    compare(&mut scores[0], "communes", id, f["communes"].as_u64(), r.communes, log);
    compare(&mut scores[1], "average", id, f["average"].as_str().and_then(fixed), r.average, log);
    let ms = &f["meeting_standard"];
    let typed_ms =
        (!ms.is_null()).then(|| (ms["count"].as_u64(), ms["of"].as_u64(), ms["share"].as_str().and_then(fixed)));
    let read_ms = r.meeting_standard.as_ref().map(|m| (m.count, m.of, m.share));
    compare(&mut scores[2], "meeting_standard", id, typed_ms, read_ms, log);
    compare(&mut scores[3], "total_criteria", id, f["total_criteria"].as_u64(), r.total_criteria, log);
    let (tb, rb) = (typed_bands(f), read_bands(r));
    let nonempty = |v: &Vec<Band>| (!v.is_empty()).then(|| v.clone());
    compare(&mut scores[4], "bands", id, nonempty(&tb), nonempty(&rb), log);
}

#[test]
fn the_reader_on_the_published_corpus() {
    let Some(text) = crate::shared::reference("published/corpus.json") else { return };
    let cases: Vec<J> = serde_json::from_str(&text).unwrap();
    assert!(cases.len() >= 48);
    let mut scores: [Score; 5] = Default::default();
    let mut log = Vec::new();
    for case in &cases {
        score_case(case, &mut scores, &mut log);
    }
    let names = ["communes", "average", "meeting_standard", "total_criteria", "bands"];
    let mut table = String::new();
    for (n, s) in names.iter().zip(&scores) {
        table.push_str(&format!("  {n:<18} right {:>3}  wrong {:>3}  missed {:>3}\n", s.right, s.wrong, s.missed));
    }
    eprintln!("the reader on {} published statements:\n{table}", cases.len());
    if std::env::var_os("NTM_CORPUS_REPORT").is_some() {
        eprintln!("{}", log.join("\n"));
    }
    let _ = audit;
}
