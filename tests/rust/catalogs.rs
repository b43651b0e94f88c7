//! The bundled catalogs, user set files, overrides and the assessment rules.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ntm_criteria::{
    CommuneGroup, CriteriaSet, Dimension, NotAssessedReason, NtmError, Override, Profile, Region, RuleKind, Status,
    Target, Value, Verified, region_of,
};

fn data(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data").join(name)
}

#[test]
fn bundled_sets_have_their_shape() {
    let s1980 = CriteriaSet::bundled("2016-2020").unwrap();
    assert_eq!((s1980.criteria_count(), s1980.indicator_count(), s1980.groups().len()), (19, 49, 5));
    assert_eq!(s1980.decision(), "1980/QĐ-TTg");
    assert_eq!(s1980.period(), (2016, 2020));
    let s318 = CriteriaSet::bundled("2021-2025").unwrap();
    assert_eq!((s318.criteria_count(), s318.indicator_count()), (19, 58));
    assert_eq!(s318.disadvantaged_uses(), Some(Region::NorthernMidlandsMountains));
    let s51 = CriteriaSet::bundled("2026-2030").unwrap();
    assert_eq!(s51.criteria_count(), 10);
    assert_eq!(s51.dimension(), Dimension::CommuneGroup);
    assert!(s51.groups().is_empty());
    assert_eq!(s51.banding().bands().len(), 3);
}

#[test]
fn every_threshold_cell_has_provenance() {
    for name in CriteriaSet::bundled_names() {
        let set = CriteriaSet::bundled(name).unwrap();
        for ind in set.indicators() {
            for (key, cell) in &ind.thresholds {
                // A verified or partial cell names its source; an unsourced one says false.
                if cell.verified != Verified::False {
                    assert!(!cell.sources.is_empty(), "{name} {} {key}: verified cell without a source", ind.id);
                }
                for s in &cell.sources {
                    assert!(
                        set.sources().contains_key(s) || s.starts_with("http"),
                        "{name} {} {key}: source {s}",
                        ind.id
                    );
                }
            }
        }
    }
}

#[test]
fn reference_values_are_carried_exactly() {
    let set = CriteriaSet::bundled("2016-2020").unwrap();
    let dim = set.dimension();
    let water = set.indicator("17.1").unwrap();
    assert_eq!(water.rule, RuleKind::AtLeastBoth);
    assert_eq!(water.target(dim, "NMM"), Some(Target::AtLeastBoth(90.0, 50.0)));
    assert_eq!(water.cell("NMM").unwrap().verified, Verified::True);
    // The reference knows only the clean-water part for SCC: unknown, never filled in.
    assert_eq!(water.target(dim, "SCC"), None);
    assert_eq!(set.indicator("10").unwrap().target(dim, "NMM"), Some(Target::AtLeast(36.0)));
    assert_eq!(set.indicator("10").unwrap().target(dim, "SE"), Some(Target::AtLeast(59.0)));
    let s318 = CriteriaSet::bundled("2021-2025").unwrap();
    let poverty = s318.indicator("11").unwrap();
    assert_eq!(poverty.target(dim, "NMM"), Some(Target::AtMost(13.0)));
    assert_eq!(poverty.cell("NMM").unwrap().verified, Verified::Partial);
    let income = s318.indicator("10").unwrap();
    assert_eq!(income.target(dim, "NMM"), Some(Target::AtLeast(39.0)));
    assert_eq!(income.cell("NMM").unwrap().year, Some(2022));
    // Most 318 thresholds are not in the reference.
    assert_eq!(s318.indicator("4.2").unwrap().target(dim, "RRD"), None);
}

#[test]
fn unknown_threshold_is_only_assessed_from_a_verdict() {
    let set = CriteriaSet::bundled("2021-2025").unwrap();
    let rrd = Profile::region(Region::RedRiverDelta);
    let a = set.assess([("4.2", Value::Number(99.0))], &rrd).unwrap();
    let o = a.indicators.iter().find(|o| &*o.id == "4.2").unwrap();
    assert_eq!(o.status, Status::NotAssessed);
    assert_eq!(o.reason, Some(NotAssessedReason::UnknownThreshold));
    let a = set.assess([("4.2", Value::Verdict(true))], &rrd).unwrap();
    assert_eq!(a.indicators.iter().find(|o| &*o.id == "4.2").unwrap().status, Status::Met);
    assert!(a.unverified_thresholds.iter().any(|u| &*u.indicator == "4.2" && u.verified.is_none()));
}

