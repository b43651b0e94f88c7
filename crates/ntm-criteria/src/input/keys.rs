//! Regions, commune groups and ĐBKK flags per row: the assessment key of each commune.
//!
//! The region of a row comes from its region column, else its province column, else the
//! defaults of the read; the group from its commune-group column, else the defaults. Each
//! distinct text is looked up once.

use crate::assess::Profile;
use crate::batch::Keys;
use crate::catalog::Dimension;
use crate::error::{NtmError, Result};
use crate::input::cell::{Cell, ParseIssue, read_flag, read_text};
use crate::input::header::Role;
use crate::input::plan::Plan;
use crate::input::read::{Ctx, distinct, resolve};
use crate::input::{Problems, ReadOptions};
use crate::kind::ProblemKind;
use crate::region::{CommuneGroup, Region, region_of};

/// No key: the row has no region (or group) of its own.
pub(crate) const NO_KEY: u8 = u8::MAX;

/// A key that could not be read (reported already): neither filled from the province nor
/// reported again as missing.
const BAD_KEY: u8 = u8::MAX - 1;

/// The keys of a read's rows.
#[derive(Debug, Clone, Default)]
pub(crate) struct RowKeys {
    /// Region index per row ([`NO_KEY`] when none), when the source has a region or province.
    pub(crate) region: Option<Vec<u8>>,
    /// Group index per row, when the source has a commune-group column.
    pub(crate) group: Option<Vec<u8>>,
    /// ĐBKK/ATK flag per row, when the source has a flag column.
    pub(crate) flags: Option<Vec<bool>>,
    /// The kernel's key per row (the set's dimension), when it varies by row.
    pub(crate) kernel: Option<Vec<u8>>,
    /// The profile of every row otherwise.
    pub(crate) same: Profile,
}

impl RowKeys {
    pub(crate) fn as_keys(&self) -> Keys<'_> {
        match &self.kernel {
            Some(k) => Keys::PerRow { keys: k, disadvantaged: self.flags.as_deref() },
            None => Keys::Same(self.same),
        }
    }

    /// The profile of row `r`, with the defaults where the row has no value of its own.
    pub(crate) fn profile(&self, r: usize) -> Profile {
        let mut p = self.same;
        if let Some(k) = self.region.as_ref().and_then(|v| v.get(r)).and_then(|&k| Region::from_index(k as usize)) {
            p.region = Some(k);
        }
        if let Some(k) = self.group.as_ref().and_then(|v| v.get(r)).and_then(|&k| CommuneGroup::ALL.get(k as usize)) {
            p.group = Some(*k);
        }
        if let Some(f) = self.flags.as_ref().and_then(|v| v.get(r)) {
            p.is_disadvantaged = *f;
        }
        p
    }
}

/// A region, with the nearest names when unknown.
fn region_cell(cell: Cell<'_>) -> std::result::Result<u8, ParseIssue> {
    if cell.is_empty() {
        return Ok(NO_KEY);
    }
    let text = read_text(cell).unwrap_or_default();
    region_of(&text).map(|r| r.index() as u8).map_err(|e| ParseIssue::new(ProblemKind::UnknownRegion, e.to_string()))
}

fn group_cell(cell: Cell<'_>) -> std::result::Result<u8, ParseIssue> {
    if cell.is_empty() {
        return Ok(NO_KEY);
    }
    let text = read_text(cell).unwrap_or_default();
    CommuneGroup::parse(&text).map(|g| g.index() as u8).map_err(|_| {
        ParseIssue::new(
            ProblemKind::UnknownCommuneGroup,
            format!("{text:?} is not a commune group: expected G1, G2 or G3"),
        )
    })
}

