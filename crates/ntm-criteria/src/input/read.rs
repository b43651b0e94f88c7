//! The one reader: a [`Source`] from any door in, validated columns out.
//!
//! Text-like columns are read per distinct cell (a region column of a million rows holds a
//! handful of texts): each distinct cell is parsed once by [`crate::input::cell`], and a bad one
//! is reported once with the rows that hold it, so a systematic mistake does not flood the
//! message. Typed float columns go to the batch kernel as they are, without a copy.

use crate::kind::ProblemKind;
use std::borrow::Cow;
use std::collections::HashMap;

use crate::assess::Value;
use crate::batch::{Column, Keys};
use crate::catalog::CriteriaSet;
use crate::communes::Recognition;
use crate::error::{NtmError, Problem, Result};
use crate::input::cell::{Cell, ParseIssue};
use crate::input::column::{Codes, OwnedCell};
use crate::input::header::Role;
use crate::input::plan::{Plan, plan};
use crate::input::{ColumnData, Problems, ReadOptions, Source, ids, keys, values};
use crate::mask::CriteriaMask;

/// The column of one indicator, ready for the batch kernel: borrowed from the input where it
/// can be, parsed into an owned buffer where it had to be. A table holds the owned form.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum IndicatorColumn<'a> {
    /// No column: not assessed in every row.
    Missing,
    /// Numbers in the indicator's unit (NaN missing; 1/0 for a yes/no indicator).
    Numbers(Cow<'a, [f64]>),
    /// Verdicts 1/0 (NaN missing).
    Verdicts(Cow<'a, [f64]>),
    /// The two numbers of a two-part indicator.
    Pairs(Cow<'a, [f64]>, Cow<'a, [f64]>),
    /// A column mixing numbers and verdict words (`85`, `Đạt`).
    Values(Vec<Value>),
    /// Numbers with their missing rows marked beside them (a frame's nullable column).
    #[serde(skip)]
    Masked(&'a [f64], crate::input::Missing<'a>),
}

impl PartialEq for IndicatorColumn<'_> {
    /// Equal when every value is the same (NaN, the missing value, equals NaN).
    fn eq(&self, other: &Self) -> bool {
        use IndicatorColumn as I;
        let same =
            |a: &[f64], b: &[f64]| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits());
        match (self, other) {
            (I::Missing, I::Missing) => true,
            (I::Numbers(a), I::Numbers(b)) | (I::Verdicts(a), I::Verdicts(b)) => same(a, b),
            (I::Pairs(a, b), I::Pairs(c, d)) => same(a, c) && same(b, d),
            (I::Values(a), I::Values(b)) => a == b,
            (I::Masked(..), _) | (_, I::Masked(..)) => {
                let n = self.len();
                n == other.len() && (0..n).all(|r| self.value(r) == other.value(r))
            }
            _ => false,
        }
    }
}

