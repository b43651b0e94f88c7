//! The CSV door: bytes → a [`Source`] of text columns.
//!
//! A UTF-8 BOM is removed first (a first `#` comment line stays a comment); a UTF-16 file is
//! refused (Excel "Unicode Text": save as "CSV UTF-8"). The delimiter is `,`, or `;` (or a tab)
//! when the header line has no comma but has one (Excel where the decimal separator is a
//! comma). CRLF, LF and CR-only line ends are accepted; lines starting with `#` are comments;
//! empty rows (blank, or only delimiters) are skipped. A quote that is never closed is refused at
//! the line where it opens; a row with more fields than the header, or bytes that are not UTF-8,
//! is reported once, and its cells are not checked. Rows are numbered as a spreadsheet numbers
//! the file's lines.
//!
//! ```
//! use ntm_criteria::input::csv::source;
//! let s = source(b"\xEF\xBB\xBFcode;10\r# a comment\r001;38,5\r002;31\r", "t.csv");
//! assert_eq!((s.rows, s.columns.len()), (2, 2));
//! assert_eq!(s.row_numbers.of(0), 3);
//! assert!(s.problems.is_empty());
//! ```

use crate::kind::ProblemKind;
use std::borrow::Cow;

use crate::error::Problem;
use crate::input::column::DictBuilder;
use crate::input::{Problems, RowNumbers, Source, SourceColumn};

/// Decodes CSV bytes into a source named `name` (every problem of the file's structure is in
/// [`Source::problems`]).
///
/// ```
/// let s = ntm_criteria::input::csv::source(b"code,met_count\nA,19,extra\n", "t.csv");
/// assert_eq!(s.problems.list()[0].kind, "extra_fields");
/// ```
pub fn source(bytes: &[u8], name: &str) -> Source<'static> {
    let mut src = Source {
        name: name.to_string(),
        columns: Vec::new(),
        rows: 0,
        row_numbers: RowNumbers::Lines(Vec::new()),
        broken: Vec::new(),
        problems: Problems::new(),
        header_row: Some(1),
    };
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let msg = "the file is UTF-16 (Excel \"Unicode Text\"); save it as \"CSV UTF-8 (comma delimited)\"";
        src.problems.push(Problem::new("file", ProblemKind::Encoding, msg).at_row(1));
        return src;
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let body = lf_line_ends(body);
    let delimiter = sniff_delimiter(&body);
    let unclosed = unclosed_quote(&body, delimiter);
    let mut rdr = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(true)
        .has_headers(false)
        .trim(csv::Trim::All)
        .delimiter(delimiter)
        .from_reader(&body[..]);
    let mut lines = Lines::new(&body);
    let mut records = rdr.byte_records();
    let Some(header) = header(&mut records, &mut lines, &mut src) else { return src };
    let mut builders: Vec<DictBuilder> = header.iter().map(|_| DictBuilder::default()).collect();
    let mut numbers = Vec::new();
    for rec in records {
        let line = match &rec {
            Ok(r) => lines.at(r.position().map(|p| p.byte())),
            Err(e) => lines.at(e.position().map(|p| p.byte())),
        };
        row(rec, line, &header, delimiter, unclosed, &mut builders, &mut numbers, &mut src);
    }
    if let Some(line) = unclosed {
        let msg = "a quote (\") opens here and is never closed: every line after it would be read into one cell; close the quote";
        src.problems.push(Problem::new("record", ProblemKind::UnclosedQuote, msg).at_row(line));
    }
    if numbers.is_empty() && src.problems.is_empty() {
        src.problems.push(
            Problem::new("file", ProblemKind::NoRows, "the file has a header row but no data rows")
                .at_row(src.header_row.unwrap_or(1)),
        );
    }
    src.rows = numbers.len();
    src.row_numbers = RowNumbers::Lines(numbers);
    src.columns = header.into_iter().zip(builders).map(|(h, b)| SourceColumn::new(h, b.finish())).collect();
    src
}