/// Per-row indices of a key column (`NO_KEY` for an empty or bad cell; a bad one is reported).
fn key_column(
    ctx: &Ctx<'_, '_>,
    col: usize,
    f: fn(Cell<'_>) -> std::result::Result<u8, ParseIssue>,
    problems: &mut Problems,
) -> Vec<u8> {
    let d = distinct(&ctx.source.columns[col].data);
    let lut: Vec<u8> = resolve(ctx, col, &d, f, problems).into_iter().map(|k| k.unwrap_or(BAD_KEY)).collect();
    d.map(&lut, NO_KEY)
}

/// Fills the empty entries of `keys` from `other` (the province behind an empty region).
fn fill(keys: &mut [u8], other: &[u8]) {
    for (k, &o) in keys.iter_mut().zip(other) {
        if *k == NO_KEY {
            *k = o;
        }
    }
}

/// Reads the region, group and flag columns; the kernel's keys follow the set's dimension.
pub(crate) fn read(
    ctx: &Ctx<'_, '_>,
    plan: &Plan,
    options: &ReadOptions<'_>,
    problems: &mut Problems,
) -> Result<RowKeys> {
    let dim = options.set.map(|s| s.dimension());
    let mut region = plan.column(Role::Region).map(|c| key_column(ctx, c, region_cell, problems));
    let province_needed = dim == Some(Dimension::Region) && region.as_ref().is_none_or(|r| r.contains(&NO_KEY));
    if let Some(p) = plan.column(Role::Province).filter(|_| province_needed) {
        let from_province = key_column(ctx, p, region_cell, problems);
        match &mut region {
            Some(r) => fill(r, &from_province),
            None => region = Some(from_province),
        }
    }
    let group = plan.column(Role::CommuneGroup).map(|c| key_column(ctx, c, group_cell, problems));
    let flags = plan.column(Role::Disadvantaged).map(|c| {
        let d = distinct(&ctx.source.columns[c].data);
        let lut: Vec<bool> = resolve(ctx, c, &d, read_flag, problems).into_iter().map(|f| f.unwrap_or(false)).collect();
        d.map(&lut, false)
    });
    let mut keys = RowKeys { region, group, flags, kernel: None, same: options.defaults };
    if let Some(set) = options.set {
        keys.kernel = kernel_keys(ctx, &keys, set.dimension(), options, problems)?;
    }
    Ok(keys)
}

/// The kernel's key per row, or `None` when every row uses the defaults. Rows with no key and
/// no default are reported (once for the column, listing the rows).
fn kernel_keys(
    ctx: &Ctx<'_, '_>,
    keys: &RowKeys,
    dim: Dimension,
    options: &ReadOptions<'_>,
    problems: &mut Problems,
) -> Result<Option<Vec<u8>>> {
    let (column, default, what) = match dim {
        Dimension::Region => (&keys.region, options.defaults.region.map(|r| r.index() as u8), "region"),
        Dimension::CommuneGroup => (&keys.group, options.defaults.group.map(|g| g.index() as u8), "commune_group"),
        Dimension::None => return Ok(keys.flags.as_ref().map(|f| vec![0; f.len()])),
    };
    let Some(column) = column else {
        if default.is_none() {
            // No column and no default: nothing can be assessed.
            return Err(NtmError::MissingDimension {
                set: options.set.map(|s| s.id().to_string()).unwrap_or_default(),
                dimension: what,
            });
        }
        // One profile; per-row ĐBKK flags still need a key per row.
        return Ok(keys.flags.as_ref().map(|f| vec![default.unwrap_or(0); f.len()]));
    };
    let mut out = column.clone();
    let mut missing = Vec::new();
    for (r, k) in out.iter_mut().enumerate() {
        if *k == BAD_KEY {
            *k = default.unwrap_or(0); // reported already; the read fails
        } else if *k == NO_KEY {
            match default {
                Some(d) => *k = d,
                None if !ctx.skip(r) => missing.push(r),
                None => {}
            }
        }
    }
    if let Some(&first) = missing.first() {
        problems.push(missing_key(ctx, &missing, first, what, options));
    }
    Ok(Some(out))
}

/// One problem for every row without a key, listing them.
fn missing_key(
    ctx: &Ctx<'_, '_>,
    rows: &[usize],
    first: usize,
    what: &str,
    options: &ReadOptions<'_>,
) -> crate::Problem {
    let shown: Vec<String> = rows.iter().take(10).map(|&r| ctx.row(r).to_string()).collect();
    let more = if rows.len() > shown.len() { format!(" and {} more", rows.len() - shown.len()) } else { String::new() };
    let set = options.set.map(|s| s.id()).unwrap_or("");
    let (kind, give) = match what {
        "region" => (ProblemKind::MissingRegion, "its region or province (or a default region)"),
        _ => (ProblemKind::MissingCommuneGroup, "its commune group G1, G2 or G3 (or a default group)"),
    };
    let msg =
        format!("set {set} varies its thresholds by {what}: give {give}; missing on rows {}{more}", shown.join(", "));
    ctx.problem(first, what, kind, msg).with_input("")
}
