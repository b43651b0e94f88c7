//! Limits for untrusted workbooks, checked before `calamine` allocates.
//!
//! A workbook is a zip of XML files (`.xlsx`, `.xlsm`, `.xlsb`, `.ods`) or an OLE container of
//! binary records (`.xls`). Read naively, a few kilobytes can claim gigabytes: a zip bomb, a
//! shared-string table that declares a billion strings, an `.ods` row repeated a million times,
//! an `.xls` sheet whose dimensions or cell positions span millions of rows and columns. Such
//! allocations abort the process (they cannot be caught), so each is measured first, from the
//! file itself, and a workbook over a limit is refused with a problem that names it.

use crate::kind::ProblemKind;
use std::io::{Cursor, Read};

use crate::error::Problem;

/// The limits of a workbook read. Office files of a province's communes (a few thousand rows,
/// a hundred columns) are far below every one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The file size.
    pub file_bytes: u64,
    /// The entries of a zip.
    pub entries: usize,
    /// One zip entry, decompressed.
    pub entry_bytes: u64,
    /// All zip entries, decompressed.
    pub total_bytes: u64,
    /// The compression ratio of an entry larger than 1 MiB.
    pub ratio: u64,
    /// Strings in a shared-string table (`.xlsx`) or SST record (`.xls`).
    pub shared_strings: u64,
    /// Cells a reader may hold: non-empty cells streamed (`.xlsx`, `.xlsb`), or the cells
    /// calamine lays out for every sheet (`.ods`, `.xls`, which it reads whole).
    pub cells: u64,
}

/// The limits used by [`crate::input::read_path`].
///
/// ```
/// let l = ntm_criteria::input::excel::LIMITS;
/// assert_eq!(l.file_bytes, 64 << 20);
/// assert!(l.cells >= 3_321 * 100); // every commune of Vietnam, a hundred columns each
/// ```
pub const LIMITS: Limits = Limits {
    file_bytes: 64 << 20,
    entries: 10_000,
    entry_bytes: 256 << 20,
    total_bytes: 512 << 20,
    ratio: 200,
    shared_strings: 4_000_000,
    cells: 8_000_000,
};

/// A problem of a workbook that is over a limit or not a workbook.
pub(crate) fn refused(kind: ProblemKind, msg: String) -> Box<Problem> {
    Box::new(Problem::new("file", kind, msg))
}

/// Checks a zip's entries: their number, declared sizes, and actual decompressed sizes (each
/// entry is inflated with a hard cap, counting bytes: a lying header is caught too), and in the
/// same pass the positions of an `.xlsx` sheet ([`scan_sheet`]).
pub(crate) fn check_zip(bytes: &[u8], limits: &Limits) -> Result<(), Box<Problem>> {
    let bomb = |what: String| {
        refused(
            ProblemKind::ZipBomb,
            format!("{what}: this is not a workbook a provincial office writes; refused before decompressing it"),
        )
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| refused(ProblemKind::NotAWorkbook, format!("the file is not a valid workbook (zip): {e}")))?;
    if zip.len() > limits.entries {
        return Err(bomb(format!("{} files inside (at most {})", zip.len(), limits.entries)));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut entry =
            zip.by_index(i).map_err(|e| refused(ProblemKind::NotAWorkbook, format!("a damaged workbook: {e}")))?;
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        if entry.encrypted() {
            return Err(refused(
                ProblemKind::Encrypted,
                "the workbook is password-protected: save a copy without a password".into(),
            ));
        }
        let (declared, packed) = (entry.size(), entry.compressed_size().max(1));
        if declared > limits.entry_bytes || (declared > 1 << 20 && declared / packed > limits.ratio) {
            return Err(bomb(format!("{name} claims {declared} bytes from {packed}")));
        }
        let limited = (&mut entry).take(limits.entry_bytes + 1);
        let read = if name.starts_with("xl/worksheets/") && name.ends_with(".xml") {
            scan_sheet(limited, &name)?
        } else {
            std::io::copy(&mut { limited }, &mut std::io::sink())
                .map_err(|e| refused(ProblemKind::NotAWorkbook, format!("{name} cannot be decompressed: {e}")))?
        };
        total += read;
        if read > limits.entry_bytes {
            return Err(bomb(format!("{name} decompresses to more than {} bytes", limits.entry_bytes)));
        }
        if total > limits.total_bytes {
            return Err(bomb(format!("the files inside decompress to more than {} bytes", limits.total_bytes)));
        }
    }
    Ok(())
}

