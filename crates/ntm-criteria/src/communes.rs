//! Communes tables at the criterion level (what most reports hold), read from CSV.
//!
//! The format is the one of `examples/data/lang_son_2020.csv`:
//!
//! ```text
//! # comment lines start with '#'
//! code,name,district_code,district,region,criteria_met,met_count,recognition,recognition_year,recognition_decision
//! 05992,Mai Pha,178,Thành phố Lạng Sơn,NMM,1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19,19,ntm,2012,
//! ```
//!
//! Only `code` is required, plus at least one of `criteria_met` (criterion numbers separated by
//! `;`) and `met_count`. Optional columns: `name`, `district_code`, `district`, `province`,
//! `region`, `commune_group`, `disadvantaged`, `recognition` (`ntm`, `nang_cao`, `kieu_mau` or
//! empty), `recognition_year`, `recognition_decision`. Any other column is an error, so that
//! nothing is silently ignored. A UTF-8 BOM and CRLF line ends are accepted; text is normalised
//! to NFC. The delimiter is `,`, or `;` (or a tab) when the header line has no comma, as Excel
//! writes it where the decimal separator is a comma. Empty rows are skipped. Problems name the
//! line of the file as a spreadsheet shows it (the header is line 1 when there are no comment
//! lines).
//!
//! [`IndicatorTable`] reads the same format with indicator columns, against a criteria set.
//! The parsing rules are in `docs/input-rules.md`.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::assess::{Assessment, Profile, Value, check_value};
use crate::band::Banding;
use crate::catalog::{CriteriaSet, Dimension};
use crate::error::{NtmError, Problem, Result};
use crate::mask::CriteriaMask;
use crate::parse::{parse_cell, parse_number};
use crate::region::{CommuneGroup, Region};
use crate::summary::{Summary, SummaryOptions, Tally};
use crate::text::fold;

/// Recognition level (mức công nhận).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecognitionLevel {
    /// Not recognised.
    #[default]
    None,
    /// Recognised as a new rural commune (xã đạt chuẩn NTM).
    Ntm,
    /// Recognised at the advanced level (NTM nâng cao).
    NangCao,
    /// Recognised as a model commune (NTM kiểu mẫu).
    KieuMau,
}

impl RecognitionLevel {
    /// Parses `""`, `ntm`, `nang_cao` / `nâng cao`, `kieu_mau` / `kiểu mẫu`.
    ///
    /// ```
    /// use ntm_criteria::RecognitionLevel;
    /// assert_eq!(RecognitionLevel::parse("Nâng cao")?, RecognitionLevel::NangCao);
    /// assert_eq!(RecognitionLevel::parse("")?, RecognitionLevel::None);
    /// assert!(RecognitionLevel::parse("gold").is_err());
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn parse(s: &str) -> Result<RecognitionLevel> {
        match fold(s).replace(' ', "_").as_str() {
            "" | "none" | "khong" => Ok(RecognitionLevel::None),
            "ntm" | "dat_chuan" | "nong_thon_moi" => Ok(RecognitionLevel::Ntm),
            "nang_cao" | "ntm_nang_cao" | "nangcao" => Ok(RecognitionLevel::NangCao),
            "kieu_mau" | "ntm_kieu_mau" | "kieumau" => Ok(RecognitionLevel::KieuMau),
            _ => Err(NtmError::InvalidValue {
                indicator: "recognition".into(),
                commune: None,
                reason: format!("{s:?} is not a recognition level (ntm, nang_cao, kieu_mau or empty)"),
            }),
        }
    }

    /// `""`, `"ntm"`, `"nang_cao"` or `"kieu_mau"`.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::RecognitionLevel::KieuMau.as_str(), "kieu_mau");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            RecognitionLevel::None => "",
            RecognitionLevel::Ntm => "ntm",
            RecognitionLevel::NangCao => "nang_cao",
            RecognitionLevel::KieuMau => "kieu_mau",
        }
    }
}

/// Recognition status of a commune: meeting all criteria is not the same as being recognised.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Recognition {
    /// Level.
    pub level: RecognitionLevel,
    /// Year of the recognition decision.
    pub year: Option<u16>,
    /// Decision number, when known.
    pub decision: Option<String>,
}

/// One row of a communes table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommuneRecord {
    /// Commune code (mã xã), the key.
    pub code: String,
    /// Name (names repeat within a province: use codes as keys).
    pub name: String,
    /// District code.
    pub district_code: String,
    /// District name.
    pub district: String,
    /// Province name or code.
    pub province: String,
    /// Region, when given.
    pub region: Option<Region>,
    /// Commune group, when given.
    pub commune_group: Option<CommuneGroup>,
    /// ĐBKK/ATK flag.
    pub disadvantaged: bool,
    /// Criteria met, when the list is known.
    pub met: Option<CriteriaMask>,
    /// Number of criteria met.
    pub met_count: u32,
    /// Recognition status.
    pub recognition: Recognition,
    /// Line of the row in the file (1-based).
    pub line: u64,
}

/// A validated communes table.
///
/// ```
/// use ntm_criteria::{Banding, CommuneTable, SummaryOptions};
/// let csv = "code,district,criteria_met\n001,A,1;2;3\n002,A,\n003,B,1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19\n";
/// let t = CommuneTable::from_csv_reader(csv.as_bytes(), "demo.csv", 19)?;
/// assert_eq!(t.len(), 3);
/// let s = t.summary(&Banding::official(), SummaryOptions::default())?;
/// assert_eq!(s.meeting_standard, 1);
/// let by = t.summary_by(|r| r.district.clone(), &Banding::official(), SummaryOptions::default())?;
/// assert_eq!(by["A"].communes, 2);
/// Ok::<(), ntm_criteria::NtmError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommuneTable {
    /// Number of criteria of the set the table is for.
    pub criteria_count: u32,
    /// The rows, in file order.
    pub rows: Vec<CommuneRecord>,
}