impl IndicatorColumn<'_> {
    /// The column, owning its data.
    ///
    /// ```
    /// use ntm_criteria::input::IndicatorColumn;
    /// let v = [1.0];
    /// let owned: IndicatorColumn<'static> = IndicatorColumn::Numbers((&v[..]).into()).into_owned();
    /// assert_eq!(owned, IndicatorColumn::Numbers(vec![1.0].into()));
    /// ```
    pub fn into_owned(self) -> IndicatorColumn<'static> {
        use IndicatorColumn as I;
        match self {
            I::Missing => I::Missing,
            I::Numbers(v) => I::Numbers(Cow::Owned(v.into_owned())),
            I::Verdicts(v) => I::Verdicts(Cow::Owned(v.into_owned())),
            I::Pairs(a, b) => I::Pairs(Cow::Owned(a.into_owned()), Cow::Owned(b.into_owned())),
            I::Values(v) => I::Values(v),
            I::Masked(v, m) => I::Numbers(Cow::Owned(
                v.iter().enumerate().map(|(r, &x)| if m.is_missing(r) { f64::NAN } else { x }).collect(),
            )),
        }
    }

    /// The number of rows (`0` for a missing column).
    fn len(&self) -> usize {
        match self {
            IndicatorColumn::Missing => 0,
            IndicatorColumn::Numbers(v) | IndicatorColumn::Verdicts(v) | IndicatorColumn::Pairs(v, _) => v.len(),
            IndicatorColumn::Values(v) => v.len(),
            IndicatorColumn::Masked(v, _) => v.len(),
        }
    }

    /// The kernel's view of the column.
    ///
    /// ```
    /// use ntm_criteria::input::IndicatorColumn;
    /// let c = IndicatorColumn::Numbers(vec![1.0].into());
    /// assert_eq!(c.as_column().len(), Some(1));
    /// ```
    pub fn as_column(&self) -> Column<'_> {
        match self {
            IndicatorColumn::Missing => Column::Missing,
            IndicatorColumn::Numbers(v) => Column::Numbers(v),
            IndicatorColumn::Verdicts(v) => Column::Verdicts(v),
            IndicatorColumn::Pairs(a, b) => Column::Pairs(a, b),
            IndicatorColumn::Values(v) => Column::Values(v),
            IndicatorColumn::Masked(v, m) => Column::Masked(v, *m),
        }
    }

    /// The value of row `r`.
    ///
    /// ```
    /// use ntm_criteria::{input::IndicatorColumn, Value};
    /// let c = IndicatorColumn::Verdicts(vec![1.0, f64::NAN].into());
    /// assert_eq!((c.value(0), c.value(1)), (Value::Verdict(true), Value::Missing));
    /// ```
    pub fn value(&self, r: usize) -> Value {
        let num = |x: f64| if x.is_nan() { Value::Missing } else { Value::Number(x) };
        match self {
            IndicatorColumn::Missing => Value::Missing,
            IndicatorColumn::Numbers(v) => v.get(r).map_or(Value::Missing, |&x| num(x)),
            IndicatorColumn::Verdicts(v) => match v.get(r) {
                Some(&x) if !x.is_nan() => Value::Verdict(x == 1.0),
                _ => Value::Missing,
            },
            IndicatorColumn::Pairs(a, b) => match (a.get(r), b.get(r)) {
                (Some(&x), Some(&y)) if !x.is_nan() && !y.is_nan() => Value::Pair(x, y),
                _ => Value::Missing,
            },
            IndicatorColumn::Values(v) => v.get(r).copied().unwrap_or(Value::Missing),
            IndicatorColumn::Masked(v, m) => match v.get(r) {
                Some(&x) if !m.is_missing(r) && !x.is_nan() => Value::Number(x),
                _ => Value::Missing,
            },
        }
    }
}

/// The criteria of a criterion-level read, per row.
#[derive(Debug, Clone, Default)]
pub(crate) struct CriteriaRows {
    /// Criteria met, when known (a list or criterion columns).
    pub(crate) met: Vec<Option<CriteriaMask>>,
    /// Criteria not assessed (criterion columns with an empty cell).
    pub(crate) not_assessed: Vec<CriteriaMask>,
    /// Criteria met, counted.
    pub(crate) counts: Vec<u32>,
}

/// A source read and validated: what every door's table, frame or batch is built from.
#[derive(Debug)]
pub struct Read<'a> {
    /// The source, as the door handed it.
    pub source: Source<'a>,
    pub(crate) plan: Plan,
    /// Column of the commune codes.
    pub(crate) id: Option<usize>,
    /// Key per row and ĐBKK flags (a set's dimension), or one profile for every row.
    pub(crate) keys: keys::RowKeys,
    /// The indicator columns, in set order (indicator-level reads).
    pub(crate) indicators: Vec<IndicatorColumn<'a>>,
    /// The criteria per row (criterion-level reads).
    pub(crate) criteria: Option<CriteriaRows>,
    /// Recognition per row, when the source has recognition columns.
    pub(crate) recognition: Option<Vec<Recognition>>,
    /// The number of criteria of the read.
    pub(crate) criteria_count: u32,
}