/// The decompressed text of a zip entry (capped, after [`check_zip`]).
fn entry_text(bytes: &[u8], name: &str, limits: &Limits) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut entry = zip.by_name(name).ok()?;
    let mut out = Vec::new();
    (&mut entry).take(limits.entry_bytes).read_to_end(&mut out).ok()?;
    Some(out)
}

/// The value of an attribute in the head of an XML text (`uniqueCount="12"`).
fn attribute(head: &[u8], name: &str) -> Option<u64> {
    let text = String::from_utf8_lossy(&head[..head.len().min(4096)]);
    let at = text.find(&format!(" {name}=\""))? + name.len() + 3;
    text[at..].split('"').next()?.trim().parse().ok()
}

/// An `.xlsx` shared-string table: calamine reserves its declared count up front.
pub(crate) fn check_shared_strings(bytes: &[u8], limits: &Limits) -> Result<(), Box<Problem>> {
    let Some(xml) = entry_text(bytes, "xl/sharedStrings.xml", limits) else { return Ok(()) };
    for name in ["uniqueCount", "count"] {
        if let Some(n) = attribute(&xml, name) {
            // Each string takes at least `<si/>` (5 bytes) of the table.
            if n > limits.shared_strings || n > xml.len() as u64 / 5 + 1 && name == "uniqueCount" {
                let msg = format!(
                    "the shared-string table declares {n} strings in {} bytes (at most {})",
                    xml.len(),
                    limits.shared_strings
                );
                return Err(refused(ProblemKind::TooManyStrings, msg));
            }
        }
    }
    Ok(())
}

/// The last column (`XFD`) and row of a sheet, 1-based.
const COLUMNS: u64 = 16_384;
const ROWS: u64 = 1_048_576;

/// Reads an `.xlsx` sheet's XML while its bytes are counted, checking its positions (`<c r="B2">`,
/// `<row r="2">`, `<dimension ref="A1:B2">`) are within a sheet (`XFD1048576`); returns how many
/// bytes it decompressed. calamine turns a reference into a position with 32-bit arithmetic that
/// overflows on one far past the sheet: `MWLQKWX2` panics in a debug build and is read as `B2` in
/// a release one, a cell put silently where it is not. So every position is checked here first,
/// read the way calamine reads it (its reader settings), in the pass that counts the bytes.
fn scan_sheet(entry: impl Read, name: &str) -> Result<u64, Box<Problem>> {
    use quick_xml::events::Event;
    let mut counted = Counted { inner: entry, bytes: 0 };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::with_capacity(1 << 16, &mut counted));
    let config = reader.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => check_position(&e, name)?,
            // Bad XML is calamine's to report, with its place; the rest is still counted.
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    drop(reader);
    std::io::copy(&mut counted, &mut std::io::sink())
        .map_err(|e| refused(ProblemKind::NotAWorkbook, format!("{name} cannot be decompressed: {e}")))?;
    Ok(counted.bytes)
}

/// A reader that counts the bytes read through it.
struct Counted<R> {
    inner: R,
    bytes: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(out)?;
        self.bytes += n as u64;
        Ok(n)
    }
}