const KNOWN: [&str; 13] = [
    "code",
    "name",
    "district_code",
    "district",
    "province",
    "region",
    "commune_group",
    "disadvantaged",
    "criteria_met",
    "met_count",
    "recognition",
    "recognition_year",
    "recognition_decision",
];

/// Parses a yes/no cell: true/false, 1/0, có/không, x/"" (empty is no).
pub(crate) fn parse_yes_no(s: &str) -> Option<bool> {
    match fold(s).as_str() {
        "" | "0" | "false" | "no" | "khong" | "n" => Some(false),
        "1" | "true" | "yes" | "co" | "x" | "y" => Some(true),
        _ => None,
    }
}

impl CommuneTable {
    /// Reads a communes CSV (see the module docs) for a set of `criteria_count` criteria.
    /// Every problem is collected: the error lists them all, each with line, column and value.
    ///
    /// ```
    /// use ntm_criteria::{CommuneTable, NtmError};
    /// let csv = "code,criteria_met,met_count\n001,1;2;20,3\n001,1,2\n,1,1\n";
    /// let err = CommuneTable::from_csv_reader(csv.as_bytes(), "bad.csv", 19).unwrap_err();
    /// let kinds: Vec<_> = err.problems().iter().map(|p| p.kind.as_str()).collect();
    /// assert_eq!(kinds, ["unknown_criterion", "duplicate_code", "count_mismatch", "empty_code"]);
    /// ```
    pub fn from_csv_reader<R: Read>(reader: R, source_name: &str, criteria_count: u32) -> Result<CommuneTable> {
        CommuneTable::read_csv(reader, source_name, criteria_count, None).map(|out| out.table)
    }

