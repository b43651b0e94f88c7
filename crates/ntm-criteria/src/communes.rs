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
//! to NFC.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::band::Banding;
use crate::error::{NtmError, Problem, Result};
use crate::mask::CriteriaMask;
use crate::region::{CommuneGroup, Region};
use crate::summary::{Summary, SummaryOptions, Tally};
use crate::text::{fold, nfc};

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
        let n = criteria_count.clamp(1, 32);
        let mut rdr =
            csv::ReaderBuilder::new().comment(Some(b'#')).flexible(true).trim(csv::Trim::All).from_reader(reader);
        let fail = |problems| NtmError::Validation { source_name: source_name.to_string(), problems };
        let headers: Vec<String> = match rdr.headers() {
            Ok(h) => h.iter().map(|s| fold(&nfc(s)).replace(' ', "_")).collect(),
            Err(e) => return Err(fail(vec![Problem::new("header", "malformed", e.to_string())])),
        };
        let mut problems = Vec::new();
        let mut col: HashMap<&str, usize> = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            if let Some(k) = KNOWN.iter().find(|k| **k == h.as_str()) {
                if col.insert(k, i).is_some() {
                    problems.push(Problem::new(h.clone(), "duplicate_column", "the column appears twice").at_row(1));
                }
            } else if h.is_empty() && i + 1 == headers.len() {
                // A trailing comma in the header of an Excel export.
            } else {
                problems.push(
                    Problem::new(
                        h.clone(),
                        "unknown_column",
                        format!("unknown column; known columns: {}", KNOWN.join(", ")),
                    )
                    .at_row(1)
                    .with_input(h.clone()),
                );
            }
        }
        if !col.contains_key("code") {
            problems.push(Problem::new("code", "missing_column", "the table needs a code column").at_row(1));
        }
        if !col.contains_key("criteria_met") && !col.contains_key("met_count") {
            problems.push(
                Problem::new("criteria_met", "missing_column", "the table needs criteria_met or met_count").at_row(1),
            );
        }
        if !problems.is_empty() {
            return Err(fail(problems));
        }
        let mut rows = Vec::new();
        let mut seen: HashMap<String, u64> = HashMap::new();
        for rec in rdr.records() {
            let rec = match rec {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                    problems.push(Problem::new("record", "malformed", e.to_string()).at_row(line));
                    continue;
                }
            };
            let line = rec.position().map(|p| p.line()).unwrap_or(0);
            if rec.iter().all(|f| f.trim().is_empty()) {
                continue; // an empty row of a spreadsheet export: nothing to drop
            }
            if rec.len() > headers.len() && rec.iter().skip(headers.len()).any(|f| !f.is_empty()) {
                problems.push(
                    Problem::new(
                        "record",
                        "extra_fields",
                        format!("{} fields for {} columns", rec.len(), headers.len()),
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
                let mut ok = true;
                for part in list.split([';', ' ', '|']).map(str::trim).filter(|s| !s.is_empty()) {
                    match part.parse::<u32>() {
                        Ok(k) if (1..=n).contains(&k) => {
                            if m.contains(k) {
                                prob(
                                    "criteria_met",
                                    "repeated_criterion",
                                    format!("criterion {k} is listed twice"),
                                    &list,
                                );
                                ok = false;
                            }
                            m.insert(k);
                        }
                        Ok(k) => {
                            prob(
                                "criteria_met",
                                "unknown_criterion",
                                format!("criterion {k} is outside 1..={n}"),
                                &list,
                            );
                            ok = false;
                        }
                        Err(_) => {
                            prob("criteria_met", "not_a_number", format!("{part:?} is not a criterion number"), &list);
                            ok = false;
                        }
                    }
                }
                if ok {
                    met = Some(m);
                }
            }
            let mut met_count = met.map(|m| m.count()).unwrap_or(0);
            if col.contains_key("met_count") {
                let txt = get("met_count");
                match txt.parse::<u32>() {
                    Ok(c) if c <= n => {
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
        Ok(CommuneTable { criteria_count: n, rows })
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
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table has no communes.
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

    /// The summary of the whole table.
    pub fn summary(&self, banding: &Banding, options: SummaryOptions) -> Result<Summary> {
        self.tally(self.rows.iter())?.summarize(banding, options)
    }

    /// Summaries grouped by a key (district, province, region, …).
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