/// The position attribute of a cell, row or dimension element, checked to be within a sheet:
/// every value of it, read from the element's text as calamine reads it (a duplicate too, as
/// calamine keeps the last one and a strict reader would drop it). A dimension must also end
/// where or after it starts (calamine subtracts its corners).
fn check_position(e: &quick_xml::events::BytesStart<'_>, entry: &str) -> Result<(), Box<Problem>> {
    let key = match e.local_name().as_ref() {
        "c" | "row" => "r",
        "dimension" => "ref",
        _ => return Ok(()),
    };
    let problem = |kind, value: &str, what: &str| {
        let shown: String = value.chars().take(40).collect();
        Box::new(Problem::new("file", kind, format!("{entry}: the position {shown:?} {what}")).with_input(shown))
    };
    for value in raw_values(e.attributes_raw(), key) {
        // Each prefix of a reference is at most its value (a letter adds at least 1, a leading
        // zero nothing), so a reference within the sheet never overflows on the way.
        let corners: Vec<(u64, u64)> = value.split(':').map(|r| position(r.as_bytes())).collect();
        if corners.iter().any(|&(column, row)| column > COLUMNS || row > ROWS) {
            let what = format!("is outside any sheet (columns go to XFD, rows to {ROWS})");
            return Err(problem(ProblemKind::TooManyCells, value, &what));
        }
        if let [from, to] = corners[..]
            && (to.0 < from.0 || to.1 < from.1)
        {
            let what = "ends before it starts: a damaged workbook; save it again from the spreadsheet program";
            return Err(problem(ProblemKind::NotAWorkbook, value, what));
        }
    }
    Ok(())
}

/// The values of `key` in an element's attribute text (` r="B2" s="1"`), in order, the way
/// calamine scans it: a key runs to `=`, a value between quotes; the scan stops at the first
/// attribute that is not one (calamine then refuses the element).
fn raw_values<'a>(raw: &'a str, key: &'a str) -> impl Iterator<Item = &'a str> {
    let mut rest = raw;
    std::iter::from_fn(move || {
        loop {
            let (k, after) = rest.split_once('=')?;
            let after = after.trim_start();
            let quote = after.chars().next().filter(|q| *q == '"' || *q == '\'')?;
            let (value, tail) = after[1..].split_once(quote).unwrap_or((&after[1..], ""));
            rest = tail;
            if k.trim() == key {
                return Some(value);
            }
        }
    })
}

/// A reference's column and row (`B2`: 2, 2), from its leading letters and the digits after
/// them, which calamine adds up before it looks at what follows (so `ZZZZZZZZ1 x` overflows
/// before calamine refuses the space); past `u64`, the largest `u64`.
fn position(r: &[u8]) -> (u64, u64) {
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let digits = r[letters..].iter().take_while(|b| b.is_ascii_digit());
    let column = r[..letters]
        .iter()
        .fold(0u64, |c, b| c.saturating_mul(26).saturating_add(u64::from(b.to_ascii_uppercase() - b'A') + 1));
    (column, digits.fold(0u64, |n, b| n.saturating_mul(10).saturating_add(u64::from(b - b'0'))))
}

/// An `.ods` content: calamine lays out every sheet at once, expanding repeated cells while it
/// reads a row and then every row between the first and last with a value. This walks the XML
/// and counts the cells it would lay out, the way it lays them out, refusing beyond the cell
/// limit. (LibreOffice ends every sheet with a million empty repeated rows: those are never laid
/// out, and not counted.)
///
/// It also returns where the cells of type `percentage` are, by sheet: calamine reads them as
/// plain numbers (0.85), while the sheet shows 85%.
pub(crate) fn check_ods(bytes: &[u8], limits: &Limits) -> Result<Percents, Box<Problem>> {
    use quick_xml::events::Event;
    let Some(xml) = entry_text(bytes, "content.xml", limits) else {
        return Err(refused(ProblemKind::NotAWorkbook, "an .ods file without content.xml".into()));
    };
    let mut reader = quick_xml::Reader::from_reader(&xml[..]);
    let mut buf = Vec::new();
    let mut sheet = OdsSheet::default();
    let mut total = 0u64;
    let mut percents = Percents::default();
    loop {
        let event = reader.read_event_into(&mut buf);
        match event {
            Ok(Event::Start(e)) if e.name().as_ref() == "table:table" => {
                let name =
                    e.attributes().flatten().find(|a| a.key.as_ref() == "table:name").map(|a| a.value.to_string());
                sheet.name = name.unwrap_or_default();
            }
            Ok(Event::Start(e)) => sheet.start(&e),
            Ok(Event::Empty(e)) => {
                // A self-closing element starts and ends at once.
                sheet.start(&e);
                match e.name().as_ref() {
                    "table:table-cell" | "table:covered-table-cell" => sheet.end_cell(),
                    "table:table-row" => sheet.end_row(),
                    _ => {}
                }
            }
            Ok(Event::Text(t)) if !t.as_ref().trim().is_empty() => sheet.text(),
            Ok(Event::End(e)) => match e.name().as_ref() {
                "table:table-cell" | "table:covered-table-cell" => sheet.end_cell(),
                "table:table-row" => sheet.end_row(),
                "table:table" => {
                    let done = std::mem::take(&mut sheet);
                    total = total.saturating_add(done.cells());
                    percents.0.extend(done.percents.into_iter().map(|(r, c)| (done.name.clone(), r, c)));
                }
                _ => {}
            },
            Ok(Event::Eof) => break,
            Err(e) => return Err(refused(ProblemKind::NotAWorkbook, format!("content.xml is not valid XML: {e}"))),
            _ => {}
        }
        if total.saturating_add(sheet.cells()) > limits.cells {
            let msg = format!("the sheets lay out more than {} cells (repeated rows and columns)", limits.cells);
            return Err(refused(ProblemKind::TooManyCells, msg));
        }
        buf.clear();
    }
    Ok(percents)
}