    /// Reads a communes CSV; with a set, the other columns are indicator columns (see
    /// [`IndicatorTable`]). Every problem is collected.
    fn read_csv<R: Read>(
        mut reader: R,
        source_name: &str,
        criteria_count: u32,
        ctx: Option<(&CriteriaSet, &Profile)>,
    ) -> Result<ReadOut> {
        let n = criteria_count.clamp(1, 32);
        let fail = |problems| NtmError::Validation { source_name: source_name.to_string(), problems };
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .map_err(|e| NtmError::Io { path: source_name.to_string(), message: e.to_string() })?;
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            return Err(fail(vec![
                Problem::new(
                    "file",
                    "encoding",
                    "the file is UTF-16 (Excel \"Unicode Text\"); save it as \"CSV UTF-8 (comma delimited)\"",
                )
                .at_row(1),
            ]));
        }
        // A UTF-8 BOM (Excel's "CSV UTF-8") goes before anything else, so that a first comment
        // line is still a comment.
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let delimiter = sniff_delimiter(body);
        let mut rdr = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .flexible(true)
            .trim(csv::Trim::All)
            .delimiter(delimiter)
            .from_reader(body);
        let mut lines = Lines::new(body);
        let (raw_headers, header_line): (Vec<String>, usize) = match rdr.headers() {
            Ok(h) => (h.iter().map(nfc).collect(), lines.at(h.position().map(|p| p.byte()))),
            Err(e) => {
                let line = lines.at(e.position().map(|p| p.byte()));
                let msg = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => {
                        "the header is not valid UTF-8; save the file as \"CSV UTF-8\"".to_string()
                    }
                    _ => e.to_string(),
                };
                return Err(fail(vec![Problem::new("header", "malformed", msg).at_row(line)]));
            }
        };
        let headers: Vec<String> = raw_headers.iter().map(|s| fold(s).replace(' ', "_")).collect();
        let mut problems = Vec::new();
        let mut col: HashMap<&str, usize> = HashMap::new();
        let mut ind_cols: Vec<(usize, String, IndCol)> = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            if let Some(k) = KNOWN.iter().find(|k| **k == h.as_str()) {
                if col.insert(k, i).is_some() {
                    problems.push(
                        Problem::new(h.clone(), "duplicate_column", "the column appears twice")
                            .at_row(header_line)
                            .with_input(raw_headers[i].clone()),
                    );
                }
            } else if h.is_empty() && i + 1 == headers.len() {
                // A trailing comma in the header of an Excel export.
            } else if let (Some((set, _)), false) = (ctx, h.is_empty()) {
                let raw = &raw_headers[i];
                match resolve_indicator(set, raw) {
                    Ok(which) => {
                        if ind_cols.iter().any(|(_, _, w)| *w == which) {
                            problems.push(
                                Problem::new(raw.clone(), "duplicate_column", "the column appears twice")
                                    .at_row(header_line)
                                    .with_input(raw.clone()),
                            );
                        } else {
                            ind_cols.push((i, raw.clone(), which));
                        }
                    }
                    Err(p) => problems.push(p.at_row(header_line)),
                }
            } else {
                problems.push(
                    Problem::new(
                        h.clone(),
                        "unknown_column",
                        format!("unknown column; known columns: {}", KNOWN.join(", ")),
                    )
                    .at_row(header_line)
                    .with_input(raw_headers[i].clone()),
                );
            }
        }
        if let Some((set, _)) = ctx {
            let mut by_ind: BTreeMap<usize, (bool, [bool; 2])> = BTreeMap::new();
            for (_, _, which) in &ind_cols {
                match *which {
                    IndCol::Whole(i) => by_ind.entry(i).or_default().0 = true,
                    IndCol::Part(i, k) => by_ind.entry(i).or_default().1[k & 1] = true,
                }
            }
            for (idx, (whole, parts)) in by_ind {
                let ind = set.indicator_at(idx);
                let names = ind.components.clone().unwrap_or_default();
                if whole && (parts[0] || parts[1]) {
                    problems.push(
                        Problem::new(
                            ind.id.clone(),
                            "duplicate_indicator",
                            format!(
                                "both a column {} (a verdict) and columns for its components: keep one or the other",
                                ind.id
                            ),
                        )
                        .at_row(header_line),
                    );
                } else if parts[0] != parts[1] {
                    let missing = if parts[0] { &names[1] } else { &names[0] };
                    let loc = format!("{}:{missing}", ind.id);
                    problems.push(
                        Problem::new(
                            loc.clone(),
                            "missing_component",
                            format!("indicator {} needs both component columns; {loc} is missing", ind.id),
                        )
                        .at_row(header_line),
                    );
                }
            }
        }
        let has_code = col.contains_key("code");
        if !has_code {
            problems.push(Problem::new("code", "missing_column", "the table needs a code column").at_row(header_line));
        }
        if !col.contains_key("criteria_met") && !col.contains_key("met_count") && ind_cols.is_empty() {
            let msg = match ctx {
                Some((set, _)) => {
                    format!("the table needs criteria_met, met_count or indicator columns of set {}", set.id())
                }
                None => "the table needs criteria_met or met_count".to_string(),
            };
            problems.push(Problem::new("criteria_met", "missing_column", msg).at_row(header_line));
            return Err(fail(problems));
        }
        if !has_code {
            return Err(fail(problems));
        }
        let mut rows = Vec::new();
        let mut values = Vec::new();
        let mut profiles = Vec::new();
        let mut seen: HashMap<String, u64> = HashMap::new();
        for rec in rdr.records() {
            let rec = match rec {
                Ok(r) => r,
                Err(e) => {
                    let line = lines.at(e.position().map(|p| p.byte()));
                    let msg = match e.kind() {
                        csv::ErrorKind::Utf8 { .. } => {
                            "the row is not valid UTF-8; save the file as \"CSV UTF-8\"".to_string()
                        }
                        _ => e.to_string(),
                    };
                    problems.push(Problem::new("record", "malformed", msg).at_row(line));
                    continue;
                }
            };
            let line = lines.at(rec.position().map(|p| p.byte())) as u64;
            if rec.iter().all(|f| f.trim().is_empty()) {
                continue; // an empty row of a spreadsheet export: nothing to drop
            }
            if rec.len() > headers.len() && rec.iter().skip(headers.len()).any(|f| !f.is_empty()) {
                let hint = if delimiter == b',' {
                    " (a decimal comma must be quoted, \"85,5\", or the file delimited by ';')"
                } else {
                    ""
                };
                problems.push(
                    Problem::new(
                        "record",
                        "extra_fields",
                        format!("{} fields for {} columns{hint}", rec.len(), headers.len()),
                    )
                    .at_row(line as usize),
                );
            }
            let get = |name: &str| col.get(name).and_then(|&i| rec.get(i)).map(nfc).unwrap_or_default();
            let code = get("code");
            let mut prob = |loc: &str, kind: &str, msg: String, input: &str| {
                let mut p = Problem::new(loc, kind, msg).at_row(line as usize).with_input(input);
                if !code.is_empty() {
                    p = p.for_commune(code.clone());
                }
                problems.push(p);
            };
            if code.is_empty() {
                prob("code", "empty_code", "the commune code is empty".into(), "");
            } else if let Some(first) = seen.get(&code) {
                prob("code", "duplicate_code", format!("commune {code} is already on line {first}"), &code);
            } else {
                seen.insert(code.clone(), line);
            }
            let region_txt = get("region");
            let region = if region_txt.is_empty() {
                None
            } else {
                match crate::region::region_of(&region_txt) {
                    Ok(r) => Some(r),
                    Err(_) => {
                        prob(
                            "region",
                            "unknown_region",
                            "not a region code, region name or province".into(),
                            &region_txt,
                        );
                        None
                    }
                }
            };
            let group_txt = get("commune_group");
            let commune_group = if group_txt.is_empty() {
                None
            } else {
                match CommuneGroup::parse(&group_txt) {
                    Ok(g) => Some(g),
                    Err(_) => {
                        prob("commune_group", "unknown_commune_group", "expected G1, G2 or G3".into(), &group_txt);
                        None
                    }
                }
            };
            let dis_txt = get("disadvantaged");
            let disadvantaged = match parse_yes_no(&dis_txt) {
                Some(b) => b,
                None => {
                    prob(
                        "disadvantaged",
                        "not_yes_no",
                        "expected a yes/no value (1/0, true/false, x/empty)".into(),
                        &dis_txt,
                    );
                    false
                }
            };
            let mut met = None;
            if col.contains_key("criteria_met") {
                let list = get("criteria_met");
                let mut m = CriteriaMask::EMPTY;
                let (mut outside, mut twice, mut text) = (Vec::new(), Vec::new(), Vec::new());
                for part in list.split([';', ' ', '|', '\t']).map(str::trim).filter(|s| !s.is_empty()) {
                    match part.parse::<u32>() {
                        Ok(k) if (1..=n).contains(&k) => {
                            if m.contains(k) {
                                twice.push(k.to_string());
                            }
                            m.insert(k);
                        }
                        Ok(k) => outside.push(k.to_string()),
                        Err(_) => text.push(format!("{part:?}")),
                    }
                }
                let plural = |v: &[String]| {
                    if v.len() == 1 { format!("criterion {}", v[0]) } else { format!("criteria {}", v.join(", ")) }
                };
                if !outside.is_empty() {
                    let msg = format!(
                        "{} outside 1..={n}",
                        plural(&outside) + if outside.len() == 1 { " is" } else { " are" }
                    );
                    prob("criteria_met", "unknown_criterion", msg, &list);
                }
                if !twice.is_empty() {
                    let msg =
                        format!("{} listed twice", plural(&twice) + if twice.len() == 1 { " is" } else { " are" });
                    prob("criteria_met", "repeated_criterion", msg, &list);
                }
                if !text.is_empty() {
                    prob(
                        "criteria_met",
                        "not_a_number",
                        format!(
                            "{} not a criterion number",
                            text.join(", ") + if text.len() == 1 { " is" } else { " are" }
                        ),
                        &list,
                    );
                }
                let ok = outside.is_empty() && twice.is_empty() && text.is_empty();
                if ok {
                    met = Some(m);
                }
            }
            let mut met_count = met.map(|m| m.count()).unwrap_or(0);
            if col.contains_key("met_count") {
                let txt = get("met_count");
                let whole = txt.strip_suffix(".0").or_else(|| txt.strip_suffix(",0")).unwrap_or(&txt);
                match whole.parse::<i64>() {
                    Ok(c) if (0..=i64::from(n)).contains(&c) => {
                        let c = c as u32;
                        if let Some(m) = met {
                            if m.count() != c {
                                prob(
                                    "met_count",
                                    "count_mismatch",
                                    format!("met_count {c} but criteria_met lists {}", m.count()),
                                    &txt,
                                );
                            }
                        }
                        met_count = c;
                    }
                    Ok(c) => prob("met_count", "out_of_range", format!("{c} is outside 0..={n}"), &txt),
                    Err(_) if txt.is_empty() && col.contains_key("criteria_met") => {}
                    Err(_) if txt.is_empty() && !ind_cols.is_empty() => {}
                    Err(_) => prob("met_count", "not_a_number", "expected a whole number of criteria".into(), &txt),
                }
            }
            let rec_txt = get("recognition");
            let level = match RecognitionLevel::parse(&rec_txt) {
                Ok(l) => l,
                Err(_) => {
                    prob(
                        "recognition",
                        "unknown_recognition",
                        "expected ntm, nang_cao, kieu_mau or empty".into(),
                        &rec_txt,
                    );
                    RecognitionLevel::None
                }
            };
            let year_txt = get("recognition_year");
            let year = if year_txt.is_empty() {
                None
            } else {
                match year_txt.parse::<u16>() {
                    Ok(y) if (2009..=2100).contains(&y) => Some(y),
                    _ => {
                        prob(
                            "recognition_year",
                            "bad_year",
                            "expected a year from 2009 (the programme's start)".into(),
                            &year_txt,
                        );
                        None
                    }
                }
            };
            if year.is_some() && level == RecognitionLevel::None {
                prob(
                    "recognition_year",
                    "year_without_recognition",
                    "a recognition year needs a recognition level".into(),
                    &year_txt,
                );
            }
            if let Some((set, defaults)) = ctx {
                let mut vals = vec![Value::Missing; set.indicator_count()];
                // The two numbers of compound indicators: None = column absent, Some(None) = empty.
                let mut parts: BTreeMap<usize, [Option<Option<f64>>; 2]> = BTreeMap::new();
                let mut bad_parts = Vec::new();
                for (ci, name, which) in &ind_cols {
                    let cell = rec.get(*ci).map(nfc).unwrap_or_default();
                    match *which {
                        IndCol::Whole(idx) => {
                            let ind = set.indicator_at(idx);
                            match parse_cell(&cell, ind).map(|v| check_value(ind.unit, ind.rule, v)) {
                                Ok(Ok(v)) => vals[idx] = v,
                                Ok(Err(reason)) => prob(name, "invalid_value", reason, &cell),
                                Err(e) => prob(name, e.kind, e.message, &cell),
                            }
                        }
                        IndCol::Part(idx, k) => {
                            let ind = set.indicator_at(idx);
                            let slot = &mut parts.entry(idx).or_default()[k & 1];
                            if cell.is_empty() {
                                *slot = Some(None);
                            } else {
                                match parse_number(&cell, ind.unit) {
                                    Ok(x) => *slot = Some(Some(x)),
                                    Err(e) => {
                                        *slot = Some(None);
                                        bad_parts.push(idx);
                                        prob(name, e.kind, e.message, &cell);
                                    }
                                }
                            }
                        }
                    }
                }
                for (idx, [a, b]) in parts {
                    if bad_parts.contains(&idx) {
                        continue;
                    }
                    let ind = set.indicator_at(idx);
                    let names = ind.components.clone().unwrap_or_default();
                    match (a, b) {
                        (Some(Some(x)), Some(Some(y))) => vals[idx] = Value::Pair(x, y),
                        (Some(Some(_)), Some(None)) | (Some(None), Some(Some(_))) => {
                            let (given, missing) = if matches!(a, Some(Some(_))) {
                                (&names[0], &names[1])
                            } else {
                                (&names[1], &names[0])
                            };
                            prob(
                                &format!("{}:{missing}", ind.id),
                                "missing_component",
                                format!(
                                    "indicator {} has {given} but not {missing}: give both numbers, or neither",
                                    ind.id
                                ),
                                "",
                            );
                        }
                        // Both empty: not assessed. A missing column is reported with the header.
                        _ => {}
                    }
                }
                let mut profile = *defaults;
                if region.is_some() {
                    profile.region = region;
                }
                if commune_group.is_some() {
                    profile.group = commune_group;
                }
                if col.contains_key("disadvantaged") && !dis_txt.is_empty() {
                    profile.is_disadvantaged = disadvantaged;
                }
                match set.dimension() {
                    // The region column first, then the province, then the default.
                    Dimension::Region if region.is_none() && region_txt.is_empty() => {
                        let province_txt = get("province");
                        if !province_txt.is_empty() {
                            match crate::region::region_of(&province_txt) {
                                Ok(r) => profile.region = Some(r),
                                Err(_) => prob(
                                    "province",
                                    "unknown_region",
                                    "not a province (the region column is empty, so the province gives the region)"
                                        .into(),
                                    &province_txt,
                                ),
                            }
                        } else if profile.region.is_none() {
                            prob(
                                "region",
                                "missing_region",
                                format!(
                                    "set {} varies its thresholds by region: give the commune's region or province",
                                    set.id()
                                ),
                                "",
                            );
                        }
                    }
                    Dimension::CommuneGroup if profile.group.is_none() && group_txt.is_empty() => prob(
                        "commune_group",
                        "missing_commune_group",
                        format!("set {} varies its thresholds by commune group: give G1, G2 or G3", set.id()),
                        "",
                    ),
                    _ => {}
                }
                values.push(vals);
                profiles.push(profile);
            }
            let decision = Some(get("recognition_decision")).filter(|d| !d.is_empty());
            rows.push(CommuneRecord {
                code,
                name: get("name"),
                district_code: get("district_code"),
                district: get("district"),
                province: get("province"),
                region,
                commune_group,
                disadvantaged,
                met,
                met_count,
                recognition: Recognition { level, year, decision },
                line,
            });
        }
        if !problems.is_empty() {
            return Err(fail(problems));
        }
        Ok(ReadOut { table: CommuneTable { criteria_count: n, rows }, values, profiles })
    }

    /// Reads a communes CSV file.
    ///
    /// ```
    /// let err = ntm_criteria::CommuneTable::from_path("missing.csv", 19).unwrap_err();
    /// assert!(matches!(err, ntm_criteria::NtmError::Io { .. }));
    /// ```
    pub fn from_path(path: impl AsRef<Path>, criteria_count: u32) -> Result<CommuneTable> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let file =
            std::fs::File::open(path).map_err(|e| NtmError::Io { path: name.clone(), message: e.to_string() })?;
        CommuneTable::from_csv_reader(std::io::BufReader::new(file), &name, criteria_count)
    }

    /// Number of communes.
    ///
    /// ```
    /// let t = ntm_criteria::CommuneTable::from_csv_reader("code,met_count\n001,5\n002,19\n".as_bytes(), "t", 19)?;
    /// assert_eq!(t.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table has no communes.
    ///
    /// ```
    /// let t = ntm_criteria::CommuneTable::from_csv_reader("code,met_count\n".as_bytes(), "t", 19)?;
    /// assert!(t.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The commune with this code.
    ///
    /// ```
    /// let t = ntm_criteria::CommuneTable::from_csv_reader("code,met_count\n001,5\n".as_bytes(), "t", 19)?;
    /// assert_eq!(t.get("001").map(|r| r.met_count), Some(5));
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn get(&self, code: &str) -> Option<&CommuneRecord> {
        self.rows.iter().find(|r| r.code == code)
    }

    fn tally<'a>(&self, rows: impl Iterator<Item = &'a CommuneRecord>) -> Result<Tally> {
        let mut t = Tally::new(self.criteria_count);
        let mut detail = Vec::new();
        let mut counts_only = Vec::new();
        for r in rows {
            match r.met {
                Some(m) => detail.push(m),
                None => counts_only.push(r.met_count),
            }
        }
        if counts_only.is_empty() {
            for m in detail {
                // A criteria list is complete: what is not listed is not met.
                t.add_mask(m, CriteriaMask::EMPTY)?;
            }
        } else {
            for m in detail {
                t.add_count(m.count())?;
            }
            for c in counts_only {
                t.add_count(c)?;
            }
        }
        Ok(t)
    }

    /// The summary of the whole table. When every row lists its criteria (`criteria_met`), the
    /// summary also has the per-criterion counts.
    ///
    /// ```
    /// use ntm_criteria::{Banding, CommuneTable, Lang, ReportOptions, SummaryOptions};
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/data/lang_son_2020.csv");
    /// let t = CommuneTable::from_path(path, 19)?; // examples/data/lang_son_2020.csv: 181 xã
    /// let banding = Banding::official().with_label(3, "từ 5-9", "5-9")?;
    /// let s = t.summary(&banding, SummaryOptions::default())?;
    /// assert_eq!((s.communes, s.total_criteria, s.meeting_standard), (181, 2110, 51));
    /// assert!(s.report(Lang::Vi, &ReportOptions::default()).starts_with("Số tiêu chí bình quân 01 xã đạt 11,66 tiêu chí/xã"));
    /// assert!(s.per_criterion.is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn summary(&self, banding: &Banding, options: SummaryOptions) -> Result<Summary> {
        self.tally(self.rows.iter())?.summarize(banding, options)
    }

    /// Summaries grouped by a key (district, province, region, …), in key order.
    ///
    /// ```
    /// use ntm_criteria::{Banding, CommuneTable, SummaryOptions};
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/data/lang_son_2020.csv");
    /// let t = CommuneTable::from_path(path, 19)?; // examples/data/lang_son_2020.csv
    /// let by_district = t.summary_by(|r| r.district.clone(), &Banding::official(), SummaryOptions::default())?;
    /// assert_eq!(by_district.len(), 11); // Lạng Sơn's 11 districts
    /// assert_eq!(by_district.values().map(|s| s.communes).sum::<u64>(), 181);
    /// assert_eq!(by_district.values().map(|s| s.total_criteria).sum::<u64>(), 2110);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn summary_by<K: Ord>(
        &self,
        key: impl Fn(&CommuneRecord) -> K,
        banding: &Banding,
        options: SummaryOptions,
    ) -> Result<BTreeMap<K, Summary>> {
        let mut groups: BTreeMap<K, Vec<&CommuneRecord>> = BTreeMap::new();
        for r in &self.rows {
            groups.entry(key(r)).or_default().push(r);
        }
        groups
            .into_iter()
            .map(|(k, rows)| Ok((k, self.tally(rows.into_iter())?.summarize(banding, options)?)))
            .collect()
    }
}

