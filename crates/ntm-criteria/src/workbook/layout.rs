//! Cell formats and a sheet writer that sizes its columns to what it wrote.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use crate::fixed::Fixed;

type Out<T = ()> = std::result::Result<T, XlsxError>;

/// The formats of one workbook.
pub(super) struct Formats {
    pub title: Format,
    pub header: Format,
    pub text: Format,
    pub bold: Format,
    pub count: Format,
    pub count_bold: Format,
    pub share: Format,
    pub share_bold: Format,
    pub decimal: Format,
    pub decimal_bold: Format,
    pub wrap: Format,
    pub note: Format,
}

/// `0.00` with `precision` decimals.
fn decimals(precision: u8) -> String {
    if precision == 0 { "0".into() } else { format!("0.{}", "0".repeat(precision as usize)) }
}

impl Formats {
    pub fn new(precision: u8) -> Formats {
        let cell = || Format::new().set_border(FormatBorder::Thin);
        let number = |f: String| cell().set_num_format(f);
        Formats {
            title: Format::new().set_bold().set_font_size(13),
            header: cell()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            text: cell(),
            bold: cell().set_bold(),
            count: number("#,##0".into()),
            count_bold: number("#,##0".into()).set_bold(),
            share: number(format!("{}%", decimals(precision))),
            share_bold: number(format!("{}%", decimals(precision))).set_bold(),
            decimal: number(decimals(precision)),
            decimal_bold: number(decimals(precision)).set_bold(),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            note: Format::new().set_italic(),
        }
    }
}

/// A sheet being written: remembers the widest text of each column.
pub(super) struct Sheet<'w> {
    pub ws: &'w mut Worksheet,
    widths: Vec<usize>,
}

/// Width in characters a value takes in a cell.
fn width_of(text: &str) -> usize {
    text.chars().count()
}

impl<'w> Sheet<'w> {
    /// A sheet named `name` with its title in row 0, set up for A4 landscape printing.
    pub fn new(ws: &'w mut Worksheet, name: &str, title: &str, f: &Formats) -> Out<Sheet<'w>> {
        ws.set_name(name)?;
        ws.write_string_with_format(0, 0, title, &f.title)?;
        ws.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0);
        Ok(Sheet { ws, widths: Vec::new() })
    }

    fn widen(&mut self, col: u16, width: usize) {
        let c = col as usize;
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 0);
        }
        self.widths[c] = self.widths[c].max(width);
    }

    /// The header row `row`, frozen with the rows above it (and `frozen_cols` columns).
    pub fn header(&mut self, row: u32, headers: &[String], frozen_cols: u16, f: &Formats) -> Out {
        for (c, h) in headers.iter().enumerate() {
            let c = c as u16;
            self.ws.write_string_with_format(row, c, h, &f.header)?;
            // Headers wrap: size for the longest word, at least a short phrase.
            let word = h.split_whitespace().map(width_of).max().unwrap_or(0);
            self.widen(c, word.max(width_of(h).min(14)));
        }
        self.ws.set_freeze_panes(row + 1, frozen_cols)?;
        self.ws.set_repeat_rows(0, row)?;
        Ok(())
    }

    pub fn text(&mut self, row: u32, col: u16, text: &str, format: &Format) -> Out {
        self.ws.write_string_with_format(row, col, text, format)?;
        self.widen(col, width_of(text));
        Ok(())
    }

    pub fn count(&mut self, row: u32, col: u16, n: u64, format: &Format) -> Out {
        self.ws.write_number_with_format(row, col, n as f64, format)?;
        self.widen(col, n.to_string().len() + 2);
        Ok(())
    }

    /// A share in percent, stored as the fraction the percent format shows (28,18% → 0.2818).
    pub fn share(&mut self, row: u32, col: u16, share: Fixed, format: &Format) -> Out {
        self.ws.write_number_with_format(row, col, share.to_f64() / 100.0, format)?;
        self.widen(col, share.to_string().len() + 2);
        Ok(())
    }

    pub fn decimal(&mut self, row: u32, col: u16, value: Fixed, format: &Format) -> Out {
        self.ws.write_number_with_format(row, col, value.to_f64(), format)?;
        self.widen(col, value.to_string().len() + 1);
        Ok(())
    }

    /// A long text across columns `0..=last_col`, wrapped, with a row height that shows it.
    pub fn paragraph(&mut self, row: u32, last_col: u16, text: &str, f: &Formats) -> Out {
        let width: usize = (0..=last_col as usize).map(|c| self.column_width(c)).sum::<usize>().max(20);
        let lines = width_of(text).div_ceil(width).max(1) + 1;
        if last_col == 0 {
            self.ws.write_string_with_format(row, 0, text, &f.wrap)?;
        } else {
            self.ws.merge_range(row, 0, row, last_col, text, &f.wrap)?;
        }
        self.ws.set_row_height(row, 15.0 * lines as f64)?;
        Ok(())
    }

    fn column_width(&self, c: usize) -> usize {
        Self::sized(self.widths.get(c).copied().unwrap_or(8))
    }

    fn sized(chars: usize) -> usize {
        (chars + 2).clamp(6, 60)
    }

    /// Sets every column's width to what it holds.
    pub fn finish(self) -> Out {
        for (c, w) in self.widths.iter().enumerate() {
            self.ws.set_column_width(c as u16, Self::sized(*w) as f64)?;
        }
        Ok(())
    }
}