/// Reads the header record; `None` (with the problem) for an empty or unreadable file.
fn header(
    records: &mut csv::ByteRecordsIter<'_, &[u8]>,
    lines: &mut Lines<'_>,
    src: &mut Source<'static>,
) -> Option<Vec<String>> {
    match records.next() {
        None => {
            src.problems.push(
                Problem::new("file", ProblemKind::EmptyFile, "the file is empty: it has no header row").at_row(1),
            );
            None
        }
        Some(Err(e)) => {
            let line = lines.at(e.position().map(|p| p.byte()));
            src.problems.push(Problem::new("header", ProblemKind::Malformed, e.to_string()).at_row(line));
            None
        }
        Some(Ok(h)) => {
            src.header_row = Some(lines.at(h.position().map(|p| p.byte())));
            match h.iter().map(|f| std::str::from_utf8(f).map(crate::text::nfc)).collect::<Result<Vec<_>, _>>() {
                Ok(v) => Some(v),
                Err(_) => {
                    let msg = "the header is not valid UTF-8; save the file as \"CSV UTF-8\"";
                    src.problems
                        .push(Problem::new("header", ProblemKind::Malformed, msg).at_row(src.header_row.unwrap_or(1)));
                    None
                }
            }
        }
    }
}

/// Adds one record: its cells, or the problem that makes it unreadable.
#[allow(clippy::too_many_arguments)]
fn row(
    rec: Result<csv::ByteRecord, csv::Error>,
    line: usize,
    header: &[String],
    delimiter: u8,
    unclosed: Option<usize>,
    builders: &mut [DictBuilder],
    numbers: &mut Vec<u64>,
    src: &mut Source<'static>,
) {
    let broken = |src: &mut Source<'static>, numbers: &mut Vec<u64>, builders: &mut [DictBuilder]| {
        src.broken.push(numbers.len());
        numbers.push(line as u64);
        for b in builders.iter_mut() {
            b.push_text("");
        }
    };
    let rec = match rec {
        Ok(r) => r,
        Err(e) => {
            src.problems.push(Problem::new("record", ProblemKind::Malformed, e.to_string()).at_row(line));
            return broken(src, numbers, builders);
        }
    };
    if rec.iter().all(|f| f.trim_ascii().is_empty()) {
        return; // an empty row of a spreadsheet export: nothing to drop
    }
    if unclosed.is_some_and(|u| u == line) {
        return broken(src, numbers, builders);
    }
    let fields: Vec<&str> = match rec.iter().map(std::str::from_utf8).collect::<Result<_, _>>() {
        Ok(f) => f,
        Err(_) => {
            let msg = "the row is not valid UTF-8; save the file as \"CSV UTF-8\"";
            src.problems.push(Problem::new("record", ProblemKind::Malformed, msg).at_row(line));
            return broken(src, numbers, builders);
        }
    };
    if fields.len() > header.len() && fields[header.len()..].iter().any(|f| !f.is_empty()) {
        let hint = if delimiter == b',' {
            " (a decimal comma must be quoted, \"85,5\", or the file delimited by ';')"
        } else {
            ""
        };
        let msg = format!("{} fields for {} columns{hint}", fields.len(), header.len());
        src.problems.push(Problem::new("record", ProblemKind::ExtraFields, msg).at_row(line));
        return broken(src, numbers, builders);
    }
    for (i, b) in builders.iter_mut().enumerate() {
        b.push_text(fields.get(i).copied().unwrap_or(""));
    }
    numbers.push(line as u64);
}

/// CR-only line ends (Excel "CSV (Macintosh)") as LF, so that comments and records end where a
/// spreadsheet shows them; CRLF and LF are kept.
fn lf_line_ends(body: &[u8]) -> Cow<'_, [u8]> {
    let lone_cr = body.iter().enumerate().any(|(i, &b)| b == b'\r' && body.get(i + 1) != Some(&b'\n'));
    if !lone_cr {
        return Cow::Borrowed(body);
    }
    let mut out = body.to_vec();
    for i in 0..out.len() {
        if out[i] == b'\r' && out.get(i + 1) != Some(&b'\n') {
            out[i] = b'\n';
        }
    }
    Cow::Owned(out)
}