#[test]
fn disadvantaged_communes_use_the_northern_mountains_thresholds_under_318() {
    let set = CriteriaSet::bundled("2021-2025").unwrap();
    let ncc = Profile::region(Region::NorthCentralCoast);
    let poverty = [("11", Value::Number(10.0))];
    let plain = set.assess(poverty, &ncc).unwrap();
    assert_eq!(plain.criterion(11), Some(Status::NotMet)); // NCC: at most 6.5
    let dbkk = set.assess(poverty, &ncc.disadvantaged(true)).unwrap();
    assert_eq!(dbkk.criterion(11), Some(Status::Met)); // NMM: at most 13
    assert_eq!(&*dbkk.key, "NMM");
    // 1980 has no such rule: the flag changes nothing.
    let s1980 = CriteriaSet::bundled("2016-2020").unwrap();
    assert_eq!(&*s1980.assess([], &ncc.disadvantaged(true)).unwrap().key, "NCC");
}

#[test]
fn the_dimension_must_be_given() {
    let s1980 = CriteriaSet::bundled("2016-2020").unwrap();
    let err = s1980.assess([], &Profile::default()).unwrap_err();
    assert_eq!(err, NtmError::MissingDimension { set: "2016-2020".into(), dimension: "region" });
    let s51 = CriteriaSet::bundled("2026-2030").unwrap();
    let err = s51.assess([], &Profile::region(Region::Southeast)).unwrap_err();
    assert!(err.to_string().contains("commune_group"), "{err}");
    let a = s51.assess([], &Profile::group(CommuneGroup::G3)).unwrap();
    assert_eq!(a.criteria.len(), 10);
    assert!(a.criteria.iter().all(|s| *s == Status::NotAssessed));
}

#[test]
fn bad_values_are_all_reported() {
    let set = CriteriaSet::bundled("2016-2020").unwrap();
    let err = set
        .assess(
            [
                ("10", Value::Number(f64::NAN)),
                ("17.1", Value::Number(90.0)),
                ("4.2", Value::Number(120.0)),
                ("99", Value::Number(1.0)),
            ],
            &Profile::region(Region::NorthernMidlandsMountains),
        )
        .unwrap_err();
    // Every problem at once (the record door, as a Python dict): the unknown id first, with the
    // kind every door gives an unknown header, then the values in set order.
    let kinds: Vec<_> = err.problems().iter().map(|p| (p.loc.as_str(), p.kind.as_str())).collect();
    assert_eq!(
        kinds,
        [("99", "unknown_column"), ("4.2", "out_of_range"), ("10", "not_finite"), ("17.1", "needs_components")]
    );
    let err = set
        .assess(
            [("10", Value::Number(f64::NAN)), ("17.1", Value::Number(90.0)), ("4.2", Value::Number(120.0))],
            &Profile::region(Region::NorthernMidlandsMountains),
        )
        .unwrap_err();
    let locs: Vec<_> = err.problems().iter().map(|p| p.loc.as_str()).collect();
    assert_eq!(locs, ["4.2", "10", "17.1"]);
}

