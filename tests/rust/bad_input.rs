#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The bad-input catalog (`tests/bad_input/cases.json`, shared with
//! `python/tests/test_bad_input.py`): every case must fail with exactly its error variant and
//! exactly its problems (row, commune, location, kind, in order). Frame cases are Python-only.
//!
//! `BAD_INPUT_DUMP=1 cargo test -p ntm-criteria --test bad_input -- --nocapture` prints what
//! each case produces, in the manifest's `expect` format.

use std::path::{Path, PathBuf};

use ntm_criteria::input::{ReadOptions, read_path};
use ntm_criteria::{
    Band, Banding, CommuneGroup, CommuneTable, CriteriaSet, IndicatorTable, NtmError, Problem, Profile, SummaryOptions,
    Tally, Value, region_of,
};
use serde_json::{Value as J, json};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("bad_input")
}

fn manifest() -> J {
    let text = std::fs::read_to_string(root().join("cases.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The variant name used in the manifest (`expect.error`).
fn variant(e: &NtmError) -> &'static str {
    match e {
        NtmError::UnknownRegion { .. } => "UnknownRegion",
        NtmError::UnknownProvince { .. } => "UnknownProvince",
        NtmError::UnknownCommuneGroup { .. } => "UnknownCommuneGroup",
        NtmError::UnknownSet { .. } => "UnknownSet",
        NtmError::UnknownIndicator { .. } => "UnknownIndicator",
        NtmError::UnknownCriterion { .. } => "UnknownCriterion",
        NtmError::MissingDimension { .. } => "MissingDimension",
        NtmError::InvalidValue { .. } => "InvalidValue",
        NtmError::InvalidArgument { .. } => "InvalidArgument",
        NtmError::Catalog { .. } => "Catalog",
        NtmError::Validation { .. } => "Validation",
        NtmError::Banding { .. } => "Banding",
        NtmError::EmptySummary { .. } => "EmptySummary",
        NtmError::Batch { .. } => "Batch",
        NtmError::Figure { .. } => "Figure",
        NtmError::Io { .. } => "Io",
        NtmError::Write { .. } => "Write",
        NtmError::AmbiguousRegion { .. } => "AmbiguousRegion",
        NtmError::Snapshot { .. } => "Snapshot",
    }
}

fn problem_json(p: &Problem) -> J {
    let mut o = serde_json::Map::new();
    if let Some(r) = p.row {
        o.insert("row".into(), json!(r));
    }
    if let Some(c) = &p.commune {
        o.insert("commune".into(), json!(c));
    }
    o.insert("loc".into(), json!(p.loc));
    o.insert("kind".into(), json!(p.kind));
    J::Object(o)
}

fn actual(e: &NtmError) -> J {
    let mut o = serde_json::Map::new();
    o.insert("error".into(), json!(variant(e)));
    if !e.problems().is_empty() {
        o.insert("problems".into(), J::Array(e.problems().iter().map(problem_json).collect()));
    }
    J::Object(o)
}

fn set_of(case: &J) -> Result<CriteriaSet, NtmError> {
    let name = case["set"].as_str().unwrap();
    if name.ends_with(".json") || name.ends_with(".toml") {
        CriteriaSet::from_path(root().join(name))
    } else {
        CriteriaSet::bundled(name).cloned()
    }
}

fn profile_of(case: &J) -> Result<Profile, NtmError> {
    let mut p = Profile::default();
    if let Some(r) = case["region"].as_str() {
        p.region = Some(region_of(r)?);
    }
    if let Some(g) = case["commune_group"].as_str() {
        p.group = Some(CommuneGroup::parse(g)?);
    }
    p.is_disadvantaged = case["disadvantaged"].as_bool().unwrap_or(false);
    Ok(p)
}

/// A JSON value of the manifest as an indicator value: null → missing, a bool → verdict, a
/// number, `"NaN"`/`"inf"`/`"-inf"`, or a pair.
fn value_of(v: &J) -> Value {
    fn num(v: &J) -> f64 {
        match v {
            J::Number(n) => n.as_f64().unwrap(),
            J::String(s) if s == "NaN" => f64::NAN,
            J::String(s) if s == "inf" => f64::INFINITY,
            J::String(s) if s == "-inf" => f64::NEG_INFINITY,
            other => panic!("not a number in the manifest: {other}"),
        }
    }
    match v {
        J::Null => Value::Missing,
        J::Bool(b) => Value::Verdict(*b),
        J::Array(a) if a.len() == 2 => Value::Pair(num(&a[0]), num(&a[1])),
        other => Value::Number(num(other)),
    }
}

/// The case's banding: `bands` (`[lo, hi, label]`, up to the highest `hi`, `partial` when told)
/// or the official one, with the label of band `label[0]` changed when `label` is given.
fn banding_of(case: &J) -> Result<Banding, NtmError> {
    let mut banding = match case["bands"].as_array() {
        None => Banding::official(),
        Some(list) => {
            let bands: Vec<Band> = list
                .iter()
                .map(|b| {
                    let label = b[2].as_str().unwrap();
                    Band::new(b[0].as_u64().unwrap() as u32, b[1].as_u64().unwrap() as u32, label, label)
                })
                .collect();
            let max = bands.iter().map(|b| b.hi).max().unwrap_or(0);
            Banding::new(bands, max, case["partial"].as_bool().unwrap_or(false))?
        }
    };
    if let Some(l) = case["label"].as_array() {
        let text = l[1].as_str().unwrap();
        banding = banding.with_label(l[0].as_u64().unwrap() as usize, text, text)?;
    }
    Ok(banding)
}

/// Runs one case; `None` for the cases only Python runs.
fn run(case: &J) -> Option<Result<(), NtmError>> {
    let file = || root().join(case["file"].as_str().unwrap());
    let result = match case["api"].as_str().unwrap() {
        "csv" => match case.get("set") {
            Some(_) => (|| {
                let set = set_of(case)?;
                IndicatorTable::from_path(file(), &set, &profile_of(case)?).map(|_| ())
            })(),
            None => {
                let n = case["criteria_count"].as_u64().unwrap_or(19) as u32;
                CommuneTable::from_path(file(), n).map(|_| ())
            }
        },
        "set_json" | "set_toml" | "set_workbook" => CriteriaSet::from_path(file()).map(|_| ()),
        "assess" => (|| {
            let set = set_of(case)?;
            let profile = profile_of(case)?;
            let pairs: Vec<(String, Value)> = case["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|kv| (kv[0].as_str().unwrap().to_string(), value_of(&kv[1])))
                .collect();
            set.assess(pairs.iter().map(|(k, v)| (k.as_str(), *v)), &profile).map(|_| ())
        })(),
        "summary_csv" => (|| {
            let n = case["criteria_count"].as_u64().unwrap_or(19) as u32;
            let t = CommuneTable::from_path(file(), n)?;
            t.summary(&Banding::default_for(n), SummaryOptions::default()).map(|_| ())
        })(),
        "summary_counts" => (|| {
            let banding = banding_of(case)?;
            let n = case["criteria_count"].as_u64().map_or(banding.max(), |n| n as u32);
            let mut t = Tally::new(n);
            for c in case["counts"].as_array().unwrap() {
                t.add_count(c.as_u64().unwrap() as u32)?;
            }
            t.summarize(&banding, SummaryOptions::default()).map(|_| ())
        })(),
        "workbook" => (|| {
            let set = case.get("set").map(|_| set_of(case)).transpose()?;
            let mut options = match &set {
                Some(set) => ReadOptions::indicators(set).defaults(profile_of(case)?),
                None => ReadOptions::criteria(case["criteria_count"].as_u64().unwrap_or(19) as u32),
            };
            if let Some(sheet) = case["sheet"].as_str() {
                options = options.sheet(sheet);
            }
            read_path(file(), &options).map(|_| ())
        })(),
        "frame" => return None,
        other => panic!("unknown api {other:?}"),
    };
    Some(result)
}

#[test]
fn catalog_has_40_cases_covering_every_api() {
    let m = manifest();
    let cases = m["cases"].as_array().unwrap();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut ids = std::collections::BTreeSet::new();
    for c in cases {
        assert!(ids.insert(c["id"].as_str().unwrap()), "duplicate id {}", c["id"]);
        assert!(c["expect"]["error"].is_string(), "case {} has no expected error", c["id"]);
        if let Some(f) = c["file"].as_str() {
            assert!(root().join(f).exists(), "case {}: no file {f}", c["id"]);
        }
    }
    for api in
        ["csv", "workbook", "set_json", "set_toml", "set_workbook", "assess", "frame", "summary_csv", "summary_counts"]
    {
        assert!(cases.iter().any(|c| c["api"] == api), "no case for api {api}");
    }
    // Every file of the catalog is used by a case (or is a valid base file).
    for dir in ["csv", "sets", "excel", "set_workbooks"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let name = format!("{dir}/{}", entry.unwrap().file_name().to_string_lossy());
            let used = cases.iter().any(|c| c["file"] == name.as_str() || c["set"] == name.as_str());
            assert!(used || name.contains("_ok."), "{name} is used by no case");
        }
    }
}

#[test]
fn every_case_fails_exactly_as_expected() {
    let dump = std::env::var_os("BAD_INPUT_DUMP").is_some();
    let m = manifest();
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in m["cases"].as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let Some(result) = run(case) else { continue };
        ran += 1;
        let got = match &result {
            Ok(()) => json!({"error": null}),
            Err(e) => actual(e),
        };
        if dump {
            println!("{id}: {}", serde_json::to_string(&got).unwrap());
            if let Err(e) = &result {
                for p in e.problems() {
                    println!("    {p}");
                }
                if e.problems().is_empty() {
                    println!("    {e}");
                }
            }
            continue;
        }
        let want = &case["expect"];
        let mut want_cmp = serde_json::Map::new();
        want_cmp.insert("error".into(), want["error"].clone());
        if let Some(p) = want.get("problems") {
            want_cmp.insert("problems".into(), p.clone());
        }
        if let (Some(m), Err(e)) = (want["message"].as_str(), &result)
            && !e.to_string().contains(m)
        {
            failures.push(format!("{id}: the message does not say {m:?}: {e}"));
        }
        if J::Object(want_cmp.clone()) != got {
            failures.push(format!(
                "{id}:\n  want {}\n  got  {}",
                J::Object(want_cmp),
                serde_json::to_string(&got).unwrap()
            ));
        }
    }
    assert!(ran >= 40, "only {ran} cases ran in Rust");
    assert!(failures.is_empty(), "{} case(s) differ:\n{}", failures.len(), failures.join("\n"));
}

/// Every problem carries a message and, for table cells, the offending input.
#[test]
fn problems_have_messages_and_inputs() {
    let m = manifest();
    for case in m["cases"].as_array().unwrap() {
        let Some(Err(e)) = run(case) else { continue };
        for p in e.problems() {
            assert!(!p.msg.is_empty(), "{}: {p:?}", case["id"]);
            if case["api"] == "csv"
                && p.row.is_some()
                && p.loc != "record"
                && p.loc != "file"
                && p.kind != "missing_component"
            {
                let header =
                    p.row == Some(1) || p.kind.as_str().contains("column") || p.kind.as_str().starts_with("unknown_");
                assert!(header || p.input.is_some(), "{}: a cell problem without its input: {p:?}", case["id"]);
            }
        }
        assert!(!e.to_string().is_empty());
    }
}

/// What is unambiguous is taken: a BOM, CRLF, comment and empty rows, a ';' delimiter, NFD
/// names, decimal commas, "%" signs, Đạt / không đạt / x / TRUE / 1.0, provinces by name or code.
#[test]
fn messy_but_unambiguous_indicators_are_accepted() {
    use ntm_criteria::{Region, Status};
    let set = CriteriaSet::bundled("2016-2020").unwrap();
    let t = IndicatorTable::from_path(root().join("ok/messy_indicators.csv"), set, &Profile::default()).unwrap();
    assert_eq!(t.len(), 4);
    let codes: Vec<_> = t.records().iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["05992", "05995", "06001", "06004"]);
    assert_eq!(t.records()[0].name, "Mai Pha");
    assert_eq!(t.records()[0].province, "Lạng Sơn"); // NFC
    let lines: Vec<_> = t.records().iter().map(|r| r.line).collect();
    assert_eq!(lines, [3, 6, 7, 8]); // the comment line, the header and two empty rows count
    let at = |row: usize, id: &str| t.values(row).unwrap()[set.indicator_index(id).unwrap()];
    assert_eq!(at(0, "10"), Value::Number(38.5));
    assert_eq!(at(0, "4.2"), Value::Number(85.0));
    assert_eq!(at(0, "17.1"), Value::Pair(92.5, 48.0));
    assert_eq!(at(0, "1.1"), Value::Verdict(true));
    assert_eq!(at(0, "2.2"), Value::Verdict(true)); // x
    assert_eq!(at(0, "9.1"), Value::Number(0.0)); // no temporary houses
    assert_eq!(at(1, "10"), Value::Number(36.0));
    assert_eq!(at(1, "4.2"), Value::Number(85.0));
    assert_eq!(at(1, "1.1"), Value::Verdict(false)); // không đạt, NFD
    assert_eq!(at(1, "2.2"), Value::Missing); // empty: not assessed, never "no"
    assert_eq!(at(1, "9.1"), Value::Number(2.0));
    assert_eq!(at(2, "10"), Value::Number(250.0)); // income does not cap
    assert_eq!(at(2, "4.2"), Value::Number(0.85)); // 0,85% is explicit
    assert_eq!(at(2, "17.1"), Value::Missing);
    assert_eq!(at(2, "1.1"), Value::Verdict(true));
    assert_eq!(at(2, "2.2"), Value::Verdict(false));
    assert_eq!(at(2, "9.1"), Value::Verdict(false));
    assert_eq!(at(3, "10"), Value::Missing);
    assert_eq!(at(3, "4.2"), Value::Number(100.0));
    assert_eq!(at(3, "1.1"), Value::Verdict(false)); // chưa đạt
    assert_eq!(at(3, "2.2"), Value::Verdict(true)); // 1.0
    for r in 0..4 {
        assert_eq!(t.profile(r).unwrap().region, Some(Region::NorthernMidlandsMountains), "row {r}");
    }
    let flags: Vec<_> = (0..4).map(|r| t.profile(r).unwrap().is_disadvantaged).collect();
    assert_eq!(flags, [false, true, true, false]);
    let a = t.assess(set).unwrap();
    assert_eq!(a[0].criterion(10), Some(Status::Met)); // 38.5 ≥ 36
    assert_eq!(a[0].criterion(17), Some(Status::NotMet)); // clean water 48 < 50
    assert_eq!(a[1].criterion(9), Some(Status::NotMet)); // 2 temporary houses
    assert_eq!(a[3].criterion(10), Some(Status::NotAssessed));
    let s = t.summary(set, set.banding(), SummaryOptions::default()).unwrap();
    assert_eq!(s.communes, 4);
    // Another set is refused.
    let other = CriteriaSet::bundled("2021-2025").unwrap();
    assert!(matches!(t.assess(other), Err(NtmError::Batch { .. })));
}