/// The cells shown as percentages but read as plain numbers: `(sheet, row, column)`, 0-based.
#[derive(Debug, Clone, Default)]
pub(crate) struct Percents(pub(crate) std::collections::HashSet<(String, u32, u32)>);

impl Percents {
    pub(crate) fn contains(&self, sheet: &str, row: u32, col: u32) -> bool {
        !self.0.is_empty() && self.0.contains(&(sheet.to_string(), row, col))
    }
}

/// What calamine lays out for one `.ods` sheet, counted as the XML is read.
#[derive(Default)]
struct OdsSheet {
    name: String,
    /// The row and column where the next row and cell begin.
    at_row: u64,
    at_col: u64,
    /// Cells of type `percentage` (row, column).
    percents: Vec<(u32, u32)>,
    /// Cells read into memory (a value repeated across columns is laid out there).
    read: u64,
    /// Rows as `(cells, repeats, has a value)`.
    rows: Vec<(u64, u64, bool)>,
    row: (u64, u64, bool),
    /// Empty cells waiting for a value after them.
    pending: u64,
    /// The open cell: its repeats, whether it has a value, whether it is a percentage.
    cell: Option<(u64, bool, bool)>,
}

impl OdsSheet {
    fn start(&mut self, e: &quick_xml::events::BytesStart<'_>) {
        let attr = |name: &str| e.attributes().flatten().find(|a| a.key.as_ref() == name).map(|a| a.value.to_string());
        let repeats = |name: &str| attr(name).and_then(|v| v.trim().parse::<u64>().ok()).unwrap_or(1);
        match e.name().as_ref() {
            "table:table-row" => self.row = (0, repeats("table:number-rows-repeated").min(1_048_576), false),
            "table:table-cell" | "table:covered-table-cell" => {
                let valued = [
                    "office:value",
                    "office:string-value",
                    "office:date-value",
                    "office:time-value",
                    "office:boolean-value",
                    "table:formula",
                ]
                .iter()
                .any(|a| attr(a).is_some());
                let percent = attr("office:value-type").is_some_and(|t| t == "percentage");
                self.cell = Some((repeats("table:number-columns-repeated").min(16_384), valued, percent));
            }
            _ => {}
        }
    }

    fn text(&mut self) {
        if let Some(c) = self.cell.as_mut() {
            c.1 = true;
        }
    }

    fn end_cell(&mut self) {
        let Some((repeats, valued, percent)) = self.cell.take() else { return };
        if percent {
            for r in 0..self.row.1.min(64) {
                for c in 0..repeats.min(64) {
                    let (row, col) = (self.at_row + r, self.at_col + c);
                    self.percents.push((row.min(u64::from(u32::MAX)) as u32, col.min(u64::from(u32::MAX)) as u32));
                }
            }
        }
        self.at_col += repeats;
        if valued {
            let laid = (self.pending + repeats).min(16_384 - self.row.0.min(16_384));
            self.row.0 += laid;
            self.read = self.read.saturating_add(laid);
            self.row.2 = true;
            self.pending = 0;
        } else {
            self.pending = repeats;
        }
    }

