//! The report sentence, in Vietnamese and English.

use serde::{Deserialize, Serialize};

use crate::summary::Summary;

/// Report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Vietnamese, as published by provincial offices.
    Vi,
    /// English.
    En,
}

impl std::str::FromStr for Lang {
    type Err = crate::NtmError;
    /// `"vi"` or `"en"`.
    ///
    /// ```
    /// assert_eq!("vi".parse::<ntm_criteria::Lang>()?, ntm_criteria::Lang::Vi);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    fn from_str(s: &str) -> Result<Lang, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vi" | "vie" | "vn" => Ok(Lang::Vi),
            "en" | "eng" => Ok(Lang::En),
            _ => Err(crate::NtmError::InvalidArgument {
                argument: "lang".into(),
                reason: format!("{s:?} is not a report language (vi or en)"),
            }),
        }
    }
}

/// Options of the report sentence.
///
/// ```
/// let o = ntm_criteria::ReportOptions::default().as_of("Đến hết tháng 7/2020");
/// assert_eq!(o.as_of.as_deref(), Some("Đến hết tháng 7/2020"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportOptions {
    /// An "as of" phrase that opens the sentence ("Đến hết tháng 7/2020", "As of end July 2020").
    pub as_of: Option<String>,
    /// Also list bands with zero communes (left out by default, as in published reports).
    pub include_empty_bands: bool,
    /// Leave out the clause that says how many communes have criteria not assessed ("(03 xã
    /// còn tiêu chí chưa đánh giá)"). Off by default: a sentence never hides missing data, so
    /// only callers who have checked the data should set it.
    pub omit_not_assessed: bool,
}

impl ReportOptions {
    /// Sets the "as of" phrase that opens the sentence.
    ///
    /// ```
    /// use ntm_criteria::{Banding, Lang, ReportOptions, Summary, SummaryOptions};
    /// let s = Summary::from_band_counts(&[51, 4, 36, 90, 0], 2110, &Banding::official(), SummaryOptions::default())?;
    /// let sentence = s.report(Lang::Vi, &ReportOptions::default().as_of("Đến hết tháng 7/2020"));
    /// assert!(sentence.starts_with("Đến hết tháng 7/2020, số tiêu chí bình quân 01 xã đạt 11,66 tiêu chí/xã"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn as_of(mut self, phrase: &str) -> ReportOptions {
        self.as_of = Some(phrase.to_string());
        self
    }
}

fn pad2(n: u64) -> String {
    format!("{n:02}")
}