#[test]
fn messy_but_unambiguous_criteria_are_accepted() {
    use ntm_criteria::{RecognitionLevel, Region};
    let t = CommuneTable::from_path(root().join("ok/messy_criteria.csv"), 19).unwrap();
    assert_eq!(t.len(), 3);
    let r = &t.rows;
    assert_eq!((r[0].name.as_str(), r[0].met_count, r[0].line), ("Mai Pha", 19, 2));
    assert_eq!(r[0].region, Some(Region::NorthernMidlandsMountains)); // TDMNPB
    assert_eq!(r[0].recognition.level, RecognitionLevel::NangCao);
    assert_eq!((r[1].met_count, r[1].disadvantaged, r[1].line), (3, true, 4)); // "1 2 3" and "3.0"
    assert_eq!(r[1].region, Some(Region::NorthernMidlandsMountains)); // a province name
    assert_eq!((r[2].met_count, r[2].disadvantaged), (2, true)); // "1|2", "có"
}

#[test]
fn the_valid_base_sets_load() {
    for f in ["sets/mini_ok.json", "sets/mini_ok.toml"] {
        let s = CriteriaSet::from_path(root().join(f)).unwrap();
        assert_eq!(s.id(), "mini", "{f}");
    }
}

/// A UTF-8 BOM before the header is not part of the first column's name, with or without the
/// csv crate's own handling, and before a comment line too.
#[test]
fn a_bom_never_reaches_a_column_name() {
    for text in [
        "\u{feff}code,met_count\n001,5\n",
        "\u{feff}# note\ncode,met_count\n001,5\n",
        "\u{feff}\"code\",met_count\n001,5\n",
    ] {
        let t = CommuneTable::from_csv_reader(text.as_bytes(), "bom.csv", 19).unwrap();
        assert_eq!(t.rows[0].code, "001", "{text:?}");
    }
}