#[test]
fn provinces_and_regions() {
    assert_eq!(ntm_criteria::provinces().len(), 63);
    assert_eq!(region_of("Lạng Sơn").unwrap(), Region::NorthernMidlandsMountains);
    assert_eq!(region_of("LANG SON").unwrap(), Region::NorthernMidlandsMountains);
    let nfd: String = unicode_nfd("Lạng Sơn");
    assert_ne!(nfd, "Lạng Sơn");
    assert_eq!(region_of(&nfd).unwrap(), Region::NorthernMidlandsMountains);
    assert_eq!(region_of("Quảng Ninh").unwrap(), Region::RedRiverDelta);
    for (input, code) in [
        ("TDMNPB", "NMM"),
        ("ĐBSH", "RRD"),
        ("DBSH", "RRD"),
        ("BTB", "NCC"),
        ("DHNTB", "SCC"),
        ("TN", "CH"),
        ("ĐNB", "SE"),
        ("DNB", "SE"),
        ("ĐBSCL", "MRD"),
        ("DBSCL", "MRD"),
        ("Mekong River Delta", "MRD"),
        ("Tây Nguyên", "CH"),
    ] {
        assert_eq!(region_of(input).unwrap().code(), code, "{input}");
    }
    assert!(matches!(region_of("Atlantis"), Err(NtmError::UnknownRegion { .. })));
    for p in ntm_criteria::provinces() {
        assert_eq!(ntm_criteria::province(&p.name).unwrap().code, p.code);
        assert_eq!(ntm_criteria::province(&unicode_nfd(&p.name)).unwrap().code, p.code);
    }
}

fn unicode_nfd(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd().collect()
}

#[test]
fn user_sets_load_from_json_and_toml() {
    let json = CriteriaSet::from_path(data("province_example.json")).unwrap();
    let toml = CriteriaSet::from_path(data("province_example.toml")).unwrap();
    assert_eq!(json, toml, "the two example files describe the same set");
    assert_eq!(json.based_on(), Some("2016-2020"));
    let ind = json.indicator("2.2").unwrap();
    assert_eq!(ind.target(json.dimension(), "NMM"), Some(Target::AtLeast(60.0)));
    // Everything else is the national set.
    let national = CriteriaSet::bundled("2016-2020").unwrap();
    assert_eq!(json.indicator("10").unwrap(), national.indicator("10").unwrap());
}

#[test]
fn overrides_change_one_cell() {
    let national = CriteriaSet::bundled("2016-2020").unwrap();
    let p = national
        .with_overrides(
            "lang-son",
            &[Override::number("2.2", "NMM", 60.0).with_rule(RuleKind::AtLeast).with_unit(ntm_criteria::Unit::Percent)],
        )
        .unwrap();
    assert_eq!(p.id(), "lang-son");
    assert_eq!(p.indicator("2.2").unwrap().target(p.dimension(), "NMM"), Some(Target::AtLeast(60.0)));
    let err = national.with_overrides("x", &[Override::number("2.2", "Mars", 1.0)]).unwrap_err();
    assert_eq!(err.problems()[0].loc, "overrides[0].key");
    let err = national.with_overrides("x", &[Override::number("10", "NMM", -5.0)]).unwrap_err();
    assert!(err.problems().iter().any(|p| p.kind == "out_of_range"), "{err}");
}

#[test]
fn bad_set_files_say_where() {
    let set = CriteriaSet::bundled("2016-2020").unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&set.to_json()).unwrap();
    v["criteria"][16]["indicators"][0]["thresholds"]["NMM"]["value"] = serde_json::json!([120, 50]);
    v["criteria"][3]["indicators"][1]["id"] = serde_json::json!("4.1");
    v["criteria"][0]["indicators"][0]["thresholds"]["XYZ"] = serde_json::json!({"value": "Đạt", "verified": true});
    let err = CriteriaSet::from_json_str(&v.to_string(), "bad.json").unwrap_err();
    let locs: Vec<_> = err.problems().iter().map(|p| p.loc.clone()).collect();
    assert!(locs.contains(&"criteria[16].indicators[0].thresholds.NMM.value[0]".to_string()), "{locs:?}");
    assert!(locs.contains(&"criteria[3].indicators[1].id".to_string()), "{locs:?}");
    assert!(locs.contains(&"criteria[0].indicators[0].thresholds.XYZ".to_string()), "{locs:?}");
    // Unknown keys and wrong types are reported with their path.
    v["criteria"][2]["indicators"][0]["rule"] = serde_json::json!("at_least_maybe");
    let err = CriteriaSet::from_json_str(&v.to_string(), "bad.json").unwrap_err();
    assert_eq!(err.problems()[0].loc, "criteria[2].indicators[0].rule");
    let err = CriteriaSet::from_json_str("{\"format\": 1,", "bad.json").unwrap_err();
    assert_eq!(err.problems()[0].kind, "syntax");
    let err = CriteriaSet::from_toml_str("format = 1\nid = [", "bad.toml").unwrap_err();
    assert!(err.problems()[0].loc.starts_with("line 2"), "{err}");
}