impl<'a> Read<'a> {
    /// The number of criteria of the read: the options' count, or the one its criterion
    /// columns give ([`ReadOptions::criteria_from_columns`]).
    ///
    /// ```
    /// use ntm_criteria::input::{read, ColumnData, ReadOptions, Source, SourceColumn};
    /// let c = |n: &str| SourceColumn::new(n, ColumnData::float(&[1.0, 0.0]));
    /// let src = Source::frame("f", vec![c("c1"), c("c2"), c("c3")]);
    /// assert_eq!(read(src, &ReadOptions::criteria_from_columns())?.criteria_count(), 3);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn criteria_count(&self) -> u32 {
        self.criteria_count
    }

    /// The number of rows.
    ///
    /// ```
    /// use ntm_criteria::input::{read, ColumnData, ReadOptions, Source, SourceColumn};
    /// let set = ntm_criteria::CriteriaSet::bundled("2016-2020")?;
    /// let src = Source::frame("f", vec![SourceColumn::new("10", ColumnData::float(&[40.0, 20.0]))]);
    /// let r = read(src, &ReadOptions::indicators(set).defaults(ntm_criteria::Profile::region(ntm_criteria::Region::Southeast)))?;
    /// assert_eq!(r.rows(), 2);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn rows(&self) -> usize {
        self.source.rows
    }

    /// The batch kernel's columns, one per indicator of the set.
    ///
    /// ```
    /// use ntm_criteria::input::{read, ColumnData, ReadOptions, Source, SourceColumn};
    /// let set = ntm_criteria::CriteriaSet::bundled("2016-2020")?;
    /// let src = Source::frame("f", vec![SourceColumn::new("1.1", ColumnData::text(["Đạt", "x"]))]);
    /// let r = read(src, &ReadOptions::indicators(set).defaults(ntm_criteria::Profile::region(ntm_criteria::Region::Southeast)))?;
    /// assert_eq!(r.columns().len(), set.indicator_count());
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn columns(&self) -> Vec<Column<'_>> {
        self.indicators.iter().map(IndicatorColumn::as_column).collect()
    }

    /// The assessment keys of the rows, for the batch kernel.
    ///
    /// ```
    /// use ntm_criteria::input::{read, ColumnData, ReadOptions, Source, SourceColumn};
    /// use ntm_criteria::Keys;
    /// let set = ntm_criteria::CriteriaSet::bundled("2016-2020")?;
    /// let src = Source::frame("f", vec![
    ///     SourceColumn::new("10", ColumnData::float(&[40.0, 20.0])),
    ///     SourceColumn::new("Tỉnh", ColumnData::text(["Lạng Sơn", "Cà Mau"])),
    /// ]);
    /// let r = read(src, &ReadOptions::indicators(set))?;
    /// assert!(matches!(r.keys(), Keys::PerRow { keys: [0, 6], .. }));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn keys(&self) -> Keys<'_> {
        self.keys.as_keys()
    }

    /// The columns passed through to the output, in input order (name, district, province and
    /// the columns kept on request), as indices of [`Source::columns`].
    ///
    /// ```
    /// use ntm_criteria::input::{read, ColumnData, ReadOptions, Source, SourceColumn};
    /// let src = Source::frame("f", vec![
    ///     SourceColumn::new("Mã xã", ColumnData::text(["001"])),
    ///     SourceColumn::new("Huyện", ColumnData::text(["A"])),
    ///     SourceColumn::new("met_count", ColumnData::float(&[19.0])),
    /// ]);
    /// let r = read(src, &ReadOptions::criteria(19))?;
    /// assert_eq!(r.passthrough(), [1]);
    /// assert_eq!(r.id_column(), Some(0));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn passthrough(&self) -> &[usize] {
        &self.plan.passthrough
    }

    /// The column of the commune codes, if any.
    ///
    /// ```
    /// use ntm_criteria::input::{read, ColumnData, ReadOptions, Source, SourceColumn};
    /// let src = Source::frame("f", vec![SourceColumn::new("met_count", ColumnData::float(&[19.0]))]);
    /// assert_eq!(read(src, &ReadOptions::criteria(19))?.id_column(), None);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn id_column(&self) -> Option<usize> {
        self.id
    }

    /// The code of row `r`, if the source has codes.
    pub(crate) fn code(&self, r: usize) -> Option<String> {
        self.id.and_then(|i| ids::id_text(&self.source.columns[i].data, r))
    }

    /// Names the row (its line or frame row) and commune of problems found by the batch kernel,
    /// whose rows are 1-based data rows.
    ///
    /// ```
    /// use ntm_criteria::input::{read, ColumnData, ReadOptions, Source, SourceColumn};
    /// use ntm_criteria::{NtmError, Problem};
    /// let src = Source::frame("f", vec![
    ///     SourceColumn::new("code", ColumnData::text(["A", "B"])),
    ///     SourceColumn::new("met_count", ColumnData::float(&[1.0, 2.0])),
    /// ]);
    /// let r = read(src, &ReadOptions::criteria(19))?;
    /// let e = r.name_rows(NtmError::validation("batch", vec![Problem::new("10", ntm_criteria::ProblemKind::Negative, "negative").at_row(2)]));
    /// assert_eq!(e.problems()[0].commune.as_deref(), Some("B"));
    /// # Ok::<(), NtmError>(())
    /// ```
    pub fn name_rows(&self, e: NtmError) -> NtmError {
        match e {
            NtmError::Validation { source_name, mut problems, omitted } => {
                for p in problems.iter_mut() {
                    if let Some(r) = p.row.filter(|r| *r >= 1).map(|r| r - 1) {
                        p.row = Some(self.source.row_numbers.of(r));
                        if p.commune.is_none() {
                            p.commune = self.code(r);
                        }
                    }
                }
                let name = if self.source.name.is_empty() { source_name } else { self.source.name.clone() };
                NtmError::Validation { source_name: name, problems, omitted }
            }
            other => other,
        }
    }

    /// Assesses every row with the batch kernel into `out` (indicator-level reads).
    ///
    /// ```
    /// use ntm_criteria::input::{read, ColumnData, ReadOptions, Source, SourceColumn};
    /// use ntm_criteria::{BatchBuffers, Profile, Region};
    /// let set = ntm_criteria::CriteriaSet::bundled("2016-2020")?;
    /// let src = Source::frame("f", vec![SourceColumn::new("10", ColumnData::text(["38,5", "Không đạt"]))]);
    /// let r = read(src, &ReadOptions::indicators(set).defaults(Profile::region(Region::NorthernMidlandsMountains)))?;
    /// let (mut met, mut na, mut count) = ([0u32; 2], [0u32; 2], [0u8; 2]);
    /// r.assess(set, BatchBuffers::new(&mut met, &mut na, &mut count))?;
    /// assert_eq!(count, [1, 0]);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn assess(&self, set: &CriteriaSet, out: crate::BatchBuffers<'_>) -> Result<()> {
        let columns = self.columns();
        let held = self.prerequisite_held(set)?;
        let out = match &held {
            Some(h) => out.with_prerequisite(h),
            None => out,
        };
        set.assess_batch_buffers(&columns, self.keys(), out).map_err(|e| self.name_rows(e))
    }

    /// For a set that requires a level, whether each row is recognised at it or above; the
    /// read has a recognition column (the plan refuses a read without one).
    fn prerequisite_held(&self, set: &CriteriaSet) -> Result<Option<Vec<bool>>> {
        let Some(req) = set.requires() else { return Ok(None) };
        let Some(rec) = &self.recognition else {
            return Err(NtmError::Batch {
                reason: format!(
                    "set {} requires level {}: the table needs a recognition column",
                    set.id(),
                    req.level.as_str()
                ),
            });
        };
        Ok(Some(rec.iter().map(|r| r.level >= req.level).collect()))
    }
}

