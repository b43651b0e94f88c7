//! Indicator columns, criterion columns and recognition columns of a read.

use crate::kind::ProblemKind;
use std::borrow::Cow;

use crate::assess::{Status, Value};
use crate::catalog::CriteriaSet;
use crate::communes::{Recognition, RecognitionLevel};
use crate::input::cell::{
    ParseIssue, read_component, read_criteria_list, read_criterion, read_text, read_value, read_whole,
};
use crate::input::header::Role;
use crate::input::plan::Plan;
use crate::input::read::{CriteriaRows, Ctx, Distinct, IndicatorColumn, distinct, resolve};
use crate::input::{ColumnData, Problems, ReadOptions, Source};
use crate::mask::CriteriaMask;

/// One number column of a two-part indicator, and its unreadable rows.
type Component<'a> = (Cow<'a, [f64]>, Vec<bool>);

/// [`floats`] of a column the read owns: an owned buffer is moved, not copied.
fn floats_of(data: ColumnData<'_>) -> Result<Cow<'_, [f64]>, ColumnData<'_>> {
    match data {
        ColumnData::Float { values, missing: None } => Ok(values),
        other => floats(&other).ok_or(other),
    }
}

/// The float values of a typed column with its missing rows as NaN: borrowed when nothing is
/// masked.
fn floats<'a>(data: &ColumnData<'a>) -> Option<Cow<'a, [f64]>> {
    let ColumnData::Float { values, missing } = data else { return None };
    Some(match (values, missing) {
        (Cow::Borrowed(v), None) => Cow::Borrowed(*v),
        (v, None) => Cow::Owned(v.to_vec()),
        (v, Some(m)) => {
            Cow::Owned(v.iter().enumerate().map(|(r, &x)| if m.is_missing(r) { f64::NAN } else { x }).collect())
        }
    })
}

/// The indicator and component columns' cells, taken out of the source (which keeps their
/// names and lengths), so that each is freed as soon as it is parsed: a file's cells and its
/// parsed values are never all held at once.
pub(crate) fn take_indicator_cells<'a>(source: &mut Source<'a>, plan: &Plan) -> Vec<Option<ColumnData<'a>>> {
    let rows = source.rows;
    (source.columns.iter_mut().zip(&plan.roles))
        .map(|(col, role)| match role {
            Some(Role::Indicator(_) | Role::Component(..)) => {
                Some(std::mem::replace(&mut col.data, ColumnData::Unread(rows)))
            }
            _ => None,
        })
        .collect()
}

/// The indicator columns of a read, in set order ([`IndicatorColumn::Missing`] where absent),
/// from the cells [`take_indicator_cells`] took out of the source.
pub(crate) fn indicators<'a>(
    ctx: &Ctx<'_, 'a>,
    plan: &Plan,
    set: &CriteriaSet,
    mut cells: Vec<Option<ColumnData<'a>>>,
    problems: &mut Problems,
) -> Vec<IndicatorColumn<'a>> {
    let mut out = vec![IndicatorColumn::Missing; set.indicator_count()];
    let mut parts: Vec<[Option<Component<'a>>; 2]> = vec![[None, None]; set.indicator_count()];
    for (c, role) in plan.roles.iter().enumerate() {
        let mut data = || cells.get_mut(c).and_then(Option::take).unwrap_or(ColumnData::Unread(ctx.source.rows));
        match *role {
            Some(Role::Indicator(i)) => out[i] = whole(ctx, c, data(), set, i, problems),
            Some(Role::Component(i, k)) => parts[i][k & 1] = Some(component(ctx, c, data(), set, i, problems)),
            _ => {}
        }
    }
    for (i, [a, b]) in parts.into_iter().enumerate() {
        if let (Some((a, bad_a)), Some((b, bad_b))) = (a, b) {
            check_pairs(ctx, plan, set, i, (&a, &b), (&bad_a, &bad_b), problems);
            out[i] = IndicatorColumn::Pairs(a, b);
        }
    }
    out
}