/// A communes table with indicator values (chỉ tiêu), read against a criteria set: the
/// columns of [`CommuneTable`] plus one column per indicator.
///
/// An indicator column is named by the indicator id (`10`, `4.2`, `C1-general-plan`; ids are
/// matched exactly, then ignoring ASCII case). A compound indicator takes its two numbers in two
/// columns named `id:component` (`17.1:hygienic`, `17.1:clean`), or a verdict in the column `id`.
/// Each cell is read with [`crate::parse::parse_cell`] (numbers with a decimal comma or a `%`
/// sign, `Đạt`/`Không đạt`, `x`; see `docs/input-rules.md`); an empty cell is not assessed.
///
/// The commune's region (or commune group) comes from the `region` (or `commune_group`) column,
/// else from the `province` column, else from `defaults`; a row without one is a problem.
/// `criteria_met` and `met_count` are optional here; when present they are validated as in
/// [`CommuneTable`] but the assessment does not use them.
///
/// Every problem of the file is reported at once in [`NtmError::Validation`]: unknown indicator
/// columns (`unknown_indicator`), unreadable cells (the [`crate::parse::ParseIssue`] kind),
/// missing regions, and every problem a [`CommuneTable`] reports.
///
/// ```
/// use ntm_criteria::{CriteriaSet, IndicatorTable, Profile, Status};
/// let set = CriteriaSet::bundled("2016-2020")?;
/// let csv = "\u{feff}code,province,10,17.1:hygienic,17.1:clean,1.1\r\n\
///            001,Lạng Sơn,\"38,5\",92%,\"48,0\",Đạt\r\n\
///            002,Lạng Sơn,31,,,x\r\n";
/// let t = IndicatorTable::from_csv_reader(csv.as_bytes(), "demo.csv", set, &Profile::default())?;
/// let a = t.assess(set)?;
/// assert_eq!(a[0].criterion(10), Some(Status::Met));     // 38.5 ≥ 36 (NMM)
/// assert_eq!(a[0].criterion(17), Some(Status::NotMet));  // clean water 48% < 50%
/// assert_eq!(a[1].criterion(10), Some(Status::NotMet));
///
/// let bad = "code,region,4.2,99.9\n001,NMM,0.85,\n001,Atlantis,abc,\n";
/// let err = IndicatorTable::from_csv_reader(bad.as_bytes(), "bad.csv", set, &Profile::default()).unwrap_err();
/// let found: Vec<_> = err.problems().iter().map(|p| (p.row, p.loc.as_str(), p.kind.as_str())).collect();
/// assert_eq!(found, [
///     (Some(1), "99.9", "unknown_indicator"),
///     (Some(2), "4.2", "ambiguous_percent"),
///     (Some(3), "code", "duplicate_code"),
///     (Some(3), "region", "unknown_region"),
///     (Some(3), "4.2", "not_a_number"),
/// ]);
/// Ok::<(), ntm_criteria::NtmError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorTable {
    communes: CommuneTable,
    set_id: String,
    values: Vec<Vec<Value>>,
    profiles: Vec<Profile>,
}