/// `coverage` partitions the indicators twice, for every bundled set and key: known or not,
/// and by the state of their cells. A yes/no indicator without a cell is known and has no cell.
#[test]
fn coverage_counts_each_indicator_once_per_partition() {
    for name in CriteriaSet::bundled_names() {
        let set = CriteriaSet::bundled(name).unwrap();
        let dim = set.dimension();
        for key in (0..8).filter_map(|k| dim.key(k)) {
            let c = set.coverage(key).unwrap();
            assert_eq!(c.known + c.unknown, c.indicators, "{name} {key}: {c:?}");
            assert_eq!(c.verified_true + c.partial + c.unverified + c.no_cell, c.indicators, "{name} {key}: {c:?}");
            let usable = set.indicators().filter(|i| i.target(dim, key).is_some()).count();
            assert_eq!(c.known, usable, "{name} {key}");
        }
    }
}

/// The README's coverage table is recomputed from the bundled sets, so it cannot drift from the
/// data when `tools/build_catalogs.py` regenerates it.
#[test]
fn readme_coverage_table_matches_the_bundled_data() {
    let readme = include_str!("../../README.md");
    for name in CriteriaSet::bundled_names() {
        let set = CriteriaSet::bundled(name).unwrap();
        let dim = set.dimension();
        let keys: Vec<&str> = (0..8).filter_map(|k| dim.key(k)).collect();
        let (mut numeric, mut numeric_known) = (0, 0);
        let (mut t, mut p, mut f, mut none) = (0, 0, 0, 0);
        for key in &keys {
            let cov = set.coverage(key).unwrap();
            t += cov.verified_true;
            p += cov.partial;
            f += cov.unverified;
            none += cov.no_cell;
            for ind in set.indicators() {
                if !ind.rule.is_verdict() && ind.rule != ntm_criteria::RuleKind::Absent {
                    numeric += 1;
                    numeric_known += usize::from(ind.target(dim, key).is_some());
                }
            }
        }
        let tail = format!(
            "| {} | {} | {numeric_known} / {numeric} | {t} | {p} | {f} | {none} |",
            set.criteria_count(),
            set.indicator_count()
        );
        let row = readme
            .lines()
            .find(|l| l.starts_with(&format!("| `{name}` |")))
            .unwrap_or_else(|| panic!("README has no coverage row for {name}"));
        let counts: Vec<&str> = row.split('|').map(str::trim).collect();
        // | name | decision | criteria | indicators | varies by | known | true | partial | false | none |
        let got = format!(
            "| {} | {} | {} | {} | {} | {} | {} |",
            counts[3], counts[4], counts[6], counts[7], counts[8], counts[9], counts[10]
        );
        assert_eq!(got, tail, "README coverage row for {name} is stale: {row}");
    }
}

/// docs/input-rules.md lists every header alias the matcher knows (its table is the
/// documentation users read to name their columns).
#[test]
fn the_input_rules_list_every_header_alias() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/input-rules.md")).unwrap();
    use ntm_criteria::input::header::{ALIASES, VILLAGE_ALIASES};
    // The village table comes after the commune one: its rows are found after its heading.
    let village_at = doc.find("| column (village set) |").expect("docs/input-rules.md has no village header table");
    for (table, text) in [(ALIASES, &doc[..village_at]), (VILLAGE_ALIASES, &doc[village_at..])] {
        for (canonical, _, aliases) in table {
            let row = text.lines().find(|l| l.starts_with(&format!("| `{canonical}` |"))).unwrap_or_else(|| {
                panic!("docs/input-rules.md has no row for the column {canonical}");
            });
            for a in *aliases {
                assert!(row.contains(&format!("`{a}`")), "the row of {canonical} lacks the alias {a:?}: {row}");
            }
        }
    }
}