/// The context of a column's problems: where its rows are, and their communes.
pub(crate) struct Ctx<'r, 'a> {
    pub(crate) source: &'r Source<'a>,
    pub(crate) broken: Vec<bool>,
    pub(crate) id: Option<usize>,
}

impl Ctx<'_, '_> {
    pub(crate) fn skip(&self, r: usize) -> bool {
        self.broken.get(r).copied().unwrap_or(false)
    }

    pub(crate) fn row(&self, r: usize) -> usize {
        self.source.row_numbers.of(r)
    }

    pub(crate) fn commune(&self, r: usize) -> Option<String> {
        self.id.and_then(|i| ids::id_text(&self.source.columns[i].data, r))
    }

    /// A problem at row `r` of a column, named with the row's commune.
    pub(crate) fn problem(&self, r: usize, loc: &str, kind: ProblemKind, msg: String) -> Problem {
        let p = Problem::new(loc, kind, msg).at_row(self.row(r));
        match self.commune(r) {
            Some(c) => p.for_commune(c),
            None => p,
        }
    }
}

/// A column seen as distinct cells: each row's index into `cells` (`None`: an empty cell).
pub(crate) struct Distinct<'c> {
    codes: Cow<'c, Codes<'c>>,
    pub(crate) cells: Cow<'c, [OwnedCell]>,
}