impl IndicatorTable {
    /// Reads a communes CSV with indicator columns of `set` (see the type docs). `defaults`
    /// gives the region, commune group and ĐBKK flag of rows that do not give theirs.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, Profile, Region};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let lang_son = Profile::region(Region::NorthernMidlandsMountains);
    /// let t = IndicatorTable::from_csv_reader("code;10\n001;38,5\n".as_bytes(), "t.csv", set, &lang_son)?;
    /// let income = set.indicator_index("10")?;
    /// assert_eq!(t.values(0).map(|v| v[income]), Some(ntm_criteria::Value::Number(38.5)));
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn from_csv_reader<R: Read>(
        reader: R,
        source_name: &str,
        set: &CriteriaSet,
        defaults: &Profile,
    ) -> Result<IndicatorTable> {
        let out = CommuneTable::read_csv(reader, source_name, set.criteria_count(), Some((set, defaults)))?;
        Ok(IndicatorTable {
            communes: out.table,
            set_id: set.id().to_string(),
            values: out.values,
            profiles: out.profiles,
        })
    }

    /// Reads a communes CSV file with indicator columns.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, NtmError, Profile};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let err = IndicatorTable::from_path("missing.csv", set, &Profile::default()).unwrap_err();
    /// assert!(matches!(err, NtmError::Io { .. }));
    /// Ok::<(), NtmError>(())
    /// ```
    pub fn from_path(path: impl AsRef<Path>, set: &CriteriaSet, defaults: &Profile) -> Result<IndicatorTable> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let file =
            std::fs::File::open(path).map_err(|e| NtmError::Io { path: name.clone(), message: e.to_string() })?;
        IndicatorTable::from_csv_reader(std::io::BufReader::new(file), &name, set, defaults)
    }

    /// The id of the set the table was read against.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, Profile, Region};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let t = IndicatorTable::from_csv_reader("code,region,10\n001,NMM,40\n".as_bytes(), "t", set, &Profile::default())?;
    /// assert_eq!(t.set_id(), "2016-2020");
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn set_id(&self) -> &str {
        &self.set_id
    }

    /// Refuses a set other than the one the table was read against.
    fn check_set(&self, set: &CriteriaSet) -> Result<()> {
        let n = self.values.first().map(Vec::len).unwrap_or(set.indicator_count());
        if set.id() != self.set_id || set.indicator_count() != n {
            return Err(NtmError::Batch {
                reason: format!("the table was read against set {}, not {}", self.set_id, set.id()),
            });
        }
        Ok(())
    }

    /// The communes (codes, names, districts, … as in the file).
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, Profile};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let t = IndicatorTable::from_csv_reader("code,name,region,10\n001,Mai Pha,NMM,40\n".as_bytes(), "t", set, &Profile::default())?;
    /// assert_eq!(t.records()[0].name, "Mai Pha");
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn records(&self) -> &[CommuneRecord] {
        &self.communes.rows
    }

    /// The indicator values of row `row` (0-based), in set order
    /// ([`CriteriaSet::indicator_index`]).
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, Profile, Value};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let t = IndicatorTable::from_csv_reader("code,region,1.1\n001,NMM,Không đạt\n".as_bytes(), "t", set, &Profile::default())?;
    /// assert_eq!(t.values(0).map(|v| v[0]), Some(Value::Verdict(false)));
    /// assert!(t.values(1).is_none());
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn values(&self, row: usize) -> Option<&[Value]> {
        self.values.get(row).map(Vec::as_slice)
    }

    /// The profile (region or group, ĐBKK flag) of row `row` (0-based).
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, Profile, Region};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let t = IndicatorTable::from_csv_reader("code,province,10\n001,Cà Mau,40\n".as_bytes(), "t", set, &Profile::default())?;
    /// assert_eq!(t.profile(0).and_then(|p| p.region), Some(Region::MekongRiverDelta));
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn profile(&self, row: usize) -> Option<&Profile> {
        self.profiles.get(row)
    }

    /// Number of communes.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, Profile};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let t = IndicatorTable::from_csv_reader("code,region,10\n001,NMM,40\n002,RRD,40\n".as_bytes(), "t", set, &Profile::default())?;
    /// assert_eq!(t.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn len(&self) -> usize {
        self.communes.rows.len()
    }

    /// Whether the table has no communes.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, Profile};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let t = IndicatorTable::from_csv_reader("code,region,10\n".as_bytes(), "t", set, &Profile::default())?;
    /// assert!(t.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.communes.rows.is_empty()
    }

    /// Assesses every commune, in file order, with the set the table was read against (another
    /// set is refused with [`NtmError::Batch`]).
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, Profile};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let t = IndicatorTable::from_csv_reader("code,region,10\n001,NMM,40\n002,RRD,40\n".as_bytes(), "t", set, &Profile::default())?;
    /// let met: Vec<u32> = t.assess(set)?.iter().map(|a| a.met_count).collect();
    /// assert_eq!(met, [1, 0]); // 40 ≥ 36 in NMM, < 50 in RRD
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn assess(&self, set: &CriteriaSet) -> Result<Vec<Assessment>> {
        self.check_set(set)?;
        self.values
            .iter()
            .zip(&self.profiles)
            .zip(&self.communes.rows)
            .map(|((v, p), r)| {
                set.assess_values(v, p).map_err(|e| match e {
                    NtmError::Validation { source_name, problems } => NtmError::Validation {
                        source_name,
                        problems: problems
                            .into_iter()
                            .map(|x| x.at_row(r.line as usize).for_commune(r.code.clone()))
                            .collect(),
                    },
                    other => other,
                })
            })
            .collect()
    }

    /// A tally of the assessments (for summaries).
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, Profile};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let t = IndicatorTable::from_csv_reader("code,region,10\n001,NMM,40\n".as_bytes(), "t", set, &Profile::default())?;
    /// assert_eq!(t.tally(set)?.communes(), 1);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn tally(&self, set: &CriteriaSet) -> Result<Tally> {
        let mut t = Tally::new(set.criteria_count());
        for a in self.assess(set)? {
            t.add_assessment(&a)?;
        }
        Ok(t)
    }

    /// The summary of the whole table. A table without communes is refused
    /// ([`NtmError::EmptySummary`]).
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, NtmError, Profile, SummaryOptions};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let t = IndicatorTable::from_csv_reader("code,region,10\n".as_bytes(), "empty.csv", set, &Profile::default())?;
    /// let err = t.summary(set, set.banding(), SummaryOptions::default()).unwrap_err();
    /// assert!(matches!(err, NtmError::EmptySummary { .. }));
    /// Ok::<(), NtmError>(())
    /// ```
    pub fn summary(&self, set: &CriteriaSet, banding: &Banding, options: SummaryOptions) -> Result<Summary> {
        self.tally(set)?.summarize(banding, options)
    }

    /// Summaries grouped by a key of the commune and of the profile its assessment used (the
    /// region or group after the `province` column and the defaults are applied), in key order.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, Profile, SummaryOptions};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let csv = "code,district,province,10\n001,A,Lạng Sơn,40\n002,A,Hà Nội,40\n003,B,Cà Mau,\n";
    /// let t = IndicatorTable::from_csv_reader(csv.as_bytes(), "t", set, &Profile::default())?;
    /// let by = t.summary_by(set, |r, _| r.district.clone(), set.banding(), SummaryOptions::default())?;
    /// assert_eq!((by["A"].communes, by["A"].total_criteria), (2, 1)); // 40 ≥ 36 in NMM only
    /// let by = t.summary_by(set, |_, p| p.region.map(|r| r.code()), set.banding(), SummaryOptions::default())?;
    /// assert_eq!(by.keys().copied().collect::<Vec<_>>(), [Some("MRD"), Some("NMM"), Some("RRD")]);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn summary_by<K: Ord>(
        &self,
        set: &CriteriaSet,
        key: impl Fn(&CommuneRecord, &Profile) -> K,
        banding: &Banding,
        options: SummaryOptions,
    ) -> Result<BTreeMap<K, Summary>> {
        let assessed = self.assess(set)?;
        let rows = self
            .communes
            .rows
            .iter()
            .zip(&self.profiles)
            .zip(&assessed)
            .map(|((r, p), a)| (key(r, p), a.met, a.not_assessed));
        Summary::by_group(rows, banding, options)
    }
}

