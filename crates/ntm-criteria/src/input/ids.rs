//! Commune codes: empty codes and duplicates refused with their rows, and the code of a row for
//! messages.

use std::borrow::Cow;
use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use crate::error::Problem;
use crate::input::cell::{Cell, read_text};
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

/// The comparable key of each row's code (`None`: empty), computed once per distinct cell.
fn keys<'c>(col: &'c ColumnData<'_>) -> Vec<Option<Cow<'c, [u8]>>> {
    let n = col.len();
    match col {
        ColumnData::Dict { codes, dict } => {
            let per: Vec<Option<Vec<u8>>> =
                dict.iter().map(|c| read_text(c.as_cell()).map(String::into_bytes)).collect();
            (0..n).map(|r| codes.get(r).and_then(|c| per.get(c)).and_then(|k| k.clone()).map(Cow::Owned)).collect()
        }
        ColumnData::Text(_) => (0..n)
            .map(|r| match col.cell(r) {
                Cell::Text(t) => {
                    let k = canonical(t.as_bytes());
                    if k.is_empty() { None } else { Some(k) }
                }
                _ => None,
            })
            .collect(),
        _ => (0..n).map(|r| read_text(col.cell(r)).map(|s| Cow::Owned(s.into_bytes()))).collect(),
    }
}

/// Checks the code column: every empty code and every code already used is a problem, named with
/// its row (and for a duplicate, the row of its first use).
pub(crate) fn check(col: &ColumnData<'_>, name: &str, rows: &RowNumbers, broken: &[bool], problems: &mut Problems) {
    if let ColumnData::Bool { .. } = col {
        problems.push(Problem::new(name, "not_a_code", "a column of true/false values cannot hold commune codes"));
        return;
    }
    let keys = keys(col);
    let mut first: HashMap<&[u8], usize, BytesHash> = HashMap::with_capacity_and_hasher(keys.len(), BytesHash);
    for (r, key) in keys.iter().enumerate() {
        if broken.get(r).copied().unwrap_or(false) {
            continue;
        }
        let row = rows.of(r);
        match key {
            None => {
                problems.push(Problem::new(name, "empty_code", "the commune code is empty").at_row(row).with_input(""))
            }
            Some(k) => {
                if let Some(&f) = first.get(k.as_ref()) {
                    let code = String::from_utf8_lossy(k).into_owned();
                    let msg = format!("commune {code} is already on row {}", rows.of(f));
                    problems.push(
                        Problem::new(name, "duplicate_code", msg)
                            .at_row(row)
                            .for_commune(code.clone())
                            .with_input(code),
                    );
                } else {
                    first.insert(k.as_ref(), r);
                }
            }
        }
    }
}