impl Distinct<'_> {
    pub(crate) fn code(&self, r: usize) -> Option<usize> {
        self.codes.get(r).filter(|&c| c < self.cells.len())
    }

    pub(crate) fn len(&self) -> usize {
        self.codes.len()
    }

    /// `lut[code]` for every row (`missing` for an empty cell), in one parallel pass.
    pub(crate) fn map<T: Copy + Send + Sync + Default>(&self, lut: &[T], missing: T) -> Vec<T> {
        let mut out = vec![T::default(); self.len()];
        self.codes.map_into(lut, missing, &mut out);
        out
    }
}

/// The distinct cells of any column (Arrow strings are interned, typed values collected).
pub(crate) fn distinct<'c>(col: &'c ColumnData<'_>) -> Distinct<'c> {
    if let ColumnData::Dict { codes, dict } = col {
        return Distinct { codes: Cow::Borrowed(codes), cells: Cow::Borrowed(dict) };
    }
    if let Some(i) = col.interned() {
        return Distinct { codes: Cow::Owned(Codes::U32(i.codes.into())), cells: Cow::Owned(i.dict) };
    }
    let mut b = crate::input::column::DictBuilder::default();
    for r in 0..col.len() {
        b.push(col.cell(r));
    }
    match b.finish() {
        ColumnData::Dict { codes, dict } => Distinct { codes: Cow::Owned(codes), cells: Cow::Owned(dict) },
        _ => Distinct { codes: Cow::Owned(Codes::U32(Vec::new().into())), cells: Cow::Owned(Vec::new()) },
    }
}

/// Rows shown in a message about a bad value.
const ROWS_SHOWN: usize = 8;

/// One problem of a cell, or several (a criteria list can have three).
pub(crate) trait Issues {
    /// The problems.
    fn issues(self) -> Vec<ParseIssue>;
}

impl Issues for ParseIssue {
    fn issues(self) -> Vec<ParseIssue> {
        vec![self]
    }
}

impl Issues for Vec<ParseIssue> {
    fn issues(self) -> Vec<ParseIssue> {
        self
    }
}