/// The bundled 2025 map is the reference's, byte for byte, and reads into 34 units covering the
/// 63 provinces once each; the region of a name depends on the date.
#[test]
fn the_2025_map_is_the_reference() {
    use ntm_criteria::units2025::{provinces_on, region_on, units};
    if let Some(reference) = crate::shared::reference("provinces_2025.csv") {
        let bundled = include_str!("../../crates/ntm-criteria/data/provinces_2025.csv");
        assert_eq!(bundled, reference, "data/provinces_2025.csv differs from the reference: copy it again");
    }
    assert_eq!(units().len(), 34);
    assert_eq!(provinces_on("2025-06-30").unwrap().len(), 63);
    assert_eq!(provinces_on("2025-07-01").unwrap().len(), 34);
    // Units spanning two regions: an error naming the former provinces; one region: that region.
    for name in ["Lâm Đồng", "Gia Lai", "Đắk Lắk", "Quảng Ngãi", "Phú Thọ", "Bắc Ninh", "Tây Ninh"] {
        let err = region_on(name, "2026-01-01").unwrap_err();
        assert!(matches!(err, ntm_criteria::NtmError::AmbiguousRegion { .. }), "{name}: {err}");
    }
    assert_eq!(region_on("Tuyên Quang", "2026-01-01").unwrap(), ntm_criteria::Region::NorthernMidlandsMountains);
    assert_eq!(region_on("Cần Thơ", "2026-01-01").unwrap(), ntm_criteria::Region::MekongRiverDelta);
    assert_eq!(region_on("Phú Thọ", "2025-06-30").unwrap(), ntm_criteria::Region::NorthernMidlandsMountains);
    assert!(region_on("Atlantis", "2026-01-01").is_err());
}

/// A province's village set (issue 14): Lào Cai's 14 criteria of a "thôn nông thôn mới", known by
/// their names only, assessed from verdicts; its summaries count villages and say "thôn".
#[test]
fn a_village_set_assesses_villages_and_its_sentence_says_thon() {
    use ntm_criteria::{AssessedUnit, IndicatorTable, Lang, Profile, ReportOptions, SummaryOptions};
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/sets/lao_cai_thon_ntm_2022.json");
    let set = CriteriaSet::from_path(&path).unwrap();
    assert_eq!((set.unit(), set.criteria_count(), set.decision()), (AssessedUnit::Village, 14, "1144/QĐ-UBND"));
    assert_eq!(set.decision_date(), "", "the decision's date is not known: never a guess");
    // Synthetic villages (not real data): two meet all 14 criteria, one meets 9.
    let header: Vec<String> = (1..=14).map(|k| k.to_string()).collect();
    let all = vec!["Đạt"; 14].join(",");
    let nine = [vec!["Đạt"; 9], vec!["Không đạt"; 5]].concat().join(",");
    let csv = format!("code,name,{}\nT1,Thôn 1,{all}\nT2,Thôn 2,{all}\nT3,Thôn 3,{nine}\n", header.join(","));
    let t = IndicatorTable::from_csv_reader(csv.as_bytes(), "villages.csv", &set, &Profile::default()).unwrap();
    let s = t.summary(&set, set.banding(), SummaryOptions::default()).unwrap();
    assert_eq!((s.unit, s.communes, s.meeting_standard), (AssessedUnit::Village, 3, 2));
    let vi = s.report(Lang::Vi, &ReportOptions::default());
    assert!(vi.starts_with("Số tiêu chí bình quân 01 thôn đạt 12,33 tiêu chí/thôn, cụ thể: Số thôn đạt 14 tiêu chí có 02/3 thôn, chiếm 66,67%"), "{vi}");
    assert!(!vi.contains("xã"), "{vi}");
    let en = s.report(Lang::En, &ReportOptions::default());
    assert!(
        en.starts_with("On average each village meets 12.33 criteria: 2 of 3 villages (66.67%) meet all 14"),
        "{en}"
    );
    // The set round-trips with its unit; a commune set's file does not mention one.
    assert_eq!(CriteriaSet::from_json_str(&set.to_json(), "again").unwrap().unit(), AssessedUnit::Village);
    assert!(!CriteriaSet::bundled("2016-2020").unwrap().to_json().contains("\"unit\": \"commune\""));
}