/// Line numbers are those a spreadsheet shows, whatever the line ends (LF, CRLF, CR).
#[test]
fn rows_are_file_lines_with_any_line_end() {
    for nl in ["\n", "\r\n", "\r"] {
        let text = ["code,met_count", "001,5", "", "002,20", "003,1"].join(nl) + nl;
        let err = CommuneTable::from_csv_reader(text.as_bytes(), "t.csv", 19).unwrap_err();
        assert_eq!(err.problems()[0].row, Some(4), "{nl:?}");
    }
}

/// Deep nesting is a syntax error, not a stack overflow (both parsers limit their recursion).
#[test]
fn deeply_nested_set_files_are_refused_not_overflowed() {
    let n = 100_000;
    for (text, toml) in [
        (format!("a = {}", "[".repeat(n)), true),
        (format!("a = {}", "{b = ".repeat(n)), true),
        (format!("{}{}", "[".repeat(n), "]".repeat(n)), false),
        ("{\"criteria\": ".repeat(n), false),
    ] {
        let err = if toml {
            CriteriaSet::from_toml_str(&text, "deep.toml").unwrap_err()
        } else {
            CriteriaSet::from_json_str(&text, "deep.json").unwrap_err()
        };
        assert_eq!(err.problems()[0].kind, "syntax");
    }
}