/// The line where a quoted field opens that is never closed (quotes count only at the start of
/// a field, as the CSV reader counts them; comment lines are skipped).
fn unclosed_quote(body: &[u8], delimiter: u8) -> Option<usize> {
    let (mut line, mut open_line) = (1usize, 0usize);
    let (mut quoted, mut field_start, mut line_start) = (false, true, true);
    let mut i = 0;
    while i < body.len() {
        let b = body[i];
        if quoted {
            if b == b'"' {
                if body.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            } else if b == b'\n' {
                line += 1;
            }
        } else if line_start && b == b'#' {
            while i < body.len() && body[i] != b'\n' {
                i += 1;
            }
            continue;
        } else if b == b'\n' {
            line += 1;
            field_start = true;
            line_start = true;
            i += 1;
            continue;
        } else if b == b'"' && field_start {
            quoted = true;
            open_line = line;
        } else {
            // As the CSV reader: a quote opens a quoted field only as the field's first byte (a
            // tab is a delimiter in a tab-delimited file, not white space before a field).
            field_start = b == delimiter;
        }
        line_start = false;
        i += 1;
    }
    quoted.then_some(open_line)
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
            let line_start = i == 0 || b[i - 1] == b'\n';
            if i < b.len() && b[i] == b'#' && line_start {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            break;
        }
        self.line += b[self.pos..i].iter().filter(|&&c| c == b'\n').count();
        self.pos = i;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cr_only_line_ends_and_comments_keep_every_row() {
        let s = source(b"code,met_count\rA,19\r# note\rB,12\rC,5\r", "t.csv");
        assert!(s.problems.is_empty(), "{:?}", s.problems.list());
        assert_eq!(s.rows, 3);
        assert_eq!(s.row_numbers, RowNumbers::Lines(vec![2, 4, 5]));
    }

    #[test]
    fn an_unclosed_quote_is_refused_at_its_line() {
        let s = source(b"code,met_count,name\nA,19,\"Xa A\nB,12,Xa B\nC,7,Xa C\n", "t.csv");
        let kinds: Vec<_> = s.problems.list().iter().map(|p| (p.row, p.kind.as_str())).collect();
        assert_eq!(kinds, [(Some(2), "unclosed_quote")]);
        // Every delimiter: a tab-delimited file lost the rows after the quote (test_hostile.py).
        for d in ["\t", ";"] {
            let text = "code,met_count,name\nX,0,\nZ,5,\"Xa A\nB,6,Xa B\n".replace(',', d);
            let s = source(text.as_bytes(), "t.csv");
            let kinds: Vec<_> = s.problems.list().iter().map(|p| (p.row, p.kind.as_str())).collect();
            assert_eq!(kinds, [(Some(3), "unclosed_quote")], "delimiter {d:?}");
        }
        // A quote after a space is a character of an unquoted field, as the reader reads it.
        let spaced = source(b"code,name\nA, \"Xa\nB,Xa B\n", "t.csv");
        assert!(spaced.problems.is_empty(), "{:?}", spaced.problems.list());
        assert_eq!(spaced.rows, 2);
        let ok = source(b"code,name\nA,\"Xa \"\"A\"\"\nline 2\"\nB,5\" screen\n", "t.csv");
        assert!(ok.problems.is_empty(), "{:?}", ok.problems.list());
        assert_eq!(ok.rows, 2);
    }

    #[test]
    fn empty_files_say_so() {
        assert_eq!(source(b"", "t.csv").problems.list()[0].kind, "empty_file");
        assert_eq!(source(b"\xEF\xBB\xBF\n\n", "t.csv").problems.list()[0].kind, "empty_file");
        assert_eq!(source(b"code,met_count\n", "t.csv").problems.list()[0].kind, "no_rows");
    }
}