/// A village table names the commune each village belongs to (`Xã`, `Mã xã`), while `Thôn` and
/// `Mã thôn` are the village itself; villages roll up per commune (issue 14): "xã có 100% thôn
/// đạt chuẩn".
#[test]
fn village_tables_carry_their_commune_and_roll_up_per_commune() {
    use ntm_criteria::{IndicatorTable, Profile, SummaryOptions};
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/sets/lao_cai_thon_ntm_2022.json");
    let set = CriteriaSet::from_path(&path).unwrap();
    let header: Vec<String> = (1..=14).map(|k| k.to_string()).collect();
    let all = vec!["Đạt"; 14].join(",");
    let some = [vec!["Đạt"; 13], vec!["Không đạt"]].concat().join(",");
    // Synthetic villages of two communes (not real data).
    let csv = format!(
        "Mã thôn,Thôn,Mã xã,Xã,Huyện,{}\nT1,Thôn 1,X1,Xã A,Bát Xát,{all}\nT2,Thôn 2,X1,Xã A,Bát Xát,{all}\nT3,Thôn 3,X2,Xã B,Bát Xát,{some}\n",
        header.join(",")
    );
    let t = IndicatorTable::from_csv_reader(csv.as_bytes(), "villages.csv", &set, &Profile::default()).unwrap();
    let r = &t.records()[2];
    assert_eq!(
        (r.code.as_str(), r.name.as_str(), r.commune_code.as_str(), r.commune.as_str()),
        ("T3", "Thôn 3", "X2", "Xã B")
    );
    let by = t.summary_by(&set, |r, _| r.commune.clone(), set.banding(), SummaryOptions::default()).unwrap();
    let full: Vec<&String> = by.iter().filter(|(_, s)| s.meeting_standard == s.communes).map(|(k, _)| k).collect();
    assert_eq!(full, ["Xã A"], "the communes all of whose villages meet the standard");
    assert_eq!((by["Xã B"].communes, by["Xã B"].meeting_standard), (1, 0));
    // A snapshot of the villages under their set counts villages, whatever the table said.
    let mut table = t.assessed(&set).unwrap();
    table.unit = ntm_criteria::AssessedUnit::Commune;
    let snap = ntm_criteria::Snapshot::new(table, &set).unwrap();
    let status = snap.status();
    assert_eq!(status.unit, ntm_criteria::AssessedUnit::Village);
    assert!(
        status.sentence(ntm_criteria::Lang::Vi).starts_with("Có 00/3 thôn"),
        "{}",
        status.sentence(ntm_criteria::Lang::Vi)
    );
    assert_eq!(
        snap.summary(set.banding(), SummaryOptions::default()).unwrap().unit,
        ntm_criteria::AssessedUnit::Village
    );
}

/// A village set's report counts villages: two villages assessed from verdicts, one meeting
/// every criterion, and the Vietnamese sentence says "thôn", never "xã".
fn village_report(set: &CriteriaSet) {
    let n = set.criteria_count() as usize;
    let header: Vec<String> = (1..=n).map(|k| format!("c{k}")).collect();
    let row = |met: usize| (0..n).map(|k| if k < met { "Đạt" } else { "Không đạt" }).collect::<Vec<_>>().join(",");
    let csv = format!("code,commune,{}\nT1,Xã A,{}\nT2,Xã A,{}\n", header.join(","), row(n), row(n - 1));
    let options = ntm_criteria::input::ReadOptions::criteria(set.criteria_count()).unit(set.unit());
    let t = ntm_criteria::CommuneTable::from_csv_reader_with(csv.as_bytes(), "thon.csv", &options).unwrap();
    let s = t.summary(set.banding(), ntm_criteria::SummaryOptions::default()).unwrap();
    let text = s.report(ntm_criteria::Lang::Vi, &ntm_criteria::ReportOptions::default());
    assert!(text.contains("01/2 thôn") && !text.contains("xã"), "{}: {text}", set.id());
}