/// Every problem kind is documented in docs/input-rules.md (§13 lists them all), and every kind
/// the bad-input catalog expects is one of the enum's (issue 15: kinds are typed).
#[test]
fn every_problem_kind_is_documented_and_every_expected_kind_exists() {
    let docs = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/input-rules.md")).unwrap();
    let undocumented: Vec<&str> = ntm_criteria::ProblemKind::ALL
        .iter()
        .map(|k| k.as_str())
        .filter(|k| !docs.contains(&format!("| `{k}` |")))
        .collect();
    assert!(undocumented.is_empty(), "not in docs/input-rules.md §13: {undocumented:?}");
    let cases = manifest();
    let mut unknown = Vec::new();
    for case in cases["cases"].as_array().unwrap() {
        // Other errors (MissingDimension, …) are one entry whose type is the error's, not a problem.
        if !matches!(case["expect"]["error"].as_str(), Some("Validation" | "Catalog")) {
            continue;
        }
        for p in case["expect"]["problems"].as_array().into_iter().flatten() {
            if let Some(kind) = p["kind"].as_str()
                && ntm_criteria::ProblemKind::parse(kind).is_none()
            {
                unknown.push(format!("{}: {kind}", case["id"]));
            }
        }
    }
    assert!(unknown.is_empty(), "kinds the catalog expects that do not exist: {unknown:?}");
}