    fn end_row(&mut self) {
        self.pending = 0;
        self.at_row += self.row.1;
        self.at_col = 0;
        self.rows.push(std::mem::take(&mut self.row));
    }

    /// Cells read, and laid out between the first and the last row with a value.
    fn cells(&self) -> u64 {
        let first = self.rows.iter().position(|r| r.2);
        let last = self.rows.iter().rposition(|r| r.2);
        let (Some(a), Some(b)) = (first, last) else { return self.read };
        let width = self.rows[a..=b].iter().map(|r| r.0).max().unwrap_or(0);
        let span = self.rows[a..=b].iter().fold(0u64, |n, r| n.saturating_add(r.1));
        self.read.saturating_add(span.saturating_mul(width))
    }
}

/// An `.xls` workbook (BIFF records in an OLE container): calamine reserves each sheet's
/// declared dimensions and lays out each sheet between its first and last cell. This reads the
/// records and refuses declared or actual extents beyond the cell limit, and an SST record that
/// declares more strings than the limit.
///
/// It also returns where the numbers shown as percentages are (their cell format, an XF record,
/// names a number format with `%`): calamine reads them as plain numbers.
pub(crate) fn check_xls(bytes: &[u8], limits: &Limits) -> Result<Percents, Box<Problem>> {
    let bad = |e: String| refused(ProblemKind::NotAWorkbook, format!("the .xls file cannot be read: {e}"));
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    if file.exists("EncryptionInfo") || file.exists("EncryptedPackage") {
        return Err(refused(
            ProblemKind::Encrypted,
            "the workbook is password-protected: save a copy without a password".into(),
        ));
    }
    let stream = if file.exists("Workbook") { "Workbook" } else { "Book" };
    let mut data = Vec::new();
    file.open_stream(stream)
        .map_err(|e| bad(e.to_string()))?
        .take(limits.file_bytes)
        .read_to_end(&mut data)
        .map_err(|e| bad(e.to_string()))?;
    let mut extent = Extent::default();
    let mut laid_out = 0u64;
    let mut at = 0usize;
    let mut formats = XlsFormats::default();
    while at + 4 <= data.len() {
        let start = at;
        let kind = u16::from_le_bytes([data[at], data[at + 1]]);
        let len = u16::from_le_bytes([data[at + 2], data[at + 3]]) as usize;
        let body = data.get(at + 4..at + 4 + len).unwrap_or(&[]);
        at += 4 + len;
        formats.record(start, kind, body);
        let u16_at = |i: usize| body.get(i..i + 2).map_or(0, |b| u64::from(u16::from_le_bytes([b[0], b[1]])));
        let u32_at =
            |i: usize| body.get(i..i + 4).map_or(0, |b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])));
        match kind {
            0x0809 => {
                // BOF: a sheet begins
                extent = Extent::default();
                formats.begin(start);
            }
            0x000A => {
                // EOF: the sheet ends
                laid_out = laid_out.saturating_add(extent.cells());
                extent = Extent::default();
            }
            0x0200 if body.len() >= 14 => {
                let declared = u32_at(4).saturating_sub(u32_at(0)).saturating_mul(u16_at(10).saturating_sub(u16_at(8)));
                laid_out = laid_out.saturating_add(declared);
            }
            0x00FC if u32_at(4) > limits.shared_strings => {
                return Err(refused(
                    ProblemKind::TooManyStrings,
                    format!("the SST record declares {} strings (at most {})", u32_at(4), limits.shared_strings),
                ));
            }
            0x0203 | 0x0204 | 0x00FD | 0x027E | 0x0201 | 0x0205 | 0x0006 | 0x00D6 => extent.add(u16_at(0), u16_at(2)),
            0x00BD | 0x00BE if len >= 6 => {
                extent.add(u16_at(0), u16_at(2));
                extent.add(u16_at(0), u16_at(len - 2));
            }
            _ => {}
        }
        if laid_out.saturating_add(extent.cells()) > limits.cells {
            return Err(refused(
                ProblemKind::TooManyCells,
                format!("the sheets declare or span more than {} cells", limits.cells),
            ));
        }
    }
    Ok(formats.percents)
}