/// A cell as it is matched: trimmed, BOM removed, NFC ([`crate::text::nfc`]); text that is
/// already NFC (ASCII, most Vietnamese typed on Windows) is only copied.
fn nfc(s: &str) -> String {
    let t = s.trim_start_matches('\u{feff}').trim();
    if unicode_normalization::is_nfc_quick(t.chars()) == unicode_normalization::IsNormalized::Yes {
        t.to_string()
    } else {
        crate::text::nfc(t)
    }
}

/// An indicator column of a table read against a set: the whole indicator, or one of the two
/// numbers of a compound indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IndCol {
    Whole(usize),
    Part(usize, usize),
}

/// What [`read_csv`] returns: the table and, when read against a set, the values and profiles.
struct ReadOut {
    table: CommuneTable,
    values: Vec<Vec<Value>>,
    profiles: Vec<Profile>,
}

/// The delimiter of a CSV: `,` unless the header line has no comma but has `;` (Excel with a
/// decimal comma) or a tab.
fn sniff_delimiter(body: &[u8]) -> u8 {
    let header = body
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .find(|l| {
            let t: &[u8] = l.trim_ascii();
            !t.is_empty() && !t.starts_with(b"#")
        })
        .unwrap_or(&[]);
    let mut quoted = false;
    let (mut comma, mut semi, mut tab) = (0, 0, 0);
    for &b in header {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => comma += 1,
            b';' if !quoted => semi += 1,
            b'\t' if !quoted => tab += 1,
            _ => {}
        }
    }
    if comma == 0 && semi > 0 {
        b';'
    } else if comma == 0 && tab > 0 {
        b'\t'
    } else {
        b','
    }
}