/// Parses every distinct cell of a column once with `f` (empty cells included: `f` says what
/// an empty cell means). A cell that fails is reported once per problem, at its first row, with
/// the other rows that hold it; its entry is `None`.
pub(crate) fn resolve<T: Clone, E: Issues>(
    ctx: &Ctx<'_, '_>,
    col: usize,
    d: &Distinct<'_>,
    mut f: impl FnMut(Cell<'_>) -> std::result::Result<T, E>,
    problems: &mut Problems,
) -> Vec<Option<T>> {
    let mut bad: HashMap<usize, Vec<ParseIssue>> = HashMap::new();
    let lut: Vec<Option<T>> = d
        .cells
        .iter()
        .enumerate()
        .map(|(i, c)| match f(c.as_cell()) {
            Ok(v) => Some(v),
            Err(e) => {
                bad.insert(i, e.issues());
                None
            }
        })
        .collect();
    if !bad.is_empty() {
        report_bad(ctx, col, d, &bad, problems);
    }
    lut
}

/// One problem per bad distinct cell, at its first row, listing the others.
fn report_bad(
    ctx: &Ctx<'_, '_>,
    col: usize,
    d: &Distinct<'_>,
    bad: &HashMap<usize, Vec<ParseIssue>>,
    problems: &mut Problems,
) {
    let mut rows: Vec<(usize, Vec<usize>, usize)> = Vec::new(); // (code, first rows, count)
    let mut slot: HashMap<usize, usize> = HashMap::new();
    for r in 0..d.len() {
        let Some(c) = d.code(r).filter(|c| bad.contains_key(c)) else { continue };
        if ctx.skip(r) {
            continue;
        }
        let i = *slot.entry(c).or_insert_with(|| {
            rows.push((c, Vec::new(), 0));
            rows.len() - 1
        });
        let e = &mut rows[i];
        if e.1.len() <= ROWS_SHOWN {
            e.1.push(r);
        }
        e.2 += 1;
    }
    let name = ctx.source.columns[col].name.trim();
    for (c, rs, count) in rows {
        let mut also = String::new();
        if count > 1 {
            let shown: Vec<String> = rs.iter().skip(1).take(ROWS_SHOWN).map(|&r| ctx.row(r).to_string()).collect();
            let more = count - 1 - shown.len();
            let tail = if more > 0 { format!(" and {more} more") } else { String::new() };
            also = format!(" (the same cell is also on rows {}{tail})", shown.join(", "));
        }
        let input = d.cells[c].as_cell().display();
        for issue in &bad[&c] {
            let msg = format!("{}{also}", issue.message);
            problems.push(ctx.problem(rs[0], name, issue.kind, msg).with_input(input.clone()));
        }
    }
}

/// Reads a source: headers, codes, keys, then the indicator or criterion columns; every problem
/// of the source is reported at once.
///
/// ```
/// use ntm_criteria::input::{read, ColumnData, ReadOptions, Source, SourceColumn};
/// let src = Source::frame("frame", vec![
///     SourceColumn::new("code", ColumnData::text(["001", "001"])),
///     SourceColumn::new("met_count", ColumnData::float(&[19.0, 12.0])),
/// ]);
/// let err = read(src, &ReadOptions::criteria(19)).unwrap_err();
/// assert_eq!(err.problems()[0].kind, "duplicate_code");
/// assert_eq!(err.problems()[0].row, Some(2));
/// ```
pub fn read<'a>(mut source: Source<'a>, options: &ReadOptions<'_>) -> Result<Read<'a>> {
    options.check()?;
    let options = &options.settled(&source.columns);
    if source.columns.is_empty() && !source.problems.is_empty() {
        // The door could not decode the file (an encoding, an empty file): nothing more to say.
        let name = source.name.clone();
        return Err(source.problems.into_error(name));
    }
    let mut problems = source.problems.clone();
    let plan = plan(&source.columns, options, &mut problems);
    check_lengths(&source)?;
    let cells = values::take_indicator_cells(&mut source, &plan);
    let ctx = Ctx { source: &source, broken: broken_rows(&source), id: plan.column(Role::Id) };
    if let Some(i) = ctx.id {
        ids::check(
            &source.columns[i].data,
            source.columns[i].name.trim(),
            &source.row_numbers,
            &ctx.broken,
            &mut problems,
        );
    }
    let keys = keys::read(&ctx, &plan, options, &mut problems)?;
    let (indicators, criteria) = match options.set {
        Some(set) => (
            values::indicators(&ctx, &plan, set, cells, &mut problems),
            values::criteria(&ctx, &plan, options, false, &mut problems),
        ),
        None => (Vec::new(), values::criteria(&ctx, &plan, options, true, &mut problems)),
    };
    let recognition = values::recognition(&ctx, &plan, &mut problems);
    let id = ctx.id;
    drop(ctx);
    let name = source.name.clone();
    let problems = in_file_order(problems, &source);
    let criteria_count = options.criteria_count;
    let read = Read { source, plan, id, keys, indicators, criteria, recognition, criteria_count };
    problems.finish(name, read)
}

/// The problems in the order a person reads the file: those of the whole file first, then by
/// row, then by column.
fn in_file_order(problems: Problems, source: &Source<'_>) -> Problems {
    let column = |loc: &str| source.columns.iter().position(|c| c.name.trim() == loc).unwrap_or(usize::MAX);
    problems.sorted_by_key(|p| (p.row.unwrap_or(0), column(&p.loc)))
}

/// Rows the door reported as broken, as a flag per row.
fn broken_rows(source: &Source<'_>) -> Vec<bool> {
    let mut b = vec![false; if source.broken.is_empty() { 0 } else { source.rows }];
    for &r in &source.broken {
        if let Some(x) = b.get_mut(r) {
            *x = true;
        }
    }
    b
}

/// Every column must have a cell per row.
fn check_lengths(source: &Source<'_>) -> Result<()> {
    for c in &source.columns {
        if c.data.len() != source.rows {
            return Err(NtmError::Batch {
                reason: format!("column {:?} has {} rows, not {}", c.name, c.data.len(), source.rows),
            });
        }
    }
    Ok(())
}
