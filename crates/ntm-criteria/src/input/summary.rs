//! Tallies of a criterion-level read, whole or grouped by a column (a summary of any door).

use crate::kind::ProblemKind;
use std::collections::BTreeMap;

use crate::band::Banding;
use crate::error::{NtmError, Problem, Result};
use crate::input::Read;
use crate::input::cell::read_text;
use crate::input::read::distinct;
use crate::summary::{Summary, SummaryOptions, Tally};

impl Read<'_> {
    /// The tally of the rows' criteria: per criterion when every row gives its criteria
    /// (criterion columns or a list), else the counts of criteria met.
    ///
    /// ```
    /// use ntm_criteria::input::{read, ColumnData, ReadOptions, Source, SourceColumn};
    /// use ntm_criteria::{Banding, SummaryOptions};
    /// let src = Source::frame("f", vec![
    ///     SourceColumn::new("TC1", ColumnData::text(["Đạt", "Không đạt", ""])),
    ///     SourceColumn::new("TC2", ColumnData::text(["x", "x", "x"])),
    /// ]);
    /// let t = read(src, &ReadOptions::criteria(2))?.tally()?;
    /// let s = t.summarize(&Banding::default_for(2), SummaryOptions::default())?;
    /// assert_eq!((s.communes, s.total_criteria, s.communes_not_assessed), (3, 4, Some(1)));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn tally(&self) -> Result<Tally> {
        let rows: Vec<usize> = (0..self.source.rows).collect();
        self.tally_rows(&rows)
    }

    fn tally_rows(&self, rows: &[usize]) -> Result<Tally> {
        let c = self.criteria.as_ref().ok_or_else(|| NtmError::Batch {
            reason: "no criteria to summarise: the data has no met_count, criteria_met or criterion columns".into(),
        })?;
        let n = self.criteria_count;
        let mut t = Tally::new(n);
        if rows.iter().all(|&r| c.met[r].is_some()) {
            let met: Vec<u32> = rows.iter().map(|&r| c.met[r].map_or(0, |m| m.0)).collect();
            let na: Vec<u32> = rows.iter().map(|&r| c.not_assessed[r].0).collect();
            t.add_masks(&met, &na)?;
        } else {
            let mut hist = vec![0u64; n as usize + 1];
            for &r in rows {
                hist[(c.counts[r] as usize).min(n as usize)] += 1;
            }
            t.add_histogram(&hist)?;
        }
        Ok(t)
    }

    /// The tallies of the groups of the column named `name` (matched as headers are: case,
    /// accents and white space ignored), in key order; [`Read::tally_by`].
    ///
    /// ```
    /// use ntm_criteria::input::{read, ColumnData, ReadOptions, Source, SourceColumn};
    /// let src = Source::frame("f", vec![
    ///     SourceColumn::new("Huyện", ColumnData::text(["B", "A", "A"])),
    ///     SourceColumn::new("met_count", ColumnData::float(&[19.0, 12.0, 7.0])),
    /// ]);
    /// let r = read(src, &ReadOptions::criteria(19))?;
    /// assert_eq!(r.tally_by_name("huyen")?["A"].communes(), 2);
    /// assert!(r.tally_by_name("xã").is_err()); // no such column
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn tally_by_name(&self, name: &str) -> Result<BTreeMap<String, Tally>> {
        let key = crate::input::header::header_key(name);
        let column = self.source.columns.iter().position(|c| crate::input::header::header_key(&c.name) == key);
        let Some(column) = column else {
            let p =
                crate::Problem::new("by", crate::ProblemKind::MissingColumn, format!("there is no column {name:?}"))
                    .with_input(name.to_string());
            return Err(NtmError::validation(self.source.name.clone(), vec![p]));
        };
        self.tally_by(column)
    }

    /// The summary of the read ([`Read::tally`]), or with `by` one per group of that column
    /// ([`Read::tally_by_name`], in key order), under `banding` or the default banding for the
    /// read's number of criteria ([`Banding::given_or_default`]).
    ///
    /// ```
    /// use ntm_criteria::input::{read, ColumnData, ReadOptions, Source, SourceColumn};
    /// use ntm_criteria::SummaryOptions;
    /// let src = Source::frame("f", vec![
    ///     SourceColumn::new("huyện", ColumnData::text(["B", "A", "A"])),
    ///     SourceColumn::new("met_count", ColumnData::float(&[19.0, 12.0, 7.0])),
    /// ]);
    /// let r = read(src, &ReadOptions::criteria(19))?;
    /// let all = r.summaries(None, None, SummaryOptions::default())?;
    /// assert_eq!((all[0].0.as_deref(), all[0].1.meeting_standard), (None, 1));
    /// let by = r.summaries(Some("Huyện"), None, SummaryOptions::default())?;
    /// assert_eq!((by[0].0.as_deref(), by[0].1.communes), (Some("A"), 2));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn summaries(
        &self,
        by: Option<&str>,
        banding: Option<&Banding>,
        options: SummaryOptions,
    ) -> Result<Vec<(Option<String>, Summary)>> {
        let tallies = match by {
            None => vec![(None, self.tally()?)],
            Some(name) => self.tally_by_name(name)?.into_iter().map(|(k, t)| (Some(k), t)).collect(),
        };
        let banding = Banding::given_or_default(banding, self.criteria_count)?;
        tallies.into_iter().map(|(k, t)| Ok((k, t.summarize(&banding, options)?))).collect()
    }

    /// The tallies of the groups of a column (district, province, …), in key order: each key
    /// is the text of the cells (NFC, trimmed: `Hòa Bình` typed on a Mac and on Windows is one
    /// group). A row without a key is refused.
    ///
    /// ```
    /// use ntm_criteria::input::{read, ColumnData, ReadOptions, Source, SourceColumn};
    /// let src = Source::frame("f", vec![
    ///     SourceColumn::new("Huyện", ColumnData::text(["B", "A", "A"])),
    ///     SourceColumn::new("met_count", ColumnData::float(&[19.0, 12.0, 7.0])),
    /// ]);
    /// let r = read(src, &ReadOptions::criteria(19))?;
    /// let by = r.tally_by(0)?;
    /// assert_eq!(by.keys().collect::<Vec<_>>(), ["A", "B"]);
    /// assert_eq!(by["A"].communes(), 2);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn tally_by(&self, column: usize) -> Result<BTreeMap<String, Tally>> {
        let col =
            self.source.columns.get(column).ok_or_else(|| NtmError::Batch { reason: format!("no column {column}") })?;
        let d = distinct(&col.data);
        let keys: Vec<Option<String>> = d.cells.iter().map(|c| read_text(c.as_cell())).collect();
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut missing = Vec::new();
        for r in 0..self.source.rows {
            match d.code(r).and_then(|k| keys[k].clone()) {
                Some(k) => groups.entry(k).or_default().push(r),
                None => missing.push(r),
            }
        }
        if let Some(&first) = missing.first() {
            let shown: Vec<String> =
                missing.iter().take(10).map(|&r| self.source.row_numbers.of(r).to_string()).collect();
            let more = if missing.len() > 10 { format!(" and {} more", missing.len() - 10) } else { String::new() };
            let msg =
                format!("the group is empty on rows {}{more}: fill it in, or leave those rows out", shown.join(", "));
            let p = Problem::new(col.name.trim(), ProblemKind::MissingGroup, msg)
                .at_row(self.source.row_numbers.of(first))
                .with_input("");
            return Err(NtmError::validation(self.source.name.clone(), vec![p]));
        }
        groups.into_iter().map(|(k, rows)| Ok((k, self.tally_rows(&rows)?))).collect()
    }
}