/// Every example set loads, assesses an all-"Đạt" unit as meeting the standard (each criterion
/// is a verdict: no threshold is invented), and quotes its sources.
#[test]
fn the_example_provincial_sets_load_and_assess_from_verdicts() {
    use ntm_criteria::{Profile, Value};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/sets");
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let set = CriteriaSet::from_path(&path).unwrap();
        let all = vec![Value::Verdict(true); set.indicator_count()];
        // A set that requires a level (nâng cao requires NTM) is met by a unit that holds it.
        let holder = Profile::default().recognised(ntm_criteria::RecognitionLevel::KieuMau);
        let a = set.assess_values(&all, &holder).unwrap();
        assert!(a.meets_standard, "{}", set.id());
        if set.requires().is_some() {
            let unrecognised = Profile::default().recognised(ntm_criteria::RecognitionLevel::None);
            assert!(!set.assess_values(&all, &unrecognised).unwrap().meets_standard, "{}", set.id());
        }
        let link = |s: &String| s.contains("https://") || s.contains("http://");
        assert!(set.sources().values().all(link), "{}: every source is a link", set.id());
        if set.unit() == ntm_criteria::AssessedUnit::Village {
            village_report(&set);
        }
        seen.push((set.id().to_string(), set.criteria_count()));
    }
    seen.sort();
    let want = [
        ("bac-kan-thon-ntm-2021", 16),
        ("lao-cai-thon-kieu-mau-2022", 12),
        ("lao-cai-thon-ntm-2022", 14),
        ("thai-binh-nang-cao-2018", 11),
    ];
    assert_eq!(seen, want.map(|(id, n)| (id.to_string(), n)));
}

/// The record door (`CriteriaSet::assess`, the Python dict): the key rule of every door, text
/// read by the cell rule, components as two keys, keys given twice refused; every problem at
/// once: the keys' first, then the values' in set order.
#[test]
fn the_record_door_reads_keys_text_and_components_as_every_door() {
    use ntm_criteria::input::record::{Given, Record};
    let set = CriteriaSet::bundled("2016-2020").unwrap();
    let nmm = Profile::region(Region::NorthernMidlandsMountains);
    // "1,1" is 1.1 and " 10 " is 10; the components of 17.1 make its pair.
    let a = set
        .assess(
            [
                ("1,1", Value::Verdict(true)),
                (" 10 ", Value::Number(36.0)),
                ("17.1:Hygienic", Value::Number(99.0)),
                ("17.1:clean", Value::Number(99.0)),
            ],
            &nmm,
        )
        .unwrap();
    assert_eq!(a.criterion(10), Some(ntm_criteria::Status::Met));
    assert_eq!(
        a.indicators.iter().find(|o| o.id.as_ref() == "17.1").map(|o| o.status),
        Some(ntm_criteria::Status::Met)
    );
    let kinds = |e: NtmError| e.problems().iter().map(|p| (p.loc.clone(), p.kind.as_str())).collect::<Vec<_>>();
    let e = set
        .assess(
            [("10", Value::Number(-1.0)), ("10", Value::Number(40.0)), ("17.1:hygienic", Value::Number(90.0))],
            &nmm,
        )
        .unwrap_err();
    let want = [("10", "duplicate_indicator"), ("10", "negative"), ("17.1:clean", "missing_component")];
    assert_eq!(kinds(e), want.map(|(l, k)| (l.to_string(), k)));
    let e = set.assess([("region", Value::Number(1.0)), ("99", Value::Number(1.0))], &nmm).unwrap_err();
    assert_eq!(kinds(e), [("region".to_string(), "not_an_indicator"), ("99".to_string(), "unknown_column")]);
    // Text by the cell rule, its problems among the assessment's, in set order.
    let mut r = Record::new(set);
    r.add("10", Given::Text("36 triệu"));
    r.add("1.1", Given::Value(Value::Number(2.0)));
    r.add("4.2", Given::Text("95,5%"));
    let read = r.values();
    assert_eq!(read.values[set.indicator_index("4.2").unwrap()], Value::Number(95.5));
    let result = set.assess_values(&read.values, &nmm);
    let e = read.check(set, result).unwrap_err();
    assert_eq!(kinds(e), [("1.1".to_string(), "not_yes_no"), ("10".to_string(), "not_a_number")]);
}