/// The column of a whole indicator: typed floats as they are (the kernel checks them), bools as
/// verdicts, anything else parsed per distinct cell. Once the read has a problem it fails, so
/// the cells are still checked but no values are kept.
fn whole<'a>(
    ctx: &Ctx<'_, 'a>,
    c: usize,
    data: ColumnData<'a>,
    set: &CriteriaSet,
    i: usize,
    problems: &mut Problems,
) -> IndicatorColumn<'a> {
    let ind = set.indicator_at(i);
    if let ColumnData::Float { values: Cow::Borrowed(v), missing: Some(m) } = data
        && !ind.rule.takes_pair()
    {
        return IndicatorColumn::Masked(v, m);
    }
    let data = match floats_of(data) {
        Ok(v) if ind.rule.takes_pair() => return IndicatorColumn::Verdicts(v),
        Ok(v) => return IndicatorColumn::Numbers(v),
        Err(data) => data,
    };
    if let ColumnData::Bool { values, missing } = &data {
        let v = values
            .iter()
            .enumerate()
            .map(|(r, &b)| if missing.is_some_and(|m| m.is_missing(r)) { f64::NAN } else { f64::from(u8::from(b)) })
            .collect();
        return IndicatorColumn::Verdicts(Cow::Owned(v));
    }
    let d = distinct(&data);
    let lut: Vec<Value> = resolve(ctx, c, &d, |cell| read_value(cell, ind), problems)
        .into_iter()
        .map(|v| v.unwrap_or(Value::Missing))
        .collect();
    if !problems.is_empty() {
        return IndicatorColumn::Missing; // the read fails: its values are never used
    }
    narrow(&d, &lut)
}

/// The narrowest kernel column of a column's parsed distinct values `lut`: numbers or verdicts
/// alone (8 bytes a row, mapped from the distinct values directly), else mixed.
fn narrow<'a>(d: &Distinct<'_>, lut: &[Value]) -> IndicatorColumn<'a> {
    let all = |f: fn(&Value) -> bool| lut.iter().all(|v| v.is_missing() || f(v));
    if all(|v| matches!(v, Value::Number(_))) {
        let nums: Vec<f64> = lut.iter().map(|v| if let Value::Number(x) = v { *x } else { f64::NAN }).collect();
        return IndicatorColumn::Numbers(Cow::Owned(d.map(&nums, f64::NAN)));
    }
    if all(|v| matches!(v, Value::Verdict(_))) {
        let verdict = |v: &Value| if let Value::Verdict(b) = v { f64::from(u8::from(*b)) } else { f64::NAN };
        let flags: Vec<f64> = lut.iter().map(verdict).collect();
        return IndicatorColumn::Verdicts(Cow::Owned(d.map(&flags, f64::NAN)));
    }
    IndicatorColumn::Values(d.map(lut, Value::Missing))
}

/// One of the two number columns of a two-part indicator (NaN: empty), and the rows whose cell
/// could not be read (reported already; empty when none).
fn component<'a>(
    ctx: &Ctx<'_, 'a>,
    c: usize,
    data: ColumnData<'a>,
    set: &CriteriaSet,
    i: usize,
    problems: &mut Problems,
) -> Component<'a> {
    let unit = set.indicator_at(i).unit;
    let data = match floats_of(data) {
        Ok(v) => return (v, Vec::new()),
        Err(data) => data,
    };
    let d = distinct(&data);
    let parsed = resolve(ctx, c, &d, |cell| read_component(cell, unit), problems);
    let lut: Vec<f64> = parsed.iter().map(|v| v.flatten().unwrap_or(f64::NAN)).collect();
    let bad_lut: Vec<bool> = parsed.iter().map(Option::is_none).collect();
    let bad = if bad_lut.contains(&true) { d.map(&bad_lut, false) } else { Vec::new() };
    (Cow::Owned(d.map(&lut, f64::NAN)), bad)
}

/// A row with one of the two numbers and not the other is refused (both empty: not assessed).
fn check_pairs(
    ctx: &Ctx<'_, '_>,
    plan: &Plan,
    set: &CriteriaSet,
    i: usize,
    (a, b): (&[f64], &[f64]),
    (bad_a, bad_b): (&[bool], &[bool]),
    problems: &mut Problems,
) {
    // A fast scan first (a straight vector pass): the row-by-row search only when a row has one
    // number without the other.
    if !a.iter().zip(b).fold(false, |acc, (x, y)| acc | (x.is_nan() != y.is_nan())) {
        return;
    }
    let ind = set.indicator_at(i);
    let names = ind.components.clone().unwrap_or_default();
    let header = |k: usize| {
        plan.roles
            .iter()
            .position(|r| *r == Some(Role::Component(i, k)))
            .map(|c| ctx.source.columns[c].name.trim().to_string())
    };
    for (r, (&x, &y)) in a.iter().zip(b).enumerate() {
        let unreadable = bad_a.get(r).copied().unwrap_or(false) || bad_b.get(r).copied().unwrap_or(false);
        if x.is_nan() == y.is_nan() || ctx.skip(r) || unreadable {
            continue;
        }
        let (given, missing, k) = if x.is_nan() { (&names[1], &names[0], 0) } else { (&names[0], &names[1], 1) };
        let loc = header(k).unwrap_or_else(|| format!("{}:{missing}", ind.id));
        let msg = format!("indicator {} has {given} but not {missing}: give both numbers, or neither", ind.id);
        problems.push(ctx.problem(r, &loc, ProblemKind::MissingComponent, msg));
    }
}