/// The number formats of an `.xls`, and the cells whose format shows a percentage.
#[derive(Default)]
struct XlsFormats {
    /// Number formats with `%` (by format index), besides the built-in 9 and 10.
    percent_formats: std::collections::HashSet<u16>,
    /// The number format of each cell format (XF record), in order.
    xf_formats: Vec<u16>,
    /// Sheet names by the stream offset of their BOF record (BOUNDSHEET).
    sheets: std::collections::HashMap<usize, String>,
    sheet: Option<String>,
    percents: Percents,
}

impl XlsFormats {
    fn begin(&mut self, offset: usize) {
        self.sheet = self.sheets.get(&offset).cloned();
    }

    fn record(&mut self, _start: usize, kind: u16, body: &[u8]) {
        let u16_at = |i: usize| body.get(i..i + 2).map_or(0, |b| u16::from_le_bytes([b[0], b[1]]));
        match kind {
            0x041E
                // FORMAT: index, then the format string (16-bit length, flags, characters).
                if xls_string(body.get(2..).unwrap_or(&[]), 2).is_some_and(|f| format_shows_percent(&f)) => {
                    self.percent_formats.insert(u16_at(0));
                }
            0x00E0 => self.xf_formats.push(u16_at(2)), // XF: the number format at bytes 2-3
            0x0085 => {
                // BOUNDSHEET: the offset of the sheet's BOF, then its name (8-bit length).
                let offset = body.get(0..4).map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
                if let Some(name) = xls_string(body.get(6..).unwrap_or(&[]), 1) {
                    self.sheets.insert(offset, name);
                }
            }
            0x0203 | 0x027E | 0x0006 => self.cell(u16_at(0), u16_at(2), u16_at(4)),
            0x00BD => {
                // MULRK: row, first column, then (format, value) pairs of 6 bytes.
                let (row, first) = (u16_at(0), u16_at(2));
                for (k, pair) in body.get(4..body.len().saturating_sub(2)).unwrap_or(&[]).chunks_exact(6).enumerate() {
                    self.cell(row, first.saturating_add(k as u16), u16::from_le_bytes([pair[0], pair[1]]));
                }
            }
            _ => {}
        }
    }

    fn cell(&mut self, row: u16, col: u16, xf: u16) {
        let Some(sheet) = &self.sheet else { return };
        let format = self.xf_formats.get(xf as usize).copied().unwrap_or(0);
        if matches!(format, 9 | 10) || self.percent_formats.contains(&format) {
            self.percents.0.insert((sheet.clone(), u32::from(row), u32::from(col)));
        }
    }
}

/// An `.xls` string: a length (`len_bytes` wide), a flags byte (bit 0: 16-bit characters), then
/// the characters.
fn xls_string(b: &[u8], len_bytes: usize) -> Option<String> {
    let n = if len_bytes == 1 {
        usize::from(*b.first()?)
    } else {
        usize::from(u16::from_le_bytes([*b.first()?, *b.get(1)?]))
    };
    let flags = *b.get(len_bytes)?;
    let chars = b.get(len_bytes + 1..)?;
    if flags & 1 == 0 {
        Some(chars.iter().take(n).map(|&c| char::from(c)).collect())
    } else {
        let units: Vec<u16> = chars.chunks_exact(2).take(n).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        Some(String::from_utf16_lossy(&units))
    }
}

/// Whether a number format shows a percentage: a `%` outside quotes in its first section.
pub(crate) fn format_shows_percent(code: &str) -> bool {
    let (mut quoted, mut escaped) = (false, false);
    for ch in code.chars() {
        match ch {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => break,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// The first and last row and column of a sheet's cells.
#[derive(Default)]
struct Extent(Option<(u64, u64, u64, u64)>);

impl Extent {
    fn add(&mut self, row: u64, col: u64) {
        self.0 = Some(match self.0 {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    }

    fn cells(&self) -> u64 {
        self.0.map_or(0, |(r0, r1, c0, c1)| (r1 - r0 + 1) * (c1 - c0 + 1))
    }
}