impl Summary {
    /// The report sentence.
    ///
    /// Vietnamese: decimal commas, counts zero-padded to two digits ("04/181"), "%" attached,
    /// bands joined by "; ", bands with no commune left out unless asked.
    ///
    /// ```
    /// use ntm_criteria::{Banding, Lang, ReportOptions, Summary, SummaryOptions};
    /// let banding = Banding::official().with_label(3, "từ 5-9", "5-9")?;
    /// let s = Summary::from_band_counts(&[51, 4, 36, 90, 0], 2110, &banding, SummaryOptions::default())?;
    /// let vi = s.report(Lang::Vi, &ReportOptions::default().as_of("Đến hết tháng 7/2020"));
    /// assert_eq!(vi, "Đến hết tháng 7/2020, số tiêu chí bình quân 01 xã đạt 11,66 tiêu chí/xã, cụ thể: \
    /// Số xã đạt 19 tiêu chí có 51/181 xã, chiếm 28,18%; Số xã đạt 15-18 tiêu chí có 04/181 xã, chiếm 2,21%; \
    /// Số xã đạt 10-14 tiêu chí có 36/181 xã, chiếm 19,89%; Số xã đạt từ 5-9 tiêu chí có 90/181 xã, chiếm 49,72%.");
    /// let en = s.report(Lang::En, &ReportOptions::default());
    /// assert!(en.starts_with("On average each commune meets 11.66 criteria: 51 of 181 communes (28.18%) meet all 19; 4 of 181 (2.21%) meet 15-18;"));
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn report(&self, lang: Lang, options: &ReportOptions) -> String {
        let bands = self.bands.iter().filter(|b| options.include_empty_bands || b.count > 0);
        let total = self.communes;
        let u = self.unit.vi();
        match lang {
            Lang::Vi => {
                let parts: Vec<String> = bands
                    .map(|b| {
                        format!(
                            "Số {u} đạt {} tiêu chí có {}/{} {u}, chiếm {}%",
                            b.label_vi,
                            pad2(b.count),
                            total,
                            b.share.to_vi()
                        )
                    })
                    .collect();
                let head = format!(
                    "số tiêu chí bình quân 01 {u} đạt {} tiêu chí/{u}{}",
                    self.average.to_vi(),
                    self.not_assessed_clause(Lang::Vi, options)
                );
                let head = match &options.as_of {
                    Some(a) => format!("{a}, {head}"),
                    None => capitalise(&head),
                };
                if parts.is_empty() { format!("{head}.") } else { format!("{head}, cụ thể: {}.", parts.join("; ")) }
            }
            Lang::En => {
                let parts: Vec<String> = bands
                    .enumerate()
                    .map(|(i, b)| {
                        let noun = if i == 0 { format!(" {}", self.unit.en(total)) } else { String::new() };
                        let verb = if i == 0 && b.count == 1 { "meets" } else { "meet" };
                        format!("{} of {}{} ({}%) {} {}", b.count, total, noun, b.share, verb, b.label_en)
                    })
                    .collect();
                let head = format!(
                    "on average each {} meets {} criteria{}",
                    self.unit.en(1),
                    self.average,
                    self.not_assessed_clause(Lang::En, options)
                );
                let head = match &options.as_of {
                    Some(a) => format!("{a}, {head}"),
                    None => capitalise(&head),
                };
                if parts.is_empty() { format!("{head}.") } else { format!("{head}: {}.", parts.join("; ")) }
            }
        }
    }
}

impl Summary {
    /// The honesty clause: " (03 xã còn tiêu chí chưa đánh giá)" when some summarised communes
    /// have a criterion not assessed, empty otherwise (or when the caller asked to omit it).
    ///
    /// ```
    /// use ntm_criteria::{Banding, CriteriaMask, Lang, ReportOptions, SummaryOptions, Tally};
    /// let mut t = Tally::new(19);
    /// let rest: Vec<u32> = (2..=19).collect();
    /// t.add_mask(CriteriaMask::from_numbers(&[1], 19)?, CriteriaMask::from_numbers(&rest, 19)?)?;
    /// t.add_mask(CriteriaMask(0), CriteriaMask::from_numbers(&rest, 19)?)?;
    /// let s = t.summarize(&Banding::official(), SummaryOptions::default())?;
    /// assert_eq!(s.not_assessed_clause(Lang::Vi, &ReportOptions::default()), " (02 xã còn tiêu chí chưa đánh giá)");
    /// assert_eq!(s.not_assessed_clause(Lang::En, &ReportOptions::default()), " (2 communes with criteria not assessed)");
    /// let checked = ReportOptions { omit_not_assessed: true, ..ReportOptions::default() };
    /// assert_eq!(s.not_assessed_clause(Lang::Vi, &checked), "");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn not_assessed_clause(&self, lang: Lang, options: &ReportOptions) -> String {
        match self.communes_not_assessed {
            Some(n) if n > 0 && !options.omit_not_assessed => match lang {
                Lang::Vi => format!(" ({} {} còn tiêu chí chưa đánh giá)", pad2(n), self.unit.vi()),
                Lang::En => format!(" ({n} {} with criteria not assessed)", self.unit.en(n)),
            },
            _ => String::new(),
        }
    }
}

/// `s` with its first letter in upper case.
pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