/// The criteria of each row from criterion columns (`c5`), a criteria list or a met-count: the
/// data of a criterion-level table. With `required`, a row without any is refused.
pub(crate) fn criteria(
    ctx: &Ctx<'_, '_>,
    plan: &Plan,
    options: &ReadOptions<'_>,
    required: bool,
    problems: &mut Problems,
) -> Option<CriteriaRows> {
    let n = options.criteria_count;
    let rows = ctx.source.rows;
    let by_column = criterion_columns(ctx, plan, n, problems);
    let list = plan.column(Role::CriteriaMet).map(|c| {
        let d = distinct(&ctx.source.columns[c].data);
        let lut = resolve(ctx, c, &d, |cell| read_criteria_list(cell, n), problems);
        (0..rows).map(|r| d.code(r).map_or(Some(CriteriaMask::EMPTY), |k| lut[k])).collect::<Vec<_>>()
    });
    let counts = plan.column(Role::MetCount).map(|c| (c, met_counts(ctx, c, n, problems)));
    if by_column.is_none() && list.is_none() && counts.is_none() {
        return None;
    }
    if by_column.is_some() && list.is_some() {
        problems.push(crate::Problem::new(
            "criteria_met",
            ProblemKind::DuplicateColumn,
            "both a criteria list and criterion columns: keep one".to_string(),
        ));
    }
    let mut out = CriteriaRows::default();
    for r in 0..rows {
        let (met, na) = match (&by_column, &list) {
            (Some((m, na)), _) => (Some(m[r]), na[r]),
            (None, Some(l)) => (l[r], CriteriaMask::EMPTY),
            (None, None) => (None, CriteriaMask::EMPTY),
        };
        let count = match &counts {
            Some((c, v)) => {
                check_count(ctx, *c, r, v[r], met, required && list.is_none() && by_column.is_none(), problems)
            }
            None => None,
        };
        out.counts.push(count.or(met.map(|m| m.count())).unwrap_or(0));
        out.met.push(met);
        out.not_assessed.push(na);
    }
    Some(out)
}

/// The met-count of every row: a typed column checked row by row (a summary of ten million
/// counts reads them in one pass), any other parsed per distinct cell.
fn met_counts(ctx: &Ctx<'_, '_>, c: usize, n: u32, problems: &mut Problems) -> Vec<Option<u32>> {
    let data = &ctx.source.columns[c].data;
    if let Some(values) = floats(data) {
        let ok = |x: f64| x.is_nan() || (x.fract() == 0.0 && (0.0..=f64::from(n)).contains(&x));
        if values.iter().all(|&x| ok(x)) {
            return values.iter().map(|&x| (!x.is_nan()).then_some(x as u32)).collect();
        }
        let name = ctx.source.columns[c].name.trim();
        for (r, &x) in values.iter().enumerate().filter(|(r, x)| !ok(**x) && !ctx.skip(*r)) {
            let e = read_whole(crate::input::cell::Cell::Number(x), n).err();
            let (kind, msg) = e.map_or((ProblemKind::OutOfRange, format!("outside 0..={n}")), |e| (e.kind, e.message));
            problems.push(ctx.problem(r, name, kind, msg).with_input(crate::input::cell::fmt_number(x)));
        }
        return values.iter().map(|&x| if ok(x) && !x.is_nan() { Some(x as u32) } else { None }).collect();
    }
    let d = distinct(data);
    let lut = resolve(ctx, c, &d, |cell| read_whole(cell, n), problems);
    (0..ctx.source.rows).map(|r| d.code(r).and_then(|k| lut[k]).flatten()).collect()
}

/// The met-count of a row against its list: they must agree; an empty one is refused when it is
/// the only data of the row.
fn check_count(
    ctx: &Ctx<'_, '_>,
    c: usize,
    r: usize,
    count: Option<u32>,
    met: Option<CriteriaMask>,
    only: bool,
    problems: &mut Problems,
) -> Option<u32> {
    if ctx.skip(r) {
        return count;
    }
    let name = ctx.source.columns[c].name.trim();
    match (count, met) {
        (Some(k), Some(m)) if m.count() != k => {
            let msg = format!("{name} {k} but the criteria met are {}", m.count());
            problems.push(ctx.problem(r, name, ProblemKind::CountMismatch, msg).with_input(k.to_string()));
        }
        (None, None) if only && ctx.source.columns[c].data.cell(r).is_empty() => {
            problems.push(
                ctx.problem(r, name, ProblemKind::NotANumber, "expected a whole number of criteria".into())
                    .with_input(""),
            );
        }
        _ => {}
    }
    count
}