/// Line numbers of records, from their byte offsets. The csv reader's own line count drifts
/// with CRLF line ends and blank lines; a record's offset may point at the line ends or comment
/// lines before it, so those are skipped first. Offsets only grow, so counting is incremental.
struct Lines<'a> {
    body: &'a [u8],
    pos: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn new(body: &'a [u8]) -> Self {
        Lines { body, pos: 0, line: 1 }
    }

    fn at(&mut self, byte: Option<u64>) -> usize {
        let b = self.body;
        let mut i = byte.map(|x| x as usize).unwrap_or(self.pos).clamp(self.pos, b.len());
        loop {
            while i < b.len() && (b[i] == b'\n' || b[i] == b'\r') {
                i += 1;
            }
            let line_start = i == 0 || b[i - 1] == b'\n' || b[i - 1] == b'\r';
            if i < b.len() && b[i] == b'#' && line_start {
                while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
                continue;
            }
            break;
        }
        for k in self.pos..i {
            if b[k] == b'\n' || (b[k] == b'\r' && b.get(k + 1) != Some(&b'\n')) {
                self.line += 1;
            }
        }
        self.pos = i;
        self.line
    }
}

/// The indicator (or component) named by a column header.
fn resolve_indicator(set: &CriteriaSet, name: &str) -> std::result::Result<IndCol, Box<Problem>> {
    let find = |id: &str| -> Option<usize> {
        set.indicator_index(id).ok().or_else(|| set.indicators().position(|i| i.id.eq_ignore_ascii_case(id)))
    };
    let unknown =
        |id: &str| {
            Box::new(Problem::new(
            name,
            "unknown_indicator",
            format!(
                "neither a table column ({}) nor an indicator of set {}: {id:?} is not one of its indicator ids",
                KNOWN.join(", "),
                set.id()
            ),
        )
        .with_input(name))
        };
    match name.split_once(':') {
        Some((id, comp)) => {
            let (id, comp) = (id.trim(), comp.trim());
            let idx = find(id).ok_or_else(|| unknown(id))?;
            let ind = set.indicator_at(idx);
            match &ind.components {
                Some(names) => names
                    .iter()
                    .position(|c| c == comp || fold(c) == fold(comp))
                    .map(|k| IndCol::Part(idx, k))
                    .ok_or_else(|| {
                        Box::new(
                            Problem::new(
                                name,
                                "unknown_component",
                                format!(
                                    "indicator {} has the components {:?} and {:?}, not {comp:?}",
                                    ind.id, names[0], names[1]
                                ),
                            )
                            .with_input(name),
                        )
                    }),
                None => Err(Box::new(
                    Problem::new(
                        name,
                        "unknown_component",
                        format!("indicator {} has one value, no components: name the column {}", ind.id, ind.id),
                    )
                    .with_input(name),
                )),
            }
        }
        None => find(name).map(IndCol::Whole).ok_or_else(|| unknown(name)),
    }
}
