//! Commune codes: empty codes and duplicates refused with their rows, and the code of a row for
//! messages.

use crate::kind::ProblemKind;
use std::borrow::Cow;
use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use crate::error::Problem;
use crate::input::cell::read_text;
use crate::input::column::BytesHash;
use crate::input::{ColumnData, Problems, RowNumbers};

/// The code of row `r`, as text (NFC, trimmed); `None` when empty.
pub(crate) fn id_text(col: &ColumnData<'_>, r: usize) -> Option<String> {
    read_text(col.cell(r))
}

/// What the duplicate check compares: the bytes of a code after NFC and trimming (borrowed when
/// already so: plain ASCII without surrounding space, the common case).
fn canonical(bytes: &[u8]) -> Cow<'_, [u8]> {
    let plain = bytes.is_ascii()
        && bytes.first().is_none_or(|b| !b.is_ascii_whitespace())
        && bytes.last().is_none_or(|b| !b.is_ascii_whitespace());
    if plain {
        return Cow::Borrowed(bytes);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Owned(s.trim_start_matches('\u{feff}').trim().nfc().collect::<String>().into_bytes()),
        Err(_) => Cow::Borrowed(bytes),
    }
}

/// The first row of each code and the rows that repeat one: `(row, first row)`.
type Repeats = Vec<(usize, usize)>;

/// Empty codes and repeats of a dictionary-encoded column: one key per distinct cell (cells
/// that are the same text after NFC share it), no hashing per row.
fn dict_repeats(codes: &crate::input::Codes<'_>, dict: &[crate::input::OwnedCell]) -> (Vec<usize>, Repeats) {
    let mut canon: HashMap<String, usize> = HashMap::new();
    let keys: Vec<Option<usize>> = dict
        .iter()
        .map(|c| {
            read_text(c.as_cell()).map(|t| {
                let next = canon.len();
                *canon.entry(t).or_insert(next)
            })
        })
        .collect();
    let mut first = vec![usize::MAX; canon.len()];
    let (mut empty, mut repeats) = (Vec::new(), Vec::new());
    for r in 0..codes.len() {
        match codes.get(r).and_then(|c| keys.get(c).copied().flatten()) {
            None => empty.push(r),
            Some(k) if first[k] == usize::MAX => first[k] = r,
            Some(k) => repeats.push((r, first[k])),
        }
    }
    (empty, repeats)
}

/// Empty codes and repeats of an Arrow text column. Codes in strictly increasing order (plain
/// ASCII, as GSO codes are listed) are known to be distinct in one pass; otherwise each code is
/// hashed once.
fn text_repeats(col: &ColumnData<'_>) -> (Vec<usize>, Repeats) {
    if col.text_sorted_plain() {
        return (Vec::new(), Vec::new());
    }
    let rows: Vec<Option<&[u8]>> = col.text_rows().unwrap_or_default();
    let keys = rows.iter().map(|r| r.map(canonical).filter(|k| !k.is_empty()));
    first_uses(keys, HashMap::with_capacity_and_hasher(rows.len(), BytesHash))
}

/// Empty codes and repeats of any other column (typed numbers), by text.
fn other_repeats(col: &ColumnData<'_>) -> (Vec<usize>, Repeats) {
    first_uses((0..col.len()).map(|r| read_text(col.cell(r))), HashMap::new())
}

/// The rows without a key, and each row whose key an earlier row had, with that row.
fn first_uses<K: std::hash::Hash + Eq, S: std::hash::BuildHasher>(
    keys: impl Iterator<Item = Option<K>>,
    mut first: HashMap<K, usize, S>,
) -> (Vec<usize>, Repeats) {
    let (mut empty, mut repeats) = (Vec::new(), Vec::new());
    for (r, k) in keys.enumerate() {
        match k {
            None => empty.push(r),
            Some(k) => match first.entry(k) {
                std::collections::hash_map::Entry::Occupied(f) => repeats.push((r, *f.get())),
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(r);
                }
            },
        }
    }
    (empty, repeats)
}

/// Checks the code column: every empty code and every code already used is a problem, named with
/// its row (and for a duplicate, the row of its first use).
pub(crate) fn check(col: &ColumnData<'_>, name: &str, rows: &RowNumbers, broken: &[bool], problems: &mut Problems) {
    let (empty, repeats) = match col {
        ColumnData::Bool { .. } => {
            problems.push(Problem::new(
                name,
                ProblemKind::NotACode,
                "a column of true/false values cannot hold commune codes",
            ));
            return;
        }
        ColumnData::Dict { codes, dict } => dict_repeats(codes, dict),
        ColumnData::Text(_) => text_repeats(col),
        _ => other_repeats(col),
    };
    let skip = |r: usize| broken.get(r).copied().unwrap_or(false);
    let mut all: Vec<(usize, Option<usize>)> = empty.into_iter().map(|r| (r, None)).collect();
    all.extend(repeats.into_iter().map(|(r, f)| (r, Some(f))));
    all.sort_unstable();
    for (r, first) in all.into_iter().filter(|(r, _)| !skip(*r)) {
        let row = rows.of(r);
        match first {
            None => problems.push(
                Problem::new(name, ProblemKind::EmptyCode, "the commune code is empty").at_row(row).with_input(""),
            ),
            Some(f) => {
                let code = id_text(col, r).unwrap_or_default();
                let msg = format!("commune {code} is already on row {}", rows.of(f));
                problems.push(
                    Problem::new(name, ProblemKind::DuplicateCode, msg)
                        .at_row(row)
                        .for_commune(code.clone())
                        .with_input(code),
                );
            }
        }
    }
}