/// Met and not-assessed masks from criterion columns (`c1`…`cN`), when there are any.
fn criterion_columns(
    ctx: &Ctx<'_, '_>,
    plan: &Plan,
    n: u32,
    problems: &mut Problems,
) -> Option<(Vec<CriteriaMask>, Vec<CriteriaMask>)> {
    let cols: Vec<(usize, u32)> = plan
        .roles
        .iter()
        .enumerate()
        .filter_map(|(c, r)| match r {
            Some(Role::Criterion(k)) => Some((c, *k)),
            _ => None,
        })
        .collect();
    if cols.is_empty() {
        return None;
    }
    let rows = ctx.source.rows;
    let mut met = vec![CriteriaMask::EMPTY; rows];
    // A criterion without a column is not assessed.
    let mut na =
        vec![CriteriaMask(CriteriaMask::all(n).0 & !cols.iter().fold(0u32, |m, (_, k)| m | 1 << (k - 1))); rows];
    for (c, k) in cols {
        let d = distinct(&ctx.source.columns[c].data);
        let lut: Vec<u8> = resolve(ctx, c, &d, read_criterion, problems)
            .into_iter()
            .map(|s| match s {
                Some(Status::Met) => 0,
                Some(Status::NotMet) => 1,
                _ => 2,
            })
            .collect();
        let status = d.map(&lut, 2);
        let bit = 1u32 << (k - 1);
        for (r, s) in status.into_iter().enumerate() {
            match s {
                0 => met[r].0 |= bit,
                2 => na[r].0 |= bit,
                _ => {}
            }
        }
    }
    Some((met, na))
}

/// Recognition level, year and decision per row, when the source has recognition columns.
pub(crate) fn recognition(ctx: &Ctx<'_, '_>, plan: &Plan, problems: &mut Problems) -> Option<Vec<Recognition>> {
    let level_col = plan.column(Role::Recognition);
    let year_col = plan.column(Role::RecognitionYear);
    let decision_col = plan.column(Role::RecognitionDecision);
    if level_col.is_none() && year_col.is_none() && decision_col.is_none() {
        return None;
    }
    let rows = ctx.source.rows;
    let levels = per_row(ctx, level_col, rows, problems, |cell| {
        RecognitionLevel::parse(&read_text(cell).unwrap_or_default())
            .map_err(|_| ParseIssue::new(ProblemKind::UnknownRecognition, "expected ntm, nang_cao, kieu_mau or empty"))
    });
    let years = per_row(ctx, year_col, rows, problems, |cell| match read_whole(cell, 2100) {
        Ok(None) => Ok(None),
        Ok(Some(y)) if y >= 2009 => Ok(Some(y as u16)),
        _ => Err(ParseIssue::new(ProblemKind::BadYear, "expected a year from 2009 (the programme's start)")),
    });
    let mut out = Vec::with_capacity(rows);
    for r in 0..rows {
        let level = levels.get(r).copied().flatten().unwrap_or_default();
        let year = years.get(r).copied().flatten().flatten();
        if let (Some(y), RecognitionLevel::None, Some(c)) = (year, level, year_col) {
            let name = ctx.source.columns[c].name.trim();
            let msg = "a recognition year needs a recognition level".to_string();
            problems.push(ctx.problem(r, name, ProblemKind::YearWithoutRecognition, msg).with_input(y.to_string()));
        }
        let decision = decision_col.and_then(|c| read_text(ctx.source.columns[c].data.cell(r)));
        out.push(Recognition { level, year, decision });
    }
    Some(out)
}

/// A per-row value of an optional column parsed per distinct cell (empty: `None`).
fn per_row<T: Clone + Copy>(
    ctx: &Ctx<'_, '_>,
    col: Option<usize>,
    rows: usize,
    problems: &mut Problems,
    f: impl FnMut(crate::input::cell::Cell<'_>) -> std::result::Result<T, ParseIssue>,
) -> Vec<Option<T>> {
    let Some(c) = col else { return vec![None; rows] };
    let d = distinct(&ctx.source.columns[c].data);
    let lut = resolve(ctx, c, &d, f, problems);
    (0..rows).map(|r| d.code(r).and_then(|k| lut[k])).collect()
}
